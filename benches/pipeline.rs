//! Criterion benchmarks: parsing alone, each writer alone (on events parsed
//! beforehand), and end to end (from the files, joined by day, on one
//! thread and on two), on the real pages in tests/corpus.
//!
//! `cargo bench` (the whole-archive comparison is `bench/compare.sh`).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use currents::formats::markdown::render;
use currents::formats::{CsvWriter, JsonlFormat, JsonlWriter, Writer};
use currents::run::{run_records, Observer, RunOptions};
use currents::{parse_bytes, Document, Event};

/// Every markdown page of the corpus, as bytes with its path.
fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Takes no notice of problems: the corpus has its warnings.
struct Quiet;

impl Observer for Quiet {
    fn diagnostic(&mut self, _: &currents::Diagnostic) {}
}

fn parse_all(pages: &[(PathBuf, Vec<u8>)]) -> Vec<Document> {
    pages
        .iter()
        .map(|(p, b)| parse_bytes(b, Some(p)).document)
        .collect()
}

fn bench(c: &mut Criterion) {
    let pages = corpus();
    let bytes: u64 = pages.iter().map(|(_, b)| b.len() as u64).sum();
    let documents = parse_all(&pages);
    let events: Vec<Event> = documents.iter().flat_map(|d| d.events().cloned()).collect();

    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("floor: pulldown-cmark events only", |b| {
        b.iter(|| {
            let mut count = 0;
            for (_, page) in &pages {
                let text = std::str::from_utf8(page).unwrap();
                count += pulldown_cmark::Parser::new(text).into_offset_iter().count();
            }
            black_box(count)
        })
    });
    group.bench_function("parse", |b| b.iter(|| black_box(parse_all(&pages))));
    group.bench_function("write jsonl", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            let mut writer = JsonlWriter::new(&mut out);
            events.iter().for_each(|e| writer.write_event(e).unwrap());
            writer.finish().unwrap();
            black_box(out.len())
        })
    });
    group.bench_function("write csv", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            {
                let mut writer = CsvWriter::new(&mut out);
                events.iter().for_each(|e| writer.write_event(e).unwrap());
                writer.finish().unwrap();
            }
            black_box(out.len())
        })
    });
    group.bench_function("write markdown", |b| {
        b.iter(|| black_box(documents.iter().map(|d| render(d).len()).sum::<usize>()))
    });
    group.bench_function("end to end: parse + jsonl", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            let mut writer = JsonlWriter::new(&mut out);
            for document in parse_all(&pages) {
                writer.write_document(&document).unwrap();
            }
            writer.finish().unwrap();
            black_box(out.len())
        })
    });
    // On these 101 pages a second thread costs more than it gives: the
    // threads start, and the front pages and the days their lines wait for
    // are joined on the calling thread. The archive-sized figures are
    // bench/compare.sh's.
    let root = [PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")];
    for jobs in [1, 2] {
        let name = format!("end to end: site mode, files to jsonl, -j {jobs}");
        group.bench_function(name, |b| {
            let mut options = RunOptions::default();
            options.jobs = jobs;
            b.iter(|| {
                let mut out = Vec::with_capacity(1 << 20);
                run_records(&root, &options, &JsonlFormat, &mut out, &mut Quiet).unwrap();
                black_box(out.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
