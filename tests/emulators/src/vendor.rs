//! What a vendor handler returns, and dispatch to the three vendors.

use std::ops::Range;

use serde_json::Value;

use crate::catalog::{self, Catalog};
use crate::config::{Config, Vendor};
use crate::http::{Request, Response};
use crate::{amplitude, mixpanel, segment};

/// An event the vendor accepts.
#[derive(Debug, Clone)]
pub(crate) struct Accepted {
    pub(crate) kind: &'static str,
    pub(crate) id: Option<String>,
    pub(crate) text: EventText,
}

/// Where the JSON text of an accepted event is.
#[derive(Debug, Clone)]
pub(crate) enum EventText {
    /// This span of the (decoded) request body.
    Span(Range<usize>),
    /// Elsewhere (a form field, a query parameter).
    Owned(Box<str>),
}

/// A record the vendor refuses.
#[derive(Debug, Clone)]
pub(crate) struct Rejection {
    pub(crate) index: usize,
    pub(crate) id: Option<String>,
    pub(crate) field: String,
    pub(crate) message: String,
}

/// Events answered as accepted but dropped.
#[derive(Debug, Clone)]
pub(crate) struct Dropped {
    pub(crate) reason: String,
    pub(crate) events: usize,
    pub(crate) ids: Vec<String>,
}

/// The result of processing one request.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub(crate) response: Response,
    pub(crate) accepted: Vec<Accepted>,
    pub(crate) rejected: Vec<Rejection>,
    pub(crate) dropped: Option<Dropped>,
}

impl Outcome {
    /// A response that records nothing.
    pub(crate) fn only(response: Response) -> Outcome {
        Outcome { response, accepted: Vec::new(), rejected: Vec::new(), dropped: None }
    }

    /// The response, and what is recorded if the request counts as ingested.
    pub(crate) fn split(self) -> (Response, Records) {
        (self.response, Records { accepted: self.accepted, rejected: self.rejected, dropped: self.dropped })
    }
}

/// What processing a request yielded, to record.
#[derive(Debug)]
pub(crate) struct Records {
    pub(crate) accepted: Vec<Accepted>,
    pub(crate) rejected: Vec<Rejection>,
    pub(crate) dropped: Option<Dropped>,
}

/// Processes a vendor request. A plan-management request changes `catalog` only when
/// `ingest` (a fault may answer without ingesting).
pub(crate) fn handle(
    vendor: Vendor,
    config: &Config,
    request: &Request,
    catalog: &mut Catalog,
    ingest: bool,
    now_ms: u64,
) -> Outcome {
    if let Some(error) = &request.decode_error {
        return Outcome::only(error_response(vendor, 400, error));
    }
    if let Some(handled) = catalog::handle(vendor, config, request, catalog, ingest, now_ms) {
        return handled;
    }
    match vendor {
        Vendor::Segment => segment::handle(config, request),
        Vendor::Amplitude => amplitude::handle(config, request, now_ms),
        Vendor::Mixpanel => mixpanel::handle(config, request, now_ms),
    }
}

/// An error in the vendor's usual body shape.
pub(crate) fn error_response(vendor: Vendor, status: u16, message: &str) -> Response {
    match vendor {
        Vendor::Segment => segment::error(status, message),
        Vendor::Amplitude => amplitude::error(status, message),
        Vendor::Mixpanel => mixpanel::error(status, message),
    }
}

/// The documented response for an injected status, built for this request.
pub(crate) fn fault_response(vendor: Vendor, config: &Config, request: &Request, status: u16, now_ms: u64) -> Response {
    if let Some(response) = catalog::fault_body(vendor, request, status) {
        return response;
    }
    match vendor {
        Vendor::Segment => segment::fault_body(status),
        Vendor::Amplitude => amplitude::fault_body(request, status, now_ms),
        Vendor::Mixpanel => mixpanel::fault_body(config, request, status),
    }
}

/// A non-empty string value.
pub(crate) fn non_empty_str(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str).filter(|s| !s.is_empty())
}
