//! Importers: each reads one outside format into a plan file and reports what it could not
//! map. [`finish`] then proves the result loads and runs the post-import checks.

mod csv_sheet;
mod files;
mod identifiers;
mod iglu;
mod jsonschema;
mod segment;

use std::path::{Path, PathBuf};

use trackplan_plan_model::Plan;
use trackplan_plan_model::raw::PlanFile;

pub use csv_sheet::{ColumnMap, Field, Template};

use crate::report::{Finding, PostImportCheck, Report, Severity};

/// The formats `import` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A spreadsheet (CSV) with a known template's columns, or any columns mapped to fields.
    Csv(ColumnMap),
    /// A Segment Protocols tracking plan: Public API rules or the legacy Config API shape.
    Segment,
    /// A directory of per-event JSON Schemas (`*.json`, searched recursively).
    JsonSchema,
    /// An Iglu registry on disk (`schemas/<vendor>/<name>/jsonschema/<M-R-A>`).
    Iglu,
}

/// Plan metadata the formats do not all carry.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Plan name; else the input's own (Segment) or its file name.
    pub name: Option<String>,
    /// Plan version; default "1.0.0".
    pub version: Option<String>,
    /// Iglu vendor; else the input's own (Iglu) or none.
    pub vendor: Option<String>,
}

/// An imported plan file with the report of what did not map.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The plan file, ready to serialize.
    pub plan: PlanFile,
    /// What could not be mapped, with places in the input.
    pub report: Report,
}

/// Why an input could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The input.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The input is not in the format it was said to be.
    #[error("{path}: {message}")]
    Format {
        /// The input.
        path: PathBuf,
        /// What is wrong, and how to fix it.
        message: String,
    },
}

/// Reads `input` as `source`.
pub fn import(source: &Source, input: &Path, options: &Options) -> Result<Imported, ImportError> {
    let mut imported = match source {
        Source::Csv(columns) => csv_sheet::import(input, columns)?,
        Source::Segment => segment::import(input)?,
        Source::JsonSchema => jsonschema::import(input)?,
        Source::Iglu => iglu::import(input)?,
    };
    let plan = &mut imported.plan;
    plan.format_version = trackplan_plan_model::FORMAT_VERSION;
    if let Some(name) = &options.name {
        plan.name.clone_from(name);
    }
    if plan.name.is_empty() {
        plan.name = input.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    }
    plan.version = options.version.clone().unwrap_or_else(|| "1.0.0".to_owned());
    if options.vendor.is_some() {
        plan.vendor.clone_from(&options.vendor);
    }
    identifiers::repair(&mut imported.plan, &mut imported.report);
    Ok(imported)
}

/// An import proven to load, with its checks' findings.
#[derive(Debug)]
pub struct Checked {
    /// The plan file as JSON text, ready to write.
    pub text: String,
    /// The loaded plan.
    pub plan: Plan,
    /// The import's report followed by the checks' findings.
    pub report: Report,
}

/// Serializes the imported plan, loads it with the plan model (as `path`), and runs `checks`
/// on it. Loader diagnostics come back as the error: the plan must not be written then.
pub fn finish(
    imported: Imported,
    path: &Path,
    checks: &[&dyn PostImportCheck],
) -> Result<Checked, (Report, trackplan_plan_model::Diagnostics)> {
    let text = plan_text(&imported.plan);
    let mut report = imported.report;
    match trackplan_plan_model::load_from_str(path, text.clone()) {
        Ok(plan) => {
            for check in checks {
                for finding in check.check(&plan, &text) {
                    let message = format!("{}: {}", check.name(), finding.message);
                    report.findings.push(Finding { severity: Severity::Check, message, ..finding });
                }
            }
            Ok(Checked { text, plan, report })
        }
        Err(diagnostics) => Err((report, diagnostics)),
    }
}

/// The plan file as pretty JSON with a final newline.
pub fn plan_text(plan: &PlanFile) -> String {
    let mut text = serde_json::to_string_pretty(plan).unwrap_or_default();
    text.push('\n');
    text
}
