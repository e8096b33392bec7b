//! From the gathered plan files to the resolved [`Plan`]: references expanded, groups mixed
//! in, identifiers computed, every semantic rule checked. All problems are reported; the plan
//! is returned only when there are none.

mod namespace;
mod patterns;
mod types;
mod values;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use sha2::{Digest, Sha256};

use crate::diagnostic::Code;
use crate::load::{Gathered, Located};
use crate::model::{Call, Conventions, Destination, Event, Location, NamedType, Plan, Property, Type};
use crate::naming::{self, Base, NameError};
use crate::raw::{PageCall, PropertyGroup, PropertyMap, PropertySpec, TraitsCall};
use crate::json_path::JsonPath;
use crate::report::{At, FileId, Reporter};
use crate::schemaver::SchemaVer;
use namespace::Namespace;
use values::{Checker, Patterns};

enum DefinitionState {
    InProgress,
    /// The definition's type, resolved once; `None` when it was invalid (already reported).
    Done(Option<Type>),
}

pub(crate) struct Resolver<'r> {
    reporter: &'r mut Reporter,
    definitions: &'r IndexMap<String, Located<PropertySpec>>,
    broken: &'r HashSet<String>,
    definition_states: HashMap<String, DefinitionState>,
    /// Definitions being resolved, innermost last, to name a cycle.
    definition_stack: Vec<String>,
    types: Vec<NamedType>,
    type_names: Namespace,
    patterns: Patterns,
    /// Property groups resolved once, shared by the events that mix them in.
    groups: HashMap<String, Option<Vec<Property>>>,
}

/// Resolve gathered plan files; `None` when any problem was reported.
pub(crate) fn resolve(reporter: &mut Reporter, gathered: Gathered) -> Option<Plan> {
    let Gathered { root, events, definitions, groups, broken, canonical } = gathered;
    let root_file = At::new(FileId::ROOT, JsonPath::root());
    let mut resolver = Resolver {
        reporter,
        definitions: &definitions,
        broken: &broken,
        definition_states: HashMap::new(),
        definition_stack: Vec::new(),
        types: Vec::new(),
        type_names: Namespace::new("types"),
        patterns: Patterns::default(),
        groups: HashMap::new(),
    };

    let version = match semver::Version::parse(&root.version) {
        Ok(version) => Some(version),
        Err(error) => {
            resolver
                .reporter
                .error(Code::E0101, root_file.key("version"), format!("plan version {:?} is not semver: {error}", root.version))
                .help("write the plan version as MAJOR.MINOR.PATCH, e.g. \"1.0.0\"");
            None
        }
    };
    if root.name.trim().is_empty() {
        resolver.reporter.error(Code::E0108, root_file.key("name"), "the plan name is empty").help("name the plan, e.g. \"Acme Shop\"");
    }

    // Shared definitions first, so their types are declared in plan order.
    for name in definitions.keys() {
        let at = definitions[name].at.clone();
        resolver.definition(name, &at);
    }

    let mut call_names = Namespace::new("calls");
    let global_properties = resolver.call_properties("Global Properties", &root.global_properties, &root_file.key("globalProperties"), &mut call_names);
    let identify = root.identify.as_ref().map(|call| resolver.traits_call("Identify Traits", call, &root_file.key("identify"), &mut call_names));
    let group = root.group.as_ref().map(|call| resolver.traits_call("Group Traits", call, &root_file.key("group"), &mut call_names));
    let page = root.page.as_ref().map(|call| resolver.page_call("Page Properties", call, &root_file.key("page"), &mut call_names));
    let screen = root.screen.as_ref().map(|call| resolver.page_call("Screen Properties", call, &root_file.key("screen"), &mut call_names));

    let declared_destinations: Vec<String> = root.destinations.keys().cloned().collect();
    let mut event_names: HashMap<String, At> = HashMap::new();
    let mut functions = Namespace::new("events");
    let mut resolved_events = Vec::with_capacity(events.len());
    for located in &events {
        let context = EventContext { sources: &root.sources, destinations: &declared_destinations, groups: &groups };
        if let Some(event) = resolver.event(located, &context, &mut event_names, &mut functions) {
            resolved_events.push(event);
        }
    }
    functions.report(resolver.reporter);
    call_names.report(resolver.reporter);
    let Resolver { reporter, types, type_names, .. } = resolver;
    type_names.report(reporter);

    if reporter.has_errors() {
        return None;
    }
    let files = reporter.paths();
    Some(Plan {
        name: root.name,
        version: version?,
        vendor: root.vendor.unwrap_or_else(|| format!("io.trackplan.{}", Base::new(&files_stem(&files), None).map(|b| b.snake_case()).unwrap_or_else(|_| "plan".to_owned()))),
        description: root.description,
        format_version: root.format_version,
        conventions: Conventions { event_casing: root.conventions.event_casing, property_casing: root.conventions.property_casing },
        sources: root.sources,
        destinations: root
            .destinations
            .into_iter()
            .map(|(name, spec)| Destination { name, kind: spec.kind, pii: spec.pii })
            .collect(),
        global_properties: global_properties.unwrap_or_default(),
        identify: identify.flatten(),
        group: group.flatten(),
        page: page.flatten(),
        screen: screen.flatten(),
        types,
        events: resolved_events,
        hash: hex(&Sha256::digest(&canonical)),
        files,
    })
}

