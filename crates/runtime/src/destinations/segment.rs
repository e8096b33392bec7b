//! Segment HTTP Tracking API: `POST /v1/batch`, write key as Basic user.

use crate::delivery::{
    Answer, Endpoint, Kind, Limits, Message, Outcome, Protocol, RetryPolicy, basic_auth, now_millis, write_field,
    write_joined, write_object_with, write_rfc3339,
};

/// Delivery to Segment. Limits as documented: < 32 KB per event, ≤ 500 KB and ≤ 2,500
/// events per batch (an over-count batch is answered 200 and dropped, so none is ever sent).
#[derive(Clone)]
pub struct Segment {
    write_key: String,
    host: String,
    gzip: bool,
    retry: RetryPolicy,
}

impl std::fmt::Debug for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segment").field("write_key", &"<redacted>").field("host", &self.host).finish()
    }
}

impl Segment {
    /// The US ingestion host.
    pub const US_HOST: &str = "https://api.segment.io";
    /// The EU ingestion host.
    pub const EU_HOST: &str = "https://events.eu1.segmentapis.com";

    /// Segment with this source write key, US host, gzip on.
    pub fn new(write_key: impl Into<String>) -> Segment {
        Segment {
            write_key: write_key.into(),
            host: Segment::US_HOST.to_owned(),
            gzip: true,
            retry: RetryPolicy::default(),
        }
    }

    /// Another host (EU, a proxy, a test server), without a trailing slash.
    pub fn host(mut self, host: impl Into<String>) -> Segment {
        self.host = host.into().trim_end_matches('/').to_owned();
        self
    }

    /// Whether to gzip requests.
    pub fn gzip(mut self, gzip: bool) -> Segment {
        self.gzip = gzip;
        self
    }

    /// Retry settings.
    pub fn retry(mut self, retry: RetryPolicy) -> Segment {
        self.retry = retry;
        self
    }
}

impl Protocol for Segment {
    fn name(&self) -> &str {
        "segment"
    }

    fn limits(&self) -> Limits {
        Limits { max_events: 2_500, max_request_bytes: 500_000, max_event_bytes: 32_000 }
    }

    fn endpoint(&self) -> Endpoint {
        Endpoint {
            url: format!("{}/v1/batch", self.host),
            headers: vec![
                ("Authorization".to_owned(), basic_auth(&self.write_key, "")),
                ("Content-Type".to_owned(), "application/json".to_owned()),
            ],
        }
    }

    fn gzip(&self) -> bool {
        self.gzip
    }

    fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    fn encode(&self, message: &Message, out: &mut Vec<u8>) -> Result<(), String> {
        if message.user_id.is_none() && message.anonymous_id.is_none() {
            return Err("Segment needs a userId or an anonymousId".to_owned());
        }
        let kind = match message.kind {
            Kind::Track => "track",
            Kind::Identify => "identify",
            Kind::Page => "page",
            Kind::Screen => "screen",
            Kind::Group => "group",
        };
        out.push(b'{');
        write_field(out, "type", kind);
        match message.kind {
            Kind::Track => {
                out.push(b',');
                write_field(out, "event", &message.event);
            }
            Kind::Page | Kind::Screen if !message.event.is_empty() => {
                out.push(b',');
                write_field(out, "name", &message.event);
            }
            _ => {}
        }
        if let Some(user_id) = &message.user_id {
            out.push(b',');
            write_field(out, "userId", user_id);
        }
        if let Some(anonymous_id) = &message.anonymous_id {
            out.push(b',');
            write_field(out, "anonymousId", anonymous_id);
        }
        if message.kind == Kind::Group {
            out.push(b',');
            write_field(out, "groupId", message.group_id.as_deref().unwrap_or_default());
        }
        if matches!(message.kind, Kind::Identify | Kind::Group) {
            out.extend_from_slice(b",\"traits\":");
            out.extend_from_slice(message.traits.as_deref().unwrap_or("{}").as_bytes());
        } else {
            out.extend_from_slice(b",\"properties\":");
            out.extend_from_slice(message.properties.as_bytes());
        }
        let context = message.context.as_deref().unwrap_or("{}");
        out.extend_from_slice(b",\"context\":");
        match &message.event_version {
            Some(version) => write_object_with(out, context, |out| {
                out.extend_from_slice(b"\"protocols\":{");
                write_field(out, "event_version", version);
                out.push(b'}');
            }),
            None => out.extend_from_slice(context.as_bytes()),
        }
        out.extend_from_slice(b",\"timestamp\":");
        write_rfc3339(out, message.timestamp_ms);
        out.push(b',');
        write_field(out, "messageId", &message.id);
        out.push(b'}');
        Ok(())
    }

    fn wrapper_bytes(&self) -> usize {
        // {"batch":[…],"sentAt":"2024-05-01T12:00:00.000Z"}
        64
    }

    fn write_body(&self, events: &[&[u8]], body: &mut Vec<u8>) {
        write_joined(body, b"{\"batch\":[", events, b"],\"sentAt\":");
        write_rfc3339(body, now_millis());
        body.push(b'}');
    }

    fn interpret(&self, answer: &Answer, _batch: &[&Message]) -> Outcome {
        super::generic_outcome(answer.status, answer.retry_after, &answer.body)
    }
}
