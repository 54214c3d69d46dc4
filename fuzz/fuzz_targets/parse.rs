//! The parser never panics, and every diagnostic points inside the page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = currents::parse_bytes(data, None);
    let lines = data.split(|&b| b == b'\n' || b == b'\r').count().max(1);
    for diagnostic in &parsed.diagnostics {
        assert!(diagnostic.line >= 1 && diagnostic.line <= lines + 1, "{diagnostic}");
        assert!(diagnostic.column >= 1, "{diagnostic}");
    }
    let _ = parsed.document.events().count();
});
