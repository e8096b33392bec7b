//! An Iglu static registry: `schemas/<vendor>/<name>/jsonschema/<MODEL-REVISION-ADDITION>`,
//! self-describing schemas that Snowplow pipelines and `igluctl` read. Every version is
//! written: the earlier ones from the event's `history`, the current one from the plan.

use serde_json::{Map, Value, json};
use trackplan_generator::output::GeneratedFile;
use trackplan_plan_model::Plan;
use trackplan_plan_model::json_schema::{IGLU_SELF_DESCRIBING, iglu_schema};
use trackplan_plan_model::model::{Event, EventVersion};

use super::jsonschema::calls_lost;
use super::{event_place, json_text, metadata_losses};
use crate::report::Report;

pub(super) fn files(plan: &Plan, losses: &mut Report) -> Vec<GeneratedFile> {
    metadata_losses(plan, losses, "an Iglu registry", true);
    calls_lost(plan, losses, "an Iglu registry");
    let mut files = Vec::new();
    for event in &plan.events {
        for (index, earlier) in event.history.iter().enumerate() {
            history_losses(event, index, earlier, losses);
            if let Some(schema) = &earlier.schema {
                files.push(file(
                    plan,
                    event,
                    &earlier.version.to_string(),
                    &with_envelope(plan, event, earlier, schema),
                ));
            }
        }
        let mut schema = iglu_schema(plan, event);
        // `title` keeps the wire name, which the snake_case schema name cannot give back.
        if let Value::Object(map) = &mut schema {
            map.insert("title".into(), event.name.clone().into());
        }
        files.push(file(plan, event, &event.version.to_string(), &schema));
    }
    files
}

fn file(plan: &Plan, event: &Event, version: &str, schema: &Value) -> GeneratedFile {
    GeneratedFile {
        path: format!("schemas/{}/{}/jsonschema/{version}", plan.vendor, event.snake_name).into(),
        contents: json_text(schema),
    }
}

/// An earlier version's schema, kept verbatim, inside the self-describing envelope.
fn with_envelope(plan: &Plan, event: &Event, earlier: &EventVersion, schema: &Map<String, Value>) -> Value {
    let mut document = Map::new();
    document.insert("$schema".into(), IGLU_SELF_DESCRIBING.into());
    document.insert(
        "self".into(),
        json!({
            "vendor": plan.vendor,
            "name": event.snake_name,
            "format": "jsonschema",
            "version": earlier.version.to_string(),
        }),
    );
    document.extend(
        schema
            .iter()
            .filter(|(key, _)| !matches!(key.as_str(), "$schema" | "self"))
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    Value::Object(document)
}

/// What of an earlier version a registry file cannot hold.
fn history_losses(event: &Event, index: usize, earlier: &EventVersion, losses: &mut Report) {
    let place = format!("{}.history[{index}]", event_place(event));
    let version = &earlier.version;
    let Some(schema) = &earlier.schema else {
        losses.unmapped(place, format!("version {version} has no `schema`, so the registry has no file for it"));
        return;
    };
    let mut lost = Vec::new();
    if earlier.date.is_some() {
        lost.push("date".to_owned());
    }
    if earlier.changes.is_some() {
        lost.push("changes".to_owned());
    }
    for key in ["$schema", "self"] {
        if schema.get(key).is_some_and(|value| key != "$schema" || value != IGLU_SELF_DESCRIBING) {
            lost.push(format!("its schema's own `{key}` (the registry's envelope replaces it)"));
        }
    }
    if !lost.is_empty() {
        losses.unmapped(place, format!("an Iglu registry has no place for version {version}'s {}", lost.join(", ")));
    }
}
