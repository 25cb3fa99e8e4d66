//! Entries: the element (the key the kernel stores) and its options
//! (extensions), converted to and from the codec's attributes.

use std::net::IpAddr;

use crate::netlink::{
    AttrWriter, EntryAttr, IFNAMSIZ_MAX, IPSET_MAX_COMMENT_SIZE, IPSET_MAXNAMELEN, IpsetAttr,
    RawNla, Value, cadt_flags, entry_attr as attr,
};
use crate::set::Error;

/// An address family of a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Family {
    /// IPv4 (`inet`), the default.
    #[default]
    Inet,
    /// IPv6 (`inet6`).
    Inet6,
    /// No address family (bitmap:port, hash:mac, list:set).
    Unspec,
}

impl Family {
    /// The `IPSET_ATTR_FAMILY` value.
    pub fn to_wire(self) -> u8 {
        match self {
            Family::Inet => crate::netlink::family::INET,
            Family::Inet6 => crate::netlink::family::INET6,
            Family::Unspec => crate::netlink::family::UNSPEC,
        }
    }

    /// The family of an `IPSET_ATTR_FAMILY` value; unknown values give `Unspec`.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Position {
    /// Insert before the reference member (`before NAME`).
    Before,
    /// Insert after the reference member (`after NAME`).
    After,
}

/// The element of an entry: what identifies it in the set. Which fields are
/// used depends on the set type's parts (`SetType::parts`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Element {
    /// Address of the first part (the start of a range).
    pub ip: Option<IpAddr>,
    /// Prefix length of `ip`.
    pub cidr: Option<u8>,
    /// End of an IPv4 range (add/del only; the kernel expands it).
    pub ip_to: Option<IpAddr>,
    /// Port of the port part; for ICMP `type << 8 | code`.
    pub port: Option<u16>,
    /// End of a port range (add/del only).
    pub port_to: Option<u16>,
    /// IP protocol number of a port part (tcp = 6).
    pub proto: Option<u8>,
    /// Address of the second IP/net part.
    pub ip2: Option<IpAddr>,
    /// Prefix length of `ip2`.
    pub cidr2: Option<u8>,
    /// End of an IPv4 range in the second part (add/del only).
    pub ip2_to: Option<IpAddr>,
    /// MAC address (bitmap:ip,mac, hash:mac, hash:ip,mac).
    pub mac: Option<[u8; 6]>,
    /// Interface name of hash:net,iface, without the `physdev:` prefix.
    pub iface: Option<String>,
    /// hash:net,iface: `physdev:` prefix.
    pub physdev: bool,
    /// hash:net,iface: the interface name matches as a prefix.
    pub wildcard: bool,
    /// Mark of hash:ip,mark.
    pub mark: Option<u32>,
    /// list:set member.
    pub name: Option<String>,
    /// list:set `before|after NAME`.
    pub reference: Option<(Position, String)>,
}

impl Element {
    /// An address: hash:ip, bitmap:ip, and a host in hash:net.
    pub fn ip(ip: impl Into<IpAddr>) -> Self {
        Element {
            ip: Some(ip.into()),
            ..Default::default()
        }
    }

    /// A network `ip/cidr` (hash:net, hash:net,*).
    pub fn net(ip: impl Into<IpAddr>, cidr: u8) -> Self {
        Element {
            ip: Some(ip.into()),
            cidr: Some(cidr),
            ..Default::default()
        }
    }

    /// An address range `from-to` (add and del; the kernel expands it).
    pub fn range(from: impl Into<IpAddr>, to: impl Into<IpAddr>) -> Self {
        Element {
            ip: Some(from.into()),
            ip_to: Some(to.into()),
            ..Default::default()
        }
    }

    /// An address with a protocol and port (hash:ip,port): `proto` is the IP
    /// protocol number (6 tcp, 17 udp).
    pub fn ip_port(ip: impl Into<IpAddr>, proto: u8, port: u16) -> Self {
        Element {
            ip: Some(ip.into()),
            proto: Some(proto),
            port: Some(port),
            ..Default::default()
        }
    }

    /// A member set of a list:set.
    pub fn set_name(name: impl Into<String>) -> Self {
        Element {
            name: Some(name.into()),
            ..Default::default()
        }
    }
}

/// The options (extensions) of an entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct EntryOptions {
    /// Timeout in seconds: on add the requested one, in a listing the remaining one.
    pub timeout: Option<u32>,
    /// Packet counter (sets with `counters`).
    pub packets: Option<u64>,
    /// Byte counter (sets with `counters`).
    pub bytes: Option<u64>,
    /// Comment (sets with `comment`), at most 255 bytes.
    pub comment: Option<String>,
    /// (mark, mask)
    pub skbmark: Option<(u32, u32)>,
    /// (major, minor)
    pub skbprio: Option<(u16, u16)>,
    /// skbinfo transmit queue.
    pub skbqueue: Option<u16>,
    /// hash:net* exception: packets matching this entry do not match the set.
    pub nomatch: bool,
    /// Attributes this version of wiset does not know, kept to be shown.
    pub unknown: Vec<RawNla>,
}

