//! The feed writers: buffering events, merging copies, choosing the
//! newest, and rendering one document (or one per group) through the
//! `rss` or `atom` syntax. A feed holds the newest events, so a feed
//! writer buffers the events it is given and writes everything in
//! [`Writer::finish`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::entry::{entry, feed_meta};
use super::spill::{EntryStore, Spill, Stats};
use super::{split, FeedKind, FeedOptions};
use crate::error::{Error, Result};
use crate::filter::SplitBy;
use crate::formats::writer::Writer;
use crate::formats::{atom, jsonfeed, rss};
use crate::model::Event;

/// The identity of an event within a feed: its site path without `.md`,
/// or, without a path, its date and headline.
fn event_key(event: &Event) -> String {
    match event.id() {
        Some(id) => id.to_string(),
        None => format!("{}\u{0}{}", event.date, event.headline),
    }
}

/// Merges events that are the same page (same site path, or same date and
/// headline without a path) and orders them for a feed: date descending,
/// then stable id ascending (the site path without `.md`, or date and
/// headline when there is no path).
///
/// The same event is often listed on a day page and has a page of its own:
/// the page with sources (the event page) wins, and the other fills what
/// it lacks (category, summary, contexts are unioned).
pub fn merge_events(events: impl IntoIterator<Item = Event>) -> Vec<Event> {
    // Only copies of one day merge, so pruning by date can never split them.
    let mut index: HashMap<(chrono::NaiveDate, String), usize> = HashMap::new();
    let mut merged: Vec<Event> = Vec::new();
    for event in events {
        let key = (event.date, event_key(&event));
        match index.get(&key) {
            Some(&at) => {
                let old = &mut merged[at];
                if rank(&event) > rank(old) {
                    let previous = std::mem::replace(old, event);
                    fill(old, previous);
                } else {
                    fill(old, event);
                }
            }
            None => {
                index.insert(key, merged.len());
                merged.push(event);
            }
        }
    }
    // Keys computed once per event, not once per comparison.
    let mut keyed: Vec<(String, Event)> = merged.into_iter().map(|e| (event_key(&e), e)).collect();
    keyed.sort_by(|(ka, a), (kb, b)| b.date.cmp(&a.date).then_with(|| ka.cmp(kb)));
    keyed.into_iter().map(|(_, e)| e).collect()
}

/// Which copy of an event wins a merge, whatever order they came in: one
/// with sources (the event page), then the page its Changes list calls the
/// current version, then the greater path.
fn rank(event: &Event) -> (bool, bool, Option<&str>) {
    let path = event.path.as_deref();
    let current = event
        .revisions
        .iter()
        .any(|r| r.is_current() && Some(r.path.as_str()) == path);
    (!event.sources.is_empty(), current, path)
}

fn fill(into: &mut Event, from: Event) {
    into.category = into.category.take().or(from.category);
    into.summary = into.summary.take().or(from.summary);
    into.date_link = into.date_link.take().or(from.date_link);
    union(&mut into.contexts, from.contexts);
    if into.related.is_empty() {
        into.related = from.related;
    }
    if into.revisions.is_empty() {
        into.revisions = from.revisions;
    }
}

/// Appends the tags of `from` that `into` lacks, each once, in order:
/// linear in the tags (an event may carry thousands).
fn union(into: &mut Vec<String>, from: Vec<String>) {
    let mut seen: HashSet<&str> = into.iter().map(String::as_str).collect();
    let fresh: Vec<bool> = from.iter().map(|tag| seen.insert(tag)).collect();
    let fresh = from
        .into_iter()
        .zip(fresh)
        .filter_map(|(tag, new)| new.then_some(tag));
    into.extend(fresh);
}

/// The events a feed shows: filtered, merged, ordered (see
/// [`merge_events`]) and cut to `options.limit`.
pub fn select(events: impl IntoIterator<Item = Event>, options: &FeedOptions) -> Vec<Event> {
    let mut chosen: Vec<Event> = merge_events(events)
        .into_iter()
        .filter(|e| options.filter.matches(e))
        .collect();
    if options.limit > 0 {
        chosen.truncate(options.limit);
    }
    chosen
}

