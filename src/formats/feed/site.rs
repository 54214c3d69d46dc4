//! A whole feed site in one folder: the main feed in Atom, RSS and JSON
//! Feed (archived by month, RFC 5005, when asked), split feeds in the
//! three formats, an OPML list of every feed and a small HTML index whose
//! head holds the autodiscovery links. The same events give the same
//! bytes: an unchanged site leaves the folder unchanged.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{ArchiveWriter, FeedKind, FeedOptions, FeedWriter, SplitFeedWriter};
use crate::error::{Error, Result};
use crate::filter::SplitBy;
use crate::formats::text::{html_escape, plain_text, xml_escape};
use crate::formats::writer::Writer;
use crate::model::Event;
use crate::output::Output;

/// The name of `--to site`.
pub const SITE: &str = "site";

/// The feed site in the registry: a folder, so it is written by
/// `convert` itself (`-o DIR`), never into a stream.
pub(crate) const FORMAT: crate::formats::Format = crate::formats::Format {
    feed: Some(FeedKind::Atom),
    write: Some(|_, _| {
        Err(Error::Usage(
            "--to site writes a folder of feeds: give -o DIR".into(),
        ))
    }),
    ..crate::formats::Format::named(
        SITE,
        "a feed site: Atom, RSS and JSON Feed, split feeds, OPML and index.html in -o DIR",
    )
};

/// The formats of a site, in the order the index lists them.
const KINDS: [FeedKind; 3] = [FeedKind::Atom, FeedKind::Rss, FeedKind::Json];

/// What a feed site holds besides its events.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SiteOptions {
    /// The feeds' options; `feed_url` is the address the folder is served from.
    pub feed: FeedOptions,
    /// Split feeds of this kind, in a subfolder named after it.
    pub split: Option<SplitBy>,
    /// The main Atom and RSS feeds archived by month (RFC 5005).
    pub archive: bool,
}

impl SiteOptions {
    /// A site of the main feeds only.
    pub fn new(feed: FeedOptions) -> Self {
        SiteOptions {
            feed,
            split: None,
            archive: false,
        }
    }
}

/// One feed of the site, as its index and OPML list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFeed {
    /// The group it is of (a tag, category or day); empty for the main feed.
    pub key: String,
    /// Its file, relative to the site folder, with `/`.
    pub file: String,
    /// Its format.
    pub kind: FeedKind,
    /// How many entries it has.
    pub entries: usize,
}

enum Part {
    Main(FeedKind, FeedWriter<Output>, PathBuf),
    Archive(ArchiveWriter),
    Split(FeedKind, SplitFeedWriter),
}

/// Writes a feed site into a folder (see the module's documentation).
pub struct SiteWriter {
    dir: PathBuf,
    options: SiteOptions,
    parts: Vec<Part>,
    feeds: Vec<SiteFeed>,
}

/// The name of a split's subfolder.
fn split_dir(split: SplitBy) -> &'static str {
    match split {
        SplitBy::Day => "day",
        SplitBy::Category => "category",
        _ => "context",
    }
}

impl SiteWriter {
    /// A site writer into `dir` (created if missing).
    pub fn new(dir: &Path, options: SiteOptions) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|source| Error::File {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut parts = Vec::new();
        for kind in KINDS {
            let file = format!("feed.{}", kind.extension());
            let mut feed = options.feed.clone();
            feed.feed_url = Some(site_base(&options.feed));
            if options.archive && kind != FeedKind::Json {
                parts.push(Part::Archive(ArchiveWriter::new(dir, kind, feed)?));
            } else {
                let path = dir.join(&file);
                feed.feed_url = Some(format!("{}/{file}", site_base(&options.feed)));
                let out = Output::open(Some(&path))?;
                parts.push(Part::Main(kind, FeedWriter::new(out, kind, feed), path));
            }
        }
        if let Some(split) = options.split {
            for kind in KINDS {
                let mut feed = options.feed.clone();
                feed.feed_url = Some(format!("{}/{}", site_base(&options.feed), split_dir(split)));
                let sub = dir.join(split_dir(split));
                parts.push(Part::Split(
                    kind,
                    SplitFeedWriter::new(&sub, kind, split, feed),
                ));
            }
        }
        Ok(SiteWriter {
            dir: dir.to_path_buf(),
            options,
            parts,
            feeds: Vec::new(),
        })
    }

    /// Every feed written, after [`Writer::finish`]: the main feeds, then
    /// the archives, then the split feeds.
    pub fn feeds(&self) -> &[SiteFeed] {
        &self.feeds
    }

    fn relative(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.dir).unwrap_or(path);
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    }

    fn finish_part(&mut self, part: Part) -> Result<()> {
        match part {
            Part::Main(kind, mut writer, path) => {
                writer.finish()?;
                let entries = writer.entries();
                writer.into_inner().commit()?;
                let file = self.relative(&path);
                self.feeds.push(SiteFeed {
                    key: String::new(),
                    file,
                    kind,
                    entries,
                });
            }
            Part::Archive(mut writer) => {
                writer.finish()?;
                let kind = if writer
                    .written()
                    .iter()
                    .any(|(p, _)| p.extension().is_some_and(|e| e == "rss"))
                {
                    FeedKind::Rss
                } else {
                    FeedKind::Atom
                };
                for (path, entries) in writer.written().iter().rev() {
                    let file = self.relative(path);
                    let key = if file.starts_with("feed.") {
                        String::new()
                    } else {
                        archive_key(&file)
                    };
                    self.feeds.push(SiteFeed {
                        key,
                        file,
                        kind,
                        entries: *entries,
                    });
                }
            }
            Part::Split(kind, mut writer) => {
                writer.finish()?;
                let listed = writer
                    .written()
                    .iter()
                    .zip(writer.keys())
                    .zip(writer.counts());
                for ((path, key), entries) in listed {
                    let file = self.relative(path);
                    self.feeds.push(SiteFeed {
                        key: key.clone(),
                        file,
                        kind,
                        entries: *entries,
                    });
                }
            }
        }
        Ok(())
    }
}

