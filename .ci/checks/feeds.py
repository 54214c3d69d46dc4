"""Checks an Atom and an RSS feed written by `currents` with feedparser.

What we wrote is read independently with the standard library's strict
XML parser (ElementTree); feedparser must read each feed without a bozo
flag and find the same entries, titles, links, dates and categories. The
two feeds must also agree with each other, entry for entry.

Usage: feeds.py FEED.atom FEED.rss SITE_URL [LANGUAGE (default en)]
"""

import datetime as dt
import email.utils
import sys
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def utc(text, parsed):
    # A date-only event is stamped at 10:00 UTC; a Changes list's time is
    # as written (docs/feeds.md, "Dates").
    check(parsed.tzinfo is not None, f"date without a timezone: {text!r}")
    check(parsed.utcoffset() == dt.timedelta(0), f"date not in UTC: {text!r}")
    return parsed.date()


def written_atom(path):
    root = ET.parse(path).getroot()
    entries = []
    for e in root.findall(f"{ATOM}entry"):
        published = e.findtext(f"{ATOM}published")
        updated = e.findtext(f"{ATOM}updated")
        check(published == updated, f"published != updated: {published} {updated}")
        links = {(l.get("rel"), l.get("href")) for l in e.findall(f"{ATOM}link")}
        # The page (HTML, or the .md page), and the .md page beside an HTML one.
        alternate = [l.get("href") for l in e.findall(f"{ATOM}link")
                     if l.get("rel") == "alternate" and l.get("type") != "text/markdown"]
        entries.append(
            {
                "id": e.findtext(f"{ATOM}id"),
                "title": e.findtext(f"{ATOM}title"),
                "link": alternate[0] if len(alternate) == 1 else alternate,
                "date": utc(published, dt.datetime.fromisoformat(published.replace("Z", "+00:00"))),
                "categories": [(c.get("term"), c.get("scheme")) for c in e.findall(f"{ATOM}category")],
                "links": links,
            }
        )
    return root, entries


def written_rss(path):
    root = ET.parse(path).getroot()
    channel = root.find("channel")
    entries = []
    for i in channel.findall("item"):
        pub = i.findtext("pubDate")
        entries.append(
            {
                "id": i.findtext("guid"),
                "title": i.findtext("title"),
                "link": i.findtext("link"),
                "date": utc(pub, email.utils.parsedate_to_datetime(pub)),
                "categories": [(c.text, c.get("domain")) for c in i.findall("category")],
            }
        )
    return channel, entries


def parsed_date(entry):
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None


def compare(kind, parsed, written):
    check(parsed.bozo == 0, f"{kind}: bozo {parsed.get('bozo_exception')!r}")
    check(len(parsed.entries) == len(written), f"{kind}: {len(parsed.entries)} entries, wrote {len(written)}")
    ids = [w["id"] for w in written]
    check(len(set(ids)) == len(ids), f"{kind}: ids are not unique")
    for got, want in zip(parsed.entries, written):
        name = f"{kind} {want['id']}"
        check(got.get("id") == want["id"], f"{name}: id {got.get('id')!r}")
        check(got.get("title") == want["title"], f"{name}: title {got.get('title')!r} != {want['title']!r}")
        check(got.get("link") == want["link"], f"{name}: link {got.get('link')!r} != {want['link']!r}")
        check(parsed_date(got) == want["date"], f"{name}: date {parsed_date(got)} != {want['date']}")
        tags = [(t.get("term"), t.get("scheme")) for t in got.get("tags", [])]
        check(tags == want["categories"], f"{name}: categories {tags} != {want['categories']}")
        if "links" in want:
            links = {(l.get("rel"), l.get("href")) for l in got.get("links", [])}
            check(links == want["links"], f"{name}: links {links} != {want['links']}")


def main():
    atom_path, rss_path, site = sys.argv[1:4]
    language = sys.argv[4] if len(sys.argv) > 4 else "en"
    site = site.rstrip("/") + "/"
    feed_el, atom_written = written_atom(atom_path)
    channel, rss_written = written_rss(rss_path)
    atom = feedparser.parse(atom_path)
    rss = feedparser.parse(rss_path)
    compare("atom", atom, atom_written)
    compare("rss", rss, rss_written)

    # Feed level: title, site link, language, self link, newest date.
    for kind, parsed, written in (("atom", atom, atom_written), ("rss", rss, rss_written)):
        check(parsed.feed.get("link") == site, f"{kind}: feed link {parsed.feed.get('link')!r}")
        check(parsed.feed.get("language") == language, f"{kind}: language {parsed.feed.get('language')!r}")
        selfs = [l["href"] for l in parsed.feed.get("links", []) if l.get("rel") == "self"]
        check(len(selfs) == 1 and selfs[0].startswith("http"), f"{kind}: self link {selfs}")
        stamp = parsed.feed.get("updated_parsed")
        newest = max(w["date"] for w in written)
        check(stamp is not None and dt.date(*stamp[:3]) == newest, f"{kind}: feed date {stamp} != newest {newest}")
        check(parsed.feed.get("title") == "News events", f"{kind}: title {parsed.feed.get('title')!r}")
        check(bool(parsed.feed.get("author") or parsed.feed.get("author_detail")) or kind == "rss", f"{kind}: no author")

    # The two formats say the same thing.
    check(len(atom_written) == len(rss_written), "atom and rss entry counts differ")
    for a, r in zip(atom_written, rss_written):
        for field in ("title", "link", "date", "categories"):
            check(a[field] == r[field], f"atom/rss differ on {field}: {a[field]!r} {r[field]!r}")
        check(a["id"] == r["id"] or a["id"].startswith("tag:"), f"atom id {a['id']} != guid {r['id']}")

    entries = len(atom_written)
    with_categories = sum(1 for w in atom_written if w["categories"])
    if failures:
        for f in failures[:40]:
            print("FAIL:", f)
        print(f"{len(failures)} failures")
        sys.exit(1)
    print(f"feedparser {feedparser.__version__}: {entries} entries in each feed, {with_categories} with categories, bozo 0, titles/links/dates/categories as written")


if __name__ == "__main__":
    main()
