//! The trackplan-emulator binary, spawned as another-language harness would.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::json;
use trackplan_emulators::basic_auth;

use crate::common::{post_json, send};

#[test]
fn binary_serves_a_vendor_and_the_control_api() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trackplan-emulator"))
        .args(["--vendor", "mixpanel", "--token", "cli-token", "--exit-on-stdin-eof"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn trackplan-emulator");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");

    let events =
        json!([{"event": "e", "properties": {"time": 1_700_000_000, "distinct_id": "u", "$insert_id": "cli-1"}}]);
    let auth = basic_auth("cli-token", "");
    assert_eq!(post_json(&base, "/import?strict=1", Some(&auth), &events).status, 200);
    let received = send(&base, "GET", "/__emulator/received", &[], b"").unwrap().json();
    assert_eq!(received[0]["id"], json!("cli-1"));

    drop(child.stdin.take());
    let status = child.wait().unwrap();
    assert!(status.success());
}

#[test]
fn binary_rejects_an_unknown_vendor() {
    let output = Command::new(env!("CARGO_BIN_EXE_trackplan-emulator")).args(["--vendor", "heap"]).output().unwrap();
    assert!(!output.status.success());
}
