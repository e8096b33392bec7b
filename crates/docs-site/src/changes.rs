//! What changed since an older version of the plan, for the changes page.
//!
//! The page reads [`Changes`]; anything that implements [`Comparison`] can fill it. The
//! built-in [`BasicComparison`] lists events added, removed and changed, with what changed in
//! each (fields, and properties by path), and the changes to the plan's destinations and calls,
//! without classifying them. A comparison that knows SchemaVer semantics (such as
//! `trackplan_governance::diff`) also sets [`EventChange::impact`], which the pages then show:
//! map its added/removed/changed events onto [`EventChange`], its per-event bump onto
//! [`Impact`] (no bump: `None`), each of its changes onto one detail sentence (names in
//! `backticks` are set as code), and its plan and call changes onto [`Changes::plan`].

use std::collections::HashMap;

use trackplan_plan_model::model::{Event, NamedKind, Plan, Property};

use crate::describe;

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
    /// One entry per event added, removed or changed: events of the newer plan in its order,
    /// then removed events in the older plan's order.
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
    /// What changed, one sentence each (`property \`coupon\` added`).
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

/// Events added, removed and changed, with the fields and properties that differ.
#[derive(Debug, Clone, Copy, Default)]
pub struct BasicComparison;

impl Comparison for BasicComparison {
    fn compare(&self, old: &Plan, new: &Plan) -> Changes {
        let old_events: HashMap<&str, &Event> = old.events.iter().map(|e| (e.name.as_str(), e)).collect();
        let new_names: HashMap<&str, ()> = new.events.iter().map(|e| (e.name.as_str(), ())).collect();
        let mut events = Vec::new();
        for event in &new.events {
            match old_events.get(event.name.as_str()) {
                None => events.push(EventChange {
                    event: event.name.clone(),
                    kind: ChangeKind::Added,
                    impact: None,
                    old_version: None,
                    new_version: Some(event.version.to_string()),
                    details: Vec::new(),
                }),
                Some(before) => {
                    let details = event_differences(old, before, new, event);
                    if !details.is_empty() {
                        events.push(EventChange {
                            event: event.name.clone(),
                            kind: ChangeKind::Changed,
                            impact: None,
                            old_version: Some(before.version.to_string()),
                            new_version: Some(event.version.to_string()),
                            details,
                        });
                    }
                }
            }
        }
        for event in &old.events {
            if !new_names.contains_key(event.name.as_str()) {
                events.push(EventChange {
                    event: event.name.clone(),
                    kind: ChangeKind::Removed,
                    impact: None,
                    old_version: Some(event.version.to_string()),
                    new_version: None,
                    details: Vec::new(),
                });
            }
        }
        Changes {
            old_version: old.version.to_string(),
            new_version: new.version.to_string(),
            events,
            plan: plan_differences(old, new),
        }
    }
}

fn plan_differences(old: &Plan, new: &Plan) -> Vec<String> {
    let mut details = Vec::new();
    if old.vendor != new.vendor {
        details.push(format!("vendor: {} → {} (every Iglu URI changes)", old.vendor, new.vendor));
    }
    for destination in &new.destinations {
        if !old.destinations.iter().any(|d| d.name == destination.name) {
            details.push(format!("destination `{}` added", destination.name));
        }
    }
    for destination in &old.destinations {
        if !new.destinations.iter().any(|d| d.name == destination.name) {
            details.push(format!("destination `{}` removed", destination.name));
        }
    }
    let calls = [
        ("global properties", &old.global_properties, &new.global_properties),
        ("identify", &old.identify, &new.identify),
        ("group", &old.group, &new.group),
        ("page", &old.page, &new.page),
        ("screen", &old.screen, &new.screen),
    ];
    for (name, before, after) in calls {
        match (before, after) {
            (None, None) => {}
            (None, Some(_)) => details.push(format!("{name} added")),
            (Some(_), None) => details.push(format!("{name} removed")),
            (Some(before), Some(after)) => {
                let properties = property_differences(old, &before.properties, new, &after.properties);
                details.extend(properties.into_iter().map(|d| format!("{name}: {d}")));
            }
        }
    }
    details
}

