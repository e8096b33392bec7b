//! Regular expressions every target language reads the same way.
//!
//! Generated SDKs check `pattern` with the host language's engine (ECMAScript with the `u`
//! flag, java.util.regex, NSRegularExpression, Rust's regex crate). A pattern is accepted only
//! when it parses and uses none of the constructs those engines disagree on.

use crate::model::Pattern;

/// Constructs that parse in some engines but not others, with the reason.
const NON_PORTABLE: &[(&str, &str)] = &[
    ("(?P<", "uses a `(?P<name>…)` group, which ECMAScript does not read; write `(?<name>…)`"),
    ("(?=", "uses look-ahead, which Rust's regex crate does not support"),
    ("(?!", "uses negative look-ahead, which Rust's regex crate does not support"),
    ("(?<=", "uses look-behind, which Rust's regex crate does not support"),
    ("(?<!", "uses negative look-behind, which Rust's regex crate does not support"),
    ("[[:", "uses a POSIX class like `[[:alpha:]]`, which ECMAScript and Java do not read"),
    ("\\A", "uses `\\A`, which ECMAScript does not read; write `^`"),
    ("\\z", "uses `\\z`, which ECMAScript does not read; write `$`"),
    ("\\Z", "uses `\\Z`, which ECMAScript does not read; write `$`"),
    ("\\p{", "uses a Unicode property class, whose names differ between engines"),
    ("\\P{", "uses a Unicode property class, whose names differ between engines"),
    ("\\h", "uses `\\h`, which engines read differently"),
    ("\\x{", "uses `\\x{…}`, which ECMAScript does not read; write `\\uXXXX`"),
];

/// The pattern in the forms each engine compiles, or why it is not portable (a sentence
/// fragment).
pub(crate) fn portable(pattern: &str) -> Result<Pattern, String> {
    check_portable(pattern)?;
    let ecma = spell_out_classes(pattern)?;
    let java_icu = end_anchors(&ecma);
    Ok(Pattern { source: pattern.to_owned(), ecma, java_icu })
}

/// ASCII spellings of the shorthand classes, as ECMAScript defines `\d` and `\w` (and `\s`
/// restricted to ASCII white space, which Java also uses).
const SHORTHANDS: &[(char, &str)] = &[('d', "0-9"), ('w', "0-9A-Za-z_"), ('s', "\\t\\n\\x0B\\f\\r ")];

/// Rewrite `\d \w \s` (and their negations outside classes) as explicit ASCII classes: Rust's
/// regex crate and ICU read the shorthands as Unicode classes, ECMAScript and Java as ASCII.
fn spell_out_classes(pattern: &str) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                let lower = next.to_ascii_lowercase();
                match SHORTHANDS.iter().find(|(name, _)| *name == lower) {
                    Some((_, ascii)) if in_class && next.is_ascii_lowercase() => out.push_str(ascii),
                    Some(_) if in_class => {
                        return Err(format!(
                            "uses `\\{next}` inside a character class, which cannot be written portably; list the characters instead"
                        ));
                    }
                    Some((_, ascii)) => {
                        let negate = if next.is_ascii_uppercase() { "^" } else { "" };
                        out.push_str(&format!("[{negate}{ascii}]"));
                    }
                    None if matches!(next, 'b' | 'B') && !in_class => {
                        return Err("uses a word boundary `\\b`, which engines read differently; match the characters explicitly".to_owned());
                    }
                    None => {
                        out.push(c);
                        out.push(next);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    return Err("starts a character class with `]`, which ECMAScript reads as an empty class; escape it as `\\]`".to_owned());
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

/// `$` outside classes as `\z`, for engines where `$` also matches before a final newline.
fn end_anchors(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            '$' if !in_class => out.push_str("\\z"),
            _ => out.push(c),
        }
    }
    out
}

/// Ok when `pattern` parses and uses no construct the engines disagree on.
fn check_portable(pattern: &str) -> Result<(), String> {
    if let Some((_, why)) = NON_PORTABLE.iter().find(|(construct, _)| contains_unescaped(pattern, construct)) {
        return Err(why.to_string());
    }
    if has_inline_flags(pattern) {
        return Err("uses inline flags like `(?i)`, which ECMAScript does not read".to_owned());
    }
    if let Err(error) = regex_syntax::ParserBuilder::new().build().parse(pattern) {
        let detail = error.to_string();
        let last = detail.lines().rfind(|line| !line.trim().is_empty()).unwrap_or("").trim();
        let last = last.strip_prefix("error: ").unwrap_or(last);
        return Err(format!("does not compile: {last}"));
    }
    Ok(())
}

/// Whether `construct` occurs where its first character is not itself escaped.
fn contains_unescaped(pattern: &str, construct: &str) -> bool {
    pattern.match_indices(construct).any(|(index, _)| {
        let backslashes = pattern[..index].bytes().rev().take_while(|&b| b == b'\\').count();
        // An odd number of backslashes before the construct escapes its first character.
        backslashes % 2 == 0
    })
}

fn has_inline_flags(pattern: &str) -> bool {
    pattern.match_indices("(?").any(|(index, _)| {
        let backslashes = pattern[..index].bytes().rev().take_while(|&b| b == b'\\').count();
        let rest = &pattern[index + 2..];
        backslashes % 2 == 0
            && rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-')
            && !rest.starts_with('P')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorthand_classes_are_spelled_out() {
        let pattern = portable(r"^\d{3}-\w+\s?[\d.]$").unwrap();
        assert_eq!(pattern.ecma, r"^[0-9]{3}-[0-9A-Za-z_]+[\t\n\x0B\f\r ]?[0-9.]$");
        assert_eq!(pattern.java_icu, r"^[0-9]{3}-[0-9A-Za-z_]+[\t\n\x0B\f\r ]?[0-9.]\z");
        assert_eq!(portable(r"^\D[$]\$$").unwrap().java_icu, r"^[^0-9][$]\$\z");
        assert!(portable(r"[\D]").is_err());
        assert!(portable(r"\bword\b").is_err());
        assert!(portable(r"[]a]").is_err());
        assert_eq!(portable(r"[\]a]\d").unwrap().ecma, r"[\]a][0-9]");
    }

    #[test]
    fn accepts_portable_patterns() {
        for pattern in [
            r"^[A-Z]{3}$",
            r"^ORD-\d{4,}$",
            r"^(?<year>\d{4})-\d{2}$",
            r"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$",
            r"\(\?=literal\)",
            r"(?:a|b)+",
        ] {
            assert_eq!(check_portable(pattern), Ok(()), "{pattern}");
        }
    }

    #[test]
    fn refuses_broken_and_non_portable_patterns() {
        for pattern in [
            r"^[A-Z",
            r"(a",
            r"a{2,1}",
            r"(?P<x>a)",
            r"(?=a)b",
            r"a(?!b)",
            r"(?<=a)b",
            r"[[:alpha:]]",
            r"\Aabc",
            r"abc\z",
            r"\p{Greek}",
            r"(?i)abc",
            r"(?x) a",
            r"\1",
        ] {
            assert!(check_portable(pattern).is_err(), "{pattern} accepted");
        }
    }
}
