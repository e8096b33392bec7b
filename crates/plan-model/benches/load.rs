//! Loading synthetic plans of 300, 1,000 and 3,000 events (the target: 3,000 events
//! under 100 ms). The plans are written to a temporary directory first, so the figure
//! includes reading the file.

#![allow(missing_docs)] // criterion_group! defines undocumented public functions.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("trackplan-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut group = c.benchmark_group("load_plan");
    group.sample_size(20);
    for events in [300, 1_000, 3_000] {
        let path = dir.join(format!("synthetic-{events}.json"));
        let plan = trackplan_plan_synth::synthetic_plan(events, 42);
        std::fs::write(&path, serde_json::to_vec_pretty(&plan).expect("serialize")).expect("write plan");
        group.bench_with_input(BenchmarkId::from_parameter(events), &path, |b, path| {
            // The loaded plan is what callers keep; freeing it is not part of loading.
            b.iter_with_large_drop(|| trackplan_plan_model::load(path).expect("synthetic plan loads"));
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, load);
criterion_main!(benches);
