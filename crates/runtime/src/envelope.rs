//! The envelope: one tracked message as destinations receive it.

use std::borrow::Cow;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::ser::{Error as _, SerializeMap};
use serde::{Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::message::Kind;

/// Who a message is about: a known user, an anonymous visitor, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct User {
    /// The application's user id, once the user is known.
    pub user_id: Option<Arc<str>>,
    /// A device or browser id for a visitor who has not signed in.
    pub anonymous_id: Option<Arc<str>>,
}

impl User {
    /// A known user.
    pub fn id(user_id: impl Into<Arc<str>>) -> Self {
        User { user_id: Some(user_id.into()), anonymous_id: None }
    }

    /// An anonymous visitor.
    pub fn anonymous(anonymous_id: impl Into<Arc<str>>) -> Self {
        User { user_id: None, anonymous_id: Some(anonymous_id.into()) }
    }

    /// This user with an anonymous id as well (to link a visit to a sign-in).
    pub fn with_anonymous_id(mut self, anonymous_id: impl Into<Arc<str>>) -> Self {
        self.anonymous_id = Some(anonymous_id.into());
        self
    }
}

/// A message id: a random (version 4) UUID drawn when the message is tracked. Destinations
/// send it unchanged on every retry, so receivers can drop duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(u128);

/// Random keys drawn once per process from the OS (through std's `RandomState`).
static SEED: LazyLock<(u64, u64)> = LazyLock::new(|| {
    let draw = |salt: u64| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(salt);
        hasher.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default());
        hasher.finish()
    };
    (draw(u64::from(std::process::id())), draw(0x9e37_79b9_7f4a_7c15))
});
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// SplitMix64's finaliser: a bijection on `u64` that scatters consecutive inputs.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl MessageId {
    /// A fresh id, distinct from every other id this process draws.
    pub fn new() -> Self {
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let (a, b) = *SEED;
        let high = mix(count.wrapping_add(a));
        let low = mix(count ^ b);
        let bits = (u128::from(high) << 64) | u128::from(low);
        // Version 4, variant RFC 4122.
        let bits = (bits & !(0xf_u128 << 76)) | (0x4_u128 << 76);
        MessageId((bits & !(0x3_u128 << 62)) | (0x2_u128 << 62))
    }
}

impl Default for MessageId {
    fn default() -> Self {
        MessageId::new()
    }
}

impl MessageId {
    /// The hyphenated lowercase hex form, written into a stack buffer.
    fn hyphenated(self) -> [u8; 36] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [b'-'; 36];
        let mut at = 0;
        for (index, byte) in self.0.to_be_bytes().into_iter().enumerate() {
            if matches!(index, 4 | 6 | 8 | 10) {
                at += 1;
            }
            out[at] = HEX[usize::from(byte >> 4)];
            out[at + 1] = HEX[usize::from(byte & 0xf)];
            at += 2;
        }
        out
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.hyphenated();
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

impl From<MessageId> for String {
    /// The hyphenated form, without going through a formatter.
    fn from(id: MessageId) -> String {
        id.hyphenated().iter().map(|&byte| char::from(byte)).collect()
    }
}

impl Serialize for MessageId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A message's properties (or traits) as the JSON object text produced by the single
/// serialization at track time; destinations embed it without serializing again, and share
/// it rather than copy it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Properties(Arc<str>);

impl Properties {
    /// Wraps JSON object text produced by serde (crate-internal: never arbitrary text).
    pub(crate) fn from_serialized(json: impl Into<Arc<str>>) -> Self {
        Properties(json.into())
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The JSON text, shared.
    pub fn shared(&self) -> &Arc<str> {
        &self.0
    }

    /// Parsed, for tests and inspection.
    pub fn to_value(&self) -> Value {
        serde_json::from_str(&self.0).unwrap_or(Value::Null)
    }
}

impl Serialize for Properties {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw: &RawValue = serde_json::from_str(&self.0).map_err(S::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// One tracked message, filled by generated code and handed to every destination that
/// should receive it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Envelope {
    /// Which call it is.
    pub kind: Kind,
    /// The event's wire name (for calls: `identify`, `group`, `page`, `screen`).
    pub event: Cow<'static, str>,
    /// The event's SchemaVer from the plan (empty for calls).
    pub version: &'static str,
    /// Properties (traits for identify and group), global properties merged in for track.
    pub properties: Properties,
    /// Who it is about.
    pub user: User,
    /// The group, for group calls.
    pub group_id: Option<Arc<str>>,
    /// When it was tracked.
    pub timestamp: SystemTime,
    /// Drawn at track time; the same on every delivery attempt.
    pub message_id: MessageId,
    /// Context shared by every message of the client (library, app, device…).
    pub context: Arc<Value>,
    /// Plan destinations that receive it; empty means every destination.
    pub destinations: &'static [&'static str],
}

impl Envelope {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        kind: Kind,
        event: &'static str,
        version: &'static str,
        properties: Properties,
        user: &User,
        group_id: Option<&str>,
        context: &Arc<Value>,
        destinations: &'static [&'static str],
    ) -> Self {
        Envelope {
            kind,
            event: Cow::Borrowed(event),
            version,
            properties,
            user: user.clone(),
            group_id: group_id.map(Arc::from),
            timestamp: SystemTime::now(),
            message_id: MessageId::new(),
            context: Arc::clone(context),
            destinations,
        }
    }

