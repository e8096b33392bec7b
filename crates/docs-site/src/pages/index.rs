//! The home page: the plan in numbers, search, filters and the list of every event.
//!
//! The list is plain HTML (it works without JavaScript and prints); the search index beside it
//! is a JSON block that `assets/site.js` reads to filter and rank the list as the reader types.

use std::collections::BTreeMap;

use askama::Template;
use serde::Serialize;
use trackplan_plan_model::model::{Event, Plan, Status};

use super::{Chrome, Frame, priority_label};
use crate::catalog::Catalog;
use crate::escape::json_for_script;
use crate::instrumentation::Instrumentation;

#[derive(Template)]
#[template(path = "docs/index.html")]
pub(crate) struct IndexPage<'a> {
    chrome: Chrome<'a>,
    description: Option<&'a str>,
    events: Vec<EventSummary<'a>>,
    property_count: usize,
    type_count: usize,
    instrumented: Option<usize>,
    facets: Vec<Facet>,
    index_json: String,
}

/// One entry of the event list.
struct EventSummary<'a> {
    name: &'a str,
    file: &'a str,
    description: Option<&'a str>,
    category: Option<&'a str>,
    owners: &'a [String],
    sources: &'a [String],
    priority: Option<&'static str>,
    deprecated: bool,
    version: String,
    property_count: usize,
    call_sites: Option<usize>,
}

/// A filter: one select box listing every value some event has.
struct Facet {
    key: &'static str,
    label: &'static str,
    options: Vec<FacetOption>,
}

struct FacetOption {
    /// The value; `None` stands for events without one.
    value: Option<String>,
    label: String,
    count: usize,
}

/// The search index as `site.js` reads it.
#[derive(Serialize)]
struct SearchIndex<'a> {
    /// Per facet: its key and option values, in the order of the select box (`null`: none).
    facets: Vec<FacetIndex<'a>>,
    /// Per event, in list order: lower-cased name, lower-cased text to search, and per facet
    /// the indices of its options the event has.
    events: Vec<(String, String, Vec<Vec<usize>>)>,
}

#[derive(Serialize)]
struct FacetIndex<'a> {
    key: &'static str,
    values: Vec<Option<&'a str>>,
}

/// What each filter reads from an event.
struct FacetSpec {
    key: &'static str,
    label: &'static str,
    values: fn(&Event, Option<&Instrumentation>) -> Vec<String>,
}

const FACETS: &[FacetSpec] = &[
    FacetSpec { key: "category", label: "Category", values: |e, _| e.category.iter().cloned().collect() },
    FacetSpec { key: "tag", label: "Tag", values: |e, _| e.tags.clone() },
    FacetSpec { key: "owner", label: "Owner", values: |e, _| e.owners.clone() },
    FacetSpec { key: "source", label: "Source", values: |e, _| e.sources.clone() },
    FacetSpec {
        key: "priority",
        label: "Priority",
        values: |e, _| priority_label(e.priority).into_iter().map(str::to_owned).collect(),
    },
    FacetSpec {
        key: "status",
        label: "Status",
        values: |e, _| vec![if e.status == Status::Deprecated { "deprecated" } else { "active" }.to_owned()],
    },
    FacetSpec {
        key: "instrumented",
        label: "Instrumented",
        values: |e, report| match report {
            Some(report) if report.call_sites(&e.name).is_empty() => vec!["no".to_owned()],
            Some(_) => vec!["yes".to_owned()],
            None => Vec::new(),
        },
    },
];

