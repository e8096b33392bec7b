use serde_json::{Value, json};
use trackplan_emulators::{Config, DEFAULT_WRITE_KEY, Emulator, Vendor, basic_auth};

use crate::common::{gzip, post_json, send};

fn auth() -> String {
    basic_auth(DEFAULT_WRITE_KEY, "")
}

fn track(id: &str) -> Value {
    json!({
        "type": "track",
        "event": "Order Completed",
        "userId": "user-1",
        "properties": {"total": 12.5},
        "context": {"library": {"name": "trackplan"}},
        "timestamp": "2024-05-01T10:00:00.000Z",
        "messageId": id,
        "integrations": {},
    })
}

fn batch(ids: &[String]) -> Value {
    json!({"batch": ids.iter().map(|id| track(id)).collect::<Vec<_>>(), "sentAt": "2024-05-01T10:00:01.000Z"})
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("msg-{i}")).collect()
}

#[test]
fn batch_is_accepted_and_recorded() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let response = post_json(&emulator.base_url(), "/v1/batch", Some(&auth()), &batch(&ids(3)));
    assert_eq!(response.status, 200);
    assert_eq!(response.json(), json!({"success": true}));
    assert_eq!(emulator.received_ids(), ids(3));
    let received = emulator.received();
    assert_eq!(received[0].kind, "track");
    assert_eq!(received[0].endpoint, "/v1/batch");
    assert_eq!(received[0].json["properties"]["total"], json!(12.5));
    assert!(emulator.count_by_id().values().all(|&n| n == 1));

    let requests = emulator.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].status, Some(200));
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].ingested, 3);
    assert_eq!(requests[0].header("authorization"), Some("Basic <redacted>"));
    assert!(emulator.dropped().is_empty());
    assert!(emulator.rejected().is_empty());
}

#[test]
fn single_calls_and_write_key_in_body() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let base = emulator.base_url();
    let mut event = track("single-1");
    event.as_object_mut().unwrap().remove("type");
    event["writeKey"] = json!(DEFAULT_WRITE_KEY);
    assert_eq!(post_json(&base, "/v1/track", None, &event).status, 200);
    let identify = json!({"userId": "user-1", "traits": {"plan": "pro"}, "messageId": "single-2"});
    assert_eq!(post_json(&base, "/v1/identify", Some(&auth()), &identify).status, 200);
    for (path, body) in [
        ("/v1/page", json!({"anonymousId": "anon-1", "name": "Home", "messageId": "p"})),
        ("/v1/screen", json!({"userId": "user-1", "name": "Cart", "messageId": "s"})),
        ("/v1/group", json!({"userId": "user-1", "groupId": "g-1", "messageId": "g"})),
    ] {
        assert_eq!(post_json(&base, path, Some(&auth()), &body).status, 200, "{path}");
    }
    let kinds: Vec<String> = emulator.received().into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, ["track", "identify", "page", "screen", "group"]);
    // Batch-level writeKey, no header.
    let mut body = batch(&ids(1));
    body["writeKey"] = json!(DEFAULT_WRITE_KEY);
    assert_eq!(post_json(&base, "/v1/batch", None, &body).status, 200);
}

#[test]
fn wrong_path_and_method() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let base = emulator.base_url();
    assert_eq!(post_json(&base, "/v1/batches", Some(&auth()), &batch(&ids(1))).status, 404);
    assert_eq!(post_json(&base, "/batch", Some(&auth()), &batch(&ids(1))).status, 404);
    let response = send(&base, "GET", "/v1/batch", &[("Authorization", &auth())], b"").unwrap();
    assert_eq!(response.status, 405);
    assert_eq!(response.header("allow"), Some("POST"));
    assert!(emulator.received().is_empty());
}

#[test]
fn missing_or_wrong_write_key_is_401() {
    let emulator = Emulator::start(Vendor::Segment, Config::default().write_key("right"));
    let base = emulator.base_url();
    assert_eq!(post_json(&base, "/v1/batch", None, &batch(&ids(1))).status, 401);
    let wrong = basic_auth("wrong", "");
    assert_eq!(post_json(&base, "/v1/batch", Some(&wrong), &batch(&ids(1))).status, 401);
    let mut body = batch(&ids(1));
    body["writeKey"] = json!("wrong");
    assert_eq!(post_json(&base, "/v1/batch", None, &body).status, 401);
    assert!(emulator.received().is_empty());
    let right = basic_auth("right", "");
    assert_eq!(post_json(&base, "/v1/batch", Some(&right), &batch(&ids(1))).status, 200);
}

