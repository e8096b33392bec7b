//! The Trackplan tracking-plan model.
//!
//! A tracking plan is a versioned JSON file (optionally split into included files) listing the
//! events a product sends, their properties, types and constraints. This crate
//!
//! - defines the file format ([`raw`]) with serde and schemars, and publishes its JSON Schema
//!   ([`plan_file_schema`]);
//! - loads plans with precise diagnostics ([`load`]): file, line:column, JSON path, what is
//!   wrong and how to fix it, every problem at once;
//! - checks the plan's semantics and resolves it into [`model::Plan`], the language-neutral IR
//!   the generators consume, with identifiers computed once per target language ([`naming`]);
//! - produces each event's JSON Schema and Iglu self-describing schema ([`json_schema`]).
//!
//! ```no_run
//! let plan = trackplan_plan_model::load("tracking-plan.json").unwrap_or_else(|diagnostics| {
//!     eprintln!("{diagnostics}");
//!     std::process::exit(1);
//! });
//! for event in &plan.events {
//!     println!("{} -> {}", event.name, event.type_name.rust);
//! }
//! ```

pub mod diagnostic;
pub mod formats;
pub mod json_path;
pub mod json_schema;
mod load;
pub mod model;
pub mod naming;
pub mod raw;
mod report;
mod resolve;
pub mod schemaver;
pub mod source_map;
pub mod suggest;
pub mod validate;

use std::path::Path;

pub use diagnostic::{Code, Diagnostic, Diagnostics};
pub use load::FORMAT_VERSION;
pub use model::Plan;
pub use schemaver::SchemaVer;

/// Load, check and resolve the plan whose root file is `path`.
pub fn load(path: impl AsRef<Path>) -> Result<Plan, Diagnostics> {
    let path = path.as_ref();
    match std::fs::read_to_string(path) {
        Ok(text) => load_from_str(path, text),
        Err(error) => Err(report::Reporter::unreadable(
            path.to_path_buf(),
            format!("cannot read plan file: {error}"),
            "check the path; the plan's root file is usually tracking-plan.json".to_owned(),
        )),
    }
}

/// Load a plan whose root file content is `text`; `path` names it in diagnostics and anchors
/// relative `include` paths.
pub fn load_from_str(path: impl AsRef<Path>, text: impl Into<String>) -> Result<Plan, Diagnostics> {
    let mut reporter = report::Reporter::default();
    // Items with shape errors were dropped and reported; the rest is still checked so that
    // one run reports every problem.
    let plan = load::gather(&mut reporter, path.as_ref(), text.into())
        .and_then(|gathered| resolve::resolve(&mut reporter, gathered));
    match plan {
        Some(plan) if !reporter.has_errors() => Ok(plan),
        _ => Err(reporter.finish()),
    }
}

/// The JSON Schema of the plan file format, for editors (`"$schema"`) and `codegen schema`.
pub fn plan_file_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(raw::PlanFile)).unwrap_or_default()
}

/// The JSON Schema of files a plan includes (events, definitions, property groups).
pub fn plan_fragment_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(raw::PlanFragment)).unwrap_or_default()
}

/// Line:column lookups in one plan file, for tools that report on plan items (lint, docs).
pub struct Positions {
    text: String,
    index: source_map::JsonIndex,
}

impl Positions {
    /// Index the text of a plan file.
    pub fn new(text: String) -> Self {
        let index = source_map::JsonIndex::build(&text);
        Positions { text, index }
    }

    /// Read and index the file a plan item was written in.
    pub fn read(location: &model::Location) -> std::io::Result<Self> {
        std::fs::read_to_string(location.file.as_ref()).map(Positions::new)
    }

    /// 1-based line and column of the value at `path` (of its key when `key` is set), or of
    /// the nearest enclosing value that exists.
    pub fn line_column(&self, path: &json_path::JsonPath, key: bool) -> (u32, u32) {
        let at = self.index.line_column(&self.text, self.index.range(path, key).start);
        (at.line, at.column)
    }
}
