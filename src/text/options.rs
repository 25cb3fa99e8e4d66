//! ipset's dash-less keyword options: `timeout 600 counters comment "x"` after
//! the type (create) or the element (add/del/test), also spelled `--timeout`.
//! Values are checked with ipset's messages; the kernel checks the rest.

use std::net::IpAddr;

use crate::netlink::IPSET_MAX_COMMENT_SIZE;
use crate::set::Range;
use crate::set::{
    CreateOption, CreateOptions, Element, EntryOption, EntryOptions, Family, FamilyKind, SetType,
};

use super::{ElemCmd, SyntaxError, parse_element};

/// The largest timeout ipset accepts: `(UINT_MAX >> 1) / 1000` seconds.
pub const MAX_TIMEOUT: u64 = 2_147_483;

/// Parse an unsigned number as ipset does (`strtoull(s, NULL, 0)` semantics),
/// checked against `[min, max]`, with ipset's messages.
pub fn parse_number(s: &str, min: u64, max: u64) -> Result<u64, SyntaxError> {
    super::number::string_to_number(s, min, max)
}

/// The keyword of an argument: `timeout` or `--timeout`.
fn keyword(arg: &str) -> &str {
    arg.strip_prefix("--").unwrap_or(arg)
}

fn unknown(arg: &str) -> SyntaxError {
    SyntaxError::structure(format!("Unknown argument: `{arg}'"))
}

fn missing_value(kw: &str) -> SyntaxError {
    SyntaxError::structure(format!("Missing mandatory argument of option `{kw}'"))
}

fn already(kw: &str) -> SyntaxError {
    SyntaxError::one(format!("Syntax error: {kw} already specified"))
}

/// Walks keyword arguments, handing out values and catching repeats.
struct Words<'a> {
    args: std::slice::Iter<'a, String>,
    seen: Vec<&'static str>,
}

impl<'a> Words<'a> {
    fn new(args: &'a [String]) -> Self {
        Words {
            args: args.iter(),
            seen: Vec::new(),
        }
    }

    fn value(&mut self, kw: &str) -> Result<&'a str, SyntaxError> {
        self.args
            .next()
            .map(String::as_str)
            .ok_or_else(|| missing_value(kw))
    }

    fn first_time(&mut self, kw: &'static str) -> Result<(), SyntaxError> {
        if self.seen.contains(&kw) {
            return Err(already(kw));
        }
        self.seen.push(kw);
        Ok(())
    }
}