/// Writes one feed (RSS, Atom or JSON Feed) of the newest events to `out`.
///
/// With a limit, events are buffered and pruned to about the newest
/// `limit`; without one (`--limit 0`, the whole history) they are kept on
/// disk and written a month at a time, newest first, so memory stays
/// bounded. [`Writer::finish`] selects (see [`select`]), writes the
/// document and flushes.
pub struct FeedWriter<W: Write> {
    out: W,
    kind: FeedKind,
    options: FeedOptions,
    events: Vec<Event>,
    /// The events of a feed without a limit.
    spill: Option<Spill>,
    /// Buffer length at which older events are dropped (see `prune`).
    prune_at: usize,
    /// The newest day of any event given, chosen or not.
    seen: Option<chrono::NaiveDate>,
    /// How many entries the feed got, once finished.
    entries: usize,
}

impl<W: Write> FeedWriter<W> {
    /// A feed writer of format `kind` into `out`.
    pub fn new(out: W, kind: FeedKind, options: FeedOptions) -> Self {
        FeedWriter {
            out,
            kind,
            options,
            events: Vec::new(),
            spill: None,
            prune_at: PRUNE_MIN,
            seen: None,
            entries: 0,
        }
    }

    /// How many entries the feed got (after [`Writer::finish`]).
    pub fn entries(&self) -> usize {
        self.entries
    }

    /// The output, once finished.
    pub fn into_inner(self) -> W {
        self.out
    }

    /// Keeps memory to about `limit` events: merges the buffer and drops
    /// events older than the `limit`-th newest. Safe because copies of one
    /// event share its date, and that cut-off only rises as events come.
    /// Not done under a context, category or text filter, which a later copy
    /// of an event (a day-page line with contexts) may change the outcome of.
    fn prune(&mut self) {
        let filter = &self.options.filter;
        let limit = self.options.limit;
        let by_content =
            !(filter.contexts.is_empty() && filter.categories.is_empty() && filter.grep.is_empty());
        if limit == 0 || by_content {
            return;
        }
        let mut merged = merge_events(std::mem::take(&mut self.events));
        if merged.len() > limit {
            let cutoff = merged[limit - 1].date;
            merged.retain(|e| e.date >= cutoff);
        }
        self.events = merged;
        self.prune_at = (self.events.len() * 2).max(PRUNE_MIN).max(limit * 4);
    }

    /// The whole history from the spill: entries made month by month,
    /// newest first, into a temporary file, then the document.
    fn finish_streamed(&mut self, mut spill: Spill) -> Result<()> {
        let mut store = EntryStore::new()?;
        let mut stats = Stats::default();
        for (_, slots) in spill.months_newest_first() {
            for event in spill.load(&slots)? {
                if self.options.filter.matches(&event) {
                    stats.add(&event, &self.options);
                    store.push(&entry_xml(self.kind, &entry(&event, &self.options))?)?;
                }
            }
        }
        self.check_not_empty(stats.entries)?;
        let entries = (0..stats.entries as u32).map(|at| store.get(at));
        let head = (None, self.seen);
        render_entries(
            self.kind,
            &self.options,
            &stats,
            head,
            entries,
            &mut self.out,
        )?;
        self.entries = stats.entries;
        Ok(())
    }

    fn check_not_empty(&self, entries: usize) -> Result<()> {
        if entries == 0 && self.options.refuse_empty {
            return Err(Error::Format(
                "the feed has no entries (--strict): nothing written".into(),
            ));
        }
        Ok(())
    }
}

/// The smallest buffer worth pruning: small, so memory holds little more
/// than the `limit` newest events; pruning is cheap (a sort of a few hundred).
const PRUNE_MIN: usize = 256;

/// The event as a feed needs it: of its revisions only their times, of
/// its Formats line only the HTML page, no unknown sections.
pub(crate) fn slim(event: &Event) -> Event {
    let mut event = event.clone();
    // Their times, and which page is the current version (for merging).
    event
        .revisions
        .retain(|r| r.timestamp.is_some() || r.is_current());
    for revision in &mut event.revisions {
        revision.headline = String::new();
        if !revision.is_current() {
            revision.path = String::new();
        }
    }
    event
        .formats
        .retain(|l| l.text.eq_ignore_ascii_case("html"));
    event.extra_sections = Vec::new();
    event
}

