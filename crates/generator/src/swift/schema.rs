//! Swift expressions building the validation schema of each type, event and call, read by
//! the generated runtime's validator (`TrackplanRuntime.swift`).

use trackplan_plan_model::model::{NamedKind, NumberRules, Plan, Property, Type, TypeId};

use super::literal::string;
use crate::rules;

/// The schema of a declared type: a `TrackplanObjectSchema` for objects, a
/// `TrackplanSchema` for enums.
pub(crate) fn declared(plan: &Plan, id: TypeId) -> String {
    match &plan.ty(id).kind {
        NamedKind::Object { properties } => object(properties),
        NamedKind::Enum { values } => {
            let wires: Vec<String> = values.iter().map(|v| string(&v.value)).collect();
            format!(
                "TrackplanSchema.enumeration(values: [{}], expected: {})",
                wires.join(", "),
                string(&rules::enum_expected(values))
            )
        }
    }
}

/// A `TrackplanObjectSchema` of `properties`, laid out for a static member.
pub(crate) fn object(properties: &[Property]) -> String {
    if properties.is_empty() {
        return "TrackplanObjectSchema([])".to_owned();
    }
    let members: Vec<String> = properties
        .iter()
        .map(|p| {
            format!(
                "\n        TrackplanProperty({}, {}, required: {}, nullable: {}),",
                string(&p.name),
                value(&p.ty),
                p.required,
                p.nullable
            )
        })
        .collect();
    format!("TrackplanObjectSchema([{}\n    ])", members.concat())
}

fn value(ty: &Type) -> String {
    match ty {
        Type::String(rules) => {
            let mut args = Vec::new();
            if let Some(min) = rules.min_length {
                args.push(format!("minLength: {min}"));
            }
            if let Some(max) = rules.max_length {
                args.push(format!("maxLength: {max}"));
            }
            if let Some(pattern) = &rules.pattern {
                args.push(format!(
                    "pattern: TrackplanPattern({}, {})",
                    string(&pattern.source),
                    string(&pattern.java_icu)
                ));
            }
            if let Some(format) = rules.format {
                args.push(format!("format: {}", string(format.as_str())));
            }
            format!("TrackplanSchema.string({})", args.join(", "))
        }
        Type::Integer(rules) => number(rules, true),
        Type::Number(rules) => number(rules, false),
        Type::Boolean => "TrackplanSchema.boolean".to_owned(),
        Type::Enum(id) => format!("TrackplanSchemas.type{}", id.0),
        Type::Object(id) => format!("TrackplanSchema.object(TrackplanSchemas.type{})", id.0),
        Type::Array(array) => {
            let mut args =
                vec![format!("items: {}", value(&array.items)), format!("itemsNullable: {}", array.items_nullable)];
            if let Some(min) = array.min_items {
                args.push(format!("minItems: {min}"));
            }
            if let Some(max) = array.max_items {
                args.push(format!("maxItems: {max}"));
            }
            if array.unique_items {
                args.push("unique: true".to_owned());
            }
            format!("TrackplanSchema.array({})", args.join(", "))
        }
    }
}

fn number(rules: &NumberRules, integer: bool) -> String {
    let mut args = vec![format!("integer: {integer}")];
    for (bound, is_minimum) in [(&rules.minimum, true), (&rules.maximum, false)] {
        if let Some(bound) = bound {
            let rule = rules::bound(bound, is_minimum);
            args.push(format!(
                "{}: TrackplanBound({}, exclusive: {}, expected: {})",
                if is_minimum { "minimum" } else { "maximum" },
                rule.value,
                rule.exclusive,
                string(&rule.expected)
            ));
        }
    }
    if let Some(allowed) = &rules.allowed {
        let values: Vec<String> = allowed.iter().map(i64::to_string).collect();
        args.push(format!(
            "allowed: TrackplanAllowed([{}], expected: {})",
            values.join(", "),
            string(&rules::integers_expected(allowed))
        ));
    }
    format!("TrackplanSchema.number({})", args.join(", "))
}
