//! Mixpanel ingestion: `/import` (events) and `/engage` (profile updates).
//!
//! Sources: mixpanel/docs `reference/Ingestion API/events/import-events.md`
//! (request format, authentication, validation rules, the strict 400 body)
//! and `openapi/src/ingestion.openapi.yaml` (`/import` and `/engage#profile-set`,
//! the StrictReceived / StrictInvalid / StrictUnauthorized / StrictTooLarge /
//! RateLimitExceeded / Received responses, the `verbose` parameter);
//! docs.mixpanel.com troubleshooting pages for 401, 413 and 429.

use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::auth::parse_basic;
use crate::config::Config;
use crate::http::{Request, Response, parse_form, reason};
use crate::json::{self, Items, Type};
use crate::vendor::{Accepted, EventText, Outcome, Rejection, non_empty_str};

/// Values refused as `distinct_id` and as `$insert_id` (case-insensitive).
const DISALLOWED_IDS: [&str; 17] = [
    "00000000-0000-0000-0000-000000000000",
    "anon",
    "anonymous",
    "nil",
    "none",
    "null",
    "n/a",
    "na",
    "undefined",
    "unknown",
    "<nil>",
    "0",
    "-1",
    "true",
    "false",
    "[]",
    "{}",
];

/// Profile update operations `/engage` takes.
const OPERATIONS: [&str; 8] = ["$set", "$set_once", "$add", "$union", "$append", "$remove", "$unset", "$delete"];

/// 1971-01-01T00:00:00Z in milliseconds: the earliest accepted event time.
const EARLIEST_MS: f64 = 31_536_000_000.0;
/// How far in the future an event time may be.
const FUTURE_SLACK_MS: f64 = 3_600_000.0;
/// A `time` at or above this is taken as milliseconds, below as seconds.
const MILLIS_THRESHOLD: f64 = 100_000_000_000.0;

fn status_text(status: u16) -> &'static str {
    match status {
        413 => "Request Entity Too Large",
        s => reason(s),
    }
}

pub(crate) fn error(status: u16, message: &str) -> Response {
    Response::json(status, &json!({"code": status, "error": message, "status": status_text(status)}))
}

fn unauthorized() -> Response {
    error(401, "Invalid credentials")
}

fn too_large_bytes(limit: usize) -> Response {
    error(413, &format!("request exceeds max limit of {limit} bytes"))
}

fn imported(count: usize) -> Response {
    Response::json(200, &json!({"code": 200, "num_records_imported": count, "status": "OK"}))
}

pub(crate) fn handle(config: &Config, request: &Request, now_ms: u64) -> Outcome {
    match request.path.as_str() {
        "/import" => import(config, request, now_ms),
        "/engage" => engage(config, request),
        _ => Outcome::only(error(404, "Not Found")),
    }
}

fn authorized(config: &Config, request: &Request) -> bool {
    let Some((user, password)) = request.header("authorization").and_then(parse_basic) else {
        return false;
    };
    let password = password.unwrap_or_default();
    match request.query_param("project_id") {
        Some(project) => config.mixpanel_service_account.as_ref().is_some_and(|account| {
            account.username == user && account.secret == password && account.project_id == project
        }),
        None => {
            password.is_empty()
                && (user == config.mixpanel_token || config.mixpanel_api_secret.as_deref() == Some(user.as_str()))
        }
    }
}

/// The records of an `/import` body, as slices of it: a JSON array (or one object), or NDJSON
/// where each line stands alone. `Err` for a JSON body that does not parse.
fn records(request: &Request, ndjson: bool) -> Result<Vec<Result<&RawValue, String>>, String> {
    if ndjson {
        return Ok(request
            .body
            .split(|&b| b == b'\n')
            .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
            .map(|line| serde_json::from_slice::<&RawValue>(line).map_err(|e| format!("invalid JSON: {e}")))
            .collect());
    }
    let body = serde_json::from_slice::<&RawValue>(&request.body).map_err(|e| format!("invalid JSON: {e}"))?;
    match json::type_of(body) {
        Type::Array => match serde_json::from_str::<Items<'_>>(body.get()) {
            Ok(Items::Array(items)) => Ok(items.into_iter().map(Ok).collect()),
            _ => Err("body must be a JSON array of events".into()),
        },
        Type::Object => Ok(vec![Ok(body)]),
        _ => Err("body must be a JSON array of events".into()),
    }
}

