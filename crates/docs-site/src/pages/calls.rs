//! Pages of the identify, group, page and screen calls and of the global properties.

use askama::Template;
use trackplan_plan_model::model::Call;

use super::{Chrome, Frame};
use crate::catalog::{CallKind, Catalog};
use crate::rows::{PropertyRow, property_rows};

#[derive(Template)]
#[template(path = "docs/call.html")]
pub(crate) struct CallPage<'a> {
    chrome: Chrome<'a>,
    call: &'a Call,
    explanation: &'static str,
    noun: &'static str,
    noun_lower: String,
    rows: Vec<PropertyRow<'a>>,
    location: String,
}

/// Navigation key of call pages.
pub(crate) fn nav_key(kind: CallKind) -> &'static str {
    kind.file()
}

pub(crate) fn page<'a>(frame: &'a Frame<'a>, catalog: &'a Catalog<'a>, kind: CallKind, call: &'a Call) -> CallPage<'a> {
    CallPage {
        chrome: frame.chrome(kind.title(), "", nav_key(kind)),
        call,
        explanation: kind.explanation(),
        noun: kind.member_noun(),
        noun_lower: kind.member_noun().to_lowercase(),
        rows: property_rows(catalog, &call.properties),
        location: frame.location_text(&call.location),
    }
}