/// Renders a whole feed document.
/// Entries are made one at a time as they are written, so memory holds
/// the events, not the document.
fn render(
    kind: FeedKind,
    options: &FeedOptions,
    events: &[&Event],
    head: (Option<(SplitBy, &str, &str)>, Option<chrono::NaiveDate>),
    out: &mut dyn Write,
) -> Result<()> {
    let mut stats = Stats::default();
    events.iter().for_each(|e| stats.add(e, options));
    let entries = events.iter().map(|e| entry_xml(kind, &entry(e, options)));
    render_entries(kind, options, &stats, head, entries, out)
}

/// One entry's bytes in a feed of `kind`.
pub(crate) fn entry_xml(kind: FeedKind, entry: &super::entry::Entry) -> std::io::Result<Vec<u8>> {
    match kind {
        FeedKind::Rss => rss::entry_xml(entry),
        FeedKind::Atom => atom::entry_xml(entry),
        FeedKind::Json => jsonfeed::entry_json(entry),
    }
}

/// A feed whose entries' bytes are `entries`, in order, described by
/// `stats`; `head` is the split group (key, file) and the newest day of
/// the events given.
///
/// The feed's time is its newest entry's; an empty feed takes the newest
/// day of the events it was given, and with none it is refused: any other
/// date (1970, "now") would be a lie or break determinism.
pub(crate) fn render_entries(
    kind: FeedKind,
    options: &FeedOptions,
    stats: &Stats,
    (split, seen): (Option<(SplitBy, &str, &str)>, Option<chrono::NaiveDate>),
    entries: impl Iterator<Item = std::io::Result<Vec<u8>>>,
    out: &mut dyn Write,
) -> Result<()> {
    let updated = stats
        .updated
        .or_else(|| seen.map(|day| options.day_stamp(day)))
        .ok_or_else(|| {
            Error::Format("no events were read, so the feed has no date: nothing written".into())
        })?;
    let mut meta = feed_meta(options, kind, updated, split);
    if options.language_from_edition {
        meta.language = stats.language().unwrap_or(&options.language).to_string();
    }
    write_document(kind, &meta, entries, out)
}

/// The document of `meta` with `entries`, in the syntax of `kind`.
pub(crate) fn write_document(
    kind: FeedKind,
    meta: &super::entry::FeedMeta,
    entries: impl Iterator<Item = std::io::Result<Vec<u8>>>,
    out: &mut dyn Write,
) -> Result<()> {
    match kind {
        FeedKind::Rss => rss::render(meta, entries, out)?,
        FeedKind::Atom => atom::render(meta, entries, out)?,
        FeedKind::Json => jsonfeed::render(meta, entries, out)?,
    }
    Ok(())
}

impl<W: Write> Writer for FeedWriter<W> {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        self.seen = self.seen.max(Some(event.date));
        // Dates never change in a merge, so this part of the filter can
        // run early and keep the buffer small.
        if !self.options.filter.matches_date(event.date) {
            return Ok(());
        }
        if self.options.limit == 0 {
            return Spill::push_into(&mut self.spill, &slim(event));
        }
        self.events.push(slim(event));
        if self.events.len() >= self.prune_at {
            self.prune();
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        match self.spill.take() {
            Some(spill) => self.finish_streamed(spill)?,
            None => {
                let chosen = select(std::mem::take(&mut self.events), &self.options);
                self.check_not_empty(chosen.len())?;
                let refs: Vec<&Event> = chosen.iter().collect();
                render(
                    self.kind,
                    &self.options,
                    &refs,
                    (None, self.seen),
                    &mut self.out,
                )?;
                self.entries = refs.len();
            }
        }
        self.out.flush()?;
        Ok(())
    }

    fn entries(&self) -> Option<Vec<(String, usize)>> {
        Some(vec![(String::new(), self.entries)])
    }
}

/// Writes one feed file per context tag, category or day into a folder.
///
/// Each feed holds its group's newest `limit` events. Files are named by
/// the tag alone (see `split::stable_stem`): `<stem>.<rss|atom|json>`,
/// written atomically (temporary file, then rename). Events are kept on
/// disk and read back a month at a time, newest first; each event's entry
/// is made once, however many groups it is in, and kept on disk too: time
/// is linear in the tags, and memory holds a month of events and a number
/// per entry of each group.
pub struct SplitFeedWriter {
    dir: PathBuf,
    kind: FeedKind,
    split: SplitBy,
    options: FeedOptions,
    spill: Option<Spill>,
    written: Vec<PathBuf>,
    /// How many entries each file of `written` got, and its group's key.
    counts: Vec<usize>,
    keys: Vec<String>,
    keyless: usize,
}

