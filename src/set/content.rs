//! A set's loaded content: its entries in kernel order, and lookup by
//! element without a linear scan.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::canonical::Shape;
use super::{Element, Entry, WiSet};

/// The members of a set as [`Session::load_ipset`](super::Session::load_ipset)
/// read them, each with its per-entry stats (packets, bytes, comment,
/// timeout, skbinfo, and the element's physdev and wildcard flags).
///
/// It derefs to the entries in kernel order; [`Content::get`] finds the
/// entry of an element by hash. Lookup knows how the kernel stores an element
/// for the set's type (`10.0.0.1` and `10.0.0.1/32` are one hash:net entry,
/// hash:ip keeps `ip & netmask`), so the element may be given as the text
/// parser gives it. The index is built on the first lookup.
#[derive(Clone, Default)]
pub struct Content {
    entries: Vec<Entry>,
    shape: Option<Shape>,
    index: OnceLock<HashMap<Element, usize>>,
}

impl Content {
    /// The content of `set` (its type and header decide how elements compare).
    pub fn new(set: &WiSet, entries: Vec<Entry>) -> Self {
        Content {
            entries,
            shape: Shape::of(set),
            index: OnceLock::new(),
        }
    }

    /// The entry whose element is `elem`, if the set holds it.
    pub fn get(&self, elem: &Element) -> Option<&Entry> {
        let key = self.key(elem);
        let index = self.index.get_or_init(|| {
            let mut m = HashMap::with_capacity(self.entries.len());
            for (i, e) in self.entries.iter().enumerate() {
                m.entry(self.key(&e.elem)).or_insert(i);
            }
            m
        });
        index.get(&key).map(|&i| &self.entries[i])
    }

    /// Whether the set holds an entry with the element `elem`.
    pub fn contains(&self, elem: &Element) -> bool {
        self.get(elem).is_some()
    }

    /// The entries, in kernel order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries, taken out.
    pub fn into_entries(self) -> Vec<Entry> {
        self.entries
    }

    /// Add entries as a listing streams them (the index starts over).
    pub(crate) fn append(&mut self, more: &mut Vec<Entry>) {
        self.entries.append(more);
        self.index = OnceLock::new();
    }

    /// An element as the kernel stores it in this set; itself when that
    /// cannot be told (ranges, types wiset does not know).
    fn key(&self, elem: &Element) -> Element {
        let mut e = Entry::new(elem.clone());
        // Lookup is by element: list:set positions are not part of it.
        e.elem.reference = None;
        self.shape.and_then(|s| s.canonical(&e)).unwrap_or(e.elem)
    }
}

impl std::ops::Deref for Content {
    type Target = [Entry];
    fn deref(&self) -> &[Entry] {
        &self.entries
    }
}

impl<'a> IntoIterator for &'a Content {
    type Item = &'a Entry;
    type IntoIter = std::slice::Iter<'a, Entry>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl PartialEq for Content {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl Eq for Content {}

impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.entries).finish()
    }
}
