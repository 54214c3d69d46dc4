//! The parallel route of a site-mode run of a record format (JSON Lines,
//! CSV). Consecutive pages go to one thread together (a batch), which
//! parses them, joins each day and writes its records with a writer of its
//! own into a buffer of its own, as ripgrep's printers do; only finished
//! bytes cross threads. A model built on one core and read and freed on
//! another costs the allocator and the caches more than the work itself.
//!
//! The bytes are the sequential route's. A day is joined and written where
//! it was parsed only when nothing outside its batch can join it: it does
//! not go on from the day the batches before left open, and no front page
//! seen so far lists it. A batch's last day is passed on, parsed, to the
//! next batch if that one has not started (it joins it with its first
//! pages); if it has, its first date says whether the day ends here.
//! Front pages, and days that reach outside their batch otherwise, travel
//! to the calling thread parsed and are joined there as the sequential
//! route joins them. What the batches tell each other is in a [`Ledger`]. A
//! batch with an input in another format (or stdin) goes the sequential way
//! whole.
//!
//! Workers never wait for each other (waiting for the batch before made
//! them take turns: 0.3 s of waits in a 1.7 s run). A day that ends before
//! the batches before are all parsed is written anyway. If it is its
//! batch's first, a copy of its pages is kept; the others only a front page
//! could join, so only their paths are kept. At the batch's end the worker
//! decides if it then knows; else the calling thread, which knows, does.
//! The one page read twice is one whose day a front page of a batch parsed
//! at the same time lists.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::io::Write;
use std::ops::{ControlFlow, Range};
use std::rc::Rc;
use std::sync::{Mutex, MutexGuard};

use chrono::NaiveDate;

use super::{parse_markdown, State};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::formats::{InputFormat, RecordFormat, Writer};
use crate::input::Input;
use crate::model::{Document, Event};
use crate::parse::Parsed;
use crate::site::merge_day;
use crate::summary::raise;

/// Inputs per batch, at least: a few days of pages, so that most days are
/// joined where their pages were parsed.
const BATCH_INPUTS: usize = 48;
/// Inputs per batch, at most, when a folder holds more.
const MAX_BATCH_INPUTS: usize = 4 * BATCH_INPUTS;
/// Batches in flight per thread: enough to balance the threads, few enough
/// that memory stays flat.
const BATCHES_PER_THREAD: usize = 4;
/// Room for a batch's records, so that they are not copied as they grow:
/// records take about as many bytes as their pages.
const RECORDS_CAPACITY: usize = BATCH_INPUTS * 4096;

/// Consecutive inputs, handled by one thread.
struct Batch {
    /// Its place in the run.
    seq: usize,
    items: Vec<Result<Input>>,
    /// No batch comes after it.
    last: bool,
}

/// What a worker made of a batch.
enum Done {
    /// Days joined: a report per input, then the output in order.
    Joined {
        reports: Vec<Report>,
        pieces: Vec<Piece>,
        records: Vec<u8>,
    },
    /// For the sequential route: the day the batch before passed on, then
    /// each markdown input parsed, as is.
    Sequential {
        carried: Vec<Document>,
        parsed: Vec<Option<Result<Parsed>>>,
    },
}

/// One input of a joined batch.
enum Report {
    /// An input that could not be listed: its error is in the batch.
    NotListed,
    Unreadable(Error),
    /// A parsed page's diagnostics (raised under `--strict`).
    Page {
        diagnostics: Vec<Diagnostic>,
        not_event: bool,
    },
}

/// A joined batch's output, in order.
enum Piece {
    /// A day joined and written on the worker: its records in the batch's
    /// `records`.
    Written {
        date: NaiveDate,
        records: Range<usize>,
        events: usize,
    },
    /// Pages for the calling thread to join, in page order: a day that may
    /// reach outside the batch, or a front page.
    Parsed(Vec<Document>),
    /// A day written before the batches before it were all parsed: the
    /// calling thread, which knows, writes its records if no page outside
    /// the batch joins it, else joins its pages.
    Tentative {
        written: Box<Piece>,
        documents: Vec<Document>,
    },
    /// The same for a day inside its batch, which only a front page of a
    /// batch still being parsed could join (no site has more than one or
    /// two): kept without a copy of its pages, which are read again in that
    /// case alone.
    Unless {
        written: Box<Piece>,
        members: Vec<Input>,
    },
}

/// Bytes written through any of its handles, on one thread: a worker's
/// output, or the calling thread's own records waiting for their turn.
#[derive(Clone, Default)]
pub(super) struct Buffer(Rc<RefCell<Vec<u8>>>);

impl Buffer {
    fn len(&self) -> usize {
        self.0.borrow().len()
    }

    /// Puts `bytes` in and gives back what was there.
    fn swap(&self, bytes: Vec<u8>) -> Vec<u8> {
        std::mem::replace(&mut *self.0.borrow_mut(), bytes)
    }

