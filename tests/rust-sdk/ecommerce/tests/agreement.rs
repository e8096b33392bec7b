//! Property test: on random payloads for every e-commerce event, the generic path (jsonschema)
//! reports exactly what the reference validator reports, and the typed path (for payloads the
//! generated struct can hold) exactly what the generic path reports.

mod common;

use std::collections::HashMap;
use std::sync::LazyLock;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{NamedKind, Property, Type};
use trackplan_runtime::generic::SchemaValidator;
use trackplan_runtime::{Message, MessageVisitor};

static PLAN: LazyLock<Plan> = LazyLock::new(common::plan);

/// Generic validators of every event, compiled once.
struct Validators(HashMap<&'static str, SchemaValidator>);

impl MessageVisitor for Validators {
    fn visit<M>(&mut self)
    where
        M: Message + serde::de::DeserializeOwned + Clone + std::fmt::Debug + 'static,
    {
        self.0.insert(M::NAME, SchemaValidator::for_message::<M>().expect("schema compiles"));
    }
}

static VALIDATORS: LazyLock<HashMap<&'static str, SchemaValidator>> = LazyLock::new(|| {
    let mut validators = Validators(HashMap::new());
    trackplan_sdk_ecommerce::visit_messages(&mut validators);
    validators.0
});

/// Runs the typed path for the event named `name`, if the payload deserializes.
struct Typed<'a> {
    name: &'a str,
    payload: &'a Value,
    result: Option<Option<Vec<trackplan_runtime::Violation>>>,
}

impl MessageVisitor for Typed<'_> {
    fn visit<M>(&mut self)
    where
        M: Message + serde::de::DeserializeOwned + Clone + std::fmt::Debug + 'static,
    {
        if M::NAME == self.name && M::KIND == trackplan_runtime::Kind::Track {
            self.result = Some(serde_json::from_value::<M>(self.payload.clone()).ok().map(|typed| typed.violations()));
        }
    }
}

fn string_value(rules: &trackplan_plan_model::model::StringRules) -> BoxedStrategy<Value> {
    let mut options: Vec<BoxedStrategy<String>> = vec!["[a-zA-Z0-9 .:/@-]{0,8}".boxed(), Just(String::new()).boxed()];
    if let Some(pattern) = &rules.pattern {
        if let Ok(matching) = proptest::string::string_regex(&pattern.ecma) {
            options.push(matching.boxed());
        }
    }
    if rules.format.is_some() {
        for sample in [
            "2026-11-21T10:00:00Z",
            "2026-02-30",
            "a@b.co",
            "https://x.example/p",
            "3f2c8a4e-9b1d-4c6f-8e2a-7d5b1c9e0f34",
        ] {
            options.push(Just(sample.to_owned()).boxed());
        }
    }
    proptest::strategy::Union::new(options).prop_map(Value::String).boxed()
}

fn value(plan: &'static Plan, ty: &'static Type, nullable: bool) -> BoxedStrategy<Value> {
    let valid: BoxedStrategy<Value> = match ty {
        Type::String(rules) => string_value(rules),
        Type::Integer(_) => {
            prop_oneof![4 => (-3_i64..1003).prop_map(Value::from), 1 => Just(json!(2.0)), 1 => Just(json!(2.5))].boxed()
        }
        Type::Number(_) => {
            prop_oneof![(-5.0_f64..500.0).prop_map(Value::from), (-2_i64..3).prop_map(Value::from)].boxed()
        }
        Type::Boolean => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::Enum(id) => {
            let NamedKind::Enum { values } = &plan.ty(*id).kind else { unreachable!("enum type") };
            let mut names: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
            names.push("not-a-value".to_owned());
            proptest::sample::select(names).prop_map(Value::String).boxed()
        }
        Type::Array(array) => {
            let item = value(plan, &array.items, array.items_nullable);
            (proptest::collection::vec(item, 0..4), any::<bool>())
                .prop_map(|(mut items, repeat)| {
                    if repeat && !items.is_empty() {
                        items.push(items[0].clone());
                    }
                    Value::Array(items)
                })
                .boxed()
        }
        Type::Object(id) => {
            let NamedKind::Object { properties } = &plan.ty(*id).kind else { unreachable!("object type") };
            object(plan, properties)
        }
    };
    let wrong = prop_oneof![Just(Value::Null), Just(json!("text")), Just(json!(7)), Just(json!({})), Just(json!(true))];
    if nullable {
        prop_oneof![12 => valid, 2 => Just(Value::Null), 1 => wrong].boxed()
    } else {
        prop_oneof![12 => valid, 1 => wrong].boxed()
    }
}

fn object(plan: &'static Plan, properties: &'static [Property]) -> BoxedStrategy<Value> {
    let members: Vec<BoxedStrategy<Option<(String, Value)>>> = properties
        .iter()
        .map(|property| {
            let name = property.name.clone();
            proptest::option::weighted(0.8, value(plan, &property.ty, property.nullable))
                .prop_map(move |value| value.map(|value| (name.clone(), value)))
                .boxed()
        })
        .collect();
    (members, proptest::option::weighted(0.05, Just(("undeclared".to_owned(), json!(1)))))
        .prop_map(|(members, extra)| Value::Object(members.into_iter().flatten().chain(extra).collect::<Map<_, _>>()))
        .boxed()
}

fn event_payload() -> BoxedStrategy<(String, Value)> {
    let plan: &'static Plan = &PLAN;
    let events: Vec<BoxedStrategy<(String, Value)>> = plan
        .events
        .iter()
        .map(|event| {
            let name = event.name.clone();
            object(plan, &event.properties).prop_map(move |payload| (name.clone(), payload)).boxed()
        })
        .collect();
    proptest::strategy::Union::new(events).boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn typed_generic_and_reference_paths_agree((name, payload) in event_payload()) {
        let reference = common::reference(&PLAN, &name, &payload);
        let generic = common::tuples(&VALIDATORS[name.as_str()].violations(&payload));
        prop_assert_eq!(&generic, &reference, "generic vs reference for {} {}", name, payload);
        let mut typed = Typed { name: &name, payload: &payload, result: None };
        trackplan_sdk_ecommerce::visit_messages(&mut typed);
        match typed.result.expect("the SDK has the event") {
            Some(found) => prop_assert_eq!(common::tuples(&found), generic, "typed vs generic for {} {}", name, payload),
            None => prop_assert!(
                reference.iter().any(|v| ["type", "required", "additionalProperties", "enum"].contains(&v.1.as_str())),
                "{} {} does not deserialize yet is valid", name, payload
            ),
        }
    }
}
