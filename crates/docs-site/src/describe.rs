//! Plain-language descriptions of value types and their constraints, as the property tables
//! show them: `array of Product`, `≥ 0`, `length 1–64`, `matches ^ORD-[0-9]{6}$`.

use serde_json::Value;
use trackplan_plan_model::model::{ArrayType, Bound, NamedKind, NumberRules, Plan, StringRules, Type, TypeId};

/// One constraint: words, then the value in monospace (`length ≤` `64`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    /// The plan keyword, shown as a tooltip (`maxLength`).
    pub(crate) keyword: &'static str,
    /// Words before the value.
    pub(crate) label: String,
    /// The value as written in the plan; empty for flags like unique items.
    pub(crate) value: String,
}

impl Rule {
    fn new(keyword: &'static str, label: impl Into<String>, value: impl Into<String>) -> Self {
        Rule { keyword, label: label.into(), value: value.into() }
    }
}

/// The named type a value refers to, looking through arrays.
pub(crate) fn named_type(ty: &Type) -> Option<TypeId> {
    match ty {
        Type::Object(id) | Type::Enum(id) => Some(*id),
        Type::Array(array) => named_type(&array.items),
        _ => None,
    }
}

/// The object type whose properties a value holds, looking through arrays, with the path
/// suffix that reaches them (`[]` per array level).
pub(crate) fn object_inside(ty: &Type) -> Option<(TypeId, String)> {
    match ty {
        Type::Object(id) => Some((*id, String::new())),
        Type::Array(array) => object_inside(&array.items).map(|(id, suffix)| (id, format!("[]{suffix}"))),
        _ => None,
    }
}

/// How a declared type is called on the site: its shared definition's name, else its generated
/// type name.
pub(crate) fn type_title(plan: &Plan, id: TypeId) -> &str {
    let ty = plan.ty(id);
    ty.definition.as_deref().unwrap_or(&ty.name.rust)
}

/// The type as a short phrase: `string`, `integer`, `array of string`, `Product` (object),
/// `Currency` (enum).
pub(crate) fn type_label(plan: &Plan, ty: &Type) -> String {
    match ty {
        Type::Object(id) | Type::Enum(id) => type_title(plan, *id).to_owned(),
        Type::Array(array) => format!("array of {}", type_label(plan, &array.items)),
        other => other.keyword().to_owned(),
    }
}

/// The element type of (nested) arrays; the type itself otherwise.
pub(crate) fn innermost(ty: &Type) -> &Type {
    match ty {
        Type::Array(array) => innermost(&array.items),
        other => other,
    }
}

/// `array of ` once per level of array around [`innermost`].
pub(crate) fn array_prefix(ty: &Type) -> String {
    match ty {
        Type::Array(array) => format!("array of {}", array_prefix(&array.items)),
        _ => String::new(),
    }
}

/// The type's kind in one word, for the type column's small print: `object`, `enum`, or the
/// keyword of a scalar.
pub(crate) fn type_kind(ty: &Type) -> &'static str {
    match ty {
        Type::Object(_) => "object",
        Type::Enum(_) => "enum",
        Type::Array(_) => "array",
        other => other.keyword(),
    }
}

/// Every constraint on a value, elements of arrays included (`each ≥ 0`).
pub(crate) fn rules(ty: &Type) -> Vec<Rule> {
    let mut out = Vec::new();
    push_rules(&mut out, ty, "");
    out
}

fn push_rules(out: &mut Vec<Rule>, ty: &Type, prefix: &str) {
    match ty {
        Type::String(rules) => push_string_rules(out, rules, prefix),
        Type::Integer(rules) | Type::Number(rules) => push_number_rules(out, rules, prefix),
        Type::Array(array) => push_array_rules(out, array, prefix),
        Type::Boolean | Type::Object(_) | Type::Enum(_) => {}
    }
}

fn push_string_rules(out: &mut Vec<Rule>, rules: &StringRules, prefix: &str) {
    if let Some(format) = rules.format {
        out.push(Rule::new("format", format!("{prefix}format"), format.as_str()));
    }
    match (rules.min_length, rules.max_length) {
        (Some(min), Some(max)) if min == max => {
            out.push(Rule::new("minLength", format!("{prefix}length"), min.to_string()))
        }
        (Some(min), Some(max)) => out.push(Rule::new("minLength", format!("{prefix}length"), format!("{min}–{max}"))),
        (Some(min), None) => out.push(Rule::new("minLength", format!("{prefix}length ≥"), min.to_string())),
        (None, Some(max)) => out.push(Rule::new("maxLength", format!("{prefix}length ≤"), max.to_string())),
        (None, None) => {}
    }
    if let Some(pattern) = &rules.pattern {
        out.push(Rule::new("pattern", format!("{prefix}matches"), pattern.source.clone()));
    }
}

