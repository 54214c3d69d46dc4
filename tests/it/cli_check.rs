//! `currents check` and `convert --to json`, run as a user would.

use crate::common;

use predicates::prelude::*;

use common::currents;

#[test]
fn check_the_corpus_exits_zero_with_a_summary() {
    let out = currents()
        .arg("check")
        .arg(common::corpus_root())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let last = out.lines().last().unwrap();
    assert_eq!(
        last,
        // thecontext/ (101 files, 389 events) and thecontext-zh/ (44, 86):
        // the Chinese pages give no warning. The 8 are repeated list
        // numbers: Boston 2013/04/15, Sinjar 2015/11/13, the referendum
        // 2016/06/23, and on 2017/06/19 the Indonesia page (2), the
        // personal-information page (2) and the displaced-people page. A
        // `### Source:`/`### Sources:` that is the generator's template word
        // is not one (23 were before).
        "145 files, 475 events, 8 warnings, 0 errors (6 not an event document)"
    );
    assert!(out.contains("faq/index.md:1:1: note: not an event document"));
    assert!(out.lines().filter(|l| l.contains(": warning: ")).count() == 8);
}

#[test]
fn strict_turns_warnings_and_prose_into_errors() {
    currents()
        .args(["check", "--strict"])
        .arg(common::page("faq"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "index.md:1:1: error: not an event document",
        ));
    currents()
        .args(["check", "--strict"])
        .arg(common::seed())
        .assert()
        .success();
}

#[test]
fn an_error_in_one_file_fails_the_run_but_the_others_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.md"),
        b"### [2017-06-19](/x)\n\n# Caf\xE9\n",
    )
    .unwrap();
    std::fs::copy(common::seed(), dir.path().join("good.md")).unwrap();
    currents()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "bad.md:3:6: error: invalid UTF-8 at byte offset 27",
        ))
        .stdout(predicate::str::ends_with(
            "2 files, 2 events, 0 warnings, 1 error\n",
        ));
}

#[test]
fn a_missing_file_is_an_error_and_bad_usage_is_exit_two() {
    currents()
        .args(["check", "/no/such/page.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "/no/such/page.md: error: cannot read: No such file",
        ));
    currents().arg("check").assert().code(2);
    currents()
        .args(["check", "--no-such-flag", "x"])
        .assert()
        .code(2);
}

#[test]
fn check_reads_stdin() {
    currents()
        .args(["check", "-"])
        .write_stdin("### [2017-06-19](/news/2017/06/19/index.md)\n\n# H\n\n### Sources:\n\n1. [A](http://a)\n")
        .assert()
        .success()
        .stdout("<stdin>:5:1: warning: `### Sources:` with a single item\n1 file, 1 event, 1 warning, 0 errors\n");
}

#[test]
fn convert_to_json_prints_the_model() {
    let out = currents()
        .args(["convert", "--to", "json"])
        .arg(common::seed())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(value[0]["kind"], "event");
    assert_eq!(value[0]["date"], "2015-11-25");
    assert_eq!(value[0]["related"].as_array().unwrap().len(), 10);
}

#[test]
fn convert_leaves_out_pages_with_errors_and_exits_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.md"), b"\xFF").unwrap();
    std::fs::copy(common::seed(), dir.path().join("good.md")).unwrap();
    let out = currents()
        .args(["convert", "--to", "json"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "bad.md:1:1: error: invalid UTF-8 at byte offset 0",
        ))
        .get_output()
        .stdout
        .clone();
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 1);
}
