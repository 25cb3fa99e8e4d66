//! One test per set type the kernel supports: CREATE, ADD (and where captured
//! the LIST reply) parse to hand-built values that emit the captured bytes.

use super::fixture::{Dir, assert_codec, ip, message, request};
use crate::netlink::{
    CreateAttr as C, EntryAttr as E, IpsetAttr as A, IpsetCommand as Cmd, IpsetMessage,
};

fn create(set: &str, typ: &str, revision: u8, family: u8, data: Vec<C>) -> IpsetMessage {
    request(
        Cmd::Create,
        vec![
            A::SetName(set.into()),
            A::TypeName(typ.into()),
            A::Revision(revision),
            A::Family(family),
            A::CreateData(data),
        ],
    )
}

fn add(set: &str, data: Vec<E>) -> IpsetMessage {
    request(Cmd::Add, vec![A::SetName(set.into()), A::EntryData(data)])
}

/// A LIST reply holding the whole set in one message.
fn listed(
    set: &str,
    typ: &str,
    family: u8,
    revision: u8,
    index: u16,
    header: Vec<C>,
    entries: Vec<Vec<E>>,
) -> IpsetMessage {
    request(
        Cmd::List,
        vec![
            A::SetName(set.into()),
            A::TypeName(typ.into()),
            A::Family(family),
            A::Revision(revision),
            A::Index(index),
            A::CreateData(header),
            A::Adt(entries),
        ],
    )
}

/// `ipset create b bitmap:ip range 10.0.0.0/24 timeout 0 counters comment skbinfo`
/// `ipset add b 10.0.0.5 timeout 30 packets 1 bytes 2 comment "x" skbmark 0x10/0xff skbprio 1:2 skbqueue 3`
/// `ipset list b`
#[test]
fn bitmap_ip() {
    assert_codec(
        &message("create_bitmap_ip", Dir::Sent, Cmd::Create),
        &create(
            "b",
            "bitmap:ip",
            3,
            2,
            vec![
                C::Ip(ip("10.0.0.0")),
                C::Cidr(24),
                C::Timeout(0),
                C::CadtFlags(0x58),
            ],
        ),
    );
    let extensions = |timeout| {
        vec![
            E::Ip(ip("10.0.0.5")),
            E::Timeout(timeout),
            E::Bytes(2),
            E::Packets(1),
            E::Comment("x".into()),
            E::SkbMark(0x10 << 32 | 0xff),
            E::SkbPrio(1 << 16 | 2),
            E::SkbQueue(3),
        ]
    };
    let mut entry = extensions(30);
    entry.push(E::LineNo(0));
    assert_codec(
        &message("add_bitmap_ip", Dir::Sent, Cmd::Add),
        &add("b", entry),
    );
    assert_codec(
        &message("list_bitmap_ip", Dir::Received, Cmd::List),
        &listed(
            "b",
            "bitmap:ip",
            2,
            3,
            0,
            vec![
                C::Ip(ip("10.0.0.0")),
                C::IpTo(ip("10.0.0.255")),
                C::References(0),
                C::MemSize(0x308a),
                C::Elements(1),
                C::Timeout(0),
                C::CadtFlags(0x58),
            ],
            vec![extensions(29)],
        ),
    );
}

/// `ipset create b bitmap:ip range 10.0.0.0/24 netmask 28`
/// `ipset add b 10.0.0.17`; `ipset list b` (reported as 10.0.0.16)
#[test]
fn bitmap_ip_netmask() {
    assert_codec(
        &message("create_bitmap_ip_netmask", Dir::Sent, Cmd::Create),
        &create(
            "b",
            "bitmap:ip",
            3,
            2,
            vec![C::Ip(ip("10.0.0.0")), C::Cidr(24), C::Netmask(28)],
        ),
    );
    assert_codec(
        &message("add_bitmap_ip_netmask", Dir::Sent, Cmd::Add),
        &add("b", vec![E::Ip(ip("10.0.0.17")), E::LineNo(0)]),
    );
    assert_codec(
        &message("list_bitmap_ip_netmask", Dir::Received, Cmd::List),
        &listed(
            "b",
            "bitmap:ip",
            2,
            3,
            0,
            vec![
                C::Ip(ip("10.0.0.0")),
                C::IpTo(ip("10.0.0.255")),
                C::Netmask(28),
                C::References(0),
                C::MemSize(0x60),
                C::Elements(1),
            ],
            vec![vec![E::Ip(ip("10.0.0.16"))]],
        ),
    );
}

