//! The end of a page read without pulldown-cmark, into the same blocks.
//!
//! Most of a page's bytes are its last sections: `###` titles over lists of
//! `[text](url)` items. pulldown-cmark spends most of its time on exactly
//! those (trying each item that starts with `[` as a reference definition,
//! scanning its label again as a link, unescaping its destination), while
//! the blocks keep only where things are. From the first title after which
//! every line is a plain title, list item, rule or blank line, the page is
//! read here in one pass; everything before goes to pulldown-cmark as it
//! would. It pays (BENCHMARKS.md, round 11): on the 2,000-page subset,
//! `convert --to jsonl -j 1` ran 485 M instructions, 328 M of them in
//! pulldown-cmark; now 227 M, 46 M in pulldown-cmark and 42 M here. The
//! corpus's pages hand 59% of their bytes (137 pages of 151) to this reader.
//!
//! Why the result is pulldown-cmark's: a title at column 0 ends every open
//! block (it interrupts paragraphs, so it is never a lazy line), unless a
//! fenced code or HTML block is open, and the part before is only split off
//! when it holds no fence, no `<` and no `]:` (so no reference definition
//! is cut off from where it could be used; the tail's own brackets are all
//! inline links, which definitions do not change). The tail is read by a
//! grammar that leaves out whatever could mean more than its place: no
//! backslash, code span, HTML, image, nested or unclosed bracket, tab,
//! loose list, or item that opens another block. Anything else ends the
//! tail there, and the next title may start it again. A test compares the
//! two readers on every corpus page and on generated pages.

use std::ops::Range;

use pulldown_cmark::CowStr;
use smallvec::SmallVec;

use super::blocks::{item_number, Block, BlockKind, Inline, InlineLink, Item};
use crate::text::any_byte;

/// Where the plain tail of `src` starts (`src.len()` if it has none), and
/// its blocks: the lines after the tail's first title.
pub(super) fn split(src: &str) -> (usize, Vec<Block<'_>>) {
    let mut reader = TailReader {
        src,
        blocks: Vec::new(),
        list: None,
        after_blank: false,
    };
    let mut at = 0;
    while at < src.len() {
        let end = memchr::memchr(b'\n', &src.as_bytes()[at..]).map_or(src.len(), |i| at + i);
        let next = (end + 1).min(src.len());
        if reader.line(at, end, next).is_none() {
            reader.restart();
        }
        at = next;
    }
    reader.close_list(src.len());
    reader.settle()
}

/// A list marker: the bullet, or an ordered list's delimiter.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Marker {
    ordered: bool,
    byte: u8,
}

/// One line of the tail.
enum Line<'s> {
    Blank,
    Heading(u8, Inline<'s>),
    Rule,
    Item(Marker, Inline<'s>),
}

struct TailReader<'s> {
    src: &'s str,
    /// The tail so far: empty while none is open, else from its first title.
    blocks: Vec<Block<'s>>,
    /// The open list's marker (the list is `blocks`' last).
    list: Option<Marker>,
    /// A blank line came since the open list's last item.
    after_blank: bool,
}

impl<'s> TailReader<'s> {
    /// Reads the line `at..end` (`next` starts the next one); `None` when it
    /// ends the tail.
    fn line(&mut self, at: usize, end: usize, next: usize) -> Option<()> {
        match classify(self.src, at, end)? {
            Line::Blank => self.after_blank = self.list.is_some(),
            Line::Heading(level, inline) => {
                self.close_list(at);
                self.push(BlockKind::Heading(level), at..next, inline);
            }
            // Only a title opens a tail.
            _ if self.blocks.is_empty() => return None,
            Line::Rule => {
                self.close_list(at);
                self.push(BlockKind::Rule, at..next, Inline::default());
            }
            Line::Item(marker, inline) => self.item(marker, at, next, inline)?,
        }
        Some(())
    }

