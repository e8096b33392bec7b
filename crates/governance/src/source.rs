//! A loaded plan together with the text of every file it was read from, so that findings can
//! point at line and column and fixes can edit the files.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;
use trackplan_plan_model::model::Location;
use trackplan_plan_model::{Diagnostics, Plan};

use trackplan_plan_model::source_map::{JsonIndex, LineColumn};

/// Why a plan could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The plan has errors; lint and diff only run on plans that load.
    #[error("the plan does not load:\n{0}")]
    Plan(Diagnostics),
    /// A file of the plan could not be read after loading (it changed meanwhile).
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// One file of a plan with its text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path, as the plan's locations name it.
    pub path: PathBuf,
    /// Its content.
    pub text: String,
    index: OnceLock<JsonIndex>,
}

impl SourceFile {
    /// A file with its content.
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile { path, text, index: OnceLock::new() }
    }

    /// The position index of the file, built on first use.
    pub fn index(&self) -> &JsonIndex {
        self.index.get_or_init(|| JsonIndex::build(&self.text))
    }
}

/// A place in a plan file, resolved to lines and columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceSpan {
    /// The file.
    pub file: PathBuf,
    /// JSON path of the item, `$` for the whole document.
    pub path: String,
    /// Where it starts.
    pub start: LineColumn,
    /// Just after its last character.
    pub end: LineColumn,
    /// Byte offset of the start, for ordering.
    #[serde(skip)]
    pub offset: usize,
}

/// A resolved plan and its files.
#[derive(Debug)]
pub struct PlanSource {
    /// The resolved plan.
    pub plan: Plan,
    /// Every file of the plan, root first.
    pub files: Vec<SourceFile>,
}

impl PlanSource {
    /// Load the plan whose root file is `path`, and keep its files' text.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, LoadError> {
        let plan = trackplan_plan_model::load(path).map_err(LoadError::Plan)?;
        Self::from_plan(plan)
    }

    /// Keep the text of the files of a plan loaded elsewhere.
    pub fn from_plan(plan: Plan) -> Result<Self, LoadError> {
        let files = plan
            .files
            .iter()
            .map(|path| match std::fs::read_to_string(path) {
                Ok(text) => Ok(SourceFile::new(path.clone(), text)),
                Err(source) => Err(LoadError::Io { path: path.clone(), source }),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PlanSource { plan, files })
    }

    /// The file at `path`, as locations name it.
    pub fn file(&self, path: &Path) -> Option<&SourceFile> {
        self.files.iter().find(|file| file.path == path)
    }

    /// Where `location` is written: its key when `on_key` and it has one, else its value.
    pub fn span(&self, location: &Location, on_key: bool) -> SourceSpan {
        let path = location.path.to_string();
        match self.file(&location.file) {
            Some(file) => {
                let index = file.index();
                let range = index.range(&location.path, on_key);
                SourceSpan {
                    file: file.path.clone(),
                    path,
                    start: index.line_column(&file.text, range.start),
                    end: index.line_column(&file.text, range.end),
                    offset: range.start,
                }
            }
            None => {
                let zero = LineColumn { line: 0, column: 0 };
                SourceSpan { file: location.file.to_path_buf(), path, start: zero, end: zero, offset: 0 }
            }
        }
    }

    /// Position of a file in the plan (root first), for ordering findings.
    pub fn file_order(&self, path: &Path) -> usize {
        self.files.iter().position(|file| file.path == path).unwrap_or(usize::MAX)
    }
}
