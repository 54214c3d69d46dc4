//! Shared helpers for the integration tests: the corpus copy in tests/corpus.

#![allow(dead_code)]

pub mod feed;
pub mod strategies;

use std::path::{Path, PathBuf};

/// The corpus copy shipped with the repository.
pub fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The seed page.
pub fn seed() -> PathBuf {
    corpus_root().join("seed/000_c9a94dbc7f91e72e.txt")
}

/// A page of the site, by its path under `thecontext/`.
pub fn page(rel: &str) -> PathBuf {
    corpus_root().join("thecontext").join(rel)
}

/// Every markdown page of the corpus plus the seed, in name order.
pub fn all_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(corpus_root().join("thecontext"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("corpus is readable").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.push(seed());
    pages
}

/// The `currents` binary built for these tests.
pub fn currents() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("currents").unwrap()
}

/// `currents ARGS`'s standard output, the run having succeeded.
pub fn run_ok(args: &[&str]) -> Vec<u8> {
    let output = currents().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {output:?}");
    output.stdout
}

/// Every file below `dir`, at any depth, in no particular order.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