    fn item(&mut self, marker: Marker, at: usize, next: usize, inline: Inline<'s>) -> Option<()> {
        match self.list {
            // A blank line between items makes the list loose.
            Some(_) if self.after_blank => return None,
            Some(open) if open == marker => self.end_item(at),
            _ => {
                self.close_list(at);
                self.push(
                    BlockKind::List {
                        ordered: marker.ordered,
                    },
                    at..next,
                    Inline::default(),
                );
                self.list = Some(marker);
            }
        }
        let list = self.blocks.last_mut().expect("the list was just opened");
        list.items.push(Item {
            range: at..next,
            number: item_number(&self.src[at..next]),
            inline,
            complex: false,
        });
        Some(())
    }

    /// An item runs up to the next line that is not blank.
    fn end_item(&mut self, at: usize) {
        if let Some(list) = self.blocks.last_mut() {
            if let Some(item) = list.items.last_mut() {
                item.range.end = at;
            }
            list.range.end = at;
        }
    }

    fn close_list(&mut self, at: usize) {
        if self.list.take().is_some() {
            self.end_item(at);
        }
        self.after_blank = false;
    }

    fn push(&mut self, kind: BlockKind, range: Range<usize>, inline: Inline<'s>) {
        self.blocks.push(Block {
            kind,
            range,
            inline,
            items: Vec::new(),
        });
    }

    fn restart(&mut self) {
        self.blocks.clear();
        self.list = None;
        self.after_blank = false;
    }

    /// The tail, if nothing before it could reach into it (an open fence
    /// or HTML block, a reference definition). Its first title goes to
    /// pulldown-cmark with the part before, so that this part ends as it
    /// does in the whole page (an empty last item, say, ends before its
    /// line break when a title follows, after it at the end of the input).
    fn settle(mut self) -> (usize, Vec<Block<'s>>) {
        let Some(start) = self.blocks.first().map(|title| title.range.start) else {
            return (self.src.len(), Vec::new());
        };
        if may_reach_on(&self.src.as_bytes()[..start]) {
            return (self.src.len(), Vec::new());
        }
        let first_title = self.blocks.remove(0);
        (first_title.range.end, self.blocks)
    }
}

/// `head` holds something that could change how what follows it reads.
fn may_reach_on(head: &[u8]) -> bool {
    let found = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
    memchr::memchr(b'<', head).is_some() || found(b"```") || found(b"~~~") || found(b"]:")
}

fn classify(src: &str, at: usize, end: usize) -> Option<Line<'_>> {
    let line = &src.as_bytes()[at..end];
    match line.first() {
        None => Some(Line::Blank),
        Some(b' ') if line.iter().all(|&b| b == b' ') => Some(Line::Blank),
        Some(b'#') => heading(src, at, end),
        Some(b'-') if is_rule(line) => Some(Line::Rule),
        Some(&byte @ (b'-' | b'*' | b'+')) => item(
            src,
            at + 1,
            end,
            Marker {
                ordered: false,
                byte,
            },
        ),
        Some(b'0'..=b'9') => {
            let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
            let delimiter = *line.get(digits)?;
            if digits > 9 || !matches!(delimiter, b'.' | b')') {
                return None;
            }
            let marker = Marker {
                ordered: true,
                byte: delimiter,
            };
            item(src, at + digits + 1, end, marker)
        }
        _ => None,
    }
}

/// `---`, dashes only, then spaces at most.
fn is_rule(line: &[u8]) -> bool {
    let dashes = line.iter().take_while(|&&b| b == b'-').count();
    dashes >= 3 && line[dashes..].iter().all(|&b| b == b' ')
}

