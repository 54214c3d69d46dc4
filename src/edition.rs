//! Editions: one site generator, the same page kinds and layout, other
//! words. An edition is a table of those words; adding an edition is adding
//! a table to [`EDITIONS`] (see docs/format.md, "Editions").

use std::sync::atomic::{AtomicUsize, Ordering};

/// The words and addresses of one edition of the site.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Edition {
    /// The short name `--edition` takes (`en`, `zh`).
    pub code: &'static str,
    /// The language tag feeds carry by default (`xml:lang`, `<language>`).
    pub language: &'static str,
    /// Where the edition's site paths start (`/news/`, `/zh/news/`).
    pub news_prefix: &'static str,
    /// The Sources heading over one item, and over several.
    pub sources: [&'static str; 2],
    /// The Related heading.
    pub related: &'static str,
    /// The Changes heading.
    pub changes: &'static str,
    /// The label of a context line (`_Context: a, b_`), without the colon.
    pub context: &'static str,
    /// How the closing previous-day link of a day page starts.
    pub previous_day: &'static str,
    /// The front page's relative-day headings, newest first.
    pub relative_days: &'static [&'static str],
    /// The entry HTML's headings of the source and related lists in feeds.
    pub feed_sources: &'static str,
    /// See [`Edition::feed_sources`].
    pub feed_related: &'static str,
    /// Characters only this edition's text uses: a page that shows no
    /// edition by its words or links is of the edition whose characters
    /// it holds (an event page with no lists, `# 2014年科索沃…`).
    pub script: &'static [(char, char)],
}

/// The English edition, at `/news/`.
pub static ENGLISH: Edition = Edition {
    code: "en",
    language: "en",
    news_prefix: "/news/",
    sources: ["Source:", "Sources:"],
    related: "Related:",
    changes: "Changes:",
    context: "Context",
    previous_day: "Previous Day",
    relative_days: &["News", "Yesterday", "Day Before Yesterday"],
    feed_sources: "Sources",
    feed_related: "Related",
    script: &[],
};

/// The Chinese edition, at `/zh/news/`. Its pages write one Sources heading
/// whatever the count; no page read has a Changes list, so the generator's
/// English word is kept for it.
pub static CHINESE: Edition = Edition {
    code: "zh",
    language: "zh",
    news_prefix: "/zh/news/",
    sources: ["信息来源:", "信息来源:"],
    related: "有关:",
    changes: "Changes:",
    context: "消息",
    previous_day: "前一天",
    relative_days: &["今天", "昨天", "昨天前一天"],
    feed_sources: "信息来源",
    feed_related: "有关",
    // CJK ideographs and their compatibility forms.
    script: &[('\u{3400}', '\u{9FFF}'), ('\u{F900}', '\u{FAFF}')],
};

/// Every edition, the default (English) first.
pub static EDITIONS: &[&Edition] = &[&ENGLISH, &CHINESE];

/// The edition every page is read as, when set (an index into
/// [`EDITIONS`] plus one; 0 detects per page).
static FORCED: AtomicUsize = AtomicUsize::new(0);

