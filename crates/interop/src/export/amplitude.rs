//! Amplitude: the tracking plan CSV template, and the Taxonomy API payload (categories,
//! event types, event properties with the API's parameter names) that `push` sends.

use serde::Serialize;
use trackplan_generator::output::GeneratedFile;
use trackplan_plan_model::Plan;

use super::sheet::{Row, csv_text, row};
use super::{json_text, jsonschema::calls_lost};
use crate::import::Template;
use crate::report::Report;

/// The plan in Taxonomy API terms.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Taxonomy {
    /// Event categories (`category_name`), in first-use order.
    pub categories: Vec<String>,
    /// Event types.
    pub events: Vec<TaxonomyEvent>,
    /// Event properties, per event type.
    pub event_properties: Vec<EventPropertyEntry>,
}

/// An event type (`POST /api/2/taxonomy/event` parameters).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaxonomyEvent {
    /// `event_type`.
    pub event_type: String,
    /// `category`.
    pub category: Option<String>,
    /// `description`.
    pub description: Option<String>,
}

/// An event property (`POST /api/2/taxonomy/event-property` parameters).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventPropertyEntry {
    /// `event_type`.
    pub event_type: String,
    /// `event_property`.
    pub event_property: String,
    /// `description`.
    pub description: Option<String>,
    /// `type`: string, number, boolean, enum or any.
    #[serde(rename = "type")]
    pub ty: String,
    /// `regex`.
    pub regex: Option<String>,
    /// `enum_values`, comma separated on the wire.
    pub enum_values: Vec<String>,
    /// `is_array_type`.
    pub is_array_type: bool,
    /// `is_required`.
    pub is_required: bool,
}

/// The plan's events and their properties as Taxonomy API entries.
pub fn taxonomy(plan: &Plan) -> Taxonomy {
    let mut taxonomy = Taxonomy::default();
    for event in &plan.events {
        if let Some(category) = &event.category {
            if !taxonomy.categories.contains(category) {
                taxonomy.categories.push(category.clone());
            }
        }
        taxonomy.events.push(TaxonomyEvent {
            event_type: event.name.clone(),
            category: event.category.clone(),
            description: event.description.clone(),
        });
        for property in &event.properties {
            let described = row(plan, property, true);
            taxonomy.event_properties.push(EventPropertyEntry {
                event_type: event.name.clone(),
                event_property: property.name.clone(),
                description: property.description.clone(),
                ty: api_type(&described).to_owned(),
                regex: described.regex.clone(),
                enum_values: described.allowed.clone(),
                is_array_type: described.array,
                is_required: property.required,
            });
        }
    }
    taxonomy
}

/// The Taxonomy API's type vocabulary: integers are numbers, objects are `any`.
fn api_type(row: &Row) -> &'static str {
    match row.ty {
        _ if !row.allowed.is_empty() && row.ty == "string" => "enum",
        "integer" | "number" => "number",
        "boolean" => "boolean",
        "object" => "any",
        _ => "string",
    }
}

pub(super) fn files(plan: &Plan, losses: &mut Report) -> Vec<GeneratedFile> {
    calls_lost(plan, losses, "the Amplitude taxonomy");
    let header: Vec<&str> = Template::Amplitude.columns().iter().map(|(name, _)| *name).collect();
    let mut rows = Vec::new();
    for event in &plan.events {
        let cells = |name: String, description: String, ty: String, samples: String| {
            vec![
                event.name.clone(),
                event.description.clone().unwrap_or_default(),
                event.category.clone().unwrap_or_default(),
                event.sources.join(", "),
                name,
                description,
                ty,
                samples,
            ]
        };
        if event.properties.is_empty() {
            rows.push(cells(String::new(), String::new(), String::new(), String::new()));
        }
        for property in &event.properties {
            let described = row(plan, property, false);
            let mut lost = described.lost.clone();
            if property.required {
                lost.push("required");
            }
            if !described.allowed.is_empty() {
                lost.push("enum values");
            }
            if !lost.is_empty() {
                losses.unmapped(
                    format!("{}#{}", property.location.file.display(), property.location.path),
                    format!("the Amplitude CSV template has no column for {} (the Taxonomy API payload keeps required, enum values and regex)", lost.join(", ")),
                );
            }
            let ty = if described.array { format!("list of {}", described.ty) } else { described.ty.to_owned() };
            rows.push(cells(
                property.name.clone(),
                property.description.clone().unwrap_or_default(),
                ty,
                described.examples.join(", "),
            ));
        }
        if !event.owners.is_empty() || !event.tags.is_empty() {
            losses.unmapped(super::event_place(event), "the Amplitude CSV template has no column for owners and tags");
        }
    }
    let payload = serde_json::to_value(taxonomy(plan)).unwrap_or_default();
    vec![
        GeneratedFile { path: "amplitude-tracking-plan.csv".into(), contents: csv_text(&header, &rows) },
        GeneratedFile { path: "amplitude-taxonomy.json".into(), contents: json_text(&payload) },
    ]
}
