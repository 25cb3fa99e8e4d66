//! Property tests (proptest) over the public API, without the kernel.
//!
//! 1. The netlink codec: a generated message of every ipset command, with
//!    the attributes that command carries (requests and replies), emits to
//!    bytes that parse back to the same message and re-emit to the same
//!    bytes; also framed in a full netlink message, read as a dump
//!    (`DumpMessage`) for LIST/SAVE, and built through `AdtBatch`.
//! 2. Element text: for every set type (both families where the type has
//!    them) and command, a generated valid entry is printed in ipset's
//!    format, parsed back with `parse_element` (giving the canonical form),
//!    encoded to attributes (and through the codec), decoded, and printed
//!    again to the very same text, options included.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_packet_core::{Emitable, NetlinkHeader, NetlinkMessage, NetlinkPayload};
use proptest::prelude::*;
use proptest::test_runner::Config;

use wiset::netlink::{
    AdtBatch, CreateAttr, DumpMessage, EntryAttr, IFNAMSIZ_MAX, IPSET_MAX_COMMENT_SIZE,
    IPSET_MAXNAMELEN, IpsetAttr, IpsetCommand, IpsetMessage, RawNla, cadt_flags, family,
    list_flags,
};
use wiset::output::fields;
use wiset::set::Position;
use wiset::set::{Element, Entry, EntryOption, EntryOptions, Family, FamilyKind, Part, SetType};
use wiset::text::{ElemCmd, format_element, parse_element};

/// 256 cases per property; nothing written next to the sources on failure
/// (keep a failure found here as a plain `#[test]` with the shrunk case).
fn config() -> Config {
    Config {
        failure_persistence: None,
        ..Config::default()
    }
}

// ===========================================================================
// Shared generators
// ===========================================================================

/// A string of `min..=max` bytes (not chars) from `chars`.
fn limited(chars: BoxedStrategy<char>, min: usize, max: usize) -> BoxedStrategy<String> {
    prop::collection::vec(chars, min..=max)
        .prop_map(move |cs| {
            let mut s = String::new();
            for c in cs {
                if s.len() + c.len_utf8() > max {
                    break;
                }
                s.push(c);
            }
            s
        })
        .boxed()
}

/// Mostly printable ASCII, sometimes any other character; never NUL (the
/// wire strings are NUL-terminated) nor one of `banned` (both become `_`,
/// rather than being filtered out, so that shrinking is not rejected).
fn text_char(banned: &'static [char]) -> BoxedStrategy<char> {
    prop_oneof![
        8 => prop::char::range(' ', '~'),
        1 => any::<char>(),
    ]
    .prop_map(move |c| {
        if c == '\0' || banned.contains(&c) {
            '_'
        } else {
            c
        }
    })
    .boxed()
}

/// Raw material of an IPv6 address, biased to the shapes that print
/// differently: runs of zero words (`::`), v4-mapped and v4-compatible.
fn v6_bits() -> BoxedStrategy<u128> {
    prop_oneof![
        any::<u128>(),
        (any::<u128>(), any::<u8>()).prop_map(|(v, zeros)| {
            let mut w = Ipv6Addr::from(v).segments();
            for (i, word) in w.iter_mut().enumerate() {
                if zeros & (1 << i) != 0 {
                    *word = 0;
                }
            }
            u128::from(Ipv6Addr::from(w))
        }),
        any::<u32>().prop_map(|v| 0xffff_0000_0000 | u128::from(v)),
        any::<u32>().prop_map(u128::from),
        (any::<u16>(), any::<u16>(), 0..8u32)
            .prop_map(|(a, b, at)| (u128::from(a) << 112) | (u128::from(b) << (16 * at))),
    ]
    .boxed()
}

fn any_ip() -> BoxedStrategy<IpAddr> {
    prop_oneof![
        any::<u32>().prop_map(|v| IpAddr::V4(Ipv4Addr::from(v))),
        v6_bits().prop_map(|v| IpAddr::V6(Ipv6Addr::from(v))),
    ]
    .boxed()
}

fn v4_ip() -> BoxedStrategy<IpAddr> {
    any::<u32>()
        .prop_map(|v| IpAddr::V4(Ipv4Addr::from(v)))
        .boxed()
}

/// Zero or one value of `s`, as a list to concatenate.
fn maybe<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Vec<T>> {
    prop::option::of(s)
        .prop_map(|o| o.into_iter().collect())
        .boxed()
}

/// Zero or one value of `s`, rarely one.
fn rarely<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Vec<T>> {
    prop::option::weighted(0.15, s)
        .prop_map(|o| o.into_iter().collect())
        .boxed()
}

/// Exactly one value of `s`, as a list to concatenate.
fn one<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Vec<T>> {
    s.prop_map(|v| vec![v]).boxed()
}

/// The concatenation of the lists `parts` generate.
fn concat<T: std::fmt::Debug + Clone + 'static>(
    parts: Vec<BoxedStrategy<Vec<T>>>,
) -> BoxedStrategy<Vec<T>> {
    parts
        .prop_map(|v| v.into_iter().flatten().collect())
        .boxed()
}

/// An attribute the codec does not know, in a range of unknown numbers.
/// Never both NESTED and NET_BYTEORDER: netlink-packet-core 0.9 drops
/// NET_BYTEORDER when it sets NESTED (see src/netlink/tests/robust.rs), and
/// neither ipset nor the kernel sends such an attribute.
fn raw_nla(kinds: BoxedStrategy<u16>) -> BoxedStrategy<RawNla> {
    (
        kinds,
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(any::<u8>(), 0..24),
    )
        .prop_map(|(kind, nested, net, value)| RawNla {
            kind,
            nested,
            net_byteorder: net && !nested,
            value,
        })
        .boxed()
}

