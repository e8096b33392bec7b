//! Where tracked messages go: Segment, Amplitude and Mixpanel implement [`Destination`].

use std::sync::Arc;

use crate::envelope::Envelope;

/// A place messages are delivered to.
///
/// `send` enqueues: implementations batch envelopes and deliver them in the background or on
/// [`Destination::flush`], retrying with the same envelope (and so the same message id).
/// Envelopes are shared (`Arc`) so one message fanned out to several destinations is never
/// copied. The trait is object safe: clients hold `Arc<dyn Destination>`.
pub trait Destination: Send + Sync {
    /// The destination's name in the plan (`segment`, `amplitude`…), used for routing.
    fn name(&self) -> &str;

    /// Whether this destination takes `envelope`: by default, when the plan routes the event
    /// to a destination of this name (or to every destination).
    fn accepts(&self, envelope: &Envelope) -> bool {
        envelope.is_routed_to(self.name())
    }

    /// Enqueue one message for delivery.
    fn send(&self, envelope: Arc<Envelope>) -> Result<(), DestinationError>;

    /// Deliver everything enqueued so far, returning once it is delivered or has failed.
    fn flush(&self) -> Result<(), DestinationError> {
        Ok(())
    }
}

/// Why a destination could not take or deliver messages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DestinationError {
    /// The queue is full; the message was not accepted.
    #[error("{destination}: queue full ({capacity} messages); the message was not accepted")]
    QueueFull {
        /// The destination's name.
        destination: String,
        /// Queue capacity.
        capacity: usize,
    },
    /// The service refused the messages and retrying will not help.
    #[error("{destination} rejected {count} message(s): {reason}")]
    Rejected {
        /// The destination's name.
        destination: String,
        /// How many messages.
        count: usize,
        /// The service's explanation.
        reason: String,
    },
    /// The service could not be reached, even after retries.
    #[error("{destination} is unavailable: {reason}")]
    Unavailable {
        /// The destination's name.
        destination: String,
        /// What went wrong.
        reason: String,
    },
}
