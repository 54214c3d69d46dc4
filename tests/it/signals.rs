//! Ctrl-C during a write (issue 19): the temporary files in flight are
//! removed and the run exits 130; no page is left half written.

use crate::common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn interrupt(pid: u32) {
    let sent = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

fn leftovers(dir: &Path) -> Vec<std::path::PathBuf> {
    common::walk(dir)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".currents-")
        })
        .collect()
}

/// Waits until `ready` or a minute has passed.
fn wait_for(ready: impl Fn() -> bool) {
    let start = Instant::now();
    while !ready() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_c_during_convert_o_removes_its_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_currents"))
        .args(["convert", "-", "--from", "jsonl", "-q", "-o"])
        .arg(&out)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    // Stdin stays open: the run waits for more, its output in flight.
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"date\":\"2017-06-19\",\"headline\":\"A\"}\n")
        .unwrap();
    wait_for(|| !leftovers(dir.path()).is_empty());
    assert_eq!(
        leftovers(dir.path()).len(),
        1,
        "the temporary file is there"
    );
    interrupt(child.id());
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130));
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    assert!(!out.exists());
}

/// Several runs, interrupted at different moments: the window between a
/// temporary file's creation and its listing was once hit about one run in
/// four.
#[test]
fn ctrl_c_during_fmt_leaves_every_page_whole_and_no_temporary_file() {
    for delay in [50, 120, 200, 300, 450] {
        interrupt_fmt_after(Duration::from_millis(delay));
    }
}

fn interrupt_fmt_after(delay: Duration) {
    let dir = tempfile::tempdir().unwrap();
    let pages = common::all_pages();
    // Enough pages that the run is still going when the signal comes.
    for copy in 0..20 {
        for (i, page) in pages.iter().enumerate() {
            std::fs::copy(page, dir.path().join(format!("{copy}-{i}.md"))).unwrap();
        }
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_currents"))
        .args(["fmt", "-q", "-j", "2"])
        .arg(dir.path())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    interrupt(child.id());
    let status = child.wait().unwrap();
    assert!(matches!(status.code(), Some(130 | 0 | 1)), "{status:?}");
    assert!(
        leftovers(dir.path()).is_empty(),
        "interrupted after {delay:?}: {:?}",
        leftovers(dir.path())
    );
    for (i, page) in pages.iter().enumerate() {
        let original = std::fs::read(page).unwrap();
        let formatted = match currents::format::format_bytes(&original, Some(page), &[]) {
            Ok(currents::format::Outcome::Formatted { output, .. }) => output.into_bytes(),
            _ => original.clone(),
        };
        for copy in 0..20 {
            let now = std::fs::read(dir.path().join(format!("{copy}-{i}.md"))).unwrap();
            assert!(
                now == original || now == formatted,
                "{copy}-{i}.md is half written"
            );
        }
    }
}
