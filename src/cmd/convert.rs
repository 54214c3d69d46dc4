//! `currents convert`: pages in, another format out.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use currents::filter::{parse_date, EventFilter, SplitBy};
use currents::output::Output;
use currents::read::{feed_inputs, InputFormat};
use currents::write::{FeedKind, FeedOptions, FeedWriter, JsonWriter, SplitFeedWriter, Writer};
use currents::{Error, Summary};

use super::common::{Console, InputArgs};

/// Convert pages to another format, on stdout or into `-o FILE`.
///
/// By default each event becomes one record (site mode: an event's page and
/// its day-page lines are joined); `--pages` gives one record per page.
/// Pages with errors are reported on stderr and left out; the exit status is
/// then 1. Warnings are counted in the summary; `currents check` lists them.
///
/// RSS and Atom files are inputs too: named files with a `.rss` / `.atom`
/// extension or feed content, or any input with `--from rss|atom`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  currents convert samples/ --to json
  currents convert site/news/ --to json --pages -o pages.json
  currents convert news/ --to atom --site-url https://example.org -o feed.atom
  currents convert news/ --to rss --site-url https://example.org --context Syria --limit 0
  currents convert news/ --to atom --site-url https://example.org --split-by context -o feeds/
  currents convert feed.atom --to json")]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The output format.
    #[arg(long, value_enum)]
    to: Format,
    /// The input format (default: pages; named files by extension or content).
    #[arg(long, value_enum)]
    from: Option<From>,
    /// Write to this file (atomically) instead of stdout; a folder with --split-by.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

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
    /// The feed's language tag.
    #[arg(long, default_value = "en", value_name = "TAG", help_heading = "Feeds")]
    language: String,
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

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// The model as pretty JSON (an array), for inspection.
    Json,
    /// RSS 2.0: the newest events (see docs/feeds.md).
    Rss,
    /// Atom 1.0: the newest events (see docs/feeds.md).
    Atom,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum From {
    /// News-event markdown pages.
    Markdown,
    /// RSS 2.0 feeds.
    Rss,
    /// Atom 1.0 feeds.
    Atom,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Split {
    /// One feed per context tag.
    Context,
    /// One feed per day.
    Day,
}

pub fn run(args: Args) -> currents::Result<ExitCode> {
    let kind = match args.to {
        Format::Json => None,
        Format::Rss => Some(FeedKind::Rss),
        Format::Atom => Some(FeedKind::Atom),
    };
    let options = match kind {
        Some(_) => Some(feed_options(&args)?),
        None if uses_feed_flags(&args) => {
            return Err(Error::Usage(
                "--context, --category, --since, --until and --split-by apply to --to rss|atom"
                    .into(),
            ))
        }
        None => None,
    };
    let mut console = Console::new(args.input.quiet);
    let summary = match (kind, options, args.split_by) {
        (Some(kind), Some(options), Some(split)) => {
            let dir = args.output.as_deref().ok_or_else(|| {
                Error::Usage("--split-by needs -o DIR (the folder for the feeds)".into())
            })?;
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
            let mut writer = SplitFeedWriter::new(dir, kind, split, options);
            let summary = read_all(&args, &mut writer, &mut console)?;
            writer.finish()?;
            if !args.input.quiet {
                report_split(&writer, dir);
            }
            summary
        }
        (kind, options, _) => {
            let mut output = Output::open(args.output.as_deref())?;
            let summary = {
                let mut writer: Box<dyn Writer + '_> = match (kind, options) {
                    (Some(kind), Some(options)) => {
                        Box::new(FeedWriter::new(&mut output, kind, options))
                    }
                    _ => Box::new(JsonWriter::new(&mut output)),
                };
                let summary = read_all(&args, writer.as_mut(), &mut console)?;
                writer.finish()?;
                summary
            };
            output.commit()?;
            summary
        }
    };
    console.finish(&summary);
    Ok(super::exit_code(summary.errors > 0))
}

fn uses_feed_flags(args: &Args) -> bool {
    !args.contexts.is_empty()
        || args.category.is_some()
        || args.since.is_some()
        || args.until.is_some()
        || args.split_by.is_some()
}

fn feed_options(args: &Args) -> currents::Result<FeedOptions> {
    let site = args.site_url.as_deref().ok_or_else(|| {
        Error::Usage(
            "--to rss|atom needs --site-url URL (the site's base address, for absolute links)"
                .into(),
        )
    })?;
    let mut options = FeedOptions::new(site)?.with_language(&args.language)?;
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
    let mut filter = EventFilter::default();
    filter.contexts = args.contexts.clone();
    filter.category = args.category.clone();
    filter.since = args.since;
    filter.until = args.until;
    options.filter = filter;
    Ok(options)
}

/// Feeds named on the command line are read here; everything else is a
/// run over pages.
fn read_all(
    args: &Args,
    writer: &mut dyn Writer,
    console: &mut Console,
) -> currents::Result<Summary> {
    let from = args.from.map(|f| match f {
        From::Markdown => InputFormat::Markdown,
        From::Rss => InputFormat::Rss,
        From::Atom => InputFormat::Atom,
    });
    let (feeds, pages) = feed_inputs(&args.input.paths, from);
    let mut summary = Summary::default();
    for feed in feeds {
        summary.files += 1;
        let read = feed.and_then(|(input, format)| {
            let events = input.read().and_then(|bytes| format.read_events(&bytes));
            events.map_err(|error| match error {
                Error::File { .. } => error,
                other => Error::Format(format!("{input}: error: {other}")),
            })
        });
        match read {
            Ok(events) => {
                for event in &events {
                    writer.write_event(event)?;
                }
                summary.events += events.len();
            }
            Err(error) => {
                eprintln!("{error}");
                summary.errors += 1;
            }
        }
    }
    if !pages.is_empty() {
        let run = currents::run::run(&pages, &args.input.options(), writer, console)?;
        summary.files += run.files;
        summary.events += run.events;
        summary.not_event += run.not_event;
        summary.warnings += run.warnings;
        summary.errors += run.errors;
    }
    Ok(summary)
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
