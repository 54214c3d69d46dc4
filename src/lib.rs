//! `currents` reads news-event markdown pages (built from the Wikipedia
//! Current Events Portal) into a typed model.
//!
//! ```
//! use currents::{parse_str, Document};
//!
//! let page = [
//!     "### [2015-11-25](/news/2015/11/25/index.md)",
//!     "",
//!     "#  The Associated Press reports ... ",
//!     "",
//!     "### Source:",
//!     "",
//!     "1. [AP](http://bigstory.ap.org/article/x)",
//! ]
//! .join("\n");
//! let parsed = parse_str(&page);
//! let Document::Event(event) = &parsed.document else { panic!("an event page") };
//! assert_eq!(event.date.to_string(), "2015-11-25");
//! assert_eq!(event.sources[0].name, "AP");
//! assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
//! ```

#![warn(missing_docs)]

pub mod diagnostic;
pub mod model;
pub mod parse;

pub use diagnostic::{Diagnostic, DiagnosticKind, Severity};
pub use model::*;
pub use parse::{parse_bytes, parse_file, parse_str, Parsed};
pub mod error;
pub mod input;
pub mod write;

pub use error::{Error, Result};
pub mod summary;
mod text;
pub use summary::Summary;
pub mod filter;
pub mod fix;
pub mod format;
mod identity;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod run;
pub mod site;
pub mod stats;