    /// Writes what it holds to `out` and empties it.
    pub(super) fn move_to(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut bytes = self.0.borrow_mut();
        if !bytes.is_empty() {
            out.write_all(&bytes)?;
            bytes.clear();
        }
        Ok(())
    }
}

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A worker thread's writer, into the thread's own buffer: made once per
/// thread, for all the batches it takes.
struct Worker {
    buffer: Buffer,
    writer: Box<dyn Writer>,
}

impl Worker {
    fn new(format: &dyn RecordFormat) -> Self {
        let buffer = Buffer::default();
        let writer = format.records(Box::new(buffer.clone()));
        Worker { buffer, writer }
    }
}

/// What a worker needs besides its batch, shared by all.
struct Context<'a> {
    from: Option<InputFormat>,
    strict: bool,
    ledger: &'a Ledger,
    /// Record buffers go back to the workers once written: memory is
    /// reused, never freed by a thread that did not allocate it.
    spare: &'a Mutex<Vec<Vec<u8>>>,
}

/// Runs `inputs` through batches; see the module's comment. `pending` is
/// where `state`'s writer writes: its records go to `out` before the next
/// batch's.
pub(super) fn run(
    inputs: impl Iterator<Item = Result<Input>>,
    state: &mut State,
    format: &dyn RecordFormat,
    pending: &Buffer,
    out: &mut dyn Write,
) -> Result<()> {
    let ledger = Ledger::default();
    let spare = Mutex::new(Vec::new());
    let context = Context {
        from: state.options.from,
        strict: state.options.strict,
        ledger: &ledger,
        spare: &spare,
    };
    let jobs = state.options.jobs;
    let in_flight = BATCHES_PER_THREAD * crate::pipeline::threads(jobs);
    crate::pipeline::for_each_streamed(
        batches(inputs),
        jobs,
        in_flight,
        || Worker::new(format),
        |worker, batch| work(worker, batch, &context),
        |batch, done| match done {
            Done::Sequential { carried, parsed } => {
                for document in carried {
                    state.accept(document)?;
                }
                for (item, parsed) in batch.items.into_iter().zip(parsed) {
                    if state.take(item.map(|input| (input, parsed)))?.is_break() {
                        return Ok(ControlFlow::Break(()));
                    }
                }
                Ok(ControlFlow::Continue(()))
            }
            Done::Joined {
                reports,
                pieces,
                mut records,
            } => {
                for piece in pieces {
                    state.take_piece(piece, &records, pending, out)?;
                }
                for (item, report) in batch.items.into_iter().zip(reports) {
                    state.take_report(item, report)?;
                }
                records.clear();
                if let Ok(mut spare) = spare.lock() {
                    spare.push(records);
                }
                Ok(ControlFlow::Continue(()))
            }
        },
    )
}

/// Groups inputs into batches that end where a folder ends (a site keeps
/// each day in its own folder) once they hold [`BATCH_INPUTS`].
fn batches(inputs: impl Iterator<Item = Result<Input>>) -> impl Iterator<Item = Batch> {
    let mut inputs = inputs.peekable();
    let mut seq = 0;
    std::iter::from_fn(move || {
        let mut items = Vec::with_capacity(BATCH_INPUTS);
        while let Some(item) = inputs.next() {
            items.push(item);
            let Some(next) = inputs.peek() else {
                break;
            };
            let full = items.len() >= BATCH_INPUTS && items.last().and_then(folder) != folder(next);
            if full || items.len() >= MAX_BATCH_INPUTS {
                break;
            }
        }
        seq += 1;
        let last = inputs.peek().is_none();
        (!items.is_empty()).then_some(Batch {
            seq: seq - 1,
            items,
            last,
        })
    })
}

/// The folder of a listed file.
fn folder(item: &Result<Input>) -> Option<&std::path::Path> {
    item.as_ref().ok()?.path()?.parent()
}

