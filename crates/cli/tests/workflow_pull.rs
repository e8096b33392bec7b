//! `codegen init` and `codegen pull` from every kind of source, as real processes in temp
//! projects: local files, a local HTTP server, local git repositories and an emulator of the
//! Segment Public API. Failed pulls must leave every file byte-identical and never print secrets.

mod support;

use serde_json::{Value, json};
use support::*;

fn lock(dir: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("tracking-plan.lock.json")).expect("lock")).expect("json")
}

fn event_names(lock: &Value) -> Vec<String> {
    lock["plan"]["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["name"].as_str().expect("name").to_owned())
        .collect()
}

#[test]
fn init_with_flags_writes_config_and_example_plan_and_pull_locks_it() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    let outside = run(&mut codegen(dir, &["init", "--example", "--no-input", "--output", "rust=../elsewhere"]), 2);
    assert!(text(&outside).contains("stay inside the project"), "{}", text(&outside));
    assert!(snapshot(dir).is_empty(), "nothing written by a refused init");
    let output = run(&mut codegen(dir, &["init", "--example", "--no-input"]), 0);
    assert!(text(&output).contains("wrote codegen.json"));
    assert!(dir.join("events/coupons.json").is_file());
    let again = run(&mut codegen(dir, &["init", "--no-input"]), 2);
    assert!(text(&again).contains("already exists"), "{}", text(&again));

    let output = run(&mut codegen(dir, &["pull"]), 0);
    assert!(text(&output).contains("first pull: 29 events locked"), "{}", text(&output));
    let locked = lock(dir);
    assert_eq!(locked["name"], "Acme Shop");
    assert_eq!(locked["source"]["kind"], "path");
    assert!(locked["plan"].get("include").is_none(), "includes are merged into the lock");
    let names = event_names(&locked);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "events are sorted by name");
    let text_before = std::fs::read_to_string(dir.join("tracking-plan.lock.json")).expect("lock");
    assert!(text_before.ends_with("}\n"));

    // A second pull of an unchanged plan is byte-identical and says so.
    let output = run(&mut codegen(dir, &["pull"]), 0);
    assert!(text(&output).contains("unchanged"), "{}", text(&output));
    assert_eq!(std::fs::read_to_string(dir.join("tracking-plan.lock.json")).expect("lock"), text_before);
    run(&mut codegen(dir, &["pull", "--check"]), 0);
    run(&mut codegen(dir, &["check"]), 0);

    // A lock edited by hand is refused by check and repaired by the next pull.
    std::fs::write(dir.join("tracking-plan.lock.json"), text_before.replace("\"Acme Shop\"", "\"Acme Shed\""))
        .expect("edit");
    let refused = run(&mut codegen(dir, &["check"]), 2);
    assert!(text(&refused).contains("does not match its contentHash"), "{}", text(&refused));
    let repaired = run(&mut codegen(dir, &["pull"]), 0);
    assert!(text(&repaired).contains("it is replaced by this pull"), "{}", text(&repaired));
    assert_eq!(std::fs::read_to_string(dir.join("tracking-plan.lock.json")).expect("lock"), text_before);
}

#[test]
fn pull_reports_changes_with_semver_impact_and_check_detects_the_moved_source() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    copy_ecommerce(dir);
    write_config(dir, &json!({"plans": [{"source": {"path": "tracking-plan.json"}}]}));
    run(&mut codegen(dir, &["pull"]), 0);
    edit_json(&dir.join("events/orders.json"), |plan| {
        let events = plan["events"].as_array_mut().expect("events");
        events[0]["properties"]["gift_note"] = json!({"type": "string"});
        events.retain(|e| e["name"] != "Order Cancelled");
    });
    let output = run(&mut codegen(dir, &["pull", "--check"]), 1);
    let shown = text(&output);
    assert!(shown.contains("the source moved past the lock"), "{shown}");
    let stale = run(&mut codegen(dir, &["check"]), 1);
    assert!(text(&stale).contains("tracking-plan.lock.json (stale-lock)"), "{}", text(&stale));
    assert!(text(&stale).contains("run `codegen pull`"), "{}", text(&stale));
    assert!(shown.contains("- removed Order Cancelled [major]"), "{shown}");

    let output = run(&mut codegen(dir, &["pull", "--format", "json"]), 0);
    let report: Value = serde_json::from_slice(&output.stdout).expect("json output");
    let changes = &report["plans"][0]["changes"];
    assert!(changes.as_array().expect("changes").iter().any(|c| c["kind"] == "removed" && c["impact"] == "major"));
    let human = run(&mut codegen(dir, &["pull"]), 0);
    assert!(text(&human).contains("no plan changes"));
    // The version was not bumped although an event was removed: the pull warns.
    edit_json(&dir.join("events/orders.json"), |plan| {
        plan["events"].as_array_mut().expect("events").pop();
    });
    let warned = run(&mut codegen(dir, &["pull"]), 0);
    assert!(
        text(&warned).contains("warning: the plan went from 3.2.0 to 3.2.0 but its changes are major"),
        "{}",
        text(&warned)
    );
    run(&mut codegen(dir, &["pull", "--check"]), 0);
}

