//! `currents fmt`: rewrite pages in canonical markdown, in place.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use std::ops::ControlFlow;

use super::annotate::ReportFormat;
use super::progress::{Lines, Progress};
use crate::fix::{Fix, FixReport};
use crate::format::Deviation;
use crate::format::{format_input, FileFormat, Mode, Outcome};
use crate::input::{walk_selected, Input};
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
    /// The canonical form: `site` (the site generator's own form; pages
    /// fresh from it are left as they are) or `compact` (one blank line
    /// between blocks, no trailing spaces, zero-padded dates).
    #[arg(long, value_name = "STYLE", default_value = "site", value_parser = style_parser())]
    style: crate::formats::markdown::Style,
    /// Content fixes to apply: entities, wiki, spaces (repeat or comma-separate).
    #[arg(long, value_name = "FIX", value_delimiter = ',', value_parser = fix_parser(), ignore_case = true)]
    fix: Vec<Fix>,
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
    /// No notes, fix counts or closing tally: errors (and the --check list) only.
    #[arg(short, long)]
    quiet: bool,
    /// Remove the temporary files (`.currents-*.tmp`) that killed runs
    /// left in the folders (they are listed either way).
    #[arg(long)]
    remove_stale: bool,
}

/// `--style`'s values, listed for completions and `--help`.
pub(super) fn style_parser(
) -> impl clap::builder::TypedValueParser<Value = crate::formats::markdown::Style> {
    use crate::formats::markdown::Style;
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Style::ALL.map(Style::name))
        .map(|name| name.parse::<Style>().expect("a listed style"))
}

/// `--fix`'s values, listed for completions and `--help`.
fn fix_parser() -> impl clap::builder::TypedValueParser<Value = Fix> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Fix::ALL.map(Fix::name))
        .map(|name| name.parse::<Fix>().expect("a listed fix"))
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
    args.edition.apply();
    args.max_page_size.apply();
    args.report.validate()?;
    let mut fixes = args.fix.clone();
    fixes.sort();
    fixes.dedup();
    let mode = args.mode();
    if mode != Mode::Write || args.paths.iter().any(|p| p.as_os_str() == "-") {
        super::io::require_stdout()?;
    }
    let selection = args.select.selection();
    // No bar over a list or a diff on the same terminal.
    let stdout_free = mode == Mode::Write || !std::io::stdout().is_terminal();
    let quiet_bar = args.quiet || !stdout_free;
    let mut progress = Progress::new(quiet_bar, &args.paths, &["md"], &selection);
    let mut report = Report {
        mode,
        check: args.check,
        quiet: args.quiet,
        report: &args.report,
        fixes: &fixes,
        tally: Tally::default(),
        written_in: BTreeSet::new(),
        // The exit status is the verdict: it stands when the reader goes away.
        out: super::io::KeepVerdict::new(std::io::BufWriter::new(std::io::stdout().lock())),
        err: Lines::new(&progress),
    };
    stale_temp_files(&args.paths, args.remove_stale, args.quiet);
    // However the run ends (a failed report write, a panic), the old pages go.
    let _cleanup = RemoveReplacedOnExit;
    // Reasons are worked out only when shown or when codes are allowed.
    let explain =
        !(args.quiet && args.report.format == ReportFormat::Human && args.report.allow.is_empty());
    let work = |input: &Input| format_input(input, (&fixes, args.style), (mode, explain));
    for_each_ordered(
        walk_selected(&args.paths, &["md"], selection),
        args.jobs.count,
        work,
        |result| report.take(result),
    )?;
    settle_replaced(&report.written_in)?;
    super::annotate::finish(&mut report.out, args.report.format)?;
    report.out.flush()?;
    let code = report.finish();
    progress.finish();
    code
}

impl Args {
    fn mode(&self) -> Mode {
        if self.diff {
            Mode::Diff
        } else if self.check {
            Mode::Check
        } else {
            Mode::Write
        }
    }
}

/// After the last page: the pages replaced are removed (those that could
/// not be are counted), and the folders written to are synced. Pages are
/// not synced one by one: their file systems once, at the end.
fn settle_replaced(written_in: &BTreeSet<PathBuf>) -> crate::Result<()> {
    let kept = crate::output::remove_replaced();
    if kept > 0 {
        super::io::say(format_args!(
            "warning: {kept} replaced pages could not be removed: they are `.currents-*.tmp` files (`fmt --remove-stale` removes them)"
        ));
    }
    crate::output::sync_filesystems(written_in.iter().map(PathBuf::as_path))
}

/// Removes the pages `fmt` replaced when dropped: after the normal end
/// (which removes them first, to report failures) it finds none left.
struct RemoveReplacedOnExit;

