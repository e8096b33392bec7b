//! The JSON Schema each message embeds for the runtime's generic validator: the plan model's
//! schema without descriptions (validation does not read them), with each pattern's plan
//! spelling next to its compiled form so violations quote it as written.

use serde_json::{Map, Value};
pub use trackplan_plan_model::json_schema::PatternSources;
use trackplan_plan_model::json_schema::{Draft, event_schema, object_schema};
use trackplan_plan_model::model::{Event, Plan, Property};

/// Compact JSON Schema text of an event's properties object.
pub fn event(plan: &Plan, event: &Event, sources: &PatternSources) -> String {
    finish(event_schema(plan, event, Draft::Draft2020_12), sources)
}

/// Compact JSON Schema text of a call's (or the global properties') object.
pub fn object(plan: &Plan, properties: &[Property], sources: &PatternSources) -> String {
    let mut schema = Map::new();
    schema.insert("$schema".into(), Draft::Draft2020_12.uri().into());
    schema.extend(object_schema(plan, properties, Draft::Draft2020_12));
    finish(Value::Object(schema), sources)
}

fn finish(mut schema: Value, sources: &PatternSources) -> String {
    drop_descriptions(&mut schema);
    sources.annotate(&mut schema);
    serde_json::to_string(&schema).unwrap_or_default()
}

/// Drop descriptions, in every schema object of `schema`.
fn drop_descriptions(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    map.remove("description");
    if let Some(Value::Object(members)) = map.get_mut("properties") {
        members.values_mut().for_each(drop_descriptions);
    }
    if let Some(items) = map.get_mut("items") {
        drop_descriptions(items);
    }
    if let Some(Value::Array(all)) = map.get_mut("allOf") {
        all.iter_mut().for_each(drop_descriptions);
    }
}
