//! Why a page is not in canonical form: each difference between a page and
//! its formatted text named by a rule with a stable code, at the first
//! line it shows on. What `fmt --check` reports per file.

use std::fmt;

/// One kind of difference from the canonical form. The codes are stable:
/// CI configurations allow them by code or name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Rule {
    /// `\r\n` line endings.
    LineEndings,
    /// More than one space after a heading's `#`s (`#  Title`).
    HeadingSpaces,
    /// Spaces inside link text other than the form's (`[ Title ](…)`).
    LinkPadding,
    /// Runs of spaces inside text (`killed  and`).
    Spaces,
    /// List numbers that repeat or skip (`1.`, `1.`, `2.`).
    Numbering,
    /// Blank lines other than the form's.
    BlankLines,
    /// Trailing spaces other than the form's (`# Headline` without the
    /// site's space, spaces after a summary).
    TrailingSpaces,
    /// Date text padded otherwise (`2019-07-06` against `2019-07-6`).
    DatePadding,
    /// `### Source:` where the form writes `### Sources:`, or the reverse.
    SourceHeading,
    /// Anything else: text moved, re-indented, escaped or changed by a fix.
    Other,
}

impl Rule {
    /// Every rule, in code order.
    pub const ALL: [Rule; 10] = [
        Rule::LineEndings,
        Rule::HeadingSpaces,
        Rule::LinkPadding,
        Rule::Spaces,
        Rule::Numbering,
        Rule::BlankLines,
        Rule::TrailingSpaces,
        Rule::DatePadding,
        Rule::SourceHeading,
        Rule::Other,
    ];

    /// The stable code: `FMT001` …
    pub fn code(self) -> &'static str {
        match self {
            Rule::LineEndings => "FMT001",
            Rule::HeadingSpaces => "FMT002",
            Rule::LinkPadding => "FMT003",
            Rule::Spaces => "FMT004",
            Rule::Numbering => "FMT005",
            Rule::BlankLines => "FMT006",
            Rule::TrailingSpaces => "FMT007",
            Rule::DatePadding => "FMT008",
            Rule::SourceHeading => "FMT009",
            Rule::Other => "FMT010",
        }
    }

    /// The rule's name, e.g. `link-padding`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::LineEndings => "line-endings",
            Rule::HeadingSpaces => "heading-spaces",
            Rule::LinkPadding => "link-padding",
            Rule::Spaces => "spaces",
            Rule::Numbering => "numbering",
            Rule::BlankLines => "blank-lines",
            Rule::TrailingSpaces => "trailing-spaces",
            Rule::DatePadding => "date-padding",
            Rule::SourceHeading => "source-heading",
            Rule::Other => "other",
        }
    }

    /// What the rule finds, as a message.
    pub fn message(self) -> &'static str {
        match self {
            Rule::LineEndings => "CRLF line endings",
            Rule::HeadingSpaces => "more than one space after a heading's #",
            Rule::LinkPadding => "link text padded otherwise than the canonical form",
            Rule::Spaces => "a run of spaces inside text",
            Rule::Numbering => "list numbers repeat or skip",
            Rule::BlankLines => "blank lines differ from the canonical form",
            Rule::TrailingSpaces => "trailing spaces differ from the canonical form",
            Rule::DatePadding => "date text padded otherwise than the canonical form",
            Rule::SourceHeading => "the sources heading's word differs from the canonical form",
            Rule::Other => "the markup differs from the canonical form",
        }
    }

    /// The rule with this code or name (`FMT003`, `fmt003`, `link-padding`).
    pub fn find(text: &str) -> Option<Rule> {
        Rule::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(text) || r.name() == text)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule a page breaks, and the first line (1-based, in the page as it
/// is) where it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deviation {
    /// The rule.
    pub rule: Rule,
    /// The first line of the page where it shows.
    pub line: usize,
}

