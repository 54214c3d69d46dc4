//! Small readers for the text conventions inside blocks: dates, site
//! paths, context lines, revision notes.

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

/// The tags of a `_Context: a, b, c_` line (`label` is the edition's
/// word for `Context`), or `None` if it is not one.
pub(crate) fn context_line(text: &str, label: &str) -> Option<Vec<String>> {
    let inner = crate::text::trim(text)
        .strip_prefix('_')?
        .strip_suffix('_')?;
    let tags = inner.strip_prefix(label)?.strip_prefix(':')?;
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
    }

    #[test]
    fn context_lines() {
        assert_eq!(
            context_line("_Context: Dagestan, Russia_", "Context"),
            Some(vec!["Dagestan".into(), "Russia".into()])
        );
        assert_eq!(context_line("Context: x", "Context"), None);
        assert_eq!(context_line("_Context: _", "Context"), Some(vec![]));
        assert_eq!(
            context_line("_消息: 曼谷, 泰国_", "消息"),
            Some(vec!["曼谷".into(), "泰国".into()])
        );
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
