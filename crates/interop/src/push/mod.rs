//! Push: sync the plan's descriptions, categories, owners and schemas to Amplitude (Taxonomy
//! API), Mixpanel (Lexicon Schemas API) and Segment (Public API tracking-plan rules).
//!
//! Every push first reads what the vendor holds and then writes only what differs, one item
//! per request, so a second push changes nothing and a failure is reported for its item
//! while the others go through. A dry run does the reads and prints the writes it would
//! send instead of sending them.

mod amplitude;
pub mod http;
mod mixpanel;
mod segment;

use std::fmt;
use std::io::Write;
use std::time::Duration;

use trackplan_plan_model::Plan;

use http::{Client, Request, Response};

/// The vendors push syncs to, with their credentials.
#[derive(Debug, Clone)]
pub enum Destination {
    /// Amplitude Taxonomy API.
    Amplitude {
        /// `https://amplitude.com` (or the EU host, or an emulator).
        base_url: String,
        /// Project API key.
        api_key: String,
        /// Project secret key.
        secret_key: String,
    },
    /// Mixpanel Lexicon Schemas API.
    Mixpanel {
        /// `https://mixpanel.com` (or `https://eu.mixpanel.com`, or an emulator).
        base_url: String,
        /// Service account username.
        username: String,
        /// Service account secret.
        secret: String,
        /// Project id.
        project_id: String,
    },
    /// Segment Public API.
    Segment {
        /// `https://api.segmentapis.com` (or an emulator).
        base_url: String,
        /// Public API token.
        token: String,
        /// Tracking plan id (`tp_…`).
        tracking_plan_id: String,
    },
}

/// A variable push reads its credentials from.
type Var = (&'static str, Option<&'static str>);

impl Destination {
    /// The environment variables each vendor reads, with defaults for the base URLs.
    pub const AMPLITUDE_VARS: [Var; 3] =
        [("AMPLITUDE_API_KEY", None), ("AMPLITUDE_SECRET_KEY", None), ("AMPLITUDE_URL", Some("https://amplitude.com"))];
    /// Mixpanel's variables.
    pub const MIXPANEL_VARS: [Var; 4] = [
        ("MIXPANEL_SERVICE_ACCOUNT_USERNAME", None),
        ("MIXPANEL_SERVICE_ACCOUNT_SECRET", None),
        ("MIXPANEL_PROJECT_ID", None),
        ("MIXPANEL_URL", Some("https://mixpanel.com")),
    ];
    /// Segment's variables.
    pub const SEGMENT_VARS: [Var; 3] = [
        ("SEGMENT_PUBLIC_API_TOKEN", None),
        ("SEGMENT_TRACKING_PLAN_ID", None),
        ("SEGMENT_API_URL", Some("https://api.segmentapis.com")),
    ];

    /// Credentials for `vendor` (amplitude, mixpanel, segment) from `lookup` (the process
    /// environment, in the CLI); the error lists every variable missing.
    pub fn from_env(vendor: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<Destination, PushError> {
        let vars: &[Var] = match vendor {
            "amplitude" => &Self::AMPLITUDE_VARS,
            "mixpanel" => &Self::MIXPANEL_VARS,
            "segment" => &Self::SEGMENT_VARS,
            other => {
                return Err(PushError::Usage(format!(
                    "unknown push target {other:?}; expected amplitude, mixpanel or segment"
                )));
            }
        };
        let mut values = Vec::new();
        let mut missing = Vec::new();
        for (name, default) in vars {
            match lookup(name).filter(|v| !v.is_empty()).or(default.map(str::to_owned)) {
                Some(value) => values.push(value),
                None => missing.push(*name),
            }
        }
        if !missing.is_empty() {
            return Err(PushError::Usage(format!("set {} to push to {vendor}", missing.join(", "))));
        }
        let base = |value: &String| value.trim_end_matches('/').to_owned();
        Ok(match vendor {
            "amplitude" => Destination::Amplitude {
                api_key: values[0].clone(),
                secret_key: values[1].clone(),
                base_url: base(&values[2]),
            },
            "mixpanel" => Destination::Mixpanel {
                username: values[0].clone(),
                secret: values[1].clone(),
                project_id: values[2].clone(),
                base_url: base(&values[3]),
            },
            _ => Destination::Segment {
                token: values[0].clone(),
                tracking_plan_id: values[1].clone(),
                base_url: base(&values[2]),
            },
        })
    }
}

/// What happened to one item (an event type, a property, a schema, a rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It did not exist and was created.
    Created,
    /// It existed and differed; it was updated.
    Updated,
    /// It already matched the plan; nothing was sent.
    Unchanged,
    /// A dry run would create it.
    WouldCreate,
    /// A dry run would update it.
    WouldUpdate,
    /// The vendor refused it, or it depends on an item that failed.
    Failed(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Created => f.write_str("created"),
            Outcome::Updated => f.write_str("updated"),
            Outcome::Unchanged => f.write_str("unchanged"),
            Outcome::WouldCreate => f.write_str("would create"),
            Outcome::WouldUpdate => f.write_str("would update"),
            Outcome::Failed(why) => write!(f, "FAILED: {why}"),
        }
    }
}

/// One item's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemResult {
    /// What the item is, e.g. `event "Order Completed"`.
    pub item: String,
    /// What happened.
    pub outcome: Outcome,
}

/// Every item's result, in the order they were synced.
#[derive(Debug, Clone, Default)]
pub struct PushReport {
    /// The results.
    pub items: Vec<ItemResult>,
    /// Items the vendor holds that the plan does not; push leaves them in place.
    pub extra: Vec<String>,
    /// How many rate-limit answers (HTTP 429) were waited out and retried.
    pub rate_limited: usize,
    /// Plan content the vendor's API has no documented field for, by item, never sent.
    pub not_synced: Vec<String>,
}

