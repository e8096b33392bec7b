//! Swift string literals and DocC comments from plan text.

use crate::text::{comment_lines, is_hidden};

/// `text` as a Swift string literal, quotes included. Backslashes are doubled, so `\(`
/// can never start an interpolation; the literal is never a raw (`#"…"#`) or multi-line
/// one, so `#` and `"""` in the text are plain characters.
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    if !text.chars().any(|c| matches!(c, '"' | '\\') || is_hidden(c)) {
        out.push_str(text);
        out.push('"');
        return out;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if is_hidden(c) => out.push_str(&format!("\\u{{{:X}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// DocC line comments (`///`) for `paragraphs` (empty ones skipped), indented by `indent`,
/// each line ending in a line break; empty when there is nothing to say.
pub(crate) fn docc(paragraphs: &[&str], indent: &str) -> String {
    let blocks: Vec<Vec<String>> =
        paragraphs.iter().map(|text| comment_lines(text)).filter(|lines| !lines.is_empty()).collect();
    let mut out = String::with_capacity(blocks.iter().flatten().map(|line| line.len() + 12).sum::<usize>());
    for (index, block) in blocks.iter().enumerate() {
        if index > 0 {
            out.push_str(indent);
            out.push_str("///\n");
        }
        for line in block {
            out.push_str(indent);
            out.push_str(if line.is_empty() { "///" } else { "/// " });
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_interpolation_quotes_and_hidden_characters() {
        assert_eq!(string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(string(r"\(x)"), r#""\\(x)""#);
        assert_eq!(string("\"\"\"#"), r##""\"\"\"#""##);
        assert_eq!(string("l1\nl2\r\t\u{0}\u{7}"), r#""l1\nl2\r\t\0\u{7}""#);
        assert_eq!(string("\u{2028}\u{202E}\u{200D}"), r#""\u{2028}\u{202E}\u{200D}""#);
        assert_eq!(string("<>&'é👩"), "\"<>&'é👩\"");
    }

    #[test]
    fn docc_lines_cannot_escape_the_comment() {
        assert_eq!(docc(&["a\nb\u{2028}c */", "d"], "  "), "  /// a\n  /// b\n  /// c * /\n  ///\n  /// d\n");
        assert_eq!(docc(&[""], ""), "");
    }
}
