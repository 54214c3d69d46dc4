//! Finding the pages to read: files, folders (recursively) and stdin.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};
use crate::parse::{parse_bytes, Parsed};

mod folder;
pub(crate) use folder::Scope as FolderScope;

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
        let limit = max_page_size();
        let mut bytes = Vec::new();
        match self {
            Input::Stdin => {
                let stdin = std::io::stdin().lock();
                stdin.take(limit as u64 + 1).read_to_end(&mut bytes)?;
                within_limit(bytes.len()).map_err(Error::Io)?;
            }
            Input::File(path) => {
                let read = std::fs::File::open(path).and_then(|file| {
                    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
                    within_limit(bytes.len())
                });
                read.map_err(|source| Error::File {
                    path: path.clone(),
                    source,
                })?;
            }
        }
        Ok(bytes)
    }

    /// Reads and parses the input as a markdown page.
    pub fn parse(&self) -> Result<Parsed> {
        self.with_bytes(|bytes| parse_bytes(bytes, self.path()))
    }

    /// The input parsed as one page, or `None` when it holds several
    /// (`convert --to md` of many events), which are read as records. A
    /// file is told by the bytes read for parsing (no second read: a
    /// small read per page cost about a tenth of a `-j 2` run); stdin is
    /// peeked, as it is read again.
    pub(crate) fn parse_page(&self) -> Result<Option<Parsed>> {
        use crate::formats::markdown::pages;
        if *self == Input::Stdin {
            return (!pages::is_page_stream_input(self))
                .then(|| self.parse())
                .transpose();
        }
        self.with_bytes(|bytes| {
            (!pages::is_page_stream(bytes)).then(|| parse_bytes(bytes, self.path()))
        })
    }

    /// Reads the whole input and hands its bytes to `use_bytes`. Files are
    /// read into a buffer the thread reuses, where [`Input::read`] returns
    /// a new one.
    pub fn with_bytes<T>(&self, use_bytes: impl FnOnce(&[u8]) -> T) -> Result<T> {
        let Input::File(path) = self else {
            return Ok(use_bytes(&self.read()?));
        };
        let read = |buffer: &mut Vec<u8>| {
            let result = match read_into(path, buffer) {
                Ok(bytes) => use_bytes(bytes),
                Err(source) => {
                    let path = path.clone();
                    return Err(Error::File { path, source });
                }
            };
            if buffer.len() > MAX_KEPT_BUFFER {
                // One huge page does not keep its memory for the rest of the run.
                *buffer = Vec::new();
            }
            Ok(result)
        };
        PAGE_BUFFER.with(|cell| match cell.try_borrow_mut() {
            Ok(mut buffer) => read(&mut buffer),
            // Called again from inside `use_bytes`: that read gets its own buffer.
            Err(_) => read(&mut Vec::new()),
        })
    }
}

thread_local! {
    /// Each thread reads page after page into one buffer: no allocation and
    /// no size query (`statx`) per file, one system call fewer than `fs::read`.
    static PAGE_BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

const MIN_BUFFER: usize = 64 * 1024;

/// The default largest page read: thousands of times the largest page of
/// the site (13 KB), small enough that no input (`/dev/zero`, a huge
/// pathological page) can take the machine's memory.
pub const DEFAULT_MAX_PAGE_SIZE: usize = 4 * 1024 * 1024;

static MAX_PAGE_SIZE: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_PAGE_SIZE);

/// The largest page (or feed, or stdin) read whole, in bytes; larger ones
/// are errors naming the file (`--max-page-size`).
pub fn max_page_size() -> usize {
    MAX_PAGE_SIZE.load(Ordering::Relaxed)
}

/// Sets [`max_page_size`] for the rest of the process.
#[cfg(feature = "cli")]
pub fn set_max_page_size(bytes: usize) {
    MAX_PAGE_SIZE.store(bytes.max(1), Ordering::Relaxed);
}

/// An error when `read` bytes went past the limit (one more is read to tell).
fn within_limit(read: usize) -> std::io::Result<()> {
    let limit = max_page_size();
    if read <= limit {
        return Ok(());
    }
    Err(std::io::Error::other(format!(
        "larger than the page size limit of {} (--max-page-size)",
        human_size(limit)
    )))
}

