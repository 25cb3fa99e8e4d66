//! One full life cycle per set type this kernel supports: create with
//! options, adds with options, del, test hit and miss, list (plain, -t, -n),
//! save, flush, rename, swap, destroy. Hash sets get a fixed `initval` so
//! that their memory size and bucket order are the same in both namespaces;
//! entries use `timeout 0` so no remaining time ticks between the two runs.

use super::cases::{Case, case};

/// The tail every type case ends with: swap with `$b`, rename, flush,
/// destroy, each followed by a look.
fn lifecycle_tail(c: Case, a: &str, b: &str) -> Case {
    c.ok(&format!("swap {a} {b}"))
        .ok(&format!("list {a} -o plain"))
        .ok(&format!("list {b} -o plain"))
        .ok(&format!("rename {a} {a}-renamed"))
        .ok("list -n")
        .ok(&format!("save {a}-renamed"))
        .ok(&format!("flush {a}-renamed"))
        .ok(&format!("list {a}-renamed -o plain"))
        .ok(&format!("flush {b}"))
        .ok("save")
        .ok(&format!("destroy {a}-renamed"))
        .ok("list -n")
        .ok("destroy")
        .ok("list -o plain")
}

pub fn bitmap() -> Vec<Case> {
    vec![
        lifecycle_tail(
            case("bitmap:ip netmask, all extensions")
                .ok("create bi bitmap:ip range 192.168.0.0/16 netmask 24 timeout 0 counters comment skbinfo")
                .ok("create bi2 bitmap:ip range 192.168.0.0/16 netmask 24 timeout 0 counters comment skbinfo")
                .ok(r#"add bi 192.168.1.0 timeout 0 packets 10 bytes 20 comment "first entry" skbmark 0x10/0xff skbprio 1:2 skbqueue 3"#)
                .ok("add bi 192.168.2.7 timeout 0")
                .ok("add bi 192.168.4.0/23 timeout 0 comment cidr")
                .ok("add bi 192.168.10.0-192.168.12.255 timeout 0 packets 1 bytes 1 skbmark 0x7")
                .fails("add bi 192.168.1.0 timeout 0")
                .ok("-exist add bi 192.168.1.0 timeout 0 comment replaced")
                .ok("add bi 192.168.20.1 timeout 0 skbprio 10:ff skbqueue 65535")
                .ok("del bi 192.168.5.0")
                .fails("del bi 192.168.5.0")
                .ok("-exist del bi 192.168.5.0")
                .ok("test bi 192.168.1.99")
                .any("test bi 192.168.5.1")
                .any("test bi 10.0.0.1")
                .any("test -q bi 192.168.5.1")
                .ok("add bi2 192.168.100.0 timeout 0 comment other")
                .look()
                .ok("list bi -t -o plain")
                .ok("list bi -o save"),
            "bi",
            "bi2",
        ),
        lifecycle_tail(
            case("bitmap:ip plain range")
                .ok("create bp bitmap:ip range 10.0.0.0-10.0.0.255")
                .ok("create bp2 bitmap:ip range 10.0.0.0-10.0.0.255 timeout 0")
                .ok("add bp 10.0.0.1")
                .ok("add bp 10.0.0.16/30")
                .ok("add bp 10.0.0.100-10.0.0.104")
                .ok("add bp 10.0.0.255")
                .ok("del bp 10.0.0.17")
                .ok("del bp 10.0.0.101-10.0.0.102")
                .ok("test bp 10.0.0.16")
                .any("test bp 10.0.0.17")
                .any("test bp 10.0.1.1")
                .ok("add bp2 10.0.0.2 timeout 0")
                .look(),
            "bp",
            "bp2",
        ),
        lifecycle_tail(
            case("bitmap:ip,mac all extensions")
                .ok("create bm bitmap:ip,mac range 10.1.0.0/24 timeout 0 counters comment skbinfo")
                .ok("create bm2 bitmap:ip,mac range 10.1.0.0/24 timeout 0 counters comment skbinfo")
                .ok(r#"add bm 10.1.0.1,aa:bb:cc:dd:ee:ff timeout 0 packets 3 bytes 4 comment "mac entry" skbmark 0x1 skbprio 10:20 skbqueue 7"#)
                .ok("add bm 10.1.0.2 timeout 0")
                .ok("add bm 10.1.0.3,00:11:22:33:44:55 timeout 0 comment three")
                .ok("add bm 10.1.0.4,0A:0b:0C:0d:0E:0f timeout 0")
                .fails("add bm 10.1.0.1,aa:bb:cc:dd:ee:ff timeout 0")
                .ok("-exist add bm 10.1.0.1,aa:bb:cc:dd:ee:ff timeout 0 packets 9")
                .ok("del bm 10.1.0.3")
                .ok("del bm 10.1.0.4,0a:0b:0c:0d:0e:0f")
                .ok("test bm 10.1.0.1,AA:BB:CC:DD:EE:FF")
                .ok("test bm 10.1.0.1")
                .any("test bm 10.1.0.1,00:00:00:00:00:01")
                .any("test bm 10.1.0.3")
                .ok("add bm2 10.1.0.200,02:00:00:00:00:01 timeout 0")
                .look(),
            "bm",
            "bm2",
        ),
        lifecycle_tail(
            case("bitmap:ip,mac entries in sets made by ipset")
                .setup("create bm bitmap:ip,mac range 10.1.0.0/24 timeout 0 counters comment skbinfo")
                .setup("create bm2 bitmap:ip,mac range 10.1.0.0-10.1.0.255 timeout 0 counters comment skbinfo")
                .ok(r#"add bm 10.1.0.1,aa:bb:cc:dd:ee:ff timeout 0 packets 3 bytes 4 comment "mac entry" skbmark 0x1 skbprio 10:20 skbqueue 7"#)
                .ok("add bm 10.1.0.2 timeout 0")
                .ok("add bm 10.1.0.3,00:11:22:33:44:55 timeout 0 comment three")
                .ok("add bm 10.1.0.4,0A:0b:0C:0d:0E:0f timeout 0")
                .fails("add bm 10.1.0.1,aa:bb:cc:dd:ee:ff timeout 0")
                .ok("-exist add bm 10.1.0.1,aa:bb:cc:dd:ee:ff timeout 0 packets 9")
                .ok("del bm 10.1.0.3")
                .ok("test bm 10.1.0.1,AA:BB:CC:DD:EE:FF")
                .ok("test bm 10.1.0.1")
                .any("test bm 10.1.0.1,00:00:00:00:00:01")
                .any("test bm 10.1.0.3")
                .ok("add bm2 10.1.0.200,02:00:00:00:00:01 timeout 0")
                .look(),
            "bm",
            "bm2",
        ),
        lifecycle_tail(
            case("bitmap:port all extensions")
                .ok("create bo bitmap:port range 1000-2000 timeout 0 counters comment skbinfo")
                .ok("create bo2 bitmap:port range tcp:1000-2000 timeout 0 counters comment skbinfo")
                .ok("add bo 1000 timeout 0 packets 100 bytes 200 comment port skbmark 0xffffffff/0x1 skbprio 0:0 skbqueue 0")
                .ok("add bo tcp:1500 timeout 0")
                .ok("add bo udp:1501 timeout 0")
                .ok("add bo 1600-1610 timeout 0 comment span")
                .ok("add bo 2000 timeout 0")
                .ok("del bo 1605")
                .ok("del bo udp:1501")
                .ok("test bo 1601")
                .ok("test bo tcp:1500")
                .any("test bo 1999")
                .any("test bo 80")
                .fails("add bo 1000 timeout 0")
                .ok("add bo2 1234 timeout 0")
                .look(),
            "bo",
            "bo2",
        ),
    ]
}

pub fn hash_ip() -> Vec<Case> {
    vec![
        lifecycle_tail(
            case("hash:ip inet all extensions")
                .ok("create hi hash:ip family inet hashsize 64 maxelem 1000 timeout 0 counters comment skbinfo bucketsize 4 initval 0x11223344")
                .ok("create hi2 hash:ip family inet hashsize 64 maxelem 1000 timeout 0 counters comment skbinfo initval 0x55667788")
                .ok(r#"add hi 1.2.3.4 timeout 0 packets 5 bytes 500 comment "hello world" skbmark 0x10/0xff skbprio 1:2 skbqueue 3"#)
                .ok("add hi 10.0.0.0/30 timeout 0 comment cidr")
                .ok("add hi 10.0.1.1-10.0.1.3 timeout 0 packets 0 bytes 0")
                .ok("add hi 172.16.0.1 timeout 0 skbmark 0x1")
                .ok("add hi 1.2.3 timeout 0")
                .fails("add hi 1.2.3.4 timeout 0")
                .ok("-exist add hi 1.2.3.4 timeout 0 comment again")
                .ok("del hi 10.0.0.1")
                .ok("del hi 10.0.1.2-10.0.1.3")
                .fails("del hi 10.0.0.1")
                .ok("test hi 1.2.3.4")
                .ok("test hi 10.0.0.0/30")
                .any("test hi 10.0.0.1")
                .any("test hi 9.9.9.9")
                .ok("add hi2 8.8.8.8 timeout 0")
                .look()
                .ok("list hi -o plain -s")
                .ok("list hi -o xml"),
            "hi",
            "hi2",
        ),
        lifecycle_tail(
            case("hash:ip inet netmask and bitmask")
                .ok("create hn hash:ip netmask 24 maxelem 100 counters initval 0x1")
                .ok("create hn2 hash:ip netmask 24 maxelem 100 counters initval 0x2")
                .ok("create hb hash:ip bitmask 255.255.0.255 initval 0x3")
                .ok("add hn 10.1.2.3 packets 1 bytes 2")
                .ok("add hn 10.1.4.0/23")
                .ok("add hb 10.1.2.3")
                .ok("add hb 10.1.3.4")
                .ok("test hn 10.1.2.200")
                .any("test hn 10.1.9.1")
                .ok("test hb 10.1.99.3")
                .ok("del hn 10.1.2.99")
                .look(),
            "hn",
            "hn2",
        ),
        lifecycle_tail(
            case("hash:ip inet6 all extensions")
                .ok("create h6 hash:ip family inet6 hashsize 128 maxelem 5000 timeout 0 counters comment skbinfo initval 0x0badcafe")
                .ok("create h62 hash:ip -6 timeout 0 counters comment skbinfo initval 0x1")
                .ok(r#"add h6 2001:db8::1 timeout 0 packets 7 bytes 8 comment "v6 entry" skbmark 0x20 skbprio 3:4 skbqueue 5"#)
                .ok("add h6 2001:db8::2 timeout 0")
                .ok("add h6 ::ffff:1.2.3.4 timeout 0")
                .ok("add h6 fe80::1:2:3:4 timeout 0 comment link")
                .ok("add h6 ::1 timeout 0")
                .fails("add h6 2001:db8::1 timeout 0")
                .ok("del h6 2001:db8::2")
                .ok("test h6 2001:DB8::1")
                .any("test h6 2001:db8::2")
                .ok("add h62 2001:db8::ff timeout 0")
                .look(),
            "h6",
            "h62",
        ),
        lifecycle_tail(
            case("hash:ip inet6 netmask")
                .ok("create h6n hash:ip family inet6 netmask 64 initval 0x2")
                .ok("create h6n2 hash:ip family inet6 netmask 64 initval 0x3")
                .ok("add h6n 2001:db8:1:2:3:4:5:6")
                .ok("add h6n 2001:db8:1:3::1")
                .ok("test h6n 2001:db8:1:2::99")
                .any("test h6n 2001:db8:1:4::1")
                .look(),
            "h6n",
            "h6n2",
        ),
        lifecycle_tail(
            case("hash:ip,port inet all extensions")
                .ok("create hp hash:ip,port family inet hashsize 256 maxelem 4096 timeout 0 counters comment skbinfo initval 0x10203040")
                .ok("create hp2 hash:ip,port timeout 0 counters comment skbinfo initval 0x1")
                .ok(r#"add hp 1.1.1.1,tcp:80 timeout 0 packets 1 bytes 2 comment "web" skbmark 0x3/0xf skbprio 5:6 skbqueue 1"#)
                .ok("add hp 1.1.1.1,udp:53 timeout 0")
                .ok("add hp 1.1.1.2,icmp:ping timeout 0")
                .ok("add hp 1.1.1.2,icmp:3/1 timeout 0")
                .ok("add hp 1.1.1.2,icmp:echo-reply timeout 0")
                .ok("add hp 1.1.1.3,8080 timeout 0")
                .ok("add hp 1.1.1.4,sctp:5 timeout 0")
                .ok("add hp 1.1.1.4,udplite:6 timeout 0")
                .ok("add hp 1.1.1.5,gre:0 timeout 0")
                .ok("add hp 1.1.1.5,esp:0 timeout 0")
                .ok("add hp 1.1.1.5,51:0 timeout 0 comment proto-number")
                .ok("add hp 1.1.1.6,ssh timeout 0")
                .ok("add hp 1.1.1.6,udp:domain timeout 0")
                .ok("add hp 10.0.0.0/31,tcp:8080-8081 timeout 0 comment ranges")
                .ok("add hp 10.0.1.1-10.0.1.2,udp:1-2 timeout 0")
                .fails("add hp 1.1.1.1,tcp:80 timeout 0")
                .ok("del hp 1.1.1.1,udp:53")
                .ok("del hp 10.0.0.1,tcp:8081")
                .ok("test hp 1.1.1.1,80")
                .ok("test hp 1.1.1.2,icmp:echo-request")
                .ok("test hp 1.1.1.6,tcp:22")
                .any("test hp 1.1.1.1,udp:80")
                .any("test hp 1.1.1.1,udp:53")
                .ok("add hp2 2.2.2.2,tcp:22 timeout 0")
                .look()
                .ok("list hp -o plain -s"),
            "hp",
            "hp2",
        ),
        lifecycle_tail(
            case("hash:ip,port inet netmask")
                .ok("create hpn hash:ip,port netmask 16 initval 0x4")
                .ok("create hpn2 hash:ip,port bitmask 255.0.255.0 initval 0x5")
                .ok("add hpn 10.1.2.3,tcp:80")
                .ok("add hpn2 10.1.2.3,udp:53")
                .ok("test hpn 10.1.99.99,tcp:80")
                .ok("test hpn2 10.99.2.99,udp:53")
                .look(),
            "hpn",
            "hpn2",
        ),
        lifecycle_tail(
            case("hash:ip,port inet6 all extensions")
                .ok("create hp6 hash:ip,port family inet6 timeout 0 counters comment skbinfo initval 0xdeadbeef")
                .ok("create hp62 hash:ip,port family inet6 timeout 0 counters comment skbinfo initval 0x1")
                .ok(r#"add hp6 2001:db8::1,tcp:443 timeout 0 packets 11 bytes 12 comment "tls" skbmark 0x5 skbprio 7:8 skbqueue 9"#)
                .ok("add hp6 2001:db8::2,icmpv6:echo-request timeout 0")
                .ok("add hp6 2001:db8::2,ipv6-icmp:1/4 timeout 0")
                .ok("add hp6 2001:db8::3,udp:53-54 timeout 0")
                .ok("add hp6 2001:db8::4,sctp:9 timeout 0 comment sctp")
                .ok("del hp6 2001:db8::3,udp:54")
                .ok("test hp6 2001:db8::1,443")
                .ok("test hp6 2001:db8::2,icmpv6:echo-request")
                .any("test hp6 2001:db8::3,udp:54")
                .ok("add hp62 2001:db8::9,tcp:1 timeout 0")
                .look(),
            "hp6",
            "hp62",
        ),
        lifecycle_tail(
            case("hash:ip,port,ip all extensions")
                .ok("create hpi hash:ip,port,ip hashsize 64 maxelem 2048 timeout 0 counters comment skbinfo initval 0xabcdef01")
                .ok("create hpi2 hash:ip,port,ip timeout 0 counters comment skbinfo initval 0x1")
                .ok(r#"add hpi 1.1.1.1,tcp:80,2.2.2.2 timeout 0 packets 1 bytes 1 comment "a b c" skbmark 0x9/0x9 skbprio 1:1 skbqueue 1"#)
                .ok("add hpi 1.1.1.0/31,udp:53,3.3.3.3 timeout 0")
                .ok("add hpi 1.1.2.1-1.1.2.2,tcp:22-23,4.4.4.4 timeout 0")
                .ok("add hpi 1.1.1.9,icmp:ping,5.5.5.5 timeout 0")
                .ok("del hpi 1.1.1.1,udp:53,3.3.3.3")
                .ok("test hpi 1.1.1.1,80,2.2.2.2")
                .any("test hpi 1.1.1.1,80,2.2.2.3")
                .any("test hpi 1.1.1.1,udp:53,3.3.3.3")
                .fails("add hpi 1.1.1.1,tcp:80,2.2.2.2 timeout 0")
                .ok("add hpi2 9.9.9.9,tcp:9,8.8.8.8 timeout 0")
                .look(),
            "hpi",
            "hpi2",
        ),
        lifecycle_tail(
            case("hash:ip,port,ip inet6")
                .ok("create hpi6 hash:ip,port,ip family inet6 initval 0x7")
                .ok("create hpi62 hash:ip,port,ip family inet6 initval 0x8")
                .ok("add hpi6 2001:db8::1,tcp:80,2001:db8::2")
                .ok("add hpi6 2001:db8::1,udp:53,::1")
                .ok("test hpi6 2001:db8::1,80,2001:db8::2")
                .any("test hpi6 2001:db8::1,80,2001:db8::3")
                .look(),
            "hpi6",
            "hpi62",
        ),
        lifecycle_tail(
            case("hash:ip,port,net all extensions")
                .ok("create hpn3 hash:ip,port,net hashsize 64 maxelem 2048 timeout 0 counters comment skbinfo initval 0x13579bdf")
                .ok("create hpn32 hash:ip,port,net timeout 0 counters comment skbinfo initval 0x1")
                .ok(r#"add hpn3 1.1.1.1,tcp:80,10.0.0.0/8 timeout 0 packets 2 bytes 3 comment "net part" skbmark 0x2 skbprio 2:3 skbqueue 4"#)
                .ok("add hpn3 1.1.1.1,tcp:80,10.1.0.0/16 timeout 0 nomatch")
                .ok("add hpn3 1.1.1.1,udp:53,192.168.0.0/24 timeout 0")
                .ok("add hpn3 1.1.1.2,tcp:22,10.0.0.0-10.0.0.7 timeout 0")
                .ok("add hpn3 1.1.1.3-1.1.1.4,tcp:1-2,172.16.0.1 timeout 0")
                .ok("del hpn3 1.1.1.1,udp:53,192.168.0.0/24")
                .ok("test hpn3 1.1.1.1,80,10.2.3.4")
                .any("test hpn3 1.1.1.1,80,10.1.2.3")
                .ok("test hpn3 1.1.1.1,80,10.1.0.0/16 nomatch")
                .any("test hpn3 1.1.1.1,udp:53,192.168.0.1")
                .ok("add hpn32 9.9.9.9,tcp:9,8.8.0.0/16 timeout 0")
                .look(),
            "hpn3",
            "hpn32",
        ),
    ]
}

pub fn hash_net() -> Vec<Case> {
    vec![
        lifecycle_tail(
            case("hash:net inet all extensions")
                .ok("create hn4 hash:net family inet hashsize 64 maxelem 10000 timeout 0 counters comment skbinfo bucketsize 6 initval 0x2468ace0")
                .ok("create hn42 hash:net timeout 0 counters comment skbinfo initval 0x1")
                .ok(r#"add hn4 10.0.0.0/8 timeout 0 packets 4 bytes 5 comment "rfc1918 a" skbmark 0x4/0xffff skbprio 4:5 skbqueue 6"#)
                .ok("add hn4 10.1.0.0/16 timeout 0 nomatch")
                .ok("add hn4 192.168.1.0/24 timeout 0")
                .ok("add hn4 172.16.0.0-172.16.0.10 timeout 0 comment range")
                .ok("add hn4 1.2.3.4 timeout 0")
                .ok("add hn4 1.2.3.5/32 timeout 0")
                .fails("add hn4 10.0.0.0/8 timeout 0")
                .ok("-exist add hn4 10.0.0.0/8 timeout 0 packets 40")
                .ok("del hn4 192.168.1.0/24")
                .ok("del hn4 172.16.0.8/31")
                .ok("test hn4 10.2.3.4")
                .any("test hn4 10.1.2.3")
                .ok("test hn4 10.1.0.0/16 nomatch")
                .ok("test hn4 10.0.0.0/8")
                .any("test hn4 192.168.1.1")
                .ok("add hn42 11.0.0.0/8 timeout 0")
                .look()
                .ok("list hn4 -o plain -s"),
            "hn4",
            "hn42",
        ),
        lifecycle_tail(
            case("hash:net inet6 all extensions")
                .ok("create hn6 hash:net family inet6 hashsize 64 maxelem 10000 timeout 0 counters comment skbinfo initval 0x0f0f0f0f")
                .ok("create hn62 hash:net family inet6 timeout 0 counters comment skbinfo initval 0x1")
                .ok(r#"add hn6 2001:db8::/32 timeout 0 packets 99 bytes 500 comment "hello world" skbmark 0x10/0xff skbprio 1:2 skbqueue 3"#)
                .ok("add hn6 2001:db8:1::/48 timeout 0 nomatch")
                .ok("add hn6 ::1 timeout 0")
                .ok("add hn6 fe80::/10 timeout 0")
                .ok("add hn6 2001:db8:2::1/128 timeout 0")
                .ok("del hn6 fe80::/10")
                .ok("test hn6 2001:db8:5::1")
                .any("test hn6 2001:db8:1::1")
                .ok("test hn6 2001:db8:1::/48 nomatch")
                .any("test hn6 fe80::1")
                .ok("add hn62 2001:db8:ff::/64 timeout 0")
                .look(),
            "hn6",
            "hn62",
        ),
        lifecycle_tail(
            case("hash:net,port all extensions")
                .ok("create hnp hash:net,port hashsize 64 maxelem 4096 timeout 0 counters comment skbinfo initval 0x31415926")
                .ok("create hnp2 hash:net,port timeout 0 counters comment skbinfo initval 0x1")
                .ok(r#"add hnp 10.0.0.0/24,udp:53 timeout 0 packets 1 bytes 64 comment "dns" skbmark 0x1/0x1 skbprio 1:0 skbqueue 2"#)
                .ok("add hnp 10.0.1.0/24,tcp:80-82 timeout 0")
                .ok("add hnp 10.0.2.0/24,icmp:ping timeout 0 nomatch")
                .ok("add hnp 10.0.3.0-10.0.3.3,tcp:443 timeout 0")
                .ok("add hnp 1.2.3.4,8080 timeout 0")
                .ok("del hnp 10.0.1.0/24,tcp:81")
                .ok("test hnp 10.0.0.7,udp:53")
                .ok("test hnp 10.0.1.9,tcp:82")
                .any("test hnp 10.0.1.9,tcp:81")
                .any("test hnp 10.0.2.1,icmp:ping")
                .ok("test hnp 10.0.2.0/24,icmp:ping nomatch")
                .ok("add hnp2 10.9.0.0/16,tcp:9 timeout 0")
                .look(),
            "hnp",
            "hnp2",
        ),
        lifecycle_tail(
            case("hash:net,port inet6")
                .ok("create hnp6 hash:net,port family inet6 initval 0x9")
                .ok("create hnp62 hash:net,port family inet6 initval 0xa")
                .ok("add hnp6 2001:db8::/64,tcp:22")
                .ok("add hnp6 2001:db8:1::/64,icmpv6:ping")
                .ok("test hnp6 2001:db8::5,22")
                .any("test hnp6 2001:db8::5,23")
                .look(),
            "hnp6",
            "hnp62",
        ),
        lifecycle_tail(
            case("hash:net,iface all extensions")
                .ok("create hni hash:net,iface hashsize 64 maxelem 4096 timeout 0 counters comment skbinfo bucketsize 4 initval 0x00000001")
                .ok("create hni2 hash:net,iface timeout 0 counters comment skbinfo initval 0x2")
                .ok("add hni 10.0.0.0/8,eth wildcard timeout 0")
                .ok(r#"add hni 10.0.0.0/8,physdev:eth1 nomatch comment "x y" timeout 0"#)
                .ok("add hni 0.0.0.0/0,eth2 timeout 0")
                .ok("add hni 192.168.0.0/24,lo timeout 0 packets 5 bytes 6 skbmark 0x1 skbprio 1:1 skbqueue 1")
                .ok("add hni 172.16.0.0-172.16.0.3,veth0 timeout 0")
                .ok("add hni 1.2.3.4,very-long-if15 timeout 0")
                .ok("del hni 172.16.0.0/30,veth0")
                .ok("test hni 10.1.1.1,eth0")
                .any("test hni 10.1.1.1,physdev:eth1")
                .ok("test hni 10.0.0.0/8,physdev:eth1 nomatch")
                .ok("test hni 192.168.0.9,lo")
                .any("test hni 192.168.0.9,eth0")
                .ok("add hni2 10.0.0.0/8,eth3 timeout 0")
                .look(),
            "hni",
            "hni2",
        ),
        lifecycle_tail(
            case("hash:net,iface inet6")
                .ok("create hni6 hash:net,iface family inet6 initval 0xb")
                .ok("create hni62 hash:net,iface family inet6 initval 0xc")
                .ok("add hni6 2001:db8::/32,eth0")
                .ok("add hni6 ::/0,ppp wildcard")
                .ok("test hni6 2001:db8::1,eth0")
                .any("test hni6 2001:db8::1,eth1")
                .look(),
            "hni6",
            "hni62",
        ),
    ]
}

pub fn list_set() -> Vec<Case> {
    vec![
        case("list:set all extensions, before and after")
            .setups(&[
                "create e1 hash:ip",
                "create e2 hash:net",
                "create e3 bitmap:port range 1-100",
                "create e4 hash:ip,port",
                "create e5 hash:ip",
            ])
            .ok("create ls list:set size 4 timeout 0 counters comment skbinfo")
            .ok("create ls2 list:set size 4 timeout 0 counters comment skbinfo")
            .ok("add ls e1 timeout 0")
            .ok("add ls e2 before e1 timeout 0 comment second")
            .ok(r#"add ls e3 after e2 timeout 0 packets 1 bytes 2 comment "c" skbmark 0x1 skbprio 0:1 skbqueue 2"#)
            .ok("add ls e4 timeout 0")
            .exact("list ls -o plain")
            .any("add ls e5 timeout 0")
            .fails("add ls e1 timeout 0")
            .ok("test ls e3 before e1")
            .any("test ls e1 before e3")
            .ok("test ls e2 before e3")
            .ok("test ls e3 after e2")
            .any("test ls e1 after e4")
            .ok("test ls e4")
            .any("test ls e5")
            .ok("del ls e3")
            .ok("del ls e2 before e1")
            .exact("list ls -o plain")
            .exact("save ls")
            .ok("add ls e2 after e4 timeout 0")
            .ok("add ls2 e5 timeout 0")
            .exact("list -o plain")
            .ok("list -t -o plain")
            .ok("list -n")
            .exact("save")
            .fails("destroy e1")
            .ok("swap ls ls2")
            .exact("list ls -o plain")
            .ok("rename ls ls-renamed")
            .exact("save")
            .ok("flush ls-renamed")
            .ok("flush ls2")
            .ok("destroy ls-renamed")
            .ok("destroy")
            .ok("list -o plain"),
        case("list:set plain")
            .setups(&["create p1 hash:ip", "create p2 hash:ip", "create p3 hash:ip"])
            .ok("create lp list:set")
            .ok("create lp2 list:set size 8")
            .ok("add lp p1")
            .ok("add lp p2")
            .ok("add lp p3 before p2")
            .fails("add lp p1")
            .fails("add lp lp2")
            .fails("add lp nosuchset")
            .fails("add lp p9 before p1")
            .fails("add lp p1 after nosuch")
            .exact("list lp -o plain")
            .ok("test lp p3 before p2")
            .any("test lp p1 after p3")
            .ok("del lp p2")
            .any("test lp p2")
            .exact("save")
            .ok("swap lp lp2")
            .ok("rename lp2 lp3")
            .exact("list -o plain")
            .ok("flush")
            .ok("destroy")
            .ok("list -n"),
    ]
}

/// Types ipset(8) 7.17 knows that this kernel does not.
pub fn unsupported() -> Vec<Case> {
    [
        ("hash:mac", ""),
        ("hash:ip,mac", "family inet"),
        ("hash:ip,mark", "markmask 0xff"),
        ("hash:net,net", "family inet6"),
        ("hash:net,port,net", "timeout 0"),
    ]
    .into_iter()
    .map(|(t, opts)| {
        case(format!("unsupported {t}"))
            .fails(&format!("create u {t}"))
            .fails(&format!("create u {t} {opts}"))
            .fails(&format!("-exist create u {t}"))
            .ok("list -n")
    })
    .collect()
}
