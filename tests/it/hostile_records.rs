//! Readers of every format keep the good records next to a bad one, and
//! locate the bad one (issue 19). Each test failed on the code before.

use crate::common;

use std::path::Path;
use std::process::Output;

/// `convert FILE --to jsonl`: the headlines read, and stderr.
fn convert(path: &Path) -> (Output, Vec<String>, String) {
    let output = common::currents()
        .args(["convert", "--to", "jsonl"])
        .arg(path)
        .output()
        .unwrap();
    let headlines = String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["headline"].to_string())
        .collect();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output, headlines, stderr)
}

fn rss(items: &[&str]) -> String {
    let items: String = items
        .iter()
        .map(|item| format!("<item><title>{item}</title></item>\n"))
        .collect();
    format!("<rss version=\"2.0\"><channel><title>T</title><link>https://e.org</link><description>D</description>\n{items}</channel></rss>\n")
}

#[test]
fn an_rss_item_without_a_date_is_an_error_and_the_others_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let feed = rss(&[
        "A</title><pubDate>Mon, 19 Jun 2017 00:00:00 +0000</pubDate><title>A",
        "B",
        "C</title><pubDate>Fri, 01 Jan 99999 00:00:00 +0000</pubDate><title>C",
        "D</title><pubDate>Tue, 20 Jun 2017 00:00:00 +0000</pubDate><title>D",
    ]);
    let path = dir.path().join("f.rss");
    std::fs::write(&path, feed).unwrap();
    let (output, headlines, stderr) = convert(&path);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(headlines, ["\"A\"", "\"D\""]);
    assert!(
        stderr.contains("f.rss:3:1: error:") && stderr.contains("item 2 (B): no pubDate"),
        "{stderr}"
    );
    assert!(
        stderr.contains("f.rss:4:1: error:") && stderr.contains("outside the years"),
        "{stderr}"
    );
}

const ATOM_HEAD: &str = "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";

fn entry(title: &str, updated: &str) -> String {
    format!("<entry><id>{title}</id><title>{title}</title><updated>{updated}</updated></entry>\n")
}

#[test]
fn an_atom_entry_with_a_bad_date_is_an_error_and_the_others_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let feed = format!(
        "{ATOM_HEAD}{}{}{}{}</feed>\n",
        entry("A", "2017-06-19T00:00:00Z"),
        entry("B", "yesterday"),
        entry("C", "-0001-01-01T00:00:00Z"),
        entry("D", "2017-06-20T00:00:00Z"),
    );
    let path = dir.path().join("f.atom");
    std::fs::write(&path, feed).unwrap();
    let (output, headlines, stderr) = convert(&path);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(headlines, ["\"A\"", "\"D\""]);
    assert!(
        stderr.contains("f.atom:4:1: error:") && stderr.contains("entry 2 (B)"),
        "{stderr}"
    );
    assert!(stderr.contains("f.atom:5:1: error:"), "{stderr}");
}

#[test]
fn a_truncated_atom_feed_keeps_its_entries_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let entries: String = (0..12)
        .map(|i| entry(&format!("E{i}"), "2017-06-19T00:00:00Z"))
        .collect();
    let feed = format!("{ATOM_HEAD}{entries}</feed>\n");
    // Cut inside the fourth entry.
    let cut = feed.match_indices("<entry>").nth(3).unwrap().0 + 20;
    let path = dir.path().join("cut.atom");
    std::fs::write(&path, &feed[..cut]).unwrap();
    let (output, headlines, stderr) = convert(&path);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(headlines.len(), 3);
    assert!(stderr.contains("cut.atom:6:"), "{stderr}");
}

#[test]
fn a_feed_with_an_internal_dtd_subset_is_a_feed() {
    let dir = tempfile::tempdir().unwrap();
    let feed = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [\n<!ENTITY e \"x\">\n]>\n{}{}</feed>\n",
        &ATOM_HEAD[22..],
        entry("A", "2017-06-19T00:00:00Z")
    );
    let path = dir.path().join("feed.xml");
    std::fs::write(&path, feed).unwrap();
    let (output, headlines, stderr) = convert(&path);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(headlines, ["\"A\""]);
}

#[test]
fn stdin_is_read_in_the_format_its_content_shows() {
    let atom = format!("{ATOM_HEAD}{}</feed>\n", entry("A", "2017-06-19T00:00:00Z"));
    let jsonl = "{\"date\":\"2017-06-19\",\"headline\":\"J\"}\n";
    let csv = "id,date,headline\n,2017-06-19,C\n";
    for (input, headline) in [(atom.as_str(), "A"), (jsonl, "J"), (csv, "C")] {
        let output = common::currents()
            .args(["convert", "-", "--to", "jsonl", "-q"])
            .write_stdin(input)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            text.contains(&format!("\"headline\":\"{headline}\"")),
            "{text}"
        );
    }
}

#[test]
fn json_output_named_as_input_is_refused_with_what_to_use() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("all.json");
    let made = common::currents()
        .args(["convert", "--to", "json", "-q", "-o"])
        .arg(&json)
        .arg(common::seed())
        .output()
        .unwrap();
    assert!(made.status.success());
    let (output, headlines, stderr) = convert(&json);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(headlines.is_empty());
    assert!(stderr.contains("--to jsonl"), "{stderr}");
}

