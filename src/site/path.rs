//! Site paths of files: a page is in a site when it sits at
//! `news/YYYY/MM/D/<file>` (digits, a calendar date), found from the path
//! as given or, failing that, from the file's real location, so that the
//! working directory does not matter.

use std::path::Path;

use chrono::NaiveDate;

/// Where a file lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Located {
    /// In a site: its site path, `/news/YYYY/MM/D/<file>`.
    Site(String),
    /// Under a `news` folder, but not at a day's folder: the path from
    /// `news` on, for the warning.
    Misplaced(String),
    /// Outside any site.
    Outside,
}

/// Where `file` lies: from the path as given, else from its real location
/// (a relative path inside `news/`, a symlink). Only a path that does not
/// show the layout costs a look at the file system.
pub(crate) fn locate(file: &Path) -> Located {
    let text = lossless(file);
    if let Some(path) = day_layout(&text) {
        return Located::Site(path);
    }
    let real = file.canonicalize().ok();
    let real_text = real.as_deref().map(lossless);
    if let Some(path) = real_text.as_deref().and_then(day_layout) {
        return Located::Site(path);
    }
    let shown = real_text.as_deref().unwrap_or(&text);
    match under_news(shown) {
        Some(rest) => Located::Misplaced(rest),
        None => Located::Outside,
    }
}

/// A path as text, losing nothing: bytes that are not UTF-8 (and, in such
/// a path, `%`) are percent-encoded (`a\xff.md` is `a%FF.md`), so two
/// pages whose names differ only there keep distinct site paths.
pub(crate) fn lossless(path: &Path) -> std::borrow::Cow<'_, str> {
    if let Some(text) = path.to_str() {
        return text.into();
    }
    let mut text = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '%' => text.push_str("%25"),
                c => text.push(c),
            }
        }
        for byte in chunk.invalid() {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    text.into()
}

/// `/news/Y/M/D/<file>` when the path ends so (separators `/`, or `\` on
/// Windows).
fn day_layout(text: &str) -> Option<String> {
    let [news, y, m, d, name] = last_parts(text)?;
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let valid = news == "news"
        && digits(y, 4..=4)
        && digits(m, 1..=2)
        && digits(d, 1..=2)
        && !matches!(name, "." | "..");
    let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    (valid && NaiveDate::from_ymd_opt(year, month, day).is_some())
        .then(|| ["/news/", y, "/", m, "/", d, "/", name].concat())
}

/// The path from its last `news` folder on, when it has one with something
/// below it.
fn under_news(text: &str) -> Option<String> {
    let parts: Vec<&str> = parts(text).collect();
    let news = parts.iter().rposition(|&p| p == "news")?;
    (news + 1 < parts.len()).then(|| parts[news..].join("/"))
}

/// The path's components, without empty and `.` ones.
/// The last `N` names of a path, in order. Read from the end: a site path
/// is asked for on every page, and its names before the last few do not
/// matter (splitting the whole path was 2% of a `convert` run).
fn last_parts<const N: usize>(text: &str) -> Option<[&str; N]> {
    #[cfg(not(windows))]
    let names = text.rsplit('/');
    #[cfg(windows)]
    let names = text.rsplit(['/', '\\']);
    let mut names = names.filter(|p| !p.is_empty() && *p != ".");
    let mut last = [""; N];
    for slot in last.iter_mut().rev() {
        *slot = names.next()?;
    }
    Some(last)
}

fn parts(text: &str) -> impl Iterator<Item = &str> {
    let separators: &[char] = if cfg!(windows) { &['/', '\\'] } else { &['/'] };
    text.split(separators)
        .filter(|p| !p.is_empty() && *p != ".")
}

