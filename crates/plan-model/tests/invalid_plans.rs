//! Every plan under `fixtures/invalid/` fails to load with exactly the diagnostics in its
//! `.expected` file. Set `TRACKPLAN_ACCEPT=1` to rewrite the expected files after reviewing.

use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// Diagnostics as printed, with paths relative to the workspace root.
fn render(root: &Path, plan: &Path) -> String {
    let diagnostics = match trackplan_plan_model::load(plan) {
        Ok(_) => return "loaded without errors\n".to_owned(),
        Err(diagnostics) => diagnostics,
    };
    let prefix = format!("{}/", root.display());
    format!("{diagnostics}\n").replace(&prefix, "")
}

#[test]
fn every_invalid_plan_reports_its_expected_diagnostics() {
    let root = workspace_root();
    let dir = root.join("fixtures/invalid");
    let mut plans: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/invalid exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    plans.sort();
    assert!(!plans.is_empty(), "no invalid fixtures found in {}", dir.display());
    let accept = std::env::var_os("TRACKPLAN_ACCEPT").is_some();
    let mut failures = Vec::new();
    for plan in &plans {
        let actual = render(&root, plan);
        let expected_path = plan.with_extension("expected");
        if accept {
            std::fs::write(&expected_path, &actual).expect("write expected file");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!("--- {}\n{}\n+++ actual\n{}", expected_path.display(), expected, actual));
        }
        assert!(!actual.starts_with("loaded without errors"), "{} loaded", plan.display());
    }
    assert!(failures.is_empty(), "diagnostics differ (TRACKPLAN_ACCEPT=1 rewrites them):\n{}", failures.join("\n"));
}
