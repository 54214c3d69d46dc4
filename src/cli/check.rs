//! `currents check`: parse pages and report what is wrong with them.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::input::{walk_selected, Input};
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
    select: super::select::SelectArgs,
    #[command(flatten)]
    jobs: super::common::Jobs,
    #[command(flatten)]
    edition: super::common::EditionArg,
    #[command(flatten)]
    max_page_size: super::common::MaxPageSize,
    #[command(flatten)]
    report: super::annotate::ReportArgs,
    /// Errors only: no warnings, no closing tally.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: Args) -> crate::Result<ExitCode> {
    args.edition.apply();
    args.max_page_size.apply();
    args.report.validate()?;
    super::io::require_stdout()?;
    let mut summary = Summary::default();
    // The exit status is the verdict: it stands when the reader goes away.
    let mut out = KeepVerdict::new(std::io::BufWriter::new(std::io::stdout().lock()));
    let selection = args.select.selection();
    // No bar over diagnostics on the same terminal.
    let quiet_bar = args.quiet || std::io::IsTerminal::is_terminal(&std::io::stdout());
    let progress = super::progress::Progress::new(quiet_bar, &args.paths, &["md"], &selection);
    crate::pipeline::for_each_ordered(
        walk_selected(&args.paths, &["md"], selection),
        args.jobs.count,
        Input::parse,
        |result| {
            progress.set(summary.files as u64 + 1);
            report(
                result.and_then(|(_, parsed)| parsed),
                &args,
                &mut summary,
                &mut out,
            )?;
            Ok(ControlFlow::Continue(()))
        },
    )?;
    drop(progress);
    super::annotate::finish(&mut out, args.report.format)?;
    // The summary line is for people: stderr when stdout is for machines.
    if !args.quiet && args.report.format == super::annotate::ReportFormat::Human {
        writeln!(out, "{summary}")?;
    } else if !args.quiet {
        super::io::say(format_args!("{summary}"));
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

/// One file's diagnostics, printed (those allowed dropped) and counted.
fn report(
    parsed: crate::Result<crate::Parsed>,
    args: &Args,
    summary: &mut Summary,
    out: &mut impl Write,
) -> crate::Result<()> {
    match parsed {
        Ok(mut parsed) => {
            // An allowed code is neither shown nor counted.
            parsed.diagnostics.retain(|d| !args.report.allows(d));
            summary.record(&mut parsed, args.strict);
            summary.events += parsed.document.events().count();
            let shown = parsed
                .diagnostics
                .iter()
                .filter(|d| !args.quiet || d.severity >= Severity::Error);
            for diagnostic in shown {
                super::annotate::diagnostic(out, args.report.format, diagnostic)?;
            }
        }
        Err(error) => {
            match error.to_diagnostic() {
                Some(d) => super::annotate::diagnostic(out, args.report.format, &d)?,
                None => writeln!(out, "{}", super::describe(&error))?,
            }
            summary.record_unreadable();
        }
    }
    Ok(())
}