/// Parses a batch, joining and writing each day as it ends when it can:
/// on a worker thread.
fn work(worker: &mut Worker, batch: &Batch, context: &Context) -> Done {
    let markdown = |input: &Input| InputFormat::of(input, context.from) == InputFormat::Markdown;
    let other = |item: &Result<Input>| matches!(item, Ok(i) if *i == Input::Stdin || !markdown(i));
    if batch.items.iter().any(other) {
        return sequential(batch, context);
    }
    // Parsed before any is joined: a file of several pages (told only once
    // read) sends the whole batch the sequential way.
    let mut pages = Vec::with_capacity(batch.items.len());
    for item in &batch.items {
        let page = match item.as_ref().ok().map(Input::parse_page) {
            Some(Ok(None)) => return sequential(batch, context),
            Some(Ok(Some(parsed))) => Some(Ok(parsed)),
            Some(Err(error)) => Some(Err(error)),
            None => None,
        };
        pages.push(page);
    }
    let mut reports = Vec::with_capacity(batch.items.len());
    let reused = context.spare.lock().ok().and_then(|mut spare| spare.pop());
    worker
        .buffer
        .swap(reused.unwrap_or_else(|| Vec::with_capacity(RECORDS_CAPACITY)));
    let mut joiner = Joiner::new(worker, batch, context.ledger);
    for (place, page) in pages.into_iter().enumerate() {
        let mut parsed = match page {
            None => {
                reports.push(Report::NotListed);
                continue;
            }
            Some(Ok(parsed)) => parsed,
            Some(Err(error)) => {
                reports.push(Report::Unreadable(error));
                continue;
            }
        };
        raise(&mut parsed, context.strict);
        let failed = parsed.has_errors();
        let not_event = matches!(parsed.document, Document::NotEvent(_));
        reports.push(Report::Page {
            diagnostics: parsed.diagnostics,
            not_event,
        });
        if !failed {
            joiner.page(parsed.document, place);
        }
    }
    let pieces = joiner.finish();
    let records = worker.buffer.swap(Vec::new());
    Done::Joined {
        reports,
        pieces,
        records,
    }
}

/// A batch with an input in another format: its markdown parsed for the
/// sequential route, and what it tells the batches after it noted.
fn sequential(batch: &Batch, context: &Context) -> Done {
    let mut told = Told::new(context.ledger, batch.seq);
    // Its first day is not told: a day passed on goes the sequential way.
    let carried = told.seal(None).map_or_else(Vec::new, |day| day.documents);
    let parse = |item: &Result<Input>| {
        let mut parsed = parse_markdown(item.as_ref().ok()?, context.from)?;
        if let Ok(parsed) = &mut parsed {
            raise(parsed, context.strict);
            if !parsed.has_errors() {
                told.page(&parsed.document); // sealed: nothing comes back
            }
        }
        Some(parsed)
    };
    let parsed = batch.items.iter().map(parse).collect();
    drop(told);
    Done::Sequential { carried, parsed }
}

/// The date of a page that opens or continues a day.
fn day_of(document: &Document) -> Option<NaiveDate> {
    match document {
        Document::Event(event) => Some(event.date),
        Document::Day(listing) => Some(listing.date),
        _ => None,
    }
}

/// The pages of one day of a batch, in page order.
struct OpenDay {
    date: NaiveDate,
    /// The batch it began in.
    origin: usize,
    /// That batch's first day: it may go on from the batches before.
    first: bool,
    /// To be joined on the calling thread whatever the ledger says.
    hand_over: bool,
    documents: Vec<Document>,
    /// Their places in the batch it began in.
    members: Vec<usize>,
}

/// A joined batch under way.
struct Joiner<'a> {
    worker: &'a mut Worker,
    batch: &'a Batch,
    told: Told<'a>,
    open: Option<OpenDay>,
    /// Days are closed: the next one is not the batch's first.
    closed_one: bool,
    pieces: Vec<Piece>,
    /// Days written before the batches before were all parsed, with a copy
    /// of their pages in case they must be joined elsewhere (by their place
    /// in `pieces`).
    undecided: Vec<(usize, OpenDay)>,
    /// The same for days inside the batch, without a copy.
    unless: Vec<(usize, NaiveDate, Vec<usize>)>,
}

impl<'a> Joiner<'a> {
    fn new(worker: &'a mut Worker, batch: &'a Batch, ledger: &'a Ledger) -> Self {
        Joiner {
            worker,
            batch,
            told: Told::new(ledger, batch.seq),
            open: None,
            closed_one: false,
            pieces: Vec::new(),
            undecided: Vec::new(),
            unless: Vec::new(),
        }
    }

    /// Takes a page without errors.
    fn page(&mut self, document: Document, place: usize) {
        if let Some(carried) = self.told.page(&document) {
            // Its pages come before any of this batch's that opens a day.
            self.open = Some(carried);
        }
        if let Document::FrontPage(_) = &document {
            // Its lines may join the open day: it goes over with its pages.
            match &mut self.open {
                Some(open) => {
                    open.hand_over = true;
                    open.documents.push(document);
                }
                None => self.pieces.push(Piece::Parsed(vec![document])),
            }
            return;
        }
        let Some(date) = day_of(&document) else {
            return;
        };
        if self.open.as_ref().is_some_and(|open| open.date != date) {
            let day = self.open.take().expect("a day is open");
            self.close(day);
        }
        let first = !self.closed_one;
        let origin = self.batch.seq;
        let open = self.open.get_or_insert_with(|| OpenDay {
            date,
            origin,
            first,
            hand_over: false,
            documents: Vec::new(),
            members: Vec::new(),
        });
        open.documents.push(document);
        open.members.push(place);
    }

