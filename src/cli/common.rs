//! What the bulk commands share: their input flags, and how a run shows
//! problems, progress and its summary on stderr.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::run::{Observer, RunOptions};
use crate::{Diagnostic, Severity, Summary};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How many threads to use.
#[derive(Debug, clap::Args)]
pub struct Jobs {
    /// Threads (default: all cores). Output is the same for any N.
    #[arg(
        short = 'j',
        long = "jobs",
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    pub count: usize,
}

/// The largest input read whole.
#[derive(Debug, Clone, clap::Args)]
pub struct MaxPageSize {
    /// The largest page (or feed, or stdin) read, as bytes or with a K, M
    /// or G suffix; a larger one is an error naming it.
    #[arg(long, value_name = "SIZE", default_value = "4M", value_parser = size_arg)]
    pub max_page_size: usize,
}

impl MaxPageSize {
    /// Makes the limit the library's for this run.
    pub fn apply(&self) {
        crate::input::set_max_page_size(self.max_page_size);
    }
}

/// `8M`, `512k`, `2G`, `100000`: a size in bytes (powers of 1024).
fn size_arg(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let digits = lower.trim_end_matches(['b', 'i']);
    let (number, shift) = match digits.chars().last() {
        Some('k') => (&digits[..digits.len() - 1], 10),
        Some('m') => (&digits[..digits.len() - 1], 20),
        Some('g') => (&digits[..digits.len() - 1], 30),
        _ => (digits, 0),
    };
    number
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{text}` is not a size (like 8M, 512K or 100000)"))
}

/// Which edition's words pages are read in.
#[derive(Debug, Clone, clap::Args)]
pub struct EditionArg {
    /// Read every page as this edition (default: detected per page from its
    /// section words and link prefix).
    #[arg(long, value_name = "CODE", value_parser = ["en", "zh"], ignore_case = true)]
    pub edition: Option<String>,
}

impl EditionArg {
    /// Makes the choice the library's for this run.
    pub fn apply(&self) {
        let edition = self.edition.as_deref().and_then(crate::Edition::by_code);
        crate::edition::force(edition);
    }
}

/// Inputs and how to read them.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Files and folders to read (folders recursively); `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// One record per page, instead of one per event (site mode joins an
    /// event's page, its day-page lines, older slugs and topic twins).
    #[arg(long)]
    pub pages: bool,
    #[command(flatten)]
    pub jobs: Jobs,
    #[command(flatten)]
    pub edition: EditionArg,
    #[command(flatten)]
    pub max_page_size: MaxPageSize,
    #[command(flatten)]
    pub select: super::select::SelectArgs,
    /// Treat warnings, and pages that are not event documents, as errors.
    #[arg(long)]
    pub strict: bool,
    /// Stop at the first page with an error.
    #[arg(long)]
    pub fail_fast: bool,
    /// No progress bar, no warnings, no summary: errors only.
    #[arg(short, long)]
    pub quiet: bool,
    /// Keep event ids in this ledger (TSV), read and rewritten on each run,
    /// so that an event keeps its id when its pages are renamed or deleted
    /// (docs/site-mode.md). A missing file starts an empty ledger.
    #[arg(long, value_name = "FILE", visible_alias = "ids")]
    pub id_ledger: Option<PathBuf>,
}

impl InputArgs {
    /// The run's options; also reads pages as `--edition` from now on.
    pub fn options(&self) -> RunOptions {
        self.edition.apply();
        self.max_page_size.apply();
        RunOptions {
            jobs: self.jobs.count,
            strict: self.strict,
            fail_fast: self.fail_fast,
            pages: self.pages,
            id_ledger: self.id_ledger.clone(),
            selection: self.select.selection(),
            ..RunOptions::default()
        }
    }
}

/// Why a run found nothing to read, and what to do.
pub const EMPTY_SELECTION: &str =
    "note: no input files: folders are searched for `.md` pages only; \
name other files (`events.jsonl`, `feed.atom`) or give `--from FORMAT` to search folders for them";

/// Prints problems to stderr and, on a terminal, a progress bar once a run
/// has taken more than a moment.
pub struct Console {
    quiet: bool,
    /// Warnings are listed by `check`; bulk commands only count them.
    show_warnings: bool,
    started: Instant,
    bar: Option<ProgressBar>,
    terminal: bool,
    /// The bar with a count, rate and ETA, once [`Console::track`] knows the inputs.
    progress: Option<super::progress::Progress>,
}

impl Console {
    pub fn new(quiet: bool) -> Self {
        let terminal = !quiet && std::io::stderr().is_terminal();
        Console {
            quiet,
            show_warnings: false,
            started: Instant::now(),
            bar: None,
            terminal,
            progress: None,
        }
    }

    /// Shows a bar with the count of inputs done, the rate and an ETA
    /// (the inputs under `paths` counted on a thread of their own).
    pub fn track(&mut self, paths: &[PathBuf], options: &RunOptions) {
        let extensions = options.from.map_or(
            crate::formats::InputFormat::FOLDER_EXTENSIONS,
            crate::formats::InputFormat::extensions,
        );
        let progress =
            super::progress::Progress::new(self.quiet, paths, extensions, &options.selection);
        self.progress = Some(progress);
    }

    /// The closing line: counts and elapsed time (not with `--quiet`).
    pub fn finish(&mut self, summary: &Summary) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if let Some(mut progress) = self.progress.take() {
            progress.finish();
        }
        if !self.quiet {
            let elapsed = self.started.elapsed().as_secs_f64();
            let hint = if summary.warnings > 0 {
                " (`currents check` lists the warnings)"
            } else {
                ""
            };
            super::io::say(format_args!("currents: {summary} in {elapsed:.2}s{hint}"));
        }
        if summary.files == 0 {
            super::io::say(format_args!("currents: {EMPTY_SELECTION}"));
        }
    }
}

impl Observer for Console {
    fn diagnostic(&mut self, diagnostic: &Diagnostic) {
        if (self.quiet || !self.show_warnings) && diagnostic.severity < Severity::Error {
            return;
        }
        if let Some(progress) = &self.progress {
            let _ = progress.print(format!("{diagnostic}\n").as_bytes());
            return;
        }
        let print = || {
            let _ = writeln!(std::io::stderr().lock(), "{diagnostic}");
        };
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    fn progress(&mut self, summary: &Summary) {
        if let Some(progress) = &self.progress {
            progress.set(summary.files as u64);
            return;
        }
        if !self.terminal {
            return;
        }
        if self.bar.is_none() && self.started.elapsed() > Duration::from_millis(500) {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                    .expect("a valid template"),
            );
            bar.enable_steady_tick(Duration::from_millis(100));
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_message(summary.to_string());
        }
    }
}