/// `#` to `######`, a space, then plain text (no closing `#`s).
fn heading(src: &str, at: usize, end: usize) -> Option<Line<'_>> {
    let line = &src.as_bytes()[at..end];
    let level = line.iter().take_while(|&&b| b == b'#').count();
    if level > 6 || line.get(level) != Some(&b' ') {
        return None;
    }
    let (from, to) = trimmed(src, at + level, end)?;
    if src.as_bytes()[to - 1] == b'#' {
        return None;
    }
    Some(Line::Heading(level as u8, inline(src, from, to)?))
}

/// A list item: the marker (up to `at`), one space, then plain text that
/// starts no block of its own.
fn item(src: &str, at: usize, end: usize, marker: Marker) -> Option<Line<'_>> {
    let bytes = src.as_bytes();
    if bytes.get(at) != Some(&b' ') {
        return None;
    }
    let first = *bytes.get(at + 1)?;
    if !(first == b'[' || first == b'"' || first.is_ascii_alphabetic() || first >= 0x80) {
        return None;
    }
    let (from, to) = trimmed(src, at + 1, end)?;
    Some(Line::Item(marker, inline(src, from, to)?))
}

/// `at..end` without its spaces at either end; `None` if nothing is left.
fn trimmed(src: &str, at: usize, end: usize) -> Option<(usize, usize)> {
    let bytes = &src.as_bytes()[at..end];
    let from = bytes.iter().position(|&b| b != b' ')?;
    let to = bytes.iter().rposition(|&b| b != b' ')? + 1;
    Some((at + from, at + to))
}

/// Text with inline links, `from..to` (trimmed); `None` if it holds
/// anything whose meaning reaches past its bytes.
fn inline(src: &str, from: usize, to: usize) -> Option<Inline<'_>> {
    let bytes = &src.as_bytes()[..to];
    let mut links = SmallVec::new();
    let mut at = from;
    while let Some(open) = memchr::memchr(b'[', &bytes[at..]).map(|i| at + i) {
        let image = open > from && bytes[open - 1] == b'!';
        if image || any_byte(&bytes[at..open], special_in_text) {
            return None;
        }
        let link = link(src, open, to)?;
        at = link.range.end;
        links.push(link);
    }
    if any_byte(&bytes[at..], special_in_text) {
        return None;
    }
    Some(Inline {
        range: Some(from..to),
        links,
    })
}

/// `[text](url)` at `at`, both plain, before `to`.
fn link(src: &str, at: usize, to: usize) -> Option<InlineLink<'_>> {
    let bytes = &src.as_bytes()[..to];
    let close = at + 1 + memchr::memchr(b']', &bytes[at + 1..])?;
    if any_byte(&bytes[at + 1..close], special_in_label) || bytes.get(close + 1) != Some(&b'(') {
        return None;
    }
    let url_start = close + 2;
    let url_end = url_start + memchr::memchr(b')', &bytes[url_start..])?;
    let url = &bytes[url_start..url_end];
    if url.is_empty() || any_byte(url, special_in_url) {
        return None;
    }
    Some(InlineLink {
        range: at..url_end + 1,
        text: (close > at + 1).then_some(at + 1..close),
        url: CowStr::Borrowed(&src[url_start..url_end]),
    })
}

// Written with `|`, not `||` or `matches!`, so that `any_byte` makes
// vector code of them.

fn special_in_text(byte: u8) -> bool {
    (byte < 0x20) | (byte == b']') | (byte == b'\\') | (byte == b'`') | (byte == b'<')
}

fn special_in_label(byte: u8) -> bool {
    (byte < 0x20) | (byte == b'[') | (byte == b'\\') | (byte == b'`') | (byte == b'<')
}

/// Spaces end a destination; the rest would need unescaping or balancing.
fn special_in_url(byte: u8) -> bool {
    (byte <= b' ') | (byte == b'(') | (byte == b'<') | (byte == b'\\') | (byte == b'&')
}

#[cfg(test)]
mod tests {
    use super::super::blocks::{blocks, blocks_by_pulldown};
    use proptest::prelude::*;

