//! ipset's parsing leniencies and the options around commands: legacy
//! create options, ignored options with warnings, resolver-based addresses,
//! long and short spellings of global options, `-q`, output modes.

use super::cases::{Case, Expect, case};

/// Every legacy and ignored create option ipset 7.17 knows, on every type
/// (and alias) this kernel has, alone, together and against `range`: the
/// warnings (ipset names `--network` as `--from` in its warning), the
/// errors, the sets made.
pub fn legacy_options() -> Vec<Case> {
    let types: &[(&str, &str)] = &[
        ("hash:ip", ""),
        ("iphash", ""),
        ("hash:net", ""),
        ("nethash", ""),
        ("hash:ip,port", ""),
        ("ipporthash", ""),
        ("hash:ip,port,ip", ""),
        ("ipportiphash", ""),
        ("hash:ip,port,net", ""),
        ("ipportnethash", ""),
        ("hash:net,port", ""),
        ("hash:net,iface", ""),
        ("list:set", ""),
        ("bitmap:ip", "range 10.0.0.0/24"),
        ("ipmap", "range 10.0.0.0/24"),
        ("bitmap:ip,mac", "range 10.0.0.0/24"),
        ("macipmap", "range 10.0.0.0/24"),
        ("bitmap:port", "range 1-10"),
        ("portmap", "range 1-10"),
    ];
    let options = [
        "--from 2.0.0.1",
        "--to 2.1.0.0",
        "--network 2.0.0.0/16",
        "--from 2.0.0.1 --to 2.1.0.0",
        "--from 2.0.0.1 --network 2.0.0.0/16 --to 2.1.0.0",
        "probes 2",
        "resize 5",
        "gc 10",
        "--probes 2 --resize 5 --gc 10",
        "--probes 1 --probes 2",
        "--network 1.0.0.0/8 --from 2.2.2.2",
        "--resize 1 --probes 2 --resize 3",
        "from 1.1.1.1",
        "network 1.0.0.0/8",
        "to 1.1.1.1",
        "--size 8",
        "--hashsize 64 --maxelem 10",
    ];
    let mut out = Vec::new();
    for (t, range) in types {
        let mut c = case(format!("legacy options of {t}"));
        let mut n = 0;
        for o in options {
            n += 1;
            c = c.any(&format!("-N s{n} {t} {range} {o} initval 0x1").replace("  ", " "));
            if t.contains("map") || t.starts_with("bitmap") {
                n += 1;
                c = c.any(&format!("-N s{n} {t} {o}"));
            }
        }
        out.push(c.ok("save"));
    }
    let mut b = case("legacy bitmap ranges, part by part");
    for (n, o) in [
        "bitmap:ip from 10.0.0.1",
        "bitmap:ip to 10.0.0.9 from 10.0.0.1",
        "bitmap:ip range 10.0.0.0-10.0.0.9 to 10.0.0.5",
        "bitmap:ip range 10.0.0.0/24 to 10.0.0.5",
        "bitmap:ip from 10.0.0.1 range 10.0.0.0/24",
        "bitmap:ip network 10.0.0.0/24 range 10.0.0.0/24",
        "bitmap:ip network 10.0.0.0/24 to 10.0.0.255",
        "bitmap:ip from 10.0.0.0 network 10.0.0.0/24",
        "bitmap:ip network 10.0.0.0/24 from 10.0.0.0",
        "bitmap:ip to 10.0.0.9",
        "bitmap:ip from 10.0.0.1 to 10.0.0.9 to 10.0.0.8",
        "bitmap:ip from 10.0.0.9 to 10.0.0.1",
        "bitmap:ip network 10.0.0.5/24",
        "bitmap:ip from 10.0.0.0/24 to 10.0.0.9",
        "bitmap:ip network 10.0.0.0",
        "bitmap:ip network 10.0.0.0-10.0.0.5",
        "bitmap:ip,mac from 10.0.0.1 to foo",
        "bitmap:port from 5",
        "bitmap:port from 9 to 5",
        "bitmap:port range 1-5 to 9",
        "bitmap:port range 5",
        "bitmap:port range 5 to 7",
        "bitmap:port range 5-7 from 1",
        "bitmap:port from http to 9000",
        "bitmap:port from tcp:5 to 9",
        "bitmap:port from 5-7 to 9",
        "bitmap:port from 5 to 99999",
        "bitmap:port from 10.0.0.1",
    ]
    .iter()
    .enumerate()
    {
        b = b.any(&format!("-N b{n} {o}"));
    }
    out.push(b.ok("save"));
    out
}

