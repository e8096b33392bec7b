//! `codegen export --to <format> <plan> -o <dir>`: the plan in another tool's format.

use std::path::PathBuf;
use std::process::ExitCode;

use trackplan_interop::export::{self, Target};

/// Arguments of `codegen export`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Formats: jsonschema (draft 2020-12), jsonschema-draft07, iglu, segment, mixpanel, amplitude, csv-avo, dbt.\n\nExample:\n  codegen export --to iglu tracking-plan.json -o registry/\n\nWhat the format cannot carry is listed on standard error.\nExit codes: 0 written, 1 invalid plan, 2 usage error or unwritable output."
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_parser = parse_target)]
    pub to: Target,
    /// The plan's root file.
    pub plan: PathBuf,
    /// Output directory (created if missing).
    #[arg(short = 'o', long = "out")]
    pub out: PathBuf,
}

fn parse_target(text: &str) -> Result<Target, String> {
    text.parse()
}

pub fn run(args: &Args) -> ExitCode {
    let plan = match trackplan_plan_model::load(&args.plan) {
        Ok(plan) => plan,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::from(1);
        }
    };
    let exported = export::export(&plan, args.to);
    if let Err(error) = trackplan_generator::write_files(&args.out, &exported.files) {
        eprintln!("error: cannot write to {}: {error}", args.out.display());
        return ExitCode::from(2);
    }
    eprint!("{}", exported.losses);
    println!(
        "wrote {} {} file{} to {} ({} item{} the format cannot carry)",
        exported.files.len(),
        args.to,
        if exported.files.len() == 1 { "" } else { "s" },
        args.out.display(),
        exported.losses.findings.len(),
        if exported.losses.findings.len() == 1 { "" } else { "s" },
    );
    ExitCode::SUCCESS
}
