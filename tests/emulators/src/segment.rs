//! Segment HTTP Tracking API.
//!
//! Sources: segment-docs `src/connections/sources/catalog/libraries/server/http-api/index.md`
//! (authentication, Content-Type, "Max request size", Batch, Errors) and
//! segmentio/analytics-go#205 (the live API answers `{"success": true}`).

use serde_json::json;
use serde_json::value::RawValue;

use crate::auth::parse_basic;
use crate::config::Config;
use crate::http::{Request, Response, reason};
use crate::json::{self, Members, NotObject, Type};
use crate::vendor::{Accepted, Dropped, EventText, Outcome, Rejection};

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

/// The message members the checks read.
const FIELDS: [&str; 12] = [
    "type",
    "userId",
    "anonymousId",
    "event",
    "groupId",
    "previousId",
    "messageId",
    "properties",
    "traits",
    "context",
    "integrations",
    "writeKey",
];

/// The members of a message the checks read, in [`FIELDS`] order.
type Fields<'a> = Members<'a, { FIELDS.len() }>;

/// Indexes in [`FIELDS`].
const TYPE: usize = 0;
const USER_ID: usize = 1;
const ANONYMOUS_ID: usize = 2;
const EVENT: usize = 3;
const GROUP_ID: usize = 4;
const PREVIOUS_ID: usize = 5;
const MESSAGE_ID: usize = 6;
const OBJECTS: [usize; 4] = [7, 8, 9, 10];
const WRITE_KEY: usize = 11;

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
    let body: &[u8] = &request.body;
    if body.len() > limit {
        return Outcome::only(error(400, &format!("{what} of {} bytes exceeds the {limit} byte limit", body.len())));
    }
    // The batch's messages stay slices of the body.
    let (messages, body_key) = match single {
        None => match json::members(body, &["writeKey"], Some("batch")) {
            Err(NotObject::Invalid) => return Outcome::only(error(400, "Invalid JSON")),
            Err(NotObject::Other) => return Outcome::only(error(400, "body must be a JSON object")),
            Ok(Members { array: None, .. }) => return Outcome::only(error(400, "batch must be an array")),
            Ok(Members { values: [key], array: Some(messages) }) => (messages, key),
        },
        Some(_) => match std::str::from_utf8(body).ok().and_then(|text| serde_json::from_str::<&RawValue>(text).ok()) {
            None => return Outcome::only(error(400, "Invalid JSON")),
            Some(message) if json::type_of(message) != Type::Object => {
                return Outcome::only(error(400, "body must be a JSON object"));
            }
            Some(message) => (vec![message], None),
        },
    };
    let fields: Vec<Option<Fields<'_>>> =
        messages.iter().map(|message| json::object_members(message, &FIELDS)).collect();

    let key = match request.header("authorization").and_then(parse_basic) {
        Some((user, _)) => Some(user),
        None => {
            let key = body_key.or_else(|| fields.first()?.as_ref()?.values[WRITE_KEY].filter(|_| single.is_some()));
            key.and_then(json::string).map(String::from)
        }
    };
    let key = key.filter(|k| !k.is_empty());
    let ids = || -> Vec<String> { fields.iter().filter_map(|f| message_id(f.as_ref())).collect() };

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
        // The size of a message is its JSON text as sent (what the client measures too).
        for (index, message) in messages.iter().enumerate() {
            let size = message.get().len();
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
    outcome.accepted.reserve(messages.len());
    for (index, (message, fields)) in messages.iter().zip(&fields).enumerate() {
        let id = message_id(fields.as_ref());
        match validate(fields.as_ref(), single) {
            Ok(kind) => {
                outcome.accepted.push(Accepted { kind, id, text: EventText::Span(json::span(body, message.get())) })
            }
            Err((field, text)) => {
                outcome.rejected.push(Rejection { index, id, field: field.to_string(), message: text })
            }
        }
    }
    outcome
}

/// The `messageId` of a message, when it is a string.
fn message_id(fields: Option<&Fields<'_>>) -> Option<String> {
    fields?.values[MESSAGE_ID].and_then(json::string).map(String::from)
}

/// Checks one message (its members; `None` when it is not an object); returns its type.
/// Segment answers 200 for the request and drops a message that fails these checks.
fn validate(fields: Option<&Fields<'_>>, single: Option<&'static str>) -> Result<&'static str, (&'static str, String)> {
    let Some(Members { values: fields, .. }) = fields else {
        return Err(("", "message must be a JSON object".into()));
    };
    let kind = match single {
        Some(kind) => kind,
        None => match fields[TYPE].map(|t| (t, json::string(t))) {
            Some((_, Some(t))) => match TYPES.iter().find(|known| **known == t) {
                Some(known) => *known,
                None => return Err(("type", format!("unknown message type {t:?}"))),
            },
            Some((t, None)) if json::type_of(t) != Type::Null => {
                return Err(("type", format!("unknown message type {}", t.get())));
            }
            _ => return Err(("type", "missing message type".into())),
        },
    };
    for (index, field) in [(USER_ID, "userId"), (ANONYMOUS_ID, "anonymousId")] {
        if fields[index].is_some_and(|v| !matches!(json::type_of(v), Type::String | Type::Null)) {
            return Err((field, format!("{field} must be a string")));
        }
    }
    let user = json::non_empty(fields[USER_ID]);
    let anonymous = json::non_empty(fields[ANONYMOUS_ID]);
    if kind == "alias" {
        if json::non_empty(fields[PREVIOUS_ID]).is_none() {
            return Err(("previousId", "alias needs previousId".into()));
        }
        if user.is_none() {
            return Err(("userId", "alias needs userId".into()));
        }
    } else if user.is_none() && anonymous.is_none() {
        return Err(("userId", "no_user_anon_id: userId or anonymousId is required".into()));
    }
    if kind == "track" && json::non_empty(fields[EVENT]).is_none() {
        return Err(("event", "track needs an event name".into()));
    }
    if kind == "group" && json::non_empty(fields[GROUP_ID]).is_none() {
        return Err(("groupId", "group needs groupId".into()));
    }
    match fields[MESSAGE_ID].map(|id| (id, json::string(id))) {
        None => {}
        Some((id, None)) if json::type_of(id) == Type::Null => {}
        Some((_, Some(id))) if id.chars().count() < 100 => {}
        Some((_, Some(_))) => {
            return Err(("messageId", "messageId must be fewer than 100 characters".into()));
        }
        Some((_, None)) => return Err(("messageId", "messageId must be a string".into())),
    }
    for index in OBJECTS {
        let field = FIELDS[index];
        if fields[index].is_some_and(|v| !matches!(json::type_of(v), Type::Object | Type::Null)) {
            return Err((field, format!("{field} must be an object")));
        }
    }
    Ok(kind)
}