/// The create options of `create SETNAME TYPE ...`, with the family; warnings
/// (ignored legacy options) are returned for the caller to print.
pub fn parse_create(
    t: SetType,
    args: &[String],
) -> Result<(Family, CreateOptions, Vec<String>), SyntaxError> {
    let mut o = CreateOptions::default();
    let mut family = match t.family_kind() {
        FamilyKind::Neutral => Family::Unspec,
        _ => Family::Inet,
    };
    let mut warnings = Vec::new();
    let allowed = t.create_options();
    check_create_keywords(t, args)?;
    let mut w = Words::new(args);
    let mut bitmap = BitmapRange::default();
    let mut warned: Vec<&str> = Vec::new();
    while let Some(arg) = w.args.next() {
        let kw = keyword(arg);
        let takes = |o: CreateOption| allowed.contains(&o);
        match kw {
            "-4" | "-6" | "family" if t.family_kind() == FamilyKind::Both => {
                let (name, fam) = match kw {
                    "-4" => ("-4", Some(Family::Inet)),
                    "-6" => ("-6", Some(Family::Inet6)),
                    _ => {
                        let v = w.value("family")?;
                        ("family", parse_family(v)?)
                    }
                };
                if w.seen.iter().any(|s| ["-4", "-6", "family"].contains(s)) {
                    return Err(already(name));
                }
                w.seen.push(name);
                if let Some(f) = fam {
                    family = f;
                }
            }
            "hashsize" if takes(CreateOption::HashSize) => {
                w.first_time("hashsize")?;
                o.hashsize = Some(parse_number(w.value(kw)?, 0, u32::MAX.into())? as u32);
            }
            "maxelem" if takes(CreateOption::MaxElem) => {
                w.first_time("maxelem")?;
                o.maxelem = Some(parse_number(w.value(kw)?, 0, u32::MAX.into())? as u32);
            }
            "netmask" if takes(CreateOption::Netmask) => {
                w.first_time("netmask")?;
                let v = w.value(kw)?;
                let max = if family == Family::Inet6 { 128 } else { 32 };
                let n = parse_number(v, 1, max).map_err(|e| {
                    let mut lines = vec![e.to_string()];
                    lines.push(format!(
                        "Syntax error: netmask is out of the inclusive range of 1-{max}"
                    ));
                    SyntaxError::new(lines)
                })?;
                if o.bitmask.is_some() {
                    return Err(SyntaxError::one(
                        "Syntax error: bitmask and netmask are mutually exclusive, provide only one",
                    ));
                }
                o.netmask = Some(n as u8);
            }
            "bitmask" if takes(CreateOption::Bitmask) => {
                w.first_time("bitmask")?;
                let v = w.value(kw)?;
                if o.netmask.is_some() {
                    return Err(SyntaxError::one(
                        "Syntax error: bitmask and netmask are mutually exclusive, provide only one",
                    ));
                }
                let ip: IpAddr = v.parse().map_err(|_| {
                    SyntaxError::one(format!(
                        "Syntax error: cannot parse {v}: resolving to {} address failed",
                        if family == Family::Inet6 {
                            "IPv6"
                        } else {
                            "IPv4"
                        }
                    ))
                })?;
                if ip.is_ipv6() != (family == Family::Inet6) {
                    return Err(SyntaxError::one(format!(
                        "Syntax error: bitmask is not valid for family = {}",
                        family.name()
                    )));
                }
                o.bitmask = Some(ip);
            }
            "markmask" if takes(CreateOption::MarkMask) => {
                w.first_time("markmask")?;
                o.markmask = Some(parse_number(w.value(kw)?, 0, u32::MAX.into())? as u32);
            }
            "size" if takes(CreateOption::Size) => {
                w.first_time("size")?;
                o.size = Some(parse_number(w.value(kw)?, 0, u32::MAX.into())? as u32);
            }
            "timeout" if takes(CreateOption::Timeout) => {
                w.first_time("timeout")?;
                o.timeout = Some(parse_number(w.value(kw)?, 0, MAX_TIMEOUT)? as u32);
            }
            "counters" if takes(CreateOption::Counters) => {
                w.first_time("counters")?;
                o.counters = true;
            }
            "comment" if takes(CreateOption::Comment) => {
                w.first_time("comment")?;
                o.comment = true;
            }
            "forceadd" if takes(CreateOption::ForceAdd) => {
                w.first_time("forceadd")?;
                o.forceadd = true;
            }
            "skbinfo" if takes(CreateOption::SkbInfo) => {
                w.first_time("skbinfo")?;
                o.skbinfo = true;
            }
            "bucketsize" if takes(CreateOption::BucketSize) => {
                w.first_time("bucketsize")?;
                o.bucketsize = Some(parse_number(w.value(kw)?, 0, 255)? as u8);
            }
            "initval" if takes(CreateOption::InitVal) => {
                w.first_time("initval")?;
                o.initval = Some(parse_number(w.value(kw)?, 0, u32::MAX.into())? as u32);
            }
            "range" | "from" | "to" if t.is_bitmap() => {
                let v = w.value(kw)?;
                bitmap.take(t, kw, v)?;
            }
            "network" if t.is_bitmap() && t != SetType::BitmapPort => {
                let v = w.value(kw)?;
                bitmap.take(t, kw, v)?;
            }
            "probes" | "resize" | "gc" | "from" | "to" | "network"
                if legacy_ignored(t).contains(&kw) =>
            {
                let v = w.value(kw)?;
                // ipset names `--network` as `--from` in the warning, and
                // warns of each name once (its first value).
                let name = if kw == "network" { "from" } else { kw };
                if warned.contains(&name) {
                    continue;
                }
                warned.push(name);
                let prefix = if warnings.is_empty() { "Warning: " } else { "" };
                warnings.push(format!(
                    "{prefix}Option '--{name} {v}' is ignored. Please upgrade your syntax."
                ));
            }
            _ => return Err(unknown(arg)),
        }
    }
    if t.is_bitmap() {
        o.range = Some(bitmap.range()?);
    }
    Ok((family, o, warnings))
}

