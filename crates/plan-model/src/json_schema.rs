//! Per-event JSON Schema, the schema runtimes validate payloads against and `export` publishes.
//!
//! The schema describes the event's properties object. Objects are closed
//! (`additionalProperties: false`) because the typed SDKs cannot send undeclared properties:
//! a payload is valid for the schema exactly when the typed SDK can produce it. Shared
//! definitions are inlined so every schema stands alone.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::model::{ArrayType, Bound, Event, Format, NamedKind, NumberRules, Plan, Property, StringRules, Type};

/// The annotation next to `pattern` that gives the pattern as the plan writes it, which the
/// runtime's generic validators quote in violations (`trackplan_runtime::generic::PATTERN_SOURCE_KEYWORD`).
pub const PATTERN_SOURCE_KEYWORD: &str = "x-trackplan-pattern";

/// The plan spelling of every pattern of a plan, by compiled (ECMAScript) form: schemas carry
/// the compiled form, violations quote the plan's.
#[derive(Debug, Default)]
pub struct PatternSources(HashMap<String, String>);

impl PatternSources {
    /// Every pattern of `plan` whose compiled form differs from its spelling.
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

    /// The plan spelling of the pattern compiled as `ecma`, when they differ.
    pub fn source(&self, ecma: &str) -> Option<&str> {
        self.0.get(ecma).map(String::as_str)
    }

    /// Adds [`PATTERN_SOURCE_KEYWORD`] next to every `pattern` of `schema` spelled otherwise in
    /// the plan, at any depth.
    pub fn annotate(&self, schema: &mut Value) {
        let Value::Object(map) = schema else { return };
        if let Some(source) = map.get("pattern").and_then(Value::as_str).and_then(|ecma| self.source(ecma)) {
            map.insert(PATTERN_SOURCE_KEYWORD.into(), source.into());
        }
        if let Some(Value::Object(members)) = map.get_mut("properties") {
            members.values_mut().for_each(|member| self.annotate(member));
        }
        if let Some(items) = map.get_mut("items") {
            self.annotate(items);
        }
        if let Some(Value::Array(all)) = map.get_mut("allOf") {
            all.iter_mut().for_each(|member| self.annotate(member));
        }
    }
}

/// JSON Schema dialects Trackplan writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draft {
    /// Draft 2020-12, the default.
    Draft2020_12,
    /// Draft-07, for tools that have not moved on.
    Draft07,
    /// Draft-04, the dialect of Iglu self-describing schemas (boolean exclusive bounds).
    Draft04,
}

impl Draft {
    /// The `$schema` URI of the dialect.
    pub fn uri(self) -> &'static str {
        match self {
            Draft::Draft2020_12 => "https://json-schema.org/draft/2020-12/schema",
            Draft::Draft07 => "http://json-schema.org/draft-07/schema#",
            Draft::Draft04 => "http://json-schema.org/draft-04/schema#",
        }
    }
}

/// The Iglu meta-schema that self-describing schemas declare.
pub const IGLU_SELF_DESCRIBING: &str =
    "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#";

/// JSON Schema of an event's properties object.
pub fn event_schema(plan: &Plan, event: &Event, draft: Draft) -> Value {
    let mut schema = Map::new();
    schema.insert("$schema".into(), draft.uri().into());
    schema.insert("title".into(), event.name.clone().into());
    if let Some(description) = &event.description {
        schema.insert("description".into(), description.clone().into());
    }
    schema.extend(object_schema(plan, &event.properties, draft));
    Value::Object(schema)
}

/// JSON Schema of the properties object as sent: the event's own properties merged with the
/// plan's global properties (what recorded events are audited against).
pub fn wire_schema(plan: &Plan, event: &Event, draft: Draft) -> Value {
    let mut schema = event_schema(plan, event, draft);
    let Some(globals) = &plan.global_properties else { return schema };
    let merged: Vec<Property> = event.properties.iter().chain(&globals.properties).cloned().collect();
    if let Value::Object(map) = &mut schema {
        map.extend(object_schema(plan, &merged, draft));
    }
    schema
}

/// Iglu self-describing schema of an event (`iglu:<vendor>/<name>/jsonschema/<M-R-A>`).
pub fn iglu_schema(plan: &Plan, event: &Event) -> Value {
    let mut schema = Map::new();
    schema.insert("$schema".into(), IGLU_SELF_DESCRIBING.into());
    schema.insert(
        "self".into(),
        json!({
            "vendor": plan.vendor,
            "name": event.snake_name,
            "format": "jsonschema",
            "version": event.version.to_string(),
        }),
    );
    if let Some(description) = &event.description {
        schema.insert("description".into(), description.clone().into());
    }
    schema.extend(object_schema(plan, &event.properties, Draft::Draft04));
    Value::Object(schema)
}

