//! Readers: every output format can be read back into events, so each
//! conversion can be round-tripped. One module per format.

pub mod atom;
mod feed;
pub mod rss;

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::input::{walk, Input};
use crate::model::Event;

/// A format that `currents` can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputFormat {
    /// News-event markdown pages.
    Markdown,
    /// RSS 2.0 feeds.
    Rss,
    /// Atom 1.0 feeds.
    Atom,
}

impl InputFormat {
    /// The format a file's extension names, if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()? {
            "md" | "markdown" | "txt" => Some(InputFormat::Markdown),
            "rss" => Some(InputFormat::Rss),
            "atom" => Some(InputFormat::Atom),
            _ => None,
        }
    }

    /// The format of a document judged by its content: an XML document
    /// whose root is `<rss>` or `<feed>` is a feed; anything else is
    /// markdown.
    pub fn sniff(bytes: &[u8]) -> Self {
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        let mut rest = text.trim_start_matches('\u{feff}').trim_start();
        // Skip the XML declaration, comments, processing instructions and
        // a doctype before the root element.
        while let Some(after) = rest.strip_prefix('<') {
            let skip = if after.starts_with("!--") {
                after.find("-->").map(|i| i + 3)
            } else if after.starts_with('?') || after.starts_with('!') {
                after.find('>').map(|i| i + 1)
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_'))
                    .collect();
                return match name.rsplit(':').next() {
                    Some("rss") => InputFormat::Rss,
                    Some("feed") => InputFormat::Atom,
                    _ => InputFormat::Markdown,
                };
            };
            match skip {
                Some(n) => rest = after[n..].trim_start(),
                None => break,
            }
        }
        InputFormat::Markdown
    }

    /// Reads the events of a feed document, in document order. (Markdown
    /// is read with [`crate::parse_bytes`], which also reports diagnostics;
    /// here its diagnostics are dropped.)
    pub fn read_events(self, bytes: &[u8]) -> Result<Vec<Event>> {
        match self {
            InputFormat::Rss => rss::read(bytes),
            InputFormat::Atom => atom::read(bytes),
            InputFormat::Markdown => {
                let parsed = crate::parse_bytes(bytes, None);
                Ok(parsed.document.events().cloned().collect())
            }
        }
    }

    /// File extensions picked up when walking folders (pages only: feeds
    /// are read when named, see [`feed_format`]).
    pub const FOLDER_EXTENSIONS: &'static [&'static str] = &["md"];
}

/// Command-line paths sorted into feeds and pages: each feed input with
/// its format (see [`feed_format`]; with `from` naming a feed format, a
/// folder is walked for `.rss`, `.atom` and `.xml` files), and the paths to
/// read as pages. Paths that cannot be listed come back as errors in place.
pub fn feed_inputs(
    paths: &[PathBuf],
    from: Option<InputFormat>,
) -> (Vec<Result<(Input, InputFormat)>>, Vec<PathBuf>) {
    let mut feeds = Vec::new();
    let mut pages = Vec::new();
    for path in paths {
        match feed_format(path, from) {
            None => pages.push(path.clone()),
            Some(format) if path.is_dir() => feeds.extend(
                walk(std::slice::from_ref(path), FEED_EXTENSIONS)
                    .map(|input| input.map(|input| (input, format))),
            ),
            Some(format) if path.as_os_str() == "-" => feeds.push(Ok((Input::Stdin, format))),
            Some(format) => feeds.push(Ok((Input::File(path.clone()), format))),
        }
    }
    (feeds, pages)
}

/// Extensions of feed files found in a folder read with `--from rss|atom`.
const FEED_EXTENSIONS: &[&str] = &["rss", "atom", "xml"];

/// The feed format of a command-line path, or `None` when it is to be read
/// as pages: `from` when it names a feed format; else a file with a `.rss`
/// or `.atom` extension, or another file (not `.md`) whose content is a
/// feed. Folders are walked for pages; stdin is a feed only with `from`.
pub fn feed_format(path: &Path, from: Option<InputFormat>) -> Option<InputFormat> {
    match from {
        Some(InputFormat::Markdown) => return None,
        Some(format) => return Some(format),
        None => {}
    }
    if path.as_os_str() == "-" || !path.is_file() {
        return None;
    }
    match InputFormat::from_path(path) {
        Some(InputFormat::Markdown) => None,
        Some(format) => Some(format),
        None => {
            let mut head = Vec::new();
            let file = std::fs::File::open(path).ok()?;
            std::io::Read::read_to_end(&mut std::io::Read::take(file, 4096), &mut head).ok()?;
            Some(InputFormat::sniff(&head)).filter(|f| *f != InputFormat::Markdown)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_feeds_by_their_root_element() {
        let atom = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x > y -->\n<feed xmlns=\"http://www.w3.org/2005/Atom\">";
        assert_eq!(InputFormat::sniff(atom), InputFormat::Atom);
        assert_eq!(
            InputFormat::sniff(b"  <rss version=\"2.0\">"),
            InputFormat::Rss
        );
        assert_eq!(
            InputFormat::sniff(b"### [2015-11-25](/x)"),
            InputFormat::Markdown
        );
        assert_eq!(InputFormat::sniff(b"<html>"), InputFormat::Markdown);
    }

    #[test]
    fn named_files_are_feeds_by_extension_or_content() {
        let dir = tempfile::tempdir().unwrap();
        let xml = dir.path().join("feed.xml");
        std::fs::write(&xml, "<?xml version=\"1.0\"?><rss version=\"2.0\"/>").unwrap();
        let md = dir.path().join("page.md");
        std::fs::write(&md, "<rss>").unwrap();
        assert_eq!(feed_format(&xml, None), Some(InputFormat::Rss));
        assert_eq!(feed_format(&md, None), None);
        assert_eq!(
            feed_format(&md, Some(InputFormat::Atom)),
            Some(InputFormat::Atom)
        );
        assert_eq!(feed_format(dir.path(), None), None);
        assert_eq!(feed_format(Path::new("-"), None), None);
        assert_eq!(
            feed_format(Path::new("-"), Some(InputFormat::Rss)),
            Some(InputFormat::Rss)
        );
    }
}
