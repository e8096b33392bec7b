//! Trackplan code generation: typed tracking SDKs from a resolved tracking plan.
//!
//! The resolved [`trackplan_plan_model::Plan`] is the language-neutral IR: it already carries
//! every identifier per language, wire names and source locations. Each language back end
//! builds a per-language view from it and renders files; this crate's shared pieces are the
//! generated-file header and writing output files deterministically and atomically.

pub mod output;

pub use output::{GeneratedFile, header_lines, write_files};
