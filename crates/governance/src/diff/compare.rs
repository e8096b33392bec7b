//! Comparing events, properties and types of two plans.

use std::collections::{BTreeSet, HashMap};

use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{ArrayType, Bound, Event, NamedKind, NumberRules, Property, StringRules, Type};

use super::{Change, ChangeKind, EventDiff, Presence, status_change};
use crate::names;

/// A change entry with the level its kind needs.
pub(super) fn change(path: &str, kind: ChangeKind, required: bool, detail: String) -> Change {
    Change { path: path.to_owned(), kind, bump: kind.bump(required), detail }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") }
}

/// Changes outside the payload: documentation, ownership, routing, status.
pub(super) fn event_metadata(old: &Event, new: &Event, out: &mut Vec<Change>) {
    if old.description != new.description {
        out.push(change("", ChangeKind::DescriptionChanged, false, "description changed".to_owned()));
    }
    let metadata = [
        ("owners", old.owners.join(", "), new.owners.join(", ")),
        ("tags", old.tags.join(", "), new.tags.join(", ")),
        ("sources", old.sources.join(", "), new.sources.join(", ")),
        ("category", old.category.clone().unwrap_or_default(), new.category.clone().unwrap_or_default()),
        (
            "priority",
            old.priority.map(|p| format!("{p:?}")).unwrap_or_default(),
            new.priority.map(|p| format!("{p:?}")).unwrap_or_default(),
        ),
    ];
    for (what, before, after) in metadata {
        if before != after {
            out.push(change(
                "",
                ChangeKind::MetadataChanged,
                false,
                format!("{what}: {} → {}", shown(&before), shown(&after)),
            ));
        }
    }
    // Destinations are a set: a lock lists them key-sorted, a plan file as written.
    let (old_destinations, new_destinations) = (sorted(&old.destinations), sorted(&new.destinations));
    if old_destinations != new_destinations {
        let detail =
            format!("destinations: {} → {}", shown(&old_destinations.join(", ")), shown(&new_destinations.join(", ")));
        out.push(change("", ChangeKind::DestinationsChanged, false, detail));
    }
    if let Some(kind) = status_change(old.status, new.status) {
        let detail = match (kind, &new.deprecation) {
            (ChangeKind::Deprecated, Some(note)) => format!("deprecated: {note}"),
            (ChangeKind::Deprecated, None) => "deprecated".to_owned(),
            _ => "no longer deprecated".to_owned(),
        };
        out.push(change("", kind, false, detail));
    }
    if old.examples != new.examples {
        out.push(change("", ChangeKind::ExamplesChanged, false, "example payloads changed".to_owned()));
    }
}

fn shown(text: &str) -> &str {
    if text.is_empty() { "(none)" } else { text }
}

/// Compare two property lists by name: removed ones first in old order, then changed and
/// added ones in new order.
pub(super) fn properties(
    old_plan: &Plan,
    new_plan: &Plan,
    old: &[Property],
    new: &[Property],
    prefix: &str,
    out: &mut Vec<Change>,
) {
    let mut removed: Vec<&Property> = Vec::new();
    for property in old.iter().filter(|p| !new.iter().any(|n| n.name == p.name)) {
        removed.push(property);
        let required = if property.required { "required" } else { "optional" };
        out.push(change(
            &join(prefix, &property.name),
            ChangeKind::PropertyRemoved,
            false,
            format!("{required} property removed"),
        ));
    }
    for property in new {
        let path = join(prefix, &property.name);
        match old.iter().find(|o| o.name == property.name) {
            Some(before) => property_changes(old_plan, new_plan, before, property, &path, out),
            None => {
                let required = if property.required { "required" } else { "optional" };
                let mut detail = format!("{required} property added ({})", type_label(&property.ty));
                if let Some(was) = removed.iter().find(|r| looks_renamed(r, property)) {
                    detail.push_str(&format!("; possibly renamed from {:?}", was.name));
                }
                out.push(change(&path, ChangeKind::PropertyAdded, property.required, detail));
            }
        }
    }
}

/// Same words in another case or separators, or the same type and description.
fn looks_renamed(old: &Property, new: &Property) -> bool {
    names::compact_key(&old.name) == names::compact_key(&new.name)
        || (old.description.is_some()
            && old.description == new.description
            && type_label(&old.ty) == type_label(&new.ty))
}

