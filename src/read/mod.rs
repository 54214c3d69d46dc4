//! Readers: every output format can be read back into events, so each
//! conversion can be round-tripped. One module per format.

use std::path::Path;

/// A format that `currents` can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputFormat {
    /// News-event markdown pages.
    Markdown,
}

impl InputFormat {
    /// The format a file's extension names, if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()? {
            "md" | "markdown" | "txt" => Some(InputFormat::Markdown),
            _ => None,
        }
    }

    /// File extensions picked up when walking folders.
    pub const FOLDER_EXTENSIONS: &'static [&'static str] = &["md"];
}
