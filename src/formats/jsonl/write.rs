//! JSON Lines: one event per line, for pandas, DuckDB and `jq`.
//!
//! The line's shape is [`EventRecord`], a serialize-only wire type kept
//! apart from the model so that the published schema
//! (`docs/event.schema.json`) changes only when we mean it to.

use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::error::Result;
use crate::formats::writer::{Encode, Writer};
use crate::id::event_id;
use crate::model::{Event, Link, Related, Revision, Section, Source};

/// Writes one event per line as a JSON object (see `docs/jsonl-csv.md`).
pub struct JsonlWriter<W: Write> {
    out: W,
    /// Lines built in memory, written in one call once [`BATCH`] is reached.
    lines: String,
}

/// Bytes of lines handed to `out` at once: as large as the CLI's output
/// buffer, so `BufWriter` passes them through instead of copying them.
const BATCH: usize = 64 * 1024;

impl<W: Write> JsonlWriter<W> {
    /// A writer into `out`.
    pub fn new(out: W) -> Self {
        JsonlWriter {
            out,
            lines: String::with_capacity(2 * BATCH),
        }
    }
}

impl<W: Write> Writer for JsonlWriter<W> {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        super::record::event(&mut self.lines, event);
        self.lines.push('\n');
        if self.lines.len() >= BATCH {
            self.out.write_all(self.lines.as_bytes())?;
            self.lines.clear();
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.out.write_all(self.lines.as_bytes())?;
        self.lines.clear();
        self.out.flush()?;
        Ok(())
    }

    fn encoder(&self) -> Option<Box<dyn Encode>> {
        Some(Box::new(JsonlEncoder))
    }

    fn write_encoded(&mut self, records: &str) -> Result<()> {
        if self.lines.len() + records.len() < BATCH {
            self.lines.push_str(records);
        } else {
            self.out.write_all(self.lines.as_bytes())?;
            self.lines.clear();
            self.out.write_all(records.as_bytes())?;
        }
        Ok(())
    }
}

/// JSON Lines records need nothing but their event.
struct JsonlEncoder;

impl Encode for JsonlEncoder {
    fn encode(&self, events: &[Event], out: &mut String) {
        for event in events {
            super::record::event(out, event);
            out.push('\n');
        }
    }
}

/// An absent text, and an empty one, are written as `null`.
pub(crate) fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|s| !s.is_empty())
}

/// Every key is written, `null` included, so the schema requires them all.
#[cfg(test)]
fn all_required(schema: &mut schemars::Schema) {
    let keys: Vec<serde_json::Value> = schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().map(Into::into).collect())
        .unwrap_or_default();
    schema.insert("required".into(), keys.into());
}

/// One news event, as one line of `currents convert --to jsonl`. Every key is
/// always present: an absent text is `null`, an absent list is `[]`.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(
    test,
    schemars(title = "currents event", deny_unknown_fields, transform = all_required)
)]
pub(crate) struct EventRecord<'a> {
    /// Stable identifier (docs/site-mode.md): in site mode the path of the
    /// event's first version without `.md`, or the id ledger's; for an
    /// event without a path, `<date>/<headline slug>` (never starts with
    /// `/`). Readers keep it when the other fields do not give it.
    pub id: String,
    /// The day the event belongs to (ISO 8601, `YYYY-MM-DD`).
    pub date: NaiveDate,
    /// The headline, as inline markdown source.
    pub headline: &'a str,
    /// The topic line above the headline, or `null`.
    pub category: Option<&'a str>,
    /// The summary paragraph, or `null`.
    pub summary: Option<&'a str>,
    /// Context tags, in page order.
    pub contexts: &'a [String],
    /// The Sources section, in page order.
    pub sources: Vec<SourceRecord<'a>>,
    /// The Related section, in page order.
    pub related: Vec<RelatedRecord<'a>>,
    /// The Changes section (revision history), in page order.
    pub revisions: Vec<RevisionRecord<'a>>,
    /// The event page's site path (`/news/YYYY/MM/D/<slug>.md`), or `null`.
    pub path: Option<&'a str>,
    /// The target of the page's date link, or `null`.
    pub date_link: Option<&'a str>,
    /// The `Formats:` line links, in page order.
    pub formats: Vec<LinkRecord<'a>>,
    /// Sections the model has no field for, kept as written, in page order.
    pub extra_sections: Vec<SectionRecord<'a>>,
    /// The address of the Sources list's `Cover Image` (a picture, not a
    /// source), or `null`.
    pub image: Option<&'a str>,
}

