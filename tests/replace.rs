//! `wiset replace` beyond the basics of tests/cli.rs: `--diff` (counters,
//! timeouts, entry spellings, all-or-nothing), `--dry-run`, `--grow`, the
//! summaries, duplicates under parallel inserters, SIGINT/SIGHUP/SIGKILL,
//! concurrent runs, long set names and non-hash set types. Each test runs in
//! its own network namespace; the kernel state is read back with ipset(8).

mod support;

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use support::{
    Netns, Out, TempPath, WISET, addr, addrs, entry_count, header_opt, ipset_fill, ipset_script,
    lines, member_names, members, netns, opt_num, set_names, sorted, start_held_replace,
    temp_prefix, temp_sets,
};

// ---------------------------------------------------------------- helpers

/// The `comment "..."` of an option string, without quotes.
fn comment(opts: &str) -> Option<&str> {
    let i = opts.find("comment \"")? + "comment \"".len();
    let rest = &opts[i..];
    Some(&rest[..rest.find('"')?])
}

fn json(o: &Out) -> Value {
    assert_eq!(o.code, 0, "wiset failed: {o:?}");
    serde_json::from_str(o.stdout.trim_end())
        .unwrap_or_else(|e| panic!("output is not valid JSON ({e}):\n{}", o.stdout))
}

/// A --diff summary's (added, changed, unchanged, removed).
fn diff_counts(v: &Value) -> (u64, u64, u64, u64) {
    (
        num(v, "added"),
        num(v, "changed"),
        num(v, "unchanged"),
        num(v, "removed"),
    )
}

fn num(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("no number {key:?} in {v}"))
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("no list {key:?} in {v}"))
        .iter()
        .map(|x| x.as_str().expect("a string").to_string())
        .collect()
}

// ---------------------------------------------------------------- --diff

#[test]
fn diff_adds_deletes_readds_changed_and_keeps_counters() {
    let Some(ns) = netns() else { return };
    ipset_script(
        &ns,
        "create s hash:ip counters comment\n\
         add s 10.0.0.1 packets 5 bytes 50\n\
         add s 10.0.0.2 packets 6 bytes 60 comment \"old\"\n\
         add s 10.0.0.3 packets 7 bytes 70 comment \"same\"\n\
         add s 10.0.0.4 packets 8 bytes 80\n",
    );
    let input = "# wanted\n\
                 10.0.0.1\n\
                 10.0.0.2 comment \"new\"\r\n\
                 \n\
                 10.0.0.3 comment \"same\"\n\
                 10.0.0.5 comment \"added\"\n";
    let o = ns.wiset_in(&["-o", "json", "replace", "s", "--diff"], input);
    let v = json(&o);
    assert_eq!(v["set"], "s", "{v}");
    assert_eq!(v["mode"], "diff", "{v}");
    assert_eq!(num(&v, "entries"), 4, "{v}");
    assert_eq!(num(&v, "added"), 1, "{v}");
    assert_eq!(num(&v, "removed"), 1, "{v}");
    assert_eq!(num(&v, "changed"), 1, "{v}");
    assert_eq!(num(&v, "unchanged"), 2, "{v}");

    let m = members(&ns, "s");
    assert_eq!(
        m.keys().collect::<Vec<_>>(),
        ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.5"],
        "{m:?}"
    );
    // Unchanged entries keep their counters.
    assert_eq!(opt_num(&m["10.0.0.1"], "packets"), Some(5), "{m:?}");
    assert_eq!(opt_num(&m["10.0.0.1"], "bytes"), Some(50), "{m:?}");
    assert_eq!(opt_num(&m["10.0.0.3"], "packets"), Some(7), "{m:?}");
    assert_eq!(comment(&m["10.0.0.3"]), Some("same"), "{m:?}");
    // The changed one has its new comment.
    assert_eq!(comment(&m["10.0.0.2"]), Some("new"), "{m:?}");
    assert_eq!(comment(&m["10.0.0.5"]), Some("added"), "{m:?}");
    assert_eq!(opt_num(&m["10.0.0.5"], "packets"), Some(0), "{m:?}");

    // A second identical run changes nothing.
    let v = json(&ns.wiset_in(&["-o", "json", "replace", "s", "--diff"], input));
    assert_eq!(
        (
            num(&v, "added"),
            num(&v, "removed"),
            num(&v, "changed"),
            num(&v, "unchanged")
        ),
        (0, 0, 0, 4),
        "{v}"
    );
    assert_eq!(set_names(&ns), ["s"]);
}

#[test]
fn diff_keeps_remaining_timeouts() {
    let Some(ns) = netns() else { return };
    ipset_script(
        &ns,
        "create s hash:ip timeout 600 counters\n\
         add s 10.0.0.1 timeout 100 packets 5 bytes 50\n\
         add s 10.0.0.2 timeout 200\n",
    );
    let o = ns.wiset_in(
        &["replace", "s", "--diff"],
        "10.0.0.1\n10.0.0.2\n10.0.0.3\n",
    );
    assert_eq!(o.code, 0, "{o:?}");
    let m = members(&ns, "s");
    let t1 = opt_num(&m["10.0.0.1"], "timeout").expect("timeout");
    let t2 = opt_num(&m["10.0.0.2"], "timeout").expect("timeout");
    let t3 = opt_num(&m["10.0.0.3"], "timeout").expect("timeout");
    assert!((90..=100).contains(&t1), "timeout reset: {m:?}");
    assert!((190..=200).contains(&t2), "timeout reset: {m:?}");
    assert!(
        (590..=600).contains(&t3),
        "new entry gets the default: {m:?}"
    );
    assert_eq!(opt_num(&m["10.0.0.1"], "packets"), Some(5), "{m:?}");

    // And they keep counting down across runs.
    std::thread::sleep(Duration::from_millis(2100));
    let o = ns.wiset_in(
        &["replace", "s", "--diff"],
        "10.0.0.1\n10.0.0.2\n10.0.0.3\n",
    );
    assert_eq!(o.code, 0, "{o:?}");
    let m = members(&ns, "s");
    let t1b = opt_num(&m["10.0.0.1"], "timeout").expect("timeout");
    assert!(
        t1b < t1,
        "timeout did not count down ({t1} then {t1b}): {m:?}"
    );
}

#[test]
fn diff_permanent_and_timed_are_different_options() {
    // `timeout 0` (permanent) versus a timed entry is a change of options, as
    // much as a new comment is: the input's wish must be applied.
    let Some(ns) = netns() else { return };
    ipset_script(
        &ns,
        "create s hash:ip timeout 600\n\
         add s 10.0.0.1 timeout 0\n\
         add s 10.0.0.2 timeout 300\n",
    );
    let o = ns.wiset_in(
        &["replace", "s", "--diff"],
        "10.0.0.1 timeout 300\n10.0.0.2 timeout 0\n",
    );
    assert_eq!(o.code, 0, "{o:?}");
    let m = members(&ns, "s");
    let t1 = opt_num(&m["10.0.0.1"], "timeout").expect("timeout");
    let t2 = opt_num(&m["10.0.0.2"], "timeout").expect("timeout");
    assert!(
        (1..=300).contains(&t1),
        "10.0.0.1 was asked to expire in 300s but stays permanent: {m:?}"
    );
    assert_eq!(t2, 0, "10.0.0.2 was asked to be permanent: {m:?}");
}

