//! The changes page, fed by `codegen diff` through [`GovernanceDiff`], against an older copy
//! of the e-commerce plan edited the way plans evolve: events added and removed, properties
//! added, removed and made required, a call's traits changed.

mod common;

use common::*;
use trackplan_docs_site::changes::{ChangeKind, Impact};
use trackplan_docs_site::{Changes, Comparison, GovernanceDiff, Options, render};
use trackplan_plan_model::Plan;

#[test]
fn the_governance_diff_maps_onto_the_page_model() {
    let (old, dir) = older_plan("mapping");
    let new = ecommerce();
    let changes = GovernanceDiff.compare(&old, &new);
    assert_eq!((changes.old_version.as_str(), changes.new_version.as_str()), ("3.1.0", "3.2.0"));
    assert_eq!(
        changes.verdict.as_deref(),
        Some("major change: plan version 3.1.0 → 3.2.0 (3.2.0 is not enough, use at least 4.0.0)")
    );
    let of = |kind: ChangeKind| -> Vec<&str> {
        changes.events.iter().filter(|c| c.kind == kind).map(|c| c.event.as_str()).collect()
    };
    assert_eq!(of(ChangeKind::Added), ["Coupon Entered", "Coupon Applied", "Coupon Denied", "Coupon Removed"]);
    assert_eq!(of(ChangeKind::Removed), ["Legacy Checkout Opened"]);
    assert_eq!(of(ChangeKind::Changed), ["Checkout Started"]);
    let started = changes.event("Checkout Started").expect("changed");
    assert_eq!(started.impact, Some(Impact::Model), "a new required property breaks existing data");
    assert_eq!((started.old_version.as_deref(), started.new_version.as_deref()), (Some("1-1-0"), Some("1-2-0")));
    assert_eq!(started.version_needed.as_deref(), Some("2-0-0"), "1-2-0 does not carry a MODEL change");
    assert_eq!(
        started.details,
        [
            "owners: growth-team → checkout-team",
            "example payloads changed",
            "`legacy_ref`: optional property removed (MODEL)",
            "`affiliation`: optional property added (string) (ADDITION)",
            "`value`: optional → required (MODEL)",
        ]
    );
    let added = changes.event("Coupon Applied").expect("added");
    assert_eq!((added.impact, added.version_needed.as_deref()), (None, None));
    assert!(changes.plan.iter().any(|c| c.starts_with("identify: `email`:")), "{:?}", changes.plan);
    assert!(changes.plan.iter().any(|c| c.starts_with("identify: `avatar`:")), "{:?}", changes.plan);
    let same = GovernanceDiff.compare(&new, &ecommerce());
    assert!(same.is_empty() && same.verdict.is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_changes_page_lists_each_kind_and_links_to_current_pages() {
    let (old, dir) = older_plan("page");
    let new = ecommerce();
    let changes = GovernanceDiff.compare(&old, &new);
    let site = render(&new, &Options::default().changes(&changes)).expect("renders");
    let html = page(&site, "changes.html");
    assert_eq!(text_of(&html, "h1"), "Changes since 3.1.0");
    assert!(text_of(&html, ".verdict").contains("use at least 4.0.0"), "{}", text_of(&html, ".verdict"));
    assert_eq!(texts(&html, ".stats li"), ["4 added", "1 changed", "1 removed"]);
    let added = texts(&html, ".change-added .change-head a");
    assert_eq!(added, ["Coupon Entered", "Coupon Applied", "Coupon Denied", "Coupon Removed"]);
    assert_eq!(texts(&html, ".change-removed .removed-name"), ["Legacy Checkout Opened"]);
    assert!(html.select(&sel(".change-removed a")).next().is_none(), "removed events have no page to link");
    assert_eq!(texts(&html, ".change-changed .badge-impact"), ["MODEL"]);
    assert_eq!(texts(&html, ".change-changed .badge-missing"), ["needs 2-0-0"]);
    let details = texts(&html, ".change-changed .change-details li");
    assert!(details.contains(&"legacy_ref: optional property removed (MODEL)".to_owned()), "{details:?}");
    let names = texts(&html, ".change-changed .change-details li code");
    assert_eq!(names, ["legacy_ref", "affiliation", "value"], "property paths are set as code");
    let plan = texts(&html, ".change-plan li");
    assert!(plan.iter().any(|c| c.starts_with("identify: email:")), "{plan:?}");
    assert!(texts(&html, "nav.site-nav a").contains(&"Changes".to_owned()));
    let started = page(&site, "events/checkout-started.html");
    assert!(text_of(&started, ".fact-list").contains("(was 1-1-0 in 3.1.0)"));
    assert!(texts(&started, ".change-details li").contains(&"owners: growth-team → checkout-team".to_owned()));
    assert_eq!(text_of(&started, "#changes-heading .badge-impact"), "MODEL");
    assert!(text_of(&started, "#changes-heading + .callout-warning").contains("at least 2-0-0"));
    let coupon = page(&site, "events/coupon-applied.html");
    assert!(text_of(&coupon, ".fact-list").contains("(new in 3.2.0)"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Any comparison can feed the pages: what it says is what they show.
#[test]
fn the_pages_show_what_a_comparison_reports() {
    struct Fixed;
    impl Comparison for Fixed {
        fn compare(&self, old: &Plan, new: &Plan) -> Changes {
            let mut changes = GovernanceDiff.compare(old, new);
            for change in &mut changes.events {
                change.impact = Some(Impact::Revision);
                change.details = vec!["`<b>`: <script>alert(1)</script>".to_owned()];
            }
            changes
        }
    }
    let (old, dir) = older_plan("fixed");
    let new = ecommerce();
    let changes = Fixed.compare(&old, &new);
    let site = render(&new, &Options::default().changes(&changes)).expect("renders");
    let html = page(&site, "changes.html");
    assert_eq!(texts(&html, ".badge-impact").len(), changes.events.len());
    assert!(texts(&html, ".badge-impact").iter().all(|b| b == "REVISION"));
    assert_eq!(texts(&html, ".change-added .change-details li")[0], "<b>: <script>alert(1)</script>");
    assert_eq!(html.select(&sel("script")).count(), 1, "detail text stays text");
    let _ = std::fs::remove_dir_all(&dir);
}
