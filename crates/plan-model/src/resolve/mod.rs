//! From the gathered plan files to the resolved [`Plan`]: references expanded, groups mixed
//! in, identifiers computed, every semantic rule checked. All problems are reported; the plan
//! is returned only when there are none.

mod events;
mod namespace;
mod pattern_cache;
mod patterns;
mod properties;
mod types;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use sha2::{Digest, Sha256};

use crate::diagnostic::Code;
use crate::json_path::JsonPath;
use crate::load::{Gathered, Located};
use crate::model::{Conventions, Definition, Destination, Idents, Location, NamedType, Plan, Property, Type};
use crate::naming::{Base, NameError};
use crate::raw::{PropertyGroup, PropertySpec};
use crate::report::{At, FileId, Reporter};
use pattern_cache::Patterns;
use types::Seed;

/// Where an identifier override for a name goes, for diagnostics.
pub(super) struct Override<'a> {
    /// The place of the override (or where it would go).
    at: At,
    /// The override given, if any.
    given: Option<&'a str>,
    /// How to add one, e.g. `add "identifier": "Launch"`.
    example: String,
}

impl<'a> Override<'a> {
    /// The `identifier` field of the object at `owner`.
    pub(super) fn identifier(owner: &At, given: Option<&'a str>) -> Self {
        Override {
            at: owner.key("identifier"),
            given,
            example: "add an `\"identifier\": \"SomeName\"` with ASCII letters".to_owned(),
        }
    }
}

enum DefinitionState {
    InProgress,
    /// The definition's type, resolved once; `None` when it was invalid (already reported).
    Done(Option<Type>),
}

pub(crate) struct Resolver<'r> {
    reporter: &'r mut Reporter,
    definitions: &'r IndexMap<String, Located<PropertySpec>>,
    groups: &'r IndexMap<String, Located<PropertyGroup>>,
    /// Definitions and groups whose shape was wrong (already reported).
    broken: &'r HashSet<String>,
    definition_states: HashMap<String, DefinitionState>,
    /// Definitions being resolved, innermost last, to name a cycle.
    definition_stack: Vec<String>,
    types: Vec<NamedType>,
    patterns: Patterns,
    /// Property groups resolved once, shared by the events that mix them in.
    resolved_groups: HashMap<String, Option<Vec<Property>>>,
}