/// The day of a file's folder, when its last three folders read as
/// `YYYY/MM/D` (a calendar date), with or without `news/` above them: the
/// order in which site mode reads its inputs.
pub(crate) fn date_hint(file: &Path) -> Option<NaiveDate> {
    let [y, m, d, _] = last_parts(file.to_str()?)?;
    if y.len() != 4 || m.len() > 2 || d.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_keep_distinct_site_paths() {
        use std::os::unix::ffi::OsStrExt;
        let name = |bytes: &[u8]| {
            let mut path = b"/site/news/2017/06/19/".to_vec();
            path.extend_from_slice(bytes);
            std::path::PathBuf::from(std::ffi::OsStr::from_bytes(&path))
        };
        let a = locate(&name(b"a\xff.md"));
        let b = locate(&name(b"a\xfe.md"));
        assert!(
            matches!(&a, Located::Site(p) if p == "/news/2017/06/19/a%FF.md"),
            "{a:?}"
        );
        assert!(
            matches!(&b, Located::Site(p) if p == "/news/2017/06/19/a%FE.md"),
            "{b:?}"
        );
        assert_eq!(
            lossless(&name(b"100%\xff.md")),
            "/site/news/2017/06/19/100%25%FF.md"
        );
    }

    use super::*;

    fn at(path: &str) -> Located {
        locate(Path::new(path))
    }

    #[test]
    fn only_a_day_folder_under_news_is_a_site_path() {
        let site = |p: &str| Located::Site(p.to_string());
        assert_eq!(
            at("../x/news/2017/06/19/a.md"),
            site("/news/2017/06/19/a.md")
        );
        assert_eq!(
            at("news/1999/01/1/index.md"),
            site("/news/1999/01/1/index.md")
        );
        assert_eq!(
            at("./news//2017/./06/19/a.md"),
            site("/news/2017/06/19/a.md")
        );
        let misplaced = |p: &str| Located::Misplaced(p.to_string());
        assert_eq!(
            at("no-such/news/mirror2/2017/06/13/x.md"),
            misplaced("news/mirror2/2017/06/13/x.md")
        );
        assert_eq!(
            at("no-such/news/2017/02/30/x.md"),
            misplaced("news/2017/02/30/x.md")
        );
        assert_eq!(
            at("no-such/news/2017/6a/3/x.md"),
            misplaced("news/2017/6a/3/x.md")
        );
        assert_eq!(at("no-such/news/x.md"), misplaced("news/x.md"));
        assert_eq!(
            at("no-such/news/2017/06/19/sub/x.md"),
            misplaced("news/2017/06/19/sub/x.md")
        );
        assert_eq!(at("no-such/faq/index.md"), Located::Outside);
        assert_eq!(at("no-such/news"), Located::Outside);
    }

    #[test]
    fn a_relative_path_inside_news_is_found_from_the_real_location() {
        let dir = tempfile::tempdir().unwrap();
        let day = dir.path().join("news/2017/06/19");
        std::fs::create_dir_all(&day).unwrap();
        std::fs::write(day.join("a.md"), "x").unwrap();
        // From the day folder itself, the path as given shows nothing.
        let shown = Path::new("a.md");
        let real = day.join("a.md").canonicalize().unwrap();
        assert_eq!(day_layout(shown.to_str().unwrap()), None);
        assert_eq!(
            locate(&real),
            Located::Site("/news/2017/06/19/a.md".to_string())
        );
        let from_news = dir.path().join("news/2017/../2017/06/19/a.md");
        assert_eq!(
            locate(&from_news),
            Located::Site("/news/2017/06/19/a.md".to_string())
        );
    }

    #[test]
    fn date_hints_read_the_last_three_folders() {
        let hint = |p: &str| date_hint(Path::new(p)).map(|d| d.to_string());
        assert_eq!(hint("2017/06/19/x.md").as_deref(), Some("2017-06-19"));
        assert_eq!(hint("a/news/1999/01/1/x.md").as_deref(), Some("1999-01-01"));
        assert_eq!(hint("news/2017/06/x.md"), None);
        assert_eq!(hint("README.md"), None);
        assert_eq!(hint("2017/02/30/x.md"), None);
    }
}
