//! ipset's `plain` (list) and `save` formats, streamed.

use std::io::Write;

use crate::set::{Entry, ListDetail, ListSink, Result, WiSet};

use super::fields::{element, header_fields, member_line, options};
use super::sorting::Sorter;
use crate::text::resolve_names;

/// Which of ipset's two text formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// `ipset list`.
    Plain,
    /// `ipset save`.
    Save,
}

/// Renders a listing as `ipset list` or `ipset save` would.
pub struct TextSink<W: Write> {
    w: W,
    format: TextFormat,
    detail: ListDetail,
    sets: usize,
    line: String,
    /// `-sorted`: members of hash sets in ipset's order.
    sorter: Sorter,
    /// `-resolve`: host addresses printed as names.
    pub resolve: bool,
}

impl<W: Write> TextSink<W> {
    /// A sink writing `format` to `w`; the save format ignores `detail` and lists in full.
    pub fn new(w: W, format: TextFormat, detail: ListDetail, sorted: bool) -> Self {
        // -name/-terse do not apply to the save format.
        let detail = if format == TextFormat::Save {
            ListDetail::Full
        } else {
            detail
        };
        TextSink {
            w,
            format,
            detail,
            sets: 0,
            resolve: false,
            line: String::new(),
            sorter: Sorter::new(sorted),
        }
    }

    /// The writer, once the listing is done.
    pub fn into_inner(self) -> W {
        self.w
    }
}

impl<W: Write> ListSink for TextSink<W> {
    fn set_begin(&mut self, set: &WiSet) -> Result<()> {
        let l = &mut self.line;
        l.clear();
        match (self.format, self.detail) {
            (TextFormat::Plain, ListDetail::Names) => {
                l.push_str(&set.name);
                l.push('\n');
            }
            (TextFormat::Plain, _) => {
                if self.sets > 0 {
                    l.push('\n');
                }
                l.push_str("Name: ");
                l.push_str(&set.name);
                l.push_str("\nType: ");
                l.push_str(&set.type_name);
                l.push_str("\nRevision: ");
                l.push_str(&set.revision.unwrap_or(0).to_string());
                l.push_str("\nHeader:");
                header_fields(set, |k, v| {
                    l.push(' ');
                    l.push_str(k);
                    v.write_plain(l);
                });
                l.push_str(&format!(
                    "\nSize in memory: {}\nReferences: {}\nNumber of entries: {}\n",
                    set.memsize.unwrap_or(0),
                    set.references.unwrap_or(0),
                    set.entries.unwrap_or(0)
                ));
                if self.detail == ListDetail::Full {
                    l.push_str("Members:\n");
                }
            }
            (TextFormat::Save, _) => {
                l.push_str("create ");
                l.push_str(&set.name);
                l.push(' ');
                l.push_str(&set.type_name);
                header_fields(set, |k, v| {
                    l.push(' ');
                    l.push_str(k);
                    v.write_plain(l);
                });
                l.push('\n');
            }
        }
        self.sets += 1;
        self.w.write_all(self.line.as_bytes())?;
        Ok(())
    }

    fn entries(&mut self, set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        if self.detail != ListDetail::Full {
            return Ok(());
        }
        let t = set.set_type();
        let sorting = self.sorter.applies(set);
        self.line.clear();
        for e in entries.iter() {
            let start = self.line.len();
            if self.format == TextFormat::Save {
                self.line.push_str("add ");
                self.line.push_str(&set.name);
                self.line.push(' ');
            }
            let member = self.line.len();
            if self.resolve {
                let mut el = String::new();
                element(set, t, e, &mut el);
                self.line.push_str(&resolve_names(&el));
                options(t, e, &mut self.line);
            } else {
                member_line(set, t, e, &mut self.line);
            }
            self.line.push('\n');
            if sorting {
                // ipset sorts by the member text with its options and newline.
                self.sorter.push_line(&self.line[start..], member - start);
                self.line.truncate(start);
            }
        }
        self.w.write_all(self.line.as_bytes())?;
        Ok(())
    }

    fn set_end(&mut self, _set: &WiSet) -> Result<()> {
        // With -resolve ipset compares the names as plain strings.
        let w = &mut self.w;
        self.sorter.drain_sorted(self.resolve, |prefix, line| {
            w.write_all(prefix.as_bytes())?;
            w.write_all(line.as_bytes())
        })?;
        Ok(())
    }
}
