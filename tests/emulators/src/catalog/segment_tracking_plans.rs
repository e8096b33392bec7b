//! Segment Public API tracking plans (`/tracking-plans/{id}`, `/tracking-plans/{id}/rules`).
//!
//! Source: docs.segmentapis.com (Tracking Plans: get, list rules, update rules, replace
//! rules) and the Segment Terraform provider's rule shape — Bearer token; rules are
//! `{key, type, version, jsonSchema}` with `type` TRACK, IDENTIFY, GROUP, PAGE, SCREEN or
//! COMMON, identified by (type, key, version); listing is paginated with
//! `pagination.count` (1–200) and an opaque `pagination.cursor`; PATCH updates or adds the
//! given rules, PUT replaces them all; answers `{"data": …}` or
//! `{"errors": [{"type": …, "message": …}]}`.

use serde_json::{Value, json};

use super::{Catalog, Handled, apply, segments};
use crate::auth::{base64_decode, base64_encode};
use crate::config::Config;
use crate::http::{Request, Response};
use crate::vendor::Outcome;

pub(super) const PREFIX: &str = "/tracking-plans/";

const TYPES: [&str; 6] = ["TRACK", "IDENTIFY", "GROUP", "PAGE", "SCREEN", "COMMON"];
const MAX_PAGE: usize = 200;

fn ok(data: Value) -> Handled {
    Outcome::only(Response::json(200, &json!({"data": data})))
}

fn fail(status: u16, kind: &str, message: &str) -> Handled {
    Outcome::only(error_response(status, kind, message))
}

/// The Public API's error answer.
pub(super) fn error_response(status: u16, kind: &str, message: &str) -> Response {
    Response::json(status, &json!({"errors": [{"type": kind, "message": message}]}))
}

pub(super) fn handle(config: &Config, request: &Request, catalog: &mut Catalog, commit: bool, now_ms: u64) -> Handled {
    let token = request.header("authorization").and_then(|value| value.strip_prefix("Bearer ")).map(str::trim);
    if token != Some(config.segment_public_api_token.as_str()) {
        return fail(401, "unauthorized", "Unauthorized");
    }
    let path = segments(&request.path, PREFIX);
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let Some((id, rest)) = path.split_first() else { return fail(404, "not-found", "Resource not found") };
    if *id != config.segment_tracking_plan_id {
        return fail(404, "not-found", "Tracking Plan not found");
    }
    match (request.method.as_str(), rest) {
        ("GET", []) => ok(
            json!({"trackingPlan": {"id": id, "name": "Emulated tracking plan", "slug": "emulated", "type": "LIVE", "description": ""}}),
        ),
        ("GET", ["rules"]) => list(request, catalog),
        ("PATCH" | "PUT", ["rules"]) => {
            let body: Value = match serde_json::from_slice(&request.body) {
                Ok(body) if request.media_type().as_deref() == Some("application/json") => body,
                _ => return fail(400, "validation", "the body must be JSON with Content-Type application/json"),
            };
            let Some(rules) = body.get("rules").and_then(Value::as_array) else {
                return fail(400, "validation", "`rules` must be a list");
            };
            for (index, rule) in rules.iter().enumerate() {
                if let Err(message) = check(rule) {
                    return fail(400, "validation", &format!("rules[{index}]: {message}"));
                }
            }
            let stamp = timestamp(now_ms);
            let replace = request.method == "PUT";
            apply(catalog, commit, |next| {
                if replace {
                    next.segment_rules.clear();
                }
                for rule in rules {
                    let mut stored = json!({
                        "key": rule.get("key").cloned().unwrap_or(Value::Null),
                        "type": rule["type"],
                        "version": rule["version"],
                        "jsonSchema": rule["jsonSchema"],
                        "createdAt": stamp,
                        "updatedAt": stamp,
                        "deprecatedAt": "0001-01-01T00:00:00Z",
                    });
                    match next.segment_rules.iter_mut().find(|kept| same_rule(kept, rule)) {
                        Some(kept) => {
                            stored["createdAt"] = kept["createdAt"].clone();
                            *kept = stored;
                        }
                        None => next.segment_rules.push(stored),
                    }
                }
            });
            ok(json!({"status": "SUCCESS"}))
        }
        _ => fail(404, "not-found", "Resource not found"),
    }
}

fn list(request: &Request, catalog: &Catalog) -> Handled {
    let Some(count) = request.query_param("pagination.count").and_then(|c| c.parse::<usize>().ok()) else {
        return fail(400, "validation", "pagination.count is required");
    };
    if !(1..=MAX_PAGE).contains(&count) {
        return fail(400, "validation", "pagination.count must be between 1 and 200");
    }
    let start = match request.query_param("pagination.cursor") {
        None => 0,
        Some(cursor) => {
            match base64_decode(cursor).and_then(|b| String::from_utf8(b).ok()).and_then(|t| t.parse().ok()) {
                Some(offset) => offset,
                None => return fail(400, "validation", "invalid pagination.cursor"),
            }
        }
    };
    let total = catalog.segment_rules.len();
    let page: Vec<Value> = catalog.segment_rules.iter().skip(start).take(count).cloned().collect();
    let end = start + page.len();
    let mut pagination = json!({"current": base64_encode(start.to_string().as_bytes()), "totalEntries": total});
    if end < total {
        pagination["next"] = base64_encode(end.to_string().as_bytes()).into();
    }
    ok(json!({"rules": page, "pagination": pagination}))
}

fn check(rule: &Value) -> Result<(), String> {
    let kind = rule.get("type").and_then(Value::as_str).unwrap_or_default();
    if !TYPES.contains(&kind) {
        return Err(format!("type must be one of {}", TYPES.join(", ")));
    }
    if kind == "TRACK" && rule.get("key").and_then(Value::as_str).is_none_or(str::is_empty) {
        return Err("a TRACK rule needs the event name as `key`".to_owned());
    }
    if rule.get("version").and_then(Value::as_u64).is_none_or(|v| v == 0) {
        return Err("version must be a positive integer".to_owned());
    }
    if !rule.get("jsonSchema").is_some_and(Value::is_object) {
        return Err("jsonSchema must be an object".to_owned());
    }
    Ok(())
}

fn same_rule(kept: &Value, rule: &Value) -> bool {
    let key = |v: &Value| v.get("key").and_then(Value::as_str).map(str::to_owned);
    kept["type"] == rule["type"] && kept["version"] == rule["version"] && key(kept) == key(rule)
}

/// RFC 3339 UTC time of `now_ms`, at second precision.
fn timestamp(now_ms: u64) -> String {
    let seconds = now_ms / 1000;
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}
