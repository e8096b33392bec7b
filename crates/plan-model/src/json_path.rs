//! JSON paths as diagnostics print them: `events[12].properties.total.minimum`.

use std::fmt::{self, Write};

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A path from the document root to a value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct JsonPath(Vec<Segment>);

impl JsonPath {
    /// The root of the document.
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    /// The steps of the path, from the root.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// This path extended by an object key.
    pub fn key(&self, key: &str) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.to_owned()));
        path
    }

    /// This path extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Index(index));
        path
    }

    /// This path extended by all segments of `other`.
    pub fn join(&self, other: &JsonPath) -> Self {
        let mut path = self.clone();
        path.0.extend(other.0.iter().cloned());
        path
    }

    /// A path made of these segments.
    pub fn from_segments(segments: Vec<Segment>) -> Self {
        JsonPath(segments)
    }

    /// Remove the last segment in place.
    pub fn pop(&mut self) -> Option<Segment> {
        self.0.pop()
    }

    /// Append a segment in place.
    pub fn push(&mut self, segment: Segment) {
        self.0.push(segment);
    }
}

/// Keys that print bare; anything else is printed as a quoted JSON string in brackets.
fn is_plain_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_char('$');
        }
        for (position, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Key(key) if is_plain_key(key) => {
                    if position > 0 {
                        f.write_char('.')?;
                    }
                    f.write_str(key)?;
                }
                Segment::Key(key) => {
                    let quoted = serde_json::to_string(key).map_err(|_| fmt::Error)?;
                    write!(f, "[{quoted}]")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_plain_and_quoted_keys() {
        let path = JsonPath::root().key("events").index(12).key("properties").key("total").key("minimum");
        assert_eq!(path.to_string(), "events[12].properties.total.minimum");
        let odd = JsonPath::root().key("properties").key("order id").key("x\"y");
        assert_eq!(odd.to_string(), r#"properties["order id"]["x\"y"]"#);
        assert_eq!(JsonPath::root().to_string(), "$");
        assert_eq!(JsonPath::root().key("$ref").to_string(), "$ref");
    }
}
