//! What recorded messages are checked against: every event of the plan (its properties merged
//! with the global properties, as sent) and the identify, group, page and screen calls the plan
//! defines, each compiled once into the runtime's fast generic validator.

use std::collections::HashMap;

use serde_json::Value;
use trackplan_plan_model::Plan;
use trackplan_plan_model::json_schema::{Draft, PatternSources, object_schema};
use trackplan_plan_model::model::Property;
use trackplan_runtime::generic::{CompiledSchema, SchemaError};

/// The kind of message a target validates: the runtime's call kinds.
pub use trackplan_runtime::Kind;

/// Index of a target in [`Targets`].
pub type TargetId = usize;

/// One event or call with its compiled schema.
#[derive(Debug)]
pub struct Target {
    /// The event's wire name, or the call's name (`identify`…).
    pub name: String,
    /// Track event or call.
    pub kind: Kind,
    /// The compiled schema of the properties (or traits) object as sent.
    pub schema: CompiledSchema,
    /// Top-level property names, for "wrong casing" hints.
    pub properties: Vec<String>,
}

/// Every target of a plan, with lookups by event name.
#[derive(Debug)]
pub struct Targets {
    /// Events in plan order, then the calls the plan defines.
    pub list: Vec<Target>,
    by_name: HashMap<String, TargetId>,
    by_folded_name: HashMap<String, TargetId>,
    calls: [Option<TargetId>; 4],
}

impl Targets {
    /// Compiles the schema of every event and call of `plan`.
    pub fn compile(plan: &Plan) -> Result<Self, SchemaError> {
        let sources = PatternSources::of(plan);
        let mut list = Vec::new();
        let globals = plan.global_properties.iter().flat_map(|g| &g.properties);
        for event in &plan.events {
            // The properties as sent: the event's own and the global ones (`wire_schema`).
            let sent: Vec<Property> = event.properties.iter().chain(globals.clone()).cloned().collect();
            list.push(Target {
                name: event.name.clone(),
                kind: Kind::Track,
                schema: compile_object(plan, &sources, &sent)?,
                properties: sent.iter().map(|p| p.name.clone()).collect(),
            });
        }
        let mut calls = [None; 4];
        let defined = [
            (Kind::Identify, &plan.identify),
            (Kind::Group, &plan.group),
            (Kind::Page, &plan.page),
            (Kind::Screen, &plan.screen),
        ];
        for (slot, (kind, call)) in calls.iter_mut().zip(defined) {
            let Some(call) = call else { continue };
            *slot = Some(list.len());
            list.push(Target {
                name: kind.as_str().to_owned(),
                kind,
                schema: compile_object(plan, &sources, &call.properties)?,
                properties: call.properties.iter().map(|p| p.name.clone()).collect(),
            });
        }
        let mut by_name = HashMap::new();
        let mut by_folded_name = HashMap::new();
        for (id, target) in list.iter().enumerate().filter(|(_, t)| t.kind == Kind::Track) {
            by_name.insert(target.name.clone(), id);
            by_folded_name.entry(fold(&target.name)).or_insert(id);
        }
        Ok(Targets { list, by_name, by_folded_name, calls })
    }

    /// The planned event with exactly this wire name.
    #[inline]
    pub fn event(&self, name: &str) -> Option<TargetId> {
        self.by_name.get(name).copied()
    }

    /// The planned event whose name differs from `name` only in case and separators.
    pub fn event_folded(&self, name: &str) -> Option<TargetId> {
        self.by_folded_name.get(&fold(name)).copied()
    }

    /// The target of a call, when the plan defines the call.
    #[inline]
    pub fn call(&self, kind: Kind) -> Option<TargetId> {
        match kind {
            Kind::Track => None,
            Kind::Identify => self.calls[0],
            Kind::Group => self.calls[1],
            Kind::Page => self.calls[2],
            Kind::Screen => self.calls[3],
        }
    }

    /// Names of every planned event, in plan order.
    pub fn event_names(&self) -> Vec<&str> {
        self.list.iter().filter(|t| t.kind == Kind::Track).map(|t| t.name.as_str()).collect()
    }
}

/// The runtime's fast validator of an object with `properties` (violations quote patterns as
/// the plan writes them).
pub fn object_validator(plan: &Plan, properties: &[Property]) -> Result<CompiledSchema, SchemaError> {
    compile_object(plan, &PatternSources::of(plan), properties)
}

/// A name reduced to its letters and digits, lower-cased: "Order Completed", "order_completed"
/// and "orderCompleted" fold alike.
pub fn fold(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Compiles the schema of an object with `properties`, patterns annotated with their spelling.
fn compile_object(
    plan: &Plan,
    sources: &PatternSources,
    properties: &[Property],
) -> Result<CompiledSchema, SchemaError> {
    let mut schema = Value::Object(object_schema(plan, properties, Draft::Draft2020_12));
    sources.annotate(&mut schema);
    CompiledSchema::compile(&schema)
}
