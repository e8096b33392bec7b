//! Amplitude HTTP V2 API (`/2/httpapi`) and Identify API (`/identify`).
//!
//! Sources: Amplitude-Developer-Docs/amplitude-dev-center
//! `docs/analytics/apis/http-v2-api.md` (event keys, options, minimum id
//! length, invalid ids, reserved event types, status codes and their bodies),
//! amplitude.com/docs/apis/analytics/http-v2 (upload limits, gzip counted
//! after decompression) and amplitude.com/docs/apis/analytics/identify. The
//! 400 for a short id (`events_with_invalid_id_lengths`, "Invalid id length
//! for user_id or device_id") and the 429 fields `exceeded_daily_quota_users`
//! / `_devices` come from the official SDKs' response parsers
//! (Amplitude-TypeScript, Amplitude-Kotlin) and observed responses.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::http::{Request, Response, parse_form, reason};
use crate::json::{self, Members};
use crate::vendor::{Accepted, EventText, Outcome, Rejection};

const RESERVED_EVENT_TYPES: [&str; 6] = [
    "[Amplitude] Start Session",
    "[Amplitude] End Session",
    "[Amplitude] Revenue",
    "[Amplitude] Revenue (Verified)",
    "[Amplitude] Revenue (Unverified)",
    "[Amplitude] Merged User",
];

/// Ids Amplitude refuses with a 400 (compared case-insensitively).
const INVALID_IDS: [&str; 14] = [
    "anonymous",
    "nil",
    "none",
    "null",
    "n/a",
    "na",
    "undefined",
    "unknown",
    "\"\"",
    "00000000-0000-0000-0000-000000000000",
    "{}",
    "lmy47d",
    "0",
    "-1",
];

/// `eps_threshold` reported in an injected 429 (the documented per-device rate).
const EPS_THRESHOLD: u64 = 30;

pub(crate) fn error(status: u16, message: &str) -> Response {
    Response::json(status, &json!({"code": status, "error": message}))
}

fn too_large() -> Response {
    error(413, "Payload too large")
}

pub(crate) fn handle(config: &Config, request: &Request, now_ms: u64) -> Outcome {
    match request.path.as_str() {
        "/2/httpapi" => httpapi(config, request, now_ms),
        "/identify" => identify(config, request),
        _ => Outcome::only(error(404, "Not Found")),
    }
}

fn success(events: usize, payload_bytes: usize, now_ms: u64) -> Response {
    Response::json(
        200,
        &json!({
            "code": 200,
            "events_ingested": events,
            "payload_size_bytes": payload_bytes,
            "server_upload_time": now_ms,
        }),
    )
}

fn httpapi(config: &Config, request: &Request, now_ms: u64) -> Outcome {
    let limits = &config.limits;
    if request.method != "POST" {
        return Outcome::only(error(405, "Method Not Allowed").with_header("Allow", "POST"));
    }
    if request.media_type().as_deref() != Some("application/json") {
        return Outcome::only(error(400, "Content-Type must be application/json"));
    }
    if request.body.len() > limits.amplitude_max_request_bytes {
        return Outcome::only(too_large());
    }
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Outcome::only(error(400, "Missing request body"));
    }
    let body: &[u8] = &request.body;
    let Ok(Members { values: [api_key, options], array: events }) =
        json::members(body, &["api_key", "options"], Some("events"))
    else {
        return Outcome::only(error(400, "Invalid JSON request body"));
    };
    let missing = |field: &str| {
        Outcome::only(Response::json(
            400,
            &json!({"code": 400, "error": "Request missing required field", "missing_field": field}),
        ))
    };
    let Some(api_key) = api_key.and_then(json::string) else {
        return missing("api_key");
    };
    let events = match events {
        Some(events) if !events.is_empty() => events,
        _ => return missing("events"),
    };
    if api_key != config.amplitude_api_key {
        return Outcome::only(error(400, "Invalid API key"));
    }
    if events.len() > limits.amplitude_max_events {
        return Outcome::only(too_large());
    }
    let min_id_length = options
        .and_then(|o| serde_json::from_str::<Value>(o.get()).ok())
        .and_then(|o| o.get("min_id_length").and_then(Value::as_u64))
        .map_or(limits.amplitude_min_id_length, |n| usize::try_from(n).unwrap_or(usize::MAX));

    let values: Vec<Value> =
        events.iter().map(|event| serde_json::from_str(event.get()).unwrap_or(Value::Null)).collect();
    let mut problems = Problems::default();
    for (index, event) in values.iter().enumerate() {
        check_event(index, event, min_id_length, &mut problems);
    }
    if !problems.is_empty() {
        let mut outcome = Outcome::only(Response::json(400, &problems.body()));
        outcome.rejected = problems.rejections(&values);
        return outcome;
    }

    let mut outcome = Outcome::only(success(events.len(), body.len(), now_ms));
    outcome.accepted = events
        .iter()
        .zip(&values)
        .map(|(event, value)| Accepted {
            kind: "event",
            id: value.get("insert_id").and_then(Value::as_str).map(str::to_string),
            text: EventText::Span(json::span(body, event.get())),
        })
        .collect();
    outcome
}

