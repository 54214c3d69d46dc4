//! The feed writers' XML, through quick-xml's `Writer`, indented by two
//! spaces, one element per line. Every text and attribute value goes
//! through [`xml_escape`], which also drops the characters XML 1.0
//! forbids (quick-xml does not), so the output is always well-formed.

use std::borrow::Cow;
use std::io::{Result, Write};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::Writer;

use crate::formats::text::xml_escape;

/// An XML document being written, buffered until [`Xml::flush_to`].
pub(crate) struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    /// A document with its XML declaration.
    pub fn new() -> Result<Self> {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        Ok(Xml { writer })
    }

    /// A part of a document at `depth` (elements inside `depth` others),
    /// indented as it would be there, without the declaration: what
    /// [`Xml::take`] returns can be written between the document's parts.
    pub fn fragment(depth: usize) -> Result<Self> {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        for _ in 0..depth {
            writer.write_event(Event::Start(BytesStart::new("x")))?;
        }
        writer.get_mut().clear();
        Ok(Xml { writer })
    }

    /// What was written so far; the writer starts afresh.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(self.writer.get_mut())
    }

    /// `<name attrs>`; children follow until [`Xml::close`].
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        self.writer.write_event(Event::Start(start(name, attrs)))
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) -> Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attrs>text</name>`.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<()> {
        self.writer.write_event(Event::Start(start(name, attrs)))?;
        let text = BytesText::from_escaped(xml_escape(text));
        self.writer.write_event(Event::Text(text))?;
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attrs/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        self.writer.write_event(Event::Empty(start(name, attrs)))
    }

    /// Writes what was written so far to `out` and starts afresh.
    pub fn flush_to(&mut self, out: &mut dyn Write) -> Result<()> {
        let buffer = self.writer.get_mut();
        out.write_all(buffer)?;
        buffer.clear();
        Ok(())
    }

    /// Ends the document with a line break and writes the rest to `out`.
    pub fn finish(mut self, out: &mut dyn Write) -> Result<()> {
        self.writer.get_mut().push(b'\n');
        self.flush_to(out)
    }
}

/// A start tag with its attributes, escaped by [`xml_escape`] rather than
/// by quick-xml's attribute escaping (which writes `'` as `&apos;`), so
/// the bytes stay those our feeds have always had.
fn start<'a>(name: &'a str, attrs: &[(&'a str, &str)]) -> BytesStart<'a> {
    let mut tag = BytesStart::new(name);
    for (key, value) in attrs {
        tag.push_attribute(Attribute {
            key: QName(key.as_bytes()),
            value: Cow::Owned(xml_escape(value).into_bytes()),
        });
    }
    tag
}
