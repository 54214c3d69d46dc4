//! `fmt` over every page of the corpus and the seed: idempotent, lossless,
//! and the rendered meaning kept.

use std::path::{Path, PathBuf};

use currents::fix::Fix;
use currents::format::{format_bytes, format_bytes_styled, Outcome};
use currents::formats::markdown::{
    canonical_model, document_edition, render, render_styled, Style,
};
use currents::{parse_bytes, Document};
use pulldown_cmark::{html, Options, Parser};

use crate::common;

use common::walk;

const CORPUS: &str = "tests/corpus";

/// Every page: the corpus's `.md` files and the seed.
fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walk(Path::new(CORPUS))
        .into_iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                || p.parent().is_some_and(|d| d.ends_with("seed"))
        })
        .collect();
    pages.sort();
    assert!(pages.len() > 100, "the corpus is there: {}", pages.len());
    pages
}

/// fmt(x) with `fixes`, or `None` for prose pages.
fn fmt(bytes: &[u8], file: &Path, fixes: &[Fix]) -> Option<String> {
    fmt_in(bytes, file, fixes, Style::default())
}

/// fmt(x) in `style`.
fn fmt_in(bytes: &[u8], file: &Path, fixes: &[Fix], style: Style) -> Option<String> {
    match format_bytes_styled(bytes, Some(file), fixes, style) {
        Ok(Outcome::Formatted { output, .. }) => Some(output),
        Ok(Outcome::NotEvent { .. }) => None,
        Err(refusal) => panic!("{}: {refusal}", file.display()),
    }
}

/// The page's CommonMark HTML with whitespace collapsed: runs become one
/// space, and whitespace next to a tag goes (link-text padding, the
/// newlines between blocks).
fn html_meaning(markdown: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, Options::empty()));
    let collapsed = out.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    let tight = collapsed.replace("> ", ">").replace(" <", "<");
    // The source heading's number agrees with the list's on purpose.
    pad_dates(&tight).replace("<h3>Sources:</h3>", "<h3>Source:</h3>")
}

