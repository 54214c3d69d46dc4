//! `fmt` and the files it is given (issue 19): what is not a regular file
//! is skipped without blocking, and a page is replaced only when its
//! replacement keeps what the old file was (mode, owner, group, links) and
//! nobody changed it meanwhile. Each test failed on the code before.

use crate::common;

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::Duration;

/// A copy of the seed page (not canonical: fmt rewrites it) at `path`.
fn page(path: &Path) {
    std::fs::copy(common::seed(), path).unwrap();
}

fn fmt(args: &[&Path]) -> (i32, String) {
    let output = common::currents()
        .arg("fmt")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!text.contains("panicked"), "{text}");
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn a_fifo_named_md_is_skipped_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: nothing to check
    }
    for args in [&[fifo.as_path()][..], &[Path::new("--check"), &fifo]] {
        let (code, text) = fmt(args);
        assert_eq!(code, 1, "{text}");
        assert!(
            text.contains("pipe.md") && text.contains("a FIFO, not a regular file"),
            "{text}"
        );
    }
}

#[test]
fn a_read_only_page_is_refused_and_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.md");
    page(&path);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let (code, text) = fmt(&[&path]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("ro.md: error: not written: read-only"),
        "{text}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_page_with_hard_links_is_refused_and_the_links_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.md");
    let twin = dir.path().join("twin.txt");
    page(&path);
    std::fs::hard_link(&path, &twin).unwrap();
    let (code, text) = fmt(&[&path]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("2 hard links"), "{text}");
    assert_eq!(
        std::fs::metadata(&path).unwrap().ino(),
        std::fs::metadata(&twin).unwrap().ino()
    );
}

/// Root can give the new file the old one's owner: it must.
#[test]
fn a_page_of_another_owner_keeps_its_owner_and_group() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("theirs.md");
    page(&path);
    if std::os::unix::fs::chown(&path, Some(4321), Some(4322)).is_err() {
        return; // not root: such a file cannot be made here
    }
    let (code, text) = fmt(&[&path]);
    assert_eq!(code, 0, "{text}");
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
    assert_ne!(
        std::fs::read(&path).unwrap(),
        std::fs::read(common::seed()).unwrap()
    );
}

#[test]
fn temporary_files_of_killed_runs_are_listed_and_removed_on_request() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("day")).unwrap();
    page(&dir.path().join("day/page.md"));
    let stale = dir.path().join("day/.currents-AbC123.tmp");
    std::fs::write(&stale, "half a page").unwrap();
    let (code, text) = fmt(&[Path::new("--check"), dir.path()]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(".currents-AbC123.tmp: note: temporary file left by a killed run"),
        "{text}"
    );
    assert!(stale.exists());
    let (code, text) = fmt(&[Path::new("--remove-stale"), dir.path()]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("1 temporary file removed"), "{text}");
    assert!(!stale.exists());
}

#[test]
fn many_temporary_files_are_counted_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    page(&dir.path().join("page.md"));
    for i in 0..10 {
        std::fs::write(dir.path().join(format!(".currents-old{i}.tmp")), "old").unwrap();
    }
    let (_, text) = fmt(&[Path::new("--check"), dir.path()]);
    assert_eq!(
        text.matches("note: temporary file left by a killed run")
            .count(),
        3,
        "{text}"
    );
    assert!(text.contains("and 7 more temporary files"), "{text}");
    let (code, text) = fmt(&[Path::new("--remove-stale"), dir.path()]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("10 temporary files removed"), "{text}");
}
