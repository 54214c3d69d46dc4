//! The Rss reader never panics on any bytes, and what it reads writes back
//! as a well-formed feed that reads again as the same number of events.
#![no_main]

use currents::formats::{FeedKind, FeedOptions, FeedWriter, Writer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(events) = currents::formats::rss::read(data) else { return };
    // A feed of no events has no date to give the feed: writing it is refused.
    if events.is_empty() {
        return;
    }
    let mut options = FeedOptions::new("https://example.org").unwrap();
    options.limit = 0;
    let mut out = Vec::new();
    let mut writer = FeedWriter::new(&mut out, FeedKind::Rss, options);
    events.iter().for_each(|e| writer.write_event(e).unwrap());
    writer.finish().unwrap();
    let again = currents::formats::rss::read(&out).expect("our own feed reads back");
    assert!(again.len() <= events.len(), "copies of one event merge, nothing is invented");
});
