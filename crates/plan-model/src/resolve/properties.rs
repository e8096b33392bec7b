//! Properties: of events, objects, groups and calls; their documentation inherited through
//! `$ref`; their defaults and examples checked.

use super::namespace;
use super::types::Seed;
use super::{Override, Resolver};
use crate::diagnostic::Code;
use crate::json_path::JsonPath;
use crate::model::{Call, Idents, Property, Type};
use crate::naming::{self, Base};
use crate::raw::{PropertyMap, PropertySpec};
use crate::report::At;
use crate::validate::{Validator, Violation};
use serde_json::Value;

/// The definition a property's value comes from: its `$ref`, or that of its (nested) elements.
fn definition_name(spec: &PropertySpec) -> Option<&str> {
    match (&spec.reference, &spec.items) {
        (Some(reference), _) => reference.strip_prefix("#/definitions/"),
        (None, Some(items)) => definition_name(items),
        (None, None) => None,
    }
}

impl Resolver<'_> {
    /// Resolve a property map; `owner` names the nested types it declares.
    pub(super) fn property_map(&mut self, members: &PropertyMap, at: &At, owner: &Base) -> Option<Vec<Property>> {
        let mut properties = Vec::with_capacity(members.len());
        let mut ok = true;
        for (name, spec) in members {
            match self.property(name, spec, &at.key(name), owner) {
                Some(property) => properties.push(property),
                None => ok = false,
            }
        }
        let claims: Vec<&Idents> = properties.iter().map(|p| &p.field).collect();
        namespace::check(self.reporter, &claims, namespace::RENAME_WITH_IDENTIFIER, |i| {
            (format!("property {:?}", properties[i].name), at.key(&properties[i].name).on_key())
        });
        ok.then_some(properties)
    }

    fn property(&mut self, name: &str, spec: &PropertySpec, at: &At, owner: &Base) -> Option<Property> {
        if name.is_empty() {
            self.reporter
                .error_key(Code::E0108, at.clone(), "a property name is empty")
                .help("give the property a name");
            return None;
        }
        let base = match Base::new(name, spec.identifier.as_deref()) {
            Ok(base) => base,
            Err(error) => {
                self.name_error(error, name, &at.on_key(), Override::identifier(at, spec.identifier.as_deref()));
                return None;
            }
        };
        let ty = self.value_type(spec, at, &Seed::Member(owner, &base))?;
        // Documentation keywords at a `$ref` use site override the definition's.
        let definitions = self.definitions;
        let definition = spec
            .reference
            .as_deref()
            .and_then(|r| r.strip_prefix("#/definitions/"))
            .and_then(|n| definitions.get(n))
            .map(|d| &d.value);
        let inherit = |own: Option<bool>, pick: fn(&PropertySpec) -> Option<bool>| {
            own.or(definition.and_then(pick)).unwrap_or(false)
        };
        let property = Property {
            name: name.to_owned(),
            field: naming::field_idents(&base, name),
            description: spec.description.clone().or_else(|| definition.and_then(|d| d.description.clone())),
            required: inherit(spec.required, |d| d.required),
            nullable: inherit(spec.nullable, |d| d.nullable),
            pii: inherit(spec.pii, |d| d.pii),
            examples: if spec.examples.is_empty() {
                definition.map(|d| d.examples.clone()).unwrap_or_default()
            } else {
                spec.examples.clone()
            },
            default: spec.default.clone().or_else(|| definition.and_then(|d| d.default.clone())),
            definition: definition_name(spec).map(str::to_owned),
            ty,
            location: self.location(at),
        };
        self.check_values(&property, spec, at);
        Some(property)
    }

    /// Defaults and examples must satisfy the property's own rules.
    pub(super) fn check_values(&mut self, property: &Property, spec: &PropertySpec, at: &At) {
        if let Some(default) = &spec.default {
            self.check_value(&property.ty, property.nullable, default, &at.key("default"), "the default");
        }
        for (index, example) in spec.examples.iter().enumerate() {
            self.check_value(&property.ty, property.nullable, example, &at.key("examples").index(index), "the example");
        }
    }

    /// Report every rule `value`, written at `at`, breaks.
    pub(super) fn check_value(&mut self, ty: &Type, nullable: bool, value: &Value, at: &At, what: &str) {
        let violations = Validator::over(&self.types).value_located(ty, nullable, value, &JsonPath::root());
        self.report_violations(violations, at, what);
    }

    /// Report violations found in a value written at `at`, each at the exact place.
    pub(super) fn report_violations(&mut self, violations: Vec<(JsonPath, Violation)>, at: &At, what: &str) {
        for (path, violation) in violations {
            let place = At::new(at.file, at.path.join(&path));
            let message = match violation.rule.as_str() {
                "required" => format!("{what} lacks the required property {}", violation.path),
                "additionalProperties" => format!("{what} has {}, which is not a property in the plan", violation.path),
                "type" => format!(
                    "{what} breaks the plan's rules: expected {}, found {}",
                    violation.expected, violation.actual
                ),
                rule => format!("{what} breaks `{rule}`: expected {}, found {}", violation.expected, violation.actual),
            };
            self.reporter.error(Code::E0206, place, message).help("fix the value, or the constraint, so they agree");
        }
    }

    /// The identify, group, page or screen call, or the global properties.
    pub(super) fn call(
        &mut self,
        type_name: &str,
        description: Option<String>,
        members: &PropertyMap,
        members_at: &At,
        at: &At,
    ) -> Option<Call> {
        if members.is_empty() && description.is_none() && type_name == "Global Properties" {
            return None;
        }
        let base = Base::new(type_name, None).ok()?;
        let properties = self.property_map(members, members_at, &base)?;
        Some(Call { description, type_name: naming::type_idents(&base), properties, location: self.location(at) })
    }

    /// The properties of a property group, resolved once for all events that mix it in.
    pub(super) fn group_properties(&mut self, name: &str) -> Option<Vec<Property>> {
        if let Some(done) = self.resolved_groups.get(name) {
            return done.clone();
        }
        let groups = self.groups;
        let located = groups.get(name)?;
        let resolved = match Base::new(name, None) {
            Ok(base) => self.property_map(&located.value.properties, &located.at.key("properties"), &base),
            Err(error) => {
                self.name_error(error, name, &located.at.on_key(), Override::identifier(&located.at, None));
                None
            }
        };
        self.resolved_groups.insert(name.to_owned(), resolved.clone());
        resolved
    }
}
