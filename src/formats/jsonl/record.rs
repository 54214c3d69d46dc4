//! Event records as JSON text, written by hand: the hot path of `--to jsonl`
//! and of CSV's list cells. The shape is the wire type's ([`EventRecord`],
//! which defines the schema and is what the readers read); a test holds the
//! bytes equal to serde_json's serialization of it for every corpus event,
//! and for arbitrary strings.
//!
//! Why not serde_json on the wire type: its string escaping looks at one
//! byte at a time. Measured (criterion `write jsonl` on tests/corpus):
//! 259 µs by hand, 667 µs through serde_json (2.6×); on a whole
//! `convert --to jsonl -j 1` of 20,000 scaled pages that is 6–7% of the
//! run (best of 8 alternating runs: 1.37 s against 1.47 s), which the
//! `-j 1` target's margin (0.75× the floor) cannot spare.
//!
//! [`EventRecord`]: super::EventRecord

use std::io::Write as _;

use crate::id::event_id;
use crate::model::{Event, Link, Related, Revision, Section, Source};

/// Appends the event's JSON Lines record (one object, no newline).
pub(crate) fn event(out: &mut Vec<u8>, event: &Event) {
    let mut record = Object::new(out);
    match event.id() {
        Some(id) => string(record.key("id"), id),
        None => string(record.key("id"), &event_id(event)),
    }
    debug_string(record.key("date"), event.date);
    string(record.key("headline"), &event.headline);
    text(record.key("category"), &event.category);
    text(record.key("summary"), &event.summary);
    strings(record.key("contexts"), &event.contexts);
    sources(record.key("sources"), &event.sources);
    related(record.key("related"), &event.related);
    revisions(record.key("revisions"), &event.revisions);
    text(record.key("path"), &event.path);
    text(record.key("date_link"), &event.date_link);
    links(record.key("formats"), &event.formats);
    sections(record.key("extra_sections"), &event.extra_sections);
    text(record.key("image"), &event.image);
    record.end();
}

/// A list of texts, as an array of strings.
pub(crate) fn strings(out: &mut Vec<u8>, items: &[String]) {
    array(out, items, |out, item| string(out, item));
}

/// The Sources section, as `[{"name":…,"url":…}]`.
/// A source's picture, when it has one, as a third member `"image"`.
pub(crate) fn sources(out: &mut Vec<u8>, items: &[Source]) {
    array(out, items, |out, s| {
        let mut item = Object::new(out);
        string(item.key("name"), &s.name);
        string(item.key("url"), &s.url);
        if let Some(image) = &s.image {
            string(item.key("image"), image);
        }
        item.end();
    });
}

/// The Related section, as `[{"headline":…,"path":…,"contexts":[…]}]`.
pub(crate) fn related(out: &mut Vec<u8>, items: &[Related]) {
    array(out, items, |out, related| {
        let mut item = Object::new(out);
        string(item.key("headline"), &related.headline);
        string(item.key("path"), &related.path);
        strings(item.key("contexts"), &related.contexts);
        item.end();
    });
}

/// The Changes section, as `[{"headline":…,"path":…,"timestamp":…,"label":…}]`.
pub(crate) fn revisions(out: &mut Vec<u8>, items: &[Revision]) {
    array(out, items, |out, revision| {
        let mut item = Object::new(out);
        string(item.key("headline"), &revision.headline);
        string(item.key("path"), &revision.path);
        match revision.timestamp {
            Some(timestamp) => debug_string(item.key("timestamp"), timestamp),
            None => item.key("timestamp").extend_from_slice(b"null"),
        }
        text(item.key("label"), &revision.label);
        item.end();
    });
}

/// Links, as `[{"text":…,"url":…}]`.
pub(crate) fn links(out: &mut Vec<u8>, items: &[Link]) {
    array(out, items, |out, l| {
        pair(out, ("text", &l.text), ("url", &l.url))
    });
}

/// Sections the model has no field for, as `[{"title":…,"body":…}]`.
pub(crate) fn sections(out: &mut Vec<u8>, items: &[Section]) {
    array(out, items, |out, s| {
        pair(out, ("title", &s.title), ("body", &s.body))
    });
}

/// An object of two strings.
fn pair(out: &mut Vec<u8>, (a, a_value): (&str, &str), (b, b_value): (&str, &str)) {
    let mut object = Object::new(out);
    string(object.key(a), a_value);
    string(object.key(b), b_value);
    object.end();
}

/// One JSON object, written member by member, in order.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    empty: bool,
}

impl<'o> Object<'o> {
    fn new(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        Object { out, empty: true }
    }

    /// Starts the member `key` (a plain ASCII name); its value goes into
    /// the returned text.
    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    fn end(self) {
        self.out.push(b'}');
    }
}

fn array<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, value) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, value);
    }
    out.push(b']');
}

/// An optional text, by the wire type's rule (absent or empty is `null`).
fn text(out: &mut Vec<u8>, value: &Option<String>) {
    match super::text(value) {
        Some(value) => string(out, value),
        None => out.extend_from_slice(b"null"),
    }
}

