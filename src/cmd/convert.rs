//! `currents convert`: pages in, another format out.

use std::path::PathBuf;
use std::process::ExitCode;

use currents::output::Output;
use currents::read::InputFormat;
use currents::write::{CsvTable, CsvWriter, JsonWriter, JsonlWriter, MarkdownWriter, Writer};

use super::common::{Console, InputArgs};

/// Convert pages to another format, on stdout or into `-o FILE`.
///
/// By default each event becomes one record (site mode: an event's page and
/// its day-page lines are joined); `--pages` gives one record per page.
/// JSON Lines and CSV files written by `convert` are inputs too (by
/// extension, or `--from`); their records are written as read. Pages and
/// records with errors are reported on stderr and left out; the exit status
/// is then 1. Warnings are counted in the summary; `currents check` lists them.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  currents convert samples/ --to json
  currents convert site/news/ --to json --pages -o pages.json
  currents convert site/news/ --to jsonl -o events.jsonl
  currents convert events.jsonl --to csv --table sources -o sources.csv
  currents convert events.csv --to jsonl
  currents convert - --from jsonl --to csv --bom --excel-safe < events.jsonl")]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The output format.
    #[arg(long, value_enum)]
    to: Format,
    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read every input as this format [default: by extension: .jsonl and
    /// .ndjson are JSON Lines, .csv is CSV, anything else markdown].
    #[arg(long, value_enum, value_name = "FORMAT")]
    from: Option<From>,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// The model as pretty JSON (an array), for inspection.
    Json,
    /// JSON Lines: one event per line (docs/jsonl-csv.md).
    Jsonl,
    /// CSV: one row per event, or per item with --table (docs/jsonl-csv.md).
    Csv,
    /// Canonical markdown pages, one after another (docs/canonical-markdown.md).
    Md,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum From {
    /// News-event markdown pages.
    Markdown,
    /// JSON Lines written by --to jsonl.
    Jsonl,
    /// The CSV events table written by --to csv.
    Csv,
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

pub fn run(args: Args) -> currents::Result<ExitCode> {
    if args.to != Format::Csv && (args.table.is_some() || args.bom || args.excel_safe) {
        clap::Error::raw(
            clap::error::ErrorKind::ArgumentConflict,
            "--table, --bom and --excel-safe apply to --to csv only\n",
        )
        .exit();
    }
    let mut options = args.input.options();
    options.from = args.from.map(|from| match from {
        From::Markdown => InputFormat::Markdown,
        From::Jsonl => InputFormat::Jsonl,
        From::Csv => InputFormat::Csv,
    });
    options.output = args.output.clone();
    let mut console = Console::new(args.input.quiet);
    let mut output = Output::open(args.output.as_deref())?;
    let summary = {
        let mut writer: Box<dyn Writer + '_> = match args.to {
            Format::Json => Box::new(JsonWriter::new(&mut output)),
            Format::Jsonl => Box::new(JsonlWriter::new(&mut output)),
            Format::Csv => Box::new(
                CsvWriter::new(&mut output)
                    .table(csv_table(args.table))
                    .bom(args.bom)
                    .excel_safe(args.excel_safe),
            ),
            Format::Md => Box::new(MarkdownWriter::new(&mut output)),
        };
        let summary =
            currents::run::run(&args.input.paths, &options, writer.as_mut(), &mut console)?;
        writer.finish()?;
        summary
    };
    output.commit()?;
    console.finish(&summary);
    Ok(super::exit_code(summary.errors > 0))
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
