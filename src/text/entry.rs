//! Entries from text: an element and its keyword options, for one set, as
//! `ipset add SET ENTRY...` and `restore` lines read them.

use std::net::IpAddr;

use crate::set::{Element, Entry, EntryOptions, Family, SetType, WiSet};

use super::grammar::plain_ipv4;
use super::{ElemCmd, SyntaxError, parse_element, parse_entry_options, split_words};

/// Parses entries (`ELEM [OPTIONS]`) for one set type, family and command:
/// what a loop over many lines wants, the type looked up once.
#[derive(Debug, Clone, Copy)]
pub struct EntryParser {
    t: SetType,
    family: Family,
    cmd: ElemCmd,
}

impl EntryParser {
    /// A parser for entries of `cmd` on a set of type `t` and `family`.
    pub fn new(t: SetType, family: Family, cmd: ElemCmd) -> Self {
        EntryParser { t, family, cmd }
    }

    /// The element, then its keyword options (already split into words).
    pub fn parse(&self, elem: &str, options: &[String]) -> Result<Entry, SyntaxError> {
        let mut el = parse_element(elem, self.t, self.family, self.cmd)?;
        let opts = if options.is_empty() {
            Default::default()
        } else {
            parse_entry_options(self.t, self.cmd, &mut el, options)?
        };
        Ok(Entry { elem: el, opts })
    }

    /// One line of text: a bare element, or an element with options
    /// (`192.0.2.0/24 timeout 600 comment "a b"`), split as ipset splits
    /// restore lines.
    pub fn parse_line(&self, text: &str) -> Result<Entry, SyntaxError> {
        if is_single_word(text) {
            return self.parse(text, &[]);
        }
        let words = split_words(text, true)?;
        match words.split_first() {
            Some((elem, opts)) => self.parse(elem, opts),
            None => Err(SyntaxError::one(
                "Syntax error: the line holds no entry, only quotes",
            )),
        }
    }

    /// [`EntryParser::parse_line`] into `entry`: a bare element (the usual
    /// line of a large list) is parsed into it in place.
    pub fn parse_line_into(&self, text: &str, entry: &mut Entry) -> Result<(), SyntaxError> {
        if is_single_word(text) {
            // The usual line of a large list, a dotted quad (with `/N` on
            // hash:net), into an entry that holds no more than one: two
            // fields written, nothing built, moved or dropped.
            if let Some((ip, cidr)) = plain_ipv4(text, self.t, self.family)
                && holds_an_address_alone(entry)
            {
                entry.elem.ip = Some(IpAddr::V4(ip));
                entry.elem.cidr = cidr;
                return Ok(());
            }
            entry.elem = parse_element(text, self.t, self.family, self.cmd)?;
            entry.opts = Default::default();
        } else {
            *entry = self.parse_line(text)?;
        }
        Ok(())
    }
}

/// Whether `entry` has nothing but an address and prefix (or nothing).
fn holds_an_address_alone(entry: &Entry) -> bool {
    let e = &entry.elem;
    let alone = Element {
        ip: e.ip,
        cidr: e.cidr,
        ..Element::default()
    };
    *e == alone && entry.opts == EntryOptions::default()
}

/// Whether a line is one word that needs no splitting (the common case of
/// large lists: a bare entry).
pub fn is_single_word(text: &str) -> bool {
    !text.bytes().any(|b| b == b'"' || b.is_ascii_whitespace())
}

impl WiSet {
    /// An entry of this set from its text, as `ipset add` reads it: the
    /// element in the set type's syntax, then keyword options.
    ///
    /// ```
    /// use wiset::set::{SetType, WiSet};
    ///
    /// let mut set = WiSet::new("blocklist", SetType::HashNet);
    /// set.options.comment = true;
    /// let e = set.parse_entry("192.0.2.0/24 comment \"TEST-NET-1\"")?;
    /// assert_eq!(e.elem.cidr, Some(24));
    /// assert_eq!(e.opts.comment.as_deref(), Some("TEST-NET-1"));
    /// assert_eq!(set.display(&e).to_string(), "192.0.2.0/24 comment \"TEST-NET-1\"");
    /// # Ok::<(), wiset::text::SyntaxError>(())
    /// ```
    pub fn parse_entry(&self, text: &str) -> Result<Entry, SyntaxError> {
        self.entry_parser(ElemCmd::Add)?.parse_line(text)
    }

    /// A parser for many entries of this set, for `cmd`.
    pub fn entry_parser(&self, cmd: ElemCmd) -> Result<EntryParser, SyntaxError> {
        let t = self.set_type().ok_or_else(|| {
            SyntaxError::one(format!(
                "Syntax error: set {} has the type {}, which wiset does not know",
                self.name, self.type_name
            ))
        })?;
        Ok(EntryParser::new(t, self.family, cmd))
    }
}
