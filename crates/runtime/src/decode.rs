//! Deserializing generated structs and enums through shared, non-generated code.
//!
//! serde's derive writes a visitor, a field enum and a wrapper type per field for every
//! struct; for a plan of thousands of events that is most of what the compiler checks. The
//! generated `Deserialize` impls instead call [`object`] (or [`variant`]) with their wire
//! names and build the struct from [`Members`], one call per field.
//!
//! Semantics match what the derive did: an undeclared or repeated property is an error, a
//! missing required property is an error (also when it is nullable), an explicit `null` is
//! accepted only where the plan allows it, and integers accept whole-number floats.

use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Error, Value};

use crate::whole::Whole;

/// The members of a JSON object being read into a generated struct, by wire name.
#[derive(Debug)]
pub struct Members {
    names: &'static [&'static str],
    values: Vec<Option<Value>>,
}

impl Members {
    fn take(&mut self, name: &'static str) -> Option<Value> {
        let index = self.names.iter().position(|known| *known == name)?;
        self.values[index].take()
    }

    /// A required property.
    pub fn required<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, Error> {
        self.take(name).map_or_else(|| Err(Error::missing_field(name)), T::deserialize)
    }

    /// A required property that may be `null` (`None`).
    pub fn required_nullable<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<Option<T>, Error> {
        self.take(name).map_or_else(|| Err(Error::missing_field(name)), Option::<T>::deserialize)
    }

    /// An optional property: absent is `None`; `null` is refused.
    pub fn optional<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<Option<T>, Error> {
        self.take(name).map(T::deserialize).transpose()
    }

    /// An optional property that may be `null`: absent is `None`, `null` is `Some(None)`.
    pub fn optional_nullable<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<Option<Option<T>>, Error> {
        self.take(name).map(Option::<T>::deserialize).transpose()
    }

    /// [`Members::required`] for values holding integers (whole-number floats accepted).
    pub fn required_whole<T: for<'de> Whole<'de>>(&mut self, name: &'static str) -> Result<T, Error> {
        self.take(name).map_or_else(|| Err(Error::missing_field(name)), T::deserialize_whole)
    }

    /// [`Members::required_nullable`] for values holding integers.
    pub fn required_nullable_whole<T: for<'de> Whole<'de>>(&mut self, name: &'static str) -> Result<Option<T>, Error> {
        self.take(name).map_or_else(|| Err(Error::missing_field(name)), Option::<T>::deserialize_whole)
    }

    /// [`Members::optional`] for values holding integers.
    pub fn optional_whole<T: for<'de> Whole<'de>>(&mut self, name: &'static str) -> Result<Option<T>, Error> {
        self.take(name).map(T::deserialize_whole).transpose()
    }

    /// [`Members::optional_nullable`] for values holding integers.
    pub fn optional_nullable_whole<T: for<'de> Whole<'de>>(
        &mut self,
        name: &'static str,
    ) -> Result<Option<Option<T>>, Error> {
        self.take(name).map(Option::<T>::deserialize_whole).transpose()
    }
}

/// Reads a JSON object whose properties are `names` (anything else is refused) and builds a
/// value from its members.
pub fn object<'de, D, T>(
    deserializer: D,
    names: &'static [&'static str],
    build: impl FnOnce(&mut Members) -> Result<T, Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let mut members = deserializer.deserialize_map(MembersVisitor { names })?;
    build(&mut members).map_err(D::Error::custom)
}

struct MembersVisitor {
    names: &'static [&'static str],
}

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
        let mut values: Vec<Option<Value>> = (0..self.names.len()).map(|_| None).collect();
        while let Some(index) = map.next_key_seed(KeySeed { names: self.names })? {
            if values[index].is_some() {
                return Err(A::Error::duplicate_field(self.names[index]));
            }
            values[index] = Some(map.next_value()?);
        }
        Ok(Members { names: self.names, values })
    }
}

/// A property name, as its index in the declared names.
struct KeySeed {
    names: &'static [&'static str],
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<usize, E> {
        self.names.iter().position(|name| *name == key).ok_or_else(|| E::unknown_field(key, self.names))
    }
}

/// Reads a string enum: the one of `values` whose wire name (`wire`) is the string.
pub fn variant<'de, D, T>(deserializer: D, values: &'static [T], wire: fn(T) -> &'static str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Copy + 'static,
{
    deserializer.deserialize_str(VariantVisitor { values, wire })
}

struct VariantVisitor<T: 'static> {
    values: &'static [T],
    wire: fn(T) -> &'static str,
}

impl<T: Copy> Visitor<'_> for VariantVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("one of the plan's values")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        match self.values.iter().find(|value| (self.wire)(**value) == text) {
            Some(value) => Ok(*value),
            None => {
                let expected: Vec<String> =
                    self.values.iter().map(|value| format!("`{}`", (self.wire)(*value))).collect();
                Err(E::custom(format_args!("unknown variant `{text}`, expected one of {}", expected.join(", "))))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[derive(Debug, PartialEq)]
    struct Sample {
        id: String,
        note: Option<Option<String>>,
        count: Option<i64>,
        maybe: Option<f64>,
    }

    impl<'de> serde::Deserialize<'de> for Sample {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer, &["id", "note", "count", "maybe"], |members| {
                Ok(Sample {
                    id: members.required("id")?,
                    note: members.optional_nullable("note")?,
                    count: members.optional_whole("count")?,
                    maybe: members.required_nullable("maybe")?,
                })
            })
        }
    }

    fn read(value: Value) -> Result<Sample, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn members_follow_the_plan_shapes() {
        assert_eq!(
            read(json!({"id": "a", "count": 2.0, "maybe": null})),
            Ok(Sample { id: "a".into(), note: None, count: Some(2), maybe: None })
        );
        assert_eq!(read(json!({"id": "a", "note": null, "maybe": 1})).map(|s| s.note), Ok(Some(None)));
        assert_eq!(read(json!({"maybe": 1})), Err("missing field `id`".to_owned()));
        assert_eq!(read(json!({"id": "a"})), Err("missing field `maybe`".to_owned()));
        assert!(read(json!({"id": "a", "maybe": 1, "count": null})).is_err(), "null where not nullable");
        assert!(read(json!({"id": "a", "maybe": 1, "count": 2.5})).is_err(), "fractional integer");
        let unknown = read(json!({"id": "a", "maybe": 1, "extra": 1})).unwrap_err();
        assert!(unknown.starts_with("unknown field `extra`"), "{unknown}");
        let repeated: Result<Sample, _> = serde_json::from_str(r#"{"id":"a","id":"b","maybe":1}"#);
        assert!(repeated.unwrap_err().to_string().starts_with("duplicate field `id`"));
    }

    #[test]
    fn variants_by_wire_name() {
        let wire = |n: u8| if n == 1 { "USD" } else { "EUR" };
        let pick = |text: Value| variant(text, &[1, 2], wire).map_err(|e| e.to_string());
        assert_eq!(pick(json!("EUR")), Ok(2));
        assert_eq!(pick(json!("usd")), Err("unknown variant `usd`, expected one of `USD`, `EUR`".to_owned()));
        assert!(pick(json!(1)).is_err());
    }
}
