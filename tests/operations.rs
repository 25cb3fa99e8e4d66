//! Operations beyond ipset(8): waiting out a set in use, and the others
//! of their kind. Each test in its own network namespace, against the
//! real kernel.

mod support;

use std::time::{Duration, Instant};

use support::{has_iptables_rule, iptables_rule, netns, set_names};

/// The kernel frees a rule's reference a moment after the rule goes: with
/// `--wait`, destroy and rename try again until it does, then give the
/// kernel's answer if it never does.
#[test]
fn destroy_and_rename_wait_for_a_set_in_use() {
    let Some(ns) = netns() else { return };
    ns.ipset_ok(&["create", "s", "hash:ip"]);
    if !iptables_rule(&ns, "s") {
        return;
    }
    let in_use = "wiset: Set cannot be destroyed: it is in use by a kernel component\n";
    // Without --wait: at once, ipset's answer.
    let o = ns.wiset(&["destroy", "s"]);
    assert_eq!((o.code, o.stderr.as_str()), (1, in_use));
    // With it, the same answer after the wait (every spelling).
    for args in [
        &["destroy", "s", "--wait", "0.3"][..],
        &["destroy", "--wait", "0.3", "s"],
        &["destroy", "s", "--wait=0.3"],
    ] {
        let started = Instant::now();
        let o = ns.wiset(args);
        let took = started.elapsed();
        assert_eq!((o.code, o.stderr.as_str()), (1, in_use), "{args:?}");
        assert!(took >= Duration::from_millis(300), "{args:?}: {took:?}");
        assert!(took < Duration::from_secs(3), "{args:?}: {took:?}");
    }
    let o = ns.wiset(&["rename", "s", "t", "--wait", "0.2"]);
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (
            1,
            "wiset: Set cannot be renamed: it is in use by another system\n"
        )
    );
    assert!(has_iptables_rule(&ns, "s"));
    // The rule goes while destroy waits: destroy succeeds.
    let remover = {
        let mut c = ns.command("sh");
        c.args([
            "-c",
            "sleep 0.4; iptables -D INPUT -m set --match-set s src -j DROP",
        ]);
        c.spawn().expect("spawn")
    };
    let started = Instant::now();
    let o = ns.wiset(&["destroy", "s", "--wait", "10"]);
    let took = started.elapsed();
    let mut remover = remover;
    assert!(remover.wait().expect("wait").success());
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{o:?}");
    assert!(took >= Duration::from_millis(350), "{took:?}");
    assert!(set_names(&ns).is_empty());
    // A missing set is not waited for; swap takes --wait too.
    let started = Instant::now();
    let o = ns.wiset(&["destroy", "ghost", "--wait", "5"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
    ns.ipset_ok(&["create", "a", "hash:ip"]);
    ns.ipset_ok(&["create", "b", "hash:ip"]);
    assert_eq!(ns.wiset(&["swap", "a", "b", "--wait", "1"]).code, 0);
    // And ipset's own arity checks still hold around it.
    let o = ns.wiset(&["destroy", "a", "b", "--wait", "1"]);
    assert_eq!(
        (o.code, o.stderr.lines().next()),
        (2, Some("wiset: Unknown argument b"))
    );
}

/// `info` names the types this kernel has and lacks as ipset(8) finds them
/// (a create works, or says "set type not supported"), with the same data
/// in every format.
#[test]
fn info_reports_the_kernels_types_and_revisions() {
    let Some(ns) = netns() else { return };
    let plain = ns.ok(&["info"]);
    let mut lines = plain.lines();
    assert_eq!(
        lines.next(),
        Some("Protocol: kernel 6-7, wiset 6-7"),
        "{plain}"
    );
    let json: serde_json::Value = serde_json::from_str(&ns.ok(&["info", "-o", "json"])).unwrap();
    let types = json["types"].as_array().expect("types");
    assert_eq!(types.len(), 16);
    assert_eq!(json["protocol"]["kernel"]["max"], 7);
    for (line, t) in lines.zip(types) {
        let name = t["type"].as_str().unwrap();
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields[0], name, "{line}");
        let args: Vec<&str> = match name {
            "bitmap:ip" | "bitmap:ip,mac" => vec!["range", "10.0.0.0/24"],
            "bitmap:port" => vec!["range", "1-100"],
            _ => vec![],
        };
        let mut create = vec!["create", "probe", name];
        create.extend(&args);
        let o = ns.ipset(&create);
        let _ = ns.ipset(&["destroy", "probe"]);
        if o.code == 0 {
            let k = &t["kernel"];
            let (min, max) = (k["min"].as_u64().unwrap(), k["max"].as_u64().unwrap());
            let want = if min == max {
                format!("kernel {min}")
            } else {
                format!("kernel {min}-{max}")
            };
            assert_eq!(fields[1], want, "{line}");
        } else {
            assert!(
                o.stderr.contains("set type not supported"),
                "{name}: {}",
                o.stderr
            );
            assert_eq!(fields[1], "kernel none", "{line}");
            assert!(t["kernel"].is_null(), "{t}");
        }
        let notes = t["revisions"].as_array().unwrap();
        let w = &t["wiset"];
        let count = w["max"].as_u64().unwrap() - w["min"].as_u64().unwrap() + 1;
        assert_eq!(notes.len() as u64, count, "{name}");
    }
    let table = ns.ok(&["info", "-o", "table"]);
    assert!(
        table.contains("not in this kernel") && table.contains("hash:ip,port,net"),
        "{table}"
    );
    let o = ns.wiset(&["info", "-o", "save"]);
    assert_eq!(o.code, 2, "{o:?}");
}

