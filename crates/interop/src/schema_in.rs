//! JSON Schema (draft-04 to 2020-12) read back into plan properties. Shared by the JSON
//! Schema, Iglu and Segment imports. Every keyword it cannot express is reported with its
//! JSON path; annotations that carry no rule (`$schema`, `$id`, `title`, `$comment`) are
//! ignored.

use serde_json::{Map, Number, Value};
use trackplan_plan_model::raw::{Format, PropertyMap, PropertySpec, PropertyType};

use crate::report::Report;

/// The pattern the plan model writes next to `format: uuid` for drafts that lack it.
const UUID_PATTERN: &str = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

/// Keywords that carry no rule the plan could lose.
const ANNOTATIONS: [&str; 6] = ["$schema", "$id", "id", "title", "$comment", "self"];

/// Where a schema came from, for findings: the file and a JSON pointer into it.
#[derive(Debug, Clone)]
pub(crate) struct At {
    pub(crate) file: String,
    pub(crate) pointer: String,
}

impl At {
    pub(crate) fn new(file: impl Into<String>) -> At {
        At { file: file.into(), pointer: String::new() }
    }

    pub(crate) fn key(&self, key: &str) -> At {
        let escaped = key.replace('~', "~0").replace('/', "~1");
        At { file: self.file.clone(), pointer: format!("{}/{escaped}", self.pointer) }
    }

    pub(crate) fn place(&self) -> String {
        format!("{}#{}", self.file, self.pointer)
    }
}

/// The properties of an object schema (`properties` with `required`).
pub(crate) fn object_properties(schema: &Map<String, Value>, at: &At, report: &mut Report) -> PropertyMap {
    let required: Vec<&str> =
        schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let mut properties = PropertyMap::new();
    let Some(members) = schema.get("properties") else { return properties };
    let Some(members) = members.as_object() else {
        report.unmapped(at.key("properties").place(), "`properties` is not an object");
        return properties;
    };
    for (name, member) in members {
        let member_at = at.key("properties").key(name);
        if let Some(mut spec) = property(member, &member_at, report) {
            if required.contains(&name.as_str()) {
                spec.required = Some(true);
            }
            properties.insert(name.clone(), spec);
        }
    }
    for name in &required {
        if !members.contains_key(*name) {
            report.unmapped(at.key("required").place(), format!("required property {name:?} is not declared"));
        }
    }
    properties
}

/// Reports the keywords of an object schema other than its members.
pub(crate) fn check_object_keywords(schema: &Map<String, Value>, at: &At, extra_known: &[&str], report: &mut Report) {
    for (key, value) in schema {
        let known = ANNOTATIONS.contains(&key.as_str())
            || extra_known.contains(&key.as_str())
            || matches!(key.as_str(), "type" | "properties" | "required" | "description")
            || (key == "additionalProperties" && value == &Value::Bool(false));
        if !known {
            report.unmapped(at.key(key).place(), format!("keyword `{key}` has no equivalent in a tracking plan"));
        }
    }
}

/// One property schema; `None` (reported) when its type cannot be told.
pub(crate) fn property(schema: &Value, at: &At, report: &mut Report) -> Option<PropertySpec> {
    let Some(schema) = schema.as_object() else {
        report.unmapped(at.place(), "the schema is not an object");
        return None;
    };
    let mut spec = PropertySpec::default();
    let (ty, nullable) = type_of(schema, at, report)?;
    spec.ty = Some(ty);
    if nullable {
        spec.nullable = Some(true);
    }
    for (key, value) in schema {
        let here = at.key(key);
        match key.as_str() {
            "type" => {}
            k if ANNOTATIONS.contains(&k) => {}
            "description" => spec.description = value.as_str().map(str::to_owned),
            "examples" => spec.examples = value.as_array().cloned().unwrap_or_default(),
            "default" => spec.default = Some(value.clone()),
            "enum" => spec.allowed = enum_values(value, &here, report),
            "minimum" | "maximum" => {}
            "exclusiveMinimum" | "exclusiveMaximum" => {}
            "minLength" => spec.min_length = value.as_u64(),
            "maxLength" => spec.max_length = value.as_u64(),
            "pattern" => {
                // The plan model adds this pattern beside `format: uuid` for older drafts.
                let pattern = value.as_str().unwrap_or_default();
                if pattern != UUID_PATTERN || schema.get("format") != Some(&Value::from("uuid")) {
                    spec.pattern = Some(pattern.to_owned());
                }
            }
            "allOf" if is_uuid_all_of(value) => {}
            "format" => spec.format = format(value, &here, report),
            "items" if ty == PropertyType::Array => {
                spec.items = property(value, &here, report).map(Box::new);
            }
            "minItems" => spec.min_items = value.as_u64(),
            "maxItems" => spec.max_items = value.as_u64(),
            "uniqueItems" => spec.unique_items = value.as_bool().filter(|unique| *unique),
            "properties" | "required" if ty == PropertyType::Object => {}
            "additionalProperties" if ty == PropertyType::Object && value == &Value::Bool(false) => {}
            _ => report.unmapped(here.place(), format!("keyword `{key}` has no equivalent in a tracking plan")),
        }
    }
    bounds(schema, &mut spec);
    if ty == PropertyType::Object {
        spec.properties = Some(object_properties(schema, at, report));
    }
    if ty == PropertyType::Array && spec.items.is_none() && !schema.contains_key("items") {
        report.unmapped(at.place(), "array without `items`; element type unknown, read as string");
        spec.items = Some(Box::new(PropertySpec { ty: Some(PropertyType::String), ..PropertySpec::default() }));
    }
    Some(spec)
}

