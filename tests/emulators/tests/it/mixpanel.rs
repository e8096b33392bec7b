use serde_json::{Value, json};
use trackplan_emulators::{Config, DEFAULT_TOKEN, Emulator, Vendor, basic_auth};

use crate::common::{gzip, now_ms, post_json, send};

fn auth() -> String {
    basic_auth(DEFAULT_TOKEN, "")
}

fn event(id: &str) -> Value {
    json!({
        "event": "Order Completed",
        "properties": {
            "time": now_ms() - 60_000,
            "distinct_id": "user-1",
            "$insert_id": id,
            "total": 12.5,
        }
    })
}

fn import(base: &str, events: &[Value]) -> crate::common::Resp {
    post_json(base, "/import?strict=1", Some(&auth()), &json!(events))
}

#[test]
fn import_is_accepted_and_recorded() {
    let emulator = Emulator::start(Vendor::Mixpanel, Config::default());
    let response = import(&emulator.base_url(), &[event("a-1"), event("a-2")]);
    assert_eq!(response.status, 200);
    assert_eq!(response.json(), json!({"code": 200, "num_records_imported": 2, "status": "OK"}));
    assert_eq!(emulator.received_ids(), ["a-1", "a-2"]);
    assert_eq!(emulator.requests()[0].target, "/import?strict=1");
    // Seconds are accepted as well as milliseconds.
    let mut seconds = event("a-3");
    seconds["properties"]["time"] = json!(now_ms() / 1000);
    assert_eq!(import(&emulator.base_url(), &[seconds]).status, 200);
}

#[test]
fn authentication() {
    let config = Config::default().service_account("sa.user", "sa-secret", "12345");
    let emulator = Emulator::start(Vendor::Mixpanel, config);
    let base = emulator.base_url();
    let body = json!([event("b-1")]);
    let unauthorized = json!({"code": 401, "error": "Invalid credentials", "status": "Unauthorized"});

    let response = post_json(&base, "/import?strict=1", None, &body);
    assert_eq!((response.status, response.json()), (401, unauthorized.clone()));
    let wrong = basic_auth("not-the-token", "");
    assert_eq!(post_json(&base, "/import?strict=1", Some(&wrong), &body).status, 401);

    let account = basic_auth("sa.user", "sa-secret");
    assert_eq!(post_json(&base, "/import?strict=1&project_id=12345", Some(&account), &body).status, 200);
    assert_eq!(post_json(&base, "/import?strict=1&project_id=999", Some(&account), &body).status, 401);
    assert_eq!(post_json(&base, "/import?strict=1", Some(&account), &body).status, 401);
    let bad_secret = basic_auth("sa.user", "nope");
    assert_eq!(post_json(&base, "/import?strict=1&project_id=12345", Some(&bad_secret), &body).status, 401);
    assert_eq!(emulator.received().len(), 1);
}

#[test]
fn wrong_path_and_method() {
    let emulator = Emulator::start(Vendor::Mixpanel, Config::default());
    let base = emulator.base_url();
    assert_eq!(post_json(&base, "/track/import", Some(&auth()), &json!([event("c")])).status, 404);
    let response = send(&base, "GET", "/import?strict=1", &[("Authorization", &auth())], b"").unwrap();
    assert_eq!(response.status, 405);
}

#[test]
fn ndjson_and_gzip() {
    let emulator = Emulator::start(Vendor::Mixpanel, Config::default());
    let lines = [event("n-1"), event("n-2"), event("n-3")]
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let auth = auth();
    let headers = [("Content-Type", "application/x-ndjson"), ("Authorization", auth.as_str())];
    let response = send(&emulator.base_url(), "POST", "/import?strict=1", &headers, lines.as_bytes()).unwrap();
    assert_eq!(response.json()["num_records_imported"], json!(3));

    let zipped = gzip(format!("{lines}\n").replace("n-", "z-").as_bytes());
    let headers =
        [("Content-Type", "application/x-ndjson"), ("Content-Encoding", "gzip"), ("Authorization", auth.as_str())];
    let response = send(&emulator.base_url(), "POST", "/import?strict=1", &headers, &zipped).unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(emulator.received_ids(), ["n-1", "n-2", "n-3", "z-1", "z-2", "z-3"]);
    assert!(emulator.requests()[1].gzip);

    let text = [("Content-Type", "text/plain"), ("Authorization", auth.as_str())];
    assert_eq!(send(&emulator.base_url(), "POST", "/import", &text, lines.as_bytes()).unwrap().status, 400);
}

