//! Mixpanel Lexicon Schemas bulk payload (`POST /api/app/projects/{projectId}/schemas`):
//! `entries[{entityType, name, schemaJson}]`, one per event plus the user profile
//! (`profile`, `$user`) from the identify traits. Lexicon shows descriptions, display names,
//! tags, hidden events and contacts from `metadata.com.mixpanel`.

use serde_json::{Map, Value, json};
use trackplan_generator::output::GeneratedFile;
use trackplan_plan_model::Plan;
use trackplan_plan_model::json_schema::{Draft, event_schema, object_schema};
use trackplan_plan_model::model::Status;

use super::json_text;
use crate::report::Report;

pub(super) fn files(plan: &Plan, losses: &mut Report) -> Vec<GeneratedFile> {
    for (name, call) in [
        ("group", &plan.group),
        ("page", &plan.page),
        ("screen", &plan.screen),
        ("globalProperties", &plan.global_properties),
    ] {
        if let Some(call) = call {
            losses.unmapped(
                format!("{}#{}", call.location.file.display(), call.location.path),
                format!("Lexicon schemas hold events and the user profile; `{name}` is left out"),
            );
        }
    }
    for event in &plan.events {
        let mut lost = Vec::new();
        if event.category.is_some() {
            lost.push("category");
        }
        if !event.sources.is_empty() {
            lost.push("sources");
        }
        if event.priority.is_some() {
            lost.push("priority");
        }
        if !lost.is_empty() {
            losses.unmapped(
                super::event_place(event),
                format!("Lexicon has no place for the event's {}", lost.join(", ")),
            );
        }
    }
    let payload = json!({ "entries": lexicon_entries(plan), "truncate": false });
    vec![GeneratedFile { path: "lexicon-schemas.json".into(), contents: json_text(&payload) }]
}

/// The Lexicon entries of the plan: events, then the user profile.
pub fn lexicon_entries(plan: &Plan) -> Vec<Value> {
    let mut entries = Vec::new();
    for event in &plan.events {
        let Value::Object(mut schema) = event_schema(plan, event, Draft::Draft07) else { continue };
        schema.remove("title");
        // Lexicon describes data, it does not enforce it; undeclared properties stay allowed.
        schema.insert("additionalProperties".into(), true.into());
        let mut mixpanel = Map::new();
        mixpanel.insert("displayName".into(), event.name.clone().into());
        mixpanel.insert("tags".into(), json!(event.tags));
        mixpanel.insert("hidden".into(), (event.status == Status::Deprecated).into());
        mixpanel.insert("dropped".into(), false.into());
        mixpanel.insert("contacts".into(), json!(event.owners));
        schema.insert("metadata".into(), json!({ "com.mixpanel": mixpanel }));
        entries.push(json!({ "entityType": "event", "name": event.name, "schemaJson": schema }));
    }
    if let Some(identify) = &plan.identify {
        let mut schema = Map::new();
        schema.insert("$schema".into(), Draft::Draft07.uri().into());
        if let Some(description) = &identify.description {
            schema.insert("description".into(), description.clone().into());
        }
        schema.extend(object_schema(plan, &identify.properties, Draft::Draft07));
        schema.insert("additionalProperties".into(), true.into());
        entries.push(json!({ "entityType": "profile", "name": "$user", "schemaJson": schema }));
    }
    entries
}
