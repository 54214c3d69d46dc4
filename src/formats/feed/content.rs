//! What the RSS and Atom readers share: the parts of our entry HTML
//! (sources, related events, summary), HTML to plain text, and turning
//! absolute links back into site paths.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event as Xml};
use quick_xml::Reader;

use chrono::NaiveDateTime;

use super::class;
use crate::formats::text::{
    collapse_whitespace, decode_uri, entity_text, html_unescape, markdown_escape,
};
use crate::model::{Related, Source};

/// What the entry HTML written by [`super::FeedWriter`] holds.
#[derive(Debug, Default)]
pub(crate) struct ContentParts {
    pub category: Option<String>,
    pub summary: Option<String>,
    pub contexts: Vec<String>,
    /// (name, href, picture)
    pub sources: Vec<(String, String, Option<String>)>,
    /// (headline, href, contexts)
    pub related: Vec<(String, String, Vec<String>)>,
}

/// Reads the parts of an entry's HTML by their `class` names. HTML that is
/// not well-formed XML (from other generators) yields what was read before
/// the first problem.
pub(crate) fn content_parts(html: &str) -> ContentParts {
    let wrapped = format!("<div>{html}</div>");
    let mut reader = Reader::from_str(&wrapped);
    let mut parts = PartsReader::default();
    loop {
        match reader.read_event() {
            Ok(Xml::Eof) | Err(_) => break,
            Ok(Xml::Start(e)) => parts.start(&e),
            Ok(Xml::End(e)) => parts.end(e.local_name().as_ref()),
            Ok(event) => parts.push(&event_text(&event)),
        }
    }
    parts.parts
}

/// The text an XML event adds to the element it is in: its text or
/// CDATA, or the entity it refers to decoded (any HTML5 name; an unknown
/// one as written). Empty for the other events.
pub(crate) fn event_text<'a>(event: &'a Xml<'_>) -> Cow<'a, str> {
    match event {
        Xml::Text(text) => text.decode().unwrap_or_default(),
        Xml::CData(text) => text.decode().unwrap_or_default(),
        Xml::GeneralRef(name) => entity_text(&name.decode().unwrap_or_default()).into(),
        _ => Cow::Borrowed(""),
    }
}

/// Where [`content_parts`] is in the entry HTML: the class of the
/// innermost list or paragraph, and the text and link of the current item.
#[derive(Default)]
struct PartsReader {
    parts: ContentParts,
    block: Option<String>,
    text: String,
    href: Option<String>,
    link_text: Option<String>,
    in_link: bool,
    /// A source's picture link: its address, and whether it is open.
    image: Option<String>,
    in_image: bool,
    in_em: bool,
    em_text: String,
}

impl PartsReader {
    fn start(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            b"p" | b"ul" => {
                self.block = attr(e, b"class");
                self.text.clear();
            }
            b"li" => {
                self.href = None;
                self.link_text = None;
                self.image = None;
                self.em_text.clear();
            }
            b"a" if attr(e, b"class").as_deref() == Some(class::SOURCE_IMAGE) => {
                self.image = attr(e, b"href");
                self.in_image = true;
            }
            b"a" => {
                self.href = attr(e, b"href");
                self.in_link = true;
                self.text.clear();
            }
            b"em" => {
                self.in_em = true;
                self.em_text.clear();
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"a" if self.in_image => self.in_image = false,
            b"a" => {
                self.in_link = false;
                self.link_text = Some(collapse_whitespace(&self.text));
            }
            b"em" => self.in_em = false,
            b"p" => self.end_paragraph(),
            b"li" => self.end_item(),
            b"ul" => self.block = None,
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let value = collapse_whitespace(&self.text);
        match self.block.take().as_deref() {
            Some(class::CATEGORY) => self.parts.category = Some(value),
            Some(class::SUMMARY) => self.parts.summary = Some(value),
            Some(class::CONTEXTS) => self.parts.contexts = split_contexts(&value),
            _ => {}
        }
    }

    fn end_item(&mut self) {
        let (Some(url), Some(name)) = (self.href.take(), self.link_text.take()) else {
            return;
        };
        match self.block.as_deref() {
            Some(class::SOURCES) => self.parts.sources.push((name, url, self.image.take())),
            Some(class::RELATED) => {
                let contexts = split_contexts(&collapse_whitespace(&self.em_text));
                self.parts.related.push((name, url, contexts));
            }
            _ => {}
        }
    }

    /// Text goes to the context line of a related item (`<em>`) or else
    /// to the paragraph or link it is in.
    fn push(&mut self, text: &str) {
        if self.in_image {
            return;
        }
        if self.in_em && !self.in_link {
            self.em_text.push_str(text);
        } else {
            self.text.push_str(text);
        }
    }
}

fn split_contexts(text: &str) -> Vec<String> {
    // The label is the edition's: `Context:`, `消息:`.
    let text = crate::edition::EDITIONS
        .iter()
        .find_map(|e| text.strip_prefix(e.context)?.strip_prefix(':'))
        .unwrap_or(text);
    text.split(", ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// An attribute's unescaped value.
pub(crate) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| {
            let raw = String::from_utf8_lossy(&a.value).into_owned();
            html_unescape(&raw)
        })
}

/// Plain text of an HTML fragment: tags dropped (block tags read as a
/// space), entities decoded, whitespace collapsed.
pub(crate) fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (None, c) => out.push(c),
            (Some(name), '>') => {
                let name = name.trim_start_matches('/').to_ascii_lowercase();
                let name = name.split([' ', '/', '\t', '\n']).next().unwrap_or("");
                let block = [
                    "p",
                    "br",
                    "div",
                    "li",
                    "ul",
                    "ol",
                    "h1",
                    "h2",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                    "tr",
                    "td",
                    "th",
                    "blockquote",
                    "hr",
                ];
                if block.contains(&name) {
                    out.push(' ');
                }
                tag = None;
            }
            (Some(name), c) => name.push(c),
        }
    }
    collapse_whitespace(&html_unescape(&out))
}

