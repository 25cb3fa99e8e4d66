//! Elements as the kernel stores them, compared without the kernel: what
//! `replace --diff` and the choice of inserter need to tell two spellings of
//! one entry (`10.0.0.1` and `10.0.0.1/32` in hash:net) for the same.

use std::hash::{Hash, Hasher};
use std::net::IpAddr;

use netlink_packet_core::NlasIterator;

use crate::netlink::{AttrWriter, EntryAttr, cadt_flags};

use super::{Element, Entry, Family, Part, SetType, WiSet};

/// What a set's type and header say about how the kernel stores an element.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    pub t: SetType,
    pub family: Family,
    pub netmask: Option<u8>,
    /// hash:ip, hash:ip,port, hash:net,net: the kernel stores `ip & bitmask`.
    pub bitmask: Option<IpAddr>,
    /// hash:ip,mark: the kernel stores `mark & markmask`.
    pub markmask: Option<u32>,
}

impl Shape {
    pub fn of(set: &WiSet) -> Option<Shape> {
        set.set_type().map(|t| Shape {
            t,
            family: set.family,
            netmask: set.options.netmask,
            bitmask: set.options.bitmask,
            markmask: set.options.markmask,
        })
    }

    /// Turn `f` into the fields the kernel stores: host prefixes made
    /// explicit, addresses masked to their prefix (or the set's netmask or
    /// bitmask), marks to the markmask. False for an IP/CIDR on an address
    /// part, which the kernel expands into a range of entries.
    fn canonicalize(&self, f: &mut Fields) -> bool {
        let host = self.family.host_cidr();
        let parts = self.t.parts();
        if parts.first() == Some(&Part::Net) {
            let c = f.cidr.unwrap_or(host);
            f.cidr = Some(c);
            f.ip = f.ip.map(|ip| mask(ip, c));
        } else if f.cidr.is_some() {
            return false;
        } else if let Some(n) = self.netmask {
            f.ip = f.ip.map(|ip| mask(ip, n));
        } else if let Some(b) = self.bitmask {
            f.ip = f.ip.map(|ip| and(ip, b));
        }
        if let (Some(m), Some(mm)) = (f.mark, self.markmask) {
            f.mark = Some(m & mm);
        }
        if parts.contains(&Part::Net2) {
            let c = f.cidr2.unwrap_or(host);
            f.cidr2 = Some(c);
            f.ip2 = f.ip2.map(|ip| mask(ip, c));
        }
        true
    }

    /// The element as the kernel stores and lists it (see `canonicalize`),
    /// without a list:set position. None for ranges, which the kernel
    /// expands into several entries.
    pub fn canonical(&self, entry: &Entry) -> Option<Element> {
        let e = &entry.elem;
        if is_range(e) {
            return None;
        }
        let mut f = Fields::read(e);
        if !self.canonicalize(&mut f) {
            return None;
        }
        let mut c = e.clone();
        c.reference = None;
        f.write_to(&mut c);
        Some(c)
    }

    /// The first address of the canonical element, computed without copying
    /// the rest of it; None when the element has no address or is a range.
    pub fn canonical_ip(&self, entry: &Entry) -> Option<IpAddr> {
        let e = &entry.elem;
        if is_range(e) {
            return None;
        }
        let mut f = Fields::read(e);
        if self.canonicalize(&mut f) {
            f.ip
        } else {
            None
        }
    }

    /// An exact key for comparing entries by the element the kernel stores;
    /// None for ranges. Equal stored elements, however spelled, have equal
    /// keys; different ones, different keys.
    pub fn key(&self, entry: &Entry, scratch: &mut Vec<u8>) -> Option<Key> {
        let e = &entry.elem;
        if is_range(e) {
            return None;
        }
        if Fields::covers(e) {
            let mut f = Fields::read(e);
            if !self.canonicalize(&mut f) {
                return None;
            }
            if let Some(p) = Packed::new(&f) {
                return Some(Key::Packed(p));
            }
        }
        self.canonical(entry)
            .map(|c| Key::Encoded(self.encode_key(c, scratch)))
    }