/// Dates and times as chrono's serde support writes them (their `Debug`).
fn debug_string(out: &mut Vec<u8>, value: impl std::fmt::Debug) {
    out.push(b'"');
    // Writing into memory cannot fail.
    let _ = write!(out, "{value:?}");
    out.push(b'"');
}

/// A JSON string, escaped as serde_json escapes it: `"`, `\` and control
/// characters only; everything else, non-ASCII included, as is.
pub(crate) fn string(out: &mut Vec<u8>, value: &str) {
    out.reserve(value.len() + 2);
    out.push(b'"');
    let bytes = value.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while let Some(found) = next_escape(bytes, at) {
        // Every byte that needs escaping is ASCII, so `found` is a char boundary.
        out.extend_from_slice(&bytes[start..found]);
        escape(out, bytes[found]);
        start = found + 1;
        at = start;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The index of the first byte at or after `from` that needs escaping.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    if !may_need_escape(&bytes[from..]) {
        return None;
    }
    // Sixteen bytes at a time up to the word that may hold it.
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 16) {
        let (low, high) = chunk.split_at(8);
        if maybe_escapes(word(low)) | maybe_escapes(word(high)) != 0 {
            break;
        }
        at += 16;
    }
    bytes[at..]
        .iter()
        .position(|&b| needs_escape(b))
        .map(|i| at + i)
}

/// False when no byte of `text` needs escaping (most texts); true when one
/// may. Windows may overlap: a byte looked at twice changes nothing.
fn may_need_escape(text: &[u8]) -> bool {
    let len = text.len();
    if len >= 32 {
        return crate::text::any_byte(text, needs_escape);
    }
    if len >= 16 {
        let (low, high) = (&text[..16], &text[len - 16..]);
        let words = [&low[..8], &low[8..], &high[..8], &high[8..]];
        return words.iter().any(|w| maybe_escapes(word(w)) != 0);
    }
    text.iter().any(|&b| needs_escape(b))
}

fn word(eight: &[u8]) -> u64 {
    u64::from_ne_bytes(eight.try_into().expect("eight bytes"))
}

/// Non-zero when some byte of `word` may need escaping: the test has false
/// positives, never false negatives.
fn maybe_escapes(word: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES * 0x80;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | quote | backslash) & HIGHS
}

fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

fn escape(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match byte {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        _ => {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xf)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::jsonl::EventRecord;
    use proptest::prelude::*;

    fn serde(value: &str) -> String {
        serde_json::to_string(value).unwrap()
    }

    fn ours(value: &str) -> String {
        let mut out = Vec::new();
        string(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_escape_at_every_place_in_a_word() {
        for byte in (0u8..0x80).chain([0xc3]) {
            for at in 0..20 {
                let mut value = "é".repeat(at / 2) + &"x".repeat(at % 2);
                let c = if byte == 0xc3 { 'é' } else { char::from(byte) };
                value.push(c);
                value.push_str("tail of the text");
                assert_eq!(ours(&value), serde(&value), "{byte:#x} at {at}");
            }
        }
    }

    #[test]
    fn neighbours_of_an_escape_at_every_place_and_length() {
        // Bytes one above or below those that need escaping, right after
        // one: where a borrow between bytes could give a false match.
        let neighbours = ["\"#", "\"!", "\\]", "\\[", "\u{1f} ", "\"\"#", "\n!"];
        for pair in neighbours {
            for before in 0..20 {
                for after in 0..10 {
                    let value = "x".repeat(before) + pair + &"y".repeat(after);
                    assert_eq!(ours(&value), serde(&value), "{value:?}");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn strings_escape_as_serde_json_does(value in any::<String>()) {
            prop_assert_eq!(ours(&value), serde(&value));
        }

        #[test]
        fn ascii_with_controls_escapes_as_serde_json_does(value in "[\\x00-\\x7f]{0,40}") {
            prop_assert_eq!(ours(&value), serde(&value));
        }
    }

    /// Every event of the corpus, page by page and merged: the same bytes
    /// as serde_json writes for the wire type that defines the schema.
    #[test]
    fn corpus_records_match_the_schema_wire_type() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let (inputs, _) = crate::input::discover(&[root], &["md"]);
        let mut merger = crate::site::SiteMerger::new();
        let mut events = Vec::new();
        for input in &inputs {
            let document = input.parse().unwrap().document;
            events.extend(document.events().cloned());
            merger
                .push(document, &mut |e| -> Result<(), ()> {
                    events.push(e);
                    Ok(())
                })
                .unwrap();
        }
        merger
            .finish(&mut |e| -> Result<(), ()> {
                events.push(e);
                Ok(())
            })
            .unwrap();
        assert!(events.len() > 500, "{}", events.len());
        let mut revisions = 0;
        for e in &events {
            revisions += e.revisions.len();
            let mut out = Vec::new();
            event(&mut out, e);
            let expected = serde_json::to_vec(&EventRecord::from_event(e)).unwrap();
            assert_eq!(out, expected);
        }
        assert!(revisions > 0);
    }
}