/// Attribute numbers without a flag bit: 0..=0x3fff.
const NLA_TYPE_MAX: u16 = 0x3fff;

fn set_name() -> BoxedStrategy<String> {
    limited(text_char(&[]), 1, IPSET_MAXNAMELEN)
}

fn wire_family() -> BoxedStrategy<u8> {
    prop_oneof![
        Just(family::INET),
        Just(family::INET6),
        Just(family::UNSPEC)
    ]
    .boxed()
}

fn set_type() -> BoxedStrategy<SetType> {
    prop::sample::select(SetType::ALL.to_vec()).boxed()
}

fn type_name() -> BoxedStrategy<String> {
    prop_oneof![
        4 => set_type().prop_map(|t| t.name().to_string()),
        1 => set_type().prop_map(|t| t.alias().to_string()),
        1 => set_name(),
    ]
    .boxed()
}

// ===========================================================================
// Element generators (the text property; the codec reuses them for entries)
// ===========================================================================

/// Range-like parts a type takes for a command: libipset's `full` flags of
/// the type's ADD/DEL and TEST argument lists (ipset 7.17).
#[derive(Debug, Clone, Copy, Default)]
struct Allow {
    ip_to: bool,
    cidr: bool,
    port_to: bool,
}

fn allow(t: SetType, cmd: ElemCmd) -> Allow {
    use SetType as T;
    let add = cmd != ElemCmd::Test;
    let a = |ip_to, cidr, port_to| Allow {
        ip_to,
        cidr,
        port_to,
    };
    match (t, add) {
        (T::BitmapIp, true) => a(true, true, false),
        (T::BitmapPort, true) => a(false, false, true),
        (T::HashIp | T::HashIpMark, _) => a(true, true, false),
        (T::HashIpPort | T::HashIpPortIp | T::HashIpPortNet, true) => a(true, true, true),
        (T::HashNet | T::HashNetIface | T::HashNetNet, true) => a(true, true, false),
        (T::HashNetPort | T::HashNetPortNet, true) => a(true, true, true),
        (
            T::HashNet | T::HashNetIface | T::HashNetPort | T::HashNetNet | T::HashNetPortNet,
            false,
        ) => a(false, true, false),
        _ => Allow::default(),
    }
}

/// The families a type's sets have.
fn families(t: SetType) -> Vec<Family> {
    match t.family_kind() {
        FamilyKind::InetOnly => vec![Family::Inet],
        FamilyKind::Both => vec![Family::Inet, Family::Inet6],
        FamilyKind::Neutral => vec![Family::Unspec],
    }
}

/// ICMP types that have names in ipset's tables (codes 0..=15 are tried
/// with them, so both named and `TYPE/CODE` forms come out).
const ICMP_TYPES: &[u8] = &[0, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 17, 18];
const ICMPV6_TYPES: &[u8] = &[1, 2, 3, 4, 128, 129, 133, 134, 135, 136, 137];

/// Protocols with real ports; the others take only the pseudo port 0.
const PORT_PROTOCOLS: [u8; 4] = [6, 17, 132, 136];

/// Raw material of an element; `build_entry` shapes it for a set type,
/// family and command. (Generated flat, so it shrinks well.)
#[derive(Debug, Clone)]
struct Raw {
    ip: u128,
    ip_hi: u128,
    ip2: u128,
    cidr: u8,
    cidr2: u8,
    /// 0: plain address, 1: /cidr, 2: FROM-TO range (where allowed).
    range: u8,
    /// 0..=3: tcp, udp, sctp, udplite; 4: icmp/icmpv6; 5: another protocol.
    proto_kind: u8,
    other_proto: u8,
    icmp_named: bool,
    port: u16,
    port_hi: u16,
    port_range: bool,
    mac: [u8; 6],
    mac_present: bool,
    iface: String,
    physdev: bool,
    wildcard: bool,
    mark: u32,
    name: String,
    reference: Option<(bool, String)>,
}

fn iface_name() -> BoxedStrategy<String> {
    // ipset splits the element at ',' and `physdev:` is a prefix; the kernel
    // refuses '/' and blanks in interface names.
    let c = prop_oneof![
        prop::char::range('a', 'z'),
        prop::char::range('A', 'Z'),
        prop::char::range('0', '9'),
        prop::sample::select(vec!['.', '_', '-', '@', '+']),
    ];
    limited(c.boxed(), 1, IFNAMSIZ_MAX)
}

fn list_member_name() -> BoxedStrategy<String> {
    // A ',' would make it the compat form `NAME,before|after,NAME`.
    limited(text_char(&[',']), 1, IPSET_MAXNAMELEN)
}

fn raw() -> BoxedStrategy<Raw> {
    (
        (
            v6_bits(),
            v6_bits(),
            v6_bits(),
            any::<u8>(),
            any::<u8>(),
            0..3u8,
        ),
        (0..6u8, any::<u8>(), any::<bool>()),
        (any::<u16>(), any::<u16>(), any::<bool>()),
        (any::<[u8; 6]>(), prop::bool::weighted(0.8)),
        (iface_name(), any::<bool>(), any::<bool>()),
        any::<u32>(),
        list_member_name(),
        prop::option::of((any::<bool>(), list_member_name())),
    )
        .prop_map(
            |(
                (ip, ip_hi, ip2, cidr, cidr2, range),
                (proto_kind, other_proto, icmp_named),
                (port, port_hi, port_range),
                (mac, mac_present),
                (iface, physdev, wildcard),
                mark,
                name,
                reference,
            )| Raw {
                ip,
                ip_hi,
                ip2,
                cidr,
                cidr2,
                range,
                proto_kind,
                other_proto,
                icmp_named,
                port,
                port_hi,
                port_range,
                mac,
                mac_present,
                iface,
                physdev,
                wildcard,
                mark,
                name,
                reference,
            },
        )
        .boxed()
}