#[test]
fn diff_compares_entries_as_the_kernel_lists_them() {
    let Some(ns) = netns() else { return };
    ipset_script(
        &ns,
        "create n hash:net counters\n\
         add n 10.0.0.0/8 packets 1 bytes 10\n\
         add n 192.168.1.1 packets 2 bytes 20\n\
         add n 172.16.0.0/12 packets 3 bytes 30\n\
         create nm hash:ip netmask 24 counters\n\
         add nm 192.0.2.0 packets 4 bytes 40\n\
         create six hash:ip family inet6 counters\n\
         add six 2001:db8::1 packets 5 bytes 50\n\
         add six 2001:db8::2 packets 6 bytes 60\n\
         create sixnet hash:net family inet6 counters\n\
         add sixnet 2001:db8::/64 packets 7 bytes 70\n\
         add sixnet 2001:db8:1::1 packets 8 bytes 80\n\
         create ipp hash:ip,port counters\n\
         add ipp 1.1.1.1,80 packets 9 bytes 90\n\
         add ipp 1.1.1.1,udp:53 packets 10 bytes 100\n\
         add ipp 2.2.2.2,icmp:echo-request packets 11 bytes 110\n\
         add ipp 3.3.3.3,tcp:22\n",
    );
    let cases: [(&str, &str, u64, u64); 5] = [
        // set, input, unchanged, removed
        ("n", "10.0.0.1/8\n192.168.1.1/32\n", 2, 1),
        ("nm", "192.0.2.77\n", 1, 0),
        ("six", "2001:DB8::1\n2001:db8:0:0:0:0:0:2\n", 2, 0),
        ("sixnet", "2001:db8::1/64\n2001:db8:1:0::1\n", 2, 0),
        (
            "ipp",
            "1.1.1.1,80\n1.1.1.1,udp:53\n2.2.2.2,icmp:8/0\n",
            3,
            1,
        ),
    ];
    for (set, input, unchanged, removed) in cases {
        let before = members(&ns, set);
        let v = json(&ns.wiset_in(&["-o", "json", "replace", set, "--diff"], input));
        assert_eq!(
            diff_counts(&v),
            (0, 0, unchanged, removed),
            "{set}: the input spells present entries differently from the listing: {v}"
        );
        let after = members(&ns, set);
        for (e, o) in &after {
            assert_eq!(
                Some(o),
                before.get(e),
                "{set}: {e} lost its counters: {after:?}"
            );
        }
        assert_eq!(after.len() as u64, unchanged, "{set}: {after:?}");
    }
    assert_eq!(
        member_names(&ns, "ipp"),
        [
            "1.1.1.1,tcp:80",
            "1.1.1.1,udp:53",
            "2.2.2.2,icmp:echo-request"
        ]
    );
    assert_eq!(member_names(&ns, "n"), ["10.0.0.0/8", "192.168.1.1"]);
}

/// Every type this kernel has, both families where they differ: the set is
/// filled by ipset(8), the same entries (spelled otherwise where the syntax
/// allows) go to `replace --diff`, and nothing may change. This is what
/// holds wiset's keys of the kernel's listing and of the input to one another.
#[test]
fn diff_keys_match_the_kernels_listing_for_every_type() {
    let Some(ns) = netns() else { return };
    let cases: &[(&str, &str, &[&str], &str)] = &[
        // set, create options, entries for ipset, the same for --diff
        (
            "bip",
            "bitmap:ip range 10.0.0.0/16",
            &["10.0.0.1", "10.0.255.255"],
            "10.0.255.255\n10.0.0.1\n",
        ),
        (
            "bipn",
            "bitmap:ip range 10.0.0.0/16 netmask 24",
            &["10.0.1.0", "10.0.2.0"],
            "10.0.1.7\n10.0.2.255\n",
        ),
        (
            "bmac",
            "bitmap:ip,mac range 10.0.0.0/24",
            &["10.0.0.1,00:11:22:33:44:55", "10.0.0.2"],
            "10.0.0.1,00:11:22:33:44:55\n10.0.0.2\n",
        ),
        (
            "bport",
            "bitmap:port range 1-1000",
            &["22", "80"],
            "tcp:80\n22\n",
        ),
        (
            "hipb",
            "hash:ip bitmask 255.255.0.255",
            &["10.1.0.3"],
            "10.1.2.3\n",
        ),
        (
            "hip6",
            "hash:ip family inet6 netmask 64",
            &["2001:db8::"],
            "2001:db8::77\n",
        ),
        (
            "hipp",
            "hash:ip,port",
            &["10.0.0.1,udp:53", "10.0.0.1,icmp:8/0"],
            "10.0.0.1,udp:53\n10.0.0.1,icmp:echo-request\n",
        ),
        (
            "hipp6",
            "hash:ip,port family inet6",
            &["2001:db8::1,80", "2001:db8::1,sctp:9"],
            "2001:DB8::1,tcp:80\n2001:db8::1,sctp:9\n",
        ),
        (
            "hipi",
            "hash:ip,port,ip",
            &["10.0.0.1,80,10.0.0.2"],
            "10.0.0.1,tcp:80,10.0.0.2\n",
        ),
        (
            "hipi6",
            "hash:ip,port,ip family inet6",
            &["2001:db8::1,80,2001:db8::2"],
            "2001:db8::1,tcp:80,2001:db8:0::2\n",
        ),
        (
            "hipn",
            "hash:ip,port,net",
            &["10.0.0.1,80,10.0.0.0/24", "10.0.0.1,80,10.0.1.1"],
            "10.0.0.1,80,10.0.0.9/24\n10.0.0.1,80,10.0.1.1/32\n",
        ),
        (
            "hipn6",
            "hash:ip,port,net family inet6",
            &["2001:db8::1,80,2001:db8::/64"],
            "2001:db8::1,80,2001:db8::5/64\n",
        ),
        (
            "hnp",
            "hash:net,port",
            &["10.0.0.0/24,80", "10.0.0.5,udp:53"],
            "10.0.0.255/24,tcp:80\n10.0.0.5/32,udp:53\n",
        ),
        (
            "hnp6",
            "hash:net,port family inet6",
            &["2001:db8::/64,80"],
            "2001:db8::1/64,80\n",
        ),
        (
            "hni",
            "hash:net,iface",
            &["10.0.0.0/24,eth0", "10.0.1.0/24,physdev:eth1"],
            "10.0.0.9/24,eth0\n10.0.1.0/24,physdev:eth1\n",
        ),
        (
            "hni6",
            "hash:net,iface family inet6",
            &["2001:db8::/64,eth0"],
            "2001:db8::1/64,eth0\n",
        ),
        ("ls", "list:set", &["bip", "bport"], "bip\nbport\n"),
    ];
    let mut script = String::new();
    for (set, create, entries, _) in cases {
        script += &format!("create {set} {create}\n");
        for e in *entries {
            script += &format!("add {set} {e}\n");
        }
    }
    ipset_script(&ns, &script);
    for (set, _, entries, input) in cases {
        let before = member_names(&ns, set);
        assert_eq!(before.len(), entries.len(), "{set}: {before:?}");
        let v = json(&ns.wiset_in(&["-o", "json", "replace", set, "--diff"], input));
        assert_eq!(
            diff_counts(&v),
            (0, 0, entries.len() as u64, 0),
            "{set}: the input names the entries the set has, in other words: {v}"
        );
        assert_eq!(member_names(&ns, set), before, "{set}");
    }
    // And a real difference in each is seen as one.
    let changed: &[(&str, &str)] = &[
        ("bip", "10.0.0.1\n10.0.0.2\n"),
        ("hipp", "10.0.0.1,udp:53\n10.0.0.1,icmp:0/0\n"),
        ("hipi6", "2001:db8::1,80,2001:db8::3\n"),
        ("hni", "10.0.0.0/24,eth0\n10.0.1.0/24,eth1\n"),
        ("ls", "bip\n"),
    ];
    for (set, input) in changed {
        let v = json(&ns.wiset_in(&["-o", "json", "replace", set, "--diff"], input));
        let lines = input.lines().count() as u64;
        assert_eq!(num(&v, "unchanged") + num(&v, "added"), lines, "{set}: {v}");
        assert!(num(&v, "added") + num(&v, "removed") > 0, "{set}: {v}");
        let mut want: Vec<String> = member_names(&ns, set);
        want.sort();
        assert_eq!(want.len() as u64, lines, "{set}: {want:?}");
    }
}

