//! One property name, one meaning across events (TP008 types, TP009 allowed values).
//!
//! Amplitude, Mixpanel and warehouse tables keep one type per event property name, so "price"
//! as a number in one event and an integer or a string in another splits or breaks the column.
//! Only event-level properties (their own, their groups', and the global properties sent with
//! every event) are compared: that is the namespace those tools flatten.
//!
//! Allowed values conflict when neither set contains the other: a subset is the same
//! vocabulary used in a narrower context ("share_via" without "facebook" for carts), while
//! unrelated sets mean one name stands for two things.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Location, NamedKind, Property, Type};

use super::{Rule, Sink};

/// One way a property name is declared.
struct Variant<'p> {
    description: String,
    location: &'p Location,
    users: Vec<&'p str>,
}

pub(crate) fn check(plan: &Plan, sink: &mut Sink<'_>) {
    if !sink.enabled(Rule::PropertyTypeConflict) && !sink.enabled(Rule::PropertyEnumConflict) {
        return;
    }
    // Property name → its uses: (property, who uses it).
    let mut uses: IndexMap<&str, Vec<(&Property, &str)>> = IndexMap::new();
    for property in plan.global_properties.iter().flat_map(|c| &c.properties) {
        uses.entry(&property.name).or_default().push((property, "every event (global properties)"));
    }
    for event in &plan.events {
        for property in &event.properties {
            uses.entry(&property.name).or_default().push((property, &event.name));
        }
    }
    for (name, list) in &uses {
        let types = variants(list, |p| type_label(&p.ty));
        if types.len() > 1 {
            conflict(Rule::PropertyTypeConflict, name, ("has a different type", "one type"), &types, sink);
            continue;
        }
        let sets: Vec<(Option<BTreeSet<String>>, &Property, &str)> =
            list.iter().map(|(p, user)| (allowed_values(plan, &p.ty), *p, *user)).collect();
        let unrelated = sets.iter().any(|(a, ..)| {
            sets.iter().any(|(b, ..)| match (a, b) {
                (Some(a), Some(b)) => !a.is_subset(b) && !b.is_subset(a),
                _ => false,
            })
        });
        if unrelated {
            let values = variants(list, |p| match allowed_values(plan, &p.ty) {
                Some(values) => format!("one of {}", values.into_iter().collect::<Vec<_>>().join(", ")),
                None => "any value".to_owned(),
            });
            conflict(
                Rule::PropertyEnumConflict,
                name,
                ("allows unrelated values", "one set of allowed values"),
                &values,
                sink,
            );
        }
    }
}

/// Group uses by a description of the aspect compared, in order of first appearance.
fn variants<'p>(list: &[(&'p Property, &'p str)], describe: impl Fn(&Property) -> String) -> Vec<Variant<'p>> {
    let mut variants: Vec<Variant<'p>> = Vec::new();
    for (property, user) in list {
        let description = describe(property);
        match variants.iter_mut().find(|v| v.description == description) {
            Some(variant) => variant.users.push(user),
            None => variants.push(Variant { description, location: &property.location, users: vec![user] }),
        }
    }
    variants
}

fn conflict(rule: Rule, name: &str, (aspect, one): (&str, &str), variants: &[Variant<'_>], sink: &mut Sink<'_>) {
    let summary: Vec<String> = variants.iter().map(|v| format!("{} in {}", v.description, users(&v.users))).collect();
    let message = format!("event property {name:?} {aspect} in different events: {}", summary.join("; "));
    // Reported where the second variant is declared: the first is taken as the norm.
    if let Some(finding) = sink.report(rule, variants[1].location, true, message) {
        finding.help(format!("give {name:?} {one} everywhere, or use a distinct name where it means something else"));
        for variant in variants.iter().filter(|v| v.location != variants[1].location) {
            finding.related(format!("{} here", variant.description), variant.location, true);
        }
    }
}

fn users(list: &[&str]) -> String {
    const SHOWN: usize = 3;
    let quoted: Vec<String> = list.iter().take(SHOWN).map(|u| format!("{u:?}")).collect();
    let count = list.len();
    let noun = if count == 1 { "event" } else { "events" };
    if count > SHOWN {
        format!("{count} {noun} ({}, …)", quoted.join(", "))
    } else {
        format!("{count} {noun} ({})", quoted.join(", "))
    }
}

/// The JSON type, with element types for arrays: "integer", "array of string".
fn type_label(ty: &Type) -> String {
    match ty {
        Type::Array(array) => format!("array of {}", type_label(&array.items)),
        other => other.keyword().to_owned(),
    }
}

/// The closed set of values a string enum or integer list allows.
fn allowed_values(plan: &Plan, ty: &Type) -> Option<BTreeSet<String>> {
    match ty {
        Type::Enum(id) => match &plan.ty(*id).kind {
            NamedKind::Enum { values } => Some(values.iter().map(|v| format!("{:?}", v.value)).collect()),
            NamedKind::Object { .. } => None,
        },
        Type::Integer(rules) => rules.allowed.as_ref().map(|values| values.iter().map(i64::to_string).collect()),
        _ => None,
    }
}
