//! Positions in JSON text: where the value (and key) at a JSON path is written, and keys
//! written twice in one object.
//!
//! serde_json keeps the last of two equal keys silently and forgets positions once parsed, so
//! this module walks the text itself: the loader uses it for diagnostics, lint and docs for
//! line:column, and `lint --fix` for the exact byte range of a name to replace. The walk
//! expects text serde_json has accepted and stops quietly (never panics) on anything else:
//! what was indexed so far stays usable.
//!
//! Paths are keyed by a 64-bit hash chained from the parent's, so indexing a 5 MB plan builds
//! no path objects. Two paths of one file sharing a hash is a 1-in-10^13 event for a million
//! values; `--fix` still checks the text it replaces before editing it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::json_path::{JsonPath, Segment};

/// Where one value of the document is written, as byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The member's key including its quotes, for object members.
    pub key: Option<Range<usize>>,
    /// The whole value: a string with its quotes, an object from `{` to `}`…
    pub value: Range<usize>,
}

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineColumn {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
}

/// Every value of one JSON document by path, with line starts for line:column lookups.
#[derive(Debug, Clone, Default)]
pub struct JsonIndex {
    entries: HashMap<u64, Entry, BuildHasherDefault<Prehashed>>,
    line_starts: Vec<usize>,
}

impl JsonIndex {
    /// Index `text`.
    pub fn build(text: &str) -> Self {
        let mut entries = HashMap::with_capacity_and_hasher(text.len() / 16, BuildHasherDefault::default());
        Walker::new(text, Some(&mut entries), None).root();
        let line_starts = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1))
            .collect();
        JsonIndex { entries, line_starts }
    }

    /// The value at `path`, when the document has one there.
    pub fn get(&self, path: &JsonPath) -> Option<&Entry> {
        let hashes = prefix_hashes(path);
        self.entries.get(&hashes[hashes.len() - 1])
    }

    /// The byte range to point at for `path`: its key when `prefer_key` and it has one, else
    /// its value; a path the document lacks falls back to its nearest existing ancestor (a
    /// missing field is reported at its parent object).
    pub fn range(&self, path: &JsonPath, prefer_key: bool) -> Range<usize> {
        for hash in prefix_hashes(path).iter().rev() {
            if let Some(entry) = self.entries.get(hash) {
                return match (&entry.key, prefer_key) {
                    (Some(key), true) => key.clone(),
                    _ => entry.value.clone(),
                };
            }
        }
        0..0
    }

    /// Line and column of a byte offset in `text` (the text this index was built from).
    pub fn line_column(&self, text: &str, offset: usize) -> LineColumn {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|start| *start <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = text.get(start..offset).map_or(offset - start, |prefix| prefix.chars().count());
        LineColumn { line: saturate(line), column: saturate(column + 1) }
    }
}

/// A key written twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Path of the member, ending with the key.
    pub path: JsonPath,
    /// Byte offset of the second key.
    pub offset: usize,
    /// Byte offset of the first key.
    pub first_offset: usize,
}

/// Keys repeated within one object, anywhere in the document.
pub fn duplicate_keys(text: &str) -> Vec<DuplicateKey> {
    let mut found = Vec::new();
    Walker::new(text, None, Some(&mut found)).root();
    found
}

fn saturate(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The keys are hashes already.
#[derive(Debug, Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

const ROOT_HASH: u64 = 0x9E37_79B9_7F4A_7C15;

fn key_hash(parent: u64, key: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write_u64(parent);
    hasher.write_u8(0);
    hasher.write(key.as_bytes());
    hasher.finish()
}

fn index_hash(parent: u64, index: usize) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write_u64(parent);
    hasher.write_u8(1);
    hasher.write_usize(index);
    hasher.finish()
}

/// The hashes of every prefix of `path`, root first.
fn prefix_hashes(path: &JsonPath) -> Vec<u64> {
    let mut hashes = vec![ROOT_HASH];
    for segment in path.segments() {
        let parent = hashes[hashes.len() - 1];
        hashes.push(match &segment {
            Segment::Key(key) => key_hash(parent, key),
            Segment::Index(index) => index_hash(parent, *index),
        });
    }
    hashes
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

/// One step of the path being walked, kept only when duplicates are looked for (a duplicate
/// is reported with its full path).
enum Step<'t> {
    Key(Cow<'t, str>),
    Index(usize),
}

/// serde_json refuses deeper documents; a deeper walk means the text is not what we think.
const MAX_DEPTH: usize = 256;

type Entries = HashMap<u64, Entry, BuildHasherDefault<Prehashed>>;

struct Walker<'t, 'o> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    entries: Option<&'o mut Entries>,
    duplicates: Option<&'o mut Vec<DuplicateKey>>,
    steps: Vec<Step<'t>>,
}

impl<'t, 'o> Walker<'t, 'o> {
    fn new(text: &'t str, entries: Option<&'o mut Entries>, duplicates: Option<&'o mut Vec<DuplicateKey>>) -> Self {
        Walker { text, bytes: text.as_bytes(), pos: 0, entries, duplicates, steps: Vec::new() }
    }

    fn root(&mut self) {
        self.value(ROOT_HASH, None, 0);
    }

