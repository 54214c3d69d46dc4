//! The registry of formats: what `--to` and `--from` accept, and how each
//! format's writer is made. Adding a format is adding its folder and one
//! line in [`FORMATS`] (and, to read it, its [`InputFormat`]).

use std::io::Write;

use super::{atom, csv, json, jsonfeed, jsonl, markdown, rss};
use super::{CsvTable, FeedKind, FeedOptions, InputFormat, RecordFormat, Writer};
use crate::error::Result;

/// Every format, in the order `--help` lists them.
pub static FORMATS: &[Format] = &[
    json::FORMAT,
    jsonl::FORMAT,
    csv::FORMAT,
    #[cfg(feature = "parquet")]
    super::parquet::FORMAT,
    #[cfg(feature = "xlsx")]
    super::xlsx::FORMAT,
    markdown::FORMAT,
    rss::FORMAT,
    atom::FORMAT,
    jsonfeed::FORMAT,
    super::feed::SITE_FORMAT,
];

/// The format named `name` (or one of its aliases), if any.
pub fn find(name: &str) -> Option<&'static Format> {
    let named = |f: &&Format| f.name.eq_ignore_ascii_case(name);
    let aliased = |f: &&Format| f.aliases.iter().any(|a| a.eq_ignore_ascii_case(name));
    FORMATS
        .iter()
        .find(named)
        .or_else(|| FORMATS.iter().find(aliased))
}

/// One format of the registry.
#[derive(Debug)]
#[non_exhaustive]
pub struct Format {
    /// Its name in `--to` and `--from`.
    pub name: &'static str,
    /// Other names `--from` accepts.
    pub aliases: &'static [&'static str],
    /// One line for `--help`.
    pub about: &'static str,
    /// How it is read, when it can be.
    pub input: Option<InputFormat>,
    /// The feed it is, for a feed format (`--site-url`, `--split-by`…).
    pub feed: Option<FeedKind>,
    /// True when it writes one table of several (`--table`).
    pub tables: bool,
    /// Makes its writer into `out`, when it can be written.
    pub write: Option<MakeWriter>,
    /// For a format whose records stand alone: how a run writes them on
    /// every thread (see [`crate::run::run_records`]).
    pub records: Option<MakeRecords>,
}

/// Makes a format's records-only writers, for a run on several threads.
pub type MakeRecords = fn(&WriteOptions) -> Box<dyn RecordFormat>;

/// Makes a format's writer into `out`.
pub type MakeWriter =
    for<'w> fn(Box<dyn Write + 'w>, &WriteOptions) -> Result<Box<dyn Writer + 'w>>;

/// What a writer may need besides its output; each format takes its part.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct WriteOptions {
    /// CSV and Parquet: the table to write.
    pub table: CsvTable,
    /// CSV: start with a byte order mark.
    pub bom: bool,
    /// CSV: defuse cells a spreadsheet would run as formulas.
    pub excel_safe: bool,
    /// Feeds: the site, title, filters… (required by feed formats).
    pub feed: Option<FeedOptions>,
    /// Markdown: the form pages are written in.
    pub markdown_style: crate::formats::markdown::Style,
}

impl Format {
    /// A registry entry with nothing but a name and a line of help.
    pub(crate) const fn named(name: &'static str, about: &'static str) -> Self {
        Format {
            name,
            aliases: &[],
            about,
            input: None,
            feed: None,
            tables: false,
            write: None,
            records: None,
        }
    }
}

/// A feed format's writer: it needs the feed's options.
pub(crate) fn feed_writer<'w>(
    kind: FeedKind,
    out: Box<dyn Write + 'w>,
    options: &WriteOptions,
) -> Result<Box<dyn Writer + 'w>> {
    let feed = options.feed.clone().ok_or_else(|| {
        crate::Error::Usage(format!(
            "--to {} needs --site-url URL (the site's base address, for absolute links)",
            kind.extension()
        ))
    })?;
    Ok(Box::new(super::FeedWriter::new(out, kind, feed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found_in_any_case() {
        for format in FORMATS {
            assert!(std::ptr::eq(find(format.name).unwrap(), format));
            assert!(std::ptr::eq(
                find(&format.name.to_uppercase()).unwrap(),
                format
            ));
        }
        assert_eq!(find("markdown").map(|f| f.name), Some("md"));
        assert!(find("yaml").is_none());
    }

    #[test]
    fn every_format_writes_and_every_reader_is_a_format() {
        let options = WriteOptions {
            feed: Some(FeedOptions::new("https://example.org").unwrap()),
            ..WriteOptions::default()
        };
        // `site` writes a folder (convert writes it itself).
        for format in FORMATS
            .iter()
            .filter(|f| f.name != crate::formats::feed::SITE)
        {
            let make = format
                .write
                .expect("every format in the registry is written");
            let mut writer = make(Box::new(Vec::new()), &options).unwrap();
            // A feed is dated by its events: without any it is refused.
            let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
            writer.write_event(&crate::Event::new(date, "E")).unwrap();
            writer.finish().unwrap();
        }
        let readable: Vec<InputFormat> = FORMATS.iter().filter_map(|f| f.input).collect();
        for input in [
            InputFormat::Markdown,
            InputFormat::Jsonl,
            InputFormat::Csv,
            InputFormat::Rss,
            InputFormat::Atom,
            InputFormat::JsonFeed,
        ] {
            assert!(readable.contains(&input), "{input:?} has a registry entry");
        }
    }

    #[test]
    fn a_feed_without_its_options_is_a_usage_error() {
        let make = find("atom").unwrap().write.unwrap();
        let error = make(Box::new(Vec::new()), &WriteOptions::default())
            .err()
            .unwrap();
        assert!(error.to_string().contains("--site-url"), "{error}");
    }
}
