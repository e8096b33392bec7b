//! Exporters: each turns a loaded plan into the files another tool reads, and lists what
//! that format cannot carry.

mod amplitude;
mod avo_csv;
mod dbt;
mod iglu;
mod jsonschema;
mod mixpanel;
pub(crate) mod segment;
mod sheet;

use std::fmt;
use std::str::FromStr;

use trackplan_generator::output::GeneratedFile;
use trackplan_plan_model::Plan;
use trackplan_plan_model::json_schema::Draft;

pub use amplitude::{EventPropertyEntry, Taxonomy, TaxonomyEvent, taxonomy};
pub use mixpanel::lexicon_entries;
pub use segment::rules;

use crate::report::Report;

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// One JSON Schema per event (`<event>.json`), draft 2020-12 or draft-07.
    JsonSchema(Draft),
    /// An Iglu static registry: `schemas/<vendor>/<event>/jsonschema/<M-R-A>`.
    Iglu,
    /// Segment Protocols rules (`tracking-plan-rules.json`, Public API shape).
    Segment,
    /// Mixpanel Lexicon Schemas bulk payload (`lexicon-schemas.json`).
    Mixpanel,
    /// Amplitude taxonomy: the tracking-plan CSV template and the Taxonomy API payload.
    Amplitude,
    /// Avo's tracking plan CSV template.
    AvoCsv,
    /// dbt `sources.yml` and model `schema.yml` with tests.
    Dbt,
}

impl Target {
    /// Every target with its command-line name.
    pub const NAMES: [(&'static str, Target); 8] = [
        ("jsonschema", Target::JsonSchema(Draft::Draft2020_12)),
        ("jsonschema-draft07", Target::JsonSchema(Draft::Draft07)),
        ("iglu", Target::Iglu),
        ("segment", Target::Segment),
        ("mixpanel", Target::Mixpanel),
        ("amplitude", Target::Amplitude),
        ("csv-avo", Target::AvoCsv),
        ("dbt", Target::Dbt),
    ];
}

impl FromStr for Target {
    type Err = String;

    fn from_str(text: &str) -> Result<Target, String> {
        Target::NAMES.iter().find(|(name, _)| *name == text).map(|(_, target)| *target).ok_or_else(|| {
            let names: Vec<&str> = Target::NAMES.iter().map(|(name, _)| *name).collect();
            format!("unknown export format {text:?}; expected one of {}", names.join(", "))
        })
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Target::NAMES.iter().find(|(_, target)| target == self).map_or("?", |(name, _)| *name);
        f.write_str(name)
    }
}

/// The files of an export and what the format could not carry.
#[derive(Debug, Clone)]
pub struct Exported {
    /// Files, with paths relative to the output directory.
    pub files: Vec<GeneratedFile>,
    /// Plan content the format has no place for, with its place in the plan.
    pub losses: Report,
}

/// Exports `plan` to `target`.
pub fn export(plan: &Plan, target: Target) -> Exported {
    let mut losses = Report::default();
    let files = match target {
        Target::JsonSchema(draft) => jsonschema::files(plan, draft, &mut losses),
        Target::Iglu => iglu::files(plan, &mut losses),
        Target::Segment => segment::files(plan, &mut losses),
        Target::Mixpanel => mixpanel::files(plan, &mut losses),
        Target::Amplitude => amplitude::files(plan, &mut losses),
        Target::AvoCsv => avo_csv::files(plan, &mut losses),
        Target::Dbt => dbt::files(plan, &mut losses),
    };
    // Only an Iglu registry holds more than one version of an event.
    if target != Target::Iglu {
        history_lost(plan, target, &mut losses);
    }
    Exported { files, losses }
}

/// Reports the earlier versions (`history`) a one-version format leaves out.
fn history_lost(plan: &Plan, target: Target, losses: &mut Report) {
    for event in plan.events.iter().filter(|event| !event.history.is_empty()) {
        let versions: Vec<String> = event.history.iter().map(|earlier| earlier.version.to_string()).collect();
        losses.unmapped(
            event_place(event),
            format!(
                "the {target} export holds the current version {} only; earlier versions {} (`history`) are left out",
                event.version,
                versions.join(", ")
            ),
        );
    }
}

/// Pretty JSON with a final newline.
fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Where an event is in the plan, for loss reports.
fn event_place(event: &trackplan_plan_model::model::Event) -> String {
    format!("{}#{}", event.location.file.display(), event.location.path)
}

/// Reports the event metadata a schema-only format has no place for.
fn metadata_losses(plan: &Plan, losses: &mut Report, format: &str, carries_version: bool) {
    for event in &plan.events {
        let mut lost = Vec::new();
        if !event.owners.is_empty() {
            lost.push("owners");
        }
        if event.category.is_some() {
            lost.push("category");
        }
        if !event.tags.is_empty() {
            lost.push("tags");
        }
        if !event.sources.is_empty() {
            lost.push("sources");
        }
        if event.priority.is_some() {
            lost.push("priority");
        }
        if !carries_version && event.version.to_string() != "1-0-0" {
            lost.push("version");
        }
        if event.deprecation.is_some() {
            lost.push("deprecation");
        }
        if !event.examples.is_empty() {
            lost.push("examples");
        }
        if !lost.is_empty() {
            losses.unmapped(event_place(event), format!("{format} has no place for the event's {}", lost.join(", ")));
        }
    }
}
