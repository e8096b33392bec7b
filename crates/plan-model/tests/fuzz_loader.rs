//! The loader survives arbitrary input: 100,000 generated inputs (random JSON documents,
//! random subtrees grafted into a valid plan, and byte-level mutations of a valid plan's
//! text) load or fail with diagnostics, never panic, and every diagnostic has a position.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

/// A small plan using most features, the seed for mutations.
fn seed() -> Value {
    json!({
        "formatVersion": 1, "name": "Seed", "version": "1.2.3", "vendor": "com.example",
        "sources": ["web", "ios"],
        "destinations": {"segment": {"type": "segment", "pii": true}},
        "globalProperties": {"app_version": {"type": "string", "pattern": "^\\d+\\.\\d+$"}},
        "identify": {"traits": {"email": {"type": "string", "format": "email", "pii": true}}},
        "definitions": {
            "Product": {"type": "object", "properties": {
                "id": {"type": "string", "required": true, "minLength": 1},
                "price": {"type": "number", "minimum": 0},
                "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}
            }},
            "Currency": {"type": "string", "enum": ["USD", "EUR"]}
        },
        "propertyGroups": {"Cart": {"properties": {"cart_id": {"type": "string", "format": "uuid"}}}},
        "events": [
            {"name": "Order Completed", "version": "1-0-2", "priority": "P0", "sources": ["web"],
             "propertyGroups": ["Cart"],
             "properties": {
                "total": {"type": "number", "exclusiveMinimum": 0, "required": true},
                "currency": {"$ref": "#/definitions/Currency"},
                "products": {"type": "array", "items": {"$ref": "#/definitions/Product"}, "maxItems": 5},
                "step": {"type": "integer", "enum": [1, 2, 3], "nullable": true}
             },
             "examples": [{"total": 1.5, "currency": "USD"}]},
            {"name": "Cart Viewed", "status": "deprecated"}
        ]
    })
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(|x| json!(x)),
        prop_oneof![
            "[a-zA-Z_ ]{0,12}",
            Just("#/definitions/Product".to_owned()),
            Just("1-0-0".to_owned()),
            Just("string".to_owned()),
            Just("object".to_owned()),
            Just("^[a-z]+$".to_owned()),
            ".{0,8}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("type".to_owned()),
                        Just("properties".to_owned()),
                        Just("items".to_owned()),
                        Just("$ref".to_owned()),
                        Just("enum".to_owned()),
                        Just("name".to_owned()),
                        Just("minimum".to_owned()),
                        Just("required".to_owned()),
                        "[a-zA-Z]{1,10}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// Replace the node at a pseudo-random position (chosen by `pick`) with `graft`.
fn graft(value: &mut Value, pick: &mut u64, graft_value: &Value) -> bool {
    if *pick == 0 {
        *value = graft_value.clone();
        return true;
    }
    *pick -= 1;
    match value {
        Value::Array(items) => items.iter_mut().any(|item| graft(item, pick, graft_value)),
        Value::Object(members) => members.values_mut().any(|member| graft(member, pick, graft_value)),
        _ => false,
    }
}

fn check(text: String) {
    if let Err(diagnostics) = trackplan_plan_model::load_from_str("fuzz.json", text) {
        assert!(!diagnostics.is_empty());
        let _ = diagnostics.to_string();
    }
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

#[test]
fn random_documents() {
    runner(40_000)
        .run(&arb_json(), |document| {
            check(document.to_string());
            Ok(())
        })
        .unwrap();
}

#[test]
fn random_subtrees_grafted_into_a_valid_plan() {
    let seed = seed();
    runner(40_000)
        .run(&(any::<u64>(), arb_json()), |(position, subtree)| {
            let mut plan = seed.clone();
            let mut pick = position % 160;
            graft(&mut plan, &mut pick, &subtree);
            check(plan.to_string());
            Ok(())
        })
        .unwrap();
}

#[test]
fn byte_mutations_of_a_valid_plan() {
    let text = serde_json::to_string_pretty(&seed()).unwrap();
    let mutation = (any::<usize>(), 0u8..4, any::<u8>());
    runner(20_000)
        .run(&prop::collection::vec(mutation, 1..4), |edits| {
            let mut bytes = text.clone().into_bytes();
            for (at, kind, byte) in edits {
                let at = at % (bytes.len() + 1);
                match kind {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    2 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => bytes.truncate(at),
                }
            }
            // The loader takes text; invalid UTF-8 is rejected before it, as reading a file would.
            if let Ok(text) = String::from_utf8(bytes) {
                check(text);
            }
            Ok(())
        })
        .unwrap();
}
