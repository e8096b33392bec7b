//! `codegen import --from <format> <input> -o <plan.json>`: a plan from a spreadsheet,
//! Segment Protocols, JSON Schemas or an Iglu registry.

use std::path::PathBuf;
use std::process::ExitCode;

use trackplan_governance::lint::{RuleSettings, lint};
use trackplan_governance::source::{PlanSource, SourceFile};
use trackplan_interop::import::{self, ColumnMap, Field, Options, Source, Template};
use trackplan_interop::{Finding, PostImportCheck, Severity};
use trackplan_plan_model::Plan;

/// Arguments of `codegen import`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Formats: csv-avo, csv-amplitude, csv-mixpanel, csv (with --map), segment, jsonschema, iglu.\n\nExamples:\n  codegen import --from csv-avo plan.csv -o tracking-plan.json\n  codegen import --from csv sheet.csv --map 'Event=event' --map 'Field=property' --map 'Kind=type' -o tracking-plan.json\n  codegen import --from iglu schemas/ -o tracking-plan.json\n\nEvery import lists what it could not map (row or JSON path); the plan is written only if it loads.\nExit codes: 0 written, 1 the imported plan does not load, 2 usage error or unreadable input."
)]
pub struct Args {
    /// Input format.
    #[arg(long)]
    pub from: String,
    /// The file or folder to import.
    pub input: PathBuf,
    /// The plan file to write.
    #[arg(short = 'o', long = "out", default_value = "tracking-plan.json")]
    pub out: PathBuf,
    /// For `--from csv`: `Column Header=field` (fields: event, event-description, category,
    /// sources, owners, tags, property, property-description, type, required, array, enum,
    /// regex, examples, ignore). Repeat for each column.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub map: Vec<String>,
    /// Plan name (default: the input's own, else its file name).
    #[arg(long)]
    pub name: Option<String>,
    /// Plan version (default 1.0.0).
    #[arg(long = "plan-version")]
    pub plan_version: Option<String>,
    /// Iglu vendor, e.g. com.acme.
    #[arg(long)]
    pub vendor: Option<String>,
}

fn source(args: &Args) -> Result<Source, String> {
    let template = |template| Ok(Source::Csv(ColumnMap::template(template)));
    match args.from.as_str() {
        "csv-avo" => template(Template::Avo),
        "csv-amplitude" => template(Template::Amplitude),
        "csv-mixpanel" => template(Template::Mixpanel),
        "csv" => {
            if args.map.is_empty() {
                return Err("--from csv needs the columns: --map 'Column Header=field' for each column".to_owned());
            }
            let mut columns = Vec::new();
            for pair in &args.map {
                let (column, field) = pair
                    .rsplit_once('=')
                    .ok_or_else(|| format!("--map {pair:?}: write it as 'Column Header=field'"))?;
                columns.push((
                    column.to_owned(),
                    field.trim().parse::<Field>().map_err(|e| format!("--map {pair:?}: {e}"))?,
                ));
            }
            Ok(Source::Csv(ColumnMap::custom(columns)))
        }
        "segment" => Ok(Source::Segment),
        "jsonschema" => Ok(Source::JsonSchema),
        "iglu" => Ok(Source::Iglu),
        other => Err(format!(
            "unknown import format {other:?}; expected csv-avo, csv-amplitude, csv-mixpanel, csv, segment, jsonschema or iglu"
        )),
    }
}

/// The checks run on every imported plan. Lint joins here once it exists.
fn post_import_checks() -> Vec<Box<dyn PostImportCheck>> {
    vec![Box::new(Lint(RuleSettings::default()))]
}

/// `codegen lint`'s rules, run on the imported plan before it is written.
struct Lint(RuleSettings);

impl PostImportCheck for Lint {
    fn name(&self) -> &str {
        "lint"
    }

    fn check(&self, plan: &Plan, text: &str) -> Vec<Finding> {
        // The plan file is not on disk yet: lint reads positions from the text about to be written.
        let file = SourceFile::new(plan.files[0].clone(), text.to_owned());
        let source = PlanSource { plan: plan.clone(), files: vec![file] };
        lint(&source, &self.0)
            .findings
            .iter()
            .map(|finding| {
                let span = finding.span(&source);
                Finding {
                    severity: Severity::Check,
                    place: format!("{}:{}:{}", span.file.display(), span.start.line, span.start.column),
                    message: format!("{} {}: {}", finding.rule.info().id, finding.rule.info().name, finding.message),
                }
            })
            .collect()
    }
}

pub fn run(args: &Args) -> ExitCode {
    let source = match source(args) {
        Ok(source) => source,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let options = Options { name: args.name.clone(), version: args.plan_version.clone(), vendor: args.vendor.clone() };
    let imported = match import::import(&source, &args.input, &options) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let events = imported.plan.events.len();
    let checks = post_import_checks();
    let checks: Vec<&dyn PostImportCheck> = checks.iter().map(|check| check.as_ref()).collect();
    let checked = match import::finish(imported, &args.out, &checks) {
        Ok(checked) => checked,
        Err((report, diagnostics)) => {
            eprint!("{report}");
            eprintln!("{diagnostics}");
            eprintln!("error: the imported plan does not load; nothing was written");
            return ExitCode::from(1);
        }
    };
    eprint!("{}", checked.report);
    if let Err(error) = std::fs::write(&args.out, &checked.text) {
        eprintln!("error: cannot write {}: {error}", args.out.display());
        return ExitCode::from(2);
    }
    let unmapped = checked.report.of(Severity::Unmapped).count();
    let warnings = checked.report.of(Severity::Warning).count();
    println!(
        "imported {events} event{} from {} into {}: {unmapped} item{} not mapped, {warnings} warning{}",
        if events == 1 { "" } else { "s" },
        args.input.display(),
        args.out.display(),
        if unmapped == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    ExitCode::SUCCESS
}
