//! The model back to canonical markdown (see `docs/canonical-markdown.md`).
//!
//! [`render`] writes one page; [`canonical_model`] is the model as the
//! canonical form carries it, so `parse(render(d)) == canonical_model(d)`
//! for every page read from markdown.

use std::io::Write;

use std::borrow::Cow;

use crate::edition::{self, Edition};
use crate::error::Result;
use crate::formats::writer::Writer;

use super::pages;
use crate::model::*;

use super::Style;
use crate::text::{
    event_summary, is_squashed_text, item_summary, revision_note, section_body, squash, squash_cow,
    tags,
};

/// Writes pages (or events, each as its own event page) as canonical
/// markdown; pages with no news are skipped. One page is written as it
/// is; several each follow a marker line naming the page's site path
/// (`<!-- currents: page /news/…/x.md -->`), which reading splits at, so
/// the file reads back as those pages. Each page is read back before it
/// is written, as `fmt` does: one that would not read back as written is
/// an error naming the event.
pub struct MarkdownWriter<W: Write> {
    out: W,
    written: usize,
    /// The first page, held until a second shows whether markers are needed.
    first: Option<(String, String)>,
    style: Style,
}

impl<W: Write> MarkdownWriter<W> {
    /// A writer into `out`, in the default [`Style`].
    pub fn new(out: W) -> Self {
        MarkdownWriter::with_style(out, Style::default())
    }

    /// A writer into `out` in `style`.
    pub fn with_style(out: W, style: Style) -> Self {
        MarkdownWriter {
            out,
            written: 0,
            first: None,
            style,
        }
    }

    fn page(&mut self, document: &Document, text: String) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        let marker = pages::marker(&pages::PageFacts::of(document));
        self.written += 1;
        if self.written == 1 {
            self.first = Some((marker, text));
            return Ok(());
        }
        if let Some((first_marker, first)) = self.first.take() {
            self.marked(&first_marker, &first)?;
            self.out.write_all(b"\n")?;
        }
        self.marked(&marker, &text)
    }

    fn marked(&mut self, marker: &str, text: &str) -> Result<()> {
        self.out.write_all(marker.as_bytes())?;
        self.out.write_all(b"\n")?;
        self.out.write_all(text.as_bytes())?;
        Ok(())
    }
}

impl<W: Write> Writer for MarkdownWriter<W> {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        let edition = Edition::of_event(event);
        let page = render_styled(&Document::Event(event.clone()), edition, self.style);
        let document = Document::Event(event.clone());
        reads_back(&document, &page, edition)?;
        self.page(&document, page)
    }

    fn write_document(&mut self, document: &Document) -> Result<()> {
        let edition = document_edition(document);
        let page = render_styled(document, edition, self.style);
        reads_back(document, &page, edition)?;
        self.page(document, page)
    }

    fn finish(&mut self) -> Result<()> {
        if let Some((_, first)) = self.first.take() {
            self.out.write_all(first.as_bytes())?;
        }
        self.out.flush()?;
        Ok(())
    }
}

/// The site path a page is read from, which the page's text does not hold.
fn document_path(document: &Document) -> Option<&str> {
    match document {
        Document::Event(event) => event.path.as_deref(),
        Document::Day(day) => day.path.as_deref(),
        Document::FrontPage(front) => front.path.as_deref(),
        Document::NotEvent(_) => None,
    }
}

/// The safety net `fmt` has, for every page `convert --to md` writes: the
/// page read back must be the page's canonical model, or it is not written
/// (text the markdown cannot carry would change meaning silently).
fn reads_back(document: &Document, page: &str, edition: &'static Edition) -> Result<()> {
    if page.is_empty() {
        return Ok(());
    }
    let file = document_path(document).map(std::path::Path::new);
    let mut back = crate::parse::parse_bytes_as(page.as_bytes(), file, Some(edition));
    let facts = pages::PageFacts::of(document);
    facts.apply(&mut back.document);
    let marked = page.lines().any(pages::is_marker);
    if back.document == *document && !marked {
        return Ok(());
    }
    let mut expected = canonical_model(document);
    facts.apply(&mut expected);
    let difference = crate::format::model_difference(&expected, &back.document);
    match difference {
        None if !marked => Ok(()),
        difference => {
            let what = difference.unwrap_or_else(|| "a line would read as a page marker".into());
            let name = document.events().next().map_or("", |e| e.headline.as_str());
            Err(crate::Error::Format(format!(
                "the event `{name}` cannot be written as markdown that reads back ({what})"
            )))
        }
    }
}

