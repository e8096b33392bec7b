//! The fast path of one record: reads the envelope fields it needs straight from the line and
//! validates the properties while parsing them, without building a `Value`.
//!
//! It answers only "a clean message of this target" and leaves everything else (violations,
//! unknown events, other kinds, captures, malformed lines) to the detailed path in
//! [`super::check`], which decides from the parsed record with the same rules as
//! [`super::shape::read`].

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::shape::{InputFormat, Shape, is_amplitude_internal, mixpanel_reserved, segment_page_reserved};
use super::targets::{Kind, TargetId, Targets};

/// The target and shape of a clean record, or `None` when the detailed path must decide.
///
/// Takes text already checked as UTF-8: checking a whole line at once is much cheaper than
/// checking each string on its own while parsing.
pub fn clean(line: &str, targets: &Targets, format: InputFormat) -> Option<(TargetId, Shape)> {
    let mut deserializer = serde_json::Deserializer::from_str(line);
    let scanned = RecordSeed { targets, format }.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    scanned
}

/// Where a payload key's value went.
enum Payload<'de> {
    /// Not seen.
    Absent,
    /// Validated while parsing, for the shape, kind and target assumed then.
    Clean(Shape, Kind, TargetId),
    /// Kept as text, to validate once the record's shape is known.
    Raw(&'de RawValue),
}

struct RecordSeed<'t> {
    targets: &'t Targets,
    format: InputFormat,
}

/// The parsed record: its fields and payloads.
#[derive(Default)]
struct Fields<'de> {
    kind: Option<Result<Kind, ()>>,
    event: Option<Cow<'de, str>>,
    event_type: Option<Cow<'de, str>>,
    properties: Option<Payload<'de>>,
    event_properties: Option<Payload<'de>>,
    traits: Option<Payload<'de>>,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Option<(TargetId, Shape)>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

fn give_up<E: de::Error>() -> E {
    E::custom("the detailed path decides")
}

impl RecordSeed<'_> {
    /// The target a payload under `key` belongs to, judging from the fields seen so far, when
    /// that is certain enough to validate it while parsing.
    fn assumed(&self, key: &str, fields: &Fields<'_>) -> Option<(Shape, Kind, TargetId)> {
        let segment_allowed = matches!(self.format, InputFormat::Auto | InputFormat::Segment | InputFormat::Trackplan);
        match key {
            "event_properties" => {
                let name = fields.event_type.as_deref()?;
                let allowed = matches!(self.format, InputFormat::Auto | InputFormat::Amplitude);
                (allowed && !is_amplitude_internal(name))
                    .then(|| self.targets.event(name).map(|t| (Shape::Amplitude, Kind::Track, t)))?
            }
            "traits" => match fields.kind? {
                Ok(kind @ (Kind::Identify | Kind::Group)) if segment_allowed && fields.event_type.is_none() => {
                    self.targets.call(kind).map(|t| (Shape::Segment, kind, t))
                }
                _ => None,
            },
            _ if fields.event_type.is_some() => None,
            _ => match fields.kind {
                Some(Ok(Kind::Track)) if segment_allowed => {
                    self.targets.event(fields.event.as_deref()?).map(|t| (Shape::Segment, Kind::Track, t))
                }
                Some(Ok(kind @ (Kind::Page | Kind::Screen))) if segment_allowed => {
                    self.targets.call(kind).map(|t| (Shape::Segment, kind, t))
                }
                Some(_) => None,
                None => {
                    let name = fields.event.as_deref()?;
                    let allowed = matches!(self.format, InputFormat::Auto | InputFormat::Mixpanel);
                    (allowed && !name.starts_with('$'))
                        .then(|| self.targets.event(name).map(|t| (Shape::Mixpanel, Kind::Track, t)))?
                }
            },
        }
    }
}

