//! `currents check`: parse pages and report what is wrong with them.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::input::{walk, Input};
use crate::{Severity, Summary};

use super::io::KeepVerdict;

/// Check pages and print diagnostics as `path:line:col: severity: message`.
///
/// Folders are read recursively (`.md` files). Exit status: 0 when no page
/// has an error, 1 when any has, 2 for usage errors.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  currents check samples/\n  currents check --strict news/2017/06/19/\n  cat page.md | currents check -"
)]
pub struct Args {
    /// Files and folders to check; `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Treat warnings, and pages that are not event documents, as errors.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    jobs: super::common::Jobs,
    #[command(flatten)]
    edition: super::common::EditionArg,
    #[command(flatten)]
    max_page_size: super::common::MaxPageSize,
    /// Errors only: no warnings, no closing tally.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: Args) -> crate::Result<ExitCode> {
    args.edition.apply();
    args.max_page_size.apply();
    super::io::require_stdout()?;
    let mut summary = Summary::default();
    // The exit status is the verdict: it stands when the reader goes away.
    let mut out = KeepVerdict::new(std::io::BufWriter::new(std::io::stdout().lock()));
    crate::pipeline::for_each_ordered(
        walk(&args.paths, &["md"]),
        args.jobs.count,
        Input::parse,
        |result| {
            match result.and_then(|(_, parsed)| parsed) {
                Ok(mut parsed) => {
                    summary.record(&mut parsed, args.strict);
                    summary.events += parsed.document.events().count();
                    let shown = parsed
                        .diagnostics
                        .iter()
                        .filter(|d| !args.quiet || d.severity >= Severity::Error);
                    for diagnostic in shown {
                        writeln!(out, "{diagnostic}")?;
                    }
                }
                Err(error) => {
                    writeln!(out, "{}", super::describe(&error))?;
                    summary.record_unreadable();
                }
            }
            Ok(ControlFlow::Continue(()))
        },
    )?;
    if !args.quiet {
        writeln!(out, "{summary}")?;
    }
    if summary.files == 0 {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        super::io::say(format_args!(
            "currents: note: no `.md` pages found under {}",
            paths.join(", ")
        ));
    }
    out.flush()?;
    Ok(super::exit_code(summary.errors > 0))
}
