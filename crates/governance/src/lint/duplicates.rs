//! Near-duplicate names (TP006 events, TP007 properties): two names that differ only in case
//! or separators ("Order Completed" / "order_completed"), in word order ("Completed Order"),
//! or by a typo in one word ("Shiping Method"). Names that differ only in a number ("Step 1
//! Viewed" / "Step 2 Viewed") are deliberate and not reported.
//!
//! Every check is a hash lookup: names are bucketed by their compact key, their sorted words,
//! and each of their words masked in turn, so a 3,000-event plan never compares all pairs.

use std::collections::{HashMap, HashSet};
use trackplan_plan_model::suggest::edit_distance;

use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Location, Status};

use trackplan_plan_model::model::Property;

use super::inventory::DeprecatedScopes;
use super::{Rule, Sink};
use crate::names;

/// A name to compare, with the place it is first written.
struct Named<'p> {
    name: &'p str,
    location: Location,
    words: Vec<String>,
    compact: String,
    /// The compact key transliterated to ASCII: look-alike letters ("О" and "O") meet here.
    skeleton: String,
}

impl<'p> Named<'p> {
    fn new(name: &'p str, location: Location) -> Self {
        let words: Vec<String> = names::words(name).iter().map(|w| w.to_lowercase()).collect();
        let compact = words.concat();
        let skeleton = deunicode::deunicode(&compact).to_lowercase();
        Named { name, location, words, compact, skeleton }
    }
}

/// Why two names are near-duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Likeness {
    /// Same words; only case or separators differ.
    CaseOrSeparators,
    /// Same letters once transliterated: a homoglyph or an accent differs.
    LookAlike,
    /// Same words in another order.
    WordOrder,
    /// One word differs by this many edits.
    Typo(usize),
}

impl Likeness {
    fn describe(self) -> String {
        match self {
            Likeness::CaseOrSeparators => "only case or separators differ".to_owned(),
            Likeness::LookAlike => "only look-alike or accented letters differ".to_owned(),
            Likeness::WordOrder => "the same words in another order".to_owned(),
            Likeness::Typo(1) => "one word differs by one letter".to_owned(),
            Likeness::Typo(edits) => format!("one word differs by {edits} letters"),
        }
    }
}

pub(crate) fn check(plan: &Plan, declared: &[&Property], deprecated: &DeprecatedScopes<'_>, sink: &mut Sink<'_>) {
    if sink.enabled(Rule::EventNearDuplicate) {
        let events: Vec<Named<'_>> = plan
            .events
            .iter()
            .filter(|e| e.status != Status::Deprecated)
            .map(|e| Named::new(&e.name, Location { file: e.location.file.clone(), path: e.location.path.key("name") }))
            .collect();
        report(&events, Rule::EventNearDuplicate, "event", false, sink);
    }
    if sink.enabled(Rule::PropertyNearDuplicate) {
        let mut seen = HashSet::new();
        let properties: Vec<Named<'_>> = declared
            .iter()
            .filter(|p| !deprecated.contains(&p.location) && seen.insert(p.name.as_str()))
            .map(|p| Named::new(&p.name, p.location.clone()))
            .collect();
        report(&properties, Rule::PropertyNearDuplicate, "property", true, sink);
    }
}