/// `ipset create b bitmap:ip,mac range 10.0.0.0/24 timeout 0 counters`
/// `ipset add b 10.0.0.1,aa:bb:cc:dd:ee:ff timeout 40 packets 7 bytes 8`; `ipset list b`
#[test]
fn bitmap_ip_mac() {
    const MAC: [u8; 6] = [0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff];
    assert_codec(
        &message("create_bitmap_ip_mac", Dir::Sent, Cmd::Create),
        &create(
            "b",
            "bitmap:ip,mac",
            3,
            2,
            vec![
                C::Ip(ip("10.0.0.0")),
                C::Cidr(24),
                C::Timeout(0),
                C::CadtFlags(0x8),
            ],
        ),
    );
    assert_codec(
        &message("add_bitmap_ip_mac", Dir::Sent, Cmd::Add),
        &add(
            "b",
            vec![
                E::Ip(ip("10.0.0.1")),
                E::Timeout(40),
                E::Ether(MAC),
                E::Bytes(8),
                E::Packets(7),
                E::LineNo(0),
            ],
        ),
    );
    // The kernel's own order: ETHER before TIMEOUT.
    assert_codec(
        &message("list_bitmap_ip_mac", Dir::Received, Cmd::List),
        &listed(
            "b",
            "bitmap:ip,mac",
            2,
            3,
            0,
            vec![
                C::Ip(ip("10.0.0.0")),
                C::IpTo(ip("10.0.0.255")),
                C::References(0),
                C::MemSize(0x2070),
                C::Elements(1),
                C::Timeout(0),
                C::CadtFlags(0x8),
            ],
            vec![vec![
                E::Ip(ip("10.0.0.1")),
                E::Ether(MAC),
                E::Timeout(39),
                E::Bytes(8),
                E::Packets(7),
            ]],
        ),
    );
}

/// `ipset create b bitmap:port range 1-1024 timeout 0 comment` (FAMILY 0)
/// `ipset add b tcp:80 timeout 50 comment "http"` (no PROTO); `ipset add b 100-110`
#[test]
fn bitmap_port() {
    assert_codec(
        &message("create_bitmap_port", Dir::Sent, Cmd::Create),
        &create(
            "b",
            "bitmap:port",
            3,
            0,
            vec![
                C::Port(1),
                C::PortTo(1024),
                C::Timeout(0),
                C::CadtFlags(0x10),
            ],
        ),
    );
    assert_codec(
        &message("add_bitmap_port", Dir::Sent, Cmd::Add),
        &add(
            "b",
            vec![
                E::Port(80),
                E::Timeout(50),
                E::Comment("http".into()),
                E::LineNo(0),
            ],
        ),
    );
    assert_codec(
        &message("add_bitmap_port_range", Dir::Sent, Cmd::Add),
        &add("b", vec![E::Port(100), E::PortTo(110), E::LineNo(0)]),
    );
}

