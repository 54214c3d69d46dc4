//! Identifiers for events that have no site path: a slug of the headline,
//! else of the file name, else a short stable hash, so that no two events
//! of one day share a placeholder. Site paths and the rule that picks an
//! event's id in site mode are in [`crate::site`].

use chrono::NaiveDate;

use crate::model::Event;

/// Longest slug used by the fallback identifier, in bytes.
pub(crate) const SLUG_MAX: usize = 100;

/// `text` lowercased, every run of characters other than ASCII letters and
/// digits turned into one `-`, cut to [`SLUG_MAX`] bytes; may be empty.
pub(crate) fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
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
    let end = slug.trim_end_matches('-').len();
    slug.truncate(end);
    slug
}

/// The identifier of an event without a path: `<date>/<slug>` of the
/// headline, else of `file_stem` (the page's file name without its
/// extension), else `<date>/h<12 hex digits>`, a hash of the headline.
pub(crate) fn fallback_id(date: NaiveDate, headline: &str, file_stem: Option<&str>) -> String {
    let slug = Some(slug(headline))
        .filter(|s| !s.is_empty())
        .or_else(|| file_stem.map(slug).filter(|s| !s.is_empty()));
    match slug {
        Some(slug) => format!("{date}/{slug}"),
        None => format!("{date}/h{:012x}", stable_hash(headline) >> 16),
    }
}

/// FNV-1a, 64 bits: the same on every platform and in every release.
pub(crate) fn stable_hash(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Gives a record read back its identifier `id`, stored only when the
/// other fields would not derive it, so that such records equal the parsed
/// events they were written from.
pub(crate) fn keep_id(event: &mut Event, id: String) {
    event.id = None;
    if crate::id::event_id(event) != id {
        event.id = Some(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2016, 12, 5).unwrap()
    }

    #[test]
    fn a_headline_without_a_slug_takes_the_file_name_then_a_hash() {
        assert_eq!(
            fallback_id(day(), "Fire in Moscow", Some("x")),
            "2016-12-05/fire-in-moscow"
        );
        assert_eq!(
            fallback_id(day(), "東京で地震", Some("tokyo-quake")),
            "2016-12-05/tokyo-quake"
        );
        let tokyo = fallback_id(day(), "東京で地震", None);
        let moscow = fallback_id(day(), "Москва: пожар", Some("Москва"));
        assert_ne!(tokyo, moscow);
        assert!(
            tokyo.starts_with("2016-12-05/h") && tokyo.len() == 24,
            "{tokyo}"
        );
        assert_eq!(tokyo, fallback_id(day(), "東京で地震", Some("東京")));
    }

    #[test]
    fn the_hash_is_fnv_1a() {
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
