//! The model as one JSON document, for inspection.

mod write;

pub use write::JsonWriter;
