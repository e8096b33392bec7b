//! The list of declared object and enum types and shared definitions, one page per shared
//! type, and one per definition of a plain value.

use askama::Template;
use trackplan_plan_model::model::{Definition, EnumValue, Idents, NamedKind, NamedType};

use super::{Chrome, Frame};
use crate::catalog::{Catalog, User, own_type};
use crate::describe::{self, Rule};
use crate::rows::{PropertyRow, property_rows};

#[derive(Template)]
#[template(path = "docs/types.html")]
pub(crate) struct TypesPage<'a> {
    chrome: Chrome<'a>,
    types: Vec<TypeSummary<'a>>,
}

struct TypeSummary<'a> {
    title: &'a str,
    /// Its page, or the place that declares an inline type.
    link: String,
    /// `object`, `enum`, or the value type of a plain definition.
    kind: String,
    shared: bool,
    users: usize,
    description: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "docs/type.html")]
pub(crate) struct TypePage<'a> {
    chrome: Chrome<'a>,
    kind: &'static str,
    description: Option<&'a str>,
    values: Option<&'a [EnumValue]>,
    rows: Option<Vec<PropertyRow<'a>>>,
    users: Vec<UserLink<'a>>,
    idents: &'a Idents,
    location: String,
}

struct UserLink<'a> {
    kind: &'static str,
    name: &'a str,
    link: String,
}

fn kind_of(ty: &NamedType) -> &'static str {
    match ty.kind {
        NamedKind::Object { .. } => "object",
        NamedKind::Enum { .. } => "enum",
    }
}

/// Shared definitions first, then inline types, each in plan order.
fn ordered(types: &[NamedType]) -> impl Iterator<Item = &NamedType> {
    let shared = types.iter().filter(|t| t.definition.is_some());
    shared.chain(types.iter().filter(|t| t.definition.is_none()))
}

pub(crate) fn list<'a>(frame: &'a Frame<'a>, catalog: &'a Catalog<'a>) -> TypesPage<'a> {
    let plan = frame.plan;
    let mut types: Vec<TypeSummary<'a>> = ordered(&plan.types)
        .map(|ty| TypeSummary {
            title: describe::type_title(plan, ty.id),
            link: catalog.type_link(ty.id).unwrap_or_default(),
            kind: kind_of(ty).to_owned(),
            shared: ty.definition.is_some(),
            users: catalog.users(ty.id).len(),
            description: ty.description.as_deref(),
        })
        .collect();
    // Definitions without an object or enum type of their own follow the shared types.
    let shared = types.iter().filter(|t| t.shared).count();
    let plain = plan.definitions.iter().enumerate().filter(|(_, d)| own_type(plan, d).is_none()).map(|(index, d)| {
        TypeSummary {
            title: &d.name,
            link: catalog.definition_file_at(index).to_owned(),
            kind: describe::type_label(plan, &d.ty),
            shared: true,
            users: catalog.definition_users(index).len(),
            description: d.description.as_deref(),
        }
    });
    types.splice(shared..shared, plain.collect::<Vec<_>>());
    TypesPage { chrome: frame.chrome("Types", "", "types"), types }
}

#[derive(Template)]
#[template(path = "docs/definition.html")]
pub(crate) struct DefinitionPage<'a> {
    chrome: Chrome<'a>,
    /// The type in words (`string`, `array of Product`).
    type_label: String,
    /// The shared type's page when the definition refers to an object or enum.
    type_file: Option<&'a str>,
    definition: &'a Definition,
    rules: Vec<Rule>,
    enum_values: Vec<&'a str>,
    examples: Vec<String>,
    default: Option<String>,
    users: Vec<PropertyUse<'a>>,
    location: String,
}

/// A property that refers to a definition.
struct PropertyUse<'a> {
    kind: &'static str,
    owner: &'a str,
    property: &'a str,
    link: String,
}

/// The page of a definition that has no object or enum type of its own: its type, its
/// constraints in words, and every property that refers to it.
pub(crate) fn definition_page<'a>(frame: &'a Frame<'a>, catalog: &'a Catalog<'a>, index: usize) -> DefinitionPage<'a> {
    let plan = frame.plan;
    let definition = &plan.definitions[index];
    let users = catalog
        .definition_users(index)
        .iter()
        .map(|&(user, property)| {
            let (owner, link) = catalog.user_link(user);
            PropertyUse { kind: user_kind(user), owner, property, link }
        })
        .collect();
    DefinitionPage {
        chrome: frame.chrome(definition.name.clone(), "../", "types"),
        type_label: describe::type_label(plan, &definition.ty),
        type_file: describe::named_type(&definition.ty).and_then(|id| catalog.type_file(id)),
        rules: describe::rules(&definition.ty),
        enum_values: describe::enum_values(plan, &definition.ty),
        examples: definition.examples.iter().map(describe::compact_json).collect(),
        default: definition.default.as_ref().map(describe::compact_json),
        users,
        location: frame.location_text(&definition.location),
        definition,
    }
}

fn user_kind(user: User) -> &'static str {
    match user {
        User::Event(_) => "event",
        User::Call(_) => "call",
        User::Type(_) => "type",
    }
}

/// The page of a shared definition's type (inline types are shown where they are declared).
pub(crate) fn page<'a>(frame: &'a Frame<'a>, catalog: &'a Catalog<'a>, ty: &'a NamedType) -> TypePage<'a> {
    let plan = frame.plan;
    let (values, rows) = match &ty.kind {
        NamedKind::Enum { values } => (Some(values.as_slice()), None),
        NamedKind::Object { properties } => (None, Some(property_rows(catalog, properties))),
    };
    let users = catalog
        .users(ty.id)
        .iter()
        .map(|&user| {
            let (name, link) = catalog.user_link(user);
            UserLink { kind: user_kind(user), name, link }
        })
        .collect();
    TypePage {
        chrome: frame.chrome(describe::type_title(plan, ty.id), "../", "types"),
        kind: kind_of(ty),
        description: ty.description.as_deref(),
        values,
        rows,
        users,
        idents: &ty.name,
        location: frame.location_text(&ty.location),
    }
}
