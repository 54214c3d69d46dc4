//! The integration tests, in one binary (one link step instead of one per
//! file): each module is a file of tests; `common` holds their helpers.

mod ci_output;
mod cli_bulk;
mod cli_check;
mod cli_feeds;
mod common;
mod config;
mod editions;
#[cfg(all(feature = "parquet", feature = "xlsx"))]
mod exports;
mod failing_writes;
mod feed_publishing;
mod feeds;
mod fmt_cli;
mod fmt_corpus;
mod fmt_files;
mod fmt_style;
mod fuzz_regressions;
mod hostile_cli;
mod hostile_inputs;
mod hostile_records;
mod identity;
mod jsonl_csv;
mod ledger;
mod model_snapshots;
mod output_safety;
mod parse_corpus;
mod parse_inputs;
mod proptest_feeds;
mod proptest_roundtrip;
mod regressions;
mod samples;
mod selection;
mod signals;
