//! The client generated SDKs track through: validation policy, the single serialization of
//! each message, and fan-out to destinations.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use serde_json::Value;

use crate::destination::{Destination, DestinationError};
use crate::envelope::{Envelope, Properties, User};
use crate::message::{Kind, Message};
use crate::violation::{Policy, Violation};

/// Violations of one message, as the violation callback receives them.
#[derive(Debug, Clone, Copy)]
pub struct ViolationReport<'a> {
    /// Which call.
    pub kind: Kind,
    /// The event's wire name (for calls, the call's name; `global properties` for those).
    pub event: &'a str,
    /// Every broken rule.
    pub violations: &'a [Violation],
    /// What the client does about it.
    pub policy: Policy,
}

type ViolationCallback = dyn Fn(&ViolationReport<'_>) + Send + Sync;

/// Why a message was not tracked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrackError {
    /// The message breaks the plan and the policy is error-on-invalid.
    #[error("{event} does not match the tracking plan: {}", list(violations))]
    Invalid {
        /// The event's wire name.
        event: Cow<'static, str>,
        /// Every broken rule.
        violations: Vec<Violation>,
    },
    /// The message could not be serialized (a custom `Serialize` failed).
    #[error("cannot serialize {event}: {source}")]
    Serialize {
        /// The event's wire name.
        event: Cow<'static, str>,
        /// The serializer's error.
        source: serde_json::Error,
    },
    /// A destination did not accept the message (the others still received it).
    #[error(transparent)]
    Destination(#[from] DestinationError),
}

fn list(violations: &[Violation]) -> String {
    violations.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// Global properties validated and serialized once, merged into every track event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Globals {
    /// Members of the serialized object without its braces (empty: none).
    members: String,
}

impl Globals {
    /// No global properties.
    pub fn none() -> Self {
        Globals::default()
    }
}

struct Inner {
    destinations: Vec<Arc<dyn Destination>>,
    policy: Policy,
    on_violation: Option<Box<ViolationCallback>>,
    context: Arc<Value>,
}

/// Validates, serializes and delivers messages; cheap to clone and share between threads.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.inner.destinations.iter().map(|d| d.name()).collect();
        f.debug_struct("Client").field("policy", &self.inner.policy).field("destinations", &names).finish()
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    destinations: Vec<Arc<dyn Destination>>,
    policy: Policy,
    on_violation: Option<Box<ViolationCallback>>,
    context: Value,
}

impl ClientBuilder {
    /// Deliver to `destination` (in addition to those added before).
    pub fn destination(mut self, destination: impl Destination + 'static) -> Self {
        self.destinations.push(Arc::new(destination));
        self
    }

    /// Deliver to a destination shared with other code (e.g. a recorder kept by a test).
    pub fn shared_destination(mut self, destination: Arc<dyn Destination>) -> Self {
        self.destinations.push(destination);
        self
    }

