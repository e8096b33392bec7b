//! `codegen pull`: the one command that reaches the network — fetch each plan, write its lock
//! and regenerate its outputs; `--check` only reports whether the source moved.

use std::process::ExitCode;

use serde_json::json;
use trackplan_workflow::EventSelection;
use trackplan_workflow::diff::{Change, Impact, overall};
use trackplan_workflow::outputs::SyncReport;

use super::ui::{Ui, UiArgs};

/// Arguments of `codegen pull`.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!(
    "Examples:\n",
    "  codegen pull\n",
    "  codegen pull --tag checkout            # take only the checkout team's event changes\n",
    "  codegen pull --only \"Order Completed\" --only \"Cart Viewed\"\n",
    "  codegen pull --check                   # CI: fail when the source moved past the lock\n\n",
    "Tokens come from the environment variable codegen.json names (`tokenEnv`); they are never\n",
    "written to the lock or printed.\n\n",
    "Exit codes: 0 success (or, with --check, up to date); 1 the source moved past the lock (--check) or the \
plan is invalid; 2 usage, configuration, lock or file-system error; 3 the source could not be fetched \
(network, HTTP status, credentials, git). On any failure the lock and outputs are left untouched."
))]
pub struct Args {
    /// Take changes to this event only (repeatable); other events keep their locked form.
    #[arg(long, value_name = "EVENT")]
    pub only: Vec<String>,
    /// Take changes to events with this tag only (repeatable).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Take changes to events fired from this source only (repeatable), e.g. ios.
    #[arg(long, value_name = "SOURCE")]
    pub source: Vec<String>,
    /// Write nothing; exit 1 when the source serves a plan other than the locked one.
    #[arg(long, conflicts_with_all = ["only", "tag", "source"])]
    pub check: bool,
    #[command(flatten)]
    pub ui: UiArgs,
}

pub fn run(args: &Args) -> ExitCode {
    let mut ui = Ui::new(&args.ui);
    let project = match ui.project() {
        Ok(project) => project,
        Err(error) => return ui.fail(&error),
    };
    let plans = match project.plans(ui.plan_name()) {
        Ok(plans) => plans,
        Err(error) => return ui.fail(&error),
    };
    if args.check {
        return check(&mut ui, &project, &plans);
    }
    let selection = EventSelection { names: args.only.clone(), tags: args.tag.clone(), sources: args.source.clone() };
    // Every plan is fetched and rendered before anything is written: one failing source
    // leaves every lock and output untouched.
    let mut prepared = Vec::new();
    for plan in plans {
        match project.prepare_pull(plan, &selection, &mut |message| ui.progress(message)) {
            Ok(pull) => prepared.push(pull),
            Err(error) => return ui.fail(&error),
        }
    }
    let mut reports = Vec::new();
    for pull in prepared {
        match pull.write(&mut |message| ui.progress(message)) {
            Ok(report) => {
                print_pull(&mut ui, &report);
                reports.push(report);
            }
            Err(error) => return ui.fail(&error),
        }
    }
    ui.document(&json!({ "ok": true, "plans": reports }));
    ExitCode::SUCCESS
}

fn check(ui: &mut Ui, project: &trackplan_workflow::Project, plans: &[&trackplan_workflow::PlanConfig]) -> ExitCode {
    let mut results = Vec::new();
    let mut moved = false;
    for plan in plans {
        match project.pull_check(plan, &mut |message| ui.progress(message)) {
            Ok(result) => {
                let lock = result.lock.display().to_string();
                if result.up_to_date {
                    ui.say(&format!("{lock}: up to date with its source"));
                } else {
                    moved = true;
                    let what = if result.locked.is_none() { "no lock yet" } else { "the source moved past the lock" };
                    ui.say(&format!("{lock}: {what}; run `codegen pull`"));
                    print_changes(ui, &result.changes);
                }
                results.push(result);
            }
            Err(error) => return ui.fail(&error),
        }
    }
    ui.document(&json!({ "ok": !moved, "upToDate": !moved, "plans": results }));
    if moved { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn print_pull(ui: &mut Ui, report: &trackplan_workflow::project::PullReport) {
    let lock = report.lock.display().to_string();
    let state = if report.lock_changed { "updated" } else { "unchanged" };
    ui.say(&format!("{lock} {state}: {} {} ({})", report.name, report.version, &report.content_hash[..19]));
    match &report.previous_version {
        None if !ui.verbose() => ui.say(&format!("  first pull: {} events locked", report.changes.len())),
        _ => print_changes(ui, &report.changes),
    }
    if let (Some(before), Some(impact)) = (&report.previous_version, overall(&report.changes)) {
        let bump = version_bump(before, &report.version);
        if bump.is_some_and(|bump| bump < impact) {
            let label = ui.paint("33", "warning:");
            ui.say(&format!(
                "{label} the plan went from {before} to {} but its changes are {}: ask the plan's owners to bump the version accordingly",
                report.version,
                impact_name(impact)
            ));
        }
    }
    for note in &report.notes {
        let label = ui.paint("33", "note:");
        ui.say(&format!("{label} {note}"));
    }
    print_outputs(ui, &report.outputs);
}

/// Added, removed and changed events with their semantic-version impact.
pub fn print_changes(ui: &mut Ui, changes: &[Change]) {
    if changes.is_empty() {
        ui.say("  no plan changes");
        return;
    }
    for change in changes {
        let (sign, color) = match change.kind {
            "added" => ("+", "32"),
            "removed" => ("-", "31"),
            _ => ("~", "33"),
        };
        let detail = if change.detail.is_empty() { String::new() } else { format!(" ({})", change.detail) };
        let line = format!("  {sign} {} {}{detail} [{}]", change.kind, change.name, impact_name(change.impact));
        let painted = ui.paint(color, &line);
        ui.say(&painted);
    }
    if let Some(impact) = overall(changes) {
        ui.say(&format!("  semantic-version impact: {}", impact_name(impact)));
    }
}

/// The semantic-version step from `before` to `after`, `None` when either is not semver.
fn version_bump(before: &str, after: &str) -> Option<Impact> {
    let parse = |v: &str| {
        let mut parts = v.split(['.', '-', '+']).map(|p| p.parse::<u64>().ok());
        Some((parts.next()??, parts.next()??, parts.next()??))
    };
    let (old, new) = (parse(before)?, parse(after)?);
    Some(if new.0 != old.0 {
        Impact::Major
    } else if new.1 != old.1 {
        Impact::Minor
    } else {
        Impact::Patch
    })
}

fn impact_name(impact: Impact) -> &'static str {
    match impact {
        Impact::Patch => "patch",
        Impact::Minor => "minor",
        Impact::Major => "major",
    }
}

/// One summary line per output; every file with --verbose.
pub fn print_outputs(ui: &mut Ui, outputs: &[SyncReport]) {
    for report in outputs {
        ui.say(&format!(
            "  {} {}: {} written, {} removed, {} unchanged",
            report.language,
            report.output.display(),
            report.written.len(),
            report.removed.len(),
            report.unchanged.len()
        ));
        for path in &report.written {
            ui.say(&format!("    wrote {}", path.display()));
        }
        for path in &report.removed {
            ui.say(&format!("    removed {}", path.display()));
        }
        if ui.verbose() {
            for path in &report.unchanged {
                ui.say(&format!("    unchanged {}", path.display()));
            }
        }
    }
}
