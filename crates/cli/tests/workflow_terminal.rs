//! Behaviour on a terminal, through a real pseudo-terminal (`script` from util-linux):
//! `codegen init` asks its questions, and `pull` shows progress that piped runs never see.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use support::*;

/// Run `codegen args` on a pseudo-terminal in `dir`, typing `input`; `None` without `script`.
fn on_terminal(dir: &Path, args: &str, input: &str) -> Option<(i32, String)> {
    let probe = Command::new("script").arg("--version").output();
    if probe.is_err() {
        eprintln!("WARNING: `script` (util-linux) is not installed; the terminal test did not run");
        return None;
    }
    let command_line = format!("{} {args}", env!("CARGO_BIN_EXE_codegen"));
    let mut child = Command::new("script")
        .args(["-qec", &command_line, "/dev/null"])
        .current_dir(dir)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn script");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("type");
    let output = child.wait_with_output().expect("wait");
    Some((output.status.code().unwrap_or(-1), text(&output)))
}

#[test]
fn init_asks_on_a_terminal() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    let Some((code, shown)) = on_terminal(dir, "init", "file\n\ny\ntypescript, swift\nweb/src/analytics\n\n") else {
        return;
    };
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("Where does the plan come from?"), "{shown}");
    let config: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("codegen.json")).expect("config")).expect("json");
    assert_eq!(
        config["plans"][0]["outputs"],
        json!([{"language": "typescript", "path": "web/src/analytics"}, {"language": "swift", "path": "Sources/Analytics"}])
    );
    assert!(dir.join("events/orders.json").is_file(), "the example plan was written");
}

#[test]
fn pull_shows_progress_and_colour_on_a_terminal_only() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    copy_ecommerce(dir);
    write_config(dir, &json!({"plans": [{"source": {"path": "tracking-plan.json"}}]}));
    let Some((code, shown)) = on_terminal(dir, "pull", "") else { return };
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("\r\x1b[2Kfetching tracking-plan.json"), "{shown:?}");
    edit_json(&dir.join("events/orders.json"), |plan| {
        plan["events"].as_array_mut().expect("events").pop();
    });
    let Some((_, colored)) = on_terminal(dir, "pull --check", "") else { return };
    assert!(colored.contains("\x1b[31m"), "colour on a terminal: {colored:?}");
    let no_color = Command::new("script")
        .args(["-qec", &format!("{} pull --check", env!("CARGO_BIN_EXE_codegen")), "/dev/null"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("script");
    assert!(!text(&no_color).contains("\x1b[31m"), "NO_COLOR is honoured: {:?}", text(&no_color));
}
