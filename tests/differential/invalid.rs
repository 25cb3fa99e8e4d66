//! Invalid input: each case sets up sets with ipset(8) in both namespaces,
//! then runs one rejected command through both programs. Same exit code,
//! same normalized stderr, and the state must not change. A few `-exist`
//! variants that succeed are here too, next to the failures they relax.

use super::cases::{Case, Expect, case};

/// Sets most cases work on.
const SETS: &[&str] = &[
    "create ip4 hash:ip",
    "create ip6 hash:ip family inet6",
    "create ipp hash:ip,port",
    "create ipp6 hash:ip,port family inet6",
    "create ippi hash:ip,port,ip",
    "create net hash:net",
    "create nif hash:net,iface",
    "create bip bitmap:ip range 10.0.0.0/24",
    "create bpo bitmap:port range 1-1024",
    "create lst list:set",
    "create full hash:ip timeout 0 counters comment skbinfo",
    "add ip4 1.1.1.1",
    "add full 2.2.2.2 timeout 0",
];

/// A case: the common sets, then `line`, which ipset(8) rejects.
fn bad(name: &str, line: &str) -> Case {
    case(name).setups(SETS).fails(line)
}

const LONG32: &str = "abcdefghijklmnopqrstuvwxyz012345";
const LONG31: &str = "abcdefghijklmnopqrstuvwxyz01234";

pub fn elements() -> Vec<Case> {
    vec![
        bad("bad IPv4: five octets", "add ip4 1.2.3.4.5"),
        bad("bad IPv4: octet 300", "add ip4 300.1.1.1"),
        bad("bad IPv4: unresolvable name", "add ip4 notanip"),
        bad("bad IPv4: empty element", "add ip4 ''"),
        bad("IPv4 address in inet6 set", "add ip6 1.2.3.4"),
        bad("IPv6 address in inet set", "add ip4 ::1"),
        bad("bad IPv6", "add ip6 2001:db8:::1"),
        bad("null address in hash:ip", "add ip4 0.0.0.0"),
        bad("IPv6 CIDR in hash:ip inet6", "add ip6 2001:db8::/64"),
        bad(
            "IPv6 range in hash:ip inet6",
            "add ip6 2001:db8::1-2001:db8::2",
        ),
        bad("bad CIDR 33", "add net 10.0.0.0/33"),
        bad("bad CIDR 0", "add net 10.0.0.0/0"),
        bad("bad CIDR text", "add net 10.0.0.0/abc"),
        case("reversed IPv4 range")
            .setups(SETS)
            .ok("add ip4 10.0.0.5-10.0.0.1"),
        bad("netmask-style CIDR", "add net 8.8.8.0/255.255.255.0"),
        bad("port out of range", "add ipp 1.1.1.1,99999"),
        bad("port not a number", "add ipp 1.1.1.1,tcp:abc"),
        bad("unknown protocol", "add ipp 1.1.1.1,foo:80"),
        bad("pseudo port must be 0", "add ipp 1.1.1.1,gre:5"),
        bad("icmp on inet6", "add ipp6 2001:db8::1,icmp:ping"),
        bad("icmpv6 on inet", "add ipp 1.1.1.1,icmpv6:echo-request"),
        bad("unknown icmp name", "add ipp 1.1.1.1,icmp:bogus"),
        bad("bad icmp type/code", "add ipp 1.1.1.1,icmp:300/1"),
        bad("second element missing", "add ipp 1.1.1.1"),
        bad("separator in a one-part type", "add ip4 1.1.1.1,80"),
        bad("third element missing", "add ippi 1.1.1.1,80"),
        bad("too many parts", "add ipp 1.1.1.1,80,2.2.2.2"),
        bad("iface name over 15", "add nif 10.0.0.0/8,abcdefghijklmnop"),
        bad("bitmap:ip element out of range", "add bip 10.0.1.1"),
        bad("bitmap:ip test with a range", "test bip 10.0.0.1-10.0.0.2"),
        bad("bitmap:ip test with a CIDR", "test bip 10.0.0.0/30"),
        bad("bitmap:port bad protocol", "add bpo sctp:80"),
        bad("bitmap:port out of range", "add bpo 2000"),
        bad("bad MAC", "add bip 10.0.0.1,zz:bb:cc:dd:ee:ff"),
        bad(
            "hash:ip,port test with port range",
            "test ipp 1.1.1.1,tcp:80-81",
        ),
        bad("list:set missing member set", "add lst nosuch"),
        bad("list:set member is a list", "add lst lst"),
        bad("list:set before a missing set", "add lst ip4 before nosuch"),
    ]
}

