//! `codegen lint`: run the lint rules over a plan, print human, JSON or SARIF, optionally fix.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use trackplan_governance::lint::{self, RuleSettings, Severity};
use trackplan_governance::source::{LoadError, PlanSource};

/// Arguments of `codegen lint`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  codegen lint tracking-plan.json\n  codegen lint --fix tracking-plan.json\n  codegen lint --format sarif --output lint.sarif tracking-plan.json\n\nRules are configured in the `lint` section of codegen.json next to the plan (or --config):\n  {\"lint\": {\"rules\": {\"TP011\": \"off\", \"event-object-action\": \"error\"}}}\n\nExit codes: 0 no finding at or above --fail-on, 1 findings at or above it (or the plan does not load), 2 usage error, unreadable file or invalid configuration."
)]
pub struct Args {
    /// The plan's root file (usually tracking-plan.json).
    pub plan: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Configuration file with a `lint` section (default: codegen.json next to the plan, if any).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Apply the safe fixes (whitespace and casing of names) to the plan files, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// The least severity that makes the run fail.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Report formats of `codegen lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// For people: findings with file:line:column, help and a summary.
    Human,
    /// For tools: one JSON document.
    Json,
    /// SARIF 2.1.0, for code-scanning annotations on pull requests.
    Sarif,
}

/// Severity threshold of `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Any finding fails the run.
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

fn load(args: &Args) -> Result<PlanSource, ExitCode> {
    PlanSource::load(&args.plan).map_err(|error| {
        match error {
            LoadError::Plan(diagnostics) => {
                eprintln!("{diagnostics}");
                eprintln!("lint needs a plan that loads; fix the problems above first");
            }
            other => eprintln!("error: {other}"),
        }
        ExitCode::from(if std::fs::metadata(&args.plan).is_ok() { 1 } else { 2 })
    })
}

pub fn run(args: &Args) -> ExitCode {
    let settings = match RuleSettings::discover(&args.plan, args.config.as_deref()) {
        Ok((settings, _)) => settings,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let mut source = match load(args) {
        Ok(source) => source,
        Err(code) => return code,
    };
    if args.fix {
        match fix(&source, &settings) {
            Ok(true) => match load(args) {
                Ok(fixed) => source = fixed,
                Err(code) => return code,
            },
            Ok(false) => {}
            Err(code) => return code,
        }
    }
    let report = lint::lint(&source, &settings);
    let rendered = match args.format {
        LintFormat::Human => lint::human::render(&source, &report, Severity::Info),
        LintFormat::Json => pretty(&lint::json::render(&source, &report)),
        LintFormat::Sarif => pretty(&lint::sarif::render(&source, &report, &settings)),
    };
    match &args.output {
        Some(path) => {
            if let Err(error) = std::fs::write(path, rendered) {
                eprintln!("error: cannot write {}: {error}", path.display());
                return ExitCode::from(2);
            }
            eprintln!("{}", lint::human::summary(&report.counts()));
        }
        None => print!("{rendered}"),
    }
    if report.fails(args.fail_on.severity()) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Apply the fixes; `Ok(true)` when files changed.
fn fix(source: &PlanSource, settings: &RuleSettings) -> Result<bool, ExitCode> {
    let outcome = lint::plan_fixes(source, settings).map_err(|error| {
        eprintln!("error: {error}");
        ExitCode::from(1)
    })?;
    if outcome.files.is_empty() {
        eprintln!("nothing to fix");
        return Ok(false);
    }
    lint::apply_fixes(&outcome).map_err(|error| {
        eprintln!("error: {error}");
        ExitCode::from(2)
    })?;
    for rename in &outcome.renames {
        eprintln!("fixed: {} {:?} -> {:?}", rename.what, rename.from, rename.to);
    }
    let edits: usize = outcome.files.iter().map(|f| f.edits).sum();
    eprintln!("applied {edits} edits to {} file(s)", outcome.files.len());
    Ok(true)
}
