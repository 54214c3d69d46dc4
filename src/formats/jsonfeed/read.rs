//! Reading JSON Feed 1.x back into events (see docs/feeds.md): the same
//! rules as the RSS and Atom readers, from the same entry HTML.

use chrono::NaiveDateTime;

use super::{Feed, Item};
use crate::error::{Error, Result};
use crate::formats::feed::content::{
    content_parts, finish_event, is_day_stamp, model_related, model_sources, model_text, site_path,
};
use crate::formats::text::collapse_whitespace;
use crate::formats::{writable_date, FeedItem, ItemError};
use crate::model::{Event, Link};

/// Reads the items of a JSON Feed document as events, in document order.
pub fn read(bytes: &[u8]) -> Result<Vec<Event>> {
    crate::formats::all_or_error(read_items(bytes))
}

/// Reads each item as an event, or an error naming the item: one bad item
/// does not lose the others. A document that is no JSON Feed is one error.
pub(crate) fn read_items(bytes: &[u8]) -> Vec<FeedItem> {
    let feed = match feed(bytes) {
        Ok(feed) => feed,
        Err(e) => return vec![Err(ItemError::new(0, e.to_string()))],
    };
    let site = feed.home_page_url.as_deref();
    let items = feed.items.into_iter().enumerate();
    // serde keeps no positions: an item's error names its number instead.
    items
        .map(|(i, item)| to_event(item, site, i + 1).map_err(|e| ItemError::new(0, e.to_string())))
        .collect()
}

fn feed(bytes: &[u8]) -> Result<Feed> {
    let feed: Feed = serde_json::from_slice(bytes)
        .map_err(|e| Error::Format(format!("not a JSON Feed: {e}")))?;
    if !feed.version.starts_with("https://jsonfeed.org/version/1") {
        return Err(Error::Format(format!(
            "not a JSON Feed: version `{}`",
            feed.version
        )));
    }
    Ok(feed)
}

fn utc(text: Option<&str>) -> Option<NaiveDateTime> {
    let time = chrono::DateTime::parse_from_rfc3339(text?.trim()).ok()?;
    Some(time.naive_utc())
}

fn to_event(item: Item, site: Option<&str>, number: usize) -> Result<Event> {
    let published = utc(item.date_published.as_deref()).or(utc(item.date_modified.as_deref()));
    let Some(published) = published else {
        return Err(Error::Format(format!(
            "item {number} ({}): no valid date_published or date_modified",
            item.id
        )));
    };
    let title = collapse_whitespace(item.title.as_deref().unwrap_or_default());
    let date = writable_date(published.date())
        .map_err(|why| Error::Format(format!("item {number} ({}): date: {why}", item.id)))?;
    let mut event = Event::new(date, model_text(&title));
    let extension = item.extension.unwrap_or_default();
    let tagged = item.id.starts_with("tag:");
    if let Some(url) = &item.url {
        if tagged {
            event.date_link = Some(site_path(url, site));
        } else {
            event.path = Some(site_path(url, site));
        }
    }
    if let Some(markdown) = &extension.markdown_url {
        let html = event.path.replace(site_path(markdown, site));
        event.formats = html.map(|h| Link::new("HTML", h)).into_iter().collect();
    }
    let id = Some(site_path(&item.id, site)).filter(|id| id.starts_with('/'));
    let times = Some(published)
        .filter(|t| !is_day_stamp(*t))
        .map(|t| (t, utc(item.date_modified.as_deref())));
    finish_event(&mut event, id, times);
    event.image = item.image.map(|href| site_path(&href, site));
    event.category = extension
        .category
        .map(|c| model_text(&collapse_whitespace(&c)));
    event.contexts = item
        .tags
        .iter()
        .map(|t| model_text(&collapse_whitespace(t)))
        .collect();
    let parts = item
        .content_html
        .as_deref()
        .map(content_parts)
        .unwrap_or_default();
    event.summary = item
        .summary
        .or(parts.summary)
        .filter(|s| !s.is_empty())
        .map(|s| model_text(&s));
    event.sources = model_sources(parts.sources);
    event.related = model_related(parts.related, site);
    Ok(event)
}
