//! Everything that can stop a workflow command, each naming the file or URL and the fix.

use std::path::PathBuf;

/// A workflow result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a workflow command failed. Messages never contain credentials.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration file is missing or wrong.
    #[error("{}: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The plan's source could not be read (network, HTTP status, git, missing file).
    #[error("cannot fetch the plan from {location}: {message}")]
    Fetch {
        /// The URL, repository or file (without credentials).
        location: String,
        /// What happened and how to fix it.
        message: String,
    },
    /// The fetched plan is not a valid plan.
    #[error("the plan from {location} is invalid:\n{diagnostics}")]
    InvalidPlan {
        /// Where it came from.
        location: String,
        /// The loader's diagnostics, or a description of the problem.
        diagnostics: String,
    },
    /// The lock file is missing or unreadable.
    #[error("{}: {message}", path.display())]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A generator failed.
    #[error("cannot generate {output}: {message}")]
    Generate {
        /// The output (language and directory).
        output: String,
        /// The generator's error.
        message: String,
    },
    /// Reading or writing project files failed.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What happened and how to fix it.
        message: String,
    },
}

impl Error {
    /// The process exit code documented for this kind of failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::InvalidPlan { .. } => 1,
            Error::Config { .. } | Error::Lock { .. } | Error::Generate { .. } | Error::Io { .. } => 2,
            Error::Fetch { .. } => 3,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, error: impl std::fmt::Display) -> Error {
        Error::Io { path: path.into(), message: error.to_string() }
    }
}
