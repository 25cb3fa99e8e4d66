//! The element grammar of every set type, as libipset 7.17 parses it: the
//! per-type part tables, separators that only count when they are neither the
//! first nor the last character, `[...]` escapes, the list:set compat syntax,
//! and the element half of `check_allowed` (ranges a command does not take).

use std::net::{IpAddr, Ipv4Addr};

use crate::netlink::{IFNAMSIZ_MAX, IPSET_MAXNAMELEN};
use crate::set::{Element, Family, Position, SetType};

use super::addr::*;
use super::number::*;
use super::service::*;
use super::{ElemCmd, PResult, SyntaxError, sep_pos};

// Public entry points

/// Parse the element text `s` (the third word of `ipset add SET ELEM`) for a set of type `t` and family `f`.
/// Must produce exactly the Element that ipset would send (compare with the captures: e.g. hash:ip,port
/// `1.1.1.1,80` gives ip, port 80, proto 6; `icmp:echo-request` gives proto 1 port 8<<8|0;
/// hash:net `10.0.0.0/8` gives ip + cidr 8; `10.1.1.1-10.1.1.20` gives ip + ip_to; bitmap:port `tcp:80`
/// gives port only (no proto); hash:net,iface `10.0.0.0/8,physdev:eth1` sets physdev; list:set `a` gives name).
/// Rejects what ipset rejects for that command (check_allowed: ranges in `test` etc.) with ipset's message text.
///
/// Resolver warnings (`X resolves to multiple addresses: ...`) are dropped; use
/// [`parse_element_with_warnings`] to get them.
pub fn parse_element(s: &str, t: SetType, f: Family, cmd: ElemCmd) -> Result<Element, SyntaxError> {
    // (Here too, not only inside the general parser, whose large frame
    // costs more than the fast path itself.)
    if let Some(e) = parse_plain_ipv4(s, t, f) {
        return Ok(e);
    }
    let mut warnings = Vec::new();
    parse_element_with_warnings(s, t, f, cmd, &mut warnings)
}

/// As [`parse_element`], and pushes ipset's warnings to `warnings` (text without the
/// `Warning: ` prefix ipset prints before them), e.g.
/// `host resolves to multiple addresses: using only the first one returned by the resolver.`
pub fn parse_element_with_warnings(
    s: &str,
    t: SetType,
    f: Family,
    cmd: ElemCmd,
    warnings: &mut Vec<String>,
) -> Result<Element, SyntaxError> {
    if let Some(e) = parse_plain_ipv4(s, t, f) {
        return Ok(e);
    }
    let e = parse_element_unchecked(s, t, f, cmd, warnings)?;
    check_allowed(&e, t, f, cmd)?;
    Ok(e)
}

/// The fast path for the most common input of large lists: a canonical
/// dotted quad (no leading zeros, which the resolver would read as octal),
/// optionally `/N` on hash:net, for an inet hash:ip or hash:net set. It gives
/// exactly what the general parser gives (see the `fast_path_agrees` test) and
/// `None` for anything else.
pub(super) fn parse_plain_ipv4(s: &str, t: SetType, f: Family) -> Option<Element> {
    plain_ipv4(s, t, f).map(|(ip, cidr)| Element {
        ip: Some(IpAddr::V4(ip)),
        cidr,
        ..Element::default()
    })
}

/// [`parse_plain_ipv4`]'s address and prefix, without an element around them.
pub(super) fn plain_ipv4(s: &str, t: SetType, f: Family) -> Option<(Ipv4Addr, Option<u8>)> {
    if f != Family::Inet || !matches!(t, SetType::HashIp | SetType::HashNet) {
        return None;
    }
    let b = s.as_bytes();
    let (mut ip, mut octet, mut digits, mut dots) = (0u32, 0u32, 0u32, 0u32);
    let mut i = b.len();
    for (at, &c) in b.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            // A fourth digit, or a digit after a leading zero (`010` is
            // octal to the resolver): not the fast path's.
            if digits == 3 || (digits != 0 && octet == 0) {
                return None;
            }
            octet = octet * 10 + u32::from(d);
            digits += 1;
        } else if c == b'.' && digits != 0 && octet <= 255 && dots < 3 {
            ip = ip << 8 | octet;
            (octet, digits, dots) = (0, 0, dots + 1);
        } else if c == b'/' {
            i = at;
            break;
        } else {
            return None;
        }
    }
    if dots != 3 || digits == 0 || octet > 255 {
        return None;
    }
    ip = ip << 8 | octet;
    let cidr = if i == b.len() {
        None
    } else if t == SetType::HashNet {
        let (c, end) = canonical_decimal(b, i + 1, 32)?;
        if end != b.len() || c == 0 {
            return None;
        }
        Some(c as u8)
    } else {
        return None;
    };
    Some((Ipv4Addr::from(ip), cidr))
}

