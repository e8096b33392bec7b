//! Amplitude Taxonomy API: categories, then event types (category, description), then each
//! event's properties (description, type, regex, enum values, array, required). Event owners
//! and tags are reported as not synced: the API documents no parameter for them.

use std::collections::BTreeMap;

use serde_json::Value;
use trackplan_plan_model::Plan;

use super::http::{Body, Request, encode};
use super::{ItemResult, Outcome, PushError, PushReport, Session};
use crate::export::{EventPropertyEntry, TaxonomyEvent, taxonomy};

pub(super) fn push(plan: &Plan, base: &str, auth: &str, session: &mut Session<'_>) -> Result<PushReport, PushError> {
    let get = |path: String| Request {
        method: "GET",
        url: format!("{base}/api/2/taxonomy/{path}"),
        authorization: auth.to_owned(),
        body: Body::Empty,
    };
    let write = |method: &'static str, path: String, form: Vec<(String, String)>| Request {
        method,
        url: format!("{base}/api/2/taxonomy/{path}"),
        authorization: auth.to_owned(),
        body: Body::Form(form),
    };
    let wanted = taxonomy(plan);
    let mut report = PushReport::default();

    let categories = data(&session.read(&get("category".into()))?.json());
    let known: Vec<&str> = categories.iter().filter_map(|c| c.get("name").and_then(Value::as_str)).collect();
    let mut failed_categories = Vec::new();
    for category in &wanted.categories {
        let outcome = if known.contains(&category.as_str()) {
            Outcome::Unchanged
        } else {
            session.write(&write("POST", "category".into(), vec![("category_name".into(), category.clone())]), false)
        };
        if matches!(outcome, Outcome::Failed(_)) {
            failed_categories.push(category.clone());
        }
        report.items.push(ItemResult { item: format!("category {category:?}"), outcome });
    }

    let events: BTreeMap<String, Value> = data(&session.read(&get("event".into()))?.json())
        .into_iter()
        .filter_map(|event| Some((event.get("event_type")?.as_str()?.to_owned(), event)))
        .collect();
    for event in &wanted.events {
        let existing = events.get(&event.event_type);
        let outcome = if event.category.as_ref().is_some_and(|c| failed_categories.contains(c)) {
            Outcome::Failed("its category could not be created".to_owned())
        } else {
            match existing {
                Some(current) if same_event(current, event) => Outcome::Unchanged,
                Some(_) => session.write(
                    &write("PUT", format!("event/{}", encode(&event.event_type)), event_form(event, false)),
                    true,
                ),
                None => session.write(&write("POST", "event".into(), event_form(event, true)), false),
            }
        };
        let event_failed = matches!(outcome, Outcome::Failed(_));
        report.items.push(ItemResult { item: format!("event {:?}", event.event_type), outcome });
        let properties: Vec<&EventPropertyEntry> =
            wanted.event_properties.iter().filter(|p| p.event_type == event.event_type).collect();
        if event_failed {
            for property in properties {
                report.items.push(ItemResult {
                    item: format!("property {:?} of {:?}", property.event_property, property.event_type),
                    outcome: Outcome::Failed("its event could not be synced".to_owned()),
                });
            }
            continue;
        }
        let current: BTreeMap<String, Value> = if existing.is_some() {
            let url = format!("event-property?event_type={}", encode(&event.event_type));
            data(&session.read(&get(url))?.json())
                .into_iter()
                .filter_map(|p| Some((p.get("event_property")?.as_str()?.to_owned(), p)))
                .collect()
        } else {
            BTreeMap::new()
        };
        for property in properties {
            let outcome = match current.get(&property.event_property) {
                Some(stored) if same_property(stored, property) => Outcome::Unchanged,
                Some(_) => session.write(
                    &write(
                        "PUT",
                        format!("event-property/{}", encode(&property.event_property)),
                        property_form(property, false),
                    ),
                    true,
                ),
                None => session.write(&write("POST", "event-property".into(), property_form(property, true)), false),
            };
            report.items.push(ItemResult {
                item: format!("property {:?} of {:?}", property.event_property, property.event_type),
                outcome,
            });
        }
    }
    // The Taxonomy API documents category and description for an event type, and nothing
    // for owners or tags.
    for event in &plan.events {
        let lost: Vec<&str> = [("owners", !event.owners.is_empty()), ("tags", !event.tags.is_empty())]
            .into_iter()
            .filter_map(|(what, present)| present.then_some(what))
            .collect();
        if !lost.is_empty() {
            report.not_synced.push(format!(
                "event {:?}: {} (the Taxonomy API documents no field for them)",
                event.name,
                lost.join(", ")
            ));
        }
    }
    let planned: Vec<&str> = wanted.events.iter().map(|e| e.event_type.as_str()).collect();
    report.extra =
        events.keys().filter(|name| !planned.contains(&name.as_str())).map(|name| format!("event {name:?}")).collect();
    Ok(report)
}

/// The `data` list of a Taxonomy API answer.
fn data(body: &Value) -> Vec<Value> {
    body.get("data").and_then(Value::as_array).cloned().unwrap_or_default()
}

fn text(value: &Value, key: &str) -> String {
    value.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn same_event(current: &Value, event: &TaxonomyEvent) -> bool {
    let category = current.pointer("/category/name").and_then(Value::as_str).unwrap_or_default();
    category == event.category.as_deref().unwrap_or_default()
        && text(current, "description") == event.description.clone().unwrap_or_default()
}

fn event_form(event: &TaxonomyEvent, create: bool) -> Vec<(String, String)> {
    let mut form = Vec::new();
    if create {
        form.push(("event_type".to_owned(), event.event_type.clone()));
    }
    form.push(("category".to_owned(), event.category.clone().unwrap_or_default()));
    form.push(("description".to_owned(), event.description.clone().unwrap_or_default()));
    form
}

fn same_property(stored: &Value, property: &EventPropertyEntry) -> bool {
    let flag = |key: &str| stored.get(key).and_then(Value::as_bool).unwrap_or(false);
    text(stored, "description") == property.description.clone().unwrap_or_default()
        && text(stored, "type") == property.ty
        && text(stored, "regex") == property.regex.clone().unwrap_or_default()
        && text(stored, "enum_values") == property.enum_values.join(",")
        && flag("is_array_type") == property.is_array_type
        && flag("is_required") == property.is_required
}

fn property_form(property: &EventPropertyEntry, create: bool) -> Vec<(String, String)> {
    let mut form = vec![("event_type".to_owned(), property.event_type.clone())];
    if create {
        form.push(("event_property".to_owned(), property.event_property.clone()));
    }
    form.extend([
        ("description".to_owned(), property.description.clone().unwrap_or_default()),
        ("type".to_owned(), property.ty.clone()),
        ("regex".to_owned(), property.regex.clone().unwrap_or_default()),
        ("enum_values".to_owned(), property.enum_values.join(",")),
        ("is_array_type".to_owned(), property.is_array_type.to_string()),
        ("is_required".to_owned(), property.is_required.to_string()),
    ]);
    form
}
