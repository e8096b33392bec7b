//! Test support: a destination that records messages in memory, and assertions over them, so
//! an application's tests can check its tracking without a network.
//!
//! ```
//! use trackplan_runtime::testing::Recorder;
//! use trackplan_runtime::Client;
//!
//! let recorder = Recorder::new();
//! let client = Client::builder().shared_destination(recorder.destination()).build();
//! // … code under test tracks through `client` (or a generated `Analytics` built on it) …
//! # let _ = client;
//! recorder.assert_not_tracked("Order Completed");
//! ```

use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;

use crate::destination::{Destination, DestinationError};
use crate::envelope::Envelope;

/// Records every envelope sent to it, whatever the plan's routing says.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    envelopes: Arc<Mutex<Vec<Arc<Envelope>>>>,
}

impl Destination for Recorder {
    fn name(&self) -> &str {
        "recorder"
    }

    fn accepts(&self, _envelope: &Envelope) -> bool {
        true
    }

    fn send(&self, envelope: Arc<Envelope>) -> Result<(), DestinationError> {
        self.lock().push(envelope);
        Ok(())
    }
}

impl Recorder {
    /// An empty recorder.
    pub fn new() -> Self {
        Recorder::default()
    }

    /// This recorder as a destination to register on a client (it keeps recording here).
    pub fn destination(&self) -> Arc<dyn Destination> {
        Arc::new(self.clone())
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Arc<Envelope>>> {
        // A test that panicked while holding the lock left complete envelopes behind.
        self.envelopes.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every recorded envelope, oldest first.
    pub fn envelopes(&self) -> Vec<Arc<Envelope>> {
        self.lock().clone()
    }

    /// Properties of every recorded message named `event`, oldest first.
    pub fn tracked(&self, event: &str) -> Vec<Value> {
        self.lock().iter().filter(|e| e.event == event).map(|e| e.properties.to_value()).collect()
    }

    /// Forget everything recorded.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Panics unless some recorded `event` has every member of `expected` (an object) with an
    /// equal value; other properties may be present. Returns that message's properties.
    ///
    /// `recorder.assert_tracked("Order Completed", json!({"total": 42.5}))`
    #[track_caller]
    pub fn assert_tracked(&self, event: &str, expected: Value) -> Value {
        let candidates = self.tracked(event);
        if let Some(found) = candidates.iter().find(|properties| contains(properties, &expected)) {
            return found.clone();
        }
        let recorded: Vec<String> =
            self.lock().iter().map(|e| format!("  {} {}", e.event, e.properties.as_str())).collect();
        panic!(
            "expected {event:?} to be tracked with {expected}, but {}\nrecorded:\n{}",
            if candidates.is_empty() { "it was not tracked" } else { "no recorded one matches" },
            if recorded.is_empty() { "  (nothing)".to_owned() } else { recorded.join("\n") }
        );
    }

    /// Panics if `event` was recorded.
    #[track_caller]
    pub fn assert_not_tracked(&self, event: &str) {
        let found = self.tracked(event);
        assert!(
            found.is_empty(),
            "expected {event:?} not to be tracked, but it was tracked {} time(s): {found:?}",
            found.len()
        );
    }

    /// Panics unless exactly `count` messages named `event` were recorded.
    #[track_caller]
    pub fn assert_count(&self, event: &str, count: usize) {
        let found = self.tracked(event).len();
        assert_eq!(found, count, "expected {event:?} to be tracked {count} time(s), found {found}");
    }
}

/// Whether `actual` has every member of `expected` with an equal value (numbers compared as
/// numbers, so 42 equals 42.0); non-objects compare whole.
fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            expected.iter().all(|(key, value)| actual.get(key).is_some_and(|a| contains(a, value)))
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| contains(x, y)),
        _ => actual == expected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_objects_match() {
        let actual = serde_json::json!({"total": 42.5, "currency": "EUR", "products": [{"id": "a", "q": 1}]});
        assert!(contains(&actual, &serde_json::json!({"total": 42.5})));
        assert!(contains(&actual, &serde_json::json!({"products": [{"id": "a"}]})));
        assert!(!contains(&actual, &serde_json::json!({"total": 42})));
        assert!(!contains(&actual, &serde_json::json!({"coupon": "X"})));
    }
}
