//! Helpers shared by the interop tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use trackplan_interop::import::{self, Checked, Options, Source};
use trackplan_plan_model::Plan;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The e-commerce reference plan.
pub fn ecommerce() -> Plan {
    trackplan_plan_model::load(root().join("fixtures/ecommerce/tracking-plan.json")).expect("the e-commerce plan loads")
}

/// The plan whose events record their earlier versions.
pub fn history() -> Plan {
    trackplan_plan_model::load(root().join("fixtures/history/tracking-plan.json")).expect("the history plan loads")
}

/// A fresh, empty directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trackplan-interop-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Imports `input` and loads the result, panicking with the report when it does not load.
pub fn import_and_load(source: &Source, input: &Path) -> Checked {
    let imported = import::import(source, input, &Options::default())
        .unwrap_or_else(|error| panic!("import of {} failed: {error}", input.display()));
    match import::finish(imported, &input.with_extension("imported.json"), &[]) {
        Ok(checked) => checked,
        Err((report, diagnostics)) => panic!("imported plan does not load:\n{report}\n{diagnostics}"),
    }
}

/// The findings as `place: message` lines, for assertions.
pub fn findings(checked: &Checked) -> Vec<String> {
    checked.report.findings.iter().map(ToString::to_string).collect()
}