/// `archive/2017-06.atom` → `archive 2017-06`.
fn archive_key(file: &str) -> String {
    let stem = file.rsplit('/').next().unwrap_or(file);
    let month = stem.split('.').next().unwrap_or(stem);
    format!("archive {month}")
}

/// The address the site folder is served from, without a trailing `/`.
fn site_base(options: &FeedOptions) -> String {
    let base = options.feed_url.as_deref().unwrap_or(&options.site_url);
    base.trim_end_matches('/').to_string()
}

impl Writer for SiteWriter {
    fn write_event(&mut self, event: &Event) -> Result<()> {
        for part in &mut self.parts {
            match part {
                Part::Main(_, writer, _) => writer.write_event(event)?,
                Part::Archive(writer) => writer.write_event(event)?,
                Part::Split(_, writer) => writer.write_event(event)?,
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        for part in std::mem::take(&mut self.parts) {
            self.finish_part(part)?;
        }
        // Main feeds first, then archives oldest first, then split feeds by name.
        let rank = |f: &SiteFeed| match (f.key.is_empty(), f.file.starts_with("archive/")) {
            (true, _) => 0,
            (false, true) => 1,
            _ => 2,
        };
        self.feeds.sort_by(|a, b| {
            (
                rank(a),
                &a.file[..a.file.rfind('.').unwrap_or(a.file.len())],
                kind_rank(a.kind),
            )
                .cmp(&(
                    rank(b),
                    &b.file[..b.file.rfind('.').unwrap_or(b.file.len())],
                    kind_rank(b.kind),
                ))
        });
        write_file(
            &self.dir.join("feeds.opml"),
            &opml(&self.options.feed, &self.feeds),
        )?;
        write_file(
            &self.dir.join("index.html"),
            &index_html(&self.options.feed, &self.feeds),
        )
    }

    fn entries(&self) -> Option<Vec<(String, usize)>> {
        Some(
            self.feeds
                .iter()
                .map(|f| (f.file.clone(), f.entries))
                .collect(),
        )
    }
}

fn kind_rank(kind: FeedKind) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len())
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    let mut out = Output::open(Some(path))?;
    out.write_all(text.as_bytes())?;
    out.commit()
}

/// A format's name and media type.
fn describe(kind: FeedKind) -> (&'static str, &'static str) {
    match kind {
        FeedKind::Rss => ("RSS", "application/rss+xml"),
        FeedKind::Json => ("JSON Feed", "application/feed+json"),
        _ => ("Atom", "application/atom+xml"),
    }
}

/// A feed's title, as its own document states it.
fn feed_title(options: &FeedOptions, feed: &SiteFeed) -> String {
    let title = plain_text(&options.title);
    match feed.key.as_str() {
        "" => title,
        key => format!("{title}: {}", plain_text(key)),
    }
}

/// OPML 2.0: every feed, absolute addresses, grouped as the index is.
fn opml(options: &FeedOptions, feeds: &[SiteFeed]) -> String {
    let base = site_base(options);
    let title = xml_escape(&plain_text(&options.title));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>{title}</title>\n  </head>\n  <body>\n"
    );
    for feed in feeds {
        let (name, _) = describe(feed.kind);
        let text = xml_escape(&format!("{} ({name})", feed_title(options, feed)));
        let url = xml_escape(&crate::formats::text::encode_uri(&format!(
            "{base}/{}",
            feed.file
        )));
        let html = xml_escape(&format!("{}/", options.site_url));
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{text}\" title=\"{text}\" xmlUrl=\"{url}\" htmlUrl=\"{html}\"/>\n"
        ));
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

/// A small HTML page: the autodiscovery links of the main feeds in its
/// head (what a publisher copies into the site's pages), every feed and
/// its entry count in its body.
fn index_html(options: &FeedOptions, feeds: &[SiteFeed]) -> String {
    let title = html_escape(&plain_text(&options.title));
    let language = html_escape(&options.language);
    let mut head = String::new();
    for feed in feeds.iter().filter(|f| f.key.is_empty()) {
        let (name, media) = describe(feed.kind);
        head.push_str(&format!(
            "<link rel=\"alternate\" type=\"{media}\" title=\"{title} ({name})\" href=\"{}\">\n",
            html_escape(&crate::formats::text::encode_uri(&feed.file))
        ));
    }
    let mut body = String::from("<ul>\n");
    for feed in feeds {
        let (name, _) = describe(feed.kind);
        let entries = match feed.entries {
            1 => "1 entry".to_string(),
            n => format!("{n} entries"),
        };
        body.push_str(&format!(
            "<li><a href=\"{}\">{} ({name})</a>, {entries}</li>\n",
            html_escape(&crate::formats::text::encode_uri(&feed.file)),
            html_escape(&feed_title(options, feed))
        ));
    }
    body.push_str("</ul>\n<p><a href=\"feeds.opml\">Every feed as OPML</a></p>\n");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n{head}</head>\n<body>\n<h1>{title}</h1>\n{body}</body>\n</html>\n"
    )
}
