//! Protocols, ports and ICMP names: `/etc/protocols` and `/etc/services`
//! through the resolver, ipset's ICMP and ICMPv6 type/code tables, and the
//! `proto:port` grammar.

use super::addr::{find_range_separator, strip_escape};
use super::number::*;
use super::resolve::*;
use super::{Ctx, PResult, SyntaxError, sep_pos};

/// ipset's ICMP and ICMPv6 type/code names, in its table order (as `help`
/// lists them).
pub fn icmp_codenames(v6: bool) -> impl Iterator<Item = &'static str> {
    let table = if v6 { ICMPV6_NAMES } else { ICMP_NAMES };
    table.iter().map(|(n, _)| *n)
}

/// ICMP (IPv4) type/code name as ipset prints it (`echo-request` for 8/0), if it has one.
pub fn icmp_name(type_code: u16) -> Option<&'static str> {
    ICMP_NAMES
        .iter()
        .find(|(_, tc)| *tc == type_code)
        .map(|(n, _)| *n)
}

/// ICMPv6 type/code name as ipset prints it (`echo-request` for 128/0), if it has one.
pub fn icmpv6_name(type_code: u16) -> Option<&'static str> {
    ICMPV6_NAMES
        .iter()
        .find(|(_, tc)| *tc == type_code)
        .map(|(n, _)| *n)
}

pub(super) const IPPROTO_ICMP: u8 = 1;
pub(super) const IPPROTO_TCP: u8 = 6;
pub(super) const IPPROTO_UDP: u8 = 17;
pub(super) const IPPROTO_ICMPV6: u8 = 58;
const IPPROTO_SCTP: u8 = 132;
const IPPROTO_UDPLITE: u8 = 136;

/// ipset's ICMP names (lib/icmp.c), in table order: lookups take the first entry whose
/// name starts with the given text (case-insensitive), printing the first with the value.
pub(super) const ICMP_NAMES: &[(&str, u16)] = &[
    ("echo-reply", 0x0000),
    ("pong", 0x0000),
    ("network-unreachable", 0x0300),
    ("host-unreachable", 0x0301),
    ("protocol-unreachable", 0x0302),
    ("port-unreachable", 0x0303),
    ("fragmentation-needed", 0x0304),
    ("source-route-failed", 0x0305),
    ("network-unknown", 0x0306),
    ("host-unknown", 0x0307),
    ("network-prohibited", 0x0309),
    ("host-prohibited", 0x030a),
    ("TOS-network-unreachable", 0x030b),
    ("TOS-host-unreachable", 0x030c),
    ("communication-prohibited", 0x030d),
    ("host-precedence-violation", 0x030e),
    ("precedence-cutoff", 0x030f),
    ("source-quench", 0x0400),
    ("network-redirect", 0x0500),
    ("host-redirect", 0x0501),
    ("TOS-network-redirect", 0x0502),
    ("TOS-host-redirect", 0x0503),
    ("echo-request", 0x0800),
    ("ping", 0x0800),
    ("router-advertisement", 0x0900),
    ("router-solicitation", 0x0a00),
    ("ttl-zero-during-transit", 0x0b00),
    ("ttl-zero-during-reassembly", 0x0b01),
    ("ip-header-bad", 0x0c00),
    ("required-option-missing", 0x0c01),
    ("timestamp-request", 0x0d00),
    ("timestamp-reply", 0x0e00),
    ("address-mask-request", 0x1100),
    ("address-mask-reply", 0x1200),
];

/// ipset's ICMPv6 names (lib/icmpv6.c), in table order.
pub(super) const ICMPV6_NAMES: &[(&str, u16)] = &[
    ("no-route", 0x0100),
    ("communication-prohibited", 0x0101),
    ("address-unreachable", 0x0103),
    ("port-unreachable", 0x0104),
    ("packet-too-big", 0x0200),
    ("ttl-zero-during-transit", 0x0300),
    ("ttl-zero-during-reassembly", 0x0301),
    ("bad-header", 0x0400),
    ("unknown-header-type", 0x0401),
    ("unknown-option", 0x0402),
    ("echo-request", 0x8000),
    ("ping", 0x8000),
    ("echo-reply", 0x8100),
    ("pong", 0x8100),
    ("router-solicitation", 0x8500),
    ("router-advertisement", 0x8600),
    ("neighbour-solicitation", 0x8700),
    ("neigbour-solicitation", 0x8700),
    ("neighbour-advertisement", 0x8800),
    ("neigbour-advertisement", 0x8800),
    ("redirect", 0x8900),
];

pub(super) fn icmp_by_name(table: &[(&str, u16)], s: &str) -> Option<u16> {
    table
        .iter()
        .find(|(n, _)| {
            n.len() >= s.len() && n.as_bytes()[..s.len()].eq_ignore_ascii_case(s.as_bytes())
        })
        .map(|(_, tc)| *tc)
}

