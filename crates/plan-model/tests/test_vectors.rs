//! The shared validation test vectors (`fixtures/vectors/*.json`) are what the reference
//! validator says about the fixture payloads. Every runtime's tests (Rust, TypeScript,
//! Kotlin, Swift) replay these vectors, so the implementations cannot drift apart.
//! `TRACKPLAN_ACCEPT=1` rewrites them after a reviewed change.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use trackplan_plan_model::validate::Validator;
use trackplan_plan_model::{Plan, load};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Vectors: every example (valid) and every listed invalid payload, with its violations
/// sorted by (path, rule).
fn vectors(plan: &Plan, invalid: &[Value]) -> Value {
    let mut validator = Validator::new(plan);
    let mut cases = Vec::new();
    let mut push = |event: &str, payload: &Value, why: &str| {
        let properties = &plan.event(event).expect("event exists").properties;
        let mut violations = validator.object(properties, payload);
        violations.sort();
        cases.push(json!({ "event": event, "why": why, "payload": payload, "violations": violations }));
    };
    for event in &plan.events {
        for (index, example) in event.examples.iter().enumerate() {
            push(&event.name, example, &format!("example {index} from the plan"));
        }
    }
    for case in invalid {
        push(case["event"].as_str().expect("event"), &case["payload"], case["why"].as_str().unwrap_or_default());
    }
    json!({
        "plan": "fixtures/ecommerce/tracking-plan.json",
        "format": "Each case: event wire name, payload (the event's properties), and the violations every runtime must report, sorted by (path, rule). See docs/validation.md.",
        "cases": cases,
    })
}

#[test]
fn ecommerce_vectors_are_up_to_date() {
    let root = fixtures();
    let plan = load(root.join("ecommerce/tracking-plan.json")).expect("ecommerce plan loads");
    let invalid: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(root.join("ecommerce/payloads/invalid.json")).expect("read"))
            .expect("parse");
    let generated = vectors(&plan, &invalid);
    let cases = generated["cases"].as_array().expect("cases");
    let failing = cases.iter().filter(|c| !c["violations"].as_array().expect("list").is_empty()).count();
    assert_eq!(failing, invalid.len(), "every invalid payload has violations and no example has any");
    let text = serde_json::to_string_pretty(&generated).expect("serialize") + "\n";
    let path = root.join("vectors/ecommerce.json");
    if std::env::var_os("TRACKPLAN_ACCEPT").is_some() {
        std::fs::write(&path, &text).expect("write vectors");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == text, "fixtures/vectors/ecommerce.json is stale; review and rewrite with TRACKPLAN_ACCEPT=1");
}