    /// Ends a day that is not the batch's last.
    fn close(&mut self, day: OpenDay) {
        self.closed_one = true;
        if day.hand_over {
            self.pieces.push(Piece::Parsed(day.documents));
            return;
        }
        let known = self.told.ledger.lock().parsed_through >= self.batch.seq;
        if known {
            let piece = self.decide(day);
            self.pieces.push(piece);
        } else if !day.first && day.origin == self.batch.seq {
            // Only a front page can join it: rare enough to bet on.
            let (date, members) = (day.date, day.members.clone());
            self.unless.push((self.pieces.len(), date, members));
            let piece = self.write(day);
            self.pieces.push(piece);
        } else {
            // Written now, while its pages are in the cache; decided later.
            let copy = OpenDay {
                documents: day.documents.clone(),
                members: Vec::new(),
                ..day
            };
            self.undecided.push((self.pieces.len(), copy));
            let piece = self.write(day);
            self.pieces.push(piece);
        }
    }

    /// Writes the day here, or hands it over; the batches before are all
    /// parsed.
    fn decide(&mut self, day: OpenDay) -> Piece {
        if self.joined_elsewhere(&day) {
            Piece::Parsed(day.documents)
        } else {
            self.write(day)
        }
    }

    /// Pages outside the batch join the day: it goes on from the day the
    /// batches before left open, or a front page lists it. The batches
    /// before are all parsed.
    fn joined_elsewhere(&self, day: &OpenDay) -> bool {
        let ledger = self.told.ledger.lock();
        let continues = day.first && ledger.open_before(day.origin) == Some(day.date);
        continues || ledger.fronts.contains(&day.date)
    }

    /// Joins a day and writes its records into the worker's buffer.
    fn write(&mut self, day: OpenDay) -> Piece {
        let (mut pages, mut listings) = (Vec::new(), Vec::new());
        for document in day.documents {
            match document {
                Document::Event(event) => pages.push(event),
                Document::Day(listing) => listings.extend(listing.events),
                _ => {}
            }
        }
        let events: Vec<Event> = merge_day(pages, listings);
        let start = self.worker.buffer.len();
        let writer = &mut self.worker.writer;
        for event in &events {
            writer.write_event(event).expect("writing to memory");
        }
        writer.finish().expect("writing to memory");
        Piece::Written {
            date: day.date,
            records: start..self.worker.buffer.len(),
            events: events.len(),
        }
    }

    /// Ends the last day and tells the batches after; decides the days
    /// written before the batches before were parsed, or leaves them to the
    /// calling thread if they still are not.
    fn finish(mut self) -> Vec<Piece> {
        if let Some(carried) = self.told.seal(None) {
            self.open = Some(carried); // no page of this batch opened a day
        }
        if let Some(day) = self.open.take() {
            if day.hand_over || self.batch.last {
                self.close(day);
            } else if let Some((day, next)) = self.told.pass_on(day) {
                // The next batch had started: its first date says.
                if next.is_some_and(|next| next != day.date) {
                    self.close(day);
                } else {
                    self.pieces.push(Piece::Parsed(day.documents));
                }
            }
        }
        self.told.done();
        let known = self.told.ledger.lock().parsed_through >= self.batch.seq;
        for (place, copy) in std::mem::take(&mut self.undecided) {
            if !known {
                let written = std::mem::replace(&mut self.pieces[place], Piece::Parsed(Vec::new()));
                self.pieces[place] = Piece::Tentative {
                    written: Box::new(written),
                    documents: copy.documents,
                };
            } else if self.joined_elsewhere(&copy) {
                self.pieces[place] = Piece::Parsed(copy.documents);
            }
        }
        for (place, date, members) in std::mem::take(&mut self.unless) {
            if !known || self.told.ledger.lock().fronts.contains(&date) {
                let written = std::mem::replace(&mut self.pieces[place], Piece::Parsed(Vec::new()));
                let members = members.iter().map(|&i| self.batch.items[i].as_ref());
                self.pieces[place] = Piece::Unless {
                    written: Box::new(written),
                    members: members
                        .map(|m| m.expect("a member was listed").clone())
                        .collect(),
                };
            }
        }
        self.pieces
    }
}

/// What each batch tells the batches after it.
#[derive(Default)]
struct Ledger {
    state: Mutex<Notes>,
}

/// The ledger's content.
#[derive(Default)]
struct Notes {
    /// Per batch, by its place.
    batches: Vec<Entry>,
    /// Batches `0..parsed_through` are all parsed.
    parsed_through: usize,
    /// Every date a front page lists, in the batches parsed so far.
    fronts: BTreeSet<NaiveDate>,
}

/// What one batch told.
#[derive(Default)]
struct Entry {
    /// It started: a day passed on now would come too late. Its first date
    /// is told by then.
    sealed: bool,
    /// The date of its first page that opens a day, when no front page
    /// came before it in the batch.
    first: Option<NaiveDate>,
    /// The batch before's last day, passed on before this one started.
    carry: Option<OpenDay>,
    /// The date of its last page that opens or continues a day.
    last: Option<NaiveDate>,
    parsed: bool,
}

