//! wiset's `table` format for people at a terminal: per set a summary and a
//! member table whose columns are only those the set has.

use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table};

use crate::set::{Entry, ListDetail, ListSink, Result, WiSet};
use crate::text::sort_printed;

use super::fields::{element, header_fields, skbmark_text, unknown_text};

/// Renders a listing as tables: per set a summary and a member table.
pub struct TableSink<W: Write> {
    w: W,
    detail: ListDetail,
    sorted: bool,
    sets: usize,
    rows: Vec<(String, Entry)>,
    /// The width to fit the tables to: the columns of the terminal the
    /// output goes to (None, the default: not a terminal, or one that does
    /// not say; the tables are as wide as their content). The library does
    /// not look at the terminal: the caller does.
    pub width: Option<u16>,
}

impl<W: Write> TableSink<W> {
    /// A sink writing to `w`; `sorted` sorts the members of hash sets.
    pub fn new(w: W, detail: ListDetail, sorted: bool) -> Self {
        TableSink {
            w,
            detail,
            sorted,
            sets: 0,
            rows: Vec::new(),
            width: None,
        }
    }
}

/// A remaining timeout for people: `1h 02m 03s`; 0 is a permanent entry.
pub fn human_duration(secs: u32) -> String {
    if secs == 0 {
        return "permanent".into();
    }
    let (d, h, m, s) = (secs / 86400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{m}m {s:02}s"),
        (0, _, _) => format!("{h}h {m:02}m {s:02}s"),
        _ => format!("{d}d {h:02}h {m:02}m"),
    }
}

fn new_table(width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    // Fit the terminal when its width is known; a pty that reports 0 columns
    // (serial consoles, some CI) would squeeze every column to one character.
    match width {
        Some(w) if w >= 40 => {
            t.set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w);
        }
        _ => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t
}

impl<W: Write> ListSink for TableSink<W> {
    fn set_begin(&mut self, set: &WiSet) -> Result<()> {
        if self.detail == ListDetail::Names {
            writeln!(self.w, "{}", set.name)?;
            return Ok(());
        }
        if self.sets > 0 {
            writeln!(self.w)?;
        }
        self.sets += 1;
        let mut header = String::new();
        header_fields(set, |k, v| {
            if !header.is_empty() {
                header.push(' ');
            }
            header.push_str(k);
            v.write_plain(&mut header);
        });
        if set.options.forceadd {
            header.push_str(" forceadd");
        }
        if !set.options.unknown.is_empty() {
            header.push(' ');
            header.push_str(&unknown_text(&set.options.unknown));
        }
        let mut t = new_table(self.width);
        t.set_header(vec![
            "Set",
            "Type",
            "Options",
            "Entries",
            "Memory",
            "References",
        ]);
        t.add_row(vec![
            set.name.clone(),
            format!("{} (rev {})", set.type_name, set.revision.unwrap_or(0)),
            header,
            set.entries.unwrap_or(0).to_string(),
            human_bytes(u64::from(set.memsize.unwrap_or(0))),
            set.references.unwrap_or(0).to_string(),
        ]);
        writeln!(self.w, "{t}")?;
        Ok(())
    }

    fn entries(&mut self, set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        if self.detail != ListDetail::Full {
            return Ok(());
        }
        let t = set.set_type();
        for e in entries.drain(..) {
            let mut text = String::new();
            element(set, t, &e, &mut text);
            self.rows.push((text, e));
        }
        Ok(())
    }

