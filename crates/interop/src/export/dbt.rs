//! dbt: `models/trackplan/sources.yml` declares the event tables a Segment-style warehouse
//! loader writes (one table per event, named after it in snake_case, one column per property,
//! nested objects flattened with `_`), and `models/trackplan/schema.yml` declares models of
//! the same shape, so events built in the warehouse (e.g. from orders and accounts tables)
//! are tested against the same plan. Tests: `not_null` for required properties,
//! `accepted_values` for enums, and `dbt_utils.accepted_range` for numeric bounds (the
//! dbt-utils package is the one dependency the files need).
//!
//! YAML is written by hand with every scalar as a JSON string, which YAML reads verbatim,
//! so no plan text can break the file's structure.

use std::fmt::Write;

use heck::ToSnakeCase;
use trackplan_generator::output::GeneratedFile;
use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Bound, NamedKind, Property, Type};

use crate::report::Report;

/// A warehouse column and its tests.
struct Column {
    name: String,
    description: Option<String>,
    tests: Vec<String>,
}

pub(super) fn files(plan: &Plan, losses: &mut Report) -> Vec<GeneratedFile> {
    let tables: Vec<(String, Option<String>, String, Vec<Column>)> = plan
        .events
        .iter()
        .map(|event| {
            let mut columns = Vec::new();
            for property in &event.properties {
                flatten(plan, property, "", true, &mut columns, losses);
            }
            (event.snake_name.clone(), event.description.clone(), event.name.clone(), columns)
        })
        .collect();
    let source = plan.name.to_snake_case();
    let mut sources = String::from("version: 2\n\nsources:\n");
    let _ = writeln!(sources, "  - name: {}", quote(&source));
    if let Some(description) = &plan.description {
        let _ = writeln!(sources, "    description: {}", quote(description));
    }
    sources.push_str("    tables:\n");
    let mut models = String::from("version: 2\n\nmodels:\n");
    for (table, description, event, columns) in &tables {
        for (out, indent) in [(&mut sources, "      "), (&mut models, "  ")] {
            let _ = writeln!(out, "{indent}- name: {}", quote(table));
            if let Some(description) = description {
                let _ = writeln!(out, "{indent}  description: {}", quote(description));
            }
            let _ = writeln!(out, "{indent}  meta:\n{indent}    trackplan_event: {}", quote(event));
            if columns.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{indent}  columns:");
            for column in columns {
                let _ = writeln!(out, "{indent}    - name: {}", quote(&column.name));
                if let Some(description) = &column.description {
                    let _ = writeln!(out, "{indent}      description: {}", quote(description));
                }
                if !column.tests.is_empty() {
                    let _ = writeln!(out, "{indent}      data_tests:");
                    for test in &column.tests {
                        for (i, line) in test.lines().enumerate() {
                            let lead = if i == 0 { "- " } else { "  " };
                            let _ = writeln!(out, "{indent}        {lead}{line}");
                        }
                    }
                }
            }
        }
    }
    vec![
        GeneratedFile { path: "models/trackplan/sources.yml".into(), contents: sources },
        GeneratedFile { path: "models/trackplan/schema.yml".into(), contents: models },
    ]
}

/// Columns of a property: nested objects become `parent_child` columns, as warehouse
/// loaders flatten them. `required` is false below an optional parent, which may be absent.
fn flatten(
    plan: &Plan,
    property: &Property,
    prefix: &str,
    parent_required: bool,
    columns: &mut Vec<Column>,
    losses: &mut Report,
) {
    let name = format!("{prefix}{}", property.name.to_snake_case());
    let required = parent_required && property.required && !property.nullable;
    let place = format!("{}#{}", property.location.file.display(), property.location.path);
    if let Type::Object(id) = &property.ty {
        if let NamedKind::Object { properties } = &plan.ty(*id).kind {
            for nested in properties {
                flatten(plan, nested, &format!("{name}_"), required, columns, losses);
            }
        }
        return;
    }
    let mut tests = Vec::new();
    if required {
        tests.push("not_null".to_owned());
    }
    match &property.ty {
        Type::Enum(id) => {
            if let NamedKind::Enum { values } = &plan.ty(*id).kind {
                let values: Vec<String> = values.iter().map(|v| quote(&v.value)).collect();
                tests.push(format!("accepted_values:\n  arguments:\n    values: [{}]", values.join(", ")));
            }
        }
        Type::Integer(rules) | Type::Number(rules) => {
            if let Some(allowed) = &rules.allowed {
                tests.push(format!(
                    "accepted_values:\n  arguments:\n    values: {}\n    quote: false",
                    serde_json::json!(allowed)
                ));
            }
            if rules.minimum.is_some() || rules.maximum.is_some() {
                tests.push(range(rules.minimum.as_ref(), rules.maximum.as_ref(), &place, losses));
            }
        }
        Type::String(rules) => {
            if rules.pattern.is_some()
                || rules.format.is_some()
                || rules.min_length.is_some()
                || rules.max_length.is_some()
            {
                losses.unmapped(place, "dbt tests here check presence, enums and ranges; string patterns, formats and lengths are not tested");
            }
        }
        Type::Array(_) => losses.unmapped(place, "lists are stored as JSON text; their elements are not tested"),
        Type::Boolean | Type::Object(_) => {}
    }
    columns.push(Column { name, description: property.description.clone(), tests });
}

/// `dbt_utils.accepted_range`; its one `inclusive` flag covers both ends, so a range with
/// one exclusive and one inclusive end keeps the inclusive reading and says so.
fn range(minimum: Option<&Bound>, maximum: Option<&Bound>, place: &str, losses: &mut Report) -> String {
    let exclusive: Vec<bool> = minimum.iter().chain(maximum.iter()).map(|bound| bound.exclusive).collect();
    let inclusive = !exclusive.iter().all(|e| *e);
    if exclusive.iter().any(|e| *e) && inclusive {
        losses.unmapped(
            place,
            "dbt_utils.accepted_range has one `inclusive` flag; the exclusive end is tested inclusively",
        );
    }
    let mut test = String::from("dbt_utils.accepted_range:\n  arguments:");
    if let Some(minimum) = minimum {
        let _ = write!(test, "\n    min_value: {}", minimum.value);
    }
    if let Some(maximum) = maximum {
        let _ = write!(test, "\n    max_value: {}", maximum.value);
    }
    let _ = write!(test, "\n    inclusive: {inclusive}");
    test
}

/// A YAML double-quoted scalar. JSON escaping covers quotes, backslashes and C0 controls;
/// YAML also refuses DEL, the C1 controls (but NEL) and U+FFFE/U+FFFF unescaped.
fn quote(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_default();
    json.chars()
        .map(|c| match c {
            '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => format!("\\u{:04x}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_what_yaml_refuses_raw() {
        assert_eq!(quote("a \"b\"\n"), r#""a \"b\"\n""#);
        assert_eq!(quote("x\u{7f}\u{85}\u{9f}\u{fffe}"), "\"x\\u007f\u{85}\\u009f\\ufffe\"");
        assert_eq!(quote("# not: a comment"), "\"# not: a comment\"");
    }
}