/// The canonical markdown of a page, in the default [`Style`] (the
/// site's own form). A page with no news ([`Document::NotEvent`]) has no
/// markdown form: the empty string.
///
/// ```
/// let page = "### [2015-11-5](/news/2015/11/5/index.md)\n#  Big  news \n";
/// let parsed = currents::parse_str(page);
/// assert_eq!(
///     currents::formats::markdown::render(&parsed.document),
///     "### [2015-11-5](/news/2015/11/5/index.md)\n\n# Big news \n",
/// );
/// ```
pub fn render(document: &Document) -> String {
    render_in(document, document_edition(document))
}

/// [`render`] in the words of `edition` (section headings, context lines).
pub fn render_in(document: &Document, edition: &Edition) -> String {
    render_styled(document, edition, Style::default())
}

/// A page in `style`, in the words of `edition`.
///
/// ```
/// use currents::formats::markdown::{render_styled, Style};
/// let parsed = currents::parse_str("### [2015-11-5](/news/2015/11/5/index.md)\n#  Big  news \n");
/// let edition = currents::formats::markdown::document_edition(&parsed.document);
/// assert_eq!(
///     render_styled(&parsed.document, edition, Style::Compact),
///     "### [2015-11-05](/news/2015/11/5/index.md)\n\n# Big news\n",
/// );
/// ```
pub fn render_styled(document: &Document, edition: &Edition, style: Style) -> String {
    match (document, style) {
        (Document::Event(event), Style::Site) => super::site::event_page(event, edition),
        (Document::Event(event), _) => event_page(event, edition),
        (Document::Day(day), _) => day_page(day, edition, style),
        (Document::FrontPage(front), _) => front_page(front, edition, style),
        (Document::NotEvent(_), _) => String::new(),
    }
}

/// The edition a page is written in: the forced one, else the one its site
/// paths lie under (English without any).
pub fn document_edition(document: &Document) -> &'static Edition {
    let paths = match document {
        Document::Day(day) => day.path.as_deref(),
        Document::FrontPage(front) => front.path.as_deref(),
        _ => None,
    };
    let path = paths
        .filter(|p| Edition::of_path(p).code != "en")
        .or_else(|| document.events().find_map(|e| e.path.as_deref()));
    edition::forced().unwrap_or_else(|| path.map_or(&edition::ENGLISH, Edition::of_path))
}

/// The model as its canonical markdown carries it: what [`render`] writes
/// reads back as exactly this. Whitespace runs in headings, link text and
/// context tags become one space; summary lines lose their indentation and
/// trailing spaces (a hard break becomes a trailing `\`).
pub fn canonical_model(document: &Document) -> Document {
    let mut document = document.clone();
    match &mut document {
        Document::Event(event) => canonical_event(event, false),
        Document::Day(day) => canonical_day(day),
        Document::FrontPage(front) => canonical_front(front),
        Document::NotEvent(_) => {}
    }
    document
}

fn canonical_front(front: &mut FrontPage) {
    front.formats.iter_mut().for_each(canonical_link);
    for section in &mut front.sections {
        match section {
            FrontSection::Day(day) => canonical_day(day),
            FrontSection::Opinion(items) => items.iter_mut().for_each(canonical_opinion),
            FrontSection::PreviousDay(link) => canonical_link(link),
            FrontSection::Separator => {}
        }
    }
}

fn canonical_opinion(item: &mut OpinionItem) {
    item.title = squash(&item.title);
    squash_opt(&mut item.category);
    item.summary = item.summary.as_deref().and_then(item_summary);
}

fn canonical_day(day: &mut Day) {
    day.formats.iter_mut().for_each(canonical_link);
    squash_opt(&mut day.label);
    if let Some(link) = &mut day.previous_day {
        canonical_link(link);
    }
    for event in &mut day.events {
        canonical_event(event, true);
    }
}

fn canonical_event(event: &mut Event, on_day_page: bool) {
    event.headline = squash(&event.headline);
    squash_opt(&mut event.category);
    event.summary = if on_day_page {
        event.summary.as_deref().and_then(item_summary)
    } else {
        event.summary.as_deref().and_then(event_summary)
    };
    if on_day_page {
        event.headline = label(&event.headline);
    } else if event.date_link.is_none() {
        // An event page's date line always links its day.
        event.date_link = Some(day_path(event.date));
    }
    event.contexts = tags(&event.contexts);
    event.formats.iter_mut().for_each(canonical_link);
    for source in &mut event.sources {
        source.name = label(&source.name);
    }
    for related in &mut event.related {
        related.headline = label(&related.headline);
        related.contexts = tags(&related.contexts);
    }
    for revision in &mut event.revisions {
        revision.headline = label(&revision.headline);
    }
    for section in &mut event.extra_sections {
        section.title = squash(&section.title);
        section.body = section_body(&section.body);
    }
}

