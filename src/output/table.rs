//! wiset's `table` format for people at a terminal: per set a summary and a
//! member table whose columns are only those the set has.
//!
//! A set of up to [`CHUNK`] members is laid out whole (comfy-table fits it
//! to the terminal). A larger one is not held: its first chunk decides the
//! columns and their widths, and every row is printed as it comes, in the
//! same frame — bounded memory however large the set (`-sorted` aside,
//! which needs every row).

use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table,
};

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
    /// The layout of the current set's member table once its first chunk
    /// of rows decided it; rows after that are printed as they come.
    streaming: Option<Layout>,
    /// Colour the column titles, `nomatch` and timeouts about to run out
    /// (the caller decides: a terminal, no NO_COLOR, or `--color always`).
    pub color: bool,
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
            streaming: None,
            color: false,
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

/// An empty table in wiset's style, fitted to `width` columns when known
/// (the terminal's; None: as wide as its content).
pub fn new_table(width: Option<u16>) -> Table {
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
        let titles = ["Set", "Type", "Options", "Entries", "Memory", "References"];
        let values = [
            set.name.clone(),
            format!("{} (rev {})", set.type_name, set.revision.unwrap_or(0)),
            header,
            set.entries.unwrap_or(0).to_string(),
            human_bytes(u64::from(set.memsize.unwrap_or(0))),
            set.references.unwrap_or(0).to_string(),
        ];
        // One row where it fits the terminal; else a field per line, where
        // only the options give way (at their blanks): no word is split.
        let natural: usize = titles
            .iter()
            .zip(&values)
            .map(|(t, v)| t.len().max(v.chars().count()) + 3)
            .sum::<usize>()
            + 1;
        let mut t = new_table(self.width);
        if self.width.is_some_and(|w| natural > usize::from(w)) {
            for (title, value) in titles.iter().zip(values) {
                t.add_row(vec![title.to_string(), value]);
            }
            if let Some(col) = t.column_mut(0) {
                col.set_constraint(ColumnConstraint::ContentWidth);
            }
        } else {
            t.set_header(titles.to_vec());
            t.add_row(values.to_vec());
            for (i, col) in t.column_iter_mut().enumerate() {
                if i != 2 {
                    col.set_constraint(ColumnConstraint::ContentWidth);
                }
            }
        }
        writeln!(self.w, "{t}")?;
        Ok(())
    }

    fn entries(&mut self, set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        if self.detail != ListDetail::Full {
            return Ok(());
        }
        let t = set.set_type();
        if let Some(layout) = &mut self.streaming {
            // (One element text, reused: the row is written at once.)
            let mut text = String::with_capacity(64);
            for e in entries.iter() {
                text.clear();
                element(set, t, e, &mut text);
                layout.write_entry(&mut self.w, &text, e)?;
            }
            return Ok(());
        }
        for e in entries.drain(..) {
            let mut text = String::new();
            element(set, t, &e, &mut text);
            self.rows.push((text, e));
        }
        let sorted = self.sorted && set.type_name.starts_with("hash:");
        if self.streaming.is_none() && self.rows.len() >= CHUNK && !sorted {
            let mut layout = Layout::of(set, &self.rows);
            layout.color = self.color;
            layout.write_top(&mut self.w)?;
            self.streaming = Some(layout);
        }
        if let Some(layout) = &mut self.streaming {
            for (text, e) in self.rows.drain(..) {
                layout.write_entry(&mut self.w, &text, &e)?;
            }
        }
        Ok(())
    }

    fn set_end(&mut self, set: &WiSet) -> Result<()> {
        if self.detail != ListDetail::Full {
            return Ok(());
        }
        if let Some(mut layout) = self.streaming.take() {
            for (text, e) in self.rows.drain(..) {
                layout.write_entry(&mut self.w, &text, &e)?;
            }
            layout.write_bottom(&mut self.w)?;
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
        let columns = columns(set, &rows);
        let mut table = new_table(self.width);
        if self.color {
            table.enforce_styling();
            table.set_header(
                columns
                    .iter()
                    .map(|c| Cell::new(c.title()).add_attribute(Attribute::Bold)),
            );
            for (text, e) in &rows {
                let row = cells(&columns, text, e)
                    .into_iter()
                    .zip(&columns)
                    .map(|(cell, c)| match style(*c, e) {
                        Some(Style::Warn) => Cell::new(cell).fg(Color::Yellow),
                        Some(Style::Exception) => Cell::new(cell).fg(Color::Red),
                        None => Cell::new(cell),
                    });
                table.add_row(row);
            }
        } else {
            table.set_header(columns.iter().map(|c| c.title()).collect::<Vec<_>>());
            for (text, e) in &rows {
                table.add_row(cells(&columns, text, e));
            }
        }
        // Only comments and unknown attributes give way on a narrow
        // terminal: entries, numbers, flags and titles are never split.
        for (col, c) in table.column_iter_mut().zip(&columns) {
            if !matches!(c, Column::Comment | Column::Other) {
                col.set_constraint(ColumnConstraint::ContentWidth);
            }
            if c.numeric() {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        writeln!(self.w, "{table}")?;
        Ok(())
    }
}

/// How many members a set may have for its table to be laid out whole.
pub const CHUNK: usize = 4096;

/// A column of a member table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Entry,
    Timeout,
    Packets,
    Bytes,
    Comment,
    Skbmark,
    Skbprio,
    Skbqueue,
    Flags,
    Other,
}

impl Column {
    fn title(self) -> &'static str {
        match self {
            Column::Entry => "Entry",
            Column::Timeout => "Timeout",
            Column::Packets => "Packets",
            Column::Bytes => "Bytes",
            Column::Comment => "Comment",
            Column::Skbmark => "Skbmark",
            Column::Skbprio => "Skbprio",
            Column::Skbqueue => "Skbqueue",
            Column::Flags => "Flags",
            Column::Other => "Other",
        }
    }

    fn numeric(self) -> bool {
        matches!(
            self,
            Column::Timeout | Column::Packets | Column::Bytes | Column::Skbqueue
        )
    }
}

