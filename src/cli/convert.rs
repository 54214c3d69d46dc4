//! `currents convert`: pages in, another format out.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::filter::{parse_date, EventFilter, SplitBy};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::formats::{
    ArchiveWriter, CsvTable, EntryLink, FeedKind, FeedOptions, Format, RecordFormat, SelectFormat,
    SelectWriter, Selection, SiteOptions, SiteWriter, SplitFeedWriter, TextMode, WriteOptions,
    Writer, FORMATS,
};
use crate::output::Output;
use crate::run::RunOptions;
use crate::{Error, Summary};

use super::common::{Console, InputArgs};

/// Convert pages to another format, on stdout or into `-o FILE`.
///
/// By default each event becomes one record (site mode: an event's page and
/// its day-page lines are joined); `--pages` gives one record per page.
/// JSON Lines and CSV files written by `convert`, and RSS / Atom feeds, are
/// inputs too (by extension or content, or `--from`); their records are
/// written as read. Pages and
/// records with errors are reported on stderr and left out; the exit status
/// is then 1. Warnings are counted in the summary; `currents check` lists them.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  currents convert samples/ --to json
  currents convert site/news/ --to json --pages -o pages.json
  currents convert site/news/ --to jsonl -o events.jsonl
  currents convert events.jsonl --to csv --table sources -o sources.csv
  currents convert events.csv --to jsonl
  currents convert news/ --to parquet -o events.parquet
  currents convert news/ --to parquet --table sources -o sources.parquet
  currents convert news/ --to xlsx --since 2017-01-01 --context Syria -o syria.xlsx
  currents convert news/ --to csv --grep earthquake --text plain
  currents convert - --from jsonl --to csv --bom --excel-safe < events.jsonl
  currents convert news/ --to atom --site-url https://example.org -o feed.atom
  currents convert news/ --to rss --site-url https://example.org --context Syria --limit 0
  currents convert news/ --to atom --site-url https://example.org --split-by context -o feeds/
  currents convert news/ --to site --site-url https://example.org --split-by context --archive -o public/feeds/
  currents convert feed.atom --to jsonl")]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The output format [default: from the extension of -o FILE].
    #[arg(long, value_parser = output_format(), value_name = "FORMAT", ignore_case = true)]
    to: Option<&'static Format>,
    /// Write to this file (atomically) instead of stdout; a folder with
    /// --split-by, --archive and --to site.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read every input as this format [default: by extension: .jsonl and
    /// .ndjson are JSON Lines, .csv is CSV, .rss and .atom are feeds, a
    /// named file whose content is an RSS or Atom feed is one, anything
    /// else markdown].
    #[arg(long, value_parser = input_format(), value_name = "FORMAT", ignore_case = true)]
    from: Option<&'static Format>,
    /// CSV, Parquet: the table to write [default: events].
    #[arg(long, value_enum, ignore_case = true)]
    table: Option<Table>,
    /// CSV: start with a UTF-8 byte order mark (for Excel on Windows).
    #[arg(long)]
    bom: bool,
    /// CSV: prefix cells that start with = + - @ tab or CR with ' so that
    /// spreadsheets do not run them as formulas. Lossy.
    #[arg(long)]
    excel_safe: bool,
    /// Markdown: the form of the pages, `site` (the generator's own, as
    /// `fmt` writes by default) or `compact` [default: site].
    #[arg(long, value_name = "STYLE", value_parser = super::fmt::style_parser())]
    style: Option<crate::formats::markdown::Style>,

    /// The site's base address; site paths (/news/...) are appended to it
    /// to make absolute links. Required for --to rss|atom|jsonfeed|site.
    #[arg(long, value_name = "URL", help_heading = "Feeds")]
    site_url: Option<String>,
    /// The feed's own address (self link); with --split-by, the address of
    /// the folder the files are served from.
    #[arg(long, value_name = "URL", help_heading = "Feeds")]
    feed_url: Option<String>,
    /// The feed's title.
    #[arg(long, default_value = "News events", help_heading = "Feeds")]
    title: String,
    /// The feed's author (default: the title).
    #[arg(long, value_name = "NAME", help_heading = "Feeds")]
    author: Option<String>,
    /// The feed's subtitle (RSS description) [default: News events from SITE].
    #[arg(long, value_name = "TEXT", help_heading = "Feeds")]
    subtitle: Option<String>,
    /// The feed's rights or licence (Atom rights, RSS copyright), e.g.
    /// "CC BY-SA 4.0".
    #[arg(long, value_name = "TEXT", help_heading = "Feeds")]
    rights: Option<String>,
    /// Stamp date-only events at noon in this IANA time zone (like
    /// Europe/Berlin) instead of 10:00 UTC, the right day from UTC-10 to
    /// UTC+13 (docs/feeds.md, "Dates").
    #[arg(long, value_name = "ZONE", help_heading = "Feeds")]
    timezone: Option<String>,
    /// Where entry links point: html is the HTML page the event's Formats
    /// line names (else its .md page); md is always the .md page.
    #[arg(long, value_enum, default_value_t = LinkTo::Html, value_name = "TO", help_heading = "Feeds")]
    link: LinkTo,
    /// The feed's language tag (default: the events' edition's, `en` when mixed).
    #[arg(long, value_name = "TAG", help_heading = "Feeds")]
    language: Option<String>,
    /// The newest N events (per feed with --split-by); 0 for all.
    #[arg(long, default_value_t = 50, value_name = "N", help_heading = "Feeds")]
    limit: usize,
    /// Archive the whole history by month (RFC 5005), into the folder -o
    /// DIR: feed.<atom|rss> (the newest --limit entries) and
    /// archive/YYYY-MM.<atom|rss>. With --to site, the main Atom and RSS feeds.
    #[arg(long, help_heading = "Feeds")]
    archive: bool,
    /// One feed per context tag, category line or day, into the folder -o
    /// DIR; a file's name depends on its tag alone (docs/feeds.md).
    #[arg(
        long,
        value_enum,
        value_name = "BY",
        ignore_case = true,
        help_heading = "Feeds"
    )]
    split_by: Option<Split>,

    /// Keep events tagged with this context (repeatable: any of them).
    #[arg(
        long = "context",
        value_name = "TAG",
        help_heading = "Filters (every format)"
    )]
    contexts: Vec<String>,
    /// Keep events whose category line is NAME (repeatable: any of them).
    #[arg(
        long = "category",
        value_name = "NAME",
        help_heading = "Filters (every format)"
    )]
    categories: Vec<String>,
    /// Keep events on or after DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_arg, help_heading = "Filters (every format)")]
    since: Option<chrono::NaiveDate>,
    /// Keep events on or before DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_arg, help_heading = "Filters (every format)")]
    until: Option<chrono::NaiveDate>,
    /// Keep events whose headline or summary contains TEXT, in any case
    /// (repeatable: any of them).
    #[arg(long, value_name = "TEXT", help_heading = "Filters (every format)")]
    grep: Vec<String>,
    /// The exported text: as the page says (source), with the `fmt --fix`
    /// rules applied (fixed: entities decoded, ''wiki'' quotes as markdown),
    /// or fixed and without markdown (plain).
    #[arg(long, value_enum, default_value = "source", value_name = "MODE")]
    text: Text,
}

