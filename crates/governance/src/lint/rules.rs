//! The catalogue of lint rules: stable ids, names, default severities and fixability.

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Should be fixed; fails a run only with `--fail-on warning`.
    Warning,
    /// Must be fixed; fails the run.
    Error,
}

impl Severity {
    /// The lower-case name ("error").
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A lint rule. The id (`TP001`) and name (`event-casing`) never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Event names follow the plan's `conventions.eventCasing`.
    EventCasing,
    /// Property names follow the plan's `conventions.propertyCasing`.
    PropertyCasing,
    /// No leading, trailing, repeated or non-space whitespace in names.
    NameWhitespace,
    /// Names do not end with sentence punctuation.
    NameTrailingPunctuation,
    /// Event names are an object then an action in the past tense.
    EventObjectAction,
    /// No two events whose names differ only in case, separators, word order or a typo.
    EventNearDuplicate,
    /// No two property names that differ only in case, separators, word order or a typo.
    PropertyNearDuplicate,
    /// A property name has one type across events.
    PropertyTypeConflict,
    /// A property name has one set of allowed values across events.
    PropertyEnumConflict,
    /// Events have a description.
    EventDescriptionMissing,
    /// Properties have a description.
    PropertyDescriptionMissing,
    /// Events have an owner.
    EventOwnerMissing,
    /// P0 events have an owner.
    P0OwnerMissing,
    /// Shared definitions are referenced.
    UnusedDefinition,
    /// Property groups are mixed into an event.
    UnusedPropertyGroup,
    /// Deprecated events are no longer routed to destinations.
    DeprecatedEventRouted,
    /// PII properties are not sent to destinations that may not receive PII.
    PiiToRestrictedDestination,
}

/// What the catalogue says about one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Stable id, `TP001`.
    pub id: &'static str,
    /// Stable name, `event-casing`.
    pub name: &'static str,
    /// Severity unless the configuration changes it.
    pub default_severity: Severity,
    /// Whether `--fix` can fix its findings.
    pub fixable: bool,
    /// One sentence: what it flags.
    pub summary: &'static str,
}

impl Rule {
    /// Every rule, in id order.
    pub const ALL: [Rule; 17] = [
        Rule::EventCasing,
        Rule::PropertyCasing,
        Rule::NameWhitespace,
        Rule::NameTrailingPunctuation,
        Rule::EventObjectAction,
        Rule::EventNearDuplicate,
        Rule::PropertyNearDuplicate,
        Rule::PropertyTypeConflict,
        Rule::PropertyEnumConflict,
        Rule::EventDescriptionMissing,
        Rule::PropertyDescriptionMissing,
        Rule::EventOwnerMissing,
        Rule::P0OwnerMissing,
        Rule::UnusedDefinition,
        Rule::UnusedPropertyGroup,
        Rule::DeprecatedEventRouted,
        Rule::PiiToRestrictedDestination,
    ];

    /// The catalogue entry.
    pub fn info(self) -> RuleInfo {
        use Severity::{Error, Info, Warning};
        let (id, name, default_severity, fixable, summary) = match self {
            Rule::EventCasing => (
                "TP001",
                "event-casing",
                Error,
                true,
                "an event name does not follow the plan's `conventions.eventCasing`",
            ),
            Rule::PropertyCasing => (
                "TP002",
                "property-casing",
                Error,
                true,
                "a property name does not follow the plan's `conventions.propertyCasing`",
            ),
            Rule::NameWhitespace => (
                "TP003",
                "name-whitespace",
                Error,
                true,
                "an event or property name has leading, trailing, repeated or non-space whitespace",
            ),
            Rule::NameTrailingPunctuation => (
                "TP004",
                "name-trailing-punctuation",
                Warning,
                false,
                "an event or property name ends with sentence punctuation (. , ; : ! ? …)",
            ),
            Rule::EventObjectAction => (
                "TP005",
                "event-object-action",
                Warning,
                false,
                "an event name is not an object followed by an action in the past tense (\"Order Completed\")",
            ),
            Rule::EventNearDuplicate => (
                "TP006",
                "event-near-duplicate",
                Warning,
                false,
                "two event names differ only in case, separators, word order or a one-word typo",
            ),
            Rule::PropertyNearDuplicate => (
                "TP007",
                "property-near-duplicate",
                Warning,
                false,
                "two property names differ only in case, separators, word order or a one-word typo",
            ),
            Rule::PropertyTypeConflict => (
                "TP008",
                "property-type-conflict",
                Warning,
                false,
                "an event property name has different types in different events",
            ),
            Rule::PropertyEnumConflict => (
                "TP009",
                "property-enum-conflict",
                Warning,
                false,
                "an event property name allows unrelated sets of values in different events",
            ),
            Rule::EventDescriptionMissing => {
                ("TP010", "event-description-missing", Warning, false, "an event has no description")
            }
            Rule::PropertyDescriptionMissing => (
                "TP011",
                "property-description-missing",
                Info,
                false,
                "a property has no description, neither its own nor its definition's",
            ),
            Rule::EventOwnerMissing => {
                ("TP012", "event-owner-missing", Warning, false, "an event (other than P0) has no owner")
            }
            Rule::P0OwnerMissing => ("TP013", "p0-owner-missing", Error, false, "a P0 event has no owner"),
            Rule::UnusedDefinition => (
                "TP014",
                "unused-definition",
                Warning,
                false,
                "a shared definition is not referenced by any event, call or used definition",
            ),
            Rule::UnusedPropertyGroup => {
                ("TP015", "unused-property-group", Warning, false, "a property group is not mixed into any event")
            }
            Rule::DeprecatedEventRouted => (
                "TP016",
                "deprecated-event-routed",
                Warning,
                false,
                "a deprecated event is still routed to destinations",
            ),
            Rule::PiiToRestrictedDestination => (
                "TP017",
                "pii-to-restricted-destination",
                Warning,
                false,
                "an event or call with PII properties is sent to a destination that may not receive PII",
            ),
        };
        RuleInfo { id, name, default_severity, fixable, summary }
    }

    /// The rule with this id (`TP001`) or name (`event-casing`), any case.
    pub fn find(key: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| {
            let info = rule.info();
            info.id.eq_ignore_ascii_case(key) || info.name.eq_ignore_ascii_case(key)
        })
    }

    /// Index in [`Rule::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_ordered() {
        for (index, rule) in Rule::ALL.into_iter().enumerate() {
            assert_eq!(rule.index(), index);
            assert_eq!(rule.info().id, format!("TP{:03}", index + 1));
            assert_eq!(Rule::find(rule.info().name), Some(rule));
            assert_eq!(Rule::find(&rule.info().id.to_lowercase()), Some(rule));
        }
        assert_eq!(Rule::find("no-such-rule"), None);
    }
}