/// `8 MiB`, `512 KiB`, `100 bytes`.
fn human_size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}
const MAX_KEPT_BUFFER: usize = 1024 * 1024;

/// Reads the whole file into `buffer`, which is kept zero-filled to its
/// length so that plain `read` calls can fill it, and returns the bytes.
fn read_into<'b>(path: &Path, buffer: &'b mut Vec<u8>) -> std::io::Result<&'b [u8]> {
    if buffer.len() < MIN_BUFFER {
        buffer.resize(MIN_BUFFER, 0);
    }
    let mut file = folder::open(path)?;
    let mut filled = 0;
    loop {
        within_limit(filled)?;
        if filled == buffer.len() {
            buffer.resize(buffer.len() * 2, 0);
        }
        match file.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(&buffer[..filled]),
            Ok(read) => filled += read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
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

/// Which files a folder walk takes. By default, like ripgrep: files and
/// folders named in `.gitignore`, `.ignore` and `.git/info/exclude` are
/// left out, and so are hidden ones (names starting with `.`). Symbolic
/// links met inside a folder are never followed, to a folder or to a file:
/// a page is read (and `fmt` rewrites it) only where it lies. A path named
/// on the command line is always taken, whatever the rules say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Selection {
    /// Globs (gitignore syntax, relative to the working directory; a glob
    /// without `/` matches a name at any depth) of files and folders to
    /// leave out.
    pub exclude: Vec<String>,
    /// Globs of the only files to take, when any are given.
    pub include: Vec<String>,
    /// Read no ignore files (`.gitignore`, `.ignore`, git's excludes).
    pub no_ignore: bool,
    /// Take hidden files and folders too.
    pub hidden: bool,
}

impl Selection {
    /// Checks the globs; the error names the first bad one.
    pub fn check(&self) -> Result<()> {
        self.overrides().map(drop)
    }

    fn overrides(&self) -> Result<ignore::overrides::Override> {
        let root = std::env::current_dir().unwrap_or_default();
        let mut builder = ignore::overrides::OverrideBuilder::new(root);
        let globs = self.include.iter().map(|g| g.to_string());
        let globs = globs.chain(self.exclude.iter().map(|g| format!("!{g}")));
        for glob in globs {
            builder
                .add(&glob)
                .map_err(|e| Error::Usage(format!("bad glob `{glob}`: {e}")))?;
        }
        builder
            .build()
            .map_err(|e| Error::Usage(format!("bad globs: {e}")))
    }

    /// A walker of `path` with these rules, in [`natural_order`].
    fn walker(&self, path: &Path) -> ignore::WalkBuilder {
        let mut builder = ignore::WalkBuilder::new(path);
        let rules = !self.no_ignore;
        builder
            .follow_links(false)
            .hidden(!self.hidden)
            .git_ignore(rules)
            .git_exclude(rules)
            .git_global(false)
            .ignore(rules)
            .parents(rules)
            // A site's .gitignore counts whether or not it is checked out by git.
            .require_git(false)
            // By path, not by name: ignore's names come from `Path::file_name`,
            // which parses components at every comparison (3.6% of a whole
            // `convert -j 1` in instructions); `name_of` finds the last `/`.
            .sort_by_file_path(|a, b| natural_order(name_of(a), name_of(b)));
        if let Ok(overrides) = self.overrides() {
            builder.overrides(overrides);
        }
        builder
    }
}

/// Expands command-line paths into inputs, lazily: `-` is stdin, a file is
/// taken as named, a folder is walked recursively for the files whose
/// extension is one of `extensions` that `selection` takes. Folders are
/// walked in date order: names that are numbers sort as numbers
/// (`news/2017/06/2` before `news/2017/06/19`), so a site comes out by
/// date, then path, without holding its file list in memory. Paths that
/// cannot be read come out as errors, in place.
pub fn walk_selected<'a>(
    paths: &'a [PathBuf],
    extensions: &'a [&'a str],
    selection: Selection,
) -> impl Iterator<Item = Result<Input>> + 'a {
    paths
        .iter()
        .flat_map(move |path| walk_one(path.clone(), extensions, &selection))
}

