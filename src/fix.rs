//! Opt-in content fixes for `fmt`: they change the model's text, so they
//! run only when asked, and each one is counted.

use std::fmt;
use std::str::FromStr;

use pulldown_cmark::{Event as Md, Parser, Tag};

use crate::model::*;

/// One kind of content fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Fix {
    /// Decode HTML entities (`&quot;` → `"`); characters markdown would
    /// read as markup are written with a backslash (`&lt;` → `\<`).
    Entities,
    /// MediaWiki residue: `''x''` → `*x*`, `{{Nowrap|x}}` → `x`.
    Wiki,
    /// Runs of spaces in summaries and headlines become one space.
    Spaces,
}

impl Fix {
    /// Every fix, in the order they are applied.
    pub const ALL: [Fix; 3] = [Fix::Entities, Fix::Wiki, Fix::Spaces];

    /// The fix's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Fix::Entities => "entities",
            Fix::Wiki => "wiki",
            Fix::Spaces => "spaces",
        }
    }
}

impl fmt::Display for Fix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Fix {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Fix::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown fix `{s}` (expected entities, wiki or spaces)"))
    }
}

/// What the fixes changed in one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FixReport {
    /// HTML entities decoded.
    pub entities: usize,
    /// `''x''` pairs turned into emphasis and templates unwrapped.
    pub wiki: usize,
    /// Runs of spaces collapsed.
    pub spaces: usize,
    /// Texts whose `''` quotes do not pair up, left alone.
    pub unbalanced_quotes: Vec<String>,
}

impl FixReport {
    /// How many changes `fix` made.
    pub fn count(&self, fix: Fix) -> usize {
        match fix {
            Fix::Entities => self.entities,
            Fix::Wiki => self.wiki,
            Fix::Spaces => self.spaces,
        }
    }
}

/// Which text a field holds, for fixes that touch only some fields.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Headline,
    Summary,
    Other,
}

/// Applies `fixes` to every inline text of the page, in place.
pub fn apply(document: &mut Document, fixes: &[Fix]) -> FixReport {
    let mut report = FixReport::default();
    if fixes.is_empty() {
        return report;
    }
    each_text(document, &mut |field, text| {
        for fix in Fix::ALL.iter().filter(|f| fixes.contains(f)) {
            apply_one(*fix, field, text, &mut report);
        }
    });
    report
}

/// Applies `fixes` to every inline text of one event, in place (what
/// `convert --text fixed` does to each exported event).
pub fn apply_to_event(event: &mut Event, fixes: &[Fix]) -> FixReport {
    let mut report = FixReport::default();
    each_event_text(event, &mut |field, text| {
        for fix in Fix::ALL.iter().filter(|f| fixes.contains(f)) {
            apply_one(*fix, field, text, &mut report);
        }
    });
    report
}

/// Calls `f` on every inline text of one event (headline, category,
/// summary, contexts, source names, related and revision headlines);
/// addresses and paths are not text.
pub(crate) fn each_inline_text(event: &mut Event, f: &mut dyn FnMut(&mut String)) {
    each_event_text(event, &mut |_, text| f(text));
}

fn apply_one(fix: Fix, field: Field, text: &mut String, report: &mut FixReport) {
    match fix {
        Fix::Entities => report.entities += decode_entities(text),
        Fix::Wiki => {
            let (count, unbalanced) = wiki(text);
            report.wiki += count;
            if unbalanced {
                report.unbalanced_quotes.push(text.clone());
            }
        }
        Fix::Spaces if field != Field::Other => report.spaces += collapse_spaces(text),
        Fix::Spaces => {}
    }
}

/// Calls `f` on every inline text field of the page.
fn each_text(document: &mut Document, f: &mut dyn FnMut(Field, &mut String)) {
    match document {
        Document::Event(event) => each_event_text(event, f),
        Document::Day(day) => day.events.iter_mut().for_each(|e| each_event_text(e, f)),
        Document::FrontPage(front) => {
            for section in &mut front.sections {
                each_section_text(section, f);
            }
        }
        Document::NotEvent(_) => {}
    }
}

fn each_section_text(section: &mut FrontSection, f: &mut dyn FnMut(Field, &mut String)) {
    match section {
        FrontSection::Day(day) => day.events.iter_mut().for_each(|e| each_event_text(e, f)),
        FrontSection::Opinion(items) => {
            for item in items {
                f(Field::Headline, &mut item.title);
                if let Some(c) = &mut item.category {
                    f(Field::Other, c);
                }
                if let Some(s) = &mut item.summary {
                    f(Field::Summary, s);
                }
            }
        }
        FrontSection::Separator | FrontSection::PreviousDay(_) => {}
    }
}

