//! Every example payload of the plan, deserialized into its generated struct and tracked:
//! the recorded properties equal the example exactly, and the typed path finds nothing.

mod common;

use serde_json::Value;
use trackplan_runtime::testing::Recorder;
use trackplan_runtime::{Client, Globals, Kind, Message, MessageVisitor, Policy, User};

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
        let Some(event) = self.plan.event(M::NAME).filter(|_| M::KIND == Kind::Track) else { return };
        assert!(!event.examples.is_empty(), "{} has no examples", M::NAME);
        assert_eq!(M::VERSION, event.version.to_string());
        assert_eq!(M::DESTINATIONS, event.destinations.iter().map(String::as_str).collect::<Vec<_>>());
        self.events.push(M::NAME);
        for example in &event.examples {
            let typed: M = serde_json::from_value(example.clone())
                .unwrap_or_else(|error| panic!("{} example {example} does not deserialize: {error}", M::NAME));
            assert!(typed.violations().is_empty(), "{} example: {:?}", M::NAME, typed.violations());
            self.recorder.clear();
            self.client.track(&User::anonymous("anon-1"), &typed, &Globals::none()).expect("tracked");
            let recorded: Vec<Value> = self.recorder.tracked(M::NAME);
            assert_eq!(recorded.len(), 1);
            assert!(
                trackplan_runtime::json_text::json_equal(&recorded[0], example),
                "{}: recorded {} for example {example}",
                M::NAME,
                recorded[0]
            );
            self.examples += 1;
        }
    }
}

#[test]
fn every_example_round_trips_through_its_struct_and_is_tracked_unchanged() {
    let plan = common::plan();
    let recorder = Recorder::new();
    let client = Client::builder().policy(Policy::ErrorOnInvalid).shared_destination(recorder.destination()).build();
    let mut replay = Replay { plan, client, recorder, events: Vec::new(), examples: 0 };
    trackplan_sdk_ecommerce::visit_messages(&mut replay);
    let all: Vec<&str> = replay.plan.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(replay.events, all, "every event of the plan, in plan order");
    assert!(replay.examples >= all.len());
}
