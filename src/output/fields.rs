//! The header keywords and entry options of a set as ipset prints them, in
//! ipset's order: one source for every output format.

use std::fmt::Write as _;

use crate::set::Range;
use crate::set::{CreateOption, Entry, EntryOption, Family, FamilyKind, SetType, WiSet};
use crate::text::format_element;

/// A value as ipset prints it; json keeps the type.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// A flag keyword (`counters`, `nomatch`).
    Flag,
    /// A decimal number.
    Num(u64),
    /// A number printed `0x%08x` (initval, markmask).
    Hex(u32),
    /// Any other text, printed as is (`inet`, `10.0.0.0-10.0.0.255`, `0x10/0xff`).
    Text(String),
    /// A comment: printed in double quotes.
    Quoted(String),
}

impl FieldValue {
    /// Append ` value` as plain/save output prints it (nothing for a flag).
    pub fn write_plain(&self, out: &mut String) {
        match self {
            FieldValue::Flag => {}
            FieldValue::Num(n) => {
                let _ = write!(out, " {n}");
            }
            FieldValue::Hex(n) => {
                let _ = write!(out, " 0x{n:08x}");
            }
            FieldValue::Text(t) => {
                out.push(' ');
                out.push_str(t);
            }
            FieldValue::Quoted(t) => {
                let _ = write!(out, " \"{t}\"");
            }
        }
    }

    /// The value alone, as text (for tables and xml).
    pub fn text(&self) -> String {
        match self {
            FieldValue::Flag => String::new(),
            FieldValue::Num(n) => n.to_string(),
            FieldValue::Hex(n) => format!("0x{n:08x}"),
            FieldValue::Text(t) => t.clone(),
            FieldValue::Quoted(t) => format!("\"{t}\""),
        }
    }
}