/// Stem of the root file, the fallback for the Iglu vendor.
fn files_stem(files: &[std::path::PathBuf]) -> String {
    files.first().and_then(|p| p.file_stem()).map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct EventContext<'a> {
    sources: &'a [String],
    destinations: &'a [String],
    groups: &'a IndexMap<String, Located<PropertyGroup>>,
}

impl<'r> Resolver<'r> {
    fn location(&self, at: &At) -> Location {
        Location { file: self.reporter.path(at.file).clone(), path: at.path.to_string() }
    }

    fn name_error(&mut self, error: NameError, name: &str, at: &At, override_key: &str) {
        match error {
            NameError::NoLetters => {
                self.reporter
                    .error(Code::E0106, at.clone(), format!("no identifier can be derived from {name:?}"))
                    .help(format!("add an `{override_key}` with letters, e.g. \"Launch\", to name it in generated code"));
            }
            NameError::InvalidOverride => {
                self.reporter
                    .error(Code::E0106, at.clone(), format!("identifier for {name:?} is not valid"))
                    .help("an identifier starts with an ASCII letter and continues with ASCII letters, digits or `_`");
            }
            NameError::ReservedPrefix(ident) => {
                self.reporter
                    .error(Code::E0107, at.clone(), format!("{name:?} becomes `{ident}`, which starts with the prefix reserved for generated code (`trackplan`)"))
                    .help(format!("rename it, or give it an `{override_key}` that does not start with `trackplan`"));
            }
        }
    }

    /// Resolve a shared definition (once) and return it; reports cycles.
    fn definition(&mut self, name: &str, used_at: &At) -> Option<Type> {
        match self.definition_states.get(name) {
            Some(DefinitionState::Done(done)) => return done.clone(),
            Some(DefinitionState::InProgress) => {
                let start = self.definition_stack.iter().position(|n| n == name).unwrap_or(0);
                let mut chain: Vec<&str> = self.definition_stack[start..].iter().map(String::as_str).collect();
                chain.push(name);
                self.reporter
                    .error(Code::E0305, used_at.clone(), format!("definitions refer to each other in a cycle: {}", chain.join(" -> ")))
                    .help("break the cycle: generated types cannot contain themselves; reference an id instead of the whole object");
                return None;
            }
            None => {}
        }
        let definitions = self.definitions;
        let located = definitions.get(name)?;
        self.definition_states.insert(name.to_owned(), DefinitionState::InProgress);
        self.definition_stack.push(name.to_owned());
        let spec = &located.value;
        let at = &located.at;
        let resolved = match Base::new(name, spec.identifier.as_deref()) {
            Err(error) => {
                self.name_error(error, name, &at.on_key(), "identifier");
                None
            }
            Ok(base) => self.value_type(spec, at, &base).map(|ty| {
                // Objects and enums declared for a definition carry its name.
                if let Type::Object(id) | Type::Enum(id) = &ty {
                    let declared = &mut self.types[id.0];
                    if declared.definition.is_none() && spec.reference.is_none() {
                        declared.definition = Some(name.to_owned());
                    }
                }
                ty
            }),
        };
        self.definition_stack.pop();
        self.definition_states.insert(name.to_owned(), DefinitionState::Done(resolved.clone()));
        resolved
    }

