//! `currents convert --to rss|atom` and `--from rss|atom` through the binary.

use crate::common;

use predicates::prelude::*;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/thecontext");
const SITE: &str = "https://example.org";

use common::currents;

#[test]
fn a_feed_without_site_url_is_a_clear_error() {
    currents()
        .args(["convert", CORPUS, "--to", "atom"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--site-url"));
}

#[test]
fn bad_language_url_and_dates_are_usage_errors() {
    for (flag, value, says) in [
        ("--language", "english", "language tag"),
        ("--feed-url", "/feed.atom", "--feed-url"),
        ("--since", "yesterday", "not a date"),
    ] {
        currents()
            .args([
                "convert",
                CORPUS,
                "--to",
                "rss",
                "--site-url",
                SITE,
                flag,
                value,
            ])
            .assert()
            .failure()
            .stderr(predicate::str::contains(says));
    }
    currents()
        .args(["convert", CORPUS, "--to", "json", "--split-by", "day"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--split-by and --archive apply to --to rss|atom|jsonfeed|site only",
        ));
}

#[test]
fn filters_and_limit_choose_the_entries() {
    let out = currents()
        .args(["convert", CORPUS, "--to", "atom", "--site-url", SITE])
        .args(["--context", "syria", "--context", "Paris", "--limit", "0"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let xml = String::from_utf8(out.stdout).unwrap();
    let entries = xml.matches("<entry>").count();
    assert!(entries > 0);
    for entry in xml.split("<entry>").skip(1) {
        assert!(
            entry.contains("term=\"Syria\"") || entry.contains("term=\"Paris\""),
            "{entry}"
        );
    }
    let out = currents()
        .args(["convert", CORPUS, "--to", "rss", "--site-url", SITE])
        .args([
            "--since",
            "2015-11-13",
            "--until",
            "2015-11-13",
            "--limit",
            "3",
        ])
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    assert_eq!(xml.matches("<item>").count(), 3);
    assert_eq!(
        xml.matches("<pubDate>Fri, 13 Nov 2015 10:00:00 +0000</pubDate>")
            .count(),
        3
    );
    assert!(xml.contains("<lastBuildDate>Fri, 13 Nov 2015 10:00:00 +0000</lastBuildDate>"));
}

#[test]
fn output_file_is_written_whole_and_read_back_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("all.xml");
    currents()
        .args([
            "convert",
            CORPUS,
            "--to",
            "rss",
            "--site-url",
            SITE,
            "--limit",
            "0",
            "-o",
        ])
        .arg(&feed)
        .assert()
        .success();
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left behind");
    // `.xml` says nothing: the content says RSS.
    let out = currents()
        .args([
            "convert",
            "--to",
            "atom",
            "--site-url",
            SITE,
            "--limit",
            "0",
        ])
        .arg(&feed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let atom = String::from_utf8(out.stdout).unwrap();
    let rss = std::fs::read_to_string(&feed).unwrap();
    assert_eq!(
        atom.matches("<entry>").count(),
        rss.matches("<item>").count()
    );
    // And as JSON, with --from.
    currents()
        .args(["convert", "--from", "rss", "--to", "json"])
        .arg(&feed)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"kind\": \"event\""));
    // A feed that is not one is an error naming the file, exit 1.
    let broken = dir.path().join("broken.atom");
    std::fs::write(&broken, "<feed><entry></feed>").unwrap();
    currents()
        .args(["convert", "--to", "json"])
        .arg(&broken)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("broken.atom"));
}

#[test]
fn split_by_context_and_day_writes_one_safe_file_per_group() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("by-context");
    currents()
        .args(["convert", CORPUS, "--to", "atom", "--site-url", SITE])
        .args([
            "--feed-url",
            "https://example.org/feeds/",
            "--split-by",
            "context",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("feeds into"));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.len() > 20, "{names:?}");
    for name in &names {
        assert!(name.ends_with(".atom"), "{name}");
        let stem = name.trim_end_matches(".atom");
        assert!(
            stem.chars().all(|c| c.is_alphanumeric() || c == '-'),
            "{name}"
        );
    }
    let isil = std::fs::read_to_string(out.join("syria.atom")).unwrap();
    assert!(isil.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/feeds/syria.atom\"/>"));
    assert!(isil.contains("<title type=\"text\">News events: Syria</title>"));

    // The folder of feeds reads back with --from: each event once.
    let mut ids: Vec<String> = Vec::new();
    for name in &names {
        let xml = std::fs::read_to_string(out.join(name)).unwrap();
        for entry in xml.split("<entry>").skip(1) {
            let id = entry
                .split("<id>")
                .nth(1)
                .unwrap()
                .split("</id>")
                .next()
                .unwrap();
            ids.push(id.to_string());
        }
    }
    ids.sort();
    ids.dedup();
    let back = currents()
        .args([
            "convert",
            "--from",
            "atom",
            "--to",
            "rss",
            "--site-url",
            SITE,
            "--limit",
            "0",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(back.status.success());
    let rss = String::from_utf8(back.stdout).unwrap();
    assert_eq!(rss.matches("<item>").count(), ids.len());

    let days = dir.path().join("by-day");
    currents()
        .args([
            "convert",
            CORPUS,
            "--to",
            "rss",
            "--site-url",
            SITE,
            "--split-by",
            "day",
            "-o",
        ])
        .arg(&days)
        .assert()
        .success();
    let day = std::fs::read_to_string(days.join("2017-06-19.rss")).unwrap();
    assert!(day.matches("<item>").count() > 1);
    // Date-only events at noon UTC; the three pages of that day with a
    // Changes list (all first versions at 2018-02-06 13:49:30) at that time.
    assert_eq!(
        day.matches("<pubDate>").count(),
        day.matches("<pubDate>Mon, 19 Jun 2017 10:00:00 +0000")
            .count()
            + day
                .matches("<pubDate>Tue, 06 Feb 2018 13:49:30 +0000")
                .count()
    );
    assert_eq!(
        day.matches("<pubDate>Tue, 06 Feb 2018 13:49:30 +0000")
            .count(),
        3
    );
}