/// `ipset create h hash:ip family inet hashsize 64 maxelem 1000 netmask 24 timeout 600
///  counters comment forceadd skbinfo bucketsize 8 initval 0x12345678`
/// `ipset add h 10.0.0.1 timeout 60 packets 5 bytes 10 comment "c" skbmark 0x1 skbprio 1:1 skbqueue 2`
/// `ipset add h 10.1.0.0/30`; `ipset add h 10.2.0.1-10.2.0.3`
#[test]
fn hash_ip() {
    assert_codec(
        &message("create_hash_ip_opts", Dir::Sent, Cmd::Create),
        &create(
            "h",
            "hash:ip",
            6,
            2,
            vec![
                C::Timeout(600),
                C::CadtFlags(0x78),
                C::InitVal(0x1234_5678),
                C::HashSize(64),
                C::MaxElem(1000),
                C::Netmask(24),
                C::BucketSize(8),
            ],
        ),
    );
    assert_codec(
        &message("add_hash_ip", Dir::Sent, Cmd::Add),
        &add(
            "h",
            vec![
                E::Ip(ip("10.0.0.1")),
                E::Timeout(60),
                E::Bytes(10),
                E::Packets(5),
                E::Comment("c".into()),
                E::SkbMark(1 << 32 | 0xffff_ffff),
                E::SkbPrio(1 << 16 | 1),
                E::SkbQueue(2),
                E::LineNo(0),
            ],
        ),
    );
    assert_codec(
        &message("add_hash_ip_cidr", Dir::Sent, Cmd::Add),
        &add("h", vec![E::Ip(ip("10.1.0.0")), E::Cidr(30), E::LineNo(0)]),
    );
    assert_codec(
        &message("add_hash_ip_range", Dir::Sent, Cmd::Add),
        &add(
            "h",
            vec![E::Ip(ip("10.2.0.1")), E::IpTo(ip("10.2.0.3")), E::LineNo(0)],
        ),
    );
}

/// `ipset create h6 hash:ip family inet6 hashsize 128 maxelem 500 netmask 64 timeout 0 counters`
/// `ipset add h6 2001:db8::1 timeout 20 packets 3 bytes 4`
#[test]
fn hash_ip_v6() {
    assert_codec(
        &message("create_hash_ip_v6", Dir::Sent, Cmd::Create),
        &create(
            "h6",
            "hash:ip",
            6,
            10,
            vec![
                C::Timeout(0),
                C::CadtFlags(0x8),
                C::HashSize(128),
                C::MaxElem(500),
                C::Netmask(64),
            ],
        ),
    );
    assert_codec(
        &message("add_hash_ip_v6", Dir::Sent, Cmd::Add),
        &add(
            "h6",
            vec![
                E::Ip(ip("2001:db8::1")),
                E::Timeout(20),
                E::Bytes(4),
                E::Packets(3),
                E::LineNo(0),
            ],
        ),
    );
}

/// `ipset create h hash:ip bitmask 255.255.0.255 maxelem 100`; `ipset add h 1.2.3.4`; `ipset list h`
#[test]
fn hash_ip_bitmask() {
    assert_codec(
        &message("create_hash_ip_bitmask", Dir::Sent, Cmd::Create),
        &create(
            "h",
            "hash:ip",
            6,
            2,
            vec![C::Bitmask(ip("255.255.0.255")), C::MaxElem(100)],
        ),
    );
    assert_codec(
        &message("list_hash_ip_bitmask", Dir::Received, Cmd::List),
        &listed(
            "h",
            "hash:ip",
            2,
            6,
            0,
            vec![
                C::HashSize(1024),
                C::MaxElem(100),
                C::Bitmask(ip("255.255.0.255")),
                C::BucketSize(12),
                C::InitVal(0x3c9b_ed7e),
                C::References(0),
                C::MemSize(256),
                C::Elements(1),
            ],
            vec![vec![E::Ip(ip("1.2.0.4"))]],
        ),
    );
}

