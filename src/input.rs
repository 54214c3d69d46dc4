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

/// Expands command-line paths into inputs, lazily: `-` is stdin, a file is
/// taken as named, a folder is walked recursively for files whose extension
/// is one of `extensions`. Folders are walked in date order: names that are
/// numbers sort as numbers (`news/2017/06/2` before `news/2017/06/19`), so a
/// site comes out by date, then path, without holding its file list in
/// memory. Paths that cannot be read come out as errors, in place.
pub fn walk<'a>(
    paths: &'a [PathBuf],
    extensions: &'a [&'a str],
) -> impl Iterator<Item = Result<Input>> + 'a {
    paths
        .iter()
        .flat_map(move |path| -> Box<dyn Iterator<Item = Result<Input>>> {
            if path.as_os_str() == "-" {
                return Box::new(std::iter::once(Ok(Input::Stdin)));
            }
            let walker = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by(|a, b| natural_order(a.file_name(), b.file_name()));
            Box::new(walker.into_iter().filter_map(move |entry| match entry {
                Ok(entry) if entry.depth() == 0 && !entry.file_type().is_dir() => {
                    Some(Ok(Input::File(entry.into_path())))
                }
                Ok(entry) => {
                    let wanted = entry
                        .path()
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| extensions.contains(&e));
                    (entry.file_type().is_file() && wanted)
                        .then(|| Ok(Input::File(entry.into_path())))
                }
                Err(err) => {
                    let at = err.path().unwrap_or(path).to_path_buf();
                    let source = err.into_io_error().unwrap_or_else(|| {
                        std::io::Error::other("file system loop (a symlink to a parent folder)")
                    });
                    Some(Err(Error::File { path: at, source }))
                }
            }))
        })
}

/// [`walk`], collected: the inputs, and the paths that could not be read.
pub fn discover(paths: &[PathBuf], extensions: &[&str]) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for item in walk(paths, extensions) {
        match item {
            Ok(input) => inputs.push(input),
            Err(error) => errors.push(error),
        }
    }
    (inputs, errors)
}

/// Numbers before words, numbers by value, words by bytes.
fn natural_order(a: &std::ffi::OsStr, b: &std::ffi::OsStr) -> std::cmp::Ordering {
    let number = |s: &std::ffi::OsStr| {
        s.to_str()
            .filter(|s| s.len() < 20)
            .and_then(|s| s.parse::<u64>().ok())
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(b),
    }
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
    fn day_folders_come_out_in_date_order() {
        let dir = tempfile::tempdir().unwrap();
        for day in ["19", "2", "3", "x"] {
            std::fs::create_dir_all(dir.path().join("06").join(day)).unwrap();
            std::fs::write(dir.path().join("06").join(day).join("index.md"), "x").unwrap();
        }
        let (inputs, _) = discover(&[dir.path().to_path_buf()], &["md"]);
        let days: Vec<String> = inputs
            .iter()
            .map(|i| {
                i.path()
                    .unwrap()
                    .parent()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(days, ["2", "3", "19", "x"]);
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
