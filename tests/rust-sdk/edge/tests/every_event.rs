//! The SDK generated from the edge plan (reserved words, odd names, hostile descriptions,
//! every constraint): every message type round-trips its examples through its struct, both
//! validation paths accept them, and tracking sends them unchanged under their wire names.

use serde_json::Value;
use trackplan_runtime::generic::SchemaValidator;
use trackplan_runtime::json_text::json_equal;
use trackplan_runtime::testing::Recorder;
use trackplan_runtime::{Client, Globals, Kind, Message, MessageVisitor, Policy, User};

fn plan() -> trackplan_plan_model::Plan {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../fixtures/edge/tracking-plan.json");
    trackplan_plan_model::load(path).unwrap_or_else(|d| panic!("{d}"))
}

struct Replay {
    plan: trackplan_plan_model::Plan,
    client: Client,
    recorder: Recorder,
    events: Vec<&'static str>,
    examples: usize,
}

impl MessageVisitor for Replay {
    fn visit<M>(&mut self)
    where
        M: Message + serde::de::DeserializeOwned + Clone + std::fmt::Debug + 'static,
    {
        let generic = SchemaValidator::for_message::<M>().expect("embedded schema compiles");
        let Some(event) = self.plan.event(M::NAME).filter(|_| M::KIND == Kind::Track) else { return };
        self.events.push(M::NAME);
        let examples =
            if event.examples.is_empty() { vec![Value::Object(Default::default())] } else { event.examples.clone() };
        for example in &examples {
            let typed: M = match serde_json::from_value(example.clone()) {
                Ok(typed) => typed,
                // An event without examples may have required properties; the empty object
                // then must be refused by both the struct and the schema.
                Err(_) if event.examples.is_empty() => {
                    assert!(!generic.violations(example).is_empty(), "{} accepts {{}}", M::NAME);
                    continue;
                }
                Err(error) => panic!("{:?} example {example} does not deserialize: {error}", M::NAME),
            };
            assert_eq!(typed.violations(), [], "typed path on {:?} {example}", M::NAME);
            assert_eq!(generic.violations(example), [], "generic path on {:?} {example}", M::NAME);
            self.recorder.clear();
            self.client.track(&User::anonymous("a"), &typed, &Globals::none()).expect("tracked");
            let envelopes = self.recorder.envelopes();
            assert_eq!(envelopes.len(), 1);
            assert_eq!(envelopes[0].event, M::NAME, "wire names are never renamed");
            let recorded = envelopes[0].properties.to_value();
            assert!(json_equal(&recorded, example), "{:?}: recorded {recorded} for {example}", M::NAME);
            self.examples += 1;
        }
    }
}

#[test]
fn every_event_tracks_its_examples_under_its_wire_name() {
    let recorder = Recorder::new();
    let client = Client::builder().policy(Policy::ErrorOnInvalid).shared_destination(recorder.destination()).build();
    let mut replay = Replay { plan: plan(), client, recorder, events: Vec::new(), examples: 0 };
    trackplan_sdk_edge::visit_messages(&mut replay);
    let all: Vec<&str> = replay.plan.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(replay.events, all);
    assert!(replay.examples > 0);
    eprintln!("{} events, {} examples tracked", all.len(), replay.examples);
}
