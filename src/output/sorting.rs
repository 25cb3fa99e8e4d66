//! `-sorted`: the members of a hash set in ipset's order, whatever the
//! format. ipset sorts by a member's plain text (element, options and
//! newline); every format sorts by that key, so xml and JSON list members
//! in the order the plain listing does.
//!
//! The members wait in one text arena (the rendered member, and its key
//! where that is not part of it; the `add SET ` of save lines once) with
//! 16 bytes of bookkeeping each: a million IPv4 addresses sort in under
//! 50 MiB.

use crate::set::{Entry, SetType, WiSet};
use crate::text::sorted_order;

use super::fields::member_line;

/// Members of the current set held back to be sorted.
pub struct Sorter {
    on: bool,
    arena: String,
    members: Vec<Held>,
    /// What every line of the set starts with before its key (save's
    /// `add SET `), held once.
    prefix: String,
}

/// Where a held member lies in the arena: its rendered text (after the
/// prefix) is `start..start + rendered`, its key `start + key..start +
/// key_end`.
struct Held {
    start: usize,
    rendered: u16,
    key: u16,
    key_end: u16,
}

impl Sorter {
    /// A sorter; `on` is `-sorted`.
    pub fn new(on: bool) -> Self {
        Sorter {
            on,
            arena: String::new(),
            members: Vec::new(),
            prefix: String::new(),
        }
    }

    /// Whether `set`'s members are sorted (ipset sorts hash sets only).
    pub fn applies(&self, set: &WiSet) -> bool {
        self.on && set.type_name.starts_with("hash:")
    }

    fn hold(&mut self, start: usize, rendered: usize, key: usize) {
        // A member's text (its comment at most 255 bytes) is far under 64 KiB.
        let len = |n: usize| u16::try_from(n).expect("a member's text is under 64 KiB");
        self.members.push(Held {
            start,
            rendered: len(rendered),
            key: len(key),
            key_end: len(self.arena.len() - start),
        });
    }

    /// Hold `rendered`, the member `e` in the output's format (its key is
    /// its plain text, kept beside it).
    pub fn push(&mut self, set: &WiSet, t: Option<SetType>, e: &Entry, rendered: &str) {
        let start = self.arena.len();
        self.arena.push_str(rendered);
        member_line(set, t, e, &mut self.arena);
        self.arena.push('\n');
        self.hold(start, rendered.len(), rendered.len());
    }

    /// Hold a line whose key is its text from `key` on (plain: all of it;
    /// save: after `add SET `, the same for every line of the set).
    pub fn push_line(&mut self, line: &str, key: usize) {
        let (prefix, rest) = line.split_at(key);
        if self.members.is_empty() {
            self.prefix.clear();
            self.prefix.push_str(prefix);
        }
        debug_assert_eq!(prefix, self.prefix, "one prefix per set");
        let start = self.arena.len();
        self.arena.push_str(rest);
        self.hold(start, rest.len(), 0);
    }

    fn key(&self, h: &Held) -> &str {
        &self.arena[h.start + h.key as usize..h.start + h.key_end as usize]
    }

    /// Hand each member held to `out` (the set's prefix, then the member's
    /// text), in ipset's order (by plain string comparison with `by_bytes`,
    /// as ipset compares names under `-resolve`), and forget them.
    pub fn drain_sorted<E>(
        &mut self,
        by_bytes: bool,
        mut out: impl FnMut(&str, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let order: Vec<usize> = if by_bytes {
            let mut o: Vec<usize> = (0..self.members.len()).collect();
            o.sort_by(|&a, &b| self.key(&self.members[a]).cmp(self.key(&self.members[b])));
            o
        } else {
            sorted_order(self.members.len(), |i| self.key(&self.members[i]))
        };
        for i in order {
            let h = &self.members[i];
            out(
                &self.prefix,
                &self.arena[h.start..h.start + h.rendered as usize],
            )?;
        }
        self.members.clear();
        self.arena.clear();
        self.prefix.clear();
        Ok(())
    }
}
