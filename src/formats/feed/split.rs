//! Split feeds' groups and file names. A group's file name depends only on
//! its tag, never on which other tags exist or arrive first, so a
//! subscriber's feed never silently becomes another tag's (docs/feeds.md,
//! "Split feeds").

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use crate::filter::{file_stem, SplitBy};
use crate::model::Event;

/// A tag as compared: trimmed, NFC, lowercase (with the folds lowercase
/// lacks: `ß` → `ss`, final `ς` and long `ſ`), so that visually identical
/// spellings (`Café` composed or not) and case variants are one tag.
pub(crate) fn fold(tag: &str) -> String {
    let mut folded = String::with_capacity(tag.len());
    for c in tag.trim().nfc().flat_map(char::to_lowercase) {
        match c {
            'ß' => folded.push_str("ss"),
            'ς' => folded.push('σ'),
            'ſ' => folded.push('s'),
            c => folded.push(c),
        }
    }
    folded
}

/// The file stem of a folded tag: its [`file_stem`] when the tag is the
/// slug's own spelling (the slug with its `-` read as spaces: `hong kong`
/// for `hong-kong`), else the slug and 8 hex digits of a hash of the tag
/// (`hong-kong-1c2d3e4f` for `hong-kong`). At most one tag is a slug's own
/// spelling, so names never collide (but for a 32-bit hash) and adding a
/// tag never renames another's feed.
pub(crate) fn stable_stem(folded: &str) -> String {
    let slug = file_stem(folded);
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if slug.replace('-', " ") == collapsed && collapsed == folded {
        return slug;
    }
    format!("{slug}-{:08x}", fnv1a(folded) as u32)
}

/// FNV-1a, 64 bits: the same on every machine and in every version.
fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The groups of an event: (folded key, key as shown) of each of its
/// tags, its category line or its day, each group once.
pub(crate) fn keys(split: SplitBy, event: &Event) -> Vec<(String, String)> {
    let shown: Vec<String> = match split {
        SplitBy::Day => vec![event.date.format("%Y-%m-%d").to_string()],
        SplitBy::Category => event
            .category
            .iter()
            .map(|c| crate::formats::text::plain_text(c))
            .collect(),
        _ => event
            .contexts
            .iter()
            .map(|c| c.trim().nfc().collect())
            .collect(),
    };
    let mut seen = HashSet::new();
    shown
        .into_iter()
        .filter(|key| !key.is_empty())
        .map(|key| (fold(&key), key))
        .filter(|(folded, _)| seen.insert(folded.clone()))
        .collect()
}

/// The file stem of a group: its day, or [`stable_stem`] of its tag.
pub(crate) fn stem(split: SplitBy, folded: &str) -> String {
    match split {
        SplitBy::Day => folded.to_string(),
        _ => stable_stem(folded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_depend_on_the_tag_alone() {
        assert_eq!(stable_stem(&fold("Hong Kong")), "hong-kong");
        let hyphenated = stable_stem(&fold("Hong-Kong"));
        assert!(
            hyphenated.starts_with("hong-kong-") && hyphenated.len() == 18,
            "{hyphenated}"
        );
        assert_eq!(stable_stem(&fold("U.S.")), stable_stem("u.s."));
        assert_ne!(stable_stem(&fold("U.S.")), "u-s");
        assert_eq!(stable_stem(&fold("Öcalan")), "öcalan");
        // Composed and decomposed é, and case: one tag.
        assert_eq!(fold("Caf\u{e9}"), fold("CAFE\u{301}"));
        assert_eq!(fold("Straße"), fold("STRASSE"));
    }

    #[test]
    fn an_event_is_in_each_group_once() {
        let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let mut event = Event::new(date, "E");
        event.contexts = vec![
            "cafe\u{301}".into(),
            " Caf\u{e9}".into(),
            "".into(),
            "Tea".into(),
        ];
        let tags = keys(SplitBy::Context, &event);
        assert_eq!(
            tags,
            [("café".into(), "café".into()), ("tea".into(), "Tea".into())]
        );
        assert_eq!(stem(SplitBy::Context, &tags[0].0), "café");
        assert!(keys(SplitBy::Category, &event).is_empty());
        event.category = Some("Deep *Root*".into());
        assert_eq!(
            keys(SplitBy::Category, &event),
            [("deep root".into(), "Deep Root".into())]
        );
    }
}