#[test]
fn strict_import_reports_failed_records_and_ingests_the_rest() {
    let emulator = Emulator::start(Vendor::Mixpanel, Config::default());
    let mut no_time = event("f-1");
    no_time["properties"].as_object_mut().unwrap().remove("time");
    let mut long_id = event(&"a".repeat(37));
    long_id["properties"]["x"] = json!(1);
    let bad_chars = event("has_underscore");
    let mut anon = event("f-4");
    anon["properties"]["distinct_id"] = json!("anonymous");
    let mut empty_user = event("f-5");
    empty_user["properties"]["distinct_id"] = json!("");
    let mut micros = event("f-6");
    micros["properties"]["time"] = json!(now_ms() * 1000);
    let no_event = json!({"properties": {"time": 1_700_000_000, "distinct_id": "u", "$insert_id": "f-7"}});
    let events = [event("ok-1"), no_time, long_id, bad_chars, anon, empty_user, micros, no_event];
    let response = import(&emulator.base_url(), &events);
    assert_eq!(response.status, 400);
    let body = response.json();
    assert_eq!(body["code"], json!(400));
    assert_eq!(body["status"], json!("Bad Request"));
    assert_eq!(body["error"], json!("some data points in the request failed validation"));
    assert_eq!(body["num_records_imported"], json!(2));
    let failed: Vec<(u64, String, String)> = body["failed_records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["index"].as_u64().unwrap(),
                r["$insert_id"].as_str().unwrap_or("").to_string(),
                r["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        (1, "f-1", "properties.time"),
        (2, "a".repeat(37).leak() as &str, "properties.$insert_id"),
        (3, "has_underscore", "properties.$insert_id"),
        (4, "f-4", "properties.distinct_id"),
        (6, "f-6", "properties.time"),
        (7, "f-7", "event"),
    ];
    let expected: Vec<(u64, String, String)> =
        expected.iter().map(|(i, id, f)| (*i, id.to_string(), f.to_string())).collect();
    assert_eq!(failed, expected);
    // The valid records were ingested despite the 400.
    assert_eq!(emulator.received_ids(), ["ok-1", "f-5"]);
    assert_eq!(emulator.rejected().len(), 6);
}

#[test]
fn non_strict_import_drops_invalid_records_silently() {
    let emulator = Emulator::start(Vendor::Mixpanel, Config::default());
    let response = post_json(&emulator.base_url(), "/import", Some(&auth()), &json!([event("ok"), event("bad id!")]));
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["num_records_imported"], json!(1));
    assert_eq!(emulator.received_ids(), ["ok"]);
    assert_eq!(emulator.rejected()[0].field, "properties.$insert_id");
}

#[test]
fn count_and_byte_limits_are_413() {
    let emulator = Emulator::start(Vendor::Mixpanel, Config::default());
    let base = emulator.base_url();
    let many: Vec<Value> = (0..2001).map(|i| event(&format!("e{i}"))).collect();
    let response = import(&base, &many);
    assert_eq!(response.status, 413);
    assert_eq!(response.json()["status"], json!("Request Entity Too Large"));
    assert_eq!(import(&base, &many[..2000]).status, 200);

    let mut big = event("big");
    big["properties"]["blob"] = json!("q".repeat(2 * 1024 * 1024));
    let response = import(&base, &[big]);
    assert_eq!(response.status, 413);
    assert_eq!(
        response.json(),
        json!({"code": 413, "error": "request exceeds max limit of 2097152 bytes", "status": "Request Entity Too Large"})
    );
    assert_eq!(emulator.received().len(), 2000);

    // The byte limit is configurable (the docs now say 10 MB).
    let roomy = Emulator::start(
        Vendor::Mixpanel,
        Config::default().limits(|l| l.mixpanel_max_request_bytes = 10 * 1024 * 1024),
    );
    let ten: Vec<Value> = (0..8)
        .map(|i| {
            let mut e = event(&format!("b{i}"));
            e["properties"]["blob"] = json!("q".repeat(300 * 1024));
            e
        })
        .collect();
    assert_eq!(import(&roomy.base_url(), &ten).status, 200);
}

#[test]
fn engage_profile_set() {
    let emulator = Emulator::start(Vendor::Mixpanel, Config::default());
    let base = emulator.base_url();
    let update = json!([{"$token": DEFAULT_TOKEN, "$distinct_id": "user-1", "$set": {"plan": "pro"}}]);
    let response = post_json(&base, "/engage#profile-set", None, &update);
    assert_eq!((response.status, response.text().as_str()), (200, "1"));
    let response = post_json(&base, "/engage?verbose=1", None, &update);
    assert_eq!(response.json(), json!({"status": 1, "error": null}));

    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let data = format!(
        "data=%5B%7B%22%24token%22%3A%22{DEFAULT_TOKEN}%22%2C%22%24distinct_id%22%3A%22user-2%22%2C%22%24set%22%3A%7B%22a%22%3A1%7D%7D%5D"
    );
    let response = send(&base, "POST", "/engage", &form, data.as_bytes()).unwrap();
    assert_eq!(response.text(), "1");

    let wrong = json!([{"$token": "other", "$distinct_id": "user-3", "$set": {}}]);
    let response = post_json(&base, "/engage?verbose=1", None, &wrong);
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["status"], json!(0));
    let kinds: Vec<String> = emulator.received().into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, ["engage", "engage", "engage"]);
    assert_eq!(emulator.rejected()[0].field, "$token");
}
