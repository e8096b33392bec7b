//! `codegen push --to amplitude|mixpanel|segment <plan> [--dry-run]`: sync the plan to a
//! vendor's own plan (taxonomy, Lexicon, Protocols).

use std::path::PathBuf;
use std::process::ExitCode;

use trackplan_interop::push::{self, Destination, Outcome};

/// Arguments of `codegen push`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Credentials come from the environment:\n  amplitude: AMPLITUDE_API_KEY, AMPLITUDE_SECRET_KEY [, AMPLITUDE_URL=https://amplitude.com]\n  mixpanel:  MIXPANEL_SERVICE_ACCOUNT_USERNAME, MIXPANEL_SERVICE_ACCOUNT_SECRET, MIXPANEL_PROJECT_ID [, MIXPANEL_URL=https://mixpanel.com]\n  segment:   SEGMENT_PUBLIC_API_TOKEN, SEGMENT_TRACKING_PLAN_ID [, SEGMENT_API_URL=https://api.segmentapis.com]\n\nPush reads what the vendor holds and writes only what differs, one item per request; --dry-run does the reads and prints the writes instead of sending them.\nExit codes: 0 in sync, 1 invalid plan or some item failed, 2 usage error or the vendor could not be read."
)]
pub struct Args {
    /// amplitude, mixpanel or segment.
    #[arg(long)]
    pub to: String,
    /// The plan's root file.
    pub plan: PathBuf,
    /// Print the write requests instead of sending them.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: &Args) -> ExitCode {
    let destination = match Destination::from_env(&args.to, &|name| std::env::var(name).ok()) {
        Ok(destination) => destination,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let plan = match trackplan_plan_model::load(&args.plan) {
        Ok(plan) => plan,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::from(1);
        }
    };
    let mut stdout = std::io::stdout();
    let report = match push::push(&plan, &destination, args.dry_run, &mut stdout) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    for item in &report.items {
        if item.outcome != Outcome::Unchanged {
            println!("{}: {}", item.item, item.outcome);
        }
    }
    for extra in &report.extra {
        println!("{extra}: not in the plan, left in place");
    }
    for lost in &report.not_synced {
        println!("not synced: {lost}");
    }
    if report.rate_limited > 0 {
        println!("rate limited {} times: waited as the vendor asked and retried", report.rate_limited);
    }
    let unchanged = report.items.len() - report.changed() - report.failed();
    println!(
        "{}{}: {} {}, {unchanged} unchanged, {} failed",
        if args.dry_run { "dry run, " } else { "" },
        args.to,
        report.changed(),
        if args.dry_run { "would change" } else { "changed" },
        report.failed()
    );
    if report.failed() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
