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
    let Some((scheme, rest)) = text.split_once(':') else { return false };
    let mut chars = scheme.bytes();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        && !rest.is_empty()
        && no_space_or_control(
            text,
            |b| {
                (b == b'<')
                    | (b == b'>')
                    | (b == b'"')
                    | (b == b'{')
                    | (b == b'}')
                    | (b == b'|')
                    | (b == b'\\')
                    | (b == b'^')
                    | (b == b'`')
            },
            |c| matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`'),
        )
}

/// No whitespace, no control character and nothing the `forbidden` tests refuse (one for
/// ASCII bytes, one for characters). ASCII text, the usual case, is checked with a branch-free
/// fold over the bytes that the compiler vectorizes.
#[inline]
fn no_space_or_control(text: &str, forbidden_byte: impl Fn(u8) -> bool, also_forbidden: impl Fn(char) -> bool) -> bool {
    if text.is_ascii() {
        !text.bytes().fold(false, |bad, b| bad | (b <= b' ') | (b == 0x7f) | forbidden_byte(b))
    } else {
        !text.chars().any(|c| c.is_whitespace() || c.is_control() || also_forbidden(c))
    }
}

/// Hyphenated UUID: 8-4-4-4-12 hexadecimal digits.
pub fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes
            .iter()
            .enumerate()
            .all(|(i, &b)| if matches!(i, 8 | 13 | 18 | 23) { b == b'-' } else { b.is_ascii_hexdigit() })
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
}
