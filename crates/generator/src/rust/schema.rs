//! The JSON Schema each message embeds for the runtime's generic validator: the plan model's
//! schema without descriptions (validation does not read them), with each pattern's plan
//! spelling next to its compiled form so violations quote it as written.

use std::collections::HashMap;

use serde_json::{Map, Value};
use trackplan_plan_model::json_schema::{Draft, event_schema, object_schema};
use trackplan_plan_model::model::{Event, NamedKind, Plan, Property, Type};

/// The annotation the runtime reads (`trackplan_runtime::generic::PATTERN_SOURCE_KEYWORD`).
const PATTERN_SOURCE: &str = "x-trackplan-pattern";

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
    annotate(&mut schema, sources);
    serde_json::to_string(&schema).unwrap_or_default()
}

/// Plan spelling of every pattern, by compiled (ECMAScript) form.
#[derive(Default)]
pub struct PatternSources(HashMap<String, String>);

impl PatternSources {
    /// Every pattern of the plan.
    pub fn of(plan: &Plan) -> Self {
        let mut sources = PatternSources::default();
        let calls = [&plan.global_properties, &plan.identify, &plan.group, &plan.page, &plan.screen];
        let properties = plan
            .events
            .iter()
            .flat_map(|e| &e.properties)
            .chain(calls.into_iter().flatten().flat_map(|c| &c.properties))
            .chain(plan.types.iter().flat_map(|t| match &t.kind {
                NamedKind::Object { properties } => properties.as_slice(),
                NamedKind::Enum { .. } => &[],
            }));
        for property in properties {
            sources.add(&property.ty);
        }
        sources
    }

    fn add(&mut self, ty: &Type) {
        match ty {
            Type::String(rules) => {
                if let Some(pattern) = rules.pattern.as_ref().filter(|p| p.source != p.ecma) {
                    self.0.entry(pattern.ecma.clone()).or_insert_with(|| pattern.source.clone());
                }
            }
            Type::Array(array) => self.add(&array.items),
            _ => {}
        }
    }
}

/// Drop descriptions and add pattern sources, in every schema object of `schema`.
fn annotate(schema: &mut Value, sources: &PatternSources) {
    let Value::Object(map) = schema else { return };
    map.remove("description");
    if let Some(source) = map.get("pattern").and_then(Value::as_str).and_then(|ecma| sources.0.get(ecma)) {
        map.insert(PATTERN_SOURCE.into(), source.clone().into());
    }
    if let Some(Value::Object(members)) = map.get_mut("properties") {
        members.values_mut().for_each(|member| annotate(member, sources));
    }
    if let Some(items) = map.get_mut("items") {
        annotate(items, sources);
    }
    if let Some(Value::Array(all)) = map.get_mut("allOf") {
        all.iter_mut().for_each(|member| annotate(member, sources));
    }
}
