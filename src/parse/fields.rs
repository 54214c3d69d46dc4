//! Small readers for the text conventions inside blocks: dates, site
//! paths, context lines, revision notes.

use std::path::Path;

use chrono::NaiveDate;

/// `YYYY-MM-DD`, with one- or two-digit month and day (`1999-01-1`).
pub(crate) fn date_text(text: &str) -> Option<DateText> {
    // `Y-M-D` to `YYYY-MM-DD`: most texts asked about are headlines.
    if !(8..=10).contains(&text.len()) {
        return None;
    }
    let mut parts = text.as_bytes().split(|&b| b == b'-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || y.len() != 4
        || !(1..=2).contains(&m.len())
        || !(1..=2).contains(&d.len())
    {
        return None;
    }
    let (y, m, d) = (number(y)?, number(m)?, number(d)?);
    Some(match NaiveDate::from_ymd_opt(y.try_into().ok()?, m, d) {
        Some(date) => DateText::Valid(date),
        None => DateText::Invalid,
    })
}

/// The value of a short run of ASCII digits (`None` for anything else).
fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    digits.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// Text shaped like a date, which may still not be a calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateText {
    Valid(NaiveDate),
    Invalid,
}

/// The date in a site path `/news/YYYY/MM/D/...`, wherever `news/` starts.
pub(crate) fn path_date(path: &str) -> Option<NaiveDate> {
    // Paths start with `/news/`: a plain scan finds it at once, where a
    // substring searcher would first pay for its setup.
    let at = path.as_bytes().windows(5).position(|w| w == b"news/")?;
    let mut parts = path.as_bytes()[at + 5..].split(|&b| b == b'/');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let (y, m, d) = (number(y)?, number(m)?, number(d)?);
    NaiveDate::from_ymd_opt(y.try_into().ok()?, m, d)
}

/// The site path of a file under a `news/` folder: `/news/...`.
pub(crate) fn site_path_of_file(file: &Path) -> Option<String> {
    if let (false, Some(text)) = (cfg!(windows), file.to_str()) {
        return site_path_of_unix_file(text);
    }
    let parts: Vec<&str> = file.iter().filter_map(|c| c.to_str()).collect();
    let news = parts.iter().rposition(|&c| c == "news")?;
    if news + 1 >= parts.len() {
        return None;
    }
    Some(format!("/{}", parts[news..].join("/")))
}

/// [`site_path_of_file`] for a UTF-8 path with `/` separators, without
/// building its components: empty and `.` parts are dropped, as
/// `Path::components` drops them.
fn site_path_of_unix_file(text: &str) -> Option<String> {
    // The usual path has no empty or `.` part: find its last `news` part
    // from the end and copy the rest.
    let irregular =
        text.ends_with('/') || text.ends_with("/.") || text.contains("//") || text.contains("/./");
    if !irregular && !text.starts_with("./") {
        let bytes = text.as_bytes();
        let mut end = bytes.len();
        for slash in memchr::memrchr_iter(b'/', bytes).map(Some).chain([None]) {
            let start = slash.map_or(0, |s| s + 1);
            if &bytes[start..end] == b"news" {
                let rest = &text[start..];
                // Not `format!`: its machinery is most of this function's cost.
                return (rest.len() > "news/".len()).then(|| ["/", rest].concat());
            }
            end = start.saturating_sub(1);
        }
        return None;
    }
    let parts = || text.split('/').filter(|&p| !p.is_empty() && p != ".");
    let news = parts().enumerate().filter(|&(_, p)| p == "news").last()?.0;
    let mut path = String::with_capacity(text.len() + 1);
    for part in parts().skip(news) {
        path.push('/');
        path.push_str(part);
    }
    (path.len() > "/news".len()).then_some(path)
}

/// The tags of a `_Context: a, b, c_` line, or `None` if it is not one.
pub(crate) fn context_line(text: &str) -> Option<Vec<String>> {
    let inner = crate::text::trim(text)
        .strip_prefix('_')?
        .strip_suffix('_')?;
    let tags = inner.strip_prefix("Context:")?;
    Some(split_tags(tags))
}

