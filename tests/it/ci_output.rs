//! What CI reads: `fmt --diff` applied by `git apply` and `patch -p0`,
//! `--format github` and `--format json` reports, `--allow`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use predicates::prelude::*;

use crate::common::{currents, page, seed};

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| {
            e.file_type().is_file() && !e.path().components().any(|c| c.as_os_str() == ".git")
        })
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A folder of pages: a day of the corpus, CRLF, no final newline.
fn pages(dir: &Path) {
    let day = dir.join("news/2017/06/19");
    std::fs::create_dir_all(&day).unwrap();
    for entry in std::fs::read_dir(page("news/2017/06/19")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, day.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.join("crlf.md"),
        "### [2015-11-25](/news/2015/11/25/index.md)\r\n\r\n#  H \r\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("no-newline.md"),
        "### [2015-11-25](/news/2015/11/25/index.md)\n\n# H",
    )
    .unwrap();
}

fn run(dir: &Path, program: &str, args: &[&str], stdin: &Path) {
    let status = Command::new(program)
        .current_dir(dir)
        .args(args)
        .stdin(std::fs::File::open(stdin).unwrap())
        .status()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(status.success(), "{program} {args:?} failed");
}

#[test]
fn fmt_diff_applies_with_git_apply_and_patch_p0() {
    let dir = tempfile::tempdir().unwrap();
    let [fmt, git, patch] = ["fmt", "git", "patch"].map(|d| dir.path().join(d));
    for d in [&fmt, &git, &patch] {
        pages(d);
    }
    // Paths as a user types them: no `./` in front.
    let output = currents()
        .current_dir(&fmt)
        .args(["fmt", "--diff", "news", "crlf.md", "no-newline.md"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let diff = dir.path().join("changes.diff");
    std::fs::write(&diff, &output.stdout).unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("--- ./news/2017/06/19/"),
        "{}",
        &text[..80]
    );
    assert!(text.contains("\n+++ ./crlf.md\n"));

    run(&git, "git", &["init", "-q", "."], &diff);
    run(&git, "git", &["apply", "-"], &diff);
    std::fs::remove_dir_all(git.join(".git")).unwrap();
    run(
        &patch,
        "patch",
        &["-p0", "-s", "--no-backup-if-mismatch"],
        &diff,
    );

    currents()
        .current_dir(&fmt)
        .args(["fmt", "."])
        .assert()
        .success();
    let formatted = files(&fmt);
    assert_eq!(files(&git), formatted, "git apply gives the fmt result");
    assert_eq!(files(&patch), formatted, "patch -p0 gives the fmt result");
}

#[test]
fn fmt_check_reports_as_github_annotations_and_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("page.md"),
        "### [2015-11-05](/news/2015/11/5/index.md)\n\n#  Headline \n",
    )
    .unwrap();
    currents()
        .current_dir(dir.path())
        .args(["fmt", "--check", "--format", "github", "page.md"])
        .assert()
        .code(1)
        .stdout(concat!(
            "::error file=page.md,line=3,title=FMT002 heading-spaces::not in canonical form: ",
            "more than one space after a heading's # (currents fmt)\n",
            "::error file=page.md,line=1,title=FMT008 date-padding::not in canonical form: ",
            "date text padded otherwise than the canonical form (currents fmt)\n",
        ));
    let output = currents()
        .current_dir(dir.path())
        .args(["fmt", "--check", "--format", "json", "page.md"])
        .output()
        .unwrap();
    let records: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["code"], "FMT002");
    assert_eq!(records[0]["rule"], "heading-spaces");
    assert_eq!(records[0]["line"], 3);
    assert_eq!(records[0]["file"], "page.md");
    // Both allowed: the page passes.
    currents()
        .current_dir(dir.path())
        .args([
            "fmt",
            "--check",
            "--allow",
            "FMT002,date-padding",
            "page.md",
        ])
        .assert()
        .success()
        .stdout("");
    currents()
        .args(["fmt", "--check", "--allow", "FMT999", "page.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown code `FMT999`"));
}