impl Edition {
    /// The edition named `code` (`en`, `zh`).
    pub fn by_code(code: &str) -> Option<&'static Edition> {
        EDITIONS
            .iter()
            .copied()
            .find(|e| e.code.eq_ignore_ascii_case(code))
    }

    /// The edition of a page's text (unless `--edition` forces one): the first
    /// whose Sources or Related heading it has, else whose link prefix a
    /// link starts with (not `/news/`: every edition links its day pages
    /// so), else, when no link but a date or day link says English, whose
    /// characters ([`Edition::script`]) it holds, else English.
    pub fn detect(text: &str) -> &'static Edition {
        forced().unwrap_or_else(|| crate::parse::detect_edition(text))
    }

    /// [`Edition::detect`]'s rule over what the page holds: its `###`
    /// heading titles, its link destinations (but the first, the date or
    /// day link) and its text.
    pub(crate) fn of_parts<'a>(
        titles: impl Iterator<Item = &'a str>,
        links: impl Iterator<Item = &'a str>,
        text: &str,
    ) -> &'static Edition {
        let others = || EDITIONS.iter().copied().filter(|e| e.code != ENGLISH.code);
        let mut english_link = false;
        for title in titles {
            let words = |e: &&Edition| e.sources.contains(&title) || e.related == title;
            if let Some(edition) = EDITIONS.iter().copied().find(words) {
                return edition;
            }
        }
        for link in links {
            if let Some(edition) = others().find(|e| link.starts_with(e.news_prefix)) {
                return edition;
            }
            english_link |= link.starts_with(ENGLISH.news_prefix);
        }
        match english_link {
            true => &ENGLISH,
            false => others().find(|e| e.writes(text)).unwrap_or(&ENGLISH),
        }
    }

    /// True when `text` holds a character of this edition's own script
    /// ([`Edition::script`]).
    pub fn writes(&self, text: &str) -> bool {
        let ranges = self.script;
        text.chars()
            .any(|c| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)))
    }

    /// The edition whose site paths `path` lies under (English for any
    /// other path).
    pub fn of_path(path: &str) -> &'static Edition {
        EDITIONS[1..]
            .iter()
            .copied()
            .find(|e| path.starts_with(e.news_prefix))
            .unwrap_or(&ENGLISH)
    }

    /// The edition an event is written and shown in: the forced one, else
    /// the one its path lies under (English without a path).
    pub fn of_event(event: &crate::model::Event) -> &'static Edition {
        let of_path = || event.path.as_deref().map_or(&ENGLISH, Edition::of_path);
        forced().unwrap_or_else(of_path)
    }

    /// The Sources heading over `count` items.
    pub fn sources_heading(&self, count: usize) -> &'static str {
        self.sources[usize::from(count != 1)]
    }

    /// A site path `/news/…` moved under this edition's prefix.
    pub fn site_path(&self, news_path: &str) -> String {
        match news_path.strip_prefix(ENGLISH.news_prefix) {
            Some(rest) => [self.news_prefix, rest].concat(),
            None => news_path.to_string(),
        }
    }
}

#[cfg(feature = "cli")]
/// Reads every page parsed from now on as `edition` (`None`: detect it per
/// page). The command line's `--edition`; a library caller that parses
/// pages itself can pass the edition to [`crate::parse_bytes_as`] instead.
pub(crate) fn force(edition: Option<&'static Edition>) {
    let index = edition
        .and_then(|e| EDITIONS.iter().position(|x| std::ptr::eq(*x, e)))
        .map_or(0, |i| i + 1);
    FORCED.store(index, Ordering::Relaxed);
}

/// The edition set by [`force`], if any.
pub(crate) fn forced() -> Option<&'static Edition> {
    match FORCED.load(Ordering::Relaxed) {
        0 => None,
        i => EDITIONS.get(i - 1).copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_words_and_link_prefix() {
        assert_eq!(
            Edition::detect("# 2014年科索沃议会选举 election").code,
            "zh"
        );
        assert_eq!(Edition::detect("# 東京\n\n### Sources:\n").code, "en");
        assert_eq!(Edition::detect("### Sources:\n").code, "en");
        assert_eq!(Edition::detect("### 信息来源:\n").code, "zh");
        // The first link (the date or day link) does not count.
        let zh_day =
            "## [2008-09-15](/news/2008/09/15/index.md)\n\n### [x](/zh/news/2008/09/15/a.md)\n";
        assert_eq!(Edition::detect(zh_day).code, "zh");
        let en_day =
            "## [2017-06-19](/news/2017/06/19/index.md)\n\n### [東京](/news/2017/06/19/a.md)\n";
        assert_eq!(Edition::detect(en_day).code, "en");
        assert_eq!(Edition::of_path("/zh/news/2008/09/15/a.md").code, "zh");
        assert_eq!(Edition::of_path("/news/2008/09/15/a.md").code, "en");
        assert_eq!(
            CHINESE.site_path("/news/2008/09/15/a.md"),
            "/zh/news/2008/09/15/a.md"
        );
        assert_eq!(ENGLISH.sources_heading(1), "Source:");
        assert_eq!(CHINESE.sources_heading(3), "信息来源:");
        assert!(Edition::by_code("fr").is_none());
    }
}