/// The columns a set's member table has: those its options give it, and
/// those its members (`rows`, or the first chunk of them) use.
fn columns(set: &WiSet, rows: &[(String, Entry)]) -> Vec<Column> {
    let o = &set.options;
    let has = |f: &dyn Fn(&Entry) -> bool| rows.iter().any(|(_, e)| f(e));
    let mut c = vec![Column::Entry];
    if o.timeout.is_some() || has(&|e| e.opts.timeout.is_some()) {
        c.push(Column::Timeout);
    }
    if o.counters || has(&|e| e.opts.packets.is_some()) {
        c.extend([Column::Packets, Column::Bytes]);
    }
    if o.comment || has(&|e| e.opts.comment.is_some()) {
        c.push(Column::Comment);
    }
    if o.skbinfo || has(&|e| e.opts.skbmark.is_some()) {
        c.extend([Column::Skbmark, Column::Skbprio, Column::Skbqueue]);
    }
    if has(&|e| e.opts.nomatch || e.elem.wildcard) {
        c.push(Column::Flags);
    }
    if has(&|e| !e.opts.unknown.is_empty()) {
        c.push(Column::Other);
    }
    c
}

/// A member's cells in `columns`; `text` is its element as ipset prints it.
fn cells(columns: &[Column], text: &str, e: &Entry) -> Vec<String> {
    columns
        .iter()
        .map(|&c| {
            let mut cell = String::new();
            cell_into(c, text, e, &mut cell);
            cell
        })
        .collect()
}

/// Append entry `e`'s cell of column `c` to `out`.
fn cell_into(c: Column, text: &str, e: &Entry, out: &mut String) {
    use std::fmt::Write as _;
    let p = &e.opts;
    match c {
        Column::Entry => out.push_str(text),
        Column::Timeout => {
            if let Some(t) = p.timeout {
                out.push_str(&human_duration(t));
            }
        }
        Column::Packets => {
            if let Some(n) = p.packets {
                push_human(n, 1000.0, &["k", "M", "G", "T", "P", "E"], "", out);
            }
        }
        Column::Bytes => {
            if let Some(n) = p.bytes {
                push_human(
                    n,
                    1024.0,
                    &["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"],
                    " B",
                    out,
                );
            }
        }
        Column::Comment => out.push_str(p.comment.as_deref().unwrap_or_default()),
        Column::Skbmark => {
            if let Some((m, k)) = p.skbmark {
                out.push_str(&skbmark_text(m, k));
            }
        }
        Column::Skbprio => {
            if let Some((a, b)) = p.skbprio {
                let _ = write!(out, "{a:x}:{b:x}");
            }
        }
        Column::Skbqueue => {
            if let Some(v) = p.skbqueue {
                let _ = write!(out, "{v}");
            }
        }
        Column::Flags => {
            let flags = [(p.nomatch, "nomatch"), (e.elem.wildcard, "wildcard")];
            for (i, (_, f)) in flags.iter().filter(|(on, _)| *on).enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(f);
            }
        }
        Column::Other => out.push_str(&unknown_text(&p.unknown)),
    }
}

/// A member table printed row by row: the columns and their widths, as
/// the first chunk of rows decided them, drawn as comfy-table draws
/// `UTF8_FULL_CONDENSED`. A later cell wider than its column widens its
/// own row only: a token is never cut.
#[derive(Debug)]
struct Layout {
    columns: Vec<Column>,
    widths: Vec<usize>,
    color: bool,
    /// Buffers reused for every row.
    line: String,
    cell: String,
}

/// How a cell stands out, in colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// A timeout about to run out (under a minute).
    Warn,
    /// A `nomatch` exception.
    Exception,
}

/// The style of column `c` of entry `e`, if it stands out.
fn style(c: Column, e: &Entry) -> Option<Style> {
    match c {
        Column::Timeout if e.opts.timeout.is_some_and(|t| t > 0 && t < 60) => Some(Style::Warn),
        Column::Flags if e.opts.nomatch => Some(Style::Exception),
        _ => None,
    }
}

