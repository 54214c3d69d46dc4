//! Which link destinations may become a live link in an output, and
//! absolute addresses made from a site's address by the URL rules.
//!
//! A feed is read in browsers and mail clients: a `javascript:` or
//! `data:` destination there runs code. Only `http`, `https` and
//! `mailto` (the site's own pages link to its editor by mail) are safe;
//! the parser warns about any other (with file:line:col) and the feed
//! writers drop it from links, keeping the text.

use url::Url;

/// The schemes a link in an output may have.
pub const SAFE_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The scheme of a link destination as a browser reads it, lowercased:
/// entities decoded (`&#106;avascript:`), tabs and line breaks removed,
/// leading spaces and controls trimmed. `None` for a relative link.
pub fn scheme(url: &str) -> Option<String> {
    let decoded;
    let url = if url.contains('&') {
        decoded = crate::formats::text::html_unescape(url);
        decoded.as_str()
    } else {
        url
    };
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' => break,
            'a'..='z' | 'A'..='Z' => scheme.push(c.to_ascii_lowercase()),
            '0'..='9' | '+' | '-' | '.' if !scheme.is_empty() => scheme.push(c),
            _ => return None,
        }
    }
    let has_colon = url.contains(':');
    (has_colon && !scheme.is_empty()).then_some(scheme)
}

/// True when `url` may become a live link: relative, or of a safe scheme.
pub fn is_safe(url: &str) -> bool {
    // Nearly every link of a site, answered without building its scheme.
    if url.starts_with('/') || url.starts_with("https://") || url.starts_with("http://") {
        return true;
    }
    scheme(url).is_none_or(|s| SAFE_SCHEMES.contains(&s.as_str()))
}

/// Why a site address is refused, or the address as a URI: scheme and
/// host lowercased, an international host in punycode, the path
/// percent-encoded, no trailing `/`.
pub fn site_address(text: &str) -> std::result::Result<String, &'static str> {
    const NOT_HTTP: &str = "is not an absolute http(s) address (like https://example.org)";
    let url = Url::parse(text.trim()).map_err(|_| NOT_HTTP)?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(NOT_HTTP);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("holds a user name or password, which every feed would publish");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("has a query (?) or fragment (#), so site paths cannot be appended to it");
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// The absolute address of `link` on the site at `site` (a
/// [`site_address`]): a site path (`/news/…`) is appended to the site's
/// address, any other relative link resolved against it by the URL
/// rules (no `.` or `..` segment left), an absolute link written as a
/// URI. `None` for a link that is not [`is_safe`].
pub fn absolute(site: &str, link: &str) -> Option<String> {
    let link = link.trim();
    if !is_safe(link) {
        return None;
    }
    let joined = if scheme(link).is_some() {
        link.to_string()
    } else if let Some(rest) = link.strip_prefix("//") {
        format!("https://{rest}")
    } else if link.starts_with('/') {
        format!("{site}{link}")
    } else {
        format!("{site}/{link}")
    };
    if is_plain(&joined) {
        return Some(joined);
    }
    if has_plain_host(&joined) && !has_dot_segment(&joined) {
        // Only characters to escape: as written, escaped (the URL rules
        // would also escape `'` in queries, which need not be).
        return Some(crate::formats::text::encode_uri(&joined));
    }
    match Url::parse(&joined) {
        Ok(url) => Some(url.into()),
        // Not a URL by the rules (a bad host): written as given, escaped.
        Err(_) => Some(crate::formats::text::encode_uri(&joined)),
    }
}

/// The absolute address of `link` found on the page at the site path
/// `page`: a relative link that is not a site path (`../28/x.md`) is
/// resolved against the page's address by the URL rules; anything else
/// as [`absolute`].
pub fn absolute_from(site: &str, page: Option<&str>, link: &str) -> Option<String> {
    let link = link.trim();
    let relative = scheme(link).is_none() && !link.starts_with('/') && !link.is_empty();
    match page.filter(|p| relative && p.starts_with('/')) {
        Some(page) => {
            let base = Url::parse(&absolute(site, page)?).ok()?;
            let joined = base.join(link).ok()?;
            is_safe(joined.as_str()).then(|| joined.into())
        }
        None => absolute(site, link),
    }
}

/// True when `url` is already what the URL rules would write: printable
/// ASCII without characters a URI may not hold, without dot segments,
/// with a lowercase scheme and host.
fn is_plain(url: &str) -> bool {
    url.bytes().all(|b| {
        b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
    }) && !has_dot_segment(url)
        && has_plain_host(url)
}

fn has_dot_segment(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.contains("/./") || path.contains("/../") || path.ends_with("/.") || path.ends_with("/..")
}

/// A lowercase scheme and a host the URL rules leave as written.
fn has_plain_host(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, rest)| {
        scheme.bytes().all(|b| b.is_ascii_lowercase())
            && rest
                .split(['/', '?', '#'])
                .next()
                .is_some_and(is_plain_host)
    })
}

/// A host the URL rules leave as it is: lowercase ASCII, no `xn--`
/// check needed, no port oddities.
fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b':')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_are_safe() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript&colon;alert(1)",
            "data:text/html,<script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "\u{1}javascript:x",
        ] {
            assert!(!is_safe(bad), "{bad}");
            assert_eq!(absolute("https://example.org", bad), None, "{bad}");
        }
        for good in [
            "https://x.org/a",
            "HTTP://x.org",
            "mailto:a@b.org",
            "/news/a:b.md",
            "x/y",
            "#top",
        ] {
            assert!(is_safe(good), "{good}");
        }
    }

    #[test]
    fn links_resolve_by_the_url_rules() {
        let site = site_address("https://Bücher.example/Café/").unwrap();
        assert_eq!(site, "https://xn--bcher-kva.example/Caf%C3%A9");
        assert_eq!(
            absolute(&site, "/news/a/../b.md").unwrap(),
            "https://xn--bcher-kva.example/Caf%C3%A9/news/b.md"
        );
        assert_eq!(
            absolute("https://example.org/site", "/news/x y.md").unwrap(),
            "https://example.org/site/news/x%20y.md"
        );
        assert_eq!(
            absolute_from(
                "https://example.org/s",
                Some("/news/2020/02/29/a.md"),
                "../28/b.md"
            )
            .unwrap(),
            "https://example.org/s/news/2020/02/28/b.md"
        );
        assert_eq!(
            absolute("https://example.org", "//cdn.example/p.png").unwrap(),
            "https://cdn.example/p.png"
        );
        assert_eq!(
            absolute("https://example.org", "http://a.example/x?q=1").unwrap(),
            "http://a.example/x?q=1"
        );
    }

    #[test]
    fn site_addresses_without_query_fragment_or_credentials() {
        for bad in [
            "example.org",
            "ftp://example.org",
            "https://",
            "https://example.org/?a=1",
            "https://example.org/#x",
            "https://user:pw@example.org",
            "https://user@example.org",
        ] {
            assert!(site_address(bad).is_err(), "{bad}");
        }
        assert_eq!(
            site_address("HTTPS://Example.org/").unwrap(),
            "https://example.org"
        );
    }
}
