//! What RSS and Atom share: the feed's options, the categories' schemes
//! and the entry HTML's class names (the spec both sides follow), the
//! format-neutral entry the `rss` and `atom` modules write as XML
//! (`entry`), reading that entry HTML back (`content`), and the
//! writers that choose, order and cut the entries ([`FeedWriter`],
//! [`SplitFeedWriter`]).

mod archive;
pub(crate) mod content;
pub(crate) mod entry;
mod site;
mod spill;
mod split;
mod writer;
pub(crate) mod xml;

pub use crate::formats::text::encode_uri;
pub use archive::{ArchiveWriter, ARCHIVE_DIR};
pub(crate) use site::FORMAT as SITE_FORMAT;
pub use site::{SiteFeed, SiteOptions, SiteWriter, SITE};
pub use writer::{merge_events, select, FeedWriter, SplitFeedWriter};

use crate::error::{Error, Result};
use crate::filter::EventFilter;

/// The `scheme` (Atom) / `domain` (RSS) of a category that is a context tag.
pub const CONTEXT_SCHEME: &str = "urn:currents:context";
/// The `scheme` / `domain` of the category that is the event's category line.
pub const CATEGORY_SCHEME: &str = "urn:currents:category";

/// The `class` names of the entry HTML's parts, which the readers find
/// them by.
pub(crate) mod class {
    /// The category line (`<p>`).
    pub const CATEGORY: &str = "category";
    /// The summary (`<p>`).
    pub const SUMMARY: &str = "summary";
    /// The context tags (`<p>`).
    pub const CONTEXTS: &str = "contexts";
    /// The list of sources (`<ul>`).
    pub const SOURCES: &str = "sources";
    /// A source's picture: a link after the source's (`<a>`).
    pub const SOURCE_IMAGE: &str = "source-image";
    /// The list of related events (`<ul>`).
    pub const RELATED: &str = "related";
}

/// A feed format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FeedKind {
    /// RSS 2.0.
    Rss,
    /// Atom 1.0 (RFC 4287).
    Atom,
    /// JSON Feed 1.1.
    Json,
}

impl FeedKind {
    /// The file extension used for this format's files.
    pub fn extension(self) -> &'static str {
        match self {
            FeedKind::Rss => "rss",
            FeedKind::Atom => "atom",
            FeedKind::Json => "json",
        }
    }
}

/// Where an entry's link points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntryLink {
    /// The HTML page the event's Formats line names, else its `.md` page.
    #[default]
    Html,
    /// The event's `.md` page.
    Markdown,
}

/// Everything a feed needs besides its events.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FeedOptions {
    /// The feed's title (not blank).
    pub title: String,
    /// The feed's subtitle (RSS `description`); default: "News events
    /// from SITE".
    pub subtitle: Option<String>,
    /// The feed's rights or licence statement, when given.
    pub rights: Option<String>,
    /// The site's base address as a URI (punycode host, percent-encoded
    /// path), without a trailing `/`; site paths (`/news/...`) are
    /// appended to it.
    pub site_url: String,
    /// The feed's own address (its self link); for split feeds, the folder
    /// the files are served from. Defaults to the site address.
    pub feed_url: Option<String>,
    /// The author's name; defaults to the title.
    pub author: Option<String>,
    /// A language tag (`en`, `pt-BR`).
    pub language: String,
    /// True until a language is set: a feed whose events are all of one
    /// edition then takes that edition's language (`zh`), else `language`.
    pub language_from_edition: bool,
    /// At most this many entries, newest first; 0 keeps all.
    pub limit: usize,
    /// Which events to include.
    pub filter: EventFilter,
    /// Where entry links point.
    pub link: EntryLink,
    /// Refuse to write a feed without entries (`--strict`).
    pub refuse_empty: bool,
    /// The site's own time zone (an IANA name), set by
    /// [`FeedOptions::with_timezone`]: date-only events are stamped at
    /// noon there instead of 10:00 UTC.
    pub timezone: Option<String>,
    zone: Option<chrono_tz::Tz>,
}

impl FeedOptions {
    /// Options for a site at `site_url` (an absolute `http(s)` address
    /// without query, fragment or credentials), titled "News events", in
    /// English, with the newest 50 events.
    pub fn new(site_url: &str) -> Result<Self> {
        Ok(FeedOptions {
            title: "News events".to_string(),
            subtitle: None,
            rights: None,
            site_url: check_url(site_url, "--site-url")?,
            feed_url: None,
            author: None,
            language: "en".to_string(),
            language_from_edition: true,
            limit: 50,
            filter: EventFilter::default(),
            link: EntryLink::default(),
            refuse_empty: false,
            timezone: None,
            zone: None,
        })
    }