impl Layout {
    fn of(set: &WiSet, rows: &[(String, Entry)]) -> Layout {
        let columns = columns(set, rows);
        let mut widths: Vec<usize> = columns.iter().map(|c| c.title().len()).collect();
        for (text, e) in rows {
            for (w, cell) in widths.iter_mut().zip(cells(&columns, text, e)) {
                *w = (*w).max(cell.chars().count());
            }
        }
        Layout {
            columns,
            widths,
            color: false,
            line: String::new(),
            cell: String::new(),
        }
    }

    fn rule(
        &self,
        out: &mut impl Write,
        left: &str,
        fill: &str,
        mid: &str,
        right: &str,
    ) -> std::io::Result<()> {
        let mut line = String::from(left);
        for (i, w) in self.widths.iter().enumerate() {
            if i > 0 {
                line.push_str(mid);
            }
            line.push_str(&fill.repeat(w + 2));
        }
        line.push_str(right);
        writeln!(out, "{line}")
    }

    fn write_top(&self, out: &mut impl Write) -> std::io::Result<()> {
        self.rule(out, "┌", "─", "┬", "┐")?;
        self.write_titles(out)?;
        self.rule(out, "╞", "═", "╪", "╡")
    }

    /// Entry `e`'s row (`text`: its element as ipset prints it).
    fn write_entry(&mut self, out: &mut impl Write, text: &str, e: &Entry) -> std::io::Result<()> {
        let mut line = std::mem::take(&mut self.line);
        let mut cell = std::mem::take(&mut self.cell);
        line.clear();
        line.push('│');
        for (i, (&c, &w)) in self.columns.iter().zip(&self.widths).enumerate() {
            if i > 0 {
                line.push('┆');
            }
            cell.clear();
            cell_into(c, text, e, &mut cell);
            let (on, off) = match style(c, e).filter(|_| self.color) {
                Some(Style::Warn) => ("\x1b[33m", "\x1b[0m"),
                Some(Style::Exception) => ("\x1b[31m", "\x1b[0m"),
                None => ("", ""),
            };
            push_padded(&mut line, &cell, w, c.numeric(), on, off);
        }
        line.push_str("│\n");
        let written = out.write_all(line.as_bytes());
        (self.line, self.cell) = (line, cell);
        written
    }

    /// The title row.
    fn write_titles(&self, out: &mut impl Write) -> std::io::Result<()> {
        let (on, off) = if self.color {
            ("\x1b[1m", "\x1b[0m")
        } else {
            ("", "")
        };
        let mut line = String::from("│");
        for (i, (c, &w)) in self.columns.iter().zip(&self.widths).enumerate() {
            if i > 0 {
                line.push('┆');
            }
            push_padded(&mut line, c.title(), w, false, on, off);
        }
        line.push('│');
        writeln!(out, "{line}")
    }

    fn write_bottom(&self, out: &mut impl Write) -> std::io::Result<()> {
        self.rule(out, "└", "─", "┴", "┘")
    }
}

/// ` CELL ` padded to `width` (right-aligned when `right`), the escapes
/// `on` and `off` around the text (the padding is measured without them).
fn push_padded(line: &mut String, cell: &str, width: usize, right: bool, on: &str, off: &str) {
    let pad = width.saturating_sub(cell.chars().count());
    line.push(' ');
    if right {
        line.extend(std::iter::repeat_n(' ', pad));
    }
    line.push_str(on);
    line.push_str(cell);
    line.push_str(off);
    if !right {
        line.extend(std::iter::repeat_n(' ', pad));
    }
    line.push(' ');
}

/// Bytes for people: `512 B`, `4.1 KiB`, `45.3 GiB` (exact in the other
/// formats).
pub fn human_bytes(n: u64) -> String {
    let mut out = String::new();
    push_human(
        n,
        1024.0,
        &["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"],
        " B",
        &mut out,
    );
    out
}

/// A count for people: `999`, `1.2 k`, `3.4 M`, `5.6 G` (exact in the
/// other formats).
pub fn human_count(n: u64) -> String {
    let mut out = String::new();
    push_human(n, 1000.0, &["k", "M", "G", "T", "P", "E"], "", &mut out);
    out
}

/// `n` in `units` of `step` (one decimal) from `step` up, exact below it
/// (with `plain`, e.g. ` B`).
fn push_human(n: u64, step: f64, units: &[&str], plain: &str, out: &mut String) {
    use std::fmt::Write as _;
    if (n as f64) < step {
        let _ = write!(out, "{n}{plain}");
        return;
    }
    let mut v = n as f64 / step;
    let mut unit = 0;
    // (999.95 would print as 1000.0 k: it is 1.0 M.)
    while v >= step - 0.05 && unit + 1 < units.len() {
        v /= step;
        unit += 1;
    }
    let _ = write!(out, "{v:.1} {}", units[unit]);
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