/// Per-field lists of event indexes, as Amplitude's 400 body reports them.
#[derive(Default)]
struct Problems {
    missing: BTreeMap<&'static str, Vec<usize>>,
    invalid: BTreeMap<&'static str, Vec<usize>>,
    id_lengths: BTreeMap<&'static str, Vec<usize>>,
}

impl Problems {
    fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.invalid.is_empty() && self.id_lengths.is_empty()
    }

    fn body(&self) -> Value {
        let error = if !self.missing.is_empty() {
            "Request missing required field"
        } else if !self.invalid.is_empty() {
            "Invalid field values on some events"
        } else {
            "Invalid id length for user_id or device_id"
        };
        let mut body = Map::new();
        body.insert("code".into(), json!(400));
        body.insert("error".into(), json!(error));
        for (key, map) in [
            ("events_with_missing_fields", &self.missing),
            ("events_with_invalid_fields", &self.invalid),
            ("events_with_invalid_id_lengths", &self.id_lengths),
        ] {
            if !map.is_empty() {
                body.insert(key.into(), json!(map));
            }
        }
        Value::Object(body)
    }

    fn rejections(&self, events: &[Value]) -> Vec<Rejection> {
        let mut out = Vec::new();
        for (map, what) in
            [(&self.missing, "missing"), (&self.invalid, "invalid value"), (&self.id_lengths, "id too short")]
        {
            for (field, indexes) in map {
                for &index in indexes {
                    out.push(Rejection {
                        index,
                        id: events
                            .get(index)
                            .and_then(|e| e.get("insert_id"))
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        field: (*field).to_string(),
                        message: format!("{field}: {what}"),
                    });
                }
            }
        }
        out.sort_by_key(|r| r.index);
        out
    }
}

fn is_invalid_id(id: &str) -> bool {
    let lower = id.to_ascii_lowercase();
    INVALID_IDS.contains(&lower.as_str())
}

fn check_event(index: usize, event: &Value, min_id_length: usize, problems: &mut Problems) {
    let Some(object) = event.as_object() else {
        problems.invalid.entry("event").or_default().push(index);
        return;
    };
    match object.get("event_type") {
        None | Some(Value::Null) => problems.missing.entry("event_type").or_default().push(index),
        Some(Value::String(name)) if !name.is_empty() && !RESERVED_EVENT_TYPES.contains(&name.as_str()) => {}
        Some(_) => problems.invalid.entry("event_type").or_default().push(index),
    }
    let mut any_id = false;
    for field in ["user_id", "device_id"] {
        match object.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::String(id)) => {
                any_id = true;
                if is_invalid_id(id) {
                    problems.invalid.entry(field).or_default().push(index);
                } else if id.chars().count() < min_id_length {
                    problems.id_lengths.entry(field).or_default().push(index);
                }
            }
            Some(_) => {
                any_id = true;
                problems.invalid.entry(field).or_default().push(index);
            }
        }
    }
    if !any_id {
        problems.missing.entry("user_id").or_default().push(index);
        problems.missing.entry("device_id").or_default().push(index);
    }
    let integer = |v: &Value| v.is_i64() || v.is_u64();
    for field in ["time", "session_id", "event_id"] {
        if let Some(value) = object.get(field).filter(|v| !v.is_null()) {
            if !integer(value) || (field == "time" && value.as_i64().is_some_and(|t| t < 0)) {
                problems.invalid.entry(field).or_default().push(index);
            }
        }
    }
    for field in ["event_properties", "user_properties", "groups", "group_properties"] {
        if object.get(field).is_some_and(|v| !v.is_object() && !v.is_null()) {
            problems.invalid.entry(field).or_default().push(index);
        }
    }
    if object.get("insert_id").is_some_and(|v| !v.is_string() && !v.is_null()) {
        problems.invalid.entry("insert_id").or_default().push(index);
    }
    match object.get("plan") {
        None | Some(Value::Null) => {}
        Some(Value::Object(plan))
            if plan
                .iter()
                .all(|(k, v)| ["branch", "source", "version", "versionId"].contains(&k.as_str()) && v.is_string()) => {}
        Some(_) => problems.invalid.entry("plan").or_default().push(index),
    }
}

