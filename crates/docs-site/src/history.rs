//! An event's version history as the event page shows it: each earlier version with its date,
//! its change note and the properties its kept JSON Schema describes, in words.
//!
//! History schemas are kept verbatim (written by hand, or read from an Iglu registry or
//! Segment), so they are read as plain JSON Schema of any draft, not as plan properties.

use serde_json::{Map, Value};
use trackplan_plan_model::model::{Event, EventVersion};

use crate::describe::compact_json;
use crate::escape::html_content;

/// One earlier version.
#[derive(Debug, Clone)]
pub(crate) struct VersionView<'p> {
    /// SchemaVer.
    pub(crate) version: String,
    /// Release date as written.
    pub(crate) date: Option<&'p str>,
    /// What changed.
    pub(crate) changes: Option<&'p str>,
    /// Rows of the properties its schema describes; `None` without a schema.
    pub(crate) rows: Option<Vec<SchemaRow>>,
    /// The schema as pretty JSON, escaped for element content.
    pub(crate) schema: Option<String>,
}

/// One property of an earlier version's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SchemaRow {
    /// Path of the parent object (`products[].`), empty at the top.
    pub(crate) parent: String,
    /// Wire name.
    pub(crate) name: String,
    /// Nesting level, 0 at the top.
    pub(crate) depth: usize,
    /// Type in words (`string`, `array of object`, `integer or string`).
    pub(crate) type_label: String,
    /// Listed in its object's `required`.
    pub(crate) required: bool,
    /// `null` among its types or enum values.
    pub(crate) nullable: bool,
    /// Constraints as (words, value) pairs (`length ≤`, `64`).
    pub(crate) rules: Vec<(String, String)>,
    /// Description.
    pub(crate) description: Option<String>,
}

/// The event's earlier versions, newest first.
pub(crate) fn versions(event: &Event) -> Vec<VersionView<'_>> {
    event.history.iter().rev().map(view).collect()
}

fn view(version: &EventVersion) -> VersionView<'_> {
    VersionView {
        version: version.version.to_string(),
        date: version.date.as_deref(),
        changes: version.changes.as_deref(),
        rows: version.schema.as_ref().map(schema_rows),
        schema: version
            .schema
            .as_ref()
            .map(|schema| html_content(&serde_json::to_string_pretty(schema).unwrap_or_default())),
    }
}

/// Rows for the properties of an object schema, nested objects under their parent.
pub(crate) fn schema_rows(schema: &Map<String, Value>) -> Vec<SchemaRow> {
    let mut rows = Vec::new();
    push_object(&mut rows, schema, "", 0);
    rows
}

/// Nested schemas deeper than this are summarised by their parent's row: hand-written schemas
/// may be arbitrarily deep, the page need not be.
const MAX_DEPTH: usize = 8;

fn push_object(rows: &mut Vec<SchemaRow>, schema: &Map<String, Value>, parent: &str, depth: usize) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return };
    let required: Vec<&str> =
        schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    for (name, property) in properties {
        let Some(property) = property.as_object() else { continue };
        let (label, nullable) = type_label(property);
        let mut rules = Vec::new();
        push_rules(&mut rules, property, "");
        rows.push(SchemaRow {
            parent: parent.to_owned(),
            name: name.clone(),
            depth,
            type_label: label,
            required: required.contains(&name.as_str()),
            nullable,
            rules,
            description: property.get("description").and_then(Value::as_str).map(str::to_owned),
        });
        if depth < MAX_DEPTH {
            let (inner, suffix) = object_inside(property);
            if let Some(inner) = inner {
                push_object(rows, inner, &format!("{parent}{name}{suffix}."), depth + 1);
            }
        }
    }
}

/// The object schema a property holds, looking through `items`, with `[]` per array level.
fn object_inside(schema: &Map<String, Value>) -> (Option<&Map<String, Value>>, String) {
    if schema.contains_key("properties") {
        return (Some(schema), String::new());
    }
    match schema.get("items").and_then(Value::as_object) {
        Some(items) => {
            let (inner, suffix) = object_inside(items);
            (inner, format!("[]{suffix}"))
        }
        None => (None, String::new()),
    }
}

/// The types in words, and whether `null` is one of them.
fn type_label(schema: &Map<String, Value>) -> (String, bool) {
    let mut names: Vec<&str> = match schema.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let enum_null = schema.get("enum").and_then(Value::as_array).is_some_and(|values| values.contains(&Value::Null));
    let nullable = names.contains(&"null") || enum_null;
    names.retain(|name| *name != "null");
    let words: Vec<String> = names
        .iter()
        .map(|name| match (*name, schema.get("items").and_then(Value::as_object)) {
            ("array", Some(items)) => format!("array of {}", type_label(items).0),
            (name, _) => name.to_owned(),
        })
        .collect();
    let label = if words.is_empty() { "any".to_owned() } else { words.join(" or ") };
    (label, nullable)
}

/// Keywords a row shows elsewhere (type, description, nesting) or that say nothing to a reader.
const SHOWN_ELSEWHERE: [&str; 8] =
    ["type", "description", "properties", "required", "items", "title", "$schema", "additionalProperties"];