/// `ipset create hp hash:ip,port hashsize 256 maxelem 2000 timeout 0 counters comment`
/// `ipset add hp 1.1.1.1,icmp:echo-request`: PORT = type<<8|code, PROTO 1
/// `ipset add hp 1.1.1.1,tcp:80 timeout 100 packets 1 bytes 1 comment "web"`
#[test]
fn hash_ip_port() {
    assert_codec(
        &message("create_hash_ip_port", Dir::Sent, Cmd::Create),
        &create(
            "hp",
            "hash:ip,port",
            7,
            2,
            vec![
                C::Timeout(0),
                C::CadtFlags(0x18),
                C::HashSize(256),
                C::MaxElem(2000),
            ],
        ),
    );
    assert_codec(
        &message("add_hash_ip_port_icmp", Dir::Sent, Cmd::Add),
        &IpsetMessage {
            command: Cmd::Add,
            nfgen_family: 2,
            attrs: vec![
                A::Protocol(7),
                A::SetName("hp".into()),
                A::EntryData(vec![
                    E::Ip(ip("1.1.1.1")),
                    E::Port(0x0800),
                    E::Proto(1),
                    E::LineNo(0),
                ]),
            ],
        },
    );
    assert_codec(
        &message("add_hash_ip_port", Dir::Sent, Cmd::Add),
        &add(
            "hp",
            vec![
                E::Ip(ip("1.1.1.1")),
                E::Port(80),
                E::Timeout(100),
                E::Proto(6),
                E::Bytes(1),
                E::Packets(1),
                E::Comment("web".into()),
                E::LineNo(0),
            ],
        ),
    );
}

/// `ipset create hp6 hash:ip,port family inet6 hashsize 64 timeout 0`
/// `ipset add hp6 2001:db8::1,ipv6-icmp:echo-request`: PORT 0x8000, PROTO 58
#[test]
fn hash_ip_port_v6() {
    assert_codec(
        &message("create_hash_ip_port_v6", Dir::Sent, Cmd::Create),
        &create(
            "hp6",
            "hash:ip,port",
            7,
            10,
            vec![C::Timeout(0), C::HashSize(64)],
        ),
    );
    assert_codec(
        &message("add_hash_ip_port_v6_icmp", Dir::Sent, Cmd::Add),
        &add(
            "hp6",
            vec![
                E::Ip(ip("2001:db8::1")),
                E::Port(0x8000),
                E::Proto(58),
                E::LineNo(0),
            ],
        ),
    );
}

/// `ipset create hpi hash:ip,port,ip hashsize 64 maxelem 100 timeout 0 comment`
/// `ipset add hpi 1.1.1.1,tcp:80,2.2.2.2 timeout 70 comment "ppi"`: IP2 after PROTO
#[test]
fn hash_ip_port_ip() {
    assert_codec(
        &message("create_hash_ip_port_ip", Dir::Sent, Cmd::Create),
        &create(
            "hpi",
            "hash:ip,port,ip",
            6,
            2,
            vec![
                C::Timeout(0),
                C::CadtFlags(0x10),
                C::HashSize(64),
                C::MaxElem(100),
            ],
        ),
    );
    assert_codec(
        &message("add_hash_ip_port_ip", Dir::Sent, Cmd::Add),
        &add(
            "hpi",
            vec![
                E::Ip(ip("1.1.1.1")),
                E::Port(80),
                E::Timeout(70),
                E::Proto(6),
                E::Ip2(ip("2.2.2.2")),
                E::Comment("ppi".into()),
                E::LineNo(0),
            ],
        ),
    );
}

/// `ipset create hpn hash:ip,port,net hashsize 64 maxelem 100 counters skbinfo`
/// `ipset add hpn 1.1.1.1,tcp:80,2.2.0.0/16 nomatch packets 9 bytes 99 skbmark 0x5`; `ipset list hpn`
#[test]
fn hash_ip_port_net() {
    assert_codec(
        &message("create_hash_ip_port_net", Dir::Sent, Cmd::Create),
        &create(
            "hpn",
            "hash:ip,port,net",
            8,
            2,
            vec![C::CadtFlags(0x48), C::HashSize(64), C::MaxElem(100)],
        ),
    );
    assert_codec(
        &message("add_hash_ip_port_net", Dir::Sent, Cmd::Add),
        &add(
            "hpn",
            vec![
                E::Ip(ip("1.1.1.1")),
                E::Port(80),
                E::Proto(6),
                E::CadtFlags(crate::netlink::cadt_flags::NOMATCH),
                E::Ip2(ip("2.2.0.0")),
                E::Cidr2(16),
                E::Bytes(99),
                E::Packets(9),
                E::SkbMark(5 << 32 | 0xffff_ffff),
                E::LineNo(0),
            ],
        ),
    );
    assert_codec(
        &message("list_hash_ip_port_net", Dir::Received, Cmd::List),
        &listed(
            "hpn",
            "hash:ip,port,net",
            2,
            8,
            0,
            vec![
                C::HashSize(64),
                C::MaxElem(100),
                C::BucketSize(12),
                C::InitVal(0x5804_a829),
                C::References(0),
                C::MemSize(0x250),
                C::Elements(1),
                C::CadtFlags(0x48),
            ],
            vec![vec![
                E::Ip(ip("1.1.1.1")),
                E::Ip2(ip("2.2.0.0")),
                E::Port(80),
                E::Cidr2(16),
                E::Proto(6),
                E::CadtFlags(0x4),
                E::Bytes(99),
                E::Packets(9),
                E::SkbMark(5 << 32 | 0xffff_ffff),
            ]],
        ),
    );
}