#[test]
fn record_errors_name_the_field_and_empty_headlines_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("e.jsonl");
    std::fs::write(
        &jsonl,
        concat!(
            "{\"date\":\"2017-06-19\",\"headline\":\"Good\"}\n",
            "{\"date\":\"2017-13-45\",\"headline\":\"Bad date\"}\n",
            "{\"date\":\"2017-06-19\",\"headline\":\"\"}\n",
            "{\"date\":\"2017-06-19\",\"headline\":\"S\",\"sources\":[{\"name\":\"a\",\"url\":3}]}\n",
        ),
    )
    .unwrap();
    let (output, headlines, stderr) = convert(&jsonl);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(headlines, ["\"Good\""]);
    assert!(
        stderr.contains("e.jsonl:2:") && stderr.contains("field `date`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("e.jsonl:3:") && stderr.contains("field `headline`: empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("e.jsonl:4:") && stderr.contains("field `sources[0].url`"),
        "{stderr}"
    );
    let csv = dir.path().join("e.csv");
    std::fs::write(&csv, "id,date,headline\n,2017-06-19,Good\n,2017-06-19,\n").unwrap();
    let (output, headlines, stderr) = convert(&csv);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(headlines, ["\"Good\""]);
    assert!(stderr.contains("column `headline`: empty"), "{stderr}");
}

#[test]
fn an_empty_selection_says_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("e.jsonl"),
        "{\"date\":\"2017-06-19\",\"headline\":\"J\"}\n",
    )
    .unwrap();
    let (output, headlines, stderr) = convert(dir.path());
    assert!(output.status.success());
    assert!(headlines.is_empty());
    assert!(
        stderr.contains("no input files") && stderr.contains("--from"),
        "{stderr}"
    );
}

/// `convert --to md` of many events reads back as the same events, byte
/// for byte through JSON Lines: the English pages in site mode and by
/// page, and the Chinese pages (tests/corpus/thecontext, thecontext-zh).
#[test]
fn markdown_of_many_events_reads_back_as_those_events() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::corpus_root();
    for (folder, pages) in [
        ("thecontext", false),
        ("thecontext", true),
        ("thecontext-zh", false),
    ] {
        let run = |args: &[&str], input: &Path| {
            let mut command = common::currents();
            command.arg("convert").arg(input).args(args).arg("-q");
            if pages {
                command.arg("--pages");
            }
            let output = command.output().unwrap();
            assert!(output.status.success(), "{args:?}: {output:?}");
            output.stdout
        };
        let md = dir.path().join(format!("{folder}-{pages}.md"));
        std::fs::write(&md, run(&["--to", "md"], &corpus.join(folder))).unwrap();
        let direct = run(&["--to", "jsonl"], &corpus.join(folder));
        let lines = direct.iter().filter(|&&b| b == b'\n').count();
        assert!(lines > 40, "{folder}: {lines} events");
        let back = common::currents()
            .args(["convert", "--to", "jsonl", "-q"])
            .arg(&md)
            .output()
            .unwrap();
        assert!(back.status.success(), "{back:?}");
        assert!(
            back.stdout == direct,
            "{folder} (pages: {pages}) reads back differently"
        );
    }
}

#[test]
fn markdown_keeps_link_syntax_in_names_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("h.jsonl");
    std::fs::write(
        &jsonl,
        r#"{"date":"2017-06-19","headline":"H","sources":[{"name":"x](http://evil.example)[y","url":"https://good.example/"},{"name":"\\","url":"https://b.example/"}],"related":[{"headline":"a](http://evil.example)","path":"/news/x.md"}]}"#,
    )
    .unwrap();
    let md = dir.path().join("h.md");
    let output = common::currents()
        .args(["convert", "--to", "md", "-q", "-o"])
        .arg(&md)
        .arg(&jsonl)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let (output, _, stderr) = convert(&md);
    assert!(
        output.status.success() && !stderr.contains("error:"),
        "{stderr}"
    );
    let back = common::currents()
        .args(["convert", "--to", "jsonl"])
        .arg(&md)
        .output()
        .unwrap();
    let event: serde_json::Value = serde_json::from_slice(&back.stdout).unwrap();
    let sources = event["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2, "{event}");
    assert_eq!(sources[0]["url"], "https://good.example/");
    assert_eq!(sources[0]["name"], "x\\](http://evil.example)\\[y");
    // A lone backslash reads back as it was (written `[\ ](…)`, not escaped).
    assert_eq!(sources[1]["name"], "\\");
    assert_eq!(event["related"][0]["path"], "/news/x.md");
    assert!(!String::from_utf8_lossy(&back.stdout).contains("\"url\":\"http://evil.example"));
}

#[test]
fn control_characters_are_refused_on_reading() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("c.jsonl");
    std::fs::write(
        &jsonl,
        "{\"date\":\"2017-06-19\",\"headline\":\"Good\"}\n{\"date\":\"2017-06-19\",\"headline\":\"V\",\"summary\":\"\\u000b# not a heading\"}\n",
    )
    .unwrap();
    let (output, headlines, stderr) = convert(&jsonl);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(headlines, ["\"Good\""]);
    assert!(
        stderr.contains("c.jsonl:2:") && stderr.contains("U+000B"),
        "{stderr}"
    );
}
