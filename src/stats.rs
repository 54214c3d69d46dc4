//! Counts over events: per year, and the most frequent contexts,
//! categories and source domains.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Serialize;

use crate::error::Result;
use crate::formats::Writer;
use crate::model::Event;

/// Accumulates counts; feed it events as a [`Writer`].
#[derive(Debug, Default)]
pub struct Stats {
    events: usize,
    years: BTreeMap<i32, usize>,
    editions: BTreeMap<&'static str, usize>,
    contexts: HashMap<String, usize>,
    categories: HashMap<String, usize>,
    domains: HashMap<String, usize>,
}

impl Stats {
    /// Empty counts.
    pub fn new() -> Self {
        Stats::default()
    }

    /// The counts, with the `top` most frequent of each kind.
    pub fn report(&self, top: usize) -> StatsReport {
        StatsReport {
            events: self.events,
            per_year: self
                .years
                .iter()
                .map(|(&year, &events)| YearCount { year, events })
                .collect(),
            per_edition: self
                .editions
                .iter()
                .map(|(&code, &count)| NameCount {
                    name: code.to_string(),
                    count,
                })
                .collect(),
            contexts: most_frequent(&self.contexts, top),
            categories: most_frequent(&self.categories, top),
            source_domains: most_frequent(&self.domains, top),
        }
    }
}

impl Writer for Stats {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        use chrono::Datelike;
        self.events += 1;
        *self.years.entry(event.date.year()).or_default() += 1;
        let edition = crate::Edition::of_event(event);
        *self.editions.entry(edition.code).or_default() += 1;
        for context in &event.contexts {
            *self.contexts.entry(context.clone()).or_default() += 1;
        }
        if let Some(category) = &event.category {
            *self.categories.entry(category.clone()).or_default() += 1;
        }
        for source in &event.sources {
            if let Some(domain) = domain(&source.url) {
                *self.domains.entry(domain.to_string()).or_default() += 1;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

/// The host of a URL, without `www.`.
pub(crate) fn domain(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

fn most_frequent(counts: &HashMap<String, usize>, top: usize) -> Vec<NameCount> {
    let mut all: Vec<NameCount> = counts
        .iter()
        .map(|(name, &count)| NameCount {
            name: name.clone(),
            count,
        })
        .collect();
    all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    all.truncate(top);
    all
}

/// Counts ready to print (as a table) or serialize (as JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StatsReport {
    /// All events counted.
    pub events: usize,
    /// Events per year, oldest first.
    pub per_year: Vec<YearCount>,
    /// Events per edition (`en`, `zh`: see [`crate::edition`]), by code.
    pub per_edition: Vec<NameCount>,
    /// Most frequent context tags, most frequent first (ties by name).
    pub contexts: Vec<NameCount>,
    /// Most frequent categories.
    pub categories: Vec<NameCount>,
    /// Most frequent source domains.
    pub source_domains: Vec<NameCount>,
}

/// Events in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearCount {
    /// The year.
    pub year: i32,
    /// How many events.
    pub events: usize,
}

/// How often a name occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameCount {
    /// The context, category or domain.
    pub name: String,
    /// How often it occurs.
    pub count: usize,
}

impl fmt::Display for StatsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} events", self.events)?;
        let years: Vec<(String, usize)> = self
            .per_year
            .iter()
            .map(|y| (y.year.to_string(), y.events))
            .collect();
        table(f, "events per year", "year", &years)?;
        let editions: Vec<(String, usize)> = self
            .per_edition
            .iter()
            .map(|e| (e.name.clone(), e.count))
            .collect();
        table(f, "events per edition", "edition", &editions)?;
        for (title, column, rows) in [
            ("most frequent contexts", "context", &self.contexts),
            ("most frequent categories", "category", &self.categories),
            (
                "most frequent source domains",
                "domain",
                &self.source_domains,
            ),
        ] {
            let rows: Vec<(String, usize)> =
                rows.iter().map(|r| (r.name.clone(), r.count)).collect();
            table(f, title, column, &rows)?;
        }
        Ok(())
    }
}

/// A titled two-column table: counts right-aligned, names left-aligned.
fn table(
    f: &mut fmt::Formatter<'_>,
    title: &str,
    column: &str,
    rows: &[(String, usize)],
) -> fmt::Result {
    writeln!(f, "\n{title}:")?;
    if rows.is_empty() {
        return writeln!(f, "  (none)");
    }
    let width = rows
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(0)
        .max("count".len());
    writeln!(f, "  {:>width$}  {column}", "count")?;
    for (name, count) in rows {
        writeln!(f, "  {count:>width$}  {name}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;
    use chrono::NaiveDate;

    #[test]
    fn domains() {
        assert_eq!(domain("http://www.bbc.com/news/x"), Some("bbc.com"));
        assert_eq!(
            domain("https://user@news.example.org:8080/a?b"),
            Some("news.example.org")
        );
        assert_eq!(domain("http:///x"), None);
    }

    #[test]
    fn counts_and_ranks() {
        let mut stats = Stats::new();
        for (year, contexts) in [
            (2017, vec!["Syria", "Russia"]),
            (2017, vec!["Syria"]),
            (1999, vec!["Euro"]),
        ] {
            let mut event = Event::new(NaiveDate::from_ymd_opt(year, 1, 1).unwrap(), "x");
            event.contexts = contexts.into_iter().map(String::from).collect();
            event
                .sources
                .push(Source::new("BBC", "http://www.bbc.co.uk/a"));
            stats.write_event(&event).unwrap();
        }
        let report = stats.report(2);
        assert_eq!(report.events, 3);
        assert_eq!(
            report.per_year,
            [
                YearCount {
                    year: 1999,
                    events: 1
                },
                YearCount {
                    year: 2017,
                    events: 2
                }
            ]
        );
        let contexts: Vec<_> = report
            .contexts
            .iter()
            .map(|c| (c.name.as_str(), c.count))
            .collect();
        assert_eq!(contexts, [("Syria", 2), ("Euro", 1)]);
        assert_eq!(
            report.source_domains[0],
            NameCount {
                name: "bbc.co.uk".into(),
                count: 3
            }
        );
        let table = report.to_string();
        assert!(
            table.contains("events per year:\n  count  year\n      1  1999\n      2  2017\n"),
            "{table}"
        );
        assert!(table.contains("most frequent categories:\n  (none)\n"));
    }
}
