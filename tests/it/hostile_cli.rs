//! The command line under hostile conditions (issue 19): usage mistakes,
//! full and closed streams, readers that go away, absurd flags, output
//! placed where it must not be. Each test failed on the code before.

use crate::common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_currents")
}

/// `currents ARGS` run by the shell with `redirect` appended (`>&-`, …).
fn sh(args: &str, redirect: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" {args} {redirect}"))
        .arg(bin())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!text.contains("panicked"), "{text}");
    text
}

const SEED: &str = "tests/corpus/seed/000_c9a94dbc7f91e72e.txt";

#[test]
fn usage_mistakes_exit_2() {
    let seed = common::seed();
    let seed = seed.to_str().unwrap();
    for args in [
        vec!["convert", seed, "--to", "rss"],
        vec!["convert", seed, "--to", "rss", "--site-url", "example.org"],
        vec![
            "convert",
            seed,
            "--to",
            "atom",
            "--site-url",
            "https://e.org",
            "--language",
            "english",
        ],
        vec![
            "convert",
            seed,
            "--to",
            "rss",
            "--site-url",
            "https://e.org",
            "--split-by",
            "context",
        ],
        vec!["convert", seed, "-o", "out.unknown"],
    ] {
        let output = common::currents().args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for args in [
        "completions bash",
        "completions zsh",
        "man",
        &format!("convert {SEED} --to jsonl"),
    ] {
        let output = sh(args, ">/dev/full");
        assert_eq!(output.status.code(), Some(1), "{args}: {}", stderr(&output));
        assert!(stderr(&output).contains("No space left"), "{args}");
    }
}

#[test]
fn a_full_stderr_keeps_the_exit_status() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for (args, code) in [
        (format!("convert {SEED} --to jsonl"), 0),
        (format!("fmt --check {SEED}"), 1),
        (format!("stats {SEED}"), 0),
        (format!("convert {SEED} --to rss"), 2),
    ] {
        let output = sh(&args, ">/dev/null 2>/dev/full");
        assert_eq!(output.status.code(), Some(code), "{args}");
    }
}

#[test]
fn a_closed_stdout_is_an_error() {
    for args in [
        format!("convert {SEED} --to jsonl"),
        format!("check {SEED}"),
        format!("stats {SEED}"),
        "completions bash".to_string(),
        format!("fmt --check {SEED}"),
    ] {
        let output = sh(&args, ">&-");
        assert_eq!(output.status.code(), Some(1), "{args}: {}", stderr(&output));
        assert!(stderr(&output).contains("stdout is closed"), "{args}");
    }
    // With -o, stdout is not needed.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let output = sh(&format!("convert {SEED} -o {}", out.display()), ">&-");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(out.exists());
}

/// The verdict of `check --strict` and `fmt --check` stands when the
/// reader of the list goes away (`| head -1`).
#[test]
fn a_reader_that_goes_away_does_not_hide_a_failing_verdict() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3 {
        std::fs::write(dir.path().join(format!("bad{i}.md")), "not a page\n").unwrap();
    }
    std::fs::copy(common::seed(), dir.path().join("seed.md")).unwrap();
    for args in [&["check", "--strict"][..], &["fmt", "--check"]] {
        let mut child = Command::new(bin())
            .args(args)
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before the first line
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "{args:?}");
    }
}

#[test]
fn absurd_thread_counts_run() {
    let output = common::currents()
        .args(["convert", "--to", "jsonl", "-q", "-j", "20000"])
        .arg(common::seed())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(output.stdout.iter().filter(|&&b| b == b'\n').count(), 1);
}

#[test]
fn output_places_are_told_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing/out.jsonl");
    let output = common::currents()
        .args(["convert", SEED, "-o"])
        .arg(&missing)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("missing/out.jsonl") && text.contains("does not exist"),
        "{text}"
    );
    assert!(!text.contains(".currents-"), "no temporary name: {text}");
    let output = common::currents()
        .args(["convert", SEED, "--to", "jsonl", "-o"])
        .arg(format!("{}/", dir.path().display()))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("a folder; -o takes a file name"), "{text}");
}

#[cfg(unix)]
#[test]
fn new_output_files_honour_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("private.jsonl");
    let output = Command::new("sh")
        .arg("-c")
        .arg("umask 077 && exec \"$0\" convert \"$1\" -q -o \"$2\"")
        .arg(bin())
        .arg(common::seed())
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn the_output_format_follows_the_extension_of_o() {
    let dir = tempfile::tempdir().unwrap();
    for (name, start) in [("x.csv", "id,date,"), ("x.JSONL", "{\""), ("x.md", "### [")] {
        let out = dir.path().join(name);
        let output = common::currents()
            .args(["convert", "-q", "-o"])
            .arg(&out)
            .arg(common::seed())
            .output()
            .unwrap();
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.starts_with(start), "{name}: {text}");
    }
}

#[test]
fn values_are_read_in_any_case() {
    let seed = common::seed();
    let seed = seed.to_str().unwrap();
    for args in [
        vec!["convert", seed, "--to", "JSONL"],
        vec!["convert", seed, "--to", "CSV", "--table", "Sources"],
        vec!["convert", seed, "--to", "jsonl", "--edition", "EN"],
        vec![
            "convert",
            seed,
            "--to",
            "Atom",
            "--site-url",
            "https://e.org",
            "--split-by",
            "DAY",
            "-o",
        ],
        vec!["fmt", "--check", "--fix", "WIKI", seed],
    ] {
        let mut command = common::currents();
        command.args(&args[..1]).arg("-q").args(&args[1..]);
        let dir = tempfile::tempdir().unwrap();
        if args.last() == Some(&"-o") {
            command.arg(dir.path().join("feeds"));
        }
        let output = command.output().unwrap();
        assert_ne!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn check_is_quiet_with_q() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::seed(), dir.path().join("seed.md")).unwrap();
    // Not an event page: an error with --strict.
    std::fs::write(dir.path().join("bad.md"), "not a page\n").unwrap();
    let output = common::currents()
        .args(["check", "-q", "--strict"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text.lines().count(), 1, "the error only: {text}");
    assert!(text.contains("bad.md:1:1: error:"), "{text}");
}

#[test]
fn an_output_among_the_inputs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("seed.md");
    std::fs::copy(common::seed(), &page).unwrap();
    let before = std::fs::read(&page).unwrap();
    for named in [dir.path().to_path_buf(), page.clone()] {
        let output = common::currents()
            .args(["convert", "--to", "md", "-o"])
            .arg(&page)
            .arg(&named)
            .output()
            .unwrap();
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{text}");
        assert!(text.contains("is among the inputs"), "{text}");
    }
    assert_eq!(std::fs::read(&page).unwrap(), before);
}

/// `/dev/zero` and oversized pages are errors naming them, not gigabytes
/// of memory and an abort.
#[test]
fn pages_beyond_the_size_limit_are_errors() {
    if !Path::new("/dev/zero").exists() {
        return;
    }
    for args in [
        &["convert", "/dev/zero", "--to", "jsonl"][..],
        &["check", "/dev/zero"],
        &["stats", "/dev/zero"],
    ] {
        let output = common::currents().args(args).output().unwrap();
        let text = stderr(&output) + &String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {text}");
        assert!(
            text.contains("/dev/zero") && text.contains("larger than the page size limit of 4 MiB"),
            "{text}"
        );
    }
    let output = common::currents()
        .args(["check", "--max-page-size", "1K"])
        .arg(common::page("index.md"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("limit of 1 KiB"));
}