fn import(config: &Config, request: &Request, now_ms: u64) -> Outcome {
    let limits = &config.limits;
    if request.method != "POST" {
        return Outcome::only(error(405, "Method Not Allowed").with_header("Allow", "POST"));
    }
    if !authorized(config, request) {
        return Outcome::only(unauthorized());
    }
    let ndjson = match request.media_type().as_deref() {
        Some("application/json") => false,
        Some("application/x-ndjson") => true,
        other => {
            return Outcome::only(error(
                400,
                &format!(
                    "unsupported Content-Type {:?}: use application/json or application/x-ndjson",
                    other.unwrap_or("")
                ),
            ));
        }
    };
    if request.body.len() > limits.mixpanel_max_request_bytes {
        return Outcome::only(too_large_bytes(limits.mixpanel_max_request_bytes));
    }
    let records = match records(request, ndjson) {
        Ok(records) => records,
        Err(message) => return Outcome::only(error(400, &message)),
    };
    if records.is_empty() {
        return Outcome::only(error(400, "no events in request body"));
    }
    if records.len() > limits.mixpanel_max_events {
        return Outcome::only(error(
            413,
            &format!("request exceeds max of {} events (got {})", limits.mixpanel_max_events, records.len()),
        ));
    }
    let strict = request.query_param("strict") == Some("1");

    let mut accepted = Vec::new();
    let mut rejected = Vec::new();
    for (index, record) in records.into_iter().enumerate() {
        let raw = match record {
            Ok(raw) => raw,
            Err(message) => {
                rejected.push(Rejection { index, id: None, field: String::new(), message });
                continue;
            }
        };
        let event: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        let insert_id =
            event.get("properties").and_then(|p| p.get("$insert_id")).and_then(Value::as_str).map(str::to_string);
        // An event's size is its JSON text as sent.
        match check_event(config, &event, raw.get().len(), now_ms) {
            Ok(()) => accepted.push(Accepted {
                kind: "event",
                id: insert_id,
                text: EventText::Span(json::span(&request.body, raw.get())),
            }),
            Err((field, message)) => rejected.push(Rejection { index, id: insert_id, field, message }),
        }
    }

    let response = if strict && !rejected.is_empty() {
        let failed: Vec<Value> = rejected
            .iter()
            .map(|r| {
                json!({
                    "index": r.index,
                    "$insert_id": r.id,
                    "field": r.field,
                    "message": r.message,
                })
            })
            .collect();
        Response::json(
            400,
            &json!({
                "code": 400,
                "error": "some data points in the request failed validation",
                "failed_records": failed,
                "num_records_imported": accepted.len(),
                "status": "Bad Request",
            }),
        )
    } else {
        imported(accepted.len())
    };
    Outcome { response, accepted, rejected, dropped: None }
}

fn is_disallowed(id: &str) -> bool {
    let lower = id.trim().to_ascii_lowercase();
    DISALLOWED_IDS.contains(&lower.as_str())
}

type Failure = (String, String);

fn fail(field: &str, message: impl Into<String>) -> Failure {
    (field.to_string(), message.into())
}

