//! Trackplan code generation: typed tracking SDKs from a resolved tracking plan.
//!
//! The resolved [`trackplan_plan_model::Plan`] is the language-neutral IR: it already carries
//! every identifier per language, wire names and source locations. Each language back end
//! builds a per-language view from it and renders files; this crate's shared pieces are the
//! generated-file header and writing output files deterministically and atomically.

pub mod kotlin;
pub mod output;
mod render;
mod rules;
pub mod swift;
mod text;
mod type_order;
pub mod typescript;

use std::fmt;
use std::str::FromStr;

use trackplan_plan_model::Plan;

pub use output::{GeneratedFile, header_lines, write_files};

/// The languages Trackplan generates SDKs for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Rust (quote + prettyplease).
    Rust,
    /// TypeScript (askama templates).
    TypeScript,
    /// Kotlin (askama templates).
    Kotlin,
    /// Swift (askama templates).
    Swift,
}

impl Language {
    /// Every language, in a fixed order.
    pub const ALL: [Language; 4] = [Language::Rust, Language::TypeScript, Language::Kotlin, Language::Swift];

    /// The name used on the command line and in configuration.
    pub fn name(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::TypeScript => "typescript",
            Language::Kotlin => "kotlin",
            Language::Swift => "swift",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Language {
    type Err = GenerateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "rust" | "rs" => Ok(Language::Rust),
            "typescript" | "ts" => Ok(Language::TypeScript),
            "kotlin" | "kt" => Ok(Language::Kotlin),
            "swift" => Ok(Language::Swift),
            _ => Err(GenerateError::UnknownLanguage(text.to_owned())),
        }
    }
}

/// Settings shared by every back end; each back end documents which it reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Package or module name (Kotlin package, Swift module, TypeScript package name).
    pub package: Option<String>,
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The language name is not one Trackplan knows.
    #[error("unknown language `{0}`: use rust, typescript, kotlin or swift")]
    UnknownLanguage(String),
    /// The back end for this language is not part of this build yet.
    #[error("generating {0} is not available in this version of Trackplan")]
    Unavailable(Language),
    /// An option value is not valid for the language.
    #[error("invalid option `{option}`: {reason}")]
    InvalidOption {
        /// The option's name.
        option: &'static str,
        /// Why, and what to write instead.
        reason: String,
    },
}

/// Generate the SDK files of `plan` for `language`, paths relative to the output directory.
pub fn generate(plan: &Plan, language: Language, options: &Options) -> Result<Vec<GeneratedFile>, GenerateError> {
    match language {
        Language::Kotlin => kotlin::generate(plan, options),
        Language::Swift => swift::generate(plan),
        Language::TypeScript => typescript::generate(plan, options),
        _ => Err(GenerateError::Unavailable(language)),
    }
}
