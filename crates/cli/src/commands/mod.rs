//! One module per subcommand.

pub mod audit;
pub mod check;
pub mod completions;
pub mod diff;
pub mod docs;
pub mod export;
pub mod generate;
pub mod import;
pub mod init;
pub mod lint;
pub mod pull;
pub mod push;
pub mod schema;
pub mod status;
pub mod ui;
pub mod validate_plan;

use clap::ValueEnum;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people: diagnostics with file:line:column, JSON path and help.
    Human,
    /// For tools: one JSON document on standard output.
    Json,
}
