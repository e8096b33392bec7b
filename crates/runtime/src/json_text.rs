//! Values printed the way violations quote them: compact JSON with numbers as ECMAScript's
//! `String(x)` prints them, so every runtime produces the same text.

use serde_json::{Number, Value};

/// An `f64` as ECMAScript's `String(x)` prints it: `5` not `5.0`, exponents past 1e21.
pub fn js_float(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    if (1e-6..1e21).contains(&x.abs()) {
        // Rust's Display is the shortest round-trip form without an exponent.
        return format!("{x}");
    }
    let text = format!("{x:e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) if !exponent.starts_with('-') => format!("{mantissa}e+{exponent}"),
        _ => text,
    }
}

/// A JSON number as ECMAScript prints it.
pub fn js_number(number: &Number) -> String {
    if number.is_i64() || number.is_u64() {
        return number.to_string();
    }
    js_float(number.as_f64().unwrap_or(f64::NAN))
}

/// A string as a JSON string literal.
pub fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// Compact JSON of a value, numbers printed as ECMAScript prints them.
pub fn compact(value: &Value) -> String {
    let mut out = String::new();
    write_compact(value, &mut out);
    out
}

fn write_compact(value: &Value, out: &mut String) {
    match value {
        Value::Number(number) => out.push_str(&js_number(number)),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_compact(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (index, (key, member)) in members.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&quoted(key));
                out.push(':');
                write_compact(member, out);
            }
            out.push('}');
        }
        other => out.push_str(&serde_json::to_string(other).unwrap_or_default()),
    }
}

/// JSON equality as JSON Schema defines it (`uniqueItems`, `const`): numbers compare by value,
/// so `1` equals `1.0`.
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len() && xs.iter().all(|(k, x)| ys.get(k).is_some_and(|y| json_equal(x, y)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_ecmascript() {
        assert_eq!(js_float(5.0), "5");
        assert_eq!(js_float(-0.5), "-0.5");
        assert_eq!(js_float(1e21), "1e+21");
        assert_eq!(js_float(1.5e-7), "1.5e-7");
        assert_eq!(compact(&serde_json::json!({"a": [1.0, "x", null]})), r#"{"a":[1,"x",null]}"#);
    }
}
