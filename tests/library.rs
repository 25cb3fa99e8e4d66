//! In-process tests of the WiSet layer (SPEC.md §3) against the real kernel.
//!
//! Every test gets its own network namespace and moves its thread into it
//! (`ns.enter_thread()`), so `Session::open()` talks to that namespace's
//! ip_set. Entries are built from `Element`/`Entry` values directly, so the
//! tests do not depend on the element text parser (except
//! `element_text_round_trip`, which tests the parser itself).
//!
//! Several tests cover what pyroute2's WiSet gets wrong: IPv6 content,
//! hash:ip,port,ip keys (pyroute2 repeats the first address), inserts beyond
//! 65,536 entries, one request per entry, and sets spread over many dump
//! messages.

mod support;

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use wiset::netlink::{IpsetCommand, ipset_errno};
use wiset::set::{
    AdtOp, CreateOptions, Dump, Element, Entry, EntryOptions, Error, Exist, Family, Load, Range,
    Session, SetType, WiSet,
};

// ---------------------------------------------------------------- helpers

fn v4(a: u8, b: u8, c: u8, d: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(a, b, c, d))
}

/// The `i`-th address of 10.0.0.0/8.
fn v4n(i: u32) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i))
}

fn v6(s: &str) -> IpAddr {
    IpAddr::V6(s.parse::<Ipv6Addr>().unwrap())
}

fn ip(addr: IpAddr) -> Element {
    Element {
        ip: Some(addr),
        ..Default::default()
    }
}

fn net(addr: IpAddr, cidr: u8) -> Element {
    Element {
        ip: Some(addr),
        cidr: Some(cidr),
        ..Default::default()
    }
}

fn ip_port_ip(a: IpAddr, proto: u8, port: u16, b: IpAddr) -> Element {
    Element {
        ip: Some(a),
        proto: Some(proto),
        port: Some(port),
        ip2: Some(b),
        ..Default::default()
    }
}

fn entry(elem: Element) -> Entry {
    Entry::new(elem)
}

fn set_of(name: &str, t: SetType) -> WiSet {
    WiSet::new(name, t)
}

fn set_with(name: &str, t: SetType, options: CreateOptions) -> WiSet {
    WiSet {
        options,
        ..WiSet::new(name, t)
    }
}

/// `(line, entry)` items for `apply`, lines counted from 1.
fn numbered(entries: Vec<Entry>) -> impl Iterator<Item = wiset::set::Result<(u32, Entry)>> {
    entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| Ok((i as u32 + 1, e)))
}

fn open() -> Session {
    Session::open().expect("Session::open in the test namespace")
}

/// The members of a loaded set, by element.
fn elements(set: &WiSet) -> HashSet<Element> {
    set.content
        .as_ref()
        .expect("loaded with content")
        .iter()
        .map(|e| e.elem.clone())
        .collect()
}

/// The content entry with this element.
fn find<'a>(set: &'a WiSet, elem: &Element) -> &'a Entry {
    set.content
        .as_ref()
        .expect("loaded with content")
        .iter()
        .find(|e| &e.elem == elem)
        .unwrap_or_else(|| panic!("{elem:?} not in {}", set.name))
}

/// Assert a kernel error with this errno and ipset's text.
#[track_caller]
fn assert_kernel_err<T: std::fmt::Debug>(r: wiset::set::Result<T>, errno: i32, text: &str) {
    match r {
        Err(Error::Kernel {
            errno: e, message, ..
        }) => {
            assert_eq!(e, errno, "errno (message {message:?})");
            assert_eq!(message, text);
        }
        other => panic!("expected kernel error {errno} {text:?}, got {other:?}"),
    }
}

/// A value from ipset(8)'s `list -t` output, e.g. `Size in memory`.
fn ipset_header_value(ns: &support::Netns, set: &str, key: &str) -> Option<String> {
    if !support::have_ipset() {
        return None;
    }
    let out = ns.ipset_ok(&["list", "-t", set]);
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")).map(str::to_string))
}

const TCP: u8 = 6;
const UDP: u8 = 17;

// ------------------------------------------------------- create / destroy

#[test]
fn create_exclusive_and_with_exist() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();

    let opts = CreateOptions {
        hashsize: Some(2048),
        maxelem: Some(1000),
        timeout: Some(60),
        ..Default::default()
    };
    let set = set_with("c", SetType::HashIp, opts.clone());
    s.create(&set, Exist::Fail).unwrap();

    // Exclusive create of an existing name fails with ipset's text.
    assert_kernel_err(
        s.create(&set, Exist::Fail),
        libc::EEXIST,
        "Set cannot be created: set with the same name already exists",
    );
    // exist=true on an identical set succeeds.
    s.create(&set, Exist::Ignore).unwrap();
    // exist=true on a set of the same name but other options still fails.
    let other = set_with(
        "c",
        SetType::HashIp,
        CreateOptions {
            maxelem: Some(2000),
            ..opts.clone()
        },
    );
    assert_kernel_err(
        s.create(&other, Exist::Ignore),
        libc::EEXIST,
        "Set cannot be created: set with the same name already exists",
    );
    let other_type = set_with("c", SetType::HashNet, opts);
    assert!(s.create(&other_type, Exist::Ignore).is_err());

    let loaded = s.load_ipset("c", Load::Header).unwrap().expect("c exists");
    assert_eq!(loaded.type_name, "hash:ip");
    assert_eq!(loaded.options.maxelem, Some(1000));
}

#[test]
fn destroy_one_all_and_missing() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    for n in ["d1", "d2", "d3"] {
        s.create(&set_of(n, SetType::HashIp), Exist::Fail).unwrap();
    }
    s.destroy(Some("d1"), Exist::Fail).unwrap();
    assert!(s.load_ipset("d1", Load::Header).unwrap().is_none());
    assert_eq!(s.load_all_ipsets(Load::Header, None).unwrap().len(), 2);

    assert_kernel_err(
        s.destroy(Some("d1"), Exist::Fail),
        libc::ENOENT,
        "The set with the given name does not exist",
    );

    s.destroy(None, Exist::Fail).unwrap();
    assert!(s.load_all_ipsets(Load::Header, None).unwrap().is_empty());
}

#[test]
fn destroy_missing_with_exist_is_not_an_error() {
    // Session::destroy documents "`exist`: a missing set is not an error",
    // as `ipset -exist destroy NAME` of a missing set exits 0.
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.destroy(Some("never-created"), Exist::Ignore).unwrap();
}

#[test]
fn destroy_referenced_set_is_busy() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("member", SetType::HashIp), Exist::Fail)
        .unwrap();
    s.create(&set_of("list", SetType::ListSet), Exist::Fail)
        .unwrap();
    let m = Element {
        name: Some("member".into()),
        ..Default::default()
    };
    s.add("list", &entry(m.clone()), Exist::Fail).unwrap();
    assert_kernel_err(
        s.destroy(Some("member"), Exist::Fail),
        ipset_errno::BUSY,
        "Set cannot be destroyed: it is in use by a kernel component",
    );
    let list = s.load_ipset("list", Load::Content).unwrap().unwrap();
    assert_eq!(elements(&list), HashSet::from([m]));
    s.flush(Some("list")).unwrap();
    s.destroy(Some("member"), Exist::Fail).unwrap();
}

#[test]
fn flush_one_and_all() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    for n in ["f1", "f2"] {
        s.create(&set_of(n, SetType::HashIp), Exist::Fail).unwrap();
        for i in 0..10 {
            s.add(n, &entry(ip(v4n(i))), Exist::Fail).unwrap();
        }
    }
    s.flush(Some("f1")).unwrap();
    assert_eq!(
        s.load_ipset("f1", Load::Header).unwrap().unwrap().entries,
        Some(0)
    );
    assert_eq!(
        s.load_ipset("f2", Load::Header).unwrap().unwrap().entries,
        Some(10)
    );
    s.flush(None).unwrap();
    let all = s.load_all_ipsets(Load::Content, None).unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|w| w.content.as_ref().unwrap().is_empty()));
    assert_kernel_err(
        s.flush(Some("nope")),
        libc::ENOENT,
        "The set with the given name does not exist",
    );
}

#[test]
fn rename_and_swap() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("a", SetType::HashIp), Exist::Fail)
        .unwrap();
    s.create(&set_of("b", SetType::HashIp), Exist::Fail)
        .unwrap();
    s.create(&set_of("n", SetType::HashNet), Exist::Fail)
        .unwrap();
    s.add("a", &entry(ip(v4(1, 1, 1, 1))), Exist::Fail).unwrap();
    s.add("b", &entry(ip(v4(2, 2, 2, 2))), Exist::Fail).unwrap();
    s.add("b", &entry(ip(v4(2, 2, 2, 3))), Exist::Fail).unwrap();

    s.swap("a", "b").unwrap();
    let a = s.load_ipset("a", Load::Content).unwrap().unwrap();
    let b = s.load_ipset("b", Load::Content).unwrap().unwrap();
    assert_eq!(a.len(), 2);
    assert!(a.contains(&ip(v4(2, 2, 2, 2))));
    assert_eq!(b.len(), 1);
    assert!(b.contains(&ip(v4(1, 1, 1, 1))));

    s.rename("a", "renamed").unwrap();
    assert!(s.load_ipset("a", Load::Header).unwrap().is_none());
    let r = s.load_ipset("renamed", Load::Content).unwrap().unwrap();
    assert_eq!(r.len(), 2);
    // The session's cache follows the rename: adds to the new name work.
    s.add("renamed", &entry(ip(v4(3, 3, 3, 3))), Exist::Fail)
        .unwrap();
    assert!(s.test("renamed", &entry(ip(v4(3, 3, 3, 3)))).unwrap());

    assert_kernel_err(
        s.rename("renamed", "b"),
        ipset_errno::EXIST_SETNAME2,
        "Set cannot be renamed: a set with the new name already exists",
    );
    assert_kernel_err(
        s.rename("a", "c"),
        libc::ENOENT,
        "The set with the given name does not exist",
    );
    assert_kernel_err(
        s.swap("b", "missing"),
        ipset_errno::EXIST_SETNAME2,
        "Sets cannot be swapped: the second set does not exist",
    );
    assert_kernel_err(
        s.swap("b", "n"),
        ipset_errno::TYPE_MISMATCH,
        "The sets cannot be swapped: their type does not match",
    );
}