/// ipset reads every keyword of a create before any value: an unknown one
/// is the error (exit 2) even after a bad value or a repeated option.
fn check_create_keywords(t: SetType, args: &[String]) -> Result<(), SyntaxError> {
    use CreateOption::*;
    let allowed = t.create_options();
    let mut words = args.iter();
    while let Some(arg) = words.next() {
        let kw = keyword(arg);
        let option = allowed.iter().copied().find(|o| o.keyword() == kw);
        let family_kw = matches!(kw, "-4" | "-6" | "family") && t.family_kind() == FamilyKind::Both;
        let bitmap_kw = match kw {
            "from" | "to" => t.is_bitmap(),
            "network" => t.is_bitmap() && t != SetType::BitmapPort,
            _ => false,
        };
        let takes_value = match option {
            _ if family_kw => kw == "family",
            Some(o) => !matches!(o, Counters | Comment | ForceAdd | SkbInfo),
            _ if bitmap_kw || legacy_ignored(t).contains(&kw) => true,
            _ => return Err(unknown(arg)),
        };
        if takes_value {
            words.next();
        }
    }
    Ok(())
}

/// The legacy create options a hash type still takes and ignores (with a
/// warning), as ipset 7.17 does: each type keeps those it once had.
fn legacy_ignored(t: SetType) -> &'static [&'static str] {
    use SetType::*;
    match t {
        HashIp => &["probes", "resize", "gc"],
        HashIpPort | HashIpPortIp | HashIpPortNet => &["probes", "resize", "from", "to", "network"],
        HashNet => &["probes", "resize"],
        _ => &[],
    }
}

/// A bitmap's range as its options build it: `range`, or the legacy
/// `from A to B` and `network A/N`. Like ipset, each fills the parts it
/// gives (start, end, prefix), and a part given twice is an error named
/// after the option that gives it again.
#[derive(Default)]
struct BitmapRange {
    ip: Option<IpAddr>,
    ip_to: Option<IpAddr>,
    cidr: Option<u8>,
    port: Option<u16>,
    port_to: Option<u16>,
}

impl BitmapRange {
    fn take(&mut self, t: SetType, kw: &str, v: &str) -> Result<(), SyntaxError> {
        if t == SetType::BitmapPort {
            let start = kw != "to";
            if (start && self.port.is_some()) || (!start && self.port_to.is_some()) {
                return Err(already(kw));
            }
            match kw {
                "range" => {
                    // A single port gives the start only.
                    let el = parse_element(v, t, Family::Unspec, ElemCmd::Add)?;
                    (self.port, self.port_to) = (el.port, el.port_to);
                }
                "from" => self.port = Some(super::service::parse_port(v, "tcp")?),
                "to" => self.port_to = Some(super::service::parse_port(v, "tcp")?),
                _ => return Err(unknown(kw)),
            }
            return Ok(());
        }
        let start = kw != "to";
        if (start && self.ip.is_some()) || (!start && self.ip_to.is_some()) {
            return Err(already(kw));
        }
        match kw {
            "range" => match parse_range(t, v)? {
                Range::Ip { from, to } => (self.ip, self.ip_to) = (Some(from), Some(to)),
                Range::Cidr { ip, cidr } => (self.ip, self.cidr) = (Some(ip), Some(cidr)),
                Range::Port { .. } => unreachable!("an address range"),
            },
            "from" | "to" => {
                if v.contains(['/', '-']) {
                    return Err(SyntaxError::one(format!(
                        "Syntax error: plain IP address must be supplied: {v}"
                    )));
                }
                let ip = parse_v4(v)?;
                if kw == "from" {
                    self.ip = Some(ip);
                } else {
                    self.ip_to = Some(ip);
                }
            }
            _ => {
                let netblock =
                    || SyntaxError::one(format!("Syntax error: IP/netblock must be supplied: {v}"));
                if v.contains('-') || !v.contains('/') {
                    return Err(netblock());
                }
                match parse_range(t, v)? {
                    Range::Cidr { ip, cidr } => (self.ip, self.cidr) = (Some(ip), Some(cidr)),
                    _ => return Err(netblock()),
                }
            }
        }
        Ok(())
    }

