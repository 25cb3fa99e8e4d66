//! The ipset netlink codec and socket: knows bytes, not sets.
//!
//! Everything here mirrors the kernel's `include/uapi/linux/netfilter/ipset/ip_set.h`
//! (protocol 6/7) and the way libipset 7.17 puts it on the wire; the byte
//! round-trip tests in `tests/` hold the captures that prove it.

mod attribute;
mod batch;
mod command;
mod create;
mod entry;
mod errno;
mod ip;
mod message;
mod nla;
mod socket;
mod value;

#[cfg(test)]
mod tests;

pub use attribute::IpsetAttr;
pub use batch::{ADT_BUDGET, AdtBatch};
pub use command::IpsetCommand;
pub use create::{CreateAttr, cadt_flags};
pub use entry::{EntryAttr, entry_attr};
pub use errno::ipset_errno;
pub use message::{DumpMessage, EntryAttrs, IpsetMessage, NFNL_SUBSYS_IPSET, list_flags};
pub use nla::RawNla;
#[cfg(any(fuzzing, test))]
pub(crate) use socket::walk_datagram;
pub use socket::{IpsetSocket, KernelError, SocketError};
pub use value::{AttrWriter, Value};

/// The protocol version wiset speaks (ipset 7.x).
pub const IPSET_PROTOCOL: u8 = 7;
/// The oldest protocol version the kernel may speak to us.
pub const IPSET_PROTOCOL_MIN: u8 = 6;
/// Longest set or type name, without the terminating NUL.
pub const IPSET_MAXNAMELEN: usize = 31;
/// Longest comment, without the terminating NUL.
pub const IPSET_MAX_COMMENT_SIZE: usize = 255;
/// Longest interface name, without the terminating NUL.
pub const IFNAMSIZ_MAX: usize = 15;

/// Address families as the ipset protocol carries them (`IPSET_ATTR_FAMILY`).
pub mod family {
    /// No address family (bitmap:port, hash:mac, list:set).
    pub const UNSPEC: u8 = 0;
    /// IPv4 (AF_INET).
    pub const INET: u8 = 2;
    /// IPv6 (AF_INET6).
    pub const INET6: u8 = 10;
}
