//! Segment Protocols tracking plans through the Segment Public API
//! (`GET /tracking-plans/{id}` and the paginated `GET /tracking-plans/{id}/rules`), converted
//! to a Trackplan plan. Rules hold JSON Schema; what Trackplan cannot express is reported in
//! notes instead of being dropped silently.

use indexmap::IndexMap;
use serde_json::{Map, Value};
use trackplan_plan_model::raw::{EventSpec, PageCall, PlanFile, PropertyMap, PropertySpec, PropertyType, TraitsCall};

use super::http::{agent, get};
use crate::error::{Error, Result};

/// Rules asked for per page (the API's maximum is 200).
const PAGE_SIZE: u32 = 200;

/// A converted Segment tracking plan.
pub(super) struct Converted {
    pub plan: PlanFile,
    pub updated_at: Option<String>,
    pub notes: Vec<String>,
}

/// Fetch tracking plan `id` and all its rules from the API at `api`.
pub(super) fn fetch(api: &str, id: &str, token: &str) -> Result<Converted> {
    let agent = agent();
    let hint =
        "check the Public API token in the variable named by `segment.tokenEnv` (it needs Tracking Plan read access)";
    let plan_url = format!("{api}/tracking-plans/{id}");
    let document = parse(&plan_url, &get(&agent, &plan_url, Some(token), hint)?)?;
    let tracking_plan = document.pointer("/data/trackingPlan").cloned().unwrap_or(Value::Null);
    let name = tracking_plan.get("name").and_then(Value::as_str).ok_or_else(|| Error::Fetch {
        location: plan_url.clone(),
        message: "the answer has no data.trackingPlan.name: is this the Segment Public API?".to_owned(),
    })?;
    let mut rules = Vec::new();
    let mut cursor: Option<String> = None;
    let mut seen = std::collections::HashSet::new();
    loop {
        let mut url = format!("{plan_url}/rules?pagination.count={PAGE_SIZE}");
        if let Some(cursor) = &cursor {
            url.push_str("&pagination.cursor=");
            url.push_str(&encode(cursor));
        }
        let page = parse(&url, &get(&agent, &url, Some(token), hint)?)?;
        let items = page.pointer("/data/rules").and_then(Value::as_array).ok_or_else(|| Error::Fetch {
            location: url.clone(),
            message: "the answer has no data.rules list: is this the Segment Public API?".to_owned(),
        })?;
        rules.extend(items.iter().cloned());
        match page.pointer("/data/pagination/next").and_then(Value::as_str) {
            Some(next) if !next.is_empty() && seen.insert(next.to_owned()) => cursor = Some(next.to_owned()),
            _ => break,
        }
    }
    let mut notes = Vec::new();
    let plan = convert(name, tracking_plan.get("description").and_then(Value::as_str), &rules, &mut notes);
    let updated_at = tracking_plan.get("updatedAt").and_then(Value::as_str).map(str::to_owned);
    Ok(Converted { plan, updated_at, notes })
}

fn parse(url: &str, text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|error| Error::Fetch {
        location: url.to_owned(),
        message: format!("the answer is not JSON ({error}): check `segment.apiUrl`"),
    })
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Turn Segment rules into a plan.
fn convert(name: &str, description: Option<&str>, rules: &[Value], notes: &mut Vec<String>) -> PlanFile {
    let mut plan = PlanFile {
        format_version: trackplan_plan_model::FORMAT_VERSION,
        name: name.to_owned(),
        version: "1.0.0".to_owned(),
        description: description.filter(|d| !d.is_empty()).map(str::to_owned),
        ..PlanFile::default()
    };
    for rule in rules {
        let kind = rule.get("type").and_then(Value::as_str).unwrap_or("");
        let key = rule.get("key").and_then(Value::as_str).unwrap_or("");
        let schema = rule.get("jsonSchema").cloned().unwrap_or(Value::Null);
        let section = |field: &str| schema.pointer(&format!("/properties/{field}")).cloned().unwrap_or(Value::Null);
        let place = if key.is_empty() { kind.to_owned() } else { format!("{kind} {key:?}") };
        match kind {
            "TRACK" => {
                let version = rule.get("version").and_then(Value::as_u64).unwrap_or(1).max(1);
                plan.events.push(EventSpec {
                    name: key.to_owned(),
                    identifier: None,
                    description: text(&schema, "description"),
                    owners: Vec::new(),
                    category: None,
                    tags: labels(&schema),
                    sources: Vec::new(),
                    priority: None,
                    version: format!("{version}-0-0"),
                    status: Default::default(),
                    deprecation: None,
                    destinations: None,
                    property_groups: Vec::new(),
                    properties: object_properties(&section("properties"), &place, notes),
                    examples: Vec::new(),
                    history: Vec::new(),
                });
            }
            "IDENTIFY" | "GROUP" => {
                let call = TraitsCall {
                    description: text(&schema, "description"),
                    traits: object_properties(&section("traits"), &place, notes),
                };
                if kind == "IDENTIFY" { plan.identify = Some(call) } else { plan.group = Some(call) }
            }
            "PAGE" | "SCREEN" => {
                let slot = if kind == "PAGE" { &mut plan.page } else { &mut plan.screen };
                if slot.is_some() {
                    notes.push(format!("{place}: only one {kind} rule is supported; this one was left out"));
                    continue;
                }
                *slot = Some(PageCall {
                    description: text(&schema, "description"),
                    properties: object_properties(&section("properties"), &place, notes),
                });
            }
            "COMMON" => plan.global_properties = object_properties(&section("properties"), &place, notes),
            other => notes.push(format!("rule {key:?} of type {other:?} is not supported and was left out")),
        }
    }
    plan
}