impl Drop for RemoveReplacedOnExit {
    fn drop(&mut self) {
        crate::output::remove_replaced();
    }
}

/// Says which temporary files killed runs left, and removes them when asked.
fn stale_temp_files(paths: &[PathBuf], remove: bool, quiet: bool) {
    /// A killed run can leave thousands (the old pages it replaced): the
    /// first few are named, the rest counted.
    const NAMED: usize = 3;
    let stale = crate::output::stale_temp_files(paths);
    if remove {
        let mut removed = 0;
        for file in &stale {
            match std::fs::remove_file(file) {
                Ok(()) => removed += 1,
                Err(e) => super::io::say(format_args!(
                    "{}: warning: temporary file not removed: {e}",
                    file.display()
                )),
            }
        }
        if !quiet && removed > 0 {
            let s = if removed == 1 { "" } else { "s" };
            super::io::say(format_args!(
                "note: {removed} temporary file{s} removed (left by killed runs)"
            ));
        }
        return;
    }
    if quiet {
        return;
    }
    for file in stale.iter().take(NAMED) {
        super::io::say(format_args!(
            "{}: note: temporary file left by a killed run; `--remove-stale` removes it",
            file.display()
        ));
    }
    if stale.len() > NAMED {
        super::io::say(format_args!(
            "note: and {} more temporary files left by killed runs; `--remove-stale` removes them",
            stale.len() - NAMED
        ));
    }
}

fn folder_of(path: &std::path::Path) -> PathBuf {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What `fmt` prints as files come back, and the tally for its last line.
struct Report<'a, O: Write, E: Write> {
    mode: Mode,
    /// `--check`: a file that would change fails the run (with `--diff` too).
    check: bool,
    quiet: bool,
    report: &'a super::annotate::ReportArgs,
    fixes: &'a [Fix],
    tally: Tally,
    /// The folders of the pages written, to sync at the end.
    written_in: BTreeSet<PathBuf>,
    out: O,
    err: E,
}

impl<O: Write> Report<'_, O, Lines<'_>> {
    /// One file back from the pool, in input order.
    fn take(
        &mut self,
        result: crate::Result<(Input, crate::Result<FileFormat>)>,
    ) -> crate::Result<ControlFlow<()>> {
        self.tally.files += 1;
        if let Ok((Input::File(path), Ok(file))) = &result {
            if matches!(file.written, Some(Ok(()))) {
                self.written_in.insert(folder_of(path));
            }
        }
        self.err.progress_to(self.tally.files);
        match result.and_then(|(input, file)| Ok((input, file?))) {
            Ok((input, file)) => self.file(&input, file)?,
            Err(error) => self.unreadable(&error)?,
        }
        Ok(ControlFlow::Continue(()))
    }
}

