//! Prints one line per event of a site folder, as site mode joins them.
//!
//! `cargo run --example site_events -- tests/corpus/thecontext/news/2017/06/19`

use std::path::PathBuf;

fn main() -> Result<(), currents::Error> {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let mut merger = currents::site::SiteMerger::new();
    let mut print = |event: currents::Event| -> Result<(), currents::Error> {
        let headline: String = event.headline.chars().take(70).collect();
        println!(
            "{} {} | {:?} | {}",
            event.date,
            headline,
            event.category,
            event.contexts.join(", ")
        );
        Ok(())
    };
    for input in currents::input::walk(&paths, &["md"]) {
        let parsed = input?.parse()?;
        merger.push(parsed.document, &mut print)?;
    }
    merger.finish(&mut print)
}
