//! Printing, as `ipset_print_elem` does: addresses in their shortest form,
//! host prefixes without `/32` or `/128`, protocol and ICMP names, MACs in
//! upper case, list:set names.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::set::{Element, Family, Part, SetType};

use super::resolve::protocol_name;
use super::service::*;

/// Append the element as ipset prints it in `list`/`save` (ipset_print_elem): e.g. `10.0.0.0/8`,
/// `1.1.1.1,tcp:80`, `1.1.1.1,icmp:echo-request`, `2001:db8::1,ipv6-icmp:echo-request`,
/// `10.0.0.0/8,physdev:eth1`, hash:net host prefixes without `/32` or `/128`, MAC upper case,
/// bitmap:port bare number, hash:ip,mark `1.1.1.1,0x0000000a`, list:set name.
/// Options like nomatch/timeout/wildcard are not printed here.
pub fn format_element(e: &Element, t: SetType, f: Family, out: &mut String) {
    format_impl(e, t, f, out, false);
}

/// As `format_element`, but for ipset's test-result messages (`X is in set S.`): includes the
/// list:set `after NAME` part as ipset prints it there (ipset always says `after`, §2.5),
/// ranges as given.
pub fn format_element_for_message(e: &Element, t: SetType, f: Family, out: &mut String) {
    format_impl(e, t, f, out, true);
}

fn push_u8(v: u8, out: &mut String) {
    if v >= 100 {
        out.push((b'0' + v / 100) as char);
    }
    if v >= 10 {
        out.push((b'0' + (v / 10) % 10) as char);
    }
    out.push((b'0' + v % 10) as char);
}

fn push_ipv4(a: Ipv4Addr, out: &mut String) {
    let o = a.octets();
    push_u8(o[0], out);
    for b in &o[1..] {
        out.push('.');
        push_u8(*b, out);
    }
}

/// glibc `inet_ntop(AF_INET6)`.
pub(super) fn push_ipv6(a: Ipv6Addr, out: &mut String) {
    use fmt::Write;
    let w = a.segments();
    // Longest run of zero words (first one on ties), at least two long.
    let (mut best_base, mut best_len) = (usize::MAX, 0usize);
    let mut i = 0;
    while i < 8 {
        if w[i] == 0 {
            let start = i;
            while i < 8 && w[i] == 0 {
                i += 1;
            }
            if i - start > best_len {
                best_base = start;
                best_len = i - start;
            }
        } else {
            i += 1;
        }
    }
    if best_len < 2 {
        best_base = usize::MAX;
        best_len = 0;
    }
    for i in 0..8 {
        if best_base != usize::MAX && i >= best_base && i < best_base + best_len {
            if i == best_base {
                out.push(':');
            }
            continue;
        }
        if i != 0 {
            out.push(':');
        }
        if i == 6 && best_base == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff)) {
            let o = a.octets();
            push_ipv4(Ipv4Addr::new(o[12], o[13], o[14], o[15]), out);
            return;
        }
        let _ = write!(out, "{:x}", w[i]);
    }
    if best_base != usize::MAX && best_base + best_len == 8 {
        out.push(':');
    }
}

/// An address as glibc's `inet_ntop` writes it (what ipset prints).
pub fn push_ip(ip: IpAddr, out: &mut String) {
    match ip {
        IpAddr::V4(a) => push_ipv4(a, out),
        IpAddr::V6(a) => push_ipv6(a, out),
    }
}

/// `ipset_print_ip`: address, `/cidr` unless a host prefix, `-TO` when a range.
fn push_ip_part(ip: Option<IpAddr>, cidr: Option<u8>, to: Option<IpAddr>, out: &mut String) {
    use fmt::Write;
    let Some(ip) = ip else { return };
    push_ip(ip, out);
    let host = if ip.is_ipv6() { 128 } else { 32 };
    if let Some(c) = cidr
        && c != host
    {
        let _ = write!(out, "/{c}");
    }
    if let Some(to) = to {
        out.push('-');
        push_ip(to, out);
    }
}

fn push_port(port: Option<u16>, to: Option<u16>, out: &mut String) {
    use fmt::Write;
    if let Some(p) = port {
        let _ = write!(out, "{p}");
    }
    if let Some(t) = to {
        let _ = write!(out, "-{t}");
    }
}

fn push_proto_port(e: &Element, out: &mut String) {
    use fmt::Write;
    if let Some(proto) = e.proto {
        match protocol_name(proto) {
            Some(n) => out.push_str(n),
            None => {
                let _ = write!(out, "{proto}");
            }
        }
        out.push(':');
        if proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6 {
            let tc = e.port.unwrap_or(0);
            let name = if proto == IPPROTO_ICMP {
                icmp_name(tc)
            } else {
                icmpv6_name(tc)
            };
            match name {
                Some(n) => out.push_str(n),
                None => {
                    let _ = write!(out, "{}/{}", tc >> 8, tc & 0xff);
                }
            }
            return;
        }
    }
    push_port(e.port, e.port_to, out);
}

fn format_impl(e: &Element, t: SetType, _f: Family, out: &mut String, message: bool) {
    use fmt::Write;
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push(',');
        }
        first = false;
    };
    for part in t.parts() {
        match part {
            Part::Ip | Part::Net => {
                sep(out);
                push_ip_part(e.ip, e.cidr, e.ip_to, out);
            }
            Part::Ip2 | Part::Net2 => {
                sep(out);
                push_ip_part(e.ip2, e.cidr2, None, out);
            }
            Part::Port => {
                sep(out);
                push_proto_port(e, out);
            }
            Part::BarePort => {
                sep(out);
                push_port(e.port, e.port_to, out);
            }
            Part::Mac => {
                if let Some(m) = e.mac {
                    sep(out);
                    let _ = write!(
                        out,
                        "{:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}",
                        m[0], m[1], m[2], m[3], m[4], m[5]
                    );
                } else if t != SetType::BitmapIpMac {
                    sep(out);
                }
            }
            Part::Iface => {
                sep(out);
                // In test messages ipset looks for the flag where its parser did not put it.
                if e.physdev && !message {
                    out.push_str("physdev:");
                }
                if let Some(i) = &e.iface {
                    out.push_str(i);
                }
            }
            Part::Mark => {
                sep(out);
                if let Some(m) = e.mark {
                    let _ = write!(out, "0x{m:08x}");
                }
            }
            Part::SetName => {
                sep(out);
                if let Some(n) = &e.name {
                    out.push_str(n);
                }
                if message && let Some((_, r)) = &e.reference {
                    // ipset reads the "before" bit from the wrong place: always "after".
                    out.push_str(" after ");
                    out.push_str(r);
                }
            }
        }
    }
}

/// `-resolve`: replace host addresses in an element text by their names
/// (reverse lookup through the C library, as ipset's getnameinfo does);
/// networks and addresses without a name stay numeric.
pub fn resolve_names(text: &str) -> String {
    text.split(',')
        .map(|part| match part.parse::<std::net::IpAddr>() {
            Ok(ip) => super::resolve::host_name(ip).unwrap_or_else(|| part.to_string()),
            Err(_) => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(",")
}