/// Add options (entry extensions), as a listing or an `add` carries them.
fn entry_options() -> BoxedStrategy<EntryOptions> {
    (
        prop::option::of(any::<u32>()),
        prop::option::of(any::<u64>()),
        prop::option::of(any::<u64>()),
        prop::option::of(limited(text_char(&['"']), 0, IPSET_MAX_COMMENT_SIZE)),
        prop::option::of((any::<u32>(), prop_oneof![Just(u32::MAX), any::<u32>()])),
        prop::option::of((any::<u16>(), any::<u16>())),
        prop::option::of(any::<u16>()),
        any::<bool>(),
    )
        .prop_map(
            |(timeout, packets, bytes, comment, skbmark, skbprio, skbqueue, nomatch)| {
                EntryOptions {
                    timeout,
                    packets,
                    bytes,
                    comment,
                    skbmark,
                    skbprio,
                    skbqueue,
                    nomatch,
                    unknown: Vec::new(),
                }
            },
        )
        .boxed()
}

fn host_cidr(v6: bool) -> u8 {
    if v6 { 128 } else { 32 }
}

fn addr(v6: bool, bits: u128) -> IpAddr {
    if v6 {
        IpAddr::V6(Ipv6Addr::from(bits))
    } else {
        IpAddr::V4(Ipv4Addr::from(bits as u32))
    }
}

/// `ip` with the bits past the prefix cleared, as the kernel lists a net.
fn masked(ip: IpAddr, cidr: u8) -> IpAddr {
    match ip {
        IpAddr::V4(a) => {
            let m = u32::MAX.checked_shl(32 - u32::from(cidr)).unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(u32::from(a) & m))
        }
        IpAddr::V6(a) => {
            let m = u128::MAX.checked_shl(128 - u32::from(cidr)).unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(u128::from(a) & m))
        }
    }
}

/// A prefix length 1..=host from raw material.
fn prefix(raw: u8, v6: bool) -> u8 {
    1 + raw % host_cidr(v6)
}

/// Shape the raw material into a valid entry of type `t`, family `f`, for
/// `cmd`: only the forms ipset takes for that command, options on add only.
///
/// Never a `FROM-TO` range in the second address part (`ip2_to`), which
/// `parse_element` takes on add/del of hash:ip,port,net, hash:net,net and
/// hash:net,port,net: the printer leaves it out, as ipset 7.17 does
/// (`ipset test S 10.0.0.1,80,192.0.2.1-192.0.2.9` answers
/// `10.0.0.1,tcp:80,192.0.2.1 is NOT in set S.`), so it has no text to
/// round-trip. The kernel never lists ranges.
fn build_entry(t: SetType, f: Family, cmd: ElemCmd, r: &Raw, opts: &EntryOptions) -> Entry {
    let v6 = f == Family::Inet6;
    let a = allow(t, cmd);
    let mut e = Element::default();
    for (i, part) in t.parts().iter().enumerate() {
        match part {
            Part::Ip | Part::Net => {
                debug_assert_eq!(i, 0);
                let ip = addr(v6, r.ip);
                // IPv4 first parts take `/cidr` and `FROM-TO` (bitmap:ip,mac
                // a plain address); IPv6 ones a plain address (Ip) or /cidr (Net).
                let any_form = !v6 && t != SetType::BitmapIpMac;
                let net = *part == Part::Net;
                if any_form && a.ip_to && r.range == 2 {
                    let (lo, hi) = (r.ip as u32, r.ip_hi as u32);
                    e.ip = Some(IpAddr::V4(lo.min(hi).into()));
                    e.ip_to = Some(IpAddr::V4(lo.max(hi).into()));
                } else if net || (any_form && (a.cidr || a.ip_to) && r.range == 1) {
                    let c = prefix(r.cidr, v6);
                    e.ip = Some(masked(ip, c));
                    e.cidr = Some(c);
                } else {
                    e.ip = Some(ip);
                }
            }
            Part::Ip2 => e.ip2 = Some(addr(v6, r.ip2)),
            Part::Net2 => {
                let c = prefix(r.cidr2, v6);
                e.ip2 = Some(masked(addr(v6, r.ip2), c));
                e.cidr2 = Some(c);
            }
            Part::Port => match r.proto_kind {
                0..=3 => {
                    e.proto = Some(PORT_PROTOCOLS[usize::from(r.proto_kind)]);
                    port_or_range(&mut e, r, a);
                }
                4 => {
                    // ICMP in inet sets, ICMPv6 in inet6 sets: `TYPE<<8 | CODE`.
                    e.proto = Some(if v6 { 58 } else { 1 });
                    e.port = Some(if r.icmp_named {
                        let types = if v6 { ICMPV6_TYPES } else { ICMP_TYPES };
                        let ty = types[usize::from(r.port >> 8) % types.len()];
                        (u16::from(ty) << 8) | (r.port & 0x0f)
                    } else {
                        r.port
                    });
                }
                _ => {
                    // Any other protocol: the pseudo port 0 only.
                    let p = r.other_proto;
                    e.proto = Some(
                        if p == 0 || [1, 58].contains(&p) || PORT_PROTOCOLS.contains(&p) {
                            47
                        } else {
                            p
                        },
                    );
                    e.port = Some(0);
                }
            },
            Part::BarePort => port_or_range(&mut e, r, a),
            Part::Mac => {
                let mut m = r.mac;
                if m == [0; 6] {
                    m[5] = 1; // the kernel refuses the zero MAC address
                }
                if t != SetType::BitmapIpMac || r.mac_present {
                    e.mac = Some(m);
                }
            }
            Part::Iface => {
                e.iface = Some(r.iface.clone());
                e.physdev = r.physdev;
            }
            Part::Mark => e.mark = Some(r.mark),
            Part::SetName => {
                e.name = Some(r.name.clone());
                e.reference = r.reference.clone().map(|(before, n)| {
                    (
                        if before {
                            Position::Before
                        } else {
                            Position::After
                        },
                        n,
                    )
                });
            }
        }
    }
    let mut entry = Entry::new(e);
    if cmd == ElemCmd::Add {
        let takes = |o| t.entry_options().contains(&o);
        entry.opts = opts.clone();
        entry.opts.nomatch &= takes(EntryOption::NoMatch);
        entry.elem.wildcard = r.wildcard && takes(EntryOption::Wildcard);
    }
    entry
}

