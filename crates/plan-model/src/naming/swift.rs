//! Swift naming: keywords in backticks, and suffixes for names that cannot be backticked or
//! that clash with members of `Codable`, `Hashable`, `CustomStringConvertible` and
//! `RawRepresentable` types.

use super::{MEMBER_SUFFIX, TYPE_SUFFIX};

/// Keywords used in declarations, statements and expressions, and `Any`.
pub const SWIFT_KEYWORDS: &[&str] = &[
    "associatedtype",
    "class",
    "deinit",
    "enum",
    "extension",
    "fileprivate",
    "func",
    "import",
    "init",
    "inout",
    "internal",
    "let",
    "open",
    "operator",
    "private",
    "precedencegroup",
    "protocol",
    "public",
    "rethrows",
    "static",
    "struct",
    "subscript",
    "typealias",
    "var",
    "break",
    "case",
    "catch",
    "continue",
    "default",
    "defer",
    "do",
    "else",
    "fallthrough",
    "for",
    "guard",
    "if",
    "in",
    "repeat",
    "return",
    "throw",
    "switch",
    "where",
    "while",
    "Any",
    "as",
    "await",
    "false",
    "is",
    "nil",
    "self",
    "Self",
    "super",
    "throws",
    "true",
    "try",
    "async",
];

/// Keywords that backticks do not make usable as member names.
pub const SWIFT_UNESCAPABLE: &[&str] = &["self", "Self", "init", "deinit", "subscript", "Type", "Protocol"];

/// Members that generated structs and enums already have.
pub const SWIFT_RESERVED_MEMBERS: &[&str] =
    &["allCases", "debugDescription", "description", "encode", "hash", "hashValue", "rawValue"];

/// Standard library and Foundation types the generated code names.
pub const SWIFT_RESERVED_TYPES: &[&str] = &[
    "Any",
    "AnyObject",
    "Array",
    "Bool",
    "Character",
    "Codable",
    "CodingKey",
    "Data",
    "Date",
    "Decimal",
    "Decodable",
    "Decoder",
    "Dictionary",
    "Double",
    "Encodable",
    "Encoder",
    "Equatable",
    "Error",
    "Float",
    "Hashable",
    "Int",
    "Int64",
    "JSONEncoder",
    "JSONSerialization",
    "Never",
    "NSNull",
    "NSNumber",
    "Optional",
    "Protocol",
    "Result",
    "Self",
    "Sendable",
    "Set",
    "String",
    "Type",
    "URL",
    "UUID",
    "Void",
];

pub(super) fn type_name(name: &str) -> String {
    if SWIFT_RESERVED_TYPES.contains(&name) || super::GENERATED_TYPE_NAMES.contains(&name) {
        format!("{name}{TYPE_SUFFIX}")
    } else {
        name.to_owned()
    }
}

/// Fields and enum cases (both lowerCamelCase).
pub(super) fn member_name(camel: &str) -> String {
    if SWIFT_UNESCAPABLE.contains(&camel) || SWIFT_RESERVED_MEMBERS.contains(&camel) {
        format!("{camel}{MEMBER_SUFFIX}")
    } else if SWIFT_KEYWORDS.contains(&camel) {
        format!("`{camel}`")
    } else {
        camel.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_member_is_escaped() {
        for keyword in SWIFT_KEYWORDS {
            let escaped = member_name(keyword);
            if SWIFT_UNESCAPABLE.contains(keyword) {
                assert_eq!(escaped, format!("{keyword}Value"), "{keyword}");
            } else {
                assert_eq!(escaped, format!("`{keyword}`"), "{keyword}");
            }
        }
    }

    #[test]
    fn every_reserved_member_is_suffixed() {
        for member in SWIFT_RESERVED_MEMBERS {
            assert_eq!(member_name(member), format!("{member}Value"), "{member}");
        }
    }

    #[test]
    fn every_reserved_type_is_suffixed() {
        for name in SWIFT_RESERVED_TYPES {
            assert_eq!(type_name(name), format!("{name}Type"), "{name}");
        }
    }
}