pub fn cases() -> Vec<Case> {
    vec![
        case("legacy bitmap create options")
            .ok("create lg bitmap:ip from 10.0.0.0 to 10.0.0.255")
            .ok("create lg2 bitmap:ip network 10.0.1.0/24")
            .ok("create lg3 bitmap:port from 1 to 100")
            .ok("create lg4 bitmap:ip,mac from 10.0.2.0 to 10.0.2.15")
            .ok("save"),
        case("ignored hash options warn")
            .ok("create ig hash:net probes 4 resize 50 initval 0x1")
            .ok("create ig2 hash:ip gc 10 initval 0x1")
            .ok("create ig3 hash:ip probes 4 initval 0x1")
            .ok("save"),
        case("resolver-based addresses")
            .setup("create r4 hash:ip initval 0x1")
            .setup("create r6 hash:ip family inet6 initval 0x1")
            .ok("add r4 localhost")
            .ok("add r4 1.2.3")
            .ok("add r4 10")
            .fails("add r4 0x0a000002")
            .fails("add r6 localhost")
            .ok("test r4 127.0.0.1")
            .ok("save"),
        case("global option spellings")
            .setup("create g hash:ip initval 0x1")
            .setup("add g 1.1.1.1")
            .ok("--output plain --terse list g")
            .ok("-output save list g")
            .ok("list g -o save")
            .ok("save g -o plain")
            .ok("-name list")
            .ok("--name list")
            .ok("-n -t list")
            .ok("-t -o save list")
            .ok("--exist add g 1.1.1.1")
            .ok("add g 1.1.1.1 -!")
            .ok("-sorted list g")
            .ok("-q test g 1.1.1.1")
            .any("-q test g 2.2.2.2")
            .fails("-q add nosuch 1.1.1.1")
            .fails("-quiet create g hash:ip")
            .ok("li g -o plain")
            .ok("sa g")
            .ok("-L g")
            .ok("--list g")
            .ok("-S g"),
        case("output modes for every kind of listing")
            .setup("create x1 hash:ip counters comment initval 0x1")
            .setup("add x1 1.1.1.1 packets 1 bytes 2 comment \"x y\"")
            .setup("create x2 bitmap:port range 1-10")
            .setup("add x2 5")
            .setup("create x3 list:set")
            .setup("add x3 x1")
            .exact("list -o xml")
            .exact("list -n -o xml")
            .exact("list -t -o xml")
            .exact("save -o xml")
            .exact("list x3 -o xml")
            .exact("list -o save")
            .exact("list")
            .exact("save"),
        case("type aliases and families")
            .ok("create a1 iphash initval 0x1")
            .ok("create a2 nethash initval 0x1")
            .ok("create a3 ipporthash initval 0x1")
            .ok("create a4 ipportiphash initval 0x1")
            .ok("create a5 ipportnethash initval 0x1")
            .ok("create a6 ipmap range 10.0.0.0/30")
            .ok("create a7 macipmap range 10.0.0.0/30")
            .ok("create a8 portmap range 1-2")
            .ok("create a9 setlist")
            .ok("create a10 hash:ip -6 initval 0x1")
            .ok("create a11 hash:ip family ipv6 initval 0x1")
            .ok("create a12 hash:ip --family inet --hashsize 64 initval 0x1")
            .ok("save"),
        case("test messages print the parsed element")
            .setup("create t1 hash:ip,port")
            .setup("add t1 1.1.1.1,80")
            .setup("add t1 1.1.1.1,icmp:0/0")
            .setup("create t2 hash:net")
            .setup("add t2 10.0.0.0/8")
            .setup("create t3 hash:ip")
            .setup("add t3 10.0.0.0")
            .ok("test t1 1.1.1.1,tcp:80")
            .ok("test t1 1.1.1.1,http")
            .ok("test t1 1.1.1.1,icmp:echo-reply")
            .any("test t1 1.1.1.1,icmp:0/1")
            .ok("test t2 10.1.2.3/32")
            .ok("test t2 10.0.0.0/8")
            .any("test t2 10.0.0.0/7")
            .ok("test t3 10.0.0.0/30")
            .any("test t3 10.0.0.1-10.0.0.3"),
    ]
}

