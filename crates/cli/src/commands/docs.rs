//! `codegen docs`: the plan's documentation site, written to a directory or served with live
//! reload.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use trackplan_docs_site::serve::{ServeConfig, serve};
use trackplan_docs_site::{GovernanceDiff, Inputs};

/// Arguments of `codegen docs`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  codegen docs tracking-plan.json -o site\n  codegen docs tracking-plan.json --status status.json --previous old/tracking-plan.json\n  codegen docs tracking-plan.json --serve --port 8000\n\nThe site is static and self-contained: open site/index.html from disk or publish the directory on any static host.\nExit codes: 0 written, 1 invalid plan, 2 usage error, unreadable input or output directory."
)]
pub struct Args {
    /// The plan's root file (usually tracking-plan.json).
    pub plan: PathBuf,
    /// Directory to write the site to; replaced on every run.
    #[arg(short, long, default_value = "site", conflicts_with = "serve")]
    pub output: PathBuf,
    /// Serve the site on 127.0.0.1 and rebuild it when a plan file changes.
    #[arg(long)]
    pub serve: bool,
    /// Port for --serve (0: any free port).
    #[arg(long, default_value_t = 8000, requires = "serve")]
    pub port: u16,
    /// A `codegen status --format json` report: show where each event is tracked in code.
    #[arg(long, value_name = "REPORT")]
    pub status: Option<PathBuf>,
    /// Root file of an older version of the plan: add a page of what changed since.
    #[arg(long, value_name = "OLD_PLAN")]
    pub previous: Option<PathBuf>,
}

pub fn run(args: &Args) -> ExitCode {
    let inputs = Inputs { plan: args.plan.clone(), status: args.status.clone(), previous: args.previous.clone() };
    if args.serve {
        let config = ServeConfig { port: args.port, poll_interval: Duration::from_millis(250), log: true };
        return match serve(inputs, Box::new(GovernanceDiff), config) {
            Ok(server) => {
                eprintln!("docs: serving {} at {} (Ctrl-C to stop)", args.plan.display(), server.url());
                server.wait();
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(2)
            }
        };
    }
    let site = match inputs.build(&GovernanceDiff) {
        Ok(site) => site,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(if error.is_usage_error() { 2 } else { 1 });
        }
    };
    match site.write_to(&args.output) {
        Ok(()) => {
            let pages = site.files().filter(|(path, _)| path.ends_with(".html")).count();
            eprintln!("docs: wrote {pages} pages to {}", args.output.join("index.html").display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