fn port_or_range(e: &mut Element, r: &Raw, a: Allow) {
    if a.port_to && r.port_range {
        e.port = Some(r.port.min(r.port_hi));
        e.port_to = Some(r.port.max(r.port_hi));
    } else {
        e.port = Some(r.port);
    }
}

/// One generated text case.
#[derive(Debug, Clone)]
struct Case {
    t: SetType,
    family: Family,
    cmd: ElemCmd,
    entry: Entry,
    lineno: u32,
}

fn case_of(t: SetType) -> BoxedStrategy<Case> {
    (
        prop::sample::select(families(t)),
        prop::sample::select(vec![ElemCmd::Add, ElemCmd::Del, ElemCmd::Test]),
        raw(),
        entry_options(),
        any::<u32>(),
    )
        .prop_map(move |(family, cmd, r, opts, lineno)| Case {
            t,
            family,
            cmd,
            entry: build_entry(t, family, cmd, &r, &opts),
            lineno,
        })
        .boxed()
}

/// A valid add entry of some set type and family, for the codec.
fn typed_entry() -> BoxedStrategy<Entry> {
    set_type()
        .prop_flat_map(|t| {
            (prop::sample::select(families(t)), raw(), entry_options())
                .prop_map(move |(f, r, o)| build_entry(t, f, ElemCmd::Add, &r, &o))
        })
        .boxed()
}

// ===========================================================================
// 1. The codec
// ===========================================================================

/// Every entry attribute the codec has, each present or not, in attribute
/// number order.
fn all_entry_attrs() -> BoxedStrategy<Vec<EntryAttr>> {
    let name = || limited(text_char(&[]), 0, IPSET_MAXNAMELEN);
    concat(vec![
        maybe(any_ip().prop_map(EntryAttr::Ip)),
        maybe(any_ip().prop_map(EntryAttr::IpTo)),
        maybe(any::<u8>().prop_map(EntryAttr::Cidr)),
        maybe(any::<u16>().prop_map(EntryAttr::Port)),
        maybe(any::<u16>().prop_map(EntryAttr::PortTo)),
        maybe(any::<u32>().prop_map(EntryAttr::Timeout)),
        maybe(any::<u8>().prop_map(EntryAttr::Proto)),
        maybe(any::<u32>().prop_map(EntryAttr::CadtFlags)),
        maybe(any::<u32>().prop_map(EntryAttr::LineNo)),
        maybe(any::<u32>().prop_map(EntryAttr::Mark)),
        maybe(any::<u32>().prop_map(EntryAttr::MarkMask)),
        maybe(any::<[u8; 6]>().prop_map(EntryAttr::Ether)),
        maybe(name().prop_map(EntryAttr::Name)),
        maybe(name().prop_map(EntryAttr::NameRef)),
        maybe(any_ip().prop_map(EntryAttr::Ip2)),
        maybe(any::<u8>().prop_map(EntryAttr::Cidr2)),
        maybe(any_ip().prop_map(EntryAttr::Ip2To)),
        maybe(limited(text_char(&[]), 0, IFNAMSIZ_MAX).prop_map(EntryAttr::Iface)),
        maybe(any::<u64>().prop_map(EntryAttr::Bytes)),
        maybe(any::<u64>().prop_map(EntryAttr::Packets)),
        maybe(limited(text_char(&[]), 0, IPSET_MAX_COMMENT_SIZE).prop_map(EntryAttr::Comment)),
        maybe(any::<u64>().prop_map(EntryAttr::SkbMark)),
        maybe(any::<u32>().prop_map(EntryAttr::SkbPrio)),
        maybe(any::<u16>().prop_map(EntryAttr::SkbQueue)),
        maybe(prop::collection::vec(any::<u8>(), 0..=8).prop_map(EntryAttr::Pad)),
        maybe(unknown_entry_attr()),
    ])
}

fn unknown_entry_attr() -> BoxedStrategy<EntryAttr> {
    // Known entry numbers: 1..=11 and 17..=30.
    let kinds = prop_oneof![1 => Just(0u16), 2 => 12..=16u16, 4 => 31..=NLA_TYPE_MAX].boxed();
    raw_nla(kinds).prop_map(EntryAttr::Unknown).boxed()
}

/// An entry's attributes as the library's encoder writes them (after its
/// size checks), parsed back by the codec, with `lineno` last.
fn to_attrs(e: &Entry, lineno: Option<u32>) -> Result<Vec<EntryAttr>, wiset::set::Error> {
    e.check()?;
    let mut buf = Vec::new();
    e.encode(&mut wiset::netlink::AttrWriter::new(&mut buf));
    let mut v: Vec<EntryAttr> = netlink_packet_core::NlasIterator::new(&buf[..])
        .map(|n| EntryAttr::parse_nla(&n.expect("nla")).expect("attr"))
        .collect();
    v.extend(lineno.map(EntryAttr::LineNo));
    Ok(v)
}