    fn skip_ws(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Walk the value at the current position; false when the text is not as expected.
    fn value(&mut self, path: u64, key: Option<Range<usize>>, depth: usize) -> bool {
        self.skip_ws();
        if depth > MAX_DEPTH {
            return false;
        }
        let start = self.pos;
        let ok = match self.bytes.get(self.pos) {
            Some(b'{') => self.object(path, depth),
            Some(b'[') => self.array(path, depth),
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
        };
        if ok && let Some(entries) = self.entries.as_mut() {
            entries.insert(path, Entry { key, value: start..self.pos });
        }
        ok
    }

    fn object(&mut self, path: u64, depth: usize) -> bool {
        self.pos += 1;
        let mut seen = SeenKeys::default();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return true;
        }
        loop {
            self.skip_ws();
            let key_start = self.pos;
            let Some(key) = self.string() else { return false };
            let key_range = key_start..self.pos;
            let hash = if self.entries.is_some() { key_hash(path, &key) } else { 0 };
            if self.duplicates.is_some() {
                if let Some(first_offset) = seen.insert(key.clone(), key_start) {
                    let path = self.path_to(&key);
                    if let Some(found) = self.duplicates.as_mut() {
                        found.push(DuplicateKey { path, offset: key_start, first_offset });
                    }
                }
                self.steps.push(Step::Key(key));
            }
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return false;
            }
            self.pos += 1;
            if !self.value(hash, Some(key_range), depth + 1) {
                return false;
            }
            if self.duplicates.is_some() {
                self.steps.pop();
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

    fn array(&mut self, path: u64, depth: usize) -> bool {
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return true;
        }
        let mut index = 0;
        loop {
            let hash = if self.entries.is_some() { index_hash(path, index) } else { 0 };
            if self.duplicates.is_some() {
                self.steps.push(Step::Index(index));
            }
            if !self.value(hash, None, depth + 1) {
                return false;
            }
            if self.duplicates.is_some() {
                self.steps.pop();
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

    /// The path of member `key` of the object being walked.
    fn path_to(&self, key: &str) -> JsonPath {
        let mut path = JsonPath::root();
        for step in &self.steps {
            path = match step {
                Step::Key(key) => path.key(key),
                Step::Index(index) => path.index(*index),
            };
        }
        path.key(key)
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

    fn path(text: &str) -> JsonPath {
        let mut path = JsonPath::root();
        for part in text.split('.') {
            path = match part.parse::<usize>() {
                Ok(index) => path.index(index),
                Err(_) => path.key(part),
            };
        }
        path
    }

    #[test]
    fn finds_keys_and_values() {
        let text = "{\n  \"events\": [\n    {\"name\": \"Order Completed\", \"n\": 5}\n  ]\n}";
        let index = JsonIndex::build(text);
        let entry = index.get(&path("events.0.name")).unwrap();
        assert_eq!(&text[entry.key.clone().unwrap()], "\"name\"");
        assert_eq!(&text[entry.value.clone()], "\"Order Completed\"");
        assert_eq!(&text[index.get(&path("events.0.n")).unwrap().value.clone()], "5");
        assert_eq!(
            &text[index.get(&path("events.0")).unwrap().value.clone()],
            "{\"name\": \"Order Completed\", \"n\": 5}"
        );
        let at = index.range(&path("events.0.name"), false);
        assert_eq!(index.line_column(text, at.start), LineColumn { line: 3, column: 14 });
        let key = index.range(&path("events.0.name"), true);
        assert_eq!(index.line_column(text, key.start), LineColumn { line: 3, column: 6 });
    }

    #[test]
    fn missing_paths_fall_back_to_the_nearest_ancestor() {
        let text = r#"{"a": {"b": 1}}"#;
        let index = JsonIndex::build(text);
        assert_eq!(index.range(&path("a.c.d"), false), 6..14);
        assert_eq!(index.range(&path("a.b"), true), 7..10);
    }

    #[test]
    fn decodes_escaped_keys_and_counts_characters() {
        let text = "{\"\\u00e9t\u{e9}\": [\"\u{fc}\", 1]}";
        let index = JsonIndex::build(text);
        let entry = index.get(&path("\u{e9}t\u{e9}.1")).unwrap();
        assert_eq!(&text[entry.value.clone()], "1");
        assert_eq!(index.line_column(text, entry.value.start).column, 20);
    }

    #[test]
    fn reports_duplicate_keys_with_both_offsets() {
        let text = r#"{"a": {"x": 1, "\u0078": 2}, "l": [{"y": 1, "y": 2}], "b": 3, "b": 4}"#;
        let found = duplicate_keys(text);
        let paths: Vec<String> = found.iter().map(|d| d.path.to_string()).collect();
        assert_eq!(paths, ["a.x", "l[0].y", "b"]);
        assert_eq!(&text[found[2].first_offset..found[2].first_offset + 3], "\"b\"");
        assert_eq!(&text[found[2].offset..found[2].offset + 3], "\"b\"");
        assert!(duplicate_keys(r#"{"a": {"x": 1}, "b": {"x": 2}}"#).is_empty());
    }

    #[test]
    fn survives_garbage() {
        for text in ["", "{", "[1,", "{\"a\"", "\"\\", "{\"a\":}", "]]]", "{\"a\": [1, {\"b\": }]}"] {
            let index = JsonIndex::build(text);
            let _ = index.range(&path("a.b"), true);
            let _ = index.line_column(text, 100);
            let _ = duplicate_keys(text);
        }
    }
}
