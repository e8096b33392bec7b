//! Faults: scripted misbehaviour for the next requests, or for all of them.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a fault does to the response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer normally (after the fault's delay: a slow server).
    #[serde(alias = "slow")]
    Pass,
    /// Answer with this status. Without a body, the vendor's documented body
    /// for that status is sent (Amplitude's 429 lists the request's users and
    /// devices as throttled, for instance).
    Status {
        /// The status code.
        status: u16,
        /// The body; sent as JSON when it parses as JSON, as text otherwise.
        #[serde(default)]
        body: Option<String>,
        /// A `Retry-After` header, in seconds (Segment also gets
        /// `X-RateLimit-Reset`).
        #[serde(default)]
        retry_after: Option<u64>,
    },
    /// Reset the connection (RST, via SO_LINGER 0) without answering.
    Reset,
    /// Close the connection (FIN) without answering.
    Close,
    /// Never answer: hold the connection until the client gives up.
    Hang,
    /// Send a head whose `Content-Length` exceeds the body sent, then close.
    /// The response truncated is the real one, or `status`'s if given.
    Truncate {
        /// Status of the truncated response; the real one if `None`.
        #[serde(default)]
        status: Option<u16>,
    },
}

/// A fault for one request (queued) or for every request (the default).
///
/// Faults apply to vendor requests only, never to `/__emulator/` control
/// requests. The request is always read in full first.
///
/// `ingest` decides whether the request is processed before the failure:
/// with `true`, its valid events are recorded exactly as if it had been
/// answered normally (the vendor ingested them, then the answer failed or was
/// lost: Amplitude's 500/502/504, a reset after processing, a timeout); with
/// `false` (the default) nothing is processed or recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// What happens to the response.
    pub kind: FaultKind,
    /// Process and record the request before failing.
    pub ingest: bool,
    /// Wait this long before processing and answering.
    pub delay: Duration,
    /// Apply only to requests to this path (without query); any path if `None`.
    pub path: Option<String>,
}

impl Fault {
    fn new(kind: FaultKind) -> Fault {
        Fault { kind, ingest: false, delay: Duration::ZERO, path: None }
    }

    /// Answer with `status` and the vendor's documented body for it.
    pub fn status(status: u16) -> Fault {
        Fault::new(FaultKind::Status { status, body: None, retry_after: None })
    }

    /// Answer normally, but only after `delay`.
    pub fn slow(delay: Duration) -> Fault {
        Fault::new(FaultKind::Pass).delay(delay)
    }

    /// Answer normally (useful to let one request through a default fault).
    pub fn pass() -> Fault {
        Fault::new(FaultKind::Pass)
    }

    /// Reset the connection without answering.
    pub fn reset() -> Fault {
        Fault::new(FaultKind::Reset)
    }

    /// Close the connection without answering.
    pub fn close() -> Fault {
        Fault::new(FaultKind::Close)
    }

    /// Never answer.
    pub fn hang() -> Fault {
        Fault::new(FaultKind::Hang)
    }

    /// Send the real response truncated.
    pub fn truncate() -> Fault {
        Fault::new(FaultKind::Truncate { status: None })
    }

    /// Sets the body of a [`FaultKind::Status`] fault (no effect otherwise).
    pub fn body(mut self, text: impl Into<String>) -> Fault {
        if let FaultKind::Status { body, .. } = &mut self.kind {
            *body = Some(text.into());
        }
        self
    }

    /// Sets `Retry-After` (seconds) on a [`FaultKind::Status`] fault.
    pub fn retry_after(mut self, seconds: u64) -> Fault {
        if let FaultKind::Status { retry_after, .. } = &mut self.kind {
            *retry_after = Some(seconds);
        }
        self
    }

    /// Process and record the request before failing ("ingest then fail").
    pub fn ingested(self) -> Fault {
        self.ingest(true)
    }

    /// Sets whether the request is processed and recorded before failing.
    pub fn ingest(mut self, ingest: bool) -> Fault {
        self.ingest = ingest;
        self
    }

    /// Waits `delay` before processing and answering.
    pub fn delay(mut self, delay: Duration) -> Fault {
        self.delay = delay;
        self
    }

    /// Applies only to requests to `path`.
    pub fn on_path(mut self, path: impl Into<String>) -> Fault {
        self.path = Some(path.into());
        self
    }

