//! `currents fmt` as a user runs it: in place, `--check`, `--diff`,
//! stdin, fixes, refusals, and interrupted runs.

use crate::common;

use std::collections::BTreeMap;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};

use currents::format::{format_bytes, Outcome};

const PAGES: &str = "tests/corpus/thecontext";
const SEED: &str = "tests/corpus/seed/000_c9a94dbc7f91e72e.txt";

use common::currents;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The canonical bytes of a page as it lies at `path` (its site path
/// matters), or `None` for prose.
fn canonical(bytes: &[u8], path: &Path) -> Option<Vec<u8>> {
    match format_bytes(bytes, Some(path), &[]).unwrap() {
        Outcome::Formatted { output, .. } => Some(output.into_bytes()),
        Outcome::NotEvent { .. } => None,
    }
}

fn stdout_lines(output: &std::process::Output) -> Vec<String> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn check_lists_fmt_writes_and_check_then_passes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("thecontext");
    copy_dir(Path::new(PAGES), &root);
    let original = snapshot(&root);

    let check = currents()
        .arg("fmt")
        .arg("--check")
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let listed = stdout_lines(&check);
    let md_files = original
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "md"));
    let expected: Vec<String> = md_files
        .filter(|rel| {
            let path = root.join(rel);
            canonical(&original[*rel], &path).is_some_and(|c| c != original[*rel])
        })
        .map(|rel| root.join(rel).display().to_string())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(sorted, expected_sorted);
    // The site's own form: the pages of older eras and irregular ones
    // (fmt_style.rs lists them with their reasons).
    assert!(listed.len() >= 60, "{}", listed.len());
    assert_eq!(snapshot(&root), original, "--check wrote nothing");

    currents().arg("fmt").arg(&root).assert().success();
    let formatted = snapshot(&root);
    for (rel, bytes) in &original {
        let path = root.join(rel);
        let want = match rel.extension().is_some_and(|e| e == "md") {
            true => canonical(bytes, &path).unwrap_or_else(|| bytes.clone()),
            false => bytes.clone(),
        };
        assert_eq!(formatted[rel], want, "{}", rel.display());
    }

    // Canonical files are not even rewritten: same inode, same mtime.
    let stamp = |rel: &PathBuf| {
        let m = std::fs::metadata(root.join(rel)).unwrap();
        (m.ino(), m.mtime(), m.mtime_nsec())
    };
    let before: Vec<_> = formatted.keys().map(stamp).collect();
    currents()
        .arg("fmt")
        .arg("--check")
        .arg(&root)
        .assert()
        .success()
        .stdout("");
    currents().arg("fmt").arg(&root).assert().success();
    let after: Vec<_> = formatted.keys().map(stamp).collect();
    assert_eq!(before, after);
}

#[test]
fn fmt_keeps_permissions_and_replaces_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.md");
    let original = std::fs::read(SEED).unwrap();
    std::fs::write(&path, &original).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o604)).unwrap();
    currents().arg("fmt").arg(&path).assert().success();
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o604);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        canonical(&original, &path).unwrap()
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left");
}

/// Applies a unified diff to the files under `root` (paths as in the
/// `+++` lines), checking every context and removed line.
fn apply_unified_diff(diff: &str, root: &Path) {
    // Split on LF only: a CRLF page's lines keep their CR in the diff.
    let mut lines = diff
        .split_inclusive('\n')
        .map(|l| l.strip_suffix('\n').unwrap_or(l))
        .peekable();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("--- ") else {
            panic!("expected a file header, got {line:?}")
        };
        let plus = lines.next().unwrap();
        assert_eq!(plus.strip_prefix("+++ "), Some(name));
        let path = root.join(name.split('\t').next().unwrap());
        let old = std::fs::read_to_string(&path).unwrap();
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let mut new = String::new();
        let mut at = 0usize;
        while lines.peek().is_some_and(|l| l.starts_with("@@ ")) {
            // `@@ -start,count +start,count @@`
            let header = lines.next().unwrap();
            let ranges: Vec<(usize, usize)> = header
                .split(' ')
                .skip(1)
                .take(2)
                .map(|r| {
                    let mut parts = r[1..].split(',');
                    let start: usize = parts.next().unwrap().parse().unwrap();
                    let count: usize = parts.next().map_or(1, |c| c.parse().unwrap());
                    (start, count)
                })
                .collect();
            let (start, mut old_left) = ranges[0];
            let mut new_left = ranges[1].1;
            let start = if old_left == 0 { start } else { start - 1 };
            old_lines[at..start].iter().for_each(|l| new.push_str(l));
            at = start;
            let mut last_added = false;
            while old_left + new_left > 0 {
                let l = lines.next().unwrap();
                let (kind, text) = (l.chars().next().unwrap(), &l[1..]);
                if kind == '\\' {
                    // "\ No newline at end of file" after a line of the new text.
                    if last_added {
                        new.pop();
                    }
                    continue;
                }
                last_added = kind == '+';
                if kind == '+' {
                    new.push_str(text);
                    new.push('\n');
                    new_left -= 1;
                    continue;
                }
                let old_line = old_lines[at].trim_end_matches('\n');
                assert_eq!(old_line, text, "{}: context/removed line", path.display());
                at += 1;
                old_left -= 1;
                if kind == ' ' {
                    new.push_str(old_lines[at - 1]);
                    new_left -= 1;
                }
            }
            if lines.peek().is_some_and(|l| l.starts_with('\\')) {
                lines.next();
                if last_added {
                    new.pop();
                }
            }
        }
        old_lines[at..].iter().for_each(|l| new.push_str(l));
        std::fs::write(&path, new).unwrap();
    }
}

