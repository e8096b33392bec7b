//! Mixpanel Lexicon Schemas API: one Create/Replace One request per schema that differs.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use trackplan_plan_model::Plan;

use super::http::{Body, Request, encode};
use super::{ItemResult, Outcome, PushError, PushReport, Session};
use crate::export::lexicon_entries;

pub(super) fn push(
    plan: &Plan,
    base: &str,
    project: &str,
    auth: &str,
    session: &mut Session<'_>,
) -> Result<PushReport, PushError> {
    let url = |rest: &str| format!("{base}/api/app/projects/{}/schemas{rest}", encode(project));
    let listed = session
        .read(&Request { method: "GET", url: url(""), authorization: auth.to_owned(), body: Body::Empty })?
        .json();
    let current: BTreeMap<(String, String), Value> = listed
        .get("results")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let entity = entry.get("entityType")?.as_str()?.to_owned();
            let name = entry.get("name")?.as_str()?.to_owned();
            Some(((entity, name), entry.get("schemaJson")?.clone()))
        })
        .collect();
    let mut report = PushReport::default();
    let mut planned = Vec::new();
    for entry in lexicon_entries(plan) {
        let entity = entry["entityType"].as_str().unwrap_or_default().to_owned();
        let name = entry["name"].as_str().unwrap_or_default().to_owned();
        let schema = entry["schemaJson"].clone();
        let stored = current.get(&(entity.clone(), name.clone()));
        let outcome = match stored {
            Some(stored) if *stored == as_stored(stored, &schema) => Outcome::Unchanged,
            _ => session.write(
                &Request {
                    method: "POST",
                    url: url(&format!("/{}/{}", encode(&entity), encode(&name))),
                    authorization: auth.to_owned(),
                    body: Body::Json(schema),
                },
                stored.is_some(),
            ),
        };
        report.items.push(ItemResult { item: format!("{entity} {name:?}"), outcome });
        planned.push((entity, name));
    }
    report.extra = current
        .keys()
        .filter(|key| !planned.contains(key))
        .map(|(entity, name)| format!("{entity} {name:?}"))
        .collect();
    Ok(report)
}

/// What Mixpanel would store for `schema` over `stored`: metadata keys the new schema leaves
/// out are kept from the stored one.
fn as_stored(stored: &Value, schema: &Value) -> Value {
    let mut metadata: Map<String, Value> =
        stored.pointer("/metadata/com.mixpanel").and_then(Value::as_object).cloned().unwrap_or_default();
    if let Some(new) = schema.pointer("/metadata/com.mixpanel").and_then(Value::as_object) {
        for (key, value) in new {
            if value.is_null() {
                metadata.remove(key);
            } else {
                metadata.insert(key.clone(), value.clone());
            }
        }
    }
    let mut merged = schema.clone();
    if let Some(map) = merged.as_object_mut() {
        if metadata.is_empty() {
            map.remove("metadata");
        } else {
            map.insert("metadata".into(), serde_json::json!({ "com.mixpanel": metadata }));
        }
    }
    merged
}