    pub(crate) fn matches(&self, path: &str) -> bool {
        self.path.as_deref().is_none_or(|p| p == path)
    }

    /// A short description for the request log.
    pub(crate) fn describe(&self) -> String {
        let mut text = match &self.kind {
            FaultKind::Pass => "pass".to_string(),
            FaultKind::Status { status, .. } => format!("status {status}"),
            FaultKind::Reset => "reset".to_string(),
            FaultKind::Close => "close".to_string(),
            FaultKind::Hang => "hang".to_string(),
            FaultKind::Truncate { status: None } => "truncate".to_string(),
            FaultKind::Truncate { status: Some(s) } => format!("truncate {s}"),
        };
        if !self.delay.is_zero() {
            text.push_str(&format!(" after {}ms", self.delay.as_millis()));
        }
        if self.ingest {
            text.push_str(" (ingested)");
        }
        text
    }
}

/// The JSON form of a fault, used by the control API:
/// `{"kind":"status","status":503,"body":…,"retry_after":5,"ingest":false,
/// "delay_ms":0,"path":"/import","repeat":1}`.
///
/// `kind` is one of `pass` (or `slow`), `status`, `reset`, `close`, `hang`,
/// `truncate`; `body` may be a string or any JSON value; `repeat` queues the
/// fault that many times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultSpec {
    /// Kind, with its fields.
    #[serde(flatten)]
    pub kind: FaultSpecKind,
    /// Process and record before failing.
    #[serde(default)]
    pub ingest: bool,
    /// Delay before processing, in milliseconds.
    #[serde(default)]
    pub delay_ms: u64,
    /// Only for requests to this path.
    #[serde(default)]
    pub path: Option<String>,
    /// How many times to queue it (default 1).
    #[serde(default = "one")]
    pub repeat: usize,
}

fn one() -> usize {
    1
}

/// [`FaultKind`] as JSON, where a status body may be any JSON value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultSpecKind {
    /// See [`FaultKind::Pass`].
    #[serde(alias = "slow")]
    Pass,
    /// See [`FaultKind::Status`].
    Status {
        /// The status code.
        status: u16,
        /// A string body is sent as is; another JSON value is serialized.
        #[serde(default)]
        body: Option<Value>,
        /// `Retry-After`, in seconds.
        #[serde(default)]
        retry_after: Option<u64>,
    },
    /// See [`FaultKind::Reset`].
    Reset,
    /// See [`FaultKind::Close`].
    Close,
    /// See [`FaultKind::Hang`].
    Hang,
    /// See [`FaultKind::Truncate`].
    Truncate {
        /// Status of the truncated response.
        #[serde(default)]
        status: Option<u16>,
    },
}

impl FaultSpec {
    /// The fault this spec describes (once; see [`FaultSpec::repeat`]).
    pub fn to_fault(&self) -> Fault {
        let kind = match &self.kind {
            FaultSpecKind::Pass => FaultKind::Pass,
            FaultSpecKind::Status { status, body, retry_after } => FaultKind::Status {
                status: *status,
                body: body.as_ref().map(|b| match b {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }),
                retry_after: *retry_after,
            },
            FaultSpecKind::Reset => FaultKind::Reset,
            FaultSpecKind::Close => FaultKind::Close,
            FaultSpecKind::Hang => FaultKind::Hang,
            FaultSpecKind::Truncate { status } => FaultKind::Truncate { status: *status },
        };
        Fault { kind, ingest: self.ingest, delay: Duration::from_millis(self.delay_ms), path: self.path.clone() }
    }
}

impl From<&Fault> for FaultSpec {
    fn from(fault: &Fault) -> FaultSpec {
        let kind = match &fault.kind {
            FaultKind::Pass => FaultSpecKind::Pass,
            FaultKind::Status { status, body, retry_after } => FaultSpecKind::Status {
                status: *status,
                body: body.clone().map(Value::String),
                retry_after: *retry_after,
            },
            FaultKind::Reset => FaultSpecKind::Reset,
            FaultKind::Close => FaultSpecKind::Close,
            FaultKind::Hang => FaultSpecKind::Hang,
            FaultKind::Truncate { status } => FaultSpecKind::Truncate { status: *status },
        };
        FaultSpec {
            kind,
            ingest: fault.ingest,
            delay_ms: u64::try_from(fault.delay.as_millis()).unwrap_or(u64::MAX),
            path: fault.path.clone(),
            repeat: 1,
        }
    }
}
