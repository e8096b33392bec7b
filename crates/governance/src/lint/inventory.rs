//! Every property the plan declares, once each, with where it is used.
//!
//! The resolved plan lists a group's properties under every event that mixes the group in,
//! and a definition's object properties under its declared type; lint reports each declared
//! property once, at the place it is written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use trackplan_plan_model::Plan;
use trackplan_plan_model::json_path::{JsonPath, Segment};
use trackplan_plan_model::model::{Event, Location, NamedKind, Property, Status};

/// Every declared property of the plan, in plan order, each once.
pub fn declared_properties(plan: &Plan) -> Vec<&Property> {
    // Locations of one file share the loader's `Arc`: its address stands for the file.
    let mut seen: HashSet<(*const PathBuf, &JsonPath)> = HashSet::new();
    let calls = [&plan.global_properties, &plan.identify, &plan.group, &plan.page, &plan.screen];
    let object_types = plan.types.iter().filter_map(|ty| match &ty.kind {
        NamedKind::Object { properties } => Some(properties),
        NamedKind::Enum { .. } => None,
    });
    calls
        .into_iter()
        .flat_map(|call| call.iter().flat_map(|c| &c.properties))
        .chain(plan.events.iter().flat_map(|e| &e.properties))
        .chain(object_types.flatten())
        .filter(|property| seen.insert((Arc::as_ptr(&property.location.file), &property.location.path)))
        .collect()
}

/// Names what declares a property, for messages: `event "Order Completed"`, `property group
/// "Product"`, `definition "Address"`, `the identify call`.
pub struct Owners<'p> {
    events: HashMap<(&'p Path, String), &'p Event>,
}

impl<'p> Owners<'p> {
    /// The owners of `plan`'s properties.
    pub fn new(plan: &'p Plan) -> Self {
        let events =
            plan.events.iter().map(|e| ((e.location.file.as_path(), e.location.path.to_string()), e)).collect();
        Owners { events }
    }

    /// What declares the property written at `location`.
    pub fn describe(&self, location: &Location) -> String {
        owner(location, &self.events)
    }
}

/// What the first two steps of a property's path say declares it.
fn owner(location: &Location, events: &HashMap<(&Path, String), &Event>) -> String {
    let segments = location.path.segments();
    let key = |i: usize| match segments.get(i) {
        Some(Segment::Key(key)) => Some(key.as_str()),
        _ => None,
    };
    match (key(0), segments.get(1)) {
        (Some("events"), Some(Segment::Index(_))) => {
            let path = JsonPath::from_segments(segments[..2].iter().cloned()).to_string();
            match events.get(&(location.file.as_path(), path)) {
                Some(event) => format!("event {:?}", event.name),
                None => "an event".to_owned(),
            }
        }
        (Some("propertyGroups"), _) => format!("property group {:?}", key(1).unwrap_or_default()),
        (Some("definitions"), _) => format!("definition {:?}", key(1).unwrap_or_default()),
        (Some("globalProperties"), _) => "the global properties".to_owned(),
        (Some(call), _) => format!("the {call} call"),
        (None, _) => "the plan".to_owned(),
    }
}

/// Places inside deprecated events: their names stay as they are, so naming rules skip them.
pub struct DeprecatedScopes<'p> {
    scopes: Vec<&'p Location>,
}

impl<'p> DeprecatedScopes<'p> {
    /// The deprecated events of `plan`.
    pub fn new(plan: &'p Plan) -> Self {
        DeprecatedScopes {
            scopes: plan.events.iter().filter(|e| e.status == Status::Deprecated).map(|e| &e.location).collect(),
        }
    }

    /// Whether `location` is written inside a deprecated event.
    pub fn contains(&self, location: &Location) -> bool {
        if self.scopes.is_empty() {
            return false;
        }
        let mut path: JsonPath = location.path.clone();
        loop {
            if self.scopes.iter().any(|scope| scope.path == path && scope.file == location.file) {
                return true;
            }
            if path.last().is_none() {
                return false;
            }
            path = path.parent();
        }
    }
}
