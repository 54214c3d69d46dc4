//! `currents check`: parse pages and report what is wrong with them.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::input::{walk_selected, Input};
use crate::Summary;

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
    select: super::select::SelectArgs,
    #[command(flatten)]
    jobs: super::common::Jobs,
    #[command(flatten)]
    edition: super::common::EditionArg,
    #[command(flatten)]
    report: super::annotate::ReportArgs,
}

pub fn run(args: Args) -> crate::Result<ExitCode> {
    args.edition.apply();
    args.report.validate()?;
    let mut summary = Summary::default();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let selection = args.select.selection();
    // No bar over diagnostics on the same terminal.
    let quiet_bar = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let progress = super::progress::Progress::new(quiet_bar, &args.paths, &["md"], &selection);
    crate::pipeline::for_each_ordered(
        walk_selected(&args.paths, &["md"], selection),
        args.jobs.count,
        Input::parse,
        |result| {
            progress.set(summary.files as u64 + 1);
            match result.and_then(|(_, parsed)| parsed) {
                Ok(mut parsed) => {
                    // An allowed code is neither shown nor counted.
                    parsed.diagnostics.retain(|d| !args.report.allows(d));
                    summary.record(&mut parsed, args.strict);
                    summary.events += parsed.document.events().count();
                    for diagnostic in &parsed.diagnostics {
                        super::annotate::diagnostic(&mut out, args.report.format, diagnostic)?;
                    }
                }
                Err(error) => {
                    match error.to_diagnostic() {
                        Some(d) => super::annotate::diagnostic(&mut out, args.report.format, &d)?,
                        None => writeln!(out, "{}", super::describe(&error))?,
                    }
                    summary.record_unreadable();
                }
            }
            Ok(ControlFlow::Continue(()))
        },
    )?;
    drop(progress);
    super::annotate::finish(&mut out, args.report.format)?;
    // The summary line is for people: stderr when stdout is for machines.
    if args.report.format == super::annotate::ReportFormat::Human {
        writeln!(out, "{summary}")?;
    } else {
        eprintln!("{summary}");
    }
    out.flush()?;
    Ok(super::exit_code(summary.errors > 0))
}
