//! One line of input to one outcome: the fast path first, the detailed path when the fast path
//! cannot vouch for the record.

use serde_json::Value;
use trackplan_runtime::Violation;

use super::scan;
use super::shape::{self, InputFormat, Record, Shape};
use super::targets::{Kind, TargetId, Targets};

/// What one line turned out to be.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// An empty (or whitespace-only) line.
    Blank,
    /// A message of a planned event or call that breaks no rule.
    Valid {
        /// The event or call.
        target: TargetId,
        /// How it was read.
        shape: Shape,
    },
    /// A message of a planned event or call that breaks rules.
    Invalid {
        /// The event or call.
        target: TargetId,
        /// How it was read.
        shape: Shape,
        /// The record's id.
        id: Option<String>,
        /// Every broken rule, sorted by (path, rule).
        violations: Vec<Violation>,
    },
    /// A track event the plan does not define.
    UnknownEvent {
        /// How it was read.
        shape: Shape,
        /// The event name as recorded.
        name: String,
        /// The record's id.
        id: Option<String>,
    },
    /// A message the plan cannot describe (alias, vendor-internal events, a call the plan does
    /// not define), counted only.
    NotValidated {
        /// How it was read.
        shape: Shape,
        /// What it is: `alias`, `$identify`, `identify`…
        what: String,
    },
    /// JSON that is no record of a known shape.
    Unrecognized(String),
    /// Not JSON.
    Malformed(String),
}

/// Checks one line (without its line break).
pub fn line(text: &[u8], targets: &Targets, format: InputFormat) -> Outcome {
    if let Some((target, shape)) = std::str::from_utf8(text).ok().and_then(|line| scan::clean(line, targets, format)) {
        return Outcome::Valid { target, shape };
    }
    detailed(text, targets, format)
}

/// Checks one line from its parsed JSON: the reference for what [`line`] answers.
pub fn detailed(text: &[u8], targets: &Targets, format: InputFormat) -> Outcome {
    let value: Value = match serde_json::from_slice(text) {
        Ok(value) => value,
        Err(_) if text.iter().all(u8::is_ascii_whitespace) => return Outcome::Blank,
        Err(error) => return Outcome::Malformed(error.to_string()),
    };
    match shape::read(&value, format) {
        Record::Unrecognized(why) => Outcome::Unrecognized(why),
        Record::Other { shape, what } => Outcome::NotValidated { shape, what },
        Record::Message { shape, kind, name, payload, reserved, id } => {
            let target = match (kind, name) {
                (Kind::Track, Some(name)) => match targets.event(name) {
                    Some(target) => target,
                    None => return Outcome::UnknownEvent { shape, name: name.to_owned(), id: id.map(str::to_owned) },
                },
                _ => match targets.call(kind) {
                    Some(target) => target,
                    None => return Outcome::NotValidated { shape, what: kind.as_str().to_owned() },
                },
            };
            let empty = Value::Object(serde_json::Map::new());
            let violations = targets.list[target].schema.violations_reserving(payload.unwrap_or(&empty), reserved);
            if violations.is_empty() {
                Outcome::Valid { target, shape }
            } else {
                Outcome::Invalid { target, shape, id: id.map(str::to_owned), violations }
            }
        }
    }
}
