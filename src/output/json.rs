//! wiset's JSON format: valid JSON with typed values, streamed member by
//! member. The schema is documented in README.md ("JSON output").

use std::io::Write;

use serde_json::{Map, Value as Json, json};

use crate::set::{Entry, ListDetail, ListSink, Result, WiSet};

use super::fields::{FieldValue, element, entry_fields, header_fields, hex};
use super::sorting::Sorter;

/// Renders a listing as wiset's JSON: an array of set objects, streamed.
pub struct JsonSink<W: Write> {
    w: W,
    detail: ListDetail,
    sets: usize,
    members: usize,
    open: bool,
    /// `[` is written with the first set (or at the end), so a failed listing
    /// prints nothing rather than half a document.
    started: bool,
    /// `-sorted`: members of hash sets in ipset's order.
    sorter: Sorter,
}

/// A field value with its JSON type: numbers stay numbers, flags are `true`.
pub fn typed(v: FieldValue) -> Json {
    match v {
        FieldValue::Flag => Json::Bool(true),
        FieldValue::Num(n) => json!(n),
        FieldValue::Hex(n) => Json::String(format!("0x{n:08x}")),
        FieldValue::Text(t) | FieldValue::Quoted(t) => Json::String(t),
    }
}

/// The header object of a set (create options plus the kernel's counters).
pub fn header_object(set: &WiSet) -> Map<String, Json> {
    let mut h = Map::new();
    header_fields(set, |k, v| {
        h.insert(k.into(), typed(v));
    });
    if set.options.forceadd {
        h.insert("forceadd".into(), Json::Bool(true));
    }
    for u in &set.options.unknown {
        h.insert(format!("attr{}", u.kind), Json::String(hex(&u.value)));
    }
    h.insert("memsize".into(), json!(set.memsize.unwrap_or(0)));
    h.insert("references".into(), json!(set.references.unwrap_or(0)));
    h.insert("numentries".into(), json!(set.entries.unwrap_or(0)));
    h
}

/// One member as a JSON object.
pub fn member_object(set: &WiSet, e: &Entry) -> Map<String, Json> {
    let t = set.set_type();
    let mut m = Map::new();
    let mut el = String::new();
    element(set, t, e, &mut el);
    m.insert("elem".into(), Json::String(el));
    entry_fields(t, e, |k, v| {
        m.insert(k.into(), typed(v));
    });
    for u in &e.opts.unknown {
        m.insert(format!("attr{}", u.kind), Json::String(hex(&u.value)));
    }
    m
}

impl<W: Write> JsonSink<W> {
    /// A sink writing to `w` at the given detail; `sorted` sorts the
    /// members of hash sets in the order `-sorted` gives the plain listing.
    pub fn new(w: W, detail: ListDetail, sorted: bool) -> Self {
        JsonSink {
            w,
            detail,
            sets: 0,
            members: 0,
            open: false,
            started: false,
            sorter: Sorter::new(sorted),
        }
    }

    fn member(&mut self, m: &str) -> Result<()> {
        write_member(&mut self.w, &mut self.members, m)
    }

    fn start(&mut self) -> Result<()> {
        if !self.started {
            self.started = true;
            self.w.write_all(b"[")?;
        }
        Ok(())
    }

    /// Write the closing `]` (or `[]` when no set was listed) and return the writer.
    pub fn finish(mut self) -> Result<W> {
        self.start()?;
        self.w
            .write_all(if self.sets > 0 { b"\n]\n" } else { b"]\n" })?;
        Ok(self.w)
    }
}

/// One member object, after a comma unless it is the set's first.
fn write_member(w: &mut impl Write, members: &mut usize, m: &str) -> Result<()> {
    let sep = if *members > 0 { "," } else { "" };
    *members += 1;
    write!(w, "{sep}\n    {m}")?;
    Ok(())
}

impl<W: Write> ListSink for JsonSink<W> {
    fn set_begin(&mut self, set: &WiSet) -> Result<()> {
        self.start()?;
        let sep = if self.sets > 0 { "," } else { "" };
        self.sets += 1;
        self.members = 0;
        let name = Json::String(set.name.clone());
        if self.detail == ListDetail::Names {
            write!(self.w, "{sep}\n  {{\"name\": {name}}}")?;
            return Ok(());
        }
        let header = serde_json::to_string(&header_object(set)).map_err(std::io::Error::other)?;
        write!(
            self.w,
            "{sep}\n  {{\"name\": {name}, \"type\": {}, \"revision\": {}, \"header\": {header}",
            Json::String(set.type_name.clone()),
            set.revision.unwrap_or(0)
        )?;
        if self.detail == ListDetail::Full {
            self.w.write_all(b", \"members\": [")?;
        }
        self.open = true;
        Ok(())
    }

    fn entries(&mut self, set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        if self.detail != ListDetail::Full {
            return Ok(());
        }
        let sorting = self.sorter.applies(set);
        let t = set.set_type();
        for e in entries.iter() {
            let m = serde_json::to_string(&member_object(set, e)).map_err(std::io::Error::other)?;
            if sorting {
                self.sorter.push(set, t, e, &m);
            } else {
                self.member(&m)?;
            }
        }
        Ok(())
    }

    fn set_end(&mut self, _set: &WiSet) -> Result<()> {
        let (w, members) = (&mut self.w, &mut self.members);
        self.sorter
            .drain_sorted(false, |_, m| write_member(w, members, m))?;
        if self.open {
            if self.detail == ListDetail::Full {
                self.w
                    .write_all(if self.members > 0 { b"\n  ]}" } else { b"]}" })?;
            } else {
                self.w.write_all(b"}")?;
            }
            self.open = false;
        }
        Ok(())
    }
}