    /// The range, once every option is read.
    fn range(&self) -> Result<Range, SyntaxError> {
        let missing =
            |what: &str| SyntaxError::structure(format!("Mandatory option `{what}' is missing"));
        if let Some(from) = self.port {
            let to = self.port_to.ok_or_else(|| missing("to"))?;
            return Ok(Range::Port { from, to });
        }
        let ip = self.ip.ok_or_else(|| missing("range"))?;
        match (self.ip_to, self.cidr) {
            (Some(to), _) => Ok(Range::Ip { from: ip, to }),
            (None, Some(cidr)) => Ok(Range::Cidr { ip, cidr }),
            (None, None) => Err(missing("to")),
        }
    }
}

fn parse_family(v: &str) -> Result<Option<Family>, SyntaxError> {
    Ok(match v {
        "inet" | "ipv4" => Some(Family::Inet),
        "inet6" | "ipv6" => Some(Family::Inet6),
        "any" | "unspec" => None,
        _ => {
            return Err(SyntaxError::one(format!(
                "Syntax error: unknown inet family {v}"
            )));
        }
    })
}

fn parse_v4(v: &str) -> Result<IpAddr, SyntaxError> {
    match parse_element(v, SetType::HashIp, Family::Inet, ElemCmd::Test) {
        Ok(Element { ip: Some(ip), .. }) => Ok(ip),
        Ok(_) => Err(SyntaxError::one(format!(
            "Syntax error: cannot parse {v}: resolving to IPv4 address failed"
        ))),
        Err(e) => Err(e),
    }
}

/// A bitmap range: `IP/CIDR`, `FROM-TO`, or `[PROTO:]FROM-TO` for bitmap:port.
fn parse_range(t: SetType, v: &str) -> Result<Range, SyntaxError> {
    // bitmap:ip,mac ranges are plain address ranges, parsed as bitmap:ip's.
    let as_type = if t == SetType::BitmapIpMac {
        SetType::BitmapIp
    } else {
        t
    };
    let el = parse_element(v, as_type, Family::Inet, ElemCmd::Add)?;
    match (t, el) {
        (
            SetType::BitmapPort,
            Element {
                port: Some(from),
                port_to: Some(to),
                ..
            },
        ) => Ok(Range::Port { from, to }),
        (SetType::BitmapPort, Element { port: Some(p), .. }) => Ok(Range::Port { from: p, to: p }),
        (
            _,
            Element {
                ip: Some(from),
                ip_to: Some(to),
                ..
            },
        ) => Ok(Range::Ip { from, to }),
        (
            _,
            Element {
                ip: Some(ip),
                cidr: Some(cidr),
                ..
            },
        ) => Ok(Range::Cidr { ip, cidr }),
        _ => Err(SyntaxError::one(format!(
            "Syntax error: IP/cidr or IP-IP range must be specified: {v}"
        ))),
    }
}

