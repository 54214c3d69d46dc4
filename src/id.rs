//! The stable identifier that JSON Lines and CSV give each event.

use crate::identity::fallback_id;
use crate::model::Event;

/// The event's stable identifier.
///
/// It is the one site mode gave the event ([`Event::id`], see
/// docs/site-mode.md), else the site path without `.md`
/// (`/news/2017/06/19/<slug>`) when the event has a path. An event without
/// one (a page read from outside a `news/` folder, such as the seed page)
/// gets `<date>/<headline slug>` instead: the ISO date, a `/`, then the
/// headline lowercased with every run of characters other than ASCII
/// letters and digits turned into one `-`, cut to 100 bytes (a headline
/// with CJK characters keeps its letters and digits of every script:
/// `2008-09-15/雷曼兄弟公司宣布申请破產保護`); a headline with no such
/// characters gives the page's file name instead (the parser sets that),
/// else `h` and twelve hex digits of a hash of the headline. It
/// never starts with `/`, so it cannot be taken for a site path, and it is
/// the same on every run for the same event.
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
    match event.id() {
        Some(id) => id.to_string(),
        None => fallback_id(event.date, &event.headline, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::SLUG_MAX;
    use chrono::NaiveDate;

    fn event(headline: &str) -> Event {
        Event::new(NaiveDate::from_ymd_opt(1999, 1, 1).unwrap(), headline)
    }

    #[test]
    fn fallback_slug_is_cut_and_never_empty() {
        assert_eq!(event_id(&event("  —  ")), "1999-01-01/ha895ede8f605");
        assert_eq!(event_id(&event("''Star Wars''")), "1999-01-01/star-wars");
        let long = event_id(&event(&"word ".repeat(100)));
        let slug = long.strip_prefix("1999-01-01/").unwrap();
        assert!(slug.len() <= SLUG_MAX && !slug.ends_with('-'), "{slug}");
    }
}
