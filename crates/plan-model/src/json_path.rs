//! JSON paths as diagnostics print them: `events[12].properties.total.minimum`.
//!
//! Paths are persistent linked lists: extending one is a single allocation, which matters
//! because the loader records a path for every item of plans with thousands of events.

use std::fmt::{self, Write};
use std::sync::Arc;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Node {
    parent: JsonPath,
    segment: Segment,
}

/// A path from the document root to a value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct JsonPath(Option<Arc<Node>>);

impl JsonPath {
    /// The root of the document.
    pub fn root() -> Self {
        JsonPath(None)
    }

    /// A path made of these segments.
    pub fn from_segments(segments: impl IntoIterator<Item = Segment>) -> Self {
        segments.into_iter().fold(JsonPath::root(), |path, segment| path.child(segment))
    }

    /// The steps of the path, from the root.
    pub fn segments(&self) -> Vec<Segment> {
        let mut segments = Vec::new();
        let mut current = &self.0;
        while let Some(node) = current {
            segments.push(node.segment.clone());
            current = &node.parent.0;
        }
        segments.reverse();
        segments
    }

    /// The last step, if any.
    pub fn last(&self) -> Option<&Segment> {
        self.0.as_ref().map(|node| &node.segment)
    }

    /// The path without its last step (the root stays the root).
    pub fn parent(&self) -> JsonPath {
        self.0.as_ref().map(|node| node.parent.clone()).unwrap_or_default()
    }

    /// This path extended by one segment.
    pub fn child(&self, segment: Segment) -> Self {
        JsonPath(Some(Arc::new(Node { parent: self.clone(), segment })))
    }

    /// This path followed by all steps of `other`.
    pub fn join(&self, other: &JsonPath) -> Self {
        other.segments().into_iter().fold(self.clone(), |path, segment| path.child(segment))
    }

    /// This path extended by an object key.
    pub fn key(&self, key: &str) -> Self {
        self.child(Segment::Key(key.to_owned()))
    }

    /// This path extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        self.child(Segment::Index(index))
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
        let segments = self.segments();
        if segments.is_empty() {
            return f.write_char('$');
        }
        for (position, segment) in segments.iter().enumerate() {
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

    #[test]
    fn segments_round_trip() {
        let path = JsonPath::root().key("a").index(3).key("b");
        assert_eq!(JsonPath::from_segments(path.segments()), path);
        assert_eq!(path.parent().to_string(), "a[3]");
        assert_eq!(path.last(), Some(&Segment::Key("b".to_owned())));
    }
}