/// The options after an element, for `cmd` on a set of type `t`. The list:set
/// `before|after NAME` and hash:net,iface `wildcard` go into the element.
pub fn parse_entry_options(
    t: SetType,
    cmd: ElemCmd,
    elem: &mut Element,
    args: &[String],
) -> Result<EntryOptions, SyntaxError> {
    let mut o = EntryOptions::default();
    let allowed: &[EntryOption] = match cmd {
        ElemCmd::Add => t.entry_options(),
        ElemCmd::Test if t.entry_options().contains(&EntryOption::NoMatch) => {
            &[EntryOption::NoMatch]
        }
        _ => &[],
    };
    let mut w = Words::new(args);
    while let Some(arg) = w.args.next() {
        let kw = keyword(arg);
        let takes = |o: EntryOption| allowed.contains(&o);
        match kw {
            "timeout" if takes(EntryOption::Timeout) => {
                w.first_time("timeout")?;
                o.timeout = Some(parse_number(w.value(kw)?, 0, MAX_TIMEOUT)? as u32);
            }
            "packets" if takes(EntryOption::Packets) => {
                w.first_time("packets")?;
                o.packets = Some(parse_number(w.value(kw)?, 0, u64::MAX - 1)?);
            }
            "bytes" if takes(EntryOption::Bytes) => {
                w.first_time("bytes")?;
                o.bytes = Some(parse_number(w.value(kw)?, 0, u64::MAX - 1)?);
            }
            "comment" if takes(EntryOption::Comment) => {
                w.first_time("comment")?;
                o.comment = Some(parse_comment(w.value(kw)?)?);
            }
            "skbmark" if takes(EntryOption::SkbMark) => {
                w.first_time("skbmark")?;
                o.skbmark = Some(parse_skbmark(w.value(kw)?)?);
            }
            "skbprio" if takes(EntryOption::SkbPrio) => {
                w.first_time("skbprio")?;
                o.skbprio = Some(parse_skbprio(w.value(kw)?)?);
            }
            "skbqueue" if takes(EntryOption::SkbQueue) => {
                w.first_time("skbqueue")?;
                o.skbqueue = Some(parse_number(w.value(kw)?, 0, 65535)? as u16);
            }
            "nomatch" if takes(EntryOption::NoMatch) => {
                w.first_time("nomatch")?;
                o.nomatch = true;
            }
            "wildcard" if takes(EntryOption::Wildcard) => {
                w.first_time("wildcard")?;
                elem.wildcard = true;
            }
            "before" | "after" if t == SetType::ListSet => {
                // `before` and `after` are one option to ipset, also when the
                // element used the `a,after,b` form.
                if elem.reference.is_some() {
                    return Err(already(if kw == "before" { "before" } else { "after" }));
                }
                let name = w.value(kw)?;
                super::check_setname(name)?;
                let pos = if kw == "before" {
                    crate::set::Position::Before
                } else {
                    crate::set::Position::After
                };
                elem.reference = Some((pos, name.to_string()));
            }
            _ => return Err(unknown(arg)),
        }
    }
    Ok(o)
}

fn parse_comment(v: &str) -> Result<String, SyntaxError> {
    if v.contains('"') {
        return Err(SyntaxError::one(
            "Syntax error: \" character is not permitted in comments",
        ));
    }
    if v.len() > IPSET_MAX_COMMENT_SIZE {
        return Err(SyntaxError::one(format!(
            "Syntax error: Comment is longer than the maximum allowed {IPSET_MAX_COMMENT_SIZE} characters"
        )));
    }
    Ok(v.to_string())
}

fn hex_u32(s: &str) -> Option<u32> {
    let h = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))?;
    if h.is_empty() {
        return None;
    }
    u32::from_str_radix(h, 16).ok()
}

