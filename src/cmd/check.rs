//! `currents check`: parse pages and report what is wrong with them.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use currents::input::discover;
use currents::Summary;

/// Check pages and print diagnostics as `path:line:col: severity: message`.
///
/// Folders are read recursively (`.md` files). Exit status: 0 when no page
/// has an error, 1 when any has, 2 for usage errors.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  currents check samples/\n  currents check --strict news/2017/06/19/"
)]
pub struct Args {
    /// Files and folders to check; `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Treat warnings, and pages that are not event documents, as errors.
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args) -> currents::Result<ExitCode> {
    let (inputs, errors) = discover(&args.paths, &["md"]);
    let mut summary = Summary::default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for error in &errors {
        writeln!(out, "{}", super::describe(error))?;
        summary.record_unreadable();
    }
    for input in &inputs {
        match input.parse() {
            Ok(mut parsed) => {
                summary.record(&mut parsed, args.strict);
                summary.events += parsed.document.events().count();
                for diagnostic in &parsed.diagnostics {
                    writeln!(out, "{diagnostic}")?;
                }
            }
            Err(error) => {
                writeln!(out, "{}", super::describe(&error))?;
                summary.record_unreadable();
            }
        }
    }
    writeln!(out, "{summary}")?;
    out.flush()?;
    Ok(super::exit_code(summary.errors > 0))
}
