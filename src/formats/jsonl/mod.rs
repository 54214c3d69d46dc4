//! JSON Lines: one event per line, for pandas, DuckDB and `jq`
//! (see `docs/exports.md`).
//!
//! The wire types below are the format's spec: one set, serialized and
//! deserialized by serde, shared by [`JsonlWriter`], [`JsonlReader`] and
//! the CSV events table's list cells. The published schema
//! (`docs/event.schema.json`) is generated from them by a test, so it
//! changes only when they do; they are kept apart from the model so that
//! it changes only when we mean it to.

mod read;
pub(crate) mod record;
mod write;

pub use read::JsonlReader;
pub use write::{JsonlFormat, JsonlWriter};

/// JSON Lines in the registry.
pub(crate) const FORMAT: super::Format = super::Format {
    input: Some(super::InputFormat::Jsonl),
    write: Some(|out, _| Ok(Box::new(JsonlWriter::new(out)))),
    records: Some(|_| Box::new(JsonlFormat)),
    ..super::Format::named("jsonl", "JSON Lines: one event per line (docs/exports.md)")
};

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize};

use crate::id::event_id;
use crate::model::{Event, Link, Related, Revision, Section, Source};

/// One news event, as one line of `currents convert --to jsonl`. Every key is
/// always present: an absent text is `null`, an absent list is `[]`.
// Written borrowing from the event; read owned (serde's `Cow` reads owned).
// Reading is lenient about absent keys, strict about unknown ones.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(title = "currents event", transform = wire_schema))]
pub(crate) struct EventRecord<'a> {
    /// Stable identifier (docs/site-mode.md): in site mode the path of the
    /// event's first version without `.md`, or the id ledger's; for an
    /// event without a path, `<date>/<headline slug>` (never starts with
    /// `/`). Readers keep it when the other fields do not give it.
    #[serde(default, deserialize_with = "lenient_id")]
    #[cfg_attr(test, schemars(with = "String"))]
    pub id: Cow<'a, str>,
    /// The day the event belongs to (ISO 8601, `YYYY-MM-DD`).
    pub date: NaiveDate,
    /// The headline, as inline markdown source.
    pub headline: Cow<'a, str>,
    /// The topic line above the headline, or `null`.
    #[serde(default)]
    pub category: Option<Cow<'a, str>>,
    /// The summary paragraph, or `null`.
    #[serde(default)]
    pub summary: Option<Cow<'a, str>>,
    /// Context tags, in page order.
    #[serde(default)]
    pub contexts: Cow<'a, [String]>,
    /// The Sources section, in page order.
    #[serde(default)]
    pub sources: Vec<SourceRecord<'a>>,
    /// The Related section, in page order.
    #[serde(default)]
    pub related: Vec<RelatedRecord<'a>>,
    /// The Changes section (revision history), in page order.
    #[serde(default)]
    pub revisions: Vec<RevisionRecord<'a>>,
    /// The event page's site path (`/news/YYYY/MM/D/<slug>.md`), or `null`.
    #[serde(default)]
    pub path: Option<Cow<'a, str>>,
    /// The target of the page's date link, or `null`.
    #[serde(default)]
    pub date_link: Option<Cow<'a, str>>,
    /// The `Formats:` line links, in page order.
    #[serde(default)]
    pub formats: Vec<LinkRecord<'a>>,
    /// Sections the model has no field for, kept as written, in page order.
    #[serde(default)]
    pub extra_sections: Vec<SectionRecord<'a>>,
    /// The address of the Sources list's `Cover Image` (a picture, not a
    /// source), or `null`.
    #[serde(default)]
    pub image: Option<Cow<'a, str>>,
}

/// One item of the Sources section.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Source", transform = source_schema))]
pub(crate) struct SourceRecord<'a> {
    /// The outlet's name (the link text).
    pub name: Cow<'a, str>,
    /// The article's address.
    pub url: Cow<'a, str>,
    /// The address of the source's picture (`[IMG](…)` after its name, in
    /// the Chinese edition); absent when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Cow<'a, str>>,
}

/// One item of the Related section.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Related", transform = wire_schema))]
pub(crate) struct RelatedRecord<'a> {
    /// The related event's headline.
    pub headline: Cow<'a, str>,
    /// Its site path.
    pub path: Cow<'a, str>,
    /// The context tags it shares with this event.
    #[serde(default)]
    pub contexts: Cow<'a, [String]>,
}

/// One item of the Changes section.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Revision", transform = wire_schema))]
pub(crate) struct RevisionRecord<'a> {
    /// The headline of this revision.
    pub headline: Cow<'a, str>,
    /// The site path this revision lived at.
    pub path: Cow<'a, str>,
    /// When the revision was made (ISO 8601, `YYYY-MM-DDTHH:MM:SS`, no time zone), or `null`.
    #[serde(default)]
    pub timestamp: Option<NaiveDateTime>,
    /// `First version`, `Update`, `Current version`, another note as written, or `null`.
    #[serde(default)]
    pub label: Option<Cow<'a, str>>,
}

