//! Events kept on disk, read back a month at a time: what lets a feed of
//! the whole history, a folder of split feeds or a set of monthly archives
//! be written in memory bounded by the largest month, whatever order the
//! events come in. Copies of one event share its date, so a month holds
//! every copy of its events and merges on its own.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::entry::event_times;
use super::writer::merge_events;
use crate::error::{Error, Result};
use crate::model::Event;

/// Events in a temporary file (JSON, one after another), indexed by month.
pub(crate) struct Spill {
    file: File,
    end: u64,
    /// (month, offset, length) of each event, in arrival order.
    slots: Vec<(i32, u64, u32)>,
}

/// A month as a number that orders like the months: year × 12 + month.
pub(crate) fn month_of(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

impl Spill {
    pub fn new() -> Result<Self> {
        Ok(Spill {
            file: tempfile::tempfile()?,
            end: 0,
            slots: Vec::new(),
        })
    }

    /// Keeps `event` in `slot`'s spill, made (a temporary file) on the
    /// first event, so that a writer given no events makes no file.
    pub fn push_into(slot: &mut Option<Spill>, event: &Event) -> Result<()> {
        let spill = match slot {
            Some(spill) => spill,
            None => slot.insert(Spill::new()?),
        };
        spill.push(event)
    }

    /// The spill `slot` holds, emptied out of it; an empty one when no
    /// event came (and none was made).
    pub fn take_from(slot: &mut Option<Spill>) -> Result<Spill> {
        slot.take().map_or_else(Spill::new, Ok)
    }

    /// Keeps `event` on disk.
    pub fn push(&mut self, event: &Event) -> Result<()> {
        let bytes = serde_json::to_vec(event).map_err(|e| Error::Format(e.to_string()))?;
        let len = u32::try_from(bytes.len())
            .map_err(|_| Error::Format("an event of more than 4 GiB".into()))?;
        self.file.seek(SeekFrom::Start(self.end))?;
        self.file.write_all(&bytes)?;
        self.slots.push((month_of(event.date), self.end, len));
        self.end += u64::from(len);
        Ok(())
    }

    /// The months held, newest first, each with its events' slots in
    /// arrival order.
    pub fn months_newest_first(&self) -> Vec<(i32, Vec<usize>)> {
        let mut order: Vec<usize> = (0..self.slots.len()).collect();
        order.sort_by_key(|&at| (std::cmp::Reverse(self.slots[at].0), at));
        let mut months: Vec<(i32, Vec<usize>)> = Vec::new();
        for at in order {
            let month = self.slots[at].0;
            match months.last_mut() {
                Some((m, slots)) if *m == month => slots.push(at),
                _ => months.push((month, vec![at])),
            }
        }
        months
    }

    /// The events of `slots`, merged and ordered for a feed (see
    /// [`merge_events`]).
    pub fn load(&mut self, slots: &[usize]) -> Result<Vec<Event>> {
        let mut events = Vec::with_capacity(slots.len());
        let mut buffer = Vec::new();
        for &at in slots {
            let (_, offset, len) = self.slots[at];
            buffer.resize(len as usize, 0);
            self.file.seek(SeekFrom::Start(offset))?;
            self.file.read_exact(&mut buffer)?;
            let event: Event =
                serde_json::from_slice(&buffer).map_err(|e| Error::Format(e.to_string()))?;
            events.push(event);
        }
        Ok(merge_events(events))
    }
}

/// What a feed's head says of its entries: the newest time, and the one
/// edition they share (for the feed's language).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Stats {
    pub entries: usize,
    pub updated: Option<NaiveDateTime>,
    /// `Some(None)` once entries of two editions were seen.
    edition: Option<Option<&'static crate::Edition>>,
}

impl Stats {
    pub fn add(&mut self, event: &Event, options: &super::FeedOptions) {
        self.entries += 1;
        self.updated = self.updated.max(Some(event_times(event, options).1));
        let edition = crate::Edition::of_event(event);
        self.edition = match self.edition {
            None => Some(Some(edition)),
            Some(Some(seen)) if std::ptr::eq(seen, edition) => Some(Some(seen)),
            _ => Some(None),
        };
    }

    /// Adds the entries `other` describes.
    pub fn merge(&mut self, other: &Stats) {
        self.entries += other.entries;
        self.updated = self.updated.max(other.updated);
        self.edition = match (self.edition, other.edition) {
            (None, theirs) => theirs,
            (ours, None) => ours,
            (Some(Some(a)), Some(Some(b))) if std::ptr::eq(a, b) => Some(Some(a)),
            _ => Some(None),
        };
    }

    /// The language of the entries' one edition, if they share one.
    pub fn language(&self) -> Option<&'static str> {
        self.edition.flatten().map(|e| e.language)
    }
}

/// Entries' bytes in a temporary file, each kept once and read back as
/// often as needed.
pub(crate) struct EntryStore {
    file: File,
    end: u64,
    at: Vec<(u64, u32)>,
}

impl EntryStore {
    pub fn new() -> Result<Self> {
        Ok(EntryStore {
            file: tempfile::tempfile()?,
            end: 0,
            at: Vec::new(),
        })
    }

    /// Keeps `bytes`; returns their number.
    pub fn push(&mut self, bytes: &[u8]) -> std::io::Result<u32> {
        self.file.seek(SeekFrom::Start(self.end))?;
        self.file.write_all(bytes)?;
        self.at.push((self.end, bytes.len() as u32));
        self.end += bytes.len() as u64;
        Ok((self.at.len() - 1) as u32)
    }

    /// The bytes kept as number `index`.
    pub fn get(&mut self, index: u32) -> std::io::Result<Vec<u8>> {
        let (offset, len) = self.at[index as usize];
        let mut bytes = vec![0; len as usize];
        self.file.seek(SeekFrom::Start(offset))?;
        self.file.read_exact(&mut bytes)?;
        Ok(bytes)
    }
}
