//! Runtime for generated Trackplan SDKs.
//!
//! Code generated from a tracking plan fills [`Envelope`]s through a [`Client`]: each message
//! is validated (the typed fast path compiled into the generated code, see [`Validate`] and
//! [`check`]; patterns are compiled once, see [`check::Pattern`]), serialized once, and handed to every [`Destination`] the plan routes it to.
//! What happens to an invalid message is the [`Policy`]; each broken rule is a [`Violation`]
//! in the format every Trackplan runtime shares (`docs/validation.md`).
//!
//! Optional feature `generic`: [`generic::SchemaValidator`] validates any `serde_json::Value`
//! against a message's JSON Schema with the same violations.
//!
//! [`testing::Recorder`] records messages in memory for application tests.

pub mod check;
mod client;
mod decode;
mod destination;
mod encode;
mod envelope;
pub mod formats;
#[cfg(feature = "generic")]
pub mod generic;
pub mod json_text;
mod message;
mod path;
pub mod testing;
mod violation;
mod whole;

pub use client::{Client, ClientBuilder, Globals, TrackError, ViolationReport};
pub use destination::{Destination, DestinationError};
pub use envelope::{Envelope, MessageId, Properties, User, rfc3339};
pub use message::{Kind, Message, MessageVisitor, Validate};
pub use path::Path;
pub use violation::{Policy, Violation, sort};

#[cfg(feature = "delivery")]
pub mod delivery;
#[cfg(feature = "delivery")]
pub mod destinations;

/// The JSON type name of a value as violations print it, whole numbers called `integer`.
pub fn json_type(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n)
            if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|x| x.is_finite() && x.fract() == 0.0) =>
        {
            "integer"
        }
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Support for generated code; not part of the stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::decode::{Members, object, variant};
    pub use crate::encode::Object;
    pub use crate::whole::Whole;
}
