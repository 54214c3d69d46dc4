//! Several pages in one markdown file, as `convert --to md` writes them
//! when it writes more than one: each page after a marker line naming its
//! site path, so that reading the file gives back each page as it was,
//! path (and so id) included.

use std::io::{BufRead, Read};

use crate::input::Input;
use crate::model::Document;

/// How every marker line starts: `<!-- currents: page /news/…/x.md -->`.
const MARKER: &str = "<!-- currents: page";
const MARKER_END: &str = "-->";

/// What a page's text does not hold: its site path, its event's id when
/// not the one the path gives (older slugs, the id ledger), and whether
/// the event had no date link (its page links the day's all the same).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageFacts<'a> {
    pub path: Option<&'a str>,
    pub id: Option<&'a str>,
    pub no_date_link: bool,
}

impl<'a> PageFacts<'a> {
    /// A page's facts, from its model.
    pub(crate) fn of(document: &'a Document) -> Self {
        match document {
            Document::Event(event) => PageFacts {
                path: event.path.as_deref(),
                id: event.id.as_deref(),
                no_date_link: event.date_link.is_none(),
            },
            Document::Day(day) => PageFacts {
                path: day.path.as_deref(),
                ..PageFacts::default()
            },
            Document::FrontPage(front) => PageFacts {
                path: front.path.as_deref(),
                ..PageFacts::default()
            },
            Document::NotEvent(_) => PageFacts::default(),
        }
    }

    /// Gives a page read back the facts its text does not hold.
    pub(crate) fn apply(&self, document: &mut Document) {
        if let Document::Event(event) = document {
            if let Some(id) = self.id {
                crate::identity::keep_id(event, id.to_string());
            }
            if self.no_date_link {
                event.date_link = None;
            }
        }
    }
}

/// The marker line before a page: `<!-- currents: page PATH [id ID]
/// [date-link none] -->`, `-` for no path. A value that cannot sit in the
/// line is left out (the page's own check then refuses it, since it would
/// not read back the same).
pub(crate) fn marker(facts: &PageFacts<'_>) -> String {
    let word =
        |w: &&str| !w.is_empty() && !w.contains(MARKER_END) && !w.contains(char::is_whitespace);
    let mut line = format!("{MARKER} {}", facts.path.filter(word).unwrap_or("-"));
    if let Some(id) = facts.id.filter(word) {
        line.push_str(" id ");
        line.push_str(id);
    }
    if facts.no_date_link {
        line.push_str(" date-link none");
    }
    line.push(' ');
    line.push_str(MARKER_END);
    line
}

/// True when `line` is a marker line (what the reader splits at).
pub(crate) fn is_marker(line: &str) -> bool {
    line.starts_with(MARKER) && line.trim_end().ends_with(MARKER_END)
}

/// True when a file's first bytes are those of several pages.
pub(crate) fn is_page_stream(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.starts_with(MARKER.as_bytes())
}

/// True when the input holds several pages: its first bytes are read
/// (stdin's peeked), which costs one small read per markdown file.
pub(crate) fn is_page_stream_input(input: &Input) -> bool {
    match input {
        Input::Stdin => {
            let mut stdin = std::io::stdin().lock();
            stdin.fill_buf().is_ok_and(is_page_stream)
        }
        Input::File(path) => {
            let mut head = [0u8; MARKER.len() + 3];
            let Ok(file) = std::fs::File::open(path) else {
                return false;
            };
            let mut read = 0;
            let mut file = file.take(head.len() as u64);
            while let Ok(n @ 1..) = file.read(&mut head[read..]) {
                read += n;
            }
            is_page_stream(&head[..read])
        }
    }
}

/// One page of a stream: its marker's facts, the line it starts on
/// (1-based) and its text.
pub(crate) struct StreamPage<'a> {
    pub facts: PageFacts<'a>,
    pub first_line: usize,
    pub text: &'a str,
}

/// The pages of a stream, split at its marker lines.
pub(crate) fn split(text: &str) -> Vec<StreamPage<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut pages: Vec<StreamPage<'_>> = Vec::new();
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        if !is_marker(line.trim_end_matches(['\n', '\r'])) {
            continue;
        }
        if let Some(last) = pages.last_mut() {
            let begin = last.text.as_ptr() as usize - text.as_ptr() as usize;
            last.text = &text[begin..start];
        }
        let mut words = line.trim_end()[MARKER.len()..]
            .trim_end_matches(MARKER_END)
            .split_whitespace();
        let mut facts = PageFacts {
            path: words.next().filter(|p| *p != "-"),
            ..PageFacts::default()
        };
        while let (Some(key), Some(value)) = (words.next(), words.next()) {
            match key {
                "id" => facts.id = Some(value),
                "date-link" => facts.no_date_link = value == "none",
                _ => {}
            }
        }
        pages.push(StreamPage {
            facts,
            first_line: number + 2,
            text: &text[offset..],
        });
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_marker_lines_keeping_paths() {
        let facts = PageFacts {
            path: Some("/news/2017/06/19/a.md"),
            id: Some("/news/x"),
            no_date_link: true,
        };
        let text = format!(
            "{}\n# A\n\n{}\n\n# B\n",
            marker(&facts),
            marker(&PageFacts::default())
        );
        assert!(is_page_stream(text.as_bytes()));
        let pages = split(&text);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].facts, facts);
        assert_eq!((pages[0].first_line, pages[0].text), (2, "# A\n\n"));
        assert_eq!(pages[1].facts, PageFacts::default());
        assert_eq!((pages[1].first_line, pages[1].text), (5, "\n# B\n"));
    }
}
