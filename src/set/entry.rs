//! Entries: the element (the key the kernel stores) and its options
//! (extensions), converted to and from the codec's attributes.

use std::net::IpAddr;

use crate::netlink::{EntryAttr, RawNla, cadt_flags};

/// An address family of a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Family {
    #[default]
    Inet,
    Inet6,
    /// No address family (bitmap:port, hash:mac, list:set).
    Unspec,
}

impl Family {
    pub fn to_wire(self) -> u8 {
        match self {
            Family::Inet => crate::netlink::family::INET,
            Family::Inet6 => crate::netlink::family::INET6,
            Family::Unspec => crate::netlink::family::UNSPEC,
        }
    }

    pub fn from_wire(v: u8) -> Family {
        match v {
            crate::netlink::family::INET => Family::Inet,
            crate::netlink::family::INET6 => Family::Inet6,
            _ => Family::Unspec,
        }
    }

    /// ipset's spelling: `inet`, `inet6`, `unspec`.
    pub fn name(self) -> &'static str {
        match self {
            Family::Inet => "inet",
            Family::Inet6 => "inet6",
            Family::Unspec => "unspec",
        }
    }

    /// Host prefix length of the family (32 or 128).
    pub fn host_cidr(self) -> u8 {
        match self {
            Family::Inet6 => 128,
            _ => 32,
        }
    }
}

/// Where a list:set member goes relative to another member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    Before,
    After,
}

/// The element of an entry: what identifies it in the set. Which fields are
/// used depends on the set type's parts (`SetType::parts`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Element {
    pub ip: Option<IpAddr>,
    pub cidr: Option<u8>,
    /// End of an IPv4 range (add/del only; the kernel expands it).
    pub ip_to: Option<IpAddr>,
    pub port: Option<u16>,
    /// End of a port range (add/del only).
    pub port_to: Option<u16>,
    /// IP protocol number of a port part (tcp = 6).
    pub proto: Option<u8>,
    pub ip2: Option<IpAddr>,
    pub cidr2: Option<u8>,
    pub ip2_to: Option<IpAddr>,
    pub mac: Option<[u8; 6]>,
    pub iface: Option<String>,
    /// hash:net,iface: `physdev:` prefix.
    pub physdev: bool,
    /// hash:net,iface: the interface name matches as a prefix.
    pub wildcard: bool,
    pub mark: Option<u32>,
    /// list:set member.
    pub name: Option<String>,
    /// list:set `before|after NAME`.
    pub reference: Option<(PositionOrd, String)>,
}

/// `Position` with an order, so elements can be sorted and hashed.
pub type PositionOrd = u8;
/// `reference.0` value for `before`.
pub const BEFORE: PositionOrd = 0;
/// `reference.0` value for `after`.
pub const AFTER: PositionOrd = 1;

/// The options (extensions) of an entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct EntryOptions {
    /// Timeout in seconds: on add the requested one, in a listing the remaining one.
    pub timeout: Option<u32>,
    pub packets: Option<u64>,
    pub bytes: Option<u64>,
    pub comment: Option<String>,
    /// (mark, mask)
    pub skbmark: Option<(u32, u32)>,
    /// (major, minor)
    pub skbprio: Option<(u16, u16)>,
    pub skbqueue: Option<u16>,
    pub nomatch: bool,
    /// Attributes this version of wiset does not know, kept to be shown.
    pub unknown: Vec<RawNla>,
}

/// One entry: element plus options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Entry {
    pub elem: Element,
    pub opts: EntryOptions,
}

impl Entry {
    pub fn new(elem: Element) -> Self {
        Entry {
            elem,
            opts: EntryOptions::default(),
        }
    }

