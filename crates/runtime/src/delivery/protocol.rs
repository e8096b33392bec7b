//! How the engine talks to one vendor: the [`Protocol`] trait each destination implements.

use std::time::Duration;

use super::message::{Kind, Message};
use super::retry::RetryPolicy;

/// Documented size limits of a vendor's batch API. Bytes are counted before compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most events in one request.
    pub max_events: usize,
    /// Most bytes in one request body.
    pub max_request_bytes: usize,
    /// Most bytes of one encoded event.
    pub max_event_bytes: usize,
}

/// Where and how requests go: URL and headers, computed once per destination.
#[derive(Clone)]
pub struct Endpoint {
    /// Full URL of the batch API.
    pub url: String,
    /// Request headers, credentials included. Never logged: `Debug` shows names only.
    pub headers: Vec<(String, String)>,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Endpoint").field("url", &self.url).field("headers", &names).finish()
    }
}

/// A vendor's HTTP answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// `Retry-After` (seconds) or an equivalent vendor header, if present.
    pub retry_after: Option<Duration>,
    /// The response body.
    pub body: Vec<u8>,
}

/// Why an event was not delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureReason {
    /// The queue was full and the back-pressure policy dropped it.
    QueueFull,
    /// Larger than the destination accepts; rejected locally, never sent.
    Oversize,
    /// The destination cannot express this kind of call, or an id breaks its rules; never sent.
    Unsupported,
    /// The vendor refused the event as invalid (a 4xx naming it); not retried.
    Invalid,
    /// The vendor refused the credentials; not retried.
    Unauthorized,
    /// Still undelivered when `shutdown`'s time ran out (kept in the spool when there is one).
    Shutdown,
}

impl FailureReason {
    /// A stable lowercase name for metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureReason::QueueFull => "queue_full",
            FailureReason::Oversize => "oversize",
            FailureReason::Unsupported => "unsupported",
            FailureReason::Invalid => "invalid",
            FailureReason::Unauthorized => "unauthorized",
            FailureReason::Shutdown => "shutdown",
        }
    }
}

/// What an answer means for the batch that was sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every event was accepted.
    Delivered,
    /// The listed events (index in the batch, vendor message) were refused and the others
    /// accepted: resend nothing.
    PartiallyDelivered(Vec<(usize, String)>),
    /// Nothing was ingested because of the listed events: drop them, resend the others now.
    Invalid(Vec<(usize, String)>),
    /// The request was too large: split it and resend the halves.
    TooLarge,
    /// The listed events' users or devices are rate limited: hold those for `after`, resend the
    /// others now.
    Throttled {
        /// Indexes in the batch of the throttled events.
        events: Vec<usize>,
        /// How long to hold them.
        after: Duration,
    },
    /// A transient failure: resend the whole batch after a backoff, at least `after` if given.
    Retry {
        /// The server's requested wait.
        after: Option<Duration>,
    },
    /// Permanent failure of the whole batch.
    Rejected(FailureReason, String),
}

/// A vendor batch API as the delivery engine needs it. Implement it to deliver to your own
/// tool with the engine's batching, retries, back-pressure and spool.
pub trait Protocol: Send + Sync + std::fmt::Debug + 'static {
    /// Short stable name (`segment`, `amplitude`, `mixpanel`), used for routing and metrics.
    fn name(&self) -> &str;
    /// Whether this kind of call goes to this destination at all (Mixpanel splits events and
    /// profiles over two APIs). Calls of other kinds are not routed here. Default: every kind.
    fn accepts(&self, kind: Kind) -> bool {
        let _ = kind;
        true
    }
    /// The vendor's limits.
    fn limits(&self) -> Limits;
    /// URL and headers of the batch API.
    fn endpoint(&self) -> Endpoint;
    /// Whether to gzip request bodies.
    fn gzip(&self) -> bool;
    /// Retry, backoff and circuit settings.
    fn retry_policy(&self) -> RetryPolicy;
    /// Appends `message` as the vendor's JSON event, or says why it cannot be sent.
    fn encode(&self, message: &Message, out: &mut Vec<u8>) -> Result<(), String>;
    /// Bytes the request wrapper adds around the comma-separated events.
    fn wrapper_bytes(&self) -> usize;
    /// Writes the request body: the wrapper around `events`, comma-separated.
    fn write_body(&self, events: &[&[u8]], body: &mut Vec<u8>);
    /// Interprets an answer to a batch of `batch.len()` events.
    fn interpret(&self, answer: &Answer, batch: &[&Message]) -> Outcome;
}

/// Writes `events` comma-separated between `open` and `close`.
pub fn write_joined(body: &mut Vec<u8>, open: &[u8], events: &[&[u8]], close: &[u8]) {
    body.extend_from_slice(open);
    for (index, event) in events.iter().enumerate() {
        if index > 0 {
            body.push(b',');
        }
        body.extend_from_slice(event);
    }
    body.extend_from_slice(close);
}
