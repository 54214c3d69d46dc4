//! What a publisher puts online: safe links on hostile pages in every feed
//! format, stable split-feed names, JSON Feed, the site address, titles,
//! empty feeds and the run's summary (issue: feeds a publisher can put
//! online).

use std::path::{Path, PathBuf};

use crate::common::currents;
use currents::formats::{atom, jsonfeed, rss};
use predicates::prelude::*;

const SITE: &str = "https://example.org";
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/thecontext");

fn hostile_pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile-pages")
}

/// `convert ARGS` to stdout; panics unless it succeeds.
fn convert(args: &[&str]) -> String {
    let out = currents().arg("convert").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The unsafe schemes and invisible characters the hostile pages hold.
const UNSAFE: [&str; 5] = [
    "javascript:",
    "vbscript:",
    "data:",
    "file:",
    "&#106;avascript",
];

fn is_hidden(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{FEFF}')
}

#[test]
fn hostile_pages_give_safe_valid_feeds_in_every_format() {
    let pages = hostile_pages();
    let pages = pages.to_str().unwrap();
    for to in ["atom", "rss", "jsonfeed"] {
        let feed = convert(&[pages, "--to", to, "--site-url", SITE, "--limit", "0", "-q"]);
        let lower = feed.to_lowercase();
        for scheme in UNSAFE {
            assert!(!lower.contains(scheme), "{to}: {scheme} in\n{feed}");
        }
        assert!(!feed.chars().any(is_hidden), "{to}: an invisible character");
        // The text of a dropped link stays; safe web and mail links stay live.
        assert!(feed.contains("Script") && feed.contains("Entity"), "{to}");
        assert!(feed.contains("mailto:editor@example.org"), "{to}");
        assert!(feed.contains("https://example.com/good"), "{to}");
        // A relative link resolves against its page, with no `..` left.
        assert!(
            feed.contains("https://example.org/news/2020/02/28/earlier.md"),
            "{to}"
        );
        // The bidi override in a context tag is gone, its text kept.
        assert!(feed.contains("LeftRight"), "{to}");
        let read = match to {
            "atom" => atom::read(feed.as_bytes()),
            "rss" => rss::read(feed.as_bytes()),
            _ => jsonfeed::read(feed.as_bytes()),
        };
        // The three pages' events: two event pages and the day's script item.
        assert_eq!(read.unwrap().len(), 3, "{to}");
    }
}

#[test]
fn each_unsafe_link_is_a_warning_with_its_place() {
    let out = currents()
        .arg("check")
        .arg(hostile_pages())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stderr).unwrap() + &String::from_utf8(out.stdout).unwrap();
    let warnings: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("is not http(s) or mailto"))
        .collect();
    // Read from the pages: hostile-links.md has 10 (date link, Formats
    // HTML, five sources, a picture, the Cover Image, a related event),
    // mail-and-web.md 1 (JAVASCRIPT:), index.md 1 (the script item).
    assert_eq!(warnings.len(), 12, "{text}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("hostile-links.md:13:4: warning: link to `javascript:alert(1)`")),
        "{text}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("index.md:6:5:")),
        "{text}"
    );
}

/// One event page, tagged `tags`, on day `day` of June 2017.
fn tagged_page(root: &Path, day: u32, slug: &str, tags: &str) {
    let dir = root.join(format!("news/2017/06/{day}"));
    std::fs::create_dir_all(&dir).unwrap();
    let page = format!("### [2017-06-{day:02}](/news/2017/06/{day}/index.md)\n\n# Event {slug}\n");
    std::fs::write(dir.join(format!("{slug}.md")), page).unwrap();
    let index = dir.join("index.md");
    let mut day_page = std::fs::read_to_string(&index)
        .unwrap_or_else(|_| format!("## [2017-06-{day:02}](/news/2017/06/{day}/index.md)\n"));
    day_page.push_str(&format!(
        "\n### [Event {slug}](/news/2017/06/{day}/{slug}.md)\n_Context: {tags}_\n"
    ));
    std::fs::write(index, day_page).unwrap();
}

/// The split feeds of `site` as (file name, entry titles).
fn split_feeds(site: &Path, out: &Path) -> Vec<(String, Vec<String>)> {
    let site = site.to_str().unwrap();
    let out_dir = out.to_str().unwrap();
    convert(&[
        site,
        "--to",
        "atom",
        "--site-url",
        SITE,
        "--split-by",
        "context",
        "-q",
        "-o",
        out_dir,
    ]);
    let mut feeds: Vec<(String, Vec<String>)> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let events = atom::read(&std::fs::read(&path).unwrap()).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, events.into_iter().map(|e| e.headline).collect())
        })
        .collect();
    feeds.sort();
    feeds
}

