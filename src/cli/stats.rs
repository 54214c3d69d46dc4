//! `currents stats`: what a collection of events holds.

use std::io::Write;
use std::process::ExitCode;

use crate::stats::Stats;

use super::common::{Console, InputArgs};

/// Count events per year and the most frequent contexts, categories and
/// source domains, as an aligned table or as JSON.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  currents stats site/news/\n  currents stats site/ --top 20 --json > stats.json"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// How many of the most frequent to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    top: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> crate::Result<ExitCode> {
    super::io::require_stdout()?;
    let options = args.input.options();
    let mut console = Console::new(args.input.quiet);
    console.track(&args.input.paths, &options);
    let mut stats = Stats::new();
    let summary = crate::run::run(&args.input.paths, &options, &mut stats, &mut console)?;
    console.finish(&summary);
    let report = stats.report(args.top);
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| crate::Error::Format(e.to_string()))?;
        writeln!(out, "{json}")?;
    } else {
        write!(out, "{report}")?;
    }
    out.flush()?;
    Ok(super::exit_code(summary.errors > 0))
}
