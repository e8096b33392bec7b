//! Naming rules: casing conventions, whitespace, trailing punctuation (TP001–TP004) and
//! object-action event names (TP005). Deprecated events keep their wire names, so these rules
//! skip them and everything written inside them.

use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Casing, Location, Property, Status};

use super::inventory::DeprecatedScopes;
use super::{Rule, Sink};
use crate::names::{self, casing_name};
use crate::verbs;

pub(crate) fn check(plan: &Plan, declared: &[&Property], deprecated: &DeprecatedScopes<'_>, sink: &mut Sink<'_>) {
    for event in plan.events.iter().filter(|e| e.status != Status::Deprecated) {
        let at = event.location.path.key("name");
        let location = Location { file: event.location.file.clone(), path: at };
        name_rules(&event.name, "event", plan.conventions.event_casing, Rule::EventCasing, &location, false, sink);
        if sink.enabled(Rule::EventObjectAction) {
            object_action(&event.name, plan.conventions.event_casing, &location, sink);
        }
    }
    for property in declared.iter().filter(|p| !deprecated.contains(&p.location)) {
        let casing = plan.conventions.property_casing;
        name_rules(&property.name, "property", casing, Rule::PropertyCasing, &property.location, true, sink);
    }
}

fn name_rules(
    name: &str,
    what: &str,
    casing: Option<Casing>,
    casing_rule: Rule,
    location: &Location,
    on_key: bool,
    sink: &mut Sink<'_>,
) {
    if let Some(problem) = names::whitespace_problem(name) {
        let fixed = names::normalize_whitespace(name);
        if let Some(finding) =
            sink.report(Rule::NameWhitespace, location, on_key, format!("{what} name {name:?} has {problem}"))
        {
            finding.help(format!("rename it to {fixed:?}")).fixable();
        }
    }
    // Casing is judged on the name without its whitespace problems, reported above.
    let clean = names::normalize_whitespace(name);
    if let Some(casing) = casing {
        if !clean.is_empty() && !names::follows(&clean, casing) {
            let fixed = names::convert(&clean, casing);
            let message = format!("{what} name {name:?} is not {}", casing_name(casing));
            if let Some(finding) = sink.report(casing_rule, location, on_key, message) {
                finding.help(format!("rename it to {fixed:?}, as the plan's conventions ask")).fixable();
            }
        }
    }
    if let Some(mark) = names::trailing_punctuation(name) {
        let message = format!("{what} name {name:?} ends with {mark:?}");
        if let Some(finding) = sink.report(Rule::NameTrailingPunctuation, location, on_key, message) {
            finding.help("remove the punctuation: names are labels, not sentences");
        }
    }
}

/// Where the action is in an event name's words, if it has one.
#[derive(Debug, PartialEq, Eq)]
enum Shape {
    /// Object words, then a past-tense action, then optionally a particle or a prepositional
    /// phrase: "Order Completed", "User Signed Up", "Product Added to Wishlist".
    ObjectAction,
    /// Only a phrasal verb, the user being the implied object: "Signed Up", "Logged In".
    PhrasalAction,
    /// The action comes first: "Completed Order", "click_button".
    ActionFirst { verb: usize },
    /// The last word is a verb, but not in the past tense: "Order Complete", "Video Playing".
    NotPastTense { verb: usize },
    /// An action with no object: "Completed".
    NoObject,
    /// No action word at all: "Checkout".
    NoAction,
}

fn shape(words: &[&str]) -> Shape {
    let Some(last) = words.iter().rposition(|w| !w.chars().all(|c| c.is_numeric())) else {
        return Shape::NoAction;
    };
    let words = &words[..=last];
    // The action is the last past tense that only modifiers follow: a particle ("Signed Up"),
    // an adverb ("Completed Twice"), a number, or a phrase opened by a small word ("Added to
    // Wishlist").
    let action = (0..=last).rev().find(|&i| verbs::is_past(words[i]) && only_modifiers(&words[i + 1..]));
    match action {
        Some(0) if last == 0 => return Shape::NoObject,
        Some(0) if words[1..].iter().all(|w| verbs::is_particle(w)) => return Shape::PhrasalAction,
        Some(0) => return Shape::ActionFirst { verb: 0 },
        Some(_) => return Shape::ObjectAction,
        None => {}
    }
    if last == 0 {
        return Shape::NoAction;
    }
    // "Completed Order" before "Order Complete": a past tense first is the clearer sign.
    if verbs::is_past(words[0]) {
        return Shape::ActionFirst { verb: 0 };
    }
    if verbs::past_of(words[last]).is_some() {
        return Shape::NotPastTense { verb: last };
    }
    if verbs::is_base(words[0]) {
        return Shape::ActionFirst { verb: 0 };
    }
    Shape::NoAction
}

