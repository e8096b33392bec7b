//! JSDoc text for generated declarations: descriptions, owners, rules and examples from the
//! plan, every line through the comment escaper.

use trackplan_plan_model::model::{Call, Event, NamedType, Plan, Property, Status, Type};
use trackplan_plan_model::validate::js_number;

use super::escape::{comment_lines, comment_text};

/// A `/** … */` block indented by `indent`, or nothing when there are no lines.
pub fn block(lines: &[String], indent: &str) -> String {
    match lines {
        [] => String::new(),
        [only] if !only.is_empty() => format!("{indent}/** {only} */\n"),
        _ => {
            let mut out = format!("{indent}/**\n");
            for line in lines {
                if line.is_empty() {
                    out.push_str(&format!("{indent} *\n"));
                } else {
                    out.push_str(&format!("{indent} * {line}\n"));
                }
            }
            out.push_str(&format!("{indent} */\n"));
            out
        }
    }
}

/// Documentation of an event's interface and track function.
pub fn event(plan: &Plan, event: &Event) -> Vec<String> {
    let mut lines = event.description.as_deref().map(comment_lines).unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("Event `{}`, version {}.", comment_text(&event.name), event.version));
    if !event.owners.is_empty() {
        let owners: Vec<String> = event.owners.iter().map(|o| comment_text(o)).collect();
        lines.push(format!("Owners: {}.", owners.join(", ")));
    }
    if !event.properties.is_empty() {
        lines.push(String::new());
        lines.push("| Property | Type | Required | Rules |".to_owned());
        lines.push("| --- | --- | --- | --- |".to_owned());
        for property in &event.properties {
            lines.push(format!(
                "| `{}` | {}{} | {} | {} |",
                comment_text(&property.name).replace('|', "\\|"),
                property.ty.keyword(),
                if property.nullable { " or null" } else { "" },
                if property.required { "yes" } else { "no" },
                rules(plan, &property.ty).join(", ").replace('|', "\\|"),
            ));
        }
    }
    if matches!(event.status, Status::Deprecated) || event.deprecation.is_some() {
        let note = event.deprecation.as_deref().map(comment_text).unwrap_or_default();
        lines.push(format!("@deprecated {note}").trim_end().to_owned());
    }
    lines
}

/// Documentation of a property.
pub fn property(plan: &Plan, property: &Property) -> Vec<String> {
    let mut lines = property.description.as_deref().map(comment_lines).unwrap_or_default();
    let rules = rules(plan, &property.ty);
    if !rules.is_empty() {
        lines.push(format!("Rules: {}.", rules.join(", ")));
    }
    if property.pii {
        lines.push("Personal data (PII).".to_owned());
    }
    if let Some(default) = &property.default {
        lines.push(format!("Default: `{}`.", comment_text(&default.to_string())));
    }
    if let Some(example) = property.examples.first() {
        lines.push(format!("@example {}", comment_text(&example.to_string())));
    }
    lines
}

/// Documentation of a declared type or call.
pub fn described(description: Option<&str>) -> Vec<String> {
    description.map(comment_lines).unwrap_or_default()
}

/// Documentation of a named type.
pub fn named(named: &NamedType) -> Vec<String> {
    described(named.description.as_deref())
}

/// Documentation of a call.
pub fn call(call: &Call) -> Vec<String> {
    described(call.description.as_deref())
}

/// The constraints of a type as short phrases.
fn rules(plan: &Plan, ty: &Type) -> Vec<String> {
    let mut out = Vec::new();
    match ty {
        Type::String(rules) => {
            if let Some(min) = rules.min_length {
                out.push(format!("minLength {min}"));
            }
            if let Some(max) = rules.max_length {
                out.push(format!("maxLength {max}"));
            }
            if let Some(pattern) = &rules.pattern {
                out.push(format!("pattern `{}`", comment_text(&pattern.source)));
            }
            if let Some(format) = rules.format {
                out.push(format!("format {}", format.as_str()));
            }
        }
        Type::Integer(rules) | Type::Number(rules) => {
            if let Some(min) = &rules.minimum {
                out.push(format!("{} {}", if min.exclusive { ">" } else { ">=" }, js_number(&min.value)));
            }
            if let Some(max) = &rules.maximum {
                out.push(format!("{} {}", if max.exclusive { "<" } else { "<=" }, js_number(&max.value)));
            }
            if let Some(allowed) = &rules.allowed {
                let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
                out.push(format!("one of {}", list.join(", ")));
            }
        }
        Type::Enum(id) | Type::Object(id) => out.push(format!("`{}`", plan.ty(*id).name.typescript)),
        Type::Array(array) => {
            if let Some(min) = array.min_items {
                out.push(format!("minItems {min}"));
            }
            if let Some(max) = array.max_items {
                out.push(format!("maxItems {max}"));
            }
            if array.unique_items {
                out.push("unique".to_owned());
            }
            out.extend(rules(plan, &array.items).into_iter().map(|rule| format!("items: {rule}")));
        }
        Type::Boolean => {}
    }
    out
}
