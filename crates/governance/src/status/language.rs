//! The languages `codegen status` reads, by file extension.

use std::path::Path;

use serde::Serialize;
use trackplan_plan_model::model::Idents;

/// A source language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Rust (`.rs`), parsed with syn.
    Rust,
    /// TypeScript and JavaScript (`.ts`, `.tsx`, `.mts`, `.cts`, `.js`, `.jsx`, `.mjs`, `.cjs`).
    TypeScript,
    /// Kotlin (`.kt`, `.kts`).
    Kotlin,
    /// Swift (`.swift`).
    Swift,
}

impl Language {
    /// Every language.
    pub const ALL: [Language; 4] = [Language::Rust, Language::TypeScript, Language::Kotlin, Language::Swift];

    /// The language of a file, by extension.
    pub fn of(path: &Path) -> Option<Language> {
        match path.extension()?.to_str()? {
            "rs" => Some(Language::Rust),
            "ts" | "tsx" | "mts" | "cts" | "js" | "jsx" | "mjs" | "cjs" => Some(Language::TypeScript),
            "kt" | "kts" => Some(Language::Kotlin),
            "swift" => Some(Language::Swift),
            _ => None,
        }
    }

    /// The generated function's name as source code spells it, without escapes (`r#`, backticks).
    pub fn function_name(self, idents: &Idents) -> String {
        let name = match self {
            Language::Rust => &idents.rust,
            Language::TypeScript => &idents.typescript,
            Language::Kotlin => &idents.kotlin,
            Language::Swift => &idents.swift,
        };
        name.trim_start_matches("r#").trim_matches('`').to_owned()
    }
}
