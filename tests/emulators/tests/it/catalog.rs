//! The plan-management APIs: authentication, paths, field checks, conflicts, pagination,
//! Lexicon metadata merging, and faults that leave the catalog unchanged.

use serde_json::{Value, json};
use trackplan_emulators::{Config, Emulator, Fault, ServiceAccount, Vendor, basic_auth};

use crate::common::{Resp, post_json, send};

fn form(base: &str, method: &str, path: &str, auth: &str, body: &str) -> Resp {
    let headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", auth)];
    send(base, method, path, &headers, body.as_bytes()).expect("transport failure")
}

fn get(base: &str, path: &str, auth: &str) -> Resp {
    send(base, "GET", path, &[("Authorization", auth)], b"").expect("transport failure")
}

#[test]
fn amplitude_taxonomy_checks_credentials_conflicts_and_types() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let base = emulator.base_url();
    let good = basic_auth("test-api-key", "test-secret-key");
    let bad =
        form(&base, "POST", "/api/2/taxonomy/category", &basic_auth("test-api-key", "nope"), "category_name=Cart");
    assert_eq!((bad.status, bad.json()["success"].clone()), (401, json!(false)));
    assert_eq!(form(&base, "POST", "/api/2/taxonomy/category", &good, "category_name=Cart").status, 200);
    assert_eq!(form(&base, "POST", "/api/2/taxonomy/category", &good, "category_name=Cart").status, 409);
    let unknown_category = form(&base, "POST", "/api/2/taxonomy/event", &good, "event_type=Added&category=Nope");
    assert_eq!(unknown_category.status, 404);
    let created =
        form(&base, "POST", "/api/2/taxonomy/event", &good, "event_type=Product%20Added&category=Cart&description=d");
    assert_eq!(created.status, 200, "{}", created.text());
    let listed = get(&base, "/api/2/taxonomy/event", &good).json();
    assert_eq!(
        listed["data"][0],
        json!({"event_type": "Product Added", "category": {"name": "Cart"}, "description": "d"})
    );
    let bad_type = form(
        &base,
        "POST",
        "/api/2/taxonomy/event-property",
        &good,
        "event_type=Product%20Added&event_property=qty&type=integer",
    );
    assert_eq!(bad_type.status, 400, "Amplitude's types are string, number, boolean, enum and any");
    let json_body = post_json(&base, "/api/2/taxonomy/category", Some(&good), &json!({"category_name": "X"}));
    assert_eq!(json_body.status, 400, "the Taxonomy API takes form parameters");
    let updated = form(&base, "PUT", "/api/2/taxonomy/event/Product%20Added", &good, "description=new");
    assert_eq!(updated.status, 200);
    assert_eq!(emulator.catalog().amplitude_events["Product Added"]["description"], "new");
    // Only documented parameters: an owner or tags are refused, and nothing changes.
    for extra in ["owner=checkout-team", "tags=revenue"] {
        let refused =
            form(&base, "PUT", "/api/2/taxonomy/event/Product%20Added", &good, &format!("description=x&{extra}"));
        assert_eq!(refused.status, 400, "{extra}");
        assert!(refused.json()["errors"][0]["message"].as_str().unwrap().starts_with("unknown parameter"));
    }
    assert_eq!(emulator.catalog().amplitude_events["Product Added"]["description"], "new");
}

#[test]
fn catalog_rate_limits_answer_in_each_api_error_shape_with_retry_after() {
    let amplitude = Emulator::start(Vendor::Amplitude, Config::default());
    amplitude.push_fault(Fault::status(429).retry_after(3));
    let auth = basic_auth("test-api-key", "test-secret-key");
    let answer = get(&amplitude.base_url(), "/api/2/taxonomy/event", &auth);
    assert_eq!((answer.status, answer.header("retry-after")), (429, Some("3")));
    assert_eq!(answer.json()["success"], false);
    assert!(answer.json()["errors"][0]["message"].as_str().unwrap().contains("rate limit"));
    let segment = Emulator::start(Vendor::Segment, Config::default());
    segment.push_fault(Fault::status(429).retry_after(2));
    let answer = get(&segment.base_url(), "/tracking-plans/tp_test", "Bearer test-public-api-token");
    assert_eq!((answer.status, answer.header("retry-after")), (429, Some("2")));
    assert_eq!(answer.json()["errors"][0]["type"], "too-many-requests");
    let lexicon = mixpanel();
    lexicon.push_fault(Fault::status(429).retry_after(1));
    let answer = get(&lexicon.base_url(), "/api/app/projects/42/schemas", &basic_auth("sa", "s3cret"));
    assert_eq!((answer.status, answer.json()["status"].clone()), (429, json!("error")));
}

fn mixpanel() -> Emulator {
    let account = ServiceAccount { username: "sa".into(), secret: "s3cret".into(), project_id: "42".into() };
    Emulator::start(Vendor::Mixpanel, Config { mixpanel_service_account: Some(account), ..Config::default() })
}

