//! Which vendor an emulator plays, its credentials and its limits.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The vendor API an emulator answers as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    /// Segment HTTP Tracking API (`/v1/batch`, `/v1/track`, ...).
    Segment,
    /// Amplitude HTTP V2 API (`/2/httpapi`) and Identify API (`/identify`).
    Amplitude,
    /// Mixpanel ingestion: `/import` and `/engage`.
    Mixpanel,
}

impl Vendor {
    /// All vendors, in a fixed order.
    pub const ALL: [Vendor; 3] = [Vendor::Segment, Vendor::Amplitude, Vendor::Mixpanel];

    /// The lowercase name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Segment => "segment",
            Vendor::Amplitude => "amplitude",
            Vendor::Mixpanel => "mixpanel",
        }
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Vendor {
    type Err = String;

    fn from_str(s: &str) -> Result<Vendor, String> {
        match s.to_ascii_lowercase().as_str() {
            "segment" => Ok(Vendor::Segment),
            "amplitude" => Ok(Vendor::Amplitude),
            "mixpanel" => Ok(Vendor::Mixpanel),
            other => Err(format!("unknown vendor {other:?} (expected segment, amplitude or mixpanel)")),
        }
    }
}

/// The Segment write key a default [`Config`] accepts.
pub const DEFAULT_WRITE_KEY: &str = "test-write-key";
/// The Amplitude API key a default [`Config`] accepts.
pub const DEFAULT_API_KEY: &str = "test-api-key";
/// The Mixpanel project token a default [`Config`] accepts.
pub const DEFAULT_TOKEN: &str = "test-project-token";

/// A Mixpanel service account: HTTP Basic `username:secret` plus the
/// `project_id` query parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceAccount {
    /// The service account's username.
    pub username: String,
    /// The service account's secret (the Basic password).
    pub secret: String,
    /// The project the account may import into (`?project_id=`).
    pub project_id: String,
}

/// Size and count limits. Every maximum is inclusive: a request at the
/// maximum is accepted, one past it is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest Segment message, and largest single-call body (`/v1/track`
    /// ...): 32 KB, answered 400 beyond.
    pub segment_max_message_bytes: usize,
    /// Largest `/v1/batch` body: 500 KB, answered 400 beyond.
    pub segment_max_batch_bytes: usize,
    /// Most messages in one batch: 2,500. A larger batch is answered 200
    /// and dropped whole (see [`crate::Emulator::dropped`]).
    pub segment_max_batch_events: usize,
    /// Most events in one Amplitude request: the docs ask for "fewer than
    /// 2000", so 1,999; more is answered 413.
    pub amplitude_max_events: usize,
    /// Largest Amplitude body after gzip decoding: "under 1 MB", so
    /// 1,048,575 bytes; more is answered 413.
    pub amplitude_max_request_bytes: usize,
    /// Default minimum `user_id` / `device_id` length (`options.min_id_length`
    /// overrides it per request): 5.
    pub amplitude_min_id_length: usize,
    /// Most events in one Mixpanel `/import` request: 2,000; more is 413.
    pub mixpanel_max_events: usize,
    /// Largest Mixpanel `/import` body, uncompressed. The docs say 10 MB
    /// today (2 MB earlier, and in the 413 example); the default is the
    /// stricter 2 MiB (2,097,152 bytes). More is answered 413.
    pub mixpanel_max_request_bytes: usize,
    /// Largest single Mixpanel event, as its JSON text as sent: "smaller than 1MB",
    /// so 1,048,575 bytes; a larger one is a failed record.
    pub mixpanel_max_event_bytes: usize,
    /// Most updates in one `/engage` request: 2,000.
    pub mixpanel_max_engage_updates: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            segment_max_message_bytes: 32 * 1024,
            segment_max_batch_bytes: 500 * 1024,
            segment_max_batch_events: 2_500,
            amplitude_max_events: 1_999,
            amplitude_max_request_bytes: 1024 * 1024 - 1,
            amplitude_min_id_length: 5,
            mixpanel_max_events: 2_000,
            mixpanel_max_request_bytes: 2 * 1024 * 1024,
            mixpanel_max_event_bytes: 1024 * 1024 - 1,
            mixpanel_max_engage_updates: 2_000,
        }
    }
}

/// What an emulator keeps of each accepted event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Recording {
    /// Kind, dedupe id and the full JSON (kept as the request's text, parsed when read).
    #[default]
    Full,
    /// Kind and dedupe id only: [`crate::ReceivedEvent::json`] is `null`. For long load runs,
    /// where keeping every body would grow without bound.
    Ids,
}

