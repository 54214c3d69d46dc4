//! The floor: what any pulldown-cmark-based converter must pay. Reads every
//! `.md` file under the given folders and iterates pulldown-cmark's events
//! (with offsets, as `currents` does), and nothing else. Single-threaded.
//!
//! `cargo run --release --example floor -- DIR...`

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let (mut files, mut bytes, mut events) = (0usize, 0usize, 0usize);
    for root in std::env::args_os().skip(1).map(PathBuf::from) {
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry?;
            if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path())?;
            let parser = pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::empty());
            events += parser.into_offset_iter().count();
            files += 1;
            bytes += text.len();
        }
    }
    eprintln!("floor: {files} files, {bytes} bytes, {events} markdown events");
    Ok(())
}
