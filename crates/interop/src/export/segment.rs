//! Segment Protocols rules in the Public API shape: one rule per event (TRACK), the identify
//! (IDENTIFY), group (GROUP), page (PAGE) and screen (SCREEN) calls, and the global
//! properties (COMMON). Each `jsonSchema` describes the whole message, draft-07, with the
//! plan's rules under `properties.properties` or `properties.traits`.

use serde_json::{Map, Value, json};
use trackplan_generator::output::GeneratedFile;
use trackplan_plan_model::Plan;
use trackplan_plan_model::json_schema::{Draft, object_schema, wire_schema};
use trackplan_plan_model::model::{Call, Event, Status};

use super::{event_place, json_text};
use crate::report::Report;

pub(super) fn files(plan: &Plan, losses: &mut Report) -> Vec<GeneratedFile> {
    for event in &plan.events {
        if event.version.revision != 0 || event.version.addition != 0 {
            losses.unmapped(
                event_place(event),
                format!(
                    "Segment rule versions are whole numbers; {} is written as version {}",
                    event.version, event.version.model
                ),
            );
        }
    }
    for event in &plan.events {
        let mut lost = Vec::new();
        if !event.examples.is_empty() {
            lost.push("examples");
        }
        if event.deprecation.is_some() {
            lost.push("deprecation note");
        }
        if !lost.is_empty() {
            losses.unmapped(
                event_place(event),
                format!("Segment Protocols rules have no place for the event's {}", lost.join(", ")),
            );
        }
    }
    let document = json!({ "rules": rules(plan) });
    vec![GeneratedFile { path: "tracking-plan-rules.json".into(), contents: json_text(&document) }]
}

/// The plan as Segment Public API rules, in plan order: COMMON, IDENTIFY, GROUP, PAGE,
/// SCREEN, then one TRACK rule per event.
pub fn rules(plan: &Plan) -> Vec<Value> {
    let mut rules = Vec::new();
    if let Some(globals) = &plan.global_properties {
        // COMMON applies to every message, whose other properties it must not forbid.
        let mut schema = object_schema(plan, &globals.properties, Draft::Draft07);
        schema.remove("additionalProperties");
        rules.push(rule(None, "COMMON", 1, message(None, "properties", schema)));
    }
    let calls = [
        ("IDENTIFY", "traits", &plan.identify),
        ("GROUP", "traits", &plan.group),
        ("PAGE", "properties", &plan.page),
        ("SCREEN", "properties", &plan.screen),
    ];
    for (kind, part, call) in calls {
        if let Some(call) = call {
            rules.push(rule(None, kind, 1, call_message(plan, call, part)));
        }
    }
    for event in &plan.events {
        // The wire schema: what the event carries with the global properties, so that a
        // closed object does not reject them.
        let Value::Object(mut schema) = wire_schema(plan, event, Draft::Draft07) else { continue };
        schema.remove("$schema");
        schema.remove("title");
        let description = schema.remove("description").and_then(|d| d.as_str().map(str::to_owned));
        let mut message = message(description.as_deref(), "properties", schema);
        let labels = labels(event);
        if !labels.is_empty() {
            message.insert("labels".into(), Value::Object(labels));
        }
        rules.push(rule(Some(&event.name), "TRACK", event.version.model, message));
    }
    rules
}

/// Protocols labels (key: value) carry the event's metadata: category, owners, tags,
/// sources, priority and status, lists joined with ", ".
fn labels(event: &Event) -> Map<String, Value> {
    let mut labels = Map::new();
    let mut add = |key: &str, value: String| {
        if !value.is_empty() {
            labels.insert(key.into(), value.into());
        }
    };
    add(LABEL_CATEGORY, event.category.clone().unwrap_or_default());
    add(LABEL_OWNERS, event.owners.join(", "));
    add(LABEL_TAGS, event.tags.join(", "));
    add(LABEL_SOURCES, event.sources.join(", "));
    add(LABEL_PRIORITY, event.priority.map(|p| format!("{p:?}")).unwrap_or_default());
    if event.status == Status::Deprecated {
        add(LABEL_STATUS, "deprecated".to_owned());
    }
    labels
}

/// Label key of the event category.
pub(crate) const LABEL_CATEGORY: &str = "category";
/// Label key of the owners, ", "-separated.
pub(crate) const LABEL_OWNERS: &str = "owners";
/// Label key of the tags, ", "-separated.
pub(crate) const LABEL_TAGS: &str = "tags";
/// Label key of the sources, ", "-separated.
pub(crate) const LABEL_SOURCES: &str = "sources";
/// Label key of the priority: P0, P1 or P2.
pub(crate) const LABEL_PRIORITY: &str = "priority";
/// Label key of the status: "deprecated" when the event is.
pub(crate) const LABEL_STATUS: &str = "status";

fn call_message(plan: &Plan, call: &Call, part: &str) -> Map<String, Value> {
    message(call.description.as_deref(), part, object_schema(plan, &call.properties, Draft::Draft07))
}

/// The schema of a whole message with `part` described by `schema`.
fn message(description: Option<&str>, part: &str, schema: Map<String, Value>) -> Map<String, Value> {
    let required = schema.get("required").is_some();
    let mut parts = Map::new();
    for name in ["context", "traits", "properties"] {
        parts.insert(name.into(), if name == part { Value::Object(schema.clone()) } else { json!({}) });
    }
    let mut message = Map::new();
    message.insert("$schema".into(), Draft::Draft07.uri().into());
    message.insert("type".into(), "object".into());
    if let Some(description) = description {
        message.insert("description".into(), description.into());
    }
    message.insert("properties".into(), Value::Object(parts));
    if required {
        message.insert("required".into(), json!([part]));
    }
    message
}

fn rule(key: Option<&str>, kind: &str, version: u32, schema: Map<String, Value>) -> Value {
    let mut rule = Map::new();
    if let Some(key) = key {
        rule.insert("key".into(), key.into());
    }
    rule.insert("type".into(), kind.into());
    rule.insert("version".into(), version.into());
    rule.insert("jsonSchema".into(), Value::Object(schema));
    Value::Object(rule)
}