/// Splits `a, b, c` into trimmed, non-empty tags.
pub(crate) fn split_tags(tags: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in tags.split(',') {
        let tag = crate::text::squash_cow(tag);
        if !tag.is_empty() {
            out.push(tag.into_owned());
        }
    }
    out
}

pub(crate) use crate::text::revision_note;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn date_text_accepts_unpadded_days() {
        assert_eq!(
            date_text("1999-01-1"),
            Some(DateText::Valid(ymd(1999, 1, 1)))
        );
        assert_eq!(
            date_text("2017-06-19"),
            Some(DateText::Valid(ymd(2017, 6, 19)))
        );
        assert_eq!(date_text("2017-02-30"), Some(DateText::Invalid));
        assert_eq!(date_text("News"), None);
        assert_eq!(date_text("2017-06-19-1"), None);
        assert_eq!(date_text("17-06-19"), None);
    }

    #[test]
    fn path_dates_and_site_paths() {
        assert_eq!(path_date("/news/2016/12/4/x.md"), Some(ymd(2016, 12, 4)));
        assert_eq!(path_date("2004/11/2/index.html"), None);
        assert_eq!(path_date("/opinion/2017/04/4/x"), None);
        let file = Path::new("../shared/corpus/thecontext/news/2017/06/19/index.md");
        assert_eq!(
            site_path_of_file(file).as_deref(),
            Some("/news/2017/06/19/index.md")
        );
        assert_eq!(site_path_of_file(Path::new("faq/index.md")), None);
        for file in [
            "news/x.md",
            "news",
            "a/news/",
            "./news//2017/./x.md",
            "/news/news/y.md",
            "news/../z.md",
            "/a/news/2017/06/19/x.md",
            "news/",
            "/news",
            "xnews/a.md",
            "a/newsy/b.md",
            "/",
            "news/news",
            "a//news/x.md",
            "./news/x.md",
            "a/./news/x.md",
            "",
            "a/news/.",
        ] {
            let parts: Vec<&str> = Path::new(file)
                .iter()
                .map(|c| c.to_str().unwrap())
                .collect();
            let slow = parts
                .iter()
                .rposition(|&c| c == "news")
                .filter(|&n| n + 1 < parts.len());
            let slow = slow.map(|n| format!("/{}", parts[n..].join("/")));
            assert_eq!(site_path_of_unix_file(file), slow, "{file}");
        }
    }

    #[test]
    fn context_lines() {
        assert_eq!(
            context_line("_Context: Dagestan, Russia_"),
            Some(vec!["Dagestan".into(), "Russia".into()])
        );
        assert_eq!(context_line("Context: x"), None);
        assert_eq!(context_line("_Context: _"), Some(vec![]));
    }

    #[test]
    fn revision_notes() {
        let t = NaiveDateTime::parse_from_str("2018-02-06 13:49:30", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(
            revision_note("_2018-02-06 13:49:30 (First version)_"),
            (Some(t), Some("First version".into()))
        );
        assert_eq!(
            revision_note("_(Current version)_"),
            (None, Some("Current version".into()))
        );
        assert_eq!(
            revision_note("_whenever (Update)_"),
            (None, Some("whenever (Update)".into()))
        );
        assert_eq!(revision_note(""), (None, None));
        assert_eq!(
            revision_note("_2018-02-06 13:49:30 (a (b))_"),
            (Some(t), Some("a (b)".into()))
        );
        assert_eq!(revision_note("_((b))_"), (None, Some("(b)".into())));
        assert_eq!(
            revision_note("_(a) b (c)_"),
            (None, Some("(a) b (c)".into()))
        );
        assert_eq!(
            revision_note("_2018-02-06 13:49:30 (x_"),
            (None, Some("2018-02-06 13:49:30 (x".into()))
        );
    }
}
