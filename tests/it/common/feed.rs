//! Shared helpers for the RSS and Atom tests: writing a feed, and what a
//! reader sees of an event's text.

use currents::formats::{feed::encode_uri, markdown::plain_text};
use currents::formats::{FeedKind, FeedOptions, FeedWriter, Writer};
use currents::{Event, Source};
use quick_xml::events::BytesRef;

/// `events` written as one feed of `kind`.
pub fn write_feed(kind: FeedKind, events: &[Event], options: FeedOptions) -> String {
    let mut out = Vec::new();
    let mut writer = FeedWriter::new(&mut out, kind, options);
    for event in events {
        writer.write_event(event).unwrap();
    }
    writer.finish().unwrap();
    String::from_utf8(out).unwrap()
}

/// Plain texts, empty ones dropped, each once (as categories are).
pub fn unique_plain(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items.iter().map(|s| plain_text(s)) {
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Sources as a reader sees them: plain name, encoded address.
pub fn plain_sources(sources: &[Source]) -> Vec<(String, String)> {
    sources
        .iter()
        .map(|s| (plain_text(&s.name), encode_uri(&s.url)))
        .collect()
}

/// The character an entity or character reference in the XML stands for
/// (the five predefined entities, `&#…;`); panics on any other.
pub fn entity_char(r: &BytesRef) -> char {
    let name = r.decode().unwrap();
    match name.as_ref() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => r
            .resolve_char_ref()
            .unwrap()
            .unwrap_or_else(|| panic!("an entity the writer never makes: &{name};")),
    }
}