    /// Whether a destination registered under `name` should receive this message.
    pub fn is_routed_to(&self, name: &str) -> bool {
        self.destinations.is_empty() || self.destinations.contains(&name)
    }
}

impl Serialize for Envelope {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", &self.kind)?;
        map.serialize_entry("event", &self.event)?;
        if !self.version.is_empty() {
            map.serialize_entry("version", self.version)?;
        }
        map.serialize_entry("properties", &self.properties)?;
        if let Some(user_id) = &self.user.user_id {
            map.serialize_entry("userId", user_id)?;
        }
        if let Some(anonymous_id) = &self.user.anonymous_id {
            map.serialize_entry("anonymousId", anonymous_id)?;
        }
        if let Some(group_id) = &self.group_id {
            map.serialize_entry("groupId", group_id)?;
        }
        map.serialize_entry("timestamp", &Rfc3339(self.timestamp))?;
        map.serialize_entry("messageId", &self.message_id)?;
        map.serialize_entry("context", &*self.context)?;
        map.serialize_entry("destinations", self.destinations)?;
        map.end()
    }
}

/// A time as RFC 3339 UTC with milliseconds: `2026-11-21T10:00:00.000Z`.
pub fn rfc3339(time: SystemTime) -> String {
    Rfc3339(time).to_string()
}

/// A time printed as RFC 3339 UTC with milliseconds, from a stack buffer.
struct Rfc3339(SystemTime);

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let since = self.0.duration_since(UNIX_EPOCH).unwrap_or_default();
        let seconds = since.as_secs();
        let (days, rest) = (seconds / 86_400, seconds % 86_400);
        let (year, month, day) = civil_from_days(days as i64);
        let mut out = *b"0000-00-00T00:00:00.000Z";
        let mut put = |at: usize, width: usize, mut value: u64| {
            for slot in out[at..at + width].iter_mut().rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(0, 4, year.clamp(0, 9999) as u64);
        put(5, 2, u64::from(month));
        put(8, 2, u64::from(day));
        put(11, 2, rest / 3600);
        put(14, 2, rest % 3600 / 60);
        put(17, 2, rest % 60);
        put(20, 3, u64::from(since.subsec_millis()));
        f.write_str(std::str::from_utf8(&out).map_err(|_| fmt::Error)?)
    }
}

impl Serialize for Rfc3339 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Howard Hinnant's days-to-civil conversion (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::time::Duration;

    use super::*;

    #[test]
    fn message_ids_are_distinct_version_4_uuids() {
        let ids: HashSet<String> = (0..10_000)
            .map(|_| {
                let id = MessageId::new();
                assert_eq!(String::from(id), id.to_string());
                String::from(id)
            })
            .collect();
        assert_eq!(ids.len(), 10_000);
        for id in ids.iter().take(50) {
            assert!(crate::formats::is_uuid(id), "{id}");
            assert_eq!(&id[14..15], "4", "{id}");
            assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        }
    }

    #[test]
    fn timestamps_print_as_rfc3339() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let leap_day = UNIX_EPOCH + Duration::from_millis(1_709_217_296_789);
        assert_eq!(rfc3339(leap_day), "2024-02-29T14:34:56.789Z");
        assert!(crate::formats::is_date_time(&rfc3339(SystemTime::now())));
    }
}