/// A small deterministic generator (xorshift) for the at-scale cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `n` elements from `pick`, none of them in `seen` (which gets them).
fn distinct(
    n: usize,
    seen: &mut std::collections::HashSet<String>,
    mut pick: impl FnMut() -> String,
) -> Vec<String> {
    let mut v = Vec::with_capacity(n);
    while v.len() < n {
        let e = pick();
        if seen.insert(e.clone()) {
            v.push(e);
        }
    }
    v
}

/// One at-scale --diff case: the set's entries (element, comment), the
/// input's lines (element, comment named), and elements as ipset prints them.
struct Scale {
    set: &'static str,
    create: &'static str,
    current: Vec<(String, Option<String>)>,
    input: Vec<(String, Option<String>)>,
}

/// --diff against a model, at sizes that take many chunks of the listing
/// and for every way the keys are held and matched: IPv4 addresses (8-byte
/// proxies), address,port pairs that vary in over 32 bits (16-byte
/// proxies), IPv6 addresses that vary in over 96 bits and interface
/// names (whole keys), and set entries no input key can be (other
/// protocols, other prefix lengths). Duplicates, comments that change and
/// counters that must stay are in the mix. After the run the set holds
/// exactly the input's entries, each with the last line's comment; the
/// summary counts what a model counts; entries that stayed keep their
/// counters.
#[test]
fn diff_at_scale_matches_a_model_for_every_way_of_keying() {
    let Some(ns) = netns() else { return };
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut cases = Vec::new();
    // hash:ip: 60,000 in the set; the input keeps 50,000 of them (some with
    // another comment), adds 15,000, and repeats 3,000 lines.
    {
        let ip = |i: u32| std::net::Ipv4Addr::from(0x0a00_0000 + i * 3).to_string();
        let current: Vec<_> = (0..60_000u32)
            .map(|i| (ip(i), (i % 7 == 0).then(|| format!("c{}", i % 5))))
            .collect();
        let mut input: Vec<_> = (10_000..75_000u32)
            .map(|i| (ip(i), (i % 11 == 0).then(|| format!("c{}", i % 3))))
            .collect();
        for k in 0..3_000u32 {
            let i = 10_000 + (k * 17) % 65_000;
            input.insert(
                (k as usize * 13) % input.len(),
                (ip(i), Some("early".into())),
            );
        }
        cases.push(Scale {
            set: "v4",
            create: "hash:ip counters comment maxelem 200000",
            current,
            input,
        });
    }
    // hash:ip,port: addresses over 10/8 and ports over 16 bits, all tcp in
    // the input; the set also holds udp entries.
    {
        let mut pick = || {
            let a = std::net::Ipv4Addr::from(0x0a00_0000 | (rng.next() as u32 & 0x00ff_ffff));
            format!("{a},tcp:{}", rng.next() % 65_536)
        };
        let mut seen = Default::default();
        let shared = distinct(40_000, &mut seen, &mut pick);
        let added = distinct(10_000, &mut seen, &mut pick);
        let gone = distinct(10_000, &mut seen, &mut pick);
        let mut current: Vec<_> = shared
            .iter()
            .chain(&gone)
            .map(|e| (e.clone(), None))
            .collect();
        current.extend((0..5_000).map(|i| (format!("10.0.0.{},udp:{i}", i % 250), None)));
        let input = added
            .iter()
            .chain(&shared)
            .map(|e| (e.clone(), None))
            .collect();
        cases.push(Scale {
            set: "ports",
            create: "hash:ip,port counters maxelem 200000",
            current,
            input,
        });
    }
    // hash:ip of inet6, varying in every word.
    {
        let mut pick = || {
            let hi = 0x2000 + rng.next() % 0x1000;
            let a = (u128::from(hi) << 112)
                | (u128::from(rng.next()) << 48)
                | u128::from(rng.next() >> 16);
            std::net::Ipv6Addr::from(a | 0x1_0001).to_string()
        };
        let mut seen = Default::default();
        let shared = distinct(40_000, &mut seen, &mut pick);
        let added = distinct(5_000, &mut seen, &mut pick);
        let gone = distinct(5_000, &mut seen, &mut pick);
        let current = shared
            .iter()
            .chain(&gone)
            .map(|e| (e.clone(), None))
            .collect();
        let input = shared
            .iter()
            .chain(&added)
            .map(|e| (e.clone(), None))
            .collect();
        cases.push(Scale {
            set: "v6",
            create: "hash:ip family inet6 counters maxelem 200000",
            current,
            input,
        });
    }
    // hash:net,iface: keys that are not packed.
    {
        let e = |i: u32| format!("10.{}.{}.0/24,eth{}", i / 256 % 256, i % 256, i % 5);
        let current = (0..40_000u32).map(|i| (e(i), None)).collect();
        let input = (5_000..45_000u32).map(|i| (e(i), None)).collect();
        cases.push(Scale {
            set: "ifaces",
            create: "hash:net,iface counters maxelem 200000",
            current,
            input,
        });
    }
    // hash:net: all /24 in the input; the set also holds /16 and /8.
    {
        let e = |i: u32| format!("{}.{}.{}.0/24", 20 + i / 65_536, i / 256 % 256, i % 256);
        let mut current: Vec<_> = (0..40_000u32).map(|i| (e(i), None)).collect();
        current.extend((0..200u32).map(|i| (format!("30.{i}.0.0/16"), None)));
        current.push(("40.0.0.0/8".into(), None));
        let input = (20_000..70_000u32).map(|i| (e(i), None)).collect();
        cases.push(Scale {
            set: "nets",
            create: "hash:net counters maxelem 200000",
            current,
            input,
        });
    }

    for case in &cases {
        let set = case.set;
        let mut script = format!("create {set} {}\n", case.create);
        for (e, c) in &case.current {
            script += &format!("add {set} {e} packets 7 bytes 9");
            if let Some(c) = c {
                script += &format!(" comment \"{c}\"");
            }
            script.push('\n');
        }
        ipset_script(&ns, &script);
        // The model: the last line of each element wins.
        let had: std::collections::HashMap<&str, Option<&str>> = (case.current.iter())
            .map(|(e, c)| (e.as_str(), c.as_deref()))
            .collect();
        let mut wanted: std::collections::HashMap<&str, Option<&str>> = Default::default();
        for (e, c) in &case.input {
            wanted.insert(e, c.as_deref());
        }
        let duplicates = (case.input.len() - wanted.len()) as u64;
        let (mut added, mut changed, mut unchanged) = (0u64, 0u64, 0u64);
        for (e, c) in &wanted {
            match had.get(e) {
                None => added += 1,
                Some(old) if c.is_some() && c != old => changed += 1,
                Some(_) => unchanged += 1,
            }
        }
        let removed = had.keys().filter(|e| !wanted.contains_key(*e)).count() as u64;

        let mut input = String::new();
        for (e, c) in &case.input {
            input += e;
            if let Some(c) = c {
                input += &format!(" comment \"{c}\"");
            }
            input.push('\n');
        }
        let v = json(&ns.wiset_in(&["-o", "json", "replace", set, "--diff"], &input));
        assert_eq!(
            (diff_counts(&v), num(&v, "duplicates")),
            ((added, changed, unchanged, removed), duplicates),
            "{set}: {v}"
        );
        let after = members(&ns, set);
        assert_eq!(after.len(), wanted.len(), "{set}");
        for (e, c) in &wanted {
            let opts = after
                .get(*e)
                .unwrap_or_else(|| panic!("{set}: {e} is missing"));
            let kept = had.get(e);
            let want_comment = c.or(kept.copied().flatten());
            assert_eq!(comment(opts), want_comment, "{set}: {e} {opts}");
            let packets = opt_num(opts, "packets");
            let want_packets = if kept.is_some() { 7 } else { 0 };
            assert_eq!(packets, Some(want_packets), "{set}: {e} {opts}");
        }
    }
}

