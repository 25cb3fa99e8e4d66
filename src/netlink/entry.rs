//! Entry (ADT) attributes: the DATA of ADD/DEL/TEST and each DATA inside ADT.
//!
//! Numbers 1–16 are shared with create options; 17 and up are entry parts.

use std::net::IpAddr;

use netlink_packet_core::{DecodeError, NlaBuffer};

use super::RawNla;
use super::create::ctx;
use super::ip;
use super::nla::{Value, get_string, get_u8, get_u16, get_u32, get_u64, nla_via_describe, raw};

/// One attribute of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EntryAttr {
    Ip(IpAddr),
    IpTo(IpAddr),
    Cidr(u8),
    Port(u16),
    PortTo(u16),
    /// Timeout in seconds (remaining, in dumps).
    Timeout(u32),
    Proto(u8),
    CadtFlags(u32),
    /// The input line of this entry; the kernel echoes the failing one.
    LineNo(u32),
    Mark(u32),
    MarkMask(u32),
    Ether([u8; 6]),
    /// list:set member.
    Name(String),
    /// list:set `before`/`after` reference.
    NameRef(String),
    Ip2(IpAddr),
    Cidr2(u8),
    Ip2To(IpAddr),
    Iface(String),
    Bytes(u64),
    Packets(u64),
    Comment(String),
    /// `mark << 32 | mask`.
    SkbMark(u64),
    /// `major << 16 | minor`.
    SkbPrio(u32),
    SkbQueue(u16),
    /// Alignment padding some architectures put before u64 counters.
    Pad(Vec<u8>),
    Unknown(RawNla),
}

impl EntryAttr {
    fn describe(&self) -> (u16, Value<'_>) {
        use EntryAttr::*;
        match self {
            Ip(a) => (1, Value::Ip(a)),
            IpTo(a) => (2, Value::Ip(a)),
            Cidr(v) => (3, Value::U8(*v)),
            Port(v) => (4, Value::U16(*v)),
            PortTo(v) => (5, Value::U16(*v)),
            Timeout(v) => (6, Value::U32(*v)),
            Proto(v) => (7, Value::U8(*v)),
            CadtFlags(v) => (8, Value::U32(*v)),
            LineNo(v) => (9, Value::U32(*v)),
            Mark(v) => (10, Value::U32(*v)),
            MarkMask(v) => (11, Value::U32(*v)),
            Ether(m) => (17, Value::Bytes(m)),
            Name(s) => (18, Value::Str(s)),
            NameRef(s) => (19, Value::Str(s)),
            Ip2(a) => (20, Value::Ip(a)),
            Cidr2(v) => (21, Value::U8(*v)),
            Ip2To(a) => (22, Value::Ip(a)),
            Iface(s) => (23, Value::Str(s)),
            Bytes(v) => (24, Value::U64(*v)),
            Packets(v) => (25, Value::U64(*v)),
            Comment(s) => (26, Value::Str(s)),
            SkbMark(v) => (27, Value::U64(*v)),
            SkbPrio(v) => (28, Value::U32(*v)),
            SkbQueue(v) => (29, Value::U16(*v)),
            Pad(b) => (30, Value::Bytes(b)),
            Unknown(r) => (r.kind, Value::Raw(r)),
        }
    }

    pub(crate) fn parse<T: AsRef<[u8]> + ?Sized>(b: &NlaBuffer<&T>) -> Result<Self, DecodeError> {
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