impl<O: Write, E: Write> Report<'_, O, E> {
    fn unreadable(&mut self, error: &crate::Error) -> std::io::Result<()> {
        self.tally.refused += 1;
        writeln!(self.err, "{}", super::describe(error))
    }

    /// One file's outcome: noted, counted, and its output (the list, the
    /// diff, or stdin's page) printed.
    fn file(&mut self, input: &Input, file: FileFormat) -> crate::Result<()> {
        let stdin_passthrough = *input == Input::Stdin && self.mode == Mode::Write;
        let (output, changed, fixed) = match file.outcome {
            Ok(Outcome::Formatted {
                output,
                changed,
                fixes,
            }) => (output, changed, fixes),
            Ok(Outcome::NotEvent { reason }) => {
                if !self.quiet {
                    writeln!(
                        self.err,
                        "{input}: note: skipped, not an event page ({reason})"
                    )?;
                }
                self.tally.skipped += 1;
                return self.pass_through(stdin_passthrough, &file.original);
            }
            Err(refusal) => {
                writeln!(self.err, "{input}: error: {refusal}")?;
                self.tally.refused += 1;
                return self.pass_through(stdin_passthrough, &file.original);
            }
        };
        self.count_fixes(input, &fixed)?;
        // With --check or --diff, a page whose every deviation is allowed passes.
        let shown: Vec<_> = file
            .deviations
            .iter()
            .filter(|d| !self.report.allows_rule(d.rule))
            .copied()
            .collect();
        let unexplained = file.deviations.is_empty();
        let changed = changed && (self.mode == Mode::Write || unexplained || !shown.is_empty());
        self.tally.changed += usize::from(changed);
        if changed && self.mode != Mode::Write {
            self.explain(input, &shown)?;
        }
        self.show(input, &file.original, &output, changed)?;
        if let Some(Err(error)) = file.written {
            // The file is named once, at the start of the line.
            let cause = match &error {
                crate::Error::File { source, .. } => source.to_string(),
                other => other.to_string(),
            };
            writeln!(self.err, "{input}: error: not written: {cause}")?;
            self.tally.refused += 1;
            self.tally.changed -= 1;
        }
        Ok(())
    }

    /// Stdin's page goes to stdout as it was when it is not formatted.
    fn pass_through(&mut self, stdin_passthrough: bool, original: &[u8]) -> crate::Result<()> {
        if stdin_passthrough {
            self.out.write_all(original)?;
        }
        Ok(())
    }

    fn count_fixes(&mut self, input: &Input, fixed: &FixReport) -> std::io::Result<()> {
        if self.fixes.is_empty() {
            return Ok(());
        }
        // A line only for the files a fix changed (or left a note on).
        let fixed_any = self.fixes.iter().any(|f| fixed.count(*f) > 0);
        if !self.quiet && (fixed_any || !fixed.unbalanced_quotes.is_empty()) {
            writeln!(self.err, "{input}: {}", fix_line(self.fixes, fixed))?;
        }
        for (total, fix) in self.tally.fixed.iter_mut().zip(Fix::ALL) {
            *total += fixed.count(fix);
        }
        Ok(())
    }

    /// Why a page would change: on stderr for people (unless quiet), on
    /// stdout in the machine formats.
    fn explain(&mut self, input: &Input, shown: &[Deviation]) -> std::io::Result<()> {
        use super::annotate::{deviations, ReportFormat};
        let name = input.to_string();
        match self.report.format {
            ReportFormat::Human if self.quiet => Ok(()),
            ReportFormat::Human => deviations(&mut self.err, ReportFormat::Human, &name, shown),
            format => deviations(&mut self.out, format, &name, shown),
        }
    }

    /// The mode's output for a formatted file: its diff, its name in the
    /// `--check` list, or (stdin) the page itself.
    fn show(
        &mut self,
        input: &Input,
        original: &[u8],
        output: &str,
        changed: bool,
    ) -> std::io::Result<()> {
        match self.mode {
            Mode::Diff if changed => {
                let old = String::from_utf8_lossy(original);
                let name = diff_name(input);
                let diff = similar::TextDiff::from_lines(old.as_ref(), output);
                write!(self.out, "{}", diff.unified_diff().header(&name, &name))
            }
            Mode::Check if changed && self.report.format == ReportFormat::Human => {
                writeln!(self.out, "{input}")
            }
            Mode::Write if *input == Input::Stdin => self.out.write_all(output.as_bytes()),
            _ => Ok(()),
        }
    }

    /// The closing tally, and the exit status.
    fn finish(mut self) -> crate::Result<ExitCode> {
        let tally = &self.tally;
        if !self.quiet {
            let verb = if self.mode != Mode::Write {
                "would be reformatted"
            } else {
                "reformatted"
            };
            write!(
                self.err,
                "{} checked, {} {verb}, {} skipped (not event pages), {} refused",
                plural(tally.files, "file"),
                tally.changed,
                tally.skipped,
                tally.refused
            )?;
            if !self.fixes.is_empty() {
                let totals: Vec<String> = Fix::ALL
                    .iter()
                    .zip(tally.fixed)
                    .filter(|(fix, _)| self.fixes.contains(fix))
                    .map(|(fix, n)| format!("{fix} {n}"))
                    .collect();
                write!(self.err, "; fixed {}", totals.join(", "))?;
            }
            writeln!(self.err)?;
        }
        let failed = tally.refused > 0 || (self.check && tally.changed > 0);
        Ok(super::exit_code(failed))
    }
}

/// A diff header's file name that both `patch -p0` and `git apply` (which
/// drops the first component) read as the file: `./`, then the path from
/// the working directory.
fn diff_name(input: &Input) -> String {
    let Some(path) = input.path() else {
        return input.to_string();
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let relative = match path.strip_prefix(&cwd) {
        Ok(inside) if path.is_absolute() => inside,
        _ => path,
    };
    let text = relative.display().to_string();
    if relative.is_absolute() || text.starts_with("./") || text.starts_with("../") {
        return text;
    }
    format!("./{text}")
}

/// `fixed entities 3, wiki 1; unbalanced '' left alone in …`: the fixes
/// that changed something.
fn fix_line(fixes: &[Fix], report: &FixReport) -> String {
    let counts: Vec<String> = fixes
        .iter()
        .filter(|f| report.count(**f) > 0)
        .map(|f| format!("{f} {}", report.count(*f)))
        .collect();
    let mut line = match counts.is_empty() {
        true => "fixed nothing".to_string(),
        false => format!("fixed {}", counts.join(", ")),
    };
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