fn each_event_text(event: &mut Event, f: &mut dyn FnMut(Field, &mut String)) {
    f(Field::Headline, &mut event.headline);
    if let Some(c) = &mut event.category {
        f(Field::Other, c);
    }
    if let Some(s) = &mut event.summary {
        f(Field::Summary, s);
    }
    event.contexts.iter_mut().for_each(|c| f(Field::Other, c));
    event
        .sources
        .iter_mut()
        .for_each(|s| f(Field::Other, &mut s.name));
    for related in &mut event.related {
        f(Field::Headline, &mut related.headline);
        related.contexts.iter_mut().for_each(|c| f(Field::Other, c));
    }
    event
        .revisions
        .iter_mut()
        .for_each(|r| f(Field::Headline, &mut r.headline));
}

// ---- entities ----

/// The entity reference at the start of `text` (`&amp;`, `&#39;`,
/// `&#x27;`): its length in bytes and what it stands for. Uses
/// pulldown-cmark, so the table is exactly CommonMark's.
pub(crate) fn entity_at(text: &str) -> Option<(usize, String)> {
    let rest = text.strip_prefix('&')?;
    let body_len = if let Some(num) = rest.strip_prefix('#') {
        let (digits, hex) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (h, true),
            None => (num, false),
        };
        let n = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if n == 0 || n > if hex { 6 } else { 7 } {
            return None;
        }
        1 + usize::from(hex) + n
    } else {
        let n = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if !(2..=32).contains(&n) || !rest.as_bytes()[0].is_ascii_alphabetic() {
            return None;
        }
        n
    };
    if rest.as_bytes().get(body_len) != Some(&b';') {
        return None;
    }
    let candidate = &text[..body_len + 2];
    let mut decoded = String::new();
    for event in Parser::new(candidate) {
        match event {
            Md::Text(t) => decoded.push_str(&t),
            Md::Start(Tag::Paragraph) | Md::End(_) => {}
            _ => return None,
        }
    }
    (decoded != candidate).then_some((candidate.len(), decoded))
}

/// Decodes entity references; returns how many.
fn decode_entities(text: &mut String) -> usize {
    if !text.contains('&') {
        return 0;
    }
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut i = 0;
    while let Some(at) = text[i..].find('&') {
        out.push_str(&text[i..i + at]);
        i += at;
        let backslashes = text[..i].bytes().rev().take_while(|&b| b == b'\\').count();
        let escaped = backslashes % 2 == 1;
        match entity_at(&text[i..]).filter(|_| !escaped) {
            Some((len, decoded)) => {
                for c in decoded.chars() {
                    push_literal(&mut out, c, &text[i + len..]);
                }
                count += 1;
                i += len;
            }
            None => {
                out.push('&');
                i += 1;
            }
        }
    }
    out.push_str(&text[i..]);
    *text = out;
    count
}

/// Writes `c` so that markdown reads it as that character, not markup.
fn push_literal(out: &mut String, c: char, after: &str) {
    let markup = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!')
        || (c == '&' && entity_at(&format!("&{after}")).is_some());
    if markup {
        out.push('\\');
    }
    out.push(c);
}

// ---- MediaWiki residue ----

/// `''x''` → `*x*` and `{{Nowrap|x}}` → `x`; returns the count and
/// whether quotes were left alone because they do not pair up.
fn wiki(text: &mut String) -> (usize, bool) {
    let mut count = nowrap(text);
    let runs: Vec<(usize, usize)> = quote_runs(text);
    if runs.is_empty() {
        return (count, false);
    }
    if runs.len() % 2 == 1 || runs.iter().any(|&(_, len)| len != 2) {
        return (count, true);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for &(start, len) in &runs {
        out.push_str(&text[last..start]);
        out.push('*');
        last = start + len;
    }
    out.push_str(&text[last..]);
    // Keep the change only if every pair really reads as emphasis.
    let emphases = Parser::new(&out)
        .filter(|e| matches!(e, Md::Start(Tag::Emphasis)))
        .count();
    let before = Parser::new(text)
        .filter(|e| matches!(e, Md::Start(Tag::Emphasis)))
        .count();
    if emphases != before + runs.len() / 2 {
        return (count, true);
    }
    *text = out;
    count += runs.len() / 2;
    (count, false)
}

/// Byte offset and length of each run of two or more `'`.
fn quote_runs(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            let len = bytes[i..].iter().take_while(|&&b| b == b'\'').count();
            if len >= 2 {
                runs.push((i, len));
            }
            i += len;
        } else {
            i += 1;
        }
    }
    runs
}