/// Schema of an object with these properties.
pub fn object_schema(plan: &Plan, properties: &[Property], draft: Draft) -> Map<String, Value> {
    let mut members = Map::new();
    let mut required = Vec::new();
    for property in properties {
        let mut schema = type_schema(plan, &property.ty, property.nullable, draft);
        if let (Some(description), Value::Object(map)) = (&property.description, &mut schema) {
            map.insert("description".into(), description.clone().into());
        }
        members.insert(property.name.clone(), schema);
        if property.required {
            required.push(Value::String(property.name.clone()));
        }
    }
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Object(members));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    schema.insert("additionalProperties".into(), false.into());
    schema
}

/// Schema of one value type.
pub fn type_schema(plan: &Plan, ty: &Type, nullable: bool, draft: Draft) -> Value {
    let mut schema = Map::new();
    let type_name = |name: &str| if nullable { json!([name, "null"]) } else { json!(name) };
    match ty {
        Type::String(rules) => {
            schema.insert("type".into(), type_name("string"));
            string_rules(rules, draft, &mut schema);
        }
        Type::Integer(rules) => {
            schema.insert("type".into(), type_name("integer"));
            number_rules(rules, nullable, draft, &mut schema);
        }
        Type::Number(rules) => {
            schema.insert("type".into(), type_name("number"));
            number_rules(rules, nullable, draft, &mut schema);
        }
        Type::Boolean => {
            schema.insert("type".into(), type_name("boolean"));
        }
        Type::Array(array) => {
            schema.insert("type".into(), type_name("array"));
            array_rules(plan, array, draft, &mut schema);
        }
        Type::Enum(id) => {
            schema.insert("type".into(), type_name("string"));
            if let NamedKind::Enum { values } = &plan.ty(*id).kind {
                let mut allowed: Vec<Value> = values.iter().map(|v| Value::String(v.value.clone())).collect();
                if nullable {
                    allowed.push(Value::Null);
                }
                schema.insert("enum".into(), Value::Array(allowed));
            }
        }
        Type::Object(id) => {
            if let NamedKind::Object { properties } = &plan.ty(*id).kind {
                schema = object_schema(plan, properties, draft);
                if nullable {
                    schema.insert("type".into(), json!(["object", "null"]));
                }
            }
        }
    }
    Value::Object(schema)
}

/// Draft-07 and draft-04 define no `uuid` format, so validators of those drafts ignore it;
/// the pattern says the same thing in a way they all check.
const UUID_PATTERN: &str = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

fn string_rules(rules: &StringRules, draft: Draft, schema: &mut Map<String, Value>) {
    if let Some(min) = rules.min_length {
        schema.insert("minLength".into(), min.into());
    }
    if let Some(max) = rules.max_length {
        schema.insert("maxLength".into(), max.into());
    }
    if let Some(pattern) = &rules.pattern {
        schema.insert("pattern".into(), pattern.ecma.clone().into());
    }
    if let Some(format) = rules.format {
        schema.insert("format".into(), format.as_str().into());
        if format == Format::Uuid && draft != Draft::Draft2020_12 {
            if rules.pattern.is_some() {
                // Two patterns need `allOf`; keep the plan's and let both formats apply.
                schema.insert("allOf".into(), json!([{ "pattern": UUID_PATTERN }]));
            } else {
                schema.insert("pattern".into(), UUID_PATTERN.into());
            }
        }
    }
}

fn number_rules(rules: &NumberRules, nullable: bool, draft: Draft, schema: &mut Map<String, Value>) {
    let mut bound = |bound: &Bound, inclusive: &str, exclusive: &str| {
        if !bound.exclusive {
            schema.insert(inclusive.into(), bound.value.clone().into());
        } else if draft == Draft::Draft04 {
            schema.insert(inclusive.into(), bound.value.clone().into());
            schema.insert(exclusive.into(), true.into());
        } else {
            schema.insert(exclusive.into(), bound.value.clone().into());
        }
    };
    if let Some(minimum) = &rules.minimum {
        bound(minimum, "minimum", "exclusiveMinimum");
    }
    if let Some(maximum) = &rules.maximum {
        bound(maximum, "maximum", "exclusiveMaximum");
    }
    if let Some(allowed) = &rules.allowed {
        let mut values: Vec<Value> = allowed.iter().map(|&n| n.into()).collect();
        if nullable {
            values.push(Value::Null);
        }
        schema.insert("enum".into(), Value::Array(values));
    }
}

fn array_rules(plan: &Plan, array: &ArrayType, draft: Draft, schema: &mut Map<String, Value>) {
    schema.insert("items".into(), type_schema(plan, &array.items, array.items_nullable, draft));
    if let Some(min) = array.min_items {
        schema.insert("minItems".into(), min.into());
    }
    if let Some(max) = array.max_items {
        schema.insert("maxItems".into(), max.into());
    }
    if array.unique_items {
        schema.insert("uniqueItems".into(), true.into());
    }
}