fn text(schema: &Value, field: &str) -> Option<String> {
    schema.get(field).and_then(Value::as_str).filter(|t| !t.is_empty()).map(str::to_owned)
}

/// Segment labels (`{"team": "checkout"}`) become tags ("team:checkout").
fn labels(schema: &Value) -> Vec<String> {
    schema
        .get("labels")
        .and_then(Value::as_object)
        .map(|labels| labels.iter().map(|(k, v)| format!("{k}:{}", v.as_str().unwrap_or_default())).collect())
        .unwrap_or_default()
}

/// The `properties` of a JSON Schema object, with `required` applied.
fn object_properties(schema: &Value, place: &str, notes: &mut Vec<String>) -> PropertyMap {
    let empty = Map::new();
    let properties = schema.get("properties").and_then(Value::as_object).unwrap_or(&empty);
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut map = IndexMap::new();
    for (name, spec) in properties {
        let at = format!("{place} property {name:?}");
        if let Some(mut property) = property(spec, &at, notes) {
            property.required = required.contains(&name.as_str()).then_some(true);
            map.insert(name.clone(), property);
        }
    }
    map
}

fn property(schema: &Value, at: &str, notes: &mut Vec<String>) -> Option<PropertySpec> {
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let nullable = types.contains(&"null");
    let concrete: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
    let ty = match concrete.as_slice() {
        [one] => match *one {
            "string" => PropertyType::String,
            "integer" => PropertyType::Integer,
            "number" => PropertyType::Number,
            "boolean" => PropertyType::Boolean,
            "array" => PropertyType::Array,
            "object" => PropertyType::Object,
            other => {
                notes.push(format!("{at}: type {other:?} is not supported; the property was left out"));
                return None;
            }
        },
        _ => {
            notes.push(format!(
                "{at}: Trackplan needs exactly one type (found {types:?}); the property was left out — give it one type in Segment"
            ));
            return None;
        }
    };
    let number = |field: &str| schema.get(field).and_then(|v| v.as_number()).cloned();
    let count = |field: &str| schema.get(field).and_then(Value::as_u64);
    let mut spec = PropertySpec {
        ty: Some(ty),
        description: text(schema, "description"),
        nullable: nullable.then_some(true),
        minimum: number("minimum"),
        maximum: number("maximum"),
        exclusive_minimum: number("exclusiveMinimum"),
        exclusive_maximum: number("exclusiveMaximum"),
        min_length: count("minLength"),
        max_length: count("maxLength"),
        pattern: text(schema, "pattern"),
        min_items: count("minItems"),
        max_items: count("maxItems"),
        unique_items: schema.get("uniqueItems").and_then(Value::as_bool),
        ..PropertySpec::default()
    };
    if let Some(format) = schema.get("format") {
        match serde_json::from_value(format.clone()) {
            Ok(format) => spec.format = Some(format),
            Err(_) => notes.push(format!("{at}: format {format} is not supported and was ignored")),
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let values: Vec<Value> = values.iter().filter(|v| !v.is_null()).cloned().collect();
        if values.iter().all(Value::is_string) || values.iter().all(|v| v.as_i64().is_some()) {
            spec.allowed = Some(values);
        } else {
            notes.push(format!("{at}: an enum mixing kinds of values is not supported and was ignored"));
        }
    }
    match ty {
        PropertyType::Array => {
            let items = schema.get("items").cloned().unwrap_or(Value::Null);
            spec.items = Some(Box::new(property(&items, &format!("{at} items"), notes)?));
        }
        PropertyType::Object => spec.properties = Some(object_properties(schema, at, notes)),
        _ => {}
    }
    Some(spec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_track_rules_with_required_nullable_and_nested_types() {
        let rules = vec![json!({
            "type": "TRACK", "key": "Order Completed", "version": 2,
            "jsonSchema": {
                "description": "An order was placed.",
                "labels": {"team": "checkout"},
                "properties": {"properties": {
                    "type": "object",
                    "required": ["order_id"],
                    "properties": {
                        "order_id": {"type": "string", "minLength": 1},
                        "coupon": {"type": ["string", "null"]},
                        "items": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}}}},
                        "anything": {"type": ["string", "number"]}
                    }
                }}
            }
        })];
        let mut notes = Vec::new();
        let plan = convert("Shop", None, &rules, &mut notes);
        let event = &plan.events[0];
        assert_eq!(event.version, "2-0-0");
        assert_eq!(event.tags, ["team:checkout"]);
        assert_eq!(event.properties["order_id"].required, Some(true));
        assert_eq!(event.properties["coupon"].nullable, Some(true));
        assert!(event.properties["items"].items.as_ref().is_some_and(|i| i.properties.is_some()));
        assert!(!event.properties.contains_key("anything"));
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("\"anything\""));
    }

    #[test]
    fn cursor_is_percent_encoded() {
        assert_eq!(encode("MQ==/x"), "MQ%3D%3D%2Fx");
    }
}