    fn set_end(&mut self, set: &WiSet) -> Result<()> {
        if self.detail != ListDetail::Full {
            return Ok(());
        }
        let mut rows = std::mem::take(&mut self.rows);
        if rows.is_empty() {
            writeln!(self.w, "(no members)")?;
            return Ok(());
        }
        if self.sorted && set.type_name.starts_with("hash:") {
            sort_printed(&mut rows, |r| r.0.as_str());
        }
        let o = &set.options;
        let has = |f: &dyn Fn(&Entry) -> bool| rows.iter().any(|(_, e)| f(e));
        let timeout = o.timeout.is_some() || has(&|e| e.opts.timeout.is_some());
        let counters = o.counters || has(&|e| e.opts.packets.is_some());
        let comment = o.comment || has(&|e| e.opts.comment.is_some());
        let skb = o.skbinfo || has(&|e| e.opts.skbmark.is_some());
        let flags = has(&|e| e.opts.nomatch || e.elem.wildcard);
        let other = has(&|e| !e.opts.unknown.is_empty());
        let mut head = vec!["Entry"];
        if timeout {
            head.push("Timeout");
        }
        if counters {
            head.extend(["Packets", "Bytes"]);
        }
        if comment {
            head.push("Comment");
        }
        if skb {
            head.extend(["Skbmark", "Skbprio", "Skbqueue"]);
        }
        if flags {
            head.push("Flags");
        }
        if other {
            head.push("Other");
        }
        let mut table = new_table(self.width);
        table.set_header(head);
        for (text, e) in &rows {
            let p = &e.opts;
            let mut row = vec![text.clone()];
            if timeout {
                row.push(p.timeout.map(human_duration).unwrap_or_default());
            }
            if counters {
                row.push(p.packets.map(human_count).unwrap_or_default());
                row.push(p.bytes.map(human_bytes).unwrap_or_default());
            }
            if comment {
                row.push(p.comment.clone().unwrap_or_default());
            }
            if skb {
                row.push(
                    p.skbmark
                        .map(|(m, k)| skbmark_text(m, k))
                        .unwrap_or_default(),
                );
                row.push(
                    p.skbprio
                        .map(|(a, b)| format!("{a:x}:{b:x}"))
                        .unwrap_or_default(),
                );
                row.push(p.skbqueue.map(|v| v.to_string()).unwrap_or_default());
            }
            if flags {
                let mut f = Vec::new();
                if p.nomatch {
                    f.push("nomatch");
                }
                if e.elem.wildcard {
                    f.push("wildcard");
                }
                row.push(f.join(" "));
            }
            if other {
                row.push(unknown_text(&p.unknown));
            }
            table.add_row(row);
        }
        // Entries are never wrapped; comments are what gives way.
        if let Some(col) = table.column_mut(0) {
            col.set_constraint(ColumnConstraint::ContentWidth);
        }
        let numeric = ["Timeout", "Packets", "Bytes", "Skbqueue"];
        let names: Vec<String> = table
            .header()
            .map(|h| h.cell_iter().map(|c| c.content()).collect())
            .unwrap_or_default();
        for (col, name) in table.column_iter_mut().zip(names) {
            if numeric.contains(&name.as_str()) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        writeln!(self.w, "{table}")?;
        Ok(())
    }
}

/// Bytes for people: `512 B`, `4.1 KiB`, `45.3 GiB` (exact in the other
/// formats).
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// A count for people: `999`, `1.2 k`, `3.4 M`, `5.6 G` (exact in the
/// other formats).
pub fn human_count(n: u64) -> String {
    const UNITS: [&str; 6] = ["k", "M", "G", "T", "P", "E"];
    if n < 1000 {
        return n.to_string();
    }
    let mut v = n as f64 / 1000.0;
    let mut unit = 0;
    while v >= 999.95 && unit + 1 < UNITS.len() {
        v /= 1000.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

impl<W: Write> TableSink<W> {
    /// The writer, once the listing is done.
    pub fn into_inner(self) -> W {
        self.w
    }
}

#[cfg(test)]
mod tests {
    use super::{human_bytes, human_count};

    #[test]
    fn counters_for_people() {
        assert_eq!(human_count(0), "0");
        assert_eq!(human_count(999), "999");
        assert_eq!(human_count(1000), "1.0 k");
        assert_eq!(human_count(1_234_567), "1.2 M");
        assert_eq!(human_count(999_999), "1.0 M");
        assert_eq!(human_count(u64::MAX), "18.4 E");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(4242), "4.1 KiB");
        assert_eq!(human_bytes(48_637_279_436), "45.3 GiB");
        assert_eq!(human_bytes(u64::MAX), "16.0 EiB");
    }
}
