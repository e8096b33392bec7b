//! The changes page: events added, changed and removed since an older plan.

use std::collections::HashMap;

use askama::Template;
use trackplan_plan_model::model::Plan;

use super::{Chrome, Frame, Phrase, phrases};
use crate::catalog::Catalog;
use crate::changes::{ChangeKind, Changes, EventChange};

#[derive(Template)]
#[template(path = "docs/changes.html")]
pub(crate) struct ChangesPage<'a> {
    chrome: Chrome<'a>,
    changes: &'a Changes,
    added: Vec<Entry<'a>>,
    changed: Vec<Entry<'a>>,
    removed: Vec<Entry<'a>>,
    sections: Vec<Section<'a>>,
    /// Changes to the plan and its calls, with names set as code.
    plan: Vec<Vec<Phrase>>,
}

#[derive(Clone)]
struct Entry<'a> {
    change: &'a EventChange,
    /// Page of the event in this site; removed events have none.
    file: Option<&'a str>,
    /// The change's details, with names set as code.
    details: Vec<Vec<Phrase>>,
}

struct Section<'a> {
    id: &'static str,
    title: &'static str,
    entries: Vec<Entry<'a>>,
}

pub(crate) fn page<'a>(frame: &'a Frame<'a>, catalog: &'a Catalog<'a>, changes: &'a Changes) -> ChangesPage<'a> {
    let plan: &Plan = frame.plan;
    let positions: HashMap<&str, usize> = plan.events.iter().enumerate().map(|(i, e)| (e.name.as_str(), i)).collect();
    let entries = |kind: ChangeKind| -> Vec<Entry<'a>> {
        changes
            .events
            .iter()
            .filter(|c| c.kind == kind)
            .map(|change| Entry {
                change,
                file: positions.get(change.event.as_str()).map(|&i| catalog.event_file(i)),
                details: change.details.iter().map(|d| phrases(d)).collect(),
            })
            .collect()
    };
    let (added, changed, removed) =
        (entries(ChangeKind::Added), entries(ChangeKind::Changed), entries(ChangeKind::Removed));
    let sections = vec![
        Section { id: "added", title: "Added", entries: added.clone() },
        Section { id: "changed", title: "Changed", entries: changed.clone() },
        Section { id: "removed", title: "Removed", entries: removed.clone() },
    ];
    ChangesPage {
        chrome: frame.chrome(format!("Changes since {}", changes.old_version), "", "changes"),
        changes,
        added,
        changed,
        removed,
        sections,
        plan: changes.plan.iter().map(|d| phrases(d)).collect(),
    }
}
