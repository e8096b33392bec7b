//! `codegen audit`: validate recorded events against the plan.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use trackplan_governance::audit::{self, InputFormat, Settings, render};

/// Arguments of `codegen audit`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Reads NDJSON: Segment messages and exports, Amplitude exports (event_type, event_properties), Mixpanel exports (event, properties) and Trackplan emulator captures, recognised per line unless --input-format says. Identify, group, page and screen calls are validated against the plan's calls when it defines them.\n\nExamples:\n  codegen audit tracking-plan.json export.ndjson\n  zcat amplitude-export/*.json.gz | codegen audit tracking-plan.json - --input-format amplitude\n  codegen audit tracking-plan.json events.ndjson --format csv > audit.csv\n\nExit codes: 0 every record is a valid message of the plan, 1 invalid records, unknown events, unrecognized or malformed lines, 2 usage error, unreadable file or a plan that does not load."
)]
pub struct Args {
    /// The plan's root file.
    pub plan: PathBuf,
    /// NDJSON files of recorded events, one record per line; `-` reads standard input.
    #[arg(required = true, value_name = "EVENTS")]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Human)]
    pub format: AuditFormat,
    /// Shape of the records.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    pub input_format: InputArg,
    /// Worker threads (default: the available cores).
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Sample records kept per event and per problem.
    #[arg(long, default_value_t = 5)]
    pub samples: usize,
}

/// Report formats of `codegen audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// For people: a table per event, violations by rule, unknown events, samples.
    Human,
    /// For tools: the report as one JSON document.
    Json,
    /// For spreadsheets: one row per event and rule.
    Csv,
}

/// Record shapes of `--input-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// Recognise each record's shape.
    Auto,
    /// Segment messages and exports (type, event, properties, messageId).
    Segment,
    /// Amplitude exports (event_type, event_properties, $insert_id).
    Amplitude,
    /// Mixpanel exports (event, properties with distinct_id, time, $insert_id).
    Mixpanel,
    /// Trackplan emulator captures and envelopes.
    Trackplan,
}

impl InputArg {
    fn format(self) -> InputFormat {
        match self {
            InputArg::Auto => InputFormat::Auto,
            InputArg::Segment => InputFormat::Segment,
            InputArg::Amplitude => InputFormat::Amplitude,
            InputArg::Mixpanel => InputFormat::Mixpanel,
            InputArg::Trackplan => InputFormat::Trackplan,
        }
    }
}

fn open(inputs: &[PathBuf]) -> Result<Vec<Box<dyn Read + Send>>, String> {
    if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err("standard input (`-`) can be read only once".to_owned());
    }
    inputs
        .iter()
        .map(|path| -> Result<Box<dyn Read + Send>, String> {
            if path.as_os_str() == "-" {
                return Ok(Box::new(std::io::stdin()));
            }
            match std::fs::File::open(path) {
                Ok(file) if file.metadata().is_ok_and(|m| m.is_dir()) => {
                    Err(format!("{} is a directory; give the NDJSON files in it", path.display()))
                }
                Ok(file) => Ok(Box::new(file)),
                Err(error) => Err(format!("cannot read {}: {error}", path.display())),
            }
        })
        .collect()
}

pub fn run(args: &Args) -> ExitCode {
    let plan = match trackplan_plan_model::load(&args.plan) {
        Ok(plan) => plan,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            eprintln!("audit needs a plan that loads; fix the problems above first");
            return ExitCode::from(2);
        }
    };
    let readers = match open(&args.inputs) {
        Ok(readers) => readers,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let names: Vec<String> = args.inputs.iter().map(|p| p.display().to_string()).collect();
    let jobs = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    let settings = Settings { format: args.input_format.format(), jobs, samples: args.samples, chunk_bytes: 1 << 20 };
    let report = match audit::audit(&plan, &names, readers, &settings) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    match args.format {
        AuditFormat::Human => print!("{}", render::human(&report)),
        AuditFormat::Json => println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default()),
        AuditFormat::Csv => print!("{}", render::csv(&report)),
    }
    if report.is_clean() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