impl<'a> EventRecord<'a> {
    pub(crate) fn from_event(event: &'a Event) -> Self {
        EventRecord {
            id: event_id(event),
            date: event.date,
            headline: &event.headline,
            category: text(&event.category),
            summary: text(&event.summary),
            contexts: &event.contexts,
            sources: event.sources.iter().map(SourceRecord::from).collect(),
            related: event.related.iter().map(RelatedRecord::from).collect(),
            revisions: event.revisions.iter().map(RevisionRecord::from).collect(),
            path: text(&event.path),
            date_link: text(&event.date_link),
            formats: event.formats.iter().map(LinkRecord::from).collect(),
            extra_sections: event
                .extra_sections
                .iter()
                .map(SectionRecord::from)
                .collect(),
            image: text(&event.image),
        }
    }
}

/// One item of the Sources section.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Source", deny_unknown_fields, transform = all_required))]
pub(crate) struct SourceRecord<'a> {
    /// The outlet's name (the link text).
    pub name: &'a str,
    /// The article's address.
    pub url: &'a str,
}

impl<'a> From<&'a Source> for SourceRecord<'a> {
    fn from(source: &'a Source) -> Self {
        SourceRecord {
            name: &source.name,
            url: &source.url,
        }
    }
}

/// One item of the Related section.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Related", deny_unknown_fields, transform = all_required))]
pub(crate) struct RelatedRecord<'a> {
    /// The related event's headline.
    pub headline: &'a str,
    /// Its site path.
    pub path: &'a str,
    /// The context tags it shares with this event.
    pub contexts: &'a [String],
}

impl<'a> From<&'a Related> for RelatedRecord<'a> {
    fn from(related: &'a Related) -> Self {
        RelatedRecord {
            headline: &related.headline,
            path: &related.path,
            contexts: &related.contexts,
        }
    }
}

/// One item of the Changes section.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Revision", deny_unknown_fields, transform = all_required))]
pub(crate) struct RevisionRecord<'a> {
    /// The headline of this revision.
    pub headline: &'a str,
    /// The site path this revision lived at.
    pub path: &'a str,
    /// When the revision was made (ISO 8601, `YYYY-MM-DDTHH:MM:SS`, no time zone), or `null`.
    pub timestamp: Option<NaiveDateTime>,
    /// `First version`, `Update`, `Current version`, another note as written, or `null`.
    pub label: Option<&'a str>,
}

impl<'a> From<&'a Revision> for RevisionRecord<'a> {
    fn from(revision: &'a Revision) -> Self {
        RevisionRecord {
            headline: &revision.headline,
            path: &revision.path,
            timestamp: revision.timestamp,
            label: text(&revision.label),
        }
    }
}

/// A `[text](url)` link.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Link", deny_unknown_fields, transform = all_required))]
pub(crate) struct LinkRecord<'a> {
    /// The link text.
    pub text: &'a str,
    /// The destination.
    pub url: &'a str,
}

impl<'a> From<&'a Link> for LinkRecord<'a> {
    fn from(link: &'a Link) -> Self {
        LinkRecord {
            text: &link.text,
            url: &link.url,
        }
    }
}

/// A section the model has no field for.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Section", deny_unknown_fields, transform = all_required))]
pub(crate) struct SectionRecord<'a> {
    /// The heading text without `### `, e.g. `Foo:`.
    pub title: &'a str,
    /// The section's blocks, as markdown source.
    pub body: &'a str,
}

impl<'a> From<&'a Section> for SectionRecord<'a> {
    fn from(section: &'a Section) -> Self {
        SectionRecord {
            title: &section.title,
            body: &section.body,
        }
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

    /// `UPDATE_SCHEMA=1 cargo test` rewrites the committed file.
    #[test]
    fn committed_schema_matches_the_wire_types() {
        let generated = generated_schema();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(schema_path(), &generated).unwrap();
        }
        let committed = std::fs::read_to_string(schema_path()).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/event.schema.json is stale; run `UPDATE_SCHEMA=1 cargo test` and commit it"
        );
    }

    #[test]
    fn every_schema_field_is_documented() {
        let docs = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/jsonl-csv.md"),
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
                "`{name}` is not in docs/jsonl-csv.md"
            );
        }
    }

    #[test]
    fn absent_values_are_null_or_empty_lists_and_keys_keep_their_order() {
        let date = NaiveDate::from_ymd_opt(2015, 11, 25).unwrap();
        let mut event = Event::new(date, "Héadline — \"quoted\"");
        event.category = Some(String::new());
        let mut out = Vec::new();
        let mut writer = JsonlWriter::new(&mut out);
        writer.write_event(&event).unwrap();
        writer.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            concat!(
                r#"{"id":"2015-11-25/h-adline-quoted","date":"2015-11-25","#,
                r#""headline":"Héadline — \"quoted\"","category":null,"summary":null,"#,
                r#""contexts":[],"sources":[],"related":[],"revisions":[],"path":null,"#,
                r#""date_link":null,"formats":[],"extra_sections":[],"image":null}"#,
                "\n"
            )
        );
    }
}