/// A decimal number at `b[start..]` without sign or leading zeros, of at most
/// three digits and ≤ max; returns it and the index after it.
fn canonical_decimal(b: &[u8], start: usize, max: u32) -> Option<(u32, usize)> {
    let mut end = start;
    while end < b.len() && b[end].is_ascii_digit() && end - start < 4 {
        end += 1;
    }
    let digits = &b[start..end];
    if digits.is_empty() || digits.len() > 3 || (digits.len() > 1 && digits[0] == b'0') {
        return None;
    }
    let n = digits
        .iter()
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    (n <= max).then_some((n, end))
}

/// The element part of ipset's `check_allowed`: rejects ranges and CIDRs the type does not
/// take for the command, with ipset's texts (`FROM-TO IP range is not allowed in command test
/// with set type hash:ip,port and family inet`). [`parse_element`] already calls it.
pub fn check_allowed(e: &Element, t: SetType, f: Family, cmd: ElemCmd) -> Result<(), SyntaxError> {
    let a = allowed(t, cmd);
    let tail = || {
        format!(
            "in command {} with set type {} and family {}",
            cmd.name(),
            t.name(),
            f.name()
        )
    };
    // The order is ipset's option order: IP_TO, CIDR, PORT_TO, ..., CIDR2.
    if e.ip_to.is_some() && !a.ip_to {
        return Err(SyntaxError::one(format!(
            "FROM-TO IP range is not allowed {}",
            tail()
        )));
    }
    if e.cidr.is_some() && !(a.cidr || a.ip_to) {
        return Err(SyntaxError::one(format!(
            "IP/CIDR range is not allowed {}",
            tail()
        )));
    }
    if e.port_to.is_some() && !a.port_to {
        return Err(SyntaxError::one(format!(
            "FROM-TO port range is not allowed {}",
            tail()
        )));
    }
    if e.cidr2.is_some() && !a.cidr2 {
        // IPSET_OPT_CIDR2 is option number 28; ipset has no text for it.
        let why = if cmd_args_empty(t, cmd) {
            "option list is empty"
        } else {
            "can't resolve them"
        };
        return Err(SyntaxError::one(format!(
            "There are not allowed options (28) but {why}. It's a bug, please report the problem."
        )));
    }
    Ok(())
}

/// ipset's parser function of one element part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `ipset_parse_ip`: v4 address, range or CIDR (bitmap:ip).
    IpAny,
    /// `ipset_parse_ip4_single6`: v4 any, v6 plain address.
    Ip4Single6,
    /// `ipset_parse_single_ip`: plain address (`/32` tolerated).
    SingleIp,
    /// `ipset_parse_ip4_net6`: v4 any, v6 address or address/cidr.
    Ip4Net6,
    /// `ipset_parse_proto_port`.
    ProtoPort,
    /// `ipset_parse_tcp_udp_port` (bitmap:port).
    TcpUdpPort,
    /// `ipset_parse_ether`.
    Ether,
    /// `ipset_parse_mark`.
    Mark,
    /// `ipset_parse_iface`.
    Iface,
}

fn kinds(t: SetType) -> &'static [Kind] {
    use Kind::*;
    use SetType as T;
    match t {
        T::BitmapIp => &[IpAny],
        T::BitmapIpMac => &[SingleIp, Ether],
        T::BitmapPort => &[TcpUdpPort],
        T::HashIp => &[Ip4Single6],
        T::HashMac => &[Ether],
        T::HashIpMac => &[Ip4Single6, Ether],
        T::HashIpMark => &[Ip4Single6, Mark],
        T::HashIpPort => &[Ip4Single6, ProtoPort],
        T::HashIpPortIp => &[Ip4Single6, ProtoPort, SingleIp],
        T::HashIpPortNet => &[Ip4Single6, ProtoPort, Ip4Net6],
        T::HashNet => &[Ip4Net6],
        T::HashNetNet => &[Ip4Net6, Ip4Net6],
        T::HashNetPort => &[Ip4Net6, ProtoPort],
        T::HashNetPortNet => &[Ip4Net6, ProtoPort, Ip4Net6],
        T::HashNetIface => &[Ip4Net6, Iface],
        // Handled separately (compat parser).
        T::ListSet => &[],
    }
}

/// Range-like parts a type's `full` flags allow for a command.
#[derive(Debug, Clone, Copy, Default)]
struct Allowed {
    ip_to: bool,
    cidr: bool,
    port_to: bool,
    cidr2: bool,
}

