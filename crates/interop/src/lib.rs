//! Tracking-plan interoperability: bring plans in from where they live today, send them out
//! to the tools that consume them.
//!
//! - [`import`]: spreadsheets (Avo, Amplitude and Mixpanel templates, or any sheet through a
//!   column mapping), Segment Protocols tracking plans, directories of JSON Schemas and Iglu
//!   registries become a [`raw::PlanFile`](trackplan_plan_model::raw::PlanFile). Every import
//!   returns a [`Report`] of what it could not map, by row or JSON path, and runs
//!   [`PostImportCheck`]s (the loader always; lint when connected) on the result.
//! - [`export`]: a loaded plan becomes JSON Schemas, an Iglu static registry, Segment
//!   Protocols rules, a Mixpanel Lexicon Schemas payload, Amplitude taxonomy CSV, the Avo CSV
//!   template, or dbt schema files with tests.
//! - [`push`]: descriptions, categories, owners and schemas synced through the Amplitude
//!   Taxonomy API, the Mixpanel Lexicon Schemas API and the Segment Public API, idempotently,
//!   with per-item results and a dry run.

pub mod export;
pub mod import;
pub mod push;
mod report;
mod schema_in;
mod value_type;

pub use report::{Finding, PostImportCheck, Report, Severity};
