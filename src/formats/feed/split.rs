//! Split feeds' groups and file names. A group's file name depends only on
//! its tag, never on which other tags exist or arrive first, so a
//! subscriber's feed never silently becomes another tag's (docs/feeds.md,
//! "Split feeds").

use std::collections::{BTreeMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use crate::filter::{file_stem, SplitBy};
use crate::model::Event;

/// One group of a split: the events of one tag, category or day.
#[derive(Debug)]
pub(crate) struct SplitGroup {
    /// The tag as shown (of its spellings, the first in code point order).
    pub key: String,
    /// The file name without extension (see [`stable_stem`]).
    pub stem: String,
    /// The indexes of its events, in their order.
    pub members: Vec<usize>,
}

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

/// The group keys of an event, as written (trimmed, not empty).
fn keys(split: SplitBy, event: &Event) -> Vec<String> {
    match split {
        SplitBy::Day => vec![event.date.format("%Y-%m-%d").to_string()],
        SplitBy::Category => event
            .category
            .iter()
            .map(|c| crate::formats::text::plain_text(c))
            .filter(|c| !c.is_empty())
            .collect(),
        _ => event
            .contexts
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect(),
    }
}

/// Groups `events` by tag, category or day: groups in stem order, each
/// event once per group. Returns the groups and how many events had no key.
pub(crate) fn group(split: SplitBy, events: &[Event]) -> (Vec<SplitGroup>, usize) {
    let mut by_key: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    let mut keyless = 0;
    for (at, event) in events.iter().enumerate() {
        let keys = keys(split, event);
        keyless += usize::from(keys.is_empty());
        let mut seen = HashSet::new();
        for key in keys {
            let key: String = key.nfc().collect();
            let folded = fold(&key);
            if !seen.insert(folded.clone()) {
                continue;
            }
            let (shown, members) = by_key
                .entry(folded)
                .or_insert_with(|| (key.clone(), Vec::new()));
            if key < *shown {
                *shown = key;
            }
            members.push(at);
        }
    }
    let mut groups: Vec<SplitGroup> = by_key
        .into_iter()
        .map(|(folded, (key, members))| SplitGroup {
            stem: match split {
                SplitBy::Day => folded.clone(),
                _ => stable_stem(&folded),
            },
            key,
            members,
        })
        .collect();
    groups.sort_by(|a, b| a.stem.cmp(&b.stem));
    (groups, keyless)
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
    fn equal_tags_share_a_group_named_by_their_first_spelling() {
        let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let tagged = |tags: &[&str]| {
            let mut event = Event::new(date, "E");
            event.contexts = tags.iter().map(|t| t.to_string()).collect();
            event
        };
        let events = [
            tagged(&["cafe\u{301}", "Caf\u{e9}"]),
            tagged(&["Café"]),
            tagged(&[]),
        ];
        let (groups, keyless) = group(SplitBy::Context, &events);
        assert_eq!(keyless, 1);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].key, "Café");
        assert_eq!(groups[0].members, [0, 1]);
        assert_eq!(groups[0].stem, "café");
    }
}
