//! The rule checks generated validators call. Each is a comparison inlined into the generated
//! code; only a broken rule calls out (to a `#[cold]` function) to build the [`Violation`] in
//! the shared format, so a valid value costs no allocation, no path and no text.
//!
//! Generated code passes the plan's bounds as literals and the bound's text as written in the
//! plan.

use std::sync::OnceLock;

use regex::Regex;

use crate::formats::{self, Format};
use crate::json_text::{js_float, quoted};
use crate::message::Validate;
use crate::path::Path;
use crate::violation::Violation;

/// A plan pattern (ECMAScript form) for the regex engine, compiled on first use and then
/// shared: generated code declares one `static` per distinct pattern.
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
        self.regex
            .get_or_init(|| Regex::new(self.ecma).unwrap_or_else(|_| Regex::new("[^\\s\\S]").expect("literal regex")))
    }
}

/// A pattern equivalent to `^` pieces `$` (the usual shape of ids and codes: `^ORD-[0-9]{6}$`),
/// matched by a single pass over the bytes without the regex engine.
///
/// It holds no lazily initialised state, so a `static` of it is a constant the compiler can
/// unroll the match against.
#[derive(Debug)]
pub struct Anchored {
    pieces: &'static [Piece],
}

impl Anchored {
    /// The pattern `^` `pieces` `$`.
    pub const fn new(pieces: &'static [Piece]) -> Self {
        Anchored { pieces }
    }
}

/// One step of an anchored pattern: between `min` and `max` bytes from an ASCII set.
///
/// Matching takes as many bytes as it can for each piece in turn; the generator only emits
/// pieces where that is exact (a piece with a choice of count never shares a byte with the
/// next piece).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Whether each byte is in the set: one load per byte when matching.
    accepted: [bool; 256],
    min: u32,
    max: u32,
}

impl Piece {
    /// Bytes whose bit is set in `set` (bit `b` for ASCII byte `b`), `min` to `max` times.
    pub const fn new(set: u128, min: u32, max: u32) -> Self {
        let mut accepted = [false; 256];
        let mut byte = 0;
        while byte < 128 {
            accepted[byte] = set & (1 << byte) != 0;
            byte += 1;
        }
        Piece { accepted, min, max }
    }

    #[inline(always)]
    fn accepts(&self, byte: u8) -> bool {
        self.accepted[usize::from(byte)]
    }

    #[inline(always)]
    fn accepts_all(&self, bytes: &[u8]) -> bool {
        bytes.iter().fold(true, |ok, &byte| ok & self.accepts(byte))
    }
}

/// Something a string is matched against: a regex [`Pattern`] or an [`Anchored`] one.
pub trait Matcher {
    /// Whether `text` matches (an unanchored search, as in JSON Schema, unless the pattern
    /// anchors itself).
    fn is_match(&self, text: &str) -> bool;
}

impl Matcher for Pattern {
    #[inline]
    fn is_match(&self, text: &str) -> bool {
        self.regex().is_match(text)
    }
}

impl Matcher for Anchored {
    /// With the pieces known at compile time (a `static`), this unrolls into a test per byte:
    /// one length test for the bytes every piece needs, then the bytes a piece needs and the
    /// rest of the text for the last piece are tested without a branch per byte or per piece;
    /// only a piece with a choice of count in the middle loops greedily.
    #[inline(always)]
    fn is_match(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let Some((last, init)) = self.pieces.split_last() else { return bytes.is_empty() };
        let needed = init.iter().fold(0_usize, |sum, piece| sum.saturating_add(piece.min as usize));
        if bytes.len() < needed {
            return false;
        }
        let mut at: usize = 0;
        let mut matched = true;
        for piece in init {
            // Always there unless a greedy piece before took more than its minimum: for fixed
            // pieces the `needed` test above lets the compiler drop this one.
            let Some(required) = bytes.get(at..at + piece.min as usize) else { return false };
            matched &= piece.accepts_all(required);
            at += required.len();
            if piece.max > piece.min {
                let limit = bytes.len().min(at.saturating_add((piece.max - piece.min) as usize));
                while at < limit && piece.accepts(bytes[at]) {
                    at += 1;
                }
            }
        }
        // Greedy matching leaves the last piece exactly the rest of the text. Its length is
        // tested first so that a fixed one (`[0-9]{6}`) unrolls the test of its bytes.
        let rest = &bytes[at..];
        matched && (u64::from(last.min)..=u64::from(last.max)).contains(&(rest.len() as u64)) && last.accepts_all(rest)
    }
}