fn reserved_for(shape: Shape, kind: Kind) -> Option<fn(&str) -> bool> {
    match (shape, kind) {
        (Shape::Mixpanel, _) => Some(mixpanel_reserved),
        (_, Kind::Page) => Some(segment_page_reserved),
        _ => None,
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Option<(TargetId, Shape)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key_seed(TextSeed)? {
            match key.as_ref() {
                "type" => {
                    let kind = match map.next_value_seed(TextSeed)?.as_ref() {
                        "track" => Ok(Kind::Track),
                        "identify" => Ok(Kind::Identify),
                        "group" => Ok(Kind::Group),
                        "page" => Ok(Kind::Page),
                        "screen" => Ok(Kind::Screen),
                        _ => Err(()),
                    };
                    once(&mut fields.kind, kind)?;
                }
                "event" => once(&mut fields.event, map.next_value_seed(TextSeed)?)?,
                "event_type" => once(&mut fields.event_type, map.next_value_seed(TextSeed)?)?,
                "endpoint" | "json" => return Err(give_up()),
                key @ ("properties" | "event_properties" | "traits") => {
                    let payload = match self.assumed(key, &fields) {
                        Some((shape, kind, target)) => {
                            let schema = &self.targets.list[target].schema;
                            map.next_value_seed(CleanSeed { schema, reserved: reserved_for(shape, kind) })?;
                            Payload::Clean(shape, kind, target)
                        }
                        None => Payload::Raw(map.next_value()?),
                    };
                    let slot = match key {
                        "properties" => &mut fields.properties,
                        "event_properties" => &mut fields.event_properties,
                        _ => &mut fields.traits,
                    };
                    once(slot, payload)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(self.finish(fields))
    }
}

/// A key seen twice is left to the detailed path (where the last one counts).
fn once<T, E: de::Error>(slot: &mut Option<T>, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(give_up());
    }
    *slot = Some(value);
    Ok(())
}

impl RecordSeed<'_> {
    /// Decides the record as [`super::shape::read`] would, and validates a payload kept as text.
    fn finish(&self, fields: Fields<'_>) -> Option<(TargetId, Shape)> {
        let (shape, kind, target, payload) = if let Some(name) = fields.event_type.as_deref() {
            if is_amplitude_internal(name) || !matches!(self.format, InputFormat::Auto | InputFormat::Amplitude) {
                return None;
            }
            (Shape::Amplitude, Kind::Track, self.targets.event(name)?, fields.event_properties)
        } else if let Some(kind) = fields.kind {
            if !matches!(self.format, InputFormat::Auto | InputFormat::Segment | InputFormat::Trackplan) {
                return None;
            }
            let kind = kind.ok()?;
            let (target, payload) = match kind {
                Kind::Track => (self.targets.event(fields.event.as_deref()?)?, fields.properties),
                Kind::Page | Kind::Screen => (self.targets.call(kind)?, fields.properties),
                // Trackplan's envelope keeps identify and group traits in `properties`.
                Kind::Identify | Kind::Group => (self.targets.call(kind)?, fields.traits.or(fields.properties)),
            };
            (Shape::Segment, kind, target, payload)
        } else {
            let name = fields.event.as_deref()?;
            if name.starts_with('$') || !matches!(self.format, InputFormat::Auto | InputFormat::Mixpanel) {
                return None;
            }
            fields.properties.as_ref()?;
            (Shape::Mixpanel, Kind::Track, self.targets.event(name)?, fields.properties)
        };
        let schema = &self.targets.list[target].schema;
        let reserved = reserved_for(shape, kind);
        let clean = match payload.unwrap_or(Payload::Absent) {
            Payload::Clean(s, k, t) => s == shape && k == kind && t == target,
            Payload::Raw(raw) => {
                let mut deserializer = serde_json::Deserializer::from_str(raw.get());
                schema.check_clean(&mut deserializer, reserved).is_ok()
            }
            Payload::Absent => schema.is_clean("{}"),
        };
        let shape = if self.format == InputFormat::Trackplan { Shape::Trackplan } else { shape };
        clean.then_some((target, shape))
    }
}

/// Validates a payload while parsing it; an error stops the whole record's fast path.
struct CleanSeed<'s> {
    schema: &'s trackplan_runtime::generic::CompiledSchema,
    reserved: Option<fn(&str) -> bool>,
}

impl<'de> DeserializeSeed<'de> for CleanSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.schema.check_clean(deserializer, self.reserved)
    }
}

/// A string, borrowed from the line unless it has escapes.
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_owned()))
    }
}
