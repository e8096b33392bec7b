//! `codegen init`: write a starter codegen.json (and, if asked, a starter plan from the
//! e-commerce example). Asks questions on a terminal; takes flags in scripts.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use trackplan_generator::Language;
use trackplan_workflow::config::{
    CONFIG_FILE, Config, GitSource, LanguageName, OutputConfig, PathSource, PlanConfig, SCHEMA_URL, SegmentSource,
    SegmentWrapper, SourceConfig, UrlSource,
};

/// The e-commerce example plan, split over included files as in `fixtures/ecommerce`.
const EXAMPLE_FILES: [(&str, &str); 5] = [
    ("tracking-plan.json", include_str!("../../../../fixtures/ecommerce/tracking-plan.json")),
    ("events/browsing.json", include_str!("../../../../fixtures/ecommerce/events/browsing.json")),
    ("events/checkout.json", include_str!("../../../../fixtures/ecommerce/events/checkout.json")),
    ("events/coupons.json", include_str!("../../../../fixtures/ecommerce/events/coupons.json")),
    ("events/orders.json", include_str!("../../../../fixtures/ecommerce/events/orders.json")),
];

/// Arguments of `codegen init`.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!(
    "Examples:\n",
    "  codegen init                                   # asks, on a terminal\n",
    "  codegen init --example --output typescript=web/src/analytics --output swift=ios/Analytics\n",
    "  codegen init --git https://github.com/acme/plans.git --ref main --git-path shop/tracking-plan.json \\\n",
    "               --output kotlin=android/app/src/main/kotlin/analytics\n",
    "  codegen init --url https://plans.acme.dev/shop/tracking-plan.json --token-env PLANS_TOKEN\n",
    "  codegen init --segment tp_123abc --token-env SEGMENT_TOKEN --output rust=src/tracking\n\n",
    "Without a terminal (or with --no-input) nothing is asked: flags and defaults are used.\n\n",
    "Exit codes: 0 written; 2 usage error, codegen.json exists (use --force) or unwritable file."
))]
pub struct Args {
    /// The plan file in this repository (default tracking-plan.json).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["url", "git", "segment"])]
    pub plan_file: Option<PathBuf>,
    /// Fetch the plan from this HTTP(S) URL.
    #[arg(long, conflicts_with_all = ["git", "segment"])]
    pub url: Option<String>,
    /// Fetch the plan from this git repository (any URL git accepts, or a local path).
    #[arg(long, value_name = "REPO", conflicts_with = "segment")]
    pub git: Option<String>,
    /// With --git: branch, tag or commit (default HEAD).
    #[arg(long = "ref", requires = "git")]
    pub reference: Option<String>,
    /// With --git: the plan's path in the repository (default tracking-plan.json).
    #[arg(long, requires = "git")]
    pub git_path: Option<String>,
    /// Fetch a Segment Protocols tracking plan by id through the Segment Public API.
    #[arg(long, value_name = "TRACKING_PLAN_ID")]
    pub segment: Option<String>,
    /// With --segment: the Public API's base URL (default https://api.segmentapis.com).
    #[arg(long, value_name = "URL", requires = "segment")]
    pub segment_api_url: Option<String>,
    /// Name of the environment variable holding the token for --url or --segment.
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,
    /// An SDK to generate, as LANGUAGE=DIR (repeatable), e.g. typescript=src/analytics.
    #[arg(long, value_name = "LANGUAGE=DIR", value_parser = parse_output)]
    pub output: Vec<(Language, PathBuf)>,
    /// Also write a starter plan (the e-commerce example) at the plan file's path.
    #[arg(long, conflicts_with_all = ["url", "git", "segment"])]
    pub example: bool,
    /// Replace an existing codegen.json.
    #[arg(long)]
    pub force: bool,
    /// Never ask; use flags and defaults even on a terminal.
    #[arg(long)]
    pub no_input: bool,
    /// Print errors only.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_output(text: &str) -> Result<(Language, PathBuf), String> {
    let (language, dir) = text.split_once('=').ok_or("write LANGUAGE=DIR, e.g. typescript=src/analytics")?;
    let language: Language = language.parse().map_err(|e: trackplan_generator::GenerateError| e.to_string())?;
    if dir.is_empty() {
        return Err("the directory is empty: write LANGUAGE=DIR".to_owned());
    }
    Ok((language, PathBuf::from(dir)))
}