fn property_changes(
    old_plan: &Plan,
    new_plan: &Plan,
    old: &Property,
    new: &Property,
    path: &str,
    out: &mut Vec<Change>,
) {
    match (old.required, new.required) {
        (false, true) => out.push(change(path, ChangeKind::RequiredAdded, false, "optional → required".to_owned())),
        (true, false) => out.push(change(path, ChangeKind::RequiredRemoved, false, "required → optional".to_owned())),
        _ => {}
    }
    match (old.nullable, new.nullable) {
        (false, true) => out.push(change(path, ChangeKind::NullableAdded, false, "may now be null".to_owned())),
        (true, false) => out.push(change(path, ChangeKind::NullableRemoved, false, "may no longer be null".to_owned())),
        _ => {}
    }
    types(old_plan, new_plan, &old.ty, &new.ty, path, out);
    if old.description != new.description {
        out.push(change(path, ChangeKind::DescriptionChanged, false, "description changed".to_owned()));
    }
    if old.examples != new.examples || old.default != new.default {
        out.push(change(path, ChangeKind::ExamplesChanged, false, "examples or default changed".to_owned()));
    }
    if old.pii != new.pii {
        let detail = if new.pii { "now flagged PII" } else { "no longer flagged PII" };
        out.push(change(path, ChangeKind::PiiChanged, false, detail.to_owned()));
    }
}

/// The type as written in messages: "integer", "enum", "array of object".
pub(super) fn type_label(ty: &Type) -> String {
    match ty {
        Type::Enum(_) => "enum".to_owned(),
        Type::Array(array) => format!("array of {}", type_label(&array.items)),
        other => other.keyword().to_owned(),
    }
}

fn types(old_plan: &Plan, new_plan: &Plan, old: &Type, new: &Type, path: &str, out: &mut Vec<Change>) {
    match (old, new) {
        (Type::String(a), Type::String(b)) => strings(a, b, path, out),
        (Type::Integer(a), Type::Integer(b)) | (Type::Number(a), Type::Number(b)) => numbers(a, b, path, out),
        (Type::Integer(a), Type::Number(b)) => {
            out.push(change(path, ChangeKind::TypeWidened, false, "integer → number".to_owned()));
            numbers(&NumberRules { allowed: None, ..a.clone() }, b, path, out);
            if a.allowed.is_some() {
                out.push(change(path, ChangeKind::EnumDropped, false, "allowed integers dropped".to_owned()));
            }
        }
        (Type::Boolean, Type::Boolean) => {}
        (Type::Enum(a), Type::Enum(b)) => {
            let (before, after) = (enum_values(old_plan, *a), enum_values(new_plan, *b));
            value_sets(&before, &after, path, out);
        }
        (Type::String(_), Type::Enum(id)) => {
            let detail = format!("free string → enum of {}", list(&enum_values(new_plan, *id)));
            out.push(change(path, ChangeKind::EnumIntroduced, false, detail));
        }
        (Type::Enum(id), Type::String(rules)) => {
            let detail = format!("enum of {} → free string", list(&enum_values(old_plan, *id)));
            if *rules == StringRules::default() {
                out.push(change(path, ChangeKind::EnumDropped, false, detail));
            } else {
                // The new string rules may reject old enum values: treated as narrowing.
                out.push(change(path, ChangeKind::ConstraintChanged, false, format!("{detail} with constraints")));
            }
        }
        (Type::Array(a), Type::Array(b)) => arrays(old_plan, new_plan, a, b, path, out),
        (Type::Object(a), Type::Object(b)) => {
            let (before, after) = (object_properties(old_plan, *a), object_properties(new_plan, *b));
            properties(old_plan, new_plan, before, after, path, out);
        }
        _ => {
            let detail = format!("{} → {}", type_label(old), type_label(new));
            out.push(change(path, ChangeKind::TypeChanged, false, detail));
        }
    }
}

fn object_properties(plan: &Plan, id: trackplan_plan_model::model::TypeId) -> &[Property] {
    match &plan.ty(id).kind {
        NamedKind::Object { properties } => properties,
        NamedKind::Enum { .. } => &[],
    }
}

fn enum_values(plan: &Plan, id: trackplan_plan_model::model::TypeId) -> BTreeSet<String> {
    match &plan.ty(id).kind {
        NamedKind::Enum { values } => values.iter().map(|v| format!("{:?}", v.value)).collect(),
        NamedKind::Object { .. } => BTreeSet::new(),
    }
}

fn list(values: &BTreeSet<String>) -> String {
    values.iter().cloned().collect::<Vec<_>>().join(", ")
}

