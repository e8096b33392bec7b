//! Diagnostics: a closed catalogue of codes, each reported with file, line:column, JSON path,
//! what is wrong and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Stable diagnostic codes. The number never changes meaning; new problems get new codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Code {
    /// A file could not be read.
    E0001,
    /// A file is not valid JSON.
    E0002,
    /// An object has the same key twice.
    E0003,
    /// A value does not have the shape the plan format requires (unknown field, wrong type,
    /// missing field).
    E0004,
    /// The format version is not one this Trackplan reads.
    E0005,
    /// Files include each other in a cycle.
    E0006,
    /// The plan version is not semver.
    E0101,
    /// An event version is not SchemaVer.
    E0102,
    /// Two events have the same name.
    E0103,
    /// Two properties of one event, call or object have the same name.
    E0104,
    /// Two names become the same identifier in a target language.
    E0105,
    /// No identifier can be derived from a name, or an `identifier` override is not valid.
    E0106,
    /// A name uses the prefix reserved for generated code.
    E0107,
    /// A name is empty.
    E0108,
    /// The same definition or property group is declared twice.
    E0109,
    /// An event's version history is out of order: versions not strictly increasing, or not
    /// below the event's current version.
    E0110,
    /// A date in an event's version history is not an ISO 8601 date or date-time.
    E0111,
    /// A property has no type.
    E0201,
    /// A keyword does not apply to the property's type, or two keywords conflict.
    E0202,
    /// A lower bound is greater than its upper bound.
    E0203,
    /// A pattern does not compile or is not portable to every target language.
    E0204,
    /// An enum is empty, repeats a value or mixes value types.
    E0205,
    /// A default or example breaks the property's own rules.
    E0206,
    /// A `$ref` property also sets type or constraint keywords.
    E0207,
    /// A `$ref` names a definition that does not exist.
    E0301,
    /// A property group that does not exist.
    E0302,
    /// A destination that the plan does not declare.
    E0303,
    /// A source that the plan does not declare.
    E0304,
    /// Definitions refer to each other in a cycle.
    E0305,
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The variant name is the code itself.
        fmt::Debug::fmt(self, f)
    }
}

/// A place in a plan file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The file.
    pub file: PathBuf,
    /// 1-based line; 0 when the place could not be found (file unreadable).
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
    /// JSON path of the value, `$` for the whole document.
    pub path: String,
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file.display())?;
        } else {
            write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)?;
        }
        write!(f, " at {}", self.path)
    }
}

/// One problem found in a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Span,
    /// How to fix it.
    pub help: Option<String>,
    /// Other places involved (the first of two duplicates…).
    pub related: Vec<Related>,
}

/// A second place a diagnostic points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// What the place is.
    pub label: String,
    /// Where.
    pub span: Span,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error[{}]: {}", self.code, self.message)?;
        write!(f, "  --> {}", self.span)?;
        for related in &self.related {
            write!(f, "\n  note: {}: {}", related.label, related.span)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found while loading a plan, sorted by file and position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sort by file, line, column, then code, and drop exact repeats.
    pub(crate) fn sorted(mut list: Vec<Diagnostic>) -> Self {
        list.sort_by(|a, b| {
            (&a.span.file, a.span.line, a.span.column, a.code, &a.message).cmp(&(
                &b.span.file,
                b.span.line,
                b.span.column,
                b.code,
                &b.message,
            ))
        });
        list.dedup();
        Diagnostics(list)
    }

    /// The diagnostics.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the diagnostics mention this file.
    pub fn mentions(&self, file: &Path) -> bool {
        self.0.iter().any(|d| d.span.file == file)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        let count = self.0.len();
        write!(f, "\n\n{count} error{} in the plan", if count == 1 { "" } else { "s" })
    }
}
