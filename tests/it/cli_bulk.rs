//! Bulk work through the binary: site mode, threads, failures, quiet,
//! stdin and stdout.

use crate::common;

use predicates::prelude::*;
use serde_json::Value;

use common::currents;

fn json(args: &[&str], paths: &[std::path::PathBuf]) -> Value {
    let out = currents()
        .args(args)
        .args(paths)
        .assert()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn site_mode_gives_one_record_per_event_of_the_complete_day() {
    // Read from the pages: 28 event pages and two day pages hold 12 news
    // items (Finsbury Park x4, Champs-Elysees x4, Su-22 x2, Warmbier x2,
    // bears x2, Brexit x2, The Slants x2, Sulu Sea x2, personal data x3,
    // displacement x3, Carrie Fisher, crude oil).
    let day = common::page("news/2017/06/19");
    let events = json(
        &["convert", "--to", "json", "-q"],
        std::slice::from_ref(&day),
    );
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 12);
    let paths: Vec<&str> = events.iter().map(|e| e["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "date, then path");

    // Every summary a day page gives reaches the event it belongs to.
    let pages = json(
        &["convert", "--to", "json", "--pages", "-q"],
        &[day.join("index.md"), day.join("README.md")],
    );
    let day_summaries: Vec<&str> = pages
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["events"].as_array().unwrap())
        .filter_map(|e| e["summary"].as_str())
        .collect();
    assert_eq!(day_summaries.len(), 11);
    for summary in day_summaries {
        // Day pages may cut a summary short ("..."); the event page's full text wins.
        let cut = summary.trim_end_matches("...").trim_end_matches('…');
        assert!(
            events
                .iter()
                .any(|e| e["summary"].as_str().is_some_and(|s| s.starts_with(cut))),
            "{summary}"
        );
    }
    // Context tags come from the day pages, categories from them or a twin.
    let finsbury = events
        .iter()
        .find(|e| e["category"] == "2017 Finsbury Park attack")
        .unwrap();
    assert_eq!(finsbury["contexts"].as_array().unwrap().len(), 4);
    let brexit = events
        .iter()
        .find(|e| e["headline"] == "Brexit negotiations begin in Brussels.")
        .unwrap();
    assert_eq!(
        brexit["category"],
        "United Kingdom withdrawal from the European Union"
    );
    // The (Current version) of a Changes list names the record.
    assert!(paths
        .iter()
        .any(|p| p.ends_with("when-unsecured-files-were-uploaded-b.md")));
    assert_eq!(
        paths
            .iter()
            .filter(|p| p.contains("personal-information"))
            .count(),
        1
    );
}

#[test]
fn pages_mode_gives_one_record_per_page() {
    let events = json(
        &["convert", "--to", "json", "--pages", "-q"],
        &[common::page("news/2017/06/19")],
    );
    assert_eq!(events.as_array().unwrap().len(), 30);
}

#[test]
fn one_thread_and_two_give_the_same_bytes() {
    let run_as = |format: &str, jobs: &str| {
        currents()
            .args(["convert", "--to", format, "-q", "-j", jobs])
            .arg(common::corpus_root())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let run = |jobs: &str| run_as("json", jobs);
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("0"));
    // JSON Lines and CSV on several threads join and encode days on the workers.
    for format in ["jsonl", "csv"] {
        assert_eq!(run_as(format, "1"), run_as(format, "2"), "{format}");
    }
    let events: Value = serde_json::from_slice(&one).unwrap();
    let dates: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert!(
        dates.windows(2).filter(|w| w[0] > w[1]).count() <= 1,
        "by date; front-page days without a day folder come last"
    );
}

#[test]
fn a_broken_file_is_reported_and_the_others_converted() {
    let dir = tempfile::tempdir().unwrap();
    let day = dir.path().join("news/2017/06/19");
    std::fs::create_dir_all(&day).unwrap();
    for name in ["brexit-negotiations-begin-in-brussels.md", "index.md"] {
        std::fs::copy(common::page("news/2017/06/19").join(name), day.join(name)).unwrap();
    }
    std::fs::write(
        day.join("broken.md"),
        b"### [2017-06-19](/news/2017/06/19/index.md)\n\n# Bad \xFF\n",
    )
    .unwrap();
    let assert = currents()
        .args(["convert", "--to", "json"])
        .arg(dir.path())
        .assert()
        .code(1);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.md:3:7: error: invalid UTF-8 at byte offset 51"),
        "{stderr}"
    );
    assert!(stderr.contains("1 error"), "{stderr}");
    let events: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        events.as_array().unwrap().len(),
        8,
        "the day's eight items, the Brexit page joined to its line"
    );
}

