//! Positions in plan files: JSON path → line and column, and duplicate-key detection.
//!
//! serde_json keeps the last of two equal keys silently and forgets positions once parsed, so
//! this module walks the text itself. It runs on text serde_json has already accepted, and it
//! stops quietly (never panics) on anything unexpected.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::json_path::{JsonPath, Segment};

/// Where a value (and its key, for object members) starts in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub key_offset: Option<usize>,
    pub value_offset: usize,
}

/// A key written twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DuplicateKey {
    /// Path of the member, ending with the key.
    pub path: JsonPath,
    pub offset: usize,
    pub first_offset: usize,
}

/// Every value of a document by JSON path.
pub(crate) struct SourceIndex {
    entries: HashMap<String, Entry>,
}

impl SourceIndex {
    pub fn build(text: &str) -> Self {
        let mut entries = HashMap::new();
        walk(text, &mut |path, entry| {
            entries.insert(path.to_string(), entry);
        });
        SourceIndex { entries }
    }

    /// Offset of the value at `path`, or of the nearest ancestor that exists (a missing field
    /// is reported at its parent object).
    pub fn offset(&self, path: &JsonPath, prefer_key: bool) -> usize {
        let mut current = path.clone();
        loop {
            if let Some(entry) = self.entries.get(&current.to_string()) {
                return match (prefer_key, entry.key_offset) {
                    (true, Some(key)) => key,
                    _ => entry.value_offset,
                };
            }
            if current.last().is_none() {
                return 0;
            }
            current = current.parent();
        }
    }
}

/// Keys repeated within one object, anywhere in the document.
pub(crate) fn duplicate_keys(text: &str) -> Vec<DuplicateKey> {
    let mut found = Vec::new();
    let mut walker = Walker::new(text, None);
    walker.duplicates = Some(&mut found);
    // The common case has no duplicates: find out without building paths first.
    walker.track_paths = false;
    walker.value(0);
    if !found.is_empty() {
        found.clear();
        let mut walker = Walker::new(text, None);
        walker.duplicates = Some(&mut found);
        walker.value(0);
    }
    found
}