/// How ipset(8) prints what the kernel holds: ICMP names, protocol names,
/// IPv6 compression, masks, counters and skbinfo at their limits. The
/// entries go in through a compared `restore -exist` (so wiset parses them)
/// and come back through compared listings.
pub fn printing() -> Vec<Case> {
    let mut icmp = String::new();
    for t in 0..=20u32 {
        for c in 0..=16u32 {
            icmp.push_str(&format!("add ic 1.1.1.1,icmp:{t}/{c}\n"));
        }
    }
    for name in ICMP_NAMES {
        icmp.push_str(&format!("add ic 1.1.1.2,icmp:{name}\n"));
    }
    let mut icmp6 = String::new();
    for t in (0..=5u32).chain(128..=140) {
        for c in 0..=5u32 {
            icmp6.push_str(&format!("add ic6 2001:db8::1,icmpv6:{t}/{c}\n"));
        }
    }
    for name in ICMPV6_NAMES {
        icmp6.push_str(&format!("add ic6 2001:db8::2,icmpv6:{name}\n"));
    }
    let mut protos = String::new();
    for p in 1..=255u32 {
        let port = match p {
            1 => "0/0".to_string(),
            6 | 17 | 132 | 136 => "7".to_string(),
            58 => "ping".to_string(),
            _ => "0".to_string(),
        };
        if p != 58 {
            protos.push_str(&format!("add pr 1.1.1.1,{p}:{port}\n"));
        }
    }
    for name in [
        "tcp", "udp", "sctp", "udplite", "gre", "esp", "ah", "ospf", "vrrp",
    ] {
        let port = if ["tcp", "udp", "sctp", "udplite"].contains(&name) {
            "9"
        } else {
            "0"
        };
        protos.push_str(&format!("add pr 1.1.1.2,{name}:{port}\n"));
    }
    vec![
        case("icmp type/code and names")
            .setup("create ic hash:ip,port initval 0x1")
            .restore("-exist", &icmp, Expect::Ok)
            .ok("list ic -o plain")
            .exact("list ic -s -o plain")
            .ok("save"),
        case("icmpv6 type/code and names")
            .setup("create ic6 hash:ip,port family inet6 initval 0x1")
            .restore("-exist", &icmp6, Expect::Ok)
            .ok("list ic6 -o plain")
            .exact("list ic6 -s -o plain")
            .ok("save"),
        case("protocol numbers and names")
            .setup("create pr hash:ip,port initval 0x1")
            .restore("-exist", &protos, Expect::Any)
            .ok("list pr -o plain")
            .exact("list pr -s -o plain")
            .ok("save"),
        case("IPv6 and IPv4 address printing")
            .setup("create p6 hash:net family inet6 initval 0x1")
            .setup("create p4 hash:net initval 0x1")
            .setup("create pi hash:ip initval 0x1")
            .ok("add p6 2001:0db8:0000:0000:0000:ff00:0042:8329")
            .ok("add p6 2001:db8:0:0:1:0:0:1")
            .ok("add p6 ::ffff:10.0.0.1")
            .ok("add p6 ::/1")
            .ok("add p6 8000::/1")
            .ok("add p6 2001:db8:1:2:3:4:5:6/64")
            .ok("add p6 ::2")
            .ok("add p6 fe80::/127")
            .ok("add p4 10.1.2.3/8")
            .ok("add p4 1.2.3.4/31")
            .ok("add p4 128.0.0.0/1")
            .ok("add p4 255.255.255.255")
            .ok("add pi 10.0.0.5/30")
            .ok("add pi 255.255.255.254-255.255.255.255")
            .ok("add pi [localhost]")
            .fails("add p6 ::/0")
            .ok("list -o plain")
            .exact("list -s -o plain")
            .ok("save"),
        case("counters, skbinfo and comments at their limits")
            .setup("create lim hash:ip counters comment skbinfo initval 0x1")
            .ok("add lim 1.1.1.1 packets 18446744073709551614 bytes 18446744073709551614")
            .ok("add lim 1.1.1.2 skbmark 0xffffffff/0xffffffff skbprio ffff:ffff skbqueue 65535")
            .ok("add lim 1.1.1.3 skbmark 0x0/0x0 skbprio 0:0 skbqueue 0")
            .ok("add lim 1.1.1.4 skbmark 0xABCDEF skbprio a:B")
            .ok("add lim 1.1.1.5 comment 'ünï côdé ß'")
            .ok("add lim 1.1.1.6 comment 'back\\slash and '\"'\"'")
            .ok("add lim 1.1.1.7 comment ''")
            .ok("add lim 1.1.1.8 comment '  spaces  '")
            .ok("list lim -o plain")
            .ok("save")
            .exact("list lim -o xml"),
        case("set full and other kernel errors")
            .setup("create small hash:ip maxelem 2 initval 0x1")
            .setup("create sl list:set size 4")
            .setup("create m1 hash:ip")
            .setup("add sl m1")
            .ok("add small 1.1.1.1")
            .ok("add small 1.1.1.2")
            .fails("add small 1.1.1.3")
            .ok("-exist add small 1.1.1.2")
            .fails("rename m1 m2")
            .fails("swap m1 sl")
            .ok("save"),
        case("odd set names")
            .argv(&["create", "a b", "hash:ip", "initval", "0x1"], Expect::Ok)
            .ok("create a,b hash:ip initval 0x1")
            .ok("create a:b.c_d hash:ip initval 0x1")
            .ok("create 1 hash:ip initval 0x1")
            .argv(&["add", "a b", "1.1.1.1"], Expect::Ok)
            .ok("add a,b 1.1.1.1")
            .ok("list -n")
            .ok("list -o plain")
            .ok("save"),
        case("list:set listed last")
            .setup("create x0 list:set")
            .setup("create x1 hash:ip initval 0x1")
            .setup("create x2 bitmap:port range 1-10")
            .setup("add x0 x2")
            .setup("add x0 x1")
            .exact("list -o plain")
            .exact("list -n")
            .exact("list -t -o plain")
            .exact("save")
            .exact("list -o xml"),
        case("bad MAC forms")
            .setup("create mm bitmap:ip,mac range 10.0.0.0/24")
            .ok("add mm 10.0.0.1,a:b:c:d:e:f")
            .fails("add mm 10.0.0.1,aa:bb:cc:dd:ee")
            .fails("add mm 10.0.0.1,aa-bb-cc-dd-ee-ff")
            .fails("add mm 10.0.0.1,aa:bb:cc:dd:ee:ff:00")
            .ok("add mm 10.0.0.2,AA:bb:CC:dd:EE:ff")
            .ok("save"),
    ]
}