fn allowed(t: SetType, cmd: ElemCmd) -> Allowed {
    use SetType as T;
    let add = cmd != ElemCmd::Test;
    let a = |ip_to, cidr, port_to, cidr2| Allowed {
        ip_to,
        cidr,
        port_to,
        cidr2,
    };
    match (t, add) {
        (T::BitmapIp, true) => a(true, true, false, false),
        (T::BitmapPort, true) => a(false, false, true, false),
        (T::HashIp | T::HashIpMark, _) => a(true, true, false, false),
        (T::HashIpPort | T::HashIpPortIp, true) => a(true, true, true, false),
        (T::HashIpPortNet, true) => a(true, true, true, true),
        (T::HashIpPortNet, false) => a(false, false, false, true),
        (T::HashNet | T::HashNetIface, true) => a(true, true, false, false),
        (T::HashNet | T::HashNetIface | T::HashNetPort, false) => a(false, true, false, false),
        (T::HashNetNet, true) => a(true, true, false, true),
        (T::HashNetNet | T::HashNetPortNet, false) => a(false, true, false, true),
        (T::HashNetPort, true) => a(true, true, true, false),
        (T::HashNetPortNet, true) => a(true, true, true, true),
        _ => Allowed::default(),
    }
}

/// Whether the type's argument list of the command is empty in ipset (which decides the
/// message after a "soft" ICMP family error).
fn cmd_args_empty(t: SetType, cmd: ElemCmd) -> bool {
    use SetType as T;
    match cmd {
        ElemCmd::Add => false,
        ElemCmd::Del => true,
        ElemCmd::Test => !matches!(
            t,
            T::HashNet
                | T::HashNetNet
                | T::HashNetPort
                | T::HashNetPortNet
                | T::HashNetIface
                | T::HashIpPortNet
        ),
    }
}

pub(super) struct Ctx<'w> {
    /// Family of the data blob (`None` = unspec).
    pub(super) v6: Option<bool>,
    pub(super) warnings: &'w mut Vec<String>,
    /// A reported error after which ipset's parser carried on (ICMP family errors).
    pub(super) soft: Option<String>,
}

impl Ctx<'_> {
    /// The family an address parser uses: unspec means IPv4.
    fn v6(&self) -> bool {
        self.v6.unwrap_or(false)
    }
}

pub(super) fn parse_element_unchecked(
    s: &str,
    t: SetType,
    f: Family,
    cmd: ElemCmd,
    warnings: &mut Vec<String>,
) -> PResult<Element> {
    if t == SetType::ListSet {
        return parse_list_set(s);
    }
    let kinds = kinds(t);
    let dim = kinds.len();
    let optional = t == SetType::BitmapIpMac;

    let (p1, rest) = match sep_pos(s, b',') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    if dim > 1 {
        if rest.is_none() && !optional {
            return Err(SyntaxError::syntax(format_args!(
                "Second element is missing from {s}."
            )));
        }
    } else if rest.is_some() {
        return Err(SyntaxError::syntax(format_args!(
            "Elem separator in {s}, but settype {} supports none.",
            t.name()
        )));
    }
    let (p2, p3) = match rest {
        Some(r) => match sep_pos(r, b',') {
            Some(j) => (Some(&r[..j]), Some(&r[j + 1..])),
            None => (Some(r), None),
        },
        None => (None, None),
    };
    if dim > 2 {
        if p3.is_none() && !optional {
            return Err(SyntaxError::syntax(format_args!(
                "Third element is missing from {s}."
            )));
        }
    } else if p3.is_some() {
        return Err(SyntaxError::syntax(format_args!(
            "Two elem separators in {s}, but settype {} supports one.",
            t.name()
        )));
    }
    if let Some(b) = p3
        && sep_pos(b, b',').is_some()
    {
        return Err(SyntaxError::syntax(format_args!(
            "Three elem separators in {s}, but settype {} supports two.",
            t.name()
        )));
    }

    let mut ctx = Ctx {
        v6: match f {
            Family::Inet => Some(false),
            Family::Inet6 => Some(true),
            Family::Unspec => None,
        },
        warnings,
        soft: None,
    };
    let mut e = Element::default();
    let mut ip_parts = 0;
    let mut soft_at = None;
    for (i, part) in [Some(p1), p2, p3].into_iter().enumerate() {
        let (Some(part), Some(&kind)) = (part, kinds.get(i)) else {
            continue;
        };
        let r = parse_part(part, kind, &mut ctx, &mut e, &mut ip_parts);
        if let Err(mut err) = r {
            if let Some(soft) = ctx.soft.take() {
                err.lines.insert(0, soft);
            }
            return Err(err);
        }
        if ctx.soft.is_some() && soft_at.is_none() {
            soft_at = Some(i);
        }
    }
    if let Some(soft) = ctx.soft.take() {
        if t == SetType::BitmapPort {
            // ipset itself crashes here; report the ICMP error alone.
            return Err(SyntaxError::one(soft));
        }
        // ipset reset its data at the error: only the parts parsed after it count now,
        // and its mandatory/allowed checks speak alone.
        if cmd_args_empty(t, cmd) {
            return Err(SyntaxError::one(
                "There are missing mandatory flags but can't check them. It's a bug, please report the problem."
                    .to_string(),
            ));
        }
        if soft_at.is_some_and(|i| i + 1 < kinds.len()) {
            let later = Element {
                ip2: e.ip2,
                cidr2: e.cidr2,
                ip2_to: e.ip2_to,
                ..Element::default()
            };
            check_allowed(&later, t, f, cmd)?;
        }
        return Err(SyntaxError::new(vec![
            soft,
            format!("Invalid {} command: missing setname", cmd.name()),
        ]));
    }
    Ok(e)
}

