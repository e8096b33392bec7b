//! Segment Public API: the tracking plan's rules, read page by page, and one PATCH per rule
//! that is missing or differs.

use serde_json::{Value, json};
use trackplan_plan_model::Plan;

use super::http::{Body, Request, encode};
use super::{ItemResult, Outcome, PushError, PushReport, Session};
use crate::export::rules;

/// The largest page the Public API serves.
const PAGE: usize = 200;

pub(super) fn push(
    plan: &Plan,
    base: &str,
    id: &str,
    auth: &str,
    session: &mut Session<'_>,
) -> Result<PushReport, PushError> {
    let plan_url = format!("{base}/tracking-plans/{}", encode(id));
    let get = |url: String| Request { method: "GET", url, authorization: auth.to_owned(), body: Body::Empty };
    session.read(&get(plan_url.clone()))?;
    let mut current = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{plan_url}/rules?pagination.count={PAGE}");
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&pagination.cursor={}", encode(cursor)));
        }
        let page = session.read(&get(url))?.json();
        current.extend(page.pointer("/data/rules").and_then(Value::as_array).cloned().unwrap_or_default());
        match page.pointer("/data/pagination/next").and_then(Value::as_str) {
            Some(next) if !next.is_empty() => cursor = Some(next.to_owned()),
            _ => break,
        }
    }
    let mut report = PushReport::default();
    let wanted = rules(plan);
    for rule in &wanted {
        let stored = current.iter().find(|kept| same_rule(kept, rule));
        let outcome = match stored {
            Some(stored) if stored.get("jsonSchema") == rule.get("jsonSchema") => Outcome::Unchanged,
            _ => session.write(
                &Request {
                    method: "PATCH",
                    url: format!("{plan_url}/rules"),
                    authorization: auth.to_owned(),
                    body: Body::Json(json!({ "rules": [rule] })),
                },
                stored.is_some(),
            ),
        };
        report.items.push(ItemResult { item: describe(rule), outcome });
    }
    report.extra =
        current.iter().filter(|kept| !wanted.iter().any(|rule| same_rule(kept, rule))).map(describe).collect();
    Ok(report)
}

/// Rules are identified by type, key and version.
fn same_rule(a: &Value, b: &Value) -> bool {
    let key = |v: &Value| v.get("key").and_then(Value::as_str).map(str::to_owned);
    a.get("type") == b.get("type") && a.get("version") == b.get("version") && key(a) == key(b)
}

fn describe(rule: &Value) -> String {
    let kind = rule.get("type").and_then(Value::as_str).unwrap_or_default();
    let version = rule.get("version").and_then(Value::as_u64).unwrap_or_default();
    match rule.get("key").and_then(Value::as_str) {
        Some(key) => format!("{kind} rule {key:?} v{version}"),
        None => format!("{kind} rule v{version}"),
    }
}