/// The attributes of one ADT entry: a valid entry of some type as
/// `Entry::encode` writes it (sometimes with attributes no `Entry` makes),
/// or every attribute independently.
fn entry_attrs() -> BoxedStrategy<Vec<EntryAttr>> {
    let typed = (
        typed_entry(),
        rarely(any::<u32>().prop_map(EntryAttr::MarkMask)),
        rarely(prop::collection::vec(any::<u8>(), 4).prop_map(EntryAttr::Pad)),
        rarely(unknown_entry_attr()),
    )
        .prop_map(|(e, mm, pad, unknown)| {
            let mut v = to_attrs(&e, None).expect("a valid entry");
            v.extend(mm);
            v.extend(pad);
            v.extend(unknown);
            v
        });
    prop_oneof![3 => typed, 1 => all_entry_attrs()].boxed()
}

/// An ADT entry with its LINENO last, as libipset and `AdtBatch` send it.
fn entry_with_lineno() -> BoxedStrategy<Vec<EntryAttr>> {
    (entry_attrs(), any::<u32>())
        .prop_map(|(mut v, l)| {
            v.push(EntryAttr::LineNo(l));
            v
        })
        .boxed()
}

fn unknown_create_attr() -> BoxedStrategy<CreateAttr> {
    // Known create numbers: 1..=12 and 17..=26.
    let kinds = prop_oneof![1 => Just(0u16), 2 => 13..=16u16, 4 => 27..=NLA_TYPE_MAX].boxed();
    raw_nla(kinds).prop_map(CreateAttr::Unknown).boxed()
}

/// The shared CADT numbers without a create meaning, and unknown ones.
fn stray_create_attr() -> BoxedStrategy<CreateAttr> {
    prop_oneof![
        any::<u8>().prop_map(CreateAttr::Proto),
        any::<u32>().prop_map(CreateAttr::LineNo),
        any::<u32>().prop_map(CreateAttr::Mark),
        unknown_create_attr(),
    ]
    .boxed()
}

fn extension_flags() -> BoxedStrategy<u32> {
    prop::sample::subsequence(
        vec![
            cadt_flags::WITH_COUNTERS,
            cadt_flags::WITH_COMMENT,
            cadt_flags::WITH_FORCEADD,
            cadt_flags::WITH_SKBINFO,
        ],
        0..=4,
    )
    .prop_map(|v| v.into_iter().fold(0, |a, b| a | b))
    .boxed()
}

/// The create options of a set of type `t` (CREATE's DATA) or, with
/// `reply`, its header in a LIST/SAVE reply (with the kernel's counts), in
/// attribute number order as libipset and the kernel put them.
fn create_data(t: SetType, reply: bool) -> BoxedStrategy<Vec<CreateAttr>> {
    use CreateAttr as C;
    use wiset::set::CreateOption as O;
    let takes = |o| t.create_options().contains(&o);
    let mut parts: Vec<BoxedStrategy<Vec<CreateAttr>>> = Vec::new();
    match t {
        SetType::BitmapIp | SetType::BitmapIpMac => parts.push(
            prop_oneof![
                (v4_ip(), v4_ip()).prop_map(|(a, b)| vec![C::Ip(a), C::IpTo(b)]),
                (v4_ip(), 0..=32u8).prop_map(|(a, c)| vec![C::Ip(a), C::Cidr(c)]),
            ]
            .boxed(),
        ),
        SetType::BitmapPort => parts.push(
            (any::<u16>(), any::<u16>())
                .prop_map(|(a, b)| vec![C::Port(a), C::PortTo(b)])
                .boxed(),
        ),
        _ => {}
    }
    parts.push(maybe(any::<u32>().prop_map(C::Timeout)));
    parts.push(rarely(any::<u8>().prop_map(C::Proto)));
    parts.push(maybe(extension_flags().prop_map(C::CadtFlags)));
    parts.push(rarely(any::<u32>().prop_map(C::LineNo)));
    parts.push(rarely(any::<u32>().prop_map(C::Mark)));
    if takes(O::MarkMask) {
        parts.push(maybe(any::<u32>().prop_map(C::MarkMask)));
    }
    if takes(O::Bitmask) {
        parts.push(maybe(any_ip().prop_map(C::Bitmask)));
    }
    if t.is_hash() {
        parts.push(maybe(any::<u32>().prop_map(C::InitVal)));
        parts.push(maybe(any::<u32>().prop_map(C::HashSize)));
        parts.push(maybe(any::<u32>().prop_map(C::MaxElem)));
    }
    if takes(O::Netmask) {
        parts.push(maybe((0..=128u8).prop_map(C::Netmask)));
    }
    if t.is_hash() {
        parts.push(maybe(any::<u8>().prop_map(C::BucketSize)));
        parts.push(rarely(any::<u8>().prop_map(C::Resize)));
    }
    if takes(O::Size) {
        parts.push(maybe(any::<u32>().prop_map(C::Size)));
    }
    if reply {
        parts.push(one(any::<u32>().prop_map(C::Elements)));
        parts.push(one(any::<u32>().prop_map(C::References)));
        parts.push(one(any::<u32>().prop_map(C::MemSize)));
    }
    parts.push(rarely(unknown_create_attr()));
    concat(parts)
}

/// Any create attribute, for commands the codec does not know.
fn any_create_attrs() -> BoxedStrategy<Vec<CreateAttr>> {
    set_type()
        .prop_flat_map(|t| {
            (
                create_data(t, true),
                prop::collection::vec(stray_create_attr(), 0..=2),
            )
                .prop_map(|(mut v, s)| {
                    v.extend(s);
                    v
                })
        })
        .boxed()
}

fn unknown_ipset_attr() -> BoxedStrategy<IpsetAttr> {
    // Known command-level numbers: 1..=11.
    let kinds = prop_oneof![1 => Just(0u16), 4 => 12..=NLA_TYPE_MAX].boxed();
    raw_nla(kinds).prop_map(IpsetAttr::Unknown).boxed()
}