#[test]
fn diff_writes_nothing_and_applies_to_the_fmt_result() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    copy_dir(Path::new(PAGES), &a);
    copy_dir(Path::new(PAGES), &b);
    let odd = [
        (
            "crlf.md",
            "### [2015-11-25](/news/2015/11/25/index.md)\r\n\r\n#  H \r\n",
        ),
        (
            "no-final-newline.md",
            "### [2015-11-25](/news/2015/11/25/index.md)\n\n# H",
        ),
    ];
    for (name, text) in odd {
        std::fs::write(a.join(name), text).unwrap();
        std::fs::write(b.join(name), text).unwrap();
    }
    let original = snapshot(&a);

    let output = currents()
        .current_dir(&a)
        .args(["fmt", "--diff", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(snapshot(&a), original, "--diff wrote nothing");
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(diff.matches("\n+++ ").count() >= 60, "a diff per file");
    assert!(diff.contains("\\ No newline at end of file"));

    currents()
        .current_dir(&a)
        .args(["fmt", "."])
        .assert()
        .success();
    apply_unified_diff(&diff, &b);
    assert_eq!(snapshot(&b), snapshot(&a));
}

#[test]
fn stdin_goes_to_stdout() {
    let page = std::fs::read(SEED).unwrap();
    let want = canonical(&page, Path::new("-")).unwrap();
    currents()
        .args(["fmt", "-"])
        .write_stdin(page.clone())
        .assert()
        .success()
        .stdout(want.clone());
    currents()
        .args(["fmt", "--check", "-"])
        .write_stdin(page)
        .assert()
        .code(1)
        .stdout("<stdin>\n");
    currents()
        .args(["fmt", "--check", "-"])
        .write_stdin(want)
        .assert()
        .success()
        .stdout("");
    // Prose passes through untouched, with a note.
    let prose = std::fs::read(Path::new(PAGES).join("faq/index.md")).unwrap();
    currents()
        .args(["fmt", "-"])
        .write_stdin(prose.clone())
        .assert()
        .success()
        .stdout(prose)
        .stderr(predicates::str::contains("skipped, not an event page"));
}

#[test]
fn broken_and_unsafe_pages_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.md");
    let unsafe_page = dir.path().join("unsafe.md");
    let fine = dir.path().join("fine.md");
    let broken_text = "### [2015-11-25](/news/2015/11/25/index.md)\n\nno headline\n";
    // Unindenting the continuation line would start a list: it was refused;
    // the writer now keeps such a line indented, so the page is canonical.
    let unsafe_text =
        "### [2015-11-25](/news/2015/11/25/index.md)\n\n# H\n\nfirst line\n    - not a list\n";
    std::fs::write(&broken, broken_text).unwrap();
    std::fs::write(&unsafe_page, unsafe_text).unwrap();
    std::fs::copy(SEED, &fine).unwrap();
    let output = currents()
        .args(["fmt", "--style", "compact"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "{}: error: not formatted: the page has errors",
            broken.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("no headline"), "{stderr}");
    assert!(!stderr.contains("unsafe.md"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), broken_text);
    // Already canonical: left as it is.
    assert_eq!(std::fs::read_to_string(&unsafe_page).unwrap(), unsafe_text);
    // The run went on with the other file.
    let seed = std::fs::read(SEED).unwrap();
    let style = currents::formats::markdown::Style::Compact;
    let Ok(Outcome::Formatted { output, .. }) =
        currents::format::format_bytes_styled(&seed, Some(&fine), &[], style)
    else {
        panic!("the seed formats")
    };
    assert_eq!(std::fs::read(&fine).unwrap(), output.into_bytes());
    assert!(
        stderr.contains("3 files checked, 1 reformatted, 0 skipped (not event pages), 1 refused"),
        "{stderr}"
    );
}

#[test]
fn fixes_are_counted_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let day = dir.path().join("news/2009/06/25/index.md");
    let eris = dir.path().join("news/2006/02/1/eris.md");
    std::fs::create_dir_all(day.parent().unwrap()).unwrap();
    std::fs::create_dir_all(eris.parent().unwrap()).unwrap();
    std::fs::copy(Path::new(PAGES).join("news/2009/06/25/index.md"), &day).unwrap();
    std::fs::copy(
        Path::new(PAGES).join("news/2006/02/1/astronomers-measure-the-size-of-newly-discovered-dwarf-planet-eris-as-larger-than-pluto-with-84-probability.md"),
        &eris,
    )
    .unwrap();
    let output = currents()
        .args([
            "fmt",
            "--check",
            "--fix",
            "entities,wiki",
            "--fix",
            "spaces",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let line_of = |path: &Path| {
        stderr
            .lines()
            .find(|l| l.starts_with(&format!("{}: fixed ", path.display())))
            .unwrap_or_else(|| panic!("no fix line for {}: {stderr}", path.display()))
            .to_string()
    };
    let count = |line: &str, fix: &str| -> usize {
        let at = line.find(&format!("{fix} ")).unwrap() + fix.len() + 1;
        line[at..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let day_line = line_of(&day);
    let source = std::fs::read_to_string(&day).unwrap();
    let entities_in_source = ["&#39;", "&#039;", "&quot;", "&apos;", "&amp;", "&hellip;"]
        .iter()
        .map(|e| source.matches(e).count())
        .sum::<usize>();
    assert!(
        count(&day_line, "entities") >= entities_in_source,
        "{day_line}"
    );
    assert!(count(&day_line, "wiki") > 0, "{day_line}");
    let eris_line = line_of(&eris);
    assert!(
        eris_line.contains("unbalanced '' left alone"),
        "{eris_line}"
    );
    // A fix that changed nothing is not named; a file no fix changed has no line.
    assert!(!day_line.contains("spaces 0"), "{day_line}");
    let clean = dir.path().join("clean.md");
    std::fs::write(
        &clean,
        "### [2015-11-25](/news/2015/11/25/index.md)\n\n# H \n",
    )
    .unwrap();
    let output = currents()
        .args(["fmt", "--check", "--fix", "entities,wiki,spaces"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("clean.md"), "{stderr}");
    assert!(stderr.contains("3 files checked"), "{stderr}");
    assert!(stderr.contains("; fixed entities "), "the total: {stderr}");
}

/// Runs `fmt` on `dir` with the file size limit set to one 1 KiB block:
/// the first page bigger than that kills the process (SIGXFSZ) in the
/// middle of writing its temporary file.
#[test]
fn a_kill_while_writing_leaves_original_or_canonical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("thecontext");
    copy_dir(Path::new(PAGES), &root);
    let original = snapshot(&root);
    let binary = assert_cmd::cargo::cargo_bin("currents");
    let status = std::process::Command::new("bash")
        .arg("-c")
        .arg("ulimit -f 1 && exec \"$0\" fmt \"$1\" 2>/dev/null")
        .arg(&binary)
        .arg(&root)
        .status()
        .unwrap();
    assert_eq!(status.signal(), Some(25), "killed by SIGXFSZ: {status:?}");
    check_original_or_canonical(&root, &original, true);
}

/// Kills `fmt` (SIGKILL) once it has rewritten its first file of a
/// folder of a few thousand pages.
#[test]
fn a_sigkill_in_the_middle_leaves_original_or_canonical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("many");
    for i in 0..20 {
        copy_dir(Path::new(PAGES), &root.join(format!("copy{i:02}")));
    }
    let original = snapshot(&root);
    let first = root.join("copy00/README.md");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("currents"))
        .arg("fmt")
        .arg(&root)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let first_original = std::fs::read(&first).unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if std::fs::read(&first).unwrap() != first_original {
            child.kill().unwrap();
            break;
        }
        std::thread::yield_now();
    }
    child.wait().unwrap();
    let done = check_original_or_canonical(&root, &original, false);
    eprintln!(
        "killed after {done} of {} files were rewritten",
        original.len()
    );
}

/// Every `.md` file is its original bytes or its canonical bytes; returns
/// how many are canonical (and changed). Leftover temporary files must be
/// `.currents-*.tmp`, and with `expect_partial_temp` one must exist
/// and be a strict prefix of a page's canonical bytes.
fn check_original_or_canonical(
    root: &Path,
    original: &BTreeMap<PathBuf, Vec<u8>>,
    expect_partial_temp: bool,
) -> usize {
    let now = snapshot(root);
    let mut rewritten = 0;
    let mut partial = 0;
    for (rel, bytes) in &now {
        let name = rel.file_name().unwrap().to_string_lossy();
        if name.starts_with(".currents-") && name.ends_with(".tmp") {
            let folder = rel.parent().unwrap();
            let is_prefix = original
                .iter()
                .filter(|(r, _)| r.parent() == Some(folder))
                .filter_map(|(r, b)| canonical(b, &root.join(r)))
                .any(|c| c.len() > bytes.len() && c.starts_with(bytes));
            partial += usize::from(is_prefix);
            continue;
        }
        let before = &original[rel];
        if bytes == before {
            continue;
        }
        let want = canonical(before, &root.join(rel));
        assert_eq!(
            Some(bytes),
            want.as_ref(),
            "{}: neither original nor canonical",
            rel.display()
        );
        rewritten += 1;
    }
    for rel in original.keys() {
        assert!(now.contains_key(rel), "{} vanished", rel.display());
    }
    if expect_partial_temp {
        assert!(partial > 0, "the kill came in the middle of a write");
        assert!(rewritten > 0 || partial > 0);
    }
    rewritten
}

#[test]
fn convert_to_md_writes_the_fmt_form_page_after_page() {
    let day = Path::new(PAGES).join("news/2014/07/17/index.md");
    let seed = Path::new(SEED);
    let want_day = canonical(&std::fs::read(&day).unwrap(), &day).unwrap();
    let want_seed = canonical(&std::fs::read(seed).unwrap(), seed).unwrap();
    // Several pages: each after a marker line naming its site path.
    let mut want = b"<!-- currents: page /news/2014/07/17/index.md -->\n".to_vec();
    want.extend(want_day);
    want.extend(b"\n<!-- currents: page - -->\n");
    want.extend(want_seed);
    currents()
        .args(["convert", "--pages", "--to", "md"])
        .arg(&day)
        .arg(Path::new(PAGES).join("faq/index.md"))
        .arg(seed)
        .assert()
        .success()
        .stdout(want);
}

#[test]
fn convert_to_md_takes_the_style_fmt_takes() {
    let page = Path::new(PAGES).join("news/2017/06/19/brexit-negotiations-begin-in-brussels.md");
    let fmt = |style: &str| {
        currents()
            .args(["fmt", "--style", style, "-"])
            .pipe_stdin(&page)
            .unwrap()
            .output()
            .unwrap()
            .stdout
    };
    let convert = |style: &[&str]| {
        currents()
            .args(["convert", "-q", "--to", "md"])
            .args(style)
            .arg(&page)
            .output()
            .unwrap()
            .stdout
    };
    let (site, compact) = (fmt("site"), fmt("compact"));
    assert_ne!(site, compact);
    assert_eq!(convert(&[]), site, "site by default");
    assert_eq!(convert(&["--style", "site"]), site);
    assert_eq!(convert(&["--style", "compact"]), compact);
    currents()
        .args(["convert", "--to", "csv", "--style", "compact"])
        .arg(&page)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--style applies to --to md only"));
}

#[test]
fn a_symlink_is_followed_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.md");
    let link = dir.path().join("link.md");
    std::fs::copy(SEED, &real).unwrap();
    std::os::unix::fs::symlink("real.md", &link).unwrap();
    currents().arg("fmt").arg(&link).assert().success();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let seed = std::fs::read(SEED).unwrap();
    assert_eq!(
        std::fs::read(&real).unwrap(),
        canonical(&seed, &real).unwrap()
    );
}
