//! `currents convert`: pages in, another format out.

use std::cell::RefCell;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;

use currents::filter::{parse_date, EventFilter, SplitBy};
use currents::input::discover;
use currents::read::InputFormat;
use currents::write::{
    AtomicFile, FeedKind, FeedOptions, FeedWriter, JsonWriter, SplitFeedWriter, Writer,
};
use currents::{Error, Summary};

/// Convert pages to another format, on stdout or into `-o FILE`.
///
/// Inputs are markdown pages, or RSS / Atom feeds (by `--from`, the file
/// extension `.rss` / `.atom`, or their content). Pages with errors are
/// reported on stderr and left out; the exit status is then 1.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  currents convert samples/ --to json
  currents convert news/ --to atom --site-url https://example.org --limit 20 -o feed.atom
  currents convert news/ --to rss --site-url https://example.org --context ISIL -o isil.rss
  currents convert news/ --to atom --site-url https://example.org --split-by context -o feeds/
  currents convert feed.atom --to json")]
pub struct Args {
    /// Files and folders to read; `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The output format.
    #[arg(long, value_enum)]
    to: Format,
    /// The input format (default: by extension, else by content).
    #[arg(long, value_enum)]
    from: Option<From>,
    /// Write to FILE (atomically) instead of stdout; a folder with --split-by.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,

    /// Feeds: the site's base address; site paths (/news/...) are appended
    /// to it to make absolute links. Required for --to rss|atom.
    #[arg(long, value_name = "URL", help_heading = "Feeds")]
    site_url: Option<String>,
    /// Feeds: the feed's own address (self link); with --split-by, the
    /// folder address the files are served from.
    #[arg(long, value_name = "URL", help_heading = "Feeds")]
    feed_url: Option<String>,
    /// Feeds: the title.
    #[arg(long, default_value = "News events", help_heading = "Feeds")]
    title: String,
    /// Feeds: the author's name (default: the title).
    #[arg(long, value_name = "NAME", help_heading = "Feeds")]
    author: Option<String>,
    /// Feeds: the language tag.
    #[arg(long, default_value = "en", value_name = "TAG", help_heading = "Feeds")]
    language: String,
    /// Feeds: the newest N events (per feed with --split-by); 0 for all.
    #[arg(long, default_value_t = 50, value_name = "N", help_heading = "Feeds")]
    limit: usize,
    /// Feeds: one feed per context tag or per day, into the folder -o DIR.
    #[arg(long, value_enum, value_name = "BY", help_heading = "Feeds")]
    split_by: Option<Split>,

    /// Keep events tagged with this context (repeatable: any of them).
    #[arg(long = "context", value_name = "TAG", help_heading = "Filters")]
    contexts: Vec<String>,
    /// Keep events whose category line is NAME.
    #[arg(long, value_name = "NAME", help_heading = "Filters")]
    category: Option<String>,
    /// Keep events on or after DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_arg, help_heading = "Filters")]
    since: Option<chrono::NaiveDate>,
    /// Keep events on or before DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_arg, help_heading = "Filters")]
    until: Option<chrono::NaiveDate>,
}

fn date_arg(text: &str) -> Result<chrono::NaiveDate, String> {
    parse_date(text).map_err(|e| e.to_string())
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// The model as pretty JSON (an array of pages), for inspection.
    Json,
    /// RSS 2.0.
    Rss,
    /// Atom 1.0.
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

/// Where the output goes. A file is shared with `run`, which commits it
/// only after the writer finished without error.
enum Sink {
    Stdout,
    File(Rc<RefCell<AtomicFile>>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout => std::io::stdout().lock().write(buf),
            Sink::File(file) => file.borrow_mut().write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout => std::io::stdout().lock().flush(),
            Sink::File(file) => file.borrow_mut().flush(),
        }
    }
}

