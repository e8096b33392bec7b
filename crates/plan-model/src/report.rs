//! Collecting diagnostics while loading: places are recorded as (file, JSON path) and turned
//! into line:column only when the plan turns out to be invalid.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Related, Span};
use crate::json_path::JsonPath;
use crate::source_map::JsonIndex;

/// Index of a file read by the loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct FileId(usize);

impl FileId {
    /// The root plan file is always read first.
    pub const ROOT: FileId = FileId(0);
}

/// A place in a plan file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct At {
    pub file: FileId,
    pub path: JsonPath,
    /// Point at the member's key rather than its value.
    pub key: bool,
}

impl At {
    pub fn new(file: FileId, path: JsonPath) -> Self {
        At { file, path, key: false }
    }

    pub fn key(&self, key: &str) -> Self {
        At { file: self.file, path: self.path.key(key), key: false }
    }

    pub fn index(&self, index: usize) -> Self {
        At { file: self.file, path: self.path.index(index), key: false }
    }

    /// The same place, pointing at the member's key.
    pub fn on_key(&self) -> Self {
        At { key: true, ..self.clone() }
    }
}

enum Place {
    Path(At),
    Offset { file: FileId, offset: usize, path: JsonPath },
    Line { file: FileId, line: usize, column: usize },
}

struct Pending {
    code: Code,
    message: String,
    place: Place,
    help: Option<String>,
    related: Vec<(String, Place)>,
}

struct SourceFile {
    path: Arc<PathBuf>,
    text: String,
    index: OnceLock<JsonIndex>,
}

/// Files read so far and the problems found in them.
#[derive(Default)]
pub(crate) struct Reporter {
    files: Vec<SourceFile>,
    pending: Vec<Pending>,
}

/// Adds detail to the diagnostic just reported.
pub(crate) struct Builder<'r> {
    pending: &'r mut Pending,
}

impl Builder<'_> {
    pub fn help(self, help: impl Into<String>) -> Self {
        self.pending.help = Some(help.into());
        self
    }

    pub fn related(self, label: impl Into<String>, at: At) -> Self {
        self.pending.related.push((label.into(), Place::Path(at)));
        self
    }

    pub fn related_offset(self, label: impl Into<String>, file: FileId, offset: usize, path: JsonPath) -> Self {
        self.pending.related.push((label.into(), Place::Offset { file, offset, path }));
        self
    }
}

impl Reporter {
    pub fn add_file(&mut self, path: Arc<PathBuf>, text: String) -> FileId {
        self.files.push(SourceFile { path, text, index: OnceLock::new() });
        FileId(self.files.len() - 1)
    }

    pub fn text(&self, file: FileId) -> &str {
        &self.files[file.0].text
    }

    pub fn path(&self, file: FileId) -> &Arc<PathBuf> {
        &self.files[file.0].path
    }

    /// The place a resolved item was written.
    pub fn at_location(&self, location: &crate::model::Location) -> At {
        let file = self.files.iter().position(|f| Arc::ptr_eq(&f.path, &location.file)).unwrap_or(0);
        At::new(FileId(file), location.path.clone())
    }

    pub fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|f| f.path.as_ref().clone()).collect()
    }

    pub fn error_count(&self) -> usize {
        self.pending.len()
    }

    pub fn has_errors(&self) -> bool {
        !self.pending.is_empty()
    }

    fn push(&mut self, code: Code, place: Place, message: String) -> Builder<'_> {
        self.pending.push(Pending { code, message, place, help: None, related: Vec::new() });
        let last = self.pending.len() - 1;
        Builder { pending: &mut self.pending[last] }
    }

    pub fn error(&mut self, code: Code, at: At, message: impl Into<String>) -> Builder<'_> {
        self.push(code, Place::Path(at), message.into())
    }

    /// Report at the key of the member `at` names.
    pub fn error_key(&mut self, code: Code, at: At, message: impl Into<String>) -> Builder<'_> {
        self.push(code, Place::Path(at.on_key()), message.into())
    }

    pub fn error_at_offset(
        &mut self,
        code: Code,
        file: FileId,
        offset: usize,
        path: JsonPath,
        message: impl Into<String>,
    ) -> Builder<'_> {
        self.push(code, Place::Offset { file, offset, path }, message.into())
    }

    pub fn error_at_line(
        &mut self,
        code: Code,
        file: FileId,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Builder<'_> {
        self.push(code, Place::Line { file, line, column }, message.into())
    }

    /// Report an error on a file that could not be read (no file id exists for it).
    pub fn unreadable(path: PathBuf, message: String, help: String) -> Diagnostics {
        let span = Span { file: path, line: 0, column: 0, path: "$".to_owned() };
        Diagnostics(vec![Diagnostic { code: Code::E0001, message, span, help: Some(help), related: Vec::new() }])
    }

    fn span(&self, place: &Place) -> Span {
        match place {
            Place::Path(at) => {
                let offset = self.index(at.file).range(&at.path, at.key).start;
                self.span_at(at.file, offset, at.path.to_string())
            }
            Place::Offset { file, offset, path } => self.span_at(*file, *offset, path.to_string()),
            Place::Line { file, line, column } => Span {
                file: self.files[file.0].path.as_ref().clone(),
                line: u32::try_from(*line).unwrap_or(u32::MAX),
                column: u32::try_from(*column).unwrap_or(u32::MAX),
                path: "$".to_owned(),
            },
        }
    }

    fn span_at(&self, file: FileId, offset: usize, path: String) -> Span {
        let source = &self.files[file.0];
        let at = self.index(file).line_column(&source.text, offset);
        Span { file: source.path.as_ref().clone(), line: at.line, column: at.column, path }
    }

    fn index(&self, file: FileId) -> &JsonIndex {
        let source = &self.files[file.0];
        source.index.get_or_init(|| JsonIndex::build(&source.text))
    }

    /// All problems, with positions, sorted.
    pub fn finish(self) -> Diagnostics {
        let list = self
            .pending
            .iter()
            .map(|pending| Diagnostic {
                code: pending.code,
                message: pending.message.clone(),
                span: self.span(&pending.place),
                help: pending.help.clone(),
                related: pending
                    .related
                    .iter()
                    .map(|(label, place)| Related { label: label.clone(), span: self.span(place) })
                    .collect(),
            })
            .collect();
        Diagnostics::sorted(list)
    }
}
