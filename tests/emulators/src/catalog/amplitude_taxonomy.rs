//! Amplitude Taxonomy API (`/api/2/taxonomy/...`): event categories, event types and event
//! properties.
//!
//! Source: amplitude.com/docs/apis/analytics/taxonomy — Basic auth with `api_key:secret_key`,
//! form-encoded parameters (`category_name`; `event_type`, `category`, `description`;
//! `event_type`, `event_property`, `description`, `type`, `regex`, `enum_values`,
//! `is_array_type`, `is_required`; any other parameter is refused with a 400), names
//! URL-encoded in paths, answers
//! `{"success": true[, "data": …]}` or `{"success": false, "errors": [{"message": …}]}`;
//! creating what exists is a 409.

use serde_json::{Value, json};

use super::{Catalog, Handled, apply, segments};
use crate::auth::parse_basic;
use crate::config::Config;
use crate::http::{Request, Response, parse_form};
use crate::vendor::Outcome;

pub(super) const PREFIX: &str = "/api/2/taxonomy/";

/// Types an event property may have.
const TYPES: [&str; 5] = ["string", "number", "boolean", "enum", "any"];

fn ok(data: Option<Value>) -> Handled {
    let body = match data {
        Some(data) => json!({"success": true, "data": data}),
        None => json!({"success": true}),
    };
    Outcome::only(Response::json(200, &body))
}

/// Applies `edit` (when ingested) and answers success.
fn done(catalog: &mut Catalog, commit: bool, edit: impl FnOnce(&mut Catalog)) -> Handled {
    apply(catalog, commit, edit);
    Outcome::only(Response::json(200, &json!({"success": true})))
}

fn fail(status: u16, message: &str) -> Handled {
    Outcome::only(error_response(status, message))
}

/// The Taxonomy API's error answer.
pub(super) fn error_response(status: u16, message: &str) -> Response {
    Response::json(status, &json!({"success": false, "errors": [{"message": message}]}))
}

pub(super) fn handle(config: &Config, request: &Request, catalog: &mut Catalog, commit: bool) -> Handled {
    let authorized = request.header("authorization").and_then(parse_basic).is_some_and(|(user, password)| {
        user == config.amplitude_api_key && password.as_deref() == Some(config.amplitude_secret_key.as_str())
    });
    if !authorized {
        return fail(401, "Invalid API key or secret key");
    }
    let writes = matches!(request.method.as_str(), "POST" | "PUT");
    if writes && request.media_type().as_deref() != Some("application/x-www-form-urlencoded") {
        return fail(400, "Content-Type must be application/x-www-form-urlencoded");
    }
    let form = Form(parse_form(&String::from_utf8_lossy(&request.body)));
    let param = |name: &str| form.get(name);
    let path = segments(&request.path, PREFIX);
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    if let Some(unknown) =
        form.0.iter().map(|(key, _)| key.as_str()).find(|key| !documented(&request.method, &path, key))
    {
        return fail(400, &format!("unknown parameter {unknown:?}"));
    }
    match (request.method.as_str(), path.as_slice()) {
        ("GET", ["category"]) => {
            let data: Vec<Value> =
                catalog.amplitude_categories.iter().map(|(id, name)| json!({"id": id, "name": name})).collect();
            ok(Some(Value::Array(data)))
        }
        ("POST", ["category"]) => {
            let Some(name) = param("category_name").filter(|n| !n.is_empty()) else {
                return fail(400, "category_name is required");
            };
            if catalog.amplitude_categories.iter().any(|(_, known)| known == name) {
                return fail(409, "Attempted to add a category that already exists.");
            }
            let id = catalog.amplitude_categories.len() as u64 + 1;
            done(catalog, commit, |next| next.amplitude_categories.push((id, name.to_owned())))
        }
        ("GET", ["event"]) => ok(Some(Value::Array(catalog.amplitude_events.values().cloned().collect()))),
        ("GET", ["event", name]) => match catalog.amplitude_events.get(*name) {
            Some(event) => ok(Some(event.clone())),
            None => fail(404, "Event type not found"),
        },
        ("POST", ["event"]) => {
            let Some(name) = param("event_type").filter(|n| !n.is_empty()) else {
                return fail(400, "event_type is required");
            };
            if catalog.amplitude_events.contains_key(name) {
                return fail(409, "Attempted to add an event type that already exists.");
            }
            let category = match category(catalog, param("category")) {
                Ok(category) => category,
                Err(handled) => return *handled,
            };
            let event = json!({
                "event_type": name,
                "category": category.map(|name| json!({"name": name})),
                "description": param("description").unwrap_or_default(),
            });
            done(catalog, commit, |next| {
                next.amplitude_events.insert(name.to_owned(), event);
            })
        }
        ("PUT", ["event", name]) => {
            let Some(current) = catalog.amplitude_events.get(*name) else {
                return fail(404, "Event type not found");
            };
            let mut event = current.clone();
            if let Some(category_name) = param("category") {
                match category(catalog, Some(category_name)) {
                    Ok(category) => event["category"] = category.map_or(Value::Null, |name| json!({"name": name})),
                    Err(handled) => return *handled,
                }
            }
            for key in ["description", "display_name"] {
                if let Some(value) = param(key) {
                    event[key] = value.into();
                }
            }
            if param("new_event_type").is_some() {
                return fail(400, "renaming event types is not supported by this emulator");
            }
            done(catalog, commit, |next| {
                next.amplitude_events.insert((*name).to_owned(), event);
            })
        }
        ("GET", ["event-property"]) => {
            let Some(event_type) = request.query_param("event_type") else {
                return fail(400, "event_type is required");
            };
            let listed = catalog
                .amplitude_event_properties
                .get(event_type)
                .map(|p| p.values().cloned().collect())
                .unwrap_or_default();
            ok(Some(Value::Array(listed)))
        }
        ("POST", ["event-property"]) => {
            let (Some(event_type), Some(property)) =
                (param("event_type"), param("event_property").filter(|p| !p.is_empty()))
            else {
                return fail(400, "event_type and event_property are required");
            };
            if !catalog.amplitude_events.contains_key(event_type) {
                return fail(404, "Event type not found");
            }
            if catalog.amplitude_event_properties.get(event_type).is_some_and(|p| p.contains_key(property)) {
                return fail(409, "Attempted to add an event property that already exists.");
            }
            let entry = match property_entry(&json!({"event_type": event_type, "event_property": property}), &form) {
                Ok(entry) => entry,
                Err(handled) => return *handled,
            };
            done(catalog, commit, |next| {
                next.amplitude_event_properties
                    .entry(event_type.to_owned())
                    .or_default()
                    .insert(property.to_owned(), entry);
            })
        }
        ("PUT", ["event-property", property]) => {
            let Some(event_type) = param("event_type") else {
                return fail(400, "event_type is required");
            };
            let Some(current) = catalog.amplitude_event_properties.get(event_type).and_then(|p| p.get(*property))
            else {
                return fail(404, "Event property not found");
            };
            let entry = match property_entry(current, &form) {
                Ok(entry) => entry,
                Err(handled) => return *handled,
            };
            done(catalog, commit, |next| {
                next.amplitude_event_properties
                    .entry(event_type.to_owned())
                    .or_default()
                    .insert((*property).to_owned(), entry);
            })
        }
        _ => fail(404, "Not Found"),
    }
}