    /// The key of an entry as a dump lists it, from its attributes: the
    /// same key [`Shape::key`] gives the decoded entry, without decoding it
    /// for the common elements (addresses, networks, ports, MACs, marks).
    pub fn key_of_attrs(&self, attrs: &[EntryAttr], scratch: &mut Vec<u8>) -> Option<Key> {
        let mut f = Fields::default();
        let mut covered = true;
        for a in attrs {
            match *a {
                EntryAttr::Ip(ip) => f.ip = Some(ip),
                EntryAttr::Cidr(c) => f.cidr = Some(c),
                EntryAttr::Port(p) => f.port = Some(p),
                EntryAttr::Proto(p) => f.proto = Some(p),
                EntryAttr::Ip2(ip) => f.ip2 = Some(ip),
                EntryAttr::Cidr2(c) => f.cidr2 = Some(c),
                EntryAttr::Ether(m) => f.mac = Some(m),
                EntryAttr::Mark(m) => f.mark = Some(m),
                EntryAttr::IpTo(_)
                | EntryAttr::PortTo(_)
                | EntryAttr::Ip2To(_)
                | EntryAttr::Iface(_)
                | EntryAttr::Name(_)
                | EntryAttr::NameRef(_) => covered = false,
                EntryAttr::CadtFlags(flags)
                    if flags & (cadt_flags::PHYSDEV | cadt_flags::IFACE_WILDCARD) != 0 =>
                {
                    covered = false
                }
                _ => {}
            }
        }
        if covered && self.canonicalize(&mut f) {
            if let Some(p) = Packed::new(&f) {
                return Some(Key::Packed(p));
            }
        }
        self.key(&Entry::from_attrs(attrs.iter().cloned()), scratch)
    }

    /// Encode a canonical element as a key.
    fn encode_key(&self, canonical: Element, scratch: &mut Vec<u8>) -> Bytes {
        scratch.clear();
        Entry::new(canonical).encode(&mut AttrWriter::new(scratch));
        Bytes::new(scratch)
    }
}

fn is_range(e: &Element) -> bool {
    e.ip_to.is_some() || e.port_to.is_some() || e.ip2_to.is_some()
}

/// The parts of an element other than names (interface, set): small and
/// `Copy`, read from a parsed element or straight from a dump's attributes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Fields {
    pub ip: Option<IpAddr>,
    pub cidr: Option<u8>,
    pub port: Option<u16>,
    pub proto: Option<u8>,
    pub ip2: Option<IpAddr>,
    pub cidr2: Option<u8>,
    pub mac: Option<[u8; 6]>,
    pub mark: Option<u32>,
}

impl Fields {
    fn read(e: &Element) -> Fields {
        Fields {
            ip: e.ip,
            cidr: e.cidr,
            port: e.port,
            proto: e.proto,
            ip2: e.ip2,
            cidr2: e.cidr2,
            mac: e.mac,
            mark: e.mark,
        }
    }

    /// Whether these fields are all of `e` that identifies it (no names).
    fn covers(e: &Element) -> bool {
        e.iface.is_none() && e.name.is_none() && !e.physdev && !e.wildcard
    }

    fn write_to(self, e: &mut Element) {
        e.ip = self.ip;
        e.cidr = self.cidr;
        e.port = self.port;
        e.proto = self.proto;
        e.ip2 = self.ip2;
        e.cidr2 = self.cidr2;
        e.mac = self.mac;
        e.mark = self.mark;
    }

    fn element(self) -> Element {
        let mut e = Element::default();
        self.write_to(&mut e);
        e
    }
}

/// An element's key: its fields packed into 256 bits when they fit (all
/// types but hash:net,iface, list:set and the two-address IPv6 types), else
/// the canonical element's encoding. Both are exact: no hashing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Key {
    Packed(Packed),
    Encoded(Bytes),
}

