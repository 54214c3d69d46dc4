//! Snapshots of the model for one page of each shape.

use crate::common;

use common::*;
use currents::parse_file;

fn snapshot(name: &str, path: std::path::PathBuf) {
    let parsed = parse_file(&path).unwrap();
    insta::assert_yaml_snapshot!(name, parsed.document);
}

#[test]
fn seed_page() {
    snapshot("seed", seed());
}

#[test]
fn event_with_formats_category_summary_sources_and_changes() {
    snapshot(
        "event_full",
        page("news/2017/06/19/personal-information-of-about-200-million-u-s-citizens-has-been-exposed-on-the-internet-since-january-when-unsecured-files-were-uploaded-b.md"),
    );
}

#[test]
fn event_1999_unpadded_date_no_sources() {
    snapshot(
        "event_1999",
        page("news/1999/01/1/the-euro-currency-is-introduced.md"),
    );
}

#[test]
fn day_index() {
    snapshot("day_index", page("news/2017/06/19/index.md"));
}

#[test]
fn day_readme_with_categories() {
    snapshot("day_readme", page("news/2017/06/19/README.md"));
}

#[test]
fn front_page() {
    snapshot("front_page", page("README.md"));
}

#[test]
fn faq_prose_page() {
    snapshot("faq", page("faq/README.md"));
}