/// What a caller acts on: each failure's kind, the set it names, and the
/// kernel's errno beside ipset's text.
#[test]
fn errors_say_their_kind_and_set() {
    use wiset::set::{ErrorKind as K, Incomparable};
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    let kind_and_set = |r: Result<(), Error>| {
        let e = r.expect_err("an error");
        (e.kind(), e.set().map(String::from))
    };
    let named = |k, n: &str| (k, Some(n.to_string()));
    let one = |n| entry(ip(v4(10, 0, 0, n)));
    let small = CreateOptions {
        maxelem: Some(1),
        ..Default::default()
    };
    s.create(&set_with("h", SetType::HashIp, small), Exist::Fail)
        .unwrap();
    s.create(&set_of("n", SetType::HashNet), Exist::Fail)
        .unwrap();
    s.create(&set_of("l", SetType::ListSet), Exist::Fail)
        .unwrap();
    s.add("h", &one(1), Exist::Fail).unwrap();
    s.add("l", &entry(Element::set_name("n")), Exist::Fail)
        .unwrap();

    assert_eq!(
        kind_and_set(s.add("ghost", &one(1), Exist::Fail)),
        named(K::NoSuchSet, "ghost")
    );
    assert_eq!(
        kind_and_set(s.create(&set_of("h", SetType::HashIp), Exist::Fail)),
        named(K::SetExists, "h")
    );
    assert_eq!(
        kind_and_set(s.add("h", &one(1), Exist::Fail)),
        named(K::ElementExists, "h")
    );
    assert_eq!(
        kind_and_set(s.delete("h", &one(2), Exist::Fail)),
        named(K::ElementMissing, "h")
    );
    assert_eq!(
        kind_and_set(s.add("h", &one(2), Exist::Fail)),
        named(K::Full, "h")
    );
    assert_eq!(kind_and_set(s.swap("h", "n")).0, K::TypeMismatch);
    assert_eq!(kind_and_set(s.swap("h", "ghost")).0, K::NoSuchSet);
    assert_eq!(kind_and_set(s.rename("h", "n")).0, K::SetExists);
    assert_eq!(kind_and_set(s.destroy(Some("n"), Exist::Fail)).0, K::Busy);
    let e = s.add("h", &one(2), Exist::Fail).unwrap_err();
    assert_eq!(
        (e.errno(), e.to_string().as_str()),
        (
            Some(ipset_errno::TYPE_SPECIFIC),
            "Hash is full, cannot add more elements"
        )
    );

    // A comparison the in-place update cannot make says why and where.
    let range = Entry::from(Element::range(v4(10, 0, 1, 0), v4(10, 0, 1, 3)));
    let e = s
        .update_content("n", [entry(net(v4(10, 0, 2, 0), 24)), range].into_iter())
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Incomparable {
                reason: Incomparable::Expands,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!((e.kind(), e.line()), (K::Unsupported, Some(2)));
    assert!(
        s.load_ipset("n", Load::Content)
            .unwrap()
            .unwrap()
            .is_empty()
    );
    let e = s.update_content("ghost", [one(1)].into_iter());
    assert_eq!(kind_and_set(e.map(drop)), named(K::NoSuchSet, "ghost"));
}

// ---------------------------------------------------------------- loading

#[test]
fn load_ipset_missing_is_none() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    assert!(s.load_ipset("missing", Load::Content).unwrap().is_none());
    assert!(s.load_ipset("missing", Load::Header).unwrap().is_none());
    s.create(&set_of("present", SetType::HashIp), Exist::Fail)
        .unwrap();
    assert!(s.load_ipset("missing", Load::Content).unwrap().is_none());
    assert!(s.load_ipset("present", Load::Content).unwrap().is_some());
}

#[test]
fn load_all_ipsets_with_and_without_content_and_prefix() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    let names = ["web-1", "web-2", "db-1", "webby"];
    for (k, n) in names.iter().enumerate() {
        s.create(&set_of(n, SetType::HashIp), Exist::Fail).unwrap();
        for i in 0..=k as u32 {
            s.add(n, &entry(ip(v4n(i))), Exist::Fail).unwrap();
        }
    }

    let all = s.load_all_ipsets(Load::Header, None).unwrap();
    let got: Vec<&str> = all.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(got, names, "kernel order is creation order");
    for (k, w) in all.iter().enumerate() {
        assert!(w.content.is_none(), "header only: {}", w.name);
        assert_eq!(w.entries, Some(k as u32 + 1));
        assert_eq!(w.len(), k + 1);
        assert_eq!(w.type_name, "hash:ip");
    }

    let all = s.load_all_ipsets(Load::Content, None).unwrap();
    assert_eq!(all.len(), 4);
    for (k, w) in all.iter().enumerate() {
        let expect: HashSet<Element> = (0..=k as u32).map(|i| ip(v4n(i))).collect();
        assert_eq!(elements(w), expect, "{}", w.name);
        assert_eq!(w.entries, Some(k as u32 + 1));
    }

    let web = s.load_all_ipsets(Load::Content, Some("web-")).unwrap();
    let got: Vec<&str> = web.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(got, ["web-1", "web-2"]);
    assert!(web.iter().all(|w| w.content.is_some()));

    let web = s.load_all_ipsets(Load::Header, Some("web")).unwrap();
    let got: Vec<&str> = web.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(got, ["web-1", "web-2", "webby"]);

    assert!(
        s.load_all_ipsets(Load::Content, Some("zzz"))
            .unwrap()
            .is_empty()
    );

    s.destroy(None, Exist::Fail).unwrap();
    assert!(s.load_all_ipsets(Load::Content, None).unwrap().is_empty());
}

#[test]
fn header_values_as_the_kernel_reports_them() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    let opts = CreateOptions {
        hashsize: Some(1000), // the kernel rounds up to a power of two
        maxelem: Some(100_000),
        timeout: Some(300),
        counters: true,
        comment: true,
        skbinfo: true,
        bucketsize: Some(9), // the kernel rounds up to even
        initval: Some(0x1234_5678),
        ..Default::default()
    };
    s.create(&set_with("h", SetType::HashIp, opts), Exist::Fail)
        .unwrap();
    for i in 0..5 {
        s.add("h", &entry(ip(v4n(i))), Exist::Fail).unwrap();
    }
    s.create(&set_of("l", SetType::ListSet), Exist::Fail)
        .unwrap();
    let member = Element {
        name: Some("h".into()),
        ..Default::default()
    };
    s.add("l", &entry(member), Exist::Fail).unwrap();

    let h = s.load_ipset("h", Load::Header).unwrap().unwrap();
    assert_eq!(h.name, "h");
    assert_eq!(h.type_name, "hash:ip");
    assert_eq!(h.family, Family::Inet);
    assert_eq!(h.revision, Some(6));
    assert_eq!(h.options.hashsize, Some(1024));
    assert_eq!(h.options.maxelem, Some(100_000));
    assert_eq!(h.options.timeout, Some(300));
    assert!(h.options.counters);
    assert!(h.options.comment);
    assert!(h.options.skbinfo);
    assert!(!h.options.forceadd);
    assert_eq!(h.options.bucketsize, Some(10));
    assert_eq!(h.options.initval, Some(0x1234_5678));
    assert_eq!(h.options.netmask, None);
    assert_eq!(h.options.range, None);
    assert!(h.options.unknown.is_empty(), "{:?}", h.options.unknown);
    assert_eq!(h.references, Some(1));
    assert_eq!(h.entries, Some(5));
    let mem = h.memsize.expect("memsize");
    assert!(mem > 0);
    if let Some(m) = ipset_header_value(&ns, "h", "Size in memory") {
        assert_eq!(m, mem.to_string(), "memsize as ipset(8) reports it");
    }
    if let Some(r) = ipset_header_value(&ns, "h", "References") {
        assert_eq!(r, "1");
    }

    // The same header with content loaded.
    let hc = s.load_ipset("h", Load::Content).unwrap().unwrap();
    assert_eq!(hc.options, h.options);
    assert_eq!((hc.references, hc.entries), (h.references, h.entries));
    assert_eq!(hc.content.as_ref().unwrap().len(), 5);

    let l = s.load_ipset("l", Load::Header).unwrap().unwrap();
    assert_eq!(l.type_name, "list:set");
    assert_eq!(l.family, Family::Unspec);
    assert_eq!(l.options.size, Some(8));
    assert_eq!(l.references, Some(0));
    assert_eq!(l.entries, Some(1));

    // Defaults, and a set without extensions.
    s.create(&set_of("plain", SetType::HashNet), Exist::Fail)
        .unwrap();
    let p = s.load_ipset("plain", Load::Header).unwrap().unwrap();
    assert_eq!(p.options.hashsize, Some(1024));
    assert_eq!(p.options.maxelem, Some(65536));
    assert_eq!(p.options.bucketsize, Some(12));
    assert_eq!(p.options.timeout, None);
    assert!(!p.options.counters && !p.options.comment && !p.options.skbinfo);
    assert_eq!(p.entries, Some(0));
    assert_eq!(p.references, Some(0));
}

#[test]
fn header_values_of_bitmap_and_netmask_sets() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    let ports = set_with(
        "ports",
        SetType::BitmapPort,
        CreateOptions {
            range: Some(Range::Port {
                from: 1000,
                to: 2000,
            }),
            ..Default::default()
        },
    );
    s.create(&ports, Exist::Fail).unwrap();
    let bip = set_with(
        "bip",
        SetType::BitmapIp,
        CreateOptions {
            range: Some(Range::Ip {
                from: v4(192, 168, 0, 0),
                to: v4(192, 168, 0, 255),
            }),
            timeout: Some(0),
            ..Default::default()
        },
    );
    s.create(&bip, Exist::Fail).unwrap();
    let masked = set_with(
        "masked",
        SetType::HashIp,
        CreateOptions {
            netmask: Some(24),
            ..Default::default()
        },
    );
    s.create(&masked, Exist::Fail).unwrap();

    let p = s.load_ipset("ports", Load::Header).unwrap().unwrap();
    assert_eq!(p.family, Family::Unspec);
    assert_eq!(
        p.options.range,
        Some(Range::Port {
            from: 1000,
            to: 2000
        })
    );
    let b = s.load_ipset("bip", Load::Header).unwrap().unwrap();
    assert_eq!(
        b.options.range,
        Some(Range::Ip {
            from: v4(192, 168, 0, 0),
            to: v4(192, 168, 0, 255)
        })
    );
    assert_eq!(b.options.timeout, Some(0));
    let m = s.load_ipset("masked", Load::Header).unwrap().unwrap();
    assert_eq!(m.options.netmask, Some(24));

    let bp = Element {
        port: Some(1500),
        ..Default::default()
    };
    s.add("ports", &entry(bp.clone()), Exist::Fail).unwrap();
    let p = s.load_ipset("ports", Load::Content).unwrap().unwrap();
    assert_eq!(elements(&p), HashSet::from([bp]));
}

