//! `codegen`: the Trackplan command line.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn a tracking plan into typed tracking SDKs, and keep code and plan in sync.
#[derive(Debug, Parser)]
#[command(name = "codegen", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 success; 1 the plan is invalid or a check failed; 2 usage, configuration or file error; 3 the plan source could not be fetched (pull)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a starter codegen.json (and optionally an example plan).
    Init(commands::init::Args),
    /// Fetch the plan from its source, update the lock and regenerate (the only networked command).
    Pull(commands::pull::Args),
    /// Regenerate the SDKs of codegen.json from the lock, or one SDK from a plan file.
    Generate(commands::generate::Args),
    /// CI: fail when generated files differ from what the lock produces (offline).
    Check(commands::check::Args),
    /// Load a tracking plan and report every problem in it.
    #[command(visible_alias = "check-plan")]
    ValidatePlan(commands::validate_plan::Args),
    /// Check a plan against naming, documentation, consistency and privacy rules.
    Lint(commands::lint::Args),
    /// Compare two versions of a plan: changes, SchemaVer level per event, semver impact.
    Diff(commands::diff::Args),
    /// Report which planned events the source code instruments, and where.
    Status(commands::status::Args),
    /// Validate recorded events (Segment, Amplitude, Mixpanel exports) against the plan.
    Audit(commands::audit::Args),
    /// Import a plan from a spreadsheet, Segment Protocols, JSON Schemas or an Iglu registry.
    Import(commands::import::Args),
    /// Export the plan to JSON Schema, Iglu, Segment, Mixpanel, Amplitude, Avo or dbt.
    Export(commands::export::Args),
    /// Sync the plan to Amplitude, Mixpanel or Segment through their APIs.
    Push(commands::push::Args),
    /// Write the plan's documentation site, or serve it with live reload.
    Docs(commands::docs::Args),
    /// Print the JSON Schema of the tracking-plan file format.
    Schema(commands::schema::Args),
    /// Print a shell completion script.
    Completions(commands::completions::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::ValidatePlan(args) => commands::validate_plan::run(&args),
        Command::Schema(args) => commands::schema::run(&args),
        Command::Docs(args) => commands::docs::run(&args),
        Command::Generate(args) => commands::generate::run(&args),
        Command::Lint(args) => commands::lint::run(&args),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Status(args) => commands::status::run(&args),
        Command::Audit(args) => commands::audit::run(&args),
        Command::Import(args) => commands::import::run(&args),
        Command::Export(args) => commands::export::run(&args),
        Command::Push(args) => commands::push::run(&args),
        Command::Init(args) => commands::init::run(&args),
        Command::Pull(args) => commands::pull::run(&args),
        Command::Check(args) => commands::check::run(&args),
        Command::Completions(args) => commands::completions::run(&args, <Cli as clap::CommandFactory>::command()),
    }
}
