//! `codegen schema`: the plan-file JSON Schema, for editors and CI.

use std::process::ExitCode;

/// Arguments of `codegen schema`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  codegen schema > schema/tracking-plan.schema.json")]
pub struct Args {}

pub fn run(_args: &Args) -> ExitCode {
    let schema = trackplan_plan_model::plan_file_schema();
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot print the schema: {error}");
            ExitCode::from(2)
        }
    }
}
