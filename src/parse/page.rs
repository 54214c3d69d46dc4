//! Second pass: top-level blocks read as an event page, a day page, the
//! front page, or a page with no news.

use std::ops::Range;

use chrono::NaiveDate;

use super::blocks::{Block, BlockKind, Inline, InlineLink, Item};
use super::fields::{self, DateText};
use super::lines::LineIndex;
use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::edition::{Edition, ENGLISH};
use crate::model::*;
use crate::text::{event_summary, item_summary, section_body, squash, trim};

pub(crate) struct PageReader<'s> {
    src: &'s str,
    blocks: Vec<Block<'s>>,
    lines: LineIndex<'s>,
    /// The site path from the file's location, when it lies under `news/`.
    file_site_path: Option<String>,
    /// The words the page is written in.
    edition: &'static Edition,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a `###` section of an event page holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    Sources,
    Related,
    Changes,
    Extra,
}

impl<'s> PageReader<'s> {
    pub fn new(
        src: &'s str,
        blocks: Vec<Block<'s>>,
        file_site_path: Option<String>,
        edition: &'static Edition,
    ) -> Self {
        PageReader {
            src,
            blocks,
            lines: LineIndex::new(src),
            file_site_path,
            edition,
            diagnostics: Vec::new(),
        }
    }

    /// A section title in the page's edition's words (English words are
    /// read in every edition: the generator leaves some untranslated).
    fn section_kind(&self, title: &str) -> SectionKind {
        [self.edition, &ENGLISH]
            .iter()
            .find_map(|e| {
                if e.sources.contains(&title) {
                    Some(SectionKind::Sources)
                } else if title == e.related {
                    Some(SectionKind::Related)
                } else if title == e.changes {
                    Some(SectionKind::Changes)
                } else {
                    None
                }
            })
            .unwrap_or(SectionKind::Extra)
    }

    /// The tags of a context line in the page's edition (or English).
    fn context_line(&self, text: &str) -> Option<Vec<String>> {
        fields::context_line(text, self.edition.context)
            .or_else(|| fields::context_line(text, ENGLISH.context))
    }

    /// A link's destination; one that may not become a live link in an
    /// output (`javascript:`, `data:`…) is kept in the model and warned
    /// about, and the feeds leave it out.
    fn url(&mut self, link: &InlineLink) -> String {
        let url = link.url_string();
        if !crate::link::is_safe(&url) {
            let kind = DiagnosticKind::UnsafeLink { url: url.clone() };
            self.diagnose(kind, link.range.start);
        }
        url
    }

    pub fn diagnose(&mut self, kind: DiagnosticKind, offset: usize) {
        let (line, column) = self.lines.locate(offset);
        self.diagnostics.push(Diagnostic::new(kind, line, column));
    }

    fn unexpected(&mut self, what: &str, offset: usize) {
        self.diagnose(
            DiagnosticKind::UnexpectedContent {
                what: what.to_string(),
            },
            offset,
        );
    }

    pub fn read(mut self) -> (Document, Vec<Diagnostic>) {
        let document = self.document();
        if let Document::NotEvent(page) = &document {
            self.diagnose(
                DiagnosticKind::NotEventDocument {
                    reason: page.reason.clone(),
                },
                0,
            );
        }
        (document, self.diagnostics)
    }

    fn document(&mut self) -> Document {
        let event_at = self
            .blocks
            .iter()
            .position(|b| self.date_heading(b, 3).is_some());
        let day_at = self
            .blocks
            .iter()
            .position(|b| self.day_heading(b).is_some());
        match (event_at, day_at) {
            (Some(e), d) if d.is_none_or(|d| e < d) => Document::Event(self.event_page(e)),
            (_, Some(_)) => self.day_page(),
            _ => {
                let reason = if self.src.trim().is_empty() {
                    "the page is empty".to_string()
                } else {
                    "no date heading (`### [YYYY-MM-DD](...)` for an event, `## [YYYY-MM-DD](...)` for a day)"
                        .to_string()
                };
                let path = self.file_site_path.clone();
                Document::NotEvent(NotEvent { path, reason })
            }
        }
    }

    // ---- block shapes ----

