//! Doc comments from plan text, as `#[doc = "…"]` attributes.
//!
//! The literal is quoted by proc-macro2, so no text can leave the attribute. The text is also
//! made harmless as rustdoc Markdown: one attribute per line (so prettyplease prints `///`),
//! invisible and bidirectional control characters spelled out (rustc rejects bidi controls in
//! comments), HTML tags disabled (`<` written `&lt;`), and nothing that could open a code block (a doctest would run).

use proc_macro2::TokenStream;
use quote::quote;

/// Doc attributes for `lines` of generated text (already safe) and plan text.
#[derive(Default)]
pub struct Doc {
    lines: Vec<String>,
}

impl Doc {
    /// A line written by the generator (never plan text).
    pub fn line(&mut self, text: impl Into<String>) -> &mut Self {
        self.lines.push(text.into());
        self
    }

    /// Plan text, possibly several lines, made safe.
    pub fn text(&mut self, text: &str) -> &mut Self {
        for line in split_lines(text) {
            self.lines.push(escape_line(line));
        }
        self
    }

    /// An empty line (a paragraph break), unless the doc is empty or already ends with one.
    pub fn paragraph(&mut self) -> &mut Self {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self
    }

    /// The attributes.
    pub fn tokens(&self) -> TokenStream {
        let mut lines: &[String] = &self.lines;
        while let Some((last, rest)) = lines.split_last() {
            if !last.is_empty() {
                break;
            }
            lines = rest;
        }
        let attrs = lines.iter().map(|line| {
            let text = if line.is_empty() { String::new() } else { format!(" {line}") };
            quote!(#[doc = #text])
        });
        quote!(#(#attrs)*)
    }
}

/// Plan text escaped for a Markdown code span-free context (names in prose).
pub fn inline(text: &str) -> String {
    split_lines(text).map(escape_line).collect::<Vec<_>>().join(" ")
}

fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}'])
}

/// Characters that are invisible or reorder text; spelled out as `<U+XXXX>`.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.trim_start().chars() {
        match c {
            '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            c if is_hidden(c) => out.push_str(&format!("&lt;U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    // A line starting a fenced block would open a doctest; an escaped fence character is text.
    if out.starts_with("```") || out.starts_with("~~~") {
        out.insert(0, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_text_cannot_open_code_html_or_hide_characters() {
        let mut doc = Doc::default();
        doc.text("a */ b\r\n    indented\n```rust\n<script>x</script>\u{202e}z\u{0}");
        assert_eq!(
            doc.lines,
            ["a */ b", "", "indented", "\\```rust", "&lt;script>x&lt;/script>&lt;U+202E>z&lt;U+0000>"]
        );
        assert_eq!(inline("a\nb<"), "a b&lt;");
    }
}
