//! `--serve` over real TCP: pages from memory, live reload after plan edits (included files
//! too), the diagnostics page while the plan is broken, and a locked-down local server.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use scraper::Html;
use serde_json::json;
use trackplan_docs_site::serve::{ServeConfig, Server, serve};
use trackplan_docs_site::{GovernanceDiff, Inputs};

struct Reply {
    status: u16,
    content_type: String,
    body: String,
}

fn request(server: &Server, head: &str) -> Reply {
    let mut stream = TcpStream::connect(server.addr()).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
    stream.write_all(head.as_bytes()).expect("send");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a head and a body");
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status");
    let content_type = head.lines().find_map(|l| l.strip_prefix("Content-Type: ")).unwrap_or_default().to_owned();
    Reply { status, content_type, body: body.to_owned() }
}

fn get(server: &Server, path: &str) -> Reply {
    request(server, &format!("GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.addr()))
}

fn plan_json(description: &str, include: bool) -> String {
    let mut plan = json!({
        "formatVersion": 1,
        "name": "Served Plan",
        "version": "1.0.0",
        "vendor": "com.example",
        "events": [{"name": "Song Played", "description": description, "owners": ["audio-team"],
                    "properties": {"song_id": {"type": "string", "required": true}}}]
    });
    if include {
        plan["include"] = json!(["more.json"]);
    }
    serde_json::to_string_pretty(&plan).expect("json")
}

fn more_json(event: &str) -> String {
    json!({"events": [{"name": event, "owners": ["audio-team"]}]}).to_string()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trackplan-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

fn start(plan: &Path) -> Server {
    let inputs = Inputs { plan: plan.to_owned(), status: None, previous: None };
    let config = ServeConfig { port: 0, poll_interval: Duration::from_millis(40), log: false };
    serve(inputs, Box::new(GovernanceDiff), config).expect("server starts")
}

/// Wait (long poll) until the site version moves past `since`; returns the new version.
fn wait_past(server: &Server, since: u64) -> u64 {
    let reply = get(server, &format!("/__trackplan/wait?since={since}"));
    assert_eq!(reply.status, 200);
    let answer: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON");
    let version = answer["version"].as_u64().expect("version");
    assert!(version > since, "the long poll answered without a new version ({version})");
    version
}

#[test]
fn serves_the_site_from_memory_with_the_live_reload_script() {
    let dir = temp_dir("pages");
    let plan = dir.join("plan.json");
    std::fs::write(&plan, plan_json("A song started.", false)).expect("write");
    let server = start(&plan);
    let index = get(&server, "/");
    assert_eq!(index.status, 200);
    assert_eq!(index.content_type, "text/html; charset=utf-8");
    let html = Html::parse_document(&index.body);
    assert_eq!(text_of(&html, "h1"), "Served Plan");
    let scripts: Vec<_> = html.select(&sel("script[src]")).filter_map(|s| s.attr("src")).collect();
    assert_eq!(scripts, ["assets/site.js", "/__trackplan/live-reload.js?v=1"]);
    let event = get(&server, "/events/song-played.html");
    assert_eq!(event.status, 200);
    assert!(event.body.contains("A song started."));
    assert_eq!(get(&server, "/assets/site.css").content_type, "text/css; charset=utf-8");
    let script = get(&server, "/__trackplan/live-reload.js");
    assert_eq!((script.status, script.content_type.as_str()), (200, "text/javascript; charset=utf-8"));
    assert!(script.body.contains("/__trackplan/wait?since="));
    assert_eq!(get(&server, "/events/none.html").status, 404);
    assert_eq!(get(&server, "/../../etc/passwd").status, 404);
    let rebound = request(&server, "GET / HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n");
    assert_eq!(rebound.status, 403, "a foreign Host header is refused (DNS rebinding)");
    let post = request(&server, &format!("POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\n\r\n", server.addr()));
    assert_eq!(post.status, 405);
    let head = request(&server, &format!("HEAD / HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr()));
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    server.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn edits_rebuild_the_site_errors_show_as_a_page_and_fixes_recover() {
    let dir = temp_dir("reload");
    let plan = dir.join("plan.json");
    std::fs::write(&plan, plan_json("First description.", true)).expect("write");
    std::fs::write(dir.join("more.json"), more_json("Song Paused")).expect("write");
    let server = start(&plan);
    assert_eq!(server.version(), 1);
    assert!(get(&server, "/events/song-paused.html").body.contains("Song Paused"));

    // An edit to the root file.
    let waiter = std::thread::scope(|scope| {
        let waiting = scope.spawn(|| wait_past(&server, 1));
        std::thread::sleep(Duration::from_millis(100));
        std::fs::write(&plan, plan_json("Second, longer description.", true)).expect("edit");
        waiting.join().expect("long poll")
    });
    assert_eq!(waiter, 2);
    let page = get(&server, "/events/song-played.html").body;
    assert!(page.contains("Second, longer description.") && page.contains("live-reload.js?v=2"));

    // An edit to an included file.
    std::fs::write(dir.join("more.json"), more_json("Song Skipped Ahead")).expect("edit include");
    assert_eq!(wait_past(&server, 2), 3);
    assert!(get(&server, "/events/song-skipped-ahead.html").status == 200);
    assert_eq!(get(&server, "/events/song-paused.html").status, 404, "the removed event's page is gone");

    // A broken plan: every page shows the diagnostics, and the server keeps running.
    std::fs::write(&plan, "{ \"formatVersion\": 1, \"name\": ").expect("break");
    assert_eq!(wait_past(&server, 3), 4);
    let broken = get(&server, "/events/song-played.html");
    assert_eq!(broken.status, 200);
    let html = Html::parse_document(&broken.body);
    assert!(text_of(&html, "h1").starts_with("The plan has 1 error"), "{}", text_of(&html, "h1"));
    assert_eq!(text_of(&html, ".diagnostic .badge"), "E0002");
    assert!(text_of(&html, ".diagnostic-where").contains("plan.json:1:"));
    assert!(broken.body.contains("live-reload.js?v=4"), "the error page reloads by itself too");
    let css = html.select(&sel("link[rel=stylesheet]")).next().and_then(|l| l.attr("href"));
    assert_eq!(css, Some("/assets/site.css"), "the error page stands in at any depth");
    assert_eq!(get(&server, "/assets/site.css").status, 200);

    // Fixed again: the site is back.
    std::fs::write(&plan, plan_json("Fixed.", true)).expect("fix");
    assert_eq!(wait_past(&server, 4), 5);
    assert!(get(&server, "/events/song-played.html").body.contains("Fixed."));
    assert_eq!(get(&server, "/events/song-skipped-ahead.html").status, 200, "includes still watched");
    server.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_plan_broken_from_the_start_is_served_as_diagnostics() {
    let dir = temp_dir("broken");
    let plan = dir.join("plan.json");
    let server = start(&plan);
    let html = Html::parse_document(&get(&server, "/").body);
    assert_eq!(text_of(&html, ".diagnostic .badge"), "E0001");
    std::fs::write(&plan, plan_json("Now it exists.", false)).expect("create");
    assert_eq!(wait_past(&server, 1), 2);
    assert!(get(&server, "/events/song-played.html").body.contains("Now it exists."));
    server.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let inputs = Inputs { plan: "plan.json".into(), status: None, previous: None };
    let config = ServeConfig { port, poll_interval: Duration::from_millis(40), log: false };
    let error = serve(inputs, Box::new(GovernanceDiff), config).expect_err("port is taken");
    let message = error.to_string();
    assert!(message.contains(&format!("127.0.0.1:{port}")) && message.contains("--port"), "{message}");
}
