//! The id ledger (`--id-ledger FILE`) over the corpus day `news/2017/06/19/`
//! (12 events from 28 event pages and two day pages, tests/cli_bulk.rs).

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{corpus_root, currents};

const DAY: &str = "news/2017/06/19";

fn copy_day(root: &Path) -> std::path::PathBuf {
    let from = corpus_root().join("thecontext").join(DAY);
    let day = root.join(DAY);
    std::fs::create_dir_all(&day).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), day.join(entry.file_name())).unwrap();
    }
    day
}

/// The run's ids, and its output.
fn run(root: &Path, ledger: &Path, jobs: &str) -> (BTreeSet<String>, String) {
    let out = currents()
        .current_dir(root)
        .args([
            "convert",
            DAY,
            "--to",
            "jsonl",
            "-q",
            "-j",
            jobs,
            "--id-ledger",
        ])
        .arg(ledger)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let ids = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    (ids, text)
}

#[test]
fn deleting_and_renaming_pages_changes_no_id() {
    let tmp = tempfile::tempdir().unwrap();
    let day = copy_day(tmp.path());
    let ledger = tmp.path().join("ids.tsv");
    let (before, _) = run(tmp.path(), &ledger, "1");
    assert_eq!(before.len(), 12);

    // Every page a record was not read from goes (older slugs, topic
    // twins, first versions); the pages that stay are renamed, as a site
    // does when it rewords a headline; the day pages go too.
    let records: Vec<serde_json::Value> = run(tmp.path(), &ledger, "1")
        .1
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kept: BTreeSet<String> = records
        .iter()
        .map(|r| {
            r["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    for entry in std::fs::read_dir(&day).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if kept.contains(&name) {
            std::fs::rename(day.join(&name), day.join(format!("renamed-{name}"))).unwrap();
        } else {
            std::fs::remove_file(day.join(&name)).unwrap();
        }
    }
    let (after, _) = run(tmp.path(), &ledger, "1");
    assert_eq!(after, before);
    // Without the ledger, some of them would change.
    let fresh = tmp.path().join("fresh.tsv");
    let (without, _) = run(tmp.path(), &fresh, "1");
    assert_ne!(without, before);
}

#[test]
fn the_ledger_is_sorted_and_its_bytes_are_the_same_on_every_run() {
    let tmp = tempfile::tempdir().unwrap();
    copy_day(tmp.path());
    let one = tmp.path().join("one.tsv");
    let two = tmp.path().join("two.tsv");
    let (_, out_one) = run(tmp.path(), &one, "1");
    let (_, out_two) = run(tmp.path(), &two, "2");
    assert_eq!(out_one, out_two);
    let bytes = std::fs::read(&one).unwrap();
    assert_eq!(bytes, std::fs::read(&two).unwrap());
    // Read and written again, nothing changes.
    let (_, again) = run(tmp.path(), &one, "2");
    assert_eq!(again, out_one);
    assert_eq!(std::fs::read(&one).unwrap(), bytes);
    let text = String::from_utf8(bytes).unwrap();
    let rows: Vec<&str> = text.lines().skip(2).collect();
    let mut sorted = rows.clone();
    sorted.sort();
    assert_eq!(rows, sorted, "rows are sorted");
    assert!(text.starts_with("# currents id ledger 1\nkind\tdate\tkey\tid\n"));
    // Every one of the day's 28 event pages has a row.
    let pages = rows.iter().filter(|r| r.starts_with("page\t")).count();
    assert!(pages >= 28, "{pages}");
}

#[test]
fn a_damaged_ledger_is_an_error_naming_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    copy_day(tmp.path());
    let ledger = tmp.path().join("ids.tsv");
    run(tmp.path(), &ledger, "1");
    let mut text = std::fs::read_to_string(&ledger).unwrap();
    text.push_str("page\t2017-06-19\tno id here\n");
    let lines = text.lines().count();
    std::fs::write(&ledger, &text).unwrap();
    let out = currents()
        .current_dir(tmp.path())
        .args(["convert", DAY, "--to", "jsonl", "--id-ledger", "ids.tsv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.is_empty(),
        "nothing is written from a damaged ledger"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("ids.tsv:{lines}: damaged id ledger: expected 4")),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&ledger).unwrap(),
        text,
        "left as it was"
    );
}
