//! add, del, test, and `test --from`.

use std::io::Write;

use wiset::set::{AdtOp, Element, Entry, Session, SetHeader, SetType};
use wiset::text::{ElemCmd, format_element_for_message};

use super::ctx::{Ctx, check_setname};
use crate::cli::error::Error;
use crate::cli::input::LineReader;
use crate::cli::report::Outcome;

/// The type of an existing set, or ipset's error for a type this wiset does not know.
pub fn known_type(h: &SetHeader) -> Result<SetType, Error> {
    h.set_type().ok_or_else(|| {
        Error::invalid(format!(
            "Kernel-library incompatibility: set {} in kernel has got settype {} with family {} and revision {} while ipset library does not support the settype with that family and revision.",
            h.name, h.type_name, h.family.name(), h.revision
        ))
    })
}

/// The text layer's entry parser for one set and command, its errors in
/// ipset's message classes (element errors keep restore's line rules).
pub struct EntryParser(wiset::text::EntryParser);

impl EntryParser {
    pub fn new(h: &SetHeader, cmd: ElemCmd) -> Result<Self, Error> {
        Ok(EntryParser(wiset::text::EntryParser::new(
            known_type(h)?,
            h.family,
            cmd,
        )))
    }

    /// The element, then its keyword options.
    pub fn parse(&self, elem: &str, options: &[String]) -> Result<Entry, Error> {
        self.0.parse(elem, options).map_err(Error::entry)
    }

    /// [`EntryParser::parse_line`] into `entry`: a bare entry (the usual
    /// line of a large list) is parsed into it in place.
    pub fn parse_line_into(&self, text: &str, entry: &mut Entry) -> Result<(), Error> {
        self.0.parse_line_into(text, entry).map_err(Error::entry)
    }

    /// One input line: a bare entry, or an entry with options.
    pub fn parse_line(&self, text: &str) -> Result<Entry, Error> {
        self.0.parse_line(text).map_err(Error::entry)
    }
}

/// The set and entry of a restore line's `SETNAME ELEM [OPTIONS]` for
/// add, del or test (`cmd`), the set's header from `header` (the kernel's,
/// a transaction's or a dry run's).
pub fn line_entry(
    cmd: ElemCmd,
    args: &[String],
    header: impl FnOnce(&str) -> Result<SetHeader, Error>,
) -> Result<(&str, Entry), Error> {
    let (set, elem, opts) = (&args[0], &args[1], &args[2..]);
    check_setname(set)?;
    let h = header(set)?;
    Ok((set, parse_entry(&h, cmd, elem, opts)?))
}

/// Parse `ELEM [OPTIONS]` for a set: the element, then its keyword options.
pub fn parse_entry(
    h: &SetHeader,
    cmd: ElemCmd,
    elem: &str,
    options: &[String],
) -> Result<Entry, Error> {
    EntryParser::new(h, cmd)?.parse(elem, options)
}

pub fn add_del(
    ctx: &mut Ctx,
    op: AdtOp,
    set: &str,
    elem: &str,
    options: &[String],
) -> Result<Outcome, Error> {
    check_setname(set)?;
    let exist = ctx.g.exist;
    let s = ctx.session()?;
    let h = s.header(set)?;
    let entry = parse_entry(&h, op.into(), elem, options)?;
    match op {
        AdtOp::Add => s.add(set, &entry, super::ctx::exist(exist))?,
        AdtOp::Del => s.delete(set, &entry, super::ctx::exist(exist))?,
    }
    Ok(Outcome::Success)
}

fn message_text(h: &SetHeader, el: &Element) -> String {
    let mut s = String::new();
    if let Some(t) = h.set_type() {
        format_element_for_message(el, t, h.family, &mut s);
    }
    s
}

pub fn test(ctx: &mut Ctx, set: &str, elem: &str, options: &[String]) -> Result<Outcome, Error> {
    check_setname(set)?;
    let s = ctx.session()?;
    let h = s.header(set)?;
    let entry = parse_entry(&h, ElemCmd::Test, elem, options)?;
    let hit = s.test(set, &entry)?;
    let text = message_text(&h, &entry.elem);
    if hit {
        ctx.notice(&format!("Warning: {text} is in set {set}."));
        Ok(Outcome::Success)
    } else {
        ctx.notice(&format!("{text} is NOT in set {set}."));
        Ok(Outcome::Miss)
    }
}

/// How many entries `test --from` parses before sending them as one pipeline run.
const TEST_CHUNK: usize = 4096;

/// Test a chunk of entries in one pipelined run, print the hits, empty the chunk.
fn test_chunk(
    s: &mut Session,
    set: &str,
    chunk: &mut Vec<(String, Element)>,
    out: &mut impl Write,
) -> Result<bool, Error> {
    let hits = s.test_list(set, chunk.iter().map(|(_, e)| e))?;
    let mut any = false;
    for ((text, _), hit) in chunk.iter().zip(hits) {
        if hit {
            any = true;
            writeln!(out, "{text}")?;
        }
    }
    chunk.clear();
    Ok(any)
}

/// Test every entry of a file; print those in the set, one a line, as written.
/// Exit 0 if any is in the set, 1 if none; an error exits 2 (as grep), so
/// that no failure reads as "none of them".
pub fn test_from(ctx: &mut Ctx, set: &str, path: &str) -> Result<Outcome, Error> {
    ctx.g.own_command = true;
    ctx.g.error_exit = Some(2);
    check_setname(set)?;
    let (reader, name) = crate::cli::input::open_input(Some(path), None)?;
    let s = ctx.session()?;
    let h = s.header(set)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut any = false;
    let mut chunk: Vec<(String, Element)> = Vec::with_capacity(TEST_CHUNK);
    let parser = EntryParser::new(&h, ElemCmd::Test)?;
    let mut lines = LineReader::new(reader, &name);
    while let Some(line) = lines.next_content() {
        let (n, text) = line?;
        let entry = parser.parse_line(text).map_err(|e| e.at_line(n))?;
        let first = text
            .split_ascii_whitespace()
            .next()
            .unwrap_or(text)
            .to_string();
        chunk.push((first, entry.elem));
        if chunk.len() == TEST_CHUNK {
            any |= test_chunk(s, set, &mut chunk, &mut out)?;
        }
    }
    any |= test_chunk(s, set, &mut chunk, &mut out)?;
    out.flush()?;
    Ok(if any { Outcome::Success } else { Outcome::Miss })
}
