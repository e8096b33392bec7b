//! `codegen lint`, `codegen diff` and `codegen status` as real processes: outputs, exit codes,
//! configuration files, `--fix` on disk and git references.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn codegen(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).current_dir(dir).output().expect("run codegen")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trackplan-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

const ECOMMERCE: &str = "fixtures/ecommerce/tracking-plan.json";

#[test]
fn lint_exit_codes_follow_severities() {
    let root = workspace_root();
    let clean = codegen(&["lint", ECOMMERCE], &root);
    assert_eq!(clean.status.code(), Some(0), "{}{}", stdout(&clean), stderr(&clean));
    assert!(stdout(&clean).contains("0 errors, 7 warnings, 6 infos"), "{}", stdout(&clean));
    let strict = codegen(&["lint", "--fail-on", "warning", ECOMMERCE], &root);
    assert_eq!(strict.status.code(), Some(1));
    let casing = codegen(&["lint", "fixtures/lint/TP001-event-casing/fires.json"], &root);
    assert_eq!(casing.status.code(), Some(1));
    assert!(
        stdout(&casing).contains("fixtures/lint/TP001-event-casing/fires.json:11:15 (events[0].name)"),
        "{}",
        stdout(&casing)
    );
    let broken = codegen(&["lint", "fixtures/invalid/E0103-duplicate-event-name.json"], &root);
    assert_eq!(broken.status.code(), Some(1));
    assert!(stderr(&broken).contains("E0103"), "{}", stderr(&broken));
    let missing = codegen(&["lint", "no/such/plan.json"], &root);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn lint_json_and_sarif() {
    let root = workspace_root();
    let json = codegen(&["lint", "--format", "json", "fixtures/lint/TP013-p0-owner-missing/fires.json"], &root);
    let document: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON output");
    assert_eq!(document["summary"]["errors"], 1);
    let finding = document["findings"].as_array().unwrap().iter().find(|f| f["ruleId"] == "TP013").expect("TP013");
    assert_eq!(finding["rule"], "p0-owner-missing");
    assert_eq!(finding["location"]["path"], "events[0].name");

    let dir = temp_dir("sarif");
    let out = dir.join("lint.sarif");
    let sarif = codegen(&["lint", "--format", "sarif", "--output", out.to_str().unwrap(), ECOMMERCE], &root);
    assert_eq!(sarif.status.code(), Some(0), "{}", stderr(&sarif));
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("sarif file")).expect("SARIF JSON");
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 13);
    assert!(stderr(&sarif).contains("0 errors, 7 warnings"), "{}", stderr(&sarif));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lint_reads_codegen_json_next_to_the_plan() {
    let root = workspace_root();
    let dir = temp_dir("config");
    std::fs::copy(root.join("fixtures/lint/TP013-p0-owner-missing/fires.json"), dir.join("plan.json")).expect("copy");
    assert_eq!(codegen(&["lint", "plan.json"], &dir).status.code(), Some(1));
    std::fs::write(dir.join("codegen.json"), r#"{"lint": {"rules": {"p0-owner-missing": "warning"}}}"#)
        .expect("config");
    let relaxed = codegen(&["lint", "plan.json"], &dir);
    assert_eq!(relaxed.status.code(), Some(0), "{}", stdout(&relaxed));
    assert!(stdout(&relaxed).contains("warning[TP013 p0-owner-missing]"));
    std::fs::write(dir.join("other.json"), r#"{"lint": {"rules": {"TP013": "off"}}}"#).expect("config");
    let off = codegen(&["lint", "--config", "other.json", "plan.json"], &dir);
    assert!(!stdout(&off).contains("TP013"), "{}", stdout(&off));
    std::fs::write(dir.join("codegen.json"), r#"{"lint": {"rules": {"TP404": "off"}}}"#).expect("config");
    let bad = codegen(&["lint", "plan.json"], &dir);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("unknown rule `TP404`"), "{}", stderr(&bad));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lint_fix_rewrites_the_plan_files() {
    let root = workspace_root();
    let dir = temp_dir("fix");
    std::fs::create_dir_all(dir.join("events")).expect("dir");
    for file in ["tracking-plan.json", "events/orders.json"] {
        std::fs::copy(root.join("fixtures/lint/fix/plan").join(file), dir.join(file)).expect("copy");
    }
    let fixed = codegen(&["lint", "--fix", "tracking-plan.json"], &dir);
    assert_eq!(fixed.status.code(), Some(0), "{}{}", stdout(&fixed), stderr(&fixed));
    assert!(stderr(&fixed).contains("fixed: event \"order completed\" -> \"Order Completed\""), "{}", stderr(&fixed));
    for file in ["tracking-plan.json", "events/orders.json"] {
        let actual = std::fs::read_to_string(dir.join(file)).expect("fixed");
        let expected = std::fs::read_to_string(root.join("fixtures/lint/fix/expected").join(file)).expect("expected");
        assert_eq!(actual, expected, "{file}");
    }
    let again = codegen(&["lint", "--fix", "tracking-plan.json"], &dir);
    assert!(stderr(&again).contains("nothing to fix"), "{}", stderr(&again));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn diff_reports_and_checks_versions() {
    let dir = temp_dir("diff");
    let old = r#"{"formatVersion": 1, "name": "Shop", "version": "1.0.0", "events": [
        {"name": "Order Completed", "version": "1-0-0", "properties": {"total": {"type": "number"}}}]}"#;
    std::fs::write(dir.join("old.json"), old).expect("write");
    let new = old.replace("\"number\"", "\"integer\"").replace("1.0.0", "1.1.0");
    std::fs::write(dir.join("new.json"), &new).expect("write");

    let human = codegen(&["diff", "old.json", "new.json"], &dir);
    assert_eq!(human.status.code(), Some(0));
    assert!(
        stdout(&human).contains("major change: plan version 1.0.0 → 1.1.0 (1.1.0 is not enough, use at least 2.0.0)"),
        "{}",
        stdout(&human)
    );
    assert!(stdout(&human).contains("MODEL     total: number → integer"), "{}", stdout(&human));

    let check = codegen(&["diff", "--check-versions", "old.json", "new.json"], &dir);
    assert_eq!(check.status.code(), Some(1));
    assert!(stderr(&check).contains("set \"version\": \"2-0-0\""), "{}", stderr(&check));
    assert!(stderr(&check).contains("set \"version\": \"2.0.0\""), "{}", stderr(&check));

    let bumped = new.replace("1.1.0", "2.0.0").replace("1-0-0", "2-0-0");
    std::fs::write(dir.join("new.json"), &bumped).expect("write");
    let ok = codegen(&["diff", "--check-versions", "--format", "json", "old.json", "new.json"], &dir);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let document: serde_json::Value = serde_json::from_str(&stdout(&ok)).expect("JSON");
    assert_eq!(document["impact"], "major");
    assert_eq!(document["events"][0]["changes"][0]["kind"], "type-changed");
    assert_eq!(document["events"][0]["changes"][0]["bump"], "MODEL");

    let markdown = codegen(&["diff", "--format", "markdown", "old.json", "new.json"], &dir);
    assert!(stdout(&markdown).starts_with("### Tracking plan changes: Shop 1.0.0 → 2.0.0"), "{}", stdout(&markdown));

    let broken = codegen(&["diff", "old.json", "missing.json"], &dir);
    assert_eq!(broken.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn diff_reads_plans_at_git_revisions() {
    let dir = temp_dir("git");
    let git = |args: &[&str]| {
        let output = Command::new("git").args(args).current_dir(&dir).output().expect("run git");
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "test@example.com"]);
    git(&["config", "user.name", "Test"]);
    std::fs::create_dir_all(dir.join("plan/events")).expect("dir");
    std::fs::write(
        dir.join("plan/tracking-plan.json"),
        r#"{"formatVersion": 1, "name": "Shop", "version": "1.0.0", "include": ["events/orders.json"]}"#,
    )
    .expect("write");
    let events = r#"{"events": [{"name": "Order Completed", "properties": {"total": {"type": "number"}}}]}"#;
    std::fs::write(dir.join("plan/events/orders.json"), events).expect("write");
    git(&["add", "."]);
    git(&["commit", "-qm", "plan"]);
    // The working tree changes the included file only.
    std::fs::write(
        dir.join("plan/events/orders.json"),
        events.replace("{\"total\"", "{\"tax\": {\"type\": \"number\"}, \"total\""),
    )
    .expect("write");

    let output = codegen(&["diff", "git:HEAD:plan/tracking-plan.json", "plan/tracking-plan.json"], &dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("ADDITION  tax: optional property added (number)"), "{}", stdout(&output));
    // From a subdirectory, paths are relative to it.
    let inner = codegen(&["diff", "git:HEAD:tracking-plan.json", "tracking-plan.json"], &dir.join("plan"));
    assert!(stdout(&inner).contains("ADDITION  tax"), "{}{}", stdout(&inner), stderr(&inner));
    let unknown = codegen(&["diff", "git:nope:plan/tracking-plan.json", "plan/tracking-plan.json"], &dir);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("git show"), "{}", stderr(&unknown));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn diff_reads_lock_files_on_disk_and_at_git_revisions() {
    let dir = temp_dir("lock");
    let git = |args: &[&str]| {
        let output = Command::new("git").args(args).current_dir(&dir).output().expect("run git");
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    for step in [&["init", "--example", "--no-input"][..], &["pull"]] {
        let output = codegen(step, &dir);
        assert_eq!(output.status.code(), Some(0), "{step:?}: {}", stderr(&output));
    }
    git(&["init", "-q"]);
    git(&["config", "user.email", "test@example.com"]);
    git(&["config", "user.name", "Test"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "first pull"]);
    // Remove an event from an included file and pull again: the lock changes.
    let coupons = dir.join("events/coupons.json");
    let mut fragment: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&coupons).expect("coupons")).expect("JSON");
    let events = fragment["events"].as_array_mut().expect("events");
    let removed = events.remove(0)["name"].as_str().expect("name").to_owned();
    std::fs::write(&coupons, serde_json::to_string_pretty(&fragment).expect("JSON")).expect("write");
    let pulled = codegen(&["pull"], &dir);
    assert_eq!(pulled.status.code(), Some(0), "{}", stderr(&pulled));

    let expected = format!("- event {removed:?} [removed, was 1-0-0]");
    let locks = codegen(&["diff", "git:HEAD:tracking-plan.lock.json", "tracking-plan.lock.json"], &dir);
    assert_eq!(locks.status.code(), Some(0), "{}", stderr(&locks));
    assert!(stdout(&locks).contains(&expected), "{}", stdout(&locks));
    assert!(stdout(&locks).contains("(git:HEAD:tracking-plan.lock.json) → 3.2.0 (tracking-plan.lock.json)"));
    // A lock and a plan file compare like two plans: the lock is what the plan now says.
    let same = codegen(&["diff", "--format", "json", "tracking-plan.lock.json", "tracking-plan.json"], &dir);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    let document: serde_json::Value = serde_json::from_str(&stdout(&same)).expect("JSON");
    assert_eq!(document["events"], serde_json::json!([]), "{document}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn status_fails_on_missing_p0_events() {
    let root = workspace_root();
    let android = codegen(&["status", ECOMMERCE, "--source", "android=fixtures/status/android"], &root);
    assert_eq!(android.status.code(), Some(1));
    assert!(
        stderr(&android).contains("P0 event \"Payment Info Entered\" is not instrumented in source \"android\""),
        "{}",
        stderr(&android)
    );
    let relaxed = codegen(
        &["status", ECOMMERCE, "--source", "android=fixtures/status/android", "--fail-on-missing", "none"],
        &root,
    );
    assert_eq!(relaxed.status.code(), Some(0));
    let server =
        codegen(&["status", ECOMMERCE, "--source", "server=fixtures/status/server", "--format", "json"], &root);
    assert_eq!(server.status.code(), Some(0), "{}", stderr(&server));
    let document: serde_json::Value = serde_json::from_str(&stdout(&server)).expect("JSON");
    let events = document["sources"][0]["events"].as_array().expect("events");
    let refunded = events.iter().find(|e| e["name"] == "Order Refunded").expect("listed");
    assert_eq!(refunded["uses"][0]["place"]["line"], 8);
    assert_eq!(document["sources"][0]["raw_calls"][0]["event"], "Order Completed");
    let bad = codegen(&["status", ECOMMERCE, "--source", "desktop=fixtures/status/web"], &root);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("declares no source \"desktop\""), "{}", stderr(&bad));
}
