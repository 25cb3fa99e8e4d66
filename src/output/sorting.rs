//! `-sorted`: the members of a hash set in ipset's order, whatever the
//! format. ipset sorts by a member's plain text (element, options and
//! newline); every format sorts by that key, so xml and JSON list members
//! in the order the plain listing does.

use crate::set::{Entry, SetType, WiSet};
use crate::text::sort_printed;

use super::fields::member_line;

/// Members of the current set held back to be sorted: (key, rendered).
pub struct Sorter {
    on: bool,
    pending: Vec<(String, String)>,
}

impl Sorter {
    /// A sorter; `on` is `-sorted`.
    pub fn new(on: bool) -> Self {
        Sorter {
            on,
            pending: Vec::new(),
        }
    }

    /// Whether `set`'s members are sorted (ipset sorts hash sets only).
    pub fn applies(&self, set: &WiSet) -> bool {
        self.on && set.type_name.starts_with("hash:")
    }

    /// Hold `rendered`, the member `e` in the output's format.
    pub fn push(&mut self, set: &WiSet, t: Option<SetType>, e: &Entry, rendered: &str) {
        let mut key = String::new();
        member_line(set, t, e, &mut key);
        key.push('\n');
        self.pending.push((key, rendered.to_string()));
    }

    /// Hold `rendered` under a key of the caller's.
    pub fn push_keyed(&mut self, key: String, rendered: String) {
        self.pending.push((key, rendered));
    }

    /// The members held, in ipset's order (by plain string comparison with
    /// `by_bytes`, as ipset compares names under `-resolve`).
    pub fn take_sorted_with(&mut self, by_bytes: bool) -> Vec<String> {
        let mut pending = std::mem::take(&mut self.pending);
        if by_bytes {
            pending.sort_by(|a, b| a.0.cmp(&b.0));
        } else {
            sort_printed(&mut pending, |p| p.0.as_str());
        }
        pending.into_iter().map(|(_, r)| r).collect()
    }

    /// The members held, in ipset's order.
    pub fn take_sorted(&mut self) -> Vec<String> {
        self.take_sorted_with(false)
    }
}
