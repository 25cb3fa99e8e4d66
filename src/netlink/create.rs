//! Create/header attributes: the DATA of CREATE, and of LIST/SAVE/HEADER replies.
//!
//! Numbers 1–16 are shared with the entry namespace (CADT); 17 and up mean
//! create options here and entry parts in `entry.rs`.

use std::net::IpAddr;

use netlink_packet_core::{DecodeError, NlaBuffer};

use super::RawNla;
use super::ip;
use super::nla::{get_u8, get_u16, get_u32, raw};
use super::value::{Value, nla_via_describe};

/// Bits of `IPSET_ATTR_CADT_FLAGS`, shared by create options and entries.
pub mod cadt_flags {
    /// list:set: insert before the reference set (else after).
    pub const BEFORE: u32 = 1 << 0;
    /// hash:net,iface: the interface is a bridge port (`physdev:`).
    pub const PHYSDEV: u32 = 1 << 1;
    /// hash:net*: the entry is an exception.
    pub const NOMATCH: u32 = 1 << 2;
    /// The set keeps packet and byte counters per entry (`counters`).
    pub const WITH_COUNTERS: u32 = 1 << 3;
    /// The set keeps a comment per entry (`comment`).
    pub const WITH_COMMENT: u32 = 1 << 4;
    /// A full set evicts a random entry to make room for a new one (`forceadd`).
    pub const WITH_FORCEADD: u32 = 1 << 5;
    /// The set keeps skbmark, skbprio and skbqueue per entry (`skbinfo`).
    pub const WITH_SKBINFO: u32 = 1 << 6;
    /// hash:net,iface: match the interface name as a prefix.
    pub const IFACE_WILDCARD: u32 = 1 << 7;
}

/// One attribute of a set's create options or header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CreateAttr {
    /// bitmap:ip(,mac) range start.
    Ip(IpAddr),
    /// bitmap:ip(,mac) range end.
    IpTo(IpAddr),
    /// bitmap:ip(,mac) range as a CIDR.
    Cidr(u8),
    /// bitmap:port range start.
    Port(u16),
    /// bitmap:port range end.
    PortTo(u16),
    /// Default timeout in seconds; present iff the set has timeout support.
    Timeout(u32),
    /// Layer-4 protocol (IPSET_ATTR_PROTO): a shared CADT number without a create meaning, ignored in headers.
    Proto(u8),
    /// Extension flags of the set (IPSET_ATTR_CADT_FLAGS), see [`cadt_flags`].
    CadtFlags(u32),
    /// Line number (IPSET_ATTR_LINENO): a shared CADT number, ignored in headers.
    LineNo(u32),
    /// Mark (IPSET_ATTR_MARK): a shared CADT number, ignored in headers.
    Mark(u32),
    /// `markmask` of hash:ip,mark (IPSET_ATTR_MARKMASK); the kernel reports it in host byte order.
    MarkMask(u32),
    /// `bitmask`: address mask applied to stored addresses (IPSET_ATTR_BITMASK).
    Bitmask(IpAddr),
    /// `initval`: seed of the hash function (IPSET_ATTR_INITVAL); random when not given.
    InitVal(u32),
    /// `hashsize`: initial number of hash buckets (IPSET_ATTR_HASHSIZE).
    HashSize(u32),
    /// `maxelem`: the most entries a hash set may hold (IPSET_ATTR_MAXELEM).
    MaxElem(u32),
    /// `netmask`: prefix length stored addresses are masked to (IPSET_ATTR_NETMASK).
    Netmask(u8),
    /// `bucketsize`: entries per hash bucket before the set grows (IPSET_ATTR_BUCKETSIZE).
    BucketSize(u8),
    /// Hash resize step (IPSET_ATTR_RESIZE); ignored in headers.
    Resize(u8),
    /// list:set size.
    Size(u32),
    /// Kernel → user: number of entries.
    Elements(u32),
    /// Kernel → user: references (iptables rules, list:set members, dumps).
    References(u32),
    /// Kernel → user: memory used by the set.
    MemSize(u32),
    /// An attribute this codec does not know, kept verbatim.
    Unknown(RawNla),
}

impl CreateAttr {
    fn describe(&self) -> (u16, Value<'_>) {
        use CreateAttr::*;
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
            Bitmask(a) => (12, Value::Ip(a)),
            InitVal(v) => (17, Value::U32(*v)),
            HashSize(v) => (18, Value::U32(*v)),
            MaxElem(v) => (19, Value::U32(*v)),
            Netmask(v) => (20, Value::U8(*v)),
            BucketSize(v) => (21, Value::U8(*v)),
            Resize(v) => (22, Value::U8(*v)),
            Size(v) => (23, Value::U32(*v)),
            Elements(v) => (24, Value::U32(*v)),
            References(v) => (25, Value::U32(*v)),
            MemSize(v) => (26, Value::U32(*v)),
            Unknown(r) => (r.kind, Value::Raw(r)),
        }
    }

    pub(crate) fn parse<T: AsRef<[u8]> + ?Sized>(b: &NlaBuffer<&T>) -> Result<Self, DecodeError> {
        use CreateAttr::*;
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
            12 => Bitmask(ip::parse(b.value()).map_err(|e| ctx(e, "IPSET_ATTR_BITMASK"))?),
            17 => InitVal(get_u32(b, "IPSET_ATTR_INITVAL")?),
            18 => HashSize(get_u32(b, "IPSET_ATTR_HASHSIZE")?),
            19 => MaxElem(get_u32(b, "IPSET_ATTR_MAXELEM")?),
            20 => Netmask(get_u8(b, "IPSET_ATTR_NETMASK")?),
            21 => BucketSize(get_u8(b, "IPSET_ATTR_BUCKETSIZE")?),
            22 => Resize(get_u8(b, "IPSET_ATTR_RESIZE")?),
            23 => Size(get_u32(b, "IPSET_ATTR_SIZE")?),
            24 => Elements(get_u32(b, "IPSET_ATTR_ELEMENTS")?),
            25 => References(get_u32(b, "IPSET_ATTR_REFERENCES")?),
            26 => MemSize(get_u32(b, "IPSET_ATTR_MEMSIZE")?),
            _ => Unknown(raw(b)),
        })
    }
}

nla_via_describe!(CreateAttr);

pub(crate) fn ctx(e: DecodeError, what: &str) -> DecodeError {
    DecodeError::from(format!("invalid {what}: {e}"))
}
