//! `currents` reads news-event markdown pages (built from the Wikipedia
//! Current Events Portal) into a typed model, and writes that model as
//! JSON Lines, CSV, RSS, Atom and canonical markdown.
//!
//! ```
//! use currents::{parse_str, Document};
//!
//! let page = [
//!     "### [2015-11-25](/news/2015/11/25/index.md)",
//!     "",
//!     "#  The Associated Press reports ... ",
//!     "",
//!     "### Source:",
//!     "",
//!     "1. [AP](http://bigstory.ap.org/article/x)",
//! ]
//! .join("\n");
//! let parsed = parse_str(&page);
//! let Document::Event(event) = &parsed.document else { panic!("an event page") };
//! assert_eq!(event.date.to_string(), "2015-11-25");
//! assert_eq!(event.sources[0].name, "AP");
//! assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
//! ```
//!
//! # The three jobs
//!
//! A site folder to an Atom feed of its newest events:
//!
//! ```
//! use currents::formats::{FeedKind, FeedOptions, FeedWriter, Writer};
//! use currents::run::{run, RunOptions};
//!
//! let (mut atom, mut problems) = (Vec::new(), Vec::new());
//! let options = FeedOptions::new("https://example.org")?;
//! let mut feed = FeedWriter::new(&mut atom, FeedKind::Atom, options);
//! run(&["samples/news".into()], &RunOptions::default(), &mut feed, &mut problems)?;
//! feed.finish()?;
//! assert!(String::from_utf8(atom)?.contains("<entry>"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The same folder as a CSV table, one row per event, written on every core:
//!
//! ```
//! use currents::formats::CsvFormat;
//! use currents::run::{run_records, RunOptions};
//!
//! let (mut csv, mut problems) = (Vec::new(), Vec::new());
//! let table = CsvFormat::new();
//! run_records(&["samples/news".into()], &RunOptions::default(), &table, &mut csv, &mut problems)?;
//! assert!(String::from_utf8(csv)?.starts_with("id,date,headline,"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A page through `fmt`, checked to read back as the same page:
//!
//! ```
//! use currents::format::{format_bytes, Outcome};
//!
//! let page = b"### [2015-11-25](/news/2015/11/25/index.md)\n#  Headline \n";
//! let Ok(Outcome::Formatted { output, changed, .. }) = format_bytes(page, None, &[]) else {
//!     panic!("a page it can format");
//! };
//! assert!(changed);
//! // The site's own form: its headline line keeps one trailing space.
//! assert_eq!(output, "### [2015-11-25](/news/2015/11/25/index.md)\n\n# Headline \n");
//! ```
//!
//! # The layers
//!
//! - [`parse`]: one page's bytes to a [`Document`] and its [`Diagnostic`]s
//!   (pulldown-cmark underneath). Never panics.
//! - [`model`]: the typed model, plain serde data.
//! - site mode (inside [`run`]): the pages of one day joined into one record
//!   per event.
//! - [`run`]: many paths in (files, folders, stdin), events out to a
//!   [`formats::Writer`], on all cores; [`run::events`] is the same as an
//!   iterator; [`run::run_records`] writes JSON Lines or CSV on every thread.
//! - [`formats`]: one folder per format, each with its spec, reader and
//!   writer.
//! - [`format`](mod@format) and [`fix`]: `currents fmt`, one page to canonical markdown,
//!   checked before it is handed out.
//! - [`filter`], [`stats`]: choosing events, counting them.
//! - `cli` (feature `cli`, on by default): the command-line tool. A library
//!   user turns it off (`default-features = false`) and compiles none of
//!   clap, indicatif, similar or mimalloc.

#![warn(missing_docs)]

pub mod diagnostic;
pub mod edition;
pub mod error;
pub mod filter;
pub mod fix;
pub mod format;
pub mod formats;
pub mod model;
pub mod parse;
pub mod run;
pub mod stats;
pub mod summary;

#[cfg(feature = "cli")]
pub mod cli;

mod id;
mod identity;
mod input;
mod link;
mod output;
mod pipeline;
mod site;
mod text;

pub use diagnostic::{Diagnostic, DiagnosticKind, Severity};
pub use edition::Edition;
pub use error::{Error, Result};
pub use id::event_id;
pub use model::*;
pub use parse::{parse_bytes, parse_bytes_as, parse_file, parse_str, Parsed};
pub use summary::Summary;