/// `find` decides as the kernel does: for every probe address and every
/// set of a type where the address alone decides, "the set matches" is
/// exactly what `ipset test` answers. Nested prefixes and nomatch
/// exceptions included.
#[test]
fn find_decides_as_the_kernel_tests() {
    let Some(ns) = netns() else { return };
    support::ipset_script(
        &ns,
        "create n hash:net\n\
         add n 10.0.0.0/8\n\
         add n 10.1.0.0/16 nomatch\n\
         add n 10.1.2.0/24\n\
         add n 10.1.2.128/25 nomatch\n\
         add n 10.1.2.200/32\n\
         add n 192.0.2.0/24\n\
         create m hash:ip netmask 24\n\
         add m 10.1.2.77\n\
         add m 172.16.0.1\n\
         create b bitmap:ip range 10.1.0.0/16\n\
         add b 10.1.2.3\n\
         add b 10.1.3.0-10.1.3.15\n\
         create six hash:net family inet6\n\
         add six 2001:db8::/32\n\
         add six 2001:db8:1::/48 nomatch\n\
         create ipp hash:ip,port\n\
         add ipp 10.1.2.3,tcp:80\n\
         create l list:set\n\
         add l ipp\n\
         add l n\n",
    );
    let probes = [
        "10.1.2.3",
        "10.1.2.130",
        "10.1.2.200",
        "10.1.3.3",
        "10.1.3.16",
        "10.2.0.1",
        "10.255.255.255",
        "11.0.0.1",
        "192.0.2.0",
        "192.0.2.255",
        "172.16.0.200",
        "0.0.0.0",
        "2001:db8::1",
        "2001:db8:1::1",
        "2001:db8:2::",
        "::1",
    ];
    for addr in probes {
        let o = ns.wiset(&["find", addr, "-o", "json"]);
        let found: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
        let verdict = |set: &str| {
            found
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["set"] == set)
                .map(|f| f["verdict"].as_str().unwrap().to_string())
        };
        let mut any = false;
        for set in ["n", "m", "b", "six"] {
            let v4 = !addr.contains(':');
            if v4 == (set == "six") {
                assert_eq!(verdict(set), None, "{addr} in {set}");
                continue;
            }
            let kernel = ns.ipset(&["test", set, addr]).code == 0;
            let ours = verdict(set).is_some_and(|v| v == "matches");
            assert_eq!(ours, kernel, "{addr} in {set}: find {:?}", verdict(set));
            any |= kernel;
        }
        // ipp holds 10.1.2.3 with a port: covered, and the port decides.
        let ipp = verdict("ipp");
        assert_eq!(
            ipp.as_deref(),
            (addr == "10.1.2.3").then_some("depends"),
            "{addr}"
        );
        any |= ipp.is_some();
        // The list:set matches through a member that matches.
        let through_n = ns.ipset(&["test", "n", addr]).code == 0;
        let l = verdict("l");
        assert_eq!(l.is_some(), through_n || ipp.is_some(), "{addr}: {l:?}");
        assert_eq!(o.code, if any { 0 } else { 1 }, "{addr}: {o:?}");
    }
    // The deciding entry is the one printed; named sets only; errors exit 2.
    let o = ns.wiset(&["find", "10.1.2.130", "n"]);
    assert_eq!(
        (o.code, o.stdout.as_str()),
        (1, "n 10.1.2.128/25 nomatch\n")
    );
    let o = ns.wiset(&["find", "10.1.2.3", "n", "m"]);
    assert_eq!(
        (o.code, o.stdout.as_str()),
        (0, "n 10.1.2.0/24\nm 10.1.2.0\n")
    );
    let o = ns.wiset(&["find", "10.1.2.3", "l"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "l ipp\nl n\n"));
    assert_eq!(ns.wiset(&["find", "nope"]).code, 2);
    let o = ns.wiset(&["find", "10.1.2.3", "ghost"]);
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (2, "wiset: The set with the given name does not exist\n")
    );
}

