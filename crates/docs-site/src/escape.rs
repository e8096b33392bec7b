//! Escaping plan text for the two contexts the site puts it in: HTML (text and quoted attribute
//! values) and JSON embedded in a `<script type="application/json">` block.

use std::fmt::{self, Write};

/// The askama escaper of every `.html` template: HTML escaping of `< > & " '`, and control
/// characters (which HTML cannot carry) shown as visible stand-ins.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlText;

impl askama::filters::Escaper for HtmlText {
    fn write_escaped_str<W: Write>(&self, dest: W, string: &str) -> fmt::Result {
        write_escaped(dest, string, true)
    }
}

/// Escape `text` into `dest`: markup always, quotes when `quotes` (attribute values).
fn write_escaped<W: Write>(mut dest: W, text: &str, quotes: bool) -> fmt::Result {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut index = 0;
    while index < bytes.len() {
        // Most text is plain: only a few ASCII bytes, and the lead bytes of the multi-byte
        // characters `stand_in` may replace, need a closer look.
        let suspect = match bytes[index] {
            b'<' | b'>' | b'&' | 0..=0x1f | 0x7f | 0xc2 | 0xef | 0xf0..=0xf4 => true,
            b'"' | b'\'' => quotes,
            _ => false,
        };
        if !suspect {
            index += 1;
            continue;
        }
        let c = text[index..].chars().next().unwrap_or_default();
        let entity = match c {
            '<' => "&lt;",
            '>' => "&gt;",
            '&' => "&amp;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => "",
        };
        let visible = if entity.is_empty() { stand_in(c) } else { None };
        index += c.len_utf8();
        if entity.is_empty() && visible.is_none() {
            continue;
        }
        dest.write_str(&text[start..index - c.len_utf8()])?;
        match visible {
            Some(visible) => dest.write_char(visible)?,
            None => dest.write_str(entity)?,
        }
        start = index;
    }
    dest.write_str(&text[start..])
}

/// What to show instead of a character HTML does not allow in a document: C0 controls other
/// than tab, line feed and carriage return become their Unicode control pictures (so `NUL`
/// shows as `␀`), DEL becomes `␡`, and C1 controls and noncharacters become `�`.
fn stand_in(c: char) -> Option<char> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' | '\u{fdd0}'..='\u{fdef}' => Some('\u{fffd}'),
        _ if (c as u32) & 0xfffe == 0xfffe => Some('\u{fffd}'),
        _ => None,
    }
}

/// Text for an element's content only (never an attribute value): `<`, `>` and `&` escaped,
/// control characters shown as with [`HtmlText`], quotes left as they are. The site uses it
/// for the pretty-printed JSON of examples and schemas, which is mostly quotes; templates
/// print the result with `|safe`.
pub fn html_content(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    // Writing into a String cannot fail.
    let _ = write_escaped(&mut out, text, false);
    out
}

/// Plan text with the escaping of [`HtmlText`], for tests and callers outside templates.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = write_escaped(&mut out, text, true);
    out
}

/// JSON text that can sit inside `<script type="application/json">…</script>` unchanged:
/// `<`, `>` and `&` are written as `\u003c`, `\u003e` and `\u0026` (so neither `</script>` nor
/// `<!--` can appear), as are C1 controls and the line separators U+2028 and U+2029.
/// `JSON.parse` of the block's text gives back the value.
pub fn json_for_script(value: &impl serde::Serialize) -> Result<String, serde_json::Error> {
    let text = serde_json::to_string(value)?;
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for c in text.chars() {
        match c {
            '<' | '>' | '&' | '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' => {
                // Outside JSON strings these characters never occur, so escaping is always valid.
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html(r#"<a href="x" title='y'>&amp;</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn content_escaping_keeps_quotes_but_not_markup() {
        assert_eq!(html_content("{\"a\": \"</pre><b>&\u{0}'\"}"), "{\"a\": \"&lt;/pre&gt;&lt;b&gt;&amp;\u{2400}'\"}");
    }

    #[test]
    fn html_shows_control_characters() {
        assert_eq!(
            html("a\u{0}b\u{7}c\u{7f}d\u{85}e\u{ffff}f\tg\nh"),
            "a\u{2400}b\u{2407}c\u{2421}d\u{fffd}e\u{fffd}f\tg\nh"
        );
    }

    #[test]
    fn html_shows_noncharacters_in_every_plane() {
        assert_eq!(html("a\u{fdd0}b\u{1fffe}c\u{10ffff}d\u{fffd}"), "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}");
        assert_eq!(html("\u{a0}\u{ff}\u{e000}\u{1f680}"), "\u{a0}\u{ff}\u{e000}\u{1f680}");
    }

    #[test]
    fn html_keeps_unicode() {
        let text = "日本語 עברית \u{202e}rtl\u{202c} 👩\u{200d}💻";
        assert_eq!(html(text), text);
    }

    #[test]
    fn script_json_cannot_close_the_block() {
        let value = serde_json::json!({"d": "</script><!-- --> & \u{2028} \u{85}"});
        let text = json_for_script(&value).expect("serialize");
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
        assert!(!text.contains('\u{2028}') && !text.contains('\u{85}'));
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back, value);
    }
}
