//! The changes page and the built-in comparison, against an older copy of the e-commerce plan
//! edited the way plans evolve: events added and removed, properties added, removed and
//! changed, versions bumped.

mod common;

use common::*;
use trackplan_docs_site::changes::{ChangeKind, Impact};
use trackplan_docs_site::{BasicComparison, Changes, Comparison, Options, render};
use trackplan_plan_model::Plan;

#[test]
fn the_basic_comparison_finds_added_removed_and_changed_events() {
    let (old, dir) = older_plan("basic");
    let new = ecommerce();
    let changes = BasicComparison.compare(&old, &new);
    assert_eq!((changes.old_version.as_str(), changes.new_version.as_str()), ("3.1.0", "3.2.0"));
    let of = |kind: ChangeKind| -> Vec<&str> {
        changes.events.iter().filter(|c| c.kind == kind).map(|c| c.event.as_str()).collect()
    };
    assert_eq!(of(ChangeKind::Added), ["Coupon Entered", "Coupon Applied", "Coupon Denied", "Coupon Removed"]);
    assert_eq!(of(ChangeKind::Removed), ["Legacy Checkout Opened"]);
    assert_eq!(of(ChangeKind::Changed), ["Checkout Started"]);
    let started = changes.event("Checkout Started").expect("changed");
    assert_eq!(
        started.details,
        [
            "version: 1-1-0 → 1-2-0",
            "owners: growth-team → checkout-team",
            "property `affiliation` added (optional)",
            "property `value`: optional → required",
            "property `legacy_ref` removed",
        ]
    );
    assert_eq!(started.impact, None, "the built-in comparison does not classify");
    assert_eq!(
        changes.plan,
        ["identify: property `email`: now flagged PII", "identify: property `avatar` added (optional)"]
    );
    let same = BasicComparison.compare(&new, &ecommerce());
    assert!(same.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_changes_page_lists_each_kind_and_links_to_current_pages() {
    let (old, dir) = older_plan("page");
    let new = ecommerce();
    let changes = BasicComparison.compare(&old, &new);
    let site = render(&new, &Options::default().changes(&changes)).expect("renders");
    let html = page(&site, "changes.html");
    assert_eq!(text_of(&html, "h1"), "Changes since 3.1.0");
    assert_eq!(texts(&html, ".stats li"), ["4 added", "1 changed", "1 removed"]);
    let added = texts(&html, ".change-added .change-head a");
    assert_eq!(added, ["Coupon Entered", "Coupon Applied", "Coupon Denied", "Coupon Removed"]);
    assert_eq!(texts(&html, ".change-removed .removed-name"), ["Legacy Checkout Opened"]);
    assert!(html.select(&sel(".change-removed a")).next().is_none(), "removed events have no page to link");
    let details = texts(&html, ".change-changed .change-details li");
    assert!(details.contains(&"property legacy_ref removed".to_owned()), "{details:?}");
    let names = texts(&html, ".change-changed .change-details li code");
    assert_eq!(names, ["affiliation", "value", "legacy_ref"], "property names are set as code");
    assert!(texts(&html, "nav.site-nav a").contains(&"Changes".to_owned()));
    assert_eq!(
        texts(&html, ".change-plan li"),
        ["identify: property email: now flagged PII", "identify: property avatar added (optional)"]
    );
    let started = page(&site, "events/checkout-started.html");
    assert!(text_of(&started, ".fact-list").contains("(was 1-1-0 in 3.1.0)"));
    assert!(texts(&started, ".change-details li").contains(&"owners: growth-team → checkout-team".to_owned()));
    let coupon = page(&site, "events/coupon-applied.html");
    assert!(text_of(&coupon, ".fact-list").contains("(new in 3.2.0)"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// What a classifying comparison (such as `codegen diff`) adds shows on the page.
#[test]
fn impacts_from_a_classifying_comparison_are_shown() {
    struct Classifying;
    impl Comparison for Classifying {
        fn compare(&self, old: &Plan, new: &Plan) -> Changes {
            let mut changes = BasicComparison.compare(old, new);
            for change in &mut changes.events {
                change.impact = Some(if change.kind == ChangeKind::Added { Impact::Addition } else { Impact::Model });
            }
            changes
        }
    }
    let (old, dir) = older_plan("impact");
    let new = ecommerce();
    let changes = Classifying.compare(&old, &new);
    let site = render(&new, &Options::default().changes(&changes)).expect("renders");
    let html = page(&site, "changes.html");
    assert_eq!(texts(&html, ".change-changed .badge-impact"), ["MODEL"]);
    assert_eq!(texts(&html, ".change-added .badge-impact").len(), 4);
    let started = page(&site, "events/checkout-started.html");
    assert_eq!(text_of(&started, "#changes-heading .badge-impact"), "MODEL");
    let _ = std::fs::remove_dir_all(&dir);
}
