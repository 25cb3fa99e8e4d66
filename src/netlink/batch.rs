//! Many entries in one ADD/DEL message: `[LINENO first][ADT{DATA..., DATA...}]`,
//! as libipset's restore sends them, but as large as the ADT attribute allows.
//! Entries are encoded once, straight into the batch's bytes.

use super::IpsetAttr;
use super::attribute::{IPSET_ATTR_DATA, IPSET_ATTR_LINENO};
use super::value::{AttrWriter, Value};

/// Budget for the ADT attribute's value: its `nla_len` is a u16, and the whole
/// request must fit `socket::MAX_REQUEST` with the other attributes.
pub const ADT_BUDGET: usize = 60 * 1024;

/// Collects entries for one ADD or DEL message.
#[derive(Debug)]
pub struct AdtBatch {
    data: Vec<u8>,
    count: usize,
    first_line: u32,
    budget: usize,
}

impl Default for AdtBatch {
    fn default() -> Self {
        AdtBatch::with_budget(ADT_BUDGET)
    }
}

impl AdtBatch {
    /// An empty batch whose ADT value may grow to `budget` bytes (at most [`ADT_BUDGET`]).
    pub fn with_budget(budget: usize) -> Self {
        let budget = budget.min(ADT_BUDGET);
        AdtBatch {
            data: Vec::with_capacity(budget),
            count: 0,
            first_line: 0,
            budget,
        }
    }

    /// Entries in the batch.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no entry was pushed since the batch was created or last taken.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Encoded size of the ADT value so far.
    pub fn bytes(&self) -> usize {
        self.data.len()
    }

    /// Add one entry: `write` puts its attributes (LINENO excluded: it is
    /// added last, as libipset does). Returns false, leaving the batch as it
    /// was, when the entry does not fit; a single entry always fits an empty batch.
    pub fn push(&mut self, line: u32, write: impl FnOnce(&mut AttrWriter<'_>)) -> bool {
        let start = self.data.len();
        let mut w = AttrWriter::new(&mut self.data);
        let nest = w.begin_nested(IPSET_ATTR_DATA);
        write(&mut w);
        w.put(IPSET_ATTR_LINENO, Value::U32(line));
        w.end_nested(nest);
        if self.data.len() > self.budget && self.count > 0 {
            self.data.truncate(start);
            return false;
        }
        if self.count == 0 {
            self.first_line = line;
        }
        self.count += 1;
        true
    }

    /// The command-level attributes of the message (after PROTOCOL and SETNAME),
    /// leaving the batch empty and ready for reuse.
    pub fn take_attrs(&mut self) -> Vec<IpsetAttr> {
        self.count = 0;
        let data = std::mem::replace(&mut self.data, Vec::with_capacity(self.budget));
        vec![
            IpsetAttr::LineNo(self.first_line),
            IpsetAttr::AdtEncoded(data),
        ]
    }
}