const ICMP_NAMES: &[&str] = &[
    "echo-reply",
    "pong",
    "network-unreachable",
    "host-unreachable",
    "protocol-unreachable",
    "port-unreachable",
    "fragmentation-needed",
    "source-route-failed",
    "network-unknown",
    "host-unknown",
    "network-prohibited",
    "host-prohibited",
    "TOS-network-unreachable",
    "TOS-host-unreachable",
    "communication-prohibited",
    "host-precedence-violation",
    "precedence-cutoff",
    "source-quench",
    "network-redirect",
    "host-redirect",
    "TOS-network-redirect",
    "TOS-host-redirect",
    "echo-request",
    "ping",
    "router-advertisement",
    "router-solicitation",
    "ttl-zero-during-transit",
    "ttl-zero-during-reassembly",
    "ip-header-bad",
    "required-option-missing",
    "timestamp-request",
    "timestamp-reply",
    "address-mask-request",
    "address-mask-reply",
];

const ICMPV6_NAMES: &[&str] = &[
    "no-route",
    "communication-prohibited",
    "address-unreachable",
    "port-unreachable",
    "packet-too-big",
    "ttl-zero-during-transit",
    "ttl-zero-during-reassembly",
    "bad-header",
    "unknown-header-type",
    "unknown-option",
    "echo-request",
    "ping",
    "echo-reply",
    "pong",
    "router-solicitation",
    "router-advertisement",
    "neighbour-solicitation",
    "neigbour-solicitation",
    "neighbour-advertisement",
    "neigbour-advertisement",
    "redirect",
];
