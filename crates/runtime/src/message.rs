//! What generated types implement: validation of their own values, and the facts about each
//! message (event name, SchemaVer, destinations, JSON Schema) the envelope needs.

use serde::Serialize;

use crate::path::Path;
use crate::violation::Violation;

/// A value that checks itself against the plan's rules that its type cannot express
/// (ranges, lengths, patterns, formats, array sizes).
pub trait Validate {
    /// Push every broken rule, with paths starting at `path`.
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>);

    /// Every broken rule, in a stable order; empty when the value is valid.
    fn violations(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        self.validate_at(&Path::Root, &mut out);
        out
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }
}

/// Which call a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A track event.
    Track,
    /// Traits of the user.
    Identify,
    /// Traits of a group the user belongs to.
    Group,
    /// A web page view.
    Page,
    /// A mobile screen view.
    Screen,
}

impl Kind {
    /// The call's name: `track`, `identify`…
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Track => "track",
            Kind::Identify => "identify",
            Kind::Group => "group",
            Kind::Page => "page",
            Kind::Screen => "screen",
        }
    }
}

/// A typed message generated from the plan: an event, or the traits/properties of a call.
pub trait Message: Serialize + Validate {
    /// Which call it is.
    const KIND: Kind;
    /// The event's wire name (for calls: the call's name, `identify`…).
    const NAME: &'static str;
    /// The event's SchemaVer (`1-0-0`); empty for calls.
    const VERSION: &'static str;
    /// Plan destinations that receive it; empty means every destination.
    const DESTINATIONS: &'static [&'static str];
    /// JSON Schema (draft 2020-12) of its properties object, for the generic validator.
    const SCHEMA: &'static str;
}

/// Visits every message type of a generated SDK (its `visit_messages` function calls
/// [`MessageVisitor::visit`] once per type, in plan order), for code that works on all of
/// them: dispatching recorded payloads by event name, exporting schemas, replaying examples.
pub trait MessageVisitor {
    /// Called with one message type.
    fn visit<M>(&mut self)
    where
        M: Message + serde::de::DeserializeOwned + Clone + std::fmt::Debug + 'static;
}