fn date_arg(text: &str) -> Result<chrono::NaiveDate, String> {
    parse_date(text).map_err(|e| e.to_string())
}

/// `--to`: every format of the registry that can be written.
fn output_format() -> impl TypedValueParser<Value = &'static Format> {
    registry_values(|f| f.write.is_some())
}

/// `--from`: every format of the registry that can be read.
fn input_format() -> impl TypedValueParser<Value = &'static Format> {
    registry_values(|f| f.input.is_some())
}

fn registry_values(keep: fn(&Format) -> bool) -> impl TypedValueParser<Value = &'static Format> {
    let values = FORMATS.iter().filter(|f| keep(f)).map(|f| {
        let value = PossibleValue::new(f.name).help(f.about);
        f.aliases
            .iter()
            .fold(value, |value, alias| value.alias(alias))
    });
    PossibleValuesParser::new(values)
        .map(|name| crate::formats::find(&name).expect("a name the registry lists"))
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Text {
    /// As the page says: inline markdown, entities and wiki quotes kept.
    Source,
    /// The `fmt --fix` rules: entities decoded, ''x'' as *x*, spaces collapsed.
    Fixed,
    /// Fixed, then plain text: no markdown.
    Plain,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LinkTo {
    /// The HTML page the event's Formats line names, else its .md page.
    Html,
    /// The event's .md page.
    Md,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Split {
    /// One feed per context tag.
    Context,
    /// One feed per day.
    Day,
    /// One feed per category line.
    Category,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Table {
    /// One row per event; reads back losslessly.
    Events,
    /// One row per source, keyed by event id.
    Sources,
    /// One row per related item, keyed by event id.
    Related,
    /// One row per context tag, keyed by event id.
    Contexts,
    /// One row per revision, keyed by event id.
    Revisions,
}

pub fn run(mut args: Args) -> crate::Result<ExitCode> {
    args.to = Some(output_format_of(&args)?);
    let kind = args.to().feed;
    check_flags(&args, kind);
    let mut selection = selection(&args)?;
    let feed = kind.map(|_| feed_options(&args)).transpose()?;
    if feed.is_some() {
        // A feed filters itself, after joining an event's copies.
        selection.filter = EventFilter::default();
    }
    let options = run_options(&args);
    let mut console = Console::new(args.input.quiet);
    console.track(&args.input.paths, &options);
    let summary = match (kind, feed, args.split_by) {
        (_, Some(feed), _) if args.to().name == crate::formats::feed::SITE => {
            folder_of_feeds(&args, FeedFolder::Site, feed, &options, &mut console)?
        }
        (Some(kind), Some(feed), None) if args.archive => folder_of_feeds(
            &args,
            FeedFolder::Archive(kind),
            feed,
            &options,
            &mut console,
        )?,
        (Some(_), Some(_), Some(_)) if args.archive => {
            return Err(Error::Usage(
                "--archive and --split-by go together only with --to site".into(),
            ));
        }
        (Some(kind), Some(feed), Some(split)) => {
            split_feeds(&args, kind, feed, split, &options, &mut console)?
        }
        (_, feed, _) => one_output(&args, feed, selection, &options, &mut console)?,
    };
    console.finish(&summary);
    Ok(super::exit_code(summary.errors > 0))
}

impl Args {
    /// `--to`, or the format `-o`'s extension names (set by [`run`]).
    fn to(&self) -> &'static Format {
        self.to.expect("run sets --to first")
    }
}

/// `--to`, else the writable format `-o FILE`'s extension names
/// (`.jsonl`, `.csv`, `.atom`…); a usage error when neither says.
fn output_format_of(args: &Args) -> crate::Result<&'static Format> {
    if let Some(to) = args.to {
        return Ok(to);
    }
    let extension = args
        .output
        .as_deref()
        .filter(|_| args.split_by.is_none())
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str());
    let named = extension
        .map(|e| {
            if e.eq_ignore_ascii_case("ndjson") {
                "jsonl"
            } else {
                e
            }
        })
        .and_then(crate::formats::find)
        .filter(|f| f.write.is_some());
    named.ok_or_else(|| {
        let names: Vec<&str> = FORMATS
            .iter()
            .filter(|f| f.write.is_some())
            .map(|f| f.name)
            .collect();
        Error::Usage(format!(
            "--to FORMAT is needed ({}), or -o FILE with one of those extensions",
            names.join(", ")
        ))
    })
}

