//! The writer trait every output format implements.
//!
//! A writer takes events (or whole pages) one at a time and writes them to
//! any [`std::io::Write`]. [`Writer::finish`] flushes and reports errors;
//! nothing relies on `Drop`.

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

    /// How to encode this format's records away from the writer, on any
    /// thread; `None` (the default) when a record depends on more than its
    /// event (feeds sort and cut, JSON nests). A run with an encoder encodes
    /// on its worker threads and hands the bytes to
    /// [`Writer::write_encoded`].
    fn encoder(&self) -> Option<Box<dyn Encode>> {
        None
    }

    /// Writes records made by this writer's [`Writer::encoder`], as if each
    /// of their events had gone through [`Writer::write_event`].
    fn write_encoded(&mut self, records: &str) -> Result<()> {
        let _ = records;
        Err(std::io::Error::other("this writer does not take encoded records").into())
    }
}

/// Encodes events into a format's records: what [`Writer::write_event`]
/// would write for them, in the same order.
pub trait Encode: Send + Sync {
    /// Appends the records of `events` to `out`.
    fn encode(&self, events: &[Event], out: &mut String);
}
