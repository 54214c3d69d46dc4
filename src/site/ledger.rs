//! The id ledger (`--id-ledger FILE`): what earlier runs knew about each
//! event, so that an event keeps its id when every page it was first seen
//! under has been deleted or renamed.
//!
//! A TSV file, one fact per line, sorted, so that its diffs read as what
//! changed on the site (tabs shown as `→`):
//!
//! ```text
//! # currents id ledger 1
//! kind → date → key → id
//! headline → 2017-06-19 → several people have reportedly been killed … → /news/2017/06/19/several-…
//! page → 2017-06-19 → /news/2017/06/19/several-….md → /news/2017/06/19/several-…
//! source → 2017-06-19 → http://www.news.com.au/… → /news/2017/06/19/several-…
//! ```
//!
//! `page` rows map each page path ever seen in an event (its page, its
//! twins, its day-page links, the pages of its Changes list) to the
//! event's id; `headline` rows (the folded headline, with and without its
//! topic prefix) and `source` rows (source URLs) keep what the twin rules
//! need to recognise the event in a page never seen before. Rows of one
//! run override older rows with the same kind, date and key.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// The first line of every ledger.
const MAGIC: &str = "# currents id ledger 1";
/// The second line: the columns.
const COLUMNS: &str = "kind\tdate\tkey\tid";

/// What a row's key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    /// A headline, folded (lowercase words, one space between).
    Headline,
    /// A site path.
    Page,
    /// A source URL.
    Source,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Headline => "headline",
            Kind::Page => "page",
            Kind::Source => "source",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [Kind::Headline, Kind::Page, Kind::Source]
            .into_iter()
            .find(|k| k.name() == name)
    }
}

type Key = (Kind, NaiveDate, String);

/// Event ids by page path, headline and source, per day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    rows: BTreeMap<Key, String>,
}

impl Ledger {
    /// An empty ledger: what a first run starts from.
    pub fn new() -> Self {
        Ledger::default()
    }

    /// Reads the ledger at `path`; a missing file is an empty ledger (a
    /// ledger is harmless to lose), a damaged one an error naming its line.
    pub fn open(path: &Path) -> Result<Self> {
        match std::fs::read(path) {
            Ok(bytes) => Ledger::parse(&bytes, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ledger::new()),
            Err(source) => Err(Error::File {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Reads a ledger's bytes; `path` names it in errors.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Self> {
        let corrupt = |line: usize, message: String| corrupt(path, line, message);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            corrupt(line, "invalid UTF-8".into())
        })?;
        let mut lines = text.split_terminator('\n').enumerate();
        if lines.next().map(|(_, l)| l) != Some(MAGIC) {
            return Err(corrupt(1, format!("the first line is not `{MAGIC}`")));
        }
        if lines.next().map(|(_, l)| l) != Some(COLUMNS) {
            return Err(corrupt(
                2,
                "the second line is not `kind, date, key, id`".into(),
            ));
        }
        let mut ledger = Ledger::new();
        let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
        for (at, line) in lines {
            let (key, id) = row(line).map_err(|m| corrupt(at + 1, m))?;
            if let Some(first) = seen.insert(key.clone(), at + 1) {
                return Err(corrupt(at + 1, format!("the same key as line {first}")));
            }
            ledger.rows.insert(key, id);
        }
        Ok(ledger)
    }

    /// The ledger as its file holds it: the same rows, the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("{MAGIC}\n{COLUMNS}\n").into_bytes();
        for ((kind, date, key), id) in &self.rows {
            let _ = writeln!(out, "{}\t{date}\t{key}\t{id}", kind.name());
        }
        out
    }

    /// Writes the ledger to `path` atomically (a temporary file, renamed).
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut out = crate::output::Output::open(Some(path))?;
        out.write_all(&self.to_bytes())?;
        out.commit()
    }

    /// True when the ledger holds no row.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The id recorded for `key` of `kind` on `date`.
    pub(crate) fn get(&self, kind: Kind, date: NaiveDate, key: &str) -> Option<&str> {
        // Keys are owned in the map; a lookup builds one (rare: with a ledger only).
        self.rows
            .get(&(kind, date, key.to_string()))
            .map(String::as_str)
    }

    /// Records `key` of `kind` on `date` as belonging to the event `id`.
    /// Keys that a TSV cell cannot hold (tabs, line breaks) are not kept.
    pub(crate) fn record(&mut self, kind: Kind, date: NaiveDate, key: &str, id: &str) {
        let cell = |s: &str| !s.is_empty() && !s.contains(['\t', '\n', '\r']);
        if cell(key) && cell(id) {
            self.rows
                .insert((kind, date, key.to_string()), id.to_string());
        }
    }
}

