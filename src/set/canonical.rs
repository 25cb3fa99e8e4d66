//! Elements as the kernel stores them, compared without the kernel: what
//! `replace --diff` and the choice of inserter need to tell two spellings of
//! one entry (`10.0.0.1` and `10.0.0.1/32` in hash:net) for the same.

use std::hash::{Hash, Hasher};
use std::net::IpAddr;

use crate::netlink::AttrWriter;

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

    /// The element as the kernel stores and lists it: host prefixes made
    /// explicit, addresses masked to their prefix (or the set's netmask).
    /// None for ranges, which the kernel expands into several entries.
    pub fn canonical(&self, entry: &Entry) -> Option<Element> {
        let mut e = entry.elem.clone();
        if e.ip_to.is_some() || e.port_to.is_some() || e.ip2_to.is_some() {
            return None;
        }
        e.reference = None;
        let host = self.family.host_cidr();
        let parts = self.t.parts();
        if parts.first() == Some(&Part::Net) {
            let c = e.cidr.unwrap_or(host);
            e.cidr = Some(c);
            e.ip = e.ip.map(|ip| mask(ip, c));
        } else if e.cidr.is_some() {
            // IP/CIDR on an address part is a range of addresses.
            return None;
        } else if let Some(n) = self.netmask {
            e.ip = e.ip.map(|ip| mask(ip, n));
        } else if let Some(b) = self.bitmask {
            e.ip = e.ip.map(|ip| and(ip, b));
        }
        if let (Some(m), Some(mm)) = (e.mark, self.markmask) {
            e.mark = Some(m & mm);
        }
        if parts.contains(&Part::Net2) {
            let c = e.cidr2.unwrap_or(host);
            e.cidr2 = Some(c);
            e.ip2 = e.ip2.map(|ip| mask(ip, c));
        }
        Some(e)
    }

    /// The first address of the canonical element, computed without the
    /// rest of it; None when the element has no address or is a range.
    pub fn canonical_ip(&self, entry: &Entry) -> Option<IpAddr> {
        let e = &entry.elem;
        let ip = e.ip?;
        if e.ip_to.is_some() || e.port_to.is_some() || e.ip2_to.is_some() {
            return None;
        }
        if self.t.parts().first() == Some(&Part::Net) {
            return Some(mask(ip, e.cidr.unwrap_or(self.family.host_cidr())));
        }
        if e.cidr.is_some() {
            return None;
        }
        Some(match (self.netmask, self.bitmask) {
            (Some(n), _) => mask(ip, n),
            (None, Some(b)) => and(ip, b),
            (None, None) => ip,
        })
    }

    /// The canonical element, encoded: an exact key for comparing entries.
    pub fn key(&self, entry: &Entry, scratch: &mut Vec<u8>) -> Option<Bytes> {
        self.canonical(entry).map(|e| self.encode_key(e, scratch))
    }

    /// Encode a canonical element as a key.
    pub fn encode_key(&self, canonical: Element, scratch: &mut Vec<u8>) -> Bytes {
        scratch.clear();
        Entry::new(canonical).encode(&mut AttrWriter::new(scratch));
        Bytes::new(scratch)
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
    use crate::set::element_text::{ElemCmd, parse_element};

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
