//! `currents convert`: pages in, another format out.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use currents::input::discover;
use currents::write::{JsonWriter, MarkdownWriter, Writer};
use currents::Summary;

/// Convert pages to another format, on stdout or into `-o FILE`.
///
/// Pages with errors are reported on stderr and left out; the exit status
/// is then 1.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  currents convert samples/ --to json")]
pub struct Args {
    /// Files and folders to read; `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The output format.
    #[arg(long, value_enum)]
    to: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// The model as pretty JSON (an array of pages), for inspection.
    Json,
    /// Canonical markdown pages, one after another (docs/canonical-markdown.md).
    Md,
}

pub fn run(args: Args) -> currents::Result<ExitCode> {
    let (inputs, errors) = discover(&args.paths, currents::read::InputFormat::FOLDER_EXTENSIONS);
    let mut summary = Summary::default();
    for error in &errors {
        eprintln!("{error}");
        summary.record_unreadable();
    }
    let stdout = std::io::stdout();
    let out = std::io::BufWriter::new(stdout.lock());
    let mut writer: Box<dyn Writer> = match args.to {
        Format::Json => Box::new(JsonWriter::new(out)),
        Format::Md => Box::new(MarkdownWriter::new(out)),
    };
    for input in &inputs {
        let mut parsed = match input.parse() {
            Ok(parsed) => parsed,
            Err(error) => {
                eprintln!("{error}");
                summary.record_unreadable();
                continue;
            }
        };
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
    Ok(super::exit_code(summary.errors > 0))
}
