//! Entry (ADT) attributes: the DATA of ADD/DEL/TEST and each DATA inside ADT.
//!
//! Numbers 1–16 are shared with create options; 17 and up are entry parts.

use std::net::IpAddr;

use netlink_packet_core::{DecodeError, NlaBuffer};

use super::RawNla;
use super::create::ctx;
use super::ip;
use super::nla::{AttrView, get_string, get_u8, get_u16, get_u32, get_u64, raw};
use super::value::{Value, nla_via_describe};

/// Entry (ADT) attribute numbers.
pub mod entry_attr {
    /// Address of the first part (nested IPADDR_IPV4/IPADDR_IPV6).
    pub const IP: u16 = 1;
    /// End of an IPv4 range in the first part (nested address).
    pub const IP_TO: u16 = 2;
    /// Prefix length of IP (u8).
    pub const CIDR: u16 = 3;
    /// Port, or ICMP `type << 8 | code` (u16).
    pub const PORT: u16 = 4;
    /// End of a port range (u16).
    pub const PORT_TO: u16 = 5;
    /// Timeout in seconds (u32).
    pub const TIMEOUT: u16 = 6;
    /// IP protocol number of the port part (u8).
    pub const PROTO: u16 = 7;
    /// Entry flags (u32), see [`cadt_flags`](crate::netlink::cadt_flags).
    pub const CADT_FLAGS: u16 = 8;
    /// Input line of the entry (u32); the kernel echoes the failing one.
    pub const LINENO: u16 = 9;
    /// Mark of a hash:ip,mark element (u32).
    pub const MARK: u16 = 10;
    /// Mark mask (u32); numbered like the create option.
    pub const MARKMASK: u16 = 11;
    /// MAC address (6 bytes).
    pub const ETHER: u16 = 17;
    /// Member set name of a list:set entry (string).
    pub const NAME: u16 = 18;
    /// list:set `before`/`after` reference set name (string).
    pub const NAMEREF: u16 = 19;
    /// Address of the second IP/net part (nested address).
    pub const IP2: u16 = 20;
    /// Prefix length of IP2 (u8).
    pub const CIDR2: u16 = 21;
    /// End of an IPv4 range in the second part (nested address).
    pub const IP2_TO: u16 = 22;
    /// Interface name of a hash:net,iface element (string, at most 15 bytes plus NUL).
    pub const IFACE: u16 = 23;
    /// Byte counter (u64).
    pub const BYTES: u16 = 24;
    /// Packet counter (u64).
    pub const PACKETS: u16 = 25;
    /// Entry comment (string, at most 255 bytes plus NUL).
    pub const COMMENT: u16 = 26;
    /// skbinfo mark and mask, `mark << 32 | mask` (u64).
    pub const SKBMARK: u16 = 27;
    /// skbinfo priority, `major << 16 | minor` (u32).
    pub const SKBPRIO: u16 = 28;
    /// skbinfo transmit queue (u16).
    pub const SKBQUEUE: u16 = 29;
    /// Alignment padding some architectures put before u64 counters.
    pub const PAD: u16 = 30;
}

/// One attribute of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EntryAttr {
    /// Address of the first part (IPSET_ATTR_IP).
    Ip(IpAddr),
    /// End of an IPv4 range in the first part (IPSET_ATTR_IP_TO).
    IpTo(IpAddr),
    /// Prefix length of the address (IPSET_ATTR_CIDR).
    Cidr(u8),
    /// Port, or ICMP `type << 8 | code` (IPSET_ATTR_PORT).
    Port(u16),
    /// End of a port range (IPSET_ATTR_PORT_TO).
    PortTo(u16),
    /// Timeout in seconds (remaining, in dumps).
    Timeout(u32),
    /// IP protocol number of the port part (IPSET_ATTR_PROTO).
    Proto(u8),
    /// Entry flags such as NOMATCH, PHYSDEV, IFACE_WILDCARD, BEFORE (IPSET_ATTR_CADT_FLAGS).
    CadtFlags(u32),
    /// The input line of this entry; the kernel echoes the failing one.
    LineNo(u32),
    /// Mark of a hash:ip,mark element (IPSET_ATTR_MARK).
    Mark(u32),
    /// Mark mask (IPSET_ATTR_MARKMASK); numbered like the create option.
    MarkMask(u32),
    /// MAC address (IPSET_ATTR_ETHER).
    Ether([u8; 6]),
    /// list:set member.
    Name(String),
    /// list:set `before`/`after` reference.
    NameRef(String),
    /// Address of the second IP/net part (IPSET_ATTR_IP2).
    Ip2(IpAddr),
    /// Prefix length of the second address (IPSET_ATTR_CIDR2).
    Cidr2(u8),
    /// End of an IPv4 range in the second part (IPSET_ATTR_IP2_TO).
    Ip2To(IpAddr),
    /// Interface name of a hash:net,iface element (IPSET_ATTR_IFACE).
    Iface(String),
    /// Byte counter (IPSET_ATTR_BYTES).
    Bytes(u64),
    /// Packet counter (IPSET_ATTR_PACKETS).
    Packets(u64),
    /// Entry comment (IPSET_ATTR_COMMENT).
    Comment(String),
    /// `mark << 32 | mask`.
    SkbMark(u64),
    /// `major << 16 | minor`.
    SkbPrio(u32),
    /// skbinfo transmit queue (IPSET_ATTR_SKBQUEUE).
    SkbQueue(u16),
    /// Alignment padding some architectures put before u64 counters.
    Pad(Vec<u8>),
    /// An attribute this codec does not know, kept verbatim.
    Unknown(RawNla),
}

