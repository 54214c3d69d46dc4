//! The parser on every real page: no errors, the right kinds, and counts
//! that match what a plain line count of each page says.

use crate::common;

use std::path::Path;

use common::*;
use currents::{parse_file, Document, Event, Severity};

fn parse(path: &Path) -> currents::Parsed {
    parse_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn event(path: &Path) -> Event {
    match parse(path).document {
        Document::Event(event) => event,
        other => panic!(
            "{}: expected an event page, got {}",
            path.display(),
            other.kind_name()
        ),
    }
}

const PROSE: &[&str] = &[
    "api/README.md",
    "faq/README.md",
    "faq/index.md",
    "opinion/README.md",
    "opinion/index.md",
];

#[test]
fn every_page_parses_without_error() {
    let pages = all_pages();
    assert_eq!(pages.len(), 101, "100 corpus pages and the seed");
    for path in &pages {
        let parsed = parse(path);
        let errors: Vec<String> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn prose_pages_are_not_event_documents_and_news_pages_are() {
    for path in all_pages() {
        let parsed = parse(&path);
        let rel = path
            .strip_prefix(corpus_root().join("thecontext"))
            .map(|p| p.to_string_lossy().into_owned());
        let is_prose = rel.as_deref().is_ok_and(|r| PROSE.contains(&r));
        match (&parsed.document, is_prose) {
            (Document::NotEvent(_), true) => {
                let note = &parsed.diagnostics[0];
                assert_eq!(note.severity, Severity::Note);
                assert!(note.to_string().contains("not an event document"), "{note}");
            }
            (Document::NotEvent(page), false) => {
                panic!("{}: not an event document: {}", path.display(), page.reason)
            }
            (doc, true) => panic!("{}: prose page read as {}", path.display(), doc.kind_name()),
            _ => {}
        }
    }
}

#[test]
fn page_kinds_follow_the_site_layout() {
    for path in all_pages() {
        let name = path.file_name().unwrap().to_str().unwrap();
        let under_news = path.components().any(|c| c.as_os_str() == "news");
        let document = parse(&path).document;
        let expected = match (under_news, name) {
            (true, "index.md" | "README.md") => "day",
            (true, _) => "event",
            (false, _) if path == page("index.md") || path == page("README.md") => "front_page",
            (false, _) if path == seed() => "event",
            _ => "not_event",
        };
        assert_eq!(document.kind_name(), expected, "{}", path.display());
    }
}

/// Numbered items under `### <title>` up to the next heading, counted by lines.
fn items_under(text: &str, titles: &[&str]) -> usize {
    let mut inside = false;
    let mut count = 0;
    for line in text.lines() {
        if line.starts_with('#') {
            inside = titles.iter().any(|t| line.trim() == format!("### {t}"));
        } else if inside
            && line
                .split_once(". [")
                .is_some_and(|(n, _)| n.bytes().all(|b| b.is_ascii_digit()))
        {
            count += 1;
        }
    }
    count
}

#[test]
fn event_pages_have_as_many_items_as_their_lists() {
    let mut checked = 0;
    for path in all_pages() {
        let Document::Event(event) = parse(&path).document else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        // The Cover Image item is the event's image, not a source.
        assert_eq!(
            event.sources.len() + usize::from(event.image.is_some()),
            items_under(&text, &["Source:", "Sources:"]),
            "{}",
            path.display()
        );
        assert_eq!(
            event.related.len(),
            items_under(&text, &["Related:"]),
            "{}",
            path.display()
        );
        assert_eq!(
            event.revisions.len(),
            items_under(&text, &["Changes:"]),
            "{}",
            path.display()
        );
        assert!(!event.headline.is_empty(), "{}", path.display());
        checked += 1;
    }
    assert_eq!(checked, 64, "63 event pages under news/ and the seed");
}

#[test]
fn day_pages_have_one_event_per_headline_link() {
    let mut checked = 0;
    for path in all_pages() {
        let Document::Day(day) = parse(&path).document else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let headlines = text.lines().filter(|l| l.starts_with("### [")).count();
        assert_eq!(day.events.len(), headlines, "{}", path.display());
        let contexts = text.lines().filter(|l| l.starts_with("_Context:")).count();
        assert_eq!(
            day.events.iter().filter(|e| !e.contexts.is_empty()).count(),
            contexts,
            "{}",
            path.display()
        );
        let categories = text.lines().filter(|l| l.starts_with("##### ")).count();
        assert_eq!(
            day.events.iter().filter(|e| e.category.is_some()).count(),
            categories,
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert_eq!(checked, 30);
}

#[test]
fn the_complete_day_2017_06_19() {
    let Document::Day(index) = parse(&page("news/2017/06/19/index.md")).document else {
        panic!("a day page")
    };
    let Document::Day(readme) = parse(&page("news/2017/06/19/README.md")).document else {
        panic!("a day page")
    };
    assert_eq!(index.date.to_string(), "2017-06-19");
    assert_eq!(index.events.len(), 8);
    assert_eq!(readme.events.len(), 10);
    assert_eq!(
        index.previous_day.as_ref().unwrap().url,
        "/news/2017/06/18/index.md"
    );
    assert_eq!(
        readme.events[0].category.as_deref(),
        Some("2017 Finsbury Park attack")
    );
    assert_eq!(
        readme.events[0].contexts,
        [
            "Finsbury Park",
            "north London",
            "2017 Finsbury Park attack",
            "Finsbury Park Mosque"
        ]
    );
    let brexit = index
        .events
        .iter()
        .find(|e| e.headline == "Brexit negotiations begin in Brussels.")
        .unwrap();
    assert_eq!(
        brexit.path.as_deref(),
        Some("/news/2017/06/19/brexit-negotiations-begin-in-brussels.md")
    );
    assert!(brexit
        .summary
        .as_deref()
        .unwrap()
        .starts_with("UK and EU representatives say"));
    assert!(brexit.contexts.is_empty());
    assert_eq!(readme.formats.len(), 3);
    assert_eq!(readme.path.as_deref(), Some("/news/2017/06/19/README.md"));
    // Every event page of the day is linked from one of its two day pages.
    let dir = page("news/2017/06/19");
    let linked: std::collections::BTreeSet<String> = index
        .events
        .iter()
        .chain(&readme.events)
        .filter_map(|e| e.path.clone())
        .collect();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name != "index.md" && name != "README.md" {
            let event = event(&dir.join(&name));
            assert_eq!(event.date.to_string(), "2017-06-19");
            assert_eq!(
                event.path.as_deref(),
                Some(format!("/news/2017/06/19/{name}").as_str())
            );
        }
    }
    assert_eq!(
        linked.len(),
        11,
        "distinct event paths across both day pages"
    );
}

#[test]
fn the_seed_page_field_by_field() {
    let parsed = parse(&seed());
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let Document::Event(event) = parsed.document else {
        panic!("an event page")
    };
    assert_eq!(event.date.to_string(), "2015-11-25");
    assert!(event.headline.starts_with("The Associated Press reports"));
    assert!(
        event.headline.ends_with("leaving.\""),
        "trailing padding is not content"
    );
    assert_eq!(event.category, None);
    assert_eq!(event.summary, None);
    assert_eq!(event.sources.len(), 1);
    assert_eq!(event.sources[0].name, "AP");
    assert_eq!(
        event.sources[0].url,
        "http://bigstory.ap.org/article/a1a8d401a82442cb9151b09acb0e8ae7/russian-crackdown-muslims-fuels-exodus-islamic-state"
    );
    assert_eq!(event.related.len(), 10);
    let first = &event.related[0];
    assert_eq!(first.path, "/news/2016/12/4/the-russian-federal-security-service-claims-to-have-killed-rustam-asildarov-the-leader-of-the-islamic-state-of-iraq-and-the-levant-s-caucas.md");
    assert!(first
        .headline
        .starts_with("The Russian Federal Security Service claims"));
    assert!(
        first.headline.ends_with("Dagestan region."),
        "link padding is not content"
    );
    assert_eq!(
        first.contexts,
        ["Dagestan", "Islamic State of Iraq and the Levant", "Russia"]
    );
    assert_eq!(currents::parse_str("").document.kind_name(), "not_event");
    let related_date = currents::parse_str(&format!("### [x]({})", first.path));
    assert_eq!(related_date.document.kind_name(), "not_event");
    assert!(event.revisions.is_empty());
    assert_eq!(event.path, None, "the seed has no link to itself");
}

#[test]
fn a_1999_page_with_an_unpadded_date_and_no_sources() {
    let event = event(&page("news/1999/01/1/the-euro-currency-is-introduced.md"));
    assert_eq!(event.date.to_string(), "1999-01-01");
    assert_eq!(event.date_link.as_deref(), Some("/news/1999/01/1/index.md"));
    assert_eq!(event.category.as_deref(), Some("Euro"));
    assert_eq!(event.headline, "The euro currency is introduced.");
    assert!(event.sources.is_empty());
    assert_eq!(event.related.len(), 5);
    assert!(event.related.iter().all(|r| r.contexts == ["euro"]));
}

#[test]
fn text_is_kept_as_written() {
    // Entities, wiki residue and glued text stay; padding goes.
    let shares = event(&page("news/2006/02/1/shares-in-google-fall-dramatically-after-the-company-reported-profits-below-wall-street-estimates-nowrap-12-billion-in-market-value-w.md"));
    assert!(shares.headline.contains("{{Nowrap|"), "{}", shares.headline);
    let iran = event(&page("news/2009/06/25/iran-p-a-mourning-ceremony-for-protesters-who-died-in-the-post-election-protests-is-cancelled.md"));
    assert!(
        iran.headline.starts_with("Iran A mourning ceremony"),
        "glued text kept, its run of spaces read as one"
    );
    assert!(iran.summary.as_deref().unwrap().contains("Iran&#39;s"));
    assert_eq!(iran.sources[1].name, "RTÉ");
    let boston = event(&page("news/2013/04/15/boston-marathon-bombings-ptwo-explosions-in-boston-united-states-near-the-finish-line-of-the-2013-boston-marathon-leave-3-people-dead-and.md"));
    assert!(boston
        .headline
        .starts_with("Boston Marathon bombings:Two explosions"));
}

#[test]
fn revisions_carry_timestamps_and_labels() {
    let event = event(&page("news/2017/06/19/personal-information-of-about-200-million-u-s-citizens-has-been-exposed-on-the-internet-since-january-when-unsecured-files-were-uploaded-b.md"));
    let labels: Vec<_> = event
        .revisions
        .iter()
        .map(|r| r.label.as_deref().unwrap())
        .collect();
    assert_eq!(labels, ["First version", "Update", "Current version"]);
    assert_eq!(
        event.revisions[0].timestamp.unwrap().to_string(),
        "2018-02-06 13:49:30"
    );
    assert_eq!(event.revisions[2].timestamp, None);
    assert!(event.revisions[2].is_current());
    assert_eq!(event.category.as_deref(), Some("Deep Root Analytics"));
    assert_eq!(event.sources.len(), 2, "the Cover Image is not a source");
    assert_eq!(
        event.image.as_deref(),
        Some("https://ichef.bbci.co.uk/news/1024/cpsprodpb/DCEB/production/_96555565_us-flag-binary.jpg")
    );
    assert_eq!(
        event
            .formats
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>(),
        ["HTML", "JSON", "XML"]
    );
}

#[test]
fn the_front_page_has_days_and_opinion() {
    let Document::FrontPage(front) = parse(&page("README.md")).document else {
        panic!("the front page")
    };
    let labels: Vec<_> = front
        .days()
        .map(|d| d.label.as_deref().unwrap_or("?"))
        .collect();
    assert_eq!(labels, ["News", "Yesterday", "Day Before Yesterday"]);
    assert_eq!(front.days().next().unwrap().date.to_string(), "2017-06-19");
    let opinion: Vec<_> = front.opinion().collect();
    assert_eq!(opinion.len(), 1);
    assert_eq!(opinion[0].title, "The Post-Truth and the Context");
    let text = std::fs::read_to_string(page("README.md")).unwrap();
    let headlines = text.lines().filter(|l| l.starts_with("### [")).count();
    assert_eq!(
        front.days().map(|d| d.events.len()).sum::<usize>() + opinion.len(),
        headlines
    );
    let Document::FrontPage(index) = parse(&page("index.md")).document else {
        panic!("the front page")
    };
    assert_eq!(index.path.as_deref(), Some("/index.md"));
    assert_eq!(index.opinion().count(), 0);
}

#[test]
fn warnings_name_the_place() {
    let path = page("news/2017/06/19/personal-information-of-about-200-million-u-s-citizens-has-been-exposed-on-the-internet-since-january-when-unsecured-files-were-uploaded-b.md");
    let parsed = parse(&path);
    let messages: Vec<String> = parsed.diagnostics.iter().map(|d| d.to_string()).collect();
    let expected_prefix = format!("{}:16:1: warning: repeated list number 2", path.display());
    assert!(
        messages.iter().any(|m| m == &expected_prefix),
        "{messages:#?}"
    );
    // `### Source:` over three sources, on a page without a Formats line:
    // the generator's template, not warned of.
    let iran = parse(&page("news/2009/06/25/iran-p-a-mourning-ceremony-for-protesters-who-died-in-the-post-election-protests-is-cancelled.md"));
    assert!(iran.diagnostics.is_empty(), "{:?}", iran.diagnostics);
    // The same page with a Formats line takes the other template, whose
    // word is `Sources:`: there `Source:` over three is a slip.
    let text = std::fs::read_to_string(page("news/2009/06/25/iran-p-a-mourning-ceremony-for-protesters-who-died-in-the-post-election-protests-is-cancelled.md")).unwrap();
    let with_formats = format!("Formats: [json](/x.json)\n\n{text}");
    let parsed = currents::parse_str(&with_formats);
    assert!(
        parsed.diagnostics.iter().any(|d| d
            .to_string()
            .ends_with("10:1: warning: `### Source:` with 3 items")),
        "{:?}",
        parsed.diagnostics
    );
}
