//! `codegen completions <shell>`: shell completion scripts.

use std::process::ExitCode;

use clap_complete::Shell;

/// Arguments of `codegen completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!(
    "Examples:\n",
    "  codegen completions bash > ~/.local/share/bash-completion/completions/codegen\n",
    "  codegen completions zsh > \"${fpath[1]}/_codegen\"\n",
    "  codegen completions fish > ~/.config/fish/completions/codegen.fish\n\n",
    "Exit codes: 0 printed; 2 usage error."
))]
pub struct Args {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &Args, mut command: clap::Command) -> ExitCode {
    clap_complete::generate(args.shell, &mut command, "codegen", &mut std::io::stdout());
    ExitCode::SUCCESS
}
