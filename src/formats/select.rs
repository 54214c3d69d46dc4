//! Which events an output gets, and in which text: the filter
//! (`--since`, `--context`, `--grep`…) and the text mode (`--text`) put in
//! front of any writer, so every format filters and cleans alike.

use std::io::Write;

use super::{RecordFormat, Writer};
use crate::error::Result;
use crate::filter::EventFilter;
use crate::fix::Fix;
use crate::model::{Document, Event, FrontSection};

/// How the exported text is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TextMode {
    /// As the page says: inline markdown, HTML entities and MediaWiki
    /// residue kept (what reads back into the same pages).
    #[default]
    Source,
    /// The `fmt --fix` rules: entities decoded (`&quot;` → `"`), wiki
    /// residue made markdown (`''x''` → `*x*`), runs of spaces collapsed.
    /// Still inline markdown.
    Fixed,
    /// [`TextMode::Fixed`], then the markdown dropped: plain text as a
    /// reader sees it (`*x*` → `x`, `[t](u)` → `t`, `\<` → `<`).
    Plain,
}

impl TextMode {
    /// `event` in this mode's text.
    pub fn apply(self, event: &mut Event) {
        if self == TextMode::Source {
            return;
        }
        crate::fix::apply_to_event(event, &Fix::ALL);
        if self == TextMode::Plain {
            crate::fix::each_inline_text(event, &mut |text| {
                *text = super::text::plain_text(text);
            });
            // An emptied optional text is absent, as the readers read it.
            for text in [&mut event.category, &mut event.summary] {
                if text.as_deref() == Some("") {
                    *text = None;
                }
            }
        }
    }
}

/// The events to keep and the text to write them in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Selection {
    /// Which events are written.
    pub filter: EventFilter,
    /// How their text is written.
    pub text: TextMode,
}

impl Selection {
    /// A selection of the events `filter` keeps, in `text`.
    pub fn new(filter: EventFilter, text: TextMode) -> Self {
        Selection { filter, text }
    }

    /// True when it keeps every event as it is.
    pub fn is_everything(&self) -> bool {
        self.filter.is_empty() && self.text == TextMode::Source
    }

    /// The event as it is written, or `None` when it is left out.
    fn select<'e>(&self, event: &'e Event) -> Option<std::borrow::Cow<'e, Event>> {
        if !self.filter.matches(event) {
            return None;
        }
        if self.text == TextMode::Source {
            return Some(std::borrow::Cow::Borrowed(event));
        }
        let mut event = event.clone();
        self.text.apply(&mut event);
        Some(std::borrow::Cow::Owned(event))
    }

    /// The page with only the kept events, in the selection's text; `None`
    /// when a filter is set and it keeps none of the page's events.
    fn select_document(&self, document: &Document) -> Option<Document> {
        let mut document = document.clone();
        let mut kept = 0;
        retain_events(&mut document, &mut |event| {
            let keep = self.filter.matches(event);
            if keep {
                kept += 1;
                self.text.apply(event);
            }
            keep
        });
        (kept > 0 || self.filter.is_empty()).then_some(document)
    }
}

/// Keeps the page's events for which `keep` is true (it may change them).
fn retain_events(document: &mut Document, keep: &mut dyn FnMut(&mut Event) -> bool) {
    match document {
        Document::Event(event) => {
            keep(event);
        }
        Document::Day(day) => day.events.retain_mut(|e| keep(e)),
        Document::FrontPage(front) => {
            for section in &mut front.sections {
                if let FrontSection::Day(day) = section {
                    day.events.retain_mut(|e| keep(e));
                }
            }
        }
        Document::NotEvent(_) => {}
    }
}

/// A writer that passes on the events a [`Selection`] keeps, in its text.
pub struct SelectWriter<'w> {
    inner: Box<dyn Writer + 'w>,
    selection: Selection,
}

impl<'w> SelectWriter<'w> {
    /// Wraps `inner`.
    pub fn new(inner: Box<dyn Writer + 'w>, selection: Selection) -> Self {
        SelectWriter { inner, selection }
    }
}

impl Writer for SelectWriter<'_> {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        match self.selection.select(event) {
            Some(event) => self.inner.write_event(&event),
            None => Ok(()),
        }
    }

    fn write_document(&mut self, document: &Document) -> Result<()> {
        match self.selection.select_document(document) {
            Some(document) => self.inner.write_document(&document),
            None => Ok(()),
        }
    }

    fn finish(&mut self) -> Result<()> {
        self.inner.finish()
    }
}

/// A [`RecordFormat`] whose records writers pass on only what a
/// [`Selection`] keeps (so a run on every thread filters on every thread).
pub struct SelectFormat<'f> {
    inner: &'f dyn RecordFormat,
    selection: Selection,
}

impl<'f> SelectFormat<'f> {
    /// Wraps `inner`.
    pub fn new(inner: &'f dyn RecordFormat, selection: Selection) -> Self {
        SelectFormat { inner, selection }
    }
}

impl RecordFormat for SelectFormat<'_> {
    fn head(&self, out: &mut dyn Write) -> Result<()> {
        self.inner.head(out)
    }

    fn records<'a>(&self, out: Box<dyn Write + 'a>) -> Box<dyn Writer + 'a> {
        let inner = self.inner.records(out);
        Box::new(SelectWriter::new(inner, self.selection.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse_date;

    fn event(headline: &str) -> Event {
        let mut event = Event::new(parse_date("2017-06-19").unwrap(), headline);
        event.summary = Some("The ''Fitzgerald'' &amp; the  [MV](/x) ship.".into());
        event
    }

    #[test]
    fn text_modes_fix_then_drop_the_markdown() {
        let mut fixed = event("A &quot;B&quot;");
        TextMode::Fixed.apply(&mut fixed);
        assert_eq!(fixed.headline, "A \"B\"");
        assert_eq!(
            fixed.summary.as_deref(),
            Some("The *Fitzgerald* & the [MV](/x) ship.")
        );
        let mut plain = event("A &lt;b&gt;");
        TextMode::Plain.apply(&mut plain);
        assert_eq!(plain.headline, "A <b>");
        assert_eq!(
            plain.summary.as_deref(),
            Some("The Fitzgerald & the MV ship.")
        );
        let mut source = event("A &quot;B&quot;");
        TextMode::Source.apply(&mut source);
        assert_eq!(source, event("A &quot;B&quot;"));
    }

    #[test]
    fn a_selection_passes_on_only_the_events_it_keeps() {
        let mut out = Vec::new();
        let filter = EventFilter {
            grep: vec!["keep".into()],
            ..EventFilter::default()
        };
        let inner = Box::new(crate::formats::JsonlWriter::new(&mut out));
        let mut writer = SelectWriter::new(inner, Selection::new(filter, TextMode::Plain));
        writer.write_event(&event("Keep me")).unwrap();
        writer.write_event(&event("Drop me")).unwrap();
        writer.finish().unwrap();
        drop(writer);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert!(text.contains("The Fitzgerald & the MV ship."), "{text}");
    }
}
