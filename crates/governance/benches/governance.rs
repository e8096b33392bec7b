//! Lint and diff on synthetic plans of 300, 1,000 and 3,000 events. The plans are loaded once
//! outside the measurement: the figures are the governance work itself.

#![allow(missing_docs)] // criterion_group! defines undocumented public functions.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use trackplan_governance::lint::{self, RuleSettings};
use trackplan_governance::source::PlanSource;

const SIZES: [usize; 3] = [300, 1_000, 3_000];

/// The next version of a synthetic plan: every tenth event gains an optional property, every
/// twentieth loses its first property, every thirtieth widens an integer to a number.
fn evolve(mut plan: Value) -> Value {
    plan["version"] = json!("2.0.0");
    for (index, event) in plan["events"].as_array_mut().expect("events").iter_mut().enumerate() {
        let properties = event["properties"].as_object_mut().expect("properties");
        if index % 10 == 0 {
            properties.insert("added_in_v2".to_owned(), json!({"type": "string", "maxLength": 20}));
        }
        if index % 20 == 0 {
            if let Some(first) = properties.keys().next().cloned() {
                properties.shift_remove(&first);
            }
        }
        if index % 30 == 0 {
            for spec in properties.values_mut() {
                if spec["type"] == "integer" {
                    spec["type"] = json!("number");
                }
            }
        }
    }
    plan
}

fn governance(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("trackplan-governance-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let settings = RuleSettings::default();

    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    for events in SIZES {
        let path = dir.join(format!("synthetic-{events}.json"));
        let plan = trackplan_plan_synth::synthetic_plan(events, 42);
        std::fs::write(&path, serde_json::to_vec_pretty(&plan).expect("serialize")).expect("write plan");
        let source = PlanSource::load(&path).expect("synthetic plan loads");
        group.bench_with_input(BenchmarkId::from_parameter(events), &source, |b, source| {
            b.iter(|| lint::lint(source, &settings));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for events in SIZES {
        let old_value = trackplan_plan_synth::synthetic_plan(events, 42);
        let new_value = evolve(old_value.clone());
        let load = |value: &Value, name: &str| {
            trackplan_plan_model::load_from_str(dir.join(name), value.to_string()).expect("synthetic plan loads")
        };
        let (old, new) = (load(&old_value, "old.json"), load(&new_value, "new.json"));
        group.bench_with_input(BenchmarkId::from_parameter(events), &(old, new), |b, (old, new)| {
            b.iter(|| trackplan_governance::diff::diff(old, new, "old", "new"));
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, governance);
criterion_main!(benches);
