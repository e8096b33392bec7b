//! What a pull changes against the previous lock: events added, removed and changed, each
//! with its semantic-version impact on the generated SDK.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;
use trackplan_plan_model::raw::{EventSpec, PlanFile};

/// How much a change breaks code or payloads written against the previous plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Documentation only.
    Patch,
    /// Something new; existing code keeps working.
    Minor,
    /// Existing code or payloads may break.
    Major,
}

/// One changed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// "added", "removed" or "changed".
    pub kind: &'static str,
    /// The event name, or a plan section ("definitions", "globalProperties", …).
    pub name: String,
    /// Semantic-version impact.
    pub impact: Impact,
    /// Details, e.g. the properties involved.
    pub detail: String,
}

/// Every change from `old` (none on the first pull) to `new`.
pub fn diff(old: Option<&PlanFile>, new: &PlanFile) -> Vec<Change> {
    let empty = PlanFile::default();
    let old = old.unwrap_or(&empty);
    let mut changes = Vec::new();
    let old_events: HashMap<&str, &EventSpec> = old.events.iter().map(|e| (e.name.as_str(), e)).collect();
    let new_names: HashSet<&str> = new.events.iter().map(|e| e.name.as_str()).collect();
    for event in &new.events {
        match old_events.get(event.name.as_str()) {
            None => changes.push(Change {
                kind: "added",
                name: event.name.clone(),
                impact: Impact::Minor,
                detail: String::new(),
            }),
            Some(previous) if *previous != event => changes.push(event_change(previous, event)),
            Some(_) => {}
        }
    }
    for event in &old.events {
        if !new_names.contains(event.name.as_str()) {
            changes.push(Change {
                kind: "removed",
                name: event.name.clone(),
                impact: Impact::Major,
                detail: String::new(),
            });
        }
    }
    let sections = [
        ("definitions", to_value(&old.definitions), to_value(&new.definitions)),
        ("propertyGroups", to_value(&old.property_groups), to_value(&new.property_groups)),
        ("globalProperties", to_value(&old.global_properties), to_value(&new.global_properties)),
        ("identify", to_value(&old.identify), to_value(&new.identify)),
        ("group", to_value(&old.group), to_value(&new.group)),
        ("page", to_value(&old.page), to_value(&new.page)),
        ("screen", to_value(&old.screen), to_value(&new.screen)),
        ("destinations", to_value(&old.destinations), to_value(&new.destinations)),
    ];
    for (name, before, after) in sections {
        if before != after && !old.events.is_empty() {
            let impact = if strip_docs(before) == strip_docs(after) { Impact::Patch } else { Impact::Major };
            changes.push(Change { kind: "changed", name: name.to_owned(), impact, detail: String::new() });
        }
    }
    changes
}

/// The largest impact of `changes`, `None` when nothing changed.
pub fn overall(changes: &[Change]) -> Option<Impact> {
    changes.iter().map(|c| c.impact).max()
}

fn event_change(old: &EventSpec, new: &EventSpec) -> Change {
    let mut details = Vec::new();
    let mut impact = Impact::Patch;
    for (name, spec) in &new.properties {
        match old.properties.get(name) {
            None if spec.required == Some(true) => {
                details.push(format!("+{name} (required)"));
                impact = impact.max(Impact::Major);
            }
            None => {
                details.push(format!("+{name}"));
                impact = impact.max(Impact::Minor);
            }
            Some(before) if before != spec => {
                let docs_only = strip_docs(to_value(before)) == strip_docs(to_value(spec));
                details.push(format!("~{name}"));
                impact = impact.max(if docs_only { Impact::Patch } else { Impact::Major });
            }
            Some(_) => {}
        }
    }
    for name in old.properties.keys() {
        if !new.properties.contains_key(name) {
            details.push(format!("-{name}"));
            impact = impact.max(Impact::Major);
        }
    }
    let mut old_rest = to_value(old);
    let mut new_rest = to_value(new);
    for value in [&mut old_rest, &mut new_rest] {
        if let Some(map) = value.as_object_mut() {
            map.remove("properties");
        }
    }
    if strip_docs(old_rest) != strip_docs(new_rest) {
        details.push("event settings".to_owned());
        impact = impact.max(Impact::Minor);
    }
    Change { kind: "changed", name: new.name.clone(), impact, detail: details.join(", ") }
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The value without documentation keywords, to tell doc-only edits from real ones.
fn strip_docs(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| !matches!(k.as_str(), "description" | "examples" | "owners" | "category" | "priority"))
                .map(|(k, v)| (k, strip_docs(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_docs).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(events: Value) -> PlanFile {
        serde_json::from_value(
            serde_json::json!({"formatVersion": 1, "name": "P", "version": "1.0.0", "events": events}),
        )
        .expect("plan")
    }

    #[test]
    fn classifies_added_removed_and_changed_events() {
        let old = plan(serde_json::json!([
            {"name": "Kept", "description": "a", "properties": {"x": {"type": "string"}}},
            {"name": "Removed"},
            {"name": "Docs", "description": "old"},
        ]));
        let new = plan(serde_json::json!([
            {"name": "Kept", "description": "a", "properties": {"x": {"type": "string"}, "y": {"type": "integer"}}},
            {"name": "Docs", "description": "new"},
            {"name": "Added"},
        ]));
        let changes = diff(Some(&old), &new);
        let summary: Vec<(&str, &str, Impact)> = changes.iter().map(|c| (c.kind, c.name.as_str(), c.impact)).collect();
        assert_eq!(
            summary,
            vec![
                ("changed", "Kept", Impact::Minor),
                ("changed", "Docs", Impact::Patch),
                ("added", "Added", Impact::Minor),
                ("removed", "Removed", Impact::Major),
            ]
        );
        assert_eq!(overall(&changes), Some(Impact::Major));
    }

    #[test]
    fn type_change_is_major() {
        let old = plan(serde_json::json!([{"name": "E", "properties": {"x": {"type": "string"}}}]));
        let new = plan(serde_json::json!([{"name": "E", "properties": {"x": {"type": "integer"}}}]));
        assert_eq!(diff(Some(&old), &new)[0].impact, Impact::Major);
    }
}
