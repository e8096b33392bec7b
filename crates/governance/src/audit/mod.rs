//! `codegen audit`: recorded events (Segment, Amplitude and Mixpanel exports, Trackplan
//! emulator captures) checked against the plan through the runtime's generic path, with
//! counts per event and per rule and sample offending records.
//!
//! The input streams through in chunks of whole lines ([`read`]), checked by worker threads
//! ([`run`]): each line's shape is recognised ([`shape`]) and its properties validated while
//! they are parsed ([`scan`]), the detailed path ([`check`]) building violations only for the
//! records that need them. Tallies ([`tally`]) merge in input order, so the report ([`report`],
//! rendered by [`render`]) is the same for any number of threads.

pub mod check;
pub mod read;
pub mod render;
pub mod report;
pub mod run;
pub mod scan;
pub mod shape;
pub mod tally;
pub mod targets;

use std::io::Read;

use trackplan_plan_model::Plan;

pub use report::Report;
pub use run::Settings;
pub use shape::InputFormat;
pub use targets::Targets;

/// Why an audit could not run.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// An event's schema is beyond what the fast validator compiles (never for a loaded plan).
    #[error("cannot compile the plan's schemas: {0}")]
    Schema(#[from] trackplan_runtime::generic::SchemaError),
    /// An input could not be read.
    #[error("cannot read the events: {0}")]
    Io(#[from] std::io::Error),
}

/// Audits `inputs` (named `names` in the report) against `plan`.
pub fn audit<R: Read + Send>(
    plan: &Plan,
    names: &[String],
    inputs: Vec<R>,
    settings: &Settings,
) -> Result<Report, AuditError> {
    let targets = Targets::compile(plan)?;
    let tally = run::run(&targets, inputs, settings)?;
    Ok(Report::build(plan, &targets, names, settings.format, tally))
}
