//! The HTTP layer: keep-alive, chunked bodies, 100-continue, malformed input.

use std::thread;
use std::time::Duration;

use serde_json::json;
use trackplan_emulators::{Config, DEFAULT_WRITE_KEY, Emulator, Vendor, basic_auth};

use crate::common::{Client, post_json};

fn batch_json(id: &str) -> String {
    json!({"batch": [{"type": "track", "event": "e", "userId": "u", "messageId": id}]}).to_string()
}

fn head(emulator: &Emulator, extra: &str) -> String {
    format!(
        "POST /v1/batch HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nAuthorization: {}\r\n{extra}",
        emulator.addr(),
        basic_auth(DEFAULT_WRITE_KEY, "")
    )
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let mut client = Client::connect(&emulator.base_url());
    for id in ["k1", "k2", "k3"] {
        let body = batch_json(id);
        let raw = format!("{}Content-Length: {}\r\n\r\n{body}", head(&emulator, ""), body.len());
        client.write_raw(raw.as_bytes());
        assert_eq!(client.read_response().unwrap().status, 200);
    }
    assert_eq!(emulator.received_ids(), ["k1", "k2", "k3"]);
    // Connection: close is honoured.
    let body = batch_json("k4");
    let raw = format!("{}Connection: close\r\nContent-Length: {}\r\n\r\n{body}", head(&emulator, ""), body.len());
    client.write_raw(raw.as_bytes());
    let response = client.read_response().unwrap();
    assert_eq!(response.header("connection"), Some("close"));
    assert!(client.is_closed());
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let mut client = Client::connect(&emulator.base_url());
    let mut raw = String::new();
    for id in ["p1", "p2"] {
        let body = batch_json(id);
        raw.push_str(&format!("{}Content-Length: {}\r\n\r\n{body}", head(&emulator, ""), body.len()));
    }
    client.write_raw(raw.as_bytes());
    assert_eq!(client.read_response().unwrap().status, 200);
    assert_eq!(client.read_response().unwrap().status, 200);
    assert_eq!(emulator.received_ids(), ["p1", "p2"]);
}

#[test]
fn absolute_form_targets_are_understood() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let mut client = Client::connect(&emulator.base_url());
    let body = batch_json("absolute");
    let raw = format!("{}Content-Length: {}\r\n\r\n{body}", head(&emulator, ""), body.len()).replacen(
        "POST /v1/batch",
        &format!("POST http://{}/v1/batch", emulator.addr()),
        1,
    );
    client.write_raw(raw.as_bytes());
    assert_eq!(client.read_response().unwrap().status, 200);
    assert_eq!(emulator.requests()[0].path, "/v1/batch");
}

#[test]
fn http_1_0_closes_after_the_response() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let mut client = Client::connect(&emulator.base_url());
    let body = batch_json("old");
    let raw = format!(
        "POST /v1/batch HTTP/1.0\r\nContent-Type: application/json\r\nAuthorization: {}\r\nContent-Length: {}\r\n\r\n{body}",
        basic_auth(DEFAULT_WRITE_KEY, ""),
        body.len()
    );
    client.write_raw(raw.as_bytes());
    assert_eq!(client.read_response().unwrap().status, 200);
    assert!(client.is_closed());
}

#[test]
fn chunked_body_and_expect_continue() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let mut client = Client::connect(&emulator.base_url());
    let body = batch_json("chunked");
    let (a, b) = body.split_at(10);
    let raw = format!(
        "{}Transfer-Encoding: chunked\r\n\r\n{:x};ext=1\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\nX-Trailer: 1\r\n\r\n",
        head(&emulator, ""),
        a.len(),
        b.len()
    );
    client.write_raw(raw.as_bytes());
    assert_eq!(client.read_response().unwrap().status, 200);
    assert!(emulator.requests()[0].chunked);

    // Expect: 100-continue gets the interim response before the body is sent.
    let body = batch_json("continued");
    let raw = format!("{}Expect: 100-continue\r\nContent-Length: {}\r\n\r\n", head(&emulator, ""), body.len());
    client.write_raw(raw.as_bytes());
    assert_eq!(client.read_interim().unwrap().status, 100);
    client.write_raw(body.as_bytes());
    assert_eq!(client.read_response().unwrap().status, 200);
    assert_eq!(emulator.received_ids(), ["chunked", "continued"]);
}

#[test]
fn malformed_requests_get_400_and_the_server_keeps_working() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let cases: [&[u8]; 8] = [
        b"GARBAGE\r\n\r\n",
        b"POST /v1/batch\r\nHost: x\r\n\r\n",
        b"post /v1/batch HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
        b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n",
        b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"POST /v1/batch HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
    ];
    for raw in cases {
        let mut client = Client::connect(&emulator.base_url());
        client.write_raw(raw);
        let response = client.read_response().unwrap();
        assert_eq!(response.status, 400, "{}", String::from_utf8_lossy(raw));
        assert!(client.is_closed());
    }
    let mut client = Client::connect(&emulator.base_url());
    client.write_raw(b"POST / HTTP/2.0\r\nHost: x\r\n\r\n");
    assert_eq!(client.read_response().unwrap().status, 505);

    let mut client = Client::connect(&emulator.base_url());
    client.write_raw(b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n");
    assert_eq!(client.read_response().unwrap().status, 413);

    let mut client = Client::connect(&emulator.base_url());
    client.write_raw(b"POST /v1/batch HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n");
    assert_eq!(client.read_response().unwrap().status, 413);

    // Invalid gzip.
    let mut client = Client::connect(&emulator.base_url());
    let raw = format!("{}Content-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope", head(&emulator, ""));
    client.write_raw(raw.as_bytes());
    assert_eq!(client.read_response().unwrap().status, 400);

    // Still serving.
    let auth = basic_auth(DEFAULT_WRITE_KEY, "");
    let ok =
        post_json(&emulator.base_url(), "/v1/batch", Some(&auth), &serde_json::from_str(&batch_json("after")).unwrap());
    assert_eq!(ok.status, 200);
}

#[test]
fn a_client_that_disconnects_mid_request_does_no_harm() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let mut client = Client::connect(&emulator.base_url());
    client.write_raw(format!("{}Content-Length: 100\r\n\r\n{{\"batch\"", head(&emulator, "")).as_bytes());
    drop(client);
    let auth = basic_auth(DEFAULT_WRITE_KEY, "");
    let ok =
        post_json(&emulator.base_url(), "/v1/batch", Some(&auth), &serde_json::from_str(&batch_json("x")).unwrap());
    assert_eq!(ok.status, 200);
    assert_eq!(emulator.requests().len(), 1);
}

#[test]
fn concurrent_clients_are_all_recorded() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let base = emulator.base_url();
    let auth = basic_auth(DEFAULT_WRITE_KEY, "");
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let base = base.clone();
            let auth = auth.clone();
            thread::spawn(move || {
                let mut client = Client::connect(&base);
                for i in 0..10 {
                    let body = batch_json(&format!("t{t}-{i}"));
                    let response = client
                        .request(
                            "POST",
                            "/v1/batch",
                            &[("Content-Type", "application/json"), ("Authorization", &auth)],
                            body.as_bytes(),
                        )
                        .unwrap();
                    assert_eq!(response.status, 200);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert!(emulator.wait_for(80, Duration::from_secs(1)));
    assert_eq!(emulator.count_by_id().len(), 80);
    assert!(emulator.duplicate_ids().is_empty());
}