/// Unwraps `{{Nowrap|x}}` (any case of its first letter); returns how many.
fn nowrap(text: &mut String) -> usize {
    let mut count = 0;
    for open in ["{{Nowrap|", "{{nowrap|"] {
        while let Some(start) = text.find(open) {
            let inner_start = start + open.len();
            let Some(len) = text[inner_start..].find("}}") else {
                break;
            };
            let inner = text[inner_start..inner_start + len].to_string();
            if inner.contains("{{") {
                break;
            }
            text.replace_range(start..inner_start + len + 2, &inner);
            count += 1;
        }
    }
    count
}

// ---- spaces ----

/// Runs of spaces inside lines become one; returns how many runs.
fn collapse_spaces(text: &mut String) -> usize {
    let mut count = 0;
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let body = line[indent..].trim_end_matches(' ');
            let trailing = &line[indent + body.len()..];
            let mut out = String::with_capacity(line.len());
            out.push_str(&line[..indent]);
            let mut previous_space = false;
            let mut in_run = false;
            for c in body.chars() {
                if c == ' ' && previous_space {
                    if !in_run {
                        count += 1;
                        in_run = true;
                    }
                    continue;
                }
                in_run = false;
                previous_space = c == ' ';
                out.push(c);
            }
            out.push_str(trailing);
            out
        })
        .collect();
    *text = lines.join("\n");
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str, f: fn(&mut String) -> usize) -> (String, usize) {
        let mut t = text.to_string();
        let n = f(&mut t);
        (t, n)
    }

    #[test]
    fn entities_decode_and_markup_stays_literal() {
        assert_eq!(
            fixed(
                "Iran&#39;s &quot;x&quot; &amp; y&hellip; &#x27;",
                decode_entities
            ),
            ("Iran's \"x\" & y… '".to_string(), 6)
        );
        assert_eq!(
            fixed("&lt;b&gt; &#42;x&#42; &amp;amp;", decode_entities),
            ("\\<b\\> \\*x\\* \\&amp;".to_string(), 5)
        );
        assert_eq!(
            fixed("AT&T &nosuch; & x \\&amp; \\\\&amp;", decode_entities),
            ("AT&T &nosuch; & x \\&amp; \\\\&".to_string(), 1)
        );
        assert_eq!(entity_at("&nbsp;x"), Some((6, "\u{a0}".to_string())));
    }

    #[test]
    fn wiki_quotes_pair_or_are_left_alone() {
        let run = |s: &str| {
            let mut t = s.to_string();
            let r = wiki(&mut t);
            (t, r)
        };
        assert_eq!(
            run("the USS ''Fitzgerald'' and the MV ''ACX Crysta''l"),
            (
                "the USS *Fitzgerald* and the MV *ACX Crysta*l".to_string(),
                (2, false)
            )
        );
        assert_eq!(
            run("''New Horizons'''"),
            ("''New Horizons'''".to_string(), (0, true))
        );
        assert_eq!(
            run("AP via ''New York Times"),
            ("AP via ''New York Times".to_string(), (0, true))
        );
        assert_eq!(
            run("wiping {{Nowrap|$12 billion}} off, {{mp|2003 UB|313}}"),
            (
                "wiping $12 billion off, {{mp|2003 UB|313}}".to_string(),
                (1, false)
            )
        );
        assert_eq!(run("Baha'i"), ("Baha'i".to_string(), (0, false)));
    }

    #[test]
    fn spaces_collapse_inside_lines_only() {
        assert_eq!(
            fixed("Leopoldo  Lopez   for\n  x  y", collapse_spaces),
            ("Leopoldo Lopez for\n  x y".to_string(), 3)
        );
    }

    #[test]
    fn fixes_parse_from_their_names() {
        assert_eq!("wiki".parse::<Fix>(), Ok(Fix::Wiki));
        assert!("nope".parse::<Fix>().unwrap_err().contains("nope"));
    }

    #[test]
    fn apply_counts_per_fix_and_scopes_spaces() {
        let date = chrono::NaiveDate::from_ymd_opt(2009, 6, 25).unwrap();
        let mut event = Event::new(date, "A  ''B''");
        event.summary = Some("x  y &amp; z".into());
        event.category = Some("C  D".into());
        let mut doc = Document::Event(event);
        let report = apply(&mut doc, &Fix::ALL);
        assert_eq!((report.entities, report.wiki, report.spaces), (1, 1, 2));
        let Document::Event(event) = doc else {
            unreachable!()
        };
        assert_eq!(event.headline, "A *B*");
        assert_eq!(event.summary.as_deref(), Some("x y & z"));
        assert_eq!(event.category.as_deref(), Some("C  D"));
    }
}
