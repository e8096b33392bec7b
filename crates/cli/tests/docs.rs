//! `codegen docs` as a real process: writing a site, refusing to clobber, exit codes, and
//! `--serve` answering on localhost.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).current_dir(root()).output().expect("codegen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trackplan-cli-docs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

#[test]
fn writes_the_site_and_rewrites_it_in_place() {
    let dir = temp_dir("write");
    let out = dir.join("site");
    let out_arg = out.to_str().expect("utf-8 path");
    let first = codegen(&["docs", "fixtures/ecommerce/tracking-plan.json", "-o", out_arg]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(text(&first.stderr).contains("wrote"), "{}", text(&first.stderr));
    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(index.contains("Acme Shop"));
    assert!(out.join("events/order-completed.html").is_file());
    let again = codegen(&["docs", "fixtures/ecommerce/tracking-plan.json", "-o", out_arg]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert_eq!(std::fs::read_to_string(out.join("index.html")).expect("index.html"), index, "deterministic");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_status_report_and_an_older_plan_add_their_pages() {
    let dir = temp_dir("extras");
    let status = codegen(&[
        "status",
        "fixtures/ecommerce/tracking-plan.json",
        "--source",
        "web=fixtures/status/web",
        "--source",
        "android=fixtures/status/android",
        "--format",
        "json",
        "--fail-on-missing",
        "none",
    ]);
    assert_eq!(status.status.code(), Some(0), "{}", text(&status.stderr));
    let report = dir.join("status.json");
    std::fs::write(&report, &status.stdout).expect("status report");
    let out = dir.join("site");
    let output = codegen(&[
        "docs",
        "fixtures/ecommerce/tracking-plan.json",
        "-o",
        out.to_str().expect("path"),
        "--status",
        report.to_str().expect("path"),
        "--previous",
        "fixtures/edge/tracking-plan.json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let viewed = std::fs::read_to_string(out.join("events/product-viewed.html")).expect("page");
    assert!(viewed.contains("fixtures/status/web/src/ProductPage.tsx:"), "call sites from `codegen status`");
    assert!(viewed.contains("fixtures/status/android/"), "from every scanned source");
    let changes = std::fs::read_to_string(out.join("changes.html")).expect("changes page");
    assert!(changes.contains("Changes since 0.0.1-alpha.1+build.5"), "{changes}");
    assert!(changes.contains("major change"), "the verdict of `codegen diff`");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_inputs_exit_with_clear_errors_and_write_nothing() {
    let dir = temp_dir("bad");
    let out = dir.join("site");
    let out_arg = out.to_str().expect("path");
    let invalid = codegen(&["docs", "fixtures/invalid/multi-several-errors-in-one-run.json", "-o", out_arg]);
    assert_eq!(invalid.status.code(), Some(1));
    assert!(text(&invalid.stderr).contains("error[E"), "{}", text(&invalid.stderr));
    assert!(!out.exists(), "no partial site for an invalid plan");
    let missing = codegen(&["docs", "no/such/plan.json", "-o", out_arg]);
    assert_eq!(missing.status.code(), Some(2));
    let bad_status = dir.join("status.json");
    std::fs::write(&bad_status, "[1, 2]").expect("write");
    let status = codegen(&[
        "docs",
        "fixtures/ecommerce/tracking-plan.json",
        "-o",
        out_arg,
        "--status",
        bad_status.to_str().expect("path"),
    ]);
    assert_eq!(status.status.code(), Some(2));
    assert!(text(&status.stderr).contains("not a status report"), "{}", text(&status.stderr));
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("notes.txt"), "mine").expect("write");
    let foreign = codegen(&["docs", "fixtures/ecommerce/tracking-plan.json", "-o", out_arg]);
    assert_eq!(foreign.status.code(), Some(2));
    assert!(text(&foreign.stderr).contains("refusing to replace"), "{}", text(&foreign.stderr));
    assert_eq!(std::fs::read_to_string(out.join("notes.txt")).expect("kept"), "mine");
    assert_eq!(codegen(&["docs", "x.json", "--serve", "-o", "y"]).status.code(), Some(2), "--serve writes nothing");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serve_answers_on_localhost() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["docs", "fixtures/ecommerce/tracking-plan.json", "--serve", "--port", "0"])
        .current_dir(root())
        .stderr(Stdio::piped())
        .spawn()
        .expect("codegen docs --serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let url = loop {
        let line = lines.next().expect("the server announces its URL").expect("read");
        if let Some(at) = line.find("http://127.0.0.1:") {
            break line[at..].split_whitespace().next().expect("url").to_owned();
        }
    };
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(stream, "GET /events/order-completed.html HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    child.kill().expect("stop the server");
    let _ = child.wait();
    assert!(reply.starts_with("HTTP/1.1 200 OK"), "{reply}");
    assert!(reply.contains("<h1 dir=\"auto\">Order Completed</h1>") && reply.contains("/__trackplan/live-reload.js"));
}
