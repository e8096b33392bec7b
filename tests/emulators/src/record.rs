//! What an emulator records: accepted events, requests, drops, rejections.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One event (or profile update) the emulator accepted, as the client sent it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReceivedEvent {
    /// Index of the request that carried it (see [`RequestRecord::index`]).
    pub request: u64,
    /// Path of that request (`/v1/batch`, `/2/httpapi`, `/import`, ...).
    pub endpoint: String,
    /// Segment message `type` (`track`, `identify`, ...); `event` for
    /// Amplitude and Mixpanel events; `identify` for Amplitude
    /// identifications; `engage` for Mixpanel profile updates.
    pub kind: String,
    /// The dedupe id: Segment `messageId`, Amplitude `insert_id`, Mixpanel
    /// `properties.$insert_id`. `None` when absent or when the kind has none.
    pub id: Option<String>,
    /// The full JSON of the event; `null` when the emulator records ids only
    /// ([`crate::Recording::Ids`]).
    pub json: Value,
}

/// An accepted event as kept: its JSON text stays a slice of the request body (shared by every
/// event of the request) and is parsed only when asked for.
#[derive(Debug, Clone)]
pub(crate) struct StoredEvent {
    pub(crate) request: u64,
    pub(crate) endpoint: Arc<str>,
    pub(crate) kind: &'static str,
    pub(crate) id: Option<String>,
    pub(crate) text: StoredText,
}

/// Where the JSON text of a stored event is.
#[derive(Debug, Clone)]
pub(crate) enum StoredText {
    /// A span of a request body.
    Body(Arc<Vec<u8>>, Range<usize>),
    /// Text that is not a slice of the body (a form field).
    Owned(Arc<str>),
    /// Not kept ([`crate::Recording::Ids`]).
    Forgotten,
}

impl StoredEvent {
    /// The public record, with the JSON parsed.
    pub(crate) fn to_event(&self) -> ReceivedEvent {
        let json = match &self.text {
            StoredText::Body(body, span) => serde_json::from_slice(&body[span.clone()]).unwrap_or(Value::Null),
            StoredText::Owned(text) => serde_json::from_str(text).unwrap_or(Value::Null),
            StoredText::Forgotten => Value::Null,
        };
        ReceivedEvent {
            request: self.request,
            endpoint: self.endpoint.to_string(),
            kind: self.kind.to_owned(),
            id: self.id.clone(),
            json,
        }
    }
}

/// What the emulator did with a request's connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// A complete response was sent.
    Responded,
    /// A response head announcing more body than was sent, then a close.
    Truncated,
    /// The connection was reset (RST) without a response.
    Reset,
    /// The connection was closed (FIN) without a response.
    Closed,
    /// No response: the connection was held open until the client left.
    Hung,
}

/// One request as the emulator saw it (control requests are not logged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// Position in arrival order, from 0 (restarts after a reset).
    pub index: u64,
    /// HTTP method.
    pub method: String,
    /// Request-target as sent: path and query.
    pub target: String,
    /// Path without the query.
    pub path: String,
    /// Headers in order. The credentials of `Authorization` are replaced by
    /// `<redacted>` (the scheme is kept).
    pub headers: Vec<(String, String)>,
    /// Body bytes on the wire (after de-chunking, before gzip decoding).
    pub body_bytes: usize,
    /// Body bytes after gzip decoding.
    pub decoded_bytes: usize,
    /// Whether the body was `Content-Encoding: gzip`.
    pub gzip: bool,
    /// Whether the body was `Transfer-Encoding: chunked`.
    pub chunked: bool,
    /// Status answered; `None` when no response head was sent.
    pub status: Option<u16>,
    /// What happened on the connection.
    pub delivery: Delivery,
    /// The injected fault, described, if one applied.
    pub fault: Option<String>,
    /// Events recorded (ingested) from this request.
    pub ingested: usize,
    /// Records rejected from this request (if it was processed).
    pub rejected: usize,
}

impl RequestRecord {
    /// The value of the first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A request whose events were answered as accepted but dropped whole.
///
/// Segment does this to a batch of more than 2,500 messages, and (when
/// [`crate::Config::segment_reject_invalid_key`] is off) to events sent with
/// an unknown write key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DroppedBatch {
    /// Index of the request.
    pub request: u64,
    /// Why it was dropped.
    pub reason: String,
    /// How many events it carried.
    pub events: usize,
    /// The dedupe ids it carried.
    pub ids: Vec<String>,
}

/// One record the vendor refused while processing a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectedRecord {
    /// Index of the request.
    pub request: u64,
    /// Position of the record in the request's batch.
    pub index: usize,
    /// Its dedupe id, if it had a usable one.
    pub id: Option<String>,
    /// The field at fault (`properties.time`, `user_id`, `event`, ...).
    pub field: String,
    /// Why it was refused.
    pub message: String,
}