pub fn run(args: &Args) -> ExitCode {
    let config_path = PathBuf::from(CONFIG_FILE);
    if config_path.exists() && !args.force {
        eprintln!("error: {CONFIG_FILE} already exists here: edit it, or pass --force to replace it");
        return ExitCode::from(2);
    }
    let interactive = !args.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let answers = if interactive {
        match ask(args) {
            Ok(answers) => answers,
            Err(error) => {
                eprintln!("error: cannot read the answer: {error}");
                return ExitCode::from(2);
            }
        }
    } else {
        from_flags(args)
    };
    let config = Config {
        schema: Some(SCHEMA_URL.to_owned()),
        plans: vec![PlanConfig {
            name: None,
            source: answers.source.clone(),
            version: None,
            lock: None,
            outputs: answers.outputs.iter().map(|(language, path)| output(*language, path)).collect(),
        }],
    };
    let mut text = serde_json::to_string_pretty(&config).unwrap_or_default();
    text.push('\n');
    // The same checks every other command applies, before anything is written.
    if let Err(error) = Config::from_str(&config_path, &text) {
        eprintln!("error: {error}");
        return ExitCode::from(2);
    }
    if answers.example
        && let SourceConfig::Path(PathSource { path }) = &answers.source
        && let Err(message) = write_example(path)
    {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    if let Err(error) = trackplan_workflow::fsutil::write_atomic(&config_path, text.as_bytes()) {
        eprintln!("error: {error}");
        return ExitCode::from(2);
    }
    if !args.quiet {
        println!("wrote {CONFIG_FILE}");
        if answers.example {
            println!("wrote the e-commerce example plan");
        }
        println!(
            "next: `codegen pull` to lock the plan and generate, then commit codegen.json, the lock and the outputs"
        );
    }
    ExitCode::SUCCESS
}

struct Answers {
    source: SourceConfig,
    outputs: Vec<(Language, PathBuf)>,
    example: bool,
}

fn from_flags(args: &Args) -> Answers {
    let source = if let Some(url) = &args.url {
        SourceConfig::Url(UrlSource { url: url.clone(), token_env: args.token_env.clone() })
    } else if let Some(git) = &args.git {
        SourceConfig::Git(GitSource {
            git: git.clone(),
            reference: args.reference.clone(),
            path: args.git_path.clone(),
        })
    } else if let Some(id) = &args.segment {
        SourceConfig::Segment(SegmentWrapper {
            segment: SegmentSource {
                tracking_plan_id: id.clone(),
                token_env: args.token_env.clone().unwrap_or_else(|| "SEGMENT_TOKEN".to_owned()),
                api_url: args.segment_api_url.clone(),
            },
        })
    } else {
        SourceConfig::Path(PathSource {
            path: args.plan_file.clone().unwrap_or_else(|| PathBuf::from("tracking-plan.json")),
        })
    };
    Answers { source, outputs: args.output.clone(), example: args.example }
}

fn output(language: Language, path: &Path) -> OutputConfig {
    OutputConfig {
        language: LanguageName::from(language),
        path: path.to_path_buf(),
        package: None,
        class_prefix: None,
        events: Default::default(),
        destinations: None,
        validation: None,
    }
}

fn default_dir(language: Language) -> &'static str {
    match language {
        Language::Rust => "src/tracking",
        Language::TypeScript => "src/analytics",
        Language::Kotlin => "app/src/main/kotlin/analytics",
        Language::Swift => "Sources/Analytics",
    }
}

/// The interactive questions; flags already given are not asked again.
fn ask(args: &Args) -> std::io::Result<Answers> {
    let mut flags = from_flags(args);
    let source_given = args.url.is_some() || args.git.is_some() || args.segment.is_some() || args.plan_file.is_some();
    if !source_given {
        let kind = prompt("Where does the plan come from? file, url, git or segment", "file")?;
        flags.source = match kind.as_str() {
            "url" => SourceConfig::Url(UrlSource {
                url: prompt("Plan URL", "https://")?,
                token_env: Some(prompt("Environment variable holding the token (empty for none)", "")?)
                    .filter(|v| !v.is_empty()),
            }),
            "git" => SourceConfig::Git(GitSource {
                git: prompt("Repository (URL or path)", "")?,
                reference: Some(prompt("Branch, tag or commit", "main")?),
                path: Some(prompt("Plan path in the repository", "tracking-plan.json")?),
            }),
            "segment" => SourceConfig::Segment(SegmentWrapper {
                segment: SegmentSource {
                    tracking_plan_id: prompt("Segment tracking plan id", "")?,
                    token_env: prompt("Environment variable holding the Public API token", "SEGMENT_TOKEN")?,
                    api_url: None,
                },
            }),
            _ => SourceConfig::Path(PathSource { path: PathBuf::from(prompt("Plan file", "tracking-plan.json")?) }),
        };
    }
    if let SourceConfig::Path(PathSource { path }) = &flags.source
        && !path.exists()
        && !flags.example
    {
        flags.example = yes(&prompt(
            &format!("{} does not exist. Write the e-commerce example there? (y/n)", path.display()),
            "y",
        )?);
    }
    if flags.outputs.is_empty() {
        let languages =
            prompt("Languages to generate (comma-separated: rust, typescript, kotlin, swift)", "typescript")?;
        for name in languages.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name.parse::<Language>() {
                Ok(language) => {
                    let dir = prompt(&format!("Output directory for {language}"), default_dir(language))?;
                    flags.outputs.push((language, PathBuf::from(dir)));
                }
                Err(error) => eprintln!("skipped: {error}"),
            }
        }
    }
    Ok(flags)
}

fn yes(answer: &str) -> bool {
    matches!(answer.to_ascii_lowercase().as_str(), "y" | "yes")
}

fn prompt(question: &str, default: &str) -> std::io::Result<String> {
    let mut err = std::io::stderr();
    if default.is_empty() {
        write!(err, "{question}: ")?
    } else {
        write!(err, "{question} [{default}]: ")?
    }
    err.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let answer = line.trim();
    Ok(if answer.is_empty() { default.to_owned() } else { answer.to_owned() })
}

fn write_example(root: &Path) -> Result<(), String> {
    let dir = root.parent().unwrap_or(Path::new(""));
    for (name, _) in EXAMPLE_FILES {
        let target = if name == "tracking-plan.json" { root.to_path_buf() } else { dir.join(name) };
        if target.exists() {
            return Err(format!("{} already exists: remove it or drop --example", target.display()));
        }
    }
    for (name, text) in EXAMPLE_FILES {
        let target = if name == "tracking-plan.json" { root.to_path_buf() } else { dir.join(name) };
        let text = text.replace(
            "../../schema/tracking-plan.schema.json",
            "https://raw.githubusercontent.com/trackplan/trackplan/main/schema/tracking-plan.schema.json",
        );
        trackplan_workflow::fsutil::write_atomic(&target, text.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(())
}