/// The rules `original` breaks against its formatted text, each once at
/// its first line, in code order. Empty when the two are equal.
///
/// ```
/// use currents::format::{deviations, Rule};
/// let found = deviations(b"#  A  b\r\n", "# A b \n");
/// let rules: Vec<Rule> = found.iter().map(|d| d.rule).collect();
/// assert_eq!(rules, [Rule::LineEndings, Rule::HeadingSpaces, Rule::Spaces, Rule::TrailingSpaces]);
/// ```
pub fn deviations(original: &[u8], formatted: &str) -> Vec<Deviation> {
    let text = String::from_utf8_lossy(original);
    let mut found = Found::default();
    if text != formatted {
        if let Some(at) = text.find('\r') {
            found.add(Rule::LineEndings, text[..at].matches('\n').count() + 1);
        }
        match text.contains('\r') {
            true => compare_lines(&text.replace('\r', ""), formatted, &mut found),
            false => compare_lines(&text, formatted, &mut found),
        }
        if found.0.is_empty() {
            found.add(Rule::Other, 1);
        }
    }
    let mut list = found.0;
    list.sort_by_key(|d| d.rule);
    list
}

#[derive(Default)]
struct Found(Vec<Deviation>);

impl Found {
    fn add(&mut self, rule: Rule, line: usize) {
        if !self.0.iter().any(|d| d.rule == rule) {
            self.0.push(Deviation { rule, line });
        }
    }
}

/// Lines with text, each with its 1-based line number and the count of
/// blank lines before it (and the blank lines at the end).
fn text_lines(text: &str) -> (Vec<(usize, usize, &str)>, usize) {
    let mut lines = Vec::new();
    let mut blanks = 0;
    for (i, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            blanks += 1;
        } else {
            lines.push((i + 1, blanks, line));
            blanks = 0;
        }
    }
    (lines, blanks)
}

/// Pairs the lines with text; the page's lines in order match the
/// formatted ones unless text moved (then: `Other` at the first change).
fn compare_lines(text: &str, formatted: &str, found: &mut Found) {
    let (before, end_before) = text_lines(text);
    let (after, end_after) = text_lines(formatted);
    if before.len() != after.len() {
        let at = before
            .iter()
            .zip(&after)
            .find(|(a, b)| a.2 != b.2)
            .map_or(before.last().map_or(1, |l| l.0), |(a, _)| a.0);
        found.add(Rule::Other, at);
        return;
    }
    for (a, b) in before.iter().zip(&after) {
        if a.1 != b.1 || (a.1 > 0 && a.2.is_empty()) {
            found.add(Rule::BlankLines, a.0.saturating_sub(a.1).max(1));
        }
        if a.2 != b.2 {
            compare_line(a.2, b.2, a.0, found);
        }
    }
    if end_before != end_after {
        found.add(Rule::BlankLines, text.split('\n').count());
    }
}

/// Names what differs between one line of the page and its formatted line.
fn compare_line(a: &str, b: &str, line: usize, found: &mut Found) {
    let mut named = Found::default();
    let found_here = &mut named;
    // `found` keeps each rule once; `named` is what this line shows.
    if list_number(a).is_some() && list_number(a) != list_number(b) {
        found_here.add(Rule::Numbering, line);
    }
    if heading_gap(a) > 1 && heading_gap(b) <= 1 {
        found_here.add(Rule::HeadingSpaces, line);
    }
    if trailing(a) != trailing(b) {
        found_here.add(Rule::TrailingSpaces, line);
    }
    if !link_padding(a).eq(link_padding(b)) {
        found_here.add(Rule::LinkPadding, line);
    }
    if a.contains("  ") && inner_runs(a) > inner_runs(b) {
        found_here.add(Rule::Spaces, line);
    }
    if a.starts_with("### Source") && b.starts_with("### Source") && a.trim() != b.trim() {
        found_here.add(Rule::SourceHeading, line);
    }
    let plain = same_but_whitespace(a, b);
    if !plain && dates(a) != dates(b) && pad_dates(a) == pad_dates(b) {
        found_here.add(Rule::DatePadding, line);
    }
    if (!plain && normalized(a) != normalized(b)) || named.0.is_empty() {
        named.add(Rule::Other, line);
    }
    for d in named.0 {
        found.add(d.rule, d.line);
    }
}

fn list_number(line: &str) -> Option<&str> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0 && line[digits..].starts_with(". ")).then(|| &line[..digits])
}

/// Spaces between a heading's `#`s and its text (0 for other lines).
fn heading_gap(line: &str) -> usize {
    let rest = line.trim_start_matches('#');
    if rest.len() == line.len() || line.len() - rest.len() > 6 {
        return 0;
    }
    rest.len() - rest.trim_start_matches([' ', '\t']).len()
}

fn trailing(line: &str) -> &str {
    &line[line.trim_end().len()..]
}

