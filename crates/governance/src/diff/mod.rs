//! `codegen diff`: what changed between two versions of a plan, how much it breaks, and
//! whether the declared versions say so.
//!
//! Every change to an event's payload is classified with Iglu SchemaVer semantics, judged
//! against the data already collected under the old version (payloads are validated with
//! undeclared properties rejected):
//!
//! | Level | Meaning | Changes |
//! | --- | --- | --- |
//! | MODEL | some or all existing data no longer validates, or a value's type changes | property removed (or renamed: removed + added), new required property, optional → required, type change (except integer → number), nullable removed, enum value removed, string becomes an enum, narrowed constraint (bound raised or lowered, length, items, `uniqueItems` added), pattern or format added or changed |
//! | REVISION | all existing data still validates, but values of a new kind can appear that readers have never seen | required → optional (may be absent), nullable added (may be null), integer → number (may be fractional), enum becomes a free string, array items may be null |
//! | ADDITION | all existing data validates and nothing new in kind appears | new optional property, widened constraint, enum value added, pattern or format removed |
//!
//! Documentation (descriptions, examples, defaults), ownership, tags, priority, sources,
//! destinations, status and the PII flag do not change the payload and need no new event
//! version. The plan's own version follows semver: removing an event, changing the vendor
//! (every Iglu URI changes) or any MODEL change is major; adding an event, deprecating one, or
//! any REVISION or ADDITION change is minor; anything else is a patch. For a 0.x plan a
//! minor bump satisfies a major impact.

mod compare;
mod git;
pub mod render;

use std::collections::HashMap;

use serde::Serialize;
use trackplan_plan_model::model::{Call, Event, Property, Status};
use trackplan_plan_model::{Plan, SchemaVer};

pub use git::{PlanRef, RefError, load_ref};

/// The SchemaVer part an event version must bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Bump {
    /// No change to the payload's schema.
    None,
    /// Compatible with all existing data.
    Addition,
    /// Existing data validates, but new kinds of values can appear.
    Revision,
    /// Breaks existing data or changes a type.
    Model,
}

impl Bump {
    /// "MODEL", "REVISION", "ADDITION" or "NONE".
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "NONE",
            Bump::Addition => "ADDITION",
            Bump::Revision => "REVISION",
            Bump::Model => "MODEL",
        }
    }

    /// The smallest version after `old` that carries this bump (`old` itself for none).
    pub fn apply(self, old: SchemaVer) -> SchemaVer {
        match self {
            Bump::None => old,
            Bump::Addition => SchemaVer { addition: old.addition + 1, ..old },
            Bump::Revision => SchemaVer { model: old.model, revision: old.revision + 1, addition: 0 },
            Bump::Model => SchemaVer { model: old.model + 1, revision: 0, addition: 0 },
        }
    }

    /// Whether going from `old` to `new` bumps at least this much.
    pub fn satisfied_by(self, old: SchemaVer, new: SchemaVer) -> bool {
        match self {
            Bump::None => new >= old,
            Bump::Addition => new > old,
            Bump::Revision => (new.model, new.revision) > (old.model, old.revision),
            Bump::Model => new.model > old.model,
        }
    }
}

/// Semantic-version impact on the whole plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Nothing changed.
    None,
    /// Documentation and metadata only.
    Patch,
    /// Compatible additions.
    Minor,
    /// Breaking changes.
    Major,
}

