//! The SDK client's side of the engine: envelopes become delivery messages, and the engine
//! is one [`Destination`] of the client.

use std::borrow::Cow;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

use serde_json::Value;

use super::{Client, EMPTY_OBJECT, Kind, Message, TrackError};
use crate::destination::{Destination, DestinationError};
use crate::envelope::Envelope;

impl From<crate::Kind> for Kind {
    fn from(kind: crate::Kind) -> Kind {
        match kind {
            crate::Kind::Track => Kind::Track,
            crate::Kind::Identify => Kind::Identify,
            crate::Kind::Group => Kind::Group,
            crate::Kind::Page => Kind::Page,
            crate::Kind::Screen => Kind::Screen,
        }
    }
}

/// The delivery message of an envelope. `context` is the envelope's context as JSON text,
/// serialized once per client rather than once per message.
pub fn message_from_envelope(envelope: &Envelope, context: Option<Arc<str>>) -> Message {
    let kind = Kind::from(envelope.kind);
    // Shared, not copied: the text was serialized once, on the caller's thread.
    let properties = Arc::clone(envelope.properties.shared());
    let (properties, traits) = match kind {
        Kind::Identify | Kind::Group => (Arc::from(EMPTY_OBJECT), Some(properties)),
        Kind::Track | Kind::Page | Kind::Screen => (properties, None),
    };
    Message {
        id: String::from(envelope.message_id),
        kind,
        event: if kind == Kind::Track { envelope.event.clone() } else { Cow::Borrowed("") },
        user_id: envelope.user.user_id.as_deref().map(str::to_owned),
        anonymous_id: envelope.user.anonymous_id.as_deref().map(str::to_owned),
        timestamp_ms: envelope.timestamp.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64),
        properties,
        traits,
        group_id: envelope.group_id.as_deref().map(str::to_owned),
        context,
        event_version: (!envelope.version.is_empty()).then_some(Cow::Borrowed(envelope.version)),
        destinations: (!envelope.destinations.is_empty()).then_some(envelope.destinations),
    }
}

/// The delivery engine as a single SDK destination: it takes every envelope and routes it to
/// the vendors itself (by the envelope's plan destinations and each vendor's call kinds).
pub struct EngineDestination {
    client: Client,
    flush_timeout: Duration,
    /// The first context seen and its JSON text (a client shares one context `Arc`, so this
    /// is read without a lock); other contexts are kept under the lock.
    first_context: OnceLock<(Arc<Value>, Arc<str>)>,
    /// The last other context seen and its JSON text.
    context: Mutex<Option<(Arc<Value>, Arc<str>)>>,
}

impl EngineDestination {
    /// Wraps a started engine; `flush` waits at most `flush_timeout`.
    pub fn new(client: Client, flush_timeout: Duration) -> EngineDestination {
        EngineDestination { client, flush_timeout, first_context: OnceLock::new(), context: Mutex::new(None) }
    }

    /// The engine, for metrics and shutdown.
    pub fn engine(&self) -> &Client {
        &self.client
    }

    fn context_text(&self, context: &Arc<Value>) -> Option<Arc<str>> {
        if context.as_object().is_none_or(|map| map.is_empty()) {
            return None;
        }
        let serialize =
            || Arc::<str>::from(serde_json::to_string(&**context).unwrap_or_else(|_| EMPTY_OBJECT.to_owned()));
        let (first, text) = self.first_context.get_or_init(|| (context.clone(), serialize()));
        if Arc::ptr_eq(first, context) {
            return Some(text.clone());
        }
        let mut cached = self.context.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((value, text)) = cached.as_ref()
            && Arc::ptr_eq(value, context)
        {
            return Some(text.clone());
        }
        let text = serialize();
        *cached = Some((context.clone(), text.clone()));
        Some(text)
    }
}

impl Destination for EngineDestination {
    fn name(&self) -> &str {
        "delivery"
    }

    fn accepts(&self, _envelope: &Envelope) -> bool {
        true
    }

    fn send(&self, envelope: Arc<Envelope>) -> Result<(), DestinationError> {
        let message = message_from_envelope(&envelope, self.context_text(&envelope.context));
        match self.client.track(message) {
            Ok(_) => Ok(()),
            Err(error @ TrackError::TooLarge { .. }) => {
                Err(DestinationError::Rejected { destination: "delivery".into(), count: 1, reason: error.to_string() })
            }
            Err(error) => {
                Err(DestinationError::Unavailable { destination: "delivery".into(), reason: error.to_string() })
            }
        }
    }

    fn flush(&self) -> Result<(), DestinationError> {
        self.client.flush(self.flush_timeout).map_err(|error| DestinationError::Unavailable {
            destination: "delivery".into(),
            reason: error.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::destinations::Segment;
    use crate::envelope::{Properties, User};

    #[test]
    fn envelopes_reach_segment_through_the_engine_with_their_id_and_version() {
        let emulator = trackplan_emulators::Emulator::start(trackplan_emulators::Vendor::Segment, Default::default());
        let engine = Client::start(
            super::super::Config::default(),
            vec![Box::new(Segment::new(trackplan_emulators::DEFAULT_WRITE_KEY).host(emulator.base_url()))],
        )
        .unwrap();
        let destination = EngineDestination::new(engine, Duration::from_secs(10));
        let context = Arc::new(serde_json::json!({"library": {"name": "trackplan"}}));
        let envelope = Envelope::new(
            crate::Kind::Track,
            "Order Completed",
            "2-0-1",
            Properties::from_serialized(r#"{"order_id":"o-1","revenue":25.0}"#.to_owned()),
            &User::id("user-1").with_anonymous_id("anon-1"),
            None,
            &context,
            &[],
        );
        let id = envelope.message_id.to_string();
        destination.send(Arc::new(envelope)).unwrap();
        destination.flush().unwrap();
        let received = emulator.received();
        assert_eq!(received.len(), 1);
        let event = &received[0].json;
        assert_eq!(event["messageId"], id.as_str());
        assert_eq!(event["event"], "Order Completed");
        assert_eq!(event["userId"], "user-1");
        assert_eq!(event["anonymousId"], "anon-1");
        assert_eq!(event["properties"]["revenue"], 25.0);
        assert_eq!(event["context"]["library"]["name"], "trackplan");
        assert_eq!(event["context"]["protocols"]["event_version"], "2-0-1");
    }
}
