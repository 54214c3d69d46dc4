//! `currents completions` and `currents man`: shell completions and the
//! man page, generated from the same definitions as `--help`.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

/// Print a shell completion script.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  currents completions bash > /etc/bash_completion.d/currents\n  currents completions zsh > ~/.zfunc/_currents"
)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Print the man page (roff).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  currents man > /usr/local/share/man/man1/currents.1")]
pub struct ManArgs {}

pub fn completions(args: CompletionsArgs) -> crate::Result<ExitCode> {
    super::io::require_stdout()?;
    let mut command = super::Cli::command();
    // Made in memory: clap_complete panics when its writes fail.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "currents", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn man(_: ManArgs) -> crate::Result<ExitCode> {
    super::io::require_stdout()?;
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(super::Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