impl Impact {
    /// "major", "minor", "patch" or "none".
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::Patch => "patch",
            Impact::Minor => "minor",
            Impact::Major => "major",
        }
    }

    fn of(bump: Bump) -> Impact {
        match bump {
            Bump::None => Impact::Patch,
            Bump::Addition | Bump::Revision => Impact::Minor,
            Bump::Model => Impact::Major,
        }
    }

    /// The smallest plan version after `old` with this impact.
    pub fn apply(self, old: &semver::Version) -> semver::Version {
        let (major, minor, patch) = (old.major, old.minor, old.patch);
        let (major, minor, patch) = match self {
            Impact::None => (major, minor, patch),
            Impact::Patch => (major, minor, patch + 1),
            Impact::Minor if major == 0 => (0, minor, patch + 1),
            Impact::Minor => (major, minor + 1, 0),
            Impact::Major if major == 0 => (0, minor + 1, 0),
            Impact::Major => (major + 1, 0, 0),
        };
        semver::Version::new(major, minor, patch)
    }

    /// Whether `old` → `new` bumps at least this much (0.x: one level less).
    pub fn satisfied_by(self, old: &semver::Version, new: &semver::Version) -> bool {
        let triple = |v: &semver::Version| (v.major, v.minor, v.patch);
        match self {
            Impact::None => new >= old,
            _ => triple(new) >= triple(&self.apply(old)),
        }
    }
}

/// What kind of change one entry is. Serialised in kebab-case: `property-added`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A property appeared; MODEL when it is required.
    PropertyAdded,
    /// A property disappeared.
    PropertyRemoved,
    /// The value type changed.
    TypeChanged,
    /// integer became number.
    TypeWidened,
    /// An optional property became required.
    RequiredAdded,
    /// A required property became optional.
    RequiredRemoved,
    /// `null` became allowed.
    NullableAdded,
    /// `null` is no longer allowed.
    NullableRemoved,
    /// Array elements may now be `null`.
    ItemsNullableAdded,
    /// Array elements may no longer be `null`.
    ItemsNullableRemoved,
    /// Values were added to an enum.
    EnumValuesAdded,
    /// Values were removed from an enum.
    EnumValuesRemoved,
    /// A free string became an enum.
    EnumIntroduced,
    /// An enum became a free string.
    EnumDropped,
    /// A constraint accepts fewer values.
    ConstraintNarrowed,
    /// A constraint accepts more values.
    ConstraintWidened,
    /// A pattern or format was replaced by another.
    ConstraintChanged,
    /// The description changed.
    DescriptionChanged,
    /// Examples or the default changed.
    ExamplesChanged,
    /// The PII flag changed.
    PiiChanged,
    /// Owners, tags, category, priority or sources changed.
    MetadataChanged,
    /// The destinations changed.
    DestinationsChanged,
    /// The event was deprecated.
    Deprecated,
    /// The event is active again.
    Reactivated,
}

impl ChangeKind {
    /// The level this kind of change needs; `required` matters only for added properties.
    pub fn bump(self, required: bool) -> Bump {
        use ChangeKind::*;
        match self {
            PropertyAdded if required => Bump::Model,
            PropertyAdded => Bump::Addition,
            PropertyRemoved | TypeChanged | RequiredAdded | NullableRemoved | ItemsNullableRemoved
            | EnumValuesRemoved | EnumIntroduced | ConstraintNarrowed | ConstraintChanged => Bump::Model,
            TypeWidened | RequiredRemoved | NullableAdded | ItemsNullableAdded | EnumDropped => Bump::Revision,
            EnumValuesAdded | ConstraintWidened => Bump::Addition,
            DescriptionChanged | ExamplesChanged | PiiChanged | MetadataChanged | DestinationsChanged | Deprecated
            | Reactivated => Bump::None,
        }
    }
}

/// One change to an event, a call, or the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Property path inside the payload (`total`, `products[].price`); empty for the item itself.
    pub path: String,
    /// What changed.
    pub kind: ChangeKind,
    /// The SchemaVer level it needs.
    pub bump: Bump,
    /// What changed, in words: "maxLength 100 → 50".
    pub detail: String,
}

/// Whether an item was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    /// Only in the new plan.
    Added,
    /// Only in the old plan.
    Removed,
    /// In both, with changes.
    Changed,
}

