//! Small JSON-writing helpers for the vendor encoders: escaped strings, timestamps, and
//! splicing fields into an already-serialized object without parsing it.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, now.
pub fn now_millis() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Appends `value` as a JSON string literal.
pub fn write_str(out: &mut Vec<u8>, value: &str) {
    // Ids, names and keys rarely need escaping: copy them whole when they do not.
    if value.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.reserve(value.len() + 2);
        out.push(b'"');
        out.extend_from_slice(value.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(&mut *out, value).expect("writing a string into a Vec cannot fail");
    }
}

/// Appends `"key":` then the string `value`.
pub fn write_field(out: &mut Vec<u8>, key: &str, value: &str) {
    write_str(out, key);
    out.push(b':');
    write_str(out, value);
}

/// Appends an RFC 3339 UTC timestamp with milliseconds, e.g. `"2024-05-01T12:00:00.123Z"`, quoted.
pub fn write_rfc3339(out: &mut Vec<u8>, millis: i64) {
    let seconds = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        let text = format!(
            "\"{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{ms:03}Z\"",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
        out.extend_from_slice(text.as_bytes());
        return;
    }
    // Digits written directly: this runs once per event and once per batch.
    let digits =
        |n: i64, width: usize| (0..width).rev().map(move |place| b'0' + (n / 10i64.pow(place as u32) % 10) as u8);
    out.push(b'"');
    out.extend(digits(year, 4));
    out.push(b'-');
    out.extend(digits(i64::from(month), 2));
    out.push(b'-');
    out.extend(digits(i64::from(day), 2));
    out.push(b'T');
    out.extend(digits(secs / 3600, 2));
    out.push(b':');
    out.extend(digits(secs / 60 % 60, 2));
    out.push(b':');
    out.extend(digits(secs % 60, 2));
    out.push(b'.');
    out.extend(digits(ms, 3));
    out.extend_from_slice(b"Z\"");
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Appends an integer.
pub fn write_i64(out: &mut Vec<u8>, value: i64) {
    serde_json::to_writer(&mut *out, &value).expect("writing a number into a Vec cannot fail");
}

/// Appends the serialized object `object` with the fields `extra` writes (as `"k":v,"k2":v2`,
/// no braces) added at its end, so they win over same-named caller fields. Nothing is copied
/// or allocated besides `out`.
pub fn write_object_with(out: &mut Vec<u8>, object: &str, extra: impl FnOnce(&mut Vec<u8>)) {
    let inner = object.trim();
    let inner = inner.strip_prefix('{').and_then(|s| s.strip_suffix('}')).unwrap_or("").trim();
    out.push(b'{');
    out.extend_from_slice(inner.as_bytes());
    let before = out.len();
    if !inner.is_empty() {
        out.push(b',');
    }
    let fields_start = out.len();
    extra(out);
    if out.len() == fields_start {
        // No extra field: no separator either.
        out.truncate(before);
    }
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        let mut out = Vec::new();
        write_rfc3339(&mut out, 1_714_564_800_123);
        assert_eq!(String::from_utf8(out).unwrap(), "\"2024-05-01T12:00:00.123Z\"");
        let mut out = Vec::new();
        write_rfc3339(&mut out, 951_782_400_000 - 1);
        assert_eq!(String::from_utf8(out).unwrap(), "\"2000-02-28T23:59:59.999Z\"");
        let mut out = Vec::new();
        write_rfc3339(&mut out, 0);
        write_rfc3339(&mut out, 253_402_300_799_999);
        write_rfc3339(&mut out, -1);
        write_rfc3339(&mut out, 253_402_300_800_000);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\"1970-01-01T00:00:00.000Z\"\"9999-12-31T23:59:59.999Z\"\"1969-12-31T23:59:59.999Z\"\"10000-01-01T00:00:00.000Z\""
        );
    }

    #[test]
    fn strings_are_escaped_only_when_they_need_it() {
        for value in ["plain id-1", "", "quote \" and \\ slash", "tab\tnew\nline\u{1}", "é ü 日本"] {
            let mut out = Vec::new();
            write_str(&mut out, value);
            assert_eq!(out, serde_json::to_vec(value).unwrap(), "{value:?}");
        }
    }

    #[test]
    fn fields_are_spliced_into_objects() {
        let b2 = |out: &mut Vec<u8>| out.extend_from_slice(br#""b":2"#);
        let mut out = Vec::new();
        write_object_with(&mut out, r#" {"a":1} "#, b2);
        assert_eq!(out, br#"{"a":1,"b":2}"#);
        let mut out = Vec::new();
        write_object_with(&mut out, "{ }", b2);
        assert_eq!(out, br#"{"b":2}"#);
        let mut out = Vec::new();
        write_object_with(&mut out, r#"{"a":"}"}"#, |_| {});
        assert_eq!(out, br#"{"a":"}"}"#);
        let parsed: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(parsed["a"], "}");
        let mut out = Vec::new();
        write_object_with(&mut out, "{}", |_| {});
        write_i64(&mut out, -42);
        assert_eq!(out, b"{}-42");
    }
}