impl EntryAttr {
    fn describe(&self) -> (u16, Value<'_>) {
        use EntryAttr::*;
        use entry_attr::*;
        match self {
            Ip(a) => (IP, Value::Ip(a)),
            IpTo(a) => (IP_TO, Value::Ip(a)),
            Cidr(v) => (CIDR, Value::U8(*v)),
            Port(v) => (PORT, Value::U16(*v)),
            PortTo(v) => (PORT_TO, Value::U16(*v)),
            Timeout(v) => (TIMEOUT, Value::U32(*v)),
            Proto(v) => (PROTO, Value::U8(*v)),
            CadtFlags(v) => (CADT_FLAGS, Value::U32(*v)),
            LineNo(v) => (LINENO, Value::U32(*v)),
            Mark(v) => (MARK, Value::U32(*v)),
            MarkMask(v) => (MARKMASK, Value::U32(*v)),
            Ether(m) => (ETHER, Value::Bytes(m)),
            Name(s) => (NAME, Value::Str(s)),
            NameRef(s) => (NAMEREF, Value::Str(s)),
            Ip2(a) => (IP2, Value::Ip(a)),
            Cidr2(v) => (CIDR2, Value::U8(*v)),
            Ip2To(a) => (IP2_TO, Value::Ip(a)),
            Iface(s) => (IFACE, Value::Str(s)),
            Bytes(v) => (BYTES, Value::U64(*v)),
            Packets(v) => (PACKETS, Value::U64(*v)),
            Comment(s) => (COMMENT, Value::Str(s)),
            SkbMark(v) => (SKBMARK, Value::U64(*v)),
            SkbPrio(v) => (SKBPRIO, Value::U32(*v)),
            SkbQueue(v) => (SKBQUEUE, Value::U16(*v)),
            Pad(b) => (PAD, Value::Bytes(b)),
            Unknown(r) => (r.kind, Value::Raw(r)),
        }
    }

    /// Parse one attribute of an entry.
    pub fn parse_nla<T: AsRef<[u8]> + ?Sized>(b: &NlaBuffer<&T>) -> Result<Self, DecodeError> {
        Self::parse(b)
    }

    pub(crate) fn parse<A: AttrView + ?Sized>(b: &A) -> Result<Self, DecodeError> {
        use EntryAttr::*;
        Ok(match b.kind() {
            1 => Ip(ip::parse(b.value()).map_err(|e| ctx(e, "IPSET_ATTR_IP"))?),
            2 => IpTo(ip::parse(b.value()).map_err(|e| ctx(e, "IPSET_ATTR_IP_TO"))?),
            3 => Cidr(get_u8(b, "IPSET_ATTR_CIDR")?),
            4 => Port(get_u16(b, "IPSET_ATTR_PORT")?),
            5 => PortTo(get_u16(b, "IPSET_ATTR_PORT_TO")?),
            6 => Timeout(get_u32(b, "IPSET_ATTR_TIMEOUT")?),
            7 => Proto(get_u8(b, "IPSET_ATTR_PROTO")?),
            8 => CadtFlags(get_u32(b, "IPSET_ATTR_CADT_FLAGS")?),
            9 => LineNo(get_u32(b, "IPSET_ATTR_LINENO")?),
            10 => Mark(get_u32(b, "IPSET_ATTR_MARK")?),
            11 => MarkMask(get_u32(b, "IPSET_ATTR_MARKMASK")?),
            17 => Ether(b.value().try_into().map_err(|_| {
                DecodeError::from(format!(
                    "invalid IPSET_ATTR_ETHER: {} bytes",
                    b.value().len()
                ))
            })?),
            18 => Name(get_string(b, "IPSET_ATTR_NAME")?),
            19 => NameRef(get_string(b, "IPSET_ATTR_NAMEREF")?),
            20 => Ip2(ip::parse(b.value()).map_err(|e| ctx(e, "IPSET_ATTR_IP2"))?),
            21 => Cidr2(get_u8(b, "IPSET_ATTR_CIDR2")?),
            22 => Ip2To(ip::parse(b.value()).map_err(|e| ctx(e, "IPSET_ATTR_IP2_TO"))?),
            23 => Iface(get_string(b, "IPSET_ATTR_IFACE")?),
            24 => Bytes(get_u64(b, "IPSET_ATTR_BYTES")?),
            25 => Packets(get_u64(b, "IPSET_ATTR_PACKETS")?),
            26 => Comment(get_string(b, "IPSET_ATTR_COMMENT")?),
            27 => SkbMark(get_u64(b, "IPSET_ATTR_SKBMARK")?),
            28 => SkbPrio(get_u32(b, "IPSET_ATTR_SKBPRIO")?),
            29 => SkbQueue(get_u16(b, "IPSET_ATTR_SKBQUEUE")?),
            30 => Pad(b.value().to_vec()),
            _ => Unknown(raw(b)),
        })
    }
}

nla_via_describe!(EntryAttr);