/// One entry: element plus options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Entry {
    /// What identifies the entry in the set.
    pub elem: Element,
    /// Its extensions: timeout, counters, comment, skbinfo, nomatch.
    pub opts: EntryOptions,
}

impl From<Element> for Entry {
    fn from(elem: Element) -> Self {
        Entry::new(elem)
    }
}

impl Entry {
    /// An entry without options.
    pub fn new(elem: Element) -> Self {
        Entry {
            elem,
            opts: EntryOptions::default(),
        }
    }

    /// This entry with a comment (sets created with `comment`).
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.opts.comment = Some(comment.into());
        self
    }

    /// This entry with a timeout in seconds (sets created with `timeout`).
    pub fn timeout(mut self, seconds: u32) -> Self {
        self.opts.timeout = Some(seconds);
        self
    }

    /// Write this entry's attributes in ascending attribute number, as
    /// libipset does (LINENO, which goes last, is the caller's).
    pub fn encode(&self, w: &mut AttrWriter<'_>) {
        let e = &self.elem;
        let o = &self.opts;
        if let Some(ip) = &e.ip {
            w.put(attr::IP, Value::Ip(ip));
        }
        if let Some(ip) = &e.ip_to {
            w.put(attr::IP_TO, Value::Ip(ip));
        }
        if let Some(c) = e.cidr {
            w.put(attr::CIDR, Value::U8(c));
        }
        if let Some(p) = e.port {
            w.put(attr::PORT, Value::U16(p));
        }
        if let Some(p) = e.port_to {
            w.put(attr::PORT_TO, Value::U16(p));
        }
        if let Some(t) = o.timeout {
            w.put(attr::TIMEOUT, Value::U32(t));
        }
        if let Some(p) = e.proto {
            w.put(attr::PROTO, Value::U8(p));
        }
        let flags = self.cadt_flags();
        if flags != 0 {
            w.put(attr::CADT_FLAGS, Value::U32(flags));
        }
        if let Some(m) = e.mark {
            w.put(attr::MARK, Value::U32(m));
        }
        if let Some(m) = &e.mac {
            w.put(attr::ETHER, Value::Bytes(m));
        }
        if let Some(n) = &e.name {
            w.put(attr::NAME, Value::Str(n));
        }
        if let Some((_, r)) = &e.reference {
            w.put(attr::NAMEREF, Value::Str(r));
        }
        if let Some(ip) = &e.ip2 {
            w.put(attr::IP2, Value::Ip(ip));
        }
        if let Some(c) = e.cidr2 {
            w.put(attr::CIDR2, Value::U8(c));
        }
        if let Some(ip) = &e.ip2_to {
            w.put(attr::IP2_TO, Value::Ip(ip));
        }
        if let Some(i) = &e.iface {
            w.put(attr::IFACE, Value::Str(i));
        }
        if let Some(b) = o.bytes {
            w.put(attr::BYTES, Value::U64(b));
        }
        if let Some(p) = o.packets {
            w.put(attr::PACKETS, Value::U64(p));
        }
        if let Some(c) = &o.comment {
            w.put(attr::COMMENT, Value::Str(c));
        }
        if let Some((mark, mask)) = o.skbmark {
            w.put(
                attr::SKBMARK,
                Value::U64((u64::from(mark) << 32) | u64::from(mask)),
            );
        }
        if let Some((maj, min)) = o.skbprio {
            w.put(
                attr::SKBPRIO,
                Value::U32((u32::from(maj) << 16) | u32::from(min)),
            );
        }
        if let Some(q) = o.skbqueue {
            w.put(attr::SKBQUEUE, Value::U16(q));
        }
        // Attributes of a newer revision than wiset knows, as the kernel
        // listed them: an entry copied or re-added keeps them.
        for r in &o.unknown {
            w.put(r.kind, Value::Raw(r));
        }
    }

    /// Check the sizes the protocol limits (set names 31 bytes, interface
    /// names 15, comments 255), with ipset's messages. Requests built from an
    /// entry call this first; the kernel would refuse such an entry anyway.
    pub fn check(&self) -> Result<(), Error> {
        let e = &self.elem;
        // The kernel reads these as C strings: a NUL would cut them short.
        for (what, text) in [
            ("set name", e.name.as_deref()),
            ("set name", e.reference.as_ref().map(|r| r.1.as_str())),
            ("interface name", e.iface.as_deref()),
            ("comment", self.opts.comment.as_deref()),
        ] {
            if text.is_some_and(|t| t.contains('\0')) {
                return Err(Error::invalid(format!(
                    "Syntax error: a {what} cannot hold a NUL byte"
                )));
            }
        }
        for n in [&e.name, &e.reference.as_ref().map(|r| r.1.clone())]
            .into_iter()
            .flatten()
        {
            if n.len() > IPSET_MAXNAMELEN {
                return Err(Error::invalid(format!(
                    "Syntax error: setname '{n}' is longer than {IPSET_MAXNAMELEN} characters"
                )));
            }
        }
        if let Some(i) = &e.iface
            && i.len() > IFNAMSIZ_MAX
        {
            return Err(Error::invalid(format!(
                "Syntax error: interface name '{i}' is longer than {IFNAMSIZ_MAX} characters"
            )));
        }
        if let Some(c) = &self.opts.comment {
            if c.len() > IPSET_MAX_COMMENT_SIZE {
                return Err(Error::invalid(format!(
                    "Syntax error: Comment is longer than the maximum allowed {IPSET_MAX_COMMENT_SIZE} characters"
                )));
            }
            if c.contains('"') {
                return Err(Error::invalid(
                    "Syntax error: \" character is not permitted in comments",
                ));
            }
        }
        Ok(())
    }

    /// The entry checked and encoded as one request's DATA, with `lineno`
    /// last as libipset sends it: the encoder batches use too.
    pub(crate) fn to_data(&self, lineno: Option<u32>) -> Result<IpsetAttr, Error> {
        self.check()?;
        let mut buf = Vec::with_capacity(64);
        let mut w = AttrWriter::new(&mut buf);
        self.encode(&mut w);
        if let Some(l) = lineno {
            w.put(attr::LINENO, Value::U32(l));
        }
        Ok(IpsetAttr::DataEncoded(buf))
    }

    fn cadt_flags(&self) -> u32 {
        let mut f = 0;
        if matches!(self.elem.reference, Some((Position::Before, _))) {
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
                EntryAttr::NameRef(n) => e.reference = Some((Position::After, n)),
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
            *pos = Position::Before;
        }
        e.physdev = flags & cadt_flags::PHYSDEV != 0;
        e.wildcard = flags & cadt_flags::IFACE_WILDCARD != 0;
        o.nomatch = flags & cadt_flags::NOMATCH != 0;
        en
    }
}

