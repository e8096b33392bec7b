//! Where events are tracked in code, read from a status report.
//!
//! Two shapes are read. The report of `codegen status --format json` (per scanned source, each
//! event's `uses` with their `place`):
//!
//! ```json
//! {"plan": "Acme Shop", "version": "3.2.0", "sources": [
//!   {"source": "web", "events": [
//!     {"name": "Product Viewed", "uses": [{"place": {"file": "web/src/ProductPage.tsx", "line": 5, "column": 13}}]}
//!   ]}
//! ]}
//! ```
//!
//! and, for other scanners, the smallest document that says the same:
//!
//! ```json
//! {"events": {
//!   "Order Completed": [{"file": "web/src/checkout/confirm.ts", "line": 118, "source": "web"}],
//!   "Cart Viewed": []
//! }}
//! ```
//!
//! Event names are wire names; `file` is shown as the report prints it, `line` is 1-based,
//! `source` is optional. An event that no place mentions is shown as not instrumented. Any
//! other field, at any level, is ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Call sites of each event, by wire name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Instrumentation {
    /// Call sites per event wire name, sorted.
    pub events: BTreeMap<String, Vec<CallSite>>,
}

/// One place in the code that tracks an event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct CallSite {
    /// Source file, as the status report names it.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// The plan source (platform) whose code it is, when the report says.
    #[serde(default)]
    pub source: Option<String>,
}

/// A status report that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum InstrumentationError {
    /// The file cannot be read.
    #[error("cannot read status report {}: {source}", path.display())]
    Unreadable {
        /// The report.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a status report.
    #[error(
        "{}:{}:{}: not a status report: {source}\n  help: pass the JSON written by `codegen status --format json`, or {{\"events\": {{\"<event name>\": [{{\"file\": \"…\", \"line\": 1}}]}}}}",
        path.display(),
        source.line(),
        source.column()
    )]
    Invalid {
        /// The report.
        path: PathBuf,
        /// What is wrong, with line and column.
        source: serde_json::Error,
    },
}

/// `codegen status --format json`.
#[derive(Deserialize)]
struct StatusReport {
    sources: Vec<ScannedSource>,
}

#[derive(Deserialize)]
struct ScannedSource {
    #[serde(default)]
    source: Option<String>,
    events: Vec<ScannedEvent>,
}

#[derive(Deserialize)]
struct ScannedEvent {
    name: String,
    uses: Vec<Use>,
}

#[derive(Deserialize)]
struct Use {
    place: Place,
}

#[derive(Deserialize)]
struct Place {
    file: String,
    line: u32,
}

/// The minimal shape.
#[derive(Deserialize)]
struct CallSites {
    events: BTreeMap<String, Vec<CallSite>>,
}

impl Instrumentation {
    /// Read a status report.
    pub fn load(path: &Path) -> Result<Self, InstrumentationError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| InstrumentationError::Unreadable { path: path.to_owned(), source })?;
        Self::parse(path, &text)
    }

    /// Parse a status report; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Self, InstrumentationError> {
        let invalid = |source| InstrumentationError::Invalid { path: path.to_owned(), source };
        // The shape is told by its top-level keys; each is then parsed from the text so that
        // errors keep their line and column.
        let value: serde_json::Value = serde_json::from_str(text).map_err(invalid)?;
        let mut events = if value.get("sources").is_some() {
            let report: StatusReport = serde_json::from_str(text).map_err(invalid)?;
            let mut events: BTreeMap<String, Vec<CallSite>> = BTreeMap::new();
            for scanned in report.sources {
                for event in scanned.events {
                    let sites = events.entry(event.name).or_default();
                    sites.extend(event.uses.into_iter().map(|u| CallSite {
                        file: u.place.file,
                        line: u.place.line,
                        source: scanned.source.clone(),
                    }));
                }
            }
            events
        } else {
            serde_json::from_str::<CallSites>(text).map_err(invalid)?.events
        };
        // The site lists call sites in a stable order whatever order the scanner found them in.
        for sites in events.values_mut() {
            sites.sort();
            sites.dedup();
        }
        Ok(Instrumentation { events })
    }

    /// Call sites of an event; empty when it is not instrumented.
    pub fn call_sites(&self, event: &str) -> &[CallSite] {
        self.events.get(event).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sites(report: &Instrumentation, event: &str) -> Vec<(String, u32, Option<String>)> {
        report.call_sites(event).iter().map(|s| (s.file.clone(), s.line, s.source.clone())).collect()
    }

    #[test]
    fn reads_the_minimal_shape_and_ignores_extra_fields() {
        let text = r#"{"tool": "scanner", "events": {
            "Order Completed": [{"file": "b.ts", "line": 9, "column": 3}, {"file": "a.ts", "line": 2, "source": "web"}],
            "Cart Viewed": []}, "missing": ["X"]}"#;
        let report = Instrumentation::parse(Path::new("status.json"), text).expect("valid");
        assert_eq!(
            sites(&report, "Order Completed"),
            [("a.ts".into(), 2, Some("web".into())), ("b.ts".into(), 9, None)]
        );
        assert!(report.call_sites("Cart Viewed").is_empty());
        assert!(report.call_sites("Unknown").is_empty());
    }

    #[test]
    fn reads_the_status_command_report_across_sources() {
        let text = r#"{"plan": "Shop", "version": "1.0.0", "sources": [
            {"source": "web", "paths": ["web"], "files_scanned": 2, "raw_calls": [], "problems": [], "events": [
                {"name": "Order Completed", "priority": "P0", "deprecated": false, "expected": true, "uses": [
                    {"place": {"file": "web/pay.ts", "line": 7, "column": 3}, "language": "typescript", "function": "trackOrderCompleted", "kind": "call"}]},
                {"name": "Cart Viewed", "priority": null, "deprecated": false, "expected": true, "uses": []}]},
            {"source": null, "events": [
                {"name": "Order Completed", "uses": [{"place": {"file": "srv/main.rs", "line": 40, "column": 5}}]}]}]}"#;
        let report = Instrumentation::parse(Path::new("status.json"), text).expect("valid");
        assert_eq!(
            sites(&report, "Order Completed"),
            [("srv/main.rs".into(), 40, None), ("web/pay.ts".into(), 7, Some("web".into()))]
        );
        assert!(report.call_sites("Cart Viewed").is_empty());
    }

    #[test]
    fn a_wrong_shape_names_the_file_place_and_fix() {
        for text in ["{\"events\": {\"A\": [{\"file\": 1}]}}", "{\"sources\": [{\"events\": 3}]}", "[1, 2]", "{"] {
            let error = Instrumentation::parse(Path::new("status.json"), text).expect_err("invalid");
            let message = error.to_string();
            assert!(message.starts_with("status.json:1:"), "{message}");
            assert!(message.contains("codegen status --format json"), "{message}");
        }
    }
}
