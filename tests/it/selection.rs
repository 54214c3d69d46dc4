//! Which files a folder walk takes: ignore files, hidden files, globs,
//! and links, which are never followed inside a folder.

use std::path::{Path, PathBuf};

use crate::common::{currents, seed};

/// A site with a page where it belongs, one in a folder `.gitignore`
/// names, one in `.ignore`, one hidden, one draft, and links to a page
/// outside the site (a linked folder and a linked file).
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for rel in [
        "news/2017/06/19/a.md",
        "vendor/v.md",
        "tmp/t.md",
        ".github/g.md",
        "drafts/d.md",
    ] {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::copy(seed(), path).unwrap();
    }
    std::fs::write(root.join(".gitignore"), "vendor/\n").unwrap();
    std::fs::write(root.join(".ignore"), "tmp/\n").unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::copy(seed(), outside.join("o.md")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("linked")).unwrap();
    std::os::unix::fs::symlink(outside.join("o.md"), root.join("news/link.md")).unwrap();
    (dir, root)
}

/// The files `fmt --check` lists (every one differs from canonical form),
/// relative to the site.
fn listed(root: &Path, flags: &[&str]) -> Vec<String> {
    let output = currents()
        .current_dir(root)
        .args(["fmt", "--check", "-q"])
        .args(flags)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let mut files: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| l.trim_start_matches("./").to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn ignore_files_and_hidden_files_are_skipped_unless_asked() {
    let (_dir, root) = site();
    assert_eq!(listed(&root, &[]), ["drafts/d.md", "news/2017/06/19/a.md"]);
    assert_eq!(
        listed(&root, &["--no-ignore"]),
        [
            "drafts/d.md",
            "news/2017/06/19/a.md",
            "tmp/t.md",
            "vendor/v.md"
        ]
    );
    assert_eq!(
        listed(&root, &["--hidden"]),
        [".github/g.md", "drafts/d.md", "news/2017/06/19/a.md"]
    );
}

#[test]
fn exclude_and_include_globs_choose_files() {
    let (_dir, root) = site();
    assert_eq!(
        listed(&root, &["--exclude", "drafts/"]),
        ["news/2017/06/19/a.md"]
    );
    assert_eq!(
        listed(&root, &["--hidden", "--include", "g.md"]),
        [".github/g.md"]
    );
    assert_eq!(
        listed(&root, &["--include", "news/**"]),
        ["news/2017/06/19/a.md"]
    );
    currents()
        .args(["fmt", "--check", "--exclude", "a[", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("a["));
}

#[test]
fn fmt_never_rewrites_a_page_reached_through_a_link_in_a_folder() {
    let (dir, root) = site();
    let outside = dir.path().join("outside/o.md");
    let before = std::fs::read(&outside).unwrap();
    currents().arg("fmt").arg(&root).assert().success();
    assert_eq!(
        std::fs::read(&outside).unwrap(),
        before,
        "the linked page is untouched"
    );
    assert!(std::fs::symlink_metadata(root.join("news/link.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    // The site's own page was formatted.
    assert_ne!(
        std::fs::read(root.join("news/2017/06/19/a.md")).unwrap(),
        before
    );
    // Site mode (convert) does not read through links either.
    let output = currents()
        .args([
            "convert",
            "--pages",
            "--to",
            "jsonl",
            "--no-ignore",
            "--hidden",
        ])
        .arg(&root)
        .output()
        .unwrap();
    let records = String::from_utf8(output.stdout).unwrap().lines().count();
    assert_eq!(records, 5, "a, v, t, g, d: not the linked page");
}