impl Ledger {
    fn lock(&self) -> MutexGuard<'_, Notes> {
        // A worker that panicked left the ledger as it was: still true.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Notes {
    fn entry(&mut self, seq: usize) -> &mut Entry {
        if self.batches.len() <= seq {
            self.batches.resize_with(seq + 1, Entry::default);
        }
        &mut self.batches[seq]
    }

    /// The day left open by the batches before `seq` (all parsed).
    fn open_before(&self, seq: usize) -> Option<NaiveDate> {
        self.batches[..seq]
            .iter()
            .rev()
            .find_map(|entry| entry.last)
    }
}

/// A batch telling the ledger about its pages as it parses them. Dropped,
/// even by a panic, it says the batch is parsed.
struct Told<'a> {
    ledger: &'a Ledger,
    seq: usize,
    sealed: bool,
    last: Option<NaiveDate>,
    done: bool,
}

impl<'a> Told<'a> {
    fn new(ledger: &'a Ledger, seq: usize) -> Self {
        Told {
            ledger,
            seq,
            sealed: false,
            last: None,
            done: false,
        }
    }

    /// Notes a page without errors, in page order. Returns the day the batch
    /// before passed on, if any, at the first page that opens a day or
    /// front page.
    fn page(&mut self, document: &Document) -> Option<OpenDay> {
        if let Document::FrontPage(front) = document {
            let dates = front.days().map(|day| day.date);
            self.ledger.lock().fronts.extend(dates);
            return self.seal(None);
        }
        let date = day_of(document)?;
        self.last = Some(date);
        self.seal(Some(date))
    }

    /// From now on no day is passed on to this batch: takes the one that
    /// was, and tells its first date (unless a front page came first).
    fn seal(&mut self, first: Option<NaiveDate>) -> Option<OpenDay> {
        if std::mem::replace(&mut self.sealed, true) {
            return None;
        }
        let mut notes = self.ledger.lock();
        let entry = notes.entry(self.seq);
        entry.sealed = true;
        entry.first = first;
        entry.carry.take()
    }

    /// Passes the batch's last day on to the next batch if that one has not
    /// started; else gives it back with the next batch's first date.
    fn pass_on(&self, day: OpenDay) -> Option<(OpenDay, Option<NaiveDate>)> {
        let mut notes = self.ledger.lock();
        let next = notes.entry(self.seq + 1);
        if next.sealed {
            return Some((day, next.first));
        }
        next.carry = Some(day);
        None
    }

    /// The batch is parsed.
    fn done(&mut self) {
        if std::mem::replace(&mut self.done, true) {
            return;
        }
        let mut notes = self.ledger.lock();
        let entry = notes.entry(self.seq);
        entry.last = self.last;
        entry.parsed = true;
        while notes
            .batches
            .get(notes.parsed_through)
            .is_some_and(|e| e.parsed)
        {
            notes.parsed_through += 1;
        }
    }
}

impl Drop for Told<'_> {
    fn drop(&mut self) {
        self.done();
    }
}

impl State<'_, '_> {
    /// Takes one piece of a joined batch's output.
    fn take_piece(
        &mut self,
        piece: Piece,
        records: &[u8],
        pending: &Buffer,
        out: &mut dyn Write,
    ) -> Result<()> {
        match piece {
            Piece::Parsed(documents) => {
                for document in documents {
                    self.accept(document)?;
                }
            }
            Piece::Tentative { written, documents } => {
                let Piece::Written { date, .. } = *written else {
                    unreachable!("a tentative piece was written");
                };
                let piece = if self.merger.is_free_for(date) {
                    *written
                } else {
                    Piece::Parsed(documents)
                };
                self.take_piece(piece, records, pending, out)?;
            }
            Piece::Unless { written, members } => {
                let Piece::Written { date, .. } = *written else {
                    unreachable!("a piece was written");
                };
                if self.merger.is_free_for(date) {
                    self.take_piece(*written, records, pending, out)?;
                } else {
                    self.join_again(&members)?;
                }
            }
            Piece::Written {
                date,
                records: range,
                events,
            } => {
                debug_assert!(self.merger.is_free_for(date), "{date} is joined elsewhere");
                // The day before ends: its records, and ours so far, go first.
                let sink = &mut self.sink;
                self.merger
                    .switch_day(date, &mut |event| sink.emit(event))?;
                self.sink.writer.finish()?;
                pending.move_to(out)?;
                out.write_all(&records[range])?;
                self.sink.emitted += events;
            }
        }
        Ok(())
    }

