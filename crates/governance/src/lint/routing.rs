//! Routing: deprecated events still sent to destinations (TP016), and PII properties sent to
//! destinations the plan says may not receive PII (TP017).

use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Location, NamedKind, Property, Status, Type};

use super::{Rule, Sink};

pub(crate) fn check(plan: &Plan, sink: &mut Sink<'_>) {
    for event in &plan.events {
        let name_at = Location { file: event.location.file.clone(), path: event.location.path.key("name") };
        if event.status == Status::Deprecated && !event.destinations.is_empty() {
            let message = format!(
                "deprecated event {:?} is still routed to {}",
                event.name,
                quoted_list(event.destinations.iter().map(String::as_str))
            );
            if let Some(finding) = sink.report(Rule::DeprecatedEventRouted, &name_at, false, message) {
                finding.help(
                    "once no supported app version sends it, set `\"destinations\": []` or remove the event; until then this is a reminder",
                );
            }
        }
        let what = format!("event {:?}", event.name);
        let help = "list only destinations with `\"pii\": true` in the event's `destinations`, stop sending the PII, or mark the destination `\"pii\": true` if it may receive it";
        pii_check(plan, (&what, help), &event.properties, &event.destinations, &name_at, sink);
    }
    if !sink.enabled(Rule::PiiToRestrictedDestination) {
        return;
    }
    let everywhere: Vec<String> = plan.destinations.iter().map(|d| d.name.clone()).collect();
    let calls = [
        ("global properties", &plan.global_properties),
        ("identify call", &plan.identify),
        ("group call", &plan.group),
        ("page call", &plan.page),
        ("screen call", &plan.screen),
    ];
    for (what, call) in calls {
        if let Some(call) = call {
            let what = format!("the {what}");
            let help = "calls go to every destination: stop sending the PII, or mark the destinations `\"pii\": true` if they may receive it";
            pii_check(plan, (&what, help), &call.properties, &everywhere, &call.location, sink);
        }
    }
}

fn pii_check(
    plan: &Plan,
    (what, help): (&str, &str),
    properties: &[Property],
    routed: &[String],
    at: &Location,
    sink: &mut Sink<'_>,
) {
    if !sink.enabled(Rule::PiiToRestrictedDestination) {
        return;
    }
    let restricted: Vec<&str> =
        plan.destinations.iter().filter(|d| !d.pii && routed.contains(&d.name)).map(|d| d.name.as_str()).collect();
    if restricted.is_empty() {
        return;
    }
    let mut found: Vec<(String, &Property)> = Vec::new();
    pii_properties(plan, properties, "", &mut found);
    if found.is_empty() {
        return;
    }
    let names = quoted_list(found.iter().map(|(path, _)| path.as_str()));
    let message =
        format!("{what} sends PII ({names}) to {}, which may not receive PII", quoted_list(restricted.iter().copied()));
    if let Some(finding) = sink.report(Rule::PiiToRestrictedDestination, at, false, message) {
        finding.help(help);
        let mut seen = Vec::new();
        for (path, property) in &found {
            if !seen.contains(&&property.location) {
                seen.push(&property.location);
                finding.related(format!("{path:?} is flagged `pii` here"), &property.location, true);
            }
        }
    }
}

/// PII properties, by path (`address.street`, `products[].email`), including nested ones.
fn pii_properties<'p>(plan: &'p Plan, properties: &'p [Property], prefix: &str, out: &mut Vec<(String, &'p Property)>) {
    for property in properties {
        let path = format!("{prefix}{}", property.name);
        if property.pii {
            out.push((path, property));
            continue;
        }
        nested(plan, &property.ty, &path, out);
    }
}

fn nested<'p>(plan: &'p Plan, ty: &Type, path: &str, out: &mut Vec<(String, &'p Property)>) {
    match ty {
        Type::Object(id) => {
            if let NamedKind::Object { properties } = &plan.ty(*id).kind {
                pii_properties(plan, properties, &format!("{path}."), out);
            }
        }
        Type::Array(array) => nested(plan, &array.items, &format!("{path}[]"), out),
        _ => {}
    }
}

fn quoted_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.map(|item| format!("{item:?}")).collect::<Vec<_>>().join(", ")
}
