//! One event, one id: real pages of `news/2017/06/19/` (tests/corpus)
//! copied into temporary site layouts and converted from another folder,
//! in another order, at their first and at their final version.
//!
//! The events followed, as the pages show them:
//! - the displacement figures: `the-number-…-60-6-million-….md` is the
//!   first version (no Changes list); `the-number-…-65-6-million-….md` is
//!   the final one, whose Changes list names the 60.6 page as its
//!   `(First version)`; `population-displacement-….md` is a topic twin.
//! - the Finsbury Park attack: `several-people-have-reportedly-….md` is the
//!   earliest page (one source, News Limited); the final page
//!   `at-least-one-person-…-london-s.md` has the same News Limited source
//!   and AP, and no Changes list, so only the ledger connects the two.

use crate::common;

use std::path::{Path, PathBuf};

use common::{corpus_root, currents};
use currents::formats::{JsonlWriter, Writer};
use currents::run::{run, Observer, RunOptions};
use currents::Diagnostic;
use proptest::prelude::*;

const DAY: &str = "news/2017/06/19";
const DISPLACED_FIRST: &str = "the-number-of-people-displaced-globally-totals-60-6-million-after-an-addition-of-10-3-million-people-displaced-in-2016-syria-colombia-afg.md";
const DISPLACED_FINAL: &str = "the-number-of-people-displaced-globally-totals-65-6-million-after-an-addition-of-10-3-million-people-displaced-in-2016-syria-colombia-afg.md";
const FINSBURY_FIRST: &str = "several-people-have-reportedly-been-killed-after-a-van-runs-over-pedestrians-outside-the-finsbury-park-mosque-in-the-north-london-suburb-of.md";
const FINSBURY_FINAL: &str = "at-least-one-person-has-been-killed-and-ten-injured-after-a-van-runs-over-pedestrians-outside-the-finsbury-park-mosque-in-the-north-london-s.md";

/// The id the displacement event has at every step: its first version's path.
const DISPLACED_ID: &str = "/news/2017/06/19/the-number-of-people-displaced-globally-totals-60-6-million-after-an-addition-of-10-3-million-people-displaced-in-2016-syria-colombia-afg";
/// The id the Finsbury Park event has once its first page was seen.
const FINSBURY_ID: &str = "/news/2017/06/19/several-people-have-reportedly-been-killed-after-a-van-runs-over-pedestrians-outside-the-finsbury-park-mosque-in-the-north-london-suburb-of";

fn corpus_day() -> PathBuf {
    corpus_root().join("thecontext").join(DAY)
}

/// A site under `root` holding `names` of the corpus day (all when `None`).
fn site(root: &Path, names: Option<&[&str]>) -> PathBuf {
    let day = root.join(DAY);
    std::fs::create_dir_all(&day).unwrap();
    for entry in std::fs::read_dir(corpus_day()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if names.is_none_or(|n| n.contains(&name.as_str())) {
            std::fs::copy(corpus_day().join(&name), day.join(&name)).unwrap();
        }
    }
    day
}

/// `convert ARGS --to jsonl` run in `cwd`: the output.
fn jsonl(cwd: &Path, args: &[&str]) -> String {
    let out = currents()
        .current_dir(cwd)
        .args(["convert", "--to", "jsonl", "-q"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The id of the one record whose headline contains `words`.
fn id_of(jsonl: &str, words: &str) -> String {
    let ids: Vec<String> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["headline"].as_str().unwrap().contains(words))
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 1, "{words}: {ids:?}");
    ids[0].clone()
}

const DISPLACED: &str = "people displaced globally";
const FINSBURY: &str = "Finsbury Park Mosque";

/// The day's file names in a fixed scrambled order.
fn shuffled_files(day: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(day)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names.reverse();
    let half = names.len() / 2;
    names.rotate_left(half);
    names
}

#[test]
fn one_id_from_the_root_a_sub_folder_any_order_and_every_version() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let day = site(&root, None);

    // (a) From the site root.
    let from_root = jsonl(&root, &[DAY]);
    assert_eq!(from_root.lines().count(), 12, "the day's 12 events");
    assert_eq!(id_of(&from_root, DISPLACED), DISPLACED_ID);
    // (b) From inside news/, the same bytes.
    assert_eq!(jsonl(&root.join("news"), &["2017/06/19"]), from_root);
    assert_eq!(jsonl(&day, &["."]), from_root);
    // (c) The files one by one, scrambled, the same bytes.
    let files: Vec<String> = shuffled_files(&day)
        .into_iter()
        .map(|n| format!("{DAY}/{n}"))
        .collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    assert_eq!(jsonl(&root, &files), from_root);

    // (d) The first versions only, recorded in a ledger.
    let ledger = tmp.path().join("ids.tsv");
    let first = tmp.path().join("first");
    site(&first, Some(&[DISPLACED_FIRST, FINSBURY_FIRST]));
    let ledger_arg = ledger.to_str().unwrap();
    let early = jsonl(&first, &[DAY, "--id-ledger", ledger_arg]);
    assert_eq!(id_of(&early, DISPLACED), DISPLACED_ID);
    assert_eq!(id_of(&early, FINSBURY), FINSBURY_ID);
    let after_first = std::fs::read(&ledger).unwrap();

    // (e) The final versions only, every earlier page gone: the Changes list
    // keeps the displacement id; the ledger alone keeps Finsbury Park's.
    let last = tmp.path().join("last");
    site(&last, Some(&[DISPLACED_FINAL, FINSBURY_FINAL]));
    let without = jsonl(&last, &[DAY]);
    assert_eq!(id_of(&without, DISPLACED), DISPLACED_ID);
    assert_ne!(
        id_of(&without, FINSBURY),
        FINSBURY_ID,
        "no history, no link"
    );
    let late = jsonl(&last, &[DAY, "--ids", ledger_arg]);
    assert_eq!(id_of(&late, DISPLACED), DISPLACED_ID);
    assert_eq!(id_of(&late, FINSBURY), FINSBURY_ID);
    // The record points at the final page.
    let record = late.lines().find(|l| l.contains(FINSBURY)).unwrap();
    assert!(record.contains(&format!("\"path\":\"/{DAY}/{FINSBURY_FINAL}\"")));

    // The whole day, from the root and in any order, with the ledger of (d).
    std::fs::write(&ledger, &after_first).unwrap();
    let whole = jsonl(&root, &[DAY, "--ids", ledger_arg]);
    assert_eq!(id_of(&whole, FINSBURY), FINSBURY_ID);
    assert_eq!(id_of(&whole, DISPLACED), DISPLACED_ID);
    std::fs::write(&ledger, &after_first).unwrap();
    let mut args = files.clone();
    args.extend(["--ids", ledger_arg]);
    assert_eq!(jsonl(&root, &args), whole);
}