fn push_rules(out: &mut Vec<(String, String)>, schema: &Map<String, Value>, prefix: &str) {
    let text = |key: &str| schema.get(key).map(compact_json);
    // Draft-04 writes exclusive bounds as booleans next to minimum / maximum.
    let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool).unwrap_or(false);
    let mut range = |min: &str, max: &str, noun: &str| match (text(min), text(max)) {
        (Some(low), Some(high)) if low == high => out.push((format!("{prefix}{noun}"), low)),
        (Some(low), Some(high)) => out.push((format!("{prefix}{noun}"), format!("{low}–{high}"))),
        (Some(low), None) => out.push((format!("{prefix}{noun} ≥"), low)),
        (None, Some(high)) => out.push((format!("{prefix}{noun} ≤"), high)),
        (None, None) => {}
    };
    range("minLength", "maxLength", "length");
    range("minItems", "maxItems", "items");
    for key in schema.keys() {
        let value = &schema[key];
        let (label, shown) = match key.as_str() {
            "format" => ("format".to_owned(), plain(value)),
            "pattern" => ("matches".to_owned(), plain(value)),
            "minimum" if exclusive("exclusiveMinimum") => (">".to_owned(), compact_json(value)),
            "minimum" => ("≥".to_owned(), compact_json(value)),
            "maximum" if exclusive("exclusiveMaximum") => ("<".to_owned(), compact_json(value)),
            "maximum" => ("≤".to_owned(), compact_json(value)),
            "exclusiveMinimum" | "exclusiveMaximum" if value.is_boolean() => continue,
            "exclusiveMinimum" => (">".to_owned(), compact_json(value)),
            "exclusiveMaximum" => ("<".to_owned(), compact_json(value)),
            "enum" => {
                let values = value.as_array().into_iter().flatten().filter(|v| !v.is_null());
                ("one of".to_owned(), values.map(compact_json).collect::<Vec<_>>().join(", "))
            }
            "uniqueItems" if value == &Value::Bool(true) => ("unique items".to_owned(), String::new()),
            "default" => ("default".to_owned(), compact_json(value)),
            "minLength" | "maxLength" | "minItems" | "maxItems" | "uniqueItems" => continue,
            key if SHOWN_ELSEWHERE.contains(&key) => continue,
            other => (format!("`{other}`"), compact_json(value)),
        };
        out.push((format!("{prefix}{label}"), shown));
    }
    // Rules of scalar elements; object elements get rows of their own.
    if let Some(items) = schema.get("items").and_then(Value::as_object)
        && !items.contains_key("properties")
    {
        push_rules(out, items, &format!("{prefix}each "));
    }
}

/// A string value as written, anything else as compact JSON.
fn plain(value: &Value) -> String {
    value.as_str().map_or_else(|| compact_json(value), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rows(schema: Value) -> Vec<SchemaRow> {
        schema_rows(schema.as_object().expect("object"))
    }

    #[test]
    fn properties_read_as_words_with_required_and_nullable() {
        let shown = rows(json!({
            "type": "object",
            "properties": {
                "id": { "type": "string", "pattern": "^A", "minLength": 1, "maxLength": 8, "description": "Id" },
                "total": { "type": ["number", "null"], "minimum": 0, "exclusiveMinimum": true, "maximum": 10 },
                "tier": { "enum": ["gold", "silver", null] },
                "tags": { "type": "array", "items": { "type": "string", "maxLength": 3 }, "uniqueItems": true },
                "custom": { "type": "integer", "multipleOf": 5 }
            },
            "required": ["id"]
        }));
        let summary: Vec<(String, String, bool, bool, Vec<String>)> = shown
            .iter()
            .map(|row| {
                let rules = row.rules.iter().map(|(label, value)| format!("{label} {value}").trim().to_owned());
                (row.name.clone(), row.type_label.clone(), row.required, row.nullable, rules.collect())
            })
            .collect();
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            summary,
            [
                ("id".into(), "string".into(), true, false, strings(&["length 1–8", "matches ^A"])),
                ("total".into(), "number".into(), false, true, strings(&["> 0", "≤ 10"])),
                ("tier".into(), "any".into(), false, true, strings(&["one of \"gold\", \"silver\""])),
                ("tags".into(), "array of string".into(), false, false, strings(&["unique items", "each length ≤ 3"])),
                ("custom".into(), "integer".into(), false, false, strings(&["`multipleOf` 5"])),
            ]
        );
        assert_eq!(shown[0].description.as_deref(), Some("Id"));
    }

    #[test]
    fn nested_objects_follow_their_parent() {
        let shown = rows(json!({
            "properties": {
                "products": { "type": "array", "items": {
                    "type": "object",
                    "properties": { "sku": { "type": "string" } },
                    "required": ["sku"]
                } }
            }
        }));
        let paths: Vec<(String, usize, bool)> =
            shown.iter().map(|row| (format!("{}{}", row.parent, row.name), row.depth, row.required)).collect();
        assert_eq!(paths, [("products".into(), 0, false), ("products[].sku".into(), 1, true)]);
    }

    #[test]
    fn a_schema_without_properties_gives_no_rows() {
        assert!(rows(json!({ "type": "object" })).is_empty());
        assert!(rows(json!({ "properties": { "odd": 3 } })).is_empty());
    }
}
