//! `codegen generate --lang rust` as a real process: writes the same SDK as the library (the
//! generator's golden file), and refuses a broken plan with its diagnostics and exit code 1.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn generates_the_rust_sdk_without_a_config_file() {
    let out = std::env::temp_dir().join(format!("trackplan-cli-rust-{}", std::process::id()));
    let status = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["generate", "--lang", "rust", "--plan"])
        .arg(root().join("fixtures/ecommerce/tracking-plan.json"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("codegen runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    assert_eq!(String::from_utf8_lossy(&status.stdout).trim(), format!("wrote 1 rust file to {}", out.display()));
    let written = std::fs::read_to_string(out.join("tracking.rs")).expect("tracking.rs");
    let golden =
        std::fs::read_to_string(root().join("crates/generator/tests/golden/rust/ecommerce.rs")).expect("golden");
    assert!(written == golden, "the CLI writes what the library generates");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_broken_plan_exits_1_with_its_diagnostics() {
    let out = std::env::temp_dir().join(format!("trackplan-cli-rust-bad-{}", std::process::id()));
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["generate", "--lang", "rust", "--plan"])
        .arg(root().join("fixtures/invalid/E0003-duplicate-key.json"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("codegen runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("E0003"));
    assert!(!out.exists(), "nothing written");
}
