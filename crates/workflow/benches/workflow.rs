//! Pull (read, check, flatten, normalize, hash, diff, write the lock) and reading a lock back
//! for generation, on synthetic plans of 300 and 3,000 events, against the plan loader alone.

#![allow(missing_docs)] // criterion_group! defines undocumented public functions.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use trackplan_workflow::Project;

fn project(events: usize) -> (tempfile::TempDir, Project) {
    let temp = tempfile::tempdir().expect("temp");
    let plan = trackplan_plan_synth::synthetic_plan(events, 7);
    std::fs::write(temp.path().join("tracking-plan.json"), plan.to_string()).expect("plan");
    std::fs::write(temp.path().join("codegen.json"), r#"{"plans": [{"source": {"path": "tracking-plan.json"}}]}"#)
        .expect("config");
    let project = Project::open(&temp.path().join("codegen.json")).expect("project");
    (temp, project)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("workflow");
    group.sample_size(10);
    for events in [300, 3_000] {
        let (_temp, project) = project(events);
        let plan = project.config.plans[0].clone();
        // Baseline: the plan loader alone, to read the others against on a busy machine.
        let root = project.root.join("tracking-plan.json");
        group.bench_with_input(BenchmarkId::new("load_plan_file", events), &events, |b, _| {
            b.iter(|| trackplan_plan_model::load(&root).expect("load"));
        });
        group.bench_with_input(BenchmarkId::new("pull", events), &events, |b, _| {
            b.iter(|| project.pull(&plan, &Default::default(), &mut |_| {}).expect("pull"));
        });
        group.bench_with_input(BenchmarkId::new("plan_from_lock", events), &events, |b, _| {
            b.iter(|| project.plan_for_generation(&plan).expect("plan"));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
