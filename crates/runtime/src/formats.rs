//! The string formats a plan may require, checked the same way by every Trackplan runtime
//! (the plan model's reference validator uses these functions too).

/// A well-known string format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// RFC 3339 date-time.
    DateTime,
    /// RFC 3339 full-date.
    Date,
    /// E-mail address.
    Email,
    /// Absolute URI.
    Uri,
    /// Hyphenated UUID.
    Uuid,
}

impl Format {
    /// The format's name in plans and violations.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Email => "email",
            Format::Uri => "uri",
            Format::Uuid => "uuid",
        }
    }

    /// Whether `text` is a valid value of this format.
    pub fn is_valid(self, text: &str) -> bool {
        match self {
            Format::DateTime => is_date_time(text),
            Format::Date => is_date(text),
            Format::Email => is_email(text),
            Format::Uri => is_uri(text),
            Format::Uuid => is_uuid(text),
        }
    }
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// RFC 3339 `full-date`: YYYY-MM-DD with a day that exists.
pub fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(&text[0..4]), digits(&text[5..7]), digits(&text[8..10])) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// RFC 3339 `date-time`: full-date "T" HH:MM:SS[.frac] then "Z" or ±HH:MM.
pub fn is_date_time(text: &str) -> bool {
    if !text.is_ascii() || text.len() < 20 || !is_date(&text[..10]) || !matches!(text.as_bytes()[10], b'T' | b't') {
        return false;
    }
    let rest = &text[11..];
    let Some(time) = rest.get(..8) else { return false };
    let bytes = time.as_bytes();
    if bytes[2] != b':' || bytes[5] != b':' {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(&time[0..2]), digits(&time[3..5]), digits(&time[6..8]))
    else {
        return false;
    };
    if hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut zone = &rest[8..];
    if let Some(fraction) = zone.strip_prefix('.') {
        let end = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if end == 0 {
            return false;
        }
        zone = &fraction[end..];
    }
    match zone.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', _, _, b':', _, _] => {
            matches!((digits(&zone[1..3]), digits(&zone[4..6])), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
        _ => false,
    }
}

