//! The nft data types of each set type's entries, and the rule expression
//! that matches them.

use crate::set::{Family, Part, SetType};

/// The nft data type of one part of an entry.
fn part_type(p: Part, family: Family) -> &'static [&'static str] {
    match p {
        Part::Ip | Part::Net | Part::Ip2 | Part::Net2 if family == Family::Inet6 => &["ipv6_addr"],
        Part::Ip | Part::Net | Part::Ip2 | Part::Net2 => &["ipv4_addr"],
        Part::Port => &["inet_proto", "inet_service"],
        Part::BarePort => &["inet_service"],
        Part::Mac => &["ether_addr"],
        Part::Iface => &["ifname"],
        Part::Mark => &["mark"],
        Part::SetName => &[],
    }
}

/// The nft type of a set's entries (`ipv4_addr . inet_proto . inet_service`),
/// or None for a list:set, whose members are sets.
pub fn nft_type(t: SetType, family: Family) -> Option<String> {
    if t == SetType::ListSet {
        return None;
    }
    let names: Vec<&str> = t
        .parts()
        .iter()
        .flat_map(|&p| part_type(p, family).iter().copied())
        .collect();
    Some(names.join(" . "))
}

/// Whether a set of this type holds networks or ranges (nft `flags interval`).
pub(super) fn has_networks(t: SetType) -> bool {
    t.parts()
        .iter()
        .any(|p| matches!(p, Part::Net | Part::Net2))
}

/// Whether a set's elements are intervals for nft: a type with networks,
/// or addresses masked to a shorter `netmask`.
pub(super) fn needs_interval(t: SetType, family: Family, netmask: Option<u8>) -> bool {
    has_networks(t) || netmask.is_some_and(|m| m < family.host_cidr())
}

/// An nft `ether_addr`: lower-case hex.
pub(super) fn push_mac(m: [u8; 6], out: &mut String) {
    use std::fmt::Write;
    let _ = write!(
        out,
        "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        m[0], m[1], m[2], m[3], m[4], m[5]
    );
}

/// An nft `inet_proto`: the protocol's name (getprotobynumber), or its number.
pub(super) fn push_proto(proto: u8, out: &mut String) {
    match crate::text::protocol_name(proto) {
        Some(name) => out.push_str(name),
        None => {
            use std::fmt::Write;
            let _ = write!(out, "{proto}");
        }
    }
}

/// The expression a rule matches against the set, the first address part
/// the source and later ones the destination (iptables' `--match-set NAME
/// src,dst,...`): `ip saddr . meta l4proto . th dport`.
pub fn rule_match(t: SetType, family: Family) -> Option<String> {
    let ip = if family == Family::Inet6 { "ip6" } else { "ip" };
    let mut first_addr = true;
    let mut out = Vec::new();
    for &p in t.parts() {
        out.push(match p {
            Part::Ip | Part::Net | Part::Ip2 | Part::Net2 => {
                let dir = if first_addr { "saddr" } else { "daddr" };
                first_addr = false;
                format!("{ip} {dir}")
            }
            Part::Port => "meta l4proto . th dport".to_string(),
            Part::BarePort => "th dport".to_string(),
            Part::Mac => "ether saddr".to_string(),
            Part::Iface => "iifname".to_string(),
            Part::Mark => "meta mark".to_string(),
            Part::SetName => return None,
        });
    }
    Some(out.join(" . "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_of_every_set_type() {
        use SetType::*;
        let cases = [
            (HashIp, Family::Inet, "ipv4_addr"),
            (HashIp, Family::Inet6, "ipv6_addr"),
            (BitmapPort, Family::Unspec, "inet_service"),
            (
                HashIpPort,
                Family::Inet,
                "ipv4_addr . inet_proto . inet_service",
            ),
            (
                HashIpPortNet,
                Family::Inet6,
                "ipv6_addr . inet_proto . inet_service . ipv6_addr",
            ),
            (HashNetIface, Family::Inet, "ipv4_addr . ifname"),
            (BitmapIpMac, Family::Inet, "ipv4_addr . ether_addr"),
            (HashMac, Family::Unspec, "ether_addr"),
            (HashIpMark, Family::Inet, "ipv4_addr . mark"),
            (HashNetNet, Family::Inet, "ipv4_addr . ipv4_addr"),
        ];
        for (t, f, want) in cases {
            assert_eq!(nft_type(t, f).as_deref(), Some(want), "{t}");
        }
        assert_eq!(nft_type(ListSet, Family::Unspec), None);
        assert_eq!(
            rule_match(HashIpPortIp, Family::Inet).as_deref(),
            Some("ip saddr . meta l4proto . th dport . ip daddr")
        );
    }
}
