//! `codegen generate`: regenerate every output of codegen.json from the lock, offline; or,
//! with `--plan <file> --lang <language> --out <dir>`, one SDK without a config file.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;
use trackplan_generator::{Language, Options};

use super::pull::print_outputs;
use super::ui::{Ui, UiArgs};

/// Arguments of `codegen generate`.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!(
    "Examples:\n",
    "  codegen generate                       # every output of codegen.json, from the lock\n",
    "  codegen generate --check               # CI: same as `codegen check`\n",
    "  codegen generate --plan tracking-plan.json --lang typescript --out src/analytics\n",
    "  codegen generate --plan tracking-plan.json --lang rust --out src/tracking\n\n",
    "Uses no network: outputs come from tracking-plan.lock.json (or, before the first pull, from a\n",
    "plan file in this repository). Files are written atomically; files Trackplan generated before\n",
    "that are no longer produced are removed; files without its generated header are never touched.\n\n",
    "Exit codes: 0 written (or, with --check, up to date); 1 outputs differ (--check) or the plan is \
invalid; 2 usage, configuration, lock, generator or file-system error."
))]
pub struct Args {
    /// One-off mode: the plan's root file (needs --lang and --out; ignores codegen.json).
    #[arg(long, requires_all = ["language", "out"], conflicts_with_all = ["check", "config", "plan_name"])]
    pub plan: Option<PathBuf>,
    /// One-off mode: target language: rust, typescript, kotlin or swift.
    #[arg(long = "lang", value_parser = parse_language, requires = "plan")]
    pub language: Option<Language>,
    /// One-off mode: output directory (created if missing).
    #[arg(long, requires = "plan")]
    pub out: Option<PathBuf>,
    /// One-off mode: package or module name (Kotlin package, Swift module, TypeScript package).
    #[arg(long, requires = "plan")]
    pub package: Option<String>,
    /// Write nothing; exit 1 and list the files that differ from what the lock produces.
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub ui: UiArgs,
}

fn parse_language(text: &str) -> Result<Language, String> {
    text.parse().map_err(|error: trackplan_generator::GenerateError| error.to_string())
}

pub fn run(args: &Args) -> ExitCode {
    match (&args.plan, args.language, &args.out) {
        (Some(plan), Some(language), Some(out)) => one_off(args, plan, language, out),
        _ if args.check => super::check::check_outputs(&args.ui),
        _ => from_config(&args.ui),
    }
}

fn from_config(ui_args: &UiArgs) -> ExitCode {
    let mut ui = Ui::new(ui_args);
    let project = match ui.project() {
        Ok(project) => project,
        Err(error) => return ui.fail(&error),
    };
    let plans = match project.plans(ui.plan_name()) {
        Ok(plans) => plans,
        Err(error) => return ui.fail(&error),
    };
    // Render every plan's outputs before writing any: one broken lock changes nothing.
    let mut rendered = Vec::new();
    for plan in plans {
        match project.render(plan, &mut |message| ui.progress(message)) {
            Ok(outputs) => rendered.extend(outputs),
            Err(error) => return ui.fail(&error),
        }
    }
    let reports = match project.write(&rendered) {
        Ok(reports) => reports,
        Err(error) => return ui.fail(&error),
    };
    print_outputs(&mut ui, &reports);
    ui.document(&json!({ "ok": true, "outputs": reports }));
    ExitCode::SUCCESS
}

fn one_off(args: &Args, plan_path: &std::path::Path, language: Language, out: &std::path::Path) -> ExitCode {
    let plan = match trackplan_plan_model::load(plan_path) {
        Ok(plan) => plan,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::from(1);
        }
    };
    let mut options = Options::default();
    options.package.clone_from(&args.package);
    let files = match trackplan_generator::generate(&plan, language, &options) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    if let Err(error) = trackplan_generator::write_files(out, &files) {
        eprintln!("error: cannot write to {}: {error}", out.display());
        return ExitCode::from(2);
    }
    if !args.ui.quiet {
        println!(
            "wrote {} {} file{} to {}",
            files.len(),
            language,
            if files.len() == 1 { "" } else { "s" },
            out.display()
        );
    }
    ExitCode::SUCCESS
}