pub fn options() -> Vec<Case> {
    let long_comment = "x".repeat(256);
    let ok_comment = "y".repeat(255);
    vec![
        bad("comment with a quote", r#"add full 3.3.3.3 comment 'a"b'"#),
        case("comment over 255 bytes").setups(SETS).argv(
            &["add", "full", "3.3.3.3", "comment", &long_comment],
            Expect::Fails,
        ),
        case("comment of 255 bytes")
            .setups(SETS)
            .argv(
                &[
                    "add",
                    "full",
                    "3.3.3.3",
                    "timeout",
                    "0",
                    "comment",
                    &ok_comment,
                ],
                Expect::Ok,
            )
            .ok("save full"),
        bad("unknown keyword on create", "create s hash:ip foo"),
        bad("unknown keyword on add", "add full 3.3.3.3 foo"),
        bad(
            "repeated keyword on create",
            "create s hash:ip timeout 1 timeout 2",
        ),
        bad(
            "repeated keyword on add",
            "add full 3.3.3.3 comment a comment b",
        ),
        bad("missing value on create", "create s hash:ip timeout"),
        bad("missing value on add", "add full 3.3.3.3 timeout"),
        bad(
            "netmask not valid for hash:net",
            "create s hash:net netmask 24",
        ),
        bad(
            "hashsize not valid for bitmap",
            "create s bitmap:port range 1-2 hashsize 64",
        ),
        bad(
            "range not valid for hash:ip",
            "create s hash:ip range 10.0.0.0/24",
        ),
        bad("nomatch not valid for hash:ip", "add ip4 3.3.3.3 nomatch"),
        bad(
            "wildcard not valid for hash:net",
            "add net 10.0.0.0/8 wildcard",
        ),
        bad("before not valid for hash:ip", "add ip4 3.3.3.3 before x"),
        bad(
            "timeout on a set without timeout",
            "add ip4 3.3.3.3 timeout 5",
        ),
        bad(
            "packets on a set without counters",
            "add ip4 3.3.3.3 packets 5",
        ),
        bad(
            "comment on a set without comment",
            "add ip4 3.3.3.3 comment x",
        ),
        bad(
            "skbmark on a set without skbinfo",
            "add ip4 3.3.3.3 skbmark 0x1",
        ),
        bad(
            "create timeout out of range",
            "create s hash:ip timeout 2147484",
        ),
        bad(
            "add timeout out of range",
            "add full 3.3.3.3 timeout 2147484",
        ),
        bad("timeout not a number", "add full 3.3.3.3 timeout soon"),
        bad("negative maxelem", "create s hash:ip maxelem -1"),
        bad("hashsize not a number", "create s hash:ip hashsize abc"),
        bad("netmask 33", "create s hash:ip netmask 33"),
        bad(
            "netmask 129 inet6",
            "create s hash:ip family inet6 netmask 129",
        ),
        bad(
            "netmask and bitmask",
            "create s hash:ip netmask 24 bitmask 255.255.255.0",
        ),
        bad("unknown family", "create s hash:ip family inet7"),
        bad(
            "bitmap:ip range too large",
            "create s bitmap:ip range 10.0.0.0/8",
        ),
        bad("bitmap:ip range missing", "create s bitmap:ip"),
        bad(
            "bitmap:ip range without prefix",
            "create s bitmap:ip range 10.0.0.1",
        ),
        bad("skbmark without 0x", "add full 3.3.3.3 skbmark 10"),
        bad("skbprio without colon", "add full 3.3.3.3 skbprio 1"),
        bad("skbqueue out of range", "add full 3.3.3.3 skbqueue 70000"),
        bad(
            "packets out of range",
            "add full 3.3.3.3 packets 18446744073709551616",
        ),
        bad("unknown output mode", "list -o foo"),
        bad("bucketsize out of range", "create s hash:ip bucketsize 256"),
        case("hex and octal numbers")
            .setups(SETS)
            .ok("create s hash:ip hashsize 0x400 maxelem 010 timeout 0x10 initval 0x1")
            .ok("save s"),
    ]
}

pub fn commands() -> Vec<Case> {
    vec![
        bad(
            "set name over 31 bytes",
            &format!("create {LONG32} hash:ip"),
        ),
        case("set name of 31 bytes")
            .setups(SETS)
            .ok(&format!("create {LONG31} hash:ip initval 0x1"))
            .ok(&format!("add {LONG31} 1.2.3.4"))
            .ok("list -n")
            .ok(&format!("list {LONG31} -o plain")),
        bad(
            "add to a set name over 31 bytes",
            &format!("add {LONG32} 1.1.1.1"),
        ),
        bad("type name over 31 bytes", &format!("create s {LONG32}")),
        bad("unknown type", "create s hash:foo"),
        bad("add to a missing set", "add nosuch 1.1.1.1"),
        bad("creating an existing set", "create ip4 hash:ip"),
        case("-exist create of an identical set")
            .setups(SETS)
            .ok("-exist create ip4 hash:ip")
            .ok("-exist create ip4 hash:ip hashsize 64"),
        bad(
            "-exist create with other options",
            "-exist create ip4 hash:ip maxelem 10",
        ),
        bad(
            "-exist create with another type",
            "-exist create ip4 hash:net",
        ),
        bad("add an existing entry", "add ip4 1.1.1.1"),
        case("-exist add of an existing entry")
            .setups(SETS)
            .ok("-exist add ip4 1.1.1.1")
            .ok("add -! ip4 1.1.1.1")
            .ok(r#"add --exist full 2.2.2.2 timeout 0 comment "now""#)
            .ok("save"),
        bad("del of a missing entry", "del ip4 9.9.9.9"),
        case("-exist del of a missing entry")
            .setups(SETS)
            .ok("-exist del ip4 9.9.9.9"),
        bad("del from a missing set", "del nosuch 1.1.1.1"),
        bad("destroy of a missing set", "destroy nosuch"),
        case("-exist destroy of a missing set")
            .setups(SETS)
            .ok("-exist destroy nosuch"),
        case("destroy of a referenced set")
            .setups(SETS)
            .setup("add lst ip4")
            .fails("destroy ip4")
            .fails("destroy"),
        bad("flush of a missing set", "flush nosuch"),
        bad("list of a missing set", "list nosuch"),
        bad("save of a missing set", "save nosuch"),
        bad("test on a missing set", "test nosuch 1.1.1.1"),
        bad("rename of a missing set", "rename nosuch other"),
        bad("rename to an existing name", "rename ip4 net"),
        bad(
            "rename to a name over 31 bytes",
            &format!("rename ip4 {LONG32}"),
        ),
        bad("swap with a missing set", "swap ip4 nosuch"),
        bad("swap of a missing set", "swap nosuch ip4"),
        bad("swap of different types", "swap ip4 net"),
        bad("swap of different families", "swap ip4 ip6"),
        bad("no command", ""),
        bad("unknown command", "frobnicate"),
        bad("unknown option", "--frobnicate list"),
        bad("create without type", "create s"),
        bad("create without name", "create"),
        bad("add without element", "add ip4"),
        bad("add without anything", "add"),
        bad("test without element", "test ip4"),
        bad("del without element", "del ip4"),
        bad("rename without new name", "rename ip4"),
        bad("swap without second set", "swap ip4"),
        bad("destroy with two names", "destroy ip4 ip6"),
        bad("list with two names", "list ip4 ip6"),
        bad("flush with two names", "flush ip4 ip6"),
        bad("add with a stray argument", "add ip4 3.3.3.3 3.3.3.4"),
        bad("help of an unknown type", "help hash:foo"),
        bad("-o without a value", "list -o"),
        bad("-f without a value", "restore -f"),
        bad(
            "missing restore file",
            "restore -f /nonexistent/wiset-differential",
        )
        .differs("deliberate: ipset exits 255 without a word; wiset says why and exits 1"),
        bad(
            "save to an unwritable file",
            "save -f /nonexistent/wiset-differential",
        ),
        case("legacy forms and prefixes")
            .setups(SETS)
            .ok("-N leg iphash")
            .ok("-A leg 5.5.5.5")
            .ok("-T leg 5.5.5.5")
            .ok("-D leg 5.5.5.5")
            .ok("n leg2 nethash")
            .ok("a leg2 10.0.0.0/8")
            .ok("l leg2 -o plain")
            .ok("-L -n")
            .ok("e leg2 leg3")
            .fails("w leg leg4")
            .ok("-X leg"),
    ]
}
