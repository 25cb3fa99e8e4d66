//! `wiset translate`: every script it writes is loaded into nftables in the
//! test's own network namespace (`nft -c -f`, then `nft -f`), and then
//! asked, address by address, whether it holds what the kernel's ipset
//! matches: for each probe, `ipset test` (the kernel's own matching, nested
//! networks and nomatch included) and `nft get element` must agree. The
//! elements' timeouts, counters and comments are read back with `nft -j`.

mod support;

use std::process::Command;

use support::{Netns, Out, TempPath, in_ci, ipset_script, netns};

/// nft(8), or None when it is not installed (a failure in CI).
fn have_nft() -> bool {
    let ok = Command::new("nft")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(!in_ci(), "CI=true but nft(8) is not installed");
        eprintln!("SKIPPED: nft(8) is not installed");
    }
    ok
}

fn nft(ns: &Netns, args: &[&str]) -> Out {
    ns.run("nft", args, "")
}

/// Translate (`args` after `translate`), check and load the script, and
/// return it.
fn translate_and_load(ns: &Netns, args: &[&str]) -> String {
    let mut argv = vec!["translate"];
    argv.extend(args);
    let o = ns.wiset(&argv);
    assert_eq!(o.code, 0, "wiset translate {args:?}: {}", o.stderr);
    load(ns, &o.stdout);
    o.stdout
}

fn load(ns: &Netns, script: &str) {
    let f = TempPath::file("translate.nft", script);
    let c = nft(ns, &["-c", "-f", f.path()]);
    assert_eq!(
        c.code, 0,
        "nft -c -f refused the script: {}\n{script}",
        c.stderr
    );
    let l = nft(ns, &["-f", f.path()]);
    assert_eq!(
        l.code, 0,
        "nft -f refused the script: {}\n{script}",
        l.stderr
    );
}

/// Each probe (ipset's spelling, nft's spelling) is in the nft set exactly
/// when ipset's kernel says it is in the ipset.
fn agree(ns: &Netns, set: &str, probes: &[(&str, &str)]) {
    let mut wrong = Vec::new();
    for (ipset_elem, nft_elem) in probes {
        let kernel = ns.ipset(&["test", set, ipset_elem]).code == 0;
        let elem = format!("{{ {nft_elem} }}");
        let o = nft(ns, &["get", "element", "inet", "global", set, &elem]);
        let held = o.code == 0;
        if kernel != held {
            wrong.push(format!(
                "{ipset_elem}: ipset {}, nft {} ({})",
                if kernel { "matches" } else { "does not match" },
                if held { "holds it" } else { "does not hold it" },
                o.stderr.trim()
            ));
        }
    }
    assert!(wrong.is_empty(), "set {set}:\n  {}", wrong.join("\n  "));
}

