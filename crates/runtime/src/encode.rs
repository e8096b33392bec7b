//! Serializing generated structs: one call per property, absent optional properties left out.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// A JSON object being written by a generated `Serialize` impl.
#[derive(Debug)]
pub struct Object<M>(M);

impl<M: SerializeMap> Object<M> {
    /// Starts the object.
    pub fn new<S: Serializer<SerializeMap = M, Error = M::Error, Ok = M::Ok>>(serializer: S) -> Result<Self, M::Error> {
        serializer.serialize_map(None).map(Object)
    }

    /// A property that is always written (`null` for a required nullable one that is `None`).
    pub fn required<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), M::Error> {
        self.0.serialize_entry(name, value)
    }

    /// An optional property: left out when `None` (an optional nullable one holds `Some(None)`
    /// for `null`).
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(value) => self.0.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// Ends the object.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sample {
        id: &'static str,
        note: Option<Option<&'static str>>,
        count: Option<i64>,
    }

    impl Serialize for Sample {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = Object::new(serializer)?;
            object.required("id", self.id)?;
            object.optional("note", &self.note)?;
            object.optional("count", &self.count)?;
            object.end()
        }
    }

    #[test]
    fn absent_optional_properties_are_left_out_and_nulls_written() {
        let text = |sample: &Sample| serde_json::to_string(sample).expect("serializes");
        assert_eq!(text(&Sample { id: "a", note: None, count: Some(2) }), r#"{"id":"a","count":2}"#);
        assert_eq!(text(&Sample { id: "a", note: Some(None), count: None }), r#"{"id":"a","note":null}"#);
    }
}