/// `alter` changes what the kernel cannot change in place, keeping every
/// entry with its stats, and the references to the set.
#[test]
fn alter_keeps_entries_stats_and_references() {
    use support::{header_opt, member_names, members, opt_num, temp_sets};
    let Some(ns) = netns() else { return };
    support::ipset_script(
        &ns,
        "create s hash:ip counters comment timeout 900 maxelem 3\n\
         add s 1.1.1.1 packets 5 bytes 50 comment \"one\" timeout 800\n\
         add s 1.1.1.2 timeout 0\n\
         add s 1.1.1.3 comment \"three\"\n\
         create l list:set\n\
         add l s\n",
    );
    let rule = iptables_rule(&ns, "s");
    let refs = || header_field(&ns, "s", "References: ");
    let refs_before = refs();
    // Full at 3: ipset's answer.
    assert_ne!(ns.ipset(&["add", "s", "1.1.1.4"]).code, 0);
    let o = ns.wiset(&["alter", "s", "maxelem", "100000", "hashsize", "4096"]);
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{o:?}");
    assert_eq!(header_opt(&ns, "s", "maxelem").as_deref(), Some("100000"));
    assert_eq!(header_opt(&ns, "s", "hashsize").as_deref(), Some("4096"));
    let m = members(&ns, "s");
    assert_eq!(
        m.keys().collect::<Vec<_>>(),
        ["1.1.1.1", "1.1.1.2", "1.1.1.3"]
    );
    let one = &m["1.1.1.1"];
    assert_eq!(
        (opt_num(one, "packets"), opt_num(one, "bytes")),
        (Some(5), Some(50)),
        "{one}"
    );
    assert!(one.contains("comment \"one\""), "{one}");
    assert!(
        (790..=800).contains(&opt_num(one, "timeout").unwrap()),
        "{one}"
    );
    assert_eq!(opt_num(&m["1.1.1.2"], "timeout"), Some(0), "{m:?}");
    assert!(
        (890..=900).contains(&opt_num(&m["1.1.1.3"], "timeout").unwrap()),
        "{m:?}"
    );
    assert_eq!(refs(), refs_before, "references");
    if rule {
        assert!(has_iptables_rule(&ns, "s"));
    }
    assert!(ns.ipset_ok(&["list", "l"]).ends_with("Members:\ns\n"));
    assert!(ns.ipset(&["add", "s", "1.1.1.4"]).code == 0, "room now");
    assert!(temp_sets(&ns).is_empty());

    // Dropping extensions drops them from every entry.
    let o = ns.wiset(&["alter", "s", "nocounters", "nocomment", "notimeout"]);
    assert_eq!(o.code, 0, "{o:?}");
    let save = ns.ipset_ok(&["save", "s"]);
    assert!(
        !save.contains("packets") && !save.contains("comment") && !save.contains("timeout"),
        "{save}"
    );
    // A default timeout gained: the entries stay permanent, new ones time out.
    let o = ns.wiset(&["alter", "s", "timeout", "600", "counters"]);
    assert_eq!(o.code, 0, "{o:?}");
    ns.ipset_ok(&["add", "s", "2.2.2.2"]);
    let m = members(&ns, "s");
    for old in ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4"] {
        assert_eq!(opt_num(&m[old], "timeout"), Some(0), "{old}: {m:?}");
        assert_eq!(opt_num(&m[old], "packets"), Some(0), "{old}: {m:?}");
    }
    assert!(
        (590..=600).contains(&opt_num(&m["2.2.2.2"], "timeout").unwrap()),
        "{m:?}"
    );
    assert_eq!(member_names(&ns, "s").len(), 5);
}