/// Resolve gathered plan files; `None` when any problem was reported.
pub(crate) fn resolve(reporter: &mut Reporter, gathered: Gathered) -> Option<Plan> {
    let hash = content_hash(&gathered);
    let Gathered { root, events, definitions, groups, broken } = gathered;
    let root_at = At::new(FileId::ROOT, JsonPath::root());
    let mut resolver = Resolver {
        reporter,
        definitions: &definitions,
        groups: &groups,
        broken: &broken,
        definition_states: HashMap::new(),
        definition_stack: Vec::new(),
        types: Vec::new(),
        patterns: Patterns::default(),
        resolved_groups: HashMap::new(),
    };

    let version = match semver::Version::parse(&root.version) {
        Ok(version) => Some(version),
        Err(error) => {
            resolver
                .reporter
                .error(
                    Code::E0101,
                    root_at.key("version"),
                    format!("plan version {:?} is not semver: {error}", root.version),
                )
                .help("write the plan version as MAJOR.MINOR.PATCH, e.g. \"1.0.0\"");
            None
        }
    };
    if root.name.trim().is_empty() {
        resolver
            .reporter
            .error(Code::E0108, root_at.key("name"), "the plan name is empty")
            .help("name the plan, e.g. \"Acme Shop\"");
    }

    // Shared definitions first, so their types are declared in plan order.
    let mut resolved_definitions = Vec::with_capacity(definitions.len());
    for (name, located) in &definitions {
        if let Some(ty) = resolver.definition(name, &located.at) {
            let spec = &located.value;
            resolved_definitions.push(Definition {
                name: name.clone(),
                description: spec.description.clone(),
                ty,
                nullable: spec.nullable.unwrap_or(false),
                examples: spec.examples.clone(),
                default: spec.default.clone(),
                location: resolver.location(&located.at),
            });
        }
    }
    let global_properties = resolver.call(
        "Global Properties",
        None,
        &root.global_properties,
        &root_at.key("globalProperties"),
        &root_at.key("globalProperties"),
    );
    let identify = root.identify.as_ref().and_then(|c| {
        resolver.call(
            "Identify Traits",
            c.description.clone(),
            &c.traits,
            &root_at.key("identify").key("traits"),
            &root_at.key("identify"),
        )
    });
    let group = root.group.as_ref().and_then(|c| {
        resolver.call(
            "Group Traits",
            c.description.clone(),
            &c.traits,
            &root_at.key("group").key("traits"),
            &root_at.key("group"),
        )
    });
    let page = root.page.as_ref().and_then(|c| {
        resolver.call(
            "Page Properties",
            c.description.clone(),
            &c.properties,
            &root_at.key("page").key("properties"),
            &root_at.key("page"),
        )
    });
    let screen = root.screen.as_ref().and_then(|c| {
        resolver.call(
            "Screen Properties",
            c.description.clone(),
            &c.properties,
            &root_at.key("screen").key("properties"),
            &root_at.key("screen"),
        )
    });

    let declared_destinations: Vec<String> = root.destinations.keys().cloned().collect();
    let context = events::Context {
        sources: &root.sources,
        destinations: &declared_destinations,
        globals: global_properties.as_ref(),
    };
    let resolved_events = resolver.events(&events, &context);

    // Every declared type, event and call type shares one namespace per language.
    let calls = [
        (&global_properties, "the global properties"),
        (&identify, "the identify call"),
        (&group, "the group call"),
        (&page, "the page call"),
        (&screen, "the screen call"),
    ];
    // (identifiers, where written, label, whether to point at the item's `name`)
    let mut names: Vec<(&Idents, &Location, String, bool)> = Vec::new();
    names.extend(resolver.types.iter().map(|t| (&t.name, &t.location, type_label(t), false)));
    names.extend(resolved_events.iter().map(|e| (&e.type_name, &e.location, format!("event {:?}", e.name), true)));
    names.extend(
        calls.iter().filter_map(|(c, label)| c.as_ref().map(|c| (&c.type_name, &c.location, label.to_string(), false))),
    );
    let claims: Vec<&Idents> = names.iter().map(|(idents, ..)| *idents).collect();
    for collision in namespace::find(&claims) {
        let describe = |index: usize| {
            let (_, location, label, at_name) = &names[index];
            let at = resolver.reporter.at_location(location);
            (label.clone(), if *at_name { at.key("name") } else { at })
        };
        let (first, second) = (describe(collision.first), describe(collision.second));
        namespace::report(resolver.reporter, &collision, first, second, namespace::RENAME_WITH_IDENTIFIER);
    }

    if resolver.reporter.has_errors() {
        return None;
    }
    let files = resolver.reporter.paths();
    let Resolver { types, .. } = resolver;
    Some(Plan {
        vendor: root.vendor.unwrap_or_else(|| default_vendor(&root.name)),
        name: root.name,
        version: version?,
        description: root.description,
        format_version: root.format_version,
        conventions: Conventions {
            event_casing: root.conventions.event_casing,
            property_casing: root.conventions.property_casing,
        },
        sources: root.sources,
        destinations: root
            .destinations
            .into_iter()
            .map(|(name, spec)| Destination { name, kind: spec.kind, pii: spec.pii })
            .collect(),
        global_properties,
        identify,
        group,
        page,
        screen,
        types,
        definitions: resolved_definitions,
        events: resolved_events,
        hash,
        files,
    })
}

/// How a declared type is named in diagnostics.
fn type_label(ty: &NamedType) -> String {
    let kind = match ty.kind {
        crate::model::NamedKind::Object { .. } => "object type",
        crate::model::NamedKind::Enum { .. } => "enum type",
    };
    match &ty.definition {
        Some(name) => format!("definition {name:?}"),
        None => format!("the {kind} of {}", ty.location.path),
    }
}

