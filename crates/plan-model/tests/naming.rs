//! Identifier collisions and reserved words, through the loader, for all four languages.
//! (Each reserved-word table is also tested entry by entry in `src/naming/`.)

use serde_json::{Value, json};
use trackplan_plan_model::{Code, Diagnostics, Plan, load_from_str};

fn plan(events: Value) -> String {
    json!({"formatVersion": 1, "name": "Naming", "version": "1.0.0", "events": events}).to_string()
}

fn load(events: Value) -> Result<Plan, Diagnostics> {
    load_from_str("naming.json", plan(events))
}

/// The one collision diagnostic a plan produces.
fn collision(events: Value) -> String {
    let diagnostics = load(events).expect_err("the names collide");
    let collisions: Vec<_> = diagnostics.iter().filter(|d| d.code == Code::E0105).collect();
    assert_eq!(collisions.len(), 1, "{diagnostics}");
    collisions[0].message.clone()
}

#[test]
fn event_names_colliding_in_every_language() {
    let message = collision(json!([{"name": "Order Completed"}, {"name": "order_completed"}]));
    for lang in ["Rust", "TypeScript", "Kotlin", "Swift"] {
        assert!(message.contains(&format!("`OrderCompleted` in {lang}")), "{message}");
    }
}

#[test]
fn event_names_colliding_only_where_a_reserved_type_is_escaped() {
    // `Result` is reserved in Rust, Kotlin and Swift (escaped to `ResultType`), not in TypeScript.
    let message = collision(json!([{"name": "Result"}, {"name": "Result Type"}]));
    assert!(message.contains("`ResultType` in Rust") && message.contains("`ResultType` in Kotlin"), "{message}");
    assert!(message.contains("`ResultType` in Swift") && !message.contains("TypeScript"), "{message}");
    // `Record` is reserved only in TypeScript.
    let message = collision(json!([{"name": "Record"}, {"name": "Record Type"}]));
    assert!(message.contains("`RecordType` in TypeScript"), "{message}");
    assert!(!message.contains("Rust") && !message.contains("Kotlin") && !message.contains("Swift"), "{message}");
}

#[test]
fn property_names_colliding_in_some_languages() {
    // TypeScript keys are the wire names, so only the other three collide.
    let message = collision(
        json!([{"name": "A", "properties": {"order_id": {"type": "string"}, "orderId": {"type": "string"}}}]),
    );
    assert!(message.contains("`order_id` in Rust") && message.contains("`orderId` in Kotlin"), "{message}");
    assert!(message.contains("`orderId` in Swift") && !message.contains("TypeScript"), "{message}");
    // `copy` is a data-class member, escaped to `copyValue` only in Kotlin.
    let message =
        collision(json!([{"name": "A", "properties": {"copy": {"type": "string"}, "copy_value": {"type": "string"}}}]));
    assert!(
        message.contains("`copyValue` in Kotlin") && !message.contains("Swift") && !message.contains("Rust"),
        "{message}"
    );
    // `description` clashes with CustomStringConvertible only in Swift.
    let message = collision(
        json!([{"name": "A", "properties": {"description": {"type": "string"}, "description_value": {"type": "string"}}}]),
    );
    assert!(message.contains("`descriptionValue` in Swift") && !message.contains("Kotlin"), "{message}");
}

#[test]
fn identifier_overrides_separate_colliding_names() {
    let plan = load(json!([
        {"name": "Order Completed"},
        {"name": "order_completed", "identifier": "LegacyOrderCompleted"}
    ]))
    .expect("overrides separate them");
    assert_eq!(plan.events[1].type_name.swift, "LegacyOrderCompleted");
    assert_eq!(plan.events[1].function_name.rust, "track_legacy_order_completed");
    assert_eq!(plan.events[1].name, "order_completed", "the wire name is never renamed");
}

#[test]
fn reserved_words_are_escaped_per_language_not_rejected() {
    let properties: serde_json::Map<String, Value> = [
        "type",
        "class",
        "self",
        "fun",
        "when",
        "let",
        "func",
        "init",
        "description",
        "hashCode",
        "gen",
        "await",
        "in",
    ]
    .into_iter()
    .map(|name| (name.to_owned(), json!({"type": "string"})))
    .collect();
    let plan = load(json!([{"name": "String", "properties": properties}])).expect("reserved words load");
    let event = &plan.events[0];
    assert_eq!(event.type_name.rust, "StringType");
    assert_eq!(event.type_name.typescript, "StringType");
    assert_eq!(event.type_name.kotlin, "StringType");
    assert_eq!(event.type_name.swift, "StringType");
    let field = |wire: &str| &event.properties.iter().find(|p| p.name == wire).expect("property").field;
    assert_eq!(field("type").rust, "r#type");
    assert_eq!(field("gen").rust, "r#gen");
    assert_eq!(field("self").rust, "self_");
    assert_eq!(field("self").swift, "selfValue");
    assert_eq!(field("class").typescript, "class");
    assert_eq!(field("class").kotlin, "`class`");
    assert_eq!(field("class").swift, "`class`");
    assert_eq!(field("fun").kotlin, "`fun`");
    assert_eq!(field("when").kotlin, "`when`");
    assert_eq!(field("in").kotlin, "`in`");
    assert_eq!(field("in").swift, "`in`");
    assert_eq!(field("let").swift, "`let`");
    assert_eq!(field("func").swift, "`func`");
    assert_eq!(field("init").swift, "initValue");
    assert_eq!(field("description").swift, "descriptionValue");
    assert_eq!(field("hashCode").kotlin, "hashCodeValue");
    assert_eq!(field("await").rust, "r#await");
}