/// Flags that belong to another output format are usage errors (exit 2).
fn check_flags(args: &Args, kind: Option<FeedKind>) {
    if !args.to().tables && args.table.is_some() {
        clap::Error::raw(
            clap::error::ErrorKind::ArgumentConflict,
            "--table applies to --to csv|parquet only (--to xlsx writes every table)\n",
        )
        .exit();
    }
    if args.to().name != "csv" && (args.bom || args.excel_safe) {
        clap::Error::raw(
            clap::error::ErrorKind::ArgumentConflict,
            "--bom and --excel-safe apply to --to csv only\n",
        )
        .exit();
    }
    if args.to().name != "md" && args.style.is_some() {
        clap::Error::raw(
            clap::error::ErrorKind::ArgumentConflict,
            "--style applies to --to md only\n",
        )
        .exit();
    }
    if kind.is_none() && uses_feed_flags(args) {
        clap::Error::raw(
            clap::error::ErrorKind::ArgumentConflict,
            "--split-by and --archive apply to --to rss|atom|jsonfeed|site only\n",
        )
        .exit();
    }
}

fn run_options(args: &Args) -> RunOptions {
    let mut options = args.input.options();
    options.from = args.from.and_then(|from| from.input);
    options.output = args.output.clone();
    options
}

/// `--split-by`: a folder of feeds, one per group.
fn split_feeds(
    args: &Args,
    kind: FeedKind,
    feed: FeedOptions,
    split: Split,
    options: &RunOptions,
    console: &mut Console,
) -> crate::Result<Summary> {
    let dir = args
        .output
        .as_deref()
        .ok_or_else(|| Error::Usage("--split-by needs -o DIR (the folder for the feeds)".into()))?;
    if dir.is_file() {
        return Err(Error::Usage(format!(
            "--split-by writes a folder of feeds, but {} is a file",
            dir.display()
        )));
    }
    let split = split_by(split);
    let mut writer = SplitFeedWriter::new(dir, kind, split, feed);
    let summary = crate::run::run(&args.input.paths, options, &mut writer, console)?;
    writer.finish()?;
    check_empty(args, writer.written().len())?;
    if !args.input.quiet {
        report_split(&writer, dir);
    }
    Ok(summary)
}