/// A `[text](url)` link.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Link", transform = wire_schema))]
pub(crate) struct LinkRecord<'a> {
    /// The link text.
    pub text: Cow<'a, str>,
    /// The destination.
    pub url: Cow<'a, str>,
}

/// A section the model has no field for.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Section", transform = wire_schema))]
pub(crate) struct SectionRecord<'a> {
    /// The heading text without `### `, e.g. `Foo:`.
    pub title: Cow<'a, str>,
    /// The section's blocks, as markdown source.
    pub body: Cow<'a, str>,
}

/// `id` is kept when it is a text; anything else in its place is read
/// and dropped (the other fields give the id).
fn lenient_id<'de, 'a, D: Deserializer<'de>>(input: D) -> Result<Cow<'a, str>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Id::deserialize(input)? {
        Id::Text(text) => Cow::Owned(text),
        Id::Other(_) => Cow::Borrowed(""),
    })
}

/// An absent text, and an empty one, are written as `null`.
pub(crate) fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|s| !s.is_empty())
}

/// An empty text reads as absent, as the writers write it.
fn owned_text(value: Option<Cow<str>>) -> Option<String> {
    value.map(Cow::into_owned).filter(|s| !s.is_empty())
}

fn borrowed_text(value: &Option<String>) -> Option<Cow<'_, str>> {
    text(value).map(Cow::Borrowed)
}

impl<'a> EventRecord<'a> {
    /// The record of `event`, borrowing its texts.
    pub(crate) fn from_event(event: &'a Event) -> Self {
        EventRecord {
            id: match event.id() {
                Some(id) => Cow::Borrowed(id),
                None => Cow::Owned(event_id(event)),
            },
            date: event.date,
            headline: Cow::Borrowed(&event.headline),
            category: borrowed_text(&event.category),
            summary: borrowed_text(&event.summary),
            contexts: Cow::Borrowed(&event.contexts),
            sources: event.sources.iter().map(SourceRecord::from).collect(),
            related: event.related.iter().map(RelatedRecord::from).collect(),
            revisions: event.revisions.iter().map(RevisionRecord::from).collect(),
            path: borrowed_text(&event.path),
            date_link: borrowed_text(&event.date_link),
            formats: event.formats.iter().map(LinkRecord::from).collect(),
            extra_sections: event
                .extra_sections
                .iter()
                .map(SectionRecord::from)
                .collect(),
            image: borrowed_text(&event.image),
        }
    }
}

impl From<EventRecord<'_>> for Event {
    fn from(record: EventRecord) -> Self {
        let mut event = Event::new(record.date, record.headline.into_owned());
        event.category = owned_text(record.category);
        event.summary = owned_text(record.summary);
        event.contexts = record.contexts.into_owned();
        event.sources = owned(record.sources);
        event.related = owned(record.related);
        event.revisions = owned(record.revisions);
        event.path = owned_text(record.path);
        event.date_link = owned_text(record.date_link);
        event.formats = owned(record.formats);
        event.extra_sections = owned(record.extra_sections);
        event.image = owned_text(record.image);
        if !record.id.is_empty() {
            crate::identity::keep_id(&mut event, record.id.into_owned());
        }
        event
    }
}

/// A list of records read, as the model's items.
pub(crate) fn owned<R, T: From<R>>(records: Vec<R>) -> Vec<T> {
    records.into_iter().map(T::from).collect()
}

impl<'a> From<&'a Source> for SourceRecord<'a> {
    fn from(source: &'a Source) -> Self {
        SourceRecord {
            name: Cow::Borrowed(&source.name),
            url: Cow::Borrowed(&source.url),
            image: source.image.as_deref().map(Cow::Borrowed),
        }
    }
}

impl From<SourceRecord<'_>> for Source {
    fn from(record: SourceRecord) -> Self {
        let mut source = Source::new(record.name, record.url);
        source.image = record.image.map(Cow::into_owned);
        source
    }
}

impl<'a> From<&'a Related> for RelatedRecord<'a> {
    fn from(related: &'a Related) -> Self {
        RelatedRecord {
            headline: Cow::Borrowed(&related.headline),
            path: Cow::Borrowed(&related.path),
            contexts: Cow::Borrowed(&related.contexts),
        }
    }
}

impl From<RelatedRecord<'_>> for Related {
    fn from(record: RelatedRecord) -> Self {
        Related::new(record.headline, record.path, record.contexts.into_owned())
    }
}

impl<'a> From<&'a Revision> for RevisionRecord<'a> {
    fn from(revision: &'a Revision) -> Self {
        RevisionRecord {
            headline: Cow::Borrowed(&revision.headline),
            path: Cow::Borrowed(&revision.path),
            timestamp: revision.timestamp,
            label: borrowed_text(&revision.label),
        }
    }
}