/// Whether the Taxonomy API documents `key` as a parameter of this write. The emulator
/// refuses any other, so a client sending a field the documentation does not list (an event
/// owner or tags, for which it lists none) fails in tests instead of being silently dropped.
fn documented(method: &str, path: &[&str], key: &str) -> bool {
    let known: &[&str] = match (method, path) {
        ("POST", ["category"]) => &["category_name"],
        ("POST", ["event"]) => &["event_type", "category", "description"],
        ("PUT", ["event", _]) => &["new_event_type", "category", "display_name", "description"],
        ("POST", ["event-property"]) | ("PUT", ["event-property", _]) => &[
            "event_type",
            "event_property",
            "description",
            "type",
            "regex",
            "enum_values",
            "is_array_type",
            "is_required",
        ],
        _ => return true,
    };
    known.contains(&key)
}

/// Form-encoded request parameters.
struct Form(Vec<(String, String)>);

impl Form {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// The category a request names, which must exist; an empty name clears it.
fn category(catalog: &Catalog, name: Option<&str>) -> Result<Option<String>, Box<Handled>> {
    match name {
        None | Some("") => Ok(None),
        Some(name) if catalog.amplitude_categories.iter().any(|(_, known)| known == name) => Ok(Some(name.to_owned())),
        Some(name) => Err(Box::new(fail(404, &format!("Category {name:?} not found")))),
    }
}

/// An event property entry with the form's fields applied over `base`.
fn property_entry(base: &Value, form: &Form) -> Result<Value, Box<Handled>> {
    let param = |name: &str| form.get(name);
    let mut entry = base.clone();
    for key in ["description", "regex"] {
        if let Some(value) = param(key) {
            entry[key] = value.into();
        }
    }
    if let Some(ty) = param("type") {
        if !TYPES.contains(&ty) {
            return Err(Box::new(fail(400, &format!("type must be one of {}", TYPES.join(", ")))));
        }
        entry["type"] = ty.into();
    }
    if let Some(values) = param("enum_values") {
        entry["enum_values"] = values.into();
    }
    for key in ["is_array_type", "is_required"] {
        match param(key) {
            None => {}
            Some("true") => entry[key] = true.into(),
            Some("false") => entry[key] = false.into(),
            Some(other) => return Err(Box::new(fail(400, &format!("{key} must be true or false, not {other:?}")))),
        }
    }
    Ok(entry)
}