pub(crate) fn page<'a>(
    frame: &'a Frame<'a>,
    catalog: &'a Catalog<'a>,
    report: Option<&'a Instrumentation>,
) -> Result<IndexPage<'a>, serde_json::Error> {
    let plan = frame.plan;
    let events: Vec<EventSummary<'a>> = plan
        .events
        .iter()
        .enumerate()
        .map(|(index, event)| EventSummary {
            name: &event.name,
            file: catalog.event_file(index),
            description: event.description.as_deref(),
            category: event.category.as_deref(),
            owners: &event.owners,
            sources: &event.sources,
            priority: priority_label(event.priority),
            deprecated: event.status == Status::Deprecated,
            version: event.version.to_string(),
            property_count: event.properties.len(),
            call_sites: report.map(|r| r.call_sites(&event.name).len()),
        })
        .collect();
    let (facets, memberships) = facets(plan, report);
    let facet_index = facets
        .iter()
        .map(|f| FacetIndex { key: f.key, values: f.options.iter().map(|o| o.value.as_deref()).collect() })
        .collect();
    let entries = plan
        .events
        .iter()
        .zip(memberships)
        .map(|(event, membership)| (event.name.to_lowercase(), search_text(event), membership))
        .collect();
    let index_json = json_for_script(&SearchIndex { facets: facet_index, events: entries })?;
    Ok(IndexPage {
        chrome: frame.chrome("Events", "", "events"),
        description: plan.description.as_deref(),
        property_count: plan.events.iter().map(|e| e.properties.len()).sum(),
        type_count: plan.types.len(),
        instrumented: report.map(|_| events.iter().filter(|e| e.call_sites.unwrap_or(0) > 0).count()),
        events,
        facets,
        index_json,
    })
}

/// Filters worth showing (at least two options), and per event the options it has.
fn facets(plan: &Plan, report: Option<&Instrumentation>) -> (Vec<Facet>, Vec<Vec<Vec<usize>>>) {
    let mut facets = Vec::new();
    let mut memberships: Vec<Vec<Vec<usize>>> = vec![Vec::new(); plan.events.len()];
    for spec in FACETS {
        let per_event: Vec<Vec<String>> = plan.events.iter().map(|e| (spec.values)(e, report)).collect();
        let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
        let mut without = 0;
        for values in &per_event {
            if values.is_empty() {
                without += 1;
            }
            let mut seen: Vec<&String> = Vec::new();
            for value in values {
                if !seen.contains(&value) {
                    seen.push(value);
                    // Case-insensitive order reads naturally; the exact value breaks ties.
                    *counts.entry((value.to_lowercase(), value.clone())).or_default() += 1;
                }
            }
        }
        let mut options: Vec<FacetOption> = counts
            .into_iter()
            .map(|((_, value), count)| FacetOption { label: value.clone(), value: Some(value), count })
            .collect();
        if without > 0 && without < plan.events.len() {
            options.push(FacetOption { value: None, label: "(none)".to_owned(), count: without });
        }
        if options.len() < 2 {
            continue;
        }
        let position: BTreeMap<&str, usize> =
            options.iter().enumerate().filter_map(|(i, o)| o.value.as_deref().map(|v| (v, i))).collect();
        for (membership, values) in memberships.iter_mut().zip(&per_event) {
            let mut indices: Vec<usize> = if values.is_empty() {
                vec![options.len() - 1]
            } else {
                values.iter().filter_map(|v| position.get(v.as_str()).copied()).collect()
            };
            indices.sort_unstable();
            indices.dedup();
            membership.push(indices);
        }
        facets.push(Facet { key: spec.key, label: spec.label, options });
    }
    (facets, memberships)
}

/// Everything a search matches on, lower-cased: name, description, category, tags, owners,
/// sources and the names of its properties.
fn search_text(event: &Event) -> String {
    let mut text = String::with_capacity(256);
    let mut add = |part: &str| {
        if !part.is_empty() {
            text.push_str(part);
            text.push('\n');
        }
    };
    add(&event.name);
    add(event.description.as_deref().unwrap_or_default());
    add(event.category.as_deref().unwrap_or_default());
    for list in [&event.tags, &event.owners, &event.sources] {
        for item in list {
            add(item);
        }
    }
    for property in &event.properties {
        add(&property.name);
    }
    text.to_lowercase()
}