    /// What to do with invalid messages; defaults to [`Policy::default`].
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Called with the violations of every invalid message, whatever the policy (except
    /// disabled, which does not validate).
    pub fn on_violation(mut self, callback: impl Fn(&ViolationReport<'_>) + Send + Sync + 'static) -> Self {
        self.on_violation = Some(Box::new(callback));
        self
    }

    /// Context sent with every message (app, device, locale…), merged over the library's.
    pub fn context(mut self, context: serde_json::Map<String, Value>) -> Self {
        if let Value::Object(map) = &mut self.context {
            map.extend(context);
        }
        self
    }

    /// The client.
    pub fn build(self) -> Client {
        Client {
            inner: Arc::new(Inner {
                destinations: self.destinations,
                policy: self.policy,
                on_violation: self.on_violation,
                context: Arc::new(self.context),
            }),
        }
    }
}

/// How a message went through validation.
enum Verdict {
    Send,
    Drop,
}

impl Client {
    /// A builder with no destinations, the default policy and the library in the context.
    pub fn builder() -> ClientBuilder {
        let library =
            serde_json::json!({ "library": { "name": "trackplan-rust", "version": env!("CARGO_PKG_VERSION") } });
        ClientBuilder { destinations: Vec::new(), policy: Policy::default(), on_violation: None, context: library }
    }

    /// The validation policy.
    pub fn policy(&self) -> Policy {
        self.inner.policy
    }

    /// Validate global properties and serialize them once, for [`Client::track`].
    ///
    /// Invalid globals are reported; error-on-invalid returns the error, skip-on-invalid
    /// leaves them out of every event, track-on-invalid sends them anyway.
    pub fn globals<G: Message>(&self, globals: &G) -> Result<Globals, TrackError> {
        if let Verdict::Drop = self.check(globals, "global properties")? {
            return Ok(Globals::none());
        }
        let json = serialize(globals, "global properties", "")?;
        Ok(Globals { members: json[1..json.len() - 1].to_owned() })
    }

    /// Validate, serialize (once) and deliver a track event, global properties merged in.
    pub fn track<M: Message>(&self, user: &User, event: &M, globals: &Globals) -> Result<(), TrackError> {
        if let Verdict::Drop = self.check(event, M::NAME)? {
            return Ok(());
        }
        let json = serialize(event, M::NAME, &globals.members)?;
        self.deliver(Envelope::new(
            M::KIND,
            M::NAME,
            M::VERSION,
            Properties::from_serialized(json),
            user,
            None,
            &self.inner.context,
            M::DESTINATIONS,
        ))
    }

    /// Validate, serialize and deliver an identify, page or screen call (or a group call,
    /// with `group_id`).
    pub fn call<M: Message>(&self, user: &User, group_id: Option<&str>, message: &M) -> Result<(), TrackError> {
        if let Verdict::Drop = self.check(message, M::NAME)? {
            return Ok(());
        }
        let json = serialize(message, M::NAME, "")?;
        self.deliver(Envelope::new(
            M::KIND,
            M::NAME,
            M::VERSION,
            Properties::from_serialized(json),
            user,
            group_id,
            &self.inner.context,
            M::DESTINATIONS,
        ))
    }

    /// Deliver everything the destinations have enqueued.
    pub fn flush(&self) -> Result<(), DestinationError> {
        let mut first = Ok(());
        for destination in &self.inner.destinations {
            if let (Err(error), Ok(())) = (destination.flush(), &first) {
                first = Err(error);
            }
        }
        first
    }

    fn check<M: Message>(&self, message: &M, name: &'static str) -> Result<Verdict, TrackError> {
        let policy = self.inner.policy;
        if policy == Policy::Disabled {
            return Ok(Verdict::Send);
        }
        let violations = message.violations();
        if violations.is_empty() {
            return Ok(Verdict::Send);
        }
        if let Some(callback) = &self.inner.on_violation {
            callback(&ViolationReport { kind: M::KIND, event: name, violations: &violations, policy });
        }
        match policy {
            Policy::ErrorOnInvalid => Err(TrackError::Invalid { event: Cow::Borrowed(name), violations }),
            Policy::SkipOnInvalid => Ok(Verdict::Drop),
            Policy::TrackOnInvalid | Policy::Disabled => Ok(Verdict::Send),
        }
    }

    /// Hand the envelope to every destination that takes it; one failing destination does
    /// not keep the message from the others.
    fn deliver(&self, envelope: Envelope) -> Result<(), TrackError> {
        let envelope = Arc::new(envelope);
        let mut first = Ok(());
        for destination in self.inner.destinations.iter().filter(|d| d.accepts(&envelope)) {
            if let (Err(error), Ok(())) = (destination.send(Arc::clone(&envelope)), &first) {
                first = Err(TrackError::Destination(error));
            }
        }
        first
    }
}

thread_local! {
    /// Where each thread serializes its messages: sized once, reused for every message, so a
    /// message costs one allocation (its shared text) however it grows while being written.
    static BUFFER: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(BUFFER_CAPACITY));
}

const BUFFER_CAPACITY: usize = 2048;

/// A buffer kept after an unusually large message is given back to the allocator.
const BUFFER_KEPT: usize = 64 * 1024;

/// The single serialization of a message: its JSON object text with `globals` (members
/// without braces) appended.
fn serialize<M: Message>(message: &M, name: &'static str, globals: &str) -> Result<Arc<str>, TrackError> {
    BUFFER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            let text = write_object(&mut buffer, message, name, globals);
            if buffer.capacity() > BUFFER_KEPT {
                *buffer = Vec::with_capacity(BUFFER_CAPACITY);
            }
            text
        }
        // A `Serialize` impl that tracks while being serialized: no shared buffer for it.
        Err(_) => write_object(&mut Vec::with_capacity(BUFFER_CAPACITY), message, name, globals),
    })
}