#[test]
fn only_a_day_folder_is_a_site_path() {
    let tmp = tempfile::tempdir().unwrap();
    let mirror = tmp.path().join("news/mirror2/2017/06/13");
    std::fs::create_dir_all(&mirror).unwrap();
    // The seed page has no Formats line: nothing but its file gives a path.
    std::fs::copy(common::seed(), mirror.join("x.md")).unwrap();
    let out = currents()
        .current_dir(tmp.path())
        .args(["check", "news"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("`news/mirror2/2017/06/13/x.md` is not at news/YYYY/MM/D/"),
        "{stdout}"
    );
    let records = jsonl(tmp.path(), &["news"]);
    let record: serde_json::Value = serde_json::from_str(records.trim()).unwrap();
    assert_eq!(record["path"], serde_json::Value::Null);
    assert!(!record["id"].as_str().unwrap().starts_with("/news/mirror2"));
}

#[test]
fn headlines_without_a_slug_get_ids_of_their_own() {
    let tmp = tempfile::tempdir().unwrap();
    let page =
        |headline: &str| format!("### [2016-12-05](/news/2016/12/5/index.md)\n\n# {headline}\n");
    std::fs::write(tmp.path().join("tokyo.md"), page("東京で地震")).unwrap();
    std::fs::write(tmp.path().join("moscow.md"), page("Москва: пожар")).unwrap();
    let out = jsonl(tmp.path(), &["."]);
    let ids: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    // A CJK headline keeps its characters; Cyrillic takes the file name.
    assert_eq!(ids, ["\"2016-12-05/moscow\"", "\"2016-12-05/東京で地震\""]);
    // From stdin there is no file name: a hash of the headline.
    let stdin = currents()
        .args(["convert", "-", "--to", "jsonl", "-q"])
        .write_stdin(page("Москва: пожар"))
        .output()
        .unwrap();
    let id = String::from_utf8(stdin.stdout).unwrap();
    assert!(id.contains("\"id\":\"2016-12-05/h"), "{id}");
}

struct Quiet;

impl Observer for Quiet {
    fn diagnostic(&mut self, _: &Diagnostic) {}
}

/// JSON Lines of a site-mode run over `files`, on `jobs` threads.
fn convert(files: &[PathBuf], jobs: usize) -> Vec<u8> {
    let mut options = RunOptions::default();
    options.jobs = jobs;
    let mut out = Vec::new();
    let mut writer = JsonlWriter::new(&mut out);
    run(files, &options, &mut writer, &mut Quiet).unwrap();
    writer.finish().unwrap();
    out
}

/// Every page of the corpus's days with twins and Changes lists, and of
/// two more days, as files.
fn corpus_files() -> Vec<PathBuf> {
    let news = corpus_root().join("thecontext/news");
    let mut files = Vec::new();
    for day in ["2017/06/19", "2017/05/23", "1999/01/1", "1999/01/31"] {
        for entry in std::fs::read_dir(news.join(day)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    files
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn any_order_of_the_inputs_gives_the_same_bytes(
        order in Just(corpus_files()).prop_shuffle(),
        jobs in 1usize..3,
    ) {
        let sorted = convert(&corpus_files(), 1);
        prop_assert!(sorted.len() > 1000);
        prop_assert_eq!(convert(&order, jobs), sorted);
    }
}
