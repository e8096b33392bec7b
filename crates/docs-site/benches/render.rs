//! Rendering the docs site of synthetic plans of 300, 1,000 and 3,000 events (the issue's
//! target: the 3,000-event site in under 1 s), in memory and written to disk.

#![allow(missing_docs)] // criterion_group! defines undocumented public functions.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use trackplan_docs_site::{Options, render};

fn synthetic(events: usize) -> trackplan_plan_model::Plan {
    let plan = trackplan_plan_synth::synthetic_plan(events, 42);
    trackplan_plan_model::load_from_str("synthetic.json", plan.to_string()).expect("synthetic plan loads")
}

fn render_site(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_site");
    group.sample_size(10);
    for events in [300, 1_000, 3_000] {
        let plan = synthetic(events);
        group.bench_with_input(BenchmarkId::from_parameter(events), &plan, |b, plan| {
            b.iter_with_large_drop(|| render(plan, &Options::default()).expect("renders"));
        });
    }
    group.finish();
}

fn render_and_write(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("trackplan-docs-bench-{}", std::process::id()));
    let plan = synthetic(3_000);
    let mut group = c.benchmark_group("render_and_write_site");
    group.sample_size(10);
    group.bench_function("3000", |b| {
        b.iter(|| {
            let site = render(&plan, &Options::default()).expect("renders");
            site.write_to(&dir.join("site")).expect("writes");
        });
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, render_site, render_and_write);
criterion_main!(benches);