    fn reference(&mut self, reference: &str, at: &At) -> Option<Type> {
        let Some(name) = reference.strip_prefix("#/definitions/") else {
            self.reporter
                .error(Code::E0301, at.clone(), format!("`$ref` {reference:?} does not point into `definitions`"))
                .help("write references as \"#/definitions/<Name>\"");
            return None;
        };
        if self.broken.contains(name) {
            return None;
        }
        if !self.definitions.contains_key(name) {
            let known: Vec<&str> = self.definitions.keys().map(String::as_str).collect();
            let help = match closest(name, &known) {
                Some(close) => format!("did you mean \"#/definitions/{close}\"? Otherwise add `{name}` under `definitions`"),
                None => format!("add `{name}` under `definitions`, or fix the reference"),
            };
            self.reporter.error(Code::E0301, at.clone(), format!("`$ref` names definition `{name}`, which does not exist")).help(help);
            return None;
        }
        self.definition(name, at)
    }

    /// Resolve a property map; `owner` names the nested types it declares.
    fn property_map(&mut self, members: &PropertyMap, at: &At, owner: &Base) -> Option<Vec<Property>> {
        let mut fields = Namespace::new("properties");
        let mut properties = Vec::with_capacity(members.len());
        let mut ok = true;
        for (name, spec) in members {
            let member_at = at.key(name);
            match self.property(name, spec, &member_at, owner) {
                Some(property) => {
                    fields.claim(&property.field, name, &member_at.on_key());
                    properties.push(property);
                }
                None => ok = false,
            }
        }
        fields.report(self.reporter);
        ok.then_some(properties)
    }

    fn property(&mut self, name: &str, spec: &PropertySpec, at: &At, owner: &Base) -> Option<Property> {
        if name.is_empty() {
            self.reporter.error_key(Code::E0108, at.clone(), "a property name is empty").help("give the property a name");
            return None;
        }
        let base = match Base::new(name, spec.identifier.as_deref()) {
            Ok(base) => base,
            Err(error) => {
                self.name_error(error, name, &at.on_key(), "identifier");
                return None;
            }
        };
        let ty = self.value_type(spec, at, &owner.join(&base))?;
        // Documentation keywords at a `$ref` use site override the definition's.
        let definition = spec.reference.as_deref().and_then(|r| r.strip_prefix("#/definitions/")).and_then(|n| self.definitions.get(n)).map(|d| &d.value);
        let inherit = |own: Option<bool>, pick: fn(&PropertySpec) -> Option<bool>| own.or(definition.and_then(pick)).unwrap_or(false);
        let property = Property {
            name: name.to_owned(),
            field: naming::field_idents(&base, name),
            description: spec.description.clone().or_else(|| definition.and_then(|d| d.description.clone())),
            required: inherit(spec.required, |d| d.required),
            nullable: inherit(spec.nullable, |d| d.nullable),
            pii: inherit(spec.pii, |d| d.pii),
            examples: if spec.examples.is_empty() { definition.map(|d| d.examples.clone()).unwrap_or_default() } else { spec.examples.clone() },
            default: spec.default.clone().or_else(|| definition.and_then(|d| d.default.clone())),
            ty,
            location: self.location(at),
        };
        self.check_values(&property, spec, at);
        Some(property)
    }

