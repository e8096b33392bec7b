//! Kotlin string literals and KDoc comments from plan text.

use crate::text::{comment_lines, is_hidden};

/// `text` as a Kotlin string literal, quotes included. `$` is escaped so that no string
/// template can run, and every hidden character is written as a `\uXXXX` escape.
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    if !text.chars().any(|c| matches!(c, '"' | '\\' | '$') || is_hidden(c)) {
        out.push_str(text);
        out.push('"');
        return out;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            c if is_hidden(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A KDoc block for `paragraphs` (empty ones skipped), indented by `indent`, ending in a
/// line break; empty when there is nothing to say.
pub(crate) fn kdoc(paragraphs: &[&str], indent: &str) -> String {
    let blocks: Vec<Vec<String>> =
        paragraphs.iter().map(|text| comment_lines(text)).filter(|lines| !lines.is_empty()).collect();
    if blocks.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(64 + blocks.iter().flatten().map(|line| line.len() + 8).sum::<usize>());
    out.push_str(indent);
    out.push_str("/**\n");
    for (index, block) in blocks.iter().enumerate() {
        if index > 0 {
            out.push_str(indent);
            out.push_str(" *\n");
        }
        for line in block {
            out.push_str(indent);
            out.push_str(if line.is_empty() { " *" } else { " * " });
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str(indent);
    out.push_str(" */\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_templates_quotes_and_hidden_characters() {
        assert_eq!(string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(string("${x} $y"), r#""\${x} \$y""#);
        assert_eq!(string("\"\"\""), r#""\"\"\"""#);
        assert_eq!(string("l1\nl2\r\t\u{0}"), r#""l1\nl2\r\t\u0000""#);
        assert_eq!(string("\u{2028}\u{2029}\u{202E}\u{200B}\u{FEFF}"), r#""\u2028\u2029\u202E\u200B\uFEFF""#);
        assert_eq!(string("<>&'é👩"), "\"<>&'é👩\"");
    }

    #[test]
    fn kdoc_never_closes_early() {
        let doc = kdoc(&["ends */ here /* nested", "second\nline"], "    ");
        assert_eq!(doc, "    /**\n     * ends * / here / * nested\n     *\n     * second\n     * line\n     */\n");
        assert_eq!(kdoc(&["", "  "], ""), "");
    }
}
