//! `codegen audit` as a real process: exit codes, standard input, the three output formats and
//! the same report for any `--jobs`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn codegen(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .current_dir(workspace_root())
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run codegen");
    if let Some(bytes) = stdin {
        child.stdin.take().expect("stdin").write_all(bytes).expect("write stdin");
    }
    child.wait_with_output().expect("codegen output")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const PLAN: &str = "fixtures/ecommerce/tracking-plan.json";

/// Segment messages of every example of the plan, with the global properties: all valid.
fn clean_export() -> Vec<u8> {
    let plan = trackplan_plan_model::load(workspace_root().join(PLAN)).expect("plan");
    let mut out = Vec::new();
    for event in &plan.events {
        for (index, example) in event.examples.iter().enumerate() {
            let mut properties = example.clone();
            properties["app_version"] = "5.12.0".into();
            properties["platform"] = "web".into();
            let message = serde_json::json!({
                "type": "track", "event": event.name, "properties": properties,
                "userId": "user-1001", "messageId": format!("{}-{index}", event.snake_name)
            });
            out.extend_from_slice(message.to_string().as_bytes());
            out.push(b'\n');
        }
    }
    out
}

#[test]
fn exit_codes() {
    let dir = std::env::temp_dir().join(format!("trackplan-cli-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let clean = dir.join("clean.ndjson");
    std::fs::write(&clean, clean_export()).expect("write");
    let clean = clean.display().to_string();

    let valid = codegen(&["audit", PLAN, &clean], None);
    assert_eq!(valid.status.code(), Some(0), "{}{}", stdout(&valid), stderr(&valid));
    assert!(stdout(&valid).contains(" 0 invalid (0 violations)"), "{}", stdout(&valid));

    let invalid = codegen(&["audit", PLAN, "fixtures/audit/segment.ndjson"], None);
    assert_eq!(invalid.status.code(), Some(1), "{}", stderr(&invalid));
    assert!(stdout(&invalid).contains("orderId  (wrong casing of order_id)"), "{}", stdout(&invalid));

    let missing = codegen(&["audit", PLAN, "no/such/events.ndjson"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("cannot read no/such/events.ndjson"), "{}", stderr(&missing));
    let directory = codegen(&["audit", PLAN, "fixtures/audit"], None);
    assert_eq!(directory.status.code(), Some(2));
    let broken_plan = codegen(&["audit", "fixtures/invalid/E0103-duplicate-event-name.json", &clean], None);
    assert_eq!(broken_plan.status.code(), Some(2));
    assert!(stderr(&broken_plan).contains("E0103"), "{}", stderr(&broken_plan));
    let twice = codegen(&["audit", PLAN, "-", "-"], Some(b""));
    assert_eq!(twice.status.code(), Some(2));
    let no_input = codegen(&["audit", PLAN], None);
    assert_eq!(no_input.status.code(), Some(2), "clap usage error");
    let zero_jobs = codegen(&["audit", PLAN, &clean, "--jobs", "0"], None);
    assert_eq!(zero_jobs.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn standard_input_reads_like_a_file() {
    let fixture = "fixtures/audit/mixpanel.ndjson";
    let bytes = std::fs::read(workspace_root().join(fixture)).expect("fixture");
    let from_stdin = codegen(&["audit", PLAN, "-", "--format", "json"], Some(&bytes));
    let from_file = codegen(&["audit", PLAN, fixture, "--format", "json"], None);
    assert_eq!(from_stdin.status.code(), Some(1));
    let mut stdin_report: serde_json::Value = serde_json::from_slice(&from_stdin.stdout).expect("JSON");
    let file_report: serde_json::Value = serde_json::from_slice(&from_file.stdout).expect("JSON");
    assert_eq!(stdin_report["inputs"], serde_json::json!(["-"]));
    assert_eq!(stdin_report["events"][0]["samples"][0]["input"], "-");
    // Apart from the input's name, the same report.
    let renamed = stdin_report.to_string().replace("\"-\"", &format!("\"{fixture}\""));
    stdin_report = serde_json::from_str(&renamed).expect("JSON");
    assert_eq!(stdin_report, file_report);
}

#[test]
fn formats_and_jobs() {
    let inputs = ["fixtures/audit/segment.ndjson", "fixtures/audit/amplitude.ndjson", "fixtures/audit/mixpanel.ndjson"];
    for format in ["human", "json", "csv"] {
        let mut one = vec!["audit", PLAN, "--format", format, "--jobs", "1"];
        one.extend(inputs);
        let mut four = vec!["audit", PLAN, "--format", format, "-j", "4"];
        four.extend(inputs);
        let (one, four) = (codegen(&one, None), codegen(&four, None));
        assert_eq!(one.status.code(), Some(1));
        assert_eq!(stdout(&one), stdout(&four), "--format {format}");
    }
    let csv = codegen(&["audit", PLAN, "fixtures/audit/amplitude.ndjson", "--format", "csv"], None);
    assert!(stdout(&csv).starts_with("event,kind,records,valid,invalid,rule,path,violations,hint\n"));
    let forced = codegen(
        &["audit", PLAN, "fixtures/audit/amplitude.ndjson", "--input-format", "segment", "--format", "json"],
        None,
    );
    let report: serde_json::Value = serde_json::from_slice(&forced.stdout).expect("JSON");
    assert_eq!(report["summary"]["records"], 0);
    assert_eq!(report["inputFormat"], "segment");
}