/// One data line: its key and id, or what is wrong with it.
fn row(line: &str) -> std::result::Result<(Key, String), String> {
    let fields: Vec<&str> = line.split('\t').collect();
    let [kind, date, key, id] = fields[..] else {
        return Err(format!(
            "expected 4 tab-separated fields (kind, date, key, id), found {}",
            fields.len()
        ));
    };
    let kind = Kind::from_name(kind)
        .ok_or_else(|| format!("unknown kind `{kind}` (headline, page or source)"))?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| format!("`{date}` is not a date (YYYY-MM-DD)"))?;
    if key.is_empty() || id.is_empty() || id.contains('\r') {
        return Err("an empty key or id".into());
    }
    Ok(((kind, date, key.to_string()), id.to_string()))
}

fn corrupt(path: &Path, line: usize, message: String) -> Error {
    let path: PathBuf = path.to_path_buf();
    Error::Format(format!(
        "{}:{line}: damaged id ledger: {message} (fix or delete the file; \
         without it, ids follow the rule in docs/site-mode.md)",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2017, 6, 19).unwrap()
    }

    #[test]
    fn rows_come_out_sorted_and_read_back_the_same() {
        let mut ledger = Ledger::new();
        ledger.record(Kind::Source, day(), "http://b", "/news/2017/06/19/b");
        ledger.record(
            Kind::Page,
            day(),
            "/news/2017/06/19/a.md",
            "/news/2017/06/19/b",
        );
        ledger.record(
            Kind::Headline,
            day(),
            "a thing happens",
            "/news/2017/06/19/b",
        );
        ledger.record(Kind::Page, day(), "tab\there", "x");
        let bytes = ledger.to_bytes();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let kinds: Vec<&str> = text
            .lines()
            .skip(2)
            .map(|l| l.split('\t').next().unwrap())
            .collect();
        assert_eq!(kinds, ["headline", "page", "source"]);
        let back = Ledger::parse(&bytes, Path::new("ids.tsv")).unwrap();
        assert_eq!(back, ledger);
        assert_eq!(back.to_bytes(), bytes);
    }

    #[test]
    fn a_damaged_ledger_names_its_file_and_line() {
        let good = format!("{MAGIC}\n{COLUMNS}\npage\t2017-06-19\t/a.md\t/a\n");
        let cases = [
            ("", 1, "first line"),
            ("kind\tdate\tkey\tid\n", 1, "first line"),
            (&format!("{MAGIC}\nkind\n"), 2, "second line"),
            (&format!("{good}page\t2017-06-19\t/b.md\n"), 4, "found 3"),
            (
                &format!("{good}pages\t2017-06-19\t/b.md\t/b\n"),
                4,
                "unknown kind",
            ),
            (
                &format!("{good}page\t2017-02-30\t/b.md\t/b\n"),
                4,
                "not a date",
            ),
            (
                &format!("{good}page\t2017-06-19\t/a.md\t/c\n"),
                4,
                "same key as line 3",
            ),
            (&format!("{good}page\t2017-06-19\t\t/c\n"), 4, "empty key"),
        ];
        for (text, line, what) in cases {
            let err = Ledger::parse(text.as_bytes(), Path::new("x/ids.tsv"))
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with(&format!("x/ids.tsv:{line}: damaged id ledger")),
                "{err}"
            );
            assert!(err.contains(what), "{err}");
        }
        let bad_utf8 = [good.as_bytes(), b"page\t2017-06-19\t/\xff\t/a\n"].concat();
        let err = Ledger::parse(&bad_utf8, Path::new("ids.tsv")).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("ids.tsv:4: damaged id ledger: invalid UTF-8"));
    }

    #[test]
    fn a_missing_ledger_is_empty_and_saving_is_atomic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids.tsv");
        assert!(Ledger::open(&path).unwrap().is_empty());
        let mut ledger = Ledger::new();
        ledger.record(
            Kind::Page,
            day(),
            "/news/2017/06/19/a.md",
            "/news/2017/06/19/a",
        );
        ledger.save(&path).unwrap();
        assert_eq!(Ledger::open(&path).unwrap(), ledger);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }
}
