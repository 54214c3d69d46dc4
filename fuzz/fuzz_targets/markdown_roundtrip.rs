//! markdown → model → markdown → model: a page the parser reads without
//! losing text renders to markdown that reads back as the same model, and
//! rendering is idempotent.
#![no_main]

use currents::formats::markdown::render;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let first = currents::parse_bytes(data, None);
    if first.has_errors() || first.drops_content() {
        return;
    }
    let text = render(&first.document);
    if text.is_empty() {
        return; // not an event document: nothing to write
    }
    let second = currents::parse_str(&text);
    assert_eq!(second.document, first.document, "page:\n{}\nrendered:\n{text}", String::from_utf8_lossy(data));
    assert_eq!(render(&second.document), text);
});