/// [`walk_selected`] of one path.
fn walk_one<'a>(
    path: PathBuf,
    extensions: &'a [&'a str],
    selection: &Selection,
) -> Box<dyn Iterator<Item = Result<Input>> + 'a> {
    if path.as_os_str() == "-" {
        return Box::new(std::iter::once(Ok(Input::Stdin)));
    }
    // A file named is read as named (through a link too); a missing path
    // is the walker's error.
    match std::fs::metadata(&path) {
        Ok(meta) if !meta.is_dir() => return Box::new(std::iter::once(Ok(Input::File(path)))),
        Err(source) => return Box::new(std::iter::once(Err(Error::File { path, source }))),
        Ok(_) => {}
    }
    let walker = selection.walker(&path).build();
    Box::new(walker.filter_map(move |entry| {
        match entry {
            // Links are not followed: only plain files are taken.
            Ok(entry) => (entry.file_type().is_some_and(|t| t.is_file())
                && wanted(entry.path(), extensions))
            .then(|| Ok(Input::File(entry.into_path()))),
            Err(err) => Some(Err(walk_error(err, &path))),
        }
    }))
}

/// A walker's error as the file error it is about.
fn walk_error(err: ignore::Error, root: &Path) -> Error {
    fn located(err: &ignore::Error) -> Option<(&Path, &ignore::Error)> {
        match err {
            ignore::Error::WithPath { path, err } => Some((path, err)),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                located(err)
            }
            _ => None,
        }
    }
    let at = located(&err).map_or(root, |(path, _)| path).to_path_buf();
    let source = match err.io_error() {
        // The OS error alone: the path is named once, by `Error::File`.
        Some(io) => match io.raw_os_error() {
            Some(code) => std::io::Error::from_raw_os_error(code),
            None => std::io::Error::new(io.kind(), io.to_string()),
        },
        None => std::io::Error::other(err.to_string()),
    };
    Error::File { path: at, source }
}

/// True when a file found in a folder has one of `extensions`.
fn wanted(file: &Path, extensions: &[&str]) -> bool {
    extension_of(name_of(file)).is_some_and(|e| extensions.iter().any(|x| x.as_bytes() == e))
}

/// [`walk_selected`], collected: the inputs, and the paths that could not be read.
#[cfg(test)]
pub(crate) fn discover(paths: &[PathBuf], extensions: &[&str]) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for item in walk_selected(paths, extensions, Selection::default()) {
        match item {
            Ok(input) => inputs.push(input),
            Err(error) => errors.push(error),
        }
    }
    (inputs, errors)
}

/// Inputs in the order site mode reads them, whatever the order they were
/// named in: paths that could not be listed first, then stdin, then files
/// by the day of their folder (`YYYY/MM/D/`, files without one first), then
/// by path, each folder name compared as [`walk_selected`] orders them. A file named
/// twice is read once.
///
/// `streams` are the walks of the paths named, one each. A folder's walk
/// already comes day by day, so the streams are merged, not sorted: memory
/// holds one input per path named, not the whole list, and the first pages
/// are parsed while the walk goes on.
pub fn site_order<'a>(
    streams: impl IntoIterator<Item = Box<dyn Iterator<Item = Result<Input>> + 'a>>,
) -> impl Iterator<Item = Result<Input>> + 'a {
    let mut streams: Vec<_> = streams.into_iter().collect();
    let mut heads = BinaryHeap::new();
    for (at, stream) in streams.iter_mut().enumerate() {
        if let Some(item) = stream.next() {
            heads.push(Reverse(Head::new(item, at)));
        }
    }
    let mut last: Option<Input> = None;
    std::iter::from_fn(move || loop {
        let Reverse(Head { item, at, .. }) = heads.pop()?;
        if let Some(next) = streams[at].next() {
            heads.push(Reverse(Head::new(next, at)));
        }
        if let Ok(input) = &item {
            if last.as_ref().is_some_and(|last| same_input(last, input)) {
                continue; // named twice
            }
            last = Some(input.clone());
        }
        return Some(item);
    })
}

