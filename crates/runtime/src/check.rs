//! The rule checks generated validators call: each pushes a [`Violation`] in the shared format
//! when its rule is broken and allocates nothing when it holds.
//!
//! Generated code passes the plan's bounds as literals and the bound's text as written in the
//! plan, so a check costs a comparison.

use std::sync::OnceLock;

use regex::Regex;

use crate::formats::Format;
use crate::json_text::{js_float, quoted};
use crate::path::Path;
use crate::violation::Violation;

/// A plan pattern (ECMAScript form), compiled on first use and then shared: generated code
/// declares one `static` per distinct pattern.
#[derive(Debug)]
pub struct Pattern {
    ecma: &'static str,
    regex: OnceLock<Regex>,
}

impl Pattern {
    /// A pattern to compile on first use; the plan model has already checked it compiles.
    pub const fn new(ecma: &'static str) -> Self {
        Pattern { ecma, regex: OnceLock::new() }
    }

    /// The compiled regex. A pattern that does not compile (impossible for a loaded plan)
    /// matches nothing, so every value is reported rather than a panic in the application.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| Regex::new(self.ecma).unwrap_or_else(|_| Regex::new("[^\\s\\S]").expect("literal regex")))
    }
}

/// A number a plan property can hold, printed in violations as ECMAScript prints it.
pub trait Number: Copy {
    /// The value as `f64`, which is how bounds are compared.
    fn to_f64(self) -> f64;
    /// The value as violations print it.
    fn to_text(self) -> String;
}

impl Number for i64 {
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn to_text(self) -> String {
        self.to_string()
    }
}

impl Number for f64 {
    fn to_f64(self) -> f64 {
        self
    }
    fn to_text(self) -> String {
        js_float(self)
    }
}

/// `minimum`: `value >= bound`.
#[inline]
pub fn minimum<N: Number>(path: &Path<'_>, value: N, bound: f64, bound_text: &str, out: &mut Vec<Violation>) {
    if value.to_f64() < bound {
        out.push(Violation::new(path, "minimum", format!(">= {bound_text}"), value.to_text()));
    }
}

/// `exclusiveMinimum`: `value > bound`.
#[inline]
pub fn exclusive_minimum<N: Number>(path: &Path<'_>, value: N, bound: f64, bound_text: &str, out: &mut Vec<Violation>) {
    if value.to_f64() <= bound {
        out.push(Violation::new(path, "exclusiveMinimum", format!("> {bound_text}"), value.to_text()));
    }
}

/// `maximum`: `value <= bound`.
#[inline]
pub fn maximum<N: Number>(path: &Path<'_>, value: N, bound: f64, bound_text: &str, out: &mut Vec<Violation>) {
    if value.to_f64() > bound {
        out.push(Violation::new(path, "maximum", format!("<= {bound_text}"), value.to_text()));
    }
}

/// `exclusiveMaximum`: `value < bound`.
#[inline]
pub fn exclusive_maximum<N: Number>(path: &Path<'_>, value: N, bound: f64, bound_text: &str, out: &mut Vec<Violation>) {
    if value.to_f64() >= bound {
        out.push(Violation::new(path, "exclusiveMaximum", format!("< {bound_text}"), value.to_text()));
    }
}

/// `enum` on an integer: one of the allowed values (`allowed_text` is their compact JSON).
#[inline]
pub fn allowed_integer(path: &Path<'_>, value: i64, allowed: &[i64], allowed_text: &str, out: &mut Vec<Violation>) {
    if !allowed.contains(&value) {
        out.push(Violation::new(path, "enum", allowed_text, value.to_string()));
    }
}

/// Length in Unicode scalar values, counted only as far as a bound needs.
#[inline]
fn length(text: &str) -> u64 {
    text.chars().count() as u64
}

/// `minLength`, in Unicode scalar values.
#[inline]
pub fn min_length(path: &Path<'_>, text: &str, min: u64, out: &mut Vec<Violation>) {
    // Each scalar takes at most 4 bytes: a long enough text needs no counting.
    if (text.len() as u64) < min.saturating_mul(4) && length(text) < min {
        out.push(Violation::new(path, "minLength", format!("length >= {min}"), format!("length {}", length(text))));
    }
}

/// `maxLength`, in Unicode scalar values.
#[inline]
pub fn max_length(path: &Path<'_>, text: &str, max: u64, out: &mut Vec<Violation>) {
    // Each scalar takes at least 1 byte: a short enough text needs no counting.
    if text.len() as u64 > max && length(text) > max {
        out.push(Violation::new(path, "maxLength", format!("length <= {max}"), format!("length {}", length(text))));
    }
}

/// `pattern`: an unanchored search; violations quote the pattern as written in the plan.
#[inline]
pub fn pattern(path: &Path<'_>, text: &str, pattern: &Pattern, source: &str, out: &mut Vec<Violation>) {
    if !pattern.regex().is_match(text) {
        out.push(Violation::new(path, "pattern", source, quoted(text)));
    }
}

/// `format`.
#[inline]
pub fn format(path: &Path<'_>, text: &str, format: Format, out: &mut Vec<Violation>) {
    if !format.is_valid(text) {
        out.push(Violation::new(path, "format", format.as_str(), quoted(text)));
    }
}