/// A group being filled: its tag as shown, its entries, its head.
struct Filling {
    key: String,
    entries: Vec<u32>,
    stats: Stats,
}

impl SplitFeedWriter {
    /// A writer of `kind` feeds into the folder `dir` (created if missing).
    pub fn new(dir: &Path, kind: FeedKind, split: SplitBy, options: FeedOptions) -> Self {
        SplitFeedWriter {
            dir: dir.to_path_buf(),
            kind,
            split,
            options,
            spill: None,
            written: Vec::new(),
            counts: Vec::new(),
            keys: Vec::new(),
            keyless: 0,
        }
    }

    /// The group key (tag, category, day) of each file of
    /// [`SplitFeedWriter::written`], as its feed's title shows it.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The files written by [`Writer::finish`], in name order.
    pub fn written(&self) -> &[PathBuf] {
        &self.written
    }

    /// How many entries each file of [`SplitFeedWriter::written`] got.
    pub fn counts(&self) -> &[usize] {
        &self.counts
    }

    /// How many events belonged to no group (no context tag, no category).
    pub fn keyless(&self) -> usize {
        self.keyless
    }

    /// Every event's entry into the groups of its keys, newest first, at
    /// most `limit` a group.
    fn fill(
        &mut self,
        spill: &mut Spill,
        store: &mut EntryStore,
    ) -> Result<BTreeMap<String, Filling>> {
        let mut groups: BTreeMap<String, Filling> = BTreeMap::new();
        let limit = self.options.limit;
        for (_, slots) in spill.months_newest_first() {
            for event in spill.load(&slots)? {
                if !self.options.filter.matches(&event) {
                    continue;
                }
                let keys = split::keys(self.split, &event);
                self.keyless += usize::from(keys.is_empty());
                let mut made = None;
                for (folded, shown) in keys {
                    let group = groups.entry(folded).or_insert_with(|| Filling {
                        key: shown.clone(),
                        entries: Vec::new(),
                        stats: Stats::default(),
                    });
                    if shown < group.key {
                        group.key = shown;
                    }
                    if limit > 0 && group.entries.len() >= limit {
                        continue;
                    }
                    let at = match made {
                        Some(at) => at,
                        None => *made.insert(
                            store.push(&entry_xml(self.kind, &entry(&event, &self.options))?)?,
                        ),
                    };
                    group.entries.push(at);
                    group.stats.add(&event, &self.options);
                }
            }
        }
        Ok(groups)
    }
}

impl Writer for SplitFeedWriter {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        if self.options.filter.matches_date(event.date) {
            Spill::push_into(&mut self.spill, &slim(event))?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        let mut spill = Spill::take_from(&mut self.spill)?;
        let mut store = EntryStore::new()?;
        let groups = self.fill(&mut spill, &mut store)?;
        drop(spill);
        let file_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::File { path, source }
        };
        std::fs::create_dir_all(&self.dir).map_err(file_error(&self.dir))?;
        let mut named: Vec<(String, Filling)> = groups
            .into_iter()
            .map(|(folded, group)| (split::stem(self.split, &folded), group))
            .collect();
        named.sort_by(|a, b| a.0.cmp(&b.0));
        for (stem, group) in named {
            let file = format!("{stem}.{}", self.kind.extension());
            let path = self.dir.join(&file);
            let mut out = crate::output::Output::open(Some(&path))?;
            let head = (Some((self.split, group.key.as_str(), file.as_str())), None);
            let entries = group.entries.iter().map(|&at| store.get(at));
            render_entries(
                self.kind,
                &self.options,
                &group.stats,
                head,
                entries,
                &mut out,
            )?;
            out.commit()?;
            self.written.push(path);
            self.counts.push(group.entries.len());
            self.keys.push(group.key);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;
    use chrono::NaiveDate;

    /// 6000 events, 2500 distinct pages over 300 days; a page's second
    /// copy arrives long after the first and brings its sources.
    fn many_events() -> Vec<Event> {
        let base = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
        (0..6000)
            .map(|i| {
                let page = i % 2500;
                let date = base + chrono::Days::new(page as u64 % 300);
                let mut event = Event::new(date, format!("Event {page}"));
                event.path = Some(format!("/news/x/{page}.md"));
                if i >= 2500 {
                    event.sources = vec![Source::new("S", format!("https://s.example/{page}"))];
                } else {
                    event.contexts = vec![format!("c{}", page % 7)];
                }
                event
            })
            .collect()
    }

    #[test]
    fn merging_copies_unions_their_tags_once_each() {
        let date = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
        let copy = |tags: &[&str]| {
            let mut event = Event::new(date, "E");
            event.contexts = tags.iter().map(|t| t.to_string()).collect();
            event
        };
        let merged = merge_events([copy(&["a", "b", "a"]), copy(&["c", "b", "c", "d"])]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].contexts, ["a", "b", "a", "c", "d"]);
    }

