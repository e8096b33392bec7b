use serde_json::{Value, json};
use trackplan_emulators::{Config, DEFAULT_API_KEY, Emulator, Fault, Vendor};

use crate::common::{gzip, now_ms, post_json, send};

fn event(i: usize) -> Value {
    json!({
        "event_type": "Order Completed",
        "user_id": "user-0001",
        "device_id": "device-0001",
        "time": 1_714_557_600_000u64 + i as u64,
        "event_properties": {"total": 12.5},
        "user_properties": {"plan": "pro"},
        "insert_id": format!("insert-{i}"),
        "plan": {"branch": "main", "source": "web", "version": "3"},
    })
}

fn upload(events: Vec<Value>) -> Value {
    json!({"api_key": DEFAULT_API_KEY, "events": events})
}

fn events(n: usize) -> Vec<Value> {
    (0..n).map(event).collect()
}

#[test]
fn upload_is_accepted_and_recorded() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let before = now_ms();
    let body = upload(events(3));
    let response = post_json(&emulator.base_url(), "/2/httpapi", None, &body);
    assert_eq!(response.status, 200);
    let answer = response.json();
    assert_eq!(answer["code"], json!(200));
    assert_eq!(answer["events_ingested"], json!(3));
    assert_eq!(answer["payload_size_bytes"], json!(serde_json::to_vec(&body).unwrap().len()));
    assert!(answer["server_upload_time"].as_u64().unwrap() >= before);
    assert_eq!(emulator.received_ids(), ["insert-0", "insert-1", "insert-2"]);
    assert_eq!(emulator.received()[0].json["plan"]["branch"], json!("main"));
}

#[test]
fn wrong_path_and_method() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let base = emulator.base_url();
    assert_eq!(post_json(&base, "/2/httpapi/", None, &upload(events(1))).status, 404);
    assert_eq!(post_json(&base, "/httpapi", None, &upload(events(1))).status, 404);
    assert_eq!(send(&base, "GET", "/2/httpapi", &[], b"").unwrap().status, 405);
}

#[test]
fn missing_or_wrong_api_key_is_400_as_documented() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let base = emulator.base_url();
    let response = post_json(&base, "/2/httpapi", None, &json!({"events": events(1)}));
    assert_eq!(response.status, 400);
    assert_eq!(
        response.json(),
        json!({"code": 400, "error": "Request missing required field", "missing_field": "api_key"})
    );
    let response = post_json(&base, "/2/httpapi", None, &json!({"api_key": DEFAULT_API_KEY}));
    assert_eq!(response.json()["missing_field"], json!("events"));
    let response = post_json(&base, "/2/httpapi", None, &json!({"api_key": "nope", "events": events(1)}));
    assert_eq!(response.status, 400);
    assert_eq!(response.json()["error"], json!("Invalid API key"));
    assert!(emulator.received().is_empty());
}

#[test]
fn bad_json_and_content_type() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let base = emulator.base_url();
    let json_type = [("Content-Type", "application/json")];
    let response = send(&base, "POST", "/2/httpapi", &json_type, b"{not json").unwrap();
    assert_eq!(response.status, 400);
    assert_eq!(response.json()["error"], json!("Invalid JSON request body"));
    let response = send(&base, "POST", "/2/httpapi", &json_type, b"").unwrap();
    assert_eq!(response.json()["error"], json!("Missing request body"));
    let body = serde_json::to_vec(&upload(events(1))).unwrap();
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    assert_eq!(send(&base, "POST", "/2/httpapi", &form, &body).unwrap().status, 400);
}

#[test]
fn gzip_body_is_decoded() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let body = gzip(&serde_json::to_vec(&upload(events(4))).unwrap());
    let headers = [("Content-Type", "application/json"), ("Content-Encoding", "gzip")];
    let response = send(&emulator.base_url(), "POST", "/2/httpapi", &headers, &body).unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(emulator.received().len(), 4);
    assert!(emulator.requests()[0].gzip);
}

#[test]
fn two_thousand_events_or_one_megabyte_is_413() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let base = emulator.base_url();
    let small = |i: usize| json!({"event_type": "e", "user_id": "user-1", "insert_id": format!("i{i}")});
    let response = post_json(&base, "/2/httpapi", None, &upload((0..2000).map(small).collect()));
    assert_eq!(response.status, 413);
    assert_eq!(response.json(), json!({"code": 413, "error": "Payload too large"}));
    assert_eq!(post_json(&base, "/2/httpapi", None, &upload((0..1999).map(small).collect())).status, 200);
    assert_eq!(emulator.received().len(), 1999);

    let mut big = event(0);
    big["event_properties"]["blob"] = json!("z".repeat(1024 * 1024));
    let response = post_json(&base, "/2/httpapi", None, &upload(vec![big]));
    assert_eq!(response.status, 413);
    assert_eq!(emulator.received().len(), 1999);
}

