//! The reference validator: checks a JSON payload against resolved plan properties and lists
//! every violation in the shared format (`docs/validation.md`).
//!
//! Every runtime (the generated Rust, TypeScript, Kotlin and Swift validators, and the Rust
//! runtime's generic path) must report exactly what this validator reports; the shared test
//! vectors under `fixtures/vectors/` are produced by it. It is also the loader's check of
//! `default` and `examples`.

use std::collections::HashMap;

use regex::Regex;
use serde_json::{Number, Value};

pub use trackplan_runtime::json_text::js_number;
use trackplan_runtime::json_text::{self, json_equal};
/// The JSON type name of a value, with whole numbers called `integer`.
pub use trackplan_runtime::json_type;

use crate::formats;
use crate::json_path::JsonPath;
use crate::model::{Bound, NamedKind, NamedType, NumberRules, Plan, Property, StringRules, Type};

/// One rule a payload breaks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Violation {
    /// JSON path inside the validated object, e.g. `products[0].price`; `$` for the object.
    pub path: String,
    /// The plan keyword of the rule: `required`, `type`, `minimum`…
    pub rule: String,
    /// What the rule expects, e.g. `>= 0`.
    pub expected: String,
    /// What the payload holds, e.g. `-1`.
    pub actual: String,
}

/// Validates payloads against the properties of a plan; compiled patterns are cached.
pub struct Validator<'p> {
    types: &'p [NamedType],
    patterns: HashMap<String, Option<Regex>>,
}

impl<'p> Validator<'p> {
    /// A validator for payloads of `plan`.
    pub fn new(plan: &'p Plan) -> Self {
        Validator::over(&plan.types)
    }

    pub(crate) fn over(types: &'p [NamedType]) -> Self {
        Validator { types, patterns: HashMap::new() }
    }

    /// Violations of `payload` as an object with `properties`, in a stable order.
    pub fn object(&mut self, properties: &[Property], payload: &Value) -> Vec<Violation> {
        self.object_at(properties, payload, &JsonPath::root())
    }

    /// Violations of one value of type `ty`.
    pub fn value(&mut self, ty: &Type, nullable: bool, value: &Value) -> Vec<Violation> {
        self.value_at(ty, nullable, value, &JsonPath::root())
    }

    /// As [`Validator::object`], with paths starting at `path`.
    pub fn object_at(&mut self, properties: &[Property], payload: &Value, path: &JsonPath) -> Vec<Violation> {
        self.object_located(properties, payload, path).into_iter().map(|(_, v)| v).collect()
    }

    /// As [`Validator::value`], with paths starting at `path`.
    pub fn value_at(&mut self, ty: &Type, nullable: bool, value: &Value, path: &JsonPath) -> Vec<Violation> {
        self.value_located(ty, nullable, value, path).into_iter().map(|(_, v)| v).collect()
    }

    /// Violations of an object with the path of each as a [`JsonPath`].
    pub fn object_located(
        &mut self,
        properties: &[Property],
        payload: &Value,
        path: &JsonPath,
    ) -> Vec<(JsonPath, Violation)> {
        let mut found = Vec::new();
        self.check_object(properties, payload, path, &mut found);
        found
    }

    /// Violations of a value with the path of each as a [`JsonPath`].
    pub fn value_located(
        &mut self,
        ty: &Type,
        nullable: bool,
        value: &Value,
        path: &JsonPath,
    ) -> Vec<(JsonPath, Violation)> {
        let mut found = Vec::new();
        self.check(ty, nullable, value, path, &mut found);
        found
    }

    fn check_object(&mut self, properties: &[Property], value: &Value, path: &JsonPath, found: &mut Found) {
        let Value::Object(members) = value else {
            found.push(violation(path, "type", "object", json_type(value)));
            return;
        };
        for property in properties {
            let member_path = path.key(&property.name);
            match members.get(&property.name) {
                Some(member) => self.check(&property.ty, property.nullable, member, &member_path, found),
                None if property.required => found.push(violation(&member_path, "required", "present", "missing")),
                None => {}
            }
        }
        for key in members.keys() {
            if !properties.iter().any(|p| p.name == *key) {
                found.push(violation(&path.key(key), "additionalProperties", "no undeclared properties", "present"));
            }
        }
    }

