//! The two canonical forms `fmt` writes (docs/canonical-markdown.md).

use std::fmt;
use std::str::FromStr;

/// Which canonical form a page is written in.
///
/// Both read back as the same model and both are idempotent; they differ
/// only in markup whitespace, date padding and the source heading's word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Style {
    /// The site generator's own current form, byte for byte: a page fresh
    /// from the generator is left as it is. Link text to events padded
    /// (`[Headline ](…)`), `# Headline ` with its trailing space, a day
    /// item's summary straight under its heading, the generator's blank
    /// lines, unpadded days (`2019-07-6`), `### Sources:` on pages with a
    /// Formats line and `### Source:` on pages without.
    #[default]
    Site,
    /// Every block separated by one blank line, no trailing spaces,
    /// zero-padded dates, `### Source:` for one source and `### Sources:`
    /// for more.
    Compact,
}

impl Style {
    /// Every style, the default first.
    pub const ALL: [Style; 2] = [Style::Site, Style::Compact];

    /// The style's name on the command line and in `currents.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Style::Site => "site",
            Style::Compact => "compact",
        }
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Style {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Style::ALL
            .into_iter()
            .find(|s| s.name() == text)
            .ok_or_else(|| format!("unknown style `{text}` (expected site or compact)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for style in Style::ALL {
            assert_eq!(style.name().parse::<Style>(), Ok(style));
        }
        assert!("gnu"
            .parse::<Style>()
            .unwrap_err()
            .contains("site or compact"));
        assert_eq!(Style::default(), Style::Site);
    }
}