/// The changes to one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventDiff {
    /// Wire name.
    pub name: String,
    /// Added, removed or changed.
    pub presence: Presence,
    /// Version in the old plan.
    #[serde(serialize_with = "display_option")]
    pub old_version: Option<SchemaVer>,
    /// Version in the new plan.
    #[serde(serialize_with = "display_option")]
    pub new_version: Option<SchemaVer>,
    /// The largest level among the changes.
    pub bump: Bump,
    /// The smallest version the new plan should declare.
    #[serde(serialize_with = "display_option")]
    pub required_version: Option<SchemaVer>,
    /// Whether the declared version is at least the required one.
    pub version_ok: bool,
    /// A removed event with the same wire name in other casing or the same properties, when
    /// an added event looks like its new name (or the other way round).
    pub possibly_renamed: Option<String>,
    /// The changes, properties in plan order.
    pub changes: Vec<Change>,
}

/// The changes to the identify, group, page or screen call, or the global properties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallDiff {
    /// "identify", "group", "page", "screen" or "global properties".
    pub name: &'static str,
    /// Added, removed or changed.
    pub presence: Presence,
    /// The largest level among the changes.
    pub bump: Bump,
    /// The changes.
    pub changes: Vec<Change>,
}

/// Name and version of one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// Plan name.
    pub name: String,
    /// Plan version.
    pub version: String,
    /// Where it was read (path or `git:REV:PATH`).
    pub label: String,
}

/// Everything that changed between two plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDiff {
    /// The old plan.
    pub old: Side,
    /// The new plan.
    pub new: Side,
    /// Semver impact on the plan.
    pub impact: Impact,
    /// The smallest plan version the new plan should declare.
    pub required_version: String,
    /// Whether the new plan's version is at least that.
    pub version_ok: bool,
    /// Plan-level changes (vendor, destinations, conventions…), in words.
    pub plan_changes: Vec<String>,
    /// Event changes: changed and removed events in old-plan order, then added ones.
    pub events: Vec<EventDiff>,
    /// Call changes.
    pub calls: Vec<CallDiff>,
}

impl PlanDiff {
    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        self.impact == Impact::None
    }

    /// Events whose declared version does not carry their changes.
    pub fn version_problems(&self) -> impl Iterator<Item = &EventDiff> {
        self.events.iter().filter(|event| !event.version_ok)
    }
}

fn display_option<T: std::fmt::Display, S: serde::Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.collect_str(value),
        None => serializer.serialize_none(),
    }
}

/// Compare two plans; `old_label` and `new_label` say where they were read.
pub fn diff(old: &Plan, new: &Plan, old_label: &str, new_label: &str) -> PlanDiff {
    let old_by_name: HashMap<&str, &Event> = old.events.iter().map(|e| (e.name.as_str(), e)).collect();
    let new_by_name: HashMap<&str, &Event> = new.events.iter().map(|e| (e.name.as_str(), e)).collect();
    let mut events = Vec::new();
    for old_event in &old.events {
        match new_by_name.get(old_event.name.as_str()) {
            Some(new_event) => {
                let diff = changed_event(old, new, old_event, new_event);
                if !diff.changes.is_empty() || diff.old_version != diff.new_version {
                    events.push(diff);
                }
            }
            None => events.push(removed_event(old_event)),
        }
    }
    for new_event in new.events.iter().filter(|e| !old_by_name.contains_key(e.name.as_str())) {
        events.push(added_event(new_event));
    }
    compare::guess_event_renames(&old_by_name, &new_by_name, &mut events);

    let calls = [
        ("global properties", &old.global_properties, &new.global_properties),
        ("identify", &old.identify, &new.identify),
        ("group", &old.group, &new.group),
        ("page", &old.page, &new.page),
        ("screen", &old.screen, &new.screen),
    ]
    .into_iter()
    .filter_map(|(name, a, b)| call_diff(old, new, name, a.as_ref(), b.as_ref()))
    .collect::<Vec<_>>();

    let plan_changes = compare::plan_level(old, new);
    let mut impact = if plan_changes.is_empty() { Impact::None } else { Impact::Patch };
    if old.vendor != new.vendor {
        impact = Impact::Major;
    }
    for event in &events {
        let event_impact = match event.presence {
            Presence::Removed => Impact::Major,
            Presence::Added => Impact::Minor,
            Presence::Changed if event.changes.iter().any(|c| c.kind == ChangeKind::Deprecated) => {
                Impact::of(event.bump).max(Impact::Minor)
            }
            Presence::Changed => Impact::of(event.bump),
        };
        impact = impact.max(event_impact);
    }
    for call in &calls {
        let call_impact = match call.presence {
            Presence::Removed => Impact::Major,
            Presence::Added => Impact::Minor,
            Presence::Changed => Impact::of(call.bump),
        };
        impact = impact.max(call_impact);
    }
    let required = impact.apply(&old.version);
    PlanDiff {
        old: Side { name: old.name.clone(), version: old.version.to_string(), label: old_label.to_owned() },
        new: Side { name: new.name.clone(), version: new.version.to_string(), label: new_label.to_owned() },
        impact,
        required_version: required.to_string(),
        version_ok: impact.satisfied_by(&old.version, &new.version),
        plan_changes,
        events,
        calls,
    }
}

