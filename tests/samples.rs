//! The samples' JSON Lines and CSV outputs, against `samples/expected/`
//! (`UPDATE_EXPECTED=1` rewrites them) and insta snapshots.

use std::path::PathBuf;

use assert_cmd::Command;

const INPUTS: [&str; 2] = ["samples/000_c9a94dbc7f91e72e.txt", "samples/news"];
const EVENT_PAGE: &str = "samples/news/2017/06/19/personal-information-of-about-200-million-u-s-citizens-has-been-exposed-on-the-internet-since-january-when-unsecured-files-were-uploaded-b.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn convert(inputs: &[&str], args: &[&str]) -> String {
    let output = Command::cargo_bin("currents")
        .unwrap()
        .current_dir(root())
        .arg("convert")
        .args(inputs)
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn outputs_match_samples_expected() {
    let cases: [(&str, &[&str]); 6] = [
        ("events.jsonl", &["--to", "jsonl"]),
        ("events.csv", &["--to", "csv"]),
        ("sources.csv", &["--to", "csv", "--table", "sources"]),
        ("related.csv", &["--to", "csv", "--table", "related"]),
        ("contexts.csv", &["--to", "csv", "--table", "contexts"]),
        ("revisions.csv", &["--to", "csv", "--table", "revisions"]),
    ];
    for (name, args) in cases {
        let out = convert(&INPUTS, args);
        let expected = root().join("samples/expected").join(name);
        if std::env::var_os("UPDATE_EXPECTED").is_some() {
            std::fs::write(&expected, &out).unwrap();
        }
        let want = std::fs::read_to_string(&expected).unwrap_or_default();
        assert!(out == want, "{name} differs from {}", expected.display());
    }
}

#[test]
fn expected_outputs_read_back_to_each_other() {
    let dir = root().join("samples/expected");
    let jsonl = std::fs::read_to_string(dir.join("events.jsonl")).unwrap();
    let path = |name: &str| dir.join(name).display().to_string();
    assert_eq!(convert(&[&path("events.csv")], &["--to", "jsonl"]), jsonl);
    assert_eq!(convert(&[&path("events.jsonl")], &["--to", "jsonl"]), jsonl);
    assert_eq!(
        jsonl.lines().count(),
        1 + 1 + 1 + 3,
        "seed, two event pages, a day of 3"
    );
}

#[test]
fn snapshot_of_an_event_page_as_jsonl() {
    insta::assert_snapshot!(convert(&[EVENT_PAGE], &["--to", "jsonl"]));
}

#[test]
fn snapshot_of_an_event_page_as_csv() {
    // CRLF shown as `␍` so the snapshot file keeps the exact line ends visible.
    let csv = convert(&[EVENT_PAGE], &["--to", "csv"]);
    insta::assert_snapshot!(csv.replace('\r', "␍"));
}