fn check_event(config: &Config, event: &Value, size: usize, now_ms: u64) -> Result<(), Failure> {
    let Some(object) = event.as_object() else {
        return Err(fail("", "each event must be a JSON object"));
    };
    if size > config.limits.mixpanel_max_event_bytes {
        return Err(fail("", format!("event of {size} bytes: each event must be smaller than 1MB")));
    }
    if non_empty_str(object.get("event")).is_none() {
        return Err(fail("event", "'event' is required and must be a non-empty string"));
    }
    let Some(properties) = object.get("properties").and_then(Value::as_object) else {
        return Err(fail("properties", "'properties' is required and must be an object"));
    };

    match properties.get("time") {
        None | Some(Value::Null) => {
            return Err(fail("properties.time", "'properties.time' is required"));
        }
        Some(value) => {
            let Some(t) = value.as_f64().filter(|t| t.is_finite() && *t >= 0.0) else {
                return Err(fail(
                    "properties.time",
                    "'properties.time' is invalid: must be specified as seconds or milliseconds since epoch",
                ));
            };
            let ms = if t >= MILLIS_THRESHOLD { t } else { t * 1000.0 };
            if ms < EARLIEST_MS {
                return Err(fail("properties.time", "'properties.time' is invalid: must be after 1971-01-01"));
            }
            if ms > now_ms as f64 + FUTURE_SLACK_MS {
                return Err(fail("properties.time", "'properties.time' is invalid: more than 1 hour in the future"));
            }
        }
    }

    match properties.get("distinct_id") {
        None | Some(Value::Null) => {
            return Err(fail(
                "properties.distinct_id",
                "'properties.distinct_id' is required (use \"\" for events without a user)",
            ));
        }
        Some(Value::String(id)) if is_disallowed(id) => {
            return Err(fail(
                "properties.distinct_id",
                format!("'properties.distinct_id' is invalid: {id:?} is not allowed"),
            ));
        }
        Some(Value::String(_)) => {}
        Some(_) => {
            return Err(fail("properties.distinct_id", "'properties.distinct_id' must be a string"));
        }
    }

    match properties.get("$insert_id") {
        None | Some(Value::Null) => {
            return Err(fail("properties.$insert_id", "'properties.$insert_id' is required"));
        }
        Some(Value::String(id)) => {
            if id.is_empty()
                || id.len() > 36
                || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                || is_disallowed(id)
            {
                return Err(fail(
                    "properties.$insert_id",
                    "'properties.$insert_id' is invalid: must be at most 36 bytes of alphanumeric characters or '-'",
                ));
            }
        }
        Some(_) => {
            return Err(fail("properties.$insert_id", "'properties.$insert_id' must be a string"));
        }
    }

    if properties.len() >= 255 {
        return Err(fail(
            "properties",
            format!("event has {} properties; it must have fewer than 255", properties.len()),
        ));
    }
    for (name, value) in properties {
        check_nested(&format!("properties.{name}"), value, 1)?;
    }
    Ok(())
}