/// True when [`canonical_event`] would leave the event as it is, as it
/// leaves every event the parser reads: rendering can then borrow it.
fn is_canonical_event(event: &Event, on_day_page: bool) -> bool {
    let text = |t: &String| is_squashed_text(t);
    let label = |t: &String| is_squashed_text(t) && is_link_label(t);
    let tags = |tags: &[String]| tags.iter().all(|t| !t.is_empty() && is_squashed_text(t));
    let summary = if on_day_page {
        event.summary.as_deref().and_then(item_summary)
    } else {
        event.summary.as_deref().and_then(event_summary)
    };
    text(&event.headline)
        && (if on_day_page {
            label(&event.headline)
        } else {
            event.date_link.is_some()
        })
        && event.category.as_ref().is_none_or(text)
        && summary == event.summary
        && tags(&event.contexts)
        && event.formats.iter().all(|l| label(&l.text))
        && event.sources.iter().all(|s| label(&s.name))
        && event
            .related
            .iter()
            .all(|r| label(&r.headline) && tags(&r.contexts))
        && event.revisions.iter().all(|r| label(&r.headline))
        && event
            .extra_sections
            .iter()
            .all(|x| text(&x.title) && section_body(&x.body) == x.body)
}

fn canonical_link(link: &mut Link) {
    link.text = label(&link.text);
}

/// Link text as it is written: squashed, and escaped where it would not
/// read back as the text of one link (`x](http://evil.example)[y` would
/// end the link early and start another). Text that reads back as it is
/// stays as it is: a trailing `\` too, written with a space after it.
fn label(text: &str) -> String {
    let text = squash_cow(text);
    if is_link_label(&text) {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                // An escape of punctuation stays an escape.
                Some(next) if next.is_ascii_punctuation() => {
                    out.push('\\');
                    out.push(next);
                }
                next => {
                    out.push_str("\\\\");
                    out.extend(next);
                }
            },
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// True when `[text](x)` (as [`link_text`] writes it) reads back as one
/// link whose text is `text`.
fn is_link_label(text: &str) -> bool {
    use pulldown_cmark::{Event as Md, Options, Parser, Tag, TagEnd};
    if !text.contains(['[', ']', '\\']) {
        return true;
    }
    let source = format!("[{}](x)", padded(text));
    let mut links = 0;
    let mut inside = None;
    for (event, range) in Parser::new_ext(&source, Options::empty()).into_offset_iter() {
        match event {
            Md::Start(Tag::Link { .. }) => {
                links += 1;
                inside = Some(range);
            }
            Md::End(TagEnd::Link) | Md::Start(Tag::Paragraph) | Md::End(TagEnd::Paragraph) => {}
            _ if inside.is_none() => return false,
            _ => {}
        }
    }
    links == 1 && inside == Some(0..source.len())
}

/// Link text as [`link_text`] writes it: a trailing backslash would
/// escape the closing bracket, so a space follows it (link text is read
/// trimmed, so the text reads back as it was).
fn padded(text: &str) -> Cow<'_, str> {
    if text.ends_with('\\') {
        Cow::Owned(format!("{text} "))
    } else {
        Cow::Borrowed(text)
    }
}

fn squash_opt(text: &mut Option<String>) {
    if let Some(t) = text {
        *t = squash(t);
    }
}

// ---- writing ----

/// Blocks of a page, joined by one blank line, ending in one newline
/// (compact), or each followed by a blank line (the site's day and front
/// pages, after a blank line and the Formats line).
#[derive(Default)]
struct Page {
    blocks: Vec<String>,
    /// The blocks the site follows with no blank line (by index).
    tight: Vec<usize>,
    style: Style,
}

impl Page {
    fn new(style: Style) -> Self {
        Page {
            blocks: Vec::new(),
            tight: Vec::new(),
            style,
        }
    }

    fn push(&mut self, block: impl Into<String>) {
        self.blocks.push(block.into());
    }

    /// A block the site's form follows straight with the next one (a day
    /// item without summary, the Opinion heading); compact separates it.
    fn push_tight(&mut self, block: impl Into<String>) {
        self.tight.push(self.blocks.len());
        self.push(block);
    }

    fn heading(&mut self, level: usize, text: &str) {
        let text = squash_cow(text);
        let mut block = String::with_capacity(level + 1 + text.len());
        (0..level).for_each(|_| block.push('#'));
        if !text.is_empty() {
            block.push(' ');
            block.push_str(&text);
        }
        self.push(block);
    }

    fn formats(&mut self, formats: &[Link]) {
        if !formats.is_empty() {
            self.push(formats_line(formats, self.style));
        }
    }

