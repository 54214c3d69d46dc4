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
    slug_of(text.chars().map(|c| c.to_ascii_lowercase()), |c| {
        c.is_ascii_alphanumeric()
    })
}

/// The characters `keep` accepts, other runs turned into one `-`, cut to
/// [`SLUG_MAX`] bytes on a character boundary, without a trailing `-`.
fn slug_of(chars: impl Iterator<Item = char>, keep: impl Fn(char) -> bool) -> String {
    let mut slug = String::new();
    for c in chars {
        if keep(c) {
            if slug.len() + c.len_utf8() > SLUG_MAX {
                break;
            }
            slug.push(c);
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

/// The slug of a headline or file name: [`slug`], except that text with
/// characters of another edition's script (CJK ideographs: see
/// [`crate::edition::Edition::script`]) keeps its letters and digits of
/// every script, lowercased, other runs turned into one `-`, cut to
/// [`SLUG_MAX`] bytes on a character boundary: `雷曼兄弟公司宣布申请破產保護`
/// stays itself, where the ASCII rule would leave nothing, or only the
/// Latin words of a mixed headline.
pub(crate) fn text_slug(text: &str) -> String {
    let other_script = crate::edition::EDITIONS.iter().any(|e| e.writes(text));
    if !other_script {
        return slug(text);
    }
    slug_of(
        text.chars().flat_map(char::to_lowercase),
        char::is_alphanumeric,
    )
}

/// The identifier of an event without a path: `<date>/<slug>` of the
/// headline, else of `file_stem` (the page's file name without its
/// extension), else `<date>/h<12 hex digits>`, a hash of the headline
/// (slugs by [`text_slug`]).
pub(crate) fn fallback_id(date: NaiveDate, headline: &str, file_stem: Option<&str>) -> String {
    let slug = Some(text_slug(headline))
        .filter(|s| !s.is_empty())
        .or_else(|| file_stem.map(text_slug).filter(|s| !s.is_empty()));
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
        // CJK text keeps its characters (and its Latin words, lowercased).
        assert_eq!(
            fallback_id(day(), "東京で地震", Some("tokyo-quake")),
            "2016-12-05/東京で地震"
        );
        assert_eq!(
            fallback_id(
                day(),
                "2014年科索沃议会选举 parliamentary election, 2014今天",
                None
            ),
            "2016-12-05/2014年科索沃议会选举-parliamentary-election-2014今天"
        );
        assert_eq!(
            fallback_id(day(), "—", Some("雷曼兄弟公司宣布申请破產保護")),
            "2016-12-05/雷曼兄弟公司宣布申请破產保護"
        );
        let long = text_slug(&"破產".repeat(60));
        assert!(long.len() <= SLUG_MAX && long.chars().all(|c| "破產".contains(c)));
        // Other scripts keep the ASCII rule: Cyrillic gives the file name, then a hash.
        let moscow = fallback_id(day(), "Москва: пожар", Some("Москва"));
        assert!(
            moscow.starts_with("2016-12-05/h") && moscow.len() == 24,
            "{moscow}"
        );
        assert_ne!(moscow, fallback_id(day(), "Киев: пожар", None));
    }

    #[test]
    fn the_hash_is_fnv_1a() {
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
