//! The whitespace rules shared by the parser and the markdown writer:
//! which spaces are markup (collapsed, trimmed) and which are text. The
//! parser applies them as it reads, so a page's model is already canonical
//! and `parse(fmt(x)) == parse(x)` holds exactly. Also the byte-class
//! scan that the parser's plain tail and the JSON writer share.

use std::borrow::Cow;

use chrono::NaiveDateTime;

/// Whether some byte of `bytes` is `special`. Fixed-size, branch-free
/// folds over 32-byte windows, the last one overlapping the one before
/// (a byte looked at twice changes nothing): the compiler makes them
/// vector code, if `special` is written with `|` of compares (`matches!`
/// over a byte becomes a bit test, which it does not vectorize).
pub(crate) fn any_byte(bytes: &[u8], special: impl Fn(u8) -> bool + Copy) -> bool {
    let any = |window: &[u8]| window.iter().fold(false, |any, &b| any | special(b));
    let len = bytes.len();
    if len < 32 {
        return any(bytes);
    }
    bytes.chunks_exact(32).any(any) || any(&bytes[len - 32..])
}

/// `str::trim`, answered from the two end bytes when neither can be
/// whitespace (most texts; the full trim decodes a char at each end).
pub(crate) fn trim(text: &str) -> &str {
    let solid = |byte: u8| (b'!'..0x80).contains(&byte);
    let bytes = text.as_bytes();
    if bytes.is_empty() || (solid(bytes[0]) && solid(bytes[bytes.len() - 1])) {
        return text;
    }
    text.trim()
}

/// Runs of ASCII whitespace become one space; ends are trimmed.
/// (No-break spaces are text, not markup, and stay.)
pub fn squash(text: &str) -> String {
    squash_cow(text).into_owned()
}

/// True when [`squash`] would give the text back unchanged.
pub fn is_squashed_text(text: &str) -> bool {
    matches!(squash_cow(text), Cow::Borrowed(kept) if kept.len() == text.len())
}

/// [`squash`], borrowing the (trimmed) text when it has no run to collapse.
pub fn squash_cow(text: &str) -> Cow<'_, str> {
    static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    let text = text.trim_ascii();
    let bytes = text.as_bytes();
    // Most text is canonical already: short texts (tags, names) are checked
    // a byte at a time, longer ones in branch-free windows.
    let clean = match bytes.len() {
        0..=WINDOW => is_squashed(bytes),
        _ => !may_need_squashing(bytes),
    };
    if clean {
        return Cow::Borrowed(text);
    }
    let end = bytes.len();
    let find = |found: Option<usize>, from: usize| found.map_or(end, |i| from + i);
    let controls = |from: usize| {
        let tail = &bytes[from..];
        let line = find(memchr::memchr3(b'\t', b'\n', b'\r', tail), from);
        line.min(find(memchr::memchr(b'\x0c', tail), from))
    };
    // Most text is already canonical and is copied once. Otherwise the
    // canonical stretches between irregular runs are copied whole; the
    // next control character is searched for again only once passed, so
    // the work stays linear however many runs there are.
    let mut out = String::new();
    let (mut start, mut next_control) = (0, controls(0));
    loop {
        if next_control < start {
            next_control = controls(start);
        }
        let double = find(DOUBLE_SPACE.find(&bytes[start..]), start);
        let irregular = next_control.min(double);
        if irregular == end {
            break;
        }
        // The whole whitespace run around it: inside the text, as its ends are trimmed.
        let mut run_start = irregular;
        while bytes[run_start - 1].is_ascii_whitespace() {
            run_start -= 1;
        }
        let mut run_end = irregular;
        while bytes[run_end].is_ascii_whitespace() {
            run_end += 1;
        }
        out.reserve(text.len());
        out.push_str(&text[start..run_start]);
        out.push(' ');
        start = run_end;
    }
    if start == 0 {
        // No run was found: the text is canonical as it is.
        return Cow::Borrowed(text);
    }
    out.push_str(&text[start..]);
    Cow::Owned(out)
}

/// Bytes looked at per step by [`may_need_squashing`].
const WINDOW: usize = 32;

