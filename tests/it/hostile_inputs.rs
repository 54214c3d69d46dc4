//! Hostile inputs through the binary: each gets a clear message naming the
//! file, no panic, and the other files are still processed.

use crate::common;

use std::path::Path;

use predicates::prelude::*;

use common::currents;

/// A folder holding one good event page and whatever `setup` adds.
fn folder_with_good_page(setup: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::seed(), dir.path().join("good.md")).unwrap();
    setup(dir.path());
    dir
}

fn check(dir: &Path) -> (i32, String) {
    check_with(dir, &[])
}

fn check_with(dir: &Path, flags: &[&str]) -> (i32, String) {
    let output = currents()
        .arg("check")
        .args(flags)
        .arg(dir)
        .output()
        .unwrap();
    let text =
        String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap();
    assert!(!text.contains("panicked"), "{text}");
    (output.status.code().unwrap(), text)
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

#[test]
fn nul_bytes_are_read_as_text() {
    let dir = folder_with_good_page(|d| {
        std::fs::write(
            d.join("nul.md"),
            b"### [2017-06-19](/news/2017/06/19/index.md)\n\n# Nul\0byte\n",
        )
        .unwrap()
    });
    let (code, text) = check(dir.path());
    assert_eq!(code, 0, "{text}");
    assert!(
        text.ends_with("2 files, 2 events, 0 warnings, 0 errors\n"),
        "{text}"
    );
}

#[test]
fn invalid_utf8_in_the_middle_of_a_page() {
    let dir = folder_with_good_page(|d| {
        let mut page = std::fs::read(common::seed()).unwrap();
        page.splice(600..600, [0xC3, 0x28]);
        std::fs::write(d.join("bad.md"), page).unwrap();
    });
    let (code, text) = check(dir.path());
    assert_eq!(code, 1);
    assert!(
        text.contains("bad.md:8:4: error: invalid UTF-8 at byte offset 600"),
        "{text}"
    );
    assert!(
        text.ends_with("2 files, 2 events, 1 warning, 1 error\n"),
        "{text}"
    );
}

#[test]
fn bom_crlf_and_mixed_line_endings() {
    let page = std::fs::read_to_string(common::seed()).unwrap();
    let dir = folder_with_good_page(|d| {
        std::fs::write(d.join("bom.md"), format!("\u{feff}{page}")).unwrap();
        std::fs::write(d.join("crlf.md"), page.replace('\n', "\r\n")).unwrap();
        let mixed: String = page
            .split('\n')
            .enumerate()
            .map(|(i, l)| format!("{l}{}", ["\n", "\r\n", "\r"][i % 3]))
            .collect();
        std::fs::write(d.join("mixed.md"), mixed).unwrap();
    });
    let (code, text) = check(dir.path());
    assert_eq!(
        (code, text.as_str()),
        (0, "4 files, 4 events, 0 warnings, 0 errors\n")
    );
    let out = currents()
        .args(["convert", "--to", "json", "--pages", "-q"])
        .arg(dir.path())
        .output()
        .unwrap();
    let pages: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pages = pages.as_array().unwrap();
    assert!(
        pages.iter().all(|p| p == &pages[0]),
        "the same model whatever the line endings"
    );
}

#[test]
fn a_fifty_megabyte_single_line() {
    let dir = folder_with_good_page(|d| {
        let mut page = b"### [2017-06-19](/news/2017/06/19/index.md)\n\n# ".to_vec();
        page.extend(std::iter::repeat_n(b'a', 50 * 1024 * 1024));
        std::fs::write(d.join("long.md"), page).unwrap();
    });
    // Above the default page size limit: an error naming the page.
    let (code, text) = check(dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("long.md: error: cannot read: larger than the page size limit"),
        "{text}"
    );
    // Read when the limit allows it.
    let (code, text) = check_with(dir.path(), &["--max-page-size", "64M"]);
    assert_eq!(
        (code, text.as_str()),
        (0, "2 files, 2 events, 0 warnings, 0 errors\n")
    );
}

#[test]
fn a_million_list_items() {
    let dir = folder_with_good_page(|d| {
        let mut page = String::from(
            "### [2017-06-19](/news/2017/06/19/index.md)\n\n# Many\n\n### Related:\n\n",
        );
        for i in 1..=1_000_000 {
            page.push_str(&format!("{i}. [R](/news/2017/06/19/r.md) _Context: c_\n"));
        }
        std::fs::write(d.join("many.md"), page).unwrap();
    });
    // Above the default page size limit: an error naming the page.
    let (code, text) = check(dir.path());
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("many.md: error: cannot read: larger than the page size limit"),
        "{text}"
    );
    // Read when the limit allows it.
    let (code, text) = check_with(dir.path(), &["--max-page-size", "64M"]);
    assert_eq!(
        (code, text.as_str()),
        (0, "2 files, 2 events, 0 warnings, 0 errors\n")
    );
}

#[test]
fn a_symlink_loop_inside_an_input_folder() {
    let dir = folder_with_good_page(|d| {
        std::fs::create_dir(d.join("sub")).unwrap();
        std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
    });
    // Links inside a folder are not followed: no loop, nothing read twice.
    let (code, text) = check(dir.path());
    assert_eq!(code, 0, "{text}");
    assert_eq!(text, "1 file, 1 event, 0 warnings, 0 errors\n");
}

#[test]
fn an_unreadable_file() {
    let dir = folder_with_good_page(|d| {
        let locked = d.join("locked.md");
        std::fs::copy(common::seed(), &locked).unwrap();
        std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000))
            .unwrap();
        // Root reads any file: a link to nowhere, named, is unreadable for
        // everyone (inside a folder, links are not followed).
        std::os::unix::fs::symlink(d.join("gone.md"), d.join("dangling.md")).unwrap();
    });
    let (code, text) = check(dir.path());
    assert!(!text.contains("dangling.md"), "{text}");
    let dangling = dir.path().join("dangling.md");
    let (code_named, text_named) = check(&dangling);
    assert_eq!(code_named, 1);
    assert!(
        text_named.contains("dangling.md: error: cannot read: "),
        "{text_named}"
    );
    if !is_root() {
        assert_eq!(code, 1);
    }
    if !is_root() {
        assert!(
            text.contains("locked.md: error: cannot read: Permission denied"),
            "{text}"
        );
    }
    assert!(text.contains("files, "), "the summary still comes: {text}");
}

#[test]
fn a_folder_named_like_a_page() {
    let dir = folder_with_good_page(|d| {
        std::fs::create_dir(d.join("x.md")).unwrap();
        std::fs::copy(common::seed(), d.join("x.md/inner.md")).unwrap();
    });
    let (code, text) = check(dir.path());
    assert_eq!(
        (code, text.as_str()),
        (0, "2 files, 2 events, 0 warnings, 0 errors\n")
    );
    let output = currents()
        .arg("check")
        .arg(dir.path().join("x.md"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "a folder named as a file is walked"
    );
}

#[test]
fn an_output_path_inside_a_read_only_folder() {
    let dir = tempfile::tempdir().unwrap();
    let target = if is_root() {
        // Root writes into read-only folders; /proc refuses everyone.
        Path::new("/proc/currents-test/out.json").to_path_buf()
    } else {
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o555))
            .unwrap();
        locked.join("out.json")
    };
    currents()
        .args(["convert", "--to", "json", "-o"])
        .arg(&target)
        .arg(common::seed())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(target.display().to_string()));
    assert!(!target.exists());
}
