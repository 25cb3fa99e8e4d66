//! Addresses, ranges and MACs as libipset parses them: `FROM-TO` ranges and
//! their `[...]` escapes, `/cidr`, `inet_aton`'s digit forms, names through
//! the resolver, and Ethernet addresses.

use std::net::{IpAddr, Ipv4Addr};

use super::number::*;
use super::resolve::*;
use super::{Ctx, PResult, SyntaxError, sep_pos};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IpMode {
    /// Address, `/cidr` or `FROM-TO`.
    Any,
    /// Plain address only (host `/32`, `/128` tolerated).
    Plain,
    /// IPv6 net: no range.
    Net6,
}

pub(super) struct ParsedIp {
    pub(super) ip: IpAddr,
    pub(super) cidr: Option<u8>,
    pub(super) to: Option<IpAddr>,
}

/// `find_range_separator`: `Ok(Some(i))` is the index of the `-`.
pub(super) fn find_range_separator(s: &str) -> PResult<Option<usize>> {
    if s.starts_with('[') {
        let Some(e) = s.find(']') else {
            return Err(SyntaxError::syntax(format_args!(
                "cannot find closing escape character ']' in {s}"
            )));
        };
        let b = s.as_bytes();
        if e + 1 == b.len() {
            return Ok(None);
        }
        if b[e + 1] != b'-' {
            return Err(SyntaxError::syntax(format_args!(
                "range separator expected after '{}'",
                &s[..=e]
            )));
        }
        return Ok(Some(e + 1));
    }
    Ok(sep_pos(s, b'-'))
}

/// `escape_range_separator`: is there a range separator (escapes considered)?
fn has_escaped_range(s: &str) -> bool {
    if s.starts_with('[') {
        match s.find(']') {
            Some(e) => sep_pos(&s[e..], b'-').is_some(),
            None => false,
        }
    } else {
        sep_pos(s, b'-').is_some()
    }
}

pub(super) fn strip_escape(s: &str) -> PResult<&str> {
    if s.starts_with('[') {
        if !s.ends_with(']') || s.len() < 2 {
            return Err(SyntaxError::syntax(format_args!(
                "cannot find closing escape character ']' in {s}"
            )));
        }
        return Ok(&s[1..s.len() - 1]);
    }
    Ok(s)
}

pub(super) fn parse_ip(s: &str, mode: IpMode, v6: bool, ctx: &mut Ctx) -> PResult<ParsedIp> {
    match mode {
        IpMode::Plain => {
            let host = if v6 { "/128" } else { "/32" };
            let cidr_bad = sep_pos(s, b'/').is_some_and(|p| &s[p..] != host);
            if has_escaped_range(s) || cidr_bad {
                return Err(SyntaxError::syntax(format_args!(
                    "plain IP address must be supplied: {s}"
                )));
            }
        }
        IpMode::Net6 => {
            if has_escaped_range(s) {
                return Err(SyntaxError::syntax(format_args!(
                    "IP address or IP/cidr must be specified: {s}"
                )));
            }
        }
        IpMode::Any => {}
    }
    let max = if v6 { 128 } else { 32 };
    let (host, cidr, to) = if let Some(p) = sep_pos(s, b'/') {
        (&s[..p], Some(string_to_cidr(&s[p + 1..], max)?), None)
    } else {
        match find_range_separator(s)? {
            Some(p) => (&s[..p], None, Some(&s[p + 1..])),
            None => (s, None, None),
        }
    };
    let host = strip_escape(host)?;
    let ip = resolve(host, v6, ctx)?;
    let to = match to {
        Some(t) => {
            let t = strip_escape(t)?;
            Some(resolve(t, v6, ctx)?)
        }
        None => None,
    };
    Ok(ParsedIp { ip, cidr, to })
}

/// glibc `inet_aton` on a string of digits and dots (no hex possible here).
pub(super) fn inet_aton_digits(s: &[u8]) -> Option<Ipv4Addr> {
    const MAX_LAST: [u64; 4] = [0xffff_ffff, 0xff_ffff, 0xffff, 0xff];
    let mut word: u32 = 0;
    let mut nparts = 0;
    let mut parts = s.split(|&c| c == b'.').peekable();
    while let Some(p) = parts.next() {
        if p.is_empty() || nparts == 4 {
            return None;
        }
        let (base, digits) = if p[0] == b'0' && p.len() > 1 {
            (8, &p[1..])
        } else {
            (10, p)
        };
        let mut v: u64 = 0;
        for &c in digits {
            let d = c.wrapping_sub(b'0') as u64;
            if d >= base {
                return None;
            }
            v = v * base + d;
            if v > 0xffff_ffff {
                return None;
            }
        }
        if parts.peek().is_some() {
            if v > 0xff {
                return None;
            }
            word |= (v as u32) << (24 - 8 * nparts);
        } else {
            if v > MAX_LAST[nparts] {
                return None;
            }
            word |= v as u32;
        }
        nparts += 1;
    }
    Some(Ipv4Addr::from(word))
}

/// Resolve like ipset's `gethostbyname2()` (libc resolver semantics), first address only.
pub(super) fn resolve(host: &str, v6: bool, ctx: &mut Ctx) -> PResult<IpAddr> {
    let b = host.as_bytes();
    // Fast paths: the numeric forms glibc answers without a lookup.
    if !v6
        && !b.is_empty()
        && b[0].is_ascii_digit()
        && b.iter().all(|&c| c.is_ascii_digit() || c == b'.')
        && b[b.len() - 1] != b'.'
        && let Some(a) = inet_aton_digits(b)
    {
        return Ok(IpAddr::V4(a));
    }
    if v6
        && !b.is_empty()
        && (b[0] == b':' || (b[0].is_ascii_hexdigit() && b.contains(&b':')))
        && b.iter()
            .all(|&c| c.is_ascii_hexdigit() || c == b':' || c == b'.')
        && let Some(a) = inet_pton6(host)
    {
        return Ok(IpAddr::V6(a));
    }
    match gethostbyname2(host, v6) {
        Some((ip, multiple)) => {
            if multiple {
                ctx.warnings.push(format!(
                    "{host} resolves to multiple addresses: using only the first one returned by the resolver."
                ));
            }
            Ok(ip)
        }
        None => Err(SyntaxError::syntax(format_args!(
            "cannot parse {host}: resolving to {} address failed",
            if v6 { "IPv6" } else { "IPv4" }
        ))),
    }
}

pub(super) fn parse_ether(s: &str) -> PResult<[u8; 6]> {
    let err = || SyntaxError::syntax(format_args!("cannot parse '{s}' as ethernet address"));
    let b = s.as_bytes();
    if b.len() > 17 {
        return Err(err());
    }
    let mut mac = [0u8; 6];
    let mut p = 0;
    for (i, byte) in mac.iter_mut().enumerate() {
        let (n, end) = strtol16_at(b, p);
        let endc = b.get(end).copied().unwrap_or(0);
        let ok_end = (endc == b':' && i < 5) || (endc == 0 && i == 5);
        if !ok_end || !(0..=255).contains(&n) {
            return Err(err());
        }
        *byte = n as u8;
        p = end + 1;
    }
    Ok(mac)
}
