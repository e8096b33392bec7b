//! `codegen validate-plan` and `codegen schema` as real processes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).current_dir(root()).output().expect("codegen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_valid_plan_exits_zero_with_a_summary() {
    let output = codegen(&["validate-plan", "fixtures/ecommerce/tracking-plan.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("is valid: 29 events"), "{}", text(&output.stdout));
}

#[test]
fn an_invalid_plan_exits_one_with_every_diagnostic() {
    let output = codegen(&["validate-plan", "fixtures/invalid/multi-several-errors-in-one-run.json"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("fixtures/invalid/multi-several-errors-in-one-run.json:"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    let errors = stderr.matches("error[E").count();
    assert!(errors >= 5, "all errors reported, found {errors}:\n{stderr}");
}

#[test]
fn json_output_lists_diagnostics_with_places() {
    let output = codegen(&["validate-plan", "--format", "json", "fixtures/invalid/E0203-min-greater-than-max.json"]);
    assert_eq!(output.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(document["valid"], false);
    let first = &document["diagnostics"][0];
    assert_eq!(first["code"], "E0203");
    assert_eq!(first["span"]["path"], "events[0].properties.quantity.minimum");
    assert!(first["span"]["line"].as_u64().unwrap() > 0 && first["help"].is_string());
}

#[test]
fn usage_errors_and_missing_files_exit_two() {
    assert_eq!(codegen(&["validate-plan"]).status.code(), Some(2));
    assert_eq!(codegen(&["validate-plan", "--format", "yaml", "x.json"]).status.code(), Some(2));
    let missing = codegen(&["validate-plan", "no/such/plan.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no/such/plan.json"));
}

#[test]
fn published_schemas_match_the_format() {
    for (args, file) in [
        (vec!["schema"], "schema/tracking-plan.schema.json"),
        (vec!["schema", "--fragment"], "schema/tracking-plan-fragment.schema.json"),
    ] {
        let output = codegen(&args);
        assert_eq!(output.status.code(), Some(0));
        let committed = std::fs::read_to_string(root().join(file)).unwrap_or_default();
        assert_eq!(text(&output.stdout), committed, "{file} is stale: run `codegen {} > {file}`", args.join(" "));
    }
}

#[test]
fn the_example_plans_validate_against_the_published_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("schema/tracking-plan.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for plan in ["fixtures/ecommerce/tracking-plan.json", "fixtures/edge/tracking-plan.json"] {
        let document: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(plan)).unwrap()).unwrap();
        let errors: Vec<String> = validator.iter_errors(&document).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{plan}: {errors:?}");
    }
}