#[test]
fn partial_pull_takes_only_the_selected_events_changes() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    copy_ecommerce(dir);
    write_config(dir, &json!({"plans": [{"source": {"path": "tracking-plan.json"}}]}));
    run(&mut codegen(dir, &["pull"]), 0);
    edit_json(&dir.join("events/orders.json"), |plan| {
        for event in plan["events"].as_array_mut().expect("events") {
            event["description"] = json!(format!("Changed: {}", event["name"].as_str().expect("name")));
        }
    });
    let output = run(&mut codegen(dir, &["pull", "--only", "Order Refunded"]), 0);
    assert!(text(&output).contains("~ changed Order Refunded"), "{}", text(&output));
    let locked = lock(dir);
    for event in locked["plan"]["events"].as_array().expect("events") {
        let changed = event["description"].as_str().unwrap_or("").starts_with("Changed:");
        assert_eq!(changed, event["name"] == "Order Refunded", "{}", event["name"]);
    }
    // pull --check compares with what the source served at the last pull.
    run(&mut codegen(dir, &["pull", "--check"]), 0);
}

#[test]
fn pull_over_http_with_a_token_from_the_environment_fetches_includes() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, served) = (temp.path().join("app"), temp.path().join("served"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    copy_ecommerce(&served);
    let server = Server::start(file_handler(served.clone()));
    let url = format!("{}/plans/tracking-plan.json?ref=main", server.base);
    write_config(&dir, &json!({"plans": [{"source": {"url": url, "tokenEnv": "PLAN_TOKEN"}}]}));

    let missing = run(codegen(&dir, &["pull"]).env_remove("PLAN_TOKEN"), 3);
    assert!(text(&missing).contains("export PLAN_TOKEN="), "{}", text(&missing));

    let output = run(codegen(&dir, &["pull", "--verbose"]).env("PLAN_TOKEN", SECRET), 0);
    assert!(!text(&output).contains(SECRET));
    let locked = lock(&dir);
    assert_eq!(locked["source"]["location"], format!("{}/plans/tracking-plan.json", server.base));
    assert_eq!(event_names(&locked).len(), 29, "events of all four included files");
    let targets: Vec<String> = server.requests.lock().expect("log").iter().map(|r| r.target.clone()).collect();
    assert!(targets.contains(&"/plans/events/coupons.json".to_owned()), "nested include fetched: {targets:?}");
    assert!(!std::fs::read_to_string(dir.join("tracking-plan.lock.json")).expect("lock").contains(SECRET));
}

#[test]
fn pull_from_a_local_git_repository_at_a_branch_and_detects_new_commits() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, repo_dir) = (temp.path().join("app"), temp.path().join("plans"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    copy_ecommerce(&repo_dir.join("shop"));
    git(&repo_dir, &["init", "--quiet"]);
    git(&repo_dir, &["add", "."]);
    git(&repo_dir, &["commit", "--quiet", "-m", "plan 3.2.0"]);
    let first = git(&repo_dir, &["rev-parse", "HEAD"]);
    git(&repo_dir, &["tag", "v3.2.0"]);
    write_config(
        &dir,
        &json!({"plans": [{"source": {"git": "../plans", "ref": "main", "path": "shop/tracking-plan.json"}}]}),
    );
    run(&mut codegen(&dir, &["pull"]), 0);
    assert_eq!(lock(&dir)["source"]["revision"], first.as_str());

    edit_json(&repo_dir.join("shop/tracking-plan.json"), |plan| plan["version"] = json!("3.3.0"));
    git(&repo_dir, &["commit", "--quiet", "-am", "plan 3.3.0"]);
    run(&mut codegen(&dir, &["pull", "--check"]), 1);
    run(&mut codegen(&dir, &["pull"]), 0);
    assert_eq!(lock(&dir)["version"], "3.3.0");

    // A file:// URL and a tag work too.
    let url = format!("file://{}", repo_dir.display());
    write_config(
        &dir,
        &json!({"plans": [{"source": {"git": url, "ref": "v3.2.0", "path": "shop/tracking-plan.json"}}]}),
    );
    run(&mut codegen(&dir, &["pull"]), 0);
    assert_eq!(lock(&dir)["version"], "3.2.0");
}

#[test]
fn pull_from_the_segment_public_api_follows_pagination_and_converts_rules() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    let rules = vec![
        track_rule(
            "Order Completed",
            2,
            json!({"order_id": {"type": "string"}, "total": {"type": "number", "minimum": 0}}),
            &["order_id"],
        ),
        track_rule("Cart Viewed", 1, json!({"cart_id": {"type": ["string", "null"]}}), &[]),
        track_rule("Signed Up", 1, json!({"plan": {"type": "string", "enum": ["free", "pro"]}}), &["plan"]),
        json!({"type": "IDENTIFY", "key": "", "version": 1, "jsonSchema": {"properties": {"traits": {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}}}}}),
        track_rule("Mixed Up", 1, json!({"value": {"type": ["string", "number"]}}), &[]),
    ];
    let server = Server::start(segment_handler("tp_1", "Acme Segment", rules, 2));
    write_config(
        dir,
        &json!({"plans": [{"source": {"segment": {"trackingPlanId": "tp_1", "tokenEnv": "SEGMENT_TOKEN", "apiUrl": server.base}}}]}),
    );
    let output = run(codegen(dir, &["pull"]).env("SEGMENT_TOKEN", SECRET), 0);
    let shown = text(&output);
    assert!(shown.contains("note:") && shown.contains("\"value\""), "unconvertible property is reported: {shown}");
    assert!(!shown.contains(SECRET));
    let locked = lock(dir);
    assert_eq!(locked["source"]["kind"], "segment");
    assert_eq!(locked["source"]["revision"], "2026-11-20T10:00:00.000Z");
    assert_eq!(event_names(&locked), ["Cart Viewed", "Mixed Up", "Order Completed", "Signed Up"]);
    let order =
        locked["plan"]["events"].as_array().expect("events").iter().find(|e| e["name"] == "Order Completed").cloned();
    let order = order.expect("order event");
    assert_eq!(order["version"], "2-0-0");
    assert_eq!(order["properties"]["order_id"]["required"], true);
    assert_eq!(locked["plan"]["identify"]["traits"]["email"]["format"], "email");
    let rule_pages = server.requests.lock().expect("log").iter().filter(|r| r.target.contains("/rules")).count();
    assert_eq!(rule_pages, 3, "five rules at two per page");
}

