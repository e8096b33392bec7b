//! Output shared by the workflow commands: verbosity, colour, JSON, and progress that only
//! shows on a terminal.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use trackplan_workflow::Error;

use super::OutputFormat;

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Flags every workflow command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct UiArgs {
    /// The configuration file (default: codegen.json here or in the nearest parent directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only the plan with this `name` in codegen.json (default: every plan).
    #[arg(long = "plan-name", value_name = "NAME")]
    pub plan_name: Option<String>,
    /// Print errors only.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also list unchanged files and every step.
    #[arg(long, short)]
    pub verbose: bool,
    /// Colour output: auto, always or never (NO_COLOR is honoured in auto).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Output format; json prints one document on standard output.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

/// Printing for one command run.
pub struct Ui {
    args: UiArgs,
    color: bool,
    progress: bool,
    progress_shown: bool,
}

impl Ui {
    /// Set up from the flags and the environment.
    pub fn new(args: &UiArgs) -> Ui {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && std::io::stderr().is_terminal(),
        };
        let progress = !args.quiet && args.format == OutputFormat::Human && std::io::stderr().is_terminal();
        Ui { args: args.clone(), color, progress, progress_shown: false }
    }

    /// Whether JSON output was asked for.
    pub fn json(&self) -> bool {
        self.args.format == OutputFormat::Json
    }

    /// Whether details were asked for.
    pub fn verbose(&self) -> bool {
        self.args.verbose
    }

    /// The project the flags point at.
    pub fn project(&self) -> Result<trackplan_workflow::Project, Error> {
        match &self.args.config {
            Some(path) => trackplan_workflow::Project::open(path),
            None => {
                let here = std::env::current_dir().map_err(|e| Error::Config {
                    path: PathBuf::from("."),
                    message: format!("cannot read the working directory: {e}"),
                })?;
                trackplan_workflow::Project::discover(&here)
            }
        }
    }

    /// The selected plan name.
    pub fn plan_name(&self) -> Option<&str> {
        self.args.plan_name.as_deref()
    }

    /// `text` in an ANSI colour when colour is on.
    pub fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }

    /// A progress message, shown on a terminal only (overwritten by the next one), or as a line
    /// on standard error with --verbose.
    pub fn progress(&mut self, message: &str) {
        if self.args.verbose && !self.progress && !self.json() {
            eprintln!("{message}");
        } else if self.progress {
            let mut err = std::io::stderr();
            let _ = write!(err, "\r\x1b[2K{message}");
            let _ = err.flush();
            self.progress_shown = true;
        }
    }

    fn clear_progress(&mut self) {
        if self.progress_shown {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
            self.progress_shown = false;
        }
    }

    /// A line of human output (not in quiet or JSON mode).
    pub fn say(&mut self, line: &str) {
        self.clear_progress();
        if !self.args.quiet && !self.json() {
            println!("{line}");
        }
    }

    /// A JSON document on standard output (JSON mode only).
    pub fn document(&mut self, value: &serde_json::Value) {
        self.clear_progress();
        if self.json() {
            println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
        }
    }

    /// Report `error` and return its documented exit code.
    pub fn fail(&mut self, error: &Error) -> ExitCode {
        self.clear_progress();
        let label = self.paint("1;31", "error:");
        eprintln!("{label} {error}");
        if self.json() {
            let document =
                serde_json::json!({ "ok": false, "error": error.to_string(), "exitCode": error.exit_code() });
            println!("{}", serde_json::to_string_pretty(&document).unwrap_or_default());
        }
        ExitCode::from(error.exit_code())
    }
}