    fn finish(self) -> String {
        let mut text = String::new();
        if self.style == Style::Site {
            for (i, block) in self.blocks.iter().enumerate() {
                if block.starts_with("Formats: ") {
                    text.push('\n');
                }
                text.push_str(block);
                text.push_str(if self.tight.contains(&i) {
                    "\n"
                } else {
                    "\n\n"
                });
            }
            return text;
        }
        text = self.blocks.join("\n\n");
        text.push('\n');
        text
    }
}

/// `Formats: [HTML](…)  [JSON](…)`: two spaces between links as the site
/// writes them, and two after the last in its own form.
pub(super) fn formats_line(formats: &[Link], style: Style) -> String {
    let links: Vec<String> = formats.iter().map(link).collect();
    let mut line = format!("Formats: {}", links.join("  "));
    if style == Style::Site {
        line.push_str("  ");
    }
    line
}

/// A date as link text: zero-padded (compact) or with the day unpadded as
/// the site writes it (`2019-07-6`).
pub(super) fn date_text(date: chrono::NaiveDate, style: Style) -> String {
    match style {
        Style::Site => date.format("%Y-%m-%-d").to_string(),
        // Display is `%Y-%m-%d`, without parsing a format string per page.
        _ => date.to_string(),
    }
}

/// A link to an event: `[Headline ](…)` in the site's form, padded inside
/// as the generator pads it.
pub(super) fn event_link(text: &str, url: &str, style: Style) -> String {
    if style == Style::Site && !text.is_empty() {
        return link_text(&format!("{text} "), url);
    }
    link_text(text, url)
}

/// The event as its canonical form carries it, borrowed when it already is.
pub(super) fn canonical_event_cow(event: &Event) -> Cow<'_, Event> {
    if is_canonical_event(event, false) {
        Cow::Borrowed(event)
    } else {
        let mut e = event.clone();
        canonical_event(&mut e, false);
        Cow::Owned(e)
    }
}

fn event_page(event: &Event, edition: &Edition) -> String {
    let event = canonical_event_cow(event);
    let mut page = Page::new(Style::Compact);
    page.formats(&event.formats);
    event_head(&mut page, &event, edition);
    event_lists(&mut page, &event, edition);
    for section in &event.extra_sections {
        page.heading(3, &section.title);
        if !section.body.is_empty() {
            page.push(section.body.clone());
        }
    }
    page.finish()
}

/// The date line, category, headline, summary and context line.
fn event_head(page: &mut Page, event: &Event, edition: &Edition) {
    let date_link = event
        .date_link
        .clone()
        .unwrap_or_else(|| day_path(event.date));
    page.push(format!(
        "### [{}]({})",
        // Display is `%Y-%m-%d`, without parsing a format string per page.
        event.date,
        destination(&date_link)
    ));
    if let Some(category) = &event.category {
        page.heading(5, category);
    }
    page.heading(1, &event.headline);
    if let Some(summary) = &event.summary {
        page.push(paragraph_block(summary));
    }
    // Contexts come from day pages; an event page keeps them as a day page writes them.
    if !event.contexts.is_empty() {
        page.push(context_line(&event.contexts, edition));
    }
}

/// Sources (the Cover Image last, where the site puts it), Changes and
/// Related, in the site's order.
fn event_lists(page: &mut Page, event: &Event, edition: &Edition) {
    for (title, items) in event_sections(event, edition, Style::Compact) {
        page.heading(3, title);
        page.push(items);
    }
}

/// The titled lists of an event page, in the site's order: each section's
/// heading text and its list.
pub(super) fn event_sections(
    event: &Event,
    edition: &Edition,
    style: Style,
) -> Vec<(&'static str, String)> {
    let mut sections = Vec::new();
    let image = event
        .image
        .as_deref()
        .map(|url| link_text(COVER_IMAGE, url));
    if !event.sources.is_empty() || image.is_some() {
        let items = event.sources.len() + usize::from(image.is_some());
        let title = match style {
            // The generator's word goes with its template: `Sources:` on
            // pages with a Formats line, `Source:` on the others.
            Style::Site => edition.sources[usize::from(!event.formats.is_empty())],
            _ => edition.sources_heading(items),
        };
        // The picture goes last, where the site puts it, but before any
        // source named like it (a page with two): the first one read back
        // is the picture.
        let at = event.sources.iter().position(|s| s.name == COVER_IMAGE);
        let (before, after) = event.sources.split_at(at.unwrap_or(event.sources.len()));
        let sources = before.iter().map(source_item).chain(image);
        sections.push((title, list(sources.chain(after.iter().map(source_item)))));
    }
    if !event.revisions.is_empty() {
        let items = event.revisions.iter().map(|r| revision_item(r, style));
        sections.push((edition.changes, list(items)));
    }
    if !event.related.is_empty() {
        let items = event
            .related
            .iter()
            .map(|r| related_item(r, edition, style));
        sections.push((edition.related, list(items)));
    }
    sections
}