/// Whether the words after an action only modify it.
fn only_modifiers(rest: &[&str]) -> bool {
    for word in rest {
        let lower = word.to_lowercase();
        if names::is_minor_word(&lower) {
            return true;
        }
        let modifier = verbs::is_particle(&lower) || verbs::is_adverb(&lower) || lower.chars().all(char::is_numeric);
        if !modifier {
            return false;
        }
    }
    true
}

/// Words rendered like the original name, or in the plan's convention when it has one.
fn render(words: &[String], original: &str, casing: Option<Casing>) -> String {
    let spaced = words.join(" ");
    let casing = casing.or_else(|| names::detect(original)).unwrap_or(Casing::Title);
    names::convert(&spaced, casing)
}

fn object_action(name: &str, casing: Option<Casing>, location: &Location, sink: &mut Sink<'_>) {
    let words = names::words(name);
    let owned = |range: &[&str]| range.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>();
    let (problem, suggestion) = match shape(&words) {
        Shape::ObjectAction | Shape::PhrasalAction => return,
        Shape::ActionFirst { verb } => {
            let past = verbs::past_of(words[verb]).unwrap_or_else(|| words[verb].to_lowercase());
            let mut reordered = owned(&words[verb + 1..]);
            reordered.push(past);
            ("starts with its action", Some(render(&reordered, name, casing)))
        }
        Shape::NotPastTense { verb } => {
            let mut fixed = owned(&words[..verb]);
            fixed.push(verbs::past_of(words[verb]).unwrap_or_default());
            ("does not put its action in the past tense", Some(render(&fixed, name, casing)))
        }
        Shape::NoObject => ("has an action but no object", None),
        Shape::NoAction => ("does not end with an action in the past tense", None),
    };
    let message = format!("event name {name:?} {problem}");
    if let Some(finding) = sink.report(Rule::EventObjectAction, location, false, message) {
        match suggestion {
            Some(suggestion) => finding.help(format!(
                "name events as an object followed by what happened to it, in the past tense: {suggestion:?}"
            )),
            None => finding.help(
                "name events as an object followed by what happened to it, in the past tense, e.g. \"Order Completed\"",
            ),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape_of(name: &str) -> Shape {
        shape(&names::words(name))
    }

    #[test]
    fn accepts_object_action_names() {
        for name in [
            "Order Completed",
            "Product Added to Wishlist",
            "Product List Viewed",
            "Products Searched",
            "Checkout Step Viewed",
            "Payment Info Entered",
            "Order Cancelled",
            "Push Notification Opened",
            "Password Reset",
            "Invite Sent",
            "User Signed Up",
            "Signed Up",
            "Logged In",
            "Bulk Order Viewed 12",
            "Terms of Service Accepted",
            "Application Backgrounded",
            "Coupon Denied",
            "Cart Emptied",
            "Order Completed Twice",
            "Payment Failed Again",
            "Order_Completed_Twice",
            "order_completed",
            "orderCompleted",
        ] {
            let shape = shape_of(name);
            assert!(matches!(shape, Shape::ObjectAction | Shape::PhrasalAction), "{name}: {shape:?}");
        }
    }

    #[test]
    fn flags_other_shapes() {
        assert_eq!(shape_of("Completed Order"), Shape::ActionFirst { verb: 0 });
        assert_eq!(shape_of("click_button"), Shape::ActionFirst { verb: 0 });
        assert_eq!(shape_of("Added to Wishlist"), Shape::ActionFirst { verb: 0 });
        assert_eq!(shape_of("Order Complete"), Shape::NotPastTense { verb: 1 });
        assert_eq!(shape_of("Video Content Playing"), Shape::NotPastTense { verb: 2 });
        assert_eq!(shape_of("Completed"), Shape::NoObject);
        assert_eq!(shape_of("Checkout"), Shape::NoAction);
        assert_eq!(shape_of("Product Speed"), Shape::NoAction);
    }

    #[test]
    fn suggests_object_action_names() {
        let words = |name: &str| names::words(name).iter().map(|w| w.to_lowercase()).collect::<Vec<_>>();
        assert_eq!(render(&words("order completed"), "Completed Order", Some(Casing::Title)), "Order Completed");
        assert_eq!(render(&words("button clicked"), "click_button", None), "button_clicked");
        assert_eq!(render(&words("button clicked"), "click_button", Some(Casing::Title)), "Button Clicked");
    }
}
