//! TypeScript escapers: every piece of plan text that lands in a string literal or a comment
//! goes through one of these, so no name or description can end the literal or comment it is
//! printed in, reorder the source visually, or hide characters from a reviewer.

use std::fmt::Write;

/// Characters that are invisible or reorder text (bidi controls, zero-width characters):
/// printed as escapes so that what a reviewer sees is what the code does.
fn is_hidden(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// A double-quoted TypeScript string literal whose value is exactly `text`. Quotes,
/// backslashes, control characters, line and paragraph separators, hidden characters and `${`
/// are escaped; other non-ASCII characters are kept as they are.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Harmless in a double-quoted string, escaped so a later switch to template
            // literals cannot turn plan text into an interpolation.
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_hidden(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Lines of plan text for a `/** … */` or `//` comment: split at every line break, with
/// `*/` broken up, control and hidden characters shown as `\uXXXX`, trailing blanks trimmed.
pub fn comment_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => lines.push(std::mem::take(&mut line)),
            '*' if chars.peek() == Some(&'/') => line.push_str("*\\"),
            '\t' => line.push(' '),
            c if c.is_control() || is_hidden(c) => {
                let _ = write!(line, "\\u{:04X}", c as u32);
            }
            c => line.push(c),
        }
    }
    lines.push(line);
    let mut lines: Vec<String> = lines.into_iter().map(|l| l.trim_end().to_owned()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// One line of plan text for a comment (line breaks become spaces).
pub fn comment_text(text: &str) -> String {
    comment_lines(text).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_what_could_break_out() {
        assert_eq!(string_literal(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(string_literal("${x}$y"), r#""\${x}$y""#);
        assert_eq!(string_literal("l\u{2028}p\u{2029}"), r#""l\u2028p\u2029""#);
        assert_eq!(string_literal("\u{0}\u{1b}\u{7f}"), r#""\u0000\u001b\u007f""#);
        assert_eq!(string_literal("\u{202e}x\u{2066}\u{200b}"), r#""\u202ex\u2066\u200b""#);
        assert_eq!(string_literal("Größe 🚀 <>&'"), "\"Größe 🚀 <>&'\"");
        assert_eq!(string_literal("*/"), "\"*/\"");
    }

    #[test]
    fn comments_cannot_be_closed_or_hide_text() {
        assert_eq!(comment_lines("a */ b\nc\u{2028}d\r\n"), vec!["a *\\/ b", "c", "d"]);
        assert_eq!(comment_lines("x\u{202E}y\u{0}"), vec!["x\\u202Ey\\u0000"]);
        assert_eq!(comment_text("one\ntwo"), "one two");
        assert_eq!(comment_lines("**/"), vec!["**\\/"]);
    }
}