/// `ipset create hn hash:net hashsize 64 maxelem 100 timeout 0 counters comment`
/// `ipset add hn 10.0.0.0/8 timeout 90 comment "ten"`; `ipset add hn6 2001:db8::/32 comment "doc"`
#[test]
fn hash_net() {
    assert_codec(
        &message("create_hash_net", Dir::Sent, Cmd::Create),
        &create(
            "hn",
            "hash:net",
            7,
            2,
            vec![
                C::Timeout(0),
                C::CadtFlags(0x18),
                C::HashSize(64),
                C::MaxElem(100),
            ],
        ),
    );
    assert_codec(
        &message("add_hash_net", Dir::Sent, Cmd::Add),
        &add(
            "hn",
            vec![
                E::Ip(ip("10.0.0.0")),
                E::Cidr(8),
                E::Timeout(90),
                E::Comment("ten".into()),
                E::LineNo(0),
            ],
        ),
    );
    assert_codec(
        &message("add_hash_net_v6", Dir::Sent, Cmd::Add),
        &add(
            "hn6",
            vec![
                E::Ip(ip("2001:db8::")),
                E::Cidr(32),
                E::Comment("doc".into()),
                E::LineNo(0),
            ],
        ),
    );
}

/// `ipset create hnp hash:net,port hashsize 64 timeout 0 counters`
/// `ipset add hnp 10.0.0.0/24,udp:53 timeout 15 packets 2 bytes 3`
#[test]
fn hash_net_port() {
    assert_codec(
        &message("create_hash_net_port", Dir::Sent, Cmd::Create),
        &create(
            "hnp",
            "hash:net,port",
            8,
            2,
            vec![C::Timeout(0), C::CadtFlags(0x8), C::HashSize(64)],
        ),
    );
    assert_codec(
        &message("add_hash_net_port", Dir::Sent, Cmd::Add),
        &add(
            "hnp",
            vec![
                E::Ip(ip("10.0.0.0")),
                E::Cidr(24),
                E::Port(53),
                E::Timeout(15),
                E::Proto(17),
                E::Bytes(3),
                E::Packets(2),
                E::LineNo(0),
            ],
        ),
    );
}