fn write_object<M: Message>(
    buffer: &mut Vec<u8>,
    message: &M,
    name: &'static str,
    globals: &str,
) -> Result<Arc<str>, TrackError> {
    let failed = |source| TrackError::Serialize { event: Cow::Borrowed(name), source };
    serde_json::to_writer(&mut *buffer, message).map_err(failed)?;
    if !(buffer.first() == Some(&b'{') && buffer.last() == Some(&b'}')) {
        let source = <serde_json::Error as serde::ser::Error>::custom("properties must serialize to a JSON object");
        return Err(failed(source));
    }
    if !globals.is_empty() {
        buffer.pop();
        if buffer.len() > 1 {
            buffer.push(b',');
        }
        buffer.extend_from_slice(globals.as_bytes());
        buffer.push(b'}');
    }
    let text = std::str::from_utf8(buffer)
        .map_err(|_| failed(<serde_json::Error as serde::ser::Error>::custom("serialized properties are not UTF-8")))?;
    Ok(Arc::from(text))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use serde::ser::SerializeMap;

    use super::*;
    use crate::message::Validate;
    use crate::path::Path;
    use crate::testing::Recorder;

    static SERIALIZATIONS: AtomicUsize = AtomicUsize::new(0);

    /// An event that counts how often it is serialized.
    struct Counted;

    impl serde::Serialize for Counted {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            SERIALIZATIONS.fetch_add(1, Ordering::SeqCst);
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry("n", &1)?;
            map.end()
        }
    }

    impl Validate for Counted {
        fn validate_at(&self, _path: &Path<'_>, _out: &mut Vec<Violation>) {}
    }

    impl Message for Counted {
        const KIND: Kind = Kind::Track;
        const NAME: &'static str = "Counted";
        const VERSION: &'static str = "1-0-0";
        const DESTINATIONS: &'static [&'static str] = &["a", "b"];
        const SCHEMA: &'static str = "{}";
    }

    struct Named(&'static str, Recorder);

    impl Destination for Named {
        fn name(&self) -> &str {
            self.0
        }
        fn send(&self, envelope: Arc<Envelope>) -> Result<(), DestinationError> {
            self.1.send(envelope)
        }
    }

    #[test]
    fn each_message_is_serialized_once_whatever_the_number_of_destinations() {
        let (a, b) = (Recorder::new(), Recorder::new());
        let client = Client::builder().destination(Named("a", a.clone())).destination(Named("b", b.clone())).build();
        client.track(&User::id("u"), &Counted, &Globals::none()).expect("tracked");
        assert_eq!(SERIALIZATIONS.load(Ordering::SeqCst), 1);
        let (first, second) = (a.envelopes(), b.envelopes());
        assert!(Arc::ptr_eq(&first[0], &second[0]), "destinations share one envelope");
        assert_eq!(first[0].properties.as_str(), r#"{"n":1}"#);
    }
}
