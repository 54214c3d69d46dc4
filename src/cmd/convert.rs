//! `currents convert`: pages in, another format out.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use currents::input::{discover, Input};
use currents::output::write_output;
use currents::read::{read_events, InputFormat};
use currents::write::{CsvTable, CsvWriter, JsonWriter, JsonlWriter, Writer};
use currents::Summary;

/// Convert pages to another format, on stdout or into `-o FILE`.
///
/// Inputs are markdown pages, or JSON Lines / CSV events tables written by
/// this command (by extension, or `--from`). Pages and records with errors
/// are reported on stderr and left out; the exit status is then 1.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  currents convert samples/ --to json
  currents convert news/ --to jsonl -o events.jsonl
  currents convert events.jsonl --to csv --table sources -o sources.csv
  currents convert events.csv --to jsonl
  cat events.jsonl | currents convert - --from jsonl --to csv --bom --excel-safe")]
pub struct Args {
    /// Files and folders to read; `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The output format.
    #[arg(long, value_enum)]
    to: Format,
    /// Write into FILE (replaced atomically when done) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read every input as this format [default: by extension: .jsonl, .csv, else markdown].
    #[arg(long, value_enum, value_name = "FORMAT")]
    from: Option<From>,
    /// CSV: the table to write [default: events].
    #[arg(long, value_enum)]
    table: Option<Table>,
    /// CSV: start with a UTF-8 byte order mark (for Excel on Windows).
    #[arg(long)]
    bom: bool,
    /// CSV: prefix cells starting with = + - @ tab or CR with ' so
    /// spreadsheets do not run them as formulas. Lossy.
    #[arg(long)]
    excel_safe: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// The model as pretty JSON (an array of pages), for inspection.
    Json,
    /// JSON Lines: one event per line.
    Jsonl,
    /// CSV: one row per event (or per item with --table).
    Csv,
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
    let from = args.from.map(|f| match f {
        From::Markdown => InputFormat::Markdown,
        From::Jsonl => InputFormat::Jsonl,
        From::Csv => InputFormat::Csv,
    });
    let extensions = from.map_or(InputFormat::FOLDER_EXTENSIONS, InputFormat::extensions);
    let (mut inputs, errors) = discover(&args.paths, extensions);
    // Never read back, from a folder, the file this run is replacing.
    if let Some(target) = args.output.as_ref().and_then(|o| o.canonicalize().ok()) {
        inputs.retain(|input| {
            input.path().is_none_or(|p| {
                args.paths.iter().any(|named| named == p)
                    || p.canonicalize().ok().as_ref() != Some(&target)
            })
        });
    }
    let mut summary = Summary::default();
    for error in &errors {
        eprintln!("{error}");
        summary.record_unreadable();
    }
    write_output(args.output.as_deref(), |out| {
        let mut writer: Box<dyn Writer + '_> = match args.to {
            Format::Json => Box::new(JsonWriter::new(out)),
            Format::Jsonl => Box::new(JsonlWriter::new(out)),
            Format::Csv => Box::new(
                CsvWriter::new(out)
                    .table(csv_table(args.table))
                    .bom(args.bom)
                    .excel_safe(args.excel_safe),
            ),
        };
        for input in &inputs {
            match InputFormat::of(input, from) {
                InputFormat::Markdown => {
                    convert_page(input, &mut *writer, &mut summary, args.strict)?
                }
                format => convert_records(input, format, &mut *writer, &mut summary)?,
            }
        }
        writer.finish()
    })?;
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

fn convert_page(
    input: &Input,
    writer: &mut dyn Writer,
    summary: &mut Summary,
    strict: bool,
) -> currents::Result<()> {
    let mut parsed = match input.parse() {
        Ok(parsed) => parsed,
        Err(error) => {
            eprintln!("{error}");
            summary.record_unreadable();
            return Ok(());
        }
    };
    summary.record(&mut parsed, strict);
    let mut stderr = std::io::stderr().lock();
    for diagnostic in &parsed.diagnostics {
        writeln!(stderr, "{diagnostic}")?;
    }
    if !parsed.has_errors() {
        writer.write_document(&parsed.document)?;
    }
    Ok(())
}

fn convert_records(
    input: &Input,
    format: InputFormat,
    writer: &mut dyn Writer,
    summary: &mut Summary,
) -> currents::Result<()> {
    let records = match read_events(input, format) {
        Ok(records) => records,
        Err(error) => {
            eprintln!("{error}");
            summary.record_unreadable();
            return Ok(());
        }
    };
    summary.files += 1;
    for record in records {
        match record {
            Ok(event) => {
                summary.events += 1;
                writer.write_event(&event)?;
            }
            Err(diagnostic) => {
                eprintln!("{diagnostic}");
                summary.errors += 1;
            }
        }
    }
    Ok(())
}