#[test]
fn a_colliding_tag_never_renames_an_existing_split_feed() {
    let site = tempfile::tempdir().unwrap();
    tagged_page(site.path(), 13, "a", "Hong-Kong, Café");
    tagged_page(site.path(), 13, "b", "Hong Kong");
    let before = split_feeds(site.path(), &site.path().join("feeds-1"));
    // Then tags that share those slugs, in other spellings and forms.
    tagged_page(
        site.path(),
        14,
        "c",
        "HONG KONG, Hong  Kong, Cafe\u{301}, hong-kong",
    );
    let after = split_feeds(site.path(), &site.path().join("feeds-2"));
    for (name, titles) in &before {
        let now = after.iter().find(|(n, _)| n == name);
        let now = now.unwrap_or_else(|| panic!("{name} is gone: {after:?}"));
        assert!(
            titles.iter().all(|t| now.1.contains(t)),
            "{name} changed topic: {now:?}"
        );
    }
    let names: Vec<&str> = after.iter().map(|(n, _)| n.as_str()).collect();
    // `Hong Kong` is the slug's own spelling, `Hong-Kong` gets a hash;
    // `Café` in both forms, and `HONG KONG` and `Hong  Kong` (one space
    // once read) with `Hong Kong`, share a feed.
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names.contains(&"hong-kong.atom") && names.contains(&"café.atom"),
        "{names:?}"
    );
    let cafe = &after.iter().find(|(n, _)| n == "café.atom").unwrap().1;
    assert_eq!(cafe.len(), 2, "{cafe:?}");
}

#[test]
fn split_by_category_names_feeds_by_category() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("by-category");
    currents()
        .args([
            "convert",
            CORPUS,
            "--to",
            "rss",
            "--site-url",
            SITE,
            "--limit",
            "0",
        ])
        .args(["--split-by", "category", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("entries").and(predicate::str::contains("feeds into")));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // news/2017/06/19/personal-information-….md has the category line
    // `Deep Root Analytics`.
    assert!(
        names.contains(&"deep-root-analytics.rss".to_string()),
        "{names:?}"
    );
}

#[test]
fn json_feed_round_trips_through_atom_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("all.json");
    let common = ["--site-url", SITE, "--limit", "0", "-q"];
    let write = |to: &str, from: &str, out: &Path| {
        currents()
            .args(["convert", from, "--to", to])
            .args(common)
            .arg("-o")
            .arg(out)
            .assert()
            .success();
    };
    let atom_file = dir.path().join("all.atom");
    write("jsonfeed", CORPUS, &json);
    write("atom", CORPUS, &atom_file);
    let value: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(value["version"], "https://jsonfeed.org/version/1.1");
    // JSON Feed read back (told by its content) writes the Atom of the pages.
    let back = dir.path().join("back.atom");
    write("atom", json.to_str().unwrap(), &back);
    assert_eq!(
        std::fs::read(&back).unwrap(),
        std::fs::read(&atom_file).unwrap()
    );
    let again = dir.path().join("again.json");
    write("jsonfeed", atom_file.to_str().unwrap(), &again);
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&json).unwrap()
    );
}