impl Key {
    /// The element the key stands for, encoded (ADT data attributes).
    pub fn encode<'a>(&'a self, scratch: &'a mut Vec<u8>) -> &'a [u8] {
        match self {
            Key::Packed(_) => {
                self.encode_into(scratch);
                scratch
            }
            Key::Encoded(b) => b,
        }
    }

    /// The element the key stands for, encoded into `out` (cleared first).
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Key::Packed(p) => {
                out.clear();
                Entry::new(p.fields().element()).encode(&mut AttrWriter::new(out));
            }
            Key::Encoded(b) => {
                out.clear();
                out.extend_from_slice(b);
            }
        }
    }

    /// An order for showing keys to people: by address (the high half
    /// first), then the other fields. (The derived order, which compares
    /// the low half of an address first, is the fast one for sorting.)
    pub fn cmp_for_people(&self, other: &Key) -> std::cmp::Ordering {
        match (self, other) {
            (Key::Packed(a), Key::Packed(b)) => {
                let people = |p: &Packed| {
                    let [a_lo, r_lo, r_hi, a_hi] = p.words();
                    [a_hi, a_lo, r_hi, r_lo]
                };
                people(a).cmp(&people(b))
            }
            _ => self.cmp(other),
        }
    }

    /// The element the key stands for, as an entry without options.
    pub fn entry(&self) -> Entry {
        match self {
            Key::Packed(p) => Entry::new(p.fields().element()),
            Key::Encoded(b) => decode(b),
        }
    }
}

/// Decode an entry's encoded attributes (as `Entry::encode` writes them).
pub(crate) fn decode(encoded: &[u8]) -> Entry {
    Entry::from_attrs(
        NlasIterator::new(encoded)
            .filter_map(|n| n.ok().and_then(|n| EntryAttr::parse_nla(&n).ok())),
    )
}

/// [`Fields`] packed: the first address in 128 bits (IPv4 as its 32-bit
/// number); a word of which fields are present and the present fields, each
/// at its fixed width, in a fixed order, in the other 128. The packing is
/// one-to-one, so equal keys mean equal fields. The words are stored low
/// half of the address first: keys are sorted by the millions, and then
/// most comparisons end at the first word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Packed([u64; 4]);

/// Presence bits, in the top 16 bits of the second half.
mod has {
    pub const IP: u16 = 1;
    pub const IP_V6: u16 = 1 << 1;
    pub const CIDR: u16 = 1 << 2;
    pub const PORT: u16 = 1 << 3;
    pub const PROTO: u16 = 1 << 4;
    pub const IP2: u16 = 1 << 5;
    pub const IP2_V6: u16 = 1 << 6;
    pub const CIDR2: u16 = 1 << 7;
    pub const MAC: u16 = 1 << 8;
    pub const MARK: u16 = 1 << 9;
}

/// Bits of the second half left for fields below the presence word.
const FIELD_BITS: u32 = 112;

impl Packed {
    /// The four words, in the order they compare.
    pub fn words(&self) -> [u64; 4] {
        self.0
    }

    /// A key from the words another key's `words()` gave.
    pub fn from_words(words: [u64; 4]) -> Packed {
        Packed(words)
    }

    fn new(f: &Fields) -> Option<Packed> {
        let mut present = 0u16;
        let addr = match f.ip {
            None => 0,
            Some(IpAddr::V4(a)) => {
                present |= has::IP;
                u128::from(u32::from(a))
            }
            Some(IpAddr::V6(a)) => {
                present |= has::IP | has::IP_V6;
                u128::from(a)
            }
        };
        let mut w = BitWriter::default();
        if let Some(c) = f.cidr {
            present |= has::CIDR;
            w.put(8, c.into())?;
        }
        if let Some(p) = f.port {
            present |= has::PORT;
            w.put(16, p.into())?;
        }
        if let Some(p) = f.proto {
            present |= has::PROTO;
            w.put(8, p.into())?;
        }
        match f.ip2 {
            None => {}
            Some(IpAddr::V4(a)) => {
                present |= has::IP2;
                w.put(32, u32::from(a).into())?;
            }
            Some(IpAddr::V6(a)) => {
                present |= has::IP2 | has::IP2_V6;
                w.put(128, u128::from(a))?;
            }
        }
        if let Some(c) = f.cidr2 {
            present |= has::CIDR2;
            w.put(8, c.into())?;
        }
        if let Some(m) = f.mac {
            present |= has::MAC;
            let mut b = [0; 8];
            b[2..].copy_from_slice(&m);
            w.put(48, u64::from_be_bytes(b).into())?;
        }
        if let Some(m) = f.mark {
            present |= has::MARK;
            w.put(32, m.into())?;
        }
        let rest = w.0 | (u128::from(present) << FIELD_BITS);
        Some(Packed([
            addr as u64,
            rest as u64,
            (rest >> 64) as u64,
            (addr >> 64) as u64,
        ]))
    }

