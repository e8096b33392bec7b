//! An Iglu static registry: `schemas/<vendor>/<name>/jsonschema/<MODEL-REVISION-ADDITION>`,
//! self-describing schemas that Snowplow pipelines and `igluctl` read.

use serde_json::Value;
use trackplan_generator::output::GeneratedFile;
use trackplan_plan_model::Plan;
use trackplan_plan_model::json_schema::iglu_schema;

use super::jsonschema::calls_lost;
use super::{json_text, metadata_losses};
use crate::report::Report;

pub(super) fn files(plan: &Plan, losses: &mut Report) -> Vec<GeneratedFile> {
    metadata_losses(plan, losses, "an Iglu registry", true);
    calls_lost(plan, losses, "an Iglu registry");
    plan.events
        .iter()
        .map(|event| {
            let mut schema = iglu_schema(plan, event);
            // `title` keeps the wire name, which the snake_case schema name cannot give back.
            if let Value::Object(map) = &mut schema {
                map.insert("title".into(), event.name.clone().into());
            }
            GeneratedFile {
                path: format!("schemas/{}/{}/jsonschema/{}", plan.vendor, event.snake_name, event.version).into(),
                contents: json_text(&schema),
            }
        })
        .collect()
}