/// Where a checked value sits in its parent: an object key (the wire name, a literal in
/// generated code) or an array index. Checks take the parent's path and the step, one or two
/// registers, and join them into a [`Path`] only to report a violation: a path built before a
/// check would be written to the stack on every call, broken rule or not.
pub trait Step: Copy {
    /// The path of the value below `parent`.
    fn of<'a>(self, parent: &'a Path<'a>) -> Path<'a>;
}

impl Step for &'static str {
    #[inline(always)]
    fn of<'a>(self, parent: &'a Path<'a>) -> Path<'a> {
        parent.key(self)
    }
}

impl Step for usize {
    #[inline(always)]
    fn of<'a>(self, parent: &'a Path<'a>) -> Path<'a> {
        parent.index(self)
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
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn to_text(self) -> String {
        self.to_string()
    }
}

impl Number for f64 {
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
    fn to_text(self) -> String {
        js_float(self)
    }
}

/// Records a broken rule; out of line and cold, so the checks inline to a comparison.
#[cold]
#[inline(never)]
fn broken(
    parent: &Path<'_>,
    step: impl Step,
    rule: &'static str,
    expected: String,
    actual: String,
    out: &mut Vec<Violation>,
) {
    out.push(Violation::new(step.of(parent), rule, expected, actual));
}

#[cold]
#[inline(never)]
fn broken_bound<N: Number>(
    parent: &Path<'_>,
    step: impl Step,
    rule: &'static str,
    operator: &str,
    bound_text: &str,
    value: N,
    out: &mut Vec<Violation>,
) {
    broken(parent, step, rule, format!("{operator} {bound_text}"), value.to_text(), out);
}

/// `minimum`: `value >= bound`.
#[inline(always)]
pub fn minimum<N: Number>(
    parent: &Path<'_>,
    step: impl Step,
    value: N,
    bound: f64,
    bound_text: &str,
    out: &mut Vec<Violation>,
) {
    if value.to_f64() < bound {
        broken_bound(parent, step, "minimum", ">=", bound_text, value, out);
    }
}

/// `exclusiveMinimum`: `value > bound`.
#[inline(always)]
pub fn exclusive_minimum<N: Number>(
    parent: &Path<'_>,
    step: impl Step,
    value: N,
    bound: f64,
    bound_text: &str,
    out: &mut Vec<Violation>,
) {
    if value.to_f64() <= bound {
        broken_bound(parent, step, "exclusiveMinimum", ">", bound_text, value, out);
    }
}

/// `maximum`: `value <= bound`.
#[inline(always)]
pub fn maximum<N: Number>(
    parent: &Path<'_>,
    step: impl Step,
    value: N,
    bound: f64,
    bound_text: &str,
    out: &mut Vec<Violation>,
) {
    if value.to_f64() > bound {
        broken_bound(parent, step, "maximum", "<=", bound_text, value, out);
    }
}

/// `exclusiveMaximum`: `value < bound`.
#[inline(always)]
pub fn exclusive_maximum<N: Number>(
    parent: &Path<'_>,
    step: impl Step,
    value: N,
    bound: f64,
    bound_text: &str,
    out: &mut Vec<Violation>,
) {
    if value.to_f64() >= bound {
        broken_bound(parent, step, "exclusiveMaximum", "<", bound_text, value, out);
    }
}

/// `enum` on an integer: one of the allowed values (`allowed_text` is their compact JSON).
#[inline(always)]
pub fn allowed_integer(
    parent: &Path<'_>,
    step: impl Step,
    value: i64,
    allowed: &[i64],
    allowed_text: &str,
    out: &mut Vec<Violation>,
) {
    if !allowed.contains(&value) {
        broken(parent, step, "enum", allowed_text.to_owned(), value.to_string(), out);
    }
}

/// Length in Unicode scalar values.
fn length(text: &str) -> u64 {
    text.chars().count() as u64
}

#[cold]
#[inline(never)]
fn broken_length(
    parent: &Path<'_>,
    step: impl Step,
    rule: &'static str,
    operator: &str,
    bound: u64,
    text: &str,
    out: &mut Vec<Violation>,
) {
    broken(parent, step, rule, format!("length {operator} {bound}"), format!("length {}", length(text)), out);
}

/// `minLength`, in Unicode scalar values.
#[inline(always)]
pub fn min_length(parent: &Path<'_>, step: impl Step, text: &str, min: u64, out: &mut Vec<Violation>) {
    // Each scalar takes at most 4 bytes: a long enough text needs no counting.
    if (text.len() as u64) < min.saturating_mul(4) && length(text) < min {
        broken_length(parent, step, "minLength", ">=", min, text, out);
    }
}

/// `maxLength`, in Unicode scalar values.
#[inline(always)]
pub fn max_length(parent: &Path<'_>, step: impl Step, text: &str, max: u64, out: &mut Vec<Violation>) {
    // Each scalar takes at least 1 byte: a short enough text needs no counting.
    if text.len() as u64 > max && length(text) > max {
        broken_length(parent, step, "maxLength", "<=", max, text, out);
    }
}

#[cold]
#[inline(never)]
fn broken_text(
    parent: &Path<'_>,
    step: impl Step,
    rule: &'static str,
    expected: &str,
    text: &str,
    out: &mut Vec<Violation>,
) {
    broken(parent, step, rule, expected.to_owned(), quoted(text), out);
}

/// `pattern`: an unanchored search; violations quote the pattern as written in the plan.
#[inline(always)]
pub fn pattern(
    parent: &Path<'_>,
    step: impl Step,
    text: &str,
    pattern: &impl Matcher,
    source: &str,
    out: &mut Vec<Violation>,
) {
    if !pattern.is_match(text) {
        broken_text(parent, step, "pattern", source, text, out);
    }
}

/// `format`.
#[inline(always)]
pub fn format(parent: &Path<'_>, step: impl Step, text: &str, format: Format, out: &mut Vec<Violation>) {
    let valid = match format {
        Format::DateTime => formats::is_date_time(text),
        Format::Date => formats::is_date(text),
        Format::Email => formats::is_email(text),
        Format::Uri => formats::is_uri(text),
        Format::Uuid => formats::is_uuid(text),
    };
    if !valid {
        broken_text(parent, step, "format", format.as_str(), text, out);
    }
}

/// `date-time`.
#[inline(always)]
pub fn date_time(parent: &Path<'_>, step: impl Step, text: &str, out: &mut Vec<Violation>) {
    format(parent, step, text, Format::DateTime, out);
}

/// `date`.
#[inline(always)]
pub fn date(parent: &Path<'_>, step: impl Step, text: &str, out: &mut Vec<Violation>) {
    format(parent, step, text, Format::Date, out);
}

/// `email`.
#[inline(always)]
pub fn email(parent: &Path<'_>, step: impl Step, text: &str, out: &mut Vec<Violation>) {
    format(parent, step, text, Format::Email, out);
}

/// `uri`.
#[inline(always)]
pub fn uri(parent: &Path<'_>, step: impl Step, text: &str, out: &mut Vec<Violation>) {
    format(parent, step, text, Format::Uri, out);
}

/// `uuid`.
#[inline(always)]
pub fn uuid(parent: &Path<'_>, step: impl Step, text: &str, out: &mut Vec<Violation>) {
    format(parent, step, text, Format::Uuid, out);
}

/// The rules of a nested object.
#[inline(always)]
pub fn object<T: Validate + ?Sized>(parent: &Path<'_>, step: impl Step, value: &T, out: &mut Vec<Violation>) {
    value.validate_at(&step.of(parent), out);
}

#[cold]
#[inline(never)]
fn broken_items(
    parent: &Path<'_>,
    step: impl Step,
    rule: &'static str,
    operator: &str,
    bound: u64,
    count: usize,
    out: &mut Vec<Violation>,
) {
    broken(parent, step, rule, format!("items {operator} {bound}"), format!("items {count}"), out);
}

/// `minItems`.
#[inline(always)]
pub fn min_items(parent: &Path<'_>, step: impl Step, count: usize, min: u64, out: &mut Vec<Violation>) {
    if (count as u64) < min {
        broken_items(parent, step, "minItems", ">=", min, count, out);
    }
}

/// `maxItems`.
#[inline(always)]
pub fn max_items(parent: &Path<'_>, step: impl Step, count: usize, max: u64, out: &mut Vec<Violation>) {
    if count as u64 > max {
        broken_items(parent, step, "maxItems", "<=", max, count, out);
    }
}

/// `uniqueItems`: reports the index of the first element equal to an earlier one.
#[inline]
pub fn unique_items<T: PartialEq>(parent: &Path<'_>, step: impl Step, items: &[T], out: &mut Vec<Violation>) {
    if let Some(repeat) = (1..items.len()).find(|&j| items[..j].contains(&items[j])) {
        broken(parent, step, "uniqueItems", "unique items".to_owned(), format!("duplicate at [{repeat}]"), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        check: impl FnOnce(&Path<'_>, &'static str, &mut Vec<Violation>),
    ) -> Vec<(String, &'static str, String, String)> {
        let mut out = Vec::new();
        check(&Path::Root, "x", &mut out);
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
        assert!(run(|p, s, o| minimum(p, s, 0.0, 0.0, "0", o)).is_empty());
        assert_eq!(run(|p, s, o| minimum(p, s, -0.5, 0.0, "0", o)), one("x", "minimum", ">= 0", "-0.5"));
        assert_eq!(
            run(|p, s, o| exclusive_minimum(p, s, 0_i64, 0.0, "0", o)),
            one("x", "exclusiveMinimum", "> 0", "0")
        );
        assert!(run(|p, s, o| exclusive_minimum(p, s, 1_i64, 0.0, "0", o)).is_empty());
        assert_eq!(run(|p, s, o| maximum(p, s, 1000_i64, 999.0, "999", o)), one("x", "maximum", "<= 999", "1000"));
        assert!(run(|p, s, o| maximum(p, s, 999_i64, 999.0, "999", o)).is_empty());
        assert_eq!(
            run(|p, s, o| exclusive_maximum(p, s, 1.5, 1.5, "1.5", o)),
            one("x", "exclusiveMaximum", "< 1.5", "1.5")
        );
        assert!(run(|p, s, o| exclusive_maximum(p, s, 1.25, 1.5, "1.5", o)).is_empty());
        assert_eq!(run(|p, s, o| allowed_integer(p, s, 3, &[1, 2], "[1,2]", o)), one("x", "enum", "[1,2]", "3"));
        assert!(run(|p, s, o| allowed_integer(p, s, 2, &[1, 2], "[1,2]", o)).is_empty());
    }

    #[test]
    fn lengths_count_unicode_scalars() {
        assert!(run(|p, s, o| min_length(p, s, "héé", 3, o)).is_empty());
        assert_eq!(run(|p, s, o| min_length(p, s, "éé", 3, o)), one("x", "minLength", "length >= 3", "length 2"));
        assert!(run(|p, s, o| max_length(p, s, "ééé", 3, o)).is_empty());
        assert_eq!(run(|p, s, o| max_length(p, s, "abcd", 3, o)), one("x", "maxLength", "length <= 3", "length 4"));
    }

    #[test]
    fn patterns_formats_and_arrays() {
        let regex = Pattern::new("^[A-Z]+$");
        assert!(run(|p, s, o| pattern(p, s, "AB", &regex, "^[A-Z]+$", o)).is_empty());
        assert_eq!(
            run(|p, s, o| pattern(p, s, "a\"b", &regex, "^[A-Z]+$", o)),
            one("x", "pattern", "^[A-Z]+$", r#""a\"b""#)
        );
        assert_eq!(run(|p, s, o| pattern(p, s, "AB", &Pattern::new("("), "(", o)).len(), 1, "a broken pattern reports");
    }

    #[test]
    fn anchored_pieces_match_exactly_what_the_regex_matches() {
        let digits = (0..10).fold(0_u128, |set, d| set | 1 << (b'0' + d));
        let upper = (0..26).fold(0_u128, |set, c| set | 1 << (b'A' + c));
        // ^ORD-[0-9]{6}$
        let order: Vec<Piece> =
            "ORD-".bytes().map(|b| Piece::new(1 << b, 1, 1)).chain([Piece::new(digits, 6, 6)]).collect();
        let order: &'static [Piece] = Box::leak(order.into_boxed_slice());
        // ^[A-Z0-9]{4,20}$ and ^[A-Z]{2}[0-9]*$
        let coupon: &'static [Piece] = Box::leak(vec![Piece::new(upper | digits, 4, 20)].into_boxed_slice());
        let vat: &'static [Piece] =
            Box::leak(vec![Piece::new(upper, 2, 2), Piece::new(digits, 0, u32::MAX)].into_boxed_slice());
        // ^[A-Z]{2,5}[0-9]{3}-$: a greedy piece can leave too few bytes for the next one.
        let code: &'static [Piece] = Box::leak(
            vec![Piece::new(upper, 2, 5), Piece::new(digits, 3, 3), Piece::new(1 << b'-', 1, 1)].into_boxed_slice(),
        );
        for (ecma, pieces) in [
            ("^ORD-[0-9]{6}$", order),
            ("^[A-Z0-9]{4,20}$", coupon),
            ("^[A-Z]{2}[0-9]*$", vat),
            ("^[A-Z]{2,5}[0-9]{3}-$", code),
        ] {
            let fast = Anchored::new(pieces);
            let slow = Regex::new(ecma).expect("regex");
            for text in [
                "",
                "ORD-004217",
                "ORD-04217",
                "ORD-0042170",
                "ord-004217",
                "ORD-00421x",
                "SUMMER25",
                "SUM",
                "ABCDEFGHIJKLMNOPQRSTU",
                "DE",
                "DE123",
                "D1",
                "DE12a",
                "ÄB12",
                "SUMMER25\n",
                "ORD-004217\n",
                "AB\u{0}",
                "ABCDE12",
                "ABCDE12-",
                "ABCDE123-",
                "ABCDEF123-",
                "AB123-",
                "A1234-",
            ] {
                assert_eq!(fast.is_match(text), slow.is_match(text), "{ecma} on {text:?}");
            }
        }
        assert!(run(|p, s, o| format(p, s, "2026-01-01", Format::Date, o)).is_empty());
        assert_eq!(
            run(|p, s, o| format(p, s, "2026-13-01", Format::Date, o)),
            one("x", "format", "date", "\"2026-13-01\"")
        );
        assert_eq!(run(|p, s, o| min_items(p, s, 0, 1, o)), one("x", "minItems", "items >= 1", "items 0"));
        assert_eq!(run(|p, s, o| max_items(p, s, 6, 5, o)), one("x", "maxItems", "items <= 5", "items 6"));
        assert!(run(|p, s, o| max_items(p, s, 5, 5, o)).is_empty());
        assert_eq!(
            run(|p, s, o| unique_items(p, s, &[1, 2, 1, 2], o)),
            one("x", "uniqueItems", "unique items", "duplicate at [2]")
        );
        assert!(run(|p, s, o| unique_items(p, s, &[1, 2, 3], o)).is_empty());
    }
}