/// False when `text` (at least [`WINDOW`] + 1 bytes) has no whitespace but
/// single spaces. Fixed-size, branch-free folds, which the compiler makes
/// vector code; windows may overlap, as a byte looked at twice changes
/// nothing.
fn may_need_squashing(text: &[u8]) -> bool {
    let irregular = |window: &[u8; WINDOW + 1]| {
        (0..WINDOW).fold(false, |any, i| {
            let (byte, next) = (window[i], window[i + 1]);
            any | matches!(byte, b'\t' | b'\n' | b'\r' | b'\x0c') | (byte == b' ' && next == b' ')
        })
    };
    let last = text.len() - (WINDOW + 1);
    (0..last)
        .step_by(WINDOW)
        .chain([last])
        .any(|start| irregular(text[start..=start + WINDOW].try_into().expect("a window")))
}

/// No whitespace but single spaces.
fn is_squashed(bytes: &[u8]) -> bool {
    let mut after_space = false;
    for &byte in bytes {
        match byte {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t' | b'\n' | b'\r' | b'\x0c' => return false,
            _ => after_space = false,
        }
    }
    true
}

pub fn tags(tags: &[String]) -> Vec<String> {
    tags.iter()
        .map(|t| squash(t))
        .filter(|t| !t.is_empty())
        .collect()
}

