//! `codegen import`, `export` and `push` as real processes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use trackplan_emulators::{Config, Emulator, Vendor};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trackplan-cli-interop-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn codegen(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codegen"));
    command.args(args).current_dir(root());
    for name in ["SEGMENT_PUBLIC_API_TOKEN", "SEGMENT_TRACKING_PLAN_ID", "SEGMENT_API_URL"] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn import_writes_a_loadable_plan_and_lists_what_it_could_not_map() {
    let out = scratch("import").join("plan.json");
    let output = codegen(
        &["import", "--from", "csv-avo", "fixtures/import/csv/avo-messy.csv", "-o", out.to_str().unwrap()],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("not mapped: avo-messy.csv:row 1: column \"Stakeholder Notes\""));
    assert!(text(&output.stdout).contains("imported 3 events"));
    let plan = trackplan_plan_model_load(&out);
    assert_eq!(plan["events"].as_array().map(Vec::len), Some(3));
}

fn trackplan_plan_model_load(path: &Path) -> serde_json::Value {
    let check = codegen(&["validate-plan", path.to_str().unwrap()], &[]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn an_import_that_does_not_load_writes_nothing() {
    let dir = scratch("broken");
    let sheet = dir.join("sheet.csv");
    // Look-ahead is outside the pattern subset every target language shares.
    std::fs::write(
        &sheet,
        "Event Name,Property Name,Property Value Type,Property Regex\nSigned Up,code,string,(?=a)b\n",
    )
    .unwrap();
    let out = dir.join("plan.json");
    let output = codegen(&["import", "--from", "csv-avo", sheet.to_str().unwrap(), "-o", out.to_str().unwrap()], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("nothing was written"));
    assert!(!out.exists());
}

#[test]
fn usage_errors_exit_2() {
    let output = codegen(&["import", "--from", "csv", "fixtures/import/csv/generic-sheet.csv"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--map"));
    let output = codegen(&["import", "--from", "excel", "x.xlsx"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let output = codegen(&["push", "--to", "segment", "fixtures/ecommerce/tracking-plan.json"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("set SEGMENT_PUBLIC_API_TOKEN, SEGMENT_TRACKING_PLAN_ID"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn export_then_import_through_the_command_line() {
    let dir = scratch("export");
    let registry = dir.join("registry");
    let output = codegen(
        &["export", "--to", "iglu", "fixtures/ecommerce/tracking-plan.json", "-o", registry.to_str().unwrap()],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("an Iglu registry has no place for the event's owners"));
    let plan = dir.join("plan.json");
    let output = codegen(&["import", "--from", "iglu", registry.to_str().unwrap(), "-o", plan.to_str().unwrap()], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    trackplan_plan_model_load(&plan);
}

#[test]
fn push_dry_run_prints_requests_and_a_real_push_is_idempotent() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let base = emulator.base_url();
    let env = [
        ("SEGMENT_PUBLIC_API_TOKEN", "test-public-api-token"),
        ("SEGMENT_TRACKING_PLAN_ID", "tp_test"),
        ("SEGMENT_API_URL", base.as_str()),
    ];
    let plan = "fixtures/ecommerce/tracking-plan.json";
    let dry = codegen(&["push", "--to", "segment", plan, "--dry-run"], &env);
    assert_eq!(dry.status.code(), Some(0), "{}", text(&dry.stderr));
    let stdout = text(&dry.stdout);
    assert!(stdout.contains(&format!("PATCH {base}/tracking-plans/tp_test/rules")), "{stdout}");
    assert!(stdout.contains("Authorization: Bearer <redacted>"));
    assert!(!stdout.contains("test-public-api-token"));
    assert!(emulator.catalog().segment_rules.is_empty());
    let real = codegen(&["push", "--to", "segment", plan], &env);
    assert_eq!(real.status.code(), Some(0), "{}", text(&real.stderr));
    let again = codegen(&["push", "--to", "segment", plan], &env);
    assert!(text(&again.stdout).contains("segment: 0 changed"), "{}", text(&again.stdout));
}

#[test]
fn amplitude_push_lists_what_it_cannot_sync_and_waits_out_rate_limits() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    // The first read asks to wait a second.
    emulator.push_fault(trackplan_emulators::Fault::status(429).retry_after(1));
    let base = emulator.base_url();
    let env = [
        ("AMPLITUDE_API_KEY", trackplan_emulators::DEFAULT_API_KEY),
        ("AMPLITUDE_SECRET_KEY", trackplan_emulators::DEFAULT_SECRET_KEY),
        ("AMPLITUDE_URL", base.as_str()),
    ];
    let output = codegen(&["push", "--to", "amplitude", "fixtures/ecommerce/tracking-plan.json"], &env);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("rate limited 1 times: waited as the vendor asked and retried"), "{stdout}");
    assert!(
        stdout.contains(
            "not synced: event \"Order Completed\": owners, tags (the Taxonomy API documents no field for them)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains(" 0 failed"), "{stdout}");
}

#[test]
fn an_imported_plan_is_linted_and_the_findings_listed() {
    let dir = scratch("lint");
    let sheet = dir.join("sheet.csv");
    std::fs::write(
        &sheet,
        "Event Name,Event Description,Property Name,Property Value Type,Is Property Required?\n\
         Completed Order,An order was paid.,order_id,string,TRUE\n\
         click_button,A button was clicked.,button_id,string,FALSE\n",
    )
    .unwrap();
    let out = dir.join("plan.json");
    let output = codegen(&["import", "--from", "csv-avo", sheet.to_str().unwrap(), "-o", out.to_str().unwrap()], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("check:") && stderr.contains("TP005 event-object-action"), "{stderr}");
    assert!(stderr.contains("Completed Order") && stderr.contains("click_button"), "{stderr}");
}
