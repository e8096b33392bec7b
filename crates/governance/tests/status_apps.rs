//! `codegen status` over the sample apps in `fixtures/status/`, one per SDK language.

use std::path::{Path, PathBuf};

use trackplan_governance::status::{self, Language, MissingThreshold, SourceRoot, SourceStatus, UseKind};
use trackplan_plan_model::model::Priority;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn scan() -> status::StatusReport {
    let root = workspace_root();
    let plan = trackplan_plan_model::load(root.join("fixtures/ecommerce/tracking-plan.json")).expect("plan loads");
    let roots: Vec<SourceRoot> = ["web", "ios", "android", "server"]
        .into_iter()
        .map(|source| SourceRoot {
            source: Some(source.to_owned()),
            paths: vec![root.join("fixtures/status").join(source)],
        })
        .collect();
    status::scan(&plan, &roots)
}

/// (event, file name, line, kind) of every use in a source.
fn uses(source: &SourceStatus) -> Vec<(String, String, u32, UseKind)> {
    let mut out: Vec<_> = source
        .events
        .iter()
        .flat_map(|e| {
            e.uses.iter().map(move |u| {
                (e.name.clone(), u.place.file.file_name().unwrap().to_string_lossy().into_owned(), u.place.line, u.kind)
            })
        })
        .collect();
    out.sort();
    out
}

fn row(event: &str, file: &str, line: u32, kind: UseKind) -> (String, String, u32, UseKind) {
    (event.to_owned(), file.to_owned(), line, kind)
}

fn raw(source: &SourceStatus) -> Vec<(String, String, u32, Option<String>)> {
    source.raw_calls.iter().map(|r| (r.method.clone(), r.event.clone(), r.place.line, r.use_instead.clone())).collect()
}

#[test]
fn typescript_app() {
    let report = scan();
    let web = &report.sources[0];
    assert_eq!(web.source.as_deref(), Some("web"));
    use UseKind::{Call, Reference};
    assert_eq!(
        uses(web),
        [
            row("Checkout Started", "checkout.ts", 7, Call),
            row("Order Completed", "checkout.ts", 10, Call),
            row("Payment Info Entered", "checkout.ts", 8, Call),
            row("Product Added", "ProductPage.tsx", 10, Call),
            row("Product Shared", "ProductPage.tsx", 11, Reference),
            row("Product Viewed", "ProductPage.tsx", 5, Call),
        ]
    );
    assert_eq!(
        raw(web),
        [
            ("track".to_owned(), "Order Refunded".to_owned(), 20, Some("trackOrderRefunded".to_owned())),
            ("track".to_owned(), "Checkout Abandoned".to_owned(), 22, None),
        ]
    );
    // dist/ is git-ignored and generated.ts carries the generated-code marker.
    assert_eq!(web.files_scanned, 3, "checkout.ts, ProductPage.tsx and generated.ts are read; dist/ is not");
    assert!(web.events.iter().all(|e| e.uses.iter().all(|u| u.language == Language::TypeScript)));
    assert!(web.problems.is_empty(), "{:?}", web.problems);
}

#[test]
fn swift_app() {
    let report = scan();
    let ios = &report.sources[1];
    use UseKind::{Call, Reference};
    assert_eq!(
        uses(ios),
        [
            row("Checkout Started", "Checkout.swift", 8, Call),
            row("Order Completed", "Checkout.swift", 13, Call),
            row("Payment Info Entered", "Checkout.swift", 9, Call),
            row("Product Added", "Checkout.swift", 28, Call),
            row("Product Viewed", "Checkout.swift", 26, Reference),
        ]
    );
    assert_eq!(
        raw(ios),
        [("track".to_owned(), "Product Viewed".to_owned(), 21, Some("trackProductViewed".to_owned()))]
    );
    assert!(ios.problems.is_empty(), "{:?}", ios.problems);
}

#[test]
fn kotlin_app() {
    let report = scan();
    let android = &report.sources[2];
    use UseKind::{Call, Reference};
    assert_eq!(
        uses(android),
        [
            row("Checkout Started", "Checkout.kt", 6, Call),
            row("Order Completed", "Checkout.kt", 10, Call),
            row("Product Added", "Checkout.kt", 24, Call),
            row("Product Viewed", "Checkout.kt", 22, Reference),
        ]
    );
    assert_eq!(
        raw(android),
        [("logEvent".to_owned(), "Product Added".to_owned(), 16, Some("trackProductAdded".to_owned()))]
    );
    let missing_p0: Vec<&str> =
        android.missing().filter(|e| e.priority == Some(Priority::P0)).map(|e| e.name.as_str()).collect();
    assert_eq!(missing_p0, ["Payment Info Entered"]);
}

#[test]
fn rust_app() {
    let report = scan();
    let server = &report.sources[3];
    use UseKind::{Call, Reference};
    assert_eq!(
        uses(server),
        [
            row("Order Cancelled", "main.rs", 24, Reference),
            row("Order Refunded", "main.rs", 8, Call),
            row("Product Reviewed", "main.rs", 18, Call),
            row("Subscription Renewed", "main.rs", 16, Call),
        ]
    );
    assert_eq!(
        raw(server),
        [("track".to_owned(), "Order Completed".to_owned(), 20, Some("track_order_completed".to_owned()))]
    );
    // Only server events are expected on the server, and all of them are there.
    let expected: Vec<&str> = server.events.iter().filter(|e| e.expected).map(|e| e.name.as_str()).collect();
    assert_eq!(expected, ["Product Reviewed", "Order Refunded", "Order Cancelled", "Subscription Renewed"]);
    assert_eq!(server.missing().count(), 0);
}

#[test]
fn thresholds_decide_what_fails() {
    let report = scan();
    let p0: Vec<(&str, &str)> = report
        .failing(MissingThreshold::AtLeast(Priority::P0))
        .iter()
        .map(|(s, e)| (s.source.as_deref().unwrap(), e.name.as_str()))
        .collect();
    assert_eq!(p0, [("android", "Payment Info Entered")]);
    assert!(report.failing(MissingThreshold::None).is_empty());
    let p1 = report.failing(MissingThreshold::AtLeast(Priority::P1)).len();
    let any = report.failing(MissingThreshold::Any).len();
    assert!(p1 > p0.len() && any > p1, "{p1} {any}");
}

#[test]
fn deprecated_events_are_not_expected() {
    let report = scan();
    let ios = &report.sources[1];
    let legacy = ios.events.iter().find(|e| e.name == "Added to Wishlist").expect("event listed");
    assert!(legacy.deprecated && !legacy.expected);
}

#[test]
fn unparsable_rust_is_reported_not_fatal() {
    let dir = std::env::temp_dir().join(format!("trackplan-status-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("broken.rs"), "fn main() { client.track_order_refunded(; }").expect("write");
    std::fs::write(dir.join("ok.rs"), "fn f(c: &C) { c.track_order_refunded(x); }").expect("write");
    let root = workspace_root();
    let plan = trackplan_plan_model::load(root.join("fixtures/ecommerce/tracking-plan.json")).expect("plan loads");
    let report = status::scan(&plan, &[SourceRoot { source: None, paths: vec![dir.clone()] }]);
    let source = &report.sources[0];
    assert_eq!(source.problems.len(), 1, "{:?}", source.problems);
    assert!(source.problems[0].file.ends_with("broken.rs"));
    let refunded = source.events.iter().find(|e| e.name == "Order Refunded").expect("listed");
    assert_eq!(refunded.uses.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}
