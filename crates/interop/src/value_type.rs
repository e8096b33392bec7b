//! Value type names as spreadsheets write them ("Int", "Float", "List", "Date Time"…).

use trackplan_plan_model::raw::{Format, PropertyType};

/// A type read from a spreadsheet cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CellType {
    /// The plan type.
    pub(crate) ty: PropertyType,
    /// A string format the name implies ("date" → date).
    pub(crate) format: Option<Format>,
    /// The name said "list of …".
    pub(crate) array: bool,
}

/// Reads a type name; `None` when it is not one any of the templates use.
pub(crate) fn parse(cell: &str) -> Option<CellType> {
    let lower = cell.trim().to_ascii_lowercase();
    let (inner, array) = match lower.strip_prefix("list of ").or_else(|| lower.strip_prefix("array of ")) {
        Some(inner) => (inner.trim(), true),
        None => match lower.strip_suffix("[]") {
            Some(inner) => (inner.trim(), true),
            None => (lower.as_str(), false),
        },
    };
    let plain = |ty| Some(CellType { ty, format: None, array });
    let formatted = |format| Some(CellType { ty: PropertyType::String, format: Some(format), array });
    match inner {
        "string" | "text" | "str" => plain(PropertyType::String),
        "int" | "integer" | "long" => plain(PropertyType::Integer),
        "float" | "number" | "numeric" | "decimal" | "double" => plain(PropertyType::Number),
        "bool" | "boolean" => plain(PropertyType::Boolean),
        "object" | "dict" | "map" => plain(PropertyType::Object),
        "list" | "array" => Some(CellType { ty: PropertyType::Array, format: None, array: false }),
        "date" => formatted(Format::Date),
        "datetime" | "date time" | "date-time" | "timestamp" => formatted(Format::DateTime),
        "email" => formatted(Format::Email),
        "uri" | "url" => formatted(Format::Uri),
        "uuid" => formatted(Format::Uuid),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_names_the_templates_use() {
        assert_eq!(parse("Int").map(|t| t.ty), Some(PropertyType::Integer));
        assert_eq!(parse(" float ").map(|t| t.ty), Some(PropertyType::Number));
        assert_eq!(parse("Date Time").and_then(|t| t.format), Some(Format::DateTime));
        let list = parse("list of string").unwrap();
        assert_eq!((list.ty, list.array), (PropertyType::String, true));
        assert_eq!(parse("string[]").map(|t| t.array), Some(true));
        assert_eq!(parse("any"), None);
        assert_eq!(parse("mystery"), None);
    }
}
