//! Mixpanel profile updates: identify calls as `$set` on `POST /engage#profile-set`.

use serde::Deserialize;

use crate::delivery::{
    Answer, Endpoint, FailureReason, Kind, Limits, Message, Outcome, Protocol, RetryPolicy, write_field, write_joined,
};

/// Identify calls to Mixpanel people profiles (`$set` of the traits on `$distinct_id` = the
/// user id). Mixpanel keeps events and profiles in two APIs, so this is its own destination
/// next to [`Mixpanel`](super::Mixpanel): it takes identify calls only, `Mixpanel` takes track
/// calls only. Not gzipped (the API does not take it); `$set` is idempotent, so retries are safe.
#[derive(Clone)]
pub struct MixpanelProfiles {
    token: String,
    host: String,
    retry: RetryPolicy,
}

impl std::fmt::Debug for MixpanelProfiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MixpanelProfiles").field("token", &"<redacted>").field("host", &self.host).finish()
    }
}

impl MixpanelProfiles {
    /// Profiles of the project with this token, US host.
    pub fn new(token: impl Into<String>) -> MixpanelProfiles {
        let mixpanel_default = super::Mixpanel::new("").retry_policy();
        MixpanelProfiles { token: token.into(), host: super::Mixpanel::US_HOST.to_owned(), retry: mixpanel_default }
    }

    /// Another host, without a trailing slash.
    pub fn host(mut self, host: impl Into<String>) -> MixpanelProfiles {
        self.host = host.into().trim_end_matches('/').to_owned();
        self
    }

    /// Retry settings.
    pub fn retry(mut self, retry: RetryPolicy) -> MixpanelProfiles {
        self.retry = retry;
        self
    }
}

#[derive(Deserialize)]
struct Verbose {
    status: u8,
    #[serde(default)]
    error: Option<String>,
}

impl Protocol for MixpanelProfiles {
    fn name(&self) -> &str {
        "mixpanel_profiles"
    }

    fn accepts(&self, kind: Kind) -> bool {
        kind == Kind::Identify
    }

    fn limits(&self) -> Limits {
        Limits { max_events: 2_000, max_request_bytes: 2_000_000, max_event_bytes: 1_000_000 }
    }

    fn endpoint(&self) -> Endpoint {
        Endpoint {
            url: format!("{}/engage?verbose=1", self.host),
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
        }
    }

    fn gzip(&self) -> bool {
        false
    }

    fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    fn encode(&self, message: &Message, out: &mut Vec<u8>) -> Result<(), String> {
        let Some(user_id) = message.user_id.as_ref().filter(|_| message.kind == Kind::Identify) else {
            return Err("Mixpanel profile updates need an identify call with a user id".to_owned());
        };
        out.push(b'{');
        write_field(out, "$token", &self.token);
        out.push(b',');
        write_field(out, "$distinct_id", user_id);
        out.extend_from_slice(b",\"$set\":");
        out.extend_from_slice(message.traits.as_deref().unwrap_or("{}").as_bytes());
        out.push(b'}');
        Ok(())
    }

    fn wrapper_bytes(&self) -> usize {
        2
    }

    fn write_body(&self, events: &[&[u8]], body: &mut Vec<u8>) {
        write_joined(body, b"[", events, b"]");
    }

    fn interpret(&self, answer: &Answer, _batch: &[&Message]) -> Outcome {
        if answer.status == 200 {
            return match serde_json::from_slice::<Verbose>(&answer.body) {
                Ok(Verbose { status: 1, .. }) => Outcome::Delivered,
                Ok(Verbose { error, .. }) => {
                    let error = error.unwrap_or_default();
                    let reason =
                        if error.contains("token") { FailureReason::Unauthorized } else { FailureReason::Invalid };
                    Outcome::Rejected(reason, format!("Mixpanel /engage refused the updates: {error}"))
                }
                Err(_) => Outcome::Retry { after: None },
            };
        }
        super::generic_outcome(answer.status, answer.retry_after, &answer.body)
    }
}
