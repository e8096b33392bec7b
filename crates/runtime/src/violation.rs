//! Validation policy and the shared violation format (`docs/validation.md`).

use serde::Serialize;

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
    /// Return an error to the caller (and report the violations).
    ErrorOnInvalid,
}

impl Default for Policy {
    /// Strict in debug builds and tests, forgiving in release builds.
    fn default() -> Self {
        if cfg!(debug_assertions) { Policy::ErrorOnInvalid } else { Policy::TrackOnInvalid }
    }
}

/// One rule a payload breaks, in the format every Trackplan runtime reports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

impl Violation {
    /// A violation at `path` (anything printing as a JSON path).
    pub fn new(
        path: impl ToString,
        rule: &'static str,
        expected: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        Violation { path: path.to_string(), rule, expected: expected.into(), actual: actual.into() }
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.rule {
            "required" => write!(f, "required property at {} is missing", self.path),
            "additionalProperties" => write!(f, "{} is not a property in the plan", self.path),
            "type" => write!(f, "{}: expected {}, found {}", self.path, self.expected, self.actual),
            rule => write!(f, "{}: `{rule}` expects {}, found {}", self.path, self.expected, self.actual),
        }
    }
}

/// Sort violations the way every runtime's tests compare them: by (path, rule).
pub fn sort(violations: &mut [Violation]) {
    violations.sort_by(|a, b| (&a.path, a.rule).cmp(&(&b.path, b.rule)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_builds_default_to_error_on_invalid() {
        assert_eq!(Policy::default(), Policy::ErrorOnInvalid);
    }

    #[test]
    fn describes_itself() {
        let v = Violation::new("total", "minimum", ">= 0", "-1");
        assert_eq!(v.to_string(), "total: `minimum` expects >= 0, found -1");
        assert_eq!(
            Violation::new("x", "required", "present", "missing").to_string(),
            "required property at x is missing"
        );
    }
}