/// `[name](url)`, and ` [IMG](picture)` after it when the source has one.
fn source_item(source: &Source) -> String {
    let mut item = link_text(&source.name, &source.url);
    if let Some(image) = &source.image {
        item.push(' ');
        item.push_str(&link_text(IMAGE_LINK, image));
    }
    item
}

fn related_item(related: &Related, edition: &Edition, style: Style) -> String {
    let mut item = event_link(&related.headline, &related.path, style);
    if !related.contexts.is_empty() {
        item.push(' ');
        item.push_str(&context_line(&related.contexts, edition));
    }
    item
}

fn day_page(day: &Day, edition: &Edition, style: Style) -> String {
    let mut day = day.clone();
    canonical_day(&mut day);
    let mut page = Page::new(style);
    page.formats(&day.formats);
    day_section(&mut page, &day, edition);
    if let Some(previous) = &day.previous_day {
        page.push(format!("## {}", link(previous)));
    }
    page.finish()
}

fn front_page(front: &FrontPage, edition: &Edition, style: Style) -> String {
    let Document::FrontPage(front) = canonical_model(&Document::FrontPage(front.clone())) else {
        unreachable!("canonical_model keeps the page kind")
    };
    let mut page = Page::new(style);
    page.formats(&front.formats);
    for section in &front.sections {
        match section {
            FrontSection::Day(day) => day_section(&mut page, day, edition),
            FrontSection::Opinion(items) => opinion_section(&mut page, items),
            FrontSection::Separator => page.push("---"),
            FrontSection::PreviousDay(previous) => page.push(format!("## {}", link(previous))),
        }
    }
    page.finish()
}

fn opinion_section(page: &mut Page, items: &[OpinionItem]) {
    page.push_tight("## Opinion");
    for item in items {
        if let Some(category) = &item.category {
            page.push_tight(format!("##### {category}"));
        }
        let heading = format!("### {}", link_text(&item.title, &item.path));
        match &item.summary {
            Some(summary) if page.style == Style::Site => {
                page.push(format!("{heading}\n{summary}"));
            }
            Some(summary) => {
                page.push(heading);
                page.push(summary.clone());
            }
            None => page.push_tight(heading),
        }
    }
}

/// `## [date or label](link)` and the day's items.
fn day_section(page: &mut Page, day: &Day, edition: &Edition) {
    let style = page.style;
    let text = match &day.label {
        Some(label) => label.clone(),
        None => date_text(day.date, style),
    };
    page.push(format!("## {}", link_text(&text, &day.link)));
    for event in &day.events {
        let path = event.path.as_deref().unwrap_or_default();
        let heading = format!("### {}", event_link(&event.headline, path, style));
        let block = day_item_body(event, edition);
        if style == Style::Site {
            // One block: category, heading and body on consecutive lines.
            let category = event.category.as_ref().map(|c| format!("##### {c}"));
            let lines = category.into_iter().chain([heading]);
            let item = lines.collect::<Vec<_>>().join("\n");
            if block.is_empty() {
                page.push_tight(item);
            } else {
                page.push(format!("{item}\n{}", paragraph_block(&block)));
            }
            continue;
        }
        if let Some(category) = &event.category {
            page.heading(5, category);
        }
        page.push(heading);
        if !block.is_empty() {
            page.push(paragraph_block(&block));
        }
    }
}

/// A day item's summary and context line, as one paragraph's text.
fn day_item_body(event: &Event, edition: &Edition) -> String {
    let mut lines: Vec<String> = Vec::new();
    if let Some(summary) = &event.summary {
        lines.push(summary.clone());
    }
    if !event.contexts.is_empty() {
        lines.push(context_line(&event.contexts, edition));
    }
    let mut block = lines.join("\n");
    if let (Some(summary), false) = (&event.summary, event.contexts.is_empty()) {
        // A summary whose first line would start a block of its own
        // (`3. [x](y)`) can only follow the context line, as it did
        // on the page it was read from.
        if !is_one_paragraph(summary.lines().next().unwrap_or_default()) {
            block = format!("{}\n{summary}", context_line(&event.contexts, edition));
        }
    }
    block
}

/// The conventional day-page path of a date: `/news/YYYY/MM/D/index.md`.
pub(super) fn day_path(date: chrono::NaiveDate) -> String {
    format!("/news/{}/index.md", date.format("%Y/%m/%-d"))
}

pub(super) fn list(items: impl Iterator<Item = String>) -> String {
    let mut list = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            list.push('\n');
        }
        push_number(&mut list, i + 1);
        list.push_str(". ");
        list.push_str(&item);
    }
    list
}

