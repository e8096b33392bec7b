//! Segment HTTP Tracking API.
//!
//! Sources: segment-docs `src/connections/sources/catalog/libraries/server/http-api/index.md`
//! (authentication, Content-Type, "Max request size", Batch, Errors) and
//! segmentio/analytics-go#205 (the live API answers `{"success": true}`).

use serde_json::{Value, json};

use crate::auth::parse_basic;
use crate::config::Config;
use crate::http::{Request, Response, reason};
use crate::vendor::{Accepted, Dropped, Outcome, Rejection, json_len, non_empty_str};

/// Message types a batch may hold.
const TYPES: [&str; 6] = ["identify", "track", "page", "screen", "group", "alias"];

pub(crate) fn error(status: u16, message: &str) -> Response {
    Response::json(status, &json!({"success": false, "message": message}))
}

fn success() -> Response {
    Response::json(200, &json!({"success": true}))
}

pub(crate) fn fault_body(status: u16) -> Response {
    if status == 200 { success() } else { error(status, reason(status)) }
}

pub(crate) fn handle(config: &Config, request: &Request) -> Outcome {
    let single = match request.path.as_str() {
        "/v1/batch" => None,
        "/v1/track" => Some("track"),
        "/v1/identify" => Some("identify"),
        "/v1/page" => Some("page"),
        "/v1/screen" => Some("screen"),
        "/v1/group" => Some("group"),
        "/v1/alias" => Some("alias"),
        _ => return Outcome::only(error(404, "Not Found")),
    };
    if request.method != "POST" {
        return Outcome::only(error(405, "Method Not Allowed").with_header("Allow", "POST"));
    }
    if request.media_type().as_deref() != Some("application/json") {
        return Outcome::only(error(400, "Content-Type must be application/json"));
    }
    let limits = &config.limits;
    let (limit, what) = match single {
        None => (limits.segment_max_batch_bytes, "batch"),
        Some(_) => (limits.segment_max_message_bytes, "message"),
    };
    if request.body.len() > limit {
        return Outcome::only(error(
            400,
            &format!("{what} of {} bytes exceeds the {limit} byte limit", request.body.len()),
        ));
    }
    let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
        return Outcome::only(error(400, "Invalid JSON"));
    };
    let Some(object) = body.as_object() else {
        return Outcome::only(error(400, "body must be a JSON object"));
    };

    let key = match request.header("authorization").and_then(parse_basic) {
        Some((user, _)) => Some(user),
        None => object.get("writeKey").and_then(Value::as_str).map(str::to_string),
    };
    let key = key.filter(|k| !k.is_empty());

    let messages: Vec<Value> = match single {
        None => match object.get("batch") {
            Some(Value::Array(items)) => items.clone(),
            _ => return Outcome::only(error(400, "batch must be an array")),
        },
        Some(_) => vec![body.clone()],
    };
    let ids = || -> Vec<String> {
        messages.iter().filter_map(|m| m.get("messageId").and_then(Value::as_str)).map(str::to_string).collect()
    };

    match key {
        None if config.segment_reject_invalid_key => {
            return Outcome::only(error(401, "missing write key"));
        }
        None => return Outcome::only(error(400, "missing write key")),
        Some(k) if k != config.segment_write_key => {
            if config.segment_reject_invalid_key {
                return Outcome::only(error(401, "invalid write key"));
            }
            let mut outcome = Outcome::only(success());
            outcome.dropped = Some(Dropped { reason: "unknown write key".into(), events: messages.len(), ids: ids() });
            return outcome;
        }
        Some(_) => {}
    }

    if single.is_none() && messages.len() > limits.segment_max_batch_events {
        let mut outcome = Outcome::only(success());
        outcome.dropped = Some(Dropped {
            reason: format!(
                "batch of {} messages exceeds {}; Segment answers 200 and drops it",
                messages.len(),
                limits.segment_max_batch_events
            ),
            events: messages.len(),
            ids: ids(),
        });
        return outcome;
    }
    if single.is_none() {
        for (index, message) in messages.iter().enumerate() {
            let size = json_len(message);
            if size > limits.segment_max_message_bytes {
                return Outcome::only(error(
                    400,
                    &format!(
                        "message {index} of {size} bytes exceeds the {} byte limit",
                        limits.segment_max_message_bytes
                    ),
                ));
            }
        }
    }

    let mut outcome = Outcome::only(success());
    for (index, message) in messages.into_iter().enumerate() {
        let id = message.get("messageId").and_then(Value::as_str).map(str::to_string);
        match validate(&message, single) {
            Ok(kind) => outcome.accepted.push(Accepted { kind: kind.to_string(), id, json: message }),
            Err((field, text)) => {
                outcome.rejected.push(Rejection { index, id, field: field.to_string(), message: text })
            }
        }
    }
    outcome
}

/// Checks one message; returns its type. Segment answers 200 for the request
/// and drops a message that fails these checks.
fn validate<'a>(message: &'a Value, single: Option<&'static str>) -> Result<&'a str, (&'static str, String)> {
    let Some(object) = message.as_object() else {
        return Err(("", "message must be a JSON object".into()));
    };
    let kind = match single {
        Some(kind) => kind,
        None => match object.get("type").and_then(Value::as_str) {
            Some(t) if TYPES.contains(&t) => t,
            Some(t) => return Err(("type", format!("unknown message type {t:?}"))),
            None => return Err(("type", "missing message type".into())),
        },
    };
    for field in ["userId", "anonymousId"] {
        if object.get(field).is_some_and(|v| !v.is_string() && !v.is_null()) {
            return Err((field, format!("{field} must be a string")));
        }
    }
    let user = non_empty_str(object.get("userId"));
    let anonymous = non_empty_str(object.get("anonymousId"));
    if kind == "alias" {
        if non_empty_str(object.get("previousId")).is_none() {
            return Err(("previousId", "alias needs previousId".into()));
        }
        if user.is_none() {
            return Err(("userId", "alias needs userId".into()));
        }
    } else if user.is_none() && anonymous.is_none() {
        return Err(("userId", "no_user_anon_id: userId or anonymousId is required".into()));
    }
    if kind == "track" && non_empty_str(object.get("event")).is_none() {
        return Err(("event", "track needs an event name".into()));
    }
    if kind == "group" && non_empty_str(object.get("groupId")).is_none() {
        return Err(("groupId", "group needs groupId".into()));
    }
    match object.get("messageId") {
        None | Some(Value::Null) => {}
        Some(Value::String(id)) if id.chars().count() < 100 => {}
        Some(Value::String(_)) => {
            return Err(("messageId", "messageId must be fewer than 100 characters".into()));
        }
        Some(_) => return Err(("messageId", "messageId must be a string".into())),
    }
    for field in ["properties", "traits", "context", "integrations"] {
        if object.get(field).is_some_and(|v| !v.is_object() && !v.is_null()) {
            return Err((field, format!("{field} must be an object")));
        }
    }
    Ok(kind)
}