    /// Sets the self link (checked like the site address).
    pub fn with_feed_url(mut self, url: &str) -> Result<Self> {
        self.feed_url = Some(check_url(url, "--feed-url")?);
        Ok(self)
    }

    /// Sets the title; a blank one is refused.
    pub fn with_title(mut self, title: &str) -> Result<Self> {
        self.title = not_blank(title, "--title")?;
        Ok(self)
    }

    /// Sets the author's name; a blank one is refused.
    pub fn with_author(mut self, author: &str) -> Result<Self> {
        self.author = Some(not_blank(author, "--author")?);
        Ok(self)
    }

    /// Stamps date-only events at noon in the zone `name` (IANA, like
    /// `Europe/Berlin`), so a site's readers in its own zone see the day.
    pub fn with_timezone(mut self, name: &str) -> Result<Self> {
        let zone: chrono_tz::Tz = name.parse().map_err(|_| {
            Error::Usage(format!(
                "--timezone: `{name}` is not an IANA time zone name (like Europe/Berlin, UTC)"
            ))
        })?;
        self.timezone = Some(zone.name().to_string());
        self.zone = Some(zone);
        Ok(self)
    }

    /// The instant (UTC) a date-only event of `date` is stamped with: 10:00
    /// UTC (docs/feeds.md, "Dates"), or noon in `--timezone`'s zone.
    pub(crate) fn day_stamp(&self, date: chrono::NaiveDate) -> chrono::NaiveDateTime {
        use chrono::TimeZone;
        let Some(zone) = self.zone else {
            return date.and_time(entry::DAY_TIME);
        };
        let noon = date.and_hms_opt(12, 0, 0).unwrap_or_default();
        match zone.from_local_datetime(&noon).earliest() {
            Some(local) => local.naive_utc(),
            // No zone skips noon; if one did, 10:00 UTC is still that day near it.
            None => date.and_time(entry::DAY_TIME),
        }
    }

    /// Sets the language after checking it is a well-formed language tag.
    pub fn with_language(mut self, tag: &str) -> Result<Self> {
        if !is_language_tag(tag) {
            return Err(Error::Usage(format!(
                "--language: `{tag}` is not a language tag (like `en`, `de`, `pt-BR`)"
            )));
        }
        self.language = tag.to_string();
        self.language_from_edition = false;
        Ok(self)
    }

    /// The absolute address of a site path or link destination (see
    /// `docs/feeds.md`, "Links"); `None` for a destination that may not
    /// become a live link (`javascript:`, `data:`…).
    pub fn absolute(&self, path: &str) -> Option<String> {
        crate::link::absolute(&self.site_url, path)
    }

    /// The absolute address of a link destination found on the page at
    /// the site path `page` (relative links resolve against that page).
    pub fn absolute_from(&self, page: Option<&str>, link: &str) -> Option<String> {
        crate::link::absolute_from(&self.site_url, page, link)
    }

    /// The self link of one of split feeds, written to the file
    /// `split_file`, or of the single feed (`None`): for a single feed
    /// `--feed-url` as given, else `SITE/feed.<rss|atom>`; for split feeds
    /// `--feed-url` (or the site) is the folder the file is in.
    pub fn self_link(&self, kind: FeedKind, split_file: Option<&str>) -> String {
        match (split_file, &self.feed_url) {
            (None, Some(url)) => url.clone(),
            (None, None) => format!("{}/feed.{}", self.site_url, kind.extension()),
            (Some(file), base) => {
                let base = base.as_deref().unwrap_or(&self.site_url);
                encode_uri(&format!("{}/{file}", base.trim_end_matches('/')))
            }
        }
    }
}

fn check_url(url: &str, flag: &str) -> Result<String> {
    crate::link::site_address(url).map_err(|why| Error::Usage(format!("{flag}: `{url}` {why}")))
}

fn not_blank(text: &str, flag: &str) -> Result<String> {
    let plain = crate::formats::text::plain_text(text);
    if plain.is_empty() {
        return Err(Error::Usage(format!(
            "{flag}: `{text}` is blank (nothing a reader would see)"
        )));
    }
    Ok(text.trim().to_string())
}

/// True for a well-formed BCP 47 language tag in its common shapes:
/// a 2–3 letter language, then subtags of 1–8 letters or digits.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}