/// Visit the header keywords a listing prints for `set`, in ipset's order.
/// `forceadd` is reported by the kernel but never printed by ipset.
pub fn header_fields(set: &WiSet, mut f: impl FnMut(&'static str, FieldValue)) {
    let o = &set.options;
    let t = set.set_type();
    let order: &[CreateOption] = match t {
        Some(t) => t.create_options(),
        None => ALL_CREATE,
    };
    let host = set.family.host_cidr();
    for opt in order {
        let v = match opt {
            CreateOption::Family => match t.map(SetType::family_kind) {
                Some(FamilyKind::Both) | None if set.family != Family::Unspec => {
                    Some(FieldValue::Text(set.family.name().into()))
                }
                _ => None,
            },
            CreateOption::Range => o.range.map(|r| FieldValue::Text(range_text(r))),
            CreateOption::HashSize => o.hashsize.map(|v| FieldValue::Num(v.into())),
            CreateOption::MaxElem => o.maxelem.map(|v| FieldValue::Num(v.into())),
            CreateOption::Netmask => o
                .netmask
                .filter(|&n| n != host)
                .map(|v| FieldValue::Num(v.into())),
            CreateOption::Bitmask => o.bitmask.map(|b| FieldValue::Text(b.to_string())),
            CreateOption::MarkMask => o.markmask.map(FieldValue::Hex),
            CreateOption::Size => o.size.map(|v| FieldValue::Num(v.into())),
            CreateOption::Timeout => o.timeout.map(|v| FieldValue::Num(v.into())),
            CreateOption::Counters => o.counters.then_some(FieldValue::Flag),
            CreateOption::Comment => o.comment.then_some(FieldValue::Flag),
            CreateOption::ForceAdd => None,
            CreateOption::SkbInfo => o.skbinfo.then_some(FieldValue::Flag),
            CreateOption::BucketSize => o.bucketsize.map(|v| FieldValue::Num(v.into())),
            CreateOption::InitVal => o.initval.map(FieldValue::Hex),
        };
        if let Some(v) = v {
            f(opt.keyword(), v);
        }
    }
}

/// The order used for sets of a type wiset does not know.
const ALL_CREATE: &[CreateOption] = &[
    CreateOption::Family,
    CreateOption::Range,
    CreateOption::HashSize,
    CreateOption::MaxElem,
    CreateOption::Netmask,
    CreateOption::Bitmask,
    CreateOption::MarkMask,
    CreateOption::Size,
    CreateOption::Timeout,
    CreateOption::Counters,
    CreateOption::Comment,
    CreateOption::SkbInfo,
    CreateOption::BucketSize,
    CreateOption::InitVal,
];

const ALL_ENTRY: &[EntryOption] = &[
    EntryOption::Timeout,
    EntryOption::NoMatch,
    EntryOption::Wildcard,
    EntryOption::Packets,
    EntryOption::Bytes,
    EntryOption::Comment,
    EntryOption::SkbMark,
    EntryOption::SkbPrio,
    EntryOption::SkbQueue,
];

fn range_text(r: Range) -> String {
    match r {
        Range::Ip { from, to } => format!("{from}-{to}"),
        Range::Cidr { ip, cidr } => format!("{ip}/{cidr}"),
        Range::Port { from, to } => format!("{from}-{to}"),
    }
}

/// `skbmark` as ipset prints it: the mask only when it is not all ones.
pub fn skbmark_text(mark: u32, mask: u32) -> String {
    if mask == u32::MAX {
        format!("0x{mark:x}")
    } else {
        format!("0x{mark:x}/0x{mask:x}")
    }
}

/// Visit the options of a member, in the type's ADD order.
pub fn entry_fields(t: Option<SetType>, e: &Entry, mut f: impl FnMut(&'static str, FieldValue)) {
    let o = &e.opts;
    let order = t.map(SetType::entry_options).unwrap_or(ALL_ENTRY);
    for opt in order {
        let v = match opt {
            EntryOption::Timeout => o.timeout.map(|v| FieldValue::Num(v.into())),
            EntryOption::NoMatch => o.nomatch.then_some(FieldValue::Flag),
            EntryOption::Wildcard => e.elem.wildcard.then_some(FieldValue::Flag),
            EntryOption::Packets => o.packets.map(FieldValue::Num),
            EntryOption::Bytes => o.bytes.map(FieldValue::Num),
            EntryOption::Comment => o.comment.clone().map(FieldValue::Quoted),
            EntryOption::SkbMark => o.skbmark.map(|(m, k)| FieldValue::Text(skbmark_text(m, k))),
            EntryOption::SkbPrio => o
                .skbprio
                .map(|(a, b)| FieldValue::Text(format!("{a:x}:{b:x}"))),
            EntryOption::SkbQueue => o.skbqueue.map(|v| FieldValue::Num(v.into())),
        };
        if let Some(v) = v {
            f(opt.keyword(), v);
        }
    }
}

/// Append a member line (element, then options) as plain/save print it.
pub fn member_line(set: &WiSet, t: Option<SetType>, e: &Entry, out: &mut String) {
    element(set, t, e, out);
    options(t, e, out);
}

/// Append ` option value...` for a member, as plain/save print them.
pub fn options(t: Option<SetType>, e: &Entry, out: &mut String) {
    entry_fields(t, e, |k, v| {
        out.push(' ');
        out.push_str(k);
        v.write_plain(out);
    });
}

/// Append the element text of a member.
pub fn element(set: &WiSet, t: Option<SetType>, e: &Entry, out: &mut String) {
    match t {
        Some(t) => format_element(&e.elem, t, set.family, out),
        None => fallback_element(e, out),
    }
}

/// Elements of types wiset does not know: print what the attributes say.
fn fallback_element(e: &Entry, out: &mut String) {
    let el = &e.elem;
    let mut parts: Vec<String> = Vec::new();
    if let Some(ip) = el.ip {
        parts.push(match el.cidr {
            Some(c) => format!("{ip}/{c}"),
            None => ip.to_string(),
        });
    }
    if let Some(p) = el.port {
        parts.push(match el.proto {
            Some(pr) => format!("{pr}:{p}"),
            None => p.to_string(),
        });
    }
    if let Some(ip) = el.ip2 {
        parts.push(match el.cidr2 {
            Some(c) => format!("{ip}/{c}"),
            None => ip.to_string(),
        });
    }
    if let Some(m) = el.mac {
        parts.push(
            m.iter()
                .map(|b| format!("{b:02X}"))
                .collect::<Vec<_>>()
                .join(":"),
        );
    }
    if let Some(i) = &el.iface {
        parts.push(i.clone());
    }
    if let Some(m) = el.mark {
        parts.push(format!("0x{m:08x}"));
    }
    if let Some(n) = &el.name {
        parts.push(n.clone());
    }
    out.push_str(&parts.join(","));
}

/// Attributes a newer kernel sent that wiset does not know, as `attrN=hex`
/// words: tables and json show them rather than drop them.
pub fn unknown_text(raw: &[crate::netlink::RawNla]) -> String {
    raw.iter()
        .map(|r| format!("attr{}={}", r.kind, hex(&r.value)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Bytes as lowercase hex, for attributes wiset does not know.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// An entry as `ipset list` prints a member of its set: the element, then
/// its options. Made by [`WiSet::display`].
#[derive(Debug, Clone, Copy)]
pub struct EntryDisplay<'a> {
    set: &'a WiSet,
    entry: &'a Entry,
}

impl WiSet {
    /// `entry` in ipset's printed form for this set (its type and family
    /// decide the element's syntax): `192.0.2.0/24 comment "x"`.
    pub fn display<'a>(&'a self, entry: &'a Entry) -> EntryDisplay<'a> {
        EntryDisplay { set: self, entry }
    }
}

impl std::fmt::Display for EntryDisplay<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        member_line(self.set, self.set.set_type(), self.entry, &mut out);
        f.write_str(&out)
    }
}