fn parse_skbmark(v: &str) -> Result<(u32, u32), SyntaxError> {
    let bad = || {
        SyntaxError::one(
            "Syntax error: Invalid skbmark format, it should be:  MARK/MASK or MARK (see manpage)",
        )
    };
    match v.split_once('/') {
        Some((m, k)) => Ok((hex_u32(m).ok_or_else(bad)?, hex_u32(k).ok_or_else(bad)?)),
        None => Ok((hex_u32(v).ok_or_else(bad)?, u32::MAX)),
    }
}

fn parse_skbprio(v: &str) -> Result<(u16, u16), SyntaxError> {
    let bad = || {
        SyntaxError::one(
            "Syntax error: Invalid skbprio format, it should be:MAJOR:MINOR (see manpage)",
        )
    };
    let (a, b) = v.split_once(':').ok_or_else(bad)?;
    let a = u16::from_str_radix(a, 16).map_err(|_| bad())?;
    let b = u16::from_str_radix(b, 16).map_err(|_| bad())?;
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn numbers_like_strtoull() {
        assert_eq!(parse_number("0x400", 0, u64::MAX).unwrap(), 1024);
        assert_eq!(parse_number("010", 0, u64::MAX).unwrap(), 8);
        assert_eq!(parse_number("0", 0, 5).unwrap(), 0);
        assert_eq!(
            parse_number("abc", 0, 5).unwrap_err().to_string(),
            "Syntax error: 'abc' is invalid as number"
        );
        assert_eq!(
            parse_number("99999999", 0, MAX_TIMEOUT)
                .unwrap_err()
                .to_string(),
            "Syntax error: '99999999' is out of range 0-2147483"
        );
    }

    #[test]
    fn create_options_and_their_errors() {
        let (f, o, w) = parse_create(
            SetType::HashIp,
            &strs(&[
                "family", "inet6", "hashsize", "64", "timeout", "0", "counters", "probes", "4",
            ]),
        )
        .unwrap();
        assert_eq!(f, Family::Inet6);
        assert_eq!(
            (o.hashsize, o.timeout, o.counters),
            (Some(64), Some(0), true)
        );
        assert_eq!(
            w,
            ["Warning: Option '--probes 4' is ignored. Please upgrade your syntax."]
        );
        let e = parse_create(SetType::HashIp, &strs(&["netmask", "33"])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Syntax error: '33' is out of range 1-32\nSyntax error: netmask is out of the inclusive range of 1-32"
        );
        let e = parse_create(SetType::HashIp, &strs(&["family", "inet6", "-4"])).unwrap_err();
        assert_eq!(e.to_string(), "Syntax error: -4 already specified");
        let e = parse_create(SetType::BitmapIp, &strs(&["family", "inet"])).unwrap_err();
        assert!(e.is_structure());
        assert_eq!(e.to_string(), "Unknown argument: `family'");
    }

    #[test]
    fn entry_options_and_their_errors() {
        let mut el = Element::default();
        let o = parse_entry_options(
            SetType::HashNet,
            ElemCmd::Add,
            &mut el,
            &strs(&[
                "timeout",
                "5",
                "nomatch",
                "skbmark",
                "0x10/0xff",
                "skbprio",
                "1:2",
            ]),
        )
        .unwrap();
        assert_eq!(
            (o.timeout, o.nomatch, o.skbmark, o.skbprio),
            (Some(5), true, Some((16, 255)), Some((1, 2)))
        );
        let e = parse_entry_options(SetType::HashNet, ElemCmd::Del, &mut el, &strs(&["nomatch"]))
            .unwrap_err();
        assert_eq!(e.to_string(), "Unknown argument: `nomatch'");
        let e = parse_entry_options(SetType::HashNet, ElemCmd::Add, &mut el, &strs(&["timeout"]))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Missing mandatory argument of option `timeout'"
        );
        let e = parse_entry_options(
            SetType::HashNet,
            ElemCmd::Add,
            &mut el,
            &strs(&["comment", "a\"b"]),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Syntax error: \" character is not permitted in comments"
        );
    }
}
