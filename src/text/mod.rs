//! ipset(8)'s text language: the element grammar of every set type, numbers,
//! addresses and ranges, services, protocols and ICMP names, the resolver,
//! printing, the `-sorted` order, and the syntax errors ipset prints, all
//! exactly as ipset 7.17 does.
//!
//! The set layer works on typed values ([`Element`](crate::set::Element));
//! this layer turns text into them and back. The CLI and library users both
//! call it.
//!
//! | file | job |
//! |---|---|
//! | `entry` | entries (element and options) from text, for one set |
//! | `grammar` | the element grammar per set type (`ipset_parse_elem`, `check_allowed`) |
//! | `number` | `strtoull`/`strtol` as glibc reads numbers; CIDR prefixes |
//! | `addr` | addresses, ranges, CIDRs, MACs |
//! | `options` | the keyword options of create and of entries (`timeout 600 comment "x"`) |
//! | `service` | protocols, ports, ICMP type/code names |
//! | `resolve` | the libc resolver (its `unsafe`, serialized and cached) |
//! | `print` | elements as ipset prints them |
//! | `sort` | ipset's `-sorted` order |
//! | `words` | splitting a line into words, quotes included |
//! | `error` | syntax errors with ipset's message lines |

mod addr;
mod entry;
mod error;
mod grammar;
mod number;
mod options;
mod print;
mod resolve;
mod service;
mod sort;
mod words;

#[cfg(test)]
mod tests;

pub use entry::{EntryParser, is_single_word};
pub use error::SyntaxError;
pub use grammar::{check_allowed, check_setname, parse_element, parse_element_with_warnings};
pub use options::{MAX_TIMEOUT, parse_create, parse_entry_options, parse_number};
pub use print::{format_element, format_element_for_message, push_ip, resolve_names};
pub use resolve::protocol_name;
pub use service::{icmp_codenames, icmp_name, icmpv6_name};
pub use sort::{EXACT_SORT_MAX, compare_printed, sort_printed, sorted_order};
pub use words::{MAX_ARGS, split_words};

use grammar::Ctx;

type PResult<T> = Result<T, SyntaxError>;

/// Which command the element is for: ranges/CIDRs are allowed on add/del but not test for some types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElemCmd {
    /// `add`.
    Add,
    /// `del`.
    Del,
    /// `test`.
    Test,
}

impl From<crate::set::AdtOp> for ElemCmd {
    /// The grammar of an add or a del.
    fn from(op: crate::set::AdtOp) -> Self {
        match op {
            crate::set::AdtOp::Add => ElemCmd::Add,
            crate::set::AdtOp::Del => ElemCmd::Del,
        }
    }
}

impl ElemCmd {
    /// ipset's name of the command (`add`, `del`, `test`).
    pub fn name(self) -> &'static str {
        match self {
            ElemCmd::Add => "add",
            ElemCmd::Del => "del",
            ElemCmd::Test => "test",
        }
    }
}

/// `ipset_strchr`: the first `sep`, but only if the string neither starts nor ends with it.
fn sep_pos(s: &str, sep: u8) -> Option<usize> {
    let b = s.as_bytes();
    let i = b.iter().position(|&c| c == sep)?;
    if b[0] != sep && b[b.len() - 1] != sep {
        Some(i)
    } else {
        None
    }
}
