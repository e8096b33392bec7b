//! Borrowed views of request bodies: the elements of a JSON array and the members of a JSON
//! object as slices of the body text, so a batch is scanned once, nothing is copied, and an
//! event's size is the length of its JSON text as sent.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// A JSON value seen through its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// The type of a (valid) raw JSON value.
pub(crate) fn type_of(raw: &RawValue) -> Type {
    match raw.get().as_bytes().first() {
        Some(b'n') => Type::Null,
        Some(b't' | b'f') => Type::Bool,
        Some(b'"') => Type::String,
        Some(b'[') => Type::Array,
        Some(b'{') => Type::Object,
        _ => Type::Number,
    }
}

/// The value of a raw JSON string, borrowed when it has no escapes; `None` for other types.
pub(crate) fn string(raw: &RawValue) -> Option<Cow<'_, str>> {
    let text = raw.get();
    if type_of(raw) != Type::String {
        return None;
    }
    let inner = &text[1..text.len() - 1];
    if inner.contains('\\') {
        serde_json::from_str::<String>(text).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

/// A non-empty string member.
pub(crate) fn non_empty(raw: Option<&RawValue>) -> Option<Cow<'_, str>> {
    raw.and_then(string).filter(|s| !s.is_empty())
}

/// Where `part` (a slice of `whole`) lies in `whole`.
pub(crate) fn span(whole: &[u8], part: &str) -> Range<usize> {
    let start = (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
    debug_assert!(start + part.len() <= whole.len(), "not a slice of the body");
    start..start + part.len()
}

/// A JSON value that is an array (its elements, borrowed) or something else.
pub(crate) enum Items<'a> {
    Array(Vec<&'a RawValue>),
    Other,
}

impl<'de> de::Deserialize<'de> for Items<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemsVisitor)
    }
}

struct ItemsVisitor;

impl<'de> Visitor<'de> for ItemsVisitor {
    type Value = Items<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Items<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<&'de RawValue>()? {
            items.push(item);
        }
        Ok(Items::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Items<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Items::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Items<'de>, E> {
        Ok(Items::Other)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Items<'de>, E> {
        Ok(Items::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Items<'de>, E> {
        Ok(Items::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Items<'de>, E> {
        Ok(Items::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Items<'de>, E> {
        Ok(Items::Other)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Items<'de>, E> {
        Ok(Items::Other)
    }
}

/// The members named in `names` of a JSON object, as raw values (the last of a repeated key
/// wins, as with `serde_json::Value`), and the elements of the member named `array` when it is
/// an array.
pub(crate) struct Members<'a, const N: usize> {
    pub(crate) values: [Option<&'a RawValue>; N],
    pub(crate) array: Option<Vec<&'a RawValue>>,
}

/// Why [`members`] found no object.
#[derive(Debug)]
pub(crate) enum NotObject {
    /// The text is not JSON.
    Invalid,
    /// It is JSON, but not an object.
    Other,
}

/// Reads the members `names` (and the array member `array`, if any) of the JSON object `json`.
pub(crate) fn members<'a, const N: usize>(
    json: &'a [u8],
    names: &[&str; N],
    array: Option<&str>,
) -> Result<Members<'a, N>, NotObject> {
    // UTF-8 is checked once here, not again for every raw value taken from the text.
    let text = std::str::from_utf8(json).map_err(|_| NotObject::Invalid)?;
    members_of_text(text, names, array)
}

fn members_of_text<'a, const N: usize>(
    text: &'a str,
    names: &[&str; N],
    array: Option<&str>,
) -> Result<Members<'a, N>, NotObject> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = MembersSeed { names, array }.deserialize(&mut deserializer).and_then(|m| {
        deserializer.end()?;
        Ok(m)
    });
    parsed.map_err(|_| match serde_json::from_str::<&RawValue>(text) {
        Ok(_) => NotObject::Other,
        Err(_) => NotObject::Invalid,
    })
}