/// A folder of feeds other than a split.
enum FeedFolder {
    /// `--to site`.
    Site,
    /// `--to atom|rss --archive`.
    Archive(FeedKind),
}

/// `--to site` or `--archive`: a folder of feeds, and how many entries each got.
fn folder_of_feeds(
    args: &Args,
    what: FeedFolder,
    feed: FeedOptions,
    options: &RunOptions,
    console: &mut Console,
) -> crate::Result<Summary> {
    let dir = args.output.as_deref().ok_or_else(|| {
        Error::Usage("--to site and --archive write a folder: give -o DIR".into())
    })?;
    if dir.is_file() {
        return Err(Error::Usage(format!(
            "--to site and --archive write a folder of feeds, but {} is a file",
            dir.display()
        )));
    }
    let mut writer: Box<dyn Writer> = match what {
        FeedFolder::Site => {
            let mut site = SiteOptions::new(feed);
            site.split = args.split_by.map(split_by);
            site.archive = args.archive;
            Box::new(SiteWriter::new(dir, site)?)
        }
        FeedFolder::Archive(kind) => Box::new(ArchiveWriter::new(dir, kind, feed)?),
    };
    let summary = crate::run::run(&args.input.paths, options, writer.as_mut(), console)?;
    writer.finish()?;
    if !args.input.quiet {
        let written = writer.entries().unwrap_or_default();
        super::io::say(format_args!(
            "currents: wrote {} files into {}",
            written.len(),
            dir.display()
        ));
        for (name, entries) in written {
            super::io::say(format_args!(
                "currents:   {name}: {entries} {}",
                entries_word(entries)
            ));
        }
    }
    Ok(summary)
}

/// One output, on stdout or (atomically) in `-o FILE`.
fn one_output(
    args: &Args,
    feed: Option<FeedOptions>,
    selection: Selection,
    options: &RunOptions,
    console: &mut Console,
) -> crate::Result<Summary> {
    let mut output = Output::open(args.output.as_deref())?;
    let write_options = WriteOptions {
        table: csv_table(args.table),
        bom: args.bom,
        excel_safe: args.excel_safe,
        feed,
        markdown_style: args.style.unwrap_or_default(),
    };
    if let Some(records) = args.to().records {
        // Records that stand alone are written on every thread.
        let format = records(&write_options);
        let selected = SelectFormat::new(format.as_ref(), selection.clone());
        let format: &dyn RecordFormat = match selection.is_everything() {
            true => format.as_ref(),
            false => &selected,
        };
        let summary =
            crate::run::run_records(&args.input.paths, options, format, &mut output, console)?;
        output.commit()?;
        return Ok(summary);
    }
    let make = args
        .to()
        .write
        .expect("--to lists only formats that are written");
    let mut writer = make(Box::new(&mut output), &write_options)?;
    if !selection.is_everything() {
        writer = Box::new(SelectWriter::new(writer, selection));
    }
    let summary = crate::run::run(&args.input.paths, options, writer.as_mut(), console)?;
    writer.finish()?;
    let entries = writer.entries();
    drop(writer);
    if let Some(entries) = entries {
        let n: usize = entries.iter().map(|(_, n)| n).sum();
        if !args.input.quiet {
            let to = args
                .output
                .as_deref()
                .map_or("stdout".into(), |p| p.display().to_string());
            super::io::say(format_args!("currents: {n} {} in {to}", entries_word(n)));
        }
    }
    output.commit()?;
    Ok(summary)
}