impl PushReport {
    /// Whether any item failed.
    pub fn failed(&self) -> usize {
        self.items.iter().filter(|r| matches!(r.outcome, Outcome::Failed(_))).count()
    }

    /// How many items were created or updated (or would be, in a dry run).
    pub fn changed(&self) -> usize {
        self.items.iter().filter(|r| !matches!(r.outcome, Outcome::Unchanged | Outcome::Failed(_))).count()
    }
}

/// Why a push could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// Missing credentials or an unknown vendor.
    #[error("{0}")]
    Usage(String),
    /// Reading the vendor's current state failed; nothing was written.
    #[error("cannot read the current state from {vendor}: {message}")]
    Read {
        /// The vendor.
        vendor: &'static str,
        /// The cause.
        message: String,
    },
}

/// How push waits out rate limits: every catalog API answers HTTP 429 when a project sends
/// too much (Amplitude's Taxonomy API counts cost per hour, Mixpanel and Segment requests
/// per second or hour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Retries of one request after a 429; then its item fails (a read stops the push).
    pub max_retries: u32,
    /// Wait before the first retry when the vendor sends no `Retry-After`; doubled each time.
    pub initial: Duration,
    /// Longest single wait, `Retry-After` included.
    pub max_wait: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { max_retries: 4, initial: Duration::from_secs(1), max_wait: Duration::from_secs(60) }
    }
}

impl Backoff {
    /// The wait before retry number `retry` (0-based): the vendor's `Retry-After` when it
    /// sent one, else `initial` doubled per retry; never more than `max_wait`.
    pub fn wait(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let doubled = self.initial.saturating_mul(1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX));
        retry_after.unwrap_or(doubled).min(self.max_wait)
    }
}

/// Sends writes, or prints them in a dry run.
pub(crate) struct Session<'a> {
    client: Client,
    dry_run: bool,
    log: &'a mut dyn Write,
    vendor: &'static str,
    backoff: Backoff,
    /// 429 answers waited out so far.
    rate_limited: usize,
}

impl Session<'_> {
    /// Sends `request`, waiting out and retrying 429 answers up to the backoff's bound; the
    /// last answer is returned as is (a 429 when every retry was refused).
    fn send(&mut self, request: &Request) -> Result<Response, String> {
        let mut retry = 0;
        loop {
            let response = self.client.send(request)?;
            if response.status != 429 || retry >= self.backoff.max_retries {
                return Ok(response);
            }
            self.rate_limited += 1;
            std::thread::sleep(self.backoff.wait(retry, response.retry_after));
            retry += 1;
        }
    }

    /// Why a response failed, for the report.
    fn failure(&self, response: &Response) -> String {
        match response.status {
            429 => format!("{} (still rate limited after {} retries)", response.summary(), self.backoff.max_retries),
            _ => response.summary(),
        }
    }

    /// A read: always sent (a dry run needs to know what differs).
    pub(crate) fn read(&mut self, request: &Request) -> Result<Response, PushError> {
        let response = self.send(request).map_err(|message| PushError::Read { vendor: self.vendor, message })?;
        if !response.ok() {
            return Err(PushError::Read {
                vendor: self.vendor,
                message: format!("{} {}: {}", request.method, request.url, self.failure(&response)),
            });
        }
        Ok(response)
    }

    /// A write for an item that exists (`update`) or not: sent, or printed in a dry run.
    pub(crate) fn write(&mut self, request: &Request, update: bool) -> Outcome {
        if self.dry_run {
            let _ = writeln!(self.log, "{request}");
            return if update { Outcome::WouldUpdate } else { Outcome::WouldCreate };
        }
        match self.send(request) {
            Ok(response) if response.ok() => {
                if update {
                    Outcome::Updated
                } else {
                    Outcome::Created
                }
            }
            Ok(response) => Outcome::Failed(self.failure(&response)),
            Err(message) => Outcome::Failed(message),
        }
    }
}

/// Syncs `plan` to `destination` with the default [`Backoff`]. Dry-run writes are printed to
/// `log`.
pub fn push(
    plan: &Plan,
    destination: &Destination,
    dry_run: bool,
    log: &mut dyn Write,
) -> Result<PushReport, PushError> {
    push_with_backoff(plan, destination, dry_run, log, Backoff::default())
}

/// [`push`], waiting out rate limits as `backoff` says.
pub fn push_with_backoff(
    plan: &Plan,
    destination: &Destination,
    dry_run: bool,
    log: &mut dyn Write,
    backoff: Backoff,
) -> Result<PushReport, PushError> {
    let vendor = match destination {
        Destination::Amplitude { .. } => "Amplitude",
        Destination::Mixpanel { .. } => "Mixpanel",
        Destination::Segment { .. } => "Segment",
    };
    let mut session = Session { client: Client::new(), dry_run, log, vendor, backoff, rate_limited: 0 };
    let report = match destination {
        Destination::Amplitude { base_url, api_key, secret_key } => {
            amplitude::push(plan, base_url, &http::basic(api_key, secret_key), &mut session)
        }
        Destination::Mixpanel { base_url, username, secret, project_id } => {
            mixpanel::push(plan, base_url, project_id, &http::basic(username, secret), &mut session)
        }
        Destination::Segment { base_url, token, tracking_plan_id } => {
            segment::push(plan, base_url, tracking_plan_id, &format!("Bearer {token}"), &mut session)
        }
    };
    report.map(|report| PushReport { rate_limited: session.rate_limited, ..report })
}
