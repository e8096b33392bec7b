//! Export and import of a synthetic 1,000-event plan: every export format, and the import
//! back of the Segment rules, the JSON Schema directory and the Avo CSV (import includes the
//! load that proves the result valid).

#![allow(missing_docs)] // criterion_group! defines undocumented public functions.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use trackplan_interop::export::{self, Target};
use trackplan_interop::import::{self, ColumnMap, Options, Source, Template};

const EVENTS: usize = 1_000;

fn interop(c: &mut Criterion) {
    let text = trackplan_plan_synth::synthetic_plan(EVENTS, 42).to_string();
    let plan = trackplan_plan_model::load_from_str("synthetic.json", text).expect("synthetic plan loads");
    let mut group = c.benchmark_group("export_1000_events");
    group.sample_size(10);
    for (name, target) in Target::NAMES {
        group.bench_with_input(BenchmarkId::from_parameter(name), &target, |b, target| {
            b.iter(|| export::export(&plan, *target));
        });
    }
    group.finish();

    let dir = std::env::temp_dir().join(format!("trackplan-interop-bench-{}", std::process::id()));
    let mut group = c.benchmark_group("import_1000_events");
    group.sample_size(10);
    let inputs = [
        ("segment", Target::Segment, Source::Segment, "tracking-plan-rules.json"),
        (
            "jsonschema",
            Target::JsonSchema(trackplan_plan_model::json_schema::Draft::Draft2020_12),
            Source::JsonSchema,
            "",
        ),
        ("csv-avo", Target::AvoCsv, Source::Csv(ColumnMap::template(Template::Avo)), "avo-tracking-plan.csv"),
    ];
    for (name, target, source, file) in inputs {
        let out = dir.join(name);
        trackplan_generator::write_files(&out, &export::export(&plan, target).files).expect("write export");
        let input = out.join(file);
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let imported = import::import(&source, &input, &Options::default()).expect("imports");
                import::finish(imported, &out.join("plan.json"), &[]).expect("loads")
            });
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, interop);
criterion_main!(benches);