/// Decimal digits without the formatting machinery (a list has many items).
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

pub(super) fn context_line(tags: &[String], edition: &Edition) -> String {
    format!("_{}: {}_", edition.context, tags.join(", "))
}

fn revision_item(revision: &Revision, style: Style) -> String {
    let mut item = event_link(&revision.headline, &revision.path, style);
    let stamp = revision
        .timestamp
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string());
    let note = match (stamp, revision.label.as_deref()) {
        (Some(stamp), Some(label)) => Some(format!("{stamp} ({label})")),
        (Some(stamp), None) => Some(stamp),
        // The site's `(label)`; a label with parentheses of its own is written
        // bare when it reads back whole that way, so its text is not changed.
        (None, Some(label)) if !label.contains(['(', ')']) => Some(format!("({label})")),
        // Written as the parser will read it: a note that merely starts
        // with a timestamp (`2018-02-06 13:49:30 (x)_ y`) stays bare.
        (None, Some(label))
            if revision_note(&format!("_{label}_")) == (None, Some(label.to_string())) =>
        {
            Some(label.to_string())
        }
        // Wrapped; if even that does not read back, fmt's safety net refuses the page.
        (None, Some(label)) => Some(format!("({label})")),
        (None, None) => None,
    };
    if let Some(note) = note {
        item.push_str(&format!(" _{note}_"));
    }
    item
}

