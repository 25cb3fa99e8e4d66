//! Output formats over `impl Write`: ipset's plain, save and xml (byte-identical),
//! wiset's json and table. Every format is a `ListSink`, fed as the dump streams.

pub mod fields;
pub mod json;
pub mod plain;
pub mod prometheus;
mod sorting;
pub mod table;
pub mod xml;

use std::io::Write;

use crate::set::{Entry, ListDetail, ListSink, Result, WiSet};

pub use plain::TextFormat;

/// `-output` modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    /// ipset's `list` format.
    Plain,
    /// ipset's `save` format, which `restore` reads.
    Save,
    /// ipset's xml format.
    Xml,
    /// wiset's JSON format.
    Json,
    /// wiset's table format for terminals.
    Table,
}

impl OutputMode {
    /// Parse ipset's spelling (plus wiset's `json` and `table`).
    pub fn parse(s: &str) -> Option<OutputMode> {
        Some(match s {
            "plain" => OutputMode::Plain,
            "save" => OutputMode::Save,
            "xml" => OutputMode::Xml,
            "json" => OutputMode::Json,
            "table" => OutputMode::Table,
            _ => return None,
        })
    }

    /// The mode's name, as `-o` takes it.
    pub fn name(self) -> &'static str {
        match self {
            OutputMode::Plain => "plain",
            OutputMode::Save => "save",
            OutputMode::Xml => "xml",
            OutputMode::Json => "json",
            OutputMode::Table => "table",
        }
    }

    /// Whether ipset(8) has this mode (plain, save, xml).
    pub fn is_ipsets(self) -> bool {
        matches!(self, OutputMode::Plain | OutputMode::Save | OutputMode::Xml)
    }
}

/// A listing renderer of any format.
pub enum Renderer<W: Write> {
    /// Plain or save.
    Text(plain::TextSink<W>),
    /// xml.
    Xml(xml::XmlSink<W>),
    /// JSON.
    Json(json::JsonSink<W>),
    /// Table.
    Table(table::TableSink<W>),
}

impl<W: Write> Renderer<W> {
    /// A renderer of `mode` writing to `w`; `sorted` is ipset's `-sorted`.
    pub fn new(w: W, mode: OutputMode, detail: ListDetail, sorted: bool) -> Self {
        match mode {
            OutputMode::Plain => {
                Renderer::Text(plain::TextSink::new(w, TextFormat::Plain, detail, sorted))
            }
            OutputMode::Save => {
                Renderer::Text(plain::TextSink::new(w, TextFormat::Save, detail, sorted))
            }
            OutputMode::Xml => Renderer::Xml(xml::XmlSink::new(w, detail, sorted)),
            OutputMode::Json => Renderer::Json(json::JsonSink::new(w, detail, sorted)),
            OutputMode::Table => Renderer::Table(table::TableSink::new(w, detail, sorted)),
        }
    }

    /// `-resolve`: print host addresses of members by name (plain and save).
    pub fn resolving(mut self, on: bool) -> Self {
        if let Renderer::Text(t) = &mut self {
            t.resolve = on;
        }
        self
    }

    /// The width tables fit: the columns of the terminal the output goes
    /// to, or None (a file, a pipe, a terminal that does not say).
    pub fn table_width(mut self, width: Option<u16>) -> Self {
        if let Renderer::Table(t) = &mut self {
            t.width = width;
        }
        self
    }

    /// Colour in tables (the caller decides when: a terminal, NO_COLOR).
    pub fn colored(mut self, on: bool) -> Self {
        if let Renderer::Table(t) = &mut self {
            t.color = on;
        }
        self
    }

    /// Write what comes after the last set, flush, and return the writer.
    pub fn finish(self) -> Result<W> {
        let mut w = match self {
            Renderer::Text(t) => t.into_inner(),
            Renderer::Xml(x) => x.finish()?,
            Renderer::Json(j) => j.finish()?,
            Renderer::Table(t) => t.into_inner(),
        };
        w.flush()?;
        Ok(w)
    }

    fn sink(&mut self) -> &mut dyn ListSink {
        match self {
            Renderer::Text(t) => t,
            Renderer::Xml(x) => x,
            Renderer::Json(j) => j,
            Renderer::Table(t) => t,
        }
    }
}

impl<W: Write> ListSink for Renderer<W> {
    fn set_begin(&mut self, set: &WiSet) -> Result<()> {
        self.sink().set_begin(set)
    }
    fn entries(&mut self, set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        self.sink().entries(set, entries)
    }
    fn set_end(&mut self, set: &WiSet) -> Result<()> {
        self.sink().set_end(set)
    }
}
