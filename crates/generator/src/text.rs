//! Plan text made safe to print inside generated comments, shared by the askama back ends.

/// Characters that must never reach generated source as themselves: control characters,
/// line and paragraph separators, bidirectional controls (which can make code read
/// differently than it compiles) and invisible zero-width characters.
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Whether `c` ends a line in some editor or compiler (Kotlin and Swift both end line
/// comments at `\r`; editors also break at U+2028/2029, NEL, VT and FF).
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Plan text as comment lines: split at every line break, hidden characters shown as
/// `<U+XXXX>`, tabs as spaces, and `*/` and `/*` broken up with a space, since Kotlin and
/// Swift block comments nest and either sequence would change where a comment ends.
pub(crate) fn comment_lines(text: &str) -> Vec<String> {
    // Most descriptions are one plain line: no allocation beyond the result.
    let plain = |c: char| !(is_line_break(c) || is_hidden(c) || matches!(c, '\t' | '*' | '/'));
    if text.chars().all(plain) {
        let trimmed = text.trim();
        return if trimmed.is_empty() { Vec::new() } else { vec![trimmed.to_owned()] };
    }
    let mut lines = vec![String::new()];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_line_break(c) {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            lines.push(String::new());
            continue;
        }
        let line = lines.last_mut().expect("at least one line");
        if c == '\t' {
            line.push(' ');
        } else if is_hidden(c) {
            line.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            if matches!((line.chars().last(), c), (Some('*'), '/') | (Some('/'), '*')) {
                line.push(' ');
            }
            line.push(c);
        }
    }
    let trimmed: Vec<String> = lines.into_iter().map(|line| line.trim_end().to_owned()).collect();
    let end = trimmed.iter().rposition(|line| !line.is_empty()).map_or(0, |last| last + 1);
    let start = trimmed.iter().position(|line| !line.is_empty()).unwrap_or(end);
    trimmed[start..end].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_lines_split_and_neutralise() {
        assert_eq!(comment_lines("a */ b /* c\r\nd\u{2028}e"), vec!["a * / b / * c", "d", "e"]);
        assert_eq!(comment_lines("/*/ **/"), vec!["/ * / ** /"]);
        assert_eq!(comment_lines("x\u{202E}y\u{200B}z\u{0}"), vec!["x<U+202E>y<U+200B>z<U+0000>"]);
        assert_eq!(comment_lines("\n\n  a\t b  \n\n"), vec!["  a  b"]);
        assert!(comment_lines("").is_empty());
    }

    #[test]
    fn no_comment_terminator_survives() {
        let hostile = "*/*/**//*///*\r*/\u{2028}/*";
        for line in comment_lines(hostile) {
            assert!(!line.contains("*/") && !line.contains("/*"), "{line}");
        }
    }
}