/// The documented body for an injected status.
pub(crate) fn fault_body(request: &Request, status: u16, now_ms: u64) -> Response {
    let events: Vec<Value> = serde_json::from_slice::<Value>(&request.body)
        .ok()
        .and_then(|b| b.get("events").and_then(Value::as_array).cloned())
        .unwrap_or_default();
    match status {
        200 => success(events.len(), request.body.len(), now_ms),
        413 => too_large(),
        429 => {
            let mut users = Map::new();
            let mut devices = Map::new();
            for event in &events {
                if let Some(user) = event.get("user_id").and_then(Value::as_str) {
                    users.insert(user.to_string(), json!(EPS_THRESHOLD + 1));
                }
                if let Some(device) = event.get("device_id").and_then(Value::as_str) {
                    devices.insert(device.to_string(), json!(EPS_THRESHOLD + 1));
                }
            }
            Response::json(
                429,
                &json!({
                    "code": 429,
                    "error": "Too many requests for some devices and users",
                    "eps_threshold": EPS_THRESHOLD,
                    "throttled_devices": devices,
                    "throttled_users": users,
                    "throttled_events": (0..events.len()).collect::<Vec<_>>(),
                    "exceeded_daily_quota_devices": {},
                    "exceeded_daily_quota_users": {},
                }),
            )
        }
        _ => error(status, reason(status)),
    }
}

/// Identify API: form fields `api_key` and `identification` (one JSON object
/// or an array of them), by POST body or GET query. Answers `success`.
fn identify(config: &Config, request: &Request) -> Outcome {
    let text = |status: u16, message: &str| Outcome::only(Response::text(status, message));
    let mut fields = request.query.clone();
    match request.method.as_str() {
        "GET" => {}
        "POST" => {
            if request.media_type().as_deref() != Some("application/x-www-form-urlencoded") {
                return text(400, "Content-Type must be application/x-www-form-urlencoded");
            }
            fields.extend(parse_form(&String::from_utf8_lossy(&request.body)));
        }
        _ => {
            return Outcome::only(Response::text(405, "Method Not Allowed").with_header("Allow", "GET, POST"));
        }
    }
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let Some(api_key) = field("api_key") else {
        return text(400, "missing api_key");
    };
    let Some(identification) = field("identification") else {
        return text(400, "missing identification");
    };
    if api_key != config.amplitude_api_key {
        return text(400, "invalid api_key");
    }
    let items = match serde_json::from_str::<Value>(&identification) {
        Ok(Value::Array(items)) if !items.is_empty() => items,
        Ok(object @ Value::Object(_)) => vec![object],
        _ => {
            return text(400, "invalid identification: expected a JSON object or array");
        }
    };
    let min = config.limits.amplitude_min_id_length;
    let mut rejected = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let problem = identification_problem(item, min);
        if let Some((field, message)) = problem {
            rejected.push(Rejection { index, id: None, field: field.into(), message });
        }
    }
    if let Some(first) = rejected.first() {
        let mut outcome = text(400, &format!("invalid identification {}: {}", first.index, first.message));
        outcome.rejected = rejected;
        return outcome;
    }
    let mut outcome = text(200, "success");
    outcome.accepted = items
        .iter()
        .map(|item| Accepted { kind: "identify", id: None, text: EventText::Owned(item.to_string().into()) })
        .collect();
    outcome
}

fn identification_problem(item: &Value, min: usize) -> Option<(&'static str, String)> {
    let Some(object) = item.as_object() else {
        return Some(("", "must be a JSON object".into()));
    };
    let mut any_id = false;
    for field in ["user_id", "device_id"] {
        match object.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::String(id)) if is_invalid_id(id) => {
                return Some((field, format!("{field} {id:?} is not a valid id")));
            }
            Some(Value::String(id)) if id.chars().count() < min => {
                return Some((field, format!("{field} shorter than {min} characters")));
            }
            Some(Value::String(_)) => any_id = true,
            Some(_) => return Some((field, format!("{field} must be a string"))),
        }
    }
    if !any_id {
        return Some(("user_id", "user_id or device_id is required".into()));
    }
    if object.get("user_properties").is_some_and(|v| !v.is_object() && !v.is_null()) {
        return Some(("user_properties", "user_properties must be an object".into()));
    }
    None
}
