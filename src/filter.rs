//! Choosing events (by context, category, date) and grouping them (by
//! context or day) — shared by every writer that wants it, so the command
//! line only passes flags through.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::Event;

/// Which events to keep. An empty filter keeps everything.
///
/// Kinds of condition combine with AND; the values of one kind with OR
/// (`--context Syria --context Iraq --since 2017-01-01`: tagged Syria or
/// Iraq, and on or after that day).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventFilter {
    /// Keep events tagged with any of these contexts (case-insensitive).
    pub contexts: Vec<String>,
    /// Keep events whose category line is any of these (case-insensitive).
    pub categories: Vec<String>,
    /// Keep events on or after this date.
    pub since: Option<NaiveDate>,
    /// Keep events on or before this date.
    pub until: Option<NaiveDate>,
    /// Keep events whose headline or summary, as written, contains any of
    /// these texts (case-insensitive).
    pub grep: Vec<String>,
}

impl EventFilter {
    /// True when the filter keeps every event.
    pub fn is_empty(&self) -> bool {
        *self == EventFilter::default()
    }

    /// True when `event` passes every condition set.
    pub fn matches(&self, event: &Event) -> bool {
        self.matches_date(event.date)
            && any_tag(&self.contexts, &event.contexts)
            && any_tag(&self.categories, event.category.as_slice())
            && self.matches_text(event)
    }

    /// True when `date` lies within `since..=until`.
    pub fn matches_date(&self, date: NaiveDate) -> bool {
        self.since.is_none_or(|s| date >= s) && self.until.is_none_or(|u| date <= u)
    }

    /// True when no `grep` text is set, or the headline or summary holds one.
    fn matches_text(&self, event: &Event) -> bool {
        if self.grep.is_empty() {
            return true;
        }
        let fields = [Some(&event.headline), event.summary.as_ref()];
        let texts: Vec<String> = fields
            .into_iter()
            .flatten()
            .map(|t| t.to_lowercase())
            .collect();
        self.grep.iter().any(|want| {
            let want = want.to_lowercase();
            texts.iter().any(|text| text.contains(&want))
        })
    }

    /// A usage error when the dates leave no day (`since` after `until`).
    pub fn check(&self) -> Result<()> {
        match (self.since, self.until) {
            (Some(since), Some(until)) if since > until => Err(Error::Usage(format!(
                "--since {since} is after --until {until}"
            ))),
            _ => Ok(()),
        }
    }
}

/// True when `wanted` is empty or one of `tags` is one of them.
fn any_tag(wanted: &[String], tags: &[String]) -> bool {
    wanted.is_empty() || tags.iter().any(|t| wanted.iter().any(|w| same_tag(t, w)))
}

fn same_tag(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Parses a `YYYY-MM-DD` date (day and month may be unpadded).
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Error::Usage(format!("`{text}` is not a date (expected YYYY-MM-DD)")))
}

/// How to split events into several outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SplitBy {
    /// One output per context tag; an event goes to each of its tags'.
    Context,
    /// One output per date.
    Day,
    /// One output per category line; an event without one is in none.
    Category,
}

impl SplitBy {
    /// The group keys of `event`: its context tags (trimmed, each once) or
    /// its date. An event without contexts has no key when splitting by
    /// context.
    pub fn keys(self, event: &Event) -> Vec<String> {
        match self {
            SplitBy::Day => vec![event.date.format("%Y-%m-%d").to_string()],
            SplitBy::Category => event
                .category
                .iter()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
            SplitBy::Context => {
                // Linear in the tags: each folded once.
                let mut seen = std::collections::HashSet::new();
                let tags = event.contexts.iter().map(|c| c.trim());
                tags.filter(|c| !c.is_empty() && seen.insert(c.to_lowercase()))
                    .map(str::to_string)
                    .collect()
            }
        }
    }

    /// Groups events by key. Groups come back in key order, each with a
    /// distinct, safe file stem (see [`file_stem`]; clashes get `-2`,
    /// `-3`...). Keys differing only in case are one group, named by the
    /// first spelling seen. Returns the groups and the number of events
    /// that had no key.
    pub fn group<'a>(self, events: &'a [Event]) -> (Vec<Group<'a>>, usize) {
        let mut by_key: BTreeMap<String, (String, Vec<&'a Event>)> = BTreeMap::new();
        let mut keyless = 0;
        for event in events {
            let keys = self.keys(event);
            keyless += usize::from(keys.is_empty());
            for key in keys {
                by_key
                    .entry(key.to_lowercase())
                    .or_insert_with(|| (key.clone(), Vec::new()))
                    .1
                    .push(event);
            }
        }
        let mut taken = std::collections::HashSet::new();
        let groups = by_key
            .into_values()
            .map(|(key, events)| {
                let base = file_stem(&key);
                let mut stem = base.clone();
                let mut n = 2;
                while taken.contains(&stem) {
                    stem = format!("{base}-{n}");
                    n += 1;
                }
                taken.insert(stem.clone());
                Group { key, stem, events }
            })
            .collect();
        (groups, keyless)
    }
}

