//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>): written from the
//! same entries as RSS and Atom, and read back (see `docs/feeds.md`).
//!
//! The wire types below are the spec both sides follow. What JSON Feed has
//! no field for (the category line, the `.md` page when the item's `url`
//! is the HTML page, the feed's rights) is in a `_currents` extension
//! object, as the spec provides; sources and related events are in
//! `content_html` with the same class names as in RSS and Atom.

mod read;
mod write;

pub use read::read;
pub(crate) use read::read_items;
pub(crate) use write::{entry_json, render};

use serde::{Deserialize, Serialize};

/// The `version` of the feeds written, and the prefix readers accept.
pub const VERSION: &str = "https://jsonfeed.org/version/1.1";

/// JSON Feed in the registry.
pub(crate) const FORMAT: super::Format = super::Format {
    input: Some(super::InputFormat::JsonFeed),
    feed: Some(super::FeedKind::Json),
    write: Some(|out, options| super::registry::feed_writer(super::FeedKind::Json, out, options)),
    ..super::Format::named(
        "jsonfeed",
        "JSON Feed 1.1: the newest events (docs/feeds.md)",
    )
};

/// The feed object without its items (written first, items streamed after).
#[derive(Debug, Serialize, Deserialize, Default)]
pub(crate) struct Head {
    pub version: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_page_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Author>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(rename = "_currents", default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<FeedExtension>,
}

/// A whole feed, as read.
#[derive(Debug, Deserialize)]
pub(crate) struct Feed {
    pub version: String,
    #[serde(default)]
    pub home_page_url: Option<String>,
    #[serde(default)]
    pub items: Vec<Item>,
}

/// An author.
#[derive(Debug, Serialize, Deserialize, Default)]
pub(crate) struct Author {
    pub name: String,
}

/// What the feed says that JSON Feed has no field for.
#[derive(Debug, Serialize, Deserialize, Default)]
pub(crate) struct FeedExtension {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
}

/// One item.
#[derive(Debug, Serialize, Deserialize, Default)]
pub(crate) struct Item {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_html: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(rename = "_currents", default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<ItemExtension>,
}

/// What an item says that JSON Feed has no field for.
#[derive(Debug, Serialize, Deserialize, Default)]
pub(crate) struct ItemExtension {
    /// The category line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The `.md` page, when `url` is the HTML page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markdown_url: Option<String>,
}