/// Every way a pull can fail leaves the lock (and everything else) byte-identical, exits
/// with the documented code, names the URL or file and never prints the token.
#[test]
fn failed_pulls_leave_every_file_untouched_and_never_print_secrets() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, served) = (temp.path().join("app"), temp.path().join("served"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    copy_ecommerce(&served);
    let server = Server::start(file_handler(served.clone()));
    let url = format!("{}/plans/tracking-plan.json", server.base);
    let secret_url = url.replace("http://", &format!("http://user:{SECRET}@"));
    write_config(&dir, &json!({"plans": [{"source": {"url": secret_url, "tokenEnv": "PLAN_TOKEN"}}]}));
    std::fs::create_dir_all(dir.join("src/analytics")).expect("mkdir");
    std::fs::write(dir.join("src/analytics/notes.md"), "hand-written").expect("write");
    run(codegen(&dir, &["pull"]).env("PLAN_TOKEN", SECRET), 0);

    // Bad token.
    let wrong = Server::start(|_| Reply::status(401, "{}"));
    write_config(
        &dir,
        &json!({"plans": [{"source": {"url": format!("{}/plans/tracking-plan.json", wrong.base), "tokenEnv": "PLAN_TOKEN"}}]}),
    );
    let before = snapshot(&dir);
    let attempt_here = |code: i32, expect: &str| {
        let output = run(codegen(&dir, &["pull"]).env("PLAN_TOKEN", SECRET), code);
        let shown = text(&output);
        assert!(shown.contains(expect), "expected {expect:?} in:\n{shown}");
        assert!(!shown.contains(SECRET), "secret printed:\n{shown}");
        assert_eq!(snapshot(&dir), before, "files changed after a failed pull:\n{shown}");
    };
    attempt_here(3, "refused the credentials (HTTP 401)");
    write_config(&dir, &json!({"plans": [{"source": {"url": secret_url, "tokenEnv": "PLAN_TOKEN"}}]}));
    let before = snapshot(&dir);
    let attempt = |code: i32, expect: &str| {
        let output = run(codegen(&dir, &["pull"]).env("PLAN_TOKEN", SECRET), code);
        let shown = text(&output);
        assert!(shown.contains(expect), "expected {expect:?} in:\n{shown}");
        assert!(shown.contains(&url) || code == 1, "the URL is named:\n{shown}");
        assert!(!shown.contains(SECRET), "secret printed:\n{shown}");
        assert_eq!(snapshot(&dir), before, "files changed after a failed pull:\n{shown}");
    };
    // 404.
    server.set(|_| Reply::status(404, "{}"));
    attempt(3, "not found (HTTP 404)");
    // Server error.
    server.set(|_| Reply::status(500, "{}"));
    attempt(3, "HTTP 500");
    // Not JSON.
    server.set(|_| Reply::status(200, "<html>maintenance</html>"));
    attempt(1, "is invalid");
    // Valid JSON, invalid plan: names the file and place.
    let invalid = temp.path().join("invalid");
    copy_ecommerce(&invalid);
    edit_json(&invalid.join("events/orders.json"), |plan| {
        plan["events"][0]["properties"]["total"] = json!({"type": "money"})
    });
    server.set(file_handler(invalid));
    attempt(1, &format!("{}/plans/events/orders.json", server.base));
    // Connection refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let refused = format!("http://{}/plans/tracking-plan.json", closed.local_addr().expect("addr"));
    drop(closed);
    write_config(
        &dir,
        &json!({"plans": [{"source": {"url": format!("{}", refused.replace("http://", &format!("http://u:{SECRET}@"))), "tokenEnv": "PLAN_TOKEN"}}]}),
    );
    let before = snapshot(&dir);
    let output = run(codegen(&dir, &["pull"]).env("PLAN_TOKEN", SECRET), 3);
    assert!(text(&output).contains(&refused), "{}", text(&output));
    assert!(!text(&output).contains(SECRET));
    assert_eq!(snapshot(&dir), before);
    // Unknown git ref and missing repository.
    git(&served, &["init", "--quiet"]);
    git(&served, &["add", "."]);
    git(&served, &["commit", "--quiet", "-m", "plan"]);
    for (git_source, expect) in [("../served", "fix `source.ref`"), ("../nowhere", "git clone failed")] {
        write_config(&dir, &json!({"plans": [{"source": {"git": git_source, "ref": "nope"}}]}));
        let before = snapshot(&dir);
        let output = run(&mut codegen(&dir, &["pull"]), 3);
        assert!(text(&output).contains(expect), "{}", text(&output));
        assert_eq!(snapshot(&dir), before);
    }
    // A pinned version the plan does not satisfy.
    write_config(&dir, &json!({"plans": [{"source": {"git": "../served", "ref": "main"}, "version": "^4"}]}));
    let before = snapshot(&dir);
    let output = run(&mut codegen(&dir, &["pull"]), 1);
    assert!(text(&output).contains("pins \"^4\""), "{}", text(&output));
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn segment_failures_leave_the_lock_untouched() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    let server = Server::start(segment_handler("tp_1", "Acme", vec![track_rule("A", 1, json!({}), &[])], 10));
    write_config(
        dir,
        &json!({"plans": [{"source": {"segment": {"trackingPlanId": "tp_1", "tokenEnv": "SEGMENT_TOKEN", "apiUrl": server.base}}}]}),
    );
    run(codegen(dir, &["pull"]).env("SEGMENT_TOKEN", SECRET), 0);
    let before = snapshot(dir);
    let bad_token = run(codegen(dir, &["pull"]).env("SEGMENT_TOKEN", "wrong"), 3);
    assert!(text(&bad_token).contains("segment.tokenEnv"), "{}", text(&bad_token));
    assert!(!text(&bad_token).contains("wrong"));
    write_config(
        dir,
        &json!({"plans": [{"source": {"segment": {"trackingPlanId": "tp_2", "tokenEnv": "SEGMENT_TOKEN", "apiUrl": server.base}}}]}),
    );
    let before_missing = snapshot(dir);
    let missing = run(codegen(dir, &["pull"]).env("SEGMENT_TOKEN", SECRET), 3);
    assert!(
        text(&missing).contains("/tracking-plans/tp_2") && text(&missing).contains("HTTP 404"),
        "{}",
        text(&missing)
    );
    assert_eq!(snapshot(dir), before_missing);
    server.set(|_| Reply::status(200, "not json"));
    let garbled = run(codegen(dir, &["pull"]).env("SEGMENT_TOKEN", SECRET), 3);
    assert!(text(&garbled).contains("not JSON"), "{}", text(&garbled));
    assert_eq!(snapshot(dir), before_missing);
    let _ = before;
}
