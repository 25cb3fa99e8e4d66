//! ipset's xml format, streamed. Like ipset 7.17 it prints values as they
//! are (a comment with `<` is not escaped), so output is byte-identical.

use std::io::Write;

use crate::set::{Entry, ListDetail, ListSink, Result, WiSet};

use super::fields::{FieldValue, element, entry_fields, header_fields};
use super::sorting::Sorter;

/// Renders a listing as `ipset list -output xml` does.
pub struct XmlSink<W: Write> {
    w: W,
    detail: ListDetail,
    line: String,
    open: bool,
    /// `<ipsets>` is written with the first set (or at the end), so a failed
    /// listing prints nothing, as ipset.
    started: bool,
    /// `-sorted`: members of hash sets in ipset's order.
    sorter: Sorter,
}

impl<W: Write> XmlSink<W> {
    /// A sink writing to `w` at the given detail; `sorted` sorts the
    /// members of hash sets as `-sorted` does.
    pub fn new(w: W, detail: ListDetail, sorted: bool) -> Self {
        XmlSink {
            w,
            detail,
            line: String::new(),
            open: false,
            started: false,
            sorter: Sorter::new(sorted),
        }
    }

    fn start(&mut self) -> Result<()> {
        if !self.started {
            self.started = true;
            self.w.write_all(b"<ipsets>\n")?;
        }
        Ok(())
    }

    /// Write the closing `</ipsets>` and return the writer.
    pub fn finish(mut self) -> Result<W> {
        self.start()?;
        self.w.write_all(b"</ipsets>\n")?;
        Ok(self.w)
    }
}

fn tag(out: &mut String, k: &str, v: &FieldValue) {
    match v {
        FieldValue::Flag => {
            out.push('<');
            out.push_str(k);
            out.push_str("/>");
        }
        v => {
            out.push('<');
            out.push_str(k);
            out.push('>');
            out.push_str(&v.text());
            out.push_str("</");
            out.push_str(k);
            out.push('>');
        }
    }
}

impl<W: Write> ListSink for XmlSink<W> {
    fn set_begin(&mut self, set: &WiSet) -> Result<()> {
        self.start()?;
        let l = &mut self.line;
        l.clear();
        if self.detail == ListDetail::Names {
            l.push_str(&format!("<ipset name=\"{}\"/>\n", set.name));
        } else {
            l.push_str(&format!(
                "<ipset name=\"{}\">\n<type>{}</type>\n<revision>{}</revision>\n<header>",
                set.name,
                set.type_name,
                set.revision.unwrap_or(0)
            ));
            header_fields(set, |k, v| tag(l, k, &v));
            l.push_str(&format!(
                "\n<memsize>{}</memsize>\n<references>{}</references>\n<numentries>{}</numentries>\n</header>\n",
                set.memsize.unwrap_or(0),
                set.references.unwrap_or(0),
                set.entries.unwrap_or(0)
            ));
            if self.detail == ListDetail::Full {
                l.push_str("<members>\n");
            }
            self.open = true;
        }
        self.w.write_all(self.line.as_bytes())?;
        Ok(())
    }

    fn entries(&mut self, set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        if self.detail != ListDetail::Full {
            return Ok(());
        }
        let t = set.set_type();
        let sorting = self.sorter.applies(set);
        let l = &mut self.line;
        l.clear();
        for e in entries.iter() {
            let start = l.len();
            l.push_str("<member><elem>");
            element(set, t, e, l);
            l.push_str("</elem>");
            entry_fields(t, e, |k, v| tag(l, k, &v));
            l.push_str("</member>\n");
            if sorting {
                self.sorter.push(set, t, e, &l[start..]);
                l.truncate(start);
            }
        }
        self.w.write_all(self.line.as_bytes())?;
        Ok(())
    }

    fn set_end(&mut self, _set: &WiSet) -> Result<()> {
        let w = &mut self.w;
        self.sorter
            .drain_sorted(false, |_, line| w.write_all(line.as_bytes()))?;
        if self.open {
            if self.detail == ListDetail::Full {
                self.w.write_all(b"</members>\n")?;
            }
            self.w.write_all(b"</ipset>\n")?;
            self.open = false;
        }
        Ok(())
    }
}