/// The walks [`site_order`] merges for the paths named: one per path,
/// except that a folder above a site's dated folders (a site root, a
/// folder of sites) is split into one walk per entry, so that each walk
/// comes day by day: `news/`, a year, a month or a day folder walks in
/// date order by itself.
pub fn site_walks<'a>(
    paths: &'a [PathBuf],
    extensions: &'a [&'a str],
    selection: &Selection,
) -> Vec<Box<dyn Iterator<Item = Result<Input>> + 'a>> {
    let mut walks = Vec::new();
    for path in paths {
        split_walk(path.clone(), (extensions, selection), 0, &mut walks);
    }
    walks
}

/// How many folders deep a folder above the dated ones is split.
const SPLIT_DEPTH: usize = 3;

fn split_walk<'a>(
    path: PathBuf,
    (extensions, selection): (&'a [&'a str], &Selection),
    depth: usize,
    walks: &mut Vec<Box<dyn Iterator<Item = Result<Input>> + 'a>>,
) {
    let name = name_of(&path);
    let dated = name == b"news" || (!name.is_empty() && name.iter().all(u8::is_ascii_digit));
    // (Children that are links are neither folders nor files here.)
    if dated || depth >= SPLIT_DEPTH || !path.is_dir() {
        walks.push(walk_one(path, extensions, selection));
        return;
    }
    // The folder's entries as its walk takes them (ignore files, hidden
    // names, globs), in walk order.
    let mut listing = selection.walker(&path);
    listing.max_depth(Some(1));
    for entry in listing.build() {
        let child = match entry {
            Ok(entry) if entry.depth() == 0 => continue,
            Ok(entry) => entry,
            Err(err) => {
                walks.push(Box::new(std::iter::once(Err(walk_error(err, &path)))));
                continue;
            }
        };
        let is_dir = child.file_type().is_some_and(|t| t.is_dir());
        let is_file = child.file_type().is_some_and(|t| t.is_file());
        let child = child.into_path();
        if is_dir {
            split_walk(child, (extensions, selection), depth + 1, walks);
        } else if is_file && wanted(&child, extensions) {
            // A file is read only when a walk of its folder would read it.
            walks.push(Box::new(std::iter::once(Ok(Input::File(child)))));
        }
    }
}

/// The next input of one stream, ordered for [`site_order`].
struct Head {
    /// Errors, then stdin, then files by the day of their folder.
    key: (u8, Option<chrono::NaiveDate>),
    item: Result<Input>,
    /// Which stream it came from: ties (errors) come out in that order.
    at: usize,
}

impl Head {
    fn new(item: Result<Input>, at: usize) -> Self {
        let key = match &item {
            Err(_) => (0, None),
            Ok(Input::Stdin) => (1, None),
            Ok(Input::File(path)) => (2, crate::site::path::date_hint(path)),
        };
        Head { key, item, at }
    }
}

impl Ord for Head {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let by_path = || match (&self.item, &other.item) {
            (Ok(Input::File(x)), Ok(Input::File(y))) => path_order(x, y),
            _ => std::cmp::Ordering::Equal,
        };
        self.key
            .cmp(&other.key)
            .then_with(by_path)
            .then(self.at.cmp(&other.at))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Head {}

/// Paths compared name by name, each pair in [`natural_order`].
fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    fn names(p: &Path) -> impl Iterator<Item = &[u8]> {
        let bytes = p.as_os_str().as_encoded_bytes();
        bytes.split(|&b| b == b'/' || (cfg!(windows) && b == b'\\'))
    }
    let (mut x, mut y) = (names(a), names(b));
    loop {
        match (x.next(), y.next()) {
            (Some(p), Some(q)) => match natural_order(p, q) {
                std::cmp::Ordering::Equal => {}
                other => return other,
            },
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
        }
    }
}