fn parse_part(
    s: &str,
    kind: Kind,
    ctx: &mut Ctx,
    e: &mut Element,
    ip_parts: &mut usize,
) -> PResult<()> {
    match kind {
        Kind::IpAny | Kind::Ip4Single6 | Kind::SingleIp | Kind::Ip4Net6 => {
            let v6 = ctx.v6();
            let mode = match (kind, v6) {
                (Kind::IpAny, _) | (Kind::Ip4Single6 | Kind::Ip4Net6, false) => IpMode::Any,
                (Kind::SingleIp, _) | (Kind::Ip4Single6, true) => IpMode::Plain,
                _ => IpMode::Net6,
            };
            let p = parse_ip(s, mode, v6, ctx)?;
            if *ip_parts == 0 {
                e.ip = Some(p.ip);
                e.cidr = p.cidr;
                e.ip_to = p.to;
            } else {
                e.ip2 = Some(p.ip);
                e.cidr2 = p.cidr;
                e.ip2_to = p.to;
            }
            *ip_parts += 1;
        }
        Kind::ProtoPort => {
            let (proto, port, to) = parse_proto_port(s, ctx)?;
            e.proto = Some(proto);
            e.port = Some(port);
            e.port_to = to;
        }
        Kind::TcpUdpPort => {
            let (proto, port, to) = parse_proto_port(s, ctx)?;
            if ctx.soft.is_some() {
                return Ok(());
            }
            if proto != IPPROTO_TCP && proto != IPPROTO_UDP {
                return Err(SyntaxError::syntax("Only protocols TCP and UDP are valid"));
            }
            e.port = Some(port);
            e.port_to = to;
        }
        Kind::Ether => e.mac = Some(parse_ether(s)?),
        Kind::Mark => e.mark = Some(string_to_number(s, 0, u32::MAX as u64)? as u32),
        Kind::Iface => {
            let (physdev, name) = match s.strip_prefix("physdev:") {
                Some(rest) => (true, rest),
                None => (false, s),
            };
            if name.len() > IFNAMSIZ_MAX {
                return Err(SyntaxError::syntax(format_args!(
                    "interface name '{name}' is longer than {IFNAMSIZ_MAX} characters"
                )));
            }
            e.physdev = physdev;
            e.iface = Some(name.to_string());
        }
    }
    Ok(())
}

/// ipset's set name check: at most [`IPSET_MAXNAMELEN`] bytes.
pub fn check_setname(name: &str) -> PResult<()> {
    if name.len() > IPSET_MAXNAMELEN {
        return Err(SyntaxError::syntax(format_args!(
            "setname '{name}' is longer than {IPSET_MAXNAMELEN} characters"
        )));
    }
    Ok(())
}

/// list:set: `NAME` or the compat form `NAME,before|after,NAME`.
fn parse_list_set(s: &str) -> PResult<Element> {
    let mut e = Element::default();
    let Some(i) = sep_pos(s, b',') else {
        check_setname(s)?;
        e.name = Some(s.to_string());
        return Ok(e);
    };
    let name = &s[..i];
    let a = &s[i + 1..];
    let (word, reference) = match sep_pos(a, b',') {
        Some(j) => (&a[..j], Some(&a[j + 1..])),
        None => (a, None),
    };
    let Some(reference) = reference.filter(|_| word == "before" || word == "after") else {
        return Err(SyntaxError::one(
            "you must specify elements as setname,[before|after],setname".to_string(),
        ));
    };
    check_setname(name)?;
    check_setname(reference)?;
    e.name = Some(name.to_string());
    e.reference = Some((
        if word == "before" {
            Position::Before
        } else {
            Position::After
        },
        reference.to_string(),
    ));
    Ok(e)
}