/// The Iglu vendor when the plan does not set one.
fn default_vendor(plan_name: &str) -> String {
    let name = Base::new(plan_name, None).map(|base| base.snake_case()).unwrap_or_else(|_| "plan".to_owned());
    format!("io.trackplan.{name}")
}

/// SHA-256 of the merged plan in its normalised JSON form: whitespace, key order and the
/// split into files do not count; the order of events and properties does.
fn content_hash(gathered: &Gathered) -> String {
    let mut hasher = Sha256::new();
    let root = crate::raw::PlanFile { include: Vec::new(), ..gathered.root.clone() };
    let events: Vec<&crate::raw::EventSpec> = gathered.events.iter().map(|e| &e.value).collect();
    let definitions: IndexMap<&String, &PropertySpec> =
        gathered.definitions.iter().map(|(k, v)| (k, &v.value)).collect();
    let groups: IndexMap<&String, &PropertyGroup> = gathered.groups.iter().map(|(k, v)| (k, &v.value)).collect();
    // Writing into a hasher cannot fail.
    let _ = serde_json::to_writer(&mut hasher, &(root, events, definitions, groups));
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl Resolver<'_> {
    fn location(&self, at: &At) -> Location {
        Location { file: self.reporter.path(at.file).clone(), path: at.path.clone() }
    }

    /// Report why no identifier could be made for `name` (written at `at`); `fix` says
    /// where an override goes and holds the override when one was given.
    fn name_error(&mut self, error: NameError, name: &str, at: &At, fix: Override<'_>) {
        match error {
            NameError::NoLetters => {
                self.reporter
                    .error(Code::E0106, at.clone(), format!("no identifier can be derived from {name:?}"))
                    .help(format!("{} to name it in generated code", fix.example));
            }
            NameError::InvalidOverride => {
                let value = fix.given.unwrap_or_default();
                self.reporter
                    .error(Code::E0106, fix.at, format!("identifier {value:?} (for {name:?}) is not valid"))
                    .help("an identifier starts with an ASCII letter and continues with ASCII letters, digits or `_`");
            }
            NameError::ReservedPrefix(ident) => {
                self.reporter
                    .error(Code::E0107, at.clone(), format!("{name:?} becomes `{ident}`, which starts with the prefix reserved for generated code (`trackplan`)"))
                    .help(format!("rename it, or {}", fix.example));
            }
        }
    }

    /// Resolve a shared definition (once) and return its type; reports cycles.
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
        let resolved = match Base::new(name, spec.identifier.as_deref()) {
            Err(error) => {
                self.name_error(
                    error,
                    name,
                    &located.at.on_key(),
                    Override::identifier(&located.at, spec.identifier.as_deref()),
                );
                None
            }
            Ok(base) => self.value_type(spec, &located.at, &Seed::Own(&base)).inspect(|ty| {
                // Objects and enums declared for a definition carry its name.
                if let Type::Object(id) | Type::Enum(id) = ty {
                    let declared = &mut self.types[id.0];
                    if declared.definition.is_none() && spec.reference.is_none() {
                        declared.definition = Some(name.to_owned());
                    }
                }
                let nullable = spec.nullable.unwrap_or(false);
                if let Some(default) = &spec.default {
                    self.check_value(ty, nullable, default, &located.at.key("default"), "the default");
                }
                for (index, example) in spec.examples.iter().enumerate() {
                    self.check_value(ty, nullable, example, &located.at.key("examples").index(index), "the example");
                }
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
            let help = match crate::suggest::closest(name, &known) {
                Some(close) => {
                    format!("did you mean \"#/definitions/{close}\"? Otherwise add `{name}` under `definitions`")
                }
                None => format!("add `{name}` under `definitions`, or fix the reference"),
            };
            self.reporter
                .error(Code::E0301, at.clone(), format!("`$ref` names definition `{name}`, which does not exist"))
                .help(help);
            return None;
        }
        self.definition(name, at)
    }
}
