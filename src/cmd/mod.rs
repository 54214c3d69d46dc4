//! One module per subcommand.

mod check;
mod common;
mod completions;
mod convert;
mod fmt;
mod stats;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn news-event markdown into JSON Lines, CSV, RSS, Atom and canonical markdown.
#[derive(Debug, Parser)]
#[command(name = "currents", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Check(check::Args),
    Convert(Box<convert::Args>),
    Fmt(fmt::Args),
    Stats(stats::Args),
    Completions(completions::CompletionsArgs),
    Man(completions::ManArgs),
}

pub fn run(cli: Cli) -> currents::Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Convert(args) => convert::run(*args),
        Command::Fmt(args) => fmt::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
    }
}

/// Exit 1 when anything failed, else 0.
fn exit_code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// An error as a user reads it: `path: error: cannot read: why` for files.
fn describe(error: &currents::Error) -> String {
    error
        .to_diagnostic()
        .map_or_else(|| format!("error: {error}"), |d| d.to_string())
}
