#!/usr/bin/env bash
# Scaling of the Rust back end on synthetic plans (300, 1,000 and 3,000 events): generation time
# and peak memory (/usr/bin/time -v), then `cargo check` of each generated crate with its
# dependencies already built (the figure is the generated code's own cost).
# Usage: scripts/bench-rust-sdk.sh [events...]   Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="$root/target/synthetic-sdk"
export CARGO_TARGET_DIR="$work/target"
mkdir -p "$work"
cargo build --release -q -p trackplan-generator --example synthetic_rust_sdk --target-dir "$root/target"
generator="$root/target/release/examples/synthetic_rust_sdk"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(300 1000 3000)
for events in "${sizes[@]}"; do
    crate="$work/sdk-$events"
    /usr/bin/time -v "$generator" "$events" "$crate" crates/runtime 2> "$work/time-$events.txt"
    grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time-$events.txt" | sed "s/^\s*/  /"
    cp Cargo.lock "$crate/Cargo.lock"
    (cd "$crate" && cargo check -q --offline 2>/dev/null || cargo check -q)   # dependencies, once
    touch "$crate/src/lib.rs"
    start=$(date +%s.%N)
    (cd "$crate" && cargo check -q)
    end=$(date +%s.%N)
    printf '  cargo check of the generated %s-event crate: %.1f s (load average %s)\n' \
        "$events" "$(echo "$end - $start" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