/// `ipset create hni hash:net,iface hashsize 64 maxelem 100 timeout 0 comment`
/// `ipset add hni 10.0.0.0/8,physdev:eth1 timeout 25 comment "phys"`
/// `ipset add hni 10.0.0.0/8,eth wildcard`; `ipset list hni`
#[test]
fn hash_net_iface() {
    use crate::netlink::cadt_flags::{IFACE_WILDCARD, PHYSDEV};
    assert_codec(
        &message("create_hash_net_iface", Dir::Sent, Cmd::Create),
        &create(
            "hni",
            "hash:net,iface",
            8,
            2,
            vec![
                C::Timeout(0),
                C::CadtFlags(0x10),
                C::HashSize(64),
                C::MaxElem(100),
            ],
        ),
    );
    assert_codec(
        &message("add_hash_net_iface_physdev", Dir::Sent, Cmd::Add),
        &add(
            "hni",
            vec![
                E::Ip(ip("10.0.0.0")),
                E::Cidr(8),
                E::Timeout(25),
                E::CadtFlags(PHYSDEV),
                E::Iface("eth1".into()),
                E::Comment("phys".into()),
                E::LineNo(0),
            ],
        ),
    );
    assert_codec(
        &message("add_hash_net_iface_wildcard", Dir::Sent, Cmd::Add),
        &add(
            "hni",
            vec![
                E::Ip(ip("10.0.0.0")),
                E::Cidr(8),
                E::CadtFlags(IFACE_WILDCARD),
                E::Iface("eth".into()),
                E::LineNo(0),
            ],
        ),
    );
    assert_codec(
        &message("list_hash_net_iface", Dir::Received, Cmd::List),
        &listed(
            "hni",
            "hash:net,iface",
            2,
            8,
            0,
            vec![
                C::HashSize(64),
                C::MaxElem(100),
                C::BucketSize(12),
                C::InitVal(0x4dd0_f1d9),
                C::References(0),
                C::MemSize(0x37d),
                C::Elements(3),
                C::Timeout(0),
                C::CadtFlags(0x10),
            ],
            vec![
                vec![
                    E::Ip(ip("10.0.0.0")),
                    E::Cidr(8),
                    E::Iface("eth".into()),
                    E::CadtFlags(IFACE_WILDCARD),
                    E::Timeout(0),
                ],
                vec![
                    E::Ip(ip("10.0.0.0")),
                    E::Cidr(8),
                    E::Iface("eth1".into()),
                    E::CadtFlags(PHYSDEV),
                    E::Timeout(24),
                    E::Comment("phys".into()),
                ],
                vec![
                    E::Ip(ip("0.0.0.0")),
                    E::Cidr(0),
                    E::Iface("eth2".into()),
                    E::Timeout(0),
                ],
            ],
        ),
    );
}

/// `ipset create l list:set size 8 timeout 0 counters comment` (FAMILY 0, SIZE = attr 23)
/// `ipset add l m1 timeout 30 comment "first"`; `ipset add l m2 before m1`; `ipset list l`
#[test]
fn list_set() {
    assert_codec(
        &message("create_list_set", Dir::Sent, Cmd::Create),
        &create(
            "l",
            "list:set",
            3,
            0,
            vec![C::Timeout(0), C::CadtFlags(0x18), C::Size(8)],
        ),
    );
    assert_codec(
        &message("add_list_set", Dir::Sent, Cmd::Add),
        &add(
            "l",
            vec![
                E::Timeout(30),
                E::Name("m1".into()),
                E::Comment("first".into()),
                E::LineNo(0),
            ],
        ),
    );
    assert_codec(
        &message("add_list_set_before", Dir::Sent, Cmd::Add),
        &add(
            "l",
            vec![
                E::CadtFlags(crate::netlink::cadt_flags::BEFORE),
                E::Name("m2".into()),
                E::NameRef("m1".into()),
                E::LineNo(0),
            ],
        ),
    );
    assert_codec(
        &message("add_list_set_after", Dir::Sent, Cmd::Add),
        &add(
            "l",
            vec![E::Name("m3".into()), E::NameRef("m1".into()), E::LineNo(0)],
        ),
    );
    let member = |name: &str, timeout: u32| {
        vec![
            E::Name(name.into()),
            E::Timeout(timeout),
            E::Bytes(0),
            E::Packets(0),
        ]
    };
    let mut m1 = member("m1", 29);
    m1.push(E::Comment("first".into()));
    assert_codec(
        &message("list_list_set", Dir::Received, Cmd::List),
        &listed(
            "l",
            "list:set",
            0,
            3,
            3,
            vec![
                C::Size(8),
                C::References(0),
                C::MemSize(0x156),
                C::Elements(3),
                C::Timeout(0),
                C::CadtFlags(0x18),
            ],
            vec![member("m2", 0), m1, member("m3", 0)],
        ),
    );
}