#[test]
fn alter_refuses_what_cannot_carry_over_and_changes_nothing() {
    use support::temp_sets;
    let Some(ns) = netns() else { return };
    support::ipset_script(
        &ns,
        "create s hash:ip\nadd s 10.0.0.1\nadd s 10.0.0.2\nadd s 10.0.1.1\n\
         create b bitmap:ip range 10.0.0.0/24\nadd b 10.0.0.200\n",
    );
    let before = ns.state();
    for (args, code, message) in [
        (
            &["alter", "s", "family", "inet6"][..],
            2,
            "alter cannot change `family'",
        ),
        (
            &["alter", "s", "maxelem", "2"],
            1,
            "set s holds 3 entries, more than a maxelem of 2",
        ),
        (
            &["alter", "s", "netmask", "24"],
            1,
            "set s holds entries that the new options make one",
        ),
        (
            &["alter", "b", "range", "10.0.0.0/25"],
            1,
            "Element is out of the range of the set",
        ),
        (
            &["alter", "s", "bogus", "1"],
            2,
            "Unknown argument: `bogus'",
        ),
        (&["alter", "s", "maxelem"], 2, "Missing mandatory argument"),
        (
            &["alter", "ghost", "maxelem", "9"],
            1,
            "The set with the given name does not exist",
        ),
        (&["alter", "s"], 2, ""),
    ] {
        let o = ns.wiset(args);
        assert_eq!(o.code, code, "{args:?}: {o:?}");
        assert!(o.stderr.contains(message), "{args:?}: {}", o.stderr);
        assert_eq!(ns.state(), before, "{args:?} changed the kernel");
        assert!(temp_sets(&ns).is_empty(), "{args:?}");
    }
    // A netmask that merges nothing is fine.
    assert_eq!(ns.wiset(&["alter", "s", "netmask", "31"]).code, 0);
}

fn header_field(ns: &support::Netns, set: &str, field: &str) -> String {
    let out = ns.ipset_ok(&["list", "-t", set]);
    out.lines()
        .find_map(|l| l.strip_prefix(field))
        .unwrap_or_else(|| panic!("no {field} in {out}"))
        .to_string()
}

/// wiset explains the kernel's answers on a line after ipset's text; run
/// as `ipset` (a symlink), it prints ipset's text alone.
#[test]
fn hints_follow_ipsets_text_only_as_wiset() {
    let Some(ns) = netns() else { return };
    support::ipset_script(
        &ns,
        "create blocklist hash:ip maxelem 1\nadd blocklist 1.1.1.1\n",
    );
    let dir = support::TempPath::dir("as-ipset");
    let ipset = format!("{}/ipset", dir.path());
    std::os::unix::fs::symlink(support::WISET, &ipset).expect("symlink");
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["add", "blocklist", "1.1.1.2"],
            "Hash is full, cannot add more elements",
            "set blocklist is full: `wiset alter blocklist maxelem N` raises its maxelem",
        ),
        (
            &["add", "blocklst", "1.1.1.2"],
            "The set with the given name does not exist",
            "did you mean blocklist?",
        ),
        (
            &["create", "m", "hash:mac"],
            "Kernel error received: set type not supported",
            "this kernel has no hash:mac module",
        ),
        (
            &["create", "big", "hash:ip", "hashsize", "4294967295"],
            "Kernel error received: Cannot allocate memory",
            "hashsize 4294967295 asks for a table the kernel cannot allocate",
        ),
        (
            &["create", "bm", "bitmap:ip", "range", "10.0.0.0/8"],
            "The range you specified exceeds the size limit of the set type",
            "a bitmap set holds at most 65536 elements",
        ),
    ];
    for (args, text, hint) in cases {
        let o = ns.wiset(args);
        let lines: Vec<&str> = o.stderr.lines().collect();
        assert_eq!(o.code, 1, "{args:?}: {o:?}");
        assert_eq!(lines[0], format!("wiset: {text}"), "{args:?}");
        assert!(
            lines.len() == 2 && lines[1].starts_with(&format!("Hint: {hint}")),
            "{args:?}: {lines:?}"
        );
        let as_ipset = ns.run(&ipset, args, "");
        assert_eq!(
            (as_ipset.code, as_ipset.stderr),
            (1, format!("ipset: {text}\n")),
            "{args:?}"
        );
    }
    // A name nothing resembles gets no guess; -quiet silences it all.
    let o = ns.wiset(&["add", "zzzzzzzzzz", "1.1.1.2"]);
    assert_eq!(
        o.stderr,
        "wiset: The set with the given name does not exist\n"
    );
    assert_eq!(ns.wiset(&["-q", "add", "blocklst", "1.1.1.2"]).stderr, "");
    assert_eq!(support::set_names(&ns), ["blocklist"]);
}