// ------------------------------------------------------ pyroute2's misses

#[test]
fn ipv6_content_reads_back() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    let mut set = set_of("six", SetType::HashIp);
    set.family = Family::Inet6;
    s.create(&set, Exist::Fail).unwrap();
    let addrs = [
        v6("2001:db8::1"),
        v6("2001:db8::ffff:1"),
        v6("fe80::1:2:3:4"),
        v6("::1"),
        v6("2a00:1450:4001:82b::200e"),
    ];
    for a in addrs {
        s.add("six", &entry(ip(a)), Exist::Fail).unwrap();
    }
    let w = s.load_ipset("six", Load::Content).unwrap().unwrap();
    assert_eq!(w.family, Family::Inet6);
    assert_eq!(w.entries, Some(addrs.len() as u32));
    let expect: HashSet<Element> = addrs.iter().map(|&a| ip(a)).collect();
    assert_eq!(elements(&w), expect);
    assert!(s.test("six", &entry(ip(v6("2001:db8::1")))).unwrap());
    assert!(!s.test("six", &entry(ip(v6("2001:db8::2")))).unwrap());

    // IPv6 networks with prefixes, and in load_all_ipsets too.
    // Many IPv6 entries in batches, read back and tested in a pipeline.
    let mut bulk = set_of("six-bulk", SetType::HashIp);
    bulk.family = Family::Inet6;
    s.create(&bulk, Exist::Fail).unwrap();
    let v6n = |i: u32| {
        IpAddr::V6(Ipv6Addr::from(
            0x2001_0db8_0000_0000_0000_0000_0000_0000u128 + u128::from(i) * 0x1_0001,
        ))
    };
    let many: Vec<Entry> = (0..5000).map(|i| entry(ip(v6n(i)))).collect();
    let stats = s
        .apply(AdtOp::Add, "six-bulk", numbered(many), Exist::Fail)
        .unwrap();
    assert!(stats.messages * 100 < stats.entries, "{stats:?}");
    let w = s.load_ipset("six-bulk", Load::Content).unwrap().unwrap();
    assert_eq!(elements(&w), (0..5000).map(|i| ip(v6n(i))).collect());
    let probe: Vec<Element> = (4990..5010).map(|i| ip(v6n(i))).collect();
    let hits: Vec<bool> = (4990..5010).map(|i| i < 5000).collect();
    assert_eq!(s.test_list("six-bulk", &probe).unwrap(), hits);

    let mut n6 = set_of("six-net", SetType::HashNet);
    n6.family = Family::Inet6;
    s.create(&n6, Exist::Fail).unwrap();
    let nets = [net(v6("2001:db8:1::"), 48), net(v6("2001:db8:2:3::"), 64)];
    for n in &nets {
        s.add("six-net", &entry(n.clone()), Exist::Fail).unwrap();
    }
    let all = s.load_all_ipsets(Load::Content, Some("six")).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(elements(&all[0]), expect);
    assert_eq!(all[1].len(), 5000);
    assert_eq!(elements(&all[2]), nets.iter().cloned().collect());
    assert!(
        s.test("six-net", &entry(ip(v6("2001:db8:2:3::99"))))
            .unwrap()
    );
}

#[test]
fn ip_port_ip_keys_have_both_addresses() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("ipi", SetType::HashIpPortIp), Exist::Fail)
        .unwrap();
    let elems = [
        ip_port_ip(v4(192, 168, 1, 1), TCP, 80, v4(10, 0, 0, 1)),
        ip_port_ip(v4(192, 168, 1, 1), UDP, 53, v4(10, 0, 0, 2)),
        ip_port_ip(v4(192, 168, 1, 2), TCP, 443, v4(172, 16, 5, 9)),
    ];
    for e in &elems {
        s.add("ipi", &entry(e.clone()), Exist::Fail).unwrap();
    }
    let w = s.load_ipset("ipi", Load::Content).unwrap().unwrap();
    assert_eq!(elements(&w), elems.iter().cloned().collect());
    for e in w.content.as_ref().unwrap() {
        assert_ne!(e.elem.ip, e.elem.ip2, "third part repeats the first: {e:?}");
    }

    let mut six = set_of("ipi6", SetType::HashIpPortIp);
    six.family = Family::Inet6;
    s.create(&six, Exist::Fail).unwrap();
    let e6 = ip_port_ip(v6("2001:db8::1"), TCP, 22, v6("2001:db8::beef"));
    s.add("ipi6", &entry(e6.clone()), Exist::Fail).unwrap();
    let w = s.load_ipset("ipi6", Load::Content).unwrap().unwrap();
    assert_eq!(elements(&w), HashSet::from([e6.clone()]));
    assert!(s.test("ipi6", &entry(e6)).unwrap());
    let wrong_third = ip_port_ip(v6("2001:db8::1"), TCP, 22, v6("2001:db8::1"));
    assert!(!s.test("ipi6", &entry(wrong_third)).unwrap());
}

#[test]
fn apply_200k_is_batched_and_complete() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    const N: u32 = 200_000;
    let big = set_with(
        "big",
        SetType::HashIp,
        CreateOptions {
            hashsize: Some(65536),
            maxelem: Some(N + 1000),
            ..Default::default()
        },
    );
    s.create(&big, Exist::Fail).unwrap();
    let entries: Vec<Entry> = (0..N).map(|i| entry(ip(v4n(i)))).collect();
    let stats = s
        .apply(AdtOp::Add, "big", numbered(entries), Exist::Fail)
        .unwrap();
    assert_eq!(stats.entries, u64::from(N));
    eprintln!("apply of {N}: {stats:?}");
    assert!(
        stats.messages > 1 && stats.messages * 1000 < stats.entries,
        "not batched: {stats:?}"
    );

    let h = s.load_ipset("big", Load::Header).unwrap().unwrap();
    assert_eq!(h.entries, Some(N));
    for i in [0, 1, 65_535, 65_536, 65_537, 131_072, N - 1] {
        assert!(s.test("big", &entry(ip(v4n(i)))).unwrap(), "missing #{i}");
    }
    assert!(!s.test("big", &entry(ip(v4n(N)))).unwrap());

    // Every entry, pipelined.
    let all: Vec<Element> = (0..N).map(|i| ip(v4n(i))).collect();
    let hits = s.test_list("big", &all).unwrap();
    assert_eq!(hits.len(), N as usize);
    assert!(
        hits.iter().all(|&b| b),
        "{} missing",
        hits.iter().filter(|b| !**b).count()
    );

    // Batched delete of half of them.
    let half: Vec<Entry> = (0..N).step_by(2).map(|i| entry(ip(v4n(i)))).collect();
    let stats = s
        .apply(AdtOp::Del, "big", numbered(half), Exist::Fail)
        .unwrap();
    assert_eq!(stats.entries, u64::from(N / 2));
    assert!(stats.messages * 1000 < stats.entries, "{stats:?}");
    let h = s.load_ipset("big", Load::Header).unwrap().unwrap();
    assert_eq!(h.entries, Some(N / 2));
    let sample: Vec<Element> = (0..10).map(ip_n).collect();
    assert_eq!(
        s.test_list("big", &sample).unwrap(),
        [
            false, true, false, true, false, true, false, true, false, true
        ]
    );
}

fn ip_n(i: u32) -> Element {
    ip(v4n(i))
}

#[test]
fn load_spread_over_many_dump_messages_is_complete() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    const N: u32 = 50_000;
    let opts = CreateOptions {
        counters: true,
        comment: true,
        ..Default::default()
    };
    s.create(&set_with("many", SetType::HashIp, opts), Exist::Fail)
        .unwrap();
    s.create(&set_of("after", SetType::HashIp), Exist::Fail)
        .unwrap();
    s.add("after", &entry(ip(v4(1, 2, 3, 4))), Exist::Fail)
        .unwrap();
    let entries: Vec<Entry> = (0..N)
        .map(|i| Entry {
            elem: ip(v4n(i)),
            opts: EntryOptions {
                comment: Some(format!("entry number {i}")),
                ..Default::default()
            },
        })
        .collect();
    s.apply(AdtOp::Add, "many", numbered(entries), Exist::Fail)
        .unwrap();

    let w = s.load_ipset("many", Load::Content).unwrap().unwrap();
    let content = w.content.as_ref().unwrap();
    assert_eq!(content.len(), N as usize, "exact count");
    assert_eq!(w.entries, Some(N));
    let got = elements(&w);
    assert_eq!(got.len(), N as usize, "no duplicates");
    for i in 0..N {
        assert!(got.contains(&ip(v4n(i))), "#{i} missing");
    }
    for e in content {
        let IpAddr::V4(a) = e.elem.ip.unwrap() else {
            panic!("{e:?}")
        };
        let i = u32::from(a) - 0x0a00_0000;
        assert_eq!(
            e.opts.comment.as_deref(),
            Some(&*format!("entry number {i}"))
        );
        assert_eq!((e.opts.packets, e.opts.bytes), (Some(0), Some(0)));
    }

    // The same through load_all_ipsets: the big set does not swallow the next.
    let all = s.load_all_ipsets(Load::Content, None).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].name, "many");
    assert_eq!(all[0].content.as_ref().unwrap().len(), N as usize);
    assert_eq!(all[1].name, "after");
    assert_eq!(elements(&all[1]), HashSet::from([ip(v4(1, 2, 3, 4))]));
}

// -------------------------------------------------------- entry extensions