fn push_number_rules(out: &mut Vec<Rule>, rules: &NumberRules, prefix: &str) {
    if let Some(bound) = &rules.minimum {
        let (keyword, sign) = if bound.exclusive { ("exclusiveMinimum", ">") } else { ("minimum", "≥") };
        out.push(Rule::new(keyword, format!("{prefix}{sign}"), bound_text(bound)));
    }
    if let Some(bound) = &rules.maximum {
        let (keyword, sign) = if bound.exclusive { ("exclusiveMaximum", "<") } else { ("maximum", "≤") };
        out.push(Rule::new(keyword, format!("{prefix}{sign}"), bound_text(bound)));
    }
    if let Some(allowed) = &rules.allowed {
        let values: Vec<String> = allowed.iter().map(i64::to_string).collect();
        out.push(Rule::new("enum", format!("{prefix}one of"), values.join(", ")));
    }
}

fn push_array_rules(out: &mut Vec<Rule>, array: &ArrayType, prefix: &str) {
    match (array.min_items, array.max_items) {
        (Some(min), Some(max)) if min == max => {
            out.push(Rule::new("minItems", format!("{prefix}items"), min.to_string()))
        }
        (Some(min), Some(max)) => out.push(Rule::new("minItems", format!("{prefix}items"), format!("{min}–{max}"))),
        (Some(min), None) => out.push(Rule::new("minItems", format!("{prefix}items ≥"), min.to_string())),
        (None, Some(max)) => out.push(Rule::new("maxItems", format!("{prefix}items ≤"), max.to_string())),
        (None, None) => {}
    }
    if array.unique_items {
        out.push(Rule::new("uniqueItems", format!("{prefix}unique items"), ""));
    }
    if array.items_nullable {
        out.push(Rule::new("items", format!("{prefix}items may be"), "null"));
    }
    push_rules(out, &array.items, &format!("{prefix}each "));
}

fn bound_text(bound: &Bound) -> String {
    bound.value.to_string()
}

/// The allowed values of an enum value (looking through arrays), in plan order.
pub(crate) fn enum_values<'p>(plan: &'p Plan, ty: &Type) -> Vec<&'p str> {
    match named_type(ty).map(|id| &plan.ty(id).kind) {
        Some(NamedKind::Enum { values }) => values.iter().map(|v| v.value.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// A JSON value on one line, as examples and defaults are shown.
pub(crate) fn compact_json(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Number;
    use trackplan_plan_model::model::{Format, Pattern};

    #[test]
    fn string_rules_read_naturally() {
        let ty = Type::String(StringRules {
            min_length: Some(1),
            max_length: Some(64),
            pattern: Some(Pattern {
                source: "^[A-Z]+$".into(),
                ecma: "^[A-Z]+$".into(),
                java_icu: "^[A-Z]+\\z".into(),
            }),
            format: Some(Format::Email),
        });
        let shown: Vec<(String, String)> = rules(&ty).into_iter().map(|r| (r.label, r.value)).collect();
        assert_eq!(
            shown,
            [
                ("format".into(), "email".into()),
                ("length".into(), "1–64".into()),
                ("matches".into(), "^[A-Z]+$".into())
            ]
        );
    }

    #[test]
    fn bounds_keep_their_plan_spelling_and_exclusivity() {
        let ty = Type::Number(NumberRules {
            minimum: Some(Bound { value: Number::from(0), exclusive: true }),
            maximum: Some(Bound { value: Number::from_f64(99.5).expect("finite"), exclusive: false }),
            allowed: None,
        });
        let shown: Vec<String> = rules(&ty).into_iter().map(|r| format!("{} {}", r.label, r.value)).collect();
        assert_eq!(shown, ["> 0", "≤ 99.5"]);
    }

    #[test]
    fn array_rules_include_element_rules() {
        let ty = Type::Array(Box::new(ArrayType {
            items: Type::Integer(NumberRules {
                minimum: Some(Bound { value: Number::from(1), exclusive: false }),
                maximum: None,
                allowed: None,
            }),
            items_nullable: false,
            min_items: Some(1),
            max_items: None,
            unique_items: true,
        }));
        let shown: Vec<String> =
            rules(&ty).into_iter().map(|r| format!("{} {}", r.label, r.value).trim().to_owned()).collect();
        assert_eq!(shown, ["items ≥ 1", "unique items", "each ≥ 1"]);
    }
}
