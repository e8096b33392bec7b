//! Regular expressions every target language reads the same way.
//!
//! Generated SDKs check `pattern` with the host language's engine (ECMAScript with the `u`
//! flag, java.util.regex, NSRegularExpression, Rust's regex crate). A pattern is accepted only
//! when it parses and uses none of the constructs those engines disagree on.

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

/// Ok when `pattern` parses and is portable; otherwise why not, as a sentence fragment.
pub(crate) fn check_portable(pattern: &str) -> Result<(), String> {
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
