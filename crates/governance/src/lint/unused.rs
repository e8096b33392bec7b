//! Shared items nothing uses: definitions no event or call reaches through `$ref` (TP014) and
//! property groups no event mixes in (TP015).
//!
//! The resolved plan has already expanded references, so this reads the plan files as written
//! (`trackplan_plan_model::raw`). A definition referenced only from unused definitions or
//! unused groups is unused too.

use std::collections::HashSet;
use std::sync::Arc;

use indexmap::IndexMap;
use trackplan_plan_model::json_path::JsonPath;
use trackplan_plan_model::model::Location;
use trackplan_plan_model::raw::{PlanFile, PlanFragment, PropertyGroup, PropertyMap, PropertySpec};

use super::{Rule, Sink};
use crate::source::PlanSource;

/// The shared items of every plan file, as written.
#[derive(Default)]
struct Shared {
    definitions: IndexMap<String, (Location, PropertySpec)>,
    groups: IndexMap<String, (Location, PropertyGroup)>,
    /// Properties of events and calls: the roots from which definitions are reached.
    roots: Vec<PropertySpec>,
    /// Groups some event mixes in.
    mixed_in: HashSet<String>,
}

impl Shared {
    fn add(
        &mut self,
        file: &Arc<std::path::PathBuf>,
        definitions: IndexMap<String, PropertySpec>,
        groups: IndexMap<String, PropertyGroup>,
    ) {
        let at =
            |section: &str, name: &str| Location { file: file.clone(), path: JsonPath::root().key(section).key(name) };
        for (name, spec) in definitions {
            let location = at("definitions", &name);
            self.definitions.entry(name).or_insert((location, spec));
        }
        for (name, group) in groups {
            let location = at("propertyGroups", &name);
            self.groups.entry(name).or_insert((location, group));
        }
    }

    fn add_roots(&mut self, properties: &PropertyMap) {
        self.roots.extend(properties.values().cloned());
    }
}

fn read(source: &PlanSource) -> Shared {
    let mut shared = Shared::default();
    for (index, file) in source.files.iter().enumerate() {
        let path = Arc::new(file.path.clone());
        let (definitions, groups, events) = if index == 0 {
            let Ok(mut root) = serde_json::from_str::<PlanFile>(&file.text) else { continue };
            for call in [&root.identify, &root.group].into_iter().flatten() {
                shared.add_roots(&call.traits);
            }
            for call in [&root.page, &root.screen].into_iter().flatten() {
                shared.add_roots(&call.properties);
            }
            shared.add_roots(&root.global_properties);
            (std::mem::take(&mut root.definitions), std::mem::take(&mut root.property_groups), root.events)
        } else {
            let Ok(fragment) = serde_json::from_str::<PlanFragment>(&file.text) else { continue };
            (fragment.definitions, fragment.property_groups, fragment.events)
        };
        for event in &events {
            shared.add_roots(&event.properties);
            shared.mixed_in.extend(event.property_groups.iter().cloned());
        }
        shared.add(&path, definitions, groups);
    }
    shared
}

/// Names of the definitions `spec` refers to, directly or in nested items and properties.
fn references<'s>(spec: &'s PropertySpec, out: &mut Vec<&'s str>) {
    if let Some(name) = spec.reference.as_deref().and_then(|r| r.strip_prefix("#/definitions/")) {
        out.push(name);
    }
    if let Some(items) = &spec.items {
        references(items, out);
    }
    for nested in spec.properties.iter().flat_map(|p| p.values()) {
        references(nested, out);
    }
}

pub(crate) fn check(source: &PlanSource, sink: &mut Sink<'_>) {
    if !sink.enabled(Rule::UnusedDefinition) && !sink.enabled(Rule::UnusedPropertyGroup) {
        return;
    }
    let shared = read(source);
    for (name, (location, _)) in shared.groups.iter().filter(|(name, _)| !shared.mixed_in.contains(*name)) {
        let message = format!("property group {name:?} is not mixed into any event");
        if let Some(finding) = sink.report(Rule::UnusedPropertyGroup, location, true, message) {
            finding.help(format!("add {name:?} to an event's `propertyGroups`, or remove the group"));
        }
    }

    // Definitions reachable from events, calls and the groups events mix in.
    let mut pending: Vec<&str> = Vec::new();
    for spec in &shared.roots {
        references(spec, &mut pending);
    }
    for (_, group) in shared.groups.iter().filter(|(name, _)| shared.mixed_in.contains(*name)) {
        for spec in group.1.properties.values() {
            references(spec, &mut pending);
        }
    }
    let mut reached: HashSet<&str> = HashSet::new();
    while let Some(name) = pending.pop() {
        if reached.insert(name) {
            if let Some((_, spec)) = shared.definitions.get(name) {
                references(spec, &mut pending);
            }
        }
    }
    // Anything that mentions a definition at all, to tell "never referenced" from "only
    // referenced by unused items".
    let mut mentioned: Vec<&str> = Vec::new();
    for (_, spec) in shared.definitions.values() {
        references(spec, &mut mentioned);
    }
    for (_, group) in shared.groups.values() {
        for spec in group.properties.values() {
            references(spec, &mut mentioned);
        }
    }
    for (name, (location, _)) in shared.definitions.iter().filter(|(name, _)| !reached.contains(name.as_str())) {
        let why = if mentioned.contains(&name.as_str()) {
            "is referenced only by unused definitions or property groups"
        } else {
            "is not referenced by any event, call or property group"
        };
        if let Some(finding) = sink.report(Rule::UnusedDefinition, location, true, format!("definition {name:?} {why}"))
        {
            finding.help(format!("reference it with `\"$ref\": \"#/definitions/{name}\"`, or remove it"));
        }
    }
}
