//! The stable identifier that JSON Lines and CSV give each event.

use crate::model::Event;

/// Longest headline slug used by the fallback identifier, in bytes.
const SLUG_MAX: usize = 100;

/// The event's stable identifier.
///
/// It is the site path without `.md` (`/news/2017/06/19/<slug>`) when the
/// event has a path. An event without one (a page read from outside a
/// `news/` folder, such as the seed page) gets `<date>/<headline slug>`
/// instead: the ISO date, a `/`, then the headline lowercased with every
/// run of characters other than ASCII letters and digits turned into one
/// `-`, cut to 100 bytes. It never starts with `/`, so it cannot be taken
/// for a site path, and it is the same on every run for the same event.
///
/// ```
/// use currents::{event_id, Event};
/// let date = chrono::NaiveDate::from_ymd_opt(2015, 11, 25).unwrap();
/// let mut event = Event::new(date, "Russia's crackdown — fuels \"exodus\"");
/// assert_eq!(event_id(&event), "2015-11-25/russia-s-crackdown-fuels-exodus");
/// event.path = Some("/news/2015/11/25/russia.md".into());
/// assert_eq!(event_id(&event), "/news/2015/11/25/russia");
/// ```
pub fn event_id(event: &Event) -> String {
    if let Some(id) = event.id() {
        return id.to_string();
    }
    let mut slug = String::new();
    for c in event.headline.chars() {
        if c.is_ascii_alphanumeric() {
            if slug.len() == SLUG_MAX {
                break;
            }
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            if slug.len() + 1 >= SLUG_MAX {
                break;
            }
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "event" } else { slug };
    format!("{}/{slug}", event.date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn event(headline: &str) -> Event {
        Event::new(NaiveDate::from_ymd_opt(1999, 1, 1).unwrap(), headline)
    }

    #[test]
    fn fallback_slug_is_cut_and_never_empty() {
        assert_eq!(event_id(&event("  —  ")), "1999-01-01/event");
        assert_eq!(event_id(&event("''Star Wars''")), "1999-01-01/star-wars");
        let long = event_id(&event(&"word ".repeat(100)));
        let slug = long.strip_prefix("1999-01-01/").unwrap();
        assert!(slug.len() <= SLUG_MAX && !slug.ends_with('-'), "{slug}");
    }
}