#[test]
fn content_with_per_entry_stats() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    let opts = CreateOptions {
        timeout: Some(600),
        counters: true,
        comment: true,
        skbinfo: true,
        ..Default::default()
    };
    s.create(&set_with("x", SetType::HashIp, opts), Exist::Fail)
        .unwrap();
    let full = Entry {
        elem: ip(v4(10, 1, 1, 1)),
        opts: EntryOptions {
            timeout: Some(100),
            packets: Some(42),
            bytes: Some(4200),
            comment: Some("hello, world".into()),
            skbmark: Some((0x10, 0xff)),
            skbprio: Some((1, 2)),
            skbqueue: Some(3),
            ..Default::default()
        },
    };
    let permanent = Entry {
        elem: ip(v4(10, 1, 1, 2)),
        opts: EntryOptions {
            timeout: Some(0),
            ..Default::default()
        },
    };
    let default_timeout = entry(ip(v4(10, 1, 1, 3)));
    s.add("x", &full, Exist::Fail).unwrap();
    s.add("x", &permanent, Exist::Fail).unwrap();
    s.add("x", &default_timeout, Exist::Fail).unwrap();

    let w = s.load_ipset("x", Load::Content).unwrap().unwrap();
    assert_eq!(w.content.as_ref().unwrap().len(), 3);

    let f = find(&w, &full.elem);
    let t = f.opts.timeout.expect("timeout");
    assert!((95..=100).contains(&t), "remaining timeout {t}");
    assert_eq!(f.opts.packets, Some(42));
    assert_eq!(f.opts.bytes, Some(4200));
    assert_eq!(f.opts.comment.as_deref(), Some("hello, world"));
    assert_eq!(f.opts.skbmark, Some((0x10, 0xff)));
    assert_eq!(f.opts.skbprio, Some((1, 2)));
    assert_eq!(f.opts.skbqueue, Some(3));
    assert!(!f.opts.nomatch);
    assert!(f.opts.unknown.is_empty());

    let p = find(&w, &permanent.elem);
    assert_eq!(p.opts.timeout, Some(0));
    assert_eq!((p.opts.packets, p.opts.bytes), (Some(0), Some(0)));
    assert_eq!(p.opts.comment, None);
    assert_eq!(p.opts.skbmark, None);

    let d = find(&w, &default_timeout.elem);
    let t = d.opts.timeout.expect("timeout");
    assert!((595..=600).contains(&t), "default timeout remaining {t}");

    // Re-adding with exist replaces the extensions.
    let again = Entry {
        elem: full.elem.clone(),
        opts: EntryOptions {
            comment: Some("replaced".into()),
            packets: Some(1),
            bytes: Some(2),
            timeout: Some(50),
            ..Default::default()
        },
    };
    s.add("x", &again, Exist::Ignore).unwrap();
    let w = s.load_ipset("x", Load::Content).unwrap().unwrap();
    let f = find(&w, &full.elem);
    assert_eq!(f.opts.comment.as_deref(), Some("replaced"));
    assert_eq!((f.opts.packets, f.opts.bytes), (Some(1), Some(2)));
    assert!(f.opts.timeout.unwrap() <= 50);
}

#[test]
fn nomatch_entries_of_hash_net() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("nets", SetType::HashNet), Exist::Fail)
        .unwrap();
    let wide = net(v4(10, 0, 0, 0), 8);
    let hole = Entry {
        elem: net(v4(10, 1, 0, 0), 16),
        opts: EntryOptions {
            nomatch: true,
            ..Default::default()
        },
    };
    s.add("nets", &entry(wide.clone()), Exist::Fail).unwrap();
    s.add("nets", &hole, Exist::Fail).unwrap();

    let w = s.load_ipset("nets", Load::Content).unwrap().unwrap();
    assert_eq!(
        elements(&w),
        HashSet::from([wide.clone(), hole.elem.clone()])
    );
    assert!(!find(&w, &wide).opts.nomatch);
    assert!(find(&w, &hole.elem).opts.nomatch);

    assert!(s.test("nets", &entry(ip(v4(10, 2, 0, 0)))).unwrap());
    assert!(!s.test("nets", &entry(ip(v4(10, 1, 2, 3)))).unwrap());
    assert!(!s.test("nets", &entry(hole.elem.clone())).unwrap());
    // Testing with nomatch tests the exception entry itself.
    assert!(s.test("nets", &hole).unwrap());
    assert!(!s.test("nets", &entry(ip(v4(11, 0, 0, 1)))).unwrap());
}

// ------------------------------------------------------------ add/del/test

#[test]
fn add_delete_test_single() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("s", SetType::HashIp), Exist::Fail)
        .unwrap();
    let a = entry(ip(v4(192, 0, 2, 1)));
    assert!(!s.test("s", &a).unwrap());
    s.add("s", &a, Exist::Fail).unwrap();
    assert!(s.test("s", &a).unwrap());
    s.add("s", &a, Exist::Ignore).unwrap();
    s.delete("s", &a, Exist::Fail).unwrap();
    assert!(!s.test("s", &a).unwrap());
    assert_kernel_err(
        s.delete("s", &a, Exist::Fail),
        ipset_errno::EXIST,
        "Element cannot be deleted from the set: it's not added",
    );
    s.delete("s", &a, Exist::Ignore).unwrap();
}

#[test]
fn test_list_mixed_hits_and_misses_in_order() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("t", SetType::HashIp), Exist::Fail)
        .unwrap();
    // Members: every third address of 0..3000.
    let members: Vec<Entry> = (0..3000).step_by(3).map(|i| entry(ip(v4n(i)))).collect();
    s.apply(AdtOp::Add, "t", numbered(members), Exist::Fail)
        .unwrap();
    // More than one pipeline chunk, in a scrambled order.
    let probe: Vec<u32> = (0..3000u32).map(|i| (i * 7919) % 3000).collect();
    let elems: Vec<Element> = probe.iter().map(|&i| ip(v4n(i))).collect();
    let got = s.test_list("t", &elems).unwrap();
    let expect: Vec<bool> = probe.iter().map(|i| i % 3 == 0).collect();
    assert_eq!(got, expect);

    assert!(s.test_list("t", &[]).unwrap().is_empty());
    assert_eq!(s.test_list("t", &[ip(v4n(3))]).unwrap(), [true]);

    // hash:net: the same through the cidr lookup.
    s.create(&set_of("tn", SetType::HashNet), Exist::Fail)
        .unwrap();
    s.add("tn", &entry(net(v4(172, 16, 0, 0), 12)), Exist::Fail)
        .unwrap();
    let probe = [
        ip(v4(172, 16, 0, 1)),
        ip(v4(172, 32, 0, 1)),
        ip(v4(172, 31, 255, 255)),
        net(v4(172, 16, 0, 0), 12),
        net(v4(172, 16, 0, 0), 16),
    ];
    assert_eq!(
        s.test_list("tn", &probe).unwrap(),
        [true, false, true, true, false]
    );

    assert_kernel_err(
        s.test_list("absent", &elems[..3]),
        libc::ENOENT,
        "The set with the given name does not exist",
    );
}

// ----------------------------------------------------------- typed errors

#[test]
fn duplicate_add_is_a_typed_kernel_error() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("dup", SetType::HashIp), Exist::Fail)
        .unwrap();
    let e = entry(ip(v4(198, 51, 100, 7)));
    s.add("dup", &e, Exist::Fail).unwrap();
    let err = s.add("dup", &e, Exist::Fail).unwrap_err();
    assert_eq!(err.errno(), Some(ipset_errno::EXIST));
    assert_eq!(err.errno(), Some(4103));
    assert_eq!(
        err.to_string(),
        "Element cannot be added to the set: it's already added"
    );
    match &err {
        Error::Kernel { command, line, .. } => {
            assert_eq!(*command, IpsetCommand::Add);
            assert_eq!(*line, None, "a single add has no line");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn batch_error_carries_the_failing_line() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("b", SetType::HashIp), Exist::Fail)
        .unwrap();
    s.add("b", &entry(ip(v4n(7000))), Exist::Fail).unwrap();

    // Line 7001 re-adds what is already in the set, deep in a later message.
    let entries: Vec<Entry> = (0..10_000).map(|i| entry(ip(v4n(i)))).collect();
    let err = s
        .apply(AdtOp::Add, "b", numbered(entries), Exist::Fail)
        .unwrap_err();
    assert_eq!(err.errno(), Some(ipset_errno::EXIST), "{err:?}");
    assert_eq!(err.line(), Some(7001), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Element cannot be added to the set: it's already added"
    );
    // Not transactional: what came before the failing line is in.
    assert!(s.test("b", &entry(ip(v4n(6999)))).unwrap());

    // A duplicate within the batch itself, on line 3.
    s.create(&set_of("b2", SetType::HashIp), Exist::Fail)
        .unwrap();
    let entries = vec![
        entry(ip(v4(1, 1, 1, 1))),
        entry(ip(v4(1, 1, 1, 2))),
        entry(ip(v4(1, 1, 1, 1))),
        entry(ip(v4(1, 1, 1, 3))),
    ];
    let err = s
        .apply(AdtOp::Add, "b2", numbered(entries.clone()), Exist::Fail)
        .unwrap_err();
    assert_eq!(err.line(), Some(3), "{err:?}");
    assert_eq!(err.errno(), Some(ipset_errno::EXIST));

    // With exist the same batch goes through.
    s.apply(AdtOp::Add, "b2", numbered(entries), Exist::Ignore)
        .unwrap();
    assert_eq!(
        s.load_ipset("b2", Load::Header).unwrap().unwrap().entries,
        Some(3)
    );

    // A delete batch names its line too.
    let dels = vec![entry(ip(v4(1, 1, 1, 3))), entry(ip(v4(9, 9, 9, 9)))];
    let err = s
        .apply(AdtOp::Del, "b2", numbered(dels), Exist::Fail)
        .unwrap_err();
    assert_eq!(err.line(), Some(2), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Element cannot be deleted from the set: it's not added"
    );

    // A bad input item stops the batch with its own error.
    let items = vec![
        Ok((1, entry(ip(v4(2, 2, 2, 2))))),
        Err(Error::caller("bad item").at_line(2)),
        Ok((3, entry(ip(v4(2, 2, 2, 3))))),
    ];
    let err = s
        .apply(AdtOp::Add, "b2", items.into_iter(), Exist::Fail)
        .unwrap_err();
    assert!(matches!(err, Error::Caller { .. }), "{err:?}");
    assert_eq!(err.kind(), wiset::set::ErrorKind::Caller);
    assert_eq!(
        (err.line(), err.to_string().as_str()),
        (Some(2), "bad item")
    );
    assert!(!s.test("b2", &entry(ip(v4(2, 2, 2, 3)))).unwrap());
}

