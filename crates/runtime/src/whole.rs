//! Deserializing integers the way JSON Schema defines them: `2.0` is the integer 2, so a
//! payload valid for the plan always fits the generated struct's `i64` fields, including
//! inside options and arrays.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{DeserializeSeed, Error, SeqAccess, Visitor};

/// A type deserialized with whole-number floats accepted where integers are expected.
pub trait Whole<'de>: Sized {
    /// Deserialize a value of this type.
    fn deserialize_whole<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

struct IntegerVisitor;

impl Visitor<'_> for IntegerVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<i64, E> {
        i64::try_from(value).map_err(|_| E::custom(format!("integer {value} is out of range")))
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<i64, E> {
        // 2^63 is the first float past i64::MAX.
        if value.fract() == 0.0 && value >= i64::MIN as f64 && value < 9_223_372_036_854_775_808.0 {
            Ok(value as i64)
        } else {
            Err(E::invalid_type(serde::de::Unexpected::Float(value), &self))
        }
    }
}

impl<'de> Whole<'de> for i64 {
    fn deserialize_whole<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IntegerVisitor)
    }
}

struct Seed<T>(PhantomData<T>);

impl<'de, T: Whole<'de>> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_whole(deserializer)
    }
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Whole<'de>> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::deserialize_whole(deserializer).map(Some)
    }
}

impl<'de, T: Whole<'de>> Whole<'de> for Option<T> {
    fn deserialize_whole<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

struct SeqVisitor<T>(PhantomData<T>);

impl<'de, T: Whole<'de>> Visitor<'de> for SeqVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Seed(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }
}

impl<'de, T: Whole<'de>> Whole<'de> for Vec<T> {
    fn deserialize_whole<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(SeqVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn whole<T: for<'de> Whole<'de>>(value: serde_json::Value) -> Result<T, serde_json::Error> {
        T::deserialize_whole(value)
    }

    #[test]
    fn whole_floats_are_integers_and_fractions_are_not() {
        assert_eq!(whole::<i64>(json!(2.0)).expect("2.0"), 2);
        assert_eq!(whole::<i64>(json!(-7)).expect("-7"), -7);
        assert!(whole::<i64>(json!(2.5)).is_err());
        assert!(whole::<i64>(json!("2")).is_err());
        assert!(whole::<i64>(json!(1e19)).is_err());
        assert_eq!(whole::<Vec<Option<i64>>>(json!([1.0, null, 3])).expect("array"), [Some(1), None, Some(3)]);
        assert_eq!(whole::<Vec<Vec<i64>>>(json!([[1.0], []])).expect("nested"), [vec![1], vec![]]);
        assert!(whole::<Option<i64>>(json!(null)).expect("null").is_none());
    }
}