/// The command-level attributes `cmd` carries, as a request (libipset 7.17)
/// or, with `reply`, as the kernel's answer.
fn command_attrs(cmd: IpsetCommand, reply: bool) -> BoxedStrategy<Vec<IpsetAttr>> {
    use IpsetAttr as A;
    use IpsetCommand as Cmd;
    let protocol = || one(prop_oneof![Just(7u8), Just(6u8), any::<u8>()].prop_map(A::Protocol));
    let name = || one(set_name().prop_map(A::SetName));
    let type_name = || one(type_name().prop_map(A::TypeName));
    let revision = || one((0..=8u8).prop_map(A::Revision));
    let fam = || one(wire_family().prop_map(A::Family));
    let mut parts: Vec<BoxedStrategy<Vec<IpsetAttr>>> = vec![protocol()];
    match (cmd, reply) {
        (Cmd::Protocol, false) => {}
        (Cmd::Protocol, true) => parts.push(one((6..=7u8).prop_map(A::ProtocolMin))),
        (Cmd::Create, _) => {
            parts.extend([name(), type_name(), revision(), fam()]);
            parts.push(
                set_type()
                    .prop_flat_map(|t| create_data(t, false))
                    .prop_map(|d| vec![A::CreateData(d)])
                    .boxed(),
            );
        }
        (Cmd::Destroy | Cmd::Flush, _) => parts.push(maybe(set_name().prop_map(A::SetName))),
        // SETNAME2 shares TYPENAME's number.
        (Cmd::Rename | Cmd::Swap, _) => {
            parts.extend([name(), one(set_name().prop_map(A::TypeName))])
        }
        (Cmd::List | Cmd::Save, false) => {
            parts.push(maybe(set_name().prop_map(A::SetName)));
            parts.push(maybe(
                prop::sample::select(vec![list_flags::LIST_SETNAME, list_flags::LIST_HEADER])
                    .prop_map(A::Flags),
            ));
        }
        (Cmd::List | Cmd::Save, true) => {
            // A dump part: the header and a chunk of the members.
            parts.extend([name(), type_name(), fam(), revision()]);
            parts.push(
                set_type()
                    .prop_flat_map(|t| create_data(t, true))
                    .prop_map(|d| vec![A::CreateData(d)])
                    .boxed(),
            );
            parts.push(maybe(
                prop::collection::vec(entry_attrs(), 0..=4).prop_map(A::Adt),
            ));
            parts.push(maybe(any::<u16>().prop_map(A::Index)));
        }
        (Cmd::Add | Cmd::Del | Cmd::Test, _) => {
            parts.push(name());
            parts.push(
                prop_oneof![
                    // One entry, LINENO inside or not (`ipset add`, `ipset test`).
                    (entry_attrs(), prop::option::of(any::<u32>())).prop_map(|(mut e, l)| {
                        e.extend(l.map(EntryAttr::LineNo));
                        vec![A::EntryData(e)]
                    }),
                    // A batch (`ipset restore`): the first line, then ADT{DATA...}.
                    (
                        any::<u32>(),
                        prop::collection::vec(entry_with_lineno(), 1..=6)
                    )
                        .prop_map(|(l, es)| vec![A::LineNo(l), A::Adt(es)]),
                ]
                .boxed(),
            );
            parts.push(rarely(any::<u32>().prop_map(A::Flags)));
        }
        (Cmd::Header, false) => parts.push(name()),
        (Cmd::Header, true) => parts.extend([name(), type_name(), revision(), fam()]),
        (Cmd::Type, false) => parts.extend([type_name(), fam()]),
        // REVISION_MIN shares PROTOCOL_MIN's number.
        (Cmd::Type, true) => parts.extend([
            type_name(),
            fam(),
            revision(),
            one((0..=8u8).prop_map(A::ProtocolMin)),
        ]),
        (Cmd::GetByName, false) => parts.push(name()),
        (Cmd::GetByName, true) => parts.extend([fam(), one(any::<u16>().prop_map(A::Index))]),
        (Cmd::GetByIndex, false) => parts.push(one(any::<u16>().prop_map(A::Index))),
        (Cmd::GetByIndex, true) => parts.push(name()),
        (Cmd::Other(_), _) => {
            parts.push(maybe(set_name().prop_map(A::SetName)));
            parts.push(maybe(any::<u32>().prop_map(A::Flags)));
            parts.push(maybe(any::<u32>().prop_map(A::LineNo)));
            // DATA is read as create options outside ADD/DEL/TEST.
            parts.push(maybe(any_create_attrs().prop_map(A::CreateData)));
            parts.push(maybe(
                prop::collection::vec(entry_attrs(), 0..=2).prop_map(A::Adt),
            ));
            parts.push(maybe(unknown_ipset_attr()));
        }
    }
    parts.push(rarely(unknown_ipset_attr()));
    concat(parts)
}

/// A message of `cmd`: request or reply; `nfgen_family` as libipset sends
/// it (AF_INET), or as the kernel answers (the set's family), or any.
fn message_of(cmd: IpsetCommand) -> BoxedStrategy<IpsetMessage> {
    (
        any::<bool>(),
        prop_oneof![4 => Just(family::INET), 1 => wire_family(), 1 => any::<u8>()],
    )
        .prop_flat_map(move |(reply, nfgen_family)| {
            command_attrs(cmd, reply).prop_map(move |attrs| IpsetMessage {
                command: cmd,
                nfgen_family,
                attrs,
            })
        })
        .boxed()
}

fn emit(m: &IpsetMessage) -> Vec<u8> {
    let mut buf = vec![0xa5; m.buffer_len()];
    m.emit(&mut buf);
    buf
}