#[test]
fn lenient_key_mode_answers_like_the_real_api() {
    let config = Config::default().reject_invalid_write_key(false);
    let emulator = Emulator::start(Vendor::Segment, config);
    let base = emulator.base_url();
    assert_eq!(post_json(&base, "/v1/batch", None, &batch(&ids(1))).status, 400);
    let wrong = basic_auth("wrong", "");
    let response = post_json(&base, "/v1/batch", Some(&wrong), &batch(&ids(2)));
    assert_eq!(response.status, 200);
    assert!(emulator.received().is_empty());
    let dropped = emulator.dropped();
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].ids, ids(2));
}

#[test]
fn gzip_body_is_decoded() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let body = gzip(&serde_json::to_vec(&batch(&ids(5))).unwrap());
    let response = send(
        &emulator.base_url(),
        "POST",
        "/v1/batch",
        &[("Content-Type", "application/json"), ("Content-Encoding", "gzip"), ("Authorization", &auth())],
        &body,
    )
    .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(emulator.received_ids(), ids(5));
    let request = &emulator.requests()[0];
    assert!(request.gzip);
    assert_eq!(request.body_bytes, body.len());
    assert!(request.decoded_bytes > request.body_bytes);
}

#[test]
fn message_over_32kb_is_400() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let base = emulator.base_url();
    let mut big = track("big");
    big["properties"]["blob"] = json!("x".repeat(33 * 1024));
    let body = json!({"batch": [track("small"), big]});
    let response = post_json(&base, "/v1/batch", Some(&auth()), &body);
    assert_eq!(response.status, 400);
    assert_eq!(response.json()["success"], json!(false));
    assert!(emulator.received().is_empty());
    // The same message on /v1/track: the call itself is over 32 KB.
    let mut single = track("big");
    single["properties"]["blob"] = json!("x".repeat(33 * 1024));
    assert_eq!(post_json(&base, "/v1/track", Some(&auth()), &single).status, 400);
    // Just under the limit is fine.
    let mut fits = track("fits");
    fits["properties"]["blob"] = json!("x".repeat(31 * 1024));
    assert_eq!(post_json(&base, "/v1/batch", Some(&auth()), &json!({"batch": [fits]})).status, 200);
    assert_eq!(emulator.received_ids(), ["fits"]);
}

#[test]
fn batch_over_500kb_is_400() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let messages: Vec<Value> = (0..20)
        .map(|i| {
            let mut m = track(&format!("m{i}"));
            m["properties"]["blob"] = json!("y".repeat(26 * 1024));
            m
        })
        .collect();
    let response = post_json(&emulator.base_url(), "/v1/batch", Some(&auth()), &json!({"batch": messages}));
    assert_eq!(response.status, 400);
    assert!(emulator.received().is_empty());
}

#[test]
fn batch_over_2500_events_is_answered_200_but_dropped() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let base = emulator.base_url();
    let small = |i: usize| json!({"type": "track", "event": "e", "userId": "u", "messageId": format!("m{i}")});
    let over: Vec<Value> = (0..2501).map(small).collect();
    let response = post_json(&base, "/v1/batch", Some(&auth()), &json!({"batch": over}));
    assert_eq!(response.status, 200);
    assert_eq!(response.json(), json!({"success": true}));
    assert!(emulator.received().is_empty());
    let dropped = emulator.dropped();
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].events, 2501);
    assert_eq!(dropped[0].request, 0);

    let full: Vec<Value> = (0..2500).map(small).collect();
    assert_eq!(post_json(&base, "/v1/batch", Some(&auth()), &json!({"batch": full})).status, 200);
    assert_eq!(emulator.received().len(), 2500);
}

#[test]
fn bad_json_and_content_type_are_400() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let base = emulator.base_url();
    let auth = auth();
    let json_headers = [("Content-Type", "application/json"), ("Authorization", auth.as_str())];
    assert_eq!(send(&base, "POST", "/v1/batch", &json_headers, b"{\"batch\": [").unwrap().status, 400);
    assert_eq!(send(&base, "POST", "/v1/batch", &json_headers, b"{\"batch\": 3}").unwrap().status, 400);
    let text_headers = [("Content-Type", "text/plain"), ("Authorization", auth.as_str())];
    let body = serde_json::to_vec(&batch(&ids(1))).unwrap();
    assert_eq!(send(&base, "POST", "/v1/batch", &text_headers, &body).unwrap().status, 400);
    let charset = [("Content-Type", "application/json; charset=utf-8"), ("Authorization", auth.as_str())];
    assert_eq!(send(&base, "POST", "/v1/batch", &charset, &body).unwrap().status, 200);
}

