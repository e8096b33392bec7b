//! The list of declared object and enum types, and one page per type.

use askama::Template;
use trackplan_plan_model::model::{EnumValue, Idents, NamedKind, NamedType};

use super::{Chrome, Frame};
use crate::catalog::{Catalog, User};
use crate::describe;
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
    kind: &'static str,
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
    TypesPage {
        chrome: frame.chrome("Types", "", "types"),
        types: ordered(&plan.types)
            .map(|ty| TypeSummary {
                title: describe::type_title(plan, ty.id),
                link: catalog.type_link(ty.id).unwrap_or_default(),
                kind: kind_of(ty),
                shared: ty.definition.is_some(),
                users: catalog.users(ty.id).len(),
                description: ty.description.as_deref(),
            })
            .collect(),
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
            let kind = match user {
                User::Event(_) => "event",
                User::Call(_) => "call",
                User::Type(_) => "type",
            };
            UserLink { kind, name, link }
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
