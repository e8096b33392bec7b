//! Generating the Kotlin and Swift SDKs of the synthetic 3,000-event plan (the target:
//! under 0.5 s each). The plan is loaded once; only generation is measured.

#![allow(missing_docs)] // criterion_group! defines undocumented public functions.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use trackplan_generator::{Language, Options};

fn generate(c: &mut Criterion) {
    let text = serde_json::to_string(&trackplan_plan_synth::synthetic_plan(3_000, 42)).expect("serialize");
    let dir = std::env::temp_dir().join(format!("trackplan-mobile-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("synthetic-3000.json");
    std::fs::write(&path, text).expect("write plan");
    let plan = trackplan_plan_model::load(&path).expect("synthetic plan loads");
    let mut group = c.benchmark_group("generate_3000_events");
    group.sample_size(10);
    for language in [Language::Kotlin, Language::Swift] {
        group.bench_with_input(BenchmarkId::from_parameter(language), &plan, |b, plan| {
            b.iter(|| trackplan_generator::generate(plan, language, &Options::default()).expect("generates"));
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, generate);
criterion_main!(benches);
