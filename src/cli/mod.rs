//! The command-line tool: argument parsing (clap) and one module per
//! subcommand, each a thin layer over the library. Compiled with the
//! `cli` feature only.

mod annotate;
mod check;
mod common;
mod completions;
mod config;
mod convert;
mod fmt;
mod io;
mod progress;
mod select;
mod stats;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Runs the command line: parses the arguments, runs the subcommand and
/// says how it went as an exit status (0 ok, 1 failure, 2 usage).
pub fn main() -> ExitCode {
    on_interrupt_clean_up();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // currents.toml's values become the flags' defaults: the command line wins.
    let command = match config::command(&args, Cli::command()) {
        Ok((command, _)) => command,
        Err(err) => {
            io::say(format_args!("currents: {err}"));
            return ExitCode::from(2);
        }
    };
    let matches = command.get_matches_from(args);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match run(cli) {
        Ok(code) => code,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err @ crate::Error::Usage(_)) => {
            io::say(format_args!("currents: {err}"));
            ExitCode::from(2)
        }
        Err(err) => {
            io::say(format_args!("currents: {err}"));
            ExitCode::FAILURE
        }
    }
}

/// Turn news-event markdown into JSON Lines, CSV, RSS, Atom and canonical markdown.
#[derive(Debug, Parser)]
#[command(name = "currents", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Read defaults from FILE instead of the nearest currents.toml (found
    /// by walking up from the working directory).
    #[arg(long, global = true, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    config: Option<std::path::PathBuf>,
    /// Read no currents.toml.
    #[arg(long, global = true, conflicts_with = "config")]
    no_config: bool,
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

fn run(cli: Cli) -> crate::Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Convert(args) => convert::run(*args),
        Command::Fmt(args) => fmt::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
    }
}

/// Ctrl-C (SIGINT) or SIGTERM: the temporary files being written are
/// removed, the progress line cleared, and the run exits 130. Without this
/// the signal would kill the process with its temporary files in place.
fn on_interrupt_clean_up() {
    let _ = ctrlc::set_handler(|| {
        let _held = crate::output::abandon_in_flight();
        if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            use std::io::Write;
            // The progress line goes; the cursor comes back.
            let _ = write!(std::io::stderr(), "\r\x1b[2K\x1b[?25h");
        }
        std::process::exit(130);
    });
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
fn describe(error: &crate::Error) -> String {
    error
        .to_diagnostic()
        .map_or_else(|| format!("error: {error}"), |d| d.to_string())
}
