//! Prints one line per event of a site folder, as site mode joins them.
//!
//! `cargo run --example site_events -- tests/corpus/thecontext/news/2017/06/19`

use std::path::PathBuf;

use currents::run::{events, Item, RunOptions};

fn main() -> Result<(), currents::Error> {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let mut run = events(paths, RunOptions::default());
    for item in run.by_ref() {
        match item {
            Item::Event(event) => {
                let headline: String = event.headline.chars().take(70).collect();
                println!(
                    "{} {} | {:?} | {}",
                    event.date,
                    headline,
                    event.category,
                    event.contexts.join(", ")
                );
            }
            Item::Diagnostic(diagnostic) => eprintln!("{diagnostic}"),
            _ => {}
        }
    }
    run.finish().map(drop)
}
