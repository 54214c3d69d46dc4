//! Archived feeds (RFC 5005): the whole history as one archive document
//! per month and a subscription document of the newest entries that links
//! to the newest archive. An archive document links to the one before it
//! and to the subscription document, never to the one after it, so it
//! stays the same, byte for byte, once its month is over.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::entry::{entry, feed_meta, History};
use super::spill::{EntryStore, Spill, Stats};
use super::writer::{entry_xml, slim, write_document};
use super::{FeedKind, FeedOptions};
use crate::error::{Error, Result};
use crate::formats::writer::Writer;
use crate::model::Event;

/// The folder of the archive documents, beside the subscription document.
pub const ARCHIVE_DIR: &str = "archive";

/// Writes an archived feed into a folder: `feed.<ext>` (the newest
/// `limit` entries, 50 when the limit is 0) and `archive/YYYY-MM.<ext>`,
/// one per month with entries. Events are kept on disk and read back a
/// month at a time: memory holds a month and a few numbers per entry.
pub struct ArchiveWriter {
    dir: PathBuf,
    kind: FeedKind,
    options: FeedOptions,
    spill: Option<Spill>,
    written: Vec<(PathBuf, usize)>,
}

/// One archive document written: its month's name and entries.
struct Page {
    name: String,
    entries: Vec<(u32, Stats)>,
}

impl ArchiveWriter {
    /// An archived feed of `kind` (Atom or RSS) into `dir`.
    pub fn new(dir: &Path, kind: FeedKind, options: FeedOptions) -> Result<Self> {
        if kind == FeedKind::Json {
            return Err(Error::Usage(
                "archived feeds (RFC 5005) are Atom or RSS, not JSON Feed".into(),
            ));
        }
        Ok(ArchiveWriter {
            dir: dir.to_path_buf(),
            kind,
            options,
            spill: None,
            written: Vec::new(),
        })
    }

    /// The files written by [`Writer::finish`] and their entries: the
    /// archive documents oldest first, then the subscription document.
    pub fn written(&self) -> &[(PathBuf, usize)] {
        &self.written
    }

    /// The month's name (`YYYY-MM`) and the site-relative file name of
    /// its archive document.
    fn page_file(&self, month: i32) -> (String, String) {
        let (year, month0) = (month.div_euclid(12), month.rem_euclid(12) + 1);
        let name = format!("{year:04}-{month0:02}");
        let file = format!("{ARCHIVE_DIR}/{name}.{}", self.kind.extension());
        (name, file)
    }

    /// Writes one document of `entries` (their store numbers and stats).
    fn write_file(
        &mut self,
        file: &str,
        entries: &[(u32, Stats)],
        store: &mut EntryStore,
        (title, history): (Option<&str>, History),
    ) -> Result<()> {
        let mut stats = Stats::default();
        for (_, one) in entries {
            stats.merge(one);
        }
        let updated = stats
            .updated
            .unwrap_or_else(|| self.options.day_stamp(chrono::NaiveDate::default()));
        let mut meta = feed_meta(&self.options, self.kind, updated, None);
        meta.self_link = self.options.self_link(self.kind, Some(file));
        if let Some(title) = title {
            meta.title = format!("{}: {title}", meta.title);
        }
        if self.options.language_from_edition {
            meta.language = stats
                .language()
                .unwrap_or(&self.options.language)
                .to_string();
        }
        meta.history = history;
        let path = self.dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::File {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let mut out = crate::output::Output::open(Some(&path))?;
        let bytes = entries.iter().map(|(at, _)| store.get(*at));
        write_document(self.kind, &meta, bytes, &mut out)?;
        out.flush()?;
        out.commit()?;
        self.written.push((path, entries.len()));
        Ok(())
    }

    /// The archive documents, oldest month first.
    fn write_pages(&mut self, spill: &mut Spill, store: &mut EntryStore) -> Result<Vec<Page>> {
        let mut pages: Vec<Page> = Vec::new();
        let mut months = spill.months_newest_first();
        months.reverse();
        for (month, slots) in months {
            let mut entries = Vec::new();
            for event in spill.load(&slots)? {
                if self.options.filter.matches(&event) {
                    let xml = entry_xml(self.kind, &entry(&event, &self.options))?;
                    let mut one = Stats::default();
                    one.add(&event, &self.options);
                    entries.push((store.push(&xml)?, one));
                }
            }
            if entries.is_empty() {
                continue;
            }
            let (name, file) = self.page_file(month);
            let prev = pages
                .last()
                .map(|p: &Page| self.options.self_link(self.kind, Some(&p.name)));
            let current = self.options.self_link(self.kind, Some(&self.main_file()));
            let title = format!("archive {name}");
            let history = History::Archive { prev, current };
            self.write_file(&file, &entries, store, (Some(&title), history))?;
            pages.push(Page {
                name: file,
                entries,
            });
        }
        Ok(pages)
    }

    fn main_file(&self) -> String {
        format!("feed.{}", self.kind.extension())
    }
}

impl Writer for ArchiveWriter {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        if self.options.filter.matches_date(event.date) {
            Spill::push_into(&mut self.spill, &slim(event))?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        let mut spill = Spill::take_from(&mut self.spill)?;
        let mut store = EntryStore::new()?;
        let pages = self.write_pages(&mut spill, &mut store)?;
        if pages.is_empty() {
            return Err(Error::Format(
                "no events to archive: nothing written".into(),
            ));
        }
        let limit = match self.options.limit {
            0 => 50,
            n => n,
        };
        let newest: Vec<(u32, Stats)> = pages
            .iter()
            .rev()
            .flat_map(|p| p.entries.iter().copied())
            .take(limit)
            .collect();
        let prev = pages
            .last()
            .map(|p| self.options.self_link(self.kind, Some(&p.name)));
        let main = self.main_file();
        self.write_file(
            &main,
            &newest,
            &mut store,
            (None, History::Subscription { prev }),
        )
    }

    fn entries(&self) -> Option<Vec<(String, usize)>> {
        let names = self.written.iter().map(|(path, n)| {
            let name = path.strip_prefix(&self.dir).unwrap_or(path);
            (name.display().to_string(), *n)
        });
        Some(names.collect())
    }
}