/// `minItems`.
#[inline]
pub fn min_items(path: &Path<'_>, count: usize, min: u64, out: &mut Vec<Violation>) {
    if (count as u64) < min {
        out.push(Violation::new(path, "minItems", format!("items >= {min}"), format!("items {count}")));
    }
}

/// `maxItems`.
#[inline]
pub fn max_items(path: &Path<'_>, count: usize, max: u64, out: &mut Vec<Violation>) {
    if count as u64 > max {
        out.push(Violation::new(path, "maxItems", format!("items <= {max}"), format!("items {count}")));
    }
}

/// `uniqueItems`: reports the index of the first element equal to an earlier one.
#[inline]
pub fn unique_items<T: PartialEq>(path: &Path<'_>, items: &[T], out: &mut Vec<Violation>) {
    if let Some(repeat) = (1..items.len()).find(|&j| items[..j].contains(&items[j])) {
        out.push(Violation::new(path, "uniqueItems", "unique items", format!("duplicate at [{repeat}]")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(check: impl FnOnce(&Path<'_>, &mut Vec<Violation>)) -> Vec<(String, &'static str, String, String)> {
        let mut out = Vec::new();
        let root = Path::Root;
        check(&root.key("x"), &mut out);
        out.into_iter().map(|v| (v.path, v.rule, v.expected, v.actual)).collect()
    }

    fn one(
        path: &str,
        rule: &'static str,
        expected: &str,
        actual: &str,
    ) -> Vec<(String, &'static str, String, String)> {
        vec![(path.to_owned(), rule, expected.to_owned(), actual.to_owned())]
    }

    #[test]
    fn bounds_pass_at_the_bound_and_fail_past_it() {
        assert!(run(|p, o| minimum(p, 0.0, 0.0, "0", o)).is_empty());
        assert_eq!(run(|p, o| minimum(p, -0.5, 0.0, "0", o)), one("x", "minimum", ">= 0", "-0.5"));
        assert_eq!(run(|p, o| exclusive_minimum(p, 0_i64, 0.0, "0", o)), one("x", "exclusiveMinimum", "> 0", "0"));
        assert!(run(|p, o| exclusive_minimum(p, 1_i64, 0.0, "0", o)).is_empty());
        assert_eq!(run(|p, o| maximum(p, 1000_i64, 999.0, "999", o)), one("x", "maximum", "<= 999", "1000"));
        assert!(run(|p, o| maximum(p, 999_i64, 999.0, "999", o)).is_empty());
        assert_eq!(run(|p, o| exclusive_maximum(p, 1.5, 1.5, "1.5", o)), one("x", "exclusiveMaximum", "< 1.5", "1.5"));
        assert!(run(|p, o| exclusive_maximum(p, 1.25, 1.5, "1.5", o)).is_empty());
        assert_eq!(run(|p, o| allowed_integer(p, 3, &[1, 2], "[1,2]", o)), one("x", "enum", "[1,2]", "3"));
        assert!(run(|p, o| allowed_integer(p, 2, &[1, 2], "[1,2]", o)).is_empty());
    }

    #[test]
    fn lengths_count_unicode_scalars() {
        assert!(run(|p, o| min_length(p, "héé", 3, o)).is_empty());
        assert_eq!(run(|p, o| min_length(p, "éé", 3, o)), one("x", "minLength", "length >= 3", "length 2"));
        assert!(run(|p, o| max_length(p, "ééé", 3, o)).is_empty());
        assert_eq!(run(|p, o| max_length(p, "abcd", 3, o)), one("x", "maxLength", "length <= 3", "length 4"));
    }

    #[test]
    fn patterns_formats_and_arrays() {
        let regex = Pattern::new("^[A-Z]+$");
        assert!(run(|p, o| pattern(p, "AB", &regex, "^[A-Z]+$", o)).is_empty());
        assert_eq!(run(|p, o| pattern(p, "a\"b", &regex, "^[A-Z]+$", o)), one("x", "pattern", "^[A-Z]+$", r#""a\"b""#));
        assert_eq!(run(|p, o| pattern(p, "AB", &Pattern::new("("), "(", o)).len(), 1, "a broken pattern reports");
        assert!(run(|p, o| format(p, "2026-01-01", Format::Date, o)).is_empty());
        assert_eq!(run(|p, o| format(p, "2026-13-01", Format::Date, o)), one("x", "format", "date", "\"2026-13-01\""));
        assert_eq!(run(|p, o| min_items(p, 0, 1, o)), one("x", "minItems", "items >= 1", "items 0"));
        assert_eq!(run(|p, o| max_items(p, 6, 5, o)), one("x", "maxItems", "items <= 5", "items 6"));
        assert!(run(|p, o| max_items(p, 5, 5, o)).is_empty());
        assert_eq!(
            run(|p, o| unique_items(p, &[1, 2, 1, 2], o)),
            one("x", "uniqueItems", "unique items", "duplicate at [2]")
        );
        assert!(run(|p, o| unique_items(p, &[1, 2, 3], o)).is_empty());
    }
}