fn value_sets(before: &BTreeSet<String>, after: &BTreeSet<String>, path: &str, out: &mut Vec<Change>) {
    let removed: BTreeSet<String> = before.difference(after).cloned().collect();
    let added: BTreeSet<String> = after.difference(before).cloned().collect();
    if !removed.is_empty() {
        out.push(change(path, ChangeKind::EnumValuesRemoved, false, format!("values removed: {}", list(&removed))));
    }
    if !added.is_empty() {
        out.push(change(path, ChangeKind::EnumValuesAdded, false, format!("values added: {}", list(&added))));
    }
}

/// Which way a limit moved.
enum Move {
    Narrowed,
    Widened,
}

fn limit<T: PartialOrd + std::fmt::Display>(
    keyword: &str,
    old: Option<T>,
    new: Option<T>,
    lower: bool,
    path: &str,
    out: &mut Vec<Change>,
) {
    let direction = match (&old, &new) {
        (None, None) => return,
        (None, Some(_)) => Move::Narrowed,
        (Some(_), None) => Move::Widened,
        (Some(a), Some(b)) if a == b => return,
        (Some(a), Some(b)) => {
            if (b > a) == lower {
                Move::Narrowed
            } else {
                Move::Widened
            }
        }
    };
    let show = |v: &Option<T>| v.as_ref().map_or("none".to_owned(), ToString::to_string);
    let detail = format!("{keyword} {} → {}", show(&old), show(&new));
    let kind = match direction {
        Move::Narrowed => ChangeKind::ConstraintNarrowed,
        Move::Widened => ChangeKind::ConstraintWidened,
    };
    out.push(change(path, kind, false, detail));
}

fn strings(old: &StringRules, new: &StringRules, path: &str, out: &mut Vec<Change>) {
    limit("minLength", old.min_length, new.min_length, true, path, out);
    limit("maxLength", old.max_length, new.max_length, false, path, out);
    replaceable(
        "pattern",
        old.pattern.as_ref().map(|p| p.source.as_str()),
        new.pattern.as_ref().map(|p| p.source.as_str()),
        path,
        out,
    );
    replaceable("format", old.format.map(|f| f.as_str()), new.format.map(|f| f.as_str()), path, out);
}

/// A pattern or format: adding narrows, removing widens, replacing is not comparable and is
/// treated as breaking.
fn replaceable(keyword: &str, old: Option<&str>, new: Option<&str>, path: &str, out: &mut Vec<Change>) {
    let (kind, detail) = match (old, new) {
        (None, None) => return,
        (Some(a), Some(b)) if a == b => return,
        (None, Some(b)) => (ChangeKind::ConstraintNarrowed, format!("{keyword} {b:?} added")),
        (Some(a), None) => (ChangeKind::ConstraintWidened, format!("{keyword} {a:?} removed")),
        (Some(a), Some(b)) => (ChangeKind::ConstraintChanged, format!("{keyword} {a:?} → {b:?}")),
    };
    out.push(change(path, kind, false, detail));
}

/// A bound as a point on the number line with a tie-breaker for exclusivity: for a lower
/// bound `> 5` is tighter than `>= 5`, for an upper bound `< 5` is tighter than `<= 5`.
#[derive(PartialEq, PartialOrd)]
struct Edge(f64, i8);

impl std::fmt::Display for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

fn edge(bound: &Option<Bound>, lower: bool) -> Option<Edge> {
    bound.as_ref().map(|b| {
        let tie = match (b.exclusive, lower) {
            (false, _) => 0,
            (true, true) => 1,
            (true, false) => -1,
        };
        Edge(b.as_f64(), tie)
    })
}

fn bound_text(bound: &Option<Bound>, lower: bool) -> String {
    match bound {
        None => "none".to_owned(),
        Some(b) => {
            let op = match (lower, b.exclusive) {
                (true, false) => ">=",
                (true, true) => ">",
                (false, false) => "<=",
                (false, true) => "<",
            };
            format!("{op} {}", b.value)
        }
    }
}