#[test]
fn site_addresses_titles_and_authors_are_checked() {
    for (flag, value) in [
        ("--site-url", "https://example.org/?page=1"),
        ("--site-url", "https://example.org/#top"),
        ("--site-url", "https://user:secret@example.org"),
        ("--title", "   "),
        ("--author", "&nbsp;"),
    ] {
        let mut args = vec!["convert", CORPUS, "--to", "atom", "--site-url", SITE];
        if flag == "--site-url" {
            args.truncate(4);
        }
        currents()
            .args(&args)
            .args([flag, value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(flag));
    }
    // A site in another script: punycode host, percent-encoded path.
    let feed = convert(&[
        CORPUS,
        "--to",
        "atom",
        "--site-url",
        "https://bücher.example/nachrichten-ü",
        "-q",
    ]);
    assert!(
        feed.contains("<id>https://xn--bcher-kva.example/nachrichten-%C3%BC/feed.atom</id>"),
        "{feed}"
    );
    assert!(!feed.contains("bücher"));
}

#[test]
fn subtitle_rights_and_links_to_html_pages() {
    let feed = convert(&[
        CORPUS,
        "--to",
        "atom",
        "--site-url",
        SITE,
        "--subtitle",
        "All the news",
        "--rights",
        "CC BY-SA 4.0",
        "--limit",
        "0",
        "-q",
    ]);
    assert!(feed.contains("<subtitle type=\"text\">All the news</subtitle>"));
    assert!(feed.contains("<rights type=\"text\">CC BY-SA 4.0</rights>"));
    // news/1999/01/1/the-euro-currency-is-introduced.md names its HTML page
    // in its Formats line: the entry links there, the .md page is the
    // second alternate; `--link md` links the .md page.
    let html = "href=\"https://example.org/news/1999/01/1/the-euro-currency-is-introduced.html\"";
    assert!(feed.contains(html), "the HTML page");
    assert!(feed.contains("type=\"text/markdown\""));
    let md = convert(&[
        CORPUS,
        "--to",
        "atom",
        "--site-url",
        SITE,
        "--link",
        "md",
        "--limit",
        "0",
        "-q",
    ]);
    assert!(!md.contains(html) && !md.contains("text/markdown"));
    let rss = convert(&[
        CORPUS,
        "--to",
        "rss",
        "--site-url",
        SITE,
        "--rights",
        "CC BY-SA 4.0",
        "-q",
    ]);
    assert!(rss.contains("<copyright>CC BY-SA 4.0</copyright>"));
}

#[test]
fn an_empty_feed_says_so_and_strict_refuses_it() {
    let site = tempfile::tempdir().unwrap();
    tagged_page(site.path(), 13, "a", "Hong Kong");
    tagged_page(site.path(), 14, "b", "Syria");
    let root = site.path().to_str().unwrap();
    let args = [
        root,
        "--to",
        "atom",
        "--site-url",
        SITE,
        "--context",
        "No such tag",
    ];
    let out = currents().arg("convert").args(args).output().unwrap();
    assert!(out.status.success());
    let feed = String::from_utf8(out.stdout).unwrap();
    // Dated by the newest event read, not 1970.
    assert!(
        feed.contains("<updated>2017-06-14T10:00:00Z</updated>"),
        "{feed}"
    );
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("0 entries in stdout"));
    currents()
        .arg("convert")
        .args(args)
        .arg("--strict")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no entries (--strict)"));
    // A feed that got entries passes --strict and says how many.
    currents()
        .args([
            "convert",
            root,
            "--to",
            "rss",
            "--site-url",
            SITE,
            "--strict",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 entries in stdout"));
}

/// Every file under `dir` and its bytes, by relative path.
fn folder(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = crate::common::walk(dir)
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn site(input: &Path, out: &Path) -> String {
    let out_dir = out.to_str().unwrap();
    let args = [input.to_str().unwrap(), "--to", "site", "--site-url", SITE];
    let more = [
        "--feed-url",
        "https://example.org/feeds/",
        "--split-by",
        "context",
        "--archive",
        "-o",
        out_dir,
    ];
    let run = currents()
        .arg("convert")
        .args(args)
        .args(more)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stderr).unwrap()
}

#[test]
fn a_feed_site_in_one_command_and_the_same_bytes_again() {
    let pages = tempfile::tempdir().unwrap();
    tagged_page(pages.path(), 13, "a", "Hong Kong, Café");
    tagged_page(pages.path(), 14, "b", "Hong Kong");
    let out = tempfile::tempdir().unwrap();
    let said = site(pages.path(), &out.path().join("one"));
    let one = folder(&out.path().join("one"));
    let names: Vec<&str> = one.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "archive/2017-06.atom",
            "archive/2017-06.rss",
            "context/café.atom",
            "context/café.json",
            "context/café.rss",
            "context/hong-kong.atom",
            "context/hong-kong.json",
            "context/hong-kong.rss",
            "feed.atom",
            "feed.json",
            "feed.rss",
            "feeds.opml",
            "index.html",
        ]
    );
    assert!(said.contains("context/hong-kong.atom: 2 entries"), "{said}");
    // Same pages, same bytes.
    site(pages.path(), &out.path().join("two"));
    assert!(
        folder(&out.path().join("two")) == one,
        "an unchanged site changed"
    );
    let text = |name: &str| {
        String::from_utf8(one.iter().find(|(n, _)| n == name).unwrap().1.clone()).unwrap()
    };
    let index = text("index.html");
    assert!(index.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"News events (Atom)\" href=\"feed.atom\">"));
    assert!(index.contains("type=\"application/feed+json\""));
    let opml = text("feeds.opml");
    // Every feed file is in the OPML list, by its absolute address.
    for (name, _) in one
        .iter()
        .filter(|(n, _)| !n.ends_with(".opml") && !n.ends_with(".html"))
    {
        let url = currents::formats::feed::encode_uri(&format!("https://example.org/feeds/{name}"));
        assert!(
            opml.contains(&format!("xmlUrl=\"{url}\"")),
            "{name} not in\n{opml}"
        );
    }
    // RFC 5005: the subscription document links to the newest archive.
    assert!(text("feed.atom").contains(
        "<link rel=\"prev-archive\" href=\"https://example.org/feeds/archive/2017-06.atom\"/>"
    ));
    let archive = text("archive/2017-06.atom");
    assert!(archive.contains("<fh:archive/>") && archive.contains("rel=\"current\""));
}

