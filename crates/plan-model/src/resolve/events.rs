//! Events: names, versions, sources, destinations, property groups and example payloads.

use std::collections::{HashMap, HashSet};

use super::namespace;
use super::{Override, Resolver};
use crate::diagnostic::Code;
use crate::formats;
use crate::json_path::JsonPath;
use crate::load::Located;
use crate::model::{Event, EventVersion, Idents, Property};
use crate::naming::{self, Base};
use crate::raw::EventSpec;
use crate::raw::Format;
use crate::report::At;
use crate::schemaver::SchemaVer;
use crate::validate::Validator;

/// What the plan declares that events refer to.
pub(super) struct Context<'a> {
    pub sources: &'a [String],
    pub destinations: &'a [String],
    pub globals: Option<&'a crate::model::Call>,
}

impl Resolver<'_> {
    /// Resolve every event; duplicate names and colliding function names are reported.
    pub(super) fn events(&mut self, events: &[Located<EventSpec>], context: &Context<'_>) -> Vec<Event> {
        let mut first_by_name: HashMap<&str, &At> = HashMap::with_capacity(events.len());
        let mut resolved = Vec::with_capacity(events.len());
        for located in events {
            let name = located.value.name.as_str();
            if let Some(first) = first_by_name.get(name) {
                self.reporter
                    .error(Code::E0103, located.at.key("name"), format!("event {name:?} is declared twice"))
                    .related("first declared here", first.key("name"))
                    .help("remove one of the two, or merge their properties into one event");
                continue;
            }
            first_by_name.insert(name, &located.at);
            if let Some(event) = self.event(located, context) {
                resolved.push(event);
            }
        }
        // Track functions derive from the same words as type names, so a collision between
        // them is reported once, with the types.
        resolved
    }

    fn event(&mut self, located: &Located<EventSpec>, context: &Context<'_>) -> Option<Event> {
        let (spec, at) = (&located.value, &located.at);
        if spec.name.is_empty() {
            self.reporter
                .error(Code::E0108, at.key("name"), "the event name is empty")
                .help("give the event its wire name, e.g. \"Order Completed\"");
            return None;
        }
        let base = match Base::new(&spec.name, spec.identifier.as_deref()) {
            Ok(base) => base,
            Err(error) => {
                self.name_error(
                    error,
                    &spec.name,
                    &at.key("name"),
                    Override::identifier(at, spec.identifier.as_deref()),
                );
                return None;
            }
        };
        let version = match spec.version.parse::<SchemaVer>() {
            Ok(version) => Some(version),
            Err(error) => {
                self.reporter
                    .error(Code::E0102, at.key("version"), error.to_string())
                    .help("write the event version as MODEL-REVISION-ADDITION, e.g. \"1-0-0\"");
                None
            }
        };
        let history = self.history(spec, at, version);
        let mut ok =
            self.check_listed(&spec.sources, context.sources, &at.key("sources"), Code::E0304, "source", "sources");
        let destinations = match &spec.destinations {
            Some(listed) => {
                ok &= self.check_listed(
                    listed,
                    context.destinations,
                    &at.key("destinations"),
                    Code::E0303,
                    "destination",
                    "destinations",
                );
                listed.clone()
            }
            None => context.destinations.to_vec(),
        };
        let properties = self.event_properties(spec, at, &base)?;
        ok &= self.check_globals(&properties, context.globals);
        for (index, example) in spec.examples.iter().enumerate() {
            let violations = Validator::over(&self.types).object_located(&properties, example, &JsonPath::root());
            ok &= violations.is_empty();
            self.report_violations(violations, &at.key("examples").index(index), "the example payload");
        }
        if !ok {
            return None;
        }
        Some(Event {
            name: spec.name.clone(),
            snake_name: base.snake_case(),
            type_name: naming::type_idents(&base),
            function_name: naming::function_idents(&base),
            description: spec.description.clone(),
            owners: spec.owners.clone(),
            category: spec.category.clone(),
            tags: spec.tags.clone(),
            sources: spec.sources.clone(),
            priority: spec.priority,
            version: version?,
            status: spec.status,
            deprecation: spec.deprecation.clone(),
            destinations,
            property_groups: spec.property_groups.clone(),
            properties,
            examples: spec.examples.clone(),
            history: history?,
            location: self.location(at),
        })
    }

    /// The event's earlier versions: each a SchemaVer, strictly increasing, all below the
    /// current version (`None` when that one is invalid, already reported), dates ISO 8601.
    fn history(&mut self, spec: &EventSpec, at: &At, current: Option<SchemaVer>) -> Option<Vec<EventVersion>> {
        let mut resolved = Vec::with_capacity(spec.history.len());
        let mut ok = true;
        // The last valid version seen, with its index, to order the next one against.
        let mut previous: Option<(SchemaVer, usize)> = None;
        for (index, entry) in spec.history.iter().enumerate() {
            let entry_at = at.key("history").index(index);
            if let Some(date) = &entry.date
                && ![Format::Date, Format::DateTime].into_iter().any(|format| formats::is_valid(format, date))
            {
                self.reporter
                    .error(Code::E0111, entry_at.key("date"), format!("{date:?} is not an ISO 8601 date or date-time"))
                    .help("write the release date as YYYY-MM-DD, e.g. \"2026-03-01\", or as an RFC 3339 date-time");
                ok = false;
            }
            let version = match entry.version.parse::<SchemaVer>() {
                Ok(version) => version,
                Err(error) => {
                    self.reporter
                        .error(Code::E0102, entry_at.key("version"), error.to_string())
                        .help("write each earlier version as MODEL-REVISION-ADDITION, e.g. \"1-0-0\"");
                    ok = false;
                    continue;
                }
            };
            if let Some((before, before_index)) = previous
                && version <= before
            {
                self.reporter
                    .error(
                        Code::E0110,
                        entry_at.key("version"),
                        format!("version {version} is listed after {before}; `history` goes from oldest to newest, each version once"),
                    )
                    .related("the earlier entry", at.key("history").index(before_index).key("version"))
                    .help("order `history` from the oldest version to the newest and remove repeated versions");
                ok = false;
            } else if let Some(current) = current
                && version >= current
            {
                self.reporter
                    .error(
                        Code::E0110,
                        entry_at.key("version"),
                        format!("version {version} in `history` is not below the event's current version {current}"),
                    )
                    .related("the current version", at.key("version"))
                    .help("`history` lists earlier versions only: raise the event's `version`, or remove this entry");
                ok = false;
            }
            previous = Some((version, index));
            resolved.push(EventVersion {
                version,
                date: entry.date.clone(),
                changes: entry.changes.clone(),
                schema: entry.schema.clone(),
            });
        }
        ok.then_some(resolved)
    }

    /// The event's own properties followed by those of its property groups.
    fn event_properties(&mut self, spec: &EventSpec, at: &At, base: &Base) -> Option<Vec<Property>> {
        let properties_at = at.key("properties");
        let mut properties = self.property_map(&spec.properties, &properties_at, base);
        if spec.property_groups.is_empty() {
            return properties;
        }
        let own = properties.as_ref().map_or(0, Vec::len);
        // The group (name and place in `propertyGroups`) each mixed-in property comes from.
        let mut origins: Vec<(&str, At)> = Vec::new();
        let mut mixed = HashSet::new();
        for (index, group) in spec.property_groups.iter().enumerate() {
            let group_at = at.key("propertyGroups").index(index);
            if self.broken.contains(group) {
                properties = None;
                continue;
            }
            if !self.groups.contains_key(group) {
                let known: Vec<&str> = self.groups.keys().map(String::as_str).collect();
                let help = match crate::suggest::closest(group, &known) {
                    Some(close) => format!("did you mean {close:?}? Otherwise declare it under `propertyGroups`"),
                    None => format!("declare {group:?} under `propertyGroups`, or remove it from this list"),
                };
                self.reporter
                    .error(Code::E0302, group_at, format!("property group {group:?} does not exist"))
                    .help(help);
                properties = None;
                continue;
            }
            if !mixed.insert(group) {
                continue;
            }
            let (Some(extra), Some(list)) = (self.group_properties(group), properties.as_mut()) else {
                properties = None;
                continue;
            };
            for property in extra {
                let Some(first) = list.iter().position(|p| p.name == property.name) else {
                    origins.push((group, group_at.clone()));
                    list.push(property);
                    continue;
                };
                let (message, first_at) = if first < own {
                    let message = format!(
                        "property {:?} comes from group {group:?} and is also defined by the event itself",
                        property.name
                    );
                    (message, properties_at.key(&property.name).on_key())
                } else {
                    let (other, other_at) = &origins[first - own];
                    let message =
                        format!("property {:?} comes from both group {other:?} and group {group:?}", property.name);
                    (message, other_at.clone())
                };
                self.reporter
                    .error(Code::E0104, group_at.clone(), message)
                    .related("first defined through here", first_at)
                    .help("keep the property in one place only; one name has one definition per event");
            }
        }
        let list = properties?;
        let claims: Vec<&Idents> = list.iter().map(|p| &p.field).collect();
        let describe = |i: usize| {
            let place = if i < own { properties_at.key(&list[i].name).on_key() } else { origins[i - own].1.clone() };
            (format!("property {:?}", list[i].name), place)
        };
        let before = self.reporter.error_count();
        namespace::check(self.reporter, &claims, namespace::RENAME_WITH_IDENTIFIER, describe);
        (self.reporter.error_count() == before).then_some(list)
    }

    /// Event properties may not reuse a global property's name: on the wire they share one
    /// object.
    fn check_globals(&mut self, properties: &[Property], globals: Option<&crate::model::Call>) -> bool {
        let Some(globals) = globals else { return true };
        let mut ok = true;
        for property in properties {
            if let Some(global) = globals.properties.iter().find(|g| g.name == property.name) {
                let at = self.reporter.at_location(&property.location).on_key();
                let global_at = self.reporter.at_location(&global.location).on_key();
                self.reporter
                    .error(Code::E0104, at, format!("property {:?} is also a global property", property.name))
                    .related("the global property is defined here", global_at)
                    .help("rename the event property; global properties are sent in the same properties object as the event's own");
                ok = false;
            }
        }
        ok
    }

    /// Every name in `listed` must be one of `declared`; sources are free when none are declared.
    fn check_listed(
        &mut self,
        listed: &[String],
        declared: &[String],
        at: &At,
        code: Code,
        what: &str,
        section: &str,
    ) -> bool {
        if declared.is_empty() && code == Code::E0304 {
            return true;
        }
        let mut ok = true;
        for (index, name) in listed.iter().enumerate() {
            if !declared.contains(name) {
                let known: Vec<&str> = declared.iter().map(String::as_str).collect();
                let help = match crate::suggest::closest(name, &known) {
                    Some(close) => {
                        format!("did you mean {close:?}? Otherwise declare {name:?} under the plan's `{section}`")
                    }
                    None => format!("declare {name:?} under the plan's `{section}`, or remove it here"),
                };
                self.reporter
                    .error(code, at.index(index), format!("{what} {name:?} is not declared by the plan"))
                    .help(help);
                ok = false;
            }
        }
        ok
    }
}