#[test]
fn missing_set_is_enoent_for_every_operation() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    const TEXT: &str = "The set with the given name does not exist";
    let e = entry(ip(v4(1, 2, 3, 4)));
    assert_kernel_err(s.add("ghost", &e, Exist::Fail), libc::ENOENT, TEXT);
    assert_kernel_err(s.delete("ghost", &e, Exist::Fail), libc::ENOENT, TEXT);
    assert_kernel_err(s.test("ghost", &e), libc::ENOENT, TEXT);
    assert_kernel_err(s.header("ghost"), libc::ENOENT, TEXT);
    assert_kernel_err(
        s.apply(AdtOp::Add, "ghost", numbered(vec![e]), Exist::Fail),
        libc::ENOENT,
        TEXT,
    );
    let err = s
        .add("ghost", &entry(ip(v4(1, 2, 3, 4))), Exist::Fail)
        .unwrap_err();
    assert_eq!(err.to_string(), TEXT);
    assert_eq!(err.errno(), Some(libc::ENOENT));
}

#[test]
fn unsupported_type_is_a_typed_error() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    // This kernel has no hash:mac; wiset knows the type, so the revision is
    // chosen from a TYPE query first.
    let err = s
        .create(&set_of("mac", SetType::HashMac), Exist::Fail)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Kernel error received: set type not supported"
    );
    assert_eq!(err.errno(), Some(ipset_errno::FIND_TYPE), "{err:?}");

    // A type name neither wiset nor the kernel knows.
    let weird = WiSet {
        name: "w".into(),
        type_name: "hash:nonsense".into(),
        ..Default::default()
    };
    let err = s.create(&weird, Exist::Fail).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Kernel error received: set type not supported"
    );
    assert!(s.load_all_ipsets(Load::Header, None).unwrap().is_empty());
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("v4", SetType::HashIp), Exist::Fail)
        .unwrap();

    // An IPv6 address into an inet set.
    assert!(matches!(
        s.add("v4", &entry(ip(v6("2001:db8::1"))), Exist::Fail),
        Err(Error::Kernel { .. })
    ));
    // An element without its address.
    assert!(matches!(
        s.add("v4", &entry(Element::default()), Exist::Fail),
        Err(Error::Kernel { .. })
    ));
    // A comment on a set without comment support.
    let c = Entry {
        elem: ip(v4(1, 1, 1, 1)),
        opts: EntryOptions {
            comment: Some("x".into()),
            ..Default::default()
        },
    };
    assert_kernel_err(
        s.add("v4", &c, Exist::Fail),
        ipset_errno::COMMENT,
        "Comment cannot be used: set was created without comment support",
    );
    // A timeout on a set without timeout support.
    let t = Entry {
        elem: ip(v4(1, 1, 1, 1)),
        opts: EntryOptions {
            timeout: Some(5),
            ..Default::default()
        },
    };
    assert_kernel_err(
        s.add("v4", &t, Exist::Fail),
        ipset_errno::TIMEOUT,
        "Timeout cannot be used: set was created without timeout support",
    );
    // A set name longer than the kernel takes.
    let long = "n".repeat(40);
    assert!(
        s.create(&set_of(&long, SetType::HashIp), Exist::Fail)
            .is_err()
    );
    // A comment longer than the kernel takes.
    s.create(
        &set_with(
            "cm",
            SetType::HashIp,
            CreateOptions {
                comment: true,
                ..Default::default()
            },
        ),
        Exist::Fail,
    )
    .unwrap();
    let huge = Entry {
        elem: ip(v4(1, 1, 1, 1)),
        opts: EntryOptions {
            comment: Some("c".repeat(70_000)),
            ..Default::default()
        },
    };
    assert!(s.add("cm", &huge, Exist::Fail).is_err());
    assert!(
        s.apply(AdtOp::Add, "cm", numbered(vec![huge]), Exist::Fail)
            .is_err()
    );

    // The session is still usable afterwards.
    s.add("v4", &entry(ip(v4(1, 1, 1, 1))), Exist::Fail)
        .unwrap();
    let names: Vec<String> = s
        .load_all_ipsets(Load::Header, None)
        .unwrap()
        .into_iter()
        .map(|w| w.name)
        .collect();
    assert_eq!(names, ["v4", "cm"]);
}

// ------------------------------------------------------------ one session

#[test]
fn one_session_many_operations_on_many_sets() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    let types = [
        SetType::HashIp,
        SetType::HashNet,
        SetType::HashIpPortIp,
        SetType::HashIp,
    ];
    let elem_for = |t: SetType, i: u32| match t {
        SetType::HashNet => net(v4n(i << 8), 24),
        SetType::HashIpPortIp => ip_port_ip(v4n(i), TCP, 1000 + i as u16, v4n(i + 100_000)),
        _ => ip(v4n(i)),
    };
    for k in 0..40u32 {
        let t = types[k as usize % types.len()];
        let name = format!("set{k}");
        s.create(&set_of(&name, t), Exist::Fail).unwrap();
        for i in 0..=k {
            s.add(&name, &entry(elem_for(t, i)), Exist::Fail).unwrap();
        }
    }
    for k in 0..40u32 {
        let t = types[k as usize % types.len()];
        let name = format!("set{k}");
        assert!(s.test(&name, &entry(elem_for(t, k))).unwrap());
        assert!(!s.test(&name, &entry(elem_for(t, k + 1))).unwrap());
        let h = s.header(&name).unwrap();
        assert_eq!(h.type_name, t.name());
    }
    for k in (0..40).step_by(4) {
        s.flush(Some(&format!("set{k}"))).unwrap();
    }
    for k in (1..40).step_by(4) {
        s.destroy(Some(&format!("set{k}")), Exist::Fail).unwrap();
    }
    for k in (2..40).step_by(4) {
        s.rename(&format!("set{k}"), &format!("moved{k}")).unwrap();
    }
    s.swap("set3", "set7").unwrap();

    let all = s.load_all_ipsets(Load::Content, None).unwrap();
    assert_eq!(all.len(), 30);
    for w in &all {
        let k: u32 = w
            .name
            .trim_start_matches("set")
            .trim_start_matches("moved")
            .parse()
            .unwrap();
        let t = types[k as usize % types.len()];
        let expected = match k {
            _ if k % 4 == 0 => 0,
            3 => 8,
            7 => 4,
            _ => k as usize + 1,
        };
        assert_eq!(w.len(), expected, "{}", w.name);
        assert_eq!(w.entries, Some(expected as u32), "{}", w.name);
        assert_eq!(w.type_name, t.name());
        if k % 4 == 2 {
            assert!(w.name.starts_with("moved"));
            // Content keeps its type after a rename.
            assert!(w.contains(&elem_for(t, k)));
        }
    }
    let moved = s.load_all_ipsets(Load::Header, Some("moved")).unwrap();
    assert_eq!(moved.len(), 10);
    s.destroy(None, Exist::Fail).unwrap();
    assert!(s.load_all_ipsets(Load::Header, None).unwrap().is_empty());
}

// ------------------------------------------------------- the text parser

#[test]
fn element_text_round_trip() {
    // Depends on element_text (may be unfinished): parse, add, read back, print.
    use wiset::text::{ElemCmd, format_element, parse_element};
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    let cases: [(SetType, Family, &str); 4] = [
        (SetType::HashIp, Family::Inet, "192.168.7.1"),
        (SetType::HashIp, Family::Inet6, "2001:db8::7"),
        (
            SetType::HashIpPortIp,
            Family::Inet,
            "192.168.1.1,udp:53,10.0.0.2",
        ),
        (SetType::HashNet, Family::Inet, "10.20.0.0/16"),
    ];
    for (k, (t, fam, text)) in cases.into_iter().enumerate() {
        let name = format!("p{k}");
        let mut set = set_of(&name, t);
        set.family = fam;
        s.create(&set, Exist::Fail).unwrap();
        let elem = parse_element(text, t, fam, ElemCmd::Add)
            .unwrap_or_else(|e| panic!("parse {text:?}: {:?}", e.lines));
        s.add(&name, &entry(elem.clone()), Exist::Fail).unwrap();
        let w = s.load_ipset(&name, Load::Content).unwrap().unwrap();
        assert_eq!(elements(&w), HashSet::from([elem]));
        let mut out = String::new();
        format_element(&w.content.as_ref().unwrap()[0].elem, t, fam, &mut out);
        assert_eq!(out, text);
    }
}

// ------------------------------------------------- more types and shapes

fn name_elem(n: &str) -> Element {
    Element {
        name: Some(n.into()),
        ..Default::default()
    }
}

fn with_opts(elem: Element, opts: EntryOptions) -> Entry {
    Entry { elem, opts }
}

#[test]
fn ranges_and_cidrs_expand_on_add() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("r", SetType::HashIp), Exist::Fail)
        .unwrap();
    let range = Element {
        ip: Some(v4(10, 0, 0, 0)),
        ip_to: Some(v4(10, 0, 0, 255)),
        ..Default::default()
    };
    s.add("r", &entry(range), Exist::Fail).unwrap();
    s.add("r", &entry(net(v4(10, 0, 1, 0), 30)), Exist::Fail)
        .unwrap();
    let w = s.load_ipset("r", Load::Content).unwrap().unwrap();
    assert_eq!(w.len(), 260);
    assert!(w.contains(&ip(v4(10, 0, 0, 255))));
    assert!(w.contains(&ip(v4(10, 0, 1, 3))));
    assert!(!w.contains(&ip(v4(10, 0, 1, 4))));

    s.create(&set_of("ipport", SetType::HashIpPort), Exist::Fail)
        .unwrap();
    let ports = Element {
        ip: Some(v4(192, 0, 2, 1)),
        proto: Some(TCP),
        port: Some(8000),
        port_to: Some(8009),
        ..Default::default()
    };
    s.add("ipport", &entry(ports), Exist::Fail).unwrap();
    let w = s.load_ipset("ipport", Load::Content).unwrap().unwrap();
    let expect: HashSet<Element> = (8000..=8009)
        .map(|p| Element {
            ip: Some(v4(192, 0, 2, 1)),
            proto: Some(TCP),
            port: Some(p),
            ..Default::default()
        })
        .collect();
    assert_eq!(elements(&w), expect);

    // Deleting a range takes them out again.
    let half = Element {
        ip: Some(v4(10, 0, 0, 0)),
        ip_to: Some(v4(10, 0, 0, 127)),
        ..Default::default()
    };
    s.delete("r", &entry(half), Exist::Fail).unwrap();
    assert_eq!(
        s.load_ipset("r", Load::Header).unwrap().unwrap().entries,
        Some(132)
    );
}

