//! The export shapes of recorded events, recognised per record, and where each keeps the event
//! name, the properties and the record id.
//!
//! | shape | recognised by | name | properties | id |
//! | --- | --- | --- | --- | --- |
//! | Segment (message, raw or warehouse export; Trackplan's own envelope) | `type` | `event` (track), `name` (page, screen) | `properties`; `traits` for identify and group (`properties` in an envelope) | `messageId` |
//! | Amplitude export | `event_type` | `event_type` | `event_properties` | `$insert_id`, `insert_id`, `uuid` |
//! | Mixpanel export | `event` and `properties`, no `type` | `event` | `properties` less Mixpanel's own | `properties.$insert_id` |
//! | Trackplan emulator capture | `endpoint` and `json` | the vendor record in `json`, read by its endpoint | | |

use serde_json::{Map, Value};

use super::targets::Kind;

/// Which shape to read records as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Recognise each record's shape.
    #[default]
    Auto,
    /// Segment messages and exports.
    Segment,
    /// Amplitude exports.
    Amplitude,
    /// Mixpanel exports.
    Mixpanel,
    /// Trackplan emulator captures and envelopes.
    Trackplan,
}

/// The shape a record was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// A Segment message.
    Segment,
    /// An Amplitude event.
    Amplitude,
    /// A Mixpanel event.
    Mixpanel,
    /// A Trackplan emulator capture (of any vendor's record).
    Trackplan,
}

impl Shape {
    /// The name reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Segment => "segment",
            Shape::Amplitude => "amplitude",
            Shape::Mixpanel => "mixpanel",
            Shape::Trackplan => "trackplan",
        }
    }
}

/// What a record is, read from its parsed JSON.
#[derive(Debug)]
pub enum Record<'v> {
    /// A message to validate: a track event by name, or a call.
    Message {
        /// The shape it was read as.
        shape: Shape,
        /// Track or a call.
        kind: Kind,
        /// The event name (track only).
        name: Option<&'v str>,
        /// The properties or traits; absent means an empty object.
        payload: Option<&'v Value>,
        /// Vendor-owned keys to skip when the plan does not declare them.
        reserved: Option<fn(&str) -> bool>,
        /// The record's id, for samples.
        id: Option<&'v str>,
    },
    /// A message of a kind the plan cannot describe (alias, vendor-internal events, profile
    /// updates), counted but not validated.
    Other {
        /// The shape it was read as.
        shape: Shape,
        /// What it is: `alias`, `$identify`, `engage`…
        what: String,
    },
    /// Not a record of any known shape (or not of the forced one).
    Unrecognized(String),
}

/// Reads a parsed record.
pub fn read(value: &Value, format: InputFormat) -> Record<'_> {
    let Value::Object(map) = value else {
        return Record::Unrecognized(format!("a record must be a JSON object, found {}", json_kind(value)));
    };
    if let (Some(Value::String(endpoint)), Some(inner)) = (map.get("endpoint"), map.get("json")) {
        if !matches!(format, InputFormat::Auto | InputFormat::Trackplan) {
            return Record::Unrecognized(format!("an emulator capture is not a {} record", name(format)));
        }
        return capture(endpoint, inner);
    }
    let detected = if map.contains_key("event_type") {
        Shape::Amplitude
    } else if map.contains_key("type") {
        Shape::Segment
    } else if map.contains_key("event") && map.contains_key("properties") {
        Shape::Mixpanel
    } else {
        return Record::Unrecognized(match format {
            InputFormat::Auto | InputFormat::Trackplan => {
                "no `type` (Segment), `event_type` (Amplitude), `event` with `properties` (Mixpanel) or `endpoint` with `json` (capture)".to_owned()
            }
            forced => format!("not a {} record: {}", name(forced), expected_keys(forced)),
        });
    };
    let allowed = match format {
        InputFormat::Auto => true,
        InputFormat::Segment | InputFormat::Trackplan => detected == Shape::Segment,
        InputFormat::Amplitude => detected == Shape::Amplitude,
        InputFormat::Mixpanel => detected == Shape::Mixpanel,
    };
    if !allowed {
        return Record::Unrecognized(format!("not a {} record: {}", name(format), expected_keys(format)));
    }
    let shape = if format == InputFormat::Trackplan { Shape::Trackplan } else { detected };
    match detected {
        Shape::Amplitude => amplitude(map, shape),
        Shape::Mixpanel => mixpanel(map, shape),
        _ => segment(map, shape),
    }
}