/// A pragmatic address check: one `@`, a non-empty local part and a dotted domain, no spaces.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && no_space_or_control(text, |_| false, |_| false)
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// An absolute URI: a scheme, a colon, and at least one more character, no spaces.
pub fn is_uri(text: &str) -> bool {
    // Most URIs are web addresses: their scheme needs no scan, and their prefix no check.
    let checked = if let Some(rest) = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")) {
        rest
    } else if has_scheme(text.as_bytes()) {
        text
    } else {
        return false;
    };
    no_space_or_control(
        checked,
        // `b & 0xfd` folds `<` with `>` and `\` with `^`; a signed byte above 0x7a is one of
        // `{ | } ~` and DEL, of which only `~` is allowed.
        |b| (b & 0xfd == b'<') | (b & 0xfd == b'\\') | (((b as i8) > 0x7a) & (b != b'~')) | (b == b'"') | (b == b'`'),
        |c| matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`'),
    )
}

/// A scheme (a letter, then letters, digits, `+`, `-` or `.`) up to the first colon, and at
/// least one byte after the colon.
fn has_scheme(bytes: &[u8]) -> bool {
    let Some((&first, after)) = bytes.split_first() else { return false };
    if !first.is_ascii_alphabetic() {
        return false;
    }
    for (index, &b) in after.iter().enumerate() {
        if b == b':' {
            return index + 2 < bytes.len();
        }
        if !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
            return false;
        }
    }
    false
}

/// No whitespace, no control character and nothing the `forbidden` tests refuse (one for
/// ASCII bytes, one for characters). ASCII text, the usual case, takes one branch-free pass
/// that the compiler turns into vector compares; a byte at or above 0x80 sends the text to the
/// character-wise check.
#[inline(always)]
fn no_space_or_control(text: &str, forbidden_byte: impl Fn(u8) -> bool, also_forbidden: impl Fn(char) -> bool) -> bool {
    // As a signed byte, `<= 0x20` is a control character, a space, or a non-ASCII byte.
    let flagged = |b: u8| ((b as i8) <= 0x20) | (b == 0x7f) | forbidden_byte(b);
    if !any_byte(text.as_bytes(), flagged) {
        return true;
    }
    if text.is_ascii() {
        return false;
    }
    !text.chars().any(|c| c.is_whitespace() || c.is_control() || also_forbidden(c))
}

/// Whether `flagged` holds for any byte, tested 16 bytes at a time into 16 lanes that are
/// combined once at the end (vector compares, no branch per byte); the last 16 bytes are tested
/// again rather than one by one, and short texts are padded with a letter, never flagged.
#[inline(always)]
fn any_byte(bytes: &[u8], flagged: impl Fn(u8) -> bool) -> bool {
    let mut lanes = [0_u8; 16];
    let mut test = |chunk: &[u8; 16]| {
        for (lane, &byte) in lanes.iter_mut().zip(chunk) {
            // All ones for a flagged byte, as a vector compare gives it: no masking to 0 or 1.
            *lane |= 0_u8.wrapping_sub(u8::from(flagged(byte)));
        }
    };
    if bytes.len() < 16 {
        let mut padded = [b'a'; 16];
        padded[..bytes.len()].copy_from_slice(bytes);
        test(&padded);
    } else {
        let mut chunks = bytes.chunks_exact(16);
        for chunk in &mut chunks {
            test(chunk.try_into().expect("16 bytes"));
        }
        if !chunks.remainder().is_empty() {
            test(bytes[bytes.len() - 16..].try_into().expect("16 bytes"));
        }
    }
    u128::from_ne_bytes(lanes) != 0
}

/// Hyphenated UUID: 8-4-4-4-12 hexadecimal digits.
pub fn is_uuid(text: &str) -> bool {
    let Ok(bytes) = <&[u8; 36]>::try_from(text.as_bytes()) else { return false };
    // Padded with hex digits to three 16-byte rows, and tested against a constant mask of the
    // hyphens' places, every byte is tested without a branch, 16 at a time.
    const HYPHEN: [bool; 48] = {
        let mut mask = [false; 48];
        mask[8] = true;
        mask[13] = true;
        mask[18] = true;
        mask[23] = true;
        mask
    };
    let mut padded = [b'0'; 48];
    padded[..36].copy_from_slice(bytes);
    let mut wrong = [false; 16];
    for (row, hyphens) in padded.chunks_exact(16).zip(HYPHEN.chunks_exact(16)) {
        for ((wrong, &b), &hyphen) in wrong.iter_mut().zip(row).zip(hyphens) {
            let hex = (b.wrapping_sub(b'0') < 10) | ((b | 0x20).wrapping_sub(b'a') < 6);
            *wrong |= (hyphen & (b != b'-')) | (!hyphen & !hex);
        }
    }
    !wrong.iter().fold(false, |any, &w| any | w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time() {
        for ok in ["2026-11-21T10:00:00Z", "2024-02-29T23:59:60.123+01:00", "2026-01-01t00:00:00z"] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "2026-11-21",
            "2026-02-30T10:00:00Z",
            "2026-11-21T24:00:00Z",
            "2026-11-21T10:00:00",
            "2026-11-21T10:00:00.Z",
            "2026-11-21T10:00:00+1:00",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }

    #[test]
    fn date() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2023-13-01"));
        assert!(!is_date("2023-1-01"));
    }

    #[test]
    fn email_uri_uuid() {
        assert!(is_email("ada@example.com"));
        assert!(!is_email("ada example.com"));
        assert!(!is_email("ada@@example.com"));
        assert!(is_uri("https://example.com/a?b=c"));
        assert!(is_uri("mailto:ada@example.com"));
        assert!(!is_uri("/relative/path"));
        assert!(!is_uri("http://exa mple.com"));
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(!is_uuid("123e4567e89b12d3a456426614174000"));
        assert!(!is_uuid("123e4567-e89b-12d3-a456-42661417400g"));
    }

    /// The rules of `uri` and `uuid` written plainly, character by character: the fast
    /// versions must agree with them on every text.
    fn uri_as_specified(text: &str) -> bool {
        let Some((scheme, rest)) = text.split_once(':') else { return false };
        let mut scheme_chars = scheme.chars();
        scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && scheme_chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !rest.is_empty()
            && !text.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
    }

    fn uuid_as_specified(text: &str) -> bool {
        text.len() == 36
            && text
                .char_indices()
                .all(|(at, c)| if [8, 13, 18, 23].contains(&at) { c == '-' } else { c.is_ascii_hexdigit() })
    }

    /// Texts built from pieces that sit on every boundary the fast checks draw: the web
    /// prefixes, scheme characters, each forbidden ASCII byte and its neighbours, DEL, `~`,
    /// non-ASCII letters and spaces, at every length around the 16-byte windows.
    #[test]
    fn fast_uri_and_uuid_agree_with_the_plain_rules() {
        let pieces = [
            "https://",
            "http://",
            "h",
            "mailto:",
            ":",
            "a",
            "Z",
            "0",
            "9",
            "f",
            "F",
            "g",
            "-",
            "+",
            ".",
            "/",
            " ",
            "\t",
            "\u{7f}",
            "~",
            "=",
            "?",
            "]",
            "_",
            "<",
            ">",
            "\"",
            "{",
            "|",
            "}",
            "\\",
            "^",
            "`",
            "é",
            "\u{a0}",
            "\u{2028}",
            "\u{85}",
            "7c9e6679",
            "-7425-",
            "40de",
            "944b",
            "e07fc1f90ae7",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let mut checked = 0;
        for _ in 0..200_000 {
            let count = next(12);
            let text: String = (0..count).map(|_| pieces[next(pieces.len())]).collect();
            assert_eq!(is_uri(&text), uri_as_specified(&text), "uri {text:?}");
            assert_eq!(is_uuid(&text), uuid_as_specified(&text), "uuid {text:?}");
            checked += usize::from(uuid_as_specified(&text) || uri_as_specified(&text));
        }
        assert!(checked > 1_000, "too few valid texts were generated: {checked}");
        let uuid = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
        for at in 0..uuid.len() {
            for replacement in ["0", "a", "A", "f", "g", "-", "/", ":", "`", "G", "é"] {
                let text = format!("{}{replacement}{}", &uuid[..at], &uuid[at + 1..]);
                assert_eq!(is_uuid(&text), uuid_as_specified(&text), "uuid {text:?}");
            }
        }
    }
}
