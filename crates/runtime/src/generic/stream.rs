//! The fast verdict: a payload checked while it is being parsed, straight from the JSON text,
//! with no `Value` tree and no allocation while every rule holds.
//!
//! The seed answers only "every rule holds"; at the first broken rule (or anything it cannot
//! decide cheaply: a repeated key, an array whose items must be unique) it stops the parse with
//! an error, and the caller asks the detailed path ([`super::CompiledSchema::violations`]) for
//! the violations. Both walk the same compiled tree, so they agree by construction; the tests
//! cross-check them anyway.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::compiled::{self, Expect, Members, Node, Reserved};
use crate::path::Path;

/// Checks one value against a node; `Err` means "not clean, or not decided here".
pub(crate) struct Clean<'n> {
    pub(crate) node: &'n Node,
    /// Undeclared keys of this object to skip (top level only).
    pub(crate) reserved: Option<Reserved>,
}

/// Why the fast path stopped; the message is never shown, the detailed path takes over.
fn stop<E: de::Error>() -> E {
    E::custom("not clean")
}

impl<'de> DeserializeSeed<'de> for Clean<'_> {
    type Value = ();

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if let Expect::Array(list) = &self.node.expect {
            if list.unique {
                // Rare and needs the items side by side: check the parsed value in detail.
                let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
                let mut found = Vec::new();
                compiled::check(self.node, &value, &Path::Root, None, &mut found);
                return if found.is_empty() { Ok(()) } else { Err(stop()) };
            }
        }
        deserializer.deserialize_any(self)
    }
}

impl Clean<'_> {
    #[inline]
    fn number<E: de::Error>(&self, x: f64, whole: bool) -> Result<(), E> {
        let rules = match &self.node.expect {
            Expect::Integer(rules) if whole => rules,
            Expect::Number(rules) => rules,
            _ => return Err(stop()),
        };
        let broken = rules.minimum.as_ref().is_some_and(|l| if l.exclusive { x <= l.value } else { x < l.value })
            || rules.maximum.as_ref().is_some_and(|l| if l.exclusive { x >= l.value } else { x > l.value })
            || rules.allowed.as_ref().is_some_and(|a| !a.values.contains(&x));
        if broken { Err(stop()) } else { Ok(()) }
    }

    #[inline]
    fn text<E: de::Error>(&self, text: &str) -> Result<(), E> {
        let Expect::String(rules) = &self.node.expect else { return Err(stop()) };
        if let Some(allowed) = &rules.allowed {
            if !allowed.values.iter().any(|value| value == text) {
                return Err(stop());
            }
        }
        // Each scalar takes 1 to 4 bytes: most lengths need no counting.
        if let Some(min) = rules.min_length {
            if (text.len() as u64) < min.saturating_mul(4) && (text.chars().count() as u64) < min {
                return Err(stop());
            }
        }
        if let Some(max) = rules.max_length {
            if text.len() as u64 > max && text.chars().count() as u64 > max {
                return Err(stop());
            }
        }
        if rules.pattern.as_ref().is_some_and(|pattern| !pattern.regex.is_match(text)) {
            return Err(stop());
        }
        if rules.format.is_some_and(|format| !format.is_valid(text)) {
            return Err(stop());
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for Clean<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a valid {}", self.node.expect.keyword())
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        if self.node.nullable { Ok(()) } else { Err(stop()) }
    }

    #[inline]
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        if matches!(self.node.expect, Expect::Boolean) { Ok(()) } else { Err(stop()) }
    }

    #[inline]
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        self.number(value as f64, true)
    }

    #[inline]
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        self.number(value as f64, true)
    }

    #[inline]
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        self.number(value, compiled::is_whole_f64(value))
    }

    #[inline]
    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.text(value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Expect::Array(list) = &self.node.expect else { return Err(stop()) };
        let mut count: u64 = 0;
        while seq.next_element_seed(Clean { node: &list.items, reserved: None })?.is_some() {
            count += 1;
        }
        if list.min_items.is_some_and(|min| count < min) || list.max_items.is_some_and(|max| count > max) {
            return Err(stop());
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Expect::Object(members) = &self.node.expect else { return Err(stop()) };
        let mut seen = Seen::new(members.names.len());
        while let Some(key) = map.next_key_seed(KeySeed { members, reserved: self.reserved })? {
            match key {
                Key::Declared(index) => {
                    if !seen.insert(index) {
                        // A repeated key: the last one counts, as in a parsed object.
                        return Err(stop());
                    }
                    map.next_value_seed(Clean { node: &members.nodes[index], reserved: None })?;
                }
                Key::Skipped => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if members.required.iter().enumerate().any(|(index, &required)| required && !seen.contains(index)) {
            return Err(stop());
        }
        Ok(())
    }
}

/// Which declared properties an object has shown, without allocating for up to 128.
enum Seen {
    Small(u128),
    Large(Vec<bool>),
}

impl Seen {
    fn new(count: usize) -> Self {
        if count <= 128 { Seen::Small(0) } else { Seen::Large(vec![false; count]) }
    }

    /// Marks `index`; false when it was already marked.
    #[inline]
    fn insert(&mut self, index: usize) -> bool {
        match self {
            Seen::Small(bits) => {
                let bit = 1u128 << index;
                let fresh = *bits & bit == 0;
                *bits |= bit;
                fresh
            }
            Seen::Large(marks) => !std::mem::replace(&mut marks[index], true),
        }
    }

    #[inline]
    fn contains(&self, index: usize) -> bool {
        match self {
            Seen::Small(bits) => bits & (1u128 << index) != 0,
            Seen::Large(marks) => marks[index],
        }
    }
}

enum Key {
    Declared(usize),
    /// An undeclared key the object allows (open object, or a reserved key).
    Skipped,
}

/// Resolves a key to its declared property without allocating (escaped keys included).
struct KeySeed<'n> {
    members: &'n Members,
    reserved: Option<Reserved>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        match self.members.position(key) {
            Some(index) => Ok(Key::Declared(index)),
            None if !self.members.closed || self.reserved.is_some_and(|reserved| reserved(key)) => Ok(Key::Skipped),
            None => Err(stop()),
        }
    }
}
