//! The vendors' plan-management APIs: Amplitude's Taxonomy API, Mixpanel's Lexicon Schemas
//! API and Segment's Public API tracking-plan rules. Unlike ingestion they keep state — the
//! [`Catalog`] — which a request changes only when the emulator ingests it (a fault that
//! does not ingest leaves the catalog as it was).

mod amplitude_taxonomy;
mod mixpanel_lexicon;
mod segment_tracking_plans;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::config::{Config, Vendor};
use crate::http::Request;
use crate::vendor::Outcome;

/// What the plan-management APIs hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Catalog {
    /// Amplitude event categories: id and name, in creation order.
    pub amplitude_categories: Vec<(u64, String)>,
    /// Amplitude event types by name, as `GET /api/2/taxonomy/event` lists them.
    pub amplitude_events: BTreeMap<String, Value>,
    /// Amplitude event properties: event type → property name → entry.
    pub amplitude_event_properties: BTreeMap<String, BTreeMap<String, Value>>,
    /// Mixpanel Lexicon schemas: entity type → name → `schemaJson`.
    pub mixpanel_schemas: BTreeMap<String, BTreeMap<String, Value>>,
    /// Segment tracking-plan rules, in order, with `createdAt` / `updatedAt`.
    pub segment_rules: Vec<Value>,
    /// Write requests that changed the catalog.
    pub changes: usize,
}

/// The answer to a plan-management request.
pub(crate) type Handled = Outcome;

/// Handles the request when it is addressed to a plan-management API of `vendor`; the
/// catalog changes only when `commit` (the request is ingested).
pub(crate) fn handle(
    vendor: Vendor,
    config: &Config,
    request: &Request,
    catalog: &mut Catalog,
    commit: bool,
    now_ms: u64,
) -> Option<Handled> {
    match vendor {
        Vendor::Amplitude if request.path.starts_with(amplitude_taxonomy::PREFIX) => {
            Some(amplitude_taxonomy::handle(config, request, catalog, commit))
        }
        Vendor::Mixpanel if request.path.starts_with(mixpanel_lexicon::PREFIX) => {
            Some(mixpanel_lexicon::handle(config, request, catalog, commit))
        }
        Vendor::Segment if request.path.starts_with(segment_tracking_plans::PREFIX) => {
            Some(segment_tracking_plans::handle(config, request, catalog, commit, now_ms))
        }
        _ => None,
    }
}

/// Applies `edit`, counted as one change, when the request is ingested.
/// The body a plan-management API answers an injected `status` with, in that API's error
/// shape (`None` for an ingestion request). A 429 says what the documentation says about
/// rate limits; its `Retry-After` comes from the fault.
pub(crate) fn fault_body(vendor: Vendor, request: &Request, status: u16) -> Option<crate::http::Response> {
    let message = match status {
        429 => "Too many requests: rate limit exceeded, retry later",
        other => crate::http::reason(other),
    };
    match vendor {
        Vendor::Amplitude if request.path.starts_with(amplitude_taxonomy::PREFIX) => {
            Some(amplitude_taxonomy::error_response(status, message))
        }
        Vendor::Mixpanel if request.path.starts_with(mixpanel_lexicon::PREFIX) => {
            Some(mixpanel_lexicon::error_response(status, message))
        }
        Vendor::Segment if request.path.starts_with(segment_tracking_plans::PREFIX) => {
            let kind = if status == 429 { "too-many-requests" } else { "error" };
            Some(segment_tracking_plans::error_response(status, kind, message))
        }
        _ => None,
    }
}

fn apply(catalog: &mut Catalog, commit: bool, edit: impl FnOnce(&mut Catalog)) {
    if commit {
        edit(catalog);
        catalog.changes += 1;
    }
}

/// Path segments after `prefix`, percent-decoded.
fn segments(path: &str, prefix: &str) -> Vec<String> {
    path[prefix.len()..].split('/').filter(|s| !s.is_empty()).map(crate::http::percent_decode).collect()
}
