//! `WiSet`: one set's identity and header (type, family, revision, every create
//! option, and the kernel's counters), optionally with its content.

use std::net::IpAddr;

use crate::netlink::{CreateAttr, RawNla, cadt_flags};

use super::{Content, Family, SetType};

/// A bitmap type's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Range {
    /// bitmap:ip, bitmap:ip,mac: `FROM-TO` (a `/cidr` is sent as IP + CIDR and
    /// reported back by the kernel as IP + IP_TO).
    Ip {
        /// First address of the range.
        from: IpAddr,
        /// Last address of the range.
        to: IpAddr,
    },
    /// `IP/CIDR` as given on create.
    Cidr {
        /// Network address.
        ip: IpAddr,
        /// Prefix length.
        cidr: u8,
    },
    /// bitmap:port.
    Port {
        /// First port of the range.
        from: u16,
        /// Last port of the range.
        to: u16,
    },
}

/// Every create option of a set, as given on create or reported in its header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct CreateOptions {
    /// `range` of a bitmap type.
    pub range: Option<Range>,
    /// `hashsize`: initial number of hash buckets.
    pub hashsize: Option<u32>,
    /// `maxelem`: the most entries a hash set may hold.
    pub maxelem: Option<u32>,
    /// `netmask`: prefix length stored addresses are masked to.
    pub netmask: Option<u8>,
    /// `bitmask`: address mask applied to stored addresses.
    pub bitmask: Option<IpAddr>,
    /// `markmask` of hash:ip,mark: mask applied to marks.
    pub markmask: Option<u32>,
    /// list:set size.
    pub size: Option<u32>,
    /// Default timeout; `Some` means the set supports timeouts (`Some(0)`: permanent default).
    pub timeout: Option<u32>,
    /// `counters`: packet and byte counters per entry.
    pub counters: bool,
    /// `comment`: a comment per entry.
    pub comment: bool,
    /// `forceadd`: a full set evicts a random entry to make room; never printed by list/save.
    pub forceadd: bool,
    /// `skbinfo`: skbmark, skbprio and skbqueue per entry.
    pub skbinfo: bool,
    /// `bucketsize`: entries per hash bucket before the set grows.
    pub bucketsize: Option<u8>,
    /// `initval`: seed of the hash function (random when not given).
    pub initval: Option<u32>,
    /// Header attributes wiset does not know (newer kernels), kept to be shown.
    pub unknown: Vec<RawNla>,
}

impl CreateOptions {
    /// The CADT flag bits of the extensions.
    pub fn cadt_flags(&self) -> u32 {
        let mut f = 0;
        if self.counters {
            f |= cadt_flags::WITH_COUNTERS;
        }
        if self.comment {
            f |= cadt_flags::WITH_COMMENT;
        }
        if self.forceadd {
            f |= cadt_flags::WITH_FORCEADD;
        }
        if self.skbinfo {
            f |= cadt_flags::WITH_SKBINFO;
        }
        f
    }

    /// The DATA attributes of a CREATE request, in ascending number as libipset sends them.
    pub fn to_attrs(&self) -> Vec<CreateAttr> {
        let mut v = Vec::new();
        match self.range {
            Some(Range::Ip { from, to }) => {
                v.push(CreateAttr::Ip(from));
                v.push(CreateAttr::IpTo(to));
            }
            Some(Range::Cidr { ip, cidr }) => {
                v.push(CreateAttr::Ip(ip));
                v.push(CreateAttr::Cidr(cidr));
            }
            Some(Range::Port { from, to }) => {
                v.push(CreateAttr::Port(from));
                v.push(CreateAttr::PortTo(to));
            }
            None => {}
        }
        if let Some(t) = self.timeout {
            v.push(CreateAttr::Timeout(t));
        }
        let flags = self.cadt_flags();
        if flags != 0 {
            v.push(CreateAttr::CadtFlags(flags));
        }
        if let Some(m) = self.markmask {
            v.push(CreateAttr::MarkMask(m));
        }
        if let Some(b) = self.bitmask {
            v.push(CreateAttr::Bitmask(b));
        }
        if let Some(i) = self.initval {
            v.push(CreateAttr::InitVal(i));
        }
        if let Some(h) = self.hashsize {
            v.push(CreateAttr::HashSize(h));
        }
        if let Some(m) = self.maxelem {
            v.push(CreateAttr::MaxElem(m));
        }
        if let Some(n) = self.netmask {
            v.push(CreateAttr::Netmask(n));
        }
        if let Some(b) = self.bucketsize {
            v.push(CreateAttr::BucketSize(b));
        }
        if let Some(s) = self.size {
            v.push(CreateAttr::Size(s));
        }
        // Options of a newer revision than wiset knows, as the kernel
        // reported them: a set made like this one (a replace's temp set)
        // keeps them.
        v.extend(self.unknown.iter().cloned().map(CreateAttr::Unknown));
        v
    }
}

/// A set as the kernel describes it: the Rust counterpart of pyroute2's `WiSet`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WiSet {
    /// Set name, at most 31 bytes.
    pub name: String,
    /// The kernel's type name (kept verbatim, also for types wiset does not know).
    pub type_name: String,
    /// Address family of the set.
    pub family: Family,
    /// The revision of the set's type; `None` when creating lets wiset pick the
    /// highest that both the kernel and wiset know.
    pub revision: Option<u8>,
    /// Create options, or the header the kernel reported.
    pub options: CreateOptions,
    /// Kernel index (protocol 7).
    pub index: Option<u16>,
    /// Kernel → user: references (iptables rules, list:set members, dumps).
    pub references: Option<u32>,
    /// Kernel → user: memory the set uses, in bytes.
    pub memsize: Option<u32>,
    /// Kernel → user: number of entries.
    pub entries: Option<u32>,
    /// The members, when loaded with content.
    pub content: Option<Content>,
}

