//! A schema compiled into a tree of checks, and the detailed validation of a parsed value
//! against it: exactly the reference validator's rules and violation strings.
//!
//! The tree understands the JSON Schema the plan model writes for events and calls (types,
//! nullable types as `[type, "null"]`, `enum`, bounds, lengths, `pattern` with its plan
//! spelling in `x-trackplan-pattern`, `format`, arrays, closed objects); any other validation
//! keyword is refused at compile time rather than silently ignored.

use regex::Regex;
use serde_json::{Map, Number, Value};

use super::{PATTERN_SOURCE_KEYWORD, SchemaError};
use crate::formats::Format;
use crate::json_text::{compact, js_number, json_equal, quoted};
use crate::path::Path;
use crate::violation::Violation;

/// Keys the caller asks to skip when they are undeclared at the top of the payload (a vendor's
/// own properties, such as Mixpanel's `$os` or `mp_lib`). Declared keys are always checked.
pub type Reserved = fn(&str) -> bool;

/// One value's rules.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) expect: Expect,
    pub(crate) nullable: bool,
}

/// The type a value must have, with the rules of that type.
#[derive(Debug)]
pub(crate) enum Expect {
    String(Text),
    Integer(Numeric),
    Number(Numeric),
    Boolean,
    Array(Box<List>),
    Object(Box<Members>),
}