fn parse_icmp(s: &str, table: &[(&str, u16)], family: &str) -> PResult<u16> {
    if let Some(tc) = icmp_by_name(table, s) {
        return Ok(tc);
    }
    let Some(p) = sep_pos(s, b'/') else {
        return Err(SyntaxError::one(format!(
            "Cannot parse {s} as an {family} type/code."
        )));
    };
    let ty = string_to_u8(&s[..p])?;
    let code = string_to_u8(&s[p + 1..])?;
    Ok(((ty as u16) << 8) | code as u16)
}

/// `ipset_parse_proto`.
fn parse_proto(s: &str) -> PResult<u8> {
    let lookup = if s.eq_ignore_ascii_case("icmpv6") {
        "ipv6-icmp"
    } else {
        s
    };
    if let Some(n) = getprotobyname(lookup) {
        let n = n as u8;
        if n == 0 {
            return Err(SyntaxError::syntax(format_args!(
                "Unsupported protocol '{s}'"
            )));
        }
        return Ok(n);
    }
    match string_to_u8(s) {
        Ok(n) => Ok(n),
        Err(_) => Err(SyntaxError::syntax(format_args!(
            "cannot parse '{s}' as a protocol"
        ))),
    }
}

/// `ipset_parse_proto_port`: (proto, port, port_to).
pub(super) fn parse_proto_port(s: &str, ctx: &mut Ctx) -> PResult<(u8, u16, Option<u16>)> {
    let Some(p) = sep_pos(s, b':') else {
        let (port, to) = parse_tcpudp_port(s, "tcp")?;
        return Ok((IPPROTO_TCP, port, to));
    };
    let pstr = &s[..p];
    let rest = &s[p + 1..];
    let proto = parse_proto(pstr)?;
    match proto {
        IPPROTO_TCP | IPPROTO_SCTP | IPPROTO_UDP | IPPROTO_UDPLITE => {
            let (port, to) = parse_tcpudp_port(rest, pstr)?;
            Ok((proto, port, to))
        }
        IPPROTO_ICMP => {
            if ctx.v6 != Some(false) {
                soft_family_error(
                    ctx,
                    "Syntax error: Protocol ICMP can be used with family inet only",
                );
                return Ok((proto, 0, None));
            }
            Ok((proto, parse_icmp(rest, ICMP_NAMES, "ICMP")?, None))
        }
        IPPROTO_ICMPV6 => {
            if ctx.v6 != Some(true) {
                soft_family_error(
                    ctx,
                    "Syntax error: Protocol ICMPv6 can be used with family inet6 only",
                );
                return Ok((proto, 0, None));
            }
            Ok((proto, parse_icmp(rest, ICMPV6_NAMES, "ICMPv6")?, None))
        }
        _ => {
            if rest != "0" {
                return Err(SyntaxError::syntax(format_args!(
                    "Protocol {pstr} can be used with pseudo port value 0 only."
                )));
            }
            Ok((proto, 0, None))
        }
    }
}

/// ipset reports the ICMP family error, resets its data (so the family becomes unspec,
/// i.e. IPv4 for later parts) and carries on parsing.
fn soft_family_error(ctx: &mut Ctx, msg: &str) {
    if ctx.soft.is_none() {
        ctx.soft = Some(msg.to_string());
    }
    ctx.v6 = None;
}

/// `ipset_parse_tcpudp_port`: a port or `FROM-TO` range (the TO part is parsed first).
fn parse_tcpudp_port(s: &str, proto: &str) -> PResult<(u16, Option<u16>)> {
    match find_range_separator(s)? {
        Some(p) => {
            let to = parse_port(&s[p + 1..], proto)?;
            let from = parse_port(&s[..p], proto)?;
            Ok((from, Some(to)))
        }
        None => Ok((parse_port(s, proto)?, None)),
    }
}

/// `ipset_parse_port`: a number, else a service name for the protocol.
pub(super) fn parse_port(s: &str, proto: &str) -> PResult<u16> {
    let fail = |mut lines: Vec<String>| {
        lines.push(format!("cannot parse '{s}' as a {proto} port"));
        SyntaxError::new(lines)
    };
    let name = match strip_escape(s) {
        Ok(n) => n,
        Err(e) => return Err(fail(e.lines)),
    };
    let mut lines = match string_to_number(s, 0, 65535) {
        Ok(v) => return Ok(v as u16),
        Err(e) => e.lines,
    };
    if let Some(p) = getservbyname(name, proto) {
        return Ok(p);
    }
    match string_to_u8(proto) {
        Ok(n) => {
            if let Some(p) = protocol_name(n).and_then(|pn| getservbyname(name, pn)) {
                return Ok(p);
            }
        }
        Err(e) => lines.extend(e.lines),
    }
    Err(fail(lines))
}