    fn fields(&self) -> Fields {
        let [a_lo, r_lo, r_hi, a_hi] = self.0;
        let addr = (u128::from(a_hi) << 64) | u128::from(a_lo);
        let rest = (u128::from(r_hi) << 64) | u128::from(r_lo);
        let present = (rest >> FIELD_BITS) as u16;
        let on = |bit: u16| present & bit != 0;
        let mut r = BitReader(rest, 0);
        let ip_of = |v: u128, v6: bool| {
            if v6 {
                IpAddr::V6(v.into())
            } else {
                IpAddr::V4((v as u32).into())
            }
        };
        let mut f = Fields {
            ip: on(has::IP).then(|| ip_of(addr, on(has::IP_V6))),
            ..Fields::default()
        };
        f.cidr = on(has::CIDR).then(|| r.take(8) as u8);
        f.port = on(has::PORT).then(|| r.take(16) as u16);
        f.proto = on(has::PROTO).then(|| r.take(8) as u8);
        if on(has::IP2) {
            let v6 = on(has::IP2_V6);
            f.ip2 = Some(ip_of(r.take(if v6 { 128 } else { 32 }), v6));
        }
        f.cidr2 = on(has::CIDR2).then(|| r.take(8) as u8);
        f.mac = on(has::MAC).then(|| {
            let b = (r.take(48) as u64).to_be_bytes();
            b[2..].try_into().expect("6 bytes")
        });
        f.mark = on(has::MARK).then(|| r.take(32) as u32);
        f
    }
}

#[derive(Default)]
struct BitWriter(u128, u32);

impl BitWriter {
    /// Append `bits` bits of `v`; None when they do not fit.
    fn put(&mut self, bits: u32, v: u128) -> Option<()> {
        if self.1 + bits > FIELD_BITS {
            return None;
        }
        self.0 |= v << self.1;
        self.1 += bits;
        Some(())
    }
}

struct BitReader(u128, u32);

impl BitReader {
    fn take(&mut self, bits: u32) -> u128 {
        let v = (self.0 >> self.1) & (u128::MAX >> (128 - bits));
        self.1 += bits;
        v
    }
}

/// `ip & bits`, when both are of one family.
fn and(ip: IpAddr, bits: IpAddr) -> IpAddr {
    match (ip, bits) {
        (IpAddr::V4(a), IpAddr::V4(b)) => IpAddr::V4((u32::from(a) & u32::from(b)).into()),
        (IpAddr::V6(a), IpAddr::V6(b)) => IpAddr::V6((u128::from(a) & u128::from(b)).into()),
        _ => ip,
    }
}

fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(a) => {
            let m = u32::MAX
                .checked_shl(32 - u32::from(prefix.min(32)))
                .unwrap_or(0);
            IpAddr::V4((u32::from(a) & m).into())
        }
        IpAddr::V6(a) => {
            let m = u128::MAX
                .checked_shl(128 - u32::from(prefix.min(128)))
                .unwrap_or(0);
            IpAddr::V6((u128::from(a) & m).into())
        }
    }
}

/// A few encoded bytes, kept inline when short (IPv4 and IPv6 addresses,
/// networks and address,port elements encode to at most 30 bytes): a
/// million keys cost no million allocations, 32 bytes each.
#[derive(Clone)]
pub(crate) enum Bytes {
    Inline(u8, [u8; INLINE]),
    Heap(Box<[u8]>),
}