/// How an emulator is set up: port, credentials, limits.
///
/// Every vendor's credentials are present; an emulator uses its own vendor's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// Port to bind on 127.0.0.1; 0 (the default) picks a free one.
    pub port: u16,
    /// The Segment write key accepted (Basic username, or `writeKey` in the body).
    pub segment_write_key: String,
    /// What Segment does with a missing or unknown write key. `true` (the
    /// default) answers 401, so a misconfigured client fails loudly. `false`
    /// answers as the real API does: 400 for a missing or empty key, and 200
    /// for an unknown one, whose events are then dropped (and recorded in
    /// [`crate::Emulator::dropped`]).
    pub segment_reject_invalid_key: bool,
    /// The Amplitude API key accepted (`api_key` in the body).
    pub amplitude_api_key: String,
    /// The Mixpanel project token accepted (Basic username with an empty
    /// password on `/import`, `$token` on `/engage`).
    pub mixpanel_token: String,
    /// A Mixpanel service account also accepted on `/import`.
    pub mixpanel_service_account: Option<ServiceAccount>,
    /// A (deprecated) Mixpanel project secret also accepted on `/import`, as
    /// Basic username with an empty password.
    pub mixpanel_api_secret: Option<String>,
    /// Size and count limits.
    pub limits: Limits,
    /// The Amplitude secret key the Taxonomy API accepts (Basic `api_key:secret_key`).
    #[serde(default = "default_secret_key")]
    pub amplitude_secret_key: String,
    /// The Segment Public API token accepted (`Authorization: Bearer …`).
    #[serde(default = "default_public_api_token")]
    pub segment_public_api_token: String,
    /// The one Segment tracking plan the Public API knows; others are 404.
    #[serde(default = "default_tracking_plan_id")]
    pub segment_tracking_plan_id: String,
    /// What is kept of each accepted event.
    #[serde(default)]
    pub recording: Recording,
}

/// The Amplitude secret key a default [`Config`] accepts.
pub const DEFAULT_SECRET_KEY: &str = "test-secret-key";
/// The Segment Public API token a default [`Config`] accepts.
pub const DEFAULT_PUBLIC_API_TOKEN: &str = "test-public-api-token";
/// The Segment tracking plan id a default [`Config`] serves.
pub const DEFAULT_TRACKING_PLAN_ID: &str = "tp_test";

fn default_secret_key() -> String {
    DEFAULT_SECRET_KEY.to_string()
}

fn default_public_api_token() -> String {
    DEFAULT_PUBLIC_API_TOKEN.to_string()
}

fn default_tracking_plan_id() -> String {
    DEFAULT_TRACKING_PLAN_ID.to_string()
}

impl Default for Config {
    fn default() -> Config {
        Config {
            port: 0,
            segment_write_key: DEFAULT_WRITE_KEY.to_string(),
            segment_reject_invalid_key: true,
            amplitude_api_key: DEFAULT_API_KEY.to_string(),
            mixpanel_token: DEFAULT_TOKEN.to_string(),
            mixpanel_service_account: None,
            mixpanel_api_secret: None,
            limits: Limits::default(),
            amplitude_secret_key: default_secret_key(),
            segment_public_api_token: default_public_api_token(),
            segment_tracking_plan_id: default_tracking_plan_id(),
            recording: Recording::Full,
        }
    }
}

impl Config {
    /// The default configuration (test credentials, documented limits).
    pub fn new() -> Config {
        Config::default()
    }

    /// Sets the port to bind (0 picks a free one).
    pub fn port(mut self, port: u16) -> Config {
        self.port = port;
        self
    }

    /// Sets the Segment write key.
    pub fn write_key(mut self, key: impl Into<String>) -> Config {
        self.segment_write_key = key.into();
        self
    }

    /// Sets [`Config::segment_reject_invalid_key`].
    pub fn reject_invalid_write_key(mut self, reject: bool) -> Config {
        self.segment_reject_invalid_key = reject;
        self
    }

    /// Sets the Amplitude API key.
    pub fn api_key(mut self, key: impl Into<String>) -> Config {
        self.amplitude_api_key = key.into();
        self
    }

    /// Sets the Mixpanel project token.
    pub fn token(mut self, token: impl Into<String>) -> Config {
        self.mixpanel_token = token.into();
        self
    }

    /// Adds a Mixpanel service account.
    pub fn service_account(
        mut self,
        username: impl Into<String>,
        secret: impl Into<String>,
        project_id: impl Into<String>,
    ) -> Config {
        self.mixpanel_service_account =
            Some(ServiceAccount { username: username.into(), secret: secret.into(), project_id: project_id.into() });
        self
    }

    /// Sets what is kept of each accepted event.
    pub fn recording(mut self, recording: Recording) -> Config {
        self.recording = recording;
        self
    }

    /// Changes the limits.
    pub fn limits(mut self, edit: impl FnOnce(&mut Limits)) -> Config {
        edit(&mut self.limits);
        self
    }
}