#[test]
fn content_of_other_types() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();

    // bitmap:ip,mac: the MAC part.
    let bim = set_with(
        "bim",
        SetType::BitmapIpMac,
        CreateOptions {
            range: Some(Range::Cidr {
                ip: v4(192, 168, 0, 0),
                cidr: 24,
            }),
            ..Default::default()
        },
    );
    s.create(&bim, Exist::Fail).unwrap();
    let with_mac = Element {
        ip: Some(v4(192, 168, 0, 5)),
        mac: Some([0x02, 0x00, 0xde, 0xad, 0xbe, 0xef]),
        ..Default::default()
    };
    s.add("bim", &entry(with_mac.clone()), Exist::Fail).unwrap();
    let w = s.load_ipset("bim", Load::Content).unwrap().unwrap();
    assert_eq!(elements(&w), HashSet::from([with_mac]));
    assert_eq!(
        w.options.range,
        Some(Range::Ip {
            from: v4(192, 168, 0, 0),
            to: v4(192, 168, 0, 255)
        }),
        "a /cidr range is reported back as from-to"
    );

    // hash:net,iface: physdev and wildcard flags.
    s.create(&set_of("nif", SetType::HashNetIface), Exist::Fail)
        .unwrap();
    let plain = Element {
        ip: Some(v4(10, 0, 0, 0)),
        cidr: Some(8),
        iface: Some("eth0".into()),
        ..Default::default()
    };
    let phys = Element {
        ip: Some(v4(10, 0, 0, 0)),
        cidr: Some(8),
        iface: Some("br0".into()),
        physdev: true,
        ..Default::default()
    };
    let wild = Element {
        ip: Some(v4(172, 16, 0, 0)),
        cidr: Some(16),
        iface: Some("veth".into()),
        wildcard: true,
        ..Default::default()
    };
    for e in [&plain, &phys, &wild] {
        s.add("nif", &entry(e.clone()), Exist::Fail).unwrap();
    }
    let w = s.load_ipset("nif", Load::Content).unwrap().unwrap();
    assert_eq!(elements(&w), HashSet::from([plain, phys, wild]));

    // hash:ip,port,net: the second network's prefix.
    s.create(&set_of("ipn", SetType::HashIpPortNet), Exist::Fail)
        .unwrap();
    let ipn = Element {
        ip: Some(v4(192, 0, 2, 1)),
        proto: Some(UDP),
        port: Some(53),
        ip2: Some(v4(198, 51, 100, 0)),
        cidr2: Some(24),
        ..Default::default()
    };
    s.add("ipn", &entry(ipn.clone()), Exist::Fail).unwrap();
    let w = s.load_ipset("ipn", Load::Content).unwrap().unwrap();
    assert_eq!(elements(&w), HashSet::from([ipn.clone()]));
    let inside = Element {
        cidr2: None,
        ip2: Some(v4(198, 51, 100, 77)),
        ..ipn
    };
    assert!(s.test("ipn", &entry(inside)).unwrap());

    // hash:net,port in IPv6.
    let mut np = set_of("np6", SetType::HashNetPort);
    np.family = Family::Inet6;
    s.create(&np, Exist::Fail).unwrap();
    let np6 = Element {
        ip: Some(v6("2001:db8:aa::")),
        cidr: Some(48),
        proto: Some(TCP),
        port: Some(443),
        ..Default::default()
    };
    s.add("np6", &entry(np6.clone()), Exist::Fail).unwrap();
    let w = s.load_ipset("np6", Load::Content).unwrap().unwrap();
    assert_eq!(elements(&w), HashSet::from([np6]));

    // hash:ip with netmask: members are stored as their network.
    let masked = set_with(
        "masked",
        SetType::HashIp,
        CreateOptions {
            netmask: Some(24),
            ..Default::default()
        },
    );
    s.create(&masked, Exist::Fail).unwrap();
    s.add("masked", &entry(ip(v4(10, 1, 2, 3))), Exist::Fail)
        .unwrap();
    let w = s.load_ipset("masked", Load::Content).unwrap().unwrap();
    assert_eq!(elements(&w), HashSet::from([ip(v4(10, 1, 2, 0))]));
    assert!(s.test("masked", &entry(ip(v4(10, 1, 2, 200)))).unwrap());
}

#[test]
fn extension_values_at_their_limits() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    let opts = CreateOptions {
        counters: true,
        comment: true,
        skbinfo: true,
        ..Default::default()
    };
    s.create(&set_with("lim", SetType::HashIp, opts), Exist::Fail)
        .unwrap();
    let big = with_opts(
        ip(v4(1, 1, 1, 1)),
        EntryOptions {
            packets: Some(1 << 40),
            bytes: Some(u64::MAX - 1),
            comment: Some("c".repeat(255)),
            skbmark: Some((0xffff_ffff, 0xffff_ffff)),
            skbprio: Some((0xffff, 0xffff)),
            skbqueue: Some(0xffff),
            ..Default::default()
        },
    );
    let utf8 = with_opts(
        ip(v4(1, 1, 1, 2)),
        EntryOptions {
            comment: Some("héllo wörld ✓".into()),
            ..Default::default()
        },
    );
    s.add("lim", &big, Exist::Fail).unwrap();
    s.add("lim", &utf8, Exist::Fail).unwrap();
    let w = s.load_ipset("lim", Load::Content).unwrap().unwrap();
    let b = find(&w, &big.elem);
    assert_eq!(b.opts.packets, Some(1 << 40));
    assert_eq!(b.opts.bytes, Some(u64::MAX - 1));
    assert_eq!(b.opts.comment.as_deref(), Some(&*"c".repeat(255)));
    assert_eq!(b.opts.skbmark, Some((0xffff_ffff, 0xffff_ffff)));
    assert_eq!(b.opts.skbprio, Some((0xffff, 0xffff)));
    assert_eq!(b.opts.skbqueue, Some(0xffff));
    let u = find(&w, &utf8.elem);
    assert_eq!(u.opts.comment.as_deref(), Some("héllo wörld ✓"));
}

#[test]
fn list_set_members_before_and_after() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    for n in ["a", "b", "c"] {
        s.create(&set_of(n, SetType::HashIp), Exist::Fail).unwrap();
    }
    s.create(&set_of("l", SetType::ListSet), Exist::Fail)
        .unwrap();
    let member = |n: &str| Element {
        name: Some(n.into()),
        ..Default::default()
    };
    let placed = |n: &str, pos, r: &str| Element {
        name: Some(n.into()),
        reference: Some((pos, r.into())),
        ..Default::default()
    };
    use wiset::set::Position::{After as AFTER, Before as BEFORE};
    s.add("l", &entry(member("a")), Exist::Fail).unwrap();
    s.add("l", &entry(placed("b", BEFORE, "a")), Exist::Fail)
        .unwrap();
    s.add("l", &entry(placed("c", AFTER, "b")), Exist::Fail)
        .unwrap();
    let w = s.load_ipset("l", Load::Content).unwrap().unwrap();
    let order: Vec<&str> = w
        .content
        .as_ref()
        .unwrap()
        .iter()
        .map(|e| e.elem.name.as_deref().unwrap())
        .collect();
    assert_eq!(order, ["b", "c", "a"]);
    assert!(s.test("l", &entry(placed("b", BEFORE, "c"))).unwrap());
    assert!(!s.test("l", &entry(placed("a", BEFORE, "b"))).unwrap());
    assert_eq!(
        s.test_list("l", &[member("a"), member("x"), placed("c", AFTER, "b")])
            .unwrap_or_else(|e| panic!("{e}")),
        [true, false, true]
    );
    // The referenced sets now show it.
    assert_eq!(
        s.load_ipset("a", Load::Header).unwrap().unwrap().references,
        Some(1)
    );
    assert_kernel_err(
        s.add("l", &entry(member("nosuch")), Exist::Fail),
        ipset_errno::TYPE_SPECIFIC,
        "Set to be added/deleted/tested as element does not exist.",
    );
    assert_kernel_err(
        s.rename("a", "z"),
        ipset_errno::REFERENCED,
        "Set cannot be renamed: it is in use by another system",
    );
}

#[test]
fn swap_across_compatible_types_keeps_error_texts_right() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("h", SetType::HashIp), Exist::Fail)
        .unwrap();
    let bm = set_with(
        "bm",
        SetType::BitmapIp,
        CreateOptions {
            range: Some(Range::Ip {
                from: v4(10, 0, 0, 0),
                to: v4(10, 0, 0, 15),
            }),
            ..Default::default()
        },
    );
    s.create(&bm, Exist::Fail).unwrap();
    // hash:ip and bitmap:ip have the same features and family: swappable.
    s.swap("h", "bm").unwrap();
    assert_eq!(s.header("h").unwrap().type_name, "bitmap:ip");
    assert_eq!(
        s.load_ipset("bm", Load::Header).unwrap().unwrap().type_name,
        "hash:ip"
    );
    assert_kernel_err(
        s.add("h", &entry(ip(v4(10, 0, 0, 99))), Exist::Fail),
        ipset_errno::TYPE_SPECIFIC,
        "Element is out of the range of the set",
    );
}

