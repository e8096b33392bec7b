//! `codegen check` (also `codegen generate --check`): for CI — do the committed outputs match
//! what the lock produces? Offline, needs no credentials, writes nothing.

use std::process::ExitCode;

use serde_json::json;

use super::ui::{Ui, UiArgs};

/// Arguments of `codegen check`.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!(
    "Examples:\n",
    "  codegen check\n",
    "  codegen check --format json | jq -r '.differences[].path'\n\n",
    "Lists every generated file that is missing, differs from what the lock produces, or is a stale\n",
    "generated file; fix with `codegen generate`. Uses no network and no credentials.\n\n",
    "Exit codes: 0 outputs match the lock; 1 outputs differ or the plan is invalid; 2 usage, configuration, \
lock or file-system error."
))]
pub struct Args {
    #[command(flatten)]
    pub ui: UiArgs,
}

pub fn run(args: &Args) -> ExitCode {
    check_outputs(&args.ui)
}

/// The check shared with `codegen generate --check`.
pub fn check_outputs(ui_args: &UiArgs) -> ExitCode {
    let mut ui = Ui::new(ui_args);
    let project = match ui.project() {
        Ok(project) => project,
        Err(error) => return ui.fail(&error),
    };
    let plans = match project.plans(ui.plan_name()) {
        Ok(plans) => plans,
        Err(error) => return ui.fail(&error),
    };
    let mut differences = Vec::new();
    for plan in plans {
        match project.check(plan, &mut |message| ui.progress(message)) {
            Ok(found) => differences.extend(found),
            Err(error) => return ui.fail(&error),
        }
    }
    ui.document(&json!({ "ok": differences.is_empty(), "differences": differences }));
    if differences.is_empty() {
        ui.say("generated files match the lock");
        return ExitCode::SUCCESS;
    }
    let label = ui.paint("1;31", "error:");
    let fix = if differences.iter().any(|d| d.reason == "stale-lock") {
        "run `codegen pull` (the plan changed since the lock) and commit"
    } else {
        "run `codegen generate` and commit"
    };
    eprintln!("{label} {} file(s) do not match the lock; {fix}:", differences.len());
    for difference in &differences {
        eprintln!("  {} ({})", difference.path.display(), difference.reason);
    }
    ExitCode::from(1)
}
