//! `currents convert`: pages in, another format out.

use std::path::PathBuf;
use std::process::ExitCode;

use currents::output::Output;
use currents::write::{JsonWriter, MarkdownWriter, Writer};

use super::common::{Console, InputArgs};

/// Convert pages to another format, on stdout or into `-o FILE`.
///
/// By default each event becomes one record (site mode: an event's page and
/// its day-page lines are joined); `--pages` gives one record per page.
/// Pages with errors are reported on stderr and left out; the exit status is
/// then 1. Warnings are counted in the summary; `currents check` lists them.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  currents convert samples/ --to json\n  currents convert site/news/ --to json --pages -o pages.json"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// The output format.
    #[arg(long, value_enum)]
    to: Format,
    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// The model as pretty JSON (an array), for inspection.
    Json,
    /// Canonical markdown pages, one after another (docs/canonical-markdown.md).
    Md,
}

pub fn run(args: Args) -> currents::Result<ExitCode> {
    let mut console = Console::new(args.input.quiet);
    let mut output = Output::open(args.output.as_deref())?;
    let summary = {
        let mut writer: Box<dyn Writer + '_> = match args.to {
            Format::Json => Box::new(JsonWriter::new(&mut output)),
            Format::Md => Box::new(MarkdownWriter::new(&mut output)),
        };
        let summary = currents::run::run(
            &args.input.paths,
            &args.input.options(),
            writer.as_mut(),
            &mut console,
        )?;
        writer.finish()?;
        summary
    };
    output.commit()?;
    console.finish(&summary);
    Ok(super::exit_code(summary.errors > 0))
}