#[test]
fn short_ids_are_400_and_nothing_is_ingested() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let base = emulator.base_url();
    let mut short = event(1);
    short["user_id"] = json!("abc");
    let response = post_json(&base, "/2/httpapi", None, &upload(vec![event(0), short.clone()]));
    assert_eq!(response.status, 400);
    assert_eq!(
        response.json(),
        json!({
            "code": 400,
            "error": "Invalid id length for user_id or device_id",
            "events_with_invalid_id_lengths": {"user_id": [1]},
        })
    );
    assert!(emulator.received().is_empty());
    let rejected = emulator.rejected();
    assert_eq!(rejected.len(), 1);
    assert_eq!((rejected[0].index, rejected[0].field.as_str()), (1, "user_id"));
    assert_eq!(rejected[0].id.as_deref(), Some("insert-1"));

    // options.min_id_length lowers the bar.
    let mut body = upload(vec![event(0), short]);
    body["options"] = json!({"min_id_length": 3});
    assert_eq!(post_json(&base, "/2/httpapi", None, &body).status, 200);
    assert_eq!(emulator.received().len(), 2);
}

#[test]
fn missing_and_invalid_fields_are_reported_by_index() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let mut no_type = event(0);
    no_type.as_object_mut().unwrap().remove("event_type");
    let no_ids = json!({"event_type": "e", "insert_id": "x1"});
    let mut float_time = event(2);
    float_time["time"] = json!(1.5);
    let mut string_time = event(3);
    string_time["time"] = json!("2024-05-01T10:00:00Z");
    let mut reserved = event(4);
    reserved["event_type"] = json!("[Amplitude] Revenue");
    let mut null_user = event(5);
    null_user["user_id"] = json!("null");
    let mut bad_plan = event(6);
    bad_plan["plan"] = json!({"branch": 3});
    let body = upload(vec![no_type, no_ids, float_time, string_time, reserved, null_user, bad_plan, event(7)]);
    let response = post_json(&emulator.base_url(), "/2/httpapi", None, &body);
    assert_eq!(response.status, 400);
    assert_eq!(
        response.json(),
        json!({
            "code": 400,
            "error": "Request missing required field",
            "events_with_missing_fields": {"device_id": [1], "event_type": [0], "user_id": [1]},
            "events_with_invalid_fields": {"event_type": [4], "plan": [6], "time": [2, 3], "user_id": [5]},
        })
    );
    assert!(emulator.received().is_empty());
}

#[test]
fn identify_api_takes_form_fields() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let base = emulator.base_url();
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let body = format!(
        "api_key={DEFAULT_API_KEY}&identification=%7B%22user_id%22%3A%22user-0001%22%2C%22user_properties%22%3A%7B%22%24set%22%3A%7B%22plan%22%3A%22pro%22%7D%7D%7D"
    );
    let response = send(&base, "POST", "/identify", &form, body.as_bytes()).unwrap();
    assert_eq!((response.status, response.text().as_str()), (200, "success"));
    let received = emulator.received();
    assert_eq!(received[0].kind, "identify");
    assert_eq!(received[0].json["user_properties"]["$set"]["plan"], json!("pro"));

    let response = send(&base, "POST", "/identify", &form, b"api_key=wrong&identification=%7B%7D").unwrap();
    assert_eq!(response.status, 400);
    let short = format!("api_key={DEFAULT_API_KEY}&identification=%7B%22user_id%22%3A%22ab%22%7D");
    assert_eq!(send(&base, "POST", "/identify", &form, short.as_bytes()).unwrap().status, 400);
    assert_eq!(emulator.received().len(), 1);
}

#[test]
fn injected_429_lists_the_request_users_and_devices() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    emulator.push_fault(Fault::status(429).retry_after(30));
    let response = post_json(&emulator.base_url(), "/2/httpapi", None, &upload(events(2)));
    assert_eq!(response.status, 429);
    assert_eq!(response.header("retry-after"), Some("30"));
    let body = response.json();
    assert_eq!(body["error"], json!("Too many requests for some devices and users"));
    assert_eq!(body["throttled_users"], json!({"user-0001": 31}));
    assert_eq!(body["throttled_devices"], json!({"device-0001": 31}));
    assert_eq!(body["throttled_events"], json!([0, 1]));
    assert_eq!(body["exceeded_daily_quota_users"], json!({}));
    assert_eq!(body["exceeded_daily_quota_devices"], json!({}));
    assert!(emulator.received().is_empty());
}
