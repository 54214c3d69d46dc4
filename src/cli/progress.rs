//! A progress bar on stderr for long runs: files done, rate and ETA. Only
//! on a terminal, never with `--quiet`, and only once a run has taken
//! more than half a second. The total is counted by a walk of its own on a
//! background thread, so the first pages are read at once; until it is
//! known the bar shows the count and the rate.

use std::cell::Cell;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::input::{walk_selected, Selection};

/// A run's progress bar (inert when not on a terminal or quiet).
pub struct Progress {
    bar: Option<ProgressBar>,
    total: Arc<OnceLock<u64>>,
    started: Instant,
    shown: Cell<bool>,
    sized: Cell<bool>,
}

impl Progress {
    /// A bar for a run over `paths` (folders walked for `extensions` as
    /// `selection` says); inert when `quiet` or stderr is not a terminal.
    pub fn new(
        quiet: bool,
        paths: &[PathBuf],
        extensions: &'static [&'static str],
        selection: &Selection,
    ) -> Self {
        let total = Arc::new(OnceLock::new());
        let active = !quiet && std::io::stderr().is_terminal();
        if active {
            let (paths, selection, total) = (paths.to_vec(), selection.clone(), total.clone());
            std::thread::spawn(move || {
                let count = walk_selected(&paths, extensions, selection).count();
                let _ = total.set(count as u64);
            });
        }
        let bar = active.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            bar.set_style(style("{spinner} {pos} files, {rate} (counting…)"));
            bar
        });
        Progress {
            bar,
            total,
            started: Instant::now(),
            shown: Cell::new(false),
            sized: Cell::new(false),
        }
    }

    /// `done` inputs are finished.
    pub fn set(&self, done: u64) {
        let Some(bar) = &self.bar else { return };
        bar.set_position(done);
        if !self.shown.get() && self.started.elapsed() > Duration::from_millis(500) {
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
            bar.enable_steady_tick(Duration::from_millis(100));
            self.shown.set(true);
        }
        if !self.sized.get() {
            if let Some(total) = self.total.get() {
                bar.set_length(*total);
                bar.set_style(style(
                    "{spinner} [{elapsed}] {wide_bar} {pos}/{len} files, {rate}, ETA {eta}",
                ));
                self.sized.set(true);
            }
        }
    }

    /// Writes `text` to stderr with the bar out of the way.
    pub fn print(&self, text: &[u8]) -> std::io::Result<()> {
        // A failing stderr is no reason to stop (see `io::say`).
        let write = || {
            let _ = std::io::stderr().lock().write_all(text);
        };
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
        Ok(())
    }

    /// Takes the bar off the screen.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .expect("a valid template")
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
                let _ = write!(out, "{:.0} files/s", state.per_sec());
            },
        )
}

/// Stderr through a [`Progress`]: whole lines, printed with the bar out
/// of the way (a line is never split by a redraw).
pub struct Lines<'a> {
    progress: &'a Progress,
    pending: Vec<u8>,
}

impl<'a> Lines<'a> {
    pub fn new(progress: &'a Progress) -> Self {
        Lines {
            progress,
            pending: Vec::new(),
        }
    }

    /// `done` inputs are finished: moves the bar.
    pub fn progress_to(&self, done: usize) {
        self.progress.set(done as u64);
    }
}

impl Write for Lines<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(end) = self.pending.iter().rposition(|&b| b == b'\n') {
            let rest = self.pending.split_off(end + 1);
            let lines = std::mem::replace(&mut self.pending, rest);
            self.progress.print(&lines)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let lines = std::mem::take(&mut self.pending);
            self.progress.print(&lines)?;
        }
        Ok(())
    }
}

impl Drop for Lines<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
