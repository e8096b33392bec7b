//! Checking plan-supplied values (defaults, examples) against the rules of their property.
//!
//! This is the plan's own consistency check, not the runtime validator: it answers with the
//! first problem found, phrased for a diagnostic.

use std::collections::HashMap;

use regex::Regex;
use serde_json::Value;

use crate::formats;
use crate::model::{NamedKind, NamedType, Property, Type};

/// Patterns checked and compiled once per load: large plans repeat a few patterns often.
#[derive(Default)]
pub(crate) struct Patterns {
    portable: HashMap<String, Result<(), String>>,
    compiled: HashMap<String, Option<Regex>>,
}

impl Patterns {
    /// Whether the pattern is portable to every target language (see [`super::patterns`]).
    pub fn check_portable(&mut self, pattern: &str) -> Result<(), String> {
        if let Some(known) = self.portable.get(pattern) {
            return known.clone();
        }
        let result = super::patterns::check_portable(pattern);
        self.portable.insert(pattern.to_owned(), result.clone());
        result
    }

    fn get(&mut self, pattern: &str) -> Option<&Regex> {
        self.compiled.entry(pattern.to_owned()).or_insert_with(|| Regex::new(pattern).ok()).as_ref()
    }
}

pub(crate) struct Checker<'a> {
    pub types: &'a [NamedType],
    pub patterns: &'a mut Patterns,
}

impl Checker<'_> {
    /// Why `value` is not acceptable for a property of type `ty`, or `None` when it is.
    pub fn check(&mut self, ty: &Type, nullable: bool, value: &Value) -> Option<String> {
        if value.is_null() {
            return if nullable {
                None
            } else {
                Some("`null` is not allowed (the property is not nullable)".to_owned())
            };
        }
        match ty {
            Type::String(rules) => {
                let Value::String(text) = value else { return Some(expected("a string", value)) };
                let length = text.chars().count() as u64;
                if let Some(min) = rules.min_length.filter(|&min| length < min) {
                    return Some(format!("{text:?} is shorter than minLength {min}"));
                }
                if let Some(max) = rules.max_length.filter(|&max| length > max) {
                    return Some(format!("{text:?} is longer than maxLength {max}"));
                }
                if let Some(pattern) = &rules.pattern {
                    if self.patterns.get(pattern).is_some_and(|regex| !regex.is_match(text)) {
                        return Some(format!("{text:?} does not match pattern {pattern:?}"));
                    }
                }
                if let Some(format) = rules.format {
                    if !formats::is_valid(format, text) {
                        return Some(format!("{text:?} is not a valid {}", format.as_str()));
                    }
                }
                None
            }
            Type::Integer(rules) | Type::Number(rules) => {
                let integer = matches!(ty, Type::Integer(_));
                let Value::Number(number) = value else {
                    return Some(expected(if integer { "an integer" } else { "a number" }, value));
                };
                if integer && !(number.is_i64() || number.is_u64() && number.as_u64() <= Some(i64::MAX as u64)) {
                    return Some(format!("{number} is not a 64-bit integer"));
                }
                let x = number.as_f64().unwrap_or(f64::NAN);
                if let Some(bound) = &rules.minimum {
                    let (limit, ok) =
                        (bound.as_f64(), if bound.exclusive { x > bound.as_f64() } else { x >= bound.as_f64() });
                    if !ok {
                        let word = if bound.exclusive { "exclusiveMinimum" } else { "minimum" };
                        return Some(format!("{number} is below {word} {limit}"));
                    }
                }
                if let Some(bound) = &rules.maximum {
                    let (limit, ok) =
                        (bound.as_f64(), if bound.exclusive { x < bound.as_f64() } else { x <= bound.as_f64() });
                    if !ok {
                        let word = if bound.exclusive { "exclusiveMaximum" } else { "maximum" };
                        return Some(format!("{number} is above {word} {limit}"));
                    }
                }
                if let Some(allowed) = &rules.allowed {
                    if !number.as_i64().is_some_and(|n| allowed.contains(&n)) {
                        return Some(format!("{number} is not one of the allowed values {allowed:?}"));
                    }
                }
                None
            }
            Type::Boolean => (!value.is_boolean()).then(|| expected("a boolean", value)),
            Type::Array(array) => {
                let Value::Array(items) = value else { return Some(expected("an array", value)) };
                let count = items.len() as u64;
                if let Some(min) = array.min_items.filter(|&min| count < min) {
                    return Some(format!("the array has {count} items, fewer than minItems {min}"));
                }
                if let Some(max) = array.max_items.filter(|&max| count > max) {
                    return Some(format!("the array has {count} items, more than maxItems {max}"));
                }
                if array.unique_items {
                    for (index, item) in items.iter().enumerate() {
                        if items[..index].contains(item) {
                            return Some(format!("item [{index}] repeats an earlier item (uniqueItems)"));
                        }
                    }
                }
                items.iter().enumerate().find_map(|(index, item)| {
                    self.check(&array.items, array.items_nullable, item).map(|why| format!("item [{index}]: {why}"))
                })
            }
            Type::Enum(id) => {
                let Value::String(text) = value else { return Some(expected("a string", value)) };
                let NamedKind::Enum { values } = &self.types[id.0].kind else { return None };
                if values.iter().any(|v| v.value == *text) {
                    None
                } else {
                    let allowed: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                    Some(format!("{text:?} is not one of the allowed values {allowed:?}"))
                }
            }
            Type::Object(id) => {
                let types = self.types;
                let NamedKind::Object { properties } = &types[id.0].kind else { return None };
                self.check_object(properties, value)
            }
        }
    }

    /// Why `value` is not a valid object with these properties.
    pub fn check_object(&mut self, properties: &[Property], value: &Value) -> Option<String> {
        let Value::Object(members) = value else { return Some(expected("an object", value)) };
        for property in properties {
            match members.get(&property.name) {
                None if property.required => return Some(format!("required property {:?} is missing", property.name)),
                None => {}
                Some(member) => {
                    if let Some(why) = self.check(&property.ty, property.nullable, member) {
                        return Some(format!("property {:?}: {why}", property.name));
                    }
                }
            }
        }
        members
            .keys()
            .find(|key| !properties.iter().any(|p| &p.name == *key))
            .map(|key| format!("property {key:?} is not in the plan"))
    }
}

fn expected(what: &str, found: &Value) -> String {
    format!("expected {what}, found {found}")
}
