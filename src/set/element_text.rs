//! Element text <-> Element, per set type, exactly as ipset(8) 7.17 parses and prints.
//!
//! Parsing follows libipset's rules (separators that only count when they are
//! neither the first nor the last character, `[...]` escapes, `strtoull`
//! numbers with base prefixes, the libc resolver for addresses, `/etc/services`
//! and `/etc/protocols` through libc, the ICMP name tables) and reproduces
//! ipset's message lines, including its multi-line quirks. Printing follows
//! `ipset_print_elem`. [`compare_printed`] is ipset's `-sorted` comparator.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Mutex, OnceLock, RwLock};

use crate::set::entry::{AFTER, BEFORE};
use crate::set::{Element, Family, Part, SetType};

/// Which command the element is for: ranges/CIDRs are allowed on add/del but not test for some types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElemCmd {
    /// `add`.
    Add,
    /// `del`.
    Del,
    /// `test`.
    Test,
}

impl ElemCmd {
    /// ipset's name of the command (`add`, `del`, `test`).
    pub fn name(self) -> &'static str {
        match self {
            ElemCmd::Add => "add",
            ElemCmd::Del => "del",
            ElemCmd::Test => "test",
        }
    }
}

/// A parse failure: `lines` are ipset's message lines exactly as ipset prints them after the
/// program prefix (e.g. "Syntax error: cannot parse notanip: resolving to IPv4 address failed"),
/// usually one, sometimes several (ipset prints e.g. three lines for `1.1.1.1,99999`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElemError {
    /// ipset's message lines, without the program prefix.
    pub lines: Vec<String>,
}

impl ElemError {
    fn one(line: String) -> Self {
        ElemError { lines: vec![line] }
    }

    fn syntax(msg: impl fmt::Display) -> Self {
        ElemError::one(format!("Syntax error: {msg}"))
    }
}

impl ElemError {
    /// The lines as `ipset restore` prints them for input line `lineno`: ipset's own errors
    /// get `Error in line N: `, while its warnings turned errors (the port-name attempts),
    /// the `check_allowed` texts and the `There are ...` texts do not, and an ICMP family
    /// error followed by other lines is not printed at all.
    pub fn restore_lines(&self, lineno: u32) -> Vec<String> {
        let n = self.lines.len();
        let port_tail = self
            .lines
            .last()
            .is_some_and(|l| l.starts_with("cannot parse '") && l.ends_with(" port"));
        let mut out = Vec::with_capacity(n);
        for (i, l) in self.lines.iter().enumerate() {
            let icmp_family = l.starts_with("Syntax error: Protocol ICMP")
                && l.contains(" can be used with family inet");
            if n > 1 && icmp_family {
                continue;
            }
            let number = l.starts_with("Syntax error: '")
                && (l.ends_with("' is invalid as number") || l.contains("' is out of range "));
            let plain = l.starts_with("There are ")
                || l.contains(" is not allowed in command ")
                || (port_tail && (i + 1 == n || number));
            if plain {
                out.push(l.clone());
            } else {
                out.push(format!("Error in line {lineno}: {l}"));
            }
        }
        out
    }
}

impl fmt::Display for ElemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines.join("\n"))
    }
}

impl std::error::Error for ElemError {}

type PResult<T> = Result<T, ElemError>;

// ---------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------

