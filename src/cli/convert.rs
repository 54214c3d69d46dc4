//! `currents convert`: pages in, another format out.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::filter::{parse_date, EventFilter, SplitBy};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::formats::{
    CsvTable, FeedKind, FeedOptions, Format, SplitFeedWriter, WriteOptions, Writer, FORMATS,
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
  currents convert - --from jsonl --to csv --bom --excel-safe < events.jsonl
  currents convert news/ --to atom --site-url https://example.org -o feed.atom
  currents convert news/ --to rss --site-url https://example.org --context Syria --limit 0
  currents convert news/ --to atom --site-url https://example.org --split-by context -o feeds/
  currents convert feed.atom --to jsonl")]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The output format.
    #[arg(long, value_parser = output_format(), value_name = "FORMAT", ignore_case = true)]
    to: &'static Format,
    /// Write to this file (atomically) instead of stdout; a folder with --split-by.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read every input as this format [default: by extension: .jsonl and
    /// .ndjson are JSON Lines, .csv is CSV, .rss and .atom are feeds, a
    /// named file whose content is an RSS or Atom feed is one, anything
    /// else markdown].
    #[arg(long, value_parser = input_format(), value_name = "FORMAT", ignore_case = true)]
    from: Option<&'static Format>,
    /// CSV: the table to write [default: events].
    #[arg(long, value_enum)]
    table: Option<Table>,
    /// CSV: start with a UTF-8 byte order mark (for Excel on Windows).
    #[arg(long)]
    bom: bool,
    /// CSV: prefix cells that start with = + - @ tab or CR with ' so that
    /// spreadsheets do not run them as formulas. Lossy.
    #[arg(long)]
    excel_safe: bool,

    /// The site's base address; site paths (/news/...) are appended to it
    /// to make absolute links. Required for --to rss|atom.
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
    /// The feed's language tag (default: the events' edition's, `en` when mixed).
    #[arg(long, value_name = "TAG", help_heading = "Feeds")]
    language: Option<String>,
    /// The newest N events (per feed with --split-by); 0 for all.
    #[arg(long, default_value_t = 50, value_name = "N", help_heading = "Feeds")]
    limit: usize,
    /// One feed per context tag or per day, into the folder -o DIR.
    #[arg(long, value_enum, value_name = "BY", help_heading = "Feeds")]
    split_by: Option<Split>,

    /// Keep events tagged with this context (repeatable: any of them).
    #[arg(long = "context", value_name = "TAG", help_heading = "Feed filters")]
    contexts: Vec<String>,
    /// Keep events whose category line is NAME.
    #[arg(long, value_name = "NAME", help_heading = "Feed filters")]
    category: Option<String>,
    /// Keep events on or after DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_arg, help_heading = "Feed filters")]
    since: Option<chrono::NaiveDate>,
    /// Keep events on or before DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_arg, help_heading = "Feed filters")]
    until: Option<chrono::NaiveDate>,
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
enum Split {
    /// One feed per context tag.
    Context,
    /// One feed per day.
    Day,
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

pub fn run(args: Args) -> crate::Result<ExitCode> {
    let kind = args.to.feed;
    check_flags(&args, kind);
    let feed = kind.map(|_| feed_options(&args)).transpose()?;
    let options = run_options(&args);
    let mut console = Console::new(args.input.quiet);
    console.track(&args.input.paths, &options);
    let summary = match (kind, feed, args.split_by) {
        (Some(kind), Some(feed), Some(split)) => {
            split_feeds(&args, kind, feed, split, &options, &mut console)?
        }
        (_, feed, _) => one_output(&args, feed, &options, &mut console)?,
    };
    console.finish(&summary);
    Ok(super::exit_code(summary.errors > 0))
}

/// Flags that belong to another output format are usage errors (exit 2).
fn check_flags(args: &Args, kind: Option<FeedKind>) {
    if !args.to.tables && (args.table.is_some() || args.bom || args.excel_safe) {
        clap::Error::raw(
            clap::error::ErrorKind::ArgumentConflict,
            "--table, --bom and --excel-safe apply to --to csv only\n",
        )
        .exit();
    }
    if kind.is_none() && uses_feed_flags(args) {
        clap::Error::raw(
            clap::error::ErrorKind::ArgumentConflict,
            "--context, --category, --since, --until and --split-by apply to --to rss|atom only\n",
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
    let split = match split {
        Split::Context => SplitBy::Context,
        Split::Day => SplitBy::Day,
    };
    let mut writer = SplitFeedWriter::new(dir, kind, split, feed);
    let summary = crate::run::run(&args.input.paths, options, &mut writer, console)?;
    writer.finish()?;
    if !args.input.quiet {
        report_split(&writer, dir);
    }
    Ok(summary)
}

/// One output, on stdout or (atomically) in `-o FILE`.
fn one_output(
    args: &Args,
    feed: Option<FeedOptions>,
    options: &RunOptions,
    console: &mut Console,
) -> crate::Result<Summary> {
    let mut output = Output::open(args.output.as_deref())?;
    let write_options = WriteOptions {
        table: csv_table(args.table),
        bom: args.bom,
        excel_safe: args.excel_safe,
        feed,
    };
    if let Some(records) = args.to.records {
        // Records that stand alone are written on every thread.
        let format = records(&write_options);
        let summary = crate::run::run_records(
            &args.input.paths,
            options,
            format.as_ref(),
            &mut output,
            console,
        )?;
        output.commit()?;
        return Ok(summary);
    }
    let make = args
        .to
        .write
        .expect("--to lists only formats that are written");
    let mut writer = make(Box::new(&mut output), &write_options)?;
    let summary = crate::run::run(&args.input.paths, options, writer.as_mut(), console)?;
    writer.finish()?;
    drop(writer);
    output.commit()?;
    Ok(summary)
}

fn uses_feed_flags(args: &Args) -> bool {
    !args.contexts.is_empty()
        || args.category.is_some()
        || args.since.is_some()
        || args.until.is_some()
        || args.split_by.is_some()
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
    if let (Some(since), Some(until)) = (args.since, args.until) {
        if since > until {
            return Err(Error::Usage(format!(
                "--since {since} is after --until {until}"
            )));
        }
    }
    options.title = args.title.clone();
    options.author = args.author.clone();
    options.limit = args.limit;
    options.filter = EventFilter {
        contexts: args.contexts.clone(),
        category: args.category.clone(),
        since: args.since,
        until: args.until,
    };
    Ok(options)
}

fn report_split(writer: &SplitFeedWriter, dir: &Path) {
    let n = writer.written().len();
    eprintln!(
        "currents: wrote {n} feed{} into {}",
        if n == 1 { "" } else { "s" },
        dir.display()
    );
    if writer.keyless() > 0 {
        eprintln!(
            "currents: {} event(s) without a context tag are in no feed",
            writer.keyless()
        );
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
