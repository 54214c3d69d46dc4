//! The crate's error type. Third-party errors are turned into messages so
//! that their types stay out of the public API.

use std::path::PathBuf;

/// What can go wrong outside of parsing a page.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Reading or writing one file failed.
    #[error("{}: {source}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Data could not be encoded or decoded in an output format.
    #[error("{0}")]
    Format(String),
    /// The request cannot be carried out as asked.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// This error as a file-level diagnostic, when it concerns one file.
    pub fn to_diagnostic(&self) -> Option<crate::Diagnostic> {
        match self {
            Error::File { path, source } => {
                Some(crate::Diagnostic::unreadable(path, source.to_string()))
            }
            _ => None,
        }
    }

    /// True when the reader of our output went away (`| head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Io(e) | Error::File { source: e, .. } => {
                e.kind() == std::io::ErrorKind::BrokenPipe
            }
            _ => false,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
