//! Rust naming: raw identifiers for keywords, suffixes where raw identifiers are not allowed.

use super::{MEMBER_SUFFIX, TYPE_SUFFIX};

/// Strict, reserved and edition-2024 keywords (`gen`), which need `r#` as field names.
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is an error).
pub const RUST_UNRAWABLE: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code relies on: prelude items, std types it names, and serde.
pub const RUST_RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Debug",
    "Drop",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Hash",
    "Iterator",
    "IntoIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "ToString",
    "ToOwned",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "Value",
    "Map",
    "Self",
];

pub(super) fn type_name(name: &str) -> String {
    if RUST_RESERVED_TYPES.contains(&name) || super::GENERATED_TYPE_NAMES.contains(&name) {
        format!("{name}{TYPE_SUFFIX}")
    } else {
        name.to_owned()
    }
}

pub(super) fn field_name(snake: &str) -> String {
    if RUST_UNRAWABLE.contains(&snake) {
        format!("{snake}_")
    } else if RUST_KEYWORDS.contains(&snake) {
        format!("r#{snake}")
    } else {
        snake.to_owned()
    }
}

pub(super) fn variant_name(upper: &str) -> String {
    // `Self` is the only UpperCamel keyword; a variant cannot be named after it.
    if RUST_UNRAWABLE.contains(&upper) { format!("{upper}{MEMBER_SUFFIX}") } else { upper.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_field_is_escaped() {
        for keyword in RUST_KEYWORDS.iter().filter(|k| k.chars().all(|c| c.is_ascii_lowercase())) {
            let escaped = field_name(keyword);
            if RUST_UNRAWABLE.contains(keyword) {
                assert_eq!(escaped, format!("{keyword}_"), "{keyword}");
            } else {
                assert_eq!(escaped, format!("r#{keyword}"), "{keyword}");
            }
        }
    }

    #[test]
    fn every_reserved_type_is_suffixed() {
        for name in RUST_RESERVED_TYPES {
            assert_eq!(type_name(name), format!("{name}Type"), "{name}");
        }
        assert_eq!(type_name("OrderCompleted"), "OrderCompleted");
    }

    #[test]
    fn self_variant_is_suffixed() {
        assert_eq!(variant_name("Self"), "SelfValue");
        assert_eq!(variant_name("Usd"), "Usd");
    }
}