/// Parse the element text `s` (argv[2] of `ipset add SET ELEM`) for a set of type `t` and family `f`.
/// Must produce exactly the Element that ipset would send (compare with the captures: e.g. hash:ip,port
/// `1.1.1.1,80` gives ip, port 80, proto 6; `icmp:echo-request` gives proto 1 port 8<<8|0;
/// hash:net `10.0.0.0/8` gives ip + cidr 8; `10.1.1.1-10.1.1.20` gives ip + ip_to; bitmap:port `tcp:80`
/// gives port only (no proto); hash:net,iface `10.0.0.0/8,physdev:eth1` sets physdev; list:set `a` gives name).
/// Rejects what ipset rejects for that command (check_allowed: ranges in `test` etc.) with ipset's message text.
///
/// Resolver warnings (`X resolves to multiple addresses: ...`) are dropped; use
/// [`parse_element_with_warnings`] to get them.
pub fn parse_element(s: &str, t: SetType, f: Family, cmd: ElemCmd) -> Result<Element, ElemError> {
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
) -> Result<Element, ElemError> {
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
fn parse_plain_ipv4(s: &str, t: SetType, f: Family) -> Option<Element> {
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
    Some(Element {
        ip: Some(IpAddr::V4(Ipv4Addr::from(ip))),
        cidr,
        ..Element::default()
    })
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
pub fn check_allowed(e: &Element, t: SetType, f: Family, cmd: ElemCmd) -> Result<(), ElemError> {
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
        return Err(ElemError::one(format!(
            "FROM-TO IP range is not allowed {}",
            tail()
        )));
    }
    if e.cidr.is_some() && !(a.cidr || a.ip_to) {
        return Err(ElemError::one(format!(
            "IP/CIDR range is not allowed {}",
            tail()
        )));
    }
    if e.port_to.is_some() && !a.port_to {
        return Err(ElemError::one(format!(
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
        return Err(ElemError::one(format!(
            "There are not allowed options (28) but {why}. It's a bug, please report the problem."
        )));
    }
    Ok(())
}

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

/// ipset's `-sorted` order (`bystrcmp`): compare two printed member texts piecewise, numbers
/// parsed as hexadecimal `strtol`, text pieces up to `:`/`,` by length then bytes, and after
/// equal numbers followed by `/` the next numbers in reverse (longer prefix first).
///
/// ipset compares the whole buffered member line: the element, its options, and the final
/// newline (in save mode without the `add SET ` prefix). Passing just the element text gives
/// the same order except in rare cases where one element's text runs out where another's
/// continues inside a text piece (e.g. interface names `eth` and `eth0` with different
/// options). A missing final `\n` is treated as present. O(len) per comparison.
pub fn compare_printed(a: &str, b: &str) -> Ordering {
    bystrcmp(a.as_bytes(), b.as_bytes()).cmp(&0)
}

/// Sort member texts in ipset's `-sorted` order, stably. `text` gives the text compared
/// (see [`compare_printed`]).
///
/// ipset's comparator is not a total order for every input (e.g. interface names that start
/// with hex digits next to ones that do not, or ICMP names next to `TYPE/CODE` forms), so
/// `slice::sort_by` must not be used with it (Rust's sort may panic on inconsistent orders).
/// ipset's `list_sort` degenerates into an insertion sort (each element goes before the first
/// already-sorted one that compares greater); up to [`EXACT_SORT_MAX`] elements that is
/// replayed exactly, above it a stable merge sort with the same comparator is used, which
/// gives the same order whenever the comparator is consistent on the data (always for
/// addresses, networks and ports).
pub fn sort_printed<T>(items: &mut Vec<T>, text: impl Fn(&T) -> &str) {
    let n = items.len();
    if n < 2 {
        return;
    }
    let order: Vec<usize> = if n <= EXACT_SORT_MAX {
        let mut list: Vec<usize> = Vec::with_capacity(n);
        for x in 0..n {
            let tx = text(&items[x]);
            let pos = list
                .iter()
                .position(|&a| compare_printed(text(&items[a]), tx) == Ordering::Greater)
                .unwrap_or(list.len());
            list.insert(pos, x);
        }
        list
    } else {
        merge_sort_indices(n, |a, b| compare_printed(text(&items[a]), text(&items[b])))
    };
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Largest input that [`sort_printed`] sorts with ipset's exact (quadratic) algorithm.
pub const EXACT_SORT_MAX: usize = 2048;

/// Stable bottom-up merge sort of `0..n` that never panics, whatever `cmp` returns; on ties
/// the left run wins, as in ipset's merge.
fn merge_sort_indices(n: usize, cmp: impl Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b: Vec<usize> = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                if cmp(a[i], a[j]) != Ordering::Greater {
                    b[k] = a[i];
                    i += 1;
                } else {
                    b[k] = a[j];
                    j += 1;
                }
                k += 1;
            }
            b[k..k + (mid - i)].copy_from_slice(&a[i..mid]);
            k += mid - i;
            b[k..k + (end - j)].copy_from_slice(&a[j..end]);
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// ipset's number parser (`string_to_number_ll`: `strtoull` with base prefixes, leading
/// blanks and sign, then a range check) with its messages, e.g. `Syntax error: '99999' is out
/// of range 0-65535` or `Syntax error: 'x' is invalid as number`.
pub fn parse_ipset_number(s: &str, min: u64, max: u64) -> Result<u64, ElemError> {
    string_to_number(s, min, max)
}

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

/// The protocol name ipset prints for a protocol number (getprotobynumber, else the number).
pub fn protocol_name(proto: u8) -> String {
    match proto_name(proto) {
        Some(n) => n.to_string(),
        None => proto.to_string(),
    }
}

// ---------------------------------------------------------------------------
// Per-type tables
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Element splitting (ipset_parse_elem)
// ---------------------------------------------------------------------------

/// `ipset_strchr`: the first `sep`, but only if the string neither starts nor ends with it.
fn sep_pos(s: &str, sep: u8) -> Option<usize> {
    let b = s.as_bytes();
    let i = b.iter().position(|&c| c == sep)?;
    if b[0] != sep && b[b.len() - 1] != sep {
        Some(i)
    } else {
        None
    }
}

struct Ctx<'w> {
    /// Family of the data blob (`None` = unspec).
    v6: Option<bool>,
    warnings: &'w mut Vec<String>,
    /// A reported error after which ipset's parser carried on (ICMP family errors).
    soft: Option<String>,
}

impl Ctx<'_> {
    /// The family an address parser uses: unspec means IPv4.
    fn v6(&self) -> bool {
        self.v6.unwrap_or(false)
    }
}

fn parse_element_unchecked(
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
            return Err(ElemError::syntax(format_args!(
                "Second element is missing from {s}."
            )));
        }
    } else if rest.is_some() {
        return Err(ElemError::syntax(format_args!(
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
            return Err(ElemError::syntax(format_args!(
                "Third element is missing from {s}."
            )));
        }
    } else if p3.is_some() {
        return Err(ElemError::syntax(format_args!(
            "Two elem separators in {s}, but settype {} supports one.",
            t.name()
        )));
    }
    if let Some(b) = p3
        && sep_pos(b, b',').is_some()
    {
        return Err(ElemError::syntax(format_args!(
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
            return Err(ElemError::one(soft));
        }
        // ipset reset its data at the error: only the parts parsed after it count now,
        // and its mandatory/allowed checks speak alone.
        if cmd_args_empty(t, cmd) {
            return Err(ElemError::one(
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
        return Err(ElemError {
            lines: vec![
                soft,
                format!("Invalid {} command: missing setname", cmd.name()),
            ],
        });
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
                return Err(ElemError::syntax("Only protocols TCP and UDP are valid"));
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
            if name.len() > 15 {
                return Err(ElemError::syntax(format_args!(
                    "interface name '{name}' is longer than 15 characters"
                )));
            }
            e.physdev = physdev;
            e.iface = Some(name.to_string());
        }
    }
    Ok(())
}

fn check_setname(s: &str) -> PResult<()> {
    if s.len() > 31 {
        return Err(ElemError::syntax(format_args!(
            "setname '{s}' is longer than 31 characters"
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
        return Err(ElemError::one(
            "you must specify elements as setname,[before|after],setname".to_string(),
        ));
    };
    check_setname(name)?;
    check_setname(reference)?;
    e.name = Some(name.to_string());
    e.reference = Some((
        if word == "before" { BEFORE } else { AFTER },
        reference.to_string(),
    ));
    Ok(e)
}

// ---------------------------------------------------------------------------
// Numbers (string_to_number_ll: strtoull base 0)
// ---------------------------------------------------------------------------

fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// glibc `strtoull(s, &end, 0)`: (value, end index, ERANGE).
fn strtoull0(s: &[u8]) -> (u64, usize, bool) {
    let mut i = 0;
    while i < s.len() && is_c_space(s[i]) {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        neg = s[i] == b'-';
        i += 1;
    }
    let base: u64;
    let mut skipped_x = false;
    if i < s.len() && s[i] == b'0' {
        if i + 1 < s.len() && (s[i + 1] | 0x20) == b'x' {
            base = 16;
            i += 2;
            skipped_x = true;
        } else {
            base = 8;
        }
    } else {
        base = 10;
    }
    let start = i;
    let mut v: u64 = 0;
    let mut overflow = false;
    while i < s.len() {
        let d = match s[i] {
            c @ b'0'..=b'9' => (c - b'0') as u64,
            c @ b'a'..=b'z' => (c - b'a') as u64 + 10,
            c @ b'A'..=b'Z' => (c - b'A') as u64 + 10,
            _ => break,
        };
        if d >= base {
            break;
        }
        match v.checked_mul(base).and_then(|x| x.checked_add(d)) {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        // No digits: "0x" alone parses as "0" ending at the 'x'.
        return if skipped_x {
            (0, start - 1, false)
        } else {
            (0, 0, false)
        };
    }
    if overflow {
        return (u64::MAX, i, true);
    }
    (if neg { v.wrapping_neg() } else { v }, i, false)
}

/// `string_to_number_ll` with ipset's messages.
fn string_to_number(s: &str, min: u64, max: u64) -> PResult<u64> {
    let b = s.as_bytes();
    let (v, end, mut erange) = strtoull0(b);
    if end == b.len() && end != 0 && !erange {
        if min <= v && v <= max {
            return Ok(v);
        }
        erange = true;
    }
    if erange {
        Err(ElemError::syntax(format_args!(
            "'{s}' is out of range {min}-{max}"
        )))
    } else {
        Err(ElemError::syntax(format_args!(
            "'{s}' is invalid as number"
        )))
    }
}

fn string_to_u8(s: &str) -> PResult<u8> {
    string_to_number(s, 0, 255).map(|v| v as u8)
}

fn string_to_cidr(s: &str, max: u8) -> PResult<u8> {
    let v = string_to_u8(s)?;
    if v > max {
        return Err(ElemError::syntax(format_args!(
            "'{s}' is out of range 0-{max}"
        )));
    }
    Ok(v)
}

// ---------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IpMode {
    /// Address, `/cidr` or `FROM-TO`.
    Any,
    /// Plain address only (host `/32`, `/128` tolerated).
    Plain,
    /// IPv6 net: no range.
    Net6,
}

struct ParsedIp {
    ip: IpAddr,
    cidr: Option<u8>,
    to: Option<IpAddr>,
}

/// `find_range_separator`: `Ok(Some(i))` is the index of the `-`.
fn find_range_separator(s: &str) -> PResult<Option<usize>> {
    if s.starts_with('[') {
        let Some(e) = s.find(']') else {
            return Err(ElemError::syntax(format_args!(
                "cannot find closing escape character ']' in {s}"
            )));
        };
        let b = s.as_bytes();
        if e + 1 == b.len() {
            return Ok(None);
        }
        if b[e + 1] != b'-' {
            return Err(ElemError::syntax(format_args!(
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

fn strip_escape(s: &str) -> PResult<&str> {
    if s.starts_with('[') {
        if !s.ends_with(']') || s.len() < 2 {
            return Err(ElemError::syntax(format_args!(
                "cannot find closing escape character ']' in {s}"
            )));
        }
        return Ok(&s[1..s.len() - 1]);
    }
    Ok(s)
}

fn parse_ip(s: &str, mode: IpMode, v6: bool, ctx: &mut Ctx) -> PResult<ParsedIp> {
    match mode {
        IpMode::Plain => {
            let host = if v6 { "/128" } else { "/32" };
            let cidr_bad = sep_pos(s, b'/').is_some_and(|p| &s[p..] != host);
            if has_escaped_range(s) || cidr_bad {
                return Err(ElemError::syntax(format_args!(
                    "plain IP address must be supplied: {s}"
                )));
            }
        }
        IpMode::Net6 => {
            if has_escaped_range(s) {
                return Err(ElemError::syntax(format_args!(
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
fn inet_aton_digits(s: &[u8]) -> Option<Ipv4Addr> {
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
fn resolve(host: &str, v6: bool, ctx: &mut Ctx) -> PResult<IpAddr> {
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
        None => Err(ElemError::syntax(format_args!(
            "cannot parse {host}: resolving to {} address failed",
            if v6 { "IPv6" } else { "IPv4" }
        ))),
    }
}

// ---------------------------------------------------------------------------
// libc lookups (not thread-safe in libc: serialized, and cached)
// ---------------------------------------------------------------------------

static LIBC_LOCK: Mutex<()> = Mutex::new(());

mod sys {
    unsafe extern "C" {
        pub fn gethostbyname2(name: *const libc::c_char, af: libc::c_int) -> *mut libc::hostent;
        pub fn inet_pton(
            af: libc::c_int,
            src: *const libc::c_char,
            dst: *mut libc::c_void,
        ) -> libc::c_int;
    }
}

fn libc_lock() -> std::sync::MutexGuard<'static, ()> {
    LIBC_LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

fn inet_pton6(s: &str) -> Option<Ipv6Addr> {
    let c = CString::new(s).ok()?;
    let mut buf = [0u8; 16];
    // SAFETY: `c` is a valid NUL-terminated string and `buf` has room for an in6_addr.
    let r = unsafe { sys::inet_pton(libc::AF_INET6, c.as_ptr(), buf.as_mut_ptr().cast()) };
    (r == 1).then(|| Ipv6Addr::from(buf))
}

fn gethostbyname2(name: &str, v6: bool) -> Option<(IpAddr, bool)> {
    // Fuzzing asks about millions of made-up names: no resolver for them.
    if cfg!(fuzzing) {
        return None;
    }
    let c = CString::new(name).ok()?;
    let af = if v6 { libc::AF_INET6 } else { libc::AF_INET };
    let want = if v6 { 16 } else { 4 };
    let _g = libc_lock();
    // SAFETY: gethostbyname2 returns NULL or a pointer to static storage that stays valid
    // until the next resolver call, which LIBC_LOCK excludes while we copy the data out.
    unsafe {
        let h = sys::gethostbyname2(c.as_ptr(), af);
        if h.is_null() {
            return None;
        }
        let h = &*h;
        if h.h_addrtype != af || h.h_length != want || h.h_addr_list.is_null() {
            return None;
        }
        let first = *h.h_addr_list;
        if first.is_null() {
            return None;
        }
        let multiple = !(*h.h_addr_list.add(1)).is_null();
        let ip = if v6 {
            let mut a = [0u8; 16];
            std::ptr::copy_nonoverlapping(first.cast::<u8>(), a.as_mut_ptr(), 16);
            IpAddr::V6(Ipv6Addr::from(a))
        } else {
            let mut a = [0u8; 4];
            std::ptr::copy_nonoverlapping(first.cast::<u8>(), a.as_mut_ptr(), 4);
            IpAddr::V4(Ipv4Addr::from(a))
        };
        Some((ip, multiple))
    }
}

#[derive(Default)]
struct NetDbCache {
    proto_by_name: HashMap<String, Option<i32>>,
    serv: HashMap<(String, String), Option<u16>>,
}

/// How many entries a netdb cache takes before it keeps only names that
/// exist: the names that exist are few (/etc/protocols, /etc/services), the
/// ones a feed can make up are not, and memory must not grow with the input.
const NETDB_MISSES: usize = 4096;

fn netdb_cache() -> &'static RwLock<NetDbCache> {
    static CACHE: OnceLock<RwLock<NetDbCache>> = OnceLock::new();
    CACHE.get_or_init(|| RwLock::new(NetDbCache::default()))
}

/// getprotobyname: the protocol number (as libc reports it, may exceed 255).
fn getprotobyname(name: &str) -> Option<i32> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(String, Option<i32>)>> = const { std::cell::RefCell::new(None) };
    }
    if let Some(v) = LAST.with(|l| {
        l.borrow()
            .as_ref()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| *v)
    }) {
        return v;
    }
    let v = getprotobyname_cached(name);
    LAST.with(|l| *l.borrow_mut() = Some((name.to_string(), v)));
    v
}

fn getprotobyname_cached(name: &str) -> Option<i32> {
    if let Some(v) = netdb_cache()
        .read()
        .ok()
        .and_then(|c| c.proto_by_name.get(name).copied())
    {
        return v;
    }
    let v = CString::new(name).ok().and_then(|c| {
        let _g = libc_lock();
        // SAFETY: valid C string; the result points to static storage read under the lock.
        unsafe {
            let p = libc::getprotobyname(c.as_ptr());
            (!p.is_null()).then(|| (*p).p_proto)
        }
    });
    if let Ok(mut c) = netdb_cache().write()
        && (v.is_some() || c.proto_by_name.len() < NETDB_MISSES)
    {
        c.proto_by_name.insert(name.to_string(), v);
    }
    v
}

/// getprotobynumber: the official name, cached per number.
fn proto_name(proto: u8) -> Option<&'static str> {
    static NAMES: [OnceLock<Option<Box<str>>>; 256] = [const { OnceLock::new() }; 256];
    NAMES[proto as usize]
        .get_or_init(|| {
            let _g = libc_lock();
            // SAFETY: the result points to static storage read under the lock.
            unsafe {
                let p = libc::getprotobynumber(proto as libc::c_int);
                if p.is_null() || (*p).p_name.is_null() {
                    return None;
                }
                Some(
                    CStr::from_ptr((*p).p_name)
                        .to_string_lossy()
                        .into_owned()
                        .into_boxed_str(),
                )
            }
        })
        .as_deref()
}

/// getservbyname: the port in host order.
fn getservbyname(name: &str, proto: &str) -> Option<u16> {
    let key = (name.to_string(), proto.to_string());
    if let Some(v) = netdb_cache()
        .read()
        .ok()
        .and_then(|c| c.serv.get(&key).copied())
    {
        return v;
    }
    let v = match (CString::new(name), CString::new(proto)) {
        (Ok(n), Ok(p)) => {
            let _g = libc_lock();
            // SAFETY: valid C strings; the result points to static storage read under the lock.
            unsafe {
                let s = libc::getservbyname(n.as_ptr(), p.as_ptr());
                (!s.is_null()).then(|| u16::from_be((*s).s_port as u16))
            }
        }
        _ => None,
    };
    if let Ok(mut c) = netdb_cache().write()
        && (v.is_some() || c.serv.len() < NETDB_MISSES)
    {
        c.serv.insert(key, v);
    }
    v
}

// ---------------------------------------------------------------------------
// Protocols and ports
// ---------------------------------------------------------------------------

const IPPROTO_ICMP: u8 = 1;
const IPPROTO_TCP: u8 = 6;
const IPPROTO_UDP: u8 = 17;
const IPPROTO_ICMPV6: u8 = 58;
const IPPROTO_SCTP: u8 = 132;
const IPPROTO_UDPLITE: u8 = 136;

/// ipset's ICMP names (lib/icmp.c), in table order: lookups take the first entry whose
/// name starts with the given text (case-insensitive), printing the first with the value.
const ICMP_NAMES: &[(&str, u16)] = &[
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
const ICMPV6_NAMES: &[(&str, u16)] = &[
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

fn icmp_by_name(table: &[(&str, u16)], s: &str) -> Option<u16> {
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
        return Err(ElemError::one(format!(
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
            return Err(ElemError::syntax(format_args!(
                "Unsupported protocol '{s}'"
            )));
        }
        return Ok(n);
    }
    match string_to_u8(s) {
        Ok(n) => Ok(n),
        Err(_) => Err(ElemError::syntax(format_args!(
            "cannot parse '{s}' as a protocol"
        ))),
    }
}

/// `ipset_parse_proto_port`: (proto, port, port_to).
fn parse_proto_port(s: &str, ctx: &mut Ctx) -> PResult<(u8, u16, Option<u16>)> {
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
                return Err(ElemError::syntax(format_args!(
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
fn parse_port(s: &str, proto: &str) -> PResult<u16> {
    let fail = |mut lines: Vec<String>| {
        lines.push(format!("cannot parse '{s}' as a {proto} port"));
        ElemError { lines }
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
            if let Some(p) = proto_name(n).and_then(|pn| getservbyname(name, pn)) {
                return Ok(p);
            }
        }
        Err(e) => lines.extend(e.lines),
    }
    Err(fail(lines))
}

// ---------------------------------------------------------------------------
// MAC
// ---------------------------------------------------------------------------

/// glibc `strtol(s, &end, 16)` for the MAC parser: (value, end index), saturating.
fn strtol16_at(s: &[u8], start: usize) -> (i64, usize) {
    strtol16(|i| s.get(i).copied().unwrap_or(0), start)
}

/// glibc `strtol(x, &end, 16)` over bytes given by `at` (0 past the end):
/// (value, end index), saturating; end == start if there are no digits.
fn strtol16(at: impl Fn(usize) -> u8, start: usize) -> (i64, usize) {
    let mut i = start;
    while is_c_space(at(i)) {
        i += 1;
    }
    let mut neg = false;
    if at(i) == b'+' || at(i) == b'-' {
        neg = at(i) == b'-';
        i += 1;
    }
    let mut skipped_x = false;
    if at(i) == b'0' && (at(i + 1) | 0x20) == b'x' {
        i += 2;
        skipped_x = true;
    }
    let digits = i;
    let mut v: u64 = 0;
    let mut overflow = false;
    while let Some(d) = (at(i) as char).to_digit(16) {
        match v.checked_mul(16).and_then(|x| x.checked_add(d as u64)) {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if i == digits {
        return if skipped_x {
            (0, digits - 1)
        } else {
            (0, start)
        };
    }
    let val = if neg {
        if overflow || v > i64::MAX as u64 + 1 {
            i64::MIN
        } else {
            (v as i64).wrapping_neg()
        }
    } else if overflow || v > i64::MAX as u64 {
        i64::MAX
    } else {
        v as i64
    };
    (val, i)
}

fn parse_ether(s: &str) -> PResult<[u8; 6]> {
    let err = || ElemError::syntax(format_args!("cannot parse '{s}' as ethernet address"));
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

// ---------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------

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
fn push_ipv6(a: Ipv6Addr, out: &mut String) {
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

fn push_ip(ip: IpAddr, out: &mut String) {
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
        match proto_name(proto) {
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

// ---------------------------------------------------------------------------
// Sorting (bystrcmp)
// ---------------------------------------------------------------------------

/// Byte at `i` of a member text that ends with `\n` and then NUL (and NUL beyond).
fn byte_at(s: &[u8], i: usize) -> u8 {
    if i < s.len() {
        s[i]
    } else if i == s.len() && s.last() != Some(&b'\n') {
        b'\n'
    } else {
        0
    }
}

/// glibc `strtol(x, &end, 16)` on a member text: (value, end); end == start if no digits.
fn strtol16_text(s: &[u8], start: usize) -> (i64, usize) {
    strtol16(|i| byte_at(s, i), start)
}

/// `strcspn(x, ":,")`.
fn cspn(s: &[u8], start: usize) -> usize {
    let mut i = start;
    loop {
        match byte_at(s, i) {
            0 | b':' | b',' => return i - start,
            _ => i += 1,
        }
    }
}

fn cmp_bytes(a: u8, b: u8) -> i32 {
    a as i32 - b as i32
}

/// ipset's `bystrcmp` (lib/session.c) on two member texts; the sign is the result.
fn bystrcmp(a: &[u8], b: &[u8]) -> i32 {
    let (mut x1, mut x2) = (0usize, 0usize);
    let mut neg: i64 = 1;
    while byte_at(a, x1) != 0 && byte_at(b, x2) != 0 {
        let (n1, sep1) = strtol16_text(a, x1);
        let (n2, sep2) = strtol16_text(b, x2);
        if sep1 == x1 || sep2 == x2 {
            // No leading numbers: proto:port, iface, setname.
            let l1 = cspn(a, x1);
            let l2 = cspn(b, x2);
            if l1 != 0 || l2 != 0 {
                if l1 == l2 {
                    for k in 0..l1 {
                        let d = cmp_bytes(byte_at(a, x1 + k), byte_at(b, x2 + k));
                        if d != 0 {
                            return d;
                        }
                    }
                    x1 += l1 + 1;
                    x2 += l1 + 1;
                    neg = 1;
                    continue;
                }
                return if l1 < l2 { -1 } else { 1 };
            }
            // strcmp of the rest.
            let mut k = 0;
            loop {
                let (c1, c2) = (byte_at(a, x1 + k), byte_at(b, x2 + k));
                if c1 != c2 || c1 == 0 {
                    return cmp_bytes(c1, c2);
                }
                k += 1;
            }
        }
        if n1 != n2 {
            // `neg * (n1 - n2)` in C long arithmetic, returned as int.
            return neg.wrapping_mul(n1.wrapping_sub(n2)) as i32;
        }
        let (s1, s2) = (byte_at(a, sep1), byte_at(b, sep2));
        if s1 == b'/' || s2 == b'/' {
            if s1 == s2 {
                neg = -1;
            } else if s1 == b'/' {
                return 1;
            } else {
                return -1;
            }
        }
        x1 = sep1 + 1;
        x2 = sep2 + 1;
        // IPv6 "::".
        let (c1, c2) = (byte_at(a, x1), byte_at(b, x2));
        if c1 == b':' || c2 == b':' {
            if c1 == c2 {
                x1 += 1;
                x2 += 1;
            } else if c1 == b':' {
                return -1;
            } else {
                return 1;
            }
        }
    }
    if byte_at(a, x1) != 0 {
        1
    } else if byte_at(b, x2) != 0 {
        -1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> SetType {
        SetType::from_name(s).expect("type")
    }

    fn fam(s: &str) -> Family {
        match s {
            "inet6" => Family::Inet6,
            "inet" => Family::Inet,
            _ => Family::Unspec,
        }
    }

    fn cmd(s: &str) -> ElemCmd {
        match s {
            "add" => ElemCmd::Add,
            "del" => ElemCmd::Del,
            _ => ElemCmd::Test,
        }
    }

    /// Tab-separated: type, family, element, its `ipset list` member line (ipset 7.17).
    const LISTED: &str = r##"
hash:ip	inet	10.0.0.1	10.0.0.1
hash:ip	inet	1.2.3	1.2.0.3
hash:ip	inet	10	0.0.0.10
hash:ip	inet	010.0.0.1	8.0.0.1
hash:ip	inet	localhost	127.0.0.1
hash:ip	inet	[localhost]	127.0.0.1
hash:ip	inet	4294967295	255.255.255.255
hash:ip	inet6	2001:DB8::1	2001:db8::1
hash:ip	inet6	::ffff:1.2.3.4	::ffff:1.2.3.4
hash:ip	inet6	::1.2.3.4	::1.2.3.4
hash:ip	inet6	1:0:0:2:0:0:0:3	1:0:0:2::3
hash:ip	inet6	0:0:1::	0:0:1::
hash:ip	inet6	::1/128	::1
hash:net	inet	10.0.0.0/8	10.0.0.0/8
hash:net	inet	10.1.1.1	10.1.1.1
hash:net	inet	10.1.1.1/32	10.1.1.1
hash:net	inet	[10.0.0.0]/24	10.0.0.0/24
hash:net	inet	10.0.0.0/ 8	10.0.0.0/8
hash:net	inet	10.0.0.0/0x10	10.0.0.0/16
hash:net	inet6	2001:db8::/32	2001:db8::/32
hash:net	inet6	2001:db8::1/128	2001:db8::1
hash:net	inet6	2001:db8:0:0:1::/80	2001:db8:0:0:1::/80
bitmap:ip	inet	10.0.0.1	10.0.0.1
bitmap:ip	inet	10.0.0.1/32	10.0.0.1
bitmap:port	inet	80	80
bitmap:port	inet	tcp:80	80
bitmap:port	inet	udp:53	53
bitmap:port	inet	http	80
bitmap:port	inet	0x50	80
bitmap:port	inet	[http]	80
bitmap:ip,mac	inet	10.0.0.1,aa:bb:cc:dd:ee:ff	10.0.0.1,AA:BB:CC:DD:EE:FF
bitmap:ip,mac	inet	10.0.0.2	10.0.0.2
bitmap:ip,mac	inet	10.0.0.1,a:b:c:d:e:f	10.0.0.1,0A:0B:0C:0D:0E:0F
bitmap:ip,mac	inet	10.0.0.1,:2:3:4:5:6	10.0.0.1,00:02:03:04:05:06
bitmap:ip,mac	inet	10.0.0.1,1:2:3:4:5:	10.0.0.1,01:02:03:04:05:00
hash:ip,port	inet	1.1.1.1,80	1.1.1.1,tcp:80
hash:ip,port	inet	1.1.1.1,tcp:80	1.1.1.1,tcp:80
hash:ip,port	inet	1.1.1.1,udp:53	1.1.1.1,udp:53
hash:ip,port	inet	1.1.1.1,sctp:5	1.1.1.1,sctp:5
hash:ip,port	inet	1.1.1.1,udplite:6	1.1.1.1,udplite:6
hash:ip,port	inet	1.1.1.1,icmp:echo-request	1.1.1.1,icmp:echo-request
hash:ip,port	inet	1.1.1.1,icmp:ping	1.1.1.1,icmp:echo-request
hash:ip,port	inet	1.1.1.1,icmp:0/0	1.1.1.1,icmp:echo-reply
hash:ip,port	inet	1.1.1.1,icmp:3/99	1.1.1.1,icmp:3/99
hash:ip,port	inet	1.1.1.1,icmp:tos	1.1.1.1,icmp:TOS-network-unreachable
hash:ip,port	inet	1.1.1.1,ICMP:p	1.1.1.1,icmp:echo-reply
hash:ip,port	inet	1.1.1.1,icmp:255/255	1.1.1.1,icmp:255/255
hash:ip,port	inet	1.1.1.1,gre:0	1.1.1.1,gre:0
hash:ip,port	inet	1.1.1.1,esp:0	1.1.1.1,esp:0
hash:ip,port	inet	1.1.1.1,47:0	1.1.1.1,gre:0
hash:ip,port	inet	1.1.1.1,253:0	1.1.1.1,253:0
hash:ip,port	inet	1.1.1.1,010:0	1.1.1.1,egp:0
hash:ip,port	inet	1.1.1.1,6:http	1.1.1.1,tcp:80
hash:ip,port	inet	1.1.1.1,mptcp:80	1.1.1.1,tcp:80
hash:ip,port	inet	1.1.1.1,http	1.1.1.1,tcp:80
hash:ip,port	inet	1.1.1.1,udp:domain	1.1.1.1,udp:53
hash:ip,port	inet	1.1.1.1,050	1.1.1.1,tcp:40
hash:ip,port	inet	1.1.1.1,-0	1.1.1.1,tcp:0
hash:ip,port	inet	1.1.1.1,-18446744073709551615	1.1.1.1,tcp:1
hash:ip,port	inet	1.1.1.1,icmp: 8/ 1	1.1.1.1,icmp:8/1
hash:ip,port	inet6	2001:db8::1,udp:53	2001:db8::1,udp:53
hash:ip,port	inet6	2001:db8::1,ipv6-icmp:echo-request	2001:db8::1,ipv6-icmp:echo-request
hash:ip,port	inet6	::1,icmpv6:ping	::1,ipv6-icmp:echo-request
hash:ip,port	inet6	::1,ICMPv6:neigbour-advertisement	::1,ipv6-icmp:neighbour-advertisement
hash:ip,port	inet6	::1,58:1/0	::1,ipv6-icmp:no-route
hash:ip,port	inet6	::1,icmpv6:1/2	::1,ipv6-icmp:1/2
hash:ip,port	inet6	::1,icmpv6:re	::1,ipv6-icmp:redirect
hash:ip,port	inet6	::1,gre:0	::1,gre:0
hash:ip,port,ip	inet	1.1.1.1,tcp:80,2.2.2.2	1.1.1.1,tcp:80,2.2.2.2
hash:ip,port,ip	inet	1.1.1.1,80,[2.2.2.2]	1.1.1.1,tcp:80,2.2.2.2
hash:ip,port,ip	inet	1.1.1.1,udp:53,localhost	1.1.1.1,udp:53,127.0.0.1
hash:ip,port,ip	inet6	::1,80,::2	::1,tcp:80,::2
hash:ip,port,net	inet	1.1.1.1,tcp:80,2.2.0.0/16	1.1.1.1,tcp:80,2.2.0.0/16
hash:ip,port,net	inet	1.1.1.1,80,2.2.2.2	1.1.1.1,tcp:80,2.2.2.2
hash:ip,port,net	inet	1.1.1.1,80,2.2.2.2/32	1.1.1.1,tcp:80,2.2.2.2
hash:ip,port,net	inet6	::1,80,2001:db8::/32	::1,tcp:80,2001:db8::/32
hash:net,port	inet	10.0.0.0/24,udp:53	10.0.0.0/24,udp:53
hash:net,port	inet	10.0.0.1,80	10.0.0.1,tcp:80
hash:net,port	inet	10.0.0.0/24,icmp:ping	10.0.0.0/24,icmp:echo-request
hash:net,port	inet6	2001:db8::/64,sctp:9	2001:db8::/64,sctp:9
hash:net,iface	inet	10.0.0.0/8,eth0	10.0.0.0/8,eth0
hash:net,iface	inet	10.0.0.0/8,physdev:eth1	10.0.0.0/8,physdev:eth1
hash:net,iface	inet	0.0.0.0/0,eth2	0.0.0.0/0,eth2
hash:net,iface	inet	10.1.1.1,eth0	10.1.1.1,eth0
hash:net,iface	inet	10.0.0.0/8,abcdefghijklmno	10.0.0.0/8,abcdefghijklmno
hash:net,iface	inet	10.0.0.0/8,physdev:	10.0.0.0/8,physdev:
hash:net,iface	inet	10.0.0.0/8,PHYSDEV:eth0	10.0.0.0/8,PHYSDEV:eth0
hash:net,iface	inet	10.0.0.0/8,eth 0	10.0.0.0/8,eth 0
hash:net,iface	inet	10.0.0.0/8,physdev:physdev:x	10.0.0.0/8,physdev:physdev:x
hash:net,iface	inet6	2001:db8::/32,physdev:eth1	2001:db8::/32,physdev:eth1
list:set	inet	a	a
list:set	inet	a,before,b	a
list:set	inet	a,after,b	a
"##;

    /// Tab-separated: type, family, command, element, ipset's message lines joined by `|` (ipset 7.17).
    const REJECTED: &str = r##"
hash:ip	inet	add	1.1.1.256	Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:ip	inet	add	10.0.0.0/33	Syntax error: '33' is out of range 0-32
hash:ip	inet	add	10.0.0.0/x	Syntax error: 'x' is invalid as number
hash:ip	inet	add	[10.0.0.1	Syntax error: cannot find closing escape character ']' in [10.0.0.1
hash:ip	inet	add	[10.0.0.1]x	Syntax error: range separator expected after '[10.0.0.1]'
hash:ip	inet6	add	2001:db8::/32	Syntax error: plain IP address must be supplied: 2001:db8::/32
hash:ip	inet6	add	[::1	Syntax error: cannot find closing escape character ']' in [::1
hash:ip	inet6	add	1.2.3.4	Syntax error: cannot parse 1.2.3.4: resolving to IPv6 address failed
hash:net	inet	add	1.1.1.256	Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:net	inet	add	10.0.0.0/33	Syntax error: '33' is out of range 0-32
hash:net	inet	add	10.0.0.0/x	Syntax error: 'x' is invalid as number
hash:net	inet	test	10.0.0.1-10.0.0.3	FROM-TO IP range is not allowed in command test with set type hash:net and family inet
hash:net	inet	add	[10.0.0.1	Syntax error: cannot find closing escape character ']' in [10.0.0.1
hash:net	inet	add	[10.0.0.1]x	Syntax error: range separator expected after '[10.0.0.1]'
hash:net	inet6	add	2001:db8::/129	Syntax error: '129' is out of range 0-128
hash:net	inet6	add	::1-::2	Syntax error: IP address or IP/cidr must be specified: ::1-::2
hash:net	inet6	add	[::1	Syntax error: cannot find closing escape character ']' in [::1
hash:net	inet6	add	1.2.3.4	Syntax error: cannot parse 1.2.3.4: resolving to IPv6 address failed
bitmap:ip	inet	add	1.1.1.256	Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
bitmap:ip	inet	test	10.0.0.0/24	IP/CIDR range is not allowed in command test with set type bitmap:ip and family inet
bitmap:ip	inet	add	10.0.0.0/33	Syntax error: '33' is out of range 0-32
bitmap:ip	inet	add	10.0.0.0/x	Syntax error: 'x' is invalid as number
bitmap:ip	inet	test	10.0.0.1-10.0.0.3	FROM-TO IP range is not allowed in command test with set type bitmap:ip and family inet
bitmap:ip	inet	add	[10.0.0.1	Syntax error: cannot find closing escape character ']' in [10.0.0.1
bitmap:ip	inet	add	[10.0.0.1]x	Syntax error: range separator expected after '[10.0.0.1]'
bitmap:port	inet	add	sctp:5	Syntax error: Only protocols TCP and UDP are valid
bitmap:port	inet	add	gre:1	Syntax error: Protocol gre can be used with pseudo port value 0 only.
bitmap:port	inet	add	0:80	Syntax error: Protocol 0 can be used with pseudo port value 0 only.
bitmap:port	inet	add	ip:0	Syntax error: Unsupported protocol 'ip'
bitmap:port	inet	add	foo:1	Syntax error: cannot parse 'foo' as a protocol
bitmap:port	inet	add	tcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'nope' as a tcp port
bitmap:port	inet	add	99999	Syntax error: '99999' is out of range 0-65535|Syntax error: 'tcp' is invalid as number|cannot parse '99999' as a tcp port
bitmap:port	inet	test	80-82	FROM-TO port range is not allowed in command test with set type bitmap:port and family unspec
bitmap:port	inet	add	[ht]tp	Syntax error: range separator expected after '[ht]'
bitmap:port	inet	add	tcp:[a]-[b	Syntax error: cannot find closing escape character ']' in [b|cannot parse '[b' as a tcp port
bitmap:port	inet	add	mptcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'mptcp' is invalid as number|cannot parse 'nope' as a mptcp port
bitmap:port	inet	add	TCP:http	Syntax error: 'http' is invalid as number|Syntax error: 'TCP' is invalid as number|cannot parse 'http' as a TCP port
bitmap:port	inet	add	6:nope	Syntax error: 'nope' is invalid as number|cannot parse 'nope' as a 6 port
hash:ip,port	inet	add	1.1.1.1,icmp:3	Cannot parse 3 as an ICMP type/code.
hash:ip,port	inet	add	1.1.1.1,icmp:x/1	Syntax error: 'x' is invalid as number
hash:ip,port	inet	add	1.1.1.1,icmp:256/0	Syntax error: '256' is out of range 0-255
hash:ip,port	inet	add	1.1.1.1,gre:1	Syntax error: Protocol gre can be used with pseudo port value 0 only.
hash:ip,port	inet	add	1.1.1.1,0:80	Syntax error: Protocol 0 can be used with pseudo port value 0 only.
hash:ip,port	inet	add	1.1.1.1,ip:0	Syntax error: Unsupported protocol 'ip'
hash:ip,port	inet	add	1.1.1.1,foo:1	Syntax error: cannot parse 'foo' as a protocol
hash:ip,port	inet	add	1.1.1.1,tcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'nope' as a tcp port
hash:ip,port	inet	add	1.1.1.1,99999	Syntax error: '99999' is out of range 0-65535|Syntax error: 'tcp' is invalid as number|cannot parse '99999' as a tcp port
hash:ip,port	inet	test	1.1.1.1,80-82	FROM-TO port range is not allowed in command test with set type hash:ip,port and family inet
hash:ip,port	inet	add	1.1.1.1,[ht]tp	Syntax error: range separator expected after '[ht]'
hash:ip,port	inet	add	1.1.1.1,tcp:[a]-[b	Syntax error: cannot find closing escape character ']' in [b|cannot parse '[b' as a tcp port
hash:ip,port	inet	add	1.1.1.1,mptcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'mptcp' is invalid as number|cannot parse 'nope' as a mptcp port
hash:ip,port	inet	add	1.1.1.1,TCP:http	Syntax error: 'http' is invalid as number|Syntax error: 'TCP' is invalid as number|cannot parse 'http' as a TCP port
hash:ip,port	inet	add	1.1.1.1,6:nope	Syntax error: 'nope' is invalid as number|cannot parse 'nope' as a 6 port
hash:ip,port	inet	add	1.1.1.1,icmpv6:ping	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Invalid add command: missing setname
hash:ip,port	inet	del	1.1.1.1,icmpv6:ping	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port	inet	test	1.1.1.1,icmpv6:ping	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port	inet	add	1.1.1.1,	Syntax error: Second element is missing from 1.1.1.1,.
hash:ip,port	inet	test	1.1.1.0/30,80	IP/CIDR range is not allowed in command test with set type hash:ip,port and family inet
hash:ip,port	inet	test	1.1.1.1-1.1.1.2,80	FROM-TO IP range is not allowed in command test with set type hash:ip,port and family inet
hash:ip,port	inet6	add	::1,icmp:echo-request	Syntax error: Protocol ICMP can be used with family inet only|Invalid add command: missing setname
hash:ip,port	inet6	del	::1,icmp:echo-request	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port	inet6	test	::1,icmp:echo-request	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port	inet6	add	::1,gre:1	Syntax error: Protocol gre can be used with pseudo port value 0 only.
hash:ip,port	inet6	add	::1,0:80	Syntax error: Protocol 0 can be used with pseudo port value 0 only.
hash:ip,port	inet6	add	::1,ip:0	Syntax error: Unsupported protocol 'ip'
hash:ip,port	inet6	add	::1,foo:1	Syntax error: cannot parse 'foo' as a protocol
hash:ip,port	inet6	add	::1,tcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'nope' as a tcp port
hash:ip,port	inet6	add	::1,99999	Syntax error: '99999' is out of range 0-65535|Syntax error: 'tcp' is invalid as number|cannot parse '99999' as a tcp port
hash:ip,port	inet6	test	::1,80-82	FROM-TO port range is not allowed in command test with set type hash:ip,port and family inet6
hash:ip,port	inet6	add	::1,[ht]tp	Syntax error: range separator expected after '[ht]'
hash:ip,port	inet6	add	::1,tcp:[a]-[b	Syntax error: cannot find closing escape character ']' in [b|cannot parse '[b' as a tcp port
hash:ip,port	inet6	add	::1,mptcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'mptcp' is invalid as number|cannot parse 'nope' as a mptcp port
hash:ip,port	inet6	add	::1,TCP:http	Syntax error: 'http' is invalid as number|Syntax error: 'TCP' is invalid as number|cannot parse 'http' as a TCP port
hash:ip,port	inet6	add	::1,6:nope	Syntax error: 'nope' is invalid as number|cannot parse 'nope' as a 6 port
hash:ip,port	inet6	add	::1,icmpv6:x	Cannot parse x as an ICMPv6 type/code.
hash:ip,port	inet6	add	::1,	Syntax error: Second element is missing from ::1,.
hash:ip,port	inet6	test	::1/128,80	IP/CIDR range is not allowed in command test with set type hash:ip,port and family inet6
hash:ip,port	inet6	add	::1-::2,80	Syntax error: plain IP address must be supplied: ::1-::2
hash:net,port	inet	add	10.0.0.0/24,icmp:3	Cannot parse 3 as an ICMP type/code.
hash:net,port	inet	add	10.0.0.0/24,icmp:x/1	Syntax error: 'x' is invalid as number
hash:net,port	inet	add	10.0.0.0/24,icmp:256/0	Syntax error: '256' is out of range 0-255
hash:net,port	inet	add	10.0.0.0/24,gre:1	Syntax error: Protocol gre can be used with pseudo port value 0 only.
hash:net,port	inet	add	10.0.0.0/24,0:80	Syntax error: Protocol 0 can be used with pseudo port value 0 only.
hash:net,port	inet	add	10.0.0.0/24,ip:0	Syntax error: Unsupported protocol 'ip'
hash:net,port	inet	add	10.0.0.0/24,foo:1	Syntax error: cannot parse 'foo' as a protocol
hash:net,port	inet	add	10.0.0.0/24,tcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'nope' as a tcp port
hash:net,port	inet	add	10.0.0.0/24,99999	Syntax error: '99999' is out of range 0-65535|Syntax error: 'tcp' is invalid as number|cannot parse '99999' as a tcp port
hash:net,port	inet	test	10.0.0.0/24,80-82	FROM-TO port range is not allowed in command test with set type hash:net,port and family inet
hash:net,port	inet	add	10.0.0.0/24,[ht]tp	Syntax error: range separator expected after '[ht]'
hash:net,port	inet	add	10.0.0.0/24,tcp:[a]-[b	Syntax error: cannot find closing escape character ']' in [b|cannot parse '[b' as a tcp port
hash:net,port	inet	test	10.0.0.1-10.0.0.2,80	FROM-TO IP range is not allowed in command test with set type hash:net,port and family inet
hash:net,port	inet6	add	2001:db8::/64,icmp:echo-request	Syntax error: Protocol ICMP can be used with family inet only|Invalid add command: missing setname
hash:net,port	inet6	del	2001:db8::/64,icmp:echo-request	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:net,port	inet6	test	2001:db8::/64,icmp:echo-request	Syntax error: Protocol ICMP can be used with family inet only|Invalid test command: missing setname
hash:net,port	inet6	add	2001:db8::/64,gre:1	Syntax error: Protocol gre can be used with pseudo port value 0 only.
hash:net,port	inet6	add	2001:db8::/64,0:80	Syntax error: Protocol 0 can be used with pseudo port value 0 only.
hash:net,port	inet6	add	2001:db8::/64,ip:0	Syntax error: Unsupported protocol 'ip'
hash:net,port	inet6	add	2001:db8::/64,foo:1	Syntax error: cannot parse 'foo' as a protocol
hash:net,port	inet6	add	2001:db8::/64,tcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'nope' as a tcp port
hash:net,port	inet6	add	2001:db8::/64,99999	Syntax error: '99999' is out of range 0-65535|Syntax error: 'tcp' is invalid as number|cannot parse '99999' as a tcp port
hash:net,port	inet6	test	2001:db8::/64,80-82	FROM-TO port range is not allowed in command test with set type hash:net,port and family inet6
hash:net,port	inet6	add	2001:db8::/64,[ht]tp	Syntax error: range separator expected after '[ht]'
hash:net,port	inet6	add	2001:db8::/64,tcp:[a]-[b	Syntax error: cannot find closing escape character ']' in [b|cannot parse '[b' as a tcp port
hash:ip,port,ip	inet	add	1.1.1.1,80,1.1.1.256	Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:ip,port,ip	inet	add	1.1.1.1,80,	Syntax error: Second element is missing from 1.1.1.1,80,.
hash:ip,port,ip	inet	add	1.1.1.1,80,10.0.0.0/24	Syntax error: plain IP address must be supplied: 10.0.0.0/24
hash:ip,port,ip	inet	add	1.1.1.1,80,10.0.0.1/32	There are not allowed options (28) but can't resolve them. It's a bug, please report the problem.
hash:ip,port,ip	inet	del	1.1.1.1,80,10.0.0.1/32	There are not allowed options (28) but option list is empty. It's a bug, please report the problem.
hash:ip,port,ip	inet	test	1.1.1.1,80,10.0.0.1/32	There are not allowed options (28) but option list is empty. It's a bug, please report the problem.
hash:ip,port,ip	inet	add	1.1.1.1,icmpv6:1/0,10.0.0.1	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Invalid add command: missing setname
hash:ip,port,ip	inet	del	1.1.1.1,icmpv6:1/0,10.0.0.1	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,ip	inet	test	1.1.1.1,icmpv6:1/0,10.0.0.1	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,ip	inet	add	1.1.1.1,icmpv6:1/0,1.1.1.256	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:ip,port,ip	inet	add	1.1.1.1,icmpv6:1/0,10.0.0.0/24	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Syntax error: plain IP address must be supplied: 10.0.0.0/24
hash:ip,port,ip	inet	test	1.1.1.1,tcp:80-81,10.0.0.1	FROM-TO port range is not allowed in command test with set type hash:ip,port,ip and family inet
hash:ip,port,ip	inet6	add	::1,80,2001:db8::/32	Syntax error: plain IP address must be supplied: 2001:db8::/32
hash:ip,port,ip	inet6	add	::1,80,2001:db8::1/128	There are not allowed options (28) but can't resolve them. It's a bug, please report the problem.
hash:ip,port,ip	inet6	del	::1,80,2001:db8::1/128	There are not allowed options (28) but option list is empty. It's a bug, please report the problem.
hash:ip,port,ip	inet6	test	::1,80,2001:db8::1/128	There are not allowed options (28) but option list is empty. It's a bug, please report the problem.
hash:ip,port,ip	inet6	add	::1,80,[::1	Syntax error: cannot find closing escape character ']' in [::1
hash:ip,port,ip	inet6	add	::1,80,1.2.3.4	Syntax error: cannot parse 1.2.3.4: resolving to IPv6 address failed
hash:ip,port,ip	inet6	add	::1,80,	Syntax error: Second element is missing from ::1,80,.
hash:ip,port,ip	inet6	add	::1,icmp:ping,::1	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: cannot parse ::1: resolving to IPv4 address failed
hash:ip,port,ip	inet6	add	::1,icmp:ping,2001:db8::1/128	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: plain IP address must be supplied: 2001:db8::1/128
hash:ip,port,ip	inet6	add	::1,icmp:ping,[::1	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: cannot find closing escape character ']' in [::1
hash:ip,port,ip	inet6	add	::1,icmp:ping,1.2.3.4	Syntax error: Protocol ICMP can be used with family inet only|Invalid add command: missing setname
hash:ip,port,ip	inet6	del	::1,icmp:ping,1.2.3.4	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,ip	inet6	test	::1,icmp:ping,1.2.3.4	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,net	inet	add	1.1.1.1,80,1.1.1.256	Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:ip,port,net	inet	add	1.1.1.1,80,	Syntax error: Second element is missing from 1.1.1.1,80,.
hash:ip,port,net	inet	add	1.1.1.1,80,10.0.0.0/33	Syntax error: '33' is out of range 0-32
hash:ip,port,net	inet	add	1.1.1.1,80,10.0.0.0/x	Syntax error: 'x' is invalid as number
hash:ip,port,net	inet	add	1.1.1.1,icmpv6:1/0,10.0.0.1	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Invalid add command: missing setname
hash:ip,port,net	inet	del	1.1.1.1,icmpv6:1/0,10.0.0.1	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,net	inet	test	1.1.1.1,icmpv6:1/0,10.0.0.1	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Invalid test command: missing setname
hash:ip,port,net	inet	add	1.1.1.1,icmpv6:1/0,1.1.1.256	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:ip,port,net	inet	add	1.1.1.1,icmpv6:1/0,10.0.0.0/33	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Syntax error: '33' is out of range 0-32
hash:ip,port,net	inet	add	1.1.1.1,icmpv6:1/0,10.0.0.0/x	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Syntax error: 'x' is invalid as number
hash:ip,port,net	inet6	add	::1,80,2001:db8::/129	Syntax error: '129' is out of range 0-128
hash:ip,port,net	inet6	add	::1,80,::1-::2	Syntax error: IP address or IP/cidr must be specified: ::1-::2
hash:ip,port,net	inet6	add	::1,80,[::1	Syntax error: cannot find closing escape character ']' in [::1
hash:ip,port,net	inet6	add	::1,80,1.2.3.4	Syntax error: cannot parse 1.2.3.4: resolving to IPv6 address failed
hash:ip,port,net	inet6	add	::1,80,	Syntax error: Second element is missing from ::1,80,.
hash:ip,port,net	inet6	add	::1,icmp:ping,::1	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: cannot parse ::1: resolving to IPv4 address failed
hash:ip,port,net	inet6	add	::1,icmp:ping,2001:db8::1/128	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: '128' is out of range 0-32
hash:ip,port,net	inet6	add	::1,icmp:ping,[::1	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: cannot find closing escape character ']' in [::1
hash:ip,port,net	inet6	add	::1,icmp:ping,1.2.3.4	Syntax error: Protocol ICMP can be used with family inet only|Invalid add command: missing setname
hash:ip,port,net	inet6	del	::1,icmp:ping,1.2.3.4	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,net	inet6	test	::1,icmp:ping,1.2.3.4	Syntax error: Protocol ICMP can be used with family inet only|Invalid test command: missing setname
bitmap:ip,mac	inet	add	10.0.0.1,aa:bb:cc:dd:ee	Syntax error: cannot parse 'aa:bb:cc:dd:ee' as ethernet address
bitmap:ip,mac	inet	add	10.0.0.1/32,aa:bb:cc:dd:ee:ff	IP/CIDR range is not allowed in command add with set type bitmap:ip,mac and family inet
bitmap:ip,mac	inet	del	10.0.0.1/32,aa:bb:cc:dd:ee:ff	IP/CIDR range is not allowed in command del with set type bitmap:ip,mac and family inet
bitmap:ip,mac	inet	test	10.0.0.1/32,aa:bb:cc:dd:ee:ff	IP/CIDR range is not allowed in command test with set type bitmap:ip,mac and family inet
bitmap:ip,mac	inet	add	10.0.0.1-10.0.0.2	Syntax error: plain IP address must be supplied: 10.0.0.1-10.0.0.2
bitmap:ip,mac	inet	add	10.0.0.1,1:2:3:4:5:6,x	Syntax error: Two elem separators in 10.0.0.1,1:2:3:4:5:6,x, but settype bitmap:ip,mac supports one.
hash:net,iface	inet	add	10.0.0.0/8,abcdefghijklmnop	Syntax error: interface name 'abcdefghijklmnop' is longer than 15 characters
hash:net,iface	inet	test	10.0.0.1-10.0.0.2,eth0	FROM-TO IP range is not allowed in command test with set type hash:net,iface and family inet
hash:net,iface	inet	add	10.0.0.0/8	Syntax error: Second element is missing from 10.0.0.0/8.
hash:net,iface	inet6	add	2001:db8::/32,abcdefghijklmnop	Syntax error: interface name 'abcdefghijklmnop' is longer than 15 characters
list:set	inet	add	a,before	you must specify elements as setname,[before|after],setname
list:set	inet	add	abcdefghijklmnopqrstuvwxyz123456	Syntax error: setname 'abcdefghijklmnopqrstuvwxyz123456' is longer than 31 characters
hash:ip	inet	add	1.1.1.1,80,2.2.2.2,3	Syntax error: Elem separator in 1.1.1.1,80,2.2.2.2,3, but settype hash:ip supports none.
hash:ip,port	inet	add	1.1.1.1,80,2.2.2.2,3	Syntax error: Two elem separators in 1.1.1.1,80,2.2.2.2,3, but settype hash:ip,port supports one.
hash:ip,port,ip	inet	add	1.1.1.1,80,2.2.2.2,3	Syntax error: Three elem separators in 1.1.1.1,80,2.2.2.2,3, but settype hash:ip,port,ip supports two.
hash:ip,port,ip	inet	add	1.1.1.1,,80	Syntax error: Third element is missing from 1.1.1.1,,80.
hash:net,iface	inet	add	1.1.1.1,80,2.2.2.2,3	Syntax error: Two elem separators in 1.1.1.1,80,2.2.2.2,3, but settype hash:net,iface supports one.
hash:net,port	inet	test	10.0.0.0/8imp:8/	Syntax error: Second element is missing from 10.0.0.0/8imp:8/.
hash:net,port	inet	test	10..0.0.0/8,icmpd8/0	Syntax error: cannot parse 10..0.0.0: resolving to IPv4 address failed
hash:ip,port	inet6	add	:1,udp53	Syntax error: cannot parse :1: resolving to IPv6 address failed
hash:ip,port	inet6	test	::01,udp:5x3	Syntax error: '5x3' is invalid as number|Syntax error: 'udp' is invalid as number|cannot parse '5x3' as a udp port
hash:net,port	inet	add	10.0.,0.0/8,icmp:8/0	Syntax error: Two elem separators in 10.0.,0.0/8,icmp:8/0, but settype hash:net,port supports one.
hash:ip,port	inet	add	1..1.1.1,tcp:80	Syntax error: cannot parse 1..1.1.1: resolving to IPv4 address failed
hash:net	inet	test	1,.0.0.0/24	Syntax error: Elem separator in 1,.0.0.0/24, but settype hash:net supports none.
hash:ip,port	inet6	add	::1,ddp:3	Syntax error: Protocol ddp can be used with pseudo port value 0 only.
bitmap:port	inet	add	tcp,:0-82	Syntax error: Elem separator in tcp,:0-82, but settype bitmap:port supports none.
hash:ip,port	inet6	add	:,:1,udp:	Syntax error: Two elem separators in :,:1,udp:, but settype hash:ip,port supports one.
hash:net	inet6	add	c/f01:db8::/48	Syntax error: 'f01:db8::/48' is invalid as number
hash:ip,port,ip	inet	del	1.1.1.1,udp:,2.2.2.2	Syntax error: 'udp:' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'udp:' as a tcp port
hash:ip,port	inet6	del	::1,icmpv6:1/	Cannot parse 1/ as an ICMPv6 type/code.
bitmap:ip,mac	inet	test	10.0.081,aa:bb:c:dd:ee:ff	Syntax error: cannot parse 10.0.081: resolving to IPv4 address failed
hash:ip,port,net	inet	add	1.1c.1.18,800/16	Syntax error: Third element is missing from 1.1c.1.18,800/16.
hash:ip,port,net	inet6	add	:p1/8,2001:db8::/32	Syntax error: Third element is missing from :p1/8,2001:db8::/32.
hash:ip,port,ip	inet	test	1.1.1.1,udp:5d,2.2.2.2	Syntax error: '5d' is invalid as number|Syntax error: 'udp' is invalid as number|cannot parse '5d' as a udp port
hash:ip,port,net	inet	test	1.1.1.1,c0,2.2.0.0/1t	Syntax error: 'c0' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'c0' as a tcp port
hash:net	inet6	test	2001:d,b8::/pp8	Syntax error: Elem separator in 2001:d,b8::/pp8, but settype hash:net supports none.
bitmap:ip	inet	del	10.0..1,-.!0.0.0.3	Syntax error: Elem separator in 10.0..1,-.!0.0.0.3, but settype bitmap:ip supports none.
hash:net,iface	inet	add	10.0..0/8,physdev:eth0	Syntax error: cannot parse 10.0..0: resolving to IPv4 address failed
hash:ip,port,net	inet6	test	::1,:80,200a1:2	Syntax error: ':80' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse ':80' as a tcp port
hash:ip,port,net	inet6	del	::1,80,2001:/3u	Syntax error: '3u' is invalid as number
hash:ip,port,ip	inet	test	1.1.1.1,u3dp:53,2.2.2.9	Syntax error: cannot parse 'u3dp' as a protocol
hash:ip	inet6	test	2001:db8::,1	Syntax error: Elem separator in 2001:db8::,1, but settype hash:ip supports none.
hash:ip,port	inet6	add	::1,icmpv6:1/0d	Syntax error: '0d' is invalid as number
hash:net,iface	inet	del	!10.0.0./8],physdh0	Syntax error: '8]' is invalid as number
hash:ip,port,net	inet6	del	:/1,80,2001:db8::/32	Syntax error: plain IP address must be supplied: :/1
hash:net,port	inet	add	[0.0.0.0/8,idmp:8/0	Syntax error: cannot find closing escape character ']' in [0.0.0.0
hash:net,iface	inet	add	[0.0.30.0/8,physdev:eth0	Syntax error: cannot find closing escape character ']' in [0.0.30.0
hash:ip,port,net	inet	add	1.1.1.1,8:up,2.2.0.0/11	Syntax error: Protocol 8 can be used with pseudo port value 0 only.
hash:ip,port,net	inet	add	1.1.1.1,8,2.2.,.0/16	Syntax error: Three elem separators in 1.1.1.1,8,2.2.,.0/16, but settype hash:ip,port,net supports two.
hash:ip,port	inet6	add	::1,udp:-5	Syntax error: '-5' is out of range 0-65535|Syntax error: 'udp' is invalid as number|cannot parse '-5' as a udp port
"##;

    /// Tab-separated: type, family, element, the element in `ipset test`'s message (ipset 7.17).
    const TESTED: &str = r##"
bitmap:ip,mac	inet	10.0.0.1,aa:bb:cc:dd:ee:ff	10.0.0.1,AA:BB:CC:DD:EE:FF
hash:ip	inet6	2001:d3b8::1	2001:d3b8::1
list:set	inet	nonexist	nonexist
hash:ip,port	inet6	::1,-0	::1,tcp:0
hash:ip	inet	1.0.0	1.0.0.0
hash:ip	inet6	db8::1	db8::1
hash:ip,port	inet6	2::1,udp:5	2::1,udp:5
hash:ip,port	inet6	::1,3	::1,tcp:3
hash:net	inet	10.4.0.0/24	10.4.0.0/24
hash:ip,port,net	inet6	::1,80,::1	::1,tcp:80,::1
hash:net	inet6	2001:db8::/0	2001:db8::/0
hash:net	inet6	1:2:3:4:5:6:7:8	1:2:3:4:5:6:7:8
hash:net,iface	inet	10.00.0/8,pysdev:eth0	10.0.0.0/8,pysdev:eth0
hash:net	inet	10.0.0.2	10.0.0.2
hash:ip,port,net	inet	1.1.1.1,80,10.0.0.0/ 8	1.1.1.1,tcp:80,10.0.0.0/8
hash:ip,port	inet6	::1,60	::1,tcp:60
hash:net,port	inet	10.0.0.0/24,sctp:5	10.0.0.0/24,sctp:5
hash:ip,port	inet	1.11.1,tcp:80	1.11.0.1,tcp:80
bitmap:ip,mac	inet	10.0.0.1,a:bb:c:dd:ee:ff	10.0.0.1,0A:BB:0C:DD:EE:FF
hash:net,iface	inet	10,phpsdev:th/	0.0.0.10,phpsdev:th/
hash:net	inet	1/24	0.0.0.1/24
hash:ip,port	inet6	::1,050	::1,tcp:40
hash:ip,port,net	inet6	::1,80,2001:db::/32	::1,tcp:80,2001:db::/32
hash:ip	inet6	2001:db80::	2001:db80::
hash:net,port	inet6	2001:db8::/64,udp:53	2001:db8::/64,udp:53
hash:net,iface	inet	0.0.0.0/0,eth0:1	0.0.0.0/0,eth0:1
list:set	inet	a,before,b	a after b
hash:ip	inet	1.2.3.04	1.2.3.4
hash:ip	inet	10.0.0.8	10.0.0.8
hash:net,iface	inet	10.0.0.0/8,ünï	10.0.0.0/8,ünï
hash:net,iface	inet6	2001:db8::/32,eth0:1	2001:db8::/32,eth0:1
hash:ip,port,net	inet	1.1.1.1,80,010.0.0.1	1.1.1.1,tcp:80,8.0.0.1
hash:ip,port,net	inet	1.1.1.1,80,2.2.0.0/16	1.1.1.1,tcp:80,2.2.0.0/16
hash:net	inet6	2001:9b87::/48	2001:9b87::/48
hash:ip	inet	10.0.0	10.0.0.0
bitmap:port	inet	80	80
hash:net	inet	0.0.0.0/24	0.0.0.0/24
hash:net	inet	10.0.0.024	10.0.0.20
hash:net,iface	inet	10.0.0.0/8,abcdefghijklmno	10.0.0.0/8,abcdefghijklmno
hash:net	inet	010.0.0.1	8.0.0.1
hash:net,iface	inet6	2001:db8::/32,abcdefghijklmno	2001:db8::/32,abcdefghijklmno
hash:ip,port,net	inet6	::1,80,2001:db85::/3	::1,tcp:80,2001:db85::/3
hash:net,port	inet	10.0.0.0/24,esp:0	10.0.0.0/24,esp:0
hash:net	inet	0.0.0.0	0.0.0.0
hash:ip,port	inet	1.1.1.1,253:0	1.1.1.1,253:0
hash:ip,port,net	inet	1.1.1.1,80,localhost	1.1.1.1,tcp:80,127.0.0.1
hash:ip,port,net	inet6	::1,80,0:0:1::	::1,tcp:80,0:0:1::
hash:net,port	inet6	2001:db8::/64,sctp:5	2001:db8::/64,sctp:5
hash:ip,port,net	inet6	b::,80,2001:db8::/32	b::,tcp:80,2001:db8::/32
hash:ip,port	inet	1.1.1.1,icmp:tos	1.1.1.1,icmp:TOS-network-unreachable
list:set	inet	acb	acb
hash:net	inet	1.2.3	1.2.0.3
hash:ip,port	inet6	::1,udp:58	::1,udp:58
hash:ip,port,ip	inet6	::1,80,::1.2.3.4	::1,tcp:80,::1.2.3.4
hash:ip	inet	110.50.1	110.50.0.1
list:set	inet	a,beforge,	a,beforge,
hash:ip	inet6	::	::
hash:net	inet6	::1	::1
hash:ip,port	inet6	::1,010:0	::1,egp:0
bitmap:port	inet	5	5
"##;

    fn rows(table: &str, n: usize) -> impl Iterator<Item = Vec<&str>> {
        table.lines().filter(|l| !l.is_empty()).map(move |l| {
            let v: Vec<&str> = l.split('\t').collect();
            assert_eq!(v.len(), n, "{l}");
            v
        })
    }

    fn fam_for(t: SetType, f: &str) -> Family {
        if t == SetType::BitmapPort || t == SetType::ListSet {
            Family::Unspec
        } else {
            fam(f)
        }
    }

    #[test]
    fn listed_forms() {
        for r in rows(LISTED, 4) {
            let (t, f, elem, want) = (r[0], r[1], r[2], r[3]);
            let t = ty(t);
            let f = fam_for(t, f);
            let e =
                parse_element(elem, t, f, ElemCmd::Add).unwrap_or_else(|e| panic!("{elem}: {e}"));
            let mut s = String::new();
            format_element(&e, t, f, &mut s);
            assert_eq!(s, want, "{elem} ({t})");
        }
    }

    #[test]
    fn rejected_forms() {
        for r in rows(REJECTED, 5) {
            let (t, f, c, elem, want) = (r[0], r[1], r[2], r[3], r[4]);
            let t = ty(t);
            let f = fam_for(t, f);
            match parse_element(elem, t, f, cmd(c)) {
                Ok(e) => panic!("{t} {c} {elem:?} accepted: {e:?}, ipset says {want}"),
                Err(e) => assert_eq!(e.lines.join("|"), want, "{t} {c} {elem:?}"),
            }
        }
    }

    #[test]
    fn test_messages() {
        for r in rows(TESTED, 4) {
            let (t, f, elem, want) = (r[0], r[1], r[2], r[3]);
            let t = ty(t);
            let f = fam_for(t, f);
            let e =
                parse_element(elem, t, f, ElemCmd::Test).unwrap_or_else(|e| panic!("{elem}: {e}"));
            let mut s = String::new();
            format_element_for_message(&e, t, f, &mut s);
            assert_eq!(s, want, "{elem} ({t})");
        }
        // list:set prints "after" even for "before"; physdev is not shown in messages.
        let e = parse_element(
            "a,before,b",
            SetType::ListSet,
            Family::Unspec,
            ElemCmd::Test,
        )
        .unwrap();
        let mut s = String::new();
        format_element_for_message(&e, SetType::ListSet, Family::Unspec, &mut s);
        assert_eq!(s, "a after b");
        let e = parse_element(
            "10.0.0.0/8,physdev:eth1",
            SetType::HashNetIface,
            Family::Inet,
            ElemCmd::Test,
        )
        .unwrap();
        let mut s = String::new();
        format_element_for_message(&e, SetType::HashNetIface, Family::Inet, &mut s);
        assert_eq!(s, "10.0.0.0/8,eth1");
        s.clear();
        format_element(&e, SetType::HashNetIface, Family::Inet, &mut s);
        assert_eq!(s, "10.0.0.0/8,physdev:eth1");
    }

    #[test]
    fn elements_as_in_captures() {
        let v4 = |s: &str| Some(IpAddr::V4(s.parse().unwrap()));
        let e = parse_element(
            "1.1.1.1,80",
            SetType::HashIpPort,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap();
        assert_eq!(
            (e.ip, e.port, e.proto, e.port_to),
            (v4("1.1.1.1"), Some(80), Some(6), None)
        );
        let e = parse_element(
            "1.1.1.1,icmp:echo-request",
            SetType::HashIpPort,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap();
        assert_eq!((e.port, e.proto), (Some(0x0800), Some(1)));
        let e = parse_element(
            "2001:db8::1,ipv6-icmp:echo-request",
            SetType::HashIpPort,
            Family::Inet6,
            ElemCmd::Add,
        )
        .unwrap();
        assert_eq!((e.port, e.proto), (Some(0x8000), Some(58)));
        let e = parse_element(
            "1.1.1.1,tcp:80-82",
            SetType::HashIpPort,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap();
        assert_eq!((e.port, e.port_to), (Some(80), Some(82)));
        let e = parse_element("10.0.0.0/8", SetType::HashNet, Family::Inet, ElemCmd::Add).unwrap();
        assert_eq!((e.ip, e.cidr, e.ip_to), (v4("10.0.0.0"), Some(8), None));
        let e = parse_element(
            "10.1.1.1-10.1.1.20",
            SetType::HashNet,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap();
        assert_eq!(
            (e.ip, e.cidr, e.ip_to),
            (v4("10.1.1.1"), None, v4("10.1.1.20"))
        );
        let e = parse_element("tcp:80", SetType::BitmapPort, Family::Unspec, ElemCmd::Add).unwrap();
        assert_eq!((e.port, e.proto), (Some(80), None));
        let e =
            parse_element("100-110", SetType::BitmapPort, Family::Unspec, ElemCmd::Add).unwrap();
        assert_eq!((e.port, e.port_to), (Some(100), Some(110)));
        let e = parse_element(
            "10.0.0.0/8,physdev:eth1",
            SetType::HashNetIface,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap();
        assert!(e.physdev);
        assert_eq!(e.iface.as_deref(), Some("eth1"));
        let e = parse_element("a", SetType::ListSet, Family::Unspec, ElemCmd::Add).unwrap();
        assert_eq!((e.name.as_deref(), e.reference), (Some("a"), None));
        let e =
            parse_element("a,before,b", SetType::ListSet, Family::Unspec, ElemCmd::Add).unwrap();
        assert_eq!(e.reference, Some((BEFORE, "b".to_string())));
        let e = parse_element("a,after,b", SetType::ListSet, Family::Unspec, ElemCmd::Add).unwrap();
        assert_eq!(e.reference, Some((AFTER, "b".to_string())));
        let e = parse_element(
            "1.1.1.1,tcp:80,2.2.0.0/16",
            SetType::HashIpPortNet,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap();
        assert_eq!((e.ip2, e.cidr2), (v4("2.2.0.0"), Some(16)));
        let e = parse_element(
            "10.0.0.1,aa:bb:cc:dd:ee:ff",
            SetType::BitmapIpMac,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap();
        assert_eq!(e.mac, Some([0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]));
        // hash:net keeps a host /32 as given (the kernel is sent CIDR 32).
        let e = parse_element("10.1.1.1/32", SetType::HashNet, Family::Inet, ElemCmd::Add).unwrap();
        assert_eq!(e.cidr, Some(32));
        // gre: pseudo port 0 is sent.
        let e = parse_element(
            "1.1.1.1,gre:0",
            SetType::HashIpPort,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap();
        assert_eq!((e.port, e.proto), (Some(0), Some(47)));
    }

    #[test]
    fn types_without_kernel_support() {
        // hash:ip,mark, hash:mac, hash:ip,mac, hash:net,net, hash:net,port,net (userspace rules).
        let e = parse_element(
            "1.1.1.1,10",
            SetType::HashIpMark,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap();
        let mut s = String::new();
        format_element(&e, SetType::HashIpMark, Family::Inet, &mut s);
        assert_eq!(s, "1.1.1.1,0x0000000a");
        let err = parse_element(
            "1.1.1.1,4294967296",
            SetType::HashIpMark,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap_err();
        assert_eq!(
            err.lines,
            ["Syntax error: '4294967296' is out of range 0-4294967295"]
        );
        let e = parse_element(
            "aa:bb:cc:dd:ee:ff",
            SetType::HashMac,
            Family::Unspec,
            ElemCmd::Add,
        )
        .unwrap();
        let mut s = String::new();
        format_element(&e, SetType::HashMac, Family::Unspec, &mut s);
        assert_eq!(s, "AA:BB:CC:DD:EE:FF");
        let err = parse_element(
            "1.1.1.1-1.1.1.2,aa:bb:cc:dd:ee:ff",
            SetType::HashIpMac,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap_err();
        assert_eq!(
            err.lines,
            [
                "FROM-TO IP range is not allowed in command add with set type hash:ip,mac and family inet"
            ]
        );
        let e = parse_element(
            "10.0.0.0/8,192.168.0.0/16",
            SetType::HashNetNet,
            Family::Inet,
            ElemCmd::Test,
        )
        .unwrap();
        let mut s = String::new();
        format_element(&e, SetType::HashNetNet, Family::Inet, &mut s);
        assert_eq!(s, "10.0.0.0/8,192.168.0.0/16");
        let e = parse_element(
            "10.0.0.0/8,udp:53,192.168.0.1",
            SetType::HashNetPortNet,
            Family::Inet,
            ElemCmd::Add,
        )
        .unwrap();
        let mut s = String::new();
        format_element(&e, SetType::HashNetPortNet, Family::Inet, &mut s);
        assert_eq!(s, "10.0.0.0/8,udp:53,192.168.0.1");
        let err = parse_element(
            "10.0.0.0/8,80-81,1.1.1.1",
            SetType::HashNetPortNet,
            Family::Inet,
            ElemCmd::Test,
        )
        .unwrap_err();
        assert_eq!(
            err.lines,
            [
                "FROM-TO port range is not allowed in command test with set type hash:net,port,net and family inet"
            ]
        );
    }

    #[test]
    fn no_panics_on_odd_input() {
        let odd = [
            "",
            ",",
            "-",
            "/",
            ":",
            "[",
            "]",
            "[]",
            "[-]",
            "-[",
            ",,",
            ",,,",
            "::",
            ":::",
            "/0",
            "/-1",
            "1/",
            "-/",
            "99999999999999999999999999999",
            "0x",
            "0x-",
            "+",
            "+-1",
            " ",
            "\t",
            "\u{e9}\u{fc}",
            "\u{1F600},\u{1F600}",
            "1.1.1.1,\u{1F600}:80",
            "[\u{1F600}]-[\u{1F600}]",
            "a\0b",
            "icmp:",
            "1.1.1.1,icmp:/",
            "1.1.1.1,icmp:0/",
            "1.1.1.1,tcp:-",
            "1.1.1.1,tcp:[",
            "1.1.1.1,tcp:[]-[]",
            "1.1.1.1,tcp:[a]-",
            "physdev:",
            ",physdev:",
            "1,before,",
            ",before,x",
            "a,after,b,c,d",
            "\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}",
        ];
        for t in SetType::ALL {
            let fams: &[Family] = match t.family_kind() {
                crate::set::FamilyKind::InetOnly => &[Family::Inet],
                crate::set::FamilyKind::Both => &[Family::Inet, Family::Inet6],
                crate::set::FamilyKind::Neutral => &[Family::Unspec],
            };
            for &f in fams {
                for c in [ElemCmd::Add, ElemCmd::Test] {
                    for s in odd {
                        if let Ok(e) = parse_element(s, t, f, c) {
                            let mut out = String::new();
                            format_element(&e, t, f, &mut out);
                            format_element_for_message(&e, t, f, &mut out);
                        }
                    }
                }
            }
        }
        // Formatting an empty element of every type must not panic either.
        for t in SetType::ALL {
            let mut out = String::new();
            format_element(&Element::default(), t, Family::Inet, &mut out);
        }
        for a in odd {
            for b in odd {
                let _ = compare_printed(a, b);
            }
        }
    }

    #[test]
    fn restore_mode_lines() {
        let lines = |t, f, c, s| parse_element(s, t, f, c).unwrap_err().restore_lines(4);
        let (ipp, ipv4) = (SetType::HashIpPort, Family::Inet);
        assert_eq!(
            lines(ipp, ipv4, ElemCmd::Add, "1.1.1.1,nope"),
            [
                "Syntax error: 'nope' is invalid as number",
                "Syntax error: 'tcp' is invalid as number",
                "cannot parse 'nope' as a tcp port"
            ]
        );
        assert_eq!(
            lines(ipp, ipv4, ElemCmd::Add, "1.1.1.1,tcp:[a]-[b"),
            [
                "Error in line 4: Syntax error: cannot find closing escape character ']' in [b",
                "cannot parse '[b' as a tcp port"
            ]
        );
        assert_eq!(
            lines(ipp, ipv4, ElemCmd::Add, "1.1.1.1,icmpv6:1/0"),
            ["Error in line 4: Invalid add command: missing setname"]
        );
        assert_eq!(
            lines(ipp, ipv4, ElemCmd::Test, "1.1.1.1/24,80"),
            [
                "IP/CIDR range is not allowed in command test with set type hash:ip,port and family inet"
            ]
        );
        assert_eq!(
            lines(ipp, ipv4, ElemCmd::Add, "1.1.1.1/33,80"),
            ["Error in line 4: Syntax error: '33' is out of range 0-32"]
        );
        assert_eq!(parse_ipset_number(" +0x10", 0, 255), Ok(16));
        assert_eq!(
            parse_ipset_number("08", 0, 255).unwrap_err().lines,
            ["Syntax error: '08' is invalid as number"]
        );
    }

    #[test]
    fn ipv6_text_as_glibc() {
        let cases = [
            ("::", "::"),
            ("::1", "::1"),
            ("1::", "1::"),
            ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
            ("::1.2.3.4", "::1.2.3.4"),
            ("::ffff:0:0", "::ffff:0.0.0.0"),
            ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
            ("1:0:0:0:2:0:0:3", "1::2:0:0:3"),
            ("1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0"),
            ("2001:db8:0:0:1::", "2001:db8:0:0:1::"),
            ("fe80::1:2", "fe80::1:2"),
        ];
        for (i, want) in cases {
            let mut s = String::new();
            push_ipv6(i.parse().unwrap(), &mut s);
            assert_eq!(s, want, "{i}");
        }
    }

    #[test]
    fn libc_like_numbers() {
        assert_eq!(inet_aton_digits(b"1.2.3"), Some(Ipv4Addr::new(1, 2, 0, 3)));
        assert_eq!(inet_aton_digits(b"10"), Some(Ipv4Addr::new(0, 0, 0, 10)));
        assert_eq!(
            inet_aton_digits(b"010.0.0.1"),
            Some(Ipv4Addr::new(8, 0, 0, 1))
        );
        assert_eq!(
            inet_aton_digits(b"1.65535"),
            Some(Ipv4Addr::new(1, 0, 255, 255))
        );
        assert_eq!(
            inet_aton_digits(b"4294967295"),
            Some(Ipv4Addr::new(255, 255, 255, 255))
        );
        assert_eq!(inet_aton_digits(b"4294967296"), None);
        assert_eq!(inet_aton_digits(b"08.1.1.1"), None);
        assert_eq!(inet_aton_digits(b"1..2"), None);
        assert_eq!(inet_aton_digits(b"1.2.3.4.5"), None);
        assert_eq!(inet_aton_digits(b"256.1"), None);
        assert_eq!(strtoull0(b"0x"), (0, 1, false));
        assert_eq!(strtoull0(b" -1"), (u64::MAX, 3, false));
        assert_eq!(strtoull0(b"99999999999999999999"), (u64::MAX, 20, true));
        assert_eq!(strtoull0(b"x"), (0, 0, false));
    }

    #[test]
    fn icmp_tables() {
        assert_eq!(icmp_name(0x0800), Some("echo-request"));
        assert_eq!(icmp_name(0x0000), Some("echo-reply"));
        assert_eq!(icmp_name(0x0308), None);
        assert_eq!(icmpv6_name(0x8700), Some("neighbour-solicitation"));
        assert_eq!(icmp_by_name(ICMP_NAMES, "pi"), Some(0x0800));
        assert_eq!(icmp_by_name(ICMP_NAMES, "TOS"), Some(0x030b));
        assert_eq!(icmp_by_name(ICMPV6_NAMES, "neigb"), Some(0x8700));
        assert_eq!(icmp_by_name(ICMPV6_NAMES, "echo-requestx"), None);
    }

    fn sorted(v: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        sort_printed(&mut v, |s| s);
        v
    }

    #[test]
    fn sorting_like_ipset() {
        assert_eq!(
            sorted(&[
                "127.0.0.1",
                "10.0.0.0/8",
                "10.0.0.0/16",
                "9.0.0.0/8",
                "10.0.0.0/24"
            ]),
            [
                "9.0.0.0/8",
                "10.0.0.0/24",
                "10.0.0.0/16",
                "10.0.0.0/8",
                "127.0.0.1"
            ]
        );
        assert_eq!(
            sorted(&[
                "1.1.1.1,udp:53",
                "1.1.1.1,tcp:80",
                "1.1.1.1,tcp:8",
                "1.1.1.0,udp:1"
            ]),
            [
                "1.1.1.0,udp:1",
                "1.1.1.1,tcp:8",
                "1.1.1.1,tcp:80",
                "1.1.1.1,udp:53"
            ]
        );
        assert_eq!(
            sorted(&["2001:db8::2", "::1", "2001:db8::1", "2001::"]),
            ["::1", "2001::", "2001:db8::1", "2001:db8::2"]
        );
        assert_eq!(compare_printed("10.0.0.1", "10.0.0.1\n"), Ordering::Equal);
        // Big sets take the merge path and keep ties stable.
        let mut v: Vec<String> = (0..5000)
            .rev()
            .map(|i| format!("10.0.{}.{}", i / 256, i % 256))
            .collect();
        v.push("10.0.0.7".to_string());
        sort_printed(&mut v, |s| s);
        assert_eq!(v[0], "10.0.0.0");
        assert_eq!(v[7], "10.0.0.7");
        assert_eq!(v[8], "10.0.0.7");
        assert_eq!(v[5000], "10.0.19.135");
    }

    /// Differential check against expectations produced by the real ipset
    /// (`WISET_ELEM_DIFF=/path/expected.tsv cargo test -- --ignored elem_diff`).
    #[test]
    #[ignore]
    fn elem_diff() {
        let Ok(path) = std::env::var("WISET_ELEM_DIFF") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let restore = std::env::var("WISET_ELEM_DIFF_RESTORE").is_ok();
        let mut bad = 0;
        for line in text.lines() {
            let f: Vec<&str> = line.splitn(5, '\t').collect();
            let (t, fa, c, elem, want) = (ty(f[0]), fam(f[1]), cmd(f[2]), f[3], f[4]);
            // bitmap:port takes no family.
            let fa = if t == SetType::BitmapPort || t == SetType::ListSet {
                Family::Unspec
            } else {
                fa
            };
            if want == "ERR:" {
                continue; // ipset crashed
            }
            let got = match parse_element(elem, t, fa, c) {
                Ok(e) => {
                    if let Some(p) = want.strip_prefix("OK:") {
                        let mut s = String::new();
                        format_element_for_message(&e, t, fa, &mut s);
                        if s == p {
                            want.to_string()
                        } else {
                            format!("OK:{s}")
                        }
                    } else {
                        "OK".to_string()
                    }
                }
                Err(e) if restore => format!("ERR:{}", e.restore_lines(1).join("|")),
                Err(e) => format!("ERR:{}", e.lines.join("|")),
            };
            let got = if want.starts_with("OK") && got.starts_with("OK") && !want.starts_with("OK:")
            {
                "OK".to_string()
            } else {
                got
            };
            if got != want {
                bad += 1;
                eprintln!(
                    "MISMATCH {} {} {} [{elem}]\n   want {want}\n   got  {got}",
                    f[0], f[1], f[2]
                );
            }
        }
        assert_eq!(bad, 0);
    }
    /// Sorting check against `ipset -s list` output
    /// (`WISET_SORT_DIFF=/dir cargo test -- --ignored sort_diff`, files NAME.unsorted/NAME.sorted).
    #[test]
    #[ignore]
    fn sort_diff() {
        let Ok(dir) = std::env::var("WISET_SORT_DIFF") else {
            return;
        };
        let mut bad = 0;
        for ent in std::fs::read_dir(&dir).unwrap() {
            let path = ent.unwrap().path();
            let name = path.to_string_lossy().to_string();
            let Some(base) = name.strip_suffix(".unsorted") else {
                continue;
            };
            let unsorted = std::fs::read_to_string(&path).unwrap();
            let want = std::fs::read_to_string(format!("{base}.sorted")).unwrap();
            let mut lines: Vec<&str> = unsorted.lines().collect();
            let input = lines.clone();
            sort_printed(&mut lines, |s| s);
            if !base.contains("iface") {
                // The comparator is consistent here: the fast path must agree.
                let order =
                    merge_sort_indices(input.len(), |a, b| compare_printed(input[a], input[b]));
                let fast: Vec<&str> = order.iter().map(|&i| input[i]).collect();
                assert_eq!(fast, lines, "{base}");
            }
            let want: Vec<&str> = want.lines().collect();
            if lines != want {
                bad += 1;
                eprintln!("SORT MISMATCH {base}");
                for (i, (a, b)) in lines.iter().zip(want.iter()).enumerate() {
                    if a != b {
                        eprintln!("  at {i}: got {a:?} want {b:?}");
                        break;
                    }
                }
            }
        }
        assert_eq!(bad, 0);
    }

    #[test]
    fn fast_path_agrees() {
        let mut inputs: Vec<String> = Vec::new();
        for a in [
            "0", "1", "9", "10", "99", "100", "199", "255", "256", "01", "00", "1000", "", "x",
        ] {
            inputs.push(format!("{a}.2.3.4"));
            inputs.push(format!("10.{a}.0.1"));
            inputs.push(format!("10.0.0.{a}"));
            inputs.push(format!("10.0.0.0/{a}"));
        }
        inputs.extend(
            [
                "1.2.3",
                "1.2.3.4.5",
                "1.2.3.4/",
                "/8",
                "1.2.3.4/33",
                "1.2.3.4/8/8",
                "1..2.3",
                "1.2.3.4.",
                ".1.2.3.4",
                "1.2.3.4a",
                "1.2.3.04",
                "1.2.3.4/08",
                "1.2.3.4/0",
                "0.0.0.0",
                "255.255.255.255",
                "255.255.255.255/32",
                "1.2.3.4/32",
            ]
            .map(String::from),
        );
        let mut fast_ones = 0;
        for t in [SetType::HashIp, SetType::HashNet] {
            for cmd in [ElemCmd::Add, ElemCmd::Del, ElemCmd::Test] {
                for s in &inputs {
                    if let Some(fast) = parse_plain_ipv4(s, t, Family::Inet) {
                        fast_ones += 1;
                        let slow =
                            parse_element_unchecked(s, t, Family::Inet, cmd, &mut Vec::new())
                                .and_then(|e| check_allowed(&e, t, Family::Inet, cmd).map(|()| e));
                        assert_eq!(Ok(fast), slow, "{s} for {t} {cmd:?}");
                    }
                }
            }
        }
        assert!(fast_ones > 50, "the fast path took only {fast_ones} inputs");
    }
}
