//! Writes that fail: the file size limit (RLIMIT_FSIZE, `ulimit -f`) makes
//! every write past 1 KiB fail, as a full disk would. With SIGXFSZ
//! ignored the write returns an error (EFBIG) and the run goes on to its
//! end: the failure is reported naming the file, the original is intact,
//! and no temporary file is left. With SIGXFSZ at its default the process
//! is killed mid-write: the original is still intact; only a temporary
//! `.currents-*.tmp` may remain. (A real full disk, a small tmpfs, is
//! checked by `.ci/checks/50-reliability.sh`, which can mount one.)

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

/// Runs the binary with `args` under a 1 KiB file size limit; with
/// `ignore_signal` SIGXFSZ is ignored (inherited across exec), so writes
/// fail with EFBIG instead of killing the process.
fn run_limited<S: AsRef<std::ffi::OsStr>>(args: &[S], ignore_signal: bool) -> Output {
    let trap = if ignore_signal { "trap '' XFSZ; " } else { "" };
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("{trap}ulimit -f 1 && exec \"$@\""))
        .arg("bash")
        .arg(assert_cmd::cargo::cargo_bin("currents"))
        .args(args)
        .output()
        .unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn is_temp(name: &str) -> bool {
    name.starts_with(".currents-") && name.ends_with(".tmp")
}

#[test]
fn convert_o_file_that_cannot_be_written_keeps_the_old_file_and_leaves_no_temp() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.jsonl");
    std::fs::write(&target, "the old bytes\n").unwrap();
    let corpus = common::corpus_root().join("thecontext");
    for to in ["jsonl", "csv", "atom", "md"] {
        let mut args: Vec<std::ffi::OsString> =
            vec!["convert".into(), "-q".into(), "--to".into(), to.into()];
        if to == "atom" {
            args.extend(["--site-url".into(), "https://example.org".into()]);
        }
        args.extend(["-o".into(), target.clone().into(), corpus.clone().into()]);
        let out = run_limited(&args, true);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "--to {to}: {stderr}");
        assert!(
            stderr.contains(&target.display().to_string()) && stderr.contains("too large"),
            "--to {to}: the error names the file and the cause: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(
            std::fs::read(&target).unwrap(),
            b"the old bytes\n",
            "--to {to}"
        );
        assert_eq!(
            names(dir.path()),
            ["out.jsonl"],
            "--to {to}: no temporary file left"
        );
    }
}

#[test]
fn convert_o_file_killed_while_writing_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    std::fs::write(&target, "the old bytes\n").unwrap();
    let corpus = common::corpus_root().join("thecontext");
    let args: Vec<std::ffi::OsString> = vec![
        "convert".into(),
        "-q".into(),
        "--to".into(),
        "json".into(),
        "-o".into(),
        target.clone().into(),
        corpus.into(),
    ];
    let out = run_limited(&args, false);
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(out.status.signal(), Some(25), "killed by SIGXFSZ");
    assert_eq!(std::fs::read(&target).unwrap(), b"the old bytes\n");
    // A kill leaves at most the temporary file, never a half target.
    for name in names(dir.path()) {
        assert!(name == "out.json" || is_temp(&name), "{name}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}

#[test]
fn fmt_where_writes_fail_reports_each_file_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pages");
    copy_dir(&common::corpus_root().join("thecontext"), &root);
    let before = files(&root);
    let original: Vec<Vec<u8>> = before
        .iter()
        .map(|r| std::fs::read(root.join(r)).unwrap())
        .collect();
    let out = run_limited(&[std::ffi::OsStr::new("fmt"), root.as_os_str()], true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(files(&root), before, "no temporary file left, none lost");
    let mut kept = 0;
    let mut rewritten = 0;
    for (rel, old) in before.iter().zip(&original) {
        let now = std::fs::read(root.join(rel)).unwrap();
        let canonical = std::process::Command::new(assert_cmd::cargo::cargo_bin("currents"))
            .args(["fmt", "-q", "-"])
            .stdin(std::fs::File::open(common::corpus_root().join("thecontext").join(rel)).unwrap())
            .output()
            .unwrap()
            .stdout;
        if now == *old {
            kept += 1;
            let reported = format!(
                "{}: error: not written: File too large (os error 27)\n",
                root.join(rel).display()
            );
            if canonical != *old {
                assert!(stderr.contains(&reported), "{reported}\n{stderr}");
                assert!(
                    canonical.len() > 1024,
                    "{}: only large files fail",
                    rel.display()
                );
            }
        } else {
            assert_eq!(
                now,
                canonical,
                "{}: neither original nor canonical",
                rel.display()
            );
            assert!(now.len() <= 1024);
            rewritten += 1;
        }
    }
    let failed = stderr.matches("error: not written:").count();
    assert!(
        failed > 0 && rewritten > 0,
        "{failed} failed, {rewritten} rewritten"
    );
    assert!(kept >= failed);
}