#[test]
fn strict_fails_on_warnings_and_fail_fast_stops_early() {
    let pages = common::page("news/2017/06/19");
    currents()
        .args(["convert", "--to", "json", "-q"])
        .arg(&pages)
        .assert()
        .success();
    currents()
        .args(["convert", "--to", "json", "--strict"])
        .arg(&pages)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(": error: repeated list number 2"));
    let all = currents()
        .args(["convert", "--to", "json", "--strict"])
        .arg(&pages)
        .assert()
        .get_output()
        .stderr
        .clone();
    let first = currents()
        .args(["convert", "--to", "json", "--strict", "--fail-fast"])
        .arg(&pages)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let errors = |s: &[u8]| {
        String::from_utf8_lossy(s)
            .lines()
            .filter(|l| l.contains(": error: "))
            .count()
    };
    assert!(errors(&all) > 2);
    // The first failing page (the Indonesia page: list numbers `1.` twice,
    // lines 15 and 20) has two errors; then the run stops.
    let failed_pages: std::collections::BTreeSet<String> = String::from_utf8_lossy(&first)
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(|l| l.split(".md:").next().unwrap().to_string())
        .collect();
    assert_eq!(
        failed_pages.len(),
        1,
        "one page, then stop: {failed_pages:?}"
    );
    assert_eq!(errors(&first), 2, "the first failing page's errors");
}

#[test]
fn quiet_prints_nothing_but_errors() {
    currents()
        .args(["convert", "--to", "json", "-q"])
        .arg(common::corpus_root())
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    currents()
        .args(["convert", "--to", "json"])
        .arg(common::corpus_root())
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            // 223 English events, 51 of the Chinese edition (tests/it/editions.rs).
            "currents: 145 files, 274 events, 8 warnings, 0 errors",
        ));
}

#[test]
fn stdin_to_stdout_and_to_a_file() {
    let page = std::fs::read(common::seed()).unwrap();
    let out = currents()
        .args(["convert", "--to", "json", "-q", "-"])
        .write_stdin(page.clone())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let events: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(events[0]["date"], "2015-11-25");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    currents()
        .args(["convert", "--to", "json", "-q", "-", "-o"])
        .arg(&target)
        .write_stdin(page)
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read(&target).unwrap(), out);
}

#[test]
fn a_failed_output_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing/out.json");
    currents()
        .args(["convert", "--to", "json", "-o"])
        .arg(&target)
        .arg(common::seed())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing/out.json"));
    assert!(!target.exists());
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("currents"))
        .args(["convert", "--to", "json", "--pages", "-q"])
        .arg(common::corpus_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then drop: the pipe closes
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{status:?} {stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn stats_counts_the_corpus() {
    let out = currents()
        .args(["stats", "--json", "-q"])
        .arg(common::corpus_root())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stats: Value = serde_json::from_slice(&out).unwrap();
    // 223 English events, 51 of the Chinese edition (tests/it/editions.rs).
    assert_eq!(stats["events"], 274);
    assert_eq!(stats["per_edition"][0]["name"], "en");
    assert_eq!(stats["per_edition"][0]["count"], 223);
    assert_eq!(stats["per_edition"][1]["name"], "zh");
    assert_eq!(stats["per_edition"][1]["count"], 51);
    let per_year: u64 = stats["per_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["events"].as_u64().unwrap())
        .sum();
    assert_eq!(per_year, 274);
    assert_eq!(stats["per_year"][0]["year"], 1999);
    assert_eq!(stats["contexts"].as_array().unwrap().len(), 10);
    assert_eq!(stats["source_domains"][0]["name"], "news.bbc.co.uk");
    let table = currents()
        .args(["stats", "-q", "--top", "3"])
        .arg(common::corpus_root())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(table).unwrap();
    assert!(
        table.starts_with("274 events\n\nevents per year:\n  count  year\n      5  1999\n"),
        "{table}"
    );
}

#[test]
fn completions_and_man_page() {
    currents()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_currents()"));
    currents()
        .args(["completions", "zsh"])
        .assert()
        .success()
        .stdout(predicate::str::contains("#compdef currents"));
    currents()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH currents 1"));
}

#[test]
fn every_subcommand_help_has_an_example() {
    let help = currents()
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(help).unwrap();
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 5, "{commands:?}");
    for command in commands {
        currents()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}
