//! Mixpanel Lexicon Schemas API (`/api/app/projects/{projectId}/schemas…`).
//!
//! Source: docs.mixpanel.com/reference (Lexicon Schemas: list, create/replace one,
//! create/replace multiple; `openapi/lexicon-schemas.openapi.yaml`) — service-account Basic
//! auth for the project in the path; `entityType` `event` or `profile` (the profile schema is
//! named `$user`); a new schema missing `metadata` keys the stored one has keeps them, and a
//! key set to `null` removes it; answers `{"status": "ok", "results": …}` or
//! `{"status": "error", "error": …}`.

use serde_json::{Map, Value, json};

use super::{Catalog, Handled, apply, segments};
use crate::auth::parse_basic;
use crate::config::Config;
use crate::http::{Request, Response};
use crate::vendor::Outcome;

pub(super) const PREFIX: &str = "/api/app/projects/";

const ENTITY_TYPES: [&str; 2] = ["event", "profile"];
const METADATA_KEYS: [&str; 7] = ["$source", "displayName", "tags", "hidden", "dropped", "contacts", "teamContacts"];

fn ok(results: Value) -> Handled {
    Outcome::only(Response::json(200, &json!({"status": "ok", "results": results})))
}

fn fail(status: u16, message: &str) -> Handled {
    Outcome::only(error_response(status, message))
}

/// The Lexicon Schemas API's error answer.
pub(super) fn error_response(status: u16, message: &str) -> Response {
    Response::json(status, &json!({"status": "error", "error": message}))
}

pub(super) fn handle(config: &Config, request: &Request, catalog: &mut Catalog, commit: bool) -> Handled {
    let path = segments(&request.path, PREFIX);
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let Some((project, rest)) = path.split_first() else { return fail(404, "Not Found") };
    let credentials = request.header("authorization").and_then(parse_basic);
    let Some(account) = &config.mixpanel_service_account else {
        return fail(401, "Invalid credentials: no service account is configured");
    };
    let authenticated = credentials
        .is_some_and(|(user, secret)| user == account.username && secret.as_deref() == Some(account.secret.as_str()));
    if !authenticated {
        return fail(401, "Invalid credentials");
    }
    if *project != account.project_id {
        return fail(403, "The service account has no access to this project");
    }
    match (request.method.as_str(), rest) {
        ("GET", ["schemas"]) => ok(list(catalog, None)),
        ("GET", ["schemas", entity]) => ok(list(catalog, Some(entity))),
        ("GET", ["schemas", entity, name]) => {
            match catalog.mixpanel_schemas.get(*entity).and_then(|by_name| by_name.get(*name)) {
                Some(schema) => ok(json!({"entityType": entity, "name": name, "schemaJson": schema})),
                None => fail(404, "Schema not found"),
            }
        }
        ("POST", ["schemas"]) => {
            let body = match json_body(request) {
                Ok(body) => body,
                Err(handled) => return *handled,
            };
            let Some(entries) = body.get("entries").and_then(Value::as_array) else {
                return fail(400, "`entries` must be a list");
            };
            let truncate = body.get("truncate").and_then(Value::as_bool).unwrap_or(false);
            let mut checked = Vec::new();
            for (index, entry) in entries.iter().enumerate() {
                let entity = entry.get("entityType").and_then(Value::as_str).unwrap_or_default();
                let name = entry.get("name").and_then(Value::as_str).unwrap_or_default();
                match check(entity, name, entry.get("schemaJson")) {
                    Ok(schema) => checked.push((entity.to_owned(), name.to_owned(), schema.clone())),
                    Err(message) => return fail(400, &format!("entries[{index}]: {message}")),
                }
            }
            let deleted = if truncate { catalog.mixpanel_schemas.values().map(|m| m.len()).sum() } else { 0 };
            apply(catalog, commit, |next| {
                if truncate {
                    next.mixpanel_schemas.clear();
                }
                for (entity, name, schema) in checked {
                    store(next, &entity, &name, schema);
                }
            });
            ok(json!({"added": entries.len(), "deleted": deleted}))
        }
        ("POST", ["schemas", entity, name]) => {
            let body = match json_body(request) {
                Ok(body) => body,
                Err(handled) => return *handled,
            };
            match check(entity, name, Some(&body)) {
                Ok(schema) => {
                    let schema = schema.clone();
                    {
                        apply(catalog, commit, |next| store(next, entity, name, schema));
                        ok(json!({}))
                    }
                }
                Err(message) => fail(400, &message),
            }
        }
        _ => fail(404, "Not Found"),
    }
}

fn json_body(request: &Request) -> Result<Value, Box<Handled>> {
    if request.media_type().as_deref() != Some("application/json") {
        return Err(Box::new(fail(400, "Content-Type must be application/json")));
    }
    serde_json::from_slice(&request.body).map_err(|_| Box::new(fail(400, "Invalid JSON")))
}

fn list(catalog: &Catalog, only: Option<&str>) -> Value {
    let mut listed = Vec::new();
    for (entity, by_name) in &catalog.mixpanel_schemas {
        if only.is_some_and(|only| only != entity) {
            continue;
        }
        for (name, schema) in by_name {
            listed.push(json!({"entityType": entity, "name": name, "schemaJson": schema}));
        }
    }
    Value::Array(listed)
}

fn check<'a>(entity: &str, name: &str, schema: Option<&'a Value>) -> Result<&'a Value, String> {
    if !ENTITY_TYPES.contains(&entity) {
        return Err(format!("entityType must be event or profile, not {entity:?}"));
    }
    if name.is_empty() {
        return Err("name is required".to_owned());
    }
    if entity == "profile" && name != "$user" {
        return Err("the profile schema is named $user".to_owned());
    }
    let Some(schema) = schema.filter(|s| s.is_object()) else {
        return Err("schemaJson must be an object".to_owned());
    };
    if schema.get("properties").is_some_and(|p| !p.is_object()) {
        return Err("schemaJson.properties must be an object".to_owned());
    }
    if let Some(metadata) = schema.pointer("/metadata/com.mixpanel").and_then(Value::as_object) {
        if let Some(key) = metadata.keys().find(|key| !METADATA_KEYS.contains(&key.as_str())) {
            return Err(format!("unknown metadata key {key:?} in com.mixpanel"));
        }
    }
    Ok(schema)
}

/// Replaces a schema, merging in the stored metadata keys the new one leaves out and
/// removing those it sets to `null`.
fn store(catalog: &mut Catalog, entity: &str, name: &str, mut schema: Value) {
    let by_name = catalog.mixpanel_schemas.entry(entity.to_owned()).or_default();
    let stored: Map<String, Value> = by_name
        .get(name)
        .and_then(|s| s.pointer("/metadata/com.mixpanel"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut metadata = stored;
    if let Some(new) = schema.pointer("/metadata/com.mixpanel").and_then(Value::as_object) {
        for (key, value) in new {
            if value.is_null() {
                metadata.remove(key);
            } else {
                metadata.insert(key.clone(), value.clone());
            }
        }
    }
    if let Some(map) = schema.as_object_mut() {
        if metadata.is_empty() {
            map.remove("metadata");
        } else {
            map.insert("metadata".into(), json!({"com.mixpanel": metadata}));
        }
    }
    by_name.insert(name.to_owned(), schema);
}
