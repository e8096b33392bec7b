//! TypeScript naming. Object keys are the wire names themselves (quoted when they are not
//! identifier names), so payloads need no renaming; type names avoid the globals the
//! generated code uses.

use super::TYPE_SUFFIX;

/// Global types and type helpers a generated module refers to or a reader expects.
pub const TS_RESERVED_TYPES: &[&str] = &[
    "Array",
    "ArrayBuffer",
    "BigInt",
    "Boolean",
    "Date",
    "Error",
    "Exclude",
    "Extract",
    "Function",
    "Infinity",
    "Intl",
    "JSON",
    "Map",
    "Math",
    "NaN",
    "NonNullable",
    "Number",
    "Object",
    "Omit",
    "Partial",
    "Pick",
    "Promise",
    "Proxy",
    "Readonly",
    "ReadonlyArray",
    "Record",
    "Reflect",
    "RegExp",
    "Required",
    "ReturnType",
    "Set",
    "String",
    "Symbol",
    "TypeError",
    "WeakMap",
    "WeakSet",
];

pub(super) fn type_name(name: &str) -> String {
    if TS_RESERVED_TYPES.contains(&name) || super::GENERATED_TYPE_NAMES.contains(&name) {
        format!("{name}{TYPE_SUFFIX}")
    } else {
        name.to_owned()
    }
}

/// The object key for a wire name: bare when it is an ASCII identifier name (reserved words
/// are fine as keys), otherwise a double-quoted string literal safe in any position:
/// quotes, backslashes, control characters, U+2028/U+2029 and `__proto__` handled.
pub fn ts_property_key(wire_name: &str) -> String {
    let mut chars = wire_name.chars();
    let bare = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        // As a bare or quoted key in an object literal, `__proto__` sets the prototype.
        && wire_name != "__proto__";
    if bare {
        return wire_name.to_owned();
    }
    let quoted = js_string(wire_name);
    if wire_name == "__proto__" { format!("[{quoted}]") } else { quoted }
}

/// A double-quoted JavaScript string literal of `text`.
fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reserved_type_is_suffixed() {
        for name in TS_RESERVED_TYPES {
            assert_eq!(type_name(name), format!("{name}Type"), "{name}");
        }
    }

    #[test]
    fn keys_are_bare_only_when_safe() {
        assert_eq!(ts_property_key("order_id"), "order_id");
        assert_eq!(ts_property_key("class"), "class");
        assert_eq!(ts_property_key("order id"), "\"order id\"");
        assert_eq!(ts_property_key("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(ts_property_key("x\u{2028}y"), "\"x\\u2028y\"");
        assert_eq!(ts_property_key("${x}"), "\"${x}\"");
        assert_eq!(ts_property_key("__proto__"), "[\"__proto__\"]");
        assert_eq!(ts_property_key(""), "\"\"");
    }
}
