//! Inputs the fuzzers found, kept as tests: each page in tests/regressions/
//! must parse without panicking and, when it parses cleanly, render to
//! markdown that reads back as the same model.

use currents::formats::markdown::render;

#[test]
fn fuzz_finds_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let first = currents::parse_bytes(&bytes, None);
        checked += 1;
        if first.has_errors() || first.drops_content() {
            continue;
        }
        let text = render(&first.document);
        if text.is_empty() {
            continue;
        }
        let second = currents::parse_str(&text);
        assert_eq!(
            second.document,
            first.document,
            "{}:\n{text}",
            path.display()
        );
        assert_eq!(render(&second.document), text, "{}", path.display());
    }
    assert!(checked > 0);
}
