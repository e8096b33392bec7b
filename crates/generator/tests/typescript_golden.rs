//! The generated TypeScript for the fixture plans, compared with the reviewed files under
//! `tests/golden/typescript/` (rewrite them with `TRACKPLAN_ACCEPT=1`).

use std::path::Path;

use trackplan_generator::{Language, Options, generate};

fn check(plan: &str, golden: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plan = trackplan_plan_model::load(root.join("../..").join(plan)).unwrap_or_else(|d| panic!("{d}"));
    let files = generate(&plan, Language::TypeScript, &Options::default()).expect("generate");
    let dir = root.join("tests/golden/typescript").join(golden);
    let accept = std::env::var("TRACKPLAN_ACCEPT").is_ok_and(|v| v == "1");
    if accept {
        let _ = std::fs::remove_dir_all(&dir);
        trackplan_generator::write_files(&dir, &files).expect("write goldens");
        return;
    }
    let mut mismatches = Vec::new();
    for file in &files {
        let expected = std::fs::read_to_string(dir.join(&file.path)).unwrap_or_default();
        if expected != file.contents {
            mismatches.push(file.path.display().to_string());
        }
    }
    assert!(
        mismatches.is_empty(),
        "generated files differ from {}: {mismatches:?}; review and rerun with TRACKPLAN_ACCEPT=1",
        dir.display()
    );
}

#[test]
fn ecommerce_matches_golden() {
    check("fixtures/ecommerce/tracking-plan.json", "ecommerce");
}

#[test]
fn edge_matches_golden() {
    check("fixtures/edge/tracking-plan.json", "edge");
}