    fn check(&mut self, ty: &Type, nullable: bool, value: &Value, path: &JsonPath, found: &mut Found) {
        if value.is_null() {
            if !nullable {
                found.push(violation(path, "type", ty.keyword(), "null"));
            }
            return;
        }
        let fits = match ty {
            Type::String(_) | Type::Enum(_) => value.is_string(),
            Type::Integer(_) => value.as_number().is_some_and(is_whole),
            Type::Number(_) => value.is_number(),
            Type::Boolean => value.is_boolean(),
            Type::Array(_) => value.is_array(),
            Type::Object(_) => value.is_object(),
        };
        if !fits {
            found.push(violation(path, "type", ty.keyword(), json_type(value)));
            return;
        }
        match (ty, value) {
            (Type::String(rules), Value::String(text)) => self.check_string(rules, text, path, found),
            (Type::Integer(rules) | Type::Number(rules), Value::Number(number)) => {
                check_number(rules, number, path, found)
            }
            (Type::Enum(id), Value::String(text)) => {
                if let NamedKind::Enum { values } = &self.types[id.0].kind {
                    if !values.iter().any(|v| v.value == *text) {
                        let allowed: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                        found.push(violation(path, "enum", &compact(&allowed), &compact(text)));
                    }
                }
            }
            (Type::Array(array), Value::Array(items)) => {
                let count = items.len() as u64;
                if let Some(min) = array.min_items.filter(|&min| count < min) {
                    found.push(violation(path, "minItems", &format!("items >= {min}"), &format!("items {count}")));
                }
                if let Some(max) = array.max_items.filter(|&max| count > max) {
                    found.push(violation(path, "maxItems", &format!("items <= {max}"), &format!("items {count}")));
                }
                if array.unique_items {
                    if let Some(repeat) =
                        (1..items.len()).find(|&j| items[..j].iter().any(|earlier| json_equal(earlier, &items[j])))
                    {
                        found.push(violation(path, "uniqueItems", "unique items", &format!("duplicate at [{repeat}]")));
                    }
                }
                for (index, item) in items.iter().enumerate() {
                    self.check(&array.items, array.items_nullable, item, &path.index(index), found);
                }
            }
            (Type::Object(id), _) => {
                let types = self.types;
                if let NamedKind::Object { properties } = &types[id.0].kind {
                    self.check_object(properties, value, path, found);
                }
            }
            _ => {}
        }
    }

    fn check_string(&mut self, rules: &StringRules, text: &str, path: &JsonPath, found: &mut Found) {
        let length = text.chars().count() as u64;
        if let Some(min) = rules.min_length.filter(|&min| length < min) {
            found.push(violation(path, "minLength", &format!("length >= {min}"), &format!("length {length}")));
        }
        if let Some(max) = rules.max_length.filter(|&max| length > max) {
            found.push(violation(path, "maxLength", &format!("length <= {max}"), &format!("length {length}")));
        }
        if let Some(pattern) = &rules.pattern {
            let compiled = self.patterns.entry(pattern.ecma.clone()).or_insert_with(|| Regex::new(&pattern.ecma).ok());
            if compiled.as_ref().is_some_and(|r| !r.is_match(text)) {
                found.push(violation(path, "pattern", &pattern.source, &compact(text)));
            }
        }
        if let Some(format) = rules.format {
            if !formats::is_valid(format, text) {
                found.push(violation(path, "format", format.as_str(), &compact(text)));
            }
        }
    }
}

fn check_number(rules: &NumberRules, number: &Number, path: &JsonPath, found: &mut Found) {
    let x = number.as_f64().unwrap_or(f64::NAN);
    let actual = || js_number(number);
    if let Some(bound) = &rules.minimum {
        let ok = if bound.exclusive { x > bound.as_f64() } else { x >= bound.as_f64() };
        if !ok {
            let (rule, op) = if bound.exclusive { ("exclusiveMinimum", ">") } else { ("minimum", ">=") };
            found.push(violation(path, rule, &format!("{op} {}", bound_text(bound)), &actual()));
        }
    }
    if let Some(bound) = &rules.maximum {
        let ok = if bound.exclusive { x < bound.as_f64() } else { x <= bound.as_f64() };
        if !ok {
            let (rule, op) = if bound.exclusive { ("exclusiveMaximum", "<") } else { ("maximum", "<=") };
            found.push(violation(path, rule, &format!("{op} {}", bound_text(bound)), &actual()));
        }
    }
    if let Some(allowed) = &rules.allowed {
        if !allowed.iter().any(|&a| a as f64 == x) {
            found.push(violation(path, "enum", &compact(allowed), &actual()));
        }
    }
}

impl Violation {
    /// The violation as a sentence, for diagnostics and logs.
    pub fn describe(&self) -> String {
        match self.rule.as_str() {
            "required" => format!("required property at {} is missing", self.path),
            "additionalProperties" => format!("{} is not a property in the plan", self.path),
            "type" => format!("{}: expected {}, found {}", self.path, self.expected, self.actual),
            rule => format!("{}: `{rule}` expects {}, found {}", self.path, self.expected, self.actual),
        }
    }
}

/// Violations found so far, each with its path.
type Found = Vec<(JsonPath, Violation)>;

fn violation(path: &JsonPath, rule: &str, expected: &str, actual: &str) -> (JsonPath, Violation) {
    let violation = Violation {
        path: path.to_string(),
        rule: rule.to_owned(),
        expected: expected.to_owned(),
        actual: actual.to_owned(),
    };
    (path.clone(), violation)
}

/// JSON Schema's idea of an integer: any number with no fractional part.
fn is_whole(number: &Number) -> bool {
    number.is_i64() || number.is_u64() || number.as_f64().is_some_and(|x| x.is_finite() && x.fract() == 0.0)
}

/// Compact JSON of a value, numbers printed as ECMAScript prints them.
fn compact(value: &(impl serde::Serialize + ?Sized)) -> String {
    json_text::compact(&serde_json::to_value(value).unwrap_or(Value::Null))
}

fn bound_text(bound: &Bound) -> String {
    js_number(&bound.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_types_call_whole_numbers_integers() {
        assert_eq!(json_type(&serde_json::json!(3.0)), "integer");
        assert_eq!(json_type(&serde_json::json!(3.5)), "number");
        assert_eq!(compact(&serde_json::json!({"a": [1.0, "x"]})), r#"{"a":[1,"x"]}"#);
    }
}
