//! The plan itself: version, vendor, conventions, sources, destinations, files, and a summary
//! of the status report when one was given.

use askama::Template;
use trackplan_plan_model::model::{Casing, Plan};

use super::{Chrome, Frame, destination_kind};
use crate::catalog::Catalog;
use crate::instrumentation::Instrumentation;

#[derive(Template)]
#[template(path = "docs/about.html")]
pub(crate) struct AboutPage<'a> {
    chrome: Chrome<'a>,
    plan: &'a Plan,
    event_casing: Option<&'static str>,
    property_casing: Option<&'static str>,
    destinations: Vec<DestinationRow<'a>>,
    report: Option<ReportSummary<'a>>,
    files: Vec<String>,
}

struct DestinationRow<'a> {
    name: &'a str,
    kind: &'static str,
    pii: bool,
    events: usize,
}

struct ReportSummary<'a> {
    instrumented: usize,
    total: usize,
    missing: Vec<EventLink<'a>>,
    unknown: Vec<&'a str>,
}

struct EventLink<'a> {
    name: &'a str,
    file: &'a str,
}

fn casing_name(casing: Casing) -> &'static str {
    match casing {
        Casing::Title => "Title Case",
        Casing::Sentence => "Sentence case",
        Casing::Lower => "lower case",
        Casing::Snake => "snake_case",
        Casing::ScreamingSnake => "SCREAMING_SNAKE_CASE",
        Casing::Camel => "camelCase",
        Casing::Pascal => "PascalCase",
        Casing::Kebab => "kebab-case",
    }
}

pub(crate) fn page<'a>(
    frame: &'a Frame<'a>,
    catalog: &'a Catalog<'a>,
    report: Option<&'a Instrumentation>,
) -> AboutPage<'a> {
    let plan = frame.plan;
    let destinations = plan
        .destinations
        .iter()
        .map(|d| DestinationRow {
            name: &d.name,
            kind: destination_kind(d.kind),
            pii: d.pii,
            events: plan.events.iter().filter(|e| e.destinations.contains(&d.name)).count(),
        })
        .collect();
    let report = report.map(|report| {
        let missing: Vec<EventLink<'a>> = plan
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| report.call_sites(&e.name).is_empty())
            .map(|(i, e)| EventLink { name: &e.name, file: catalog.event_file(i) })
            .collect();
        let unknown = report
            .events
            .iter()
            .filter(|(name, sites)| !sites.is_empty() && plan.event(name).is_none())
            .map(|(name, _)| name.as_str())
            .collect();
        ReportSummary { instrumented: plan.events.len() - missing.len(), total: plan.events.len(), missing, unknown }
    });
    AboutPage {
        chrome: frame.chrome("About this plan", "", "about"),
        plan,
        event_casing: plan.conventions.event_casing.map(casing_name),
        property_casing: plan.conventions.property_casing.map(casing_name),
        destinations,
        report,
        files: plan.files.iter().map(|f| frame.plan_file(f)).collect(),
    }
}
