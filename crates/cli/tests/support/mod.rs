//! Test support: running `codegen` as a real process in temp projects, a small local HTTP
//! server, and an emulator of the Segment Public API's tracking-plan endpoints.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

/// A secret no output may ever contain.
pub const SECRET: &str = "tok-5ecret-8c1f2e";

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

/// `codegen` with `args` in `dir`, with a clean environment for colour and width.
pub fn codegen(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codegen"));
    command.current_dir(dir).args(args).env_remove("NO_COLOR").env("COLUMNS", "100");
    command
}

/// The finished process's stdout and stderr together, for assertions.
pub fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Run and return the output, asserting the exit code.
pub fn run(command: &mut Command, code: i32) -> Output {
    let output = command.output().expect("run codegen");
    assert_eq!(output.status.code(), Some(code), "unexpected exit code; output:\n{}", text(&output));
    output
}

/// Every file under `dir` with its bytes, to prove a failed command changed nothing.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(path.strip_prefix(root).expect("prefix").to_path_buf(), std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Copy the e-commerce fixture plan (root and includes) into `dir`.
pub fn copy_ecommerce(dir: &Path) {
    let source = repo().join("fixtures/ecommerce");
    for name in [
        "tracking-plan.json",
        "events/browsing.json",
        "events/checkout.json",
        "events/coupons.json",
        "events/orders.json",
    ] {
        let target = dir.join(name);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(source.join(name), &target).expect("copy fixture");
    }
}

/// Write `codegen.json` in `dir`.
pub fn write_config(dir: &Path, config: &Value) {
    std::fs::write(dir.join("codegen.json"), serde_json::to_string_pretty(config).expect("json"))
        .expect("write config");
}

/// Edit a JSON file in place.
pub fn edit_json(path: &Path, edit: impl FnOnce(&mut Value)) {
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    edit(&mut value);
    std::fs::write(path, serde_json::to_string_pretty(&value).expect("json")).expect("write");
}

/// A request the server received.
#[derive(Debug, Clone)]
pub struct Request {
    /// Request target (path and query).
    pub target: String,
    /// Header names lower-cased.
    pub headers: BTreeMap<String, String>,
}

/// What the handler answers.
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    pub fn json(value: &Value) -> Reply {
        Reply { status: 200, body: value.to_string() }
    }
    pub fn status(status: u16, body: &str) -> Reply {
        Reply { status, body: body.to_owned() }
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A local HTTP/1.1 server on 127.0.0.1 answering every request with a handler.
pub struct Server {
    pub base: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
    handler: Arc<Mutex<Arc<Handler>>>,
}

impl Server {
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Mutex<Arc<Handler>>> = Arc::new(Mutex::new(Arc::new(handler)));
        let (log, current) = (requests.clone(), handler.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let target = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let mut headers = BTreeMap::new();
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                        break;
                    }
                    if let Some((name, value)) = header.split_once(':') {
                        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
                    }
                }
                let request = Request { target, headers };
                log.lock().expect("log").push(request.clone());
                let handler = current.lock().expect("handler").clone();
                let reply = handler(&request);
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                    reply.status,
                    reply.body.len(),
                    reply.body
                );
            }
        });
        Server { base, requests, handler }
    }

    /// Replace the handler (e.g. to make the next pull fail).
    pub fn set(&self, handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) {
        *self.handler.lock().expect("handler") = Arc::new(handler);
    }
}

/// Serve the files of `dir` under `/plans/`, requiring `Authorization: Bearer SECRET`.
pub fn file_handler(dir: PathBuf) -> impl Fn(&Request) -> Reply + Send + Sync + 'static {
    move |request| {
        if request.headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {SECRET}")) {
            return Reply::status(401, r#"{"error":"unauthorized"}"#);
        }
        let path = request.target.split('?').next().unwrap_or("");
        match path.strip_prefix("/plans/").map(|rel| dir.join(rel)).and_then(|p| std::fs::read_to_string(p).ok()) {
            Some(body) => Reply { status: 200, body },
            None => Reply::status(404, r#"{"error":"not found"}"#),
        }
    }
}

/// An emulator of the Segment Public API's `GET /tracking-plans/{id}` and paginated
/// `GET /tracking-plans/{id}/rules`: Bearer auth, `pagination.count` honoured up to
/// `max_page`, opaque cursors, the documented response envelopes.
pub fn segment_handler(
    id: &'static str,
    name: &'static str,
    rules: Vec<Value>,
    max_page: usize,
) -> impl Fn(&Request) -> Reply + Send + Sync + 'static {
    move |request| {
        if request.headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {SECRET}")) {
            return Reply::status(401, r#"{"errors":[{"type":"unauthorized","message":"Unauthorized"}]}"#);
        }
        let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
        let param = |key: &str| query.split('&').find_map(|kv| kv.strip_prefix(&format!("{key}=")).map(str::to_owned));
        if path == format!("/tracking-plans/{id}") {
            return Reply::json(&json!({"data": {"trackingPlan": {
                "id": id, "name": name, "slug": "shop", "description": "From Segment", "type": "LIVE",
                "updatedAt": "2026-11-20T10:00:00.000Z", "createdAt": "2026-01-01T00:00:00.000Z"
            }}}));
        }
        if path == format!("/tracking-plans/{id}/rules") {
            let count = param("pagination.count").and_then(|c| c.parse::<usize>().ok()).unwrap_or(10).min(max_page);
            let start = match param("pagination.cursor") {
                Some(cursor) => {
                    match cursor.strip_prefix("c%3D").or(cursor.strip_prefix("c=")).and_then(|n| n.parse().ok()) {
                        Some(start) => start,
                        None => {
                            return Reply::status(400, r#"{"errors":[{"type":"bad-request","message":"bad cursor"}]}"#);
                        }
                    }
                }
                None => 0,
            };
            let page: Vec<Value> = rules.iter().skip(start).take(count).cloned().collect();
            let next = (start + count < rules.len()).then(|| format!("c={}", start + count));
            return Reply::json(&json!({"data": {"rules": page, "pagination": {
                "current": format!("c={start}"), "next": next, "totalEntries": rules.len()
            }}}));
        }
        Reply::status(404, r#"{"errors":[{"type":"not-found","message":"Resource not found"}]}"#)
    }
}

/// A Segment TRACK rule with properties.
pub fn track_rule(key: &str, version: u64, properties: Value, required: &[&str]) -> Value {
    json!({
        "type": "TRACK", "key": key, "version": version,
        "jsonSchema": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "description": format!("{key} happened."),
            "labels": {"team": "growth"},
            "properties": {
                "context": {},
                "traits": {},
                "properties": {"type": "object", "properties": properties, "required": required}
            }
        },
        "createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-11-20T10:00:00.000Z"
    })
}

/// Run git in `dir`, asserting success.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"])
        .args(args)
        .output()
        .expect("run git");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Languages whose back end is part of this build (the others return `Unavailable`).
pub fn available_languages() -> Vec<trackplan_generator::Language> {
    let plan = trackplan_plan_model::load(repo().join("fixtures/ecommerce/tracking-plan.json")).expect("fixture plan");
    trackplan_generator::Language::ALL
        .into_iter()
        .filter(|language| {
            !matches!(
                trackplan_generator::generate(&plan, *language, &trackplan_generator::Options::default()),
                Err(trackplan_generator::GenerateError::Unavailable(_))
            )
        })
        .collect()
}
