//! The id of a joined event (docs/site-mode.md, "The id"): the ledger's,
//! when it knows the event; else its first version's path; else its own.

use std::collections::BTreeSet;

use super::ledger::{Kind, Ledger};
use crate::model::Event;

/// What identifies a group of pages.
#[derive(Debug, Default)]
pub(super) struct Traits {
    /// The path of its first version, from the members' Changes lists.
    pub first: Option<String>,
    /// Every site path of the group: pages, day-page links, Changes items.
    pub paths: Vec<String>,
    /// Folded headlines, with and without topic prefixes.
    pub headlines: Vec<String>,
    /// Source URLs.
    pub sources: Vec<String>,
}

/// Gives each of one day's events its id, then records them in `ledger`.
pub(super) fn name(events: &mut [(Event, Traits)], ledger: Option<&mut Ledger>) {
    let rule: Vec<String> = events.iter().map(|(e, t)| rule_id(e, t)).collect();
    let Some(ledger) = ledger else {
        for ((event, _), id) in events.iter_mut().zip(rule) {
            set_id(event, id);
        }
        return;
    };
    // An id goes to one event of the day: first to a page it was seen
    // under, then to a twin of it, in path order.
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut ids: Vec<Option<String>> = vec![None; events.len()];
    for (i, (event, traits)) in events.iter().enumerate() {
        let known = traits.paths.iter();
        let found = known.filter_map(|p| ledger.get(Kind::Page, event.date, p));
        let found: BTreeSet<&str> = found.filter(|id| !taken.contains(*id)).collect();
        // Two ledgered events now one: the rule's id, if it is one of them.
        let pick = found.get(rule[i].as_str()).or(found.first()).copied();
        if let Some(id) = pick {
            taken.insert(id.to_string());
            ids[i] = Some(id.to_string());
        }
    }
    for (i, (event, traits)) in events.iter().enumerate() {
        if ids[i].is_some() {
            continue;
        }
        let twins = twin_ids(ledger, event, traits);
        if let Some(id) = twins.into_iter().find(|id| !taken.contains(id)) {
            taken.insert(id.clone());
            ids[i] = Some(id);
        }
    }
    for (((event, traits), id), rule) in events.iter_mut().zip(ids).zip(rule) {
        let id = id.unwrap_or(rule);
        record(ledger, event, traits, &id);
        set_id(event, id);
    }
}

/// The id without a ledger: the first version's path, else the record's
/// path, else the fallback of [`crate::id::event_id`]; without `.md`.
fn rule_id(event: &Event, traits: &Traits) -> String {
    match &traits.first {
        Some(first) => first.strip_suffix(".md").unwrap_or(first).to_string(),
        None => crate::id::event_id(event),
    }
}

/// Ids of ledgered events that the twin rules join this one to, smallest
/// first: the same headline (with or without a topic prefix) or a shared
/// source, on the same day.
fn twin_ids(ledger: &Ledger, event: &Event, traits: &Traits) -> BTreeSet<String> {
    let headlines = traits.headlines.iter().map(|h| (Kind::Headline, h));
    let sources = traits.sources.iter().map(|s| (Kind::Source, s));
    headlines
        .chain(sources)
        .filter_map(|(kind, key)| ledger.get(kind, event.date, key))
        .map(str::to_string)
        .collect()
}

fn record(ledger: &mut Ledger, event: &Event, traits: &Traits, id: &str) {
    for path in &traits.paths {
        ledger.record(Kind::Page, event.date, path, id);
    }
    for headline in &traits.headlines {
        ledger.record(Kind::Headline, event.date, headline, id);
    }
    for source in &traits.sources {
        ledger.record(Kind::Source, event.date, source, id);
    }
}

/// Stores `id` in the event only when its path would not give it.
fn set_id(event: &mut Event, id: String) {
    crate::identity::keep_id(event, id);
}