/// An event page's summary: paragraphs apart by one blank line, each line
/// trimmed; a hard break (two trailing spaces) becomes a trailing `\`.
pub fn event_summary(summary: &str) -> Option<String> {
    if is_one_clean_line(summary) {
        return Some(summary.to_string());
    }
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let lines: Vec<&str> = summary.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_matches(|c| c == ' ' || c == '\t');
        if trimmed.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
            continue;
        }
        let next_in_paragraph = lines
            .get(i + 1)
            .is_some_and(|l| !l.trim_matches(|c| c == ' ' || c == '\t').is_empty());
        let hard_break = next_in_paragraph && line.ends_with("  ") && !trimmed.ends_with('\\');
        let mut text = trimmed.to_string();
        if hard_break {
            text.push('\\');
        }
        current.push(text);
    }
    if !current.is_empty() {
        paragraphs.push(current.join("\n"));
    }
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// A day or opinion item's summary: trimmed lines, no blank ones.
pub fn item_summary(summary: &str) -> Option<String> {
    if is_one_clean_line(summary) {
        return Some(summary.to_string());
    }
    let lines: Vec<&str> = summary
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// An unknown section's body: no trailing whitespace (a hard break becomes
/// a trailing `\`), one blank line between blocks; fenced code is kept.
pub fn section_body(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let breaks = space_breaks(body);
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, raw) in lines.iter().enumerate() {
        let start = raw.trim_start();
        let opens_or_closes = ["```", "~~~"].into_iter().find(|m| start.starts_with(m));
        if fence.is_some() {
            if opens_or_closes.is_some() && opens_or_closes == fence {
                fence = None;
            }
            out.push(raw.trim_end().to_string());
            continue;
        }
        if let Some(marker) = opens_or_closes {
            fence = Some(marker);
            out.push(raw.trim_end().to_string());
            continue;
        }
        let line = raw.trim_end();
        if line.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        if breaks.binary_search(&i).is_ok() && !line.ends_with('\\') {
            out.push(format!("{line}\\"));
        } else {
            out.push(line.to_string());
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// The numbers (in order) of the lines of `body` that end in a hard break made of
/// trailing spaces, as markdown reads it: a line that only looks like one
/// (an empty list item `*   `, a heading) keeps its meaning.
fn space_breaks(body: &str) -> Vec<usize> {
    use pulldown_cmark::{Event, Options, Parser};
    let (mut breaks, mut line, mut counted) = (Vec::new(), 0, 0);
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        if event == Event::HardBreak && body[range.clone()].starts_with(' ') {
            // Breaks come in order: lines are counted once.
            line += memchr::memchr_iter(b'\n', &body.as_bytes()[counted..range.start]).count();
            counted = range.start;
            breaks.push(line);
        }
    }
    breaks
}

/// The inside of `(…)` when the first `(` is closed by the last `)`.
pub fn unwrap_parens(text: &str) -> Option<&str> {
    let inside = text.strip_prefix('(')?.strip_suffix(')')?;
    let mut depth = 1usize;
    for c in inside.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    (depth == 1).then_some(inside)
}

/// Non-empty, one line, no space or tab at either end: nothing to normalise.
fn is_one_clean_line(text: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c != ' ' && c != '\t');
    edge(text.chars().next()) && edge(text.chars().next_back()) && !text.contains(['\n', '\r'])
}

/// A revision note `_2018-02-06 13:49:30 (Update)_` or `_(Current version)_`.
pub fn revision_note(text: &str) -> (Option<NaiveDateTime>, Option<String>) {
    let inner = text.trim();
    let inner = inner
        .strip_prefix('_')
        .and_then(|s| s.strip_suffix('_'))
        .unwrap_or(inner)
        .trim();
    if inner.is_empty() {
        return (None, None);
    }
    let stamp = inner
        .get(..19)
        .and_then(|s| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok());
    match (stamp, inner.get(19..)) {
        (Some(stamp), Some("")) => (Some(stamp), None),
        (Some(stamp), Some(rest)) => {
            match rest.strip_prefix(" (").and_then(|r| r.strip_suffix(')')) {
                Some(label) => (Some(stamp), Some(label.to_string())),
                None => (None, Some(inner.to_string())),
            }
        }
        // Not a timestamp: a `(label)`, or the whole note as the label.
        _ => (
            None,
            Some(unwrap_parens(inner).unwrap_or(inner).to_string()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_bodies_mark_only_real_hard_breaks() {
        assert_eq!(section_body("a  \nb  \n\nc"), "a\\\nb\n\nc");
        // Found by fuzzing: an empty list item after a heading is no hard
        // break; `*\` would be a paragraph, and the fence below it would
        // then swallow the rest of the page.
        let body = "# H\n*     \n  ~~~~~~x~~~ d.\n\n\ny";
        assert_eq!(section_body(body), "# H\n*\n  ~~~~~~x~~~ d.\n\n\ny");
        assert_eq!(section_body("## Heading  \ntext"), "## Heading\ntext");
    }

    #[test]
    fn squash_is_split_and_join_on_any_text() {
        use proptest::prelude::*;
        // Up to 150 characters: both the short-text and the search paths.
        proptest!(|(text in "[ a\t\n\r\x0b\x0c\u{a0}é]{0,40}|[ab ]{0,150}|[ab \t]{60,150}")| {
            let words: Vec<&str> = text.split_ascii_whitespace().collect();
            prop_assert_eq!(squash(&text), words.join(" "));
            prop_assert_eq!(is_squashed_text(&text), text == words.join(" "));
        });
    }

    #[test]
    fn a_double_space_or_control_anywhere_in_or_across_words_is_found() {
        // Both the byte loop and the windows, at and around their edges.
        let clean = |text: &[u8]| is_squashed_text(std::str::from_utf8(text).unwrap());
        for len in 3..100 {
            for at in 1..len - 2 {
                let mut text = vec![b'a'; len];
                text[at] = b' ';
                assert!(clean(&text), "{len} {at}");
                text[at + 1] = b' ';
                assert!(!clean(&text), "{len} {at}");
                for control in [b'\t', b'\n', b'\r', b'\x0c'] {
                    text[at + 1] = control;
                    assert!(!clean(&text), "{len} {at} {control}");
                }
                text[at + 1] = 0x0b;
                assert!(clean(&text), "{len} {at}");
            }
        }
    }

    #[test]
    fn trim_is_str_trim() {
        use proptest::prelude::*;
        proptest!(|(text in "[ a!~\x7f\t\n\x0b\x0c\u{85}\u{a0}\u{3000}é]{0,6}")| {
            prop_assert_eq!(trim(&text), text.trim());
        });
    }

    #[test]
    fn squash_collapses_markup_whitespace_only() {
        assert_eq!(squash("  a  b\tc\nd "), "a b c d");
        assert_eq!(squash("already clean"), "already clean");
        assert_eq!(squash("no\u{a0}break"), "no\u{a0}break");
        assert_eq!(squash(" \t "), "");
    }

    #[test]
    fn clean_lines_pass_through_summaries() {
        assert_eq!(event_summary("One line.").as_deref(), Some("One line."));
        assert_eq!(item_summary("One line.").as_deref(), Some("One line."));
        assert_eq!(event_summary(" padded ").as_deref(), Some("padded"));
        assert_eq!(item_summary("a\n\nb").as_deref(), Some("a\nb"));
        assert_eq!(event_summary(""), None);
    }
}