#[test]
fn a_complete_archive_month_never_changes() {
    let pages = tempfile::tempdir().unwrap();
    tagged_page(pages.path(), 13, "a", "Hong Kong");
    let out = tempfile::tempdir().unwrap();
    site(pages.path(), &out.path().join("june"));
    // July comes: June's archive documents stay byte for byte.
    let july = pages.path().join("news/2017/07/2");
    std::fs::create_dir_all(&july).unwrap();
    std::fs::write(
        july.join("c.md"),
        "### [2017-07-02](/news/2017/07/2/index.md)\n\n# Event c\n",
    )
    .unwrap();
    site(pages.path(), &out.path().join("july"));
    for file in ["archive/2017-06.atom", "archive/2017-06.rss"] {
        let june = std::fs::read(out.path().join("june").join(file)).unwrap();
        assert_eq!(
            std::fs::read(out.path().join("july").join(file)).unwrap(),
            june,
            "{file}"
        );
    }
    let feed = std::fs::read_to_string(out.path().join("july/feed.atom")).unwrap();
    assert!(feed.contains("archive/2017-07.atom"), "{feed}");
    let july_page = std::fs::read_to_string(out.path().join("july/archive/2017-07.atom")).unwrap();
    assert!(july_page.contains(
        "<link rel=\"prev-archive\" href=\"https://example.org/feeds/archive/2017-06.atom\"/>"
    ));
}

#[test]
fn timezone_stamps_date_only_events_at_noon_there() {
    let site = tempfile::tempdir().unwrap();
    tagged_page(site.path(), 13, "a", "Hong Kong");
    let root = site.path().to_str().unwrap();
    // Noon in Auckland (UTC+12 in June) is midnight UTC: the day there.
    let feed = convert(&[
        root,
        "--to",
        "atom",
        "--site-url",
        SITE,
        "--timezone",
        "Pacific/Auckland",
        "-q",
    ]);
    assert!(
        feed.contains("<published>2017-06-13T00:00:00Z</published>"),
        "{feed}"
    );
    let feed = convert(&[
        root,
        "--to",
        "rss",
        "--site-url",
        SITE,
        "--timezone",
        "America/New_York",
        "-q",
    ]);
    assert!(
        feed.contains("<pubDate>Tue, 13 Jun 2017 16:00:00 +0000</pubDate>"),
        "{feed}"
    );
    currents()
        .args([
            "convert",
            root,
            "--to",
            "atom",
            "--site-url",
            SITE,
            "--timezone",
            "Mars/Olympus",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("IANA"));
}

#[test]
fn a_renamed_event_linked_to_its_html_page_reads_back_with_its_path() {
    // news/2017/06/19/personal-information-…-uploaded-b.md: renamed twice
    // (its Changes list), its Formats line names its HTML page. Atom, RSS
    // and JSON Feed read back and written again give the same feed.
    let day = format!("{CORPUS}/news/2017/06/19");
    let args = ["--site-url", SITE, "--limit", "0", "-q"];
    for to in ["atom", "rss", "jsonfeed"] {
        let feed = convert(&[[day.as_str(), "--to", to].as_slice(), &args].concat());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("feed.{to}"));
        std::fs::write(&file, &feed).unwrap();
        let from = if to == "jsonfeed" { "jsonfeed" } else { to };
        let again = convert(
            &[
                [file.to_str().unwrap(), "--from", from, "--to", to].as_slice(),
                &args,
            ]
            .concat(),
        );
        assert!(again == feed, "{to}");
        assert!(feed.contains("uploaded-b.html"), "{to}: the HTML page");
    }
}
