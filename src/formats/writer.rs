//! The writer trait every output format implements, and what a format whose
//! records stand alone offers a run on several threads.
//!
//! A writer takes events (or whole pages) one at a time and writes them to
//! any [`std::io::Write`]. [`Writer::finish`] flushes and reports errors;
//! nothing relies on `Drop`. Writers know nothing of threads: a parallel
//! run gives each thread a writer of its own into a buffer of its own, as
//! ripgrep's printers do, and puts the buffers together in order.

use std::io::Write;

use crate::error::Result;
use crate::model::{Document, Event};

/// A streaming output format.
pub trait Writer {
    /// Writes one event.
    fn write_event(&mut self, event: &Event) -> Result<()>;

    /// Writes one parsed page. Formats of events write the page's events;
    /// formats of pages (the model as JSON, markdown) write the page.
    fn write_document(&mut self, document: &Document) -> Result<()> {
        document
            .events()
            .try_for_each(|event| self.write_event(event))
    }

    /// Completes the output, flushes it and reports any error.
    fn finish(&mut self) -> Result<()>;

    /// For outputs that choose their entries (feeds), once finished: each
    /// document's name (empty for the one output) and how many entries it
    /// got, for the run's summary. `None` for outputs that write every event.
    fn entries(&self) -> Option<Vec<(String, usize)>> {
        None
    }
}

/// A format whose output is a head, then each event's records standing
/// alone (JSON Lines, CSV): records written by separate writers and put
/// one after another are the records one writer writes. This is what lets
/// [`run_records`](crate::run::run_records) write on several threads.
pub trait RecordFormat: Sync {
    /// Writes what comes before the first record (CSV: its BOM and header).
    fn head(&self, out: &mut dyn Write) -> Result<()>;

    /// A writer of records only, without the head, into `out`. Its
    /// [`Writer::finish`] flushes what it holds into `out`; it may go on
    /// writing after.
    fn records<'a>(&self, out: Box<dyn Write + 'a>) -> Box<dyn Writer + 'a>;
}
