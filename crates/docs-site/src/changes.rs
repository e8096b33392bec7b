//! What changed since an older version of the plan, for the changes page.
//!
//! The pages read [`Changes`], which any [`Comparison`] can fill. [`GovernanceDiff`] fills it
//! from `codegen diff` (`trackplan_governance::diff`): events added, removed and changed, each
//! change classified with Iglu SchemaVer semantics, versions that do not carry their changes,
//! likely renames, and the changes to the plan and its calls.

use trackplan_governance::diff::{self, Bump, Change, Presence};
use trackplan_plan_model::Plan;

/// Compares two versions of a plan.
pub trait Comparison {
    /// What changed from `old` to `new`.
    fn compare(&self, old: &Plan, new: &Plan) -> Changes;
}

/// Changes between two versions of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Version of the older plan.
    pub old_version: String,
    /// Version of the newer plan.
    pub new_version: String,
    /// One line on the whole: semver impact and whether the new plan version carries it.
    pub verdict: Option<String>,
    /// One entry per event added, removed or changed.
    pub events: Vec<EventChange>,
    /// Changes to the plan itself and to its calls (global properties, identify, group, page,
    /// screen), one sentence each.
    pub plan: Vec<String>,
}

/// How one event changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventChange {
    /// Wire name.
    pub event: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The part of the event's SchemaVer the change requires bumping, when the comparison
    /// classifies changes.
    pub impact: Option<Impact>,
    /// The event's version in the older plan (none when added).
    pub old_version: Option<String>,
    /// The event's version in the newer plan (none when removed).
    pub new_version: Option<String>,
    /// The smallest version the event should declare, when its declared version does not
    /// carry its changes.
    pub version_needed: Option<String>,
    /// What changed, one sentence each; names in `backticks` are shown as code.
    pub details: Vec<String>,
}

/// Whether an event is new, gone or different.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Only in the newer plan.
    Added,
    /// Only in the older plan.
    Removed,
    /// In both, different.
    Changed,
}

/// Iglu SchemaVer impact of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Breaks every consumer (MODEL).
    Model,
    /// May break some historical data (REVISION).
    Revision,
    /// Compatible with all existing data (ADDITION).
    Addition,
}

impl Impact {
    /// The SchemaVer part, as the page labels it.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Model => "MODEL",
            Impact::Revision => "REVISION",
            Impact::Addition => "ADDITION",
        }
    }
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.plan.is_empty()
    }

    /// The entry of an event, by wire name.
    pub fn event(&self, name: &str) -> Option<&EventChange> {
        self.events.iter().find(|change| change.event == name)
    }
}

/// `codegen diff`'s comparison: every change classified by the SchemaVer part it needs.
#[derive(Debug, Clone, Copy, Default)]
pub struct GovernanceDiff;

impl Comparison for GovernanceDiff {
    fn compare(&self, old: &Plan, new: &Plan) -> Changes {
        let (old_label, new_label) = (old.version.to_string(), new.version.to_string());
        let found = diff::diff(old, new, &old_label, &new_label);
        let events = found
            .events
            .iter()
            .map(|event| {
                let mut details: Vec<String> = event
                    .possibly_renamed
                    .iter()
                    .map(|other| match event.presence {
                        Presence::Added => format!("possibly renamed from `{other}`"),
                        _ => format!("possibly renamed to `{other}`"),
                    })
                    .collect();
                details.extend(event.changes.iter().map(sentence));
                EventChange {
                    event: event.name.clone(),
                    kind: match event.presence {
                        Presence::Added => ChangeKind::Added,
                        Presence::Removed => ChangeKind::Removed,
                        Presence::Changed => ChangeKind::Changed,
                    },
                    impact: if event.presence == Presence::Changed { impact(event.bump) } else { None },
                    old_version: event.old_version.map(|v| v.to_string()),
                    new_version: event.new_version.map(|v| v.to_string()),
                    version_needed: (!event.version_ok)
                        .then(|| event.required_version.map(|v| v.to_string()))
                        .flatten(),
                    details,
                }
            })
            .collect();
        let mut plan: Vec<String> = found.plan_changes.clone();
        for call in &found.calls {
            match call.presence {
                Presence::Added => plan.push(format!("{} added", call.name)),
                Presence::Removed => plan.push(format!("{} removed", call.name)),
                Presence::Changed => {
                    plan.extend(call.changes.iter().map(|c| format!("{}: {}", call.name, sentence(c))))
                }
            }
        }
        Changes {
            old_version: old_label,
            new_version: new_label,
            verdict: (!found.is_empty()).then(|| diff::render::verdict(&found)),
            events,
            plan,
        }
    }
}

fn impact(bump: Bump) -> Option<Impact> {
    match bump {
        Bump::None => None,
        Bump::Addition => Some(Impact::Addition),
        Bump::Revision => Some(Impact::Revision),
        Bump::Model => Some(Impact::Model),
    }
}

/// One change in words: "`products[].price`: maximum 100 → 50 (MODEL)".
fn sentence(change: &Change) -> String {
    let mut text =
        if change.path.is_empty() { change.detail.clone() } else { format!("`{}`: {}", change.path, change.detail) };
    if let Some(level) = impact(change.bump) {
        text.push_str(&format!(" ({})", level.label()));
    }
    text
}
