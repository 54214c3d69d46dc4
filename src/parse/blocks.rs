//! First pass: pulldown-cmark's events folded into top-level blocks that
//! point back into the source, so the second pass can read raw text.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event as Md, Options, Parser, Tag, TagEnd};
use smallvec::SmallVec;

use crate::text::trim;

/// A top-level markdown block.
#[derive(Debug, PartialEq)]
pub(crate) struct Block<'s> {
    pub kind: BlockKind,
    /// The whole block in the source.
    pub range: Range<usize>,
    /// Inline content (headings, paragraphs); empty for others.
    pub inline: Inline<'s>,
    /// List items (lists only).
    pub items: Vec<Item<'s>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Heading(u8),
    Paragraph,
    List {
        ordered: bool,
    },
    Rule,
    /// Code, HTML, quotes, tables: nothing this format uses.
    Other,
}

/// The inline content of a block or list item.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Inline<'s> {
    /// From the first inline event to the last; `None` when empty.
    pub range: Option<Range<usize>>,
    /// Links in order of their start.
    /// Most inline content has at most one link: kept without a heap
    /// allocation.
    pub links: SmallVec<[InlineLink<'s>; 1]>,
}

impl Inline<'_> {
    fn cover(&mut self, range: &Range<usize>) {
        match &mut self.range {
            Some(r) => {
                r.start = r.start.min(range.start);
                r.end = r.end.max(range.end);
            }
            None => self.range = Some(range.clone()),
        }
    }

    /// The content's source, trimmed.
    pub fn text<'s>(&self, src: &'s str) -> &'s str {
        self.range.as_ref().map_or("", |r| trim(&src[r.clone()]))
    }
}

#[derive(Debug, PartialEq)]
pub(crate) struct InlineLink<'s> {
    /// The whole `[text](url)`.
    pub range: Range<usize>,
    /// The text between the brackets, untrimmed; `None` for `[]()`.
    pub text: Option<Range<usize>>,
    /// Borrowed from the page unless markdown had to unescape it.
    pub url: CowStr<'s>,
}

impl InlineLink<'_> {
    /// The URL, copied: `CowStr::to_string` goes through `Display`, a
    /// tenth of the page reader's time.
    pub fn url_string(&self) -> String {
        String::from(&*self.url)
    }

    /// The link text's source, without the padding spaces.
    pub fn text<'s>(&self, src: &'s str) -> &'s str {
        self.text.as_ref().map_or("", |r| trim(&src[r.clone()]))
    }
}

#[derive(Debug, PartialEq)]
pub(crate) struct Item<'s> {
    pub range: Range<usize>,
    /// The number as written, for ordered lists.
    pub number: Option<u64>,
    pub inline: Inline<'s>,
    /// The item holds blocks beyond one paragraph (nested lists, headings...).
    pub complex: bool,
}

/// Folds the source into top-level blocks. Linear in the input.
///
/// The page's plain tail, if it has one, is read by [`super::tail`];
/// pulldown-cmark reads the rest.
pub(crate) fn blocks(src: &str) -> Vec<Block<'_>> {
    let (tail_start, tail) = super::tail::split(src);
    let mut out = fold(&src[..tail_start]);
    out.extend(tail);
    out
}

/// The blocks as pulldown-cmark alone reads them: what the tail's reader
/// is compared with.
#[cfg(test)]
pub(crate) fn blocks_by_pulldown(src: &str) -> Vec<Block<'_>> {
    fold(src)
}

fn fold(src: &str) -> Vec<Block<'_>> {
    let mut folder = Folder {
        src,
        // Room for most pages' blocks (the corpus's median page has about 9).
        out: Vec::with_capacity(16),
        depth: 0,
        open_links: Vec::new(),
        item_depth: 0,
    };
    let parser = Parser::new_ext(src, Options::empty()).into_offset_iter();
    for (event, range) in parser {
        match event {
            Md::Start(tag) => folder.start(&tag, range),
            Md::End(tag) => folder.end(tag),
            Md::Rule if folder.depth == 0 => folder.push(BlockKind::Rule, range),
            // Top-level HTML and the like arrive without a Start.
            _ if folder.depth == 0 => folder.push(BlockKind::Other, range),
            _ => folder.leaf(&range),
        }
    }
    folder.out
}

/// The blocks folded so far, and where the parser is among them.
struct Folder<'s> {
    src: &'s str,
    out: Vec<Block<'s>>,
    /// Depth of open block-level tags; 0 means top level.
    depth: usize,
    /// Open links: index into the owning `Inline::links`.
    open_links: Vec<usize>,
    /// The depth of the open list item's content; 0 when none is open.
    item_depth: usize,
}

impl<'s> Folder<'s> {
    fn push(&mut self, kind: BlockKind, range: Range<usize>) {
        self.out.push(Block {
            kind,
            range,
            inline: Inline::default(),
            items: Vec::new(),
        });
    }