/// Nested objects: fewer than 255 keys, nesting depth at most 3; arrays:
/// fewer than 255 elements.
fn check_nested(path: &str, value: &Value, depth: usize) -> Result<(), Failure> {
    match value {
        Value::Object(map) => {
            if depth > 3 {
                return Err(fail(path, format!("'{path}' is nested deeper than 3 levels")));
            }
            if map.len() >= 255 {
                return Err(fail(path, format!("'{path}' must have fewer than 255 keys")));
            }
            for (key, inner) in map {
                check_nested(&format!("{path}.{key}"), inner, depth + 1)?;
            }
        }
        Value::Array(items) => {
            if items.len() >= 255 {
                return Err(fail(path, format!("'{path}' must have fewer than 255 elements")));
            }
            for inner in items {
                check_nested(path, inner, depth + 1)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// `/engage`: profile updates (`$set` and the other operations), as a JSON
/// body or as the form field `data`. Answers 200 with `1` when at least one
/// update is valid and `0` otherwise; with `verbose=1`,
/// `{"status":1|0,"error":…}`. The docs say it does not take gzip.
fn engage(config: &Config, request: &Request) -> Outcome {
    let verbose = request.query_param("verbose") == Some("1");
    let answer = |ok: bool, error: Option<&str>| {
        if verbose {
            Response::json(200, &json!({"status": u8::from(ok), "error": error}))
        } else {
            Response::text(200, if ok { "1" } else { "0" })
        }
    };
    if request.method != "POST" && request.method != "GET" {
        return Outcome::only(Response::text(405, "Method Not Allowed").with_header("Allow", "GET, POST"));
    }
    if request.gzip {
        return Outcome::only(answer(false, Some("gzip encoding is not supported")));
    }
    let payload = if request.method == "GET" {
        request.query_param("data").map(str::to_string)
    } else {
        match request.media_type().as_deref() {
            Some("application/json") => Some(String::from_utf8_lossy(&request.body).into_owned()),
            Some("application/x-www-form-urlencoded") => parse_form(&String::from_utf8_lossy(&request.body))
                .into_iter()
                .find(|(name, _)| name == "data")
                .map(|(_, value)| value),
            _ => {
                return Outcome::only(answer(
                    false,
                    Some("unsupported Content-Type: use application/json or a form with data="),
                ));
            }
        }
    };
    let Some(payload) = payload else {
        return Outcome::only(answer(false, Some("missing data")));
    };
    let updates = match serde_json::from_str::<Value>(&payload) {
        Ok(Value::Array(items)) => items,
        Ok(object @ Value::Object(_)) => vec![object],
        _ => return Outcome::only(answer(false, Some("data is not valid JSON"))),
    };
    if updates.is_empty() {
        return Outcome::only(answer(false, Some("no profile updates")));
    }
    if updates.len() > config.limits.mixpanel_max_engage_updates {
        return Outcome::only(answer(
            false,
            Some(&format!("more than {} updates in one request", config.limits.mixpanel_max_engage_updates)),
        ));
    }
    let mut accepted = Vec::new();
    let mut rejected = Vec::new();
    for (index, update) in updates.into_iter().enumerate() {
        match check_update(config, &update) {
            Ok(()) => {
                accepted.push(Accepted { kind: "engage", id: None, text: EventText::Owned(update.to_string().into()) })
            }
            Err((field, message)) => rejected.push(Rejection { index, id: None, field, message }),
        }
    }
    let error = rejected.first().map(|r| r.message.clone());
    Outcome { response: answer(!accepted.is_empty(), error.as_deref()), accepted, rejected, dropped: None }
}

fn check_update(config: &Config, update: &Value) -> Result<(), Failure> {
    let Some(object) = update.as_object() else {
        return Err(fail("", "each update must be a JSON object"));
    };
    match object.get("$token").and_then(Value::as_str) {
        None => return Err(fail("$token", "'$token' is required")),
        Some(token) if token != config.mixpanel_token => {
            return Err(fail("$token", "'$token' is not this project's token"));
        }
        Some(_) => {}
    }
    if non_empty_str(object.get("$distinct_id")).is_none() {
        return Err(fail("$distinct_id", "'$distinct_id' is required"));
    }
    let operations: Vec<(&String, &Value)> =
        object.iter().filter(|(key, _)| OPERATIONS.contains(&key.as_str())).collect();
    if operations.is_empty() {
        return Err(fail("", "no profile operation ($set, $set_once, ...)"));
    }
    for (key, value) in operations {
        let ok = match key.as_str() {
            "$unset" => value.is_array(),
            "$delete" => true,
            _ => value.is_object(),
        };
        if !ok {
            return Err(fail(key, format!("'{key}' has the wrong type")));
        }
    }
    Ok(())
}

/// The documented body for an injected status.
pub(crate) fn fault_body(config: &Config, request: &Request, status: u16) -> Response {
    if request.path == "/engage" {
        return match status {
            200 => Response::text(200, "1"),
            s => error(s, reason(s)),
        };
    }
    match status {
        200 => {
            let ndjson = request.media_type().as_deref() == Some("application/x-ndjson");
            let count = records(request, ndjson).map(|r| r.len()).unwrap_or(0);
            imported(count)
        }
        401 => unauthorized(),
        413 => too_large_bytes(config.limits.mixpanel_max_request_bytes),
        429 => error(429, "Project exceeded rate limits. Please retry the request with exponential backoff."),
        s => error(s, reason(s)),
    }
}