/// emit -> parse gives the message back, and the parsed message emits the
/// same bytes; the same through full netlink framing and, for dumps,
/// through `DumpMessage`.
fn check_codec(m: &IpsetMessage) -> Result<(), TestCaseError> {
    let bytes = emit(m);
    prop_assert_eq!(bytes.len(), m.buffer_len());
    let parsed = IpsetMessage::parse(m.message_type(), &bytes)
        .map_err(|e| TestCaseError::fail(format!("parse: {e}")))?;
    prop_assert_eq!(&parsed, m);
    prop_assert_eq!(emit(&parsed), bytes.clone(), "re-emitted bytes");

    // In a netlink message, as the socket sends and reads it.
    let mut header = NetlinkHeader::default();
    header.flags = m.command.request_flags();
    header.sequence_number = 0x1234_5678;
    header.port_number = 42;
    let mut nl = NetlinkMessage::new(header, NetlinkPayload::InnerMessage(m.clone()));
    nl.finalize();
    let mut framed = vec![0u8; nl.buffer_len()];
    nl.serialize(&mut framed);
    prop_assert_eq!(&framed[16..], &bytes[..]);
    let back = NetlinkMessage::<IpsetMessage>::deserialize(&framed)
        .map_err(|e| TestCaseError::fail(format!("deserialize: {e}")))?;
    prop_assert_eq!(back.header, nl.header);
    match back.payload {
        NetlinkPayload::InnerMessage(inner) => prop_assert_eq!(&inner, m),
        other => return Err(TestCaseError::fail(format!("payload {other:?}"))),
    }

    // As a dump part: the attributes but ADT, and ADT's entries walked lazily.
    if matches!(m.command, IpsetCommand::List | IpsetCommand::Save) {
        let dump = DumpMessage::parse(m.message_type(), &bytes)
            .map_err(|e| TestCaseError::fail(format!("dump parse: {e}")))?;
        let want: Vec<&IpsetAttr> = m
            .attrs
            .iter()
            .filter(|a| !matches!(a, IpsetAttr::Adt(_)))
            .collect();
        prop_assert_eq!(dump.attrs.iter().collect::<Vec<_>>(), want);
        let entries: Vec<Vec<EntryAttr>> = dump
            .entries()
            .map(|e| e.and_then(|attrs| attrs.collect::<Result<Vec<_>, _>>()))
            .collect::<Result<_, _>>()
            .map_err(|e| TestCaseError::fail(format!("dump entries: {e}")))?;
        let adt = m
            .attrs
            .iter()
            .rev()
            .find_map(|a| match a {
                IpsetAttr::Adt(e) => Some(e.clone()),
                _ => None,
            })
            .unwrap_or_default();
        prop_assert_eq!(entries, adt);
    }
    Ok(())
}

/// Commands outside the codec's table (0 and 16..=255).
fn other_command() -> BoxedStrategy<IpsetCommand> {
    prop_oneof![Just(0u8), 16..=255u8]
        .prop_map(IpsetCommand::from)
        .boxed()
}

/// One property per command.
macro_rules! codec_properties {
    ($($name:ident => $cmd:expr,)*) => {
        const CODEC_COMMANDS: [IpsetCommand; [$($cmd),*].len()] = [$($cmd),*];
        proptest! {
            #![proptest_config(config())]
            $(
                #[test]
                fn $name(m in message_of($cmd)) {
                    check_codec(&m)?;
                }
            )*
        }
    };
}

codec_properties! {
    codec_protocol => IpsetCommand::Protocol,
    codec_create => IpsetCommand::Create,
    codec_destroy => IpsetCommand::Destroy,
    codec_flush => IpsetCommand::Flush,
    codec_rename => IpsetCommand::Rename,
    codec_swap => IpsetCommand::Swap,
    codec_list => IpsetCommand::List,
    codec_save => IpsetCommand::Save,
    codec_add => IpsetCommand::Add,
    codec_del => IpsetCommand::Del,
    codec_test => IpsetCommand::Test,
    codec_header => IpsetCommand::Header,
    codec_type => IpsetCommand::Type,
    codec_get_by_name => IpsetCommand::GetByName,
    codec_get_by_index => IpsetCommand::GetByIndex,
}

proptest! {
    #![proptest_config(config())]

    /// Commands the codec does not know keep their number and attributes.
    #[test]
    fn codec_other_command(m in other_command().prop_flat_map(message_of)) {
        prop_assert!(matches!(m.command, IpsetCommand::Other(_)));
        check_codec(&m)?;
    }

    /// A batch built by `AdtBatch` from `Entry::encode` (the `replace`
    /// path) parses to LINENO(first line) and ADT of each entry's
    /// `to_attrs` with its line, and the parsed message emits the same bytes.
    #[test]
    fn codec_adt_batch(
        cmd in prop::sample::select(vec![IpsetCommand::Add, IpsetCommand::Del]),
        name in set_name(),
        entries in prop::collection::vec((typed_entry(), any::<u32>()), 1..=8),
    ) {
        let mut batch = AdtBatch::default();
        for (e, line) in &entries {
            prop_assert!(batch.push(*line, |w| e.encode(w)));
        }
        prop_assert_eq!(batch.len(), entries.len());
        let mut attrs = vec![IpsetAttr::Protocol(7), IpsetAttr::SetName(name.clone())];
        attrs.extend(batch.take_attrs());
        prop_assert!(batch.is_empty());
        let bytes = emit(&IpsetMessage::new(cmd, attrs));

        let want = IpsetMessage::new(cmd, vec![
            IpsetAttr::Protocol(7),
            IpsetAttr::SetName(name),
            IpsetAttr::LineNo(entries[0].1),
            IpsetAttr::Adt(entries
                .iter()
                .map(|(e, l)| to_attrs(e, Some(*l)).expect("a valid entry"))
                .collect()),
        ]);
        let parsed = IpsetMessage::parse(want.message_type(), &bytes)
            .map_err(|e| TestCaseError::fail(format!("parse: {e}")))?;
        prop_assert_eq!(&parsed, &want);
        prop_assert_eq!(emit(&parsed), bytes);
        check_codec(&want)?;
    }
}

