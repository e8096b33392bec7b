//! Where events are tracked in code, read from a `codegen status` report.
//!
//! The docs site needs one thing from the report: for each event name, the places that call
//! its tracking function. The smallest document it reads is
//!
//! ```json
//! {
//!   "events": {
//!     "Order Completed": [
//!       { "file": "web/src/checkout/confirm.ts", "line": 118 },
//!       { "file": "ios/Sources/Checkout/ConfirmViewModel.swift", "line": 52 }
//!     ],
//!     "Cart Viewed": []
//!   }
//! }
//! ```
//!
//! `events` maps wire names to call sites (`file` as the report prints it, `line` 1-based). An
//! event that is missing from the map, or maps to an empty list, is shown as not instrumented.
//! Any other field, at any level, is ignored, so `codegen status --format json` can carry more
//! (columns, sources, warnings) in the same document.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Call sites of each event, by wire name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Instrumentation {
    /// Call sites per event wire name.
    pub events: BTreeMap<String, Vec<CallSite>>,
}

/// One place in the code that tracks an event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct CallSite {
    /// Source file, as the status report names it.
    pub file: String,
    /// 1-based line.
    pub line: u32,
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
        "{}:{}:{}: not a status report: {source}\n  help: pass the JSON written by `codegen status --format json`; it needs `{{\"events\": {{\"<event name>\": [{{\"file\": \"…\", \"line\": 1}}]}}}}`",
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

impl Instrumentation {
    /// Read a status report.
    pub fn load(path: &Path) -> Result<Self, InstrumentationError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| InstrumentationError::Unreadable { path: path.to_owned(), source })?;
        Self::parse(path, &text)
    }

    /// Parse a status report; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Self, InstrumentationError> {
        let mut report: Instrumentation = serde_json::from_str(text)
            .map_err(|source| InstrumentationError::Invalid { path: path.to_owned(), source })?;
        // The site lists call sites in a stable order whatever order the scanner found them in.
        for sites in report.events.values_mut() {
            sites.sort();
            sites.dedup();
        }
        Ok(report)
    }

    /// Call sites of an event; empty when it is not instrumented.
    pub fn call_sites(&self, event: &str) -> &[CallSite] {
        self.events.get(event).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_minimal_shape_and_ignores_extra_fields() {
        let text = r#"{"tool": "codegen status", "events": {
            "Order Completed": [{"file": "b.ts", "line": 9, "column": 3}, {"file": "a.ts", "line": 2}],
            "Cart Viewed": []}, "missing": ["X"]}"#;
        let report = Instrumentation::parse(Path::new("status.json"), text).expect("valid");
        let sites: Vec<_> = report.call_sites("Order Completed").iter().map(|s| (s.file.as_str(), s.line)).collect();
        assert_eq!(sites, [("a.ts", 2), ("b.ts", 9)]);
        assert!(report.call_sites("Cart Viewed").is_empty());
        assert!(report.call_sites("Unknown").is_empty());
    }

    #[test]
    fn a_wrong_shape_names_the_file_place_and_fix() {
        let error = Instrumentation::parse(Path::new("status.json"), "{\"events\": {\"A\": [{\"file\": 1}]}}")
            .expect_err("invalid");
        let message = error.to_string();
        assert!(message.starts_with("status.json:1:"), "{message}");
        assert!(message.contains("codegen status --format json"), "{message}");
    }
}
