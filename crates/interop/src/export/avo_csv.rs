//! Avo's tracking plan CSV template: one row per event-property pair, event cells repeated.

use trackplan_generator::output::GeneratedFile;
use trackplan_plan_model::Plan;

use super::sheet::{csv_text, row};
use super::{event_place, jsonschema::calls_lost};
use crate::import::Template;
use crate::report::Report;

pub(super) fn files(plan: &Plan, losses: &mut Report) -> Vec<GeneratedFile> {
    calls_lost(plan, losses, "the Avo CSV");
    let header: Vec<&str> = Template::Avo.columns().iter().map(|(name, _)| *name).collect();
    let mut rows = Vec::new();
    for event in &plan.events {
        let cells = |property: [String; 7]| {
            let [name, description, ty, required, array, options, regex] = property;
            vec![
                event.name.clone(),
                event.description.clone().unwrap_or_default(),
                event.category.clone().unwrap_or_default(),
                event.sources.join(", "),
                name,
                description,
                ty,
                required,
                array,
                options,
                event.owners.join(", "),
                event.tags.join(", "),
                regex,
            ]
        };
        if event.properties.is_empty() {
            rows.push(cells(Default::default()));
        }
        for property in &event.properties {
            let described = row(plan, property, true);
            if !described.lost.is_empty() {
                losses.unmapped(
                    format!("{}#{}", property.location.file.display(), property.location.path),
                    format!("the Avo CSV has no column for {}", described.lost.join(", ")),
                );
            }
            if described.allowed.iter().any(|value| value.contains(',')) {
                losses.unmapped(
                    format!("{}#{}", property.location.file.display(), property.location.path),
                    "an enumeration option contains a comma, which the Avo CSV uses as separator",
                );
            }
            let ty = match described.ty {
                "integer" => "int",
                "number" => "float",
                "boolean" => "bool",
                other => other,
            };
            rows.push(cells([
                property.name.clone(),
                property.description.clone().unwrap_or_default(),
                ty.to_owned(),
                yes_no(property.required),
                yes_no(described.array),
                described.allowed.join(", "),
                described.regex.unwrap_or_default(),
            ]));
        }
        let mut lost = Vec::new();
        if event.priority.is_some() {
            lost.push("priority");
        }
        if event.version.to_string() != "1-0-0" {
            lost.push("version");
        }
        if event.deprecation.is_some() {
            lost.push("deprecation");
        }
        if !event.examples.is_empty() {
            lost.push("examples");
        }
        if !lost.is_empty() {
            losses
                .unmapped(event_place(event), format!("the Avo CSV has no column for the event's {}", lost.join(", ")));
        }
    }
    vec![GeneratedFile { path: "avo-tracking-plan.csv".into(), contents: csv_text(&header, &rows) }]
}

fn yes_no(flag: bool) -> String {
    if flag { "TRUE" } else { "FALSE" }.to_owned()
}
