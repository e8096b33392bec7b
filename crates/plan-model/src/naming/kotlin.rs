//! Kotlin naming: hard keywords in backticks, data-class members suffixed.

use super::{MEMBER_SUFFIX, TYPE_SUFFIX};

/// Hard keywords: not identifiers unless backticked.
pub const KOTLIN_HARD_KEYWORDS: &[&str] = &[
    "as",
    "break",
    "class",
    "continue",
    "do",
    "else",
    "false",
    "for",
    "fun",
    "if",
    "in",
    "interface",
    "is",
    "null",
    "object",
    "package",
    "return",
    "super",
    "this",
    "throw",
    "true",
    "try",
    "typealias",
    "typeof",
    "val",
    "var",
    "when",
    "while",
];

/// Members every data class already has.
pub const KOTLIN_RESERVED_MEMBERS: &[&str] = &["copy", "equals", "hashCode", "toString", "javaClass"];

/// Types the generated code names, from the standard library.
pub const KOTLIN_RESERVED_TYPES: &[&str] = &[
    "Any",
    "Array",
    "Boolean",
    "Byte",
    "Char",
    "Comparable",
    "Double",
    "Enum",
    "Exception",
    "Float",
    "Int",
    "Lazy",
    "List",
    "Long",
    "Map",
    "MutableList",
    "MutableMap",
    "Nothing",
    "Number",
    "Pair",
    "Regex",
    "Result",
    "Set",
    "Short",
    "String",
    "StringBuilder",
    "Throwable",
    "Triple",
    "Unit",
];

pub(super) fn type_name(name: &str) -> String {
    if KOTLIN_RESERVED_TYPES.contains(&name) || super::GENERATED_TYPE_NAMES.contains(&name) {
        format!("{name}{TYPE_SUFFIX}")
    } else {
        name.to_owned()
    }
}

fn is_component(name: &str) -> bool {
    name.strip_prefix("component").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

pub(super) fn field_name(camel: &str) -> String {
    if KOTLIN_RESERVED_MEMBERS.contains(&camel) || is_component(camel) {
        format!("{camel}{MEMBER_SUFFIX}")
    } else if KOTLIN_HARD_KEYWORDS.contains(&camel) {
        format!("`{camel}`")
    } else {
        camel.to_owned()
    }
}

/// Enum constants are SCREAMING_SNAKE_CASE, which no keyword is; `name` and `ordinal` are
/// lower case and cannot clash either.
pub(super) fn variant_name(shouty: &str) -> String {
    shouty.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hard_keyword_is_backticked() {
        for keyword in KOTLIN_HARD_KEYWORDS {
            assert_eq!(field_name(keyword), format!("`{keyword}`"), "{keyword}");
        }
    }

    #[test]
    fn every_data_class_member_is_suffixed() {
        for member in KOTLIN_RESERVED_MEMBERS {
            assert_eq!(field_name(member), format!("{member}Value"), "{member}");
        }
        assert_eq!(field_name("component12"), "component12Value");
        assert_eq!(field_name("components"), "components");
    }

    #[test]
    fn every_reserved_type_is_suffixed() {
        for name in KOTLIN_RESERVED_TYPES {
            assert_eq!(type_name(name), format!("{name}Type"), "{name}");
        }
    }
}