impl From<RevisionRecord<'_>> for Revision {
    fn from(record: RevisionRecord) -> Self {
        Revision {
            headline: record.headline.into_owned(),
            path: record.path.into_owned(),
            timestamp: record.timestamp,
            label: owned_text(record.label),
        }
    }
}

impl<'a> From<&'a Link> for LinkRecord<'a> {
    fn from(link: &'a Link) -> Self {
        LinkRecord {
            text: Cow::Borrowed(&link.text),
            url: Cow::Borrowed(&link.url),
        }
    }
}

impl From<LinkRecord<'_>> for Link {
    fn from(record: LinkRecord) -> Self {
        Link::new(record.text, record.url)
    }
}

impl<'a> From<&'a Section> for SectionRecord<'a> {
    fn from(section: &'a Section) -> Self {
        SectionRecord {
            title: Cow::Borrowed(&section.title),
            body: Cow::Borrowed(&section.body),
        }
    }
}

impl From<SectionRecord<'_>> for Section {
    fn from(record: SectionRecord) -> Self {
        Section {
            title: record.title.into_owned(),
            body: record.body.into_owned(),
        }
    }
}

/// The schema says what the writer writes: every key, `null` included, so
/// all are required, and no defaults (those are the reader's leniency).
#[cfg(test)]
fn wire_schema(schema: &mut schemars::Schema) {
    let mut keys: Vec<serde_json::Value> = Vec::new();
    if let Some(properties) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
        for (key, property) in properties.iter_mut() {
            keys.push(key.clone().into());
            if let Some(property) = property.as_object_mut() {
                property.remove("default");
            }
        }
    }
    schema.insert("required".into(), keys.into());
}

/// A source's `image` is written only when it has one.
#[cfg(test)]
fn source_schema(schema: &mut schemars::Schema) {
    wire_schema(schema);
    if let Some(required) = schema.get_mut("required").and_then(|r| r.as_array_mut()) {
        required.retain(|key| key != "image");
    }
    if let Some(image) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("image"))
    {
        image["type"] = "string".into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn schema_path() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/event.schema.json")
    }

    fn generated_schema() -> String {
        let schema = schemars::schema_for!(EventRecord<'static>);
        serde_json::to_string_pretty(&schema).unwrap() + "\n"
    }

    /// `UPDATE_SCHEMA=1 cargo test --lib schema` rewrites the committed file.
    #[test]
    fn committed_schema_matches_the_wire_types() {
        let generated = generated_schema();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(schema_path(), &generated).unwrap();
        }
        let committed = std::fs::read_to_string(schema_path()).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/event.schema.json is stale; run `UPDATE_SCHEMA=1 cargo test --lib schema` and commit it"
        );
    }

    #[test]
    fn every_schema_field_is_documented() {
        let docs = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/exports.md"),
        )
        .unwrap();
        let schema: serde_json::Value = serde_json::from_str(&generated_schema()).unwrap();
        let mut names = Vec::new();
        let mut collect = |props: &serde_json::Value| {
            names.extend(props.as_object().unwrap().keys().cloned());
        };
        collect(&schema["properties"]);
        for def in schema["$defs"].as_object().unwrap().values() {
            collect(&def["properties"]);
        }
        assert!(names.len() > 20, "{names:?}");
        for name in names {
            assert!(
                docs.contains(&format!("`{name}`")),
                "`{name}` is not in docs/exports.md"
            );
        }
    }

    /// Written and read by the same type: an event with every field goes
    /// out and comes back equal; `id` of any type is read and dropped.
    #[test]
    fn a_full_event_reads_back_equal_and_id_is_ignored() {
        let date = NaiveDate::from_ymd_opt(2018, 2, 6).unwrap();
        let mut event = Event::new(date, "H \"q\"\n");
        event.category = Some("C".into());
        event.summary = Some("S\\".into());
        event.contexts = vec!["Syria".into()];
        event.sources = vec![Source::new("AP", "http://a.example/1")];
        event.related = vec![Related::new("R", "/news/r.md", vec!["Syria".into()])];
        event.revisions = vec![Revision {
            headline: "Old".into(),
            path: "/news/old.md".into(),
            timestamp: date.and_hms_opt(13, 49, 30),
            label: Some("First version".into()),
        }];
        event.path = Some("/news/2018/02/6/a.md".into());
        event.date_link = Some("/news/2018/02/6/index.md".into());
        event.formats = vec![Link::new("HTML", "/a.html")];
        event.extra_sections = vec![Section {
            title: "Foo:".into(),
            body: "bar".into(),
        }];
        let line = serde_json::to_string(&EventRecord::from_event(&event)).unwrap();
        let back: EventRecord = serde_json::from_str(&line).unwrap();
        assert_eq!(Event::from(back), event);
        let line = line.replacen("\"/news/2018/02/6/a\"", "[1,{}]", 1);
        let back: EventRecord = serde_json::from_str(&line).unwrap();
        assert_eq!(Event::from(back), event);
    }
}
