//! Runtime for generated Trackplan SDKs: validation policy and violations.
//!
//! Generated code checks every payload before it leaves the process; what happens to an
//! invalid payload is the [`Policy`], and each broken rule is reported as a [`Violation`].

use serde::Serialize;

#[cfg(feature = "delivery")]
pub mod delivery;
#[cfg(feature = "delivery")]
pub mod destinations;

/// What to do with an event whose payload breaks the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// Do not validate.
    Disabled,
    /// Send the event and report the violations.
    TrackOnInvalid,
    /// Drop the event and report the violations.
    SkipOnInvalid,
    /// Return an error to the caller.
    ErrorOnInvalid,
}

impl Default for Policy {
    /// Strict in debug builds and tests, forgiving in release builds.
    fn default() -> Self {
        if cfg!(debug_assertions) { Policy::ErrorOnInvalid } else { Policy::TrackOnInvalid }
    }
}

/// One rule a payload breaks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// JSON path of the offending value inside the event's properties, e.g. `products[0].price`.
    pub path: String,
    /// The rule, named as the plan keyword: `required`, `type`, `minimum`, `pattern`…
    pub rule: &'static str,
    /// What the rule expects, e.g. `>= 0`.
    pub expected: String,
    /// What the payload holds.
    pub actual: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_builds_default_to_error_on_invalid() {
        assert_eq!(Policy::default(), Policy::ErrorOnInvalid);
    }
}