    fn same_as_pulldown(src: &str) {
        assert_eq!(blocks(src), blocks_by_pulldown(src), "{src:?}");
    }

    #[test]
    fn the_corpus_reads_as_pulldown_cmark_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut pages = 0;
        let mut with_tail = 0;
        for folder in ["tests/corpus", "samples"] {
            for entry in walk(&root.join(folder)) {
                let Ok(text) = std::fs::read_to_string(&entry) else {
                    continue;
                };
                same_as_pulldown(&text);
                pages += 1;
                with_tail += usize::from(super::split(&text).0 < text.len());
            }
        }
        assert!(pages > 150, "{pages} pages");
        // Most pages end in plain sections: the fast path is taken.
        assert!(with_tail * 2 > pages, "{with_tail} of {pages}");
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
        out
    }

    #[test]
    fn a_page_ending_in_titles_and_lists() {
        let src = "# H\n\npara\n\n### Related:\n\n1. [a b](/x.md) _Context: q_  \n\
                   2. [c](y) *z*\n3. [](y) w\n\n\n### Changes:\n\n- [d](z)\n\n";
        let title = "### Related:\n";
        assert_eq!(super::split(src).0, src.find(title).unwrap() + title.len());
        same_as_pulldown(src);
    }

    #[test]
    fn what_could_reach_into_the_tail_keeps_it_with_pulldown_cmark() {
        for head in [
            "```\n",
            "<!--\n",
            "<div>\n",
            "[x]: /u\n\n",
            "[x]:\n/u\n",
            "~~~ md\n",
        ] {
            let src = format!("{head}### T\n- [x]\n- [a](b)\n\n### U\n1. [c](d)\n");
            same_as_pulldown(&src);
            let src = format!("{head}### T\n- [a](b)\n");
            same_as_pulldown(&src);
            assert_eq!(super::split(&src).0, src.len(), "{src:?}");
        }
    }

    #[test]
    fn lines_outside_the_grammar_end_the_tail() {
        for line in [
            "1. [a]",
            "1. [a] (b)",
            "1. [a](b c)",
            "1. [a](<b>)",
            "1. [a\\]](b)",
            "1. ![a](b)",
            "1. `[a](b)`",
            "1.  [a](b)",
            "1. - [a](b)",
            "1. # x",
            "   - [a](b)",
            "\t- [a](b)",
            "####### x",
            "### x ##",
            "#x",
            "***",
            "- [a](b)\n\n- [c](d)",
            "1. [a](b)\n\n2. [c](d)",
            "x",
            "  x",
            "1234567890. x",
        ] {
            let src = format!("### T\n{line}\n### U\n- [e](f)\n");
            same_as_pulldown(&src);
            // HTML may open a block that only pulldown-cmark knows the end of.
            let start = if line.contains('<') {
                src.len()
            } else {
                src.find("- [e]").unwrap()
            };
            assert_eq!(super::split(&src).0, start, "{line:?}");
        }
    }

    #[test]
    fn spaces_other_than_ascii_are_text() {
        for space in ["\u{a0}", "\u{3000}", "\u{2003}", "\u{2028}", "\u{feff}"] {
            let src = format!(
                "### T\n### U{space}\n1. [{space}a{space}](/x){space}\n- b{space} [c](d){space}\n"
            );
            same_as_pulldown(&src);
            assert!(super::split(&src).0 < src.len(), "{space:?}");
        }
    }

    #[test]
    fn labels_longer_than_a_reference_label_may_be() {
        let label = "word ".repeat(400);
        let src = format!("### T\n1. [{label}](/x.md) _Context: a_\n2. [b](c)\n");
        same_as_pulldown(&src);
        assert!(super::split(&src).0 < src.len());
    }

    /// Lines built from the pieces the grammar knows, now and then with a
    /// piece just outside it.
    fn line() -> impl Strategy<Value = String> {
        let odd = "[\\]\\[\\\\`<!\t]";
        let token = prop_oneof![
            8 => "[a-c &*_\"'():#.,;é\u{a0}\u{3000}-]{1,6}".prop_map(|s| s),
            1 => Just("&amp;".to_string()),
            1 => Just("&#91;".to_string()),
            1 => Just("**".to_string()),
            1 => Just(" _Context: a_".to_string()),
            1 => odd.prop_map(|s| s),
        ];
        let text = prop::collection::vec(token.clone(), 0..4).prop_map(|t| t.concat());
        let url = prop_oneof![
            8 => "[a-z/.é_#?=%-]{1,8}".prop_map(|s| s),
            1 => "[a-z/()&<\\\\ ]{0,4}".prop_map(|s| s),
        ];
        let link = (text.clone(), url).prop_map(|(t, u)| format!("[{t}]({u})"));
        let inline = prop::collection::vec(prop_oneof![2 => text, 3 => link], 1..4)
            .prop_map(|parts| parts.concat());
        let marker = prop_oneof![
            4 => Just("1. "),
            3 => Just("- "),
            1 => Just("* "),
            1 => Just("+ "),
            1 => Just("2) "),
            1 => Just("10. "),
            1 => Just("-"),
            1 => Just("1.  "),
            1 => Just(" - "),
            1 => Just("1. - "),
            1 => Just("1. # "),
        ];
        prop_oneof![
            8 => (marker, inline.clone()).prop_map(|(m, i)| format!("{m}{i}")),
            3 => ("#{1,7}", "[ ]{0,2}", inline.clone(), "[ #]{0,2}")
                .prop_map(|(h, s, i, e)| format!("{h}{s}{i}{e}")),
            2 => "[ ]{0,3}".prop_map(|s| s),
            1 => "(---|- - -|___|\\*\\*\\*|----  |===)".prop_map(|s| s),
            1 => inline,
            1 => "(```|~~~|<!--|<div>|\\[x\\]: /u|\\[x\\]|    code)".prop_map(|s| s),
        ]
    }

    /// Lines of the shape the tail's grammar reads, now and then with a
    /// line from [`line`].
    fn tail_line() -> impl Strategy<Value = String> {
        let text = "[a-z &*_\"'():#.,;é\u{3000}\u{a0}-]{0,10}";
        let link = (text, "[a-z/.é_#?=%-]{1,8}").prop_map(|(t, u)| format!("[{t}]({u})"));
        let item = (
            prop_oneof![Just("1. "), Just("- "), Just("2) "), Just("* ")],
            link.clone(),
            prop_oneof![
                Just(""),
                Just(" _Context: a_"),
                Just(" *b* c  "),
                Just(" &amp; [d](e)")
            ],
        )
            .prop_map(|(m, l, rest)| format!("{m}{l}{rest}"));
        let title = ("#{2,4}", prop_oneof![Just("Related:".to_string()), link])
            .prop_map(|(h, t)| format!("{h} {t}"));
        prop_oneof![
            8 => item,
            2 => title,
            2 => "[ ]{0,2}".prop_map(|s| s),
            1 => Just("---".to_string()),
            1 => line(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn generated_pages_read_as_pulldown_cmark_reads_them(
            lines in prop::collection::vec(line(), 0..16),
            last_newline in any::<bool>(),
        ) {
            let mut src = lines.join("\n");
            if last_newline {
                src.push('\n');
            }
            same_as_pulldown(&src);
        }

        #[test]
        fn generated_tails_read_as_pulldown_cmark_reads_them(
            head in prop::collection::vec(line(), 0..4),
            tail in prop::collection::vec(tail_line(), 0..12),
            last_newline in any::<bool>(),
        ) {
            let mut src = head.join("\n");
            src.push_str("\n\n### Title\n");
            src.push_str(&tail.join("\n"));
            if last_newline {
                src.push('\n');
            }
            same_as_pulldown(&src);
        }
    }
}
