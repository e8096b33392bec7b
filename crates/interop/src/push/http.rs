//! The requests push sends, printable for `--dry-run` exactly as they would be sent.

use std::fmt;
use std::time::Duration;

use serde_json::Value;

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No body (GET).
    Empty,
    /// `application/x-www-form-urlencoded` parameters, in order.
    Form(Vec<(String, String)>),
    /// `application/json`.
    Json(Value),
}

/// One HTTP request.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// GET, POST, PUT or PATCH.
    pub method: &'static str,
    /// Full URL.
    pub url: String,
    /// The `Authorization` header value; printed redacted.
    pub authorization: String,
    /// The body.
    pub body: Body,
}

/// A response: status, body text and how long the vendor asks to wait before retrying.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Body text.
    pub body: String,
    /// `Retry-After` in seconds, when the vendor sent one.
    pub retry_after: Option<Duration>,
}

impl Response {
    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A one-line summary for reports: status and the vendor's error message when it gave one.
    pub fn summary(&self) -> String {
        let body = self.json();
        let message = body
            .pointer("/errors/0/message")
            .or_else(|| body.get("error"))
            .or_else(|| body.get("message"))
            .and_then(Value::as_str)
            .map_or_else(|| self.body.chars().take(200).collect(), str::to_owned);
        format!("HTTP {}: {message}", self.status)
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = self.authorization.split(' ').next().unwrap_or_default();
        writeln!(f, "{} {}", self.method, self.url)?;
        writeln!(f, "Authorization: {scheme} <redacted>")?;
        match &self.body {
            Body::Empty => Ok(()),
            Body::Form(pairs) => {
                writeln!(f, "Content-Type: application/x-www-form-urlencoded")?;
                writeln!(f)?;
                writeln!(f, "{}", form_text(pairs))
            }
            Body::Json(value) => {
                writeln!(f, "Content-Type: application/json")?;
                writeln!(f)?;
                writeln!(f, "{}", serde_json::to_string_pretty(value).unwrap_or_default())
            }
        }
    }
}

/// Sends requests; one agent (connection pool) per push.
pub(crate) struct Client {
    agent: ureq::Agent,
}

impl Client {
    pub(crate) fn new() -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build();
        Client { agent: ureq::Agent::new_with_config(config) }
    }

    /// Sends `request`; a transport failure is an `Err` with its cause.
    pub(crate) fn send(&self, request: &Request) -> Result<Response, String> {
        let auth = request.authorization.as_str();
        let result = match (&request.body, request.method) {
            (Body::Empty, _) => self.agent.get(&request.url).header("Authorization", auth).call(),
            (body, method) => {
                let (content_type, text) = match body {
                    Body::Form(pairs) => ("application/x-www-form-urlencoded", form_text(pairs)),
                    Body::Json(value) => ("application/json", value.to_string()),
                    Body::Empty => unreachable!("handled above"),
                };
                let builder = match method {
                    "PUT" => self.agent.put(&request.url),
                    "PATCH" => self.agent.patch(&request.url),
                    _ => self.agent.post(&request.url),
                };
                builder.header("Authorization", auth).header("Content-Type", content_type).send(text.as_bytes())
            }
        };
        let mut response = result.map_err(|error| format!("{} {}: {error}", request.method, request.url))?;
        let status = response.status().as_u16();
        let retry_after = response.headers().get("Retry-After").and_then(|value| retry_after(value.to_str().ok()?));
        let body = response.body_mut().read_to_string().unwrap_or_default();
        Ok(Response { status, body, retry_after })
    }
}

/// A `Retry-After` value in its delay-seconds form (integer or decimal). The HTTP-date form
/// is not read; the backoff's own schedule applies then.
fn retry_after(value: &str) -> Option<Duration> {
    let seconds = value.trim().parse::<f64>().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(86_400.0)))
}

/// Form encoding: unreserved characters kept, everything else percent-encoded.
pub(crate) fn form_text(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(key, value)| format!("{}={}", encode(key), encode(value))).collect::<Vec<_>>().join("&")
}

/// Percent-encodes everything but RFC 3986 unreserved characters; fit for path segments
/// and form values alike.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `Basic base64(user:password)`.
pub(crate) fn basic(user: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{user}:{password}");
    let bytes = input.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    format!("Basic {out}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_retry_after_seconds_only() {
        assert_eq!(retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(retry_after("Wed, 21 Oct 2026 07:28:00 GMT"), None);
        assert_eq!(retry_after("-1"), None);
    }

    #[test]
    fn encodes_names_and_credentials() {
        assert_eq!(encode("Order Completed"), "Order%20Completed");
        assert_eq!(encode("$user"), "%24user");
        assert_eq!(encode("a+b/é"), "a%2Bb%2F%C3%A9");
        assert_eq!(basic("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(basic("ab", ""), "Basic YWI6");
    }
}