#[test]
fn check_reports_as_github_annotations_and_json_and_allows_codes() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.md");
    std::fs::write(
        &broken,
        "### [2015-11-25](/news/2015/11/25/index.md)\n\nno headline\n",
    )
    .unwrap();
    let output = currents()
        .args(["check", "--format", "github"])
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    let line = text.lines().next().unwrap();
    let shape = format!("::error file={},line=", broken.display());
    assert!(line.starts_with(&shape), "{line}");
    assert!(line.contains(",title=CUR003 missing_headline::"), "{line}");
    assert!(
        !text.contains("1 file"),
        "the summary goes to stderr: {text}"
    );

    // A page fresh from the generator, `### Source:` over two sources (its
    // template on pages without a Formats line), is not warned of.
    let fresh = page("news/2017/06/19/2017-finsbury-park-attack-at-least-one-person-has-been-killed-and-ten-injured-after-a-van-runs-over-pedestrians-outside-the-finsbury-park-m.md");
    let output = currents()
        .args(["check", "--strict", "--format", "json"])
        .arg(&fresh)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // The same template's `### Source:` over one source made `### Sources:`:
    // the wrong number, and not the template's word, warns (CUR007) until
    // the code is allowed.
    let dir = tempfile::tempdir().unwrap();
    let one = page("news/2014/03/9/a-suicide-car-bomber-kills-42-people-at-a-police-checkpoint-in-hillah-iraq.md");
    let text = std::fs::read_to_string(one).unwrap();
    assert_eq!(text.matches("### Source:").count(), 1);
    let slip = dir.path().join("slip.md");
    std::fs::write(&slip, text.replace("### Source:", "### Sources:")).unwrap();
    let output = currents()
        .args(["check", "--format", "json"])
        .arg(&slip)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let record: serde_json::Value = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["code"] == "CUR007")
        .expect("a CUR007 record");
    assert_eq!(record["rule"], "source_heading_count");
    assert_eq!(record["severity"], "warning");
    assert_eq!(record["message"], "`### Sources:` with a single item");
    currents()
        .args(["check", "--strict", "--allow", "source_heading_count"])
        .arg(&slip)
        .arg(seed())
        .assert()
        .stdout(predicate::str::contains("CUR007").not());
}

#[test]
fn completions_offer_options_after_paths_and_the_values_of_fix_and_to() {
    let zsh = currents().args(["completions", "zsh"]).output().unwrap();
    let zsh = String::from_utf8(zsh.stdout).unwrap();
    // `*::` would hide every option once a path is typed.
    assert!(
        !zsh.contains("'*::"),
        "rest arguments keep options completing"
    );
    assert!(
        zsh.contains("'*:paths -- Files and folders to format"),
        "fmt's paths"
    );
    assert!(
        zsh.contains(":FIX:(entities wiki spaces)"),
        "--fix values, not file names"
    );
    assert!(zsh.contains(":STYLE:(site compact)"));
    assert!(
        zsh.contains("'--to=[The output format") && zsh.contains("]:FORMAT:((json"),
        "--to values"
    );
    let bash = currents().args(["completions", "bash"]).output().unwrap();
    let bash = String::from_utf8(bash.stdout).unwrap();
    assert!(bash.contains("entities wiki spaces"), "bash: --fix values");
}

#[test]
fn every_subcommand_has_a_full_man_page() {
    let page = currents().args(["man", "fmt"]).output().unwrap();
    assert!(page.status.success());
    let page = String::from_utf8(page.stdout).unwrap();
    for part in [
        ".TH currents-fmt 1",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        "\\-\\-check",
        ".SH \"EXIT STATUS\"",
        ".SH EXAMPLES",
        "currents fmt \\-\\-check news/",
    ] {
        assert!(page.contains(part), "{part} in the fmt page");
    }
    assert!(
        !page.contains(".SH EXTRA"),
        "examples have their own section"
    );
    let dir = tempfile::tempdir().unwrap();
    currents()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "currents-check.1",
            "currents-completions.1",
            "currents-convert.1",
            "currents-fmt.1",
            "currents-man.1",
            "currents-stats.1",
            "currents.1"
        ]
    );
    // The top page lists the pages that now exist.
    let top = std::fs::read_to_string(dir.path().join("currents.1")).unwrap();
    assert!(top.contains("currents\\-fmt(1)"));
}

#[test]
fn sarif_is_one_log_with_rules_and_located_results() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("page.md"),
        "### [2015-11-05](/news/2015/11/5/index.md)\n\n#  Headline \n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.md"),
        "### [2015-11-25](/x)\n\ntext\n",
    )
    .unwrap();
    for (command, rules) in [
        (&["fmt", "--check"][..], vec!["FMT002", "FMT008"]),
        (&["check"][..], vec!["CUR003", "CUR011"]),
    ] {
        let output = currents()
            .current_dir(dir.path())
            .args(command)
            .args(["--format", "sarif", "page.md", "broken.md"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "currents");
        let ids: Vec<&str> = run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, rules, "{command:?}");
        for result in run["results"].as_array().unwrap() {
            assert!(ids.contains(&result["ruleId"].as_str().unwrap()));
            let location = &result["locations"][0]["physicalLocation"];
            assert!(location["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with(".md"));
            assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        }
    }
}
