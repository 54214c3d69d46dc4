//! Text helpers shared by the feed writers and readers: model text (inline
//! markdown source) to plain text and back, HTML and XML escaping, URLs.

use std::borrow::Cow;

use pulldown_cmark::{Event as Md, Parser, TagEnd};

/// The plain text a reader sees for a model text field.
///
/// Model text is inline markdown source with HTML entities kept. Here
/// entities are decoded (`&mdash;` → `—`), markdown markup is dropped
/// (`*x*` → `x`, `[t](u)` → `t`), raw HTML is kept as literal text (a
/// headline is text, so `<b>` shows as `<b>`), runs of whitespace become
/// one space, and characters XML 1.0 forbids are removed. MediaWiki
/// residue (`''x''`) is not markdown and stays as written.
pub fn plain_text(source: &str) -> String {
    #[cfg(test)]
    PLAIN_TEXT_CALLS.with(|calls| calls.set(calls.get() + 1));
    let source = protect_block_start(source.trim());
    let mut out = String::with_capacity(source.len());
    for event in Parser::new(&source) {
        match event {
            Md::Text(t) | Md::Code(t) | Md::Html(t) | Md::InlineHtml(t) => out.push_str(&t),
            Md::SoftBreak | Md::HardBreak | Md::Rule => out.push(' '),
            Md::End(end) if ends_block(&end) => out.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&xml_safe(&out))
}

#[cfg(test)]
thread_local! {
    /// How many times [`plain_text`] ran on this thread: tests count the
    /// markdown parses a piece of work costs.
    pub(crate) static PLAIN_TEXT_CALLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn ends_block(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
    )
}

/// Escapes plain text as inline markdown whose [`plain_text`] is the text
/// itself (used by the feed readers, which only see plain text). Only what
/// markdown would read as markup gets a backslash: backslash, backtick,
/// `*`, `_`, `[`, `]`, `<`, a `&` that starts an entity, and a block
/// marker at the start (`1.`, `-`, `#`, `>`...).
pub fn markdown_escape(text: &str) -> String {
    let text = collapse_whitespace(text);
    let mut out = String::with_capacity(text.len() + 8);
    for (at, c) in text.char_indices() {
        let entity = c == '&' && starts_entity(&text[at + 1..]);
        if entity || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    protect_block_start(&out).into_owned()
}

/// True when `rest` (after a `&`) reads as an entity: `name;` or `#123;`.
fn starts_entity(rest: &str) -> bool {
    let body = rest.strip_prefix('#').unwrap_or(rest);
    let len = body.chars().take_while(char::is_ascii_alphanumeric).count();
    len > 0 && body[len..].starts_with(';')
}

/// Backslash-escapes a line start that markdown would read as a block
/// marker (`1. `, `- `, `# `, `> `...), so the marker stays text.
fn protect_block_start(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let after = |i: usize| bytes.get(i).is_none_or(|b| *b == b' ' || *b == b'\t');
    if (1..=9).contains(&digits)
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && after(digits + 1)
    {
        return format!("{}\\{}", &text[..digits], &text[digits..]).into();
    }
    match bytes.first() {
        Some(b'#' | b'>' | b'<' | b'=' | b'`' | b'~') => format!("\\{text}").into(),
        // A list marker (followed by a space) or a thematic break (`***`);
        // `*x*` at the start is emphasis, and stays so.
        Some(&mark @ (b'-' | b'+' | b'*' | b'_')) if after(1) || is_break(text, mark) => {
            format!("\\{text}").into()
        }
        _ => text.into(),
    }
}

/// True when `text` is three or more `mark`s and spaces alone.
fn is_break(text: &str, mark: u8) -> bool {
    let marks = text.bytes().filter(|&b| b == mark).count();
    marks >= 3 && text.bytes().all(|b| b == mark || b == b' ' || b == b'\t')
}

/// Collapses whitespace runs to one space and trims.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Drops the characters XML 1.0 forbids (C0 controls other than tab, LF,
/// CR; U+FFFE, U+FFFF), the C1 controls, which are never text, and the
/// invisible format characters (see [`is_invisible_format`]). Text of
/// printable ASCII (most of it) is returned as it is, after one pass over
/// its bytes.
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    let plain = |b: &u8| (b' '..0x7f).contains(b) || matches!(b, b'\t' | b'\n' | b'\r');
    if text.as_bytes().iter().all(plain) {
        return Cow::Borrowed(text);
    }
    let keep = |c: &char| {
        matches!(c, '\t' | '\n' | '\r')
            || !(c.is_control() || *c == '\u{FFFE}' || *c == '\u{FFFF}' || is_invisible_format(*c))
    };
    if text.chars().all(|c| keep(&c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(keep).collect())
}

/// Invisible characters that change how the text around them shows and
/// have no place in a headline: the bidirectional embeddings, overrides,
/// isolates and marks (an override reverses the rest of the line a
/// reader renders), zero-width space, word joiner and invisible operators,
/// the byte order mark, the Mongolian vowel separator and the tag
/// characters. Zero-width (non-)joiners stay: scripts and emoji need them.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{180E}' | '\u{200B}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}' | '\u{E0000}'..='\u{E007F}')
}

/// Escapes text for XML element content and double-quoted attribute
/// values: quick-xml's escaping of `& < >` (`>` so that `]]>` never
/// appears), and `"`, which our feeds have always escaped in text too.
pub fn xml_escape(text: &str) -> String {
    let safe = xml_safe(text);
    let escaped = if_changed(quick_xml::escape::partial_escape(safe.as_ref()));
    let escaped = escaped.unwrap_or_else(|| safe.into_owned());
    if escaped.contains('"') {
        escaped.replace('"', "&quot;")
    } else {
        escaped
    }
}

/// Escapes text for HTML content and attributes (`& < > " '`), with
/// quick-xml's table; `'` is written `&#39;`, which HTML 4 knows too.
pub fn html_escape(text: &str) -> String {
    let safe = xml_safe(text);
    let escaped = if_changed(quick_xml::escape::escape(safe.as_ref()));
    let escaped = escaped.unwrap_or_else(|| safe.into_owned());
    if escaped.contains("&apos;") {
        escaped.replace("&apos;", "&#39;")
    } else {
        escaped
    }
}

/// The escaped text when escaping changed something (`None`: the input
/// is its own escape, and is used as it is without a copy).
fn if_changed(escaped: Cow<'_, str>) -> Option<String> {
    match escaped {
        Cow::Borrowed(_) => None,
        Cow::Owned(text) => Some(text),
    }
}

/// The longest HTML5 entity name (`CounterClockwiseContourIntegral`) and
/// then some: a `;` further away than this does not end an entity.
const LONGEST_ENTITY: usize = 32;

/// Decodes the entities of an HTML fragment's text: every HTML5 named
/// entity (quick-xml's table) and numeric references; others are left as
/// written.
pub fn html_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let head = &rest.as_bytes()[..rest.len().min(LONGEST_ENTITY + 1)];
        let entity =
            memchr::memchr(b';', head).and_then(|end| Some((resolve_entity(&rest[..end])?, end)));
        match entity {
            Some((decoded, end)) => {
                out.push_str(&decoded);
                rest = &rest[end + 1..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// The text of the entity `&name;` (a named HTML5 entity or a numeric
/// reference), or the entity as written when it is neither.
pub fn entity_text(name: &str) -> String {
    match resolve_entity(name) {
        Some(text) => text.into_owned(),
        None => format!("&{name};"),
    }
}

/// The text of the entity `&name;`: a named HTML5 entity or a numeric
/// reference (`#233`, `#xE9`).
fn resolve_entity(name: &str) -> Option<Cow<'static, str>> {
    let Some(number) = name.strip_prefix('#') else {
        return quick_xml::escape::resolve_html5_entity(name).map(Into::into);
    };
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => number.parse().ok(),
    };
    code.and_then(char::from_u32).map(|c| c.to_string().into())
}

/// Percent-encodes what a URI may not contain (spaces, non-ASCII, `"<>\^`{|}`
/// and controls); existing `%XX` escapes are kept.
pub fn encode_uri(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        if c.is_ascii_graphic()
            && !matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
        {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Decodes `%XX` escapes when the result is UTF-8; otherwise returns `s`.
pub fn decode_uri(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_decodes_entities_and_drops_markup() {
        assert_eq!(
            plain_text("six people&mdash;including *his* [wife](/x)"),
            "six people—including his wife"
        );
        assert_eq!(plain_text("1. Two  spaces"), "1. Two spaces");
        assert_eq!(plain_text("# not a heading"), "# not a heading");
        assert_eq!(plain_text("*Family Guy* debuts"), "Family Guy debuts");
        assert_eq!(plain_text("* not a list"), "* not a list");
        assert_eq!(plain_text("***"), "***");
        assert_eq!(plain_text("-1 degrees"), "-1 degrees");
        assert_eq!(plain_text("''Star Wars'' &amp; co"), "''Star Wars'' & co");
        assert_eq!(
            plain_text("<script>alert(1)</script> & ]]>\u{1}"),
            "<script>alert(1)</script> & ]]>"
        );
    }

    #[test]
    fn markdown_escape_round_trips_through_plain_text() {
        for text in [
            "<script>alert(1)</script> & ]]>",
            "1. a *b* _c_ [d](e) `f` &amp; \\ # ! ~ |",
            "- list? > quote? ## heading?",
            "AT&T's \"quoted\" — ok &amp; &#39; &x",
            "Oklahoma! ~tilde~ | pipe > gt",
            "_under_",
        ] {
            assert_eq!(plain_text(&markdown_escape(text)), text, "{text}");
        }
    }

    #[test]
    fn html_unescape_knows_the_html5_named_entities() {
        assert_eq!(
            html_unescape("caf&eacute; &mdash; a&nbsp;b &hellip; &Uuml;ber &euro;5 &copy;"),
            "café — a\u{a0}b … Über €5 ©"
        );
        // The longest name, and names next to multi-byte text.
        assert_eq!(html_unescape("&CounterClockwiseContourIntegral;"), "∳");
        assert_eq!(html_unescape("é&eacute;é"), "ééé");
        // Unknown names, bare ampersands and far-away semicolons stay.
        assert_eq!(html_unescape("&notanentity; & &;"), "&notanentity; & &;");
        let far = format!("&{};", "a".repeat(40));
        assert_eq!(html_unescape(&far), far);
        assert_eq!(html_unescape("&#233;&#xE9;&#XE9;&#xZZ;"), "ééé&#xZZ;");
    }

    #[test]
    fn escaping_and_urls() {
        assert_eq!(xml_escape("a<b>&\"'\u{0}c"), "a&lt;b&gt;&amp;&quot;'c");
        assert_eq!(
            plain_text("a\u{202E}b\u{2067}c\u{200B}d\u{FEFF}e\u{200D}f"),
            "abcde\u{200D}f"
        );
        assert_eq!(html_escape("'"), "&#39;");
        assert_eq!(
            html_unescape("&lt;a&gt; &amp;amp; &#39; &#x41; &zz; &"),
            "<a> &amp; ' A &zz; &"
        );
        assert_eq!(html_escape("a<b>&\"'\u{0}c"), "a&lt;b&gt;&amp;&quot;&#39;c");
        assert_eq!(encode_uri("/a b/é%20"), "/a%20b/%C3%A9%20");
        assert_eq!(decode_uri("/a%20b/%C3%A9"), "/a b/é");
    }
}
