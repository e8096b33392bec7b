//! Mixpanel ingestion API: `POST /import?strict=1`, project token (or service account) as
//! Basic credentials.

use std::time::Duration;

use serde::Deserialize;

use crate::delivery::{
    Answer, Endpoint, FailureReason, Kind, Limits, Message, Outcome, Protocol, RetryPolicy, basic_auth, write_field,
    write_i64, write_joined, write_object_with, write_str,
};

/// How to authenticate to `/import`.
#[derive(Clone, PartialEq, Eq)]
pub enum MixpanelAuth {
    /// The project token as Basic user, empty password.
    Token(String),
    /// A service account, with the project it imports into.
    ServiceAccount {
        /// Service account user name.
        username: String,
        /// Service account secret.
        secret: String,
        /// Project id (sent as `project_id`).
        project_id: String,
    },
}

/// Delivery to Mixpanel. At most 2,000 events and 2 MB per request; with `strict=1` a 400
/// lists failed records while the rest is ingested, so nothing is resent and the failures
/// are reported; 429/5xx back off from 2 s doubling to 60 s with full jitter.
#[derive(Clone)]
pub struct Mixpanel {
    auth: MixpanelAuth,
    host: String,
    gzip: bool,
    retry: RetryPolicy,
}

impl std::fmt::Debug for Mixpanel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mixpanel").field("auth", &"<redacted>").field("host", &self.host).finish()
    }
}

impl Mixpanel {
    /// The US host.
    pub const US_HOST: &str = "https://api.mixpanel.com";
    /// The EU host.
    pub const EU_HOST: &str = "https://api-eu.mixpanel.com";

    /// Mixpanel with this project token, US host, gzip on.
    pub fn new(token: impl Into<String>) -> Mixpanel {
        Mixpanel::with_auth(MixpanelAuth::Token(token.into()))
    }

    /// Mixpanel with any credentials.
    pub fn with_auth(auth: MixpanelAuth) -> Mixpanel {
        let retry =
            RetryPolicy { base: Duration::from_secs(2), cap: Duration::from_secs(60), ..RetryPolicy::default() };
        Mixpanel { auth, host: Mixpanel::US_HOST.to_owned(), gzip: true, retry }
    }

    /// Another host, without a trailing slash.
    pub fn host(mut self, host: impl Into<String>) -> Mixpanel {
        self.host = host.into().trim_end_matches('/').to_owned();
        self
    }

    /// Whether to gzip requests.
    pub fn gzip(mut self, gzip: bool) -> Mixpanel {
        self.gzip = gzip;
        self
    }

    /// Retry settings.
    pub fn retry(mut self, retry: RetryPolicy) -> Mixpanel {
        self.retry = retry;
        self
    }
}

/// The `$insert_id` for a message id: the id itself when it is 1–36 characters of
/// `[A-Za-z0-9-]` (generated ids are), else a stable 32-hex-digit digest of it.
pub fn mixpanel_insert_id(id: &str) -> std::borrow::Cow<'_, str> {
    if (1..=36).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return std::borrow::Cow::Borrowed(id);
    }
    // Two FNV-1a 64-bit hashes with different offsets: stable across runs and platforms.
    let fnv = |offset: u64| id.bytes().fold(offset, |hash, b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    std::borrow::Cow::Owned(format!("{:016x}{:016x}", fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142)))
}

#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    failed_records: Vec<FailedRecord>,
}

#[derive(Deserialize)]
struct FailedRecord {
    index: usize,
    #[serde(default)]
    field: String,
    #[serde(default)]
    message: String,
}

impl Protocol for Mixpanel {
    fn name(&self) -> &str {
        "mixpanel"
    }

    fn accepts(&self, kind: Kind) -> bool {
        kind == Kind::Track
    }

    fn limits(&self) -> Limits {
        Limits { max_events: 2_000, max_request_bytes: 2_000_000, max_event_bytes: 1_000_000 }
    }

    fn endpoint(&self) -> Endpoint {
        let (url, authorization) = match &self.auth {
            MixpanelAuth::Token(token) => (format!("{}/import?strict=1", self.host), basic_auth(token, "")),
            MixpanelAuth::ServiceAccount { username, secret, project_id } => {
                (format!("{}/import?strict=1&project_id={project_id}", self.host), basic_auth(username, secret))
            }
        };
        Endpoint {
            url,
            headers: vec![
                ("Authorization".to_owned(), authorization),
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
        if message.kind != Kind::Track {
            return Err("Mixpanel /import takes events only; send identify calls with MixpanelProfiles".to_owned());
        }
        let Some(distinct_id) = message.user_id.as_ref().or(message.anonymous_id.as_ref()) else {
            return Err("Mixpanel needs a distinct_id (user id or anonymous id)".to_owned());
        };
        out.push(b'{');
        write_field(out, "event", &message.event);
        out.extend_from_slice(b",\"properties\":");
        write_object_with(out, &message.properties, |out| {
            out.extend_from_slice(b"\"time\":");
            write_i64(out, message.timestamp_ms);
            out.push(b',');
            write_field(out, "distinct_id", distinct_id);
            if let (Some(_), Some(device_id)) = (&message.user_id, &message.anonymous_id) {
                out.push(b',');
                write_field(out, "$device_id", device_id);
            }
            out.push(b',');
            write_str(out, "$insert_id");
            out.push(b':');
            write_str(out, &mixpanel_insert_id(&message.id));
        });
        out.push(b'}');
        Ok(())
    }

    fn wrapper_bytes(&self) -> usize {
        2
    }

    fn write_body(&self, events: &[&[u8]], body: &mut Vec<u8>) {
        write_joined(body, b"[", events, b"]");
    }

    fn interpret(&self, answer: &Answer, batch: &[&Message]) -> Outcome {
        if answer.status == 400 {
            let body = serde_json::from_slice::<ErrorBody>(&answer.body).unwrap_or_default();
            let failed: Vec<(usize, String)> = body
                .failed_records
                .into_iter()
                .filter(|record| record.index < batch.len())
                .map(|record| (record.index, format!("Mixpanel: {} {}", record.field, record.message)))
                .collect();
            return if failed.is_empty() {
                Outcome::Rejected(FailureReason::Invalid, format!("Mixpanel 400: {}", body.error))
            } else {
                Outcome::PartiallyDelivered(failed)
            };
        }
        super::generic_outcome(answer.status, answer.retry_after, &answer.body)
    }
}
