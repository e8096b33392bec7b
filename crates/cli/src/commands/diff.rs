//! `codegen diff`: compare two versions of a plan.

use std::process::ExitCode;

use clap::ValueEnum;
use trackplan_governance::diff::{self, PlanRef};

/// Arguments of `codegen diff`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each side is a plan root file or a lock file written by `codegen pull` (tracking-plan.lock.json), or git:<rev>:<path> to read either at a git revision (a plan with the files it includes).\n\nExamples:\n  codegen diff old/tracking-plan.json tracking-plan.json\n  codegen diff git:main:tracking-plan.lock.json tracking-plan.lock.json\n  codegen diff git:main:tracking-plan.json tracking-plan.json --check-versions\n  codegen diff git:origin/main:tracking-plan.json tracking-plan.json --format markdown > comment.md\n\nExit codes: 0 success, 1 --check-versions found a version not bumped enough, 2 usage error or a plan that does not load."
)]
pub struct Args {
    /// The old plan: a plan or lock file, or git:<rev>:<path>.
    pub old: String,
    /// The new plan: a plan or lock file, or git:<rev>:<path>.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Fail when an event's version, or the plan's, is not bumped as much as its changes require.
    #[arg(long)]
    pub check_versions: bool,
}

/// Report formats of `codegen diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For people.
    Human,
    /// For tools: one JSON document.
    Json,
    /// For pull-request comments.
    Markdown,
}

pub fn run(args: &Args) -> ExitCode {
    let (old_ref, new_ref) = (PlanRef::parse(&args.old), PlanRef::parse(&args.new));
    let plans = diff::load_ref(&old_ref).and_then(|old| Ok((old, diff::load_ref(&new_ref)?)));
    let (old, new) = match plans {
        Ok(plans) => plans,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let result = diff::diff(&old, &new, &old_ref.label(), &new_ref.label());
    match args.format {
        DiffFormat::Human => print!("{}", diff::render::human(&result)),
        DiffFormat::Json => println!("{}", serde_json::to_string_pretty(&result).unwrap_or_default()),
        DiffFormat::Markdown => print!("{}", diff::render::markdown(&result)),
    }
    if !args.check_versions {
        return ExitCode::SUCCESS;
    }
    let mut ok = true;
    for event in result.version_problems() {
        ok = false;
        let show = |v: Option<trackplan_plan_model::SchemaVer>| v.map(|v| v.to_string()).unwrap_or_default();
        eprintln!(
            "error: event {:?} changed at {} level but its version went {} → {}; set \"version\": \"{}\"",
            event.name,
            event.bump.as_str(),
            show(event.old_version),
            show(event.new_version),
            show(event.required_version),
        );
    }
    if !result.version_ok {
        ok = false;
        eprintln!(
            "error: the plan changed at {} level but its version went {} → {}; set \"version\": \"{}\"",
            result.impact.as_str(),
            result.old.version,
            result.new.version,
            result.required_version
        );
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
