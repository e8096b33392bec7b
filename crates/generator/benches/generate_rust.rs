//! Generating the Rust SDK of synthetic plans of 300, 1,000 and 3,000 events (target: 3,000
//! events under 2 s). The plan is loaded once, outside the measurement; peak memory and
//! `cargo check` of the output are measured by `scripts/bench-rust-sdk.sh`.

#![allow(missing_docs)] // criterion_group! defines undocumented public functions.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate_rust");
    group.sample_size(10);
    for events in [300, 1_000, 3_000] {
        let text = serde_json::to_string(&trackplan_plan_synth::synthetic_plan(events, 42)).expect("serialize");
        let plan = trackplan_plan_model::load_from_str("synthetic.json", text).expect("synthetic plan loads");
        group.bench_with_input(BenchmarkId::from_parameter(events), &plan, |b, plan| {
            b.iter(|| trackplan_generator::rust::render(plan).expect("generates"));
        });
    }
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