/// Paragraph text as a block that reads back as those paragraphs. A
/// continuation line that would start a block of its own (`- x`, `# x`,
/// `===`, `> x`: text a page can hold on an indented line) is indented by
/// four spaces, which keeps it in its paragraph; reading drops the
/// indentation again. A paragraph that already reads as one is unchanged.
pub(super) fn paragraph_block(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| {
            // One line has no continuation to protect; most summaries are one.
            if !paragraph.contains('\n') || is_one_paragraph(paragraph) {
                return paragraph.to_string();
            }
            paragraph
                .split('\n')
                .enumerate()
                .map(|(i, line)| {
                    if i == 0 || line.is_empty() {
                        line.to_string()
                    } else {
                        format!("    {line}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// True when markdown reads `text` as a single paragraph.
fn is_one_paragraph(text: &str) -> bool {
    use pulldown_cmark::{Event as Md, Options, Parser, Tag};
    let mut depth = 0usize;
    let mut paragraphs = 0;
    for event in Parser::new_ext(text, Options::empty()) {
        match event {
            Md::End(_) => depth -= 1,
            Md::Start(tag) if depth == 0 && !matches!(tag, Tag::Paragraph) => return false,
            Md::Start(_) => {
                paragraphs += usize::from(depth == 0);
                depth += 1;
            }
            _ if depth == 0 => return false,
            _ => {}
        }
    }
    paragraphs == 1
}

fn link(link: &Link) -> String {
    link_text(&link.text, &link.url)
}

/// `[text](destination)`: the text is markdown source, written as is.
/// Every page function canonicalises its model first, so `text` is
/// already squashed here.
pub(super) fn link_text(text: &str, url: &str) -> String {
    let url = destination(url);
    let url: &str = &url;
    let mut out = String::with_capacity(text.len() + url.len() + 5);
    out.push('[');
    out.push_str(&padded(text));
    out.push_str("](");
    out.push_str(url);
    out.push(')');
    out
}

/// A link destination that reads back as `url`: bare when it can be,
/// else in angle brackets, with the characters markdown would take as
/// markup escaped.
pub(crate) fn destination(url: &str) -> Cow<'_, str> {
    // Most URLs hold nothing markdown would read as markup: copy them as is.
    /// Bytes a bare destination can hold as they are.
    const PLAIN: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = b' ' + 1;
        loop {
            table[byte as usize] =
                byte != 0x7f && !matches!(byte, b'(' | b')' | b'<' | b'>' | b'\\' | b'&');
            if byte == u8::MAX {
                break;
            }
            byte += 1;
        }
        table
    };
    let plain =
        !url.is_empty() && !url.starts_with('<') && url.bytes().all(|b| PLAIN[usize::from(b)]);
    if plain {
        return Cow::Borrowed(url);
    }
    let bare = can_be_bare(url);
    let mut out = String::with_capacity(url.len() + 2);
    if !bare {
        out.push('<');
    }
    for (i, c) in url.char_indices() {
        match c {
            '&' if crate::fix::entity_at(&url[i..]).is_some() => out.push_str("\\&"),
            '\\' | '<' | '>' if !bare => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            _ => out.push(c),
        }
    }
    if !bare {
        out.push('>');
    }
    Cow::Owned(out)
}

/// True when `url` can be written without `<…>`: balanced parentheses, no
/// space, control character or backslash, not starting with `<`.
fn can_be_bare(url: &str) -> bool {
    let mut depth = 0i32;
    let mut balanced = true;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                balanced &= depth >= 0;
            }
            _ => {}
        }
    }
    balanced &= depth == 0;
    !url.is_empty()
        && balanced
        && !url.starts_with('<')
        && !url
            .chars()
            .any(|c| c.is_ascii_whitespace() || c.is_control() || c == '\\')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_str;
    use chrono::NaiveDate;

    fn compact(document: &Document) -> String {
        render_styled(document, document_edition(document), Style::Compact)
    }

    #[test]
    fn the_site_form_is_the_generators_template() {
        let page = "\nFormats: [HTML](/a.html)  [JSON](/a.json)  \n\n### [2017-06-9](/news/2017/06/9/index.md)\n\n##### Topic\n# Big news. \n\nA summary.\n\n\n### Sources:\n\n1. [BBC](http://bbc.co.uk/x)\n\n### Related:\n\n1. [Old news. ](/news/2016/01/1/old.md) _Context: Topic_\n";
        let parsed = parse_str(page);
        // The parser still warns of `Sources:` over one source (CUR007).
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        assert_eq!(render(&parsed.document), page);
        let day = "## [2017-06-9](/news/2017/06/9/index.md)\n\n##### Topic\n### [Big news. ](/news/2017/06/9/big.md)\nA summary.\n\n### [Bare. ](/news/2017/06/9/bare.md)\n### [Tagged. ](/news/2017/06/9/t.md)\n_Context: a, b_\n\n## [Previous Day...](/news/2017/06/8/index.md)\n\n";
        let parsed = parse_str(day);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(render(&parsed.document), day);
    }

    /// Written in either style, `document` reads back exactly (not only
    /// as its canonical form).
    fn reads_back_in_both_styles(document: &Document) {
        for style in [Style::Compact, Style::Site] {
            let text = render_styled(document, document_edition(document), style);
            assert_eq!(&parse_str(&text).document, document, "{style:?}:\n{text}");
        }
    }

    #[test]
    fn a_second_cover_image_stays_a_source_after_the_picture() {
        // Found by fuzzing: two Sources sections, each with a Cover Image.
        let page = "### [2017-06-19](/news/2017/06/19/index.md)\n\n# H\n\n### Sources:\n\n1. [BBC](http://b.c/1)\n2. [Cover Image](http://i.c/1.jpg)\n\n### Sources:\n\n1. [Salon](http://s.c/2)\n2. [Cover Image](http://i.c/2.jpg)\n";
        let first = parse_str(page).document;
        let Document::Event(event) = &first else {
            panic!("an event page")
        };
        assert_eq!(event.image.as_deref(), Some("http://i.c/1.jpg"));
        let names: Vec<&str> = event.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["BBC", "Salon", COVER_IMAGE]);
        reads_back_in_both_styles(&first);
    }

    #[test]
    fn a_trailing_backslash_in_link_text_reads_back_as_it_was() {
        // Found by fuzzing: `[…S\  ](path)` read as `S\`, written `S\\`.
        let day =
            "## [News](/news/2017/06/19/index.md)\n\n### [Big five.S\\  ](/news/2017/06/19/x.md)\n";
        let page = "### [2017-06-19](/news/2017/06/19/index.md)\n\n# H\n\n### Source:\n\n1. [BBC\\](http://b.c/1)\n";
        for page in [day, page] {
            reads_back_in_both_styles(&parse_str(page).document);
        }
        let first = parse_str(day).document;
        assert_eq!(first.events().next().unwrap().headline, "Big five.S\\");
        // An escape of the bracket is still an escape, not a trailing backslash.
        assert_eq!(label("a \\]"), "a \\]");
        assert_eq!(label("a ]"), "a \\]");
    }

    #[test]
    fn an_indented_code_block_keeps_its_indentation_in_an_unknown_section() {
        // Found by fuzzing: read without its indentation, "```x" became a
        // fence that swallowed every section after it.
        let page = "### [2017-06-19](/news/2017/06/19/index.md)\n\n# H\n\n### Notes\n     ```x\n\n### Source:\n\n1. [BBC](http://b.c/1)\n";
        let first = parse_str(page).document;
        let Document::Event(event) = &first else {
            panic!("an event page")
        };
        assert_eq!(event.extra_sections[0].body, "     ```x");
        assert_eq!(event.sources.len(), 1);
        reads_back_in_both_styles(&first);
    }

    #[test]
    fn list_numbers_count_past_nine() {
        let items = (0..112).map(|i| format!("item {i}"));
        let list = list(items);
        let lines: Vec<&str> = list.lines().collect();
        assert_eq!(lines[0], "1. item 0");
        assert_eq!(lines[9], "10. item 9");
        assert_eq!(lines[111], "112. item 111");
    }

    fn event_url(url: &str) -> String {
        let page = format!(
            "### [2015-11-25](/news/2015/11/25/index.md)\n\n# H\n\n### Source:\n\n1. [S]({})\n",
            destination(url)
        );
        let parsed = parse_str(&page);
        let Document::Event(event) = parsed.document else {
            panic!("event page")
        };
        event.sources[0].url.clone()
    }

    #[test]
    fn destinations_read_back_as_written() {
        for url in [
            "http://a.b/c?x=1&y=2",
            "http://a.b/(x)",
            "http://a.b/x)",
            "a b",
            "http://a.b/&amp;x",
            "<odd>",
            "back\\slash",
            "",
        ] {
            assert_eq!(event_url(url), url, "{url}");
        }
        assert_eq!(destination("http://a.b/c?x=1&y=2"), "http://a.b/c?x=1&y=2");
        assert_eq!(destination("http://a.b/(x)"), "http://a.b/(x)");
    }

    #[test]
    fn summaries_lose_markup_whitespace_only() {
        assert_eq!(
            event_summary("  a  b \n   c  \nd\n\n\n e").as_deref(),
            Some("a  b\nc\\\nd\n\ne")
        );
        assert_eq!(event_summary(" \n "), None);
        assert_eq!(item_summary(" x \n\n y ").as_deref(), Some("x\ny"));
    }

    #[test]
    fn section_bodies_keep_code_and_hard_breaks() {
        assert_eq!(
            section_body("a  \nb  \n\n\n```\nx  \n\n\ny\n```\n\n\nc"),
            "a\\\nb\n\n```\nx\n\n\ny\n```\n\nc"
        );
    }

    #[test]
    fn a_bare_event_gets_the_day_link_and_reads_back() {
        let date = NaiveDate::from_ymd_opt(2016, 12, 4).unwrap();
        let mut event = Event::new(date, "Big  news");
        event.sources.push(Source::new("BBC", "http://bbc.co.uk/x"));
        event.contexts.push("Tag one".into());
        let text = compact(&Document::Event(event));
        assert_eq!(
            text,
            "### [2016-12-04](/news/2016/12/4/index.md)\n\n# Big news\n\n_Context: Tag one_\n\n### Source:\n\n1. [BBC](http://bbc.co.uk/x)\n"
        );
        let back = parse_str(&text);
        assert!(back.diagnostics.is_empty(), "{:?}", back.diagnostics);
        assert_eq!(back.document.events().next().unwrap().contexts, ["Tag one"]);
    }

    #[test]
    fn revisions_notes_read_back() {
        let page = "### [2018-02-06](/news/2018/02/6/index.md)\n\n# H\n\n### Changes:\n\n1. [A](/a.md) _2018-02-06 13:49:30 (First version)_\n2. [B](/b.md) _(Current version)_\n3. [C](/c.md) _whenever (Update)_\n4. [D](/d.md) _2018-02-06 13:49:30_\n5. [E](/e.md)\n";
        let parsed = parse_str(page);
        let text = compact(&parsed.document);
        assert_eq!(text, page);
        let site = render(&parsed.document);
        assert!(site.contains("\n1. [A ](/a.md) _2018-02-06 13:49:30 (First version)_\n"));
        assert_eq!(parse_str(&site).document, parsed.document);
        assert_eq!(parse_str(&text).document, parsed.document);
    }

    #[test]
    fn the_writer_separates_pages_and_skips_prose() {
        let date = NaiveDate::from_ymd_opt(2016, 12, 4).unwrap();
        let mut out = Vec::new();
        let mut writer = MarkdownWriter::with_style(&mut out, Style::Compact);
        writer.write_event(&Event::new(date, "A")).unwrap();
        writer
            .write_document(&Document::NotEvent(NotEvent {
                path: None,
                reason: "prose".into(),
            }))
            .unwrap();
        writer.write_event(&Event::new(date, "B")).unwrap();
        writer.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("### [2016-12-04]").count(), 2);
        let marker = "<!-- currents: page - date-link none -->\n";
        assert!(text.starts_with(marker), "{text}");
        assert!(
            text.contains(&format!("# A\n\n{marker}### [2016-12-04]")),
            "{text}"
        );
        // One page is written alone, as `fmt` would write it.
        let mut one = Vec::new();
        let mut writer = MarkdownWriter::with_style(&mut one, Style::Compact);
        writer.write_event(&Event::new(date, "A")).unwrap();
        writer.finish().unwrap();
        assert!(String::from_utf8(one)
            .unwrap()
            .starts_with("### [2016-12-04]"));
    }
}
