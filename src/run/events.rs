//! The bulk run as an iterator: [`events`].

use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use super::{run, Observer, RunOptions};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::formats::Writer;
use crate::model::Event;
use crate::summary::Summary;

/// What [`events`] yields, in the run's order.
// Most items are events: boxing them would allocate once more per event.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Item {
    /// An event (site mode: one per event; with `pages`, one per page's event).
    Event(Event),
    /// A problem in an input: warnings and errors, with file, line, column.
    Diagnostic(Diagnostic),
}

/// Events and diagnostics as [`run`] makes them, pulled one at a time.
/// Dropping it early stops the run.
pub struct Events {
    items: Receiver<Item>,
    worker: Option<JoinHandle<Result<Summary>>>,
}

/// Reads every input under `paths` (files, folders, `-` for stdin) the way
/// `currents convert` does — site mode included, on `options.jobs`
/// threads — and yields its events and diagnostics as they come.
///
/// ```
/// use currents::run::{events, Item, RunOptions};
///
/// let mut headlines = Vec::new();
/// let mut run = events(vec!["samples/news/2017/06/19".into()], RunOptions::default());
/// for item in run.by_ref() {
///     if let Item::Event(event) = item {
///         headlines.push(event.headline);
///     }
/// }
/// let summary = run.finish()?;
/// assert_eq!(summary.events, headlines.len());
/// # Ok::<(), currents::Error>(())
/// ```
pub fn events(paths: Vec<PathBuf>, options: RunOptions) -> Events {
    // A few days' events in flight: enough to keep the run busy while the
    // caller works, bounded so memory stays flat.
    let (sender, items) = sync_channel(256);
    let worker = std::thread::spawn(move || {
        let mut channel = Channel(sender);
        let mut observer = channel.clone();
        run(&paths, &options, &mut channel, &mut observer)
    });
    Events {
        items,
        worker: Some(worker),
    }
}

impl Events {
    /// Waits for the run to end and returns its counts, or the error that
    /// stopped it. Items not taken yet are dropped.
    pub fn finish(mut self) -> Result<Summary> {
        self.join()
    }

    fn join(&mut self) -> Result<Summary> {
        // Unblock a run waiting to hand over an item.
        drop(std::mem::replace(&mut self.items, sync_channel(0).1));
        let worker = self.worker.take().expect("joined once");
        match worker.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

impl Iterator for Events {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        self.items.recv().ok()
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        if self.worker.is_some() {
            // The run's own result no longer has a reader.
            let _ = self.join();
        }
    }
}

/// The run's writer and observer: both hand items to the iterator.
#[derive(Clone)]
struct Channel(SyncSender<Item>);

impl Writer for Channel {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        self.0
            .send(Item::Event(event.clone()))
            .map_err(|_| Error::Io(std::io::ErrorKind::BrokenPipe.into()))
    }

    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

impl Observer for Channel {
    fn diagnostic(&mut self, diagnostic: &Diagnostic) {
        let _ = self.0.send(Item::Diagnostic(diagnostic.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/news/2017/06/19");

    #[test]
    fn yields_what_a_run_writes() {
        let options = RunOptions {
            jobs: 2,
            ..RunOptions::default()
        };
        let mut pulled = events(vec![DAY.into()], options.clone());
        let got: Vec<Item> = pulled.by_ref().collect();
        let summary = pulled.finish().unwrap();

        struct Quiet;
        impl Observer for Quiet {
            fn diagnostic(&mut self, _: &Diagnostic) {}
        }
        let mut collect = Collect(Vec::new());
        let expected = run(&[DAY.into()], &options, &mut collect, &mut Quiet).unwrap();
        let events: Vec<Event> = got
            .into_iter()
            .filter_map(|item| match item {
                Item::Event(event) => Some(event),
                Item::Diagnostic(_) => None,
            })
            .collect();
        assert_eq!(summary, expected);
        assert!(!events.is_empty());
        assert_eq!(events, collect.0);
    }

    #[test]
    fn dropping_it_early_stops_the_run() {
        let mut pulled = events(vec![DAY.into()], RunOptions::default());
        assert!(pulled.next().is_some());
        drop(pulled); // returns: the run saw its reader go
    }

    struct Collect(Vec<Event>);

    impl Writer for Collect {
        fn write_event(&mut self, event: &Event) -> Result<()> {
            self.0.push(event.clone());
            Ok(())
        }

        fn finish(&mut self) -> Result<()> {
            Ok(())
        }
    }
}
