//! Many entries in one ADD/DEL message: `[LINENO first][ADT{DATA..., DATA...}]`,
//! as libipset's restore sends them, but as large as the ADT attribute allows.

use netlink_packet_core::NLA_HEADER_SIZE;

use super::attribute::data_len;
use super::{EntryAttr, IpsetAttr};

/// Budget for the ADT attribute's value: its `nla_len` is a u16, and the whole
/// request must fit `socket::MAX_REQUEST` with the other attributes.
pub const ADT_BUDGET: usize = 60 * 1024;

/// Collects entries for one ADD or DEL message.
#[derive(Debug)]
pub struct AdtBatch {
    entries: Vec<Vec<EntryAttr>>,
    bytes: usize,
    first_line: u32,
    budget: usize,
}

impl Default for AdtBatch {
    fn default() -> Self {
        AdtBatch::with_budget(ADT_BUDGET)
    }
}

impl AdtBatch {
    pub fn with_budget(budget: usize) -> Self {
        AdtBatch {
            entries: Vec::new(),
            bytes: 0,
            first_line: 0,
            budget: budget.min(ADT_BUDGET),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether an entry of `attrs` still fits.
    pub fn fits(&self, attrs: &[EntryAttr]) -> bool {
        self.bytes + data_len(attrs) <= self.budget
    }

    /// Add an entry (which carries its own `LineNo`). The caller checks `fits`
    /// first; a single entry always fits an empty batch.
    pub fn push(&mut self, line: u32, attrs: Vec<EntryAttr>) {
        if self.entries.is_empty() {
            self.first_line = line;
        }
        self.bytes += data_len(&attrs);
        self.entries.push(attrs);
    }

    /// The command-level attributes of the message (after PROTOCOL and SETNAME),
    /// leaving the batch empty.
    pub fn take_attrs(&mut self) -> Vec<IpsetAttr> {
        self.bytes = 0;
        vec![
            IpsetAttr::LineNo(self.first_line),
            IpsetAttr::Adt(std::mem::take(&mut self.entries)),
        ]
    }

    /// Size of the ADT value so far.
    pub fn bytes(&self) -> usize {
        self.bytes + NLA_HEADER_SIZE
    }
}