// ===========================================================================
// 2. Element text
// ===========================================================================

/// The element as `parse_element` gives it back from its printed text:
/// host prefixes are not printed, so they come back absent; the add options
/// among the element's fields (`wildcard`) and the list:set position are
/// not part of the element text.
fn canonical(e: &Element, family: Family) -> Element {
    let host = host_cidr(family == Family::Inet6);
    let mut c = e.clone();
    if c.cidr == Some(host) {
        c.cidr = None;
    }
    if c.cidr2 == Some(host) {
        c.cidr2 = None;
    }
    c.wildcard = false;
    c.reference = None;
    c
}

/// The member text as `ipset list`/`save` print it: element, then options.
fn member_text(t: SetType, family: Family, e: &Entry) -> (String, String) {
    let mut elem = String::new();
    format_element(&e.elem, t, family, &mut elem);
    let mut opts = String::new();
    fields::options(Some(t), e, &mut opts);
    (elem, opts)
}

fn check_text(c: &Case) -> Result<(), TestCaseError> {
    let (t, f) = (c.t, c.family);
    let g = &c.entry;
    prop_assert!(
        g.check().is_ok(),
        "generated entry fails check: {:?}",
        g.check()
    );
    let (text, opts_text) = member_text(t, f, g);

    // text -> element: the canonical form.
    let parsed = parse_element(&text, t, f, c.cmd).map_err(|e| {
        TestCaseError::fail(format!(
            "{t} {} {}: {text:?} does not parse: {e}",
            f.name(),
            c.cmd.name()
        ))
    })?;
    prop_assert_eq!(&parsed, &canonical(&g.elem, f), "parsed {:?}", text);

    // element + options -> attributes. The options' text parser is the CLI's
    // (src/cli/keywords.rs, not in the library), so the generated options
    // join the parsed element here; their text is compared at the end.
    let mut entry = Entry {
        elem: parsed,
        opts: g.opts.clone(),
    };
    entry.elem.wildcard = g.elem.wildcard;
    entry.elem.reference = g.elem.reference.clone();
    let attrs = to_attrs(&entry, Some(c.lineno))
        .map_err(|e| TestCaseError::fail(format!("to_attrs: {e}")))?;
    prop_assert_eq!(attrs.last(), Some(&EntryAttr::LineNo(c.lineno)));

    // attributes -> entry, directly and through a request on the wire.
    let decoded = Entry::from_attrs(attrs.clone());
    prop_assert_eq!(&decoded, &entry);
    let cmd = match c.cmd {
        ElemCmd::Add => IpsetCommand::Add,
        ElemCmd::Del => IpsetCommand::Del,
        ElemCmd::Test => IpsetCommand::Test,
    };
    let request = IpsetMessage::new(
        cmd,
        vec![
            IpsetAttr::Protocol(7),
            IpsetAttr::SetName("s".into()),
            IpsetAttr::EntryData(attrs),
        ],
    );
    let wire = IpsetMessage::parse(request.message_type(), &emit(&request))
        .map_err(|e| TestCaseError::fail(format!("parse: {e}")))?;
    let Some(IpsetAttr::EntryData(wire_attrs)) = wire.attrs.last().cloned() else {
        return Err(TestCaseError::fail(format!("no DATA in {wire:?}")));
    };
    let decoded_wire = Entry::from_attrs(wire_attrs);
    prop_assert_eq!(&decoded_wire, &entry);

    // entry -> text: identical.
    prop_assert_eq!(
        member_text(t, f, &decoded),
        (text.clone(), opts_text.clone())
    );
    prop_assert_eq!(member_text(t, f, &decoded_wire), (text, opts_text));
    Ok(())
}

/// One property per set type.
macro_rules! text_properties {
    ($($name:ident => $t:expr,)*) => {
        const TEXT_TYPES: [SetType; [$($t),*].len()] = [$($t),*];
        proptest! {
            #![proptest_config(config())]
            $(
                #[test]
                fn $name(c in case_of($t)) {
                    check_text(&c)?;
                }
            )*
        }
    };
}

text_properties! {
    text_bitmap_ip => SetType::BitmapIp,
    text_bitmap_ip_mac => SetType::BitmapIpMac,
    text_bitmap_port => SetType::BitmapPort,
    text_hash_ip => SetType::HashIp,
    text_hash_mac => SetType::HashMac,
    text_hash_ip_mac => SetType::HashIpMac,
    text_hash_ip_mark => SetType::HashIpMark,
    text_hash_ip_port => SetType::HashIpPort,
    text_hash_ip_port_ip => SetType::HashIpPortIp,
    text_hash_ip_port_net => SetType::HashIpPortNet,
    text_hash_net => SetType::HashNet,
    text_hash_net_net => SetType::HashNetNet,
    text_hash_net_port => SetType::HashNetPort,
    text_hash_net_port_net => SetType::HashNetPortNet,
    text_hash_net_iface => SetType::HashNetIface,
    text_list_set => SetType::ListSet,
}

/// The properties above cover every set type and every named command.
#[test]
fn properties_cover_every_type_and_command() {
    assert_eq!(TEXT_TYPES, SetType::ALL);
    let named: Vec<IpsetCommand> = (0..=255u8)
        .map(IpsetCommand::from)
        .filter(|c| !matches!(c, IpsetCommand::Other(_)))
        .collect();
    assert_eq!(CODEC_COMMANDS.to_vec(), named);
}
