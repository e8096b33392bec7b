//! `codegen validate-plan`: load a plan and print its diagnostics.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;
use trackplan_plan_model::{Code, Diagnostics, Plan};

use super::OutputFormat;

/// Arguments of `codegen validate-plan`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  codegen validate-plan tracking-plan.json\n  codegen validate-plan --format json tracking-plan.json | jq '.diagnostics[].message'\n\nExit codes: 0 valid, 1 invalid plan, 2 usage error or unreadable file."
)]
pub struct Args {
    /// The plan's root file (usually tracking-plan.json).
    pub plan: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

pub fn run(args: &Args) -> ExitCode {
    let result = trackplan_plan_model::load(&args.plan);
    match args.format {
        OutputFormat::Human => print_human(&result),
        OutputFormat::Json => print_json(&result),
    }
    match &result {
        Ok(_) => ExitCode::SUCCESS,
        // A root file that cannot be read at all is a usage problem, not an invalid plan.
        Err(diagnostics) if is_unreadable_root(diagnostics) => ExitCode::from(2),
        Err(_) => ExitCode::from(1),
    }
}

fn is_unreadable_root(diagnostics: &Diagnostics) -> bool {
    diagnostics.len() == 1 && diagnostics.iter().all(|d| d.code == Code::E0001 && d.span.line == 0)
}

fn summary(plan: &Plan) -> String {
    format!(
        "plan {:?} {} is valid: {} events, {} declared types, {} file{} (sha256 {})",
        plan.name,
        plan.version,
        plan.events.len(),
        plan.types.len(),
        plan.files.len(),
        if plan.files.len() == 1 { "" } else { "s" },
        &plan.hash[..12],
    )
}

fn print_human(result: &Result<Plan, Diagnostics>) {
    match result {
        Ok(plan) => println!("{}", summary(plan)),
        Err(diagnostics) => eprintln!("{diagnostics}"),
    }
}

fn print_json(result: &Result<Plan, Diagnostics>) {
    let document = match result {
        Ok(plan) => json!({
            "valid": true,
            "plan": {
                "name": plan.name,
                "version": plan.version.to_string(),
                "hash": plan.hash,
                "events": plan.events.len(),
                "types": plan.types.len(),
                "files": plan.files,
            },
            "diagnostics": [],
        }),
        Err(diagnostics) => json!({ "valid": false, "diagnostics": diagnostics }),
    };
    println!("{}", serde_json::to_string_pretty(&document).unwrap_or_default());
}