#[test]
fn mixpanel_lexicon_checks_account_project_and_entries() {
    let emulator = mixpanel();
    let base = emulator.base_url();
    let auth = basic_auth("sa", "s3cret");
    let entry = |entity: &str, name: &str| json!({"entityType": entity, "name": name, "schemaJson": {"description": "d", "properties": {}}});
    let wrong_project =
        post_json(&base, "/api/app/projects/7/schemas", Some(&auth), &json!({"entries": [entry("event", "A")]}));
    assert_eq!(wrong_project.status, 403);
    let wrong_secret =
        post_json(&base, "/api/app/projects/42/schemas", Some(&basic_auth("sa", "x")), &json!({"entries": []}));
    assert_eq!(wrong_secret.status, 401);
    let bad_profile =
        post_json(&base, "/api/app/projects/42/schemas", Some(&auth), &json!({"entries": [entry("profile", "me")]}));
    assert_eq!((bad_profile.status, bad_profile.json()["status"].clone()), (400, json!("error")));
    let ok = post_json(
        &base,
        "/api/app/projects/42/schemas",
        Some(&auth),
        &json!({"entries": [entry("event", "A"), entry("profile", "$user")]}),
    );
    assert_eq!(ok.json(), json!({"status": "ok", "results": {"added": 2, "deleted": 0}}));
    let listed = get(&base, "/api/app/projects/42/schemas", &auth).json();
    assert_eq!(listed["results"].as_array().map(Vec::len), Some(2));
}

#[test]
fn mixpanel_merges_missing_metadata_and_drops_nulls() {
    let emulator = mixpanel();
    let base = emulator.base_url();
    let auth = basic_auth("sa", "s3cret");
    let post = |schema: Value| post_json(&base, "/api/app/projects/42/schemas/event/A", Some(&auth), &schema).status;
    assert_eq!(post(json!({"metadata": {"com.mixpanel": {"hidden": true, "tags": ["x"]}}})), 200);
    assert_eq!(post(json!({"description": "d", "metadata": {"com.mixpanel": {"tags": null}}})), 200);
    let stored = &emulator.catalog().mixpanel_schemas["event"]["A"];
    assert_eq!(stored, &json!({"description": "d", "metadata": {"com.mixpanel": {"hidden": true}}}));
    assert_eq!(post(json!({"metadata": {"com.mixpanel": {"owner": "me"}}})), 400, "unknown metadata keys are refused");
}

#[test]
fn segment_rules_need_the_token_the_plan_and_valid_rules() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let base = emulator.base_url();
    let auth = "Bearer test-public-api-token";
    let rule = |key: &str| json!({"key": key, "type": "TRACK", "version": 1, "jsonSchema": {"type": "object"}});
    let patch = |path: &str, auth: &str, body: &Value| {
        let bytes = body.to_string();
        send(&base, "PATCH", path, &[("Content-Type", "application/json"), ("Authorization", auth)], bytes.as_bytes())
            .unwrap()
    };
    assert_eq!(patch("/tracking-plans/tp_test/rules", "Bearer wrong", &json!({"rules": [rule("A")]})).status, 401);
    assert_eq!(patch("/tracking-plans/tp_other/rules", auth, &json!({"rules": [rule("A")]})).status, 404);
    let keyless = json!({"rules": [{"type": "TRACK", "version": 1, "jsonSchema": {}}]});
    let refused = patch("/tracking-plans/tp_test/rules", auth, &keyless);
    assert_eq!(refused.status, 400);
    assert_eq!(refused.json()["errors"][0]["type"], "validation");
    let rules: Vec<Value> = (0..5).map(|i| rule(&format!("E{i}"))).collect();
    assert_eq!(patch("/tracking-plans/tp_test/rules", auth, &json!({"rules": rules})).status, 200);
    assert_eq!(get(&base, "/tracking-plans/tp_test/rules", auth).status, 400, "pagination.count is required");
    let first = get(&base, "/tracking-plans/tp_test/rules?pagination.count=3", auth).json();
    assert_eq!(first["data"]["rules"].as_array().map(Vec::len), Some(3));
    assert_eq!(first["data"]["pagination"]["totalEntries"], 5);
    let next = first["data"]["pagination"]["next"].as_str().unwrap().to_owned();
    let second =
        get(&base, &format!("/tracking-plans/tp_test/rules?pagination.count=3&pagination.cursor={next}"), auth).json();
    assert_eq!(second["data"]["rules"][1]["key"], "E4");
    assert!(second["data"]["pagination"].get("next").is_none());
}

#[test]
fn a_fault_that_does_not_ingest_leaves_the_catalog_unchanged() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let auth = basic_auth("test-api-key", "test-secret-key");
    emulator.push_fault(Fault::status(503));
    assert_eq!(form(&emulator.base_url(), "POST", "/api/2/taxonomy/category", &auth, "category_name=A").status, 503);
    assert!(emulator.catalog().amplitude_categories.is_empty());
    emulator.push_fault(Fault::status(503).ingested());
    form(&emulator.base_url(), "POST", "/api/2/taxonomy/category", &auth, "category_name=A");
    assert_eq!(emulator.catalog().amplitude_categories, [(1, "A".to_owned())]);
    emulator.reset();
    assert_eq!(emulator.catalog().changes, 0);
}