fn numbers(old: &NumberRules, new: &NumberRules, path: &str, out: &mut Vec<Change>) {
    for (keyword, a, b, lower) in
        [("minimum", &old.minimum, &new.minimum, true), ("maximum", &old.maximum, &new.maximum, false)]
    {
        let before = out.len();
        limit(keyword, edge(a, lower), edge(b, lower), lower, path, out);
        if let Some(last) = out.get_mut(before) {
            last.detail = format!("{keyword} {} → {}", bound_text(a, lower), bound_text(b, lower));
        }
    }
    let set =
        |allowed: &Option<Vec<i64>>| allowed.as_ref().map(|v| v.iter().map(i64::to_string).collect::<BTreeSet<_>>());
    match (set(&old.allowed), set(&new.allowed)) {
        (Some(a), Some(b)) => value_sets(&a, &b, path, out),
        (None, Some(b)) => {
            out.push(change(path, ChangeKind::EnumIntroduced, false, format!("allowed values {} added", list(&b))))
        }
        (Some(a), None) => {
            out.push(change(path, ChangeKind::EnumDropped, false, format!("allowed values {} dropped", list(&a))))
        }
        (None, None) => {}
    }
}

fn arrays(old_plan: &Plan, new_plan: &Plan, old: &ArrayType, new: &ArrayType, path: &str, out: &mut Vec<Change>) {
    limit("minItems", old.min_items, new.min_items, true, path, out);
    limit("maxItems", old.max_items, new.max_items, false, path, out);
    match (old.unique_items, new.unique_items) {
        (false, true) => out.push(change(path, ChangeKind::ConstraintNarrowed, false, "uniqueItems added".to_owned())),
        (true, false) => out.push(change(path, ChangeKind::ConstraintWidened, false, "uniqueItems removed".to_owned())),
        _ => {}
    }
    match (old.items_nullable, new.items_nullable) {
        (false, true) => {
            out.push(change(path, ChangeKind::ItemsNullableAdded, false, "elements may now be null".to_owned()))
        }
        (true, false) => {
            out.push(change(path, ChangeKind::ItemsNullableRemoved, false, "elements may no longer be null".to_owned()))
        }
        _ => {}
    }
    types(old_plan, new_plan, &old.items, &new.items, &format!("{path}[]"), out);
}

/// Plan-level changes in words.
pub(super) fn plan_level(old: &Plan, new: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |what: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{what}: {} → {}", shown(&a), shown(&b)));
        }
    };
    field("name", old.name.clone(), new.name.clone());
    field("vendor (every Iglu schema URI)", old.vendor.clone(), new.vendor.clone());
    field("description", old.description.clone().unwrap_or_default(), new.description.clone().unwrap_or_default());
    field("sources", old.sources.join(", "), new.sources.join(", "));
    let destinations = |plan: &Plan| {
        let names: Vec<String> =
            plan.destinations.iter().map(|d| format!("{}{}", d.name, if d.pii { " (pii)" } else { "" })).collect();
        sorted(&names).join(", ")
    };
    field("destinations", destinations(old), destinations(new));
    let conventions = |plan: &Plan| {
        let casing = |c: Option<trackplan_plan_model::model::Casing>| c.map(names::casing_name).unwrap_or("none");
        format!(
            "events {}, properties {}",
            casing(plan.conventions.event_casing),
            casing(plan.conventions.property_casing)
        )
    };
    field("conventions", conventions(old), conventions(new));
    out
}

/// Mark removed and added events that look like one event renamed: same words in another
/// case or separators, or the same non-empty set of property names.
pub(super) fn guess_event_renames(old: &HashMap<&str, &Event>, new: &HashMap<&str, &Event>, events: &mut [EventDiff]) {
    let property_names = |event: &Event| event.properties.iter().map(|p| p.name.clone()).collect::<BTreeSet<_>>();
    let removed: Vec<&Event> = events
        .iter()
        .filter(|e| e.presence == Presence::Removed)
        .filter_map(|e| old.get(e.name.as_str()).copied())
        .collect();
    let mut pairs = Vec::new();
    for added in
        events.iter().filter(|e| e.presence == Presence::Added).filter_map(|e| new.get(e.name.as_str()).copied())
    {
        let same = removed.iter().find(|r| {
            names::compact_key(&r.name) == names::compact_key(&added.name)
                || (!r.properties.is_empty() && property_names(r) == property_names(added))
        });
        if let Some(was) = same {
            pairs.push((was.name.clone(), added.name.clone()));
        }
    }
    for (was, now) in pairs {
        for event in events.iter_mut() {
            if event.presence == Presence::Removed && event.name == was {
                event.possibly_renamed = Some(now.clone());
            } else if event.presence == Presence::Added && event.name == now {
                event.possibly_renamed = Some(was.clone());
            }
        }
    }
}

/// `items` in sorted order, for comparing lists whose order means nothing.
fn sorted(items: &[String]) -> Vec<&str> {
    let mut sorted: Vec<&str> = items.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted
}