    #[test]
    fn pruning_the_buffer_changes_nothing() {
        let events = many_events();
        let mut options = FeedOptions::new("https://example.org").unwrap();
        options.limit = 20;
        let mut streamed = Vec::new();
        let mut writer = FeedWriter::new(&mut streamed, FeedKind::Atom, options.clone());
        for event in &events {
            writer.write_event(event).unwrap();
        }
        assert!(writer.events.len() < 4096, "the buffer was pruned");
        writer.finish().unwrap();
        let chosen = select(events, &options);
        let refs: Vec<&Event> = chosen.iter().collect();
        let mut whole = Vec::new();
        render(FeedKind::Atom, &options, &refs, (None, None), &mut whole).unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            String::from_utf8(whole).unwrap()
        );
        assert_eq!(chosen.len(), 20);
        assert!(chosen
            .iter()
            .all(|e| !e.sources.is_empty() && !e.contexts.is_empty()));
    }

    #[test]
    fn the_whole_history_streamed_from_disk_is_the_feed_made_in_memory() {
        // Events of 300 days (ten months) in arrival order, copies apart.
        let events = many_events();
        let mut options = FeedOptions::new("https://example.org").unwrap();
        options.limit = 0;
        for kind in [FeedKind::Atom, FeedKind::Rss, FeedKind::Json] {
            let mut streamed = Vec::new();
            let mut writer = FeedWriter::new(&mut streamed, kind, options.clone());
            for event in &events {
                writer.write_event(event).unwrap();
            }
            assert!(writer.events.is_empty(), "kept on disk, not in memory");
            writer.finish().unwrap();
            assert_eq!(writer.entries(), 2500);
            let chosen = select(events.clone(), &options);
            let refs: Vec<&Event> = chosen.iter().collect();
            let mut whole = Vec::new();
            render(kind, &options, &refs, (None, None), &mut whole).unwrap();
            assert!(streamed == whole, "{kind:?}");
        }
    }

    /// The markdown parses (`plain_text` calls) a split by context costs
    /// for one event with `tags` tags: one feed per tag, each holding it.
    fn parses_to_split(tags: usize) -> usize {
        use crate::formats::text::PLAIN_TEXT_CALLS;
        let date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let mut event = Event::new(date, "Headline");
        event.contexts = (0..tags).map(|i| format!("Tag {i}")).collect();
        let dir = tempfile::tempdir().unwrap();
        let options = FeedOptions::new("https://example.org").unwrap();
        let mut writer =
            SplitFeedWriter::new(dir.path(), FeedKind::Atom, SplitBy::Context, options);
        let before = PLAIN_TEXT_CALLS.with(|calls| calls.get());
        writer.write_event(&event).unwrap();
        writer.finish().unwrap();
        assert_eq!(writer.written().len(), tags);
        PLAIN_TEXT_CALLS.with(|calls| calls.get()) - before
    }

    #[test]
    fn splitting_is_linear_in_the_tags() {
        // Each feed made its one entry afresh: tags × tags parses (500
        // tags took 70 s). Now the entry is made once.
        let (small, large) = (parses_to_split(200), parses_to_split(400));
        assert!(
            large <= 3 * small,
            "{small} parses for 200 tags, {large} for 400"
        );
    }
}
