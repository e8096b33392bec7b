//! One page per event: what it means, who owns it, every property with its rules, where it
//! goes, where it is tracked, how it changed, and its schema.

use askama::Template;
use trackplan_plan_model::json_schema::{Draft, event_schema};
use trackplan_plan_model::model::{Event, Status};

use super::{Chrome, Frame, Phrase, destination_kind, phrases, priority_label};
use crate::catalog::{CallKind, Catalog};
use crate::changes::{Changes, EventChange};
use crate::escape::html_content;
use crate::history::{self, VersionView};
use crate::instrumentation::{CallSite, Instrumentation};
use crate::rows::{PropertyRow, property_rows};

#[derive(Template)]
#[template(path = "docs/event.html")]
pub(crate) struct EventPage<'a> {
    chrome: Chrome<'a>,
    event: &'a Event,
    version: String,
    priority: Option<&'static str>,
    deprecated: bool,
    has_pii: bool,
    iglu_uri: String,
    location: String,
    rows: Vec<PropertyRow<'a>>,
    globals_file: &'static str,
    has_globals: bool,
    destinations: Vec<DestinationView<'a>>,
    call_sites: Option<&'a [CallSite]>,
    change: Option<&'a EventChange>,
    /// The change's details, with names set as code.
    change_details: Vec<Vec<Phrase>>,
    old_plan_version: &'a str,
    /// Pretty JSON of each example, escaped for element content.
    examples: Vec<String>,
    /// Pretty JSON Schema, escaped for element content.
    schema: String,
    /// Earlier versions, newest first.
    history: Vec<VersionView<'a>>,
}

struct DestinationView<'a> {
    name: &'a str,
    kind: &'static str,
    pii: bool,
}

pub(crate) fn page<'a>(
    frame: &'a Frame<'a>,
    catalog: &'a Catalog<'a>,
    index: usize,
    report: Option<&'a Instrumentation>,
    change: Option<(&'a EventChange, &'a Changes)>,
) -> EventPage<'a> {
    let plan = frame.plan;
    let event = &plan.events[index];
    let rows = property_rows(catalog, &event.properties);
    let destinations = event
        .destinations
        .iter()
        .map(|name| {
            let declared = plan.destinations.iter().find(|d| &d.name == name);
            DestinationView {
                name,
                kind: declared.map_or("unknown", |d| destination_kind(d.kind)),
                pii: declared.is_some_and(|d| d.pii),
            }
        })
        .collect();
    EventPage {
        chrome: frame.chrome(event.name.clone(), "../", "events"),
        version: event.version.to_string(),
        priority: priority_label(event.priority),
        deprecated: event.status == Status::Deprecated,
        has_pii: rows.iter().any(|row| row.pii),
        iglu_uri: plan.iglu_uri(event),
        location: frame.location_text(&event.location),
        rows,
        globals_file: CallKind::GlobalProperties.file(),
        has_globals: plan.global_properties.as_ref().is_some_and(|c| !c.properties.is_empty()),
        destinations,
        call_sites: report.map(|r| r.call_sites(&event.name)),
        change: change.map(|(c, _)| c),
        change_details: change.map(|(c, _)| c.details.iter().map(|d| phrases(d)).collect()).unwrap_or_default(),
        old_plan_version: change.map_or("", |(_, all)| all.old_version.as_str()),
        examples: event
            .examples
            .iter()
            .map(|e| html_content(&serde_json::to_string_pretty(e).unwrap_or_default()))
            .collect(),
        schema: html_content(
            &serde_json::to_string_pretty(&event_schema(plan, event, Draft::Draft2020_12)).unwrap_or_default(),
        ),
        history: history::versions(event),
        event,
    }
}
