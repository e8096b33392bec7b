//! Amplitude HTTP V2 API: `POST /2/httpapi` with the API key in the body.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::delivery::{
    Answer, Endpoint, FailureReason, Kind, Limits, Message, Outcome, Protocol, RetryPolicy, write_field, write_i64,
    write_joined, write_str,
};

/// The tracking plan Amplitude records with each event (`plan` field).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmplitudePlan {
    /// Plan branch.
    pub branch: Option<String>,
    /// Plan source.
    pub source: Option<String>,
    /// Plan version.
    pub version: Option<String>,
}

/// Delivery to Amplitude. Requests hold fewer than 2,000 events and under 1 MB; a 413 splits
/// the batch; a 429 holds only the throttled users/devices (30 s by default) while the
/// others go on; 5xx are retried, safe because `insert_id` dedupes.
#[derive(Clone)]
pub struct Amplitude {
    api_key: String,
    host: String,
    gzip: bool,
    min_id_length: Option<usize>,
    plan: Option<AmplitudePlan>,
    retry: RetryPolicy,
}

impl std::fmt::Debug for Amplitude {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Amplitude").field("api_key", &"<redacted>").field("host", &self.host).finish()
    }
}

/// Amplitude's documented default minimum length of `user_id` and `device_id`.
const DEFAULT_MIN_ID_LENGTH: usize = 5;

impl Amplitude {
    /// The US host.
    pub const US_HOST: &str = "https://api2.amplitude.com";
    /// The EU host.
    pub const EU_HOST: &str = "https://api.eu.amplitude.com";

    /// Amplitude with this project API key, US host, gzip on.
    pub fn new(api_key: impl Into<String>) -> Amplitude {
        Amplitude {
            api_key: api_key.into(),
            host: Amplitude::US_HOST.to_owned(),
            gzip: true,
            min_id_length: None,
            plan: None,
            retry: RetryPolicy::default(),
        }
    }

    /// Another host, without a trailing slash.
    pub fn host(mut self, host: impl Into<String>) -> Amplitude {
        self.host = host.into().trim_end_matches('/').to_owned();
        self
    }

    /// Whether to gzip requests.
    pub fn gzip(mut self, gzip: bool) -> Amplitude {
        self.gzip = gzip;
        self
    }

    /// Accept ids shorter than 5 characters (sent as `options.min_id_length`).
    pub fn min_id_length(mut self, length: usize) -> Amplitude {
        self.min_id_length = Some(length);
        self
    }

    /// The plan recorded with each event.
    pub fn plan(mut self, plan: AmplitudePlan) -> Amplitude {
        self.plan = Some(plan);
        self
    }

    /// Retry settings (`throttle_hold` is how long a 429-throttled user waits).
    pub fn retry(mut self, retry: RetryPolicy) -> Amplitude {
        self.retry = retry;
        self
    }

    fn check_id(&self, field: &str, id: &str) -> Result<(), String> {
        let min = self.min_id_length.unwrap_or(DEFAULT_MIN_ID_LENGTH);
        if id.chars().count() < min {
            return Err(format!(
                "Amplitude {field} is {} characters, under the minimum of {min}; set min_id_length to allow it",
                id.chars().count()
            ));
        }
        Ok(())
    }
}

#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    events_with_invalid_fields: BTreeMap<String, Vec<usize>>,
    #[serde(default)]
    events_with_missing_fields: BTreeMap<String, Vec<usize>>,
    #[serde(default)]
    events_with_invalid_id_lengths: BTreeMap<String, Vec<usize>>,
    #[serde(default)]
    throttled_users: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    throttled_devices: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    throttled_events: Vec<usize>,
    #[serde(default)]
    exceeded_daily_quota_users: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    exceeded_daily_quota_devices: BTreeMap<String, serde_json::Value>,
}

impl Protocol for Amplitude {
    fn name(&self) -> &str {
        "amplitude"
    }

    fn limits(&self) -> Limits {
        Limits { max_events: 1_999, max_request_bytes: 1_000_000, max_event_bytes: 1_000_000 - self.wrapper_bytes() }
    }

    fn endpoint(&self) -> Endpoint {
        Endpoint {
            url: format!("{}/2/httpapi", self.host),
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
        }
    }

    fn gzip(&self) -> bool {
        self.gzip
    }

    fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    fn encode(&self, message: &Message, out: &mut Vec<u8>) -> Result<(), String> {
        let event_type = match message.kind {
            Kind::Track => &message.event,
            Kind::Identify => "$identify",
            Kind::Page | Kind::Screen | Kind::Group => {
                return Err(
                    "Amplitude's HTTP V2 API has no page, screen or group call; track an event instead".to_owned()
                );
            }
        };
        if message.user_id.is_none() && message.anonymous_id.is_none() {
            return Err("Amplitude needs a user_id or a device_id".to_owned());
        }
        out.push(b'{');
        write_field(out, "event_type", event_type);
        if let Some(user_id) = &message.user_id {
            self.check_id("user_id", user_id)?;
            out.push(b',');
            write_field(out, "user_id", user_id);
        }
        if let Some(device_id) = &message.anonymous_id {
            self.check_id("device_id", device_id)?;
            out.push(b',');
            write_field(out, "device_id", device_id);
        }
        out.extend_from_slice(b",\"time\":");
        write_i64(out, message.timestamp_ms);
        if message.kind == Kind::Identify {
            out.extend_from_slice(b",\"user_properties\":{\"$set\":");
            out.extend_from_slice(message.traits.as_deref().unwrap_or("{}").as_bytes());
            out.push(b'}');
        } else {
            out.extend_from_slice(b",\"event_properties\":");
            out.extend_from_slice(message.properties.as_bytes());
        }
        out.push(b',');
        write_field(out, "insert_id", &message.id);
        if let Some(plan) = &self.plan {
            out.extend_from_slice(b",\"plan\":{");
            let mut first = true;
            for (key, value) in [("branch", &plan.branch), ("source", &plan.source), ("version", &plan.version)] {
                if let Some(value) = value {
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    write_field(out, key, value);
                }
            }
            out.push(b'}');
        }
        out.push(b'}');
        Ok(())
    }

    fn wrapper_bytes(&self) -> usize {
        // {"api_key":"…","events":[…],"options":{"min_id_length":N}}
        64 + self.api_key.len() * 2
    }

    fn write_body(&self, events: &[&[u8]], body: &mut Vec<u8>) {
        let mut open = b"{".to_vec();
        write_str(&mut open, "api_key");
        open.push(b':');
        write_str(&mut open, &self.api_key);
        open.extend_from_slice(b",\"events\":[");
        let close = match self.min_id_length {
            Some(length) => format!("],\"options\":{{\"min_id_length\":{length}}}}}"),
            None => "]}".to_owned(),
        };
        write_joined(body, &open, events, close.as_bytes());
    }

    fn interpret(&self, answer: &Answer, batch: &[&Message]) -> Outcome {
        let parsed = || serde_json::from_slice::<ErrorBody>(&answer.body).unwrap_or_default();
        match answer.status {
            400 => {
                let body = parsed();
                let mut invalid: Vec<(usize, String)> = Vec::new();
                for (problem, fields) in [
                    ("invalid", &body.events_with_invalid_fields),
                    ("missing", &body.events_with_missing_fields),
                    ("too short", &body.events_with_invalid_id_lengths),
                ] {
                    for (field, indexes) in fields {
                        for &index in indexes.iter().filter(|&&i| i < batch.len()) {
                            if !invalid.iter().any(|(i, _)| *i == index) {
                                invalid.push((index, format!("Amplitude: field `{field}` {problem}")));
                            }
                        }
                    }
                }
                if !invalid.is_empty() {
                    Outcome::Invalid(invalid)
                } else if body.error.contains("Invalid API key") {
                    Outcome::Rejected(FailureReason::Unauthorized, "Amplitude refused the API key".to_owned())
                } else {
                    Outcome::Rejected(FailureReason::Invalid, format!("Amplitude 400: {}", body.error))
                }
            }
            429 => {
                let body = parsed();
                let users = |id: &Option<String>, map: &BTreeMap<String, serde_json::Value>| {
                    id.as_ref().is_some_and(|id| map.contains_key(id))
                };
                let events: Vec<usize> = batch
                    .iter()
                    .enumerate()
                    .filter(|(index, message)| {
                        body.throttled_events.contains(index)
                            || users(&message.user_id, &body.throttled_users)
                            || users(&message.user_id, &body.exceeded_daily_quota_users)
                            || users(&message.anonymous_id, &body.throttled_devices)
                            || users(&message.anonymous_id, &body.exceeded_daily_quota_devices)
                    })
                    .map(|(index, _)| index)
                    .collect();
                let hold = answer.retry_after.unwrap_or(self.retry.throttle_hold).max(self.retry.throttle_hold);
                Outcome::Throttled { events, after: hold }
            }
            status => super::generic_outcome(status, answer.retry_after, &answer.body),
        }
    }
}