    fn text(&self, inline: &Inline) -> &'s str {
        inline.text(self.src)
    }

    /// The one link that makes up a heading's whole content.
    fn heading_link<'b>(&self, block: &'b Block<'s>, level: u8) -> Option<&'b InlineLink<'s>> {
        if block.kind != BlockKind::Heading(level) || block.inline.links.len() != 1 {
            return None;
        }
        let link = &block.inline.links[0];
        (trim(&self.src[link.range.clone()]) == self.text(&block.inline)).then_some(link)
    }

    /// `#… [YYYY-MM-DD](...)`: the date text and the link.
    fn date_heading<'b>(
        &self,
        block: &'b Block<'s>,
        level: u8,
    ) -> Option<(DateText, &'b InlineLink<'s>)> {
        let link = self.heading_link(block, level)?;
        Some((fields::date_text(link.text(self.src))?, link))
    }

    /// `## [date or label](/news/.../index.md)`, not the previous-day link.
    fn day_heading<'b>(&self, block: &'b Block<'s>) -> Option<&'b InlineLink<'s>> {
        let link = self.heading_link(block, 2)?;
        let text = link.text(self.src);
        if text.starts_with(self.edition.previous_day) || text.starts_with(ENGLISH.previous_day) {
            return None;
        }
        (fields::date_text(text).is_some() || fields::path_date(&link.url).is_some())
            .then_some(link)
    }

    fn formats(&mut self, block: &Block) -> Option<Vec<Link>> {
        if block.kind != BlockKind::Paragraph || !self.text(&block.inline).starts_with("Formats:") {
            return None;
        }
        let mut links = Vec::with_capacity(block.inline.links.len());
        for link in &block.inline.links {
            let url = self.url(link);
            links.push(Link::new(squash(link.text(self.src)), url));
        }
        Some(links)
    }

    /// A date from date text, reporting text that is no calendar day.
    fn date_from(&mut self, text: &str, fallback: Option<NaiveDate>, offset: usize) -> NaiveDate {
        match fields::date_text(text) {
            Some(DateText::Valid(date)) => date,
            found => {
                if found == Some(DateText::Invalid) {
                    self.diagnose(
                        DiagnosticKind::InvalidDate {
                            text: text.to_string(),
                        },
                        offset,
                    );
                }
                fallback.unwrap_or_default()
            }
        }
    }

    /// A paragraph that is exactly a `_Context: a, b_` line.
    fn context_paragraph(&self, block: &Block) -> Option<Vec<String>> {
        self.context_line(trim(&self.src[block.range.clone()]))
    }

    fn check_date(&mut self, date: NaiveDate, text: &str, path: Option<&str>, offset: usize) {
        if let Some(path) = path {
            if fields::path_date(path).is_some_and(|d| d != date) {
                let kind = DiagnosticKind::DateMismatch {
                    text: text.to_string(),
                    path: path.to_string(),
                };
                self.diagnose(kind, offset);
            }
        }
    }

    // ---- event pages ----

    fn event_page(&mut self, date_at: usize) -> Event {
        let blocks = std::mem::take(&mut self.blocks);
        let mut event = self.event_date(&blocks, date_at);
        let sections_at = self.event_head(&blocks, date_at, &mut event);
        self.event_sections(&blocks, sections_at, &mut event);
        self.blocks = blocks;
        event
    }

    /// The Formats line and the date heading: the event's date, its day
    /// link and its site path.
    fn event_date(&mut self, blocks: &[Block<'s>], date_at: usize) -> Event {
        let mut formats = Vec::new();
        for block in &blocks[..date_at] {
            match self.formats(block) {
                Some(links) if formats.is_empty() => formats = links,
                _ => self.unexpected("text before the date heading", block.range.start),
            }
        }
        let (_, date_link) = self
            .date_heading(&blocks[date_at], 3)
            .expect("classified as a date heading");
        let date_text = date_link.text(self.src);
        let site_path = self
            .file_site_path
            .clone()
            .or_else(|| event_path_from_links(&formats, blocks, self.src));
        let fallback = fields::path_date(&date_link.url)
            .or_else(|| site_path.as_deref().and_then(fields::path_date));
        let date = self.date_from(date_text, fallback, date_link.range.start);
        self.check_date(date, date_text, Some(&date_link.url), date_link.range.start);
        self.check_date(date, date_text, site_path.as_deref(), date_link.range.start);

        let mut event = Event::new(date, "");
        event.formats = formats;
        event.date_link = Some(self.url(date_link));
        event.path = site_path;
        event
    }

    /// Category (`#####`), headline (`#`), summary and context line, before
    /// the first section. Returns where the sections start.
    fn event_head(&mut self, blocks: &[Block<'s>], date_at: usize, event: &mut Event) -> usize {
        let mut at = date_at + 1;
        let mut headline_at = None;
        while at < blocks.len() && !is_section_heading(&blocks[at]) {
            let block = &blocks[at];
            match block.kind {
                BlockKind::Heading(5) if headline_at.is_none() && event.category.is_none() => {
                    event.category = Some(squash(self.text(&block.inline)));
                }
                BlockKind::Heading(1) if headline_at.is_none() => {
                    event.headline = squash(self.text(&block.inline));
                    headline_at = Some(at);
                }
                BlockKind::Paragraph if headline_at.is_some() => self.head_paragraph(block, event),
                _ if headline_at.is_some() => {
                    self.unexpected("block after the headline", block.range.start)
                }
                _ => self.unexpected("block before the headline", block.range.start),
            }
            at += 1;
        }
        event.summary = event.summary.as_deref().and_then(event_summary);
        if headline_at.is_none() {
            self.diagnose(DiagnosticKind::MissingHeadline, blocks[date_at].range.start);
        }
        at
    }

    /// A paragraph after the headline: the context line, or part of the summary.
    fn head_paragraph(&self, block: &Block, event: &mut Event) {
        if let Some(contexts) = self.context_paragraph(block) {
            event.contexts.extend(contexts);
            return;
        }
        let summary = event.summary.get_or_insert_with(String::new);
        if !summary.is_empty() {
            summary.push_str("\n\n");
        }
        summary.push_str(trim(&self.src[block.range.clone()]));
    }

    /// The `###` sections from `at` on: Sources, Related, Changes, and any
    /// other kept as an extra section.
    fn event_sections(&mut self, blocks: &[Block<'s>], mut at: usize, event: &mut Event) {
        let mut seen: Vec<&str> = Vec::new();
        while at < blocks.len() {
            let heading = &blocks[at];
            let end = (at + 1..blocks.len())
                .find(|&i| is_section_heading(&blocks[i]))
                .unwrap_or(blocks.len());
            let title = self.text(&heading.inline);
            if seen.contains(&title) {
                let kind = DiagnosticKind::DuplicateSection {
                    title: title.to_string(),
                };
                self.diagnose(kind, heading.range.start);
            }
            seen.push(title);
            let body = &blocks[at + 1..end];
            match self.section_kind(title) {
                SectionKind::Sources => self.sources_section(heading, title, body, event),
                SectionKind::Related => {
                    let items = self.section_items(title, body);
                    let related: Vec<Related> = items
                        .into_iter()
                        .filter_map(|i| self.related_item(i))
                        .collect();
                    event.related.extend(related);
                }
                SectionKind::Changes => {
                    let items = self.section_items(title, body);
                    let revisions: Vec<Revision> = items
                        .into_iter()
                        .filter_map(|i| self.revision_item(i))
                        .collect();
                    event.revisions.extend(revisions);
                }
                SectionKind::Extra => self.extra_section(heading, title, body, event),
            }
            at = end;
        }
    }

    fn sources_section(
        &mut self,
        heading: &Block,
        title: &str,
        body: &[Block<'s>],
        event: &mut Event,
    ) {
        let before = event.sources.len();
        let items = self.section_items(title, body);
        event.sources.reserve(items.len());
        let mut images = 0;
        for item in items {
            match self.source_item(item) {
                // A picture, not a source: the first one is the event's.
                Some(s) if s.name == COVER_IMAGE && event.image.is_none() => {
                    event.image = Some(s.url);
                    images += 1;
                }
                Some(s) => event.sources.push(s),
                None => {}
            }
        }
        let count = event.sources.len() - before + images;
        // Only an edition with two words for it can write the wrong one.
        let [one, many] = if ENGLISH.sources.contains(&title) {
            ENGLISH.sources
        } else {
            self.edition.sources
        };
        // The generator writes `Sources:` on pages with a Formats line and
        // `Source:` on the others, whatever the count: its own choice is
        // the template, not a slip.
        let template = if event.formats.is_empty() { one } else { many };
        let wrong_number = (title == many) == (count == 1) && count > 0;
        if one != many && wrong_number && title != template {
            let kind = DiagnosticKind::SourceHeadingCount {
                heading: title.to_string(),
                count,
            };
            self.diagnose(kind, heading.range.start);
        }
    }

    /// A section the model has no field for: kept, text and all, and warned of.
    fn extra_section(
        &mut self,
        heading: &Block,
        title: &str,
        body: &[Block<'s>],
        event: &mut Event,
    ) {
        let kind = DiagnosticKind::UnknownSection {
            title: title.to_string(),
        };
        self.diagnose(kind, heading.range.start);
        let body = match (body.first(), body.last()) {
            (Some(first), Some(last)) => {
                // From the start of the first block's line: the indentation
                // that makes an indented code block one is part of it.
                let line = self.src[..first.range.start]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                section_body(self.src[line..last.range.end].trim_end())
            }
            _ => String::new(),
        };
        event.extra_sections.push(Section {
            title: squash(title),
            body,
        });
    }

    /// The items of a section's lists, with their numbering checked.
    fn section_items<'b>(&mut self, title: &str, body: &'b [Block<'s>]) -> Vec<&'b Item<'s>> {
        let mut items = Vec::new();
        for block in body {
            match block.kind {
                BlockKind::List { ordered: true } => items.extend(block.items.iter()),
                _ => self.unexpected(
                    &format!("{} in `### {title}`", describe(block.kind)),
                    block.range.start,
                ),
            }
        }
        let mut previous: Option<u64> = None;
        for item in &items {
            let Some(number) = item.number else { continue };
            match previous {
                Some(p) if p == number => self.diagnose(
                    DiagnosticKind::RepeatedListNumber { number },
                    item.range.start,
                ),
                Some(p) if p.checked_add(1) != Some(number) => {
                    let kind = DiagnosticKind::UnexpectedListNumber {
                        number,
                        expected: p.saturating_add(1),
                    };
                    self.diagnose(kind, item.range.start)
                }
                _ => {}
            }
            previous = Some(number);
        }
        items
    }

    /// An item's leading link and the text after it, or a diagnostic.
    fn leading_link<'b>(
        &mut self,
        item: &'b Item<'s>,
        section: &str,
        expected: &str,
    ) -> Option<(&'b InlineLink<'s>, &'s str)> {
        let link = item.inline.links.first().filter(|l| {
            item.inline
                .range
                .as_ref()
                .is_some_and(|r| trim(&self.src[r.start..l.range.start]).is_empty())
        });
        if item.complex || link.is_none() {
            let kind = DiagnosticKind::MalformedItem {
                section: section.to_string(),
                expected: expected.to_string(),
            };
            self.diagnose(kind, item.range.start);
            return None;
        }
        let link = link?;
        let end = item.inline.range.as_ref().map_or(link.range.end, |r| r.end);
        Some((link, trim(&self.src[link.range.end..end])))
    }

    fn source_item(&mut self, item: &Item<'s>) -> Option<Source> {
        let (link, rest) = self.leading_link(item, "source", "[name](url)")?;
        let mut source = Source::new(squash(link.text(self.src)), self.url(link));
        if !rest.is_empty() {
            // `[name](url) [IMG](picture)`: the source's picture.
            match item
                .inline
                .links
                .get(1)
                .filter(|_| item.inline.links.len() == 2)
            {
                Some(image)
                    if rest == &self.src[image.range.clone()]
                        && image.text(self.src) == IMAGE_LINK =>
                {
                    source.image = Some(self.url(image));
                }
                _ => self.unexpected("text after a source link", link.range.end),
            }
        }
        Some(source)
    }

    fn related_item(&mut self, item: &Item<'s>) -> Option<Related> {
        let (link, rest) =
            self.leading_link(item, "related", "[headline](path) _Context: a, b_")?;
        let contexts = if rest.is_empty() {
            Vec::new()
        } else {
            self.context_line(rest).unwrap_or_else(|| {
                self.unexpected("text after a related link", link.range.end);
                Vec::new()
            })
        };
        let url = self.url(link);
        Some(Related::new(squash(link.text(self.src)), url, contexts))
    }

    fn revision_item(&mut self, item: &Item<'s>) -> Option<Revision> {
        let (link, rest) =
            self.leading_link(item, "change", "[headline](path) _timestamp (label)_")?;
        // A note over several lines is a broken item, not a label.
        if rest.contains('\n') {
            self.unexpected("change note spanning lines", link.range.end);
            let path = link.url_string();
            return Some(Revision {
                headline: squash(link.text(self.src)),
                path,
                timestamp: None,
                label: None,
            });
        }
        let (timestamp, label) = fields::revision_note(rest);
        Some(Revision {
            headline: squash(link.text(self.src)),
            path: link.url_string(),
            timestamp,
            label,
        })
    }

    // ---- day pages and the front page ----

    fn day_page(&mut self) -> Document {
        let blocks = std::mem::take(&mut self.blocks);
        let mut formats = Vec::new();
        let mut sections: Vec<FrontSection> = Vec::new();
        let mut category: Option<(String, usize)> = None;
        let mut last_item_open = false;

        for (i, block) in blocks.iter().enumerate() {
            let after_item = std::mem::take(&mut last_item_open);
            if !matches!(block.kind, BlockKind::Heading(3)) {
                if let Some((_, offset)) = category.take() {
                    self.unexpected("topic line without a headline under it", offset);
                }
            }
            match block.kind {
                BlockKind::Paragraph if sections.is_empty() && formats.is_empty() => match self
                    .formats(block)
                {
                    Some(links) => formats = links,
                    None => {
                        self.unexpected("paragraph before the first day heading", block.range.start)
                    }
                },
                BlockKind::Heading(2) => self.day_section_heading(block, &mut sections),
                BlockKind::Rule => sections.push(FrontSection::Separator),
                BlockKind::Heading(5) => {
                    category = Some((squash(self.text(&block.inline)), block.range.start))
                }
                BlockKind::Heading(3) => {
                    let cat = category.take().map(|(text, _)| text);
                    last_item_open = self.day_item(block, cat, &mut sections);
                }
                BlockKind::Paragraph if after_item => self.item_paragraph(block, &mut sections),
                kind => self.unexpected(
                    &format!("{} on a day page", describe(kind)),
                    blocks[i].range.start,
                ),
            }
        }
        if let Some((_, offset)) = category {
            self.unexpected("topic line without a headline under it", offset);
        }
        self.blocks = blocks;
        self.assemble_days(formats, sections)
    }

    fn day_section_heading(&mut self, block: &Block<'s>, sections: &mut Vec<FrontSection>) {
        if let Some(link) = self.day_heading(block) {
            let text = link.text(self.src);
            let from_url = fields::path_date(&link.url);
            let date = if fields::date_text(text).is_some() {
                let date = self.date_from(text, from_url, link.range.start);
                self.check_date(date, text, Some(&link.url), link.range.start);
                date
            } else {
                from_url.unwrap_or_default()
            };
            let mut day = Day::new(date, link.url_string());
            if fields::date_text(text).is_none() {
                day.label = Some(squash(text));
            }
            sections.push(FrontSection::Day(day));
        } else if let Some(link) = self.heading_link(block, 2) {
            // Only "Previous Day..." is left among linked H2s.
            sections.push(FrontSection::PreviousDay(Link::new(
                squash(link.text(self.src)),
                link.url_string(),
            )));
        } else if self.text(&block.inline) == "Opinion" {
            sections.push(FrontSection::Opinion(Vec::new()));
        } else {
            self.unexpected("heading on a day page", block.range.start);
        }
    }

    /// A `### [headline](path)` item; true when it was taken.
    fn day_item(
        &mut self,
        block: &Block<'s>,
        category: Option<String>,
        sections: &mut [FrontSection],
    ) -> bool {
        let Some(link) = self.heading_link(block, 3) else {
            self.unexpected(
                "level-3 heading that is not a `[headline](path)` link",
                block.range.start,
            );
            return false;
        };
        let headline = squash(link.text(self.src));
        match sections.last_mut() {
            Some(FrontSection::Day(day)) => {
                let mut event = Event::new(day.date, headline);
                event.path = Some(self.url(link));
                event.category = category;
                day.events.push(event);
                true
            }
            Some(FrontSection::Opinion(items)) => {
                items.push(OpinionItem {
                    title: headline,
                    path: link.url_string(),
                    category,
                    summary: None,
                });
                true
            }
            _ => {
                self.unexpected("headline outside a day section", block.range.start);
                false
            }
        }
    }

    /// The line(s) under an item: a summary, a context line, or both.
    fn item_paragraph(&mut self, block: &Block, sections: &mut [FrontSection]) {
        let text = trim(&self.src[block.range.clone()]);
        let mut summary: Vec<&str> = Vec::new();
        let mut contexts: Vec<String> = Vec::new();
        for line in text.lines().map(str::trim) {
            match self.context_line(line) {
                Some(tags) => contexts.extend(tags),
                None => summary.push(line),
            }
        }
        let summary = item_summary(&summary.join("\n"));
        match sections.last_mut() {
            Some(FrontSection::Day(day)) => {
                if let Some(event) = day.events.last_mut() {
                    event.summary = summary;
                    event.contexts = contexts;
                }
            }
            Some(FrontSection::Opinion(items)) => {
                if let Some(item) = items.last_mut() {
                    if !contexts.is_empty() {
                        self.unexpected("context line under an opinion item", block.range.start);
                    }
                    item.summary = summary;
                }
            }
            _ => {}
        }
    }

    fn assemble_days(&mut self, formats: Vec<Link>, mut sections: Vec<FrontSection>) -> Document {
        let day_count = sections
            .iter()
            .filter(|s| matches!(s, FrontSection::Day(_)))
            .count();
        let plain_day = day_count == 1
            && sections.iter().all(|s| match s {
                FrontSection::Day(day) => day.label.is_none(),
                FrontSection::PreviousDay(_) => true,
                _ => false,
            })
            && matches!(sections.first(), Some(FrontSection::Day(_)));
        let path = self.file_site_path.clone();
        if day_count == 0 {
            return Document::NotEvent(NotEvent {
                path,
                reason: "no news day on the page (an opinion list or other listing)".to_string(),
            });
        }
        if plain_day {
            let mut previous = None;
            let mut day = None;
            for section in sections {
                match section {
                    FrontSection::Day(d) => day = Some(d),
                    FrontSection::PreviousDay(link) if previous.is_none() => previous = Some(link),
                    FrontSection::PreviousDay(link) => {
                        let at = self.src.find(&format!("({})", link.url)).unwrap_or(0);
                        self.unexpected("second previous-day link", at);
                    }
                    _ => {}
                }
            }
            let mut day = day.expect("one day section");
            day.formats = formats;
            day.previous_day = previous;
            if let Some(path) = &path {
                let text = day.date.format("%Y-%m-%d").to_string();
                let at = self.src.find(&day.link).unwrap_or(0);
                self.check_date(day.date, &text, Some(path), at);
            }
            day.path = path.or_else(|| Some(day.link.clone()));
            return Document::Day(day);
        }
        for section in &mut sections {
            if let FrontSection::Day(day) = section {
                day.path = Some(day.link.clone());
            }
        }
        let path = path.or_else(|| {
            let html = formats.iter().find(|l| l.text == "HTML")?;
            html.url.strip_suffix(".html").map(|p| format!("{p}.md"))
        });
        Document::FrontPage(FrontPage {
            path,
            formats,
            sections,
        })
    }
}

fn is_section_heading(block: &Block) -> bool {
    matches!(block.kind, BlockKind::Heading(2) | BlockKind::Heading(3))
}

fn describe(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Heading(_) => "heading",
        BlockKind::Paragraph => "paragraph",
        BlockKind::List { ordered: true } => "numbered list",
        BlockKind::List { ordered: false } => "bulleted list",
        BlockKind::Rule => "rule",
        BlockKind::Other => "block",
    }
}

/// An event page's own path from its links: the Formats line, else the
/// `(Current version)` revision.
fn event_path_from_links(formats: &[Link], blocks: &[Block], src: &str) -> Option<String> {
    let from_formats = formats
        .iter()
        .filter(|l| l.url.starts_with("/news/"))
        .find_map(|l| l.url.rsplit_once('.').map(|(stem, _)| format!("{stem}.md")));
    from_formats.or_else(|| {
        blocks.iter().flat_map(|b| b.items.iter()).find_map(|item| {
            let range: &Range<usize> = item.inline.range.as_ref()?;
            let link = item.inline.links.first()?;
            src[link.range.end..range.end]
                .contains("(Current version)")
                .then(|| link.url_string())
        })
    })
}
