//! One JSON Schema per event, named after the event's snake_case name.

use trackplan_generator::output::GeneratedFile;
use trackplan_plan_model::Plan;
use trackplan_plan_model::json_schema::{Draft, event_schema};

use super::{json_text, metadata_losses};
use crate::report::Report;

pub(super) fn files(plan: &Plan, draft: Draft, losses: &mut Report) -> Vec<GeneratedFile> {
    metadata_losses(plan, losses, "a JSON Schema directory", false);
    calls_lost(plan, losses, "a JSON Schema directory");
    plan.events
        .iter()
        .map(|event| GeneratedFile {
            path: format!("{}.json", event.snake_name).into(),
            contents: json_text(&event_schema(plan, event, draft)),
        })
        .collect()
}

/// Formats that hold events only lose the identify, group, page and screen calls and the
/// global properties.
pub(super) fn calls_lost(plan: &Plan, losses: &mut Report, format: &str) {
    let calls = [
        ("globalProperties", plan.global_properties.as_ref()),
        ("identify", plan.identify.as_ref()),
        ("group", plan.group.as_ref()),
        ("page", plan.page.as_ref()),
        ("screen", plan.screen.as_ref()),
    ];
    for (name, call) in calls {
        if let Some(call) = call {
            losses.unmapped(
                format!("{}#{}", call.location.file.display(), call.location.path),
                format!("{format} holds events only; `{name}` is left out"),
            );
        }
    }
}
