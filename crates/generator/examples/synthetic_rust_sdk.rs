//! Writes a crate holding the Rust SDK of `synthetic_plan(<events>, 42)` to `<dir>`, for
//! measuring generation time and peak memory (`/usr/bin/time -v`) and `cargo check` of the
//! output; used by `scripts/bench-rust-sdk.sh`.
//!
//! Usage: `synthetic_rust_sdk <events> <dir> <runtime crate dir>`

use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: synthetic_rust_sdk <events> <dir> <runtime crate dir>";
    let events: usize = args.next().ok_or(usage)?.parse()?;
    let dir = PathBuf::from(args.next().ok_or(usage)?);
    let runtime = std::fs::canonicalize(args.next().ok_or(usage)?)?;

    let text = serde_json::to_string(&trackplan_plan_synth::synthetic_plan(events, 42))?;
    let started = Instant::now();
    let plan = trackplan_plan_model::load_from_str("synthetic.json", text).map_err(|d| d.to_string())?;
    let loaded = started.elapsed();
    let source = trackplan_generator::rust::render(&plan)?;
    let generated = started.elapsed() - loaded;

    std::fs::create_dir_all(dir.join("src"))?;
    let manifest = format!(
        "[package]\nname = \"synthetic-sdk-{events}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ntrackplan-runtime = {{ path = {runtime:?} }}\nserde = \"1\"\n\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(dir.join("src/lib.rs"), "//! Synthetic SDK.\n#![deny(warnings)]\ninclude!(\"tracking.rs\");\n")?;
    std::fs::write(dir.join("src/tracking.rs"), &source)?;
    println!(
        "{events} events: load {:.0} ms, generate {:.0} ms, {} lines, {:.1} MB",
        loaded.as_secs_f64() * 1e3,
        generated.as_secs_f64() * 1e3,
        source.lines().count(),
        source.len() as f64 / 1e6
    );
    Ok(())
}