/// Model text (inline markdown) for plain text read from a feed.
pub(crate) fn model_text(plain: &str) -> String {
    markdown_escape(plain)
}

/// The site path of `link` when it lies under `site` (the feed's site
/// link); otherwise the link as it is.
pub(crate) fn site_path(link: &str, site: Option<&str>) -> String {
    let link = link.trim();
    if let Some(base) = site.map(|s| s.trim().trim_end_matches('/')) {
        if !base.is_empty() {
            if let Some(rest) = link.strip_prefix(base) {
                if rest.starts_with('/') {
                    return decode_uri(rest);
                }
            }
        }
    }
    link.to_string()
}

/// What both readers do once an entry's link is read. With `times` (first
/// published and, when later, last updated) other than a day's stamp (a
/// revision time, which may be days later), its day is the one its site
/// path names and the times become its Changes list's first version and
/// update; and a site path given as its id (`/news/….md`) that is not its
/// path is its id.
pub(crate) fn finish_event(
    event: &mut crate::model::Event,
    id: Option<String>,
    times: Option<(NaiveDateTime, Option<NaiveDateTime>)>,
) {
    let path_date = event.path.as_deref().and_then(crate::parse::path_date);
    if let (Some(date), Some(_)) = (path_date, times) {
        event.date = date;
    }
    if let Some((published, updated)) = times {
        let revision = |time, label: &str| crate::model::Revision {
            headline: event.headline.clone(),
            path: event.path.clone().unwrap_or_default(),
            timestamp: Some(time),
            label: Some(label.to_string()),
        };
        let mut revisions = vec![revision(published, "First version")];
        revisions.extend(
            updated
                .filter(|u| *u > published)
                .map(|u| revision(u, "Update")),
        );
        event.revisions = revisions;
    }
    if let Some(id) = id.filter(|id| Some(id) != event.path.as_ref()) {
        let id = id.strip_suffix(".md").unwrap_or(&id).to_string();
        crate::identity::keep_id(event, id);
    }
}

/// True for a time a feed writer gives a date-only event: 10:00 UTC (and
/// midnight, which older feeds of ours wrote).
pub(crate) fn is_day_stamp(time: NaiveDateTime) -> bool {
    time.time() == chrono::NaiveTime::MIN || time.time() == super::entry::DAY_TIME
}

/// The date of an RFC 3339 / ISO 8601 timestamp, as written (its first
/// ten characters).
pub(crate) fn iso_date(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}
/// Sources read from the entry HTML, as model text.
pub(crate) fn model_sources(sources: Vec<(String, String, Option<String>)>) -> Vec<Source> {
    sources
        .into_iter()
        .map(|(name, url, image)| {
            let mut source = Source::new(model_text(&name), url);
            source.image = image;
            source
        })
        .collect()
}

/// Related events read from the entry HTML: model text, links turned back
/// into site paths.
pub(crate) fn model_related(
    related: Vec<(String, String, Vec<String>)>,
    site: Option<&str>,
) -> Vec<Related> {
    related
        .into_iter()
        .map(|(headline, href, contexts)| {
            Related::new(
                model_text(&headline),
                site_path(&href, site),
                contexts.iter().map(|c| model_text(c)).collect(),
            )
        })
        .collect()
}
