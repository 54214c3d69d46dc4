//! The outputs committed in samples/expected/ are what the tool makes of
//! samples/ today. Regenerate after an intended change with:
//! `currents convert samples --to json > samples/expected/model.json`, etc.

use assert_cmd::Command;
use std::path::Path;

/// Expected file and the `currents` arguments that produce it (run in the repo root).
const CASES: &[(&str, &[&str])] = &[
    ("model.json", &["convert", "samples", "--to", "json"]),
    ("events.jsonl", &["convert", "samples", "--to", "jsonl"]),
    ("events.csv", &["convert", "samples", "--to", "csv"]),
    (
        "sources.csv",
        &["convert", "samples", "--to", "csv", "--table", "sources"],
    ),
    (
        "related.csv",
        &["convert", "samples", "--to", "csv", "--table", "related"],
    ),
    (
        "contexts.csv",
        &["convert", "samples", "--to", "csv", "--table", "contexts"],
    ),
    (
        "revisions.csv",
        &["convert", "samples", "--to", "csv", "--table", "revisions"],
    ),
];

#[test]
fn expected_outputs_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (expected, args) in CASES {
        let output = Command::cargo_bin("currents")
            .unwrap()
            .current_dir(root)
            .args(*args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let want = std::fs::read_to_string(root.join("samples/expected").join(expected)).unwrap();
        let got = String::from_utf8(output.stdout).unwrap();
        similar_asserts_eq(expected, &want, &got);
    }
}

fn similar_asserts_eq(name: &str, want: &str, got: &str) {
    if want != got {
        let diff = similar::TextDiff::from_lines(want, got)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        panic!("samples/expected/{name} is out of date:\n{diff}");
    }
}