    /// Defaults and examples must satisfy the property's own rules.
    fn check_values(&mut self, property: &Property, spec: &PropertySpec, at: &At) {
        let mut checker = Checker { types: &self.types, patterns: &mut self.patterns };
        let mut problems = Vec::new();
        if let Some(default) = &spec.default {
            if let Some(why) = checker.check(&property.ty, property.nullable, default) {
                problems.push((at.key("default"), format!("the default breaks the property's rules: {why}"), "change the default or the constraint so they agree"));
            }
        }
        for (index, example) in spec.examples.iter().enumerate() {
            if let Some(why) = checker.check(&property.ty, property.nullable, example) {
                problems.push((at.key("examples").index(index), format!("the example breaks the property's rules: {why}"), "fix the example or the constraint so they agree"));
            }
        }
        for (place, message, help) in problems {
            self.reporter.error(Code::E0206, place, message).help(help);
        }
    }

    fn call_properties(&mut self, type_name: &str, members: &PropertyMap, at: &At, calls: &mut Namespace) -> Option<Vec<Property>> {
        if members.is_empty() {
            return Some(Vec::new());
        }
        let base = Base::new(type_name, None).ok()?;
        let idents = naming::type_idents(&base);
        calls.claim(&idents, type_name, at);
        self.type_names.claim(&idents, type_name, at);
        self.property_map(members, at, &base)
    }

    fn traits_call(&mut self, type_name: &str, call: &TraitsCall, at: &At, calls: &mut Namespace) -> Option<Call> {
        self.call(type_name, call.description.clone(), &call.traits, &at.key("traits"), at, calls)
    }

    fn page_call(&mut self, type_name: &str, call: &PageCall, at: &At, calls: &mut Namespace) -> Option<Call> {
        self.call(type_name, call.description.clone(), &call.properties, &at.key("properties"), at, calls)
    }

    fn call(&mut self, type_name: &str, description: Option<String>, members: &PropertyMap, members_at: &At, at: &At, calls: &mut Namespace) -> Option<Call> {
        let base = Base::new(type_name, None).ok()?;
        let idents = naming::type_idents(&base);
        calls.claim(&idents, type_name, at);
        self.type_names.claim(&idents, type_name, at);
        let properties = self.property_map(members, members_at, &base)?;
        Some(Call { description, type_name: idents, properties, location: self.location(at) })
    }

    fn group_properties(&mut self, name: &str, groups: &IndexMap<String, Located<PropertyGroup>>) -> Option<Vec<Property>> {
        if let Some(done) = self.groups.get(name) {
            return done.clone();
        }
        let located = groups.get(name)?;
        let resolved = match Base::new(name, None) {
            Ok(base) => self.property_map(&located.value.properties, &located.at.key("properties"), &base),
            Err(error) => {
                self.name_error(error, name, &located.at.on_key(), "identifier");
                None
            }
        };
        self.groups.insert(name.to_owned(), resolved.clone());
        resolved
    }