/// Repeated entries under --diff: the later line wins, whether the entry is
/// in the set or not and whatever its options. Both ways of comparing:
/// hash:ip (keys told apart by two words) and hash:ip,port of inet6 (three
/// words differ: compared by full keys).
#[test]
fn diff_duplicates_the_later_line_wins() {
    let Some(ns) = netns() else { return };
    let cases = [
        ("v4", "hash:ip", ["10.0.0.1", "10.0.0.2", "10.0.0.3"]),
        (
            "v6",
            "hash:ip,port family inet6",
            [
                "2001:db8::1,80",
                "2001:db8:1::2,udp:53",
                "2001:db8:2::3,tcp:443",
            ],
        ),
    ];
    for (set, create, [one, two, three]) in cases {
        ipset_script(
            &ns,
            &format!(
                "create {set} {create} comment\n\
                 add {set} {one} comment \"a\"\n\
                 add {set} {two} comment \"b\"\n"
            ),
        );
        let input = format!(
            "{one} comment \"x\"\n\
             {three} comment \"first\"\n\
             {one} comment \"a\"\n\
             {three} comment \"second\"\n\
             {two} comment \"b\"\n\
             {two} comment \"c\"\n"
        );
        let v = json(&ns.wiset_in(&["-o", "json", "replace", set, "--diff"], &input));
        assert_eq!(
            (
                num(&v, "duplicates"),
                num(&v, "unchanged"),
                num(&v, "added"),
                num(&v, "changed"),
                num(&v, "removed")
            ),
            (3, 1, 1, 1, 0),
            "{set}: {v}"
        );
        let m = members(&ns, set);
        let comments: Vec<_> = m.values().map(|o| comment(o).unwrap_or("-")).collect();
        let mut comments = comments;
        comments.sort();
        assert_eq!(comments, ["a", "c", "second"], "{set}: {m:?}");
    }
}

#[test]
fn diff_bad_line_names_it_and_changes_nothing() {
    let Some(ns) = netns() else { return };
    ipset_script(
        &ns,
        "create s hash:ip comment\n\
         add s 192.0.2.1 comment \"keep\"\n\
         add s 192.0.2.2\n",
    );
    let before = ns.state();
    for (input, line) in [
        ("10.0.0.1\n10.0.0.2\n10.0.0.3/40\n10.0.0.4\n", 3),
        ("# c\n\n10.0.0.1\nnot-an-address\n", 4),
        ("192.0.2.1 comment \"changed\"\n10.0.0.2 bogus\n", 2),
    ] {
        let o = ns.wiset_in(&["replace", "s", "--diff"], input);
        assert_eq!(o.code, 1, "{input:?}: {o:?}");
        assert!(
            o.stderr
                .starts_with(&format!("wiset: Error in line {line}: ")),
            "{input:?}: {}",
            o.stderr
        );
        assert_eq!(ns.state(), before, "{input:?}: the set changed");
    }
    assert_eq!(set_names(&ns), ["s"]);
}

