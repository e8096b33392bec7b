//! One-line summaries of a value's rules for doc comments (range, length, pattern, values).

use trackplan_plan_model::model::{NamedKind, NumberRules, Plan, StringRules, Type};
use trackplan_plan_model::validate::js_number;

use super::docs::inline;

/// The rules of `ty`, one line each, safe for [`super::docs::Doc::line`].
pub fn describe(plan: &Plan, ty: &Type) -> Vec<String> {
    let mut lines = Vec::new();
    match ty {
        Type::String(rules) => string(rules, &mut lines),
        Type::Integer(rules) | Type::Number(rules) => number(rules, &mut lines),
        Type::Boolean => {}
        Type::Array(array) => {
            match (array.min_items, array.max_items) {
                (Some(min), Some(max)) => lines.push(format!("Between {min} and {max} items.")),
                (Some(min), None) => lines.push(format!("At least {min} items.")),
                (None, Some(max)) => lines.push(format!("At most {max} items.")),
                (None, None) => {}
            }
            if array.unique_items {
                lines.push("Items are unique.".to_owned());
            }
            if array.items_nullable {
                lines.push("Items may be null.".to_owned());
            }
            lines.extend(describe(plan, &array.items).into_iter().map(|line| format!("Each item: {line}")));
        }
        Type::Enum(id) => {
            if let NamedKind::Enum { values } = &plan.ty(*id).kind {
                let wire: Vec<String> = values.iter().map(|v| format!("“{}”", inline(&v.value))).collect();
                lines.push(format!("One of {}.", wire.join(", ")));
            }
        }
        Type::Object(_) => {}
    }
    lines
}

fn string(rules: &StringRules, lines: &mut Vec<String>) {
    match (rules.min_length, rules.max_length) {
        (Some(min), Some(max)) => lines.push(format!("Length {min} to {max} characters.")),
        (Some(min), None) => lines.push(format!("At least {min} characters.")),
        (None, Some(max)) => lines.push(format!("At most {max} characters.")),
        (None, None) => {}
    }
    if let Some(pattern) = &rules.pattern {
        lines.push(format!("Matches the pattern “{}”.", inline(&pattern.source)));
    }
    if let Some(format) = rules.format {
        lines.push(format!("Format: {}.", format.as_str()));
    }
}

fn number(rules: &NumberRules, lines: &mut Vec<String>) {
    let mut range = Vec::new();
    if let Some(min) = &rules.minimum {
        range.push(format!("{} {}", if min.exclusive { "more than" } else { "at least" }, js_number(&min.value)));
    }
    if let Some(max) = &rules.maximum {
        range.push(format!("{} {}", if max.exclusive { "less than" } else { "at most" }, js_number(&max.value)));
    }
    if !range.is_empty() {
        lines.push(format!("Range: {}.", range.join(" and ")));
    }
    if let Some(allowed) = &rules.allowed {
        let values: Vec<String> = allowed.iter().map(i64::to_string).collect();
        lines.push(format!("One of {}.", values.join(", ")));
    }
}