impl Expect {
    pub(crate) fn keyword(&self) -> &'static str {
        match self {
            Expect::String(_) => "string",
            Expect::Integer(_) => "integer",
            Expect::Number(_) => "number",
            Expect::Boolean => "boolean",
            Expect::Array(_) => "array",
            Expect::Object(_) => "object",
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Text {
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
    pub(crate) pattern: Option<TextPattern>,
    pub(crate) format: Option<Format>,
    pub(crate) allowed: Option<Allowed<String>>,
}

#[derive(Debug)]
pub(crate) struct TextPattern {
    pub(crate) regex: Regex,
    /// The pattern as the plan writes it, which violations quote.
    pub(crate) source: String,
}

#[derive(Debug, Default)]
pub(crate) struct Numeric {
    pub(crate) minimum: Option<Limit>,
    pub(crate) maximum: Option<Limit>,
    pub(crate) allowed: Option<Allowed<f64>>,
}

#[derive(Debug)]
pub(crate) struct Limit {
    pub(crate) value: f64,
    pub(crate) exclusive: bool,
    /// The bound as violations print it.
    pub(crate) text: String,
}

#[derive(Debug)]
pub(crate) struct Allowed<T> {
    pub(crate) values: Vec<T>,
    /// Compact JSON of the values, as `enum` violations print them.
    pub(crate) text: String,
}

#[derive(Debug)]
pub(crate) struct List {
    pub(crate) items: Node,
    pub(crate) min_items: Option<u64>,
    pub(crate) max_items: Option<u64>,
    pub(crate) unique: bool,
}

#[derive(Debug)]
pub(crate) struct Members {
    pub(crate) names: Vec<String>,
    pub(crate) nodes: Vec<Node>,
    pub(crate) required: Vec<bool>,
    /// `additionalProperties: false`.
    pub(crate) closed: bool,
}

impl Members {
    /// The index of a declared property; lengths and first bytes rule out most names before
    /// a full comparison.
    #[inline]
    pub(crate) fn position(&self, key: &str) -> Option<usize> {
        let key = key.as_bytes();
        let first = key.first().copied();
        self.names.iter().position(|name| {
            let name = name.as_bytes();
            name.len() == key.len() && name.first().copied() == first && name == key
        })
    }
}

/// Keywords that describe rather than constrain.
const ANNOTATIONS: &[&str] =
    &["$schema", "$id", "title", "description", "examples", "default", "$comment", PATTERN_SOURCE_KEYWORD];

/// Compiles one schema object.
pub(crate) fn compile(schema: &Value, at: &str) -> Result<Node, SchemaError> {
    let Value::Object(map) = schema else { return Err(unsupported(at, "a schema must be an object")) };
    for key in map.keys() {
        let known = ANNOTATIONS.contains(&key.as_str())
            || matches!(
                key.as_str(),
                "type"
                    | "enum"
                    | "minimum"
                    | "maximum"
                    | "exclusiveMinimum"
                    | "exclusiveMaximum"
                    | "minLength"
                    | "maxLength"
                    | "pattern"
                    | "format"
                    | "items"
                    | "minItems"
                    | "maxItems"
                    | "uniqueItems"
                    | "properties"
                    | "required"
                    | "additionalProperties"
            );
        if !known {
            return Err(unsupported(at, &format!("keyword `{key}` is not supported")));
        }
    }
    let (name, nullable) = match map.get("type") {
        Some(Value::String(name)) => (name.as_str(), false),
        Some(Value::Array(names)) => {
            let named: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
            match named.as_slice() {
                [name, "null"] | ["null", name] if names.len() == 2 => (*name, true),
                _ => return Err(unsupported(at, "`type` must be one type, or one type and \"null\"")),
            }
        }
        _ => return Err(unsupported(at, "`type` is required")),
    };
    let expect = match name {
        "string" => Expect::String(text(map, at)?),
        "integer" => Expect::Integer(numeric(map, at)?),
        "number" => Expect::Number(numeric(map, at)?),
        "boolean" => Expect::Boolean,
        "array" => Expect::Array(Box::new(list(map, at)?)),
        "object" => Expect::Object(Box::new(members(map, at)?)),
        other => return Err(unsupported(at, &format!("type `{other}` is not supported"))),
    };
    Ok(Node { expect, nullable })
}

fn unsupported(at: &str, what: &str) -> SchemaError {
    SchemaError::Compile(format!("at {}: {what}", if at.is_empty() { "#" } else { at }))
}

fn count(map: &Map<String, Value>, key: &str, at: &str) -> Result<Option<u64>, SchemaError> {
    match map.get(key) {
        None => Ok(None),
        Some(value) => value.as_u64().map(Some).ok_or_else(|| unsupported(at, &format!("`{key}` must be a count"))),
    }
}

fn text(map: &Map<String, Value>, at: &str) -> Result<Text, SchemaError> {
    let pattern = match map.get("pattern") {
        None => None,
        Some(Value::String(ecma)) => {
            let regex = Regex::new(ecma).map_err(|error| unsupported(at, &format!("pattern: {error}")))?;
            let source = map.get(PATTERN_SOURCE_KEYWORD).and_then(Value::as_str).unwrap_or(ecma).to_owned();
            Some(TextPattern { regex, source })
        }
        Some(_) => return Err(unsupported(at, "`pattern` must be a string")),
    };
    let format = match map.get("format").map(|f| f.as_str()) {
        None => None,
        Some(Some("date-time")) => Some(Format::DateTime),
        Some(Some("date")) => Some(Format::Date),
        Some(Some("email")) => Some(Format::Email),
        Some(Some("uri")) => Some(Format::Uri),
        Some(Some("uuid")) => Some(Format::Uuid),
        Some(_) => return Err(unsupported(at, "`format` must be date-time, date, email, uri or uuid")),
    };
    let allowed = match map.get("enum") {
        None => None,
        Some(Value::Array(values)) => {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            let strings: Option<Vec<String>> = values.iter().map(|v| v.as_str().map(str::to_owned)).collect();
            let strings = strings.ok_or_else(|| unsupported(at, "a string `enum` must list strings"))?;
            let text = compact(&Value::Array(values.into_iter().cloned().collect()));
            Some(Allowed { values: strings, text })
        }
        Some(_) => return Err(unsupported(at, "`enum` must be an array")),
    };
    Ok(Text {
        min_length: count(map, "minLength", at)?,
        max_length: count(map, "maxLength", at)?,
        pattern,
        format,
        allowed,
    })
}

fn numeric(map: &Map<String, Value>, at: &str) -> Result<Numeric, SchemaError> {
    let limit = |inclusive: &str, exclusive: &str| -> Result<Option<Limit>, SchemaError> {
        let (key, is_exclusive) = match (map.get(inclusive), map.get(exclusive)) {
            (Some(_), Some(_)) => {
                return Err(unsupported(at, &format!("`{inclusive}` and `{exclusive}` together are not supported")));
            }
            (Some(_), None) => (inclusive, false),
            (None, Some(_)) => (exclusive, true),
            (None, None) => return Ok(None),
        };
        let Some(Value::Number(number)) = map.get(key) else {
            return Err(unsupported(at, &format!("`{key}` must be a number")));
        };
        Ok(Some(Limit { value: number.as_f64().unwrap_or(f64::NAN), exclusive: is_exclusive, text: js_number(number) }))
    };
    let allowed = match map.get("enum") {
        None => None,
        Some(Value::Array(values)) => {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            let numbers: Option<Vec<f64>> = values.iter().map(|v| v.as_f64()).collect();
            let numbers = numbers.ok_or_else(|| unsupported(at, "a numeric `enum` must list numbers"))?;
            let text = compact(&Value::Array(values.into_iter().cloned().collect()));
            Some(Allowed { values: numbers, text })
        }
        Some(_) => return Err(unsupported(at, "`enum` must be an array")),
    };
    Ok(Numeric {
        minimum: limit("minimum", "exclusiveMinimum")?,
        maximum: limit("maximum", "exclusiveMaximum")?,
        allowed,
    })
}

fn list(map: &Map<String, Value>, at: &str) -> Result<List, SchemaError> {
    let items_at = format!("{at}/items");
    let items = compile(map.get("items").ok_or_else(|| unsupported(at, "an array needs `items`"))?, &items_at)?;
    let unique = match map.get("uniqueItems") {
        None => false,
        Some(Value::Bool(unique)) => *unique,
        Some(_) => return Err(unsupported(at, "`uniqueItems` must be a boolean")),
    };
    Ok(List { items, min_items: count(map, "minItems", at)?, max_items: count(map, "maxItems", at)?, unique })
}

fn members(map: &Map<String, Value>, at: &str) -> Result<Members, SchemaError> {
    let mut names = Vec::new();
    let mut nodes = Vec::new();
    if let Some(properties) = map.get("properties") {
        let Value::Object(properties) = properties else {
            return Err(unsupported(at, "`properties` must be an object"));
        };
        for (name, schema) in properties {
            nodes.push(compile(schema, &format!("{at}/properties/{}", name.replace('~', "~0").replace('/', "~1")))?);
            names.push(name.clone());
        }
    }
    let mut required = vec![false; names.len()];
    if let Some(listed) = map.get("required") {
        let Value::Array(listed) = listed else { return Err(unsupported(at, "`required` must be an array")) };
        for name in listed {
            let index = name
                .as_str()
                .and_then(|name| names.iter().position(|n| n == name))
                .ok_or_else(|| unsupported(at, &format!("required {name} is not among `properties`")))?;
            required[index] = true;
        }
    }
    let closed = match map.get("additionalProperties") {
        None | Some(Value::Bool(true)) => false,
        Some(Value::Bool(false)) => true,
        Some(_) => return Err(unsupported(at, "`additionalProperties` must be a boolean")),
    };
    Ok(Members { names, nodes, required, closed })
}

/// Every broken rule of `value`, in the reference validator's order (sort afterwards).
pub(crate) fn check(node: &Node, value: &Value, path: &Path<'_>, reserved: Option<Reserved>, out: &mut Vec<Violation>) {
    if value.is_null() {
        if !node.nullable {
            out.push(Violation::new(path, "type", node.expect.keyword(), "null"));
        }
        return;
    }
    let fits = match &node.expect {
        Expect::String(_) => value.is_string(),
        Expect::Integer(_) => value.as_number().is_some_and(is_whole),
        Expect::Number(_) => value.is_number(),
        Expect::Boolean => value.is_boolean(),
        Expect::Array(_) => value.is_array(),
        Expect::Object(_) => value.is_object(),
    };
    if !fits {
        out.push(Violation::new(path, "type", node.expect.keyword(), crate::json_type(value)));
        return;
    }
    match (&node.expect, value) {
        (Expect::String(rules), Value::String(text)) => check_text(rules, text, path, out),
        (Expect::Integer(rules) | Expect::Number(rules), Value::Number(number)) => {
            check_number(rules, number.as_f64().unwrap_or(f64::NAN), || js_number(number), path, out)
        }
        (Expect::Array(list), Value::Array(items)) => {
            check_count(list, items.len(), path, out);
            if list.unique {
                if let Some(repeat) = first_repeat(items) {
                    out.push(Violation::new(path, "uniqueItems", "unique items", format!("duplicate at [{repeat}]")));
                }
            }
            for (index, item) in items.iter().enumerate() {
                check(&list.items, item, &path.index(index), None, out);
            }
        }
        (Expect::Object(members), Value::Object(map)) => {
            for ((name, node), required) in members.names.iter().zip(&members.nodes).zip(&members.required) {
                let member = path.key(name);
                match map.get(name) {
                    Some(value) => check(node, value, &member, None, out),
                    None if *required => out.push(Violation::new(member, "required", "present", "missing")),
                    None => {}
                }
            }
            if members.closed {
                for key in map.keys() {
                    if members.position(key).is_none() && !reserved.is_some_and(|reserved| reserved(key)) {
                        out.push(Violation::new(
                            path.key(key),
                            "additionalProperties",
                            "no undeclared properties",
                            "present",
                        ));
                    }
                }
            }
        }
        _ => {}
    }
}

pub(crate) fn check_text(rules: &Text, text: &str, path: &Path<'_>, out: &mut Vec<Violation>) {
    if let Some(allowed) = &rules.allowed {
        if !allowed.values.iter().any(|value| value == text) {
            out.push(Violation::new(path, "enum", allowed.text.clone(), quoted(text)));
        }
    }
    let length = || text.chars().count() as u64;
    if let Some(min) = rules.min_length.filter(|&min| length() < min) {
        out.push(Violation::new(path, "minLength", format!("length >= {min}"), format!("length {}", length())));
    }
    if let Some(max) = rules.max_length.filter(|&max| length() > max) {
        out.push(Violation::new(path, "maxLength", format!("length <= {max}"), format!("length {}", length())));
    }
    if let Some(pattern) = &rules.pattern {
        if !pattern.regex.is_match(text) {
            out.push(Violation::new(path, "pattern", pattern.source.clone(), quoted(text)));
        }
    }
    if let Some(format) = rules.format {
        if !format.is_valid(text) {
            out.push(Violation::new(path, "format", format.as_str(), quoted(text)));
        }
    }
}

pub(crate) fn check_number(
    rules: &Numeric,
    x: f64,
    actual: impl Fn() -> String,
    path: &Path<'_>,
    out: &mut Vec<Violation>,
) {
    if let Some(limit) = &rules.minimum {
        if !(if limit.exclusive { x > limit.value } else { x >= limit.value }) {
            let (rule, op) = if limit.exclusive { ("exclusiveMinimum", ">") } else { ("minimum", ">=") };
            out.push(Violation::new(path, rule, format!("{op} {}", limit.text), actual()));
        }
    }
    if let Some(limit) = &rules.maximum {
        if !(if limit.exclusive { x < limit.value } else { x <= limit.value }) {
            let (rule, op) = if limit.exclusive { ("exclusiveMaximum", "<") } else { ("maximum", "<=") };
            out.push(Violation::new(path, rule, format!("{op} {}", limit.text), actual()));
        }
    }
    if let Some(allowed) = &rules.allowed {
        if !allowed.values.contains(&x) {
            out.push(Violation::new(path, "enum", allowed.text.clone(), actual()));
        }
    }
}

pub(crate) fn check_count(list: &List, count: usize, path: &Path<'_>, out: &mut Vec<Violation>) {
    let count = count as u64;
    if let Some(min) = list.min_items.filter(|&min| count < min) {
        out.push(Violation::new(path, "minItems", format!("items >= {min}"), format!("items {count}")));
    }
    if let Some(max) = list.max_items.filter(|&max| count > max) {
        out.push(Violation::new(path, "maxItems", format!("items <= {max}"), format!("items {count}")));
    }
}

/// JSON Schema's idea of an integer: any number with no fractional part.
pub(crate) fn is_whole(number: &Number) -> bool {
    number.is_i64() || number.is_u64() || number.as_f64().is_some_and(is_whole_f64)
}

pub(crate) fn is_whole_f64(x: f64) -> bool {
    x.is_finite() && x.fract() == 0.0
}

/// Index of the first element equal (as JSON Schema defines it) to an earlier one.
pub(crate) fn first_repeat(items: &[Value]) -> Option<usize> {
    (1..items.len()).find(|&j| items[..j].iter().any(|earlier| json_equal(earlier, &items[j])))
}
