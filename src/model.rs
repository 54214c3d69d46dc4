//! The typed model: plain data, serializable, free of parser types.
//!
//! Text fields hold the page's inline markdown source as written (HTML
//! entities and MediaWiki residue included), minus the padding spaces that
//! markdown itself ignores (inside link text and after heading markers).
//! URLs are the link destinations as markdown resolves them.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The name of the Sources item that is the event's picture, not a source.
pub const COVER_IMAGE: &str = "Cover Image";

/// The text of the link after a source's name that is that source's picture
/// (`1. [BBC](url) [IMG](picture)`).
pub const IMAGE_LINK: &str = "IMG";

/// One parsed page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Document {
    /// An event page: `news/YYYY/MM/D/<slug>.md`.
    Event(Event),
    /// A day page: `news/YYYY/MM/D/index.md` or `README.md`.
    Day(Day),
    /// The site's front page: several days, opinion items, separators.
    FrontPage(FrontPage),
    /// Prose (api/, faq/, opinion/ pages) or anything else without news.
    NotEvent(NotEvent),
}

impl Document {
    /// The events this page carries, in page order.
    pub fn events(&self) -> Box<dyn Iterator<Item = &Event> + '_> {
        match self {
            Document::Event(event) => Box::new(std::iter::once(event)),
            Document::Day(day) => Box::new(day.events.iter()),
            Document::FrontPage(front) => Box::new(front.days().flat_map(|day| day.events.iter())),
            Document::NotEvent(_) => Box::new(std::iter::empty()),
        }
    }

    /// A short name for the page kind, as used in messages and JSON.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Document::Event(_) => "event",
            Document::Day(_) => "day",
            Document::FrontPage(_) => "front_page",
            Document::NotEvent(_) => "not_event",
        }
    }
}

/// One news item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Event {
    /// The day the event belongs to.
    pub date: NaiveDate,
    /// The headline, as inline markdown source.
    pub headline: String,
    /// The topic line (`##### Topic`) above the headline, when present.
    pub category: Option<String>,
    /// The summary paragraph, when present.
    pub summary: Option<String>,
    /// Context tags (`_Context: a, b_`), as a day page lists them.
    pub contexts: Vec<String>,
    /// The `### Source:` / `### Sources:` items, without the Cover Image.
    pub sources: Vec<Source>,
    /// The address of the `Cover Image` item of the Sources list: a picture
    /// for the event, not a source (two events may share a generic one).
    #[serde(default)]
    pub image: Option<String>,
    /// The `### Related:` items.
    pub related: Vec<Related>,
    /// The `### Changes:` items: the page's revision history.
    pub revisions: Vec<Revision>,
    /// The site path of the event page, e.g. `/news/2017/06/19/slug.md`.
    pub path: Option<String>,
    /// The target of the date link (`### [date](target)`), when the page has one.
    pub date_link: Option<String>,
    /// The `Formats:` line links, when present.
    pub formats: Vec<Link>,
    /// Sections this model has no field for (`### Foo:`), kept in order.
    pub extra_sections: Vec<Section>,
    /// The event's identifier, when it is not the one [`Event::id`] derives
    /// from the path: site mode sets it (the first version's path, or the
    /// id ledger's), and so do readers of records that carry another one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Event {
    /// An event with a date and headline and nothing else.
    pub fn new(date: NaiveDate, headline: impl Into<String>) -> Self {
        Event {
            date,
            headline: headline.into(),
            category: None,
            summary: None,
            contexts: Vec::new(),
            sources: Vec::new(),
            related: Vec::new(),
            revisions: Vec::new(),
            path: None,
            date_link: None,
            formats: Vec::new(),
            extra_sections: Vec::new(),
            image: None,
            id: None,
        }
    }

    /// The stable identifier: the one set in [`Event::id`](field@Event::id),
    /// else the site path without `.md`, when known.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref().or_else(|| self.path_id())
    }

    /// The identifier the path alone gives: the site path without `.md`.
    pub fn path_id(&self) -> Option<&str> {
        self.path
            .as_deref()
            .map(|p| p.strip_suffix(".md").unwrap_or(p))
    }

    /// When the event was first published, as its Changes list says: the
    /// `(First version)` item's timestamp, else the earliest one.
    pub fn published(&self) -> Option<NaiveDateTime> {
        let first = self.revisions.iter().find(|r| r.is_first());
        first
            .and_then(|r| r.timestamp)
            .or_else(|| self.revisions.iter().filter_map(|r| r.timestamp).min())
    }

    /// When the event was last revised, as its Changes list says: the
    /// newest timestamp.
    pub fn updated(&self) -> Option<NaiveDateTime> {
        self.revisions.iter().filter_map(|r| r.timestamp).max()
    }
}