    fn start(&mut self, tag: &Tag<'s>, range: Range<usize>) {
        if self.depth == 0 {
            self.push(block_kind(tag), range.clone());
        }
        let (depth, item_depth) = (self.depth, self.item_depth);
        let block = self.out.last_mut().expect("a block is open");
        match tag {
            Tag::Item if depth == 1 && matches!(block.kind, BlockKind::List { .. }) => {
                // A section's list has a dozen items or so: grow once.
                if block.items.capacity() == 0 {
                    block.items.reserve(16);
                }
                block.items.push(Item {
                    number: item_number(&self.src[range.clone()]),
                    range,
                    inline: Inline::default(),
                    complex: false,
                });
                self.item_depth = depth + 1;
            }
            Tag::Link { dest_url, .. } => {
                let inline = current_inline(block, item_depth, depth);
                inline.cover(&range);
                self.open_links.push(inline.links.len());
                inline.links.push(InlineLink {
                    range,
                    text: None,
                    url: dest_url.clone(),
                });
            }
            Tag::Paragraph if item_depth > 0 && depth == item_depth => {}
            _ if item_depth > 0 && depth >= item_depth && is_block_tag(tag) => {
                if let Some(item) = block.items.last_mut() {
                    item.complex = true;
                }
            }
            _ if depth > 0 && !is_block_tag(tag) => {
                cover_inline(
                    current_inline(block, item_depth, depth),
                    &self.open_links,
                    &range,
                );
            }
            _ => {}
        }
        if is_block_tag(tag) {
            self.depth += 1;
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if is_block_end(&tag) {
            self.depth = self.depth.saturating_sub(1);
            if matches!(tag, TagEnd::Item) && self.depth + 1 == self.item_depth {
                self.item_depth = 0;
            }
        }
        if matches!(tag, TagEnd::Link) {
            self.open_links.pop();
        }
    }

    /// Text, code, breaks and the like inside a block.
    fn leaf(&mut self, range: &Range<usize>) {
        let block = self.out.last_mut().expect("a block is open");
        let inline = current_inline(block, self.item_depth, self.depth);
        cover_inline(inline, &self.open_links, range);
    }
}

/// Extends the inline range, and the open link's text, over `range`.
fn cover_inline(inline: &mut Inline<'_>, open_links: &[usize], range: &Range<usize>) {
    inline.cover(range);
    if let Some(link) = open_links.last().and_then(|&i| inline.links.get_mut(i)) {
        match &mut link.text {
            Some(r) => r.end = r.end.max(range.end),
            // From just after the `[`: a first leaf's range starts after
            // an escaping backslash (`[\\](x)` is the text `\\`, not `\`).
            None => link.text = Some((link.range.start + 1).min(range.start)..range.end),
        }
    }
}

fn current_inline<'b, 's>(
    block: &'b mut Block<'s>,
    item_depth: usize,
    depth: usize,
) -> &'b mut Inline<'s> {
    if item_depth > 0 && depth >= item_depth {
        if let Some(item) = block.items.last_mut() {
            return &mut item.inline;
        }
    }
    &mut block.inline
}

fn block_kind(tag: &Tag) -> BlockKind {
    match tag {
        Tag::Heading { level, .. } => BlockKind::Heading(*level as u8),
        Tag::Paragraph => BlockKind::Paragraph,
        Tag::List(start) => BlockKind::List {
            ordered: start.is_some(),
        },
        _ => BlockKind::Other,
    }
}

fn is_block_tag(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// The number of an ordered list item, read from its marker.
pub(super) fn item_number(item_src: &str) -> Option<u64> {
    let digits: &str = {
        let s = item_src.trim_start();
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        &s[..end]
    };
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_link_text_is_trimmed_source() {
        let src = "### [ Big &amp; bold ](/news/x.md)\n";
        let blocks = blocks(src);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].kind, BlockKind::Heading(3));
        let link = &blocks[0].inline.links[0];
        assert_eq!(link.text(src), "Big &amp; bold");
        assert_eq!(&*link.url, "/news/x.md");
    }

    #[test]
    fn list_items_keep_their_written_numbers() {
        let src = "1. [a](x)\n2. [b](y)\n2. [c](z) _Context: q_\n";
        let blocks = blocks(src);
        let numbers: Vec<_> = blocks[0].items.iter().map(|i| i.number).collect();
        assert_eq!(numbers, vec![Some(1), Some(2), Some(2)]);
        assert_eq!(blocks[0].items[2].inline.text(src), "[c](z) _Context: q_");
        assert_eq!(blocks[0].items[2].inline.links[0].text(src), "c");
    }

    #[test]
    fn loose_items_read_like_tight_ones() {
        let src = "1. [a](x)\n\n2. [b](y)\n";
        let blocks = blocks(src);
        assert_eq!(blocks[0].items.len(), 2);
        assert!(!blocks[0].items[0].complex);
        assert_eq!(&*blocks[0].items[1].inline.links[0].url, "y");
    }
}
