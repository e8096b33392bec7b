//! The three vendor destinations (feature `delivery`): each a [`Protocol`](crate::delivery::Protocol)
//! speaking the vendor's documented batch API.

mod amplitude;
mod mixpanel;
mod mixpanel_profiles;
mod segment;

pub use amplitude::{Amplitude, AmplitudePlan};
pub use mixpanel::{Mixpanel, MixpanelAuth, mixpanel_insert_id};
pub use mixpanel_profiles::MixpanelProfiles;
pub use segment::Segment;

use crate::delivery::{FailureReason, Outcome};

/// The common reading of statuses no vendor gives a special meaning.
fn generic_outcome(status: u16, retry_after: Option<std::time::Duration>, body: &[u8]) -> Outcome {
    match status {
        200..=299 => Outcome::Delivered,
        401 | 403 => Outcome::Rejected(FailureReason::Unauthorized, format!("credentials refused (HTTP {status})")),
        413 => Outcome::TooLarge,
        408 | 429 | 500..=599 => Outcome::Retry { after: retry_after },
        _ => Outcome::Rejected(FailureReason::Invalid, format!("HTTP {status}: {}", excerpt(body))),
    }
}

/// The first 200 characters of a response body, for error details.
fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(body).chars().take(200).collect()
}
