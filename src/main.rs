//! The `currents` command line: parsing arguments and dispatching only.

mod cmd;

/// The model allocates many small strings, on several threads at once:
/// mimalloc does that with less work and less contention than the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("currents: {err}");
            ExitCode::FAILURE
        }
    }
}
