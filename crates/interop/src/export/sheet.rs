//! What the spreadsheet formats (Avo, Amplitude) can say about a property, and what not.

use serde_json::Value;
use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{NamedKind, NumberRules, Property, StringRules, Type};

/// A property as one spreadsheet row describes it.
#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    /// Element type name in the plan's words: string, integer, number, boolean, object.
    pub(super) ty: &'static str,
    /// The property is a list of `ty`.
    pub(super) array: bool,
    /// Allowed values.
    pub(super) allowed: Vec<String>,
    /// Regular expression for strings.
    pub(super) regex: Option<String>,
    /// Example values, as text.
    pub(super) examples: Vec<String>,
    /// Rules the row has no column for.
    pub(super) lost: Vec<&'static str>,
}

pub(super) fn row(plan: &Plan, property: &Property, has_regex: bool) -> Row {
    let mut row = Row::default();
    let element = match &property.ty {
        Type::Array(array) => {
            row.array = true;
            if array.min_items.is_some() || array.max_items.is_some() || array.unique_items {
                row.lost.push("item count rules");
            }
            if array.items_nullable {
                row.lost.push("nullable items");
            }
            &array.items
        }
        other => other,
    };
    match element {
        Type::String(rules) => {
            row.ty = "string";
            string_rules(rules, has_regex, &mut row);
        }
        Type::Integer(rules) => {
            row.ty = "integer";
            number_rules(rules, &mut row);
        }
        Type::Number(rules) => {
            row.ty = "number";
            number_rules(rules, &mut row);
        }
        Type::Boolean => row.ty = "boolean",
        Type::Enum(id) => {
            row.ty = "string";
            if let NamedKind::Enum { values } = &plan.ty(*id).kind {
                row.allowed = values.iter().map(|value| value.value.clone()).collect();
            }
        }
        Type::Object(_) => {
            row.ty = "object";
            row.lost.push("nested properties");
        }
        Type::Array(_) => {
            row.ty = "object";
            row.lost.push("nested list type");
        }
    }
    if property.nullable {
        row.lost.push("nullable");
    }
    if property.pii {
        row.lost.push("pii");
    }
    if property.default.is_some() {
        row.lost.push("default");
    }
    row.examples = property.examples.iter().flat_map(|example| flatten(example, row.array)).collect();
    row
}

fn string_rules(rules: &StringRules, has_regex: bool, row: &mut Row) {
    if rules.min_length.is_some() || rules.max_length.is_some() {
        row.lost.push("length rules");
    }
    if rules.format.is_some() {
        row.lost.push("format");
    }
    if let Some(pattern) = &rules.pattern {
        if has_regex {
            row.regex = Some(pattern.source.clone());
        } else {
            row.lost.push("pattern");
        }
    }
}

fn number_rules(rules: &NumberRules, row: &mut Row) {
    if rules.minimum.is_some() || rules.maximum.is_some() {
        row.lost.push("bounds");
    }
    if let Some(allowed) = &rules.allowed {
        row.allowed = allowed.iter().map(i64::to_string).collect();
    }
}

/// Example values as cell text: scalars as written, list examples element by element.
fn flatten(example: &Value, array: bool) -> Vec<String> {
    match example {
        Value::Array(items) if array => items.iter().flat_map(|item| flatten(item, false)).collect(),
        Value::String(text) => vec![text.clone()],
        Value::Number(_) | Value::Bool(_) => vec![example.to_string()],
        _ => Vec::new(),
    }
}

/// CSV text from a header row and data rows.
pub(super) fn csv_text(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