/// Type-specific kernel errors (4352+) read differently per type; a session
/// that did not create the set must still word them as ipset(8) does.
#[test]
fn type_specific_errors_on_sets_this_session_did_not_create() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    {
        let mut creator = open();
        let full = set_with(
            "full",
            SetType::HashIp,
            CreateOptions {
                maxelem: Some(2),
                ..Default::default()
            },
        );
        creator.create(&full, Exist::Fail).unwrap();
        creator
            .add("full", &entry(ip(v4(1, 1, 1, 1))), Exist::Fail)
            .unwrap();
        creator
            .add("full", &entry(ip(v4(1, 1, 1, 2))), Exist::Fail)
            .unwrap();
        let bm = set_with(
            "bm",
            SetType::BitmapIp,
            CreateOptions {
                range: Some(Range::Ip {
                    from: v4(10, 0, 0, 0),
                    to: v4(10, 0, 0, 15),
                }),
                ..Default::default()
            },
        );
        creator.create(&bm, Exist::Fail).unwrap();
        creator
            .create(&set_of("ls", SetType::ListSet), Exist::Fail)
            .unwrap();
    }
    let member = Element {
        name: Some("nosuch".into()),
        ..Default::default()
    };
    // A session that has loaded the headers words them right.
    let mut s = open();
    s.load_all_ipsets(Load::Header, None).unwrap();
    assert_kernel_err(
        s.add("full", &entry(ip(v4(1, 1, 1, 3))), Exist::Fail),
        ipset_errno::TYPE_SPECIFIC,
        "Hash is full, cannot add more elements",
    );
    // A fresh session that only adds (as pyroute2 users do).
    let mut fresh = open();
    assert_kernel_err(
        fresh.add("full", &entry(ip(v4(1, 1, 1, 3))), Exist::Fail),
        ipset_errno::TYPE_SPECIFIC,
        "Hash is full, cannot add more elements",
    );
    let mut fresh = open();
    assert_kernel_err(
        fresh.add("bm", &entry(ip(v4(10, 0, 0, 99))), Exist::Fail),
        ipset_errno::TYPE_SPECIFIC,
        "Element is out of the range of the set",
    );
    let mut fresh = open();
    assert_kernel_err(
        fresh.add("ls", &entry(member), Exist::Fail),
        ipset_errno::TYPE_SPECIFIC,
        "Set to be added/deleted/tested as element does not exist.",
    );
    let mut fresh = open();
    let e = fresh
        .apply(
            AdtOp::Add,
            "full",
            numbered(vec![entry(ip(v4(1, 1, 1, 9)))]),
            Exist::Fail,
        )
        .unwrap_err();
    assert_eq!(e.to_string(), "Hash is full, cannot add more elements");
    assert_eq!(e.line(), Some(1));
}

#[test]
fn session_recovers_after_failed_pipelines_and_dumps() {
    use wiset::set::ListSink;
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("p", SetType::HashIp), Exist::Fail)
        .unwrap();
    let members: Vec<Entry> = (0..20_000).map(|i| entry(ip(v4n(i)))).collect();
    s.apply(AdtOp::Add, "p", numbered(members), Exist::Fail)
        .unwrap();

    // The kernel answers "not in set" to almost every bad TEST, but a name
    // longer than its policy allows is refused: put one in the middle of a
    // pipelined test_list on a list:set.
    s.create(&set_of("ls", SetType::ListSet), Exist::Fail)
        .unwrap();
    s.add("ls", &entry(name_elem("p")), Exist::Fail).unwrap();
    let mut probe: Vec<Element> = (0..600).map(|i| name_elem(&format!("m{i}"))).collect();
    probe[0] = name_elem("p");
    probe[300] = name_elem(&"y".repeat(40));
    // wiset refuses the over-long name itself, before anything is sent.
    let r = s.test_list("ls", &probe);
    assert!(matches!(r, Err(Error::Invalid { .. })), "{r:?}");
    assert_eq!(
        s.test_list("ls", &[name_elem("p"), name_elem("m1")])
            .unwrap(),
        [true, false]
    );
    // No stale replies afterwards.
    let probe: Vec<Element> = (19_990..20_010).map(ip_n).collect();
    let expect: Vec<bool> = (19_990..20_010).map(|i| i < 20_000).collect();
    assert_eq!(s.test_list("p", &probe).unwrap(), expect);
    assert!(s.test("p", &entry(ip_n(5))).unwrap());
    assert!(!s.test("p", &entry(ip_n(50_000))).unwrap());

    // A sink that gives up in the middle of a long dump.
    struct GiveUp(usize);
    impl ListSink for GiveUp {
        fn set_begin(&mut self, _: &WiSet) -> wiset::set::Result<()> {
            Ok(())
        }
        fn entries(&mut self, _: &WiSet, e: &mut Vec<Entry>) -> wiset::set::Result<()> {
            self.0 += e.len();
            Err(Error::caller("enough"))
        }
        fn set_end(&mut self, _: &WiSet) -> wiset::set::Result<()> {
            Ok(())
        }
    }
    let mut g = GiveUp(0);
    let err = s
        .list(Some("p"), wiset::set::ListDetail::Full, Dump::List, &mut g)
        .unwrap_err();
    assert_eq!(err.to_string(), "enough");
    assert!(g.0 > 0 && g.0 < 20_000);
    // Everything still answers correctly.
    assert!(s.test("p", &entry(ip_n(7))).unwrap());
    s.add("p", &entry(ip_n(30_000)), Exist::Fail).unwrap();
    let w = s.load_ipset("p", Load::Content).unwrap().unwrap();
    assert_eq!(w.len(), 20_001);
    assert_eq!(w.entries, Some(20_001));
}

#[test]
fn list_streams_names_headers_and_save() {
    use wiset::set::{ListDetail, ListSink};
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    for n in ["one", "two"] {
        s.create(&set_of(n, SetType::HashIp), Exist::Fail).unwrap();
        s.add(n, &entry(ip(v4(9, 9, 9, 9))), Exist::Fail).unwrap();
    }
    #[derive(Default)]
    struct Log(Vec<String>);
    impl ListSink for Log {
        fn set_begin(&mut self, set: &WiSet) -> wiset::set::Result<()> {
            self.0.push(format!("begin {} {}", set.name, set.type_name));
            Ok(())
        }
        fn entries(&mut self, set: &WiSet, e: &mut Vec<Entry>) -> wiset::set::Result<()> {
            self.0.push(format!("{} entries {}", set.name, e.len()));
            Ok(())
        }
        fn set_end(&mut self, set: &WiSet) -> wiset::set::Result<()> {
            self.0.push(format!("end {}", set.name));
            Ok(())
        }
    }
    let mut log = Log::default();
    s.list(None, ListDetail::Names, Dump::List, &mut log)
        .unwrap();
    assert_eq!(log.0, ["begin one ", "end one", "begin two ", "end two"]);
    let mut log = Log::default();
    s.list(None, ListDetail::Header, Dump::List, &mut log)
        .unwrap();
    assert_eq!(
        log.0,
        [
            "begin one hash:ip",
            "end one",
            "begin two hash:ip",
            "end two"
        ]
    );
    let mut log = Log::default();
    s.list(Some("two"), ListDetail::Full, Dump::Save, &mut log)
        .unwrap();
    assert_eq!(log.0, ["begin two hash:ip", "two entries 1", "end two"]);
}

#[test]
fn set_names_at_the_length_limit() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    let longest = "x".repeat(31);
    s.create(&set_of(&longest, SetType::HashIp), Exist::Fail)
        .unwrap();
    s.add(&longest, &entry(ip(v4(1, 2, 3, 4))), Exist::Fail)
        .unwrap();
    let w = s.load_ipset(&longest, Load::Content).unwrap().unwrap();
    assert_eq!(w.name, longest);
    assert_eq!(w.len(), 1);
    let too_long = "x".repeat(32);
    assert!(
        s.create(&set_of(&too_long, SetType::HashIp), Exist::Fail)
            .is_err()
    );
    // Loading it is an error or "no such set", never a panic.
    let r = s.load_ipset(&too_long, Load::Header);
    assert!(matches!(r, Err(_) | Ok(None)), "{r:?}");
    assert_eq!(s.load_all_ipsets(Load::Header, None).unwrap().len(), 1);
}

#[test]
fn adt_writers_interleave_with_other_requests() {
    use wiset::set::AdtWriter;
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&set_of("w1", SetType::HashIp), Exist::Fail)
        .unwrap();
    s.create(&set_of("w2", SetType::HashNet), Exist::Fail)
        .unwrap();
    let mut a = AdtWriter::new(AdtOp::Add, "w1", Exist::Fail);
    let mut b = AdtWriter::new(AdtOp::Add, "w2", Exist::Fail);
    assert_eq!(a.target(), (AdtOp::Add, "w1"));
    for i in 0..10_000u32 {
        a.push(&mut s, i + 1, &entry(ip_n(i))).unwrap();
        b.push(&mut s, i + 1, &entry(net(v4n(i << 8), 24))).unwrap();
        if i % 2500 == 0 {
            // Other requests between pushes see what was sent so far.
            assert!(!s.test("w1", &entry(ip_n(9_999))).unwrap());
        }
    }
    let sa = a.finish(&mut s).unwrap();
    let sb = b.finish(&mut s).unwrap();
    assert_eq!((sa.entries, sb.entries), (10_000, 10_000));
    assert!(sa.messages < 20 && sb.messages < 20, "{sa:?} {sb:?}");
    assert_eq!(
        s.load_ipset("w1", Load::Header).unwrap().unwrap().entries,
        Some(10_000)
    );
    assert_eq!(
        s.load_ipset("w2", Load::Header).unwrap().unwrap().entries,
        Some(10_000)
    );

    // A batched delete through a writer, with a missing entry on line 3.
    let mut d = AdtWriter::new(AdtOp::Del, "w1", Exist::Fail);
    d.push(&mut s, 1, &entry(ip_n(0))).unwrap();
    d.push(&mut s, 2, &entry(ip_n(1))).unwrap();
    d.push(&mut s, 3, &entry(ip_n(123_456))).unwrap();
    let err = d.finish(&mut s).unwrap_err();
    assert_eq!(err.line(), Some(3));
    assert_eq!(err.errno(), Some(ipset_errno::EXIST));
    assert_eq!(
        s.load_ipset("w1", Load::Header).unwrap().unwrap().entries,
        Some(9_998)
    );
}