/// One group of a split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<'a> {
    /// The context tag or date, as written.
    pub key: String,
    /// A file name stem safe on every system (no extension).
    pub stem: String,
    /// The group's events, in input order.
    pub events: Vec<&'a Event>,
}

/// A file name stem made from text: lowercase letters and digits, other
/// runs of characters replaced by one `-`, at most 80 characters and 200
/// bytes (room for a `-N` and an extension within the 255-byte limit of
/// file names). Never empty, never `.`/`..`, never a path, never a
/// Windows device name (`con`, `com1`…`com9`, `lpt¹`… get a `-`).
pub fn file_stem(text: &str) -> String {
    let mut stem = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if stem.chars().count() >= 80 || stem.len() + c.len_utf8() > 200 {
            break;
        }
        if c.is_alphanumeric() {
            stem.push(c);
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    match stem {
        "" => "untitled".to_string(),
        s if is_windows_device(s) => format!("{s}-"),
        s => s.to_string(),
    }
}

/// Names Windows reserves for devices, whatever the extension: `con`,
/// `prn`, `aux`, `nul`, and `com`/`lpt` followed by a digit 0–9 or ¹ ² ³.
fn is_windows_device(stem: &str) -> bool {
    let numbered = |prefix: &str| {
        stem.strip_prefix(prefix).is_some_and(|n| {
            let mut chars = n.chars();
            matches!(
                (chars.next(), chars.next()),
                (Some('0'..='9' | '¹' | '²' | '³'), None)
            )
        })
    };
    matches!(stem, "con" | "prn" | "aux" | "nul") || numbered("com") || numbered("lpt")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(date: &str, contexts: &[&str], category: Option<&str>) -> Event {
        let mut e = Event::new(parse_date(date).unwrap(), "H");
        e.contexts = contexts.iter().map(|s| s.to_string()).collect();
        e.category = category.map(str::to_string);
        e
    }

    #[test]
    fn filters_by_context_category_and_dates() {
        let e = event("2017-06-19", &["ISIL", "Russia"], Some("Syrian Civil War"));
        let mut f = EventFilter::default();
        assert!(f.matches(&e));
        f.contexts = vec!["russia".into(), "Other".into()];
        assert!(f.matches(&e));
        f.categories = vec!["War".into(), "syrian civil war".into()];
        assert!(f.matches(&e));
        f.since = Some(parse_date("2017-06-19").unwrap());
        f.until = Some(parse_date("2017-6-19").unwrap());
        assert!(f.matches(&e));
        f.until = Some(parse_date("2017-06-18").unwrap());
        assert!(!f.matches(&e));
        f.until = None;
        f.contexts = vec!["Dagestan".into()];
        assert!(!f.matches(&e));
        f.contexts.clear();
        f.categories = vec!["War".into()];
        assert!(!f.matches(&e));
        assert!(parse_date("June 19").is_err());
    }

    #[test]
    fn grep_matches_headline_or_summary_in_any_case() {
        let mut e = event("2017-06-19", &[], None);
        e.headline = "Abdullah Öcalan speaks".into();
        e.summary = Some("A long summary about Syria.".into());
        let mut f = EventFilter {
            grep: vec!["öCALAN".into()],
            ..EventFilter::default()
        };
        assert!(f.matches(&e));
        f.grep = vec!["nothing".into(), "SYRIA".into()];
        assert!(f.matches(&e));
        f.grep = vec!["Iraq".into()];
        assert!(!f.matches(&e));
        e.summary = None;
        f.grep = vec!["syria".into()];
        assert!(!f.matches(&e));
        f.since = parse_date("2018-01-01").ok();
        f.until = parse_date("2017-01-01").ok();
        assert!(f.check().is_err());
    }

    #[test]
    fn splits_into_safe_distinct_stems() {
        let events = [
            event("2017-06-19", &["U.S.", "../etc/passwd"], None),
            event("2017-06-18", &["u s", "Öcalan"], None),
            event("2017-06-18", &[], None),
        ];
        let (groups, keyless) = SplitBy::Context.group(&events);
        let stems: Vec<&str> = groups.iter().map(|g| g.stem.as_str()).collect();
        assert_eq!(stems, ["etc-passwd", "u-s", "u-s-2", "öcalan"]);
        assert_eq!(keyless, 1);
        let (days, _) = SplitBy::Day.group(&events);
        assert_eq!(days[0].key, "2017-06-18");
        assert_eq!(days[0].events.len(), 2);
        assert_eq!(file_stem("CON"), "con-");
        assert_eq!(file_stem("com9"), "com9-");
        assert_eq!(file_stem("LPT²"), "lpt²-");
        assert_eq!(file_stem("com10"), "com10");
        assert_eq!(file_stem(&"𝔸".repeat(100)).len(), 200);
        assert_eq!(file_stem("///"), "untitled");
    }
}