fn event_differences(old_plan: &Plan, old: &Event, new_plan: &Plan, new: &Event) -> Vec<String> {
    let mut details = Vec::new();
    let mut field = |name: &str, before: String, after: String| {
        if before != after {
            details.push(format!("{name}: {} → {}", shown(&before), shown(&after)));
        }
    };
    field("version", old.version.to_string(), new.version.to_string());
    field("status", format!("{:?}", old.status).to_lowercase(), format!("{:?}", new.status).to_lowercase());
    field(
        "priority",
        old.priority.map(|p| format!("{p:?}")).unwrap_or_default(),
        new.priority.map(|p| format!("{p:?}")).unwrap_or_default(),
    );
    field("category", old.category.clone().unwrap_or_default(), new.category.clone().unwrap_or_default());
    field("owners", old.owners.join(", "), new.owners.join(", "));
    field("sources", old.sources.join(", "), new.sources.join(", "));
    field("destinations", old.destinations.join(", "), new.destinations.join(", "));
    field("tags", old.tags.join(", "), new.tags.join(", "));
    if old.description != new.description {
        details.push("description changed".to_owned());
    }
    if old.deprecation != new.deprecation {
        details.push("deprecation note changed".to_owned());
    }
    details.extend(property_differences(old_plan, &old.properties, new_plan, &new.properties));
    details
}

/// Properties added, removed and changed, nested ones included.
fn property_differences(old_plan: &Plan, old: &[Property], new_plan: &Plan, new: &[Property]) -> Vec<String> {
    let mut details = Vec::new();
    let before = flatten(old_plan, old);
    let after = flatten(new_plan, new);
    for (path, facts) in &after {
        match before.iter().find(|(p, _)| p == path) {
            None => details
                .push(format!("property `{path}` added ({})", if facts.required { "required" } else { "optional" })),
            Some((_, old_facts)) => {
                details.extend(old_facts.differences(facts).map(|d| format!("property `{path}`: {d}")))
            }
        }
    }
    for (path, _) in &before {
        if !after.iter().any(|(p, _)| p == path) {
            details.push(format!("property `{path}` removed"));
        }
    }
    details
}

fn shown(text: &str) -> &str {
    if text.is_empty() { "(none)" } else { text }
}

/// What the page compares about a property.
#[derive(Debug, PartialEq)]
struct PropertyFacts {
    type_label: String,
    rules: Vec<String>,
    enum_values: Vec<String>,
    required: bool,
    nullable: bool,
    pii: bool,
    description: Option<String>,
}

impl PropertyFacts {
    fn of(plan: &Plan, property: &Property) -> Self {
        PropertyFacts {
            type_label: describe::type_label(plan, &property.ty),
            rules: describe::rules(&property.ty)
                .into_iter()
                .map(|r| format!("{} {}", r.label, r.value).trim().to_owned())
                .collect(),
            enum_values: describe::enum_values(plan, &property.ty).into_iter().map(str::to_owned).collect(),
            required: property.required,
            nullable: property.nullable,
            pii: property.pii,
            description: property.description.clone(),
        }
    }

    fn differences<'a>(&'a self, new: &'a PropertyFacts) -> impl Iterator<Item = String> + 'a {
        let flag = |on: bool, yes: &str, no: &str| if on { yes.to_owned() } else { no.to_owned() };
        [
            (self.type_label != new.type_label).then(|| format!("type {} → {}", self.type_label, new.type_label)),
            (self.required != new.required).then(|| {
                format!(
                    "{} → {}",
                    flag(self.required, "required", "optional"),
                    flag(new.required, "required", "optional")
                )
            }),
            (self.nullable != new.nullable).then(|| flag(new.nullable, "now nullable", "no longer nullable")),
            (self.pii != new.pii).then(|| flag(new.pii, "now flagged PII", "no longer flagged PII")),
            (self.rules != new.rules).then(|| format!("constraints {} → {}", list(&self.rules), list(&new.rules))),
            (self.enum_values != new.enum_values)
                .then(|| format!("allowed values {} → {}", list(&self.enum_values), list(&new.enum_values))),
            (self.description != new.description).then(|| "description changed".to_owned()),
        ]
        .into_iter()
        .flatten()
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() { "(none)".to_owned() } else { items.join(", ") }
}

/// Every property with its path, nested object properties included.
fn flatten(plan: &Plan, properties: &[Property]) -> Vec<(String, PropertyFacts)> {
    let mut out = Vec::new();
    flatten_into(&mut out, plan, properties, "", 0);
    out
}

fn flatten_into(
    out: &mut Vec<(String, PropertyFacts)>,
    plan: &Plan,
    properties: &[Property],
    parent: &str,
    depth: usize,
) {
    for property in properties {
        let path = format!("{parent}{}", property.name);
        out.push((path.clone(), PropertyFacts::of(plan, property)));
        if let Some((id, suffix)) = describe::object_inside(&property.ty) {
            // Plans cannot nest without end; the bound only protects against a malformed IR.
            if let (NamedKind::Object { properties: nested }, true) = (&plan.ty(id).kind, depth < 32) {
                flatten_into(out, plan, nested, &format!("{path}{suffix}."), depth + 1);
            }
        }
    }
}