/// `>1999-01-1<` → `>1999-01-01<`: the canonical form pads date text on
/// purpose.
fn pad_dates(html: &str) -> String {
    html.split('>')
        .map(|piece| {
            let (text, rest) = piece.split_once('<').unwrap_or((piece, ""));
            let parts: Vec<&str> = text.split('-').collect();
            let is_date = parts.len() == 3
                && parts[0].len() == 4
                && parts.iter().all(|p| {
                    !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())
                });
            if is_date && piece.contains('<') {
                format!("{}-{:0>2}-{:0>2}<{rest}", parts[0], parts[1], parts[2])
            } else {
                piece.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(">")
}

/// The model's dump with every whitespace run collapsed (escaped line
/// breaks included): an independent statement of "equal up to whitespace".
fn modulo_whitespace(document: &Document) -> String {
    let dump = format!("{document:?}")
        .replace("\\n", " ")
        .replace("\\t", " ");
    let collapsed = dump.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace("\" ", "\"").replace(" \"", "\"")
}

#[test]
fn fmt_is_idempotent_lossless_and_keeps_the_rendered_meaning() {
    for style in Style::ALL {
        each_page_formats_safely(style);
    }
}

fn each_page_formats_safely(style: Style) {
    let mut formatted = 0;
    let mut changed = 0;
    for page in pages() {
        let bytes = std::fs::read(&page).unwrap();
        let name = page.display();
        let fmt = |bytes: &[u8], page: &Path, fixes: &[Fix]| fmt_in(bytes, page, fixes, style);
        let Some(once) = fmt(&bytes, &page, &[]) else {
            assert!(matches!(
                parse_bytes(&bytes, Some(&page)).document,
                Document::NotEvent(_)
            ));
            continue;
        };
        formatted += 1;
        changed += usize::from(once.as_bytes() != bytes);

        // Idempotence, byte for byte.
        let twice = fmt(once.as_bytes(), &page, &[]).unwrap();
        assert_eq!(twice, once, "{name}: fmt(fmt(x)) != fmt(x)");

        // Lossless: parse(fmt(x)) == parse(x), exactly; the parser reads
        // pages straight into the canonical model.
        let before = parse_bytes(&bytes, Some(&page));
        let after = parse_bytes(once.as_bytes(), Some(&page));
        assert!(!after.has_errors(), "{name}: {:?}", after.diagnostics);
        assert_eq!(
            after.document, before.document,
            "{name}: parse(fmt(x)) != parse(x)"
        );
        assert_eq!(
            canonical_model(&before.document),
            before.document,
            "{name}: the parsed model is not canonical"
        );
        assert_eq!(
            modulo_whitespace(&after.document),
            modulo_whitespace(&before.document),
            "{name}: the model changed beyond whitespace"
        );

        // The rendered meaning.
        let original = String::from_utf8(bytes.clone()).unwrap();
        let (a, b) = (html_meaning(&original), html_meaning(&once));
        if a != b {
            let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            let around = |s: &str| {
                let start = (0..=at.saturating_sub(60))
                    .rev()
                    .find(|&i| s.is_char_boundary(i));
                let end = (at + 60..=s.len()).find(|&i| s.is_char_boundary(i));
                s[start.unwrap_or(0)..end.unwrap_or(s.len())].to_string()
            };
            panic!(
                "{name}: the HTML changed at byte {at}:\n  before: {}\n  after:  {}",
                around(&a),
                around(&b)
            );
        }

        // The canonical text shape.
        assert!(once.ends_with('\n') && !once.contains('\r'), "{name}");
        if style == Style::Compact {
            assert!(
                !once.ends_with("\n\n") && !once.contains("\n\n\n"),
                "{name}"
            );
            assert!(
                once.lines().all(|l| l == l.trim_end()),
                "{name}: trailing whitespace"
            );
        } else {
            assert!(
                !once.contains("\n\n\n\n\n\n"),
                "{name}: the site writes four blank lines at most"
            );
        }
        let edition = document_edition(&after.document);
        assert_eq!(
            render_styled(&after.document, edition, style),
            once,
            "{name}: render(parse) differs"
        );
    }
    eprintln!("fmt over the corpus in {style}: {formatted} pages formatted, {changed} changed");
    assert!(formatted >= 90 && changed > 0);
}

#[test]
fn fixes_are_idempotent_and_change_only_what_they_name() {
    let mut totals = [0usize; 3];
    for page in pages() {
        let bytes = std::fs::read(&page).unwrap();
        let name = page.display();
        let Ok(Outcome::Formatted { output, fixes, .. }) =
            format_bytes(&bytes, Some(&page), &Fix::ALL)
        else {
            continue;
        };
        for (total, fix) in totals.iter_mut().zip(Fix::ALL) {
            *total += fixes.count(fix);
        }
        let again = fmt(output.as_bytes(), &page, &Fix::ALL).unwrap();
        assert_eq!(again, output, "{name}: fixes are not idempotent");
        // Without fixes, the fixed output is already canonical.
        assert_eq!(
            fmt(output.as_bytes(), &page, &[]).unwrap(),
            output,
            "{name}"
        );

        // Each fix alone leaves what it does not name.
        let entities = fmt(&bytes, &page, &[Fix::Entities]).unwrap();
        for entity in ["&quot;", "&#39;", "&#039;", "&amp;", "&hellip;", "&apos;"] {
            assert!(!entities.contains(entity), "{name}: {entity} left");
        }
        let wiki = fmt(&bytes, &page, &[Fix::Wiki]).unwrap();
        assert!(!wiki.contains("{{Nowrap|"), "{name}");
        let plain = fmt(&bytes, &page, &[]).unwrap();
        if fixes.wiki == 0 {
            assert_eq!(wiki, plain, "{name}: wiki changed a page without residue");
        }
        if fixes.unbalanced_quotes.is_empty() && wiki.contains("''") {
            panic!("{name}: balanced '' left");
        }
    }
    eprintln!(
        "fixes over the corpus: entities {}, wiki {}, spaces {}",
        totals[0], totals[1], totals[2]
    );
    // Runs of spaces in headings and link text are markup, collapsed by the
    // canonical form itself; no summary in the corpus has one.
    assert!(totals[0] > 0 && totals[1] > 0, "{totals:?}");
    assert_eq!(totals[2], 0, "{totals:?}");
}

#[test]
fn canonical_pages_snapshot() {
    for (name, path) in [
        ("seed", "tests/corpus/seed/000_c9a94dbc7f91e72e.txt"),
        (
            "event_with_formats_and_category",
            "tests/corpus/thecontext/news/1999/01/1/the-euro-currency-is-introduced.md",
        ),
        (
            "event_with_changes",
            "tests/corpus/thecontext/news/2017/06/19/personal-information-of-about-200-million-u-s-citizens-has-been-exposed-on-the-internet-since-january-when-unsecured-files-were-uploaded-b.md",
        ),
        ("day_with_categories", "tests/corpus/thecontext/news/2014/07/17/README.md"),
        ("front_page", "tests/corpus/thecontext/index.md"),
    ] {
        let path = Path::new(path);
        let bytes = std::fs::read(path).unwrap();
        let output = fmt_in(&bytes, path, &[], Style::Compact).unwrap();
        insta::assert_snapshot!(name, output);
        let output = fmt_in(&bytes, path, &[], Style::Site).unwrap();
        insta::assert_snapshot!(format!("site_{name}"), output);
    }
}

#[test]
fn fixes_snapshot() {
    let path = Path::new("tests/corpus/thecontext/news/2009/06/25/README.md");
    let output = fmt_in(
        &std::fs::read(path).unwrap(),
        path,
        &Fix::ALL,
        Style::Compact,
    )
    .unwrap();
    insta::assert_snapshot!("day_with_all_fixes", output);
}

#[test]
fn events_written_as_their_own_pages_read_back() {
    use currents::formats::{MarkdownWriter, Writer};
    let mut checked = 0;
    for page in pages() {
        let bytes = std::fs::read(&page).unwrap();
        let parsed = parse_bytes(&bytes, Some(&page));
        for event in parsed.document.events() {
            let mut out = Vec::new();
            let mut writer = MarkdownWriter::new(&mut out);
            writer.write_event(event).unwrap();
            writer.finish().unwrap();
            let text = String::from_utf8(out).unwrap();
            if let Document::Event(_) = &parsed.document {
                assert_eq!(
                    text,
                    render(&canonical_model(&parsed.document)),
                    "{}",
                    page.display()
                );
            }
            let back = currents::parse_str(&text);
            assert!(
                !back.has_errors(),
                "{}: {:?}",
                page.display(),
                back.diagnostics
            );
            let Document::Event(read) = back.document else {
                panic!("{}: not an event page:\n{text}", page.display())
            };
            let squash = |s: &str| s.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(read.date, event.date);
            assert_eq!(read.headline, squash(&event.headline));
            assert_eq!(
                read.category.as_deref().map(squash),
                event.category.as_deref().map(squash)
            );
            assert_eq!(
                read.summary.as_deref().map(squash),
                event.summary.as_deref().map(squash),
                "{}",
                page.display()
            );
            assert_eq!(read.sources, event.sources);
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
}

/// Markup-only damage to a page formats back to the same canonical bytes.
#[test]
fn markup_noise_formats_to_the_same_bytes() {
    let mut compared = 0;
    for page in pages() {
        let bytes = std::fs::read(&page).unwrap();
        let Some(want) = fmt(&bytes, &page, &[]) else {
            continue;
        };
        let text = String::from_utf8(bytes).unwrap();
        let noisy: [(&str, String); 4] = [
            ("crlf", text.replace('\n', "\r\n")),
            ("no final newline", text.trim_end().to_string()),
            (
                "trailing spaces",
                text.lines()
                    .map(|l| format!("{l} \t"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            (
                "extra blank lines",
                format!("\n\n{}\n\n\n", text.replace("\n\n", "\n\n\n\n")),
            ),
        ];
        for (what, noisy) in noisy {
            let got = fmt(noisy.as_bytes(), &page, &[]).unwrap();
            assert_eq!(got, want, "{}: {what}", page.display());
            compared += 1;
        }
    }
    assert!(compared > 300, "{compared}");
}