fn removed_event(event: &Event) -> EventDiff {
    EventDiff {
        name: event.name.clone(),
        presence: Presence::Removed,
        old_version: Some(event.version),
        new_version: None,
        bump: Bump::Model,
        required_version: None,
        version_ok: true,
        possibly_renamed: None,
        changes: Vec::new(),
    }
}

fn added_event(event: &Event) -> EventDiff {
    EventDiff {
        name: event.name.clone(),
        presence: Presence::Added,
        old_version: None,
        new_version: Some(event.version),
        bump: Bump::None,
        required_version: None,
        version_ok: true,
        possibly_renamed: None,
        changes: Vec::new(),
    }
}

fn changed_event(old_plan: &Plan, new_plan: &Plan, old: &Event, new: &Event) -> EventDiff {
    let mut changes = Vec::new();
    compare::event_metadata(old, new, &mut changes);
    compare::properties(old_plan, new_plan, &old.properties, &new.properties, "", &mut changes);
    let bump = changes.iter().map(|c| c.bump).max().unwrap_or(Bump::None);
    let required = bump.apply(old.version);
    EventDiff {
        name: new.name.clone(),
        presence: Presence::Changed,
        old_version: Some(old.version),
        new_version: Some(new.version),
        bump,
        required_version: Some(required),
        version_ok: bump.satisfied_by(old.version, new.version),
        possibly_renamed: None,
        changes,
    }
}

fn call_diff(
    old_plan: &Plan,
    new_plan: &Plan,
    name: &'static str,
    old: Option<&Call>,
    new: Option<&Call>,
) -> Option<CallDiff> {
    let none: &[Property] = &[];
    let (presence, old_properties, new_properties) = match (old, new) {
        (None, None) => return None,
        (Some(old), None) => (Presence::Removed, old.properties.as_slice(), none),
        (None, Some(new)) => (Presence::Added, none, new.properties.as_slice()),
        (Some(old), Some(new)) => (Presence::Changed, old.properties.as_slice(), new.properties.as_slice()),
    };
    let mut changes = Vec::new();
    if let (Some(old), Some(new)) = (old, new) {
        if old.description != new.description {
            changes.push(compare::change("", ChangeKind::DescriptionChanged, false, "description changed".to_owned()));
        }
    }
    compare::properties(old_plan, new_plan, old_properties, new_properties, "", &mut changes);
    if presence == Presence::Changed && changes.is_empty() {
        return None;
    }
    // A call that appears or disappears as a whole is judged by its presence, not its properties.
    let bump = match presence {
        Presence::Changed => changes.iter().map(|c| c.bump).max().unwrap_or(Bump::None),
        Presence::Added | Presence::Removed => Bump::None,
    };
    Some(CallDiff { name, presence, bump, changes })
}

/// Whether a status change deprecates the event.
pub(crate) fn status_change(old: Status, new: Status) -> Option<ChangeKind> {
    match (old, new) {
        (Status::Active, Status::Deprecated) => Some(ChangeKind::Deprecated),
        (Status::Deprecated, Status::Active) => Some(ChangeKind::Reactivated),
        _ => None,
    }
}