/// Numbers before words, numbers by value, words by bytes.
fn natural_order(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    // A name of digits is a number (fewer than 20 digits: what fits a u64);
    // numbers compare by value without parsing: fewer digits is smaller.
    fn number(s: &[u8]) -> Option<&[u8]> {
        let digits = !s.is_empty() && s.len() < 20 && s.iter().all(u8::is_ascii_digit);
        let first = s.iter().position(|&d| d != b'0').unwrap_or(s.len());
        digits.then_some(&s[first..])
    }
    match (number(a), number(b)) {
        (Some(x), Some(y)) => (x.len(), x).cmp(&(y.len(), y)).then_with(|| a.cmp(b)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// The last component of a path the walker built (`dir` + `/` + name), as
/// bytes. `Path::file_name` parses components and was the walk's main cost.
fn name_of(path: &Path) -> &[u8] {
    let bytes = path.as_os_str().as_encoded_bytes();
    let separator = if cfg!(windows) {
        memchr::memrchr2(b'/', b'\\', bytes)
    } else {
        memchr::memrchr(b'/', bytes)
    };
    match separator {
        Some(at) => &bytes[at + 1..],
        None => bytes,
    }
}

/// `a == b`, answered by the last names when they differ (nearly always:
/// the walk's next file): `Path`'s `==` parses components from the end,
/// 0.8% of a `convert -j 1` over a site in instructions.
fn same_input(a: &Input, b: &Input) -> bool {
    match (a, b) {
        (Input::File(a), Input::File(b)) => same_path(a, b),
        _ => a == b,
    }
}

fn same_path(a: &Path, b: &Path) -> bool {
    // A path ending in a plain name has that name as its last component.
    let plain_end = |path: &Path| {
        let bytes = path.as_os_str().as_encoded_bytes();
        bytes.last().is_some_and(|&b| b != b'/' && b != b'.')
    };
    if !cfg!(windows) && plain_end(a) && plain_end(b) && name_of(a) != name_of(b) {
        return false;
    }
    a == b
}

/// `Path::extension`, as bytes; read off the path's end when that ends in
/// a plain name (`Path::extension` parses every component: 5% of the
/// per-file work before parsing).
pub(crate) fn path_extension(path: &Path) -> Option<&[u8]> {
    let plain_end = !cfg!(windows)
        && path
            .as_os_str()
            .as_encoded_bytes()
            .last()
            .is_some_and(|&b| b != b'/' && b != b'.');
    if plain_end {
        extension_of(name_of(path))
    } else {
        path.extension().map(|e| e.as_encoded_bytes())
    }
}

/// What `Path::extension` gives: after the last dot, unless the name starts
/// with it (`.md` has none).
fn extension_of(name: &[u8]) -> Option<&[u8]> {
    match name.iter().rposition(|b| *b == b'.') {
        Some(0) | None => None,
        Some(at) => Some(&name[at + 1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_read_through_the_shared_buffer_whole_whatever_their_size() {
        let dir = tempfile::tempdir().unwrap();
        let heading = "### [2015-11-25](/news/2015/11/25/index.md)\n\n# ";
        for size in [
            0,
            10,
            MIN_BUFFER - 1,
            MIN_BUFFER,
            3 * MIN_BUFFER + 7,
            2 * MAX_KEPT_BUFFER,
        ] {
            let page = format!("{heading}{}\n", "x".repeat(size));
            let path = dir.path().join(format!("{size}.md"));
            std::fs::write(&path, &page).unwrap();
            let parsed = Input::File(path).parse().unwrap();
            let crate::Document::Event(event) = parsed.document else {
                panic!("an event page")
            };
            assert_eq!(event.headline.len(), size, "{size}");
        }
        let missing = Input::File(dir.path().join("missing.md")).parse();
        assert!(matches!(missing, Err(Error::File { .. })));
        let folder = Input::File(dir.path().to_path_buf()).parse();
        assert!(matches!(folder, Err(Error::File { .. })));

        // A read from inside another one's callback gets a buffer of its own.
        let (outer, inner) = (dir.path().join("10.md"), dir.path().join("0.md"));
        let nested = Input::File(outer).with_bytes(|outer| {
            let inner = Input::File(inner.clone())
                .with_bytes(<[u8]>::to_vec)
                .unwrap();
            (outer.to_vec(), inner)
        });
        let (outer, inner) = nested.unwrap();
        assert_eq!(outer.len(), heading.len() + 11);
        assert_eq!(inner.len(), heading.len() + 1);
    }

    #[test]
    fn numbers_sort_by_value_then_as_written() {
        let mut names = [
            "19",
            "2",
            "x",
            "02",
            "10",
            "007",
            "a",
            "",
            "99999999999999999999",
        ];
        names.sort_by(|a, b| natural_order(a.as_bytes(), b.as_bytes()));
        assert_eq!(
            names,
            [
                "02",
                "2",
                "007",
                "10",
                "19",
                "",
                "99999999999999999999",
                "a",
                "x"
            ]
        );
    }

    #[test]
    fn names_and_extensions_are_what_path_gives() {
        let paths = [
            "a/b.md",
            "a/.md",
            "a/b.tar.gz",
            "b",
            "a/b.",
            "x/y.MD",
            "/news/19",
            "a/..md",
        ];
        for path in paths.map(Path::new) {
            let name = name_of(path);
            if let Some(expected) = path.file_name() {
                assert_eq!(name, expected.as_encoded_bytes(), "{path:?}");
            }
            let extension = path.extension().map(|e| e.as_encoded_bytes());
            assert_eq!(extension_of(name), extension, "{path:?}");
        }
    }

    #[test]
    fn path_extension_is_what_path_gives_for_any_path() {
        use proptest::prelude::*;
        proptest!(|(path in "[a./]{0,8}(md)?")| {
            let path = Path::new(&path);
            let expected = path.extension().map(|e| e.as_encoded_bytes());
            prop_assert_eq!(path_extension(path), expected, "{:?}", path);
        });
    }

    #[test]
    fn same_path_is_what_path_equality_gives_for_any_paths() {
        use proptest::prelude::*;
        proptest!(|(a in "[a./]{0,8}", b in "[a./]{0,8}")| {
            let (a, b) = (Path::new(&a), Path::new(&b));
            prop_assert_eq!(same_path(a, b), a == b, "{:?} {:?}", a, b);
        });
    }

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
    fn site_order_is_by_day_then_path_whatever_the_order_given() {
        let names = [
            "s/news/2017/06/19/b.md",
            "s/news/2017/06/2/z.md",
            "s/front.md",
            "s/news/2017/06/19/a.md",
            "s/news/2017/06/19/a.md",
            "t/2016/12/5/x.md",
        ];
        let inputs = names.map(|n| Ok(Input::File(PathBuf::from(n))));
        // Each input named on its own: the merge is a whole sort.
        let named = inputs.into_iter().rev().chain([Ok(Input::Stdin)]);
        let streams = named.map(|i| Box::new(std::iter::once(i)) as Box<dyn Iterator<Item = _>>);
        let sorted: Vec<_> = site_order(streams).collect();
        let shown: Vec<String> = sorted
            .iter()
            .map(|i| i.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "<stdin>",
                "s/front.md",
                "t/2016/12/5/x.md",
                "s/news/2017/06/2/z.md",
                "s/news/2017/06/19/a.md",
                "s/news/2017/06/19/b.md"
            ]
        );
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

    #[test]
    fn a_file_deleted_after_it_was_listed() {
        let dir = tempfile::tempdir().unwrap();
        let seed = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/corpus/seed/000_c9a94dbc7f91e72e.txt"
        );
        std::fs::copy(seed, dir.path().join("good.md")).unwrap();
        let victim = dir.path().join("victim.md");
        std::fs::copy(seed, &victim).unwrap();
        let (inputs, errors) = discover(&[dir.path().to_path_buf()], &["md"]);
        assert!(errors.is_empty());
        std::fs::remove_file(&victim).unwrap();
        let results: Vec<_> = inputs.iter().map(|i| i.parse()).collect();
        assert!(results[0].is_ok());
        let error = results[1].as_ref().unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("{}: ", victim.display())) && error.contains("No such file"),
            "{error}"
        );
    }
}
