//! HTTP Basic credentials: base64, parsing, redaction.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub(crate) fn base64_encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64; padding optional. `None` if malformed.
pub(crate) fn base64_decode(input: &str) -> Option<Vec<u8>> {
    let trimmed = input.trim_end_matches('=');
    if input.len() - trimmed.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(trimmed.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in trimmed.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    if trimmed.len() % 4 == 1 {
        return None;
    }
    Some(out)
}

/// The `Authorization` header value for HTTP Basic credentials.
///
/// Segment and Mixpanel take a key as the username with an empty password:
/// `basic_auth("my-write-key", "")`.
pub fn basic_auth(username: &str, password: &str) -> String {
    format!("Basic {}", base64_encode(format!("{username}:{password}").as_bytes()))
}

/// Basic credentials from an `Authorization` value: `(username, password)`,
/// the password `None` when the decoded text has no colon.
pub(crate) fn parse_basic(value: &str) -> Option<(String, Option<String>)> {
    let (scheme, rest) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(base64_decode(rest.trim())?).ok()?;
    Some(match decoded.split_once(':') {
        Some((user, pass)) => (user.to_string(), Some(pass.to_string())),
        None => (decoded, None),
    })
}

/// Headers with the credentials of `Authorization` replaced.
pub(crate) fn redact(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            if name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("proxy-authorization") {
                let scheme = value.split(' ').next().unwrap_or_default();
                (name.clone(), format!("{scheme} <redacted>"))
            } else {
                (name.clone(), value.clone())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for text in ["", "a", "ab", "abc", "abcd", "key:", "user:secret!"] {
            let encoded = base64_encode(text.as_bytes());
            assert_eq!(base64_decode(&encoded).unwrap(), text.as_bytes());
        }
        assert_eq!(base64_encode(b"abc123:"), "YWJjMTIzOg==");
        assert_eq!(base64_decode("YWJjMTIzOg").unwrap(), b"abc123:");
        assert!(base64_decode("a").is_none());
        assert!(base64_decode("!!!!").is_none());
    }

    #[test]
    fn parses_basic() {
        assert_eq!(parse_basic(&basic_auth("k", "")), Some(("k".to_string(), Some(String::new()))));
        assert_eq!(parse_basic("Basic YWJjMTIz"), Some(("abc123".to_string(), None)));
        assert_eq!(parse_basic("Bearer x"), None);
    }
}
