//! Kotlin expressions building the validation schema of each type, event and call, read by
//! the generated runtime's validator (`TrackplanRuntime.kt`).

use trackplan_plan_model::model::{NamedKind, NumberRules, Plan, Property, Type, TypeId};

use super::literal::string;
use crate::rules;

/// How many schema values one Kotlin `object` holds: each object's initialiser is one JVM
/// method, which must stay under 64 KiB of bytecode however large the plan is.
pub(crate) const CHUNK: usize = 100;

/// Where the schema value of a declared type lives: `TrackplanSchemas0.type3`.
pub(crate) fn type_ref(chunks: &[usize], id: TypeId) -> String {
    format!("TrackplanSchemas{}.type{}", chunks[id.0], id.0)
}

/// The schema of a declared type.
pub(crate) fn declared(plan: &Plan, chunks: &[usize], id: TypeId) -> String {
    match &plan.ty(id).kind {
        NamedKind::Object { properties } => object(chunks, properties),
        NamedKind::Enum { values } => {
            let wires: Vec<String> = values.iter().map(|v| string(&v.value)).collect();
            format!(
                "TrackplanSchema.Enumeration(setOf({}), {})",
                wires.join(", "),
                string(&rules::enum_expected(values))
            )
        }
    }
}

/// The schema of an object with `properties`, laid out for a member of a schema `object`.
pub(crate) fn object(chunks: &[usize], properties: &[Property]) -> String {
    if properties.is_empty() {
        return "TrackplanSchema.Obj(emptyList())".to_owned();
    }
    let members: Vec<String> = properties
        .iter()
        .map(|p| {
            format!(
                "\n            TrackplanProperty({}, {}, required = {}, nullable = {}),",
                string(&p.name),
                value(chunks, &p.ty),
                p.required,
                p.nullable
            )
        })
        .collect();
    format!("TrackplanSchema.Obj(\n        listOf({}\n        ),\n    )", members.concat())
}

fn value(chunks: &[usize], ty: &Type) -> String {
    match ty {
        Type::String(rules) => {
            let mut args = Vec::new();
            if let Some(min) = rules.min_length {
                args.push(format!("minLength = {min}L"));
            }
            if let Some(max) = rules.max_length {
                args.push(format!("maxLength = {max}L"));
            }
            if let Some(pattern) = &rules.pattern {
                args.push(format!(
                    "pattern = TrackplanPattern({}, {})",
                    string(&pattern.source),
                    string(&pattern.java_icu)
                ));
            }
            if let Some(format) = rules.format {
                args.push(format!("format = {}", string(format.as_str())));
            }
            format!("TrackplanSchema.Str({})", args.join(", "))
        }
        Type::Integer(rules) => number(rules, true),
        Type::Number(rules) => number(rules, false),
        Type::Boolean => "TrackplanSchema.Bool".to_owned(),
        Type::Object(id) | Type::Enum(id) => type_ref(chunks, *id),
        Type::Array(array) => {
            let mut args = vec![value(chunks, &array.items), format!("itemsNullable = {}", array.items_nullable)];
            if let Some(min) = array.min_items {
                args.push(format!("minItems = {min}L"));
            }
            if let Some(max) = array.max_items {
                args.push(format!("maxItems = {max}L"));
            }
            if array.unique_items {
                args.push("unique = true".to_owned());
            }
            format!("TrackplanSchema.Arr({})", args.join(", "))
        }
    }
}

fn number(rules: &NumberRules, integer: bool) -> String {
    let mut args = vec![format!("integer = {integer}")];
    for (bound, is_minimum) in [(&rules.minimum, true), (&rules.maximum, false)] {
        if let Some(bound) = bound {
            let rule = rules::bound(bound, is_minimum);
            args.push(format!(
                "{} = TrackplanBound({}, {}, {})",
                if is_minimum { "minimum" } else { "maximum" },
                rule.value,
                rule.exclusive,
                string(&rule.expected)
            ));
        }
    }
    if let Some(allowed) = &rules.allowed {
        let values: Vec<String> = allowed.iter().map(|v| format!("{v}L")).collect();
        args.push(format!(
            "allowed = TrackplanAllowed(listOf({}), {})",
            values.join(", "),
            string(&rules::integers_expected(allowed))
        ));
    }
    format!("TrackplanSchema.Num({})", args.join(", "))
}
