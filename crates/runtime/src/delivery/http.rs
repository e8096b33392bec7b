//! The blocking HTTP transport (ureq) and the helpers it needs: gzip, Basic auth.

use std::io::{Read, Write};
use std::time::Duration;

use flate2::Compression;
use flate2::write::GzEncoder;

use super::protocol::{Answer, Endpoint};

/// Why a request got no HTTP answer. Carries no URL or header, so no credential can leak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("request failed before an answer: {0}")]
pub struct TransportError(pub String);

/// One keep-alive HTTP agent per destination.
pub(crate) struct Transport {
    agent: ureq::Agent,
}

/// Largest response body read; vendor answers are small.
const MAX_ANSWER: u64 = 1 << 20;

impl Transport {
    pub fn new(timeout: Duration) -> Transport {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(timeout.min(Duration::from_secs(10)))
            .timeout(timeout)
            .max_idle_connections_per_host(2)
            .build();
        Transport { agent }
    }

    /// POSTs `body` (already gzipped when `gzip`), returning any HTTP answer.
    pub fn post(&self, endpoint: &Endpoint, body: &[u8], gzip: bool) -> Result<Answer, TransportError> {
        let mut request = self.agent.post(&endpoint.url);
        for (name, value) in &endpoint.headers {
            request = request.set(name, value);
        }
        if gzip {
            request = request.set("Content-Encoding", "gzip");
        }
        let response = match request.send_bytes(body) {
            Ok(response) => response,
            Err(ureq::Error::Status(_, response)) => response,
            Err(ureq::Error::Transport(transport)) => return Err(TransportError(transport.kind().to_string())),
        };
        let status = response.status();
        let retry_after = response
            .header("Retry-After")
            .and_then(|value| value.trim().parse::<f64>().ok())
            .or_else(|| response.header("X-RateLimit-Reset").and_then(reset_seconds))
            .filter(|secs| secs.is_finite() && *secs >= 0.0)
            .map(|secs| Duration::from_secs_f64(secs.min(3600.0)));
        let mut body = Vec::new();
        response
            .into_reader()
            .take(MAX_ANSWER)
            .read_to_end(&mut body)
            .map_err(|error| TransportError(format!("answer {status} cut short: {}", error.kind())))?;
        Ok(Answer { status, retry_after, body })
    }
}

/// Seconds to wait from an `X-RateLimit-Reset` value, which services send as a delay in
/// seconds, an epoch time in seconds, or an epoch time in milliseconds (Segment).
fn reset_seconds(value: &str) -> Option<f64> {
    let value = value.trim().parse::<f64>().ok()?;
    let now_ms = super::json::now_millis() as f64;
    Some(if value > 1e12 {
        (value - now_ms) / 1000.0
    } else if value > 1e9 {
        value - now_ms / 1000.0
    } else {
        value
    })
    .map(|secs| secs.max(0.0))
}

/// Gzips `body` at the fastest level: the CPU is better spent elsewhere than on ratio.
pub(crate) fn gzip(body: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut encoder = GzEncoder::new(out, Compression::fast());
    encoder.write_all(body).expect("writing into a Vec cannot fail");
    encoder.finish().expect("writing into a Vec cannot fail");
}

/// An `Authorization: Basic` value for `user:password`.
pub fn basic_auth(user: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{user}:{password}");
    let mut out = String::from("Basic ");
    for chunk in input.as_bytes().chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for (index, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                out.push(ALPHABET[(n >> shift & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_resets_are_read_as_delays_or_epoch_times() {
        assert_eq!(reset_seconds("2"), Some(2.0));
        let in_five_s_ms = (crate::delivery::now_millis() + 5_000).to_string();
        let seconds = reset_seconds(&in_five_s_ms).unwrap();
        assert!((4.0..=5.0).contains(&seconds), "{seconds}");
        let in_five_s = (crate::delivery::now_millis() / 1000 + 5).to_string();
        let seconds = reset_seconds(&in_five_s).unwrap();
        assert!((3.0..=5.0).contains(&seconds), "{seconds}");
        assert_eq!(reset_seconds("1500000000000"), Some(0.0), "a reset in the past means now");
        assert_eq!(reset_seconds("nope"), None);
    }

    #[test]
    fn basic_auth_matches_rfc_7617_example() {
        assert_eq!(basic_auth("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(basic_auth("wk", ""), "Basic d2s6");
        assert_eq!(basic_auth("ab", "c"), "Basic YWI6Yw==");
    }
}
