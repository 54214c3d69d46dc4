//! `currents.toml`: found from the working directory up, flags win, and
//! unknown keys or bad values are usage errors naming file and line.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::common::{currents, page};

/// A site with a page fresh from the generator (compact would rewrite it)
/// and a draft; `currents.toml` at its root; a work folder below.
fn site(config: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let day = root.join("news/2017/06/19");
    std::fs::create_dir_all(&day).unwrap();
    std::fs::create_dir_all(root.join("work/deeper")).unwrap();
    let brexit = page(
        "news/2017/06/19/united-kingdom-withdrawal-from-the-european-union-brexit-negotiations-begin-in-brussels.md",
    );
    std::fs::copy(&brexit, day.join("brexit.md")).unwrap();
    std::fs::copy(&brexit, root.join("draft.md")).unwrap();
    std::fs::write(root.join("currents.toml"), config).unwrap();
    (dir, root)
}

fn check_from(dir: &Path, flags: &[&str]) -> std::process::Output {
    currents()
        .current_dir(dir)
        .args(["fmt", "--check", "-q"])
        .args(flags)
        .arg(dir.ancestors().nth(2).unwrap())
        .output()
        .unwrap()
}

#[test]
fn the_nearest_config_is_found_walking_up_and_flags_win() {
    let (_dir, root) = site("exclude = [\"draft.md\"]\n\n[fmt]\nstyle = \"compact\"\n");
    let deeper = root.join("work/deeper");
    // From two folders down: compact style (the brexit page changes), the draft excluded.
    let output = check_from(&deeper, &[]);
    assert_eq!(output.status.code(), Some(1));
    let listed = String::from_utf8(output.stdout).unwrap();
    assert!(
        listed.contains("brexit.md") && !listed.contains("draft.md"),
        "{listed}"
    );
    // The command line wins: the site's form leaves the page as it is.
    let output = check_from(&deeper, &["--style", "site"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // --no-config: no exclude, default style.
    let output = check_from(&deeper, &["--no-config"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // --config names another file.
    let other = root.join("work/other.toml");
    std::fs::write(&other, "[fmt]\nstyle = \"compact\"\n").unwrap();
    let output = check_from(&deeper, &["--config", other.to_str().unwrap()]);
    let listed = String::from_utf8(output.stdout).unwrap();
    assert!(
        listed.contains("draft.md"),
        "only the named file is read: {listed}"
    );
    // A nearer config wins over one further up.
    std::fs::write(root.join("work/currents.toml"), "[fmt]\nstyle = \"site\"\n").unwrap();
    assert_eq!(check_from(&deeper, &[]).status.code(), Some(0));
}

#[test]
fn unknown_keys_and_bad_values_name_the_file_and_line() {
    for (config, message) in [
        (
            "[fmt]\ncheck = true\nstyel = \"site\"\n",
            ":3: unknown key `styel` in [fmt]",
        ),
        ("# a comment\n[fnt]\n", ":2: unknown section [fnt]"),
        ("nope = 1\n", ":1: unknown key `nope`"),
        (
            "[fmt]\nstyle = \"gnu\"\n",
            ":2: `style = gnu`: invalid value 'gnu'",
        ),
        (
            "[fmt]\nstyle = [\"site\", \"compact\"]\n",
            ":2: `style` takes one value",
        ),
        (
            "[check]\nstrict = \"yes\"\n",
            ":2: `strict = yes`: expected true or false",
        ),
        ("[fmt\n", ":1: unclosed table"),
    ] {
        let (_dir, root) = site(config);
        currents()
            .current_dir(&root)
            .args(["fmt", "--check", "."])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "{}{message}",
                root.join("currents.toml").display()
            )));
    }
}

#[test]
fn config_sets_feed_settings_and_required_flags() {
    let config = "[convert]\nto = \"atom\"\ntitle = \"Example news\"\nsite-url = \"https://example.org\"\nlimit = 1\n";
    let (_dir, root) = site(config);
    let output = currents()
        .current_dir(&root)
        .args(["convert", "news"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let feed = String::from_utf8(output.stdout).unwrap();
    assert!(feed.contains(">Example news</title>"), "{feed}");
    assert!(feed.contains("https://example.org/"), "{feed}");
    // The command line's --to wins.
    let output = currents()
        .current_dir(&root)
        .args(["convert", "--to", "jsonl", "news"])
        .output()
        .unwrap();
    assert!(String::from_utf8(output.stdout)
        .unwrap()
        .starts_with("{\"id\""));
}

#[test]
fn the_readme_config_example_is_accepted() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let (_dir, root) = site(&readme[start..end]);
    // Every section's keys are checked whichever command runs.
    currents()
        .current_dir(&root)
        .args(["check", "news"])
        .assert()
        .success();
    let output = currents()
        .current_dir(&root)
        .args(["convert", "--limit", "1", "news"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let feed = String::from_utf8(output.stdout).unwrap();
    assert!(
        feed.contains("<feed") && feed.contains("The editors"),
        "{feed}"
    );
}