/// A stream of input entries, each written into the caller's [`Entry`] (so a
/// million entries are not moved about one by one), with its line number
/// when it has one. Every iterator of [`BulkItem`]s is one; `wiset
/// replace`'s input reader parses each line straight into the entry.
pub trait EntrySource {
    /// Fill `entry` with the next entry and return its line (None: the
    /// source has no line numbers); None at the end.
    fn next_into(&mut self, entry: &mut Entry) -> Option<Result<Option<u32>, Error>>;
}

/// One item of a bulk call ([`Session::apply`](super::Session::apply),
/// [`Session::replace`](super::Session::replace)): an entry, with or without
/// its input line, or the error that reading it gave.
pub trait BulkItem {
    /// The entry and its line, if the item has one.
    fn into_entry(self) -> Result<(Option<u32>, Entry), Error>;
}

impl BulkItem for Entry {
    fn into_entry(self) -> Result<(Option<u32>, Entry), Error> {
        Ok((None, self))
    }
}

impl BulkItem for &Entry {
    fn into_entry(self) -> Result<(Option<u32>, Entry), Error> {
        Ok((None, self.clone()))
    }
}

impl BulkItem for Element {
    fn into_entry(self) -> Result<(Option<u32>, Entry), Error> {
        Ok((None, Entry::new(self)))
    }
}

impl BulkItem for (u32, Entry) {
    fn into_entry(self) -> Result<(Option<u32>, Entry), Error> {
        Ok((Some(self.0), self.1))
    }
}

impl<T: BulkItem> BulkItem for Result<T, Error> {
    fn into_entry(self) -> Result<(Option<u32>, Entry), Error> {
        self?.into_entry()
    }
}

/// An [`EntrySource`] whose items all have a number: their line, or for a
/// source without lines their position from 1 (what errors then name, and
/// what batches send as LINENO).
pub(crate) struct Numbered<S> {
    source: S,
    position: u32,
}

impl<S: EntrySource> Numbered<S> {
    pub(crate) fn new(source: S) -> Self {
        Numbered {
            source,
            position: 0,
        }
    }

    /// The next entry into `entry`, with its number.
    pub(crate) fn next_into(&mut self, entry: &mut Entry) -> Option<Result<u32, Error>> {
        let item = self.source.next_into(entry)?;
        self.position = self.position.saturating_add(1);
        let position = self.position;
        Some(
            item.map(|line| line.unwrap_or(position))
                .map_err(|e| e.at_line(position)),
        )
    }
}

impl<I: Iterator<Item: BulkItem>> EntrySource for I {
    fn next_into(&mut self, entry: &mut Entry) -> Option<Result<Option<u32>, Error>> {
        self.next().map(|item| {
            item.into_entry().map(|(line, e)| {
                *entry = e;
                line
            })
        })
    }
}
