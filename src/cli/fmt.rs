//! `currents fmt`: rewrite pages in canonical markdown, in place.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use std::ops::ControlFlow;

use crate::fix::{Fix, FixReport};
use crate::format::{format_input, Mode, Outcome};
use crate::input::{walk, Input};
use crate::pipeline::for_each_ordered;

/// Rewrite pages in canonical markdown (see docs/canonical-markdown.md).
///
/// Files already canonical are not touched; others are replaced
/// atomically, keeping their permissions. Before writing, the output is
/// parsed again: a file whose model would change is refused, naming the
/// difference. Prose pages are skipped; pages with errors, or with text
/// the model cannot hold, are refused. `-` formats stdin to stdout.
/// Exit status: 1 when a file was refused or unreadable, or (with
/// `--check`) when a file would change.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  currents fmt news/\n  currents fmt --check news/\n  currents fmt --diff --fix entities,wiki page.md\n  currents fmt - < page.md > canonical.md"
)]
pub struct Args {
    /// Files and folders to format (folders: `.md` files, recursively); `-` is stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit 1 if any would.
    #[arg(long)]
    check: bool,
    /// Write nothing; print a unified diff of the changes.
    #[arg(long)]
    diff: bool,
    /// Content fixes to apply: entities, wiki, spaces (repeat or comma-separate).
    #[arg(long, value_name = "FIX", value_delimiter = ',')]
    fix: Vec<Fix>,
    #[command(flatten)]
    jobs: super::common::Jobs,
    /// No notes, fix counts or closing tally: errors (and the --check list) only.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Default)]
struct Tally {
    files: usize,
    changed: usize,
    skipped: usize,
    refused: usize,
    /// Fix counts over all files, in `Fix::ALL` order.
    fixed: [usize; 3],
}

pub fn run(args: Args) -> crate::Result<ExitCode> {
    let mut fixes = args.fix.clone();
    fixes.sort();
    fixes.dedup();
    let mode = if args.diff {
        Mode::Diff
    } else if args.check {
        Mode::Check
    } else {
        Mode::Write
    };
    let mut tally = Tally::default();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut err = std::io::stderr().lock();
    let work = |input: &Input| format_input(input, &fixes, mode);
    for_each_ordered(
        walk(&args.paths, &["md"]),
        args.jobs.count,
        work,
        |result| {
            tally.files += 1;
            let (input, file) = match result.and_then(|(input, file)| Ok((input, file?))) {
                Ok(done) => done,
                Err(error) => {
                    writeln!(err, "{}", super::describe(&error))?;
                    tally.refused += 1;
                    return Ok(ControlFlow::Continue(()));
                }
            };
            let stdin_passthrough = input == Input::Stdin && mode == Mode::Write;
            let (output, changed, report) = match file.outcome {
                Ok(Outcome::Formatted {
                    output,
                    changed,
                    fixes: report,
                }) => (output, changed, report),
                Ok(Outcome::NotEvent { reason }) => {
                    if !args.quiet {
                        writeln!(err, "{input}: note: skipped, not an event page ({reason})")?;
                    }
                    tally.skipped += 1;
                    if stdin_passthrough {
                        out.write_all(&file.original)?;
                    }
                    return Ok(ControlFlow::Continue(()));
                }
                Err(refusal) => {
                    writeln!(err, "{input}: error: {refusal}")?;
                    tally.refused += 1;
                    if stdin_passthrough {
                        out.write_all(&file.original)?;
                    }
                    return Ok(ControlFlow::Continue(()));
                }
            };
            if !fixes.is_empty() {
                if !args.quiet {
                    writeln!(err, "{input}: {}", fix_line(&fixes, &report))?;
                }
                for (total, fix) in tally.fixed.iter_mut().zip(Fix::ALL) {
                    *total += report.count(fix);
                }
            }
            tally.changed += usize::from(changed);
            if args.diff && changed {
                let old = String::from_utf8_lossy(&file.original);
                let name = input.to_string();
                let diff = similar::TextDiff::from_lines(old.as_ref(), output.as_str());
                write!(out, "{}", diff.unified_diff().header(&name, &name))?;
            } else if args.check && changed {
                writeln!(out, "{input}")?;
            } else if input == Input::Stdin && mode == Mode::Write {
                out.write_all(output.as_bytes())?;
            }
            if let Some(Err(error)) = file.written {
                // The file is named once, at the start of the line.
                let cause = match &error {
                    crate::Error::File { source, .. } => source.to_string(),
                    other => other.to_string(),
                };
                writeln!(err, "{input}: error: not written: {cause}")?;
                tally.refused += 1;
                tally.changed -= 1;
            }
            Ok(ControlFlow::Continue(()))
        },
    )?;
    out.flush()?;
    if !args.quiet {
        let verb = if mode != Mode::Write {
            "would be reformatted"
        } else {
            "reformatted"
        };
        write!(
            err,
            "{} checked, {} {verb}, {} skipped (not event pages), {} refused",
            plural(tally.files, "file"),
            tally.changed,
            tally.skipped,
            tally.refused
        )?;
        if !fixes.is_empty() {
            let totals: Vec<String> = Fix::ALL
                .iter()
                .zip(tally.fixed)
                .filter(|(fix, _)| fixes.contains(fix))
                .map(|(fix, n)| format!("{fix} {n}"))
                .collect();
            write!(err, "; fixed {}", totals.join(", "))?;
        }
        writeln!(err)?;
    }
    let failed = tally.refused > 0 || (args.check && tally.changed > 0);
    Ok(super::exit_code(failed))
}

/// `entities 3, wiki 1, spaces 0; 1 unbalanced quote left: ...`
fn fix_line(fixes: &[Fix], report: &FixReport) -> String {
    let counts: Vec<String> = fixes
        .iter()
        .map(|f| format!("{f} {}", report.count(*f)))
        .collect();
    let mut line = format!("fixed {}", counts.join(", "));
    for text in &report.unbalanced_quotes {
        let shown = match text.char_indices().nth(60) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.clone(),
        };
        line.push_str(&format!("; unbalanced '' left alone in `{shown}`"));
    }
    line
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
