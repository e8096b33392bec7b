//! `trackplan-emulator`: serves one vendor emulator and its control API, for
//! test harnesses in other languages.
//!
//! Prints `listening on http://127.0.0.1:PORT` on stdout once ready, then
//! serves until killed (or, with `--exit-on-stdin-eof`, until stdin closes).

use std::io::{self, Read, Write};
use std::process::ExitCode;

use clap::Parser;
use trackplan_emulators::{Config, Emulator, Recording, ServiceAccount, Vendor};

/// Serve a local emulator of a vendor's ingestion API, with a control API
/// under /__emulator/ (received, requests, dropped, rejected, ids, wait,
/// faults, reset, info).
#[derive(Debug, Parser)]
#[command(name = "trackplan-emulator", version)]
struct Cli {
    /// Vendor to emulate.
    #[arg(long, value_parser = ["segment", "amplitude", "mixpanel"])]
    vendor: String,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Segment write key accepted.
    #[arg(long)]
    write_key: Option<String>,
    /// Amplitude API key accepted.
    #[arg(long)]
    api_key: Option<String>,
    /// Mixpanel project token accepted.
    #[arg(long)]
    token: Option<String>,
    /// Mixpanel service account accepted, as USERNAME:SECRET (needs --project-id).
    #[arg(long, requires = "project_id")]
    service_account: Option<String>,
    /// Mixpanel project id of the service account.
    #[arg(long)]
    project_id: Option<String>,
    /// Mixpanel (deprecated) project secret accepted.
    #[arg(long)]
    api_secret: Option<String>,
    /// Segment: answer an unknown write key as the real API does (200, events
    /// dropped) instead of 401.
    #[arg(long)]
    segment_lenient_key: bool,
    /// Override the vendor's request byte limit (Segment: batch bytes).
    #[arg(long)]
    max_request_bytes: Option<usize>,
    /// Override the vendor's per-request event limit.
    #[arg(long)]
    max_events: Option<usize>,
    /// What to keep of each accepted event: `full` (its JSON) or `ids` (kind and dedupe id
    /// only, for long load runs).
    #[arg(long, value_parser = ["full", "ids"], default_value = "full")]
    record: String,
    /// Exit when standard input reaches end of file.
    #[arg(long)]
    exit_on_stdin_eof: bool,
}

fn config(cli: &Cli, vendor: Vendor) -> Result<Config, String> {
    let mut config = Config::new().port(cli.port);
    if let Some(key) = &cli.write_key {
        config = config.write_key(key);
    }
    if let Some(key) = &cli.api_key {
        config = config.api_key(key);
    }
    if let Some(token) = &cli.token {
        config = config.token(token);
    }
    if let Some(account) = &cli.service_account {
        let (username, secret) = account.split_once(':').ok_or("--service-account must be USERNAME:SECRET")?;
        config.mixpanel_service_account = Some(ServiceAccount {
            username: username.into(),
            secret: secret.into(),
            project_id: cli.project_id.clone().unwrap_or_default(),
        });
    }
    config.mixpanel_api_secret = cli.api_secret.clone();
    config.segment_reject_invalid_key = !cli.segment_lenient_key;
    config.recording = if cli.record == "ids" { Recording::Ids } else { Recording::Full };
    let limits = &mut config.limits;
    if let Some(bytes) = cli.max_request_bytes {
        match vendor {
            Vendor::Segment => limits.segment_max_batch_bytes = bytes,
            Vendor::Amplitude => limits.amplitude_max_request_bytes = bytes,
            Vendor::Mixpanel => limits.mixpanel_max_request_bytes = bytes,
        }
    }
    if let Some(events) = cli.max_events {
        match vendor {
            Vendor::Segment => limits.segment_max_batch_events = events,
            Vendor::Amplitude => limits.amplitude_max_events = events,
            Vendor::Mixpanel => limits.mixpanel_max_events = events,
        }
    }
    Ok(config)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let vendor: Vendor = match cli.vendor.parse() {
        Ok(vendor) => vendor,
        Err(e) => {
            eprintln!("trackplan-emulator: {e}");
            return ExitCode::from(2);
        }
    };
    let config = match config(&cli, vendor) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("trackplan-emulator: {e}");
            return ExitCode::from(2);
        }
    };
    let emulator = match Emulator::try_start(vendor, config) {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("trackplan-emulator: cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = io::stdout();
    let _ = writeln!(stdout, "listening on {}", emulator.base_url());
    let _ = stdout.flush();
    if cli.exit_on_stdin_eof {
        let mut sink = [0u8; 1024];
        let mut stdin = io::stdin();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
        drop(emulator);
        return ExitCode::SUCCESS;
    }
    loop {
        std::thread::park();
    }
}