impl WiSet {
    /// A set description to create: name, type and default options.
    pub fn new(name: impl Into<String>, set_type: SetType) -> Self {
        let family = match set_type.family_kind() {
            super::FamilyKind::Neutral => Family::Unspec,
            _ => Family::Inet,
        };
        WiSet {
            name: name.into(),
            type_name: set_type.name().into(),
            family,
            ..Default::default()
        }
    }

    /// The set type, if wiset knows it.
    pub fn set_type(&self) -> Option<SetType> {
        SetType::from_name(&self.type_name)
    }

    /// Number of members: from the loaded content, else the kernel's count.
    pub fn len(&self) -> usize {
        match &self.content {
            Some(c) => c.len(),
            None => self.entries.unwrap_or(0) as usize,
        }
    }

    /// Whether [`len`](Self::len) is 0.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the kernel would take `entry` into this set as far as the
    /// set's definition decides: the entry's own limits ([`Entry::check`]),
    /// then its extensions (a timeout, counters, a comment, skbinfo) against
    /// those the set was created with, as the kernel checks them and with
    /// its answer. Whether the entry is in the set already is not known here.
    ///
    /// [`Entry::check`]: super::Entry::check
    pub fn check_add(&self, entry: &super::Entry) -> super::Result<()> {
        use super::kernel_error::{TypeFamily, refusal};
        use crate::netlink::{IpsetCommand, ipset_errno as E};
        entry.check()?;
        let (o, e) = (&self.options, &entry.opts);
        let missing = if e.timeout.is_some() && o.timeout.is_none() {
            Some(E::TIMEOUT)
        } else if (e.packets.is_some() || e.bytes.is_some()) && !o.counters {
            Some(E::COUNTER)
        } else if e.comment.is_some() && !o.comment {
            Some(E::COMMENT)
        } else if (e.skbmark.is_some() || e.skbprio.is_some() || e.skbqueue.is_some()) && !o.skbinfo
        {
            Some(E::SKBINFO)
        } else {
            None
        };
        match missing {
            Some(errno) => Err(refusal(
                errno,
                IpsetCommand::Add,
                TypeFamily::of_type_name(&self.type_name),
                &self.name,
            )),
            None => Ok(()),
        }
    }

    /// Whether the loaded content holds an entry with this element (see
    /// [`Content::get`]).
    pub fn contains(&self, elem: &super::Element) -> bool {
        self.content.as_ref().is_some_and(|c| c.contains(elem))
    }

    /// Apply header DATA attributes from a dump or HEADER reply.
    pub(crate) fn apply_header(&mut self, attrs: Vec<CreateAttr>) {
        let o = &mut self.options;
        let (mut ip, mut ip_to, mut cidr, mut port, mut port_to) = (None, None, None, None, None);
        for a in attrs {
            match a {
                CreateAttr::Ip(v) => ip = Some(v),
                CreateAttr::IpTo(v) => ip_to = Some(v),
                CreateAttr::Cidr(v) => cidr = Some(v),
                CreateAttr::Port(v) => port = Some(v),
                CreateAttr::PortTo(v) => port_to = Some(v),
                CreateAttr::Timeout(v) => o.timeout = Some(v),
                CreateAttr::CadtFlags(f) => {
                    o.counters = f & cadt_flags::WITH_COUNTERS != 0;
                    o.comment = f & cadt_flags::WITH_COMMENT != 0;
                    o.forceadd = f & cadt_flags::WITH_FORCEADD != 0;
                    o.skbinfo = f & cadt_flags::WITH_SKBINFO != 0;
                }
                CreateAttr::MarkMask(v) => o.markmask = Some(v),
                CreateAttr::Bitmask(v) => o.bitmask = Some(v),
                CreateAttr::InitVal(v) => o.initval = Some(v),
                CreateAttr::HashSize(v) => o.hashsize = Some(v),
                CreateAttr::MaxElem(v) => o.maxelem = Some(v),
                CreateAttr::Netmask(v) => o.netmask = Some(v),
                CreateAttr::BucketSize(v) => o.bucketsize = Some(v),
                CreateAttr::Size(v) => o.size = Some(v),
                CreateAttr::Elements(v) => self.entries = Some(v),
                CreateAttr::References(v) => self.references = Some(v),
                CreateAttr::MemSize(v) => self.memsize = Some(v),
                CreateAttr::Proto(_)
                | CreateAttr::LineNo(_)
                | CreateAttr::Mark(_)
                | CreateAttr::Resize(_) => {}
                CreateAttr::Unknown(r) => o.unknown.push(r),
            }
        }
        o.range = match (ip, ip_to, cidr, port, port_to) {
            (Some(from), Some(to), _, _, _) => Some(Range::Ip { from, to }),
            (Some(ip), None, Some(cidr), _, _) => Some(Range::Cidr { ip, cidr }),
            (_, _, _, Some(from), Some(to)) => Some(Range::Port { from, to }),
            _ => o.range,
        };
    }
}