#[test]
fn invalid_messages_are_dropped_from_an_accepted_batch() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let body = json!({"batch": [
        track("ok-1"),
        {"type": "track", "event": "No Id", "messageId": "no-user"},
        {"type": "track", "userId": "u", "messageId": "no-event"},
        {"type": "bogus", "userId": "u", "messageId": "bad-type"},
        {"type": "track", "event": "e", "userId": "u", "messageId": "x".repeat(100)},
        {"type": "identify", "anonymousId": "a-1", "messageId": "ok-2"},
    ]});
    let response = post_json(&emulator.base_url(), "/v1/batch", Some(&auth()), &body);
    assert_eq!(response.status, 200);
    assert_eq!(emulator.received_ids(), ["ok-1", "ok-2"]);
    let rejected = emulator.rejected();
    let fields: Vec<(usize, &str)> = rejected.iter().map(|r| (r.index, r.field.as_str())).collect();
    assert_eq!(fields, [(1, "userId"), (2, "event"), (3, "type"), (4, "messageId")]);
    assert_eq!(emulator.requests()[0].rejected, 4);
}

/// A batch body with these message texts, exactly as given.
fn batch_text(messages: &[&str]) -> Vec<u8> {
    format!("{{\"batch\":[{}]}}", messages.join(",")).into_bytes()
}

#[test]
fn message_size_is_its_json_text_as_sent() {
    let limit = 200;
    let emulator = Emulator::start(Vendor::Segment, Config::default().limits(|l| l.segment_max_message_bytes = limit));
    let base = emulator.base_url();
    let auth = auth();
    let headers = [("Content-Type", "application/json"), ("Authorization", auth.as_str())];
    let message = |id: &str, pad: usize| {
        let head = format!(r#"{{"type":"track","event":"e","userId":"u","messageId":"{id}","properties":{{"p":""#);
        format!("{head}{}\"}}}}", "x".repeat(pad))
    };
    let base_len = message("a", 0).len();
    let pad = limit - (base_len - 1 + "at-limit".len());
    let at_limit = message("at-limit", pad);
    assert_eq!(at_limit.len(), limit);
    // Compact text: the size as sent is the size of the value re-serialized.
    let value: Value = serde_json::from_str(&at_limit).unwrap();
    assert_eq!(serde_json::to_string(&value).unwrap().len(), at_limit.len());
    assert_eq!(send(&base, "POST", "/v1/batch", &headers, &batch_text(&[&at_limit])).unwrap().status, 200);
    let over = message("over-limit", limit - base_len - "over-limit".len() + 2);
    assert_eq!(over.len(), limit + 1);
    assert_eq!(send(&base, "POST", "/v1/batch", &headers, &batch_text(&[&over])).unwrap().status, 400);
    // Whitespace inside a message is part of what was sent; between messages it is not.
    let padded = at_limit.replacen(',', ", ", 1).replace("at-limit", "padded");
    assert_eq!(padded.len(), limit - 1);
    let spaced = format!("{{ \"batch\" : [ {padded} ,\n {} ] }}", at_limit.replace("at-limit", "second"));
    assert_eq!(send(&base, "POST", "/v1/batch", &headers, spaced.as_bytes()).unwrap().status, 200);
    let too_padded = at_limit.replacen(',', ",  ", 1).replace("at-limit", "too-pad");
    assert_eq!(too_padded.len(), limit + 1);
    assert_eq!(send(&base, "POST", "/v1/batch", &headers, &batch_text(&[&too_padded])).unwrap().status, 400);
    assert_eq!(emulator.received_ids(), ["at-limit", "padded", "second"]);
    assert_eq!(emulator.received()[1].json["properties"]["p"].as_str().unwrap().len(), pad);
}

#[test]
fn escaped_strings_and_repeated_keys_read_like_json_values() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let auth = auth();
    let headers = [("Content-Type", "application/json"), ("Authorization", auth.as_str())];
    let body = batch_text(&[
        r#"{"type":"tr\u0061ck","event":"e","userId":"u","messageId":"m\"1"}"#,
        r#"{"type":"track","event":"e","userId":"u","messageId":"first","messageId":"last"}"#,
        r#"{"type":"track","event":"","event":"e","anonymousId":"a","messageId":"m3"}"#,
        r#"{"type":"track","event":"e","userId":5,"messageId":"bad-user"}"#,
    ]);
    assert_eq!(send(&emulator.base_url(), "POST", "/v1/batch", &headers, &body).unwrap().status, 200);
    assert_eq!(emulator.received_ids(), ["m\"1", "last", "m3"]);
    let rejected = emulator.rejected();
    assert_eq!((rejected.len(), rejected[0].field.as_str()), (1, "userId"));
    assert_eq!(rejected[0].id.as_deref(), Some("bad-user"));
}

#[test]
fn ids_only_recording_keeps_ids_and_counts_without_bodies() {
    let emulator = Emulator::start(Vendor::Segment, Config::default().recording(trackplan_emulators::Recording::Ids));
    let response = post_json(&emulator.base_url(), "/v1/batch", Some(&auth()), &batch(&ids(3)));
    assert_eq!(response.status, 200);
    assert_eq!(emulator.received_ids(), ids(3));
    assert!(emulator.received().iter().all(|e| e.json.is_null() && e.kind == "track"));
    assert_eq!(emulator.requests()[0].ingested, 3);
}