fn report(items: &[Named<'_>], rule: Rule, what: &str, on_key: bool, sink: &mut Sink<'_>) {
    for (first, second, likeness) in near_duplicates(items) {
        let (a, b) = (&items[first], &items[second]);
        let message = format!("{what} name {:?} is a near-duplicate of {:?}: {}", b.name, a.name, likeness.describe());
        if let Some(finding) = sink.report(rule, &b.location, on_key, message) {
            finding
                .help("use one name for one thing: rename one of the two, or deprecate one in favour of the other")
                .related(format!("{what} {:?} is declared here", a.name), &a.location, on_key);
        }
    }
}

/// Pairs `(earlier, later, likeness)` of near-duplicate names, in plan order of the later one.
fn near_duplicates(items: &[Named<'_>]) -> Vec<(usize, usize, Likeness)> {
    let mut pairs: Vec<(usize, usize, Likeness)> = Vec::new();
    let mut reported: HashSet<(usize, usize)> = HashSet::new();
    let mut add = |a: usize, b: usize, likeness: Likeness, pairs: &mut Vec<(usize, usize, Likeness)>| {
        let key = (a.min(b), a.max(b));
        if items[a].name != items[b].name && reported.insert(key) {
            pairs.push((key.0, key.1, likeness));
        }
    };

    let mut by_compact: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_skeleton: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_sorted: HashMap<Vec<&str>, Vec<usize>> = HashMap::new();
    let mut by_masked: HashMap<(usize, Vec<&str>), Vec<usize>> = HashMap::new();
    for (index, item) in items.iter().enumerate().filter(|(_, item)| !item.compact.is_empty()) {
        by_compact.entry(&item.compact).or_default().push(index);
        by_skeleton.entry(&item.skeleton).or_default().push(index);
        let mut sorted: Vec<&str> = item.words.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        by_sorted.entry(sorted).or_default().push(index);
        for position in 0..item.words.len() {
            let masked: Vec<&str> =
                item.words.iter().enumerate().map(|(i, w)| if i == position { "" } else { w.as_str() }).collect();
            by_masked.entry((position, masked)).or_default().push(index);
        }
    }
    for group in by_compact.values().filter(|g| g.len() > 1) {
        for &later in &group[1..] {
            add(group[0], later, Likeness::CaseOrSeparators, &mut pairs);
        }
    }
    for group in by_skeleton.values().filter(|g| g.len() > 1) {
        // One pair per two spellings: the other members of a spelling are reported above.
        let mut spellings: Vec<usize> = Vec::new();
        for &index in group {
            if !spellings.iter().any(|&s| items[s].compact == items[index].compact) {
                spellings.push(index);
            }
        }
        for (i, &a) in spellings.iter().enumerate() {
            for &b in &spellings[i + 1..] {
                add(a, b, Likeness::LookAlike, &mut pairs);
            }
        }
    }
    for group in by_sorted.values().filter(|g| g.len() > 1) {
        for (i, &a) in group.iter().enumerate() {
            for &b in &group[i + 1..] {
                if items[a].compact != items[b].compact {
                    add(a, b, Likeness::WordOrder, &mut pairs);
                }
            }
        }
    }
    for ((position, _), group) in by_masked.iter().filter(|(_, g)| g.len() > 1) {
        for (i, &a) in group.iter().enumerate() {
            for &b in &group[i + 1..] {
                let (x, y) = (&items[a].words[*position], &items[b].words[*position]);
                if let Some(edits) = typo(x, y) {
                    add(a, b, Likeness::Typo(edits), &mut pairs);
                }
            }
        }
    }
    pairs.sort_unstable_by_key(|(a, b, _)| (*b, *a));
    pairs
}

/// The number of edits between two different words when it looks like a typo: one edit from
/// 5 letters, two from 9. Not a typo: words that differ in their first letter ("catch" /
/// "match", "installed" / "uninstalled"), a single replaced letter in a word of fewer than 7
/// ("callee" / "caller"), or only in digits ("step1" / "step2").
fn typo(a: &str, b: &str) -> Option<usize> {
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let allowed = match x.len().min(y.len()) {
        0..=4 => return None,
        5..=8 => 1,
        _ => 2,
    };
    if a == b || x.len().abs_diff(y.len()) > allowed || x[0] != y[0] {
        return None;
    }
    let letters = |w: &[char]| w.iter().filter(|c| !c.is_numeric()).collect::<String>();
    if letters(&x) == letters(&y) {
        return None;
    }
    let edits = edit_distance(a, b);
    let substitutions_only = x.len() == y.len() && x.iter().zip(&y).filter(|(p, q)| p != q).count() == edits;
    if substitutions_only && x.len() < 7 {
        return None;
    }
    (edits <= allowed).then_some(edits)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use trackplan_plan_model::json_path::JsonPath;

    use super::*;

    fn pairs(names: &[&'static str]) -> Vec<(&'static str, &'static str, Likeness)> {
        let file = Arc::new(PathBuf::from("plan.json"));
        let items: Vec<Named<'_>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| Named::new(n, Location { file: file.clone(), path: JsonPath::root().index(i) }))
            .collect();
        near_duplicates(&items).into_iter().map(|(a, b, l)| (names[a], names[b], l)).collect()
    }

    #[test]
    fn finds_case_separator_order_and_typo_duplicates() {
        assert_eq!(
            pairs(&["Order Completed", "order_completed"]),
            [("Order Completed", "order_completed", Likeness::CaseOrSeparators)]
        );
        assert_eq!(
            pairs(&["Checkout Started", "Check Out Started"]),
            [("Checkout Started", "Check Out Started", Likeness::CaseOrSeparators)]
        );
        assert_eq!(
            pairs(&["Order Completed", "Completed Order"]),
            [("Order Completed", "Completed Order", Likeness::WordOrder)]
        );
        assert_eq!(
            pairs(&["shipping_method", "shiping_method"]),
            [("shipping_method", "shiping_method", Likeness::Typo(1))]
        );
        assert_eq!(
            pairs(&["Product Viewed", "Products Viewed"]),
            [("Product Viewed", "Products Viewed", Likeness::Typo(1))]
        );
        assert_eq!(
            pairs(&["Subscription Renewed", "Subscirption Renewed"]),
            [("Subscription Renewed", "Subscirption Renewed", Likeness::Typo(1))]
        );
        assert_eq!(
            pairs(&["product_category", "product_catagory"]),
            [("product_category", "product_catagory", Likeness::Typo(1))]
        );
        assert_eq!(
            pairs(&["Order Completed", "\u{41e}rder Completed"]),
            [("Order Completed", "\u{41e}rder Completed", Likeness::LookAlike)]
        );
        assert_eq!(pairs(&["Ücret Ödendi", "Ucret Odendi"]), [("Ücret Ödendi", "Ucret Odendi", Likeness::LookAlike)]);
    }

    #[test]
    fn leaves_distinct_names_alone() {
        let distinct = [
            "Coupon Applied",
            "Coupon Denied",
            "Coupon Entered",
            "Coupon Removed",
            "Cart Viewed",
            "Cart Shared",
            "Product Viewed",
            "Product Shared",
            "Step 1 Viewed",
            "Step 2 Viewed",
            "Order Viewed 12",
            "Order Viewed 13",
            "sent_at",
            "seen_at",
            "first_name",
            "last_name",
            "created_at",
            "updated_at",
            "min_price",
            "max_price",
            "card",
            "cart",
            "list_id",
            "cart_id",
            "catch",
            "match",
            "field",
            "yield",
            "callee",
            "caller",
            "App Installed",
            "App Uninstalled",
            "Plan Subscribed",
            "Plan Unsubscribed",
            "File Loaded",
            "File Reloaded",
        ];
        assert_eq!(pairs(&distinct), []);
    }

    #[test]
    fn measures_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("recieved", "received"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }
}