const INLINE: usize = 30;

impl Bytes {
    pub fn new(b: &[u8]) -> Bytes {
        if b.len() <= INLINE {
            let mut a = [0; INLINE];
            a[..b.len()].copy_from_slice(b);
            Bytes::Inline(b.len() as u8, a)
        } else {
            Bytes::Heap(b.into())
        }
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Inline(n, a) => &a[..usize::from(*n)],
            Bytes::Heap(b) => b,
        }
    }
}

impl PartialOrd for Bytes {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Bytes {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl PartialEq for Bytes {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Bytes {}

impl Hash for Bytes {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write(self);
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({:02x?})", &**self)
    }
}

/// A small multiply-rotate hasher: spreading entries over inserters needs no
/// DoS resistance, and SipHash was a tenth of replace's CPU time.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        // Avalanche (murmur3's fmix64): the rounds above leave the low bits,
        // which pick a table bucket or an inserter, blind to high input bits.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{ElemCmd, parse_element};

    /// Attributes of a revision newer than wiset knows, listed by the
    /// kernel, go back with an entry that is copied or re-added, and with
    /// the options of a set made like the listed one.
    #[test]
    fn unknown_attributes_are_sent_back() {
        use crate::netlink::{AttrWriter, CreateAttr, RawNla};
        let raw = RawNla {
            kind: 40,
            nested: false,
            net_byteorder: true,
            value: vec![0, 0, 0, 7],
        };
        let mut e = Entry::new(Element::ip(std::net::Ipv4Addr::new(10, 0, 0, 1)));
        e.opts.unknown = vec![raw.clone()];
        let mut bytes = Vec::new();
        e.encode(&mut AttrWriter::new(&mut bytes));
        assert_eq!(decode(&bytes), e);
        let o = crate::set::CreateOptions {
            maxelem: Some(10),
            unknown: vec![raw.clone()],
            ..Default::default()
        };
        assert_eq!(
            o.to_attrs(),
            [CreateAttr::MaxElem(10), CreateAttr::Unknown(raw)]
        );
    }