/// [`members`] of a value already known to be valid JSON.
pub(crate) fn object_members<'a, const N: usize>(raw: &'a RawValue, names: &[&str; N]) -> Option<Members<'a, N>> {
    if type_of(raw) != Type::Object {
        return None;
    }
    members_of_text(raw.get(), names, None).ok()
}

struct MembersSeed<'n, const N: usize> {
    names: &'n [&'n str; N],
    array: Option<&'n str>,
}

/// Which slot a key fills.
enum Slot {
    Named(usize),
    Array,
    Other,
}

struct KeySeed<'n, const N: usize> {
    names: &'n [&'n str; N],
    array: Option<&'n str>,
}

impl<'de, const N: usize> DeserializeSeed<'de> for KeySeed<'_, N> {
    type Value = Slot;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Slot, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for KeySeed<'_, N> {
    type Value = Slot;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Slot, E> {
        if self.array == Some(key) {
            return Ok(Slot::Array);
        }
        Ok(self.names.iter().position(|name| *name == key).map_or(Slot::Other, Slot::Named))
    }
}

impl<'de, const N: usize> DeserializeSeed<'de> for MembersSeed<'_, N> {
    type Value = Members<'de, N>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Members<'de, N>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for MembersSeed<'_, N> {
    type Value = Members<'de, N>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de, N>, A::Error> {
        let mut members = Members { values: [None; N], array: None };
        while let Some(slot) = map.next_key_seed(KeySeed { names: self.names, array: self.array })? {
            match slot {
                Slot::Named(index) => members.values[index] = Some(map.next_value::<&'de RawValue>()?),
                Slot::Array => {
                    members.array = match map.next_value::<Items<'de>>()? {
                        Items::Array(items) => Some(items),
                        Items::Other => None,
                    }
                }
                Slot::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(members)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_named_members_and_array_elements_as_slices_of_the_text() {
        let body = br#"{"writeKey":"k","batch":[{"a":1}, "x" ,[2]],"sentAt":"t","writeKey":"last"}"#;
        let parsed = members(body, &["writeKey", "sentAt"], Some("batch")).unwrap();
        assert_eq!(parsed.values[0].map(RawValue::get), Some(r#""last""#), "the last repeated key wins");
        assert_eq!(parsed.values[1].and_then(string).as_deref(), Some("t"));
        let items: Vec<&str> = parsed.array.unwrap().iter().map(|i| i.get()).collect();
        assert_eq!(items, [r#"{"a":1}"#, r#""x""#, "[2]"]);
        let first = members::<0>(body, &[], Some("batch")).unwrap().array.unwrap()[0];
        assert_eq!(&body[span(body, first.get())], br#"{"a":1}"#);
    }

    #[test]
    fn tells_invalid_json_from_other_values() {
        assert!(matches!(members(b"[1]", &["a"], None), Err(NotObject::Other)));
        assert!(matches!(members(b"{\"a\":", &["a"], None), Err(NotObject::Invalid)));
        assert!(matches!(members(b"{} x", &["a"], None), Err(NotObject::Invalid)));
        assert!(matches!(members(b"{\"a\":\"\xff\"}", &["a"], None), Err(NotObject::Invalid)));
        let parsed = members(br#"{"batch":{"not":"array"}}"#, &[], Some("batch")).unwrap();
        assert!(parsed.array.is_none());
    }

    #[test]
    fn strings_are_unescaped_only_when_needed() {
        let plain: &RawValue = serde_json::from_str(r#""abc""#).unwrap();
        assert!(matches!(string(plain), Some(Cow::Borrowed("abc"))));
        let escaped: &RawValue = serde_json::from_str(r#""a\"b\u00e9""#).unwrap();
        assert_eq!(string(escaped).as_deref(), Some("a\"bé"));
        let number: &RawValue = serde_json::from_str("12").unwrap();
        assert_eq!((string(number), type_of(number)), (None, Type::Number));
    }
}