    /// Reads a day's pages again and joins them here: a front page of a
    /// batch parsed at the same time lists it. Their problems were reported
    /// by the batch.
    fn join_again(&mut self, members: &[Input]) -> Result<()> {
        for input in members {
            let Ok(mut parsed) = input.parse() else {
                continue; // changed since: it was counted as read
            };
            raise(&mut parsed, self.options.strict);
            if !parsed.has_errors() {
                self.accept(parsed.document)?;
            }
        }
        Ok(())
    }

    /// Counts and reports one input of a joined batch.
    fn take_report(&mut self, item: Result<Input>, report: Report) -> Result<()> {
        match (item, report) {
            (Err(error), _) | (_, Report::Unreadable(error)) => self.unreadable(error)?,
            (
                Ok(_),
                Report::Page {
                    diagnostics,
                    not_event,
                },
            ) => {
                self.summary.record_diagnostics(&diagnostics, not_event);
                self.report(&diagnostics);
            }
            (Ok(_), Report::NotListed) => unreachable!("a listed input has a report"),
        }
        let _ = self.progress(false);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::formats::JsonlFormat;
    use crate::run::{run_records, Observer, RunOptions};
    use crate::summary::Summary;

    #[derive(Default)]
    struct Seen(Vec<String>);

    impl Observer for Seen {
        fn diagnostic(&mut self, diagnostic: &Diagnostic) {
            self.0.push(diagnostic.to_string());
        }
    }

    /// JSON Lines, diagnostics and counts of a run on `jobs` threads.
    fn convert(paths: &[PathBuf], jobs: usize, strict: bool) -> (String, Vec<String>, Summary) {
        let options = RunOptions {
            jobs,
            strict,
            ..RunOptions::default()
        };
        let mut out = Vec::new();
        let mut seen = Seen::default();
        let summary = run_records(paths, &options, &JsonlFormat, &mut out, &mut seen).unwrap();
        (String::from_utf8(out).unwrap(), seen.0, summary)
    }

    fn page(date: &str, headline: &str, source: &str) -> String {
        let path = date.replace('-', "/");
        format!(
            "### [{date}](/news/{path}/index.md)\n\n# {headline}\n\n### Source:\n\n1. [AP](http://example.org/{source})\n"
        )
    }

    fn write(root: &Path, name: &str, text: impl AsRef<[u8]>) {
        let file = root.join(name);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    /// A site whose days run across batches in every way a batch can end;
    /// returns the paths to convert.
    fn awkward_site(root: &Path) -> Vec<PathBuf> {
        let first = root.join("first");
        // Front-page lines wait for days that come later.
        write(
            &first,
            "0-front.md",
            "Formats: [HTML](/index.html)\n\n## [News](/news/2017/07/02/index.md)\n\n\
             ### [Line of a later day](/news/2017/07/02/line.md)\nIts summary.\n\n\
             ## [Yesterday](/news/2017/07/01/index.md)\n\n\
             ### [Headline 3](/news/2017/07/01/h3.md)\n_Context: Waiting_\n",
        );
        // A day in two folders, the first one a full batch.
        for i in 0..60 {
            let text = page("2017-06-19", &format!("A {i}"), &format!("a{}", i / 2));
            write(&first, &format!("a/p{i:03}.md"), text);
        }
        let broken = b"### [2017-06-19](/news/2017/06/19/index.md)\n\n# Bad \xFF\n";
        write(&first, "a/p030.md", broken);
        for i in 0..10 {
            let text = page("2017-06-19", &format!("B {i}"), &format!("a{i}"));
            write(&first, &format!("b/p{i:03}.md"), text);
        }
        // One flat folder, longer than a batch: days of 20 pages, pages
        // sharing sources in threes, across batch ends too.
        for i in 0..250 {
            let date = format!("2017-07-{:02}", 1 + i / 20);
            let text = page(&date, &format!("Headline {i}"), &format!("c{}", i / 3));
            write(&first, &format!("c/p{i:03}.md"), text);
        }
        // Records of another format, written as read while a day is open.
        let records = root.join("events.jsonl");
        let record = convert_one(&page("2017-08-01", "From JSON Lines", "j"));
        std::fs::write(&records, record).unwrap();
        // The open day goes on after them; then a day in many folders whose
        // pages share sources across a batch's end.
        let second = root.join("second");
        for i in 0..70 {
            let (date, source) = match i {
                0..10 => ("2017-07-13", format!("c{}", (240 + i) / 3)),
                _ => ("2017-08-01", format!("e{}", i % 50)),
            };
            let text = page(date, &format!("E {i}"), &source);
            write(&second, &format!("e/{}/p{i:03}.md", i / 7), text);
        }
        // Front-page lines for days already written come last.
        write(
            &second,
            "z-front.md",
            "## [News](/news/2017/06/19/index.md)\n\n### [A 4](/news/2017/06/19/a4.md)\n_Context: Late_\n",
        );
        vec![first, records, second]
    }

    fn convert_one(markdown: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "page.md", markdown);
        convert(&[dir.path().to_path_buf()], 1, false).0
    }

    #[test]
    fn batches_end_at_folders_once_full_and_never_grow_past_the_cap() {
        let inputs =
            |names: Vec<String>| names.into_iter().map(|n| Ok(Input::File(PathBuf::from(n))));
        let names = (0..100).map(|i| format!("{}/p{i}.md", i / 30)).collect();
        let sizes: Vec<usize> = batches(inputs(names)).map(|b| b.items.len()).collect();
        assert_eq!(sizes, [60, 40], "cut after the folder that filled it");
        let flat = (0..500).map(|i| format!("flat/p{i}.md")).collect();
        let sizes: Vec<usize> = batches(inputs(flat)).map(|b| b.items.len()).collect();
        assert_eq!(
            sizes,
            [
                MAX_BATCH_INPUTS,
                MAX_BATCH_INPUTS,
                500 - 2 * MAX_BATCH_INPUTS
            ]
        );
        assert_eq!(batches(inputs(Vec::new())).count(), 0);
    }

    #[test]
    fn batches_are_numbered_and_the_last_one_says_so() {
        let inputs =
            (0..100).map(|i| Ok(Input::File(PathBuf::from(format!("{}/p{i}.md", i / 30)))));
        let told: Vec<(usize, bool)> = batches(inputs).map(|b| (b.seq, b.last)).collect();
        assert_eq!(told, [(0, false), (1, true)]);
    }

    /// The batch at `seq` of `names` under `root`.
    fn batch(root: &Path, seq: usize, names: &[&str], last: bool) -> Batch {
        let items = names
            .iter()
            .map(|n| Ok(Input::File(root.join(n))))
            .collect();
        Batch { seq, items, last }
    }

    /// What the workers of a run share, as `run` makes it.
    fn context<'a>(ledger: &'a Ledger, spare: &'a Mutex<Vec<Vec<u8>>>) -> Context<'a> {
        Context {
            from: None,
            strict: false,
            ledger,
            spare,
        }
    }

    /// A worker's batch on its own (the first of the run, or the next one
    /// told to be of another date): what it writes and what it hands over.
    fn work_alone(root: &Path, names: &[&str], next: Option<&str>) -> Done {
        work_after(0, root, names, next)
    }

    /// The same, as the batch at `seq` while the batches before are not
    /// parsed yet.
    fn work_after(seq: usize, root: &Path, names: &[&str], next: Option<&str>) -> Done {
        let batch = batch(root, seq, names, next.is_none());
        let ledger = Ledger::default();
        if let Some(next) = next {
            let mut notes = ledger.lock();
            let entry = notes.entry(seq + 1);
            (entry.sealed, entry.first) = (true, Some(next.parse().unwrap()));
        }
        let spare = Mutex::default();
        work(
            &mut Worker::new(&JsonlFormat),
            &batch,
            &context(&ledger, &spare),
        )
    }

    fn pieces(done: Done) -> (Vec<String>, Vec<u8>) {
        let Done::Joined {
            reports,
            pieces,
            records,
        } = done
        else {
            panic!("a batch of markdown pages is joined");
        };
        assert!(!reports.is_empty());
        let told = pieces
            .iter()
            .map(|piece| match piece {
                Piece::Written { date, events, .. } => format!("written {date}: {events}"),
                Piece::Parsed(documents) => format!("parsed: {}", documents.len()),
                Piece::Tentative { .. } => "tentative".into(),
                Piece::Unless { .. } => "unless".into(),
            })
            .collect();
        (told, records)
    }

    #[test]
    fn days_that_may_reach_outside_the_batch_go_over_parsed() {
        let dir = tempfile::tempdir().unwrap();
        awkward_site(dir.path());
        let first = dir.path().join("first");
        let two_days = ["a/p000.md", "a/p001.md", "a/p030.md", "c/p000.md"];
        // The run's last batch: both days are written; the broken page is
        // not a member, the two pages share a source.
        let (told, records) = pieces(work_alone(&first, &two_days, None));
        assert_eq!(told, ["written 2017-06-19: 1", "written 2017-07-01: 1"]);
        assert_eq!(records.iter().filter(|&&b| b == b'\n').count(), 2);
        // The next batch starts with the last day's date, or is not known.
        for next in [Some("2017-07-01"), Some("2017-07-02")] {
            let (told, _) = pieces(work_alone(&first, &two_days, next));
            let last = if next == Some("2017-07-01") {
                "parsed: 1"
            } else {
                "written 2017-07-01: 1"
            };
            assert_eq!(told, ["written 2017-06-19: 1", last], "{next:?}");
        }
        // A front page goes over, with the day open when it comes and the
        // days it lists.
        let (told, _) = pieces(work_alone(
            &first,
            &["0-front.md", "c/p000.md", "c/p020.md"],
            None,
        ));
        assert_eq!(told, ["parsed: 1", "parsed: 1", "parsed: 1"]);
        let (told, _) = pieces(work_alone(
            &first,
            &["c/p000.md", "0-front.md", "c/p040.md"],
            None,
        ));
        assert_eq!(told, ["parsed: 2", "written 2017-07-03: 1"]);
        // Before the batches before are parsed, days are written anyway, for
        // the calling thread to decide: the first with a copy of its pages
        // (it may go on from the batch before), the others with their paths
        // (only a front page can join them).
        let (told, _) = pieces(work_after(3, &first, &two_days, None));
        assert_eq!(told, ["tentative", "unless"]);
        // Another format: the whole batch goes the sequential way.
        let mixed = work_alone(dir.path(), &["first/a/p000.md", "events.jsonl"], None);
        assert!(matches!(mixed, Done::Sequential { .. }));
    }

    /// A batch's last day, the next batch not started, is passed on to it
    /// parsed and joined there with that batch's first pages.
    #[test]
    fn a_last_day_goes_on_to_the_next_batch_parsed() {
        let dir = tempfile::tempdir().unwrap();
        awkward_site(dir.path());
        let first = dir.path().join("first");
        let batch = |seq, names: &[&str]| batch(&first, seq, names, seq == 1);
        let (ledger, spare) = (Ledger::default(), Mutex::default());
        let context = context(&ledger, &spare);
        let mut worker = Worker::new(&JsonlFormat);
        let first = work(
            &mut worker,
            &batch(0, &["c/p000.md", "c/p020.md"]),
            &context,
        );
        assert_eq!(pieces(first).0, ["written 2017-07-01: 1"]);
        assert!(ledger.lock().entry(1).carry.is_some());
        let second = work(
            &mut worker,
            &batch(1, &["c/p021.md", "c/p040.md"]),
            &context,
        );
        let (told, records) = pieces(second);
        assert_eq!(told, ["written 2017-07-02: 2", "written 2017-07-03: 1"]);
        assert_eq!(records.iter().filter(|&&b| b == b'\n').count(), 3);
    }

    /// A day passed on to the next batch holds pages of two batches: if the
    /// batches before are not all parsed when it ends, the calling thread
    /// gets all its pages (not places in this batch's list, which the first
    /// ones are not).
    #[test]
    fn a_day_passed_on_while_earlier_batches_run_goes_over_whole() {
        let dir = tempfile::tempdir().unwrap();
        awkward_site(dir.path());
        let first = dir.path().join("first");
        let batch = |seq, names: &[&str]| batch(&first, seq, names, seq == 2);
        let (ledger, spare) = (Ledger::default(), Mutex::default());
        let context = context(&ledger, &spare);
        let mut worker = Worker::new(&JsonlFormat);
        // Batch 0 is still being parsed; batch 1 passes 2017-07-02 on.
        let one = [
            "c/p000.md",
            "c/p001.md",
            "c/p002.md",
            "c/p020.md",
            "c/p021.md",
        ];
        let first = work(&mut worker, &batch(1, &one), &context);
        assert_eq!(pieces(first).0, ["tentative"]);
        assert!(ledger.lock().entry(2).carry.is_some());
        let second = work(
            &mut worker,
            &batch(2, &["c/p022.md", "c/p040.md"]),
            &context,
        );
        let Done::Joined { pieces, .. } = second else {
            panic!("a batch of markdown pages is joined");
        };
        match &pieces[..] {
            [Piece::Tentative { documents, .. }, Piece::Unless { members, .. }] => {
                assert_eq!(documents.len(), 3, "p020, p021 and p022");
                assert_eq!(members.len(), 1, "p040");
            }
            _ => panic!("the carried day and the last day are left to the caller"),
        }
    }

    #[test]
    fn batches_give_the_sequential_bytes_diagnostics_and_counts() {
        let dir = tempfile::tempdir().unwrap();
        let paths = awkward_site(dir.path());
        for strict in [false, true] {
            let one = convert(&paths, 1, strict);
            assert!(one.0.lines().count() > 150, "{}", one.0.lines().count());
            assert!(one.1.iter().any(|d| d.contains("p030.md")), "{:?}", one.1);
            for jobs in [2, 3] {
                let many = convert(&paths, jobs, strict);
                assert_eq!(one.0, many.0, "jobs {jobs}, strict {strict}");
                assert_eq!(one.1, many.1, "jobs {jobs}, strict {strict}");
                assert_eq!(one.2, many.2, "jobs {jobs}, strict {strict}");
            }
        }
    }

    #[test]
    fn batches_give_the_sequential_bytes_on_the_corpus() {
        let corpus = [Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")];
        let one = convert(&corpus, 1, false);
        assert!(one.0.lines().count() > 200);
        assert_eq!(one, convert(&corpus, 2, false));
    }
}