/// The elements of an nft set, as `nft -j list set` gives them.
fn nft_elements(ns: &Netns, set: &str) -> Vec<serde_json::Value> {
    let o = nft(ns, &["-j", "list", "set", "inet", "global", set]);
    assert_eq!(o.code, 0, "nft list set {set}: {}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("nft's JSON");
    v["nftables"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.get("set"))
        .flat_map(|s| s["elem"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn every_type_this_kernel_has_loads_and_matches_what_ipset_matches() {
    let Some(ns) = netns() else { return };
    if !have_nft() {
        return;
    }
    ipset_script(
        &ns,
        "create addr4 hash:ip
add addr4 192.0.2.1
add addr4 192.0.2.7
create addr6 hash:ip family inet6
add addr6 2001:db8::1
add addr6 ::ffff:1.2.3.4
create masked hash:ip netmask 24
add masked 10.0.0.9
add masked 10.0.7.1
create net hash:net
add net 10.0.0.0/8
add net 10.1.0.0/16 nomatch
add net 10.1.2.0/24
add net 10.1.2.128/25 nomatch
add net 172.16.0.0/12
add net 0.0.0.0/1
add net 198.51.100.7
create net6 hash:net family inet6
add net6 2001:db8::/32
add net6 2001:db8:1::/48 nomatch
create ipport hash:ip,port
add ipport 192.0.2.1,tcp:80
add ipport 192.0.2.1,udp:53
add ipport 192.0.2.2,sctp:9
create netport hash:net,port
add netport 10.0.0.0/8,tcp:22
add netport 10.9.0.0/16,tcp:22 nomatch
add netport 10.9.0.0/16,udp:53
create ipportip hash:ip,port,ip
add ipportip 192.0.2.1,tcp:443,198.51.100.1
create ipportnet hash:ip,port,net
add ipportnet 192.0.2.1,tcp:80,10.0.0.0/8
add ipportnet 192.0.2.1,tcp:80,10.2.0.0/16 nomatch
create iface hash:net,iface
add iface 10.0.0.0/8,eth0
add iface 10.5.0.0/16,eth0 nomatch
add iface 192.168.0.0/16,veth wildcard
create bip bitmap:ip range 192.168.0.0/24
add bip 192.168.0.1
add bip 192.168.0.10-192.168.0.12
create bipnet bitmap:ip range 10.0.0.0/16 netmask 24
add bipnet 10.0.3.0/24
create bmac bitmap:ip,mac range 10.9.0.0/24
add bmac 10.9.0.1,aa:bb:cc:dd:ee:ff
create bport bitmap:port range 0-1023
add bport 22
add bport 80-82
create bmask hash:ip bitmask 255.255.255.0
add bmask 10.1.2.3
",
    );
    let script = translate_and_load(&ns, &[]);
    assert!(script.contains("set net {"), "{script}");
    agree(
        &ns,
        "addr4",
        &[
            ("192.0.2.1", "192.0.2.1"),
            ("192.0.2.7", "192.0.2.7"),
            ("192.0.2.2", "192.0.2.2"),
        ],
    );
    agree(
        &ns,
        "addr6",
        &[
            ("2001:db8::1", "2001:db8::1"),
            ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
            ("2001:db8::2", "2001:db8::2"),
        ],
    );
    agree(
        &ns,
        "masked",
        &[
            ("10.0.0.200", "10.0.0.200"),
            ("10.0.7.255", "10.0.7.255"),
            ("10.0.1.1", "10.0.1.1"),
        ],
    );
    let net_probes: Vec<(String, String)> = [
        "10.0.0.1",
        "10.1.0.1",
        "10.1.2.1",
        "10.1.2.127",
        "10.1.2.128",
        "10.1.2.255",
        "10.1.3.0",
        "10.2.0.0",
        "10.255.255.255",
        "11.0.0.0",
        "172.16.0.0",
        "172.31.255.255",
        "172.32.0.0",
        "127.255.255.255",
        "128.0.0.0",
        "198.51.100.7",
        "198.51.100.8",
        "0.0.0.0",
        "255.255.255.255",
    ]
    .iter()
    .map(|a| (a.to_string(), a.to_string()))
    .collect();
    let probes: Vec<(&str, &str)> = net_probes
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    agree(&ns, "net", &probes);
    agree(
        &ns,
        "net6",
        &[
            ("2001:db8::1", "2001:db8::1"),
            ("2001:db8:1::1", "2001:db8:1::1"),
            ("2001:db8:2::", "2001:db8:2::"),
            ("2001:db9::", "2001:db9::"),
        ],
    );
    agree(
        &ns,
        "ipport",
        &[
            ("192.0.2.1,tcp:80", "192.0.2.1 . tcp . 80"),
            ("192.0.2.1,udp:53", "192.0.2.1 . udp . 53"),
            ("192.0.2.1,udp:80", "192.0.2.1 . udp . 80"),
            ("192.0.2.2,sctp:9", "192.0.2.2 . sctp . 9"),
        ],
    );
    agree(
        &ns,
        "netport",
        &[
            ("10.0.0.1,tcp:22", "10.0.0.1 . tcp . 22"),
            ("10.9.0.1,tcp:22", "10.9.0.1 . tcp . 22"),
            ("10.9.0.1,udp:53", "10.9.0.1 . udp . 53"),
            ("10.8.0.1,udp:53", "10.8.0.1 . udp . 53"),
        ],
    );
    agree(
        &ns,
        "ipportip",
        &[
            (
                "192.0.2.1,tcp:443,198.51.100.1",
                "192.0.2.1 . tcp . 443 . 198.51.100.1",
            ),
            (
                "192.0.2.1,tcp:443,198.51.100.2",
                "192.0.2.1 . tcp . 443 . 198.51.100.2",
            ),
        ],
    );
    agree(
        &ns,
        "ipportnet",
        &[
            (
                "192.0.2.1,tcp:80,10.1.0.1",
                "192.0.2.1 . tcp . 80 . 10.1.0.1",
            ),
            (
                "192.0.2.1,tcp:80,10.2.0.1",
                "192.0.2.1 . tcp . 80 . 10.2.0.1",
            ),
            (
                "192.0.2.1,tcp:80,10.3.0.1",
                "192.0.2.1 . tcp . 80 . 10.3.0.1",
            ),
            (
                "192.0.2.1,tcp:81,10.3.0.1",
                "192.0.2.1 . tcp . 81 . 10.3.0.1",
            ),
        ],
    );
    agree(
        &ns,
        "iface",
        &[
            ("10.0.0.1,eth0", "10.0.0.1 . \"eth0\""),
            ("10.5.0.1,eth0", "10.5.0.1 . \"eth0\""),
            ("10.0.0.1,eth1", "10.0.0.1 . \"eth1\""),
            ("192.168.1.1,veth7", "192.168.1.1 . \"veth7\""),
            ("192.168.1.1,eth7", "192.168.1.1 . \"eth7\""),
        ],
    );
    agree(
        &ns,
        "bip",
        &[
            ("192.168.0.1", "192.168.0.1"),
            ("192.168.0.11", "192.168.0.11"),
            ("192.168.0.13", "192.168.0.13"),
        ],
    );
    agree(
        &ns,
        "bipnet",
        &[("10.0.3.77", "10.0.3.77"), ("10.0.4.1", "10.0.4.1")],
    );
    agree(
        &ns,
        "bmac",
        &[
            ("10.9.0.1,aa:bb:cc:dd:ee:ff", "10.9.0.1 . aa:bb:cc:dd:ee:ff"),
            ("10.9.0.1,aa:bb:cc:dd:ee:fe", "10.9.0.1 . aa:bb:cc:dd:ee:fe"),
        ],
    );
    agree(&ns, "bport", &[("22", "22"), ("81", "81"), ("83", "83")]);
    // A bitmask that is a prefix masks as a netmask does.
    agree(
        &ns,
        "bmask",
        &[("10.1.2.77", "10.1.2.77"), ("10.1.3.1", "10.1.3.1")],
    );
    // Loading it again leaves exactly the same elements (each set is
    // emptied first), also after an element was added by hand.
    let before = nft(&ns, &["list", "ruleset"]).stdout;
    assert_eq!(
        nft(
            &ns,
            &[
                "add",
                "element",
                "inet",
                "global",
                "addr4",
                "{ 203.0.113.9 }"
            ]
        )
        .code,
        0
    );
    load(&ns, &script);
    assert_eq!(nft(&ns, &["list", "ruleset"]).stdout, before);
}

#[test]
fn timeouts_counters_and_comments_are_carried() {
    let Some(ns) = netns() else { return };
    if !have_nft() {
        return;
    }
    ipset_script(
        &ns,
        "create t hash:ip timeout 600 counters comment
add t 192.0.2.1 timeout 500 packets 7 bytes 700 comment \"web one\"
add t 192.0.2.2 timeout 0 comment \"forever\"
create d hash:net timeout 300
add d 10.0.0.0/8
add d 10.1.0.0/16 timeout 100
",
    );
    let o = ns.wiset(&["translate", "t", "d"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // t holds a permanent entry: its default timeout cannot be declared.
    assert!(
        o.stderr
            .contains("set t: its default timeout 600s is not declared"),
        "{}",
        o.stderr
    );
    load(&ns, &o.stdout);
    let t = nft_elements(&ns, "t");
    let find = |els: &[serde_json::Value], addr: &str| -> serde_json::Value {
        els.iter()
            .map(|e| e["elem"].clone())
            .find(|e| {
                e["val"] == addr
                    || e["val"]["prefix"]["addr"] == addr
                    || e["val"]["range"][0] == addr
            })
            .unwrap_or_else(|| panic!("{addr} is not in {els:?}"))
    };
    let one = find(&t, "192.0.2.1");
    assert_eq!(one["counter"]["packets"], 7, "{one}");
    assert_eq!(one["counter"]["bytes"], 700, "{one}");
    assert_eq!(one["comment"], "web one");
    let left = one["timeout"].as_u64().expect("a timeout");
    assert!((490..=500).contains(&left), "{one}");
    let forever = find(&t, "192.0.2.2");
    assert!(
        forever.get("timeout").is_none() && forever.get("expires").is_none(),
        "{forever}"
    );
    assert_eq!(forever["comment"], "forever");
    // d: the default timeout stays; the inner /16 lives as long as the /8
    // around it, which ipset then matches it by.
    let d = nft_elements(&ns, "d");
    let inner = find(&d, "10.1.0.0");
    let t16 = inner["timeout"].as_u64().expect("a timeout");
    assert!((290..=300).contains(&t16), "{inner}");
    assert!(
        ns.run("nft", &["list", "set", "inet", "global", "d"], "")
            .stdout
            .contains("timeout 5m")
    );
}

#[test]
fn what_nft_cannot_say_is_refused_per_set_and_the_rest_loads() {
    let Some(ns) = netns() else { return };
    if !have_nft() {
        return;
    }
    ipset_script(
        &ns,
        "create ok hash:ip
add ok 192.0.2.1
create members list:set
add members ok
create skb hash:ip skbinfo
add skb 192.0.2.1 skbmark 0x1
create phys hash:net,iface
add phys 10.0.0.0/8,physdev:eth0
create ping hash:ip,port
add ping 192.0.2.1,icmp:ping
create gre hash:ip,port
add gre 192.0.2.1,gre:0
create learn bitmap:ip,mac range 10.0.0.0/24
add learn 10.0.0.1
create hole hash:net timeout 0
add hole 10.0.0.0/8
add hole 10.1.0.0/16 nomatch timeout 60
create 1bad hash:ip
create counter hash:ip
create wild hash:net,iface
add wild 10.0.0.0/8,eth0
add wild 10.0.0.0/8,et wildcard
create fallback hash:net,iface
add fallback 10.0.0.0/8,wlan0
add fallback 10.1.0.0/16,eth0
create quoted hash:net,iface
create holes hash:ip bitmask 255.255.0.255
add holes 10.1.2.3
create apart hash:net,iface
add apart 10.0.0.0/8,eth0
add apart 192.168.0.0/16,eth wildcard
add apart 10.0.0.0/8,veth wildcard
",
    );
    // A quote in an interface name (which Linux allows) cannot be written
    // inside nft's quotes.
    ns.ipset_ok(&["add", "quoted", "10.0.0.0/8,a\"b"]);
    let o = ns.wiset(&["translate"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    for (set, why) in [
        ("members", "nft has no set of sets"),
        ("skb", "skbinfo values"),
        ("phys", "physdev:"),
        ("ping", "ICMP type and code"),
        ("gre", "protocol without ports"),
        ("learn", "MAC is not learnt yet"),
        (
            "hole",
            "the nomatch entry 10.1.0.0/16 expires inside 10.0.0.0/8",
        ),
        ("1bad", "nft cannot name a set so"),
        ("counter", "nft cannot name a set so"),
        ("wild", "overlap in every part"),
        (
            "fallback",
            "the kernel looks interfaces up in the most specific network",
        ),
        ("quoted", "interface name nft cannot write"),
        ("holes", "bitmask 255.255.0.255 is not a prefix"),
    ] {
        let line = o
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("wiset: set {set} not translated: ")))
            .unwrap_or_else(|| panic!("no refusal of {set}:\n{}", o.stderr));
        assert!(line.contains(why), "{line}");
        assert!(
            o.stdout
                .contains(&format!("# ipset {set} is not translated: "))
        );
    }
    load(&ns, &o.stdout);
    agree(&ns, "ok", &[("192.0.2.1", "192.0.2.1")]);
    // Wildcards that overlap no other name in the same networks load.
    agree(
        &ns,
        "apart",
        &[
            ("10.1.0.1,eth0", "10.1.0.1 . \"eth0\""),
            ("10.1.0.1,veth3", "10.1.0.1 . \"veth3\""),
            ("10.1.0.1,eth3", "10.1.0.1 . \"eth3\""),
            ("192.168.1.1,eth3", "192.168.1.1 . \"eth3\""),
        ],
    );
    let listed = nft(&ns, &["list", "ruleset"]).stdout;
    assert!(
        !listed.contains("set members") && !listed.contains("set skb"),
        "{listed}"
    );
}

#[test]
fn a_save_file_translates_through_a_scratch_namespace() {
    let Some(ns) = netns() else { return };
    if !have_nft() {
        return;
    }
    // The file's ranges and unmasked networks are read as the kernel keeps
    // them; the namespace's own sets are not touched or translated.
    ns.ipset_ok(&["create", "live", "hash:ip"]);
    let f = TempPath::file(
        "sets.save",
        "create f hash:net\nadd f 10.0.0.1-10.0.0.6\nadd f 192.168.7.1/16\n",
    );
    let o = ns.wiset(&["translate", "-f", f.path()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!o.stdout.contains("set live"), "{}", o.stdout);
    load(&ns, &o.stdout);
    let probes = [
        ("10.0.0.0", "10.0.0.0"),
        ("10.0.0.1", "10.0.0.1"),
        ("10.0.0.6", "10.0.0.6"),
        ("10.0.0.7", "10.0.0.7"),
        ("192.168.200.1", "192.168.200.1"),
    ];
    // The kernel's answer for the file: restore it into a namespace of its own.
    let other = netns().expect("a second namespace");
    other.ipset_in(&["restore", "-f", f.path()], "");
    for (ip, elem) in probes {
        let kernel = other.ipset(&["test", "f", ip]).code == 0;
        let held = nft(
            &ns,
            &[
                "get",
                "element",
                "inet",
                "global",
                "f",
                &format!("{{ {elem} }}"),
            ],
        )
        .code
            == 0;
        assert_eq!(kernel, held, "{ip}");
    }
    assert_eq!(ns.ipset(&["list", "-n"]).stdout, "live\n");
}

#[test]
fn table_family_and_bad_input() {
    let Some(ns) = netns() else { return };
    if !have_nft() {
        return;
    }
    ipset_script(&ns, "create s hash:ip\nadd s 192.0.2.1\n");
    let o = ns.wiset(&["translate", "--table", "filter", "--family", "ip"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // An IPv6 set has no place in an ip table (nor IPv4 in ip6).
    ipset_script(&ns, "create six hash:ip family inet6\n");
    let refused = ns.wiset(&["translate", "six", "--family", "ip"]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("an IPv6 set in an ip table"),
        "{}",
        refused.stderr
    );
    let refused = ns.wiset(&["translate", "s", "--family", "ip6"]);
    assert!(
        refused.stderr.contains("an IPv4 set in an ip6 table"),
        "{}",
        refused.stderr
    );
    ns.ipset_ok(&["destroy", "six"]);
    assert!(o.stdout.contains("table ip filter {"));
    load(&ns, &o.stdout);
    assert_eq!(
        nft(
            &ns,
            &["get", "element", "ip", "filter", "s", "{ 192.0.2.1 }"]
        )
        .code,
        0
    );
    let bad_line = TempPath::file(
        "bad.save",
        "create f hash:net\nadd f 10.0.0.0/8\nadd f nonsense.invalid\n",
    );
    for (args, code, says) in [
        (
            &["translate", "--family", "arp"][..],
            2,
            "invalid value 'arp'",
        ),
        (
            &["translate", "--table", "counter"],
            1,
            "nft cannot name a table",
        ),
        (
            &["translate", "--table", "a b"],
            1,
            "nft cannot name a table",
        ),
        (
            &["translate", "nosuchset"],
            1,
            "The set with the given name does not exist",
        ),
        (
            &["translate", "s", "nosuchset"],
            1,
            "The set with the given name does not exist",
        ),
        (&["translate", "-f", bad_line.path()], 1, "Error in line 3:"),
        (
            &["translate", "-f", "/nonexistent/file"],
            1,
            "/nonexistent/file",
        ),
    ] {
        let o = ns.wiset(args);
        assert_eq!(o.code, code, "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains(says), "{args:?}: {}", o.stderr);
        assert_eq!(o.stdout, "", "{args:?} printed a script");
    }
}

#[test]
fn a_100k_entry_set_translates_and_loads() {
    let Some(ns) = netns() else { return };
    if !have_nft() {
        return;
    }
    let mut script = String::from("create big hash:net counters comment maxelem 200000\n");
    for i in 0..100_000u32 {
        let a = 0x0a00_0000 + i * 4;
        script.push_str(&format!(
            "add big {}.{}.{}.{}/30 packets {i} bytes {} comment \"n{i}\"\n",
            a >> 24,
            (a >> 16) & 255,
            (a >> 8) & 255,
            a & 255,
            i * 10
        ));
    }
    ipset_script(&ns, &script);
    let started = std::time::Instant::now();
    let o = ns.wiset(&["translate", "big"]);
    let translated = started.elapsed();
    assert_eq!(o.code, 0, "{}", o.stderr);
    let started = std::time::Instant::now();
    load(&ns, &o.stdout);
    eprintln!(
        "100,000 entries: translate {translated:.2?}, nft -c -f and nft -f {:.2?}",
        started.elapsed()
    );
    let els = nft_elements(&ns, "big");
    assert_eq!(els.len(), 100_000);
    agree(
        &ns,
        "big",
        &[
            ("10.0.0.1", "10.0.0.1"),
            ("10.6.26.128", "10.6.26.128"),
            ("10.6.26.160", "10.6.26.160"),
        ],
    );
}

/// The README's worked migration: the sets translate, load, and the nft
/// rules it shows load against them.
#[test]
fn the_readme_migration_loads_with_its_rules() {
    let Some(ns) = netns() else { return };
    if !have_nft() {
        return;
    }
    ipset_script(
        &ns,
        "create blocklist hash:net counters comment
add blocklist 198.51.100.0/24 comment \"abuse feed\"
add blocklist 198.51.100.128/25 nomatch
create web hash:ip,port
add web 192.0.2.10,tcp:443
",
    );
    let script = translate_and_load(&ns, &[]);
    assert!(
        script.contains("198.51.100.0/25 counter packets 0 bytes 0 comment \"abuse feed\""),
        "{script}"
    );
    assert!(script.contains("192.0.2.10 . tcp . 443"), "{script}");
    let readme = include_str!("../README.md");
    let rules = readme
        .split("Then the rules, in the same table:\n\n```\n")
        .nth(1)
        .and_then(|r| r.split("```").next())
        .expect("the README's rules");
    load(&ns, rules);
    let chain = nft(&ns, &["list", "chain", "inet", "global", "input"]).stdout;
    assert!(chain.contains("ip saddr @blocklist drop"), "{chain}");
}

/// The types this kernel lacks (hash:mac, hash:ip,mac, hash:ip,mark,
/// hash:net,net, hash:net,port,net): their sets, made through the library
/// as the kernel would list them, translate to scripts nft loads, holding
/// what they should and nothing else.
#[test]
fn types_this_kernel_lacks_translate_and_load() {
    use wiset::nft::{Script, ScriptOptions};
    use wiset::set::Content;
    use wiset::{SetType, WiSet};
    let Some(ns) = netns() else { return };
    if !have_nft() {
        return;
    }
    let script = Script::new(ScriptOptions::default());
    let mut text = script.header();
    /// (type, set name, entries, probes: nft element and whether it is held)
    type Case<'a> = (SetType, &'a str, &'a [&'a str], &'a [(&'a str, bool)]);
    let cases: &[Case] = &[
        (
            SetType::HashMac,
            "macs",
            &["00:11:22:33:44:55", "aa:bb:cc:dd:ee:ff"],
            &[("00:11:22:33:44:55", true), ("00:11:22:33:44:56", false)],
        ),
        (
            SetType::HashIpMac,
            "ipmacs",
            &["192.0.2.1,00:11:22:33:44:55"],
            &[
                ("192.0.2.1 . 00:11:22:33:44:55", true),
                ("192.0.2.1 . 00:11:22:33:44:56", false),
            ],
        ),
        (
            SetType::HashIpMark,
            "marks",
            &["192.0.2.1,0x10"],
            &[
                ("192.0.2.1 . 0x00000010", true),
                ("192.0.2.1 . 0x00000011", false),
            ],
        ),
        (
            SetType::HashNetNet,
            "pairs",
            &["10.0.0.0/8,192.168.0.0/16", "172.16.0.0/12,10.0.0.0/8"],
            &[
                ("10.1.2.3 . 192.168.7.7", true),
                ("10.1.2.3 . 10.0.0.1", false),
                ("172.16.0.1 . 10.9.9.9", true),
            ],
        ),
        (
            SetType::HashNetPortNet,
            "flows",
            &["10.0.0.0/8,tcp:22,192.168.0.0/16"],
            &[
                ("10.1.2.3 . tcp . 22 . 192.168.1.1", true),
                ("10.1.2.3 . tcp . 23 . 192.168.1.1", false),
            ],
        ),
    ];
    for (t, name, entries, _) in cases {
        let mut set = WiSet::new(*name, *t);
        let parsed = entries
            .iter()
            .map(|e| {
                set.parse_entry(e)
                    .unwrap_or_else(|err| panic!("{e}: {err}"))
            })
            .collect();
        set.content = Some(Content::new(&set, parsed));
        let t = script.set(&set).unwrap_or_else(|r| panic!("{r}"));
        text.push_str(&t.text);
    }
    load(&ns, &text);
    for (_, name, _, probes) in cases {
        for (elem, held) in *probes {
            let o = nft(
                &ns,
                &[
                    "get",
                    "element",
                    "inet",
                    "global",
                    name,
                    &format!("{{ {elem} }}"),
                ],
            );
            assert_eq!(o.code == 0, *held, "{name} {elem}: {}", o.stderr);
        }
    }
    // Overlapping pairs, which nft could not load, are refused.
    let mut set = WiSet::new("nested", SetType::HashNetNet);
    let parsed = ["10.0.0.0/8,192.168.0.0/16", "10.1.0.0/16,192.168.1.0/24"]
        .iter()
        .map(|e| set.parse_entry(e).expect("entry"))
        .collect();
    set.content = Some(Content::new(&set, parsed));
    let r = script.set(&set).expect_err("overlapping pairs");
    assert!(r.reason.contains("overlap in every part"), "{r}");
}