/// A `[text](url)` link.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Link {
    /// The link text, as inline markdown source.
    pub text: String,
    /// The destination.
    pub url: String,
}

impl Link {
    /// A link from its text and destination.
    pub fn new(text: impl Into<String>, url: impl Into<String>) -> Self {
        Link {
            text: text.into(),
            url: url.into(),
        }
    }
}

/// One item of the Sources section.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Source {
    /// The outlet's name (the link text).
    pub name: String,
    /// The article's address.
    pub url: String,
    /// The address of the `[IMG](…)` link after the name: the source's
    /// picture, not a second source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

impl Source {
    /// A source from its name and address.
    pub fn new(name: impl Into<String>, url: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            url: url.into(),
            image: None,
        }
    }
}

/// One item of the Related section.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Related {
    /// The related event's headline.
    pub headline: String,
    /// Its site path.
    pub path: String,
    /// The context tags shared with this event.
    pub contexts: Vec<String>,
}

impl Related {
    /// A related item from its headline, path and contexts.
    pub fn new(
        headline: impl Into<String>,
        path: impl Into<String>,
        contexts: Vec<String>,
    ) -> Self {
        Related {
            headline: headline.into(),
            path: path.into(),
            contexts,
        }
    }
}

/// One item of the Changes section.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Revision {
    /// The headline of this revision.
    pub headline: String,
    /// The site path this revision lived at.
    pub path: String,
    /// When the revision was made, when the page says.
    pub timestamp: Option<NaiveDateTime>,
    /// `First version`, `Update`, `Current version`, or the note as written.
    pub label: Option<String>,
}

impl Revision {
    /// True for the `(Current version)` item.
    pub fn is_current(&self) -> bool {
        self.label.as_deref() == Some("Current version")
    }

    /// True for the `(First version)` item.
    pub fn is_first(&self) -> bool {
        self.label.as_deref() == Some("First version")
    }
}

/// A section the model has no field for, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The heading text without `### `, e.g. `Foo:`.
    pub title: String,
    /// The section's blocks, as markdown source.
    pub body: String,
}

/// The events of one date, as a day page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Day {
    /// The date.
    pub date: NaiveDate,
    /// The day page's site path, when known.
    pub path: Option<String>,
    /// The heading's label when it is not the date (`News`, `Yesterday` on the front page).
    pub label: Option<String>,
    /// The heading link's target.
    pub link: String,
    /// The `Formats:` line links, when present.
    pub formats: Vec<Link>,
    /// The day's events in page order (headline, path, category, summary or contexts).
    pub events: Vec<Event>,
    /// The `## [Previous Day...](...)` link, when present.
    pub previous_day: Option<Link>,
}

impl Day {
    /// A day with no events.
    pub fn new(date: NaiveDate, link: impl Into<String>) -> Self {
        Day {
            date,
            path: None,
            label: None,
            link: link.into(),
            formats: Vec::new(),
            events: Vec::new(),
            previous_day: None,
        }
    }
}

/// The site's front page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FrontPage {
    /// The page's site path, when known.
    pub path: Option<String>,
    /// The `Formats:` line links, when present.
    pub formats: Vec<Link>,
    /// The page's sections in order.
    pub sections: Vec<FrontSection>,
}

impl FrontPage {
    /// The days on the page, in page order.
    pub fn days(&self) -> impl Iterator<Item = &Day> {
        self.sections.iter().filter_map(|s| match s {
            FrontSection::Day(day) => Some(day),
            _ => None,
        })
    }

    /// The opinion items on the page, in page order.
    pub fn opinion(&self) -> impl Iterator<Item = &OpinionItem> {
        self.sections
            .iter()
            .filter_map(|s| match s {
                FrontSection::Opinion(items) => Some(items.iter()),
                _ => None,
            })
            .flatten()
    }
}

/// One block of the front page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "section", content = "content", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FrontSection {
    /// `## [News](...)`, `## [Yesterday](...)`, ... with their events.
    Day(Day),
    /// `## Opinion` with its items.
    Opinion(Vec<OpinionItem>),
    /// A `---` rule.
    Separator,
    /// The closing `## [Previous Day...](...)` link.
    PreviousDay(Link),
}

/// One item of an Opinion section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionItem {
    /// The article's title.
    pub title: String,
    /// The article's site path.
    pub path: String,
    /// The topic line above the title, when present.
    pub category: Option<String>,
    /// The one-line summary, when present.
    pub summary: Option<String>,
}

/// A page that holds no news: why, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NotEvent {
    /// The page's site path, when known.
    pub path: Option<String>,
    /// Why this is not an event document.
    pub reason: String,
}
