//! `plan-synth <events> [seed]`: print a synthetic tracking plan.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.as_slice() {
        [events] => events.parse().ok().map(|e| (e, 42)),
        [events, seed] => events.parse().ok().zip(seed.parse().ok()),
        _ => None,
    };
    let Some((events, seed)) = parsed else {
        eprintln!("usage: plan-synth <events> [seed]");
        return ExitCode::from(2);
    };
    let plan = trackplan_plan_synth::synthetic_plan(events, seed);
    match serde_json::to_string_pretty(&plan) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