    fn event(&mut self, located: &Located<crate::raw::EventSpec>, context: &EventContext<'_>, names: &mut HashMap<String, At>, functions: &mut Namespace) -> Option<Event> {
        let spec = &located.value;
        let at = &located.at;
        let mut ok = true;
        if spec.name.is_empty() {
            self.reporter.error(Code::E0108, at.key("name"), "the event name is empty").help("give the event its wire name, e.g. \"Order Completed\"");
            return None;
        }
        if let Some(first) = names.get(&spec.name) {
            self.reporter
                .error(Code::E0103, at.key("name"), format!("event {:?} is declared twice", spec.name))
                .related("first declared here", first.clone())
                .help("remove one of the two, or merge their properties into one event");
            return None;
        }
        names.insert(spec.name.clone(), at.key("name"));
        let base = match Base::new(&spec.name, spec.identifier.as_deref()) {
            Ok(base) => base,
            Err(error) => {
                self.name_error(error, &spec.name, &at.key("name"), "identifier");
                return None;
            }
        };
        let type_name = naming::type_idents(&base);
        let function_name = naming::function_idents(&base);
        self.type_names.claim(&type_name, &spec.name, &at.key("name"));
        functions.claim(&function_name, &spec.name, &at.key("name"));

        let version = match spec.version.parse::<SchemaVer>() {
            Ok(version) => Some(version),
            Err(error) => {
                self.reporter.error(Code::E0102, at.key("version"), error.to_string()).help("write the event version as MODEL-REVISION-ADDITION, e.g. \"1-0-0\"");
                None
            }
        };
        ok &= self.check_listed(&spec.sources, context.sources, &at.key("sources"), Code::E0304, "source", "sources");
        let destinations = match &spec.destinations {
            Some(listed) => {
                ok &= self.check_listed(listed, context.destinations, &at.key("destinations"), Code::E0303, "destination", "destinations");
                listed.clone()
            }
            None => context.destinations.to_vec(),
        };

        let mut properties = self.property_map(&spec.properties, &at.key("properties"), &base);
        let mut fields = Namespace::new("properties");
        let mut seen: HashMap<String, At> = HashMap::new();
        for property in properties.iter().flatten() {
            fields.claim(&property.field, &property.name, &at.key("properties").key(&property.name).on_key());
            seen.insert(property.name.clone(), at.key("properties").key(&property.name).on_key());
        }
        let mut unique_groups = HashSet::new();
        for (index, group) in spec.property_groups.iter().enumerate() {
            let group_at = at.key("propertyGroups").index(index);
            if self.broken.contains(group) {
                ok = false;
                continue;
            }
            if !context.groups.contains_key(group) {
                let known: Vec<&str> = context.groups.keys().map(String::as_str).collect();
                let help = match closest(group, &known) {
                    Some(close) => format!("did you mean {close:?}? Otherwise declare it under `propertyGroups`"),
                    None => format!("declare {group:?} under `propertyGroups`, or remove it from this list"),
                };
                self.reporter.error(Code::E0302, group_at, format!("property group {group:?} does not exist")).help(help);
                ok = false;
                continue;
            }
            if !unique_groups.insert(group.clone()) {
                continue;
            }
            let group_props = self.group_properties(group, context.groups);
            match (&mut properties, group_props) {
                (Some(list), Some(extra)) => {
                    for property in extra {
                        if let Some(first) = seen.get(&property.name) {
                            self.reporter
                                .error(Code::E0104, group_at.clone(), format!("property {:?} comes from group {group:?} and is already defined for this event", property.name))
                                .related("already defined here", first.clone())
                                .help("remove the property from the event or from the group; one name has one definition");
                            ok = false;
                            continue;
                        }
                        seen.insert(property.name.clone(), group_at.clone());
                        fields.claim(&property.field, &property.name, &group_at);
                        list.push(property);
                    }
                }
                _ => ok = false,
            }
        }
        fields.report(self.reporter);
        let properties = properties?;

        for (index, example) in spec.examples.iter().enumerate() {
            let mut checker = Checker { types: &self.types, patterns: &mut self.patterns };
            if let Some(why) = checker.check_object(&properties, example) {
                self.reporter
                    .error(Code::E0206, at.key("examples").index(index), format!("the example payload breaks the event's rules: {why}"))
                    .help("fix the example, or the property definitions, so they agree");
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        Some(Event {
            name: spec.name.clone(),
            snake_name: base.snake_case(),
            type_name,
            function_name,
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
            location: self.location(at),
        })
    }

    /// Every name in `listed` must be one of `declared` (when the plan declares any).
    fn check_listed(&mut self, listed: &[String], declared: &[String], at: &At, code: Code, what: &str, section: &str) -> bool {
        let mut ok = true;
        for (index, name) in listed.iter().enumerate() {
            if declared.is_empty() && what == "source" {
                continue;
            }
            if !declared.contains(name) {
                let known: Vec<&str> = declared.iter().map(String::as_str).collect();
                let help = match closest(name, &known) {
                    Some(close) => format!("did you mean {close:?}? Otherwise declare {name:?} under the plan's `{section}`"),
                    None => format!("declare {name:?} under the plan's `{section}`, or remove it here"),
                };
                self.reporter.error(code, at.index(index), format!("{what} {name:?} is not declared by the plan")).help(help);
                ok = false;
            }
        }
        ok
    }
}

/// The known name closest to `name` by edit distance, when close enough to be a typo.
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|candidate| (edit_distance(&name.to_lowercase(), &candidate.to_lowercase()), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.chars().count() / 4))
        .min()
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push((previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}
