//! Documentation and ownership: descriptions (TP010 events, TP011 properties) and owners
//! (TP012 events, TP013 P0 events, reported as errors by default).

use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Location, Priority};

use trackplan_plan_model::model::Property;

use super::inventory::Owners;
use super::{Rule, Sink};

fn blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

pub(crate) fn check(plan: &Plan, declared: &[&Property], sink: &mut Sink<'_>) {
    for event in &plan.events {
        let name_at = Location { file: event.location.file.clone(), path: event.location.path.key("name") };
        if blank(event.description.as_deref()) {
            let message = format!("event {:?} has no description", event.name);
            if let Some(finding) = sink.report(Rule::EventDescriptionMissing, &name_at, false, message) {
                finding.help("add a `description` saying what happened and when the event fires");
            }
        }
        if event.owners.iter().all(|owner| owner.trim().is_empty()) {
            let (rule, message) = if event.priority == Some(Priority::P0) {
                (Rule::P0OwnerMissing, format!("P0 event {:?} has no owner", event.name))
            } else {
                (Rule::EventOwnerMissing, format!("event {:?} has no owner", event.name))
            };
            if let Some(finding) = sink.report(rule, &name_at, false, message) {
                finding.help("add `owners` with the team or person who answers for this event's data");
            }
        }
    }
    if sink.enabled(Rule::PropertyDescriptionMissing) {
        let owners = Owners::new(plan);
        for property in declared.iter().filter(|p| blank(p.description.as_deref())) {
            let message =
                format!("property {:?} of {} has no description", property.name, owners.describe(&property.location));
            if let Some(finding) = sink.report(Rule::PropertyDescriptionMissing, &property.location, true, message) {
                finding.help("add a `description` saying what the value means, with its unit if it has one");
            }
        }
    }
}
