//! `codegen status`: which planned events the source code instruments.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use trackplan_governance::status::{self, MissingThreshold, SourceRoot, StatusReport};
use trackplan_plan_model::model::Priority;

use super::OutputFormat;

/// Arguments of `codegen status`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Scans Rust, TypeScript/JavaScript, Kotlin and Swift files (honouring .gitignore) for calls to the generated track functions.\n\nExamples:\n  codegen status tracking-plan.json src/\n  codegen status tracking-plan.json --source web=apps/web --source ios=apps/ios --fail-on-missing p1\n  codegen status tracking-plan.json --format json > status.json\n\nExit codes: 0 success, 1 expected events at or above --fail-on-missing are not instrumented, 2 usage error or a plan that does not load."
)]
pub struct Args {
    /// The plan's root file.
    pub plan: PathBuf,
    /// Files or directories to scan (default: the current directory), expecting every active event.
    pub paths: Vec<PathBuf>,
    /// Scan a directory for one plan source: `web=apps/web`. Only events fired from that
    /// source (or from any source) are expected there. Repeatable.
    #[arg(long = "source", value_name = "NAME=PATH")]
    pub sources: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Which missing events fail the run: p0, p1 (P0 and P1), p2, any, or none.
    #[arg(long, default_value = "p0", value_parser = parse_threshold)]
    pub fail_on_missing: MissingThreshold,
}

fn parse_threshold(text: &str) -> Result<MissingThreshold, String> {
    match text.to_ascii_lowercase().as_str() {
        "p0" => Ok(MissingThreshold::AtLeast(Priority::P0)),
        "p1" => Ok(MissingThreshold::AtLeast(Priority::P1)),
        "p2" => Ok(MissingThreshold::AtLeast(Priority::P2)),
        "any" => Ok(MissingThreshold::Any),
        "none" => Ok(MissingThreshold::None),
        other => Err(format!("`{other}` is not one of p0, p1, p2, any, none")),
    }
}

fn roots(args: &Args, declared: &[String]) -> Result<Vec<SourceRoot>, String> {
    let mut roots = Vec::new();
    for spec in &args.sources {
        let Some((name, path)) = spec.split_once('=') else {
            return Err(format!("--source {spec:?}: expected NAME=PATH, e.g. web=apps/web"));
        };
        if !declared.is_empty() && !declared.iter().any(|d| d == name) {
            return Err(format!(
                "--source {spec:?}: the plan declares no source {name:?} (it has: {})",
                declared.join(", ")
            ));
        }
        roots.push(SourceRoot { source: Some(name.to_owned()), paths: vec![PathBuf::from(path)] });
    }
    if !args.paths.is_empty() || roots.is_empty() {
        let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
        roots.push(SourceRoot { source: None, paths });
    }
    Ok(roots)
}

pub fn run(args: &Args) -> ExitCode {
    let plan = match trackplan_plan_model::load(&args.plan) {
        Ok(plan) => plan,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::from(2);
        }
    };
    let roots = match roots(args, &plan.sources) {
        Ok(roots) => roots,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let report = status::scan(&plan, &roots);
    match args.format {
        OutputFormat::Human => print!("{}", human(&report)),
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default()),
    }
    let failing = report.failing(args.fail_on_missing);
    for (source, event) in &failing {
        let whose = source.source.as_deref().map(|s| format!(" in source {s:?}")).unwrap_or_default();
        eprintln!("error: {} event {:?} is not instrumented{whose}", priority(event.priority), event.name);
    }
    if failing.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn priority(priority: Option<Priority>) -> String {
    priority.map(|p| format!("{p:?}")).unwrap_or_else(|| "--".to_owned())
}

fn human(report: &StatusReport) -> String {
    let mut out = String::new();
    for source in &report.sources {
        let label =
            source.source.as_deref().map(|s| format!("source {s:?}")).unwrap_or_else(|| "all sources".to_owned());
        let paths: Vec<String> = source.paths.iter().map(|p| p.display().to_string()).collect();
        let expected: Vec<_> = source.events.iter().filter(|e| e.expected).collect();
        let done = expected.iter().filter(|e| e.instrumented()).count();
        let _ = writeln!(
            out,
            "{:?} {}, {label} ({}; {} files): {done} of {} expected events instrumented",
            report.plan,
            report.version,
            paths.join(", "),
            source.files_scanned,
            expected.len()
        );
        for event in &source.events {
            let mark = match (event.expected, event.instrumented(), event.deprecated) {
                (_, true, true) => "!",
                (true, true, _) => "✓",
                (true, false, _) => "✗",
                (false, true, _) => "·",
                (false, false, _) => continue,
            };
            let note = if event.deprecated && event.instrumented() { " (deprecated, still called)" } else { "" };
            let _ = writeln!(out, "  {mark} {:<3} {}{note}", priority(event.priority), event.name);
            for used in &event.uses {
                let kind = match used.kind {
                    status::UseKind::Call => "",
                    status::UseKind::Reference => " (reference)",
                };
                let _ = writeln!(
                    out,
                    "        {}:{}:{} {}{kind}",
                    used.place.file.display(),
                    used.place.line,
                    used.place.column,
                    used.function
                );
            }
        }
        for raw in &source.raw_calls {
            let instead = match &raw.use_instead {
                Some(function) => format!("call {function} instead"),
                None => "the event is not in the plan".to_owned(),
            };
            let _ = writeln!(
                out,
                "  warning: {}:{}:{}: {}({:?}) bypasses the generated SDK; {instead}",
                raw.place.file.display(),
                raw.place.line,
                raw.place.column,
                raw.method,
                raw.event
            );
        }
        for problem in &source.problems {
            let _ = writeln!(out, "  warning: {}: {}", problem.file.display(), problem.message);
        }
        out.push('\n');
    }
    out
}
