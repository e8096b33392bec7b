//! `codegen schema`: the plan-file JSON Schema, for editors and CI.

use std::process::ExitCode;

/// Arguments of `codegen schema`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  codegen schema > schema/tracking-plan.schema.json\n  codegen schema --fragment > schema/tracking-plan-fragment.schema.json"
)]
pub struct Args {
    /// Print the schema of included files (events, definitions, property groups) instead.
    #[arg(long)]
    pub fragment: bool,
}

pub fn run(args: &Args) -> ExitCode {
    let schema = if args.fragment {
        trackplan_plan_model::plan_fragment_schema()
    } else {
        trackplan_plan_model::plan_file_schema()
    };
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
