//! Finding the pages to read: files, folders (recursively) and stdin.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::parse::{parse_bytes, Parsed};

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The file, or `None` for stdin.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::File(path) => Some(path),
        }
    }

    /// Reads the whole input.
    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin().lock().read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            Input::File(path) => std::fs::read(path).map_err(|source| Error::File {
                path: path.clone(),
                source,
            }),
        }
    }

    /// Reads and parses the input as a markdown page.
    pub fn parse(&self) -> Result<Parsed> {
        Ok(parse_bytes(&self.read()?, self.path()))
    }
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Input::Stdin => f.write_str("<stdin>"),
            Input::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Expands command-line paths into inputs: `-` is stdin, a file is taken
/// as named, a folder is walked recursively (in name order) for files whose
/// extension is one of `extensions`. Paths that cannot be read become
/// errors; the rest are still returned.
pub fn discover(paths: &[PathBuf], extensions: &[&str]) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walker {
            match entry {
                Ok(entry) if entry.depth() == 0 && !entry.file_type().is_dir() => {
                    inputs.push(Input::File(entry.into_path()));
                }
                Ok(entry) => {
                    let wanted = entry
                        .path()
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| extensions.contains(&e));
                    if entry.file_type().is_file() && wanted {
                        inputs.push(Input::File(entry.into_path()));
                    }
                }
                Err(err) => {
                    let at = err.path().unwrap_or(path).to_path_buf();
                    let source = match err.into_io_error() {
                        Some(io) => io,
                        None => {
                            std::io::Error::other("file system loop (a symlink to a parent folder)")
                        }
                    };
                    errors.push(Error::File { path: at, source });
                }
            }
        }
    }
    (inputs, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_for_wanted_extensions_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        for name in ["b/c/z.md", "b/a.md", "b/skip.txt", "a.md"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let (inputs, errors) = discover(&[dir.path().to_path_buf()], &["md"]);
        assert!(errors.is_empty());
        let names: Vec<String> = inputs
            .iter()
            .map(|i| {
                i.path()
                    .unwrap()
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["a.md", "b/a.md", "b/c/z.md"]);
    }

    #[test]
    fn a_missing_path_is_an_error_and_stdin_is_dash() {
        let (inputs, errors) = discover(
            &[PathBuf::from("-"), PathBuf::from("/no/such/file.md")],
            &["md"],
        );
        assert_eq!(inputs, vec![Input::Stdin]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("/no/such/file.md"));
    }
}