#[test]
fn diff_line_the_kernel_refuses_changes_nothing() {
    // Lines that parse but that the kernel refuses: an address outside a
    // bitmap's range, an option the set was not created with. The error
    // surfaces when the kernel sees the entry; the changes of the lines
    // before it must not stay applied.
    let Some(ns) = netns() else { return };
    let mut problems = Vec::new();
    for (setup, set, input) in [
        (
            "create bm bitmap:ip range 10.0.0.0/24\nadd bm 10.0.0.99\n",
            "bm",
            "10.0.0.1\n10.0.0.2\n10.0.1.5\n",
        ),
        (
            "create s hash:ip comment\nadd s 192.0.2.1 comment \"keep\"\n",
            "s",
            "192.0.2.1 comment \"changed\"\n10.0.0.1\n10.0.0.2 timeout 5\n",
        ),
    ] {
        ipset_script(&ns, setup);
        let before = ns.state();
        let o = ns.wiset_in(&["replace", set, "--diff"], input);
        assert_eq!(o.code, 1, "{set}: {o:?}");
        assert!(
            o.stderr.starts_with("wiset: Error in line 3: "),
            "{set}: {}",
            o.stderr
        );
        if ns.state() != before {
            problems.push(format!(
                "{set}: failed ({}) but left the set changed: {:?}",
                o.stderr.trim(),
                members(&ns, set)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn diff_refuses_ranges_naming_the_line_and_changes_nothing() {
    let Some(ns) = netns() else { return };
    ipset_script(&ns, "create s hash:ip\nadd s 192.0.2.1\n");
    let before = ns.state();
    for input in ["10.0.0.9\n10.0.0.0-10.0.0.5\n", "10.0.0.9\n10.0.0.0/30\n"] {
        let o = ns.wiset_in(&["replace", "s", "--diff"], input);
        assert_eq!(o.code, 1, "{input:?}: {o:?}");
        assert!(
            o.stderr.starts_with("wiset: Error in line 2: "),
            "{input:?}: {}",
            o.stderr
        );
        assert!(
            o.stderr.contains("--diff compares single entries")
                && o.stderr.contains("full replace"),
            "the message says why and what to do instead: {}",
            o.stderr
        );
        assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
        assert_eq!(ns.state(), before, "{input:?}: the set changed");
    }
    // The same input is fine for a full replace.
    let o = ns.wiset_in(&["replace", "s"], "10.0.0.0-10.0.0.5\n");
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(entry_count(&ns, "s"), 6);
}

#[test]
fn diff_within_maxelem_succeeds_or_changes_nothing() {
    // The old and the new content each fit maxelem, but not both at once:
    // adding everything before deleting overflows the set midway.
    let Some(ns) = netns() else { return };
    ipset_script(
        &ns,
        "create s hash:ip maxelem 4\n\
         add s 1.0.0.1\nadd s 1.0.0.2\nadd s 1.0.0.3\n",
    );
    let before = ns.state();
    let o = ns.wiset_in(&["replace", "s", "--diff"], "2.0.0.1\n2.0.0.2\n2.0.0.3\n");
    if o.code == 0 {
        assert_eq!(member_names(&ns, "s"), ["2.0.0.1", "2.0.0.2", "2.0.0.3"]);
    } else {
        assert!(
            ns.state() == before,
            "--diff failed ({}) and left a mix of old and new entries: {:?}",
            o.stderr.trim(),
            member_names(&ns, "s")
        );
    }
}

#[test]
fn diff_input_beyond_maxelem_changes_nothing() {
    let Some(ns) = netns() else { return };
    ipset_script(&ns, "create s hash:ip maxelem 128\nadd s 192.0.2.1\n");
    let before = ns.state();
    let input = lines(&addrs(0, 300));
    let file = TempPath::file("diff-big", &input);
    // From a file: refused before anything is touched.
    let o = ns.wiset(&["replace", "s", "--diff", file.path()]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(o.stderr.contains("maxelem"), "{}", o.stderr);
    assert!(ns.state() == before, "file: the set changed");
    // From stdin, and with --grow (maxelem cannot be raised in place): either
    // it works and maxelem grows, or nothing changes.
    let mut problems = Vec::new();
    for args in [
        &["replace", "s", "--diff"][..],
        &["replace", "s", "--diff", "--grow"][..],
        &["replace", "s", "--diff", "--grow", file.path()][..],
    ] {
        let o = ns.wiset_in(args, &input);
        if o.code == 0 {
            assert_eq!(entry_count(&ns, "s"), 300, "{args:?}");
        } else if ns.state() != before {
            problems.push(format!(
                "{args:?} failed ({}) and left {} of the 301 old and new entries",
                o.stderr.trim(),
                entry_count(&ns, "s")
            ));
            ipset_script(&ns, "flush s\nadd s 192.0.2.1\n");
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn diff_never_empties_the_set() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip", "maxelem", "131072"]);
    ipset_fill(&ns, "s", &addrs(0, 30_000));
    let new = addrs(100_000, 30_000);
    let file = TempPath::file("never-empty", &lines(&new));
    let mut child = ns
        .command(WISET)
        .args(["replace", "s", "--diff", file.path()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut seen = Vec::new();
    while child.try_wait().expect("wait").is_none() {
        seen.push(entry_count(&ns, "s"));
    }
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{out:?}");
    assert!(
        seen.iter().all(|&n| n > 0),
        "the set was seen empty during --diff: {seen:?}"
    );
    assert_eq!(member_names(&ns, "s"), sorted(new));
}

// ---------------------------------------------------------------- --dry-run

/// A starting state with something to add, change, delete and keep.
const PLAN_SETUP: &str = "create s hash:net counters comment\n\
    add s 10.0.0.0/8 packets 5 bytes 50 comment \"keep\"\n\
    add s 192.168.1.1 packets 6 bytes 60\n\
    add s 172.16.0.0/12 comment \"old words\"\n\
    add s 198.51.100.0/24 packets 7 bytes 70\n\
    add s 203.0.113.7\n";

const PLAN_INPUT: &str = "10.0.0.1/8 comment \"keep\"\n\
    192.168.1.1/32\n\
    172.16.0.0/12 comment \"new \\\"quoted\\\" words\"\n\
    198.51.100.0/24 comment \"now with one\"\n\
    192.0.2.0/24\n\
    100.64.0.1\n";

#[test]
fn dry_run_prints_restore_syntax_and_changes_nothing() {
    let Some(ns) = netns() else { return };
    ipset_script(&ns, PLAN_SETUP);
    let before = ns.ipset_ok(&["save"]);
    let o = ns.wiset_in(&["replace", "s", "--diff", "--dry-run"], PLAN_INPUT);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(ns.ipset_ok(&["save"]), before, "--dry-run changed the set");
    assert_eq!(set_names(&ns), ["s"]);
    let plan: Vec<&str> = o.stdout.lines().collect();
    assert!(
        plan.iter()
            .all(|l| l.starts_with("add -exist s ") || l.starts_with("del -exist s ")),
        "{}",
        o.stdout
    );
    let adds = plan.iter().filter(|l| l.starts_with("add ")).count();
    let dels = plan.iter().filter(|l| l.starts_with("del ")).count();
    // Added: 192.0.2.0/24, 100.64.0.1; changed: 172.16/12, 198.51.100/24.
    assert_eq!((adds, dels), (4, 1), "{}", o.stdout);
    assert!(plan.contains(&"del -exist s 203.0.113.7"), "{}", o.stdout);
}

#[test]
fn dry_run_plan_restored_equals_the_real_diff() {
    let (Some(planned), Some(real)) = (netns(), netns()) else {
        return;
    };
    ipset_script(&planned, PLAN_SETUP);
    ipset_script(&real, PLAN_SETUP);
    let o = planned.wiset_in(&["replace", "s", "--diff", "--dry-run"], PLAN_INPUT);
    assert_eq!(o.code, 0, "{o:?}");
    let r = planned.wiset_in(&["restore"], &o.stdout);
    assert_eq!(r.code, 0, "wiset restore of the plan: {r:?}\n{}", o.stdout);
    let d = real.wiset_in(&["replace", "s", "--diff"], PLAN_INPUT);
    assert_eq!(d.code, 0, "{d:?}");
    assert_eq!(
        planned.state(),
        real.state(),
        "plan (restored) and the real --diff differ; plan:\n{}",
        o.stdout
    );
    // And the plan is ipset(8)'s restore syntax too.
    let again = planned.ipset_in(&["restore"], &o.stdout);
    assert_eq!(again.code, 0, "ipset restore of the plan: {again:?}");
    assert_eq!(planned.state(), real.state());
}

#[test]
fn dry_run_json_has_the_lists_and_counts() {
    let Some(ns) = netns() else { return };
    ipset_script(&ns, PLAN_SETUP);
    let before = ns.ipset_ok(&["save"]);
    let input = format!("{PLAN_INPUT}192.0.2.0/24\n");
    let o = ns.wiset_in(
        &["-o", "json", "replace", "s", "--diff", "--dry-run"],
        &input,
    );
    let v = json(&o);
    assert_eq!(ns.ipset_ok(&["save"]), before, "--dry-run changed the set");
    assert_eq!(v["set"], "s", "{v}");
    let mut add = strings(&v, "add");
    add.sort();
    assert_eq!(add, ["100.64.0.1", "192.0.2.0/24"], "{v}");
    let change = strings(&v, "change");
    assert_eq!(change.len(), 2, "{v}");
    assert!(
        change.iter().any(|c| c.starts_with("172.16.0.0/12 "))
            && change.iter().any(|c| c.starts_with("198.51.100.0/24 ")),
        "{v}"
    );
    assert_eq!(strings(&v, "delete"), ["203.0.113.7"], "{v}");
    assert_eq!(num(&v, "unchanged"), 2, "{v}");
    assert_eq!(num(&v, "duplicates"), 1, "{v}");
}

/// The plan lists the entries to delete by address, IPv6 included.
#[test]
fn dry_run_lists_deletes_by_address() {
    let Some(ns) = netns() else { return };
    let have = [
        "2001:db8::2",
        "2001:db9::1",
        "2001:db8::1",
        "::5",
        "2001:db8:0:1::1",
    ];
    let mut script = "create s hash:ip family inet6\n".to_string();
    for a in have {
        script += &format!("add s {a}\n");
    }
    ipset_script(&ns, &script);
    let o = ns.wiset_in(&["replace", "s", "--diff", "--dry-run"], "2001:db8::9\n");
    assert_eq!(o.code, 0, "{o:?}");
    let dels: Vec<&str> = o
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("del -exist s "))
        .collect();
    assert_eq!(
        dels,
        [
            "::5",
            "2001:db8::1",
            "2001:db8::2",
            "2001:db8:0:1::1",
            "2001:db9::1"
        ],
        "{}",
        o.stdout
    );
}

#[test]
fn dry_run_without_diff_is_a_usage_error() {
    let Some(ns) = netns() else { return };
    ipset_script(&ns, "create s hash:ip\nadd s 192.0.2.1\n");
    let before = ns.state();
    let o = ns.wiset_in(&["replace", "s", "--dry-run"], "10.0.0.1\n");
    assert_eq!(o.code, 2, "{o:?}");
    assert_eq!(ns.state(), before);
}

// ---------------------------------------------------------------- --grow

#[test]
fn input_beyond_maxelem_is_refused_before_anything_changes() {
    let Some(ns) = netns() else { return };
    ipset_script(&ns, "create s hash:ip maxelem 128\nadd s 192.0.2.1\n");
    let before = ns.state();
    let file = TempPath::file("grow", &lines(&addrs(0, 300)));
    let o = ns.wiset(&["replace", "s", file.path()]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.starts_with("wiset: ")
            && o.stderr.contains("maxelem")
            && o.stderr.contains("--grow"),
        "{}",
        o.stderr
    );
    assert_eq!(ns.state(), before);
    assert_eq!(set_names(&ns), ["s"], "a temp set was made");
}

#[test]
fn grow_raises_maxelem_from_a_file_and_from_stdin() {
    let Some(ns) = netns() else { return };
    ipset_script(
        &ns,
        "create f hash:ip maxelem 128 comment\nadd f 192.0.2.1\n\
         create i hash:net maxelem 64\nadd i 192.0.2.0/24\n",
    );
    let wanted = addrs(0, 300);
    let file = TempPath::file("grow", &lines(&wanted));
    let o = ns.wiset(&["replace", "f", "--grow", file.path()]);
    assert_eq!(o.code, 0, "{o:?}");
    let max: u64 = header_opt(&ns, "f", "maxelem")
        .expect("maxelem")
        .parse()
        .unwrap();
    assert!(max >= 300, "maxelem {max}");
    assert!(
        ns.ipset_ok(&["list", "-t", "f"]).contains(" comment"),
        "header options kept"
    );
    assert_eq!(member_names(&ns, "f"), sorted(wanted.clone()));

    let o = ns.wiset_in(&["replace", "i", "--grow"], &lines(&wanted));
    assert_eq!(o.code, 0, "{o:?}");
    let max: u64 = header_opt(&ns, "i", "maxelem")
        .expect("maxelem")
        .parse()
        .unwrap();
    assert!(max >= 300, "maxelem {max}");
    assert_eq!(entry_count(&ns, "i"), 300);
    let o = ns.wiset_in(&["replace", "i", "--grow", "-"], &lines(&addrs(1000, 500)));
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(entry_count(&ns, "i"), 500);
    assert_eq!(set_names(&ns), ["f", "i"]);
}

#[test]
fn grow_on_stdin_keeps_its_spool_private() {
    // `--grow` keeps stdin in a temp file named after the pid. As root it must
    // not follow a planted symlink (that would overwrite the link's target).
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip", "maxelem", "128"]);
    let tmp = TempPath::dir("spool");
    let victim = TempPath::file("victim", "precious\n");
    let input = TempPath::file("input", &lines(&addrs(0, 300)));
    // `exec` keeps the shell's pid, so the link has the spool's name.
    let script = format!(
        "ln -s {} \"$TMPDIR/wiset-input-$$\" && exec {WISET} replace s --grow < {}",
        victim.path(),
        input.path()
    );
    let out = ns
        .command("sh")
        .args(["-c", &script])
        .env("TMPDIR", tmp.path())
        .output()
        .expect("run sh");
    let victim_now = std::fs::read_to_string(&victim.0).expect("read victim");
    assert!(
        victim_now == "precious\n",
        "wiset replace --grow wrote stdin through a symlink planted in TMPDIR: \
         the link's target now starts {:?} ({out:?})",
        victim_now.lines().take(2).collect::<Vec<_>>()
    );
}

#[test]
fn grow_spool_is_removed_when_interrupted() {
    let Some(ns) = netns() else { return };
    ipset_script(&ns, "create s hash:ip maxelem 128\nadd s 192.0.2.1\n");
    let before = ns.state();
    let tmp = TempPath::dir("spool-sig");
    let mut child = ns
        .command(WISET)
        .args(["replace", "s", "--grow"])
        .env("TMPDIR", tmp.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(lines(&addrs(0, 1000)).as_bytes()).unwrap();
    stdin.flush().unwrap();
    // wiset is now copying stdin (held open) into its spool; the spool is an
    // unnamed O_TMPFILE, so nothing ever appears in TMPDIR.
    std::thread::sleep(Duration::from_millis(200));
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let out = child.wait_with_output().expect("wait");
    drop(stdin);
    let left: Vec<_> = std::fs::read_dir(&tmp.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(ns.state(), before, "the live set changed");
    assert_eq!(set_names(&ns), ["s"]);
    assert!(
        left.is_empty(),
        "SIGTERM left the stdin spool behind: {left:?}"
    );
    assert_eq!(out.status.code(), Some(143), "{out:?}");
}

// ---------------------------------------------------------------- summaries

#[test]
fn json_summary_of_a_full_replace() {
    let Some(ns) = netns() else { return };
    ipset_script(&ns, "create s hash:ip\nadd s 192.0.2.1\n");
    let input = "# list\n10.0.0.1\n\n10.0.0.2\r\n10.0.0.1\n10.0.0.3\n";
    let o = ns.wiset_in(&["-o", "json", "replace", "s"], input);
    assert_eq!(o.stderr, "", "{o:?}");
    assert_eq!(o.stdout.lines().count(), 1, "one line of JSON: {o:?}");
    let v = json(&o);
    assert_eq!(v["set"], "s", "{v}");
    assert_eq!(v["mode"], "replace", "{v}");
    assert_eq!(num(&v, "entries"), 3, "{v}");
    assert_eq!(num(&v, "duplicates"), 1, "{v}");
    assert!(v["seconds"].is_number(), "{v}");
    assert_eq!(member_names(&ns, "s"), ["10.0.0.1", "10.0.0.2", "10.0.0.3"]);
}

#[test]
fn quiet_prints_nothing() {
    let Some(ns) = netns() else { return };
    ipset_script(&ns, "create s hash:ip\nadd s 192.0.2.1\n");
    for args in [
        &["-q", "replace", "s"][..],
        &["-q", "replace", "s", "--diff"][..],
        &["replace", "s", "--diff", "-q"][..],
        &["-q", "replace", "s", "--grow"][..],
    ] {
        let o = ns.wiset_in(args, "10.0.0.1\n10.0.0.2\n10.0.0.1\n");
        assert_eq!(
            (o.code, o.stdout.as_str(), o.stderr.as_str()),
            (0, "", ""),
            "{args:?}"
        );
        assert_eq!(member_names(&ns, "s"), ["10.0.0.1", "10.0.0.2"], "{args:?}");
    }
}

// ---------------------------------------------------------------- duplicates

#[test]
fn duplicates_the_later_line_wins() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip", "comment"]);
    // Pairs of the same element, far apart, with different comments.
    let n = 3000;
    let mut input = String::new();
    for tag in ["first", "second"] {
        for e in addrs(0, n) {
            input.push_str(&format!("{e} comment \"{tag}\"\n"));
        }
    }
    let o = ns.wiset_in(&["replace", "s"], &input);
    assert_eq!(o.code, 0, "{o:?}");
    let m = members(&ns, "s");
    assert_eq!(m.len(), n as usize);
    let wrong: Vec<_> = m
        .iter()
        .filter(|(_, o)| comment(o) != Some("second"))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} entries kept the earlier line: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
}

#[test]
fn duplicates_spelled_differently_the_later_line_wins() {
    // The same kernel entry written two ways: `A` and `A/32` in hash:net,
    // two addresses of one block in a hash:ip with netmask. The kernel stores
    // one entry; the later line must win, whichever inserter gets it.
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "n", "hash:net", "comment"]);
    ns.ok(&["create", "nm", "hash:ip", "netmask", "24", "comment"]);
    ns.ok(&["create", "p", "hash:ip,port", "comment"]);
    let n = 3000u32;
    let pairs = |first: &dyn Fn(u32) -> String, second: &dyn Fn(u32) -> String| {
        let mut s = String::new();
        for i in 0..n {
            s.push_str(&format!("{} comment \"first\"\n", first(i)));
        }
        for i in 0..n {
            s.push_str(&format!("{} comment \"second\"\n", second(i)));
        }
        s
    };
    let host = |i: u32| format!("10.{}.{}.9", (i >> 8) & 255, i & 255);
    let cases = [
        ("n", pairs(&|i| host(i), &|i| format!("{}/32", host(i)))),
        ("n", pairs(&|i| format!("{}/32", host(i)), &|i| host(i))),
        (
            "nm",
            pairs(&|i| format!("10.{}.{}.1", (i >> 8) & 255, i & 255), &|i| {
                format!("10.{}.{}.2", (i >> 8) & 255, i & 255)
            }),
        ),
        (
            "p",
            pairs(
                &|i| format!("1.1.{}.{},{}", (i >> 8) & 255, i & 255, 1000 + i),
                &|i| format!("1.1.{}.{},tcp:{}", (i >> 8) & 255, i & 255, 1000 + i),
            ),
        ),
    ];
    let mut problems = Vec::new();
    for (set, input) in cases {
        let o = ns.wiset_in(&["replace", set], &input);
        assert_eq!(o.code, 0, "{set}: {o:?}");
        let m = members(&ns, set);
        assert_eq!(m.len(), n as usize, "{set}");
        let wrong: Vec<_> = m
            .iter()
            .filter(|(_, o)| comment(o) != Some("second"))
            .collect();
        if !wrong.is_empty() {
            problems.push(format!(
                "{set}: {} of {n} entries kept the earlier line, e.g. {:?}; lines {:?} then {:?}",
                wrong.len(),
                &wrong[..wrong.len().min(2)],
                input.lines().next().unwrap_or(""),
                input.lines().nth(n as usize).unwrap_or("")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn replace_200k_lines_with_20k_duplicates_is_exact() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip", "comment", "maxelem", "262144"]);
    ipset_fill(&ns, "s", &["192.0.2.1".to_string()]);
    // 180,000 entries; after every 9th, a repeat of one 8 lines back with
    // another comment: 20,000 duplicates.
    let mut input = String::with_capacity(200_000 * 32);
    for i in 0..180_000u32 {
        input.push_str(&format!("{} comment \"c{i}\"\n", addr(i)));
        if i % 9 == 8 {
            input.push_str(&format!("{} comment \"dup\"\n", addr(i - 8)));
        }
    }
    assert_eq!(input.lines().count(), 200_000);
    let file = TempPath::file("200k", &input);
    let o = ns.wiset(&["-o", "json", "replace", "s", file.path()]);
    let v = json(&o);
    assert_eq!(num(&v, "entries"), 180_000, "{v}");
    assert_eq!(num(&v, "duplicates"), 20_000, "{v}");
    let m = members(&ns, "s");
    assert_eq!(m.len(), 180_000);
    let mut wrong = Vec::new();
    for i in 0..180_000u32 {
        let want = if i % 9 == 0 {
            "dup".to_string()
        } else {
            format!("c{i}")
        };
        let have = m.get(&addr(i)).and_then(|o| comment(o));
        if have != Some(want.as_str()) {
            wrong.push((addr(i), want, have.map(str::to_string)));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} entries wrong, e.g. {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
    assert_eq!(set_names(&ns), ["s"]);
}

// ---------------------------------------------------------------- signals

#[test]
fn sigint_and_sighup_exit_128_plus_signal_and_clean_up() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip", "counters"]);
    ipset_script(&ns, "add s 192.0.2.1 packets 5 bytes 50\n");
    ipset_fill(&ns, "s", &addrs(0, 500));
    let before = ns.state();
    for (sig, code) in [(libc::SIGINT, 130), (libc::SIGHUP, 129)] {
        let (child, stdin) =
            start_held_replace(&ns, "s", &["replace", "s"], &lines(&addrs(10_000, 3000)));
        unsafe { libc::kill(child.id() as i32, sig) };
        let out = child.wait_with_output().expect("wait");
        drop(stdin);
        assert_eq!(out.status.code(), Some(code), "signal {sig}: {out:?}");
        assert_eq!(ns.state(), before, "signal {sig}: the live set changed");
        assert_eq!(set_names(&ns), ["s"], "signal {sig}: temp set left");
    }
}

#[test]
fn after_sigkill_the_live_set_is_whole_and_the_next_replace_cleans_up() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip"]);
    ns.ok(&["create", "other", "hash:ip"]);
    ipset_fill(&ns, "s", &addrs(0, 500));
    let before = ns.state();
    let (mut child, stdin) =
        start_held_replace(&ns, "s", &["replace", "s"], &lines(&addrs(10_000, 3000)));
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    drop(stdin);
    assert_eq!(
        ns.state()
            .lines()
            .filter(|l| l.starts_with("add s "))
            .count(),
        500
    );
    let left = temp_sets(&ns);
    assert_eq!(left.len(), 1, "the killed run's temp set: {left:?}");
    assert!(left[0].starts_with(&temp_prefix("s")), "{left:?}");
    let live_before: Vec<&str> = before.lines().filter(|l| !l.contains("wiset-")).collect();
    let live_now = ns.state();
    let live_now: Vec<&str> = live_now.lines().filter(|l| !l.contains("wiset-")).collect();
    assert_eq!(live_now, live_before, "the live set changed");

    // A replace of another set leaves it; the next replace of s removes it.
    assert_eq!(ns.wiset_in(&["replace", "other"], "1.1.1.1\n").code, 0);
    assert_eq!(temp_sets(&ns), left);
    let o = ns.wiset_in(&["replace", "s"], "10.9.9.9\n");
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(member_names(&ns, "s"), ["10.9.9.9"]);
    assert_eq!(set_names(&ns), ["s", "other"]);
}

// ---------------------------------------------------------------- concurrency

#[test]
fn two_replaces_at_once_leave_exactly_one_input() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip", "maxelem", "131072"]);
    let a = addrs(0, 50_000);
    let b = addrs(200_000, 50_000);
    let fa = TempPath::file("conc-a", &lines(&a));
    let fb = TempPath::file("conc-b", &lines(&b));
    let (a, b) = (sorted(a), sorted(b));
    for round in 0..2 {
        let spawn = |f: &TempPath| {
            ns.command(WISET)
                .args(["replace", "s", f.path()])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let (ca, cb) = (spawn(&fa), spawn(&fb));
        let (ra, rb) = (
            ca.wait_with_output().expect("a"),
            cb.wait_with_output().expect("b"),
        );
        assert!(
            ra.status.success() && rb.status.success(),
            "round {round}: {ra:?} {rb:?}"
        );
        let have = member_names(&ns, "s");
        assert!(
            have == a || have == b,
            "round {round}: content is neither input ({} entries)",
            have.len()
        );
        assert_eq!(set_names(&ns), ["s"], "round {round}");
    }
}

// ---------------------------------------------------------------- names and types

#[test]
fn set_with_a_31_byte_name_and_lookalike_user_sets() {
    let Some(ns) = netns() else { return };
    let long = "blocklist-0123456789-abcdefghij";
    assert_eq!(long.len(), 31);
    ns.ok(&["create", long, "hash:ip", "counters"]);
    // User sets that look like temp sets but are not a dead run's.
    let lookalike = format!("{}x1", temp_prefix(long));
    for name in ["wiset-mine", lookalike.as_str()] {
        ns.ipset_ok(&["create", name, "hash:ip"]);
        ns.ipset_ok(&["add", name, "192.0.2.1"]);
    }
    let o = ns.wiset_in(&["replace", long], "10.0.0.1\n10.0.0.2\n");
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(member_names(&ns, long), ["10.0.0.1", "10.0.0.2"]);
    ipset_script(
        &ns,
        &format!("add -exist {long} 10.0.0.1 packets 3 bytes 30\n"),
    );
    let o = ns.wiset_in(&["replace", long, "--diff"], "10.0.0.1\n10.0.0.3\n");
    assert_eq!(o.code, 0, "{o:?}");
    let m = members(&ns, long);
    assert_eq!(m.keys().collect::<Vec<_>>(), ["10.0.0.1", "10.0.0.3"]);
    assert_eq!(opt_num(&m["10.0.0.1"], "packets"), Some(3), "{m:?}");
    // A signal on the long name's replace still finds its temp set.
    let (child, stdin) = start_held_replace(&ns, long, &["replace", long], &lines(&addrs(0, 100)));
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let out = child.wait_with_output().expect("wait");
    drop(stdin);
    assert_eq!(out.status.code(), Some(143), "{out:?}");
    assert_eq!(set_names(&ns), [long, "wiset-mine", lookalike.as_str()]);
    for name in ["wiset-mine", lookalike.as_str()] {
        assert_eq!(member_names(&ns, name), ["192.0.2.1"], "{name}");
    }
}

#[test]
fn replace_and_diff_on_bitmap_and_list_set() {
    let Some(ns) = netns() else { return };
    ipset_script(
        &ns,
        "create bm bitmap:ip range 10.0.0.0/24 counters\n\
         add bm 10.0.0.1 packets 5 bytes 50\n\
         add bm 10.0.0.2\n\
         create bmm bitmap:ip,mac range 10.0.0.0/24\n\
         create a hash:ip\ncreate b hash:ip\ncreate c hash:net\n\
         create l list:set size 8\n\
         add l a\n",
    );
    // Full replace.
    let o = ns.wiset_in(
        &["replace", "bm"],
        "10.0.0.3\n10.0.0.4\n10.0.0.3\n10.0.0.200\n",
    );
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(
        member_names(&ns, "bm"),
        ["10.0.0.200", "10.0.0.3", "10.0.0.4"]
    );
    let o = ns.wiset_in(
        &["replace", "bmm"],
        "10.0.0.1,00:11:22:33:44:55\n10.0.0.2\n",
    );
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(entry_count(&ns, "bmm"), 2);
    let o = ns.wiset_in(&["replace", "l"], "b\nc\na\n");
    assert_eq!(o.code, 0, "{o:?}");
    let l = ns.ipset_ok(&["list", "l"]);
    assert!(
        l.ends_with("Members:\nb\nc\na\n"),
        "list:set order is the input's: {l}"
    );
    assert_eq!(list_refs(&ns, "a"), 1);
    assert_eq!(list_refs(&ns, "b"), 1);

    // --diff keeps counters on a bitmap and handles set names.
    ipset_script(&ns, "add -exist bm 10.0.0.3 packets 9 bytes 90\n");
    let v = json(&ns.wiset_in(
        &["-o", "json", "replace", "bm", "--diff"],
        "10.0.0.3\n10.0.0.5\n",
    ));
    assert_eq!(
        (num(&v, "added"), num(&v, "removed"), num(&v, "unchanged")),
        (1, 2, 1),
        "{v}"
    );
    let m = members(&ns, "bm");
    assert_eq!(m.keys().collect::<Vec<_>>(), ["10.0.0.3", "10.0.0.5"]);
    assert_eq!(opt_num(&m["10.0.0.3"], "packets"), Some(9), "{m:?}");
    let v = json(&ns.wiset_in(&["-o", "json", "replace", "l", "--diff"], "b\na\n"));
    assert_eq!(
        (num(&v, "added"), num(&v, "removed"), num(&v, "unchanged")),
        (0, 1, 2),
        "{v}"
    );
    assert_eq!(member_names(&ns, "l"), ["a", "b"]);
    assert_eq!(list_refs(&ns, "c"), 0);
    assert!(temp_sets(&ns).is_empty());
}

fn list_refs(ns: &Netns, set: &str) -> u64 {
    let out = ns.ipset_ok(&["list", "-t", set]);
    out.lines()
        .find_map(|l| l.strip_prefix("References: "))
        .expect("references")
        .trim()
        .parse()
        .expect("number")
}

// ------------------------------------------------- found in review

#[test]
fn diff_on_a_bitmask_set_keeps_what_stays() {
    let Some(ns) = netns() else { return };
    ipset_script(
        &ns,
        "create b hash:ip bitmask 255.255.0.255\nadd b 10.1.2.3\n",
    );
    let out = ns.wiset_in(&["replace", "b", "--diff", "-o", "json"], "10.1.2.3\n");
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("\"unchanged\":1"), "{}", out.stdout);
    let listed = ns.ipset_ok(&["list", "b"]);
    assert!(listed.contains("Number of entries: 1"), "{listed}");
}

#[test]
fn replace_create_with_a_bad_line_leaves_no_set() {
    let Some(ns) = netns() else { return };
    let out = ns.wiset_in(
        &["replace", "newset", "-", "--create", "hash:ip"],
        "10.0.0.1\nbogus\n",
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("Error in line 2"), "{out:?}");
    assert_eq!(set_names(&ns), Vec::<String>::new());
}

#[test]
fn restore_line_test_from_is_an_error_not_a_panic() {
    let Some(ns) = netns() else { return };
    for args in [&["restore"][..], &["-"][..]] {
        let out = ns.wiset_in(args, "test --from\n");
        assert!(!out.stderr.contains("panicked"), "{args:?}: {out:?}");
        assert_ne!(out.code, 101, "{args:?}: {out:?}");
    }
}