fn name(format: InputFormat) -> &'static str {
    match format {
        InputFormat::Auto => "recognised",
        InputFormat::Segment => "Segment",
        InputFormat::Amplitude => "Amplitude",
        InputFormat::Mixpanel => "Mixpanel",
        InputFormat::Trackplan => "Trackplan",
    }
}

fn expected_keys(format: InputFormat) -> &'static str {
    match format {
        InputFormat::Segment => "expected `type` and `event`/`properties`",
        InputFormat::Amplitude => "expected `event_type` and `event_properties`",
        InputFormat::Mixpanel => "expected `event` and `properties` (and no `type`)",
        InputFormat::Trackplan | InputFormat::Auto => "expected an emulator capture or a Trackplan envelope",
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn string<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    map.get(key).and_then(Value::as_str)
}

/// An emulator capture: the vendor record in `json`, read by the endpoint that received it.
fn capture<'v>(endpoint: &str, inner: &'v Value) -> Record<'v> {
    let Value::Object(map) = inner else {
        return Record::Unrecognized("the capture's `json` must be an object".to_owned());
    };
    match endpoint {
        "/2/httpapi" => amplitude(map, Shape::Trackplan),
        "/import" => mixpanel(map, Shape::Trackplan),
        path if path.starts_with("/v1/") => segment(map, Shape::Trackplan),
        "/engage" => Record::Other { shape: Shape::Trackplan, what: "engage".to_owned() },
        "/identify" => Record::Other { shape: Shape::Trackplan, what: "$identify".to_owned() },
        other => Record::Unrecognized(format!("a capture from the unknown endpoint {other}")),
    }
}

fn segment(map: &Map<String, Value>, shape: Shape) -> Record<'_> {
    let id = string(map, "messageId");
    let (kind, name, payload_key) = match string(map, "type") {
        Some("track") => (Kind::Track, string(map, "event"), "properties"),
        Some("identify") => (Kind::Identify, None, "traits"),
        Some("group") => (Kind::Group, None, "traits"),
        Some("page") => (Kind::Page, None, "properties"),
        Some("screen") => (Kind::Screen, None, "properties"),
        Some(other) => return Record::Other { shape, what: other.to_owned() },
        None => return Record::Unrecognized("`type` must be a string".to_owned()),
    };
    if kind == Kind::Track && name.is_none() {
        return Record::Unrecognized("a track message needs `event` as a string".to_owned());
    }
    let reserved: Option<fn(&str) -> bool> = if kind == Kind::Page { Some(segment_page_reserved) } else { None };
    // Trackplan's envelope keeps identify and group traits in `properties`.
    let payload = map.get(payload_key).or_else(|| map.get("properties"));
    Record::Message { shape, kind, name, payload, reserved, id }
}

fn amplitude(map: &Map<String, Value>, shape: Shape) -> Record<'_> {
    let Some(name) = string(map, "event_type") else {
        return Record::Unrecognized("`event_type` must be a string".to_owned());
    };
    if is_amplitude_internal(name) {
        return Record::Other { shape, what: name.to_owned() };
    }
    let id = string(map, "$insert_id").or_else(|| string(map, "insert_id")).or_else(|| string(map, "uuid"));
    Record::Message {
        shape,
        kind: Kind::Track,
        name: Some(name),
        payload: map.get("event_properties"),
        reserved: None,
        id,
    }
}

fn mixpanel(map: &Map<String, Value>, shape: Shape) -> Record<'_> {
    let Some(name) = string(map, "event") else {
        return Record::Unrecognized("`event` must be a string".to_owned());
    };
    if name.starts_with('$') {
        return Record::Other { shape, what: name.to_owned() };
    }
    let payload = map.get("properties");
    let id = payload.and_then(|p| p.get("$insert_id")).and_then(Value::as_str);
    Record::Message { shape, kind: Kind::Track, name: Some(name), payload, reserved: Some(mixpanel_reserved), id }
}

/// Amplitude's own event types: `$identify`, `$groupidentify`, session events.
pub fn is_amplitude_internal(name: &str) -> bool {
    name.starts_with('$') || name == "session_start" || name == "session_end"
}

/// Properties Mixpanel adds to every event: `$`-prefixed defaults (`$os`, `$insert_id`),
/// `mp_` library properties, and the special `distinct_id`, `time` and `token`.
pub fn mixpanel_reserved(key: &str) -> bool {
    key.starts_with('$') || key.starts_with("mp_") || matches!(key, "distinct_id" | "time" | "token")
}

/// Properties Segment's libraries add to every page call.
pub fn segment_page_reserved(key: &str) -> bool {
    matches!(key, "path" | "referrer" | "search" | "title" | "url" | "keywords" | "name")
}