fn feed_options(args: &Args) -> currents::Result<FeedOptions> {
    let site = args.site_url.as_deref().ok_or_else(|| {
        Error::Usage(
            "--to rss|atom needs --site-url URL (the site's base address, used to make absolute links)"
                .into(),
        )
    })?;
    let mut options = FeedOptions::new(site)?.with_language(&args.language)?;
    if let Some(url) = &args.feed_url {
        options = options.with_feed_url(url)?;
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

pub fn run(args: Args) -> currents::Result<ExitCode> {
    let kind = match args.to {
        Format::Json => None,
        Format::Rss => Some(FeedKind::Rss),
        Format::Atom => Some(FeedKind::Atom),
    };
    let feed_only = !args.contexts.is_empty()
        || args.category.is_some()
        || args.since.is_some()
        || args.until.is_some()
        || args.split_by.is_some();
    if kind.is_none() && feed_only {
        return Err(Error::Usage(
            "--context, --category, --since, --until and --split-by apply to --to rss|atom".into(),
        ));
    }
    let options = kind.map(|_| feed_options(&args)).transpose()?;
    if let (Some(_), Some(since), Some(until)) = (kind, args.since, args.until) {
        if since > until {
            return Err(Error::Usage(format!(
                "--since {since} is after --until {until}"
            )));
        }
    }

    let mut split_writer: Option<SplitFeedWriter> = None;
    let mut sink_writer: Option<Box<dyn Writer>> = None;
    let mut file: Option<Rc<RefCell<AtomicFile>>> = None;
    match (kind, args.split_by, &args.output) {
        (Some(kind), Some(split), Some(dir)) => {
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
            let options = options.clone().unwrap_or_else(|| unreachable!());
            split_writer = Some(SplitFeedWriter::new(dir, kind, split, options));
        }
        (_, Some(_), None) => {
            return Err(Error::Usage(
                "--split-by needs -o DIR (the folder for the feeds)".into(),
            ));
        }
        (kind, None, output) => {
            let sink = match output {
                Some(path) => {
                    let shared = Rc::new(RefCell::new(AtomicFile::create(path)?));
                    file = Some(Rc::clone(&shared));
                    Sink::File(shared)
                }
                None => Sink::Stdout,
            };
            let out = std::io::BufWriter::new(sink);
            sink_writer = Some(match (kind, options.clone()) {
                (Some(kind), Some(options)) => Box::new(FeedWriter::new(out, kind, options)),
                _ => Box::new(JsonWriter::new(out)),
            });
        }
        (None, Some(_), Some(_)) => unreachable!("checked above"),
    }
    let writer: &mut dyn Writer = match (&mut split_writer, &mut sink_writer) {
        (Some(w), _) => w,
        (None, Some(w)) => w.as_mut(),
        (None, None) => unreachable!(),
    };

    let (inputs, errors) = discover(&args.paths, InputFormat::FOLDER_EXTENSIONS);
    let mut summary = Summary::default();
    for error in &errors {
        eprintln!("{error}");
        summary.record_unreadable();
    }
    for input in &inputs {
        let bytes = match input.read() {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{error}");
                summary.record_unreadable();
                continue;
            }
        };
        let format = match args.from {
            Some(From::Markdown) => InputFormat::Markdown,
            Some(From::Rss) => InputFormat::Rss,
            Some(From::Atom) => InputFormat::Atom,
            None => input
                .path()
                .and_then(InputFormat::from_path)
                .filter(|f| *f != InputFormat::Markdown)
                .unwrap_or_else(|| InputFormat::sniff(&bytes)),
        };
        if format != InputFormat::Markdown {
            match format.read_events(&bytes) {
                Ok(events) => {
                    summary.files += 1;
                    summary.events += events.len();
                    for event in &events {
                        writer.write_event(event)?;
                    }
                }
                Err(error) => {
                    eprintln!("{input}: error: {error}");
                    summary.record_unreadable();
                }
            }
            continue;
        }
        let mut parsed = currents::parse_bytes(&bytes, input.path());
        summary.record(&mut parsed, args.strict);
        let mut stderr = std::io::stderr().lock();
        for diagnostic in &parsed.diagnostics {
            writeln!(stderr, "{diagnostic}")?;
        }
        if !parsed.has_errors() {
            writer.write_document(&parsed.document)?;
        }
    }
    writer.finish()?;
    if let Some(split) = &split_writer {
        eprintln!(
            "wrote {} feed{} into {}",
            split.written().len(),
            if split.written().len() == 1 { "" } else { "s" },
            args.output
                .as_deref()
                .unwrap_or(std::path::Path::new("."))
                .display()
        );
        if split.keyless() > 0 {
            eprintln!(
                "note: {} event(s) without a context tag are in no feed",
                split.keyless()
            );
        }
    }
    drop(sink_writer);
    if let Some(file) = file {
        match Rc::try_unwrap(file) {
            Ok(file) => file.into_inner().commit()?,
            Err(_) => unreachable!("the writer was dropped"),
        }
    }
    Ok(super::exit_code(summary.errors > 0))
}
