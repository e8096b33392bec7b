//! Event selection: which events a partial `pull` takes from the source, and which events
//! (and destinations) each output's SDK includes.

use std::collections::{HashMap, HashSet};

use trackplan_plan_model::Plan;
use trackplan_plan_model::raw::{EventSpec, PlanFile};

use crate::config::{EventSelection, OutputConfig};

/// The plan a partial pull locks: `fetched`, except that events outside `selection` keep
/// their previously locked form (or stay absent / present as before), so one team's pull
/// does not drag in another team's event changes. Shared definitions come from `fetched`.
pub fn merge_selected(previous: Option<&PlanFile>, fetched: &PlanFile, selection: &EventSelection) -> PlanFile {
    if selection.is_all() {
        return fetched.clone();
    }
    let picked =
        |event: &trackplan_plan_model::raw::EventSpec| selection.matches(&event.name, &event.tags, &event.sources);
    let previous_events = previous.map(|p| p.events.as_slice()).unwrap_or_default();
    let by_name: HashMap<&str, &EventSpec> = previous_events.iter().map(|e| (e.name.as_str(), e)).collect();
    let fetched_names: HashSet<&str> = fetched.events.iter().map(|e| e.name.as_str()).collect();
    let mut merged = fetched.clone();
    merged.events = fetched
        .events
        .iter()
        .filter_map(|event| {
            if picked(event) { Some(event.clone()) } else { by_name.get(event.name.as_str()).map(|old| (*old).clone()) }
        })
        .collect();
    for old in previous_events {
        if !fetched_names.contains(old.name.as_str()) && !picked(old) {
            merged.events.push(old.clone());
        }
    }
    merged
}

/// Keep only the events and destinations `output` asks for.
pub fn filter_for_output(plan: &mut Plan, output: &OutputConfig) {
    plan.events.retain(|event| output.events.matches(&event.name, &event.tags, &event.sources));
    if let Some(wanted) = &output.destinations {
        plan.destinations.retain(|d| wanted.contains(&d.name));
        for event in &mut plan.events {
            event.destinations.retain(|d| wanted.contains(d));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, tag: &str, description: &str) -> EventSpec {
        serde_json::from_value(serde_json::json!({"name": name, "tags": [tag], "description": description}))
            .expect("event")
    }

    fn plan(events: Vec<EventSpec>) -> PlanFile {
        PlanFile { format_version: 1, name: "P".into(), version: "1.0.0".into(), events, ..PlanFile::default() }
    }

    #[test]
    fn partial_pull_takes_only_selected_changes() {
        let previous = plan(vec![event("A", "web", "old"), event("B", "ios", "old"), event("Gone", "ios", "kept")]);
        let fetched = plan(vec![event("A", "web", "new"), event("B", "ios", "new"), event("C", "ios", "new")]);
        let selection = EventSelection { tags: vec!["web".into()], ..EventSelection::default() };
        let merged = merge_selected(Some(&previous), &fetched, &selection);
        let summary: Vec<(String, Option<String>)> =
            merged.events.iter().map(|e| (e.name.clone(), e.description.clone())).collect();
        assert_eq!(
            summary,
            vec![
                ("A".to_owned(), Some("new".to_owned())),
                ("B".to_owned(), Some("old".to_owned())),
                ("Gone".to_owned(), Some("kept".to_owned())),
            ]
        );
    }

    #[test]
    fn selecting_everything_takes_the_fetched_plan() {
        let fetched = plan(vec![event("A", "web", "new")]);
        assert_eq!(merge_selected(None, &fetched, &EventSelection::default()), fetched);
    }
}