/// The events and text the flags ask for (checked: `--since` not after `--until`).
fn selection(args: &Args) -> crate::Result<Selection> {
    let filter = EventFilter {
        contexts: args.contexts.clone(),
        categories: args.categories.clone(),
        since: args.since,
        until: args.until,
        grep: args.grep.clone(),
    };
    filter.check()?;
    let text = match args.text {
        Text::Source => TextMode::Source,
        Text::Fixed => TextMode::Fixed,
        Text::Plain => TextMode::Plain,
    };
    Ok(Selection::new(filter, text))
}

fn split_by(split: Split) -> SplitBy {
    match split {
        Split::Context => SplitBy::Context,
        Split::Day => SplitBy::Day,
        Split::Category => SplitBy::Category,
    }
}

fn uses_feed_flags(args: &Args) -> bool {
    args.split_by.is_some() || args.archive
}

fn feed_options(args: &Args) -> crate::Result<FeedOptions> {
    let site = args.site_url.as_deref().ok_or_else(|| {
        Error::Usage(
            "--to rss|atom needs --site-url URL (the site's base address, for absolute links)"
                .into(),
        )
    })?;
    let mut options = FeedOptions::new(site)?;
    if let Some(language) = &args.language {
        options = options.with_language(language)?;
    }
    if let Some(url) = &args.feed_url {
        options = options.with_feed_url(url)?;
    }
    options = options.with_title(&args.title)?;
    if let Some(author) = &args.author {
        options = options.with_author(author)?;
    }
    if let Some(zone) = &args.timezone {
        options = options.with_timezone(zone)?;
    }
    options.subtitle = args.subtitle.clone();
    options.rights = args.rights.clone();
    options.link = match args.link {
        LinkTo::Html => EntryLink::Html,
        LinkTo::Md => EntryLink::Markdown,
    };
    options.limit = args.limit;
    options.refuse_empty = args.input.strict;
    options.filter = selection(args)?.filter;
    Ok(options)
}

/// With `--strict`, a split into no feeds is an error (exit 1).
fn check_empty(args: &Args, feeds: usize) -> crate::Result<()> {
    if args.input.strict && feeds == 0 {
        return Err(Error::Format(
            "the split has no feeds, no event has a key (--strict)".into(),
        ));
    }
    Ok(())
}

fn entries_word(n: usize) -> &'static str {
    if n == 1 {
        "entry"
    } else {
        "entries"
    }
}

fn report_split(writer: &SplitFeedWriter, dir: &Path) {
    let n = writer.written().len();
    super::io::say(format_args!(
        "currents: wrote {n} feed{} into {}",
        if n == 1 { "" } else { "s" },
        dir.display()
    ));
    for (path, entries) in writer.written().iter().zip(writer.counts()) {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        super::io::say(format_args!(
            "currents:   {name}: {entries} {}",
            entries_word(*entries)
        ));
    }
    if writer.keyless() > 0 {
        super::io::say(format_args!(
            "currents: {} event(s) without a key (context tag, category) are in no feed",
            writer.keyless()
        ));
    }
}

fn csv_table(table: Option<Table>) -> CsvTable {
    match table.unwrap_or(Table::Events) {
        Table::Events => CsvTable::Events,
        Table::Sources => CsvTable::Sources,
        Table::Related => CsvTable::Related,
        Table::Contexts => CsvTable::Contexts,
        Table::Revisions => CsvTable::Revisions,
    }
}