#[test]
fn apply_takes_plain_entries_and_names_a_failing_one_by_position() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    s.create(&WiSet::new("plain", SetType::HashIp), Exist::Fail)
        .unwrap();
    let members: Vec<Entry> = (1..=3u8)
        .map(|i| Entry::from(Element::ip(Ipv4Addr::new(10, 0, 0, i))))
        .collect();
    // Entries by reference, by value, and bare elements: one entry point.
    let stats = s
        .apply(AdtOp::Add, "plain", members.iter(), Exist::Fail)
        .unwrap();
    assert_eq!((stats.entries, stats.messages), (3, 1));
    s.apply(
        AdtOp::Add,
        "plain",
        members.clone().into_iter(),
        Exist::Ignore,
    )
    .unwrap();
    s.apply(
        AdtOp::Del,
        "plain",
        [Element::ip(Ipv4Addr::new(10, 0, 0, 3))].into_iter(),
        Exist::Fail,
    )
    .unwrap();
    // Without line numbers an error names the item by its position.
    let missing = [
        Element::ip(Ipv4Addr::new(10, 0, 0, 1)),
        Element::ip(Ipv4Addr::new(10, 0, 0, 9)),
    ];
    let err = s
        .apply(AdtOp::Del, "plain", missing.into_iter(), Exist::Fail)
        .unwrap_err();
    assert_eq!(err.line(), Some(2), "{err:?}");
    assert_eq!(err.errno(), Some(ipset_errno::EXIST));
    let w = s.load_ipset("plain", Load::Content).unwrap().unwrap();
    assert_eq!(w.len(), 1);
    // update_content and replace take the same kind of iterator.
    let stats = s.update_content("plain", members.iter()).unwrap();
    assert_eq!((stats.added, stats.unchanged), (2, 1));
    s.replace(&w, members[..1].iter(), Default::default())
        .unwrap();
    assert_eq!(
        s.load_ipset("plain", Load::Header)
            .unwrap()
            .unwrap()
            .entries,
        Some(1)
    );
}

/// pyroute2's README example, in Rust: create a set with comments and
/// counters, add an entry with a comment, test it, read the content with
/// its stats.
#[test]
fn pyroute2_readme_example() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = Session::open().unwrap();
    let mut set = WiSet::new("myset", SetType::HashIp);
    (set.options.comment, set.options.counters) = (true, true);
    s.create(&set, Exist::Fail).unwrap();
    s.add(
        "myset",
        &set.parse_entry("198.51.100.1 comment foo").unwrap(),
        Exist::Fail,
    )
    .unwrap();
    assert!(
        s.test("myset", &set.parse_entry("198.51.100.1").unwrap())
            .unwrap()
    );
    let content = s
        .load_ipset("myset", Load::Content)
        .unwrap()
        .unwrap()
        .content
        .unwrap();
    let e = content
        .get(&Element::ip(Ipv4Addr::new(198, 51, 100, 1)))
        .unwrap();
    assert_eq!(
        (e.opts.comment.as_deref(), e.opts.packets, e.opts.bytes),
        (Some("foo"), Some(0), Some(0))
    );
}

/// Content lookup knows how the kernel stores elements: a host in hash:net
/// is found with or without `/32`, and hash:ip with a netmask keeps the
/// network.
#[test]
fn content_finds_entries_as_the_kernel_stores_them() {
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    let nets = WiSet::new("nets", SetType::HashNet);
    s.create(&nets, Exist::Fail).unwrap();
    for text in ["10.0.0.1", "192.0.2.0/24"] {
        s.add("nets", &nets.parse_entry(text).unwrap(), Exist::Fail)
            .unwrap();
    }
    let mut masked = WiSet::new("masked", SetType::HashIp);
    masked.options.netmask = Some(24);
    s.create(&masked, Exist::Fail).unwrap();
    s.add(
        "masked",
        &masked.parse_entry("10.1.2.3").unwrap(),
        Exist::Fail,
    )
    .unwrap();

    let nets = s.load_ipset("nets", Load::Content).unwrap().unwrap();
    let c = nets.content.as_ref().unwrap();
    for (text, found) in [
        ("10.0.0.1", true),
        ("10.0.0.1/32", true),
        ("192.0.2.0/24", true),
        ("192.0.2.7/24", true),
        ("192.0.2.0/25", false),
        ("10.0.0.2", false),
    ] {
        let e = nets.parse_entry(text).unwrap();
        assert_eq!(c.contains(&e.elem), found, "{text}");
        assert_eq!(nets.contains(&e.elem), found, "{text}");
    }
    assert_eq!(
        nets.display(
            c.get(&Element::net(Ipv4Addr::new(192, 0, 2, 9), 24))
                .unwrap()
        )
        .to_string(),
        "192.0.2.0/24"
    );
    let masked = s.load_ipset("masked", Load::Content).unwrap().unwrap();
    let c = masked.content.as_ref().unwrap();
    assert!(c.contains(&Element::ip(Ipv4Addr::new(10, 1, 2, 200))));
    assert!(!c.contains(&Element::ip(Ipv4Addr::new(10, 1, 3, 1))));
    assert_eq!(c.len(), 1);
}

/// A session opened in a named namespace works there without moving the
/// caller's thread: single requests, a replace (its lock and temp set), and
/// `update_content` (whose listing runs on a second socket) all happen in
/// the named namespace, and the lock is that namespace's.
#[test]
fn a_session_opened_in_a_named_namespace_stays_there() {
    let Some(ns) = support::netns() else { return };
    let Some(named) = support::NamedNetns::add("lib") else {
        return;
    };
    ns.enter_thread();
    let mut here = open();
    let mut there = Session::open_in(&named.0).unwrap();
    assert_eq!(there.netns().map(|n| n.name()), Some(named.0.as_str()));
    let set = WiSet::new("s", SetType::HashIp);
    there.create(&set, Exist::Fail).unwrap();
    let members: Vec<Entry> = (1..=200u8)
        .map(|i| Entry::from(Element::ip(Ipv4Addr::new(10, 0, 0, i))))
        .collect();
    let live = there.load_ipset("s", Load::Header).unwrap().unwrap();
    there
        .replace(&live, members.iter(), Default::default())
        .unwrap();
    let stats = there.update_content("s", members[..150].iter()).unwrap();
    assert_eq!((stats.removed, stats.unchanged), (50, 150));
    // Nothing here; everything there, as ip(8) sees it too.
    assert!(here.set_names().unwrap().is_empty());
    assert_eq!(there.set_names().unwrap(), ["s"]);
    let save = std::process::Command::new("ip")
        .args(["netns", "exec", &named.0, "ipset", "save", "s"])
        .output()
        .expect("ip netns exec");
    let save = String::from_utf8_lossy(&save.stdout);
    assert_eq!(
        save.lines().filter(|l| l.starts_with("add s ")).count(),
        150,
        "{save}"
    );
    // The writer lock is per namespace: holding "s" there is not holding it here.
    let held =
        wiset::set::SetLock::acquire("s", std::time::Duration::ZERO, None, there.netns()).unwrap();
    assert!(wiset::set::SetLock::is_held("s", there.netns()));
    assert!(!wiset::set::SetLock::is_held("s", None));
    drop(held);
    // A name that is not one is refused before anything is opened.
    for bad in ["", "..", "a/b"] {
        let e = Session::open_in(bad).err().expect("refused");
        assert!(
            e.to_string().starts_with("Invalid network namespace name"),
            "{e}"
        );
    }
}

/// A kernel whose newest protocol is 6 (before ipset 7) gets protocol 6
/// from every operation: single requests, batches, listings, the replace
/// and update machinery with their helper sockets, swaps and renames.
#[test]
fn protocol_6_does_everything() {
    use wiset::netlink::IpsetAttr;
    use wiset::set::ReplaceOptions;
    let Some(ns) = support::netns() else { return };
    ns.enter_thread();
    let mut s = open();
    assert!(s.speak_protocol(5).is_err(), "wiset speaks 6 and 7 only");
    s.speak_protocol(6).unwrap();
    assert_eq!(s.protocol(), 6);
    let request = s.socket().message(IpsetCommand::List, vec![]);
    assert_eq!(request.attrs.first(), Some(&IpsetAttr::Protocol(6)));
    type Case<'a> = (SetType, &'a [&'a str], &'a [&'a str]);
    let cases: [Case; 4] = [
        (
            SetType::HashIp,
            &["10.0.0.1", "10.0.0.2"],
            &["10.0.0.2", "10.0.0.3", "10.0.0.4"],
        ),
        (
            SetType::HashNet,
            &["10.1.0.0/16", "10.2.0.0/16 nomatch"],
            &["10.3.0.0/16"],
        ),
        (
            SetType::HashIpPort,
            &["10.0.0.1,tcp:80"],
            &["10.0.0.1,udp:53", "10.0.0.2,tcp:22"],
        ),
        (SetType::BitmapPort, &["80"], &["443", "8080"]),
    ];
    for (i, (t, first, second)) in cases.iter().enumerate() {
        let name = format!("p{i}");
        let mut set = set_of(&name, *t);
        if *t == SetType::BitmapPort {
            set.options.range = Some(Range::Port {
                from: 1,
                to: 10_000,
            });
        }
        set.options.counters = true;
        s.create(&set, Exist::Fail).unwrap();
        let head = s.load_ipset(&name, Load::Header).unwrap().unwrap();
        let parse = |text: &str| head.parse_entry(text).unwrap();
        s.add(&name, &parse(first[0]), Exist::Fail).unwrap();
        let batch = first.iter().map(|t| parse(t));
        s.apply(AdtOp::Add, &name, batch, Exist::Ignore).unwrap();
        assert!(s.test(&name, &parse(first[0])).unwrap(), "{name}");
        let new = second.iter().map(|t| parse(t));
        s.replace(&head, new, ReplaceOptions::default()).unwrap();
        let now = s.load_ipset(&name, Load::Content).unwrap().unwrap();
        assert_eq!(now.len(), second.len(), "{name}");
        s.update_content(&name, first.iter().map(|t| parse(t)))
            .unwrap();
        let now = s.load_ipset(&name, Load::Content).unwrap().unwrap();
        let content = now.content.as_ref().expect("content");
        assert_eq!(content.len(), first.len(), "{name}");
        for text in first.iter() {
            assert!(content.get(&parse(text).elem).is_some(), "{name}: {text}");
        }
    }
    assert_eq!(s.load_all_ipsets(Load::Content, None).unwrap().len(), 4);
    s.create(&set_of("q", SetType::HashIp), Exist::Fail)
        .unwrap();
    s.swap("p0", "q").unwrap();
    s.rename("q", "r").unwrap();
    s.flush(Some("r")).unwrap();
    s.destroy(Some("r"), Exist::Fail).unwrap();
    assert_eq!(s.set_names().unwrap(), ["p0", "p1", "p2", "p3"]);
    assert_eq!(s.protocol(), 6);
}
