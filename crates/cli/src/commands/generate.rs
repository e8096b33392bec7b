//! `codegen generate --plan <file> --lang <language> --out <dir>`: one SDK, no config file.

use std::path::PathBuf;
use std::process::ExitCode;

use trackplan_generator::{Language, Options};

/// Arguments of `codegen generate`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  codegen generate --plan tracking-plan.json --lang typescript --out src/analytics\n  codegen generate --plan tracking-plan.json --lang rust --out src/tracking\n\nExit codes: 0 written, 1 invalid plan, 2 usage error or unwritable output."
)]
pub struct Args {
    /// The plan's root file.
    #[arg(long)]
    pub plan: PathBuf,
    /// Target language: rust, typescript, kotlin or swift.
    #[arg(long = "lang", value_parser = parse_language)]
    pub language: Language,
    /// Output directory (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Package or module name (Kotlin package, Swift module, TypeScript package).
    #[arg(long)]
    pub package: Option<String>,
}

fn parse_language(text: &str) -> Result<Language, String> {
    text.parse().map_err(|error: trackplan_generator::GenerateError| error.to_string())
}

pub fn run(args: &Args) -> ExitCode {
    let plan = match trackplan_plan_model::load(&args.plan) {
        Ok(plan) => plan,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::from(1);
        }
    };
    let mut options = Options::default();
    options.package.clone_from(&args.package);
    let files = match trackplan_generator::generate(&plan, args.language, &options) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    if let Err(error) = trackplan_generator::write_files(&args.out, &files) {
        eprintln!("error: cannot write to {}: {error}", args.out.display());
        return ExitCode::from(2);
    }
    println!(
        "wrote {} {} file{} to {}",
        files.len(),
        args.language,
        if files.len() == 1 { "" } else { "s" },
        args.out.display()
    );
    ExitCode::SUCCESS
}