/// `metrics` is Prometheus text exposition a real parser (the Python
/// client's) reads, with the kernel's figures: set gauges for every set,
/// entry counters for sets with counters up to the cap, and a file written
/// whole or not at all.
#[test]
fn metrics_parse_with_prometheus_client_and_say_what_the_kernel_says() {
    use std::process::{Command, Stdio};
    let python = if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let parser_here = Command::new(python)
        .args(["-c", "import prometheus_client.parser"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !parser_here {
        assert!(
            !support::in_ci(),
            "python3-prometheus-client is missing in CI"
        );
        eprintln!("skipped: no prometheus_client for {python}");
        return;
    }
    let Some(ns) = netns() else { return };
    support::ipset_script(
        &ns,
        "create counted hash:net counters\n\
         add counted 10.0.0.0/8 packets 5 bytes 500\n\
         add counted 192.0.2.0/24 packets 0 bytes 0\n\
         create plain hash:ip maxelem 1000\n\
         add plain 1.1.1.1\n\
         create big hash:ip counters\n\
         add big 2.2.2.1\nadd big 2.2.2.2\nadd big 2.2.2.3\n\
         create l list:set\n\
         add l plain\n",
    );
    let parse = |text: &str| -> Vec<String> {
        let script = "import sys\n\
            from prometheus_client.parser import text_string_to_metric_families\n\
            for f in text_string_to_metric_families(sys.stdin.read()):\n\
            \x20   for s in f.samples:\n\
            \x20       labels = ','.join('%s=%s' % kv for kv in sorted(s.labels.items()))\n\
            \x20       print('%s %s{%s} %g' % (f.type, s.name, labels, s.value))\n";
        let mut child = Command::new(python)
            .args(["-c", script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    };
    let text = ns.ok(&["metrics", "--max-entries", "2"]);
    let samples = parse(&text);
    let has = |want: &str| samples.iter().any(|s| s == want);
    for want in [
        "gauge ipset_set_entries{set=counted,type=hash:net} 2",
        "gauge ipset_set_entries{set=big,type=hash:ip} 3",
        "gauge ipset_set_max_entries{set=plain,type=hash:ip} 1000",
        "gauge ipset_set_references{set=plain,type=hash:ip} 1",
        "counter ipset_entry_packets_total{entry=10.0.0.0/8,set=counted} 5",
        "counter ipset_entry_bytes_total{entry=10.0.0.0/8,set=counted} 500",
        "counter ipset_entry_bytes_total{entry=192.0.2.0/24,set=counted} 0",
    ] {
        assert!(has(want), "{want} not in {samples:#?}");
    }
    // The kernel's own memory figure, set by set.
    for set in ["counted", "plain", "big", "l"] {
        let memory = ns
            .ipset_ok(&["list", "-t", set])
            .lines()
            .find_map(|l| l.strip_prefix("Size in memory: ").map(str::to_string))
            .unwrap();
        let want = format!("ipset_set_memory_bytes{{set={set},type=");
        let line = samples.iter().find(|s| s.contains(&want)).expect(set);
        assert!(line.ends_with(&format!(" {memory}")), "{line} vs {memory}");
    }
    // Over the cap, and without counters: no entry samples.
    assert!(
        !samples
            .iter()
            .any(|s| s.contains("set=big") && s.contains("entry=")),
        "{samples:#?}"
    );
    assert!(
        !samples
            .iter()
            .any(|s| s.contains("set=plain") && s.contains("entry="))
    );
    assert!(text.contains("# set big: 3 entries, more than 2: per-entry counters not exported"));
    // Named sets only; --write replaces the file whole.
    let only = parse(&ns.ok(&["metrics", "plain"]));
    assert!(only.iter().all(|s| s.contains("set=plain")), "{only:#?}");
    let dir = support::TempPath::dir("metrics");
    let file = format!("{}/ipset.prom", dir.path());
    std::fs::write(&file, "old").unwrap();
    assert_eq!(ns.ok(&["metrics", "--write", &file]), "");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), ns.ok(&["metrics"]));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "temp files left: {leftovers:?}");
    let o = ns.wiset(&["metrics", "--write", "/nonexistent/dir/x.prom"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr
            .starts_with("wiset: Cannot write /nonexistent/dir/x.prom: "),
        "{}",
        o.stderr
    );
}
