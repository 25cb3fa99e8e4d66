//! The nested address attribute: `IP { IPADDR_IPV4 | IPADDR_IPV6 }`.
//!
//! On input the kernel requires NLA_F_NET_BYTEORDER on the leaf; in dumps it
//! sends the leaf without the flag (`nla_put_in_addr`). Addresses are raw
//! network-order octets either way, so the flag is ignored when parsing.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_packet_core::{DecodeError, NLA_HEADER_SIZE};

use super::nla::{AttrView, walk};

pub const IPSET_ATTR_IPADDR_IPV4: u16 = 1;
pub const IPSET_ATTR_IPADDR_IPV6: u16 = 2;

/// Length of the nested value (the leaf attribute with its header).
pub(crate) fn value_len(ip: &IpAddr) -> usize {
    NLA_HEADER_SIZE
        + match ip {
            IpAddr::V4(_) => 4,
            IpAddr::V6(_) => 16,
        }
}

/// Write the leaf attribute into `buf` (exactly `value_len` bytes).
pub(crate) fn emit_value(ip: &IpAddr, buf: &mut [u8]) {
    let (kind, octets): (u16, &[u8]) = match ip {
        IpAddr::V4(a) => (IPSET_ATTR_IPADDR_IPV4, &a.octets()[..]),
        IpAddr::V6(a) => (IPSET_ATTR_IPADDR_IPV6, &a.octets()[..]),
    };
    let len = (NLA_HEADER_SIZE + octets.len()) as u16;
    buf[0..2].copy_from_slice(&len.to_ne_bytes());
    buf[2..4].copy_from_slice(&(kind | netlink_packet_core::NLA_F_NET_BYTEORDER).to_ne_bytes());
    buf[4..4 + octets.len()].copy_from_slice(octets);
}

/// Parse the nested value of an address attribute.
pub(crate) fn parse(value: &[u8]) -> Result<IpAddr, DecodeError> {
    let mut found = None;
    for nla in walk(value) {
        let nla = nla?;
        let v = nla.bytes();
        found = Some(match (nla.kind(), v.len()) {
            (IPSET_ATTR_IPADDR_IPV4, 4) => IpAddr::V4(Ipv4Addr::new(v[0], v[1], v[2], v[3])),
            (IPSET_ATTR_IPADDR_IPV6, 16) => {
                let o: [u8; 16] = v.try_into().expect("length checked");
                IpAddr::V6(Ipv6Addr::from(o))
            }
            (k, l) => {
                return Err(DecodeError::from(format!(
                    "invalid address attribute: kind {k}, {l} bytes"
                )));
            }
        });
    }
    found.ok_or_else(|| DecodeError::from("empty address attribute"))
}