/// The type and whether `null` is allowed, from `type` (string or list) or, lacking it, `enum`.
fn type_of(schema: &Map<String, Value>, at: &At, report: &mut Report) -> Option<(PropertyType, bool)> {
    let names: Vec<&str> = match schema.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        Some(_) => {
            report.unmapped(at.key("type").place(), "`type` is neither a string nor a list");
            return None;
        }
        None => match schema.get("enum").and_then(Value::as_array) {
            Some(values) if values.iter().all(|v| v.is_string() || v.is_null()) => vec!["string"],
            Some(values) if values.iter().all(|v| v.is_i64() || v.is_null()) => vec!["integer"],
            _ => {
                report.unmapped(at.place(), "no `type`: the property accepts any value, which a plan cannot express");
                return None;
            }
        },
    };
    let nullable = names.contains(&"null");
    let kinds: Vec<&str> = names.into_iter().filter(|name| *name != "null").collect();
    let [kind] = kinds.as_slice() else {
        report.unmapped(at.key("type").place(), format!("union type {kinds:?}; a plan property has one type"));
        return None;
    };
    let ty = match *kind {
        "string" => PropertyType::String,
        "integer" => PropertyType::Integer,
        "number" => PropertyType::Number,
        "boolean" => PropertyType::Boolean,
        "array" => PropertyType::Array,
        "object" => PropertyType::Object,
        other => {
            report.unmapped(at.key("type").place(), format!("unknown type {other:?}"));
            return None;
        }
    };
    Some((ty, nullable))
}

fn enum_values(value: &Value, at: &At, report: &mut Report) -> Option<Vec<Value>> {
    let Some(values) = value.as_array() else {
        report.unmapped(at.place(), "`enum` is not a list");
        return None;
    };
    let kept: Vec<Value> = values.iter().filter(|v| !v.is_null()).cloned().collect();
    let strings = kept.iter().all(Value::is_string);
    let integers = kept.iter().all(Value::is_i64);
    if !strings && !integers {
        report.unmapped(at.place(), "`enum` mixes kinds of values; a plan enum holds strings or integers");
        return None;
    }
    Some(kept)
}

fn format(value: &Value, at: &At, report: &mut Report) -> Option<Format> {
    let name = value.as_str().unwrap_or_default();
    let known = [Format::DateTime, Format::Date, Format::Email, Format::Uri, Format::Uuid];
    let found = known.into_iter().find(|format| format.as_str() == name);
    if found.is_none() {
        report.unmapped(at.place(), format!("format {name:?} is not one a plan can check"));
    }
    found
}

/// Draft-04 writes exclusive bounds as booleans beside `minimum`/`maximum`; later drafts as
/// numbers of their own.
fn bounds(schema: &Map<String, Value>, spec: &mut PropertySpec) {
    let number = |key: &str| schema.get(key).and_then(Value::as_number).cloned();
    let flag = |key: &str| schema.get(key).and_then(Value::as_bool).unwrap_or(false);
    let split = |inclusive: Option<Number>, exclusive_flag: bool, exclusive: Option<Number>| {
        if exclusive_flag { (None, inclusive) } else { (inclusive, exclusive) }
    };
    (spec.minimum, spec.exclusive_minimum) =
        split(number("minimum"), flag("exclusiveMinimum"), number("exclusiveMinimum"));
    (spec.maximum, spec.exclusive_maximum) =
        split(number("maximum"), flag("exclusiveMaximum"), number("exclusiveMaximum"));
}

fn is_uuid_all_of(value: &Value) -> bool {
    value
        .as_array()
        .is_some_and(|parts| parts.len() == 1 && parts[0].get("pattern").and_then(Value::as_str) == Some(UUID_PATTERN))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(schema: Value) -> (Option<PropertySpec>, Report) {
        let mut report = Report::default();
        let spec = property(&schema, &At::new("s.json"), &mut report);
        (spec, report)
    }

    #[test]
    fn reads_nullable_enums_and_draft04_bounds() {
        let (spec, report) = read(json!({"type": ["string", "null"], "enum": ["a", "b", null]}));
        let spec = spec.unwrap();
        assert!(report.is_empty());
        assert_eq!(spec.nullable, Some(true));
        assert_eq!(spec.allowed, Some(vec![json!("a"), json!("b")]));
        let (spec, _) = read(json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 5}));
        let spec = spec.unwrap();
        assert_eq!((spec.minimum, spec.exclusive_minimum), (None, Some(0.into())));
        assert_eq!(spec.maximum, Some(5.into()));
    }

    #[test]
    fn reports_what_it_cannot_express_with_its_path() {
        let (spec, report) = read(json!({"type": "object", "properties": {
            "a": {"type": ["string", "integer"]},
            "b": {"type": "string", "format": "hostname", "oneOf": []},
        }}));
        assert!(spec.unwrap().properties.unwrap().contains_key("b"));
        let places: Vec<&str> = report.findings.iter().map(|f| f.place.as_str()).collect();
        assert_eq!(places, ["s.json#/properties/a/type", "s.json#/properties/b/format", "s.json#/properties/b/oneOf"]);
    }
}