fn walk(text: &str, visit: &mut dyn FnMut(&JsonPath, Entry)) {
    Walker::new(text, Some(visit)).value(0);
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (saturate(line), saturate(column))
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn saturate(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Keys of one object seen so far. Most objects have a handful of keys, where a linear
/// scan beats hashing; large ones switch to a map.
#[derive(Default)]
struct SeenKeys<'t> {
    few: Vec<(Cow<'t, str>, usize)>,
    many: HashMap<Cow<'t, str>, usize>,
}

impl<'t> SeenKeys<'t> {
    const FEW: usize = 32;

    /// Record `key`; returns the offset of its first occurrence when it was seen before.
    fn insert(&mut self, key: Cow<'t, str>, offset: usize) -> Option<usize> {
        if self.many.is_empty() {
            if let Some((_, first)) = self.few.iter().find(|(k, _)| *k == key) {
                return Some(*first);
            }
            self.few.push((key, offset));
            if self.few.len() > Self::FEW {
                self.many.extend(self.few.drain(..));
            }
            return None;
        }
        match self.many.get(&key) {
            Some(first) => Some(*first),
            None => {
                self.many.insert(key, offset);
                None
            }
        }
    }
}

/// Called for every value with its path and position.
type Visit<'f> = dyn FnMut(&JsonPath, Entry) + 'f;

/// serde_json refuses deeper documents, so a deeper walk means the text is not what we think.
const MAX_DEPTH: usize = 256;

struct Walker<'t, 'v> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    path: JsonPath,
    visit: Option<&'v mut Visit<'v>>,
    duplicates: Option<&'v mut Vec<DuplicateKey>>,
    track_paths: bool,
}

impl<'t, 'v> Walker<'t, 'v> {
    fn new(text: &'t str, visit: Option<&'v mut Visit<'v>>) -> Self {
        Walker {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            path: JsonPath::root(),
            visit,
            duplicates: None,
            track_paths: true,
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Walk one value; returns false when the text is not as expected.
    fn value(&mut self, depth: usize) -> bool {
        self.skip_ws();
        self.value_at(None, depth)
    }

    fn value_at(&mut self, key_offset: Option<usize>, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let value_offset = self.pos;
        if let Some(visit) = self.visit.as_mut() {
            visit(&self.path, Entry { key_offset, value_offset });
        }
        match self.bytes.get(self.pos) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().is_some(),
            Some(_) => {
                // Numbers, true, false, null: skip to the next delimiter.
                while let Some(&b) = self.bytes.get(self.pos) {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
                true
            }
            None => false,
        }
    }

    fn object(&mut self, depth: usize) -> bool {
        self.pos += 1;
        let mut seen = SeenKeys::default();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return true;
        }
        loop {
            self.skip_ws();
            let key_offset = self.pos;
            let Some(key) = self.string() else { return false };
            if let Some(found) = self.duplicates.as_mut() {
                if let Some(first_offset) = seen.insert(key.clone(), key_offset) {
                    found.push(DuplicateKey { path: self.path.key(&key), offset: key_offset, first_offset });
                }
            }
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return false;
            }
            self.pos += 1;
            self.skip_ws();
            if self.track_paths {
                self.path = self.path.child(Segment::Key(key.into_owned()));
            }
            let ok = self.value_at(Some(key_offset), depth + 1);
            if self.track_paths {
                self.path = self.path.parent();
            }
            if !ok {
                return false;
            }
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }

    fn array(&mut self, depth: usize) -> bool {
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return true;
        }
        let mut index = 0;
        loop {
            self.skip_ws();
            if self.track_paths {
                self.path = self.path.child(Segment::Index(index));
            }
            let ok = self.value_at(None, depth + 1);
            if self.track_paths {
                self.path = self.path.parent();
            }
            if !ok {
                return false;
            }
            index += 1;
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }

    /// Read a string token and return its decoded content.
    fn string(&mut self) -> Option<Cow<'t, str>> {
        if self.bytes.get(self.pos) != Some(&b'"') {
            return None;
        }
        let start = self.pos;
        self.pos += 1;
        let mut escaped = false;
        loop {
            match self.bytes.get(self.pos)? {
                b'\\' => {
                    escaped = true;
                    self.pos += 2;
                }
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        let raw = self.text.get(start..self.pos)?;
        if escaped {
            serde_json::from_str::<String>(raw).ok().map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(&raw[1..raw.len() - 1]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_by_path() {
        let text = "{\n  \"events\": [\n    {\"name\": \"A\", \"properties\": {\"total\": {\"minimum\": 5}}}\n  ]\n}";
        let index = SourceIndex::build(text);
        let path = JsonPath::root().key("events").index(0).key("properties").key("total").key("minimum");
        assert_eq!(line_column(text, index.offset(&path, false)), (3, 55));
        assert_eq!(line_column(text, index.offset(&path, true)), (3, 44));
        let missing = JsonPath::root().key("events").index(0).key("nope");
        assert_eq!(line_column(text, index.offset(&missing, false)), (3, 5));
    }

    #[test]
    fn reports_duplicate_keys_with_both_offsets() {
        let text = r#"{"a": {"x": 1, "\u0078": 2}, "b": 3, "b": 4}"#;
        let found = duplicate_keys(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].path.to_string(), "a.x");
        assert_eq!(found[1].path.to_string(), "b");
        assert_eq!(&text[found[1].first_offset..found[1].first_offset + 3], "\"b\"");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\"é\": [\"ü\", 1]}";
        let index = SourceIndex::build(text);
        let path = JsonPath::root().key("é").index(1);
        assert_eq!(line_column(text, index.offset(&path, false)), (1, 13));
    }

    #[test]
    fn survives_garbage() {
        for text in ["", "{", "[1,", "{\"a\"", "\"\\", "{\"a\":}", "]]]"] {
            let _ = duplicate_keys(text);
            let _ = SourceIndex::build(text);
            let _ = line_column(text, 100);
        }
    }
}