/// The padding of each link text on the line: (leading, trailing) spaces.
fn link_padding(line: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    link_texts(line).map(|text| {
        let start = text.len() - text.trim_start().len();
        let end = text.len() - text.trim_end().len();
        (start, end)
    })
}

/// The texts of `[text](` links on a line (not nested).
fn link_texts(line: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    line.match_indices("](").filter_map(move |(at, _)| {
        let piece = &line[start..at];
        start = at + 2;
        let open = piece.rfind('[')?;
        Some(&piece[open + 1..])
    })
}

/// Runs of two or more spaces inside the line's text: not its indentation,
/// its trailing spaces, a heading's gap or link padding.
fn inner_runs(line: &str) -> usize {
    let body = line.trim().trim_start_matches('#').trim_start();
    // Two spaces between the Formats line's links are the site's own.
    if body.starts_with("Formats:") {
        return 0;
    }
    let bytes = body.as_bytes();
    let mut runs = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b' ' || bytes[i + 1] != b' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        // Padding inside link text (`[  Title`, `Title  ](`) is not a run.
        let padding = (start > 0 && bytes[start - 1] == b'[') || bytes.get(i) == Some(&b']');
        runs += usize::from(!padding);
    }
    runs
}

/// True when the two lines differ only in whitespace and list numbers:
/// the usual case, told without building the normalized lines.
fn same_but_whitespace(a: &str, b: &str) -> bool {
    // ASCII whitespace only: what markup pads with (bytes, not chars).
    fn rest(line: &str) -> impl Iterator<Item = u8> + '_ {
        let trimmed = line.trim_start();
        let number = list_number(trimmed).map_or(0, str::len);
        trimmed.as_bytes()[number..]
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
    }
    rest(a).eq(rest(b))
}

/// The date texts on a line, as written.
fn dates(line: &str) -> Vec<&str> {
    link_texts(line).filter(|t| is_date(t)).collect()
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}

fn pad_dates(line: &str) -> String {
    let mut out = line.to_string();
    for text in dates(line) {
        let parts: Vec<&str> = text.split('-').collect();
        let padded = format!("{}-{:0>2}-{:0>2}", parts[0], parts[1], parts[2]);
        out = out.replace(&format!("[{text}]"), &format!("[{padded}]"));
    }
    out
}

/// The line with every difference a rule names taken out: what must be
/// equal for the rules found to tell the whole story.
fn normalized(line: &str) -> String {
    let mut text = pad_dates(line.trim());
    if let Some(number) = list_number(&text) {
        text = format!("N{}", &text[number.len()..]);
    }
    let text = text.replace("### Sources:", "### Source:");
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace("[ ", "[").replace(" ](", "](")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(original: &str, formatted: &str) -> Vec<(&'static str, usize)> {
        deviations(original.as_bytes(), formatted)
            .iter()
            .map(|d| (d.rule.name(), d.line))
            .collect()
    }

    #[test]
    fn equal_texts_have_no_deviations() {
        assert!(rules("# A \n", "# A \n").is_empty());
    }

    #[test]
    fn each_rule_is_named_at_its_first_line() {
        let page = "### [2019-07-06](/x)\n\n#  A\n\n\n### Sources:\n\n1. [ S](u)\n1. [T](v)\n";
        let canon = "### [2019-07-6](/x)\n\n# A \n\n### Source:\n\n1. [S](u)\n2. [T](v)\n";
        assert_eq!(
            rules(page, canon),
            [
                ("heading-spaces", 3),
                ("link-padding", 8),
                ("numbering", 9),
                ("blank-lines", 4),
                ("trailing-spaces", 3),
                ("date-padding", 1),
                ("source-heading", 6),
            ]
        );
    }

    #[test]
    fn moved_text_is_other() {
        assert_eq!(rules("a\nb\n", "a b\n"), [("other", 1)]);
        assert_eq!(rules("a *b*\n", "a _b_\n"), [("other", 1)]);
    }

    #[test]
    fn codes_and_names_find_their_rule() {
        for rule in Rule::ALL {
            assert_eq!(Rule::find(rule.code()), Some(rule));
            assert_eq!(Rule::find(rule.name()), Some(rule));
        }
        assert_eq!(Rule::find("fmt003"), Some(Rule::LinkPadding));
        assert_eq!(Rule::find("nope"), None);
    }
}
