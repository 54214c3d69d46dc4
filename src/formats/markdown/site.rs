//! Event pages in the site generator's own form ([`Style::Site`]): the
//! template its newest pages are written from, blank lines included.
//!
//! ```text
//!                                  (a blank line and the Formats line,
//! Formats: [HTML](…)  [JSON](…)  [XML](…)··   when the page has one)
//!
//! ### [2017-06-19](/news/2017/06/19/index.md)
//!
//! ##### Category                   (straight above the headline)
//! # Headline·                      (one trailing space)
//!
//! Summary                          (or an empty line)
//!
//!
//! ### Sources:                     (Source: on pages without Formats)
//!
//! 1. [BBC](…)
//!
//! ### Related:
//!
//! 1. [Headline ](…) _Context: a, b_
//! ```

use crate::edition::Edition;
use crate::model::Event;

use super::write::{
    canonical_event_cow, context_line, date_text, day_path, destination, event_sections,
    formats_line, paragraph_block,
};
use super::Style;

/// An event page in the site's form.
pub(super) fn event_page(event: &Event, edition: &Edition) -> String {
    let event = canonical_event_cow(event);
    let mut out = String::new();
    if !event.formats.is_empty() {
        out.push('\n');
        out.push_str(&formats_line(&event.formats, Style::Site));
        out.push_str("\n\n");
    }
    let date_link = event
        .date_link
        .clone()
        .unwrap_or_else(|| day_path(event.date));
    let date = date_text(event.date, Style::Site);
    out.push_str(&format!("### [{date}]({})\n\n", destination(&date_link)));
    if let Some(category) = &event.category {
        out.push_str(&format!("##### {category}\n"));
    }
    out.push_str(&format!("# {} \n\n", event.headline));
    out.push_str(&middle(&event, edition));
    let mut sections: Vec<String> = event_sections(&event, edition, Style::Site)
        .into_iter()
        .map(|(title, items)| format!("### {title}\n\n{items}\n"))
        .collect();
    for section in &event.extra_sections {
        let mut text = format!("### {}\n", section.title);
        if !section.body.is_empty() {
            text.push_str(&format!("\n{}\n", section.body));
        }
        sections.push(text);
    }
    if sections.is_empty() {
        // Nothing below the summary: the page ends with it.
        let end = out.trim_end_matches('\n').len();
        out.truncate(end);
        out.push('\n');
        return out;
    }
    out.push_str(&sections.join("\n"));
    out
}

/// The summary line (or an empty one) and two blank lines, as the
/// generator writes them; a context line, which only day pages carry,
/// after the summary.
fn middle(event: &Event, edition: &Edition) -> String {
    let mut blocks: Vec<String> = event.summary.iter().map(|s| paragraph_block(s)).collect();
    if !event.contexts.is_empty() {
        blocks.push(context_line(&event.contexts, edition));
    }
    format!("{}\n\n\n", blocks.join("\n\n"))
}