    /// `canonical_ip` (used to pick an inserter) must agree with the full
    /// canonical element, or two spellings of one entry could part ways.
    #[test]
    fn canonical_ip_agrees_with_canonical() {
        let shapes = [
            (SetType::HashIp, None, None),
            (SetType::HashIp, Some(24), None),
            (SetType::HashIp, None, Some("255.255.0.255")),
            (SetType::HashNet, None, None),
            (SetType::HashIpPort, None, None),
            (SetType::HashNetPort, None, None),
            (SetType::HashIpPortNet, None, None),
        ];
        let inputs = [
            "10.1.2.3",
            "10.1.2.3/8",
            "10.1.2.3/32",
            "10.9.8.7",
            "10.1.2.3,80",
            "10.1.2.3/16,udp:53",
            "10.1.2.3/24,80",
            "10.1.2.3,80,192.168.1.1/24",
            "10.1.2.3,tcp:80,10.0.0.0/8",
        ];
        let mut compared = 0;
        for (t, netmask, bitmask) in shapes {
            let shape = Shape {
                t,
                family: Family::Inet,
                netmask,
                bitmask: bitmask.map(|b| b.parse().unwrap()),
                markmask: None,
            };
            for s in inputs {
                let Ok(elem) = parse_element(s, t, Family::Inet, ElemCmd::Add) else {
                    continue;
                };
                let entry = Entry::new(elem);
                if let Some(c) = shape.canonical(&entry) {
                    assert_eq!(shape.canonical_ip(&entry), c.ip, "{s} in {t}");
                    compared += 1;
                }
            }
        }
        assert!(compared >= 10, "only {compared} inputs compared");
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;
    use crate::text::{ElemCmd, parse_element};

    /// Elements of every type, several spellings of some of them.
    fn samples() -> Vec<(SetType, Family, &'static str)> {
        use Family::{Inet, Inet6};
        use SetType::*;
        let mut v = Vec::new();
        let mut add = |t, f, items: &[&'static str]| {
            for s in items {
                v.push((t, f, *s));
            }
        };
        add(
            HashIp,
            Inet,
            &["10.0.0.1", "10.0.0.2", "0.0.0.0", "255.255.255.255"],
        );
        add(HashIp, Inet6, &["2001:db8::1", "2001:DB8::1", "::1", "::"]);
        add(
            HashNet,
            Inet,
            &[
                "10.0.0.1",
                "10.0.0.1/32",
                "10.0.0.0/8",
                "10.9.9.9/8",
                "10.0.0.0/9",
            ],
        );
        add(
            HashNet,
            Inet6,
            &[
                "2001:db8::/64",
                "2001:db8::1/64",
                "2001:db8::1",
                "2001:db8::1/128",
            ],
        );
        add(
            HashIpPort,
            Inet,
            &[
                "10.0.0.1,80",
                "10.0.0.1,tcp:80",
                "10.0.0.1,udp:80",
                "10.0.0.1,icmp:8/0",
                "10.0.0.1,icmp:echo-request",
            ],
        );
        add(HashIpPort, Inet6, &["2001:db8::1,80", "2001:db8::1,udp:53"]);
        add(
            HashNetPort,
            Inet,
            &["10.0.0.0/24,80", "10.0.0.7/24,tcp:80", "10.0.0.0/24,udp:80"],
        );
        add(
            HashIpPortIp,
            Inet,
            &["10.0.0.1,80,10.0.0.2", "10.0.0.1,tcp:80,10.0.0.2"],
        );
        add(
            HashIpPortIp,
            Inet6,
            &["2001:db8::1,80,2001:db8::2", "2001:db8::1,80,2001:db8::3"],
        );
        add(
            HashIpPortNet,
            Inet,
            &[
                "10.0.0.1,80,10.0.0.0/24",
                "10.0.0.1,80,10.0.0.9/24",
                "10.0.0.1,80,10.0.0.9",
            ],
        );
        add(HashIpPortNet, Inet6, &["2001:db8::1,80,2001:db8::/64"]);
        add(
            HashNetNet,
            Inet,
            &[
                "10.0.0.0/8,192.168.0.0/16",
                "10.1.0.0/8,192.168.1.1/16",
                "10.0.0.1,192.168.0.1",
            ],
        );
        add(HashNetNet, Inet6, &["2001:db8::/32,2001:db9::/32"]);
        add(
            HashNetPortNet,
            Inet,
            &[
                "10.0.0.0/8,80,192.168.0.0/16",
                "10.0.0.0/8,udp:80,192.168.0.0/16",
            ],
        );
        add(
            HashIpMark,
            Inet,
            &["10.0.0.1,0x10", "10.0.0.1,16", "10.0.0.1,17"],
        );
        add(
            HashIpMac,
            Inet,
            &["10.0.0.1,00:11:22:33:44:55", "10.0.0.1,00:11:22:33:44:56"],
        );
        add(HashMac, Inet, &["00:11:22:33:44:55", "00:11:22:33:44:56"]);
        add(
            HashNetIface,
            Inet,
            &[
                "10.0.0.0/8,eth0",
                "10.0.0.0/8,physdev:eth0",
                "10.1.0.0/8,eth0",
                "10.0.0.0/8,eth1",
            ],
        );
        add(BitmapIp, Inet, &["10.0.0.1", "10.0.0.2"]);
        add(
            BitmapIpMac,
            Inet,
            &["10.0.0.1", "10.0.0.1,00:11:22:33:44:55"],
        );
        add(BitmapPort, Inet, &["80", "tcp:80", "81"]);
        add(ListSet, Inet, &["a", "b"]);
        v
    }

    fn shape(t: SetType, family: Family) -> Shape {
        Shape {
            t,
            family,
            netmask: None,
            bitmask: None,
            markmask: None,
        }
    }

    /// The key as the comparison once was made: the canonical element's encoding.
    fn encoded_key(s: &Shape, e: &Entry) -> Vec<u8> {
        let mut v = Vec::new();
        Entry::new(s.canonical(e).unwrap()).encode(&mut AttrWriter::new(&mut v));
        v
    }

    fn attrs(encoded: &[u8]) -> Vec<EntryAttr> {
        NlasIterator::new(encoded)
            .map(|n| EntryAttr::parse_nla(&n.unwrap()).unwrap())
            .collect()
    }

    #[test]
    fn keys_are_exact_and_agree_with_encodings() {
        let mut scratch = Vec::new();
        let mut parsed = Vec::new();
        for (t, f, s) in samples() {
            let elem = parse_element(s, t, f, ElemCmd::Add)
                .unwrap_or_else(|e| panic!("{s} in {t}: {e:?}"));
            parsed.push((t, f, s, Entry::new(elem)));
        }
        let mut packed = 0;
        for (t, f, s, e) in &parsed {
            let sh = shape(*t, *f);
            let k = sh.key(e, &mut scratch).unwrap();
            packed += usize::from(matches!(k, Key::Packed(_)));
            // The key stands for the canonical element.
            assert_eq!(
                k.entry(),
                Entry::new(sh.canonical(e).unwrap()),
                "{s} in {t}"
            );
            // A dump's attributes give the same key as the parsed entry.
            let enc = encoded_key(&sh, e);
            assert_eq!(
                sh.key_of_attrs(&attrs(&enc), &mut scratch),
                Some(k.clone()),
                "{s} in {t}"
            );
            // Equal keys exactly when equal canonical encodings.
            for (t2, f2, s2, e2) in &parsed {
                if (t2, f2) != (t, f) {
                    continue;
                }
                let k2 = sh.key(e2, &mut scratch).unwrap();
                assert_eq!(k == k2, enc == encoded_key(&sh, e2), "{s} vs {s2} in {t}");
            }
        }
        assert!(
            packed * 10 >= parsed.len() * 8,
            "only {packed} of {} packed",
            parsed.len()
        );
    }

    #[test]
    fn packing_round_trips_and_refuses_what_does_not_fit() {
        let v4 = |s: &str| Some(IpAddr::V4(s.parse().unwrap()));
        let v6 = |s: &str| Some(IpAddr::V6(s.parse().unwrap()));
        let all_v4 = Fields {
            ip: v4("1.2.3.4"),
            cidr: Some(32),
            port: Some(65535),
            proto: Some(17),
            ip2: v4("5.6.7.8"),
            cidr2: Some(24),
            mac: None,
            mark: Some(u32::MAX),
        };
        let cases = [
            Fields::default(),
            Fields {
                ip: v4("0.0.0.0"),
                ..Fields::default()
            },
            Fields {
                ip: v6("::"),
                ..Fields::default()
            },
            Fields {
                ip: v6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
                cidr: Some(128),
                ..Fields::default()
            },
            Fields {
                mac: Some([0xff; 6]),
                ..Fields::default()
            },
            Fields {
                ip: v4("10.0.0.1"),
                mac: Some([1, 2, 3, 4, 5, 6]),
                ..Fields::default()
            },
            all_v4,
        ];
        for f in cases {
            let p = Packed::new(&f).unwrap_or_else(|| panic!("{f:?} does not pack"));
            assert_eq!(p.fields(), f);
        }
        // Absent and zero are different.
        let zero = Fields {
            port: Some(0),
            ..Fields::default()
        };
        assert_ne!(Packed::new(&zero), Packed::new(&Fields::default()));
        assert_ne!(
            Packed::new(&Fields {
                ip: v4("0.0.0.1"),
                ..Fields::default()
            }),
            Packed::new(&Fields {
                ip: v6("::1"),
                ..Fields::default()
            })
        );
        // An IPv6 second address and a port do not fit: the caller encodes.
        let wide = Fields {
            ip: v6("::1"),
            port: Some(1),
            proto: Some(6),
            ip2: v6("::2"),
            ..Fields::default()
        };
        assert_eq!(Packed::new(&wide), None);
    }
}