    /// The codec attributes of this entry, in ascending attribute number as
    /// libipset emits them. `lineno` is added when given (batched and single adds).
    pub fn to_attrs(&self, lineno: Option<u32>) -> Vec<EntryAttr> {
        let e = &self.elem;
        let o = &self.opts;
        let mut v = Vec::with_capacity(4);
        if let Some(ip) = e.ip {
            v.push(EntryAttr::Ip(ip));
        }
        if let Some(ip) = e.ip_to {
            v.push(EntryAttr::IpTo(ip));
        }
        if let Some(c) = e.cidr {
            v.push(EntryAttr::Cidr(c));
        }
        if let Some(p) = e.port {
            v.push(EntryAttr::Port(p));
        }
        if let Some(p) = e.port_to {
            v.push(EntryAttr::PortTo(p));
        }
        if let Some(t) = o.timeout {
            v.push(EntryAttr::Timeout(t));
        }
        if let Some(p) = e.proto {
            v.push(EntryAttr::Proto(p));
        }
        let flags = self.cadt_flags();
        if flags != 0 {
            v.push(EntryAttr::CadtFlags(flags));
        }
        if let Some(l) = lineno {
            v.push(EntryAttr::LineNo(l));
        }
        if let Some(m) = e.mark {
            v.push(EntryAttr::Mark(m));
        }
        if let Some(m) = e.mac {
            v.push(EntryAttr::Ether(m));
        }
        if let Some(n) = &e.name {
            v.push(EntryAttr::Name(n.clone()));
        }
        if let Some((_, r)) = &e.reference {
            v.push(EntryAttr::NameRef(r.clone()));
        }
        if let Some(ip) = e.ip2 {
            v.push(EntryAttr::Ip2(ip));
        }
        if let Some(c) = e.cidr2 {
            v.push(EntryAttr::Cidr2(c));
        }
        if let Some(ip) = e.ip2_to {
            v.push(EntryAttr::Ip2To(ip));
        }
        if let Some(i) = &e.iface {
            v.push(EntryAttr::Iface(i.clone()));
        }
        if let Some(b) = o.bytes {
            v.push(EntryAttr::Bytes(b));
        }
        if let Some(p) = o.packets {
            v.push(EntryAttr::Packets(p));
        }
        if let Some(c) = &o.comment {
            v.push(EntryAttr::Comment(c.clone()));
        }
        if let Some((mark, mask)) = o.skbmark {
            v.push(EntryAttr::SkbMark(
                (u64::from(mark) << 32) | u64::from(mask),
            ));
        }
        if let Some((maj, min)) = o.skbprio {
            v.push(EntryAttr::SkbPrio((u32::from(maj) << 16) | u32::from(min)));
        }
        if let Some(q) = o.skbqueue {
            v.push(EntryAttr::SkbQueue(q));
        }
        v
    }

    fn cadt_flags(&self) -> u32 {
        let mut f = 0;
        if matches!(self.elem.reference, Some((BEFORE, _))) {
            f |= cadt_flags::BEFORE;
        }
        if self.elem.physdev {
            f |= cadt_flags::PHYSDEV;
        }
        if self.opts.nomatch {
            f |= cadt_flags::NOMATCH;
        }
        if self.elem.wildcard {
            f |= cadt_flags::IFACE_WILDCARD;
        }
        f
    }

    /// Rebuild an entry from the attributes of a dump (or a request).
    pub fn from_attrs(attrs: impl IntoIterator<Item = EntryAttr>) -> Entry {
        let mut en = Entry::default();
        let (e, o) = (&mut en.elem, &mut en.opts);
        let mut flags = 0;
        for a in attrs {
            match a {
                EntryAttr::Ip(ip) => e.ip = Some(ip),
                EntryAttr::IpTo(ip) => e.ip_to = Some(ip),
                EntryAttr::Cidr(c) => e.cidr = Some(c),
                EntryAttr::Port(p) => e.port = Some(p),
                EntryAttr::PortTo(p) => e.port_to = Some(p),
                EntryAttr::Timeout(t) => o.timeout = Some(t),
                EntryAttr::Proto(p) => e.proto = Some(p),
                EntryAttr::CadtFlags(f) => flags = f,
                EntryAttr::LineNo(_) | EntryAttr::Pad(_) => {}
                EntryAttr::Mark(m) => e.mark = Some(m),
                EntryAttr::MarkMask(_) => {}
                EntryAttr::Ether(m) => e.mac = Some(m),
                EntryAttr::Name(n) => e.name = Some(n),
                EntryAttr::NameRef(n) => e.reference = Some((AFTER, n)),
                EntryAttr::Ip2(ip) => e.ip2 = Some(ip),
                EntryAttr::Cidr2(c) => e.cidr2 = Some(c),
                EntryAttr::Ip2To(ip) => e.ip2_to = Some(ip),
                EntryAttr::Iface(i) => e.iface = Some(i),
                EntryAttr::Bytes(b) => o.bytes = Some(b),
                EntryAttr::Packets(p) => o.packets = Some(p),
                EntryAttr::Comment(c) => o.comment = Some(c),
                EntryAttr::SkbMark(m) => o.skbmark = Some(((m >> 32) as u32, m as u32)),
                EntryAttr::SkbPrio(p) => o.skbprio = Some(((p >> 16) as u16, p as u16)),
                EntryAttr::SkbQueue(q) => o.skbqueue = Some(q),
                EntryAttr::Unknown(r) => o.unknown.push(r),
            }
        }
        if flags & cadt_flags::BEFORE != 0
            && let Some((pos, _)) = &mut e.reference
        {
            *pos = BEFORE;
        }
        e.physdev = flags & cadt_flags::PHYSDEV != 0;
        e.wildcard = flags & cadt_flags::IFACE_WILDCARD != 0;
        o.nomatch = flags & cadt_flags::NOMATCH != 0;
        en
    }
}
