//! wiset's own command-line features, each test in its own network namespace:
//! `replace`, `list -o table|json`, the terminal-dependent default output,
//! `test --from`, closed pipes, exit codes and messages, `--netns`, `version`.
//! (ipset compatibility is tests/differential.rs' job.)
//!
//! The kernel state is read back with ipset(8) where possible, so a test does
//! not trust wiset to check wiset.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{
    NamedNetns, Netns, Out, WISET, in_ci, member_names, members, netns, opt, opt_num, set_names,
    temp_prefix,
};

// ---------------------------------------------------------------- helpers

/// A file in the temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(tag: &str, content: &str) -> TempFile {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("wiset-cli-{}-{n}-{tag}", std::process::id()));
        std::fs::write(&path, content).expect("write temp file");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// ipset's `Header:` line of a set, without the values that may change on a
/// replace (initval is fresh, hashsize is sized to the input).
fn stable_header(ns: &Netns, set: &str) -> String {
    let out = ns.ipset_ok(&["list", "-t", set]);
    let line = out
        .lines()
        .find_map(|l| l.strip_prefix("Header: "))
        .unwrap_or_else(|| panic!("no Header line in {out}"));
    let mut words = line.split(' ');
    let mut kept = Vec::new();
    while let Some(w) = words.next() {
        if w == "initval" || w == "hashsize" {
            words.next();
        } else {
            kept.push(w);
        }
    }
    kept.join(" ")
}

fn list_field(ns: &Netns, set: &str, field: &str) -> String {
    let out = ns.ipset_ok(&["list", "-t", set]);
    out.lines()
        .find_map(|l| l.strip_prefix(field))
        .unwrap_or_else(|| panic!("no {field} in {out}"))
        .trim()
        .to_string()
}

fn temp_sets(ns: &Netns) -> Vec<String> {
    set_names(ns)
        .into_iter()
        .filter(|n| n.starts_with("wiset-"))
        .collect()
}

/// Fill a set through ipset(8) (so setup does not depend on wiset).
fn ipset_fill(ns: &Netns, set: &str, entries: impl IntoIterator<Item = String>) {
    let mut script = String::new();
    for e in entries {
        script.push_str(&format!("add {set} {e}\n"));
    }
    let o = ns.ipset_in(&["restore"], &script);
    assert_eq!(o.code, 0, "ipset restore: {}", o.stderr);
}

/// `n` distinct IPv4 addresses in 10.0.0.0/8, starting from `from`.
fn addrs(from: u32, n: u32) -> Vec<String> {
    (from..from + n)
        .map(|i| format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255))
        .collect()
}

fn parse_json(o: &Out) -> Value {
    assert_eq!(o.code, 0, "wiset failed: {}", o.stderr);
    serde_json::from_str(&o.stdout)
        .unwrap_or_else(|e| panic!("output is not valid JSON ({e}):\n{}", o.stdout))
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// Run a shell command line on a pseudo-terminal (util-linux `script`) inside
/// the namespace. None (with a message) when `script` is not installed.
fn on_pty(ns: &Netns, cmdline: &str) -> Option<Out> {
    let have = Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !have {
        assert!(!in_ci(), "CI=true but script(1) is not installed");
        eprintln!("SKIPPED (not in CI): script(1) is not installed");
        return None;
    }
    Some(ns.run("script", &["-qec", cmdline, "/dev/null"], ""))
}

// ---------------------------------------------------------------- replace

#[test]
fn replace_content_is_exactly_the_file() {
    let Some(ns) = netns() else { return };
    ns.ok(&[
        "create", "s", "hash:ip", "timeout", "600", "counters", "comment", "maxelem", "5000",
    ]);
    ns.ok(&["add", "s", "10.0.0.1"]);
    ns.ok(&["add", "s", "192.168.0.1", "comment", "old"]);
    let header_before = stable_header(&ns, "s");
    let input = "# blocklist, generated\n\
                 \n\
                 10.0.0.1\r\n\
                 \x20\x20 10.0.0.2   \n\
                 \t10.0.0.3 comment \"three 3\" timeout 300\r\n\
                 10.0.0.1\n\
                 \x20\x20 # an indented comment\n\
                 10.0.0.4 timeout 0\n\
                 \r\n\
                 \t\n\
                 10.0.0.5 comment \"x<y>\\z\"";
    let file = TempFile::new("content", input);
    let o = ns.wiset(&["replace", "s", file.path()]);
    assert_eq!(o.code, 0, "replace failed: {}", o.stderr);
    assert_eq!(o.stdout, "", "replace prints nothing on stdout");
    assert_eq!(o.stderr, "", "no summary when stdout is not a terminal");

    let m = members(&ns, "s");
    assert_eq!(
        m.keys().collect::<Vec<_>>(),
        ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"],
        "{m:?}"
    );
    // Lines without options get the set's default timeout, no comment.
    let t1 = opt_num(&m["10.0.0.1"], "timeout").expect("timeout");
    assert!((590..=600).contains(&t1), "{m:?}");
    assert_eq!(opt(&m["10.0.0.1"], "comment"), None, "{m:?}");
    assert_eq!(opt(&m["10.0.0.2"], "comment"), None, "{m:?}");
    let t3 = opt_num(&m["10.0.0.3"], "timeout").expect("timeout");
    assert!((290..=300).contains(&t3), "{m:?}");
    assert!(m["10.0.0.3"].contains("comment \"three 3\""), "{m:?}");
    assert_eq!(opt_num(&m["10.0.0.4"], "timeout"), Some(0), "{m:?}");
    assert!(m["10.0.0.5"].contains("comment \"x<y>\\z\""), "{m:?}");
    assert_eq!(opt_num(&m["10.0.0.5"], "packets"), Some(0), "{m:?}");

    assert_eq!(stable_header(&ns, "s"), header_before);
    assert_eq!(set_names(&ns), ["s"]);
}

#[test]
fn replace_from_stdin_with_dash_and_without_file() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:net"]);
    ns.ok(&["add", "s", "192.0.2.0/24"]);
    let o = ns.wiset_in(&["replace", "s", "-"], "10.0.0.0/8\n172.16.0.0/12\n");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(member_names(&ns, "s"), ["10.0.0.0/8", "172.16.0.0/12"]);
    let o = ns.wiset_in(&["replace", "s"], "198.51.100.0/24\r\n");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(member_names(&ns, "s"), ["198.51.100.0/24"]);
    // Empty input empties the set only when asked to.
    let o = ns.wiset_in(&["replace", "s"], "# nothing\n\n");
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(member_names(&ns, "s"), ["198.51.100.0/24"]);
    let o = ns.wiset_in(&["replace", "s", "--allow-empty"], "# nothing\n\n");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(member_names(&ns, "s").is_empty());
    assert_eq!(set_names(&ns), ["s"]);
}

#[test]
fn replace_keeps_the_set_referenced_by_a_list_set() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip"]);
    ns.ok(&["create", "other", "hash:ip"]);
    ns.ok(&["create", "l", "list:set"]);
    ns.ok(&["add", "l", "s"]);
    ns.ok(&["add", "l", "other"]);
    ns.ok(&["add", "s", "1.1.1.1"]);
    assert_eq!(list_field(&ns, "s", "References:"), "1");
    let o = ns.wiset_in(&["replace", "s"], "2.2.2.2\n3.3.3.3\n");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(member_names(&ns, "s"), ["2.2.2.2", "3.3.3.3"]);
    assert_eq!(list_field(&ns, "s", "References:"), "1");
    // The list:set still holds the set by its name, in its place.
    let l = ns.ipset_ok(&["list", "l"]);
    assert!(l.ends_with("Members:\ns\nother\n"), "{l}");
    // And the referenced set can still not be destroyed (the reference is real).
    assert_ne!(ns.ipset(&["destroy", "s"]).code, 0);
    assert_eq!(set_names(&ns), ["s", "other", "l"]);

    // An iptables rule (when iptables can run here) keeps matching the set.
    let rule = ["-m", "set", "--match-set", "s", "src", "-j", "DROP"];
    let mut add = vec!["-A", "INPUT"];
    add.extend(rule);
    let have_iptables = Command::new("iptables")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !have_iptables || ns.run("iptables", &add, "").code != 0 {
        eprintln!("iptables part skipped: iptables is not usable here");
        return;
    }
    assert_eq!(list_field(&ns, "s", "References:"), "2");
    let o = ns.wiset_in(
        &["replace", "s"],
        "4.4.4.4
",
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(member_names(&ns, "s"), ["4.4.4.4"]);
    assert_eq!(list_field(&ns, "s", "References:"), "2");
    let rules = ns.run("iptables", &["-S", "INPUT"], "");
    assert!(
        rules.stdout.contains("--match-set s src -j DROP"),
        "{}",
        rules.stdout
    );
    let mut check = vec!["-C", "INPUT"];
    check.extend(rule);
    assert_eq!(ns.run("iptables", &check, "").code, 0, "the rule is gone");
    assert_eq!(set_names(&ns), ["s", "other", "l"]);
}

#[test]
fn replace_keeps_the_header_options_of_the_live_set() {
    let Some(ns) = netns() else { return };
    let cases: &[(&str, &[&str], &str, &str)] = &[
        (
            "six",
            &[
                "hash:net", "family", "inet6", "maxelem", "1000", "timeout", "0", "counters",
                "comment",
            ],
            "2001:db8::/32 comment \"doc\"\n::1\n",
            "2001:db8::/32",
        ),
        (
            "bm",
            &["bitmap:ip", "range", "10.0.0.0/24", "timeout", "10"],
            "10.0.0.7\n",
            "10.0.0.7",
        ),
        (
            "nm",
            &["hash:ip", "netmask", "24", "maxelem", "77"],
            "10.1.2.3\n",
            "10.1.2.0",
        ),
        (
            "ipp",
            &["hash:ip,port", "skbinfo", "hashsize", "64"],
            "10.0.0.1,tcp:80 skbmark 0x10\n",
            "10.0.0.1,tcp:80",
        ),
        (
            "np",
            &["hash:net,port", "counters", "maxelem", "12"],
            "10.0.0.0/8,udp:53\n",
            "10.0.0.0/8,udp:53",
        ),
    ];
    for (name, create, input, expect) in cases {
        let mut args = vec!["create", name];
        args.extend_from_slice(create);
        ns.ok(&args);
        let before = stable_header(&ns, name);
        let o = ns.wiset_in(&["replace", name], input);
        assert_eq!(o.code, 0, "replace {name}: {}", o.stderr);
        assert_eq!(stable_header(&ns, name), before, "header of {name}");
        assert!(
            members(&ns, name).contains_key(*expect),
            "{name}: {:?}",
            members(&ns, name)
        );
        let t = list_field(&ns, name, "Type:");
        assert_eq!(t, create[0], "type of {name}");
    }
    assert_eq!(set_names(&ns), ["six", "bm", "nm", "ipp", "np"]);
}

#[test]
fn replace_bad_line_changes_nothing_and_names_the_line() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip", "comment"]);
    ns.ok(&["add", "s", "192.0.2.1", "comment", "keep me"]);
    ns.ok(&["add", "s", "192.0.2.2"]);
    let before = ns.state();
    let file = TempFile::new(
        "bad",
        "10.0.0.1\n10.0.0.2\n10.0.0.3/40\n10.0.0.4\n10.0.0.5\n",
    );
    let o = ns.wiset(&["replace", "s", file.path()]);
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(o.stdout, "");
    assert!(
        o.stderr.starts_with("wiset: Error in line 3: "),
        "stderr: {}",
        o.stderr
    );
    assert!(
        o.stderr.contains("40"),
        "the bad token is named: {}",
        o.stderr
    );
    assert_eq!(o.stderr.lines().count(), 1, "one message: {}", o.stderr);
    assert_eq!(ns.state(), before, "live set changed");
    assert_eq!(set_names(&ns), ["s"]);

    // Line numbers count blank and comment lines (they are the file's lines).
    let o = ns.wiset_in(
        &["replace", "s"],
        "# header\n\n10.0.0.1\n10.0.0.2 comment\n",
    );
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.starts_with("wiset: Error in line 4: "),
        "{}",
        o.stderr
    );
    // An option the set does not support is a bad line too.
    let o = ns.wiset_in(&["replace", "s"], "10.0.0.1\n10.0.0.2 timeout 5\n");
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.starts_with("wiset: Error in line 2: "),
        "{}",
        o.stderr
    );
    // An unknown option word.
    let o = ns.wiset_in(&["replace", "s"], "10.0.0.1 bogus\n");
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.starts_with("wiset: Error in line 1: ") && o.stderr.contains("bogus"),
        "{}",
        o.stderr
    );
    assert_eq!(ns.state(), before, "live set changed");
    assert_eq!(set_names(&ns), ["s"]);
}

#[test]
fn replace_kernel_error_changes_nothing() {
    let Some(ns) = netns() else { return };
    // An element the kernel refuses (outside the bitmap's range), after good ones.
    ns.ok(&["create", "bm", "bitmap:ip", "range", "10.0.0.0/24"]);
    ns.ok(&["add", "bm", "10.0.0.99"]);
    // More entries than maxelem allows, spread over several batches.
    ns.ok(&["create", "small", "hash:ip", "maxelem", "1000"]);
    ipset_fill(&ns, "small", addrs(0, 10));
    let before = ns.state();

    let o = ns.wiset_in(&["replace", "bm"], "10.0.0.1\n10.0.1.2\n10.0.0.3\n");
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.starts_with("wiset: Error in line 2: "),
        "{}",
        o.stderr
    );
    let big = addrs(1000, 20_000).join("\n");
    let o = ns.wiset_in(&["replace", "small"], &big);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(o.stderr.starts_with("wiset: "), "{}", o.stderr);
    assert_eq!(ns.state(), before, "live sets changed");
    assert_eq!(set_names(&ns), ["bm", "small"]);
}

#[test]
fn replace_entry_of_the_wrong_family_names_the_line() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "v4", "hash:net"]);
    ns.ok(&["create", "v6", "hash:net", "family", "inet6"]);
    ns.ok(&["add", "v4", "192.0.2.0/24"]);
    ns.ok(&["add", "v6", "2001:db8::/32"]);
    let before = ns.state();
    let o = ns.wiset_in(&["replace", "v4"], "10.0.0.0/8\n2001:db8::/48\n");
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.starts_with("wiset: Error in line 2: "),
        "{}",
        o.stderr
    );
    let o = ns.wiset_in(&["replace", "v6"], "# v6 only\n2001:db8::/48\n10.0.0.0/8\n");
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.starts_with("wiset: Error in line 3: "),
        "{}",
        o.stderr
    );
    assert_eq!(ns.state(), before);
    assert_eq!(set_names(&ns), ["v4", "v6"]);
}

#[test]
fn replace_missing_set_says_how_to_fix_it() {
    let Some(ns) = netns() else { return };
    let o = ns.wiset_in(&["replace", "nope"], "10.0.0.1\n");
    assert_eq!(o.code, 1, "{o:?}");
    assert!(o.stderr.starts_with("wiset: "), "{}", o.stderr);
    assert!(o.stderr.contains("does not exist"), "{}", o.stderr);
    assert!(
        o.stderr.contains("--create"),
        "the message names the fix: {}",
        o.stderr
    );
    assert!(set_names(&ns).is_empty(), "{:?}", set_names(&ns));
}

#[test]
fn replace_create_makes_the_set() {
    let Some(ns) = netns() else { return };
    let file = TempFile::new(
        "create",
        "192.0.2.0/24 comment \"TEST-NET-1\"\n198.51.100.0/24\n",
    );
    let o = ns.wiset(&[
        "replace",
        "blocklist",
        file.path(),
        "--create",
        "hash:net",
        "comment",
    ]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(list_field(&ns, "blocklist", "Type:"), "hash:net");
    assert!(
        stable_header(&ns, "blocklist").contains(" comment"),
        "{}",
        stable_header(&ns, "blocklist")
    );
    let m = members(&ns, "blocklist");
    assert_eq!(m["192.0.2.0/24"], "comment \"TEST-NET-1\"");
    assert_eq!(m["198.51.100.0/24"], "");
    assert_eq!(m.len(), 2);
    // Once it exists, --create is harmless: the content is replaced.
    let o = ns.wiset(&[
        "replace",
        "blocklist",
        "-",
        "--allow-empty",
        "--create",
        "hash:net",
        "comment",
    ]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(member_names(&ns, "blocklist").is_empty());
    // --create with stdin and options that do not fit the default maxelem.
    let o = ns.wiset_in(
        &[
            "replace", "big", "--create", "hash:ip", "maxelem", "100000", "timeout", "0",
        ],
        "10.0.0.1\n",
    );
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(
        stable_header(&ns, "big"),
        "family inet maxelem 100000 timeout 0 bucketsize 12"
    );
    // A bad --create spec creates nothing.
    let o = ns.wiset_in(&["replace", "x", "--create", "hash:nope"], "10.0.0.1\n");
    assert_ne!(o.code, 0, "{o:?}");
    assert!(o.stderr.starts_with("wiset: "), "{}", o.stderr);
    assert_eq!(set_names(&ns), ["blocklist", "big"]);
}

#[test]
fn replace_skip_invalid_warns_per_line_and_succeeds() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip"]);
    ns.ok(&["add", "s", "192.0.2.1"]);
    let input = "10.0.0.1\n10.0.0.2/40\n10.0.0.3\n10.0.0.4 nonsense\n10.0.0.5\n";
    let o = ns.wiset_in(&["replace", "s", "--skip-invalid"], input);
    assert_eq!(o.code, 0, "{o:?}");
    let warnings: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "one warning per bad line: {}", o.stderr);
    assert!(warnings[0].starts_with("wiset: ") && warnings[0].contains("line 2"));
    assert!(warnings[1].starts_with("wiset: ") && warnings[1].contains("line 4"));
    assert_eq!(member_names(&ns, "s"), ["10.0.0.1", "10.0.0.3", "10.0.0.5"]);
    // -q silences the warnings, not the skipping.
    let o = ns.wiset_in(
        &["-q", "replace", "s", "--skip-invalid"],
        "bad/1/2\n10.9.9.9\n",
    );
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.stderr, "");
    assert_eq!(member_names(&ns, "s"), ["10.9.9.9"]);
    assert_eq!(set_names(&ns), ["s"]);
}

#[test]
fn replace_100k_entries_is_complete() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip", "maxelem", "262144"]);
    ipset_fill(&ns, "s", ["192.0.2.1".to_string(), "10.0.0.1".to_string()]);
    let wanted = addrs(1, 100_000);
    let mut text = wanted.join("\n");
    text.push('\n');
    let file = TempFile::new("100k", &text);
    let started = Instant::now();
    let o = ns.wiset(&["replace", "s", file.path()]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "replace of 100k entries took {:?}",
        started.elapsed()
    );
    assert_eq!(list_field(&ns, "s", "Number of entries:"), "100000");
    let mut have = member_names(&ns, "s");
    let mut want = wanted;
    have.sort();
    want.sort();
    assert!(have == want, "content differs from the file");
    assert_eq!(
        stable_header(&ns, "s"),
        "family inet maxelem 262144 bucketsize 12"
    );
    assert_eq!(set_names(&ns), ["s"]);
}

#[test]
fn concurrent_replaces_never_interleave() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip"]);
    let a = addrs(0, 5000).join("\n");
    let b = addrs(100_000, 5000).join("\n");
    for _round in 0..3 {
        let (ra, rb) = std::thread::scope(|sc| {
            let ta = sc.spawn(|| ns.wiset_in(&["replace", "s"], &a));
            let tb = sc.spawn(|| ns.wiset_in(&["replace", "s"], &b));
            (ta.join().expect("a"), tb.join().expect("b"))
        });
        assert!(ra.code == 0 || rb.code == 0, "{ra:?} {rb:?}");
        let mut have = member_names(&ns, "s");
        have.sort();
        let mut want_a: Vec<String> = a.lines().map(String::from).collect();
        let mut want_b: Vec<String> = b.lines().map(String::from).collect();
        want_a.sort();
        want_b.sort();
        assert!(
            have == want_a || have == want_b,
            "content is neither input ({} entries)",
            have.len()
        );
        assert_eq!(set_names(&ns), ["s"]);
    }
}

#[test]
fn replace_removes_stale_temp_sets_of_dead_runs() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip"]);
    let dead = (100_000..4_000_000u32)
        .rev()
        .find(|p| !std::path::Path::new(&format!("/proc/{p}")).exists())
        .expect("a free pid");
    let stale = format!("{}{dead}", temp_prefix("s"));
    ns.ipset_ok(&["create", &stale, "hash:ip"]);
    ns.ipset_ok(&["add", &stale, "10.9.9.9"]);
    let o = ns.wiset_in(&["replace", "s"], "10.0.0.1\n");
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(member_names(&ns, "s"), ["10.0.0.1"]);
    assert_eq!(
        set_names(&ns),
        ["s"],
        "the stale temp set {stale} of a dead run is still there"
    );
}

#[test]
fn replace_interrupted_by_a_signal_leaves_the_live_set_whole() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip"]);
    ipset_fill(&ns, "s", addrs(0, 100));
    let before = members(&ns, "s");
    for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        let mut child = ns
            .command(WISET)
            .args(["replace", "s", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn wiset");
        let mut stdin = child.stdin.take().expect("stdin");
        // Some input, then keep stdin open: wiset is mid-replace.
        stdin
            .write_all(addrs(5000, 2000).join("\n").as_bytes())
            .expect("write");
        stdin.write_all(b"\n").expect("write");
        stdin.flush().expect("flush");
        let deadline = Instant::now() + Duration::from_secs(5);
        while temp_sets(&ns).is_empty() {
            assert!(
                Instant::now() < deadline,
                "no temp set appeared during replace"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        unsafe { libc::kill(child.id() as i32, sig) };
        let out = child.wait_with_output().expect("wait");
        drop(stdin);
        assert!(!out.status.success(), "signal {sig}: wiset succeeded");
        assert_eq!(
            members(&ns, "s"),
            before,
            "signal {sig}: the live set changed"
        );
        assert_eq!(
            set_names(&ns),
            ["s"],
            "signal {sig}: the temp set was left behind"
        );
        // Clean up for the next round if the temp set was left.
        for t in temp_sets(&ns) {
            ns.ipset_ok(&["destroy", &t]);
        }
    }
}

// ---------------------------------------------------------------- list -o table

#[test]
fn table_of_a_plain_set_has_only_the_entry_column() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "plain", "hash:ip"]);
    ns.ok(&["add", "plain", "192.0.2.1"]);
    ns.ok(&["add", "plain", "192.0.2.2"]);
    let o = ns.wiset(&["list", "-o", "table", "plain"]);
    assert_eq!(o.code, 0, "{o:?}");
    let t = &o.stdout;
    assert!(t.contains('┌') && t.contains('│'), "not a table:\n{t}");
    // The summary: name, type, entries.
    assert!(t.contains("plain") && t.contains("hash:ip"), "{t}");
    assert!(t.contains("Entries") || t.contains("entries"), "{t}");
    assert!(t.contains("Entry"), "{t}");
    for col in ["Timeout", "Packets", "Bytes", "Comment", "Skbmark", "Flags"] {
        assert!(
            !t.contains(col),
            "column {col} in a plain set's table:\n{t}"
        );
    }
    assert!(t.contains("192.0.2.1") && t.contains("192.0.2.2"), "{t}");
    assert!(!t.contains("Members:"), "{t}");
}

#[test]
fn table_shows_the_columns_the_set_has() {
    let Some(ns) = netns() else { return };
    ns.ok(&[
        "create", "rich", "hash:net", "counters", "comment", "timeout", "600",
    ]);
    ns.ok(&[
        "add",
        "rich",
        "192.0.2.0/24",
        "comment",
        "TEST-NET-1",
        "timeout",
        "100000",
        "packets",
        "42",
        "bytes",
        "4242",
    ]);
    ns.ok(&["add", "rich", "198.51.100.0/24", "timeout", "0"]);
    let o = ns.wiset(&["list", "-o", "table", "rich"]);
    assert_eq!(o.code, 0, "{o:?}");
    let t = &o.stdout;
    for col in ["Entry", "Timeout", "Packets", "Bytes", "Comment"] {
        assert!(t.contains(col), "no {col} column:\n{t}");
    }
    assert!(!t.contains("Skbmark"), "{t}");
    // Counters for people in a table (exact in plain, save and json).
    assert!(t.contains("TEST-NET-1") && t.contains("4.1 KiB"), "{t}");
    assert!(!t.contains("4242"), "{t}");
    // 100000 s (or 99999 s) remaining, for people.
    assert!(t.contains("1d 03h 46m"), "timeout not in human form:\n{t}");
    assert!(!t.contains("99999") && !t.contains("100000"), "{t}");
    // Header summary: the options are there.
    assert!(t.contains("counters") && t.contains("comment"), "{t}");
    let big = [
        "add",
        "-exist",
        "rich",
        "198.51.100.0/24",
        "timeout",
        "0",
        "packets",
        "1234567",
        "bytes",
        "48637279436",
    ];
    ns.ok(&big);
    let t = ns.ok(&["list", "-o", "table", "rich"]);
    assert!(t.contains("1.2 M") && t.contains("45.3 GiB"), "{t}");
    let plain = ns.ok(&["list", "rich"]);
    assert!(
        plain.contains("packets 1234567 bytes 48637279436"),
        "{plain}"
    );

    // skbinfo and nomatch columns appear when the set has them.
    ns.ok(&["create", "skb", "hash:net", "skbinfo"]);
    ns.ok(&["add", "skb", "10.0.0.0/8", "skbmark", "0x10/0xff"]);
    ns.ok(&["add", "skb", "10.1.0.0/16", "nomatch"]);
    let t = ns.ok(&["list", "-o", "table", "skb"]);
    assert!(t.contains("Skbmark") && t.contains("0x10/0xff"), "{t}");
    assert!(t.contains("nomatch"), "{t}");
    assert!(!t.contains("Comment") && !t.contains("Packets"), "{t}");
}

#[test]
fn table_for_terse_names_empty_and_several_sets() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "a", "hash:ip"]);
    ns.ok(&["create", "b", "hash:net", "comment"]);
    ns.ok(&["add", "a", "10.0.0.1"]);
    let all = ns.ok(&["list", "-o", "table"]);
    assert!(all.contains("10.0.0.1"), "{all}");
    assert!(
        all.find(" a ").unwrap_or(usize::MAX) < all.find(" b ").unwrap_or(0),
        "{all}"
    );
    let terse = ns.ok(&["-t", "list", "-o", "table"]);
    assert!(!terse.contains("10.0.0.1"), "members with -t:\n{terse}");
    assert!(terse.contains("hash:net"), "{terse}");
    let names = ns.ok(&["-n", "list", "-o", "table"]);
    assert_eq!(names, "a\nb\n");
    let empty = ns.wiset(&["list", "-o", "table", "b"]);
    assert_eq!(empty.code, 0, "{empty:?}");
    assert!(empty.stdout.contains("hash:net"), "{}", empty.stdout);
}

// ---------------------------------------------------------------- list -o json

#[test]
fn json_has_the_documented_schema() {
    let Some(ns) = netns() else { return };
    ns.ok(&[
        "create",
        "blocklist",
        "hash:net",
        "counters",
        "comment",
        "timeout",
        "600",
    ]);
    ns.ok(&[
        "add",
        "blocklist",
        "192.0.2.0/24",
        "comment",
        "TEST-NET-1",
        "timeout",
        "0",
        "packets",
        "5",
        "bytes",
        "300",
    ]);
    ns.ok(&["add", "blocklist", "198.51.100.0/24", "timeout", "100"]);
    let v = parse_json(&ns.wiset(&["list", "-o", "json"]));
    let sets = v.as_array().expect("an array");
    assert_eq!(sets.len(), 1);
    let s = &sets[0];
    assert_eq!(keys(s), ["name", "type", "revision", "header", "members"]);
    assert_eq!(s["name"], "blocklist");
    assert_eq!(s["type"], "hash:net");
    assert!(s["revision"].is_u64(), "{s}");
    let h = &s["header"];
    assert_eq!(
        keys(h),
        [
            "family",
            "hashsize",
            "maxelem",
            "timeout",
            "counters",
            "comment",
            "bucketsize",
            "initval",
            "memsize",
            "references",
            "numentries"
        ],
        "header keys in ipset's order"
    );
    assert_eq!(h["family"], "inet");
    assert_eq!(h["hashsize"], 1024);
    assert_eq!(h["maxelem"], 65536);
    assert_eq!(h["timeout"], 600);
    assert_eq!(h["counters"], true);
    assert_eq!(h["comment"], true);
    assert!(h["bucketsize"].is_u64(), "{h}");
    let iv = h["initval"].as_str().expect("initval is a string");
    assert!(
        iv.len() == 10 && iv.starts_with("0x") && iv[2..].chars().all(|c| c.is_ascii_hexdigit()),
        "initval {iv}"
    );
    assert!(h["memsize"].as_u64().is_some_and(|m| m > 0), "{h}");
    assert_eq!(h["references"], 0);
    assert_eq!(h["numentries"], 2);
    let members = s["members"].as_array().expect("members array");
    assert_eq!(members.len(), 2);
    let by_elem = |e: &str| {
        members
            .iter()
            .find(|m| m["elem"] == e)
            .unwrap_or_else(|| panic!("no member {e} in {s}"))
    };
    let m1 = by_elem("192.0.2.0/24");
    assert_eq!(keys(m1), ["elem", "timeout", "packets", "bytes", "comment"]);
    assert_eq!(m1["timeout"], 0);
    assert_eq!(m1["packets"], 5);
    assert_eq!(m1["bytes"], 300);
    assert_eq!(m1["comment"], "TEST-NET-1");
    let m2 = by_elem("198.51.100.0/24");
    assert_eq!(keys(m2), ["elem", "timeout", "packets", "bytes"]);
    let t = m2["timeout"].as_u64().expect("timeout is a number");
    assert!((90..=100).contains(&t), "{m2}");
    assert_eq!(m2["packets"], 0);
}

#[test]
fn json_options_of_other_types() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "skb", "hash:net", "skbinfo", "family", "inet6"]);
    ns.ok(&[
        "add",
        "skb",
        "2001:db8::/32",
        "skbmark",
        "0x10/0xff",
        "skbprio",
        "1:2",
        "skbqueue",
        "3",
    ]);
    ns.ok(&["add", "skb", "2001:db8:1::/48", "nomatch"]);
    ns.ok(&["create", "bm", "bitmap:port", "range", "1000-2000"]);
    ns.ok(&["add", "bm", "1500"]);
    ns.ok(&["create", "fa", "hash:ip", "forceadd", "maxelem", "10"]);
    ns.ok(&["create", "l", "list:set", "size", "4"]);
    ns.ok(&["add", "l", "bm"]);
    let v = parse_json(&ns.wiset(&["list", "-o", "json"]));
    let sets = v.as_array().expect("array");
    let set = |n: &str| {
        sets.iter()
            .find(|s| s["name"] == n)
            .unwrap_or_else(|| panic!("no set {n} in {v}"))
    };
    let skb = set("skb");
    assert_eq!(skb["header"]["family"], "inet6");
    assert_eq!(skb["header"]["skbinfo"], true);
    let m = skb["members"].as_array().expect("members");
    let full = m
        .iter()
        .find(|m| m["elem"] == "2001:db8::/32")
        .expect("member");
    assert_eq!(full["skbmark"], "0x10/0xff");
    assert_eq!(full["skbprio"], "1:2");
    assert_eq!(full["skbqueue"], 3);
    let nm = m
        .iter()
        .find(|m| m["elem"] == "2001:db8:1::/48")
        .expect("member");
    assert_eq!(nm["nomatch"], true);
    let bm = set("bm");
    assert_eq!(bm["header"]["range"], "1000-2000");
    assert_eq!(bm["members"][0]["elem"], "1500");
    assert_eq!(bm["header"]["references"], 1);
    assert_eq!(set("fa")["header"]["forceadd"], true);
    assert_eq!(set("fa")["header"]["maxelem"], 10);
    let l = set("l");
    assert_eq!(l["type"], "list:set");
    assert_eq!(l["header"]["size"], 4);
    assert_eq!(l["members"].as_array().expect("members").len(), 1);
    assert_eq!(l["members"][0]["elem"], "bm");
}

#[test]
fn json_names_terse_empty_and_several_sets() {
    let Some(ns) = netns() else { return };
    // No sets at all: an empty array.
    let v = parse_json(&ns.wiset(&["list", "-o", "json"]));
    assert_eq!(v, serde_json::json!([]));
    let v = parse_json(&ns.wiset(&["-n", "list", "-o", "json"]));
    assert_eq!(v, serde_json::json!([]));

    ns.ok(&["create", "a", "hash:ip"]);
    ns.ok(&["create", "b", "hash:net", "comment"]);
    ns.ok(&["create", "c", "list:set"]);
    ns.ok(&["add", "a", "10.0.0.1"]);
    ns.ok(&["add", "c", "a"]);

    let v = parse_json(&ns.wiset(&["-n", "list", "-o", "json"]));
    assert_eq!(
        v,
        serde_json::json!([{"name": "a"}, {"name": "b"}, {"name": "c"}])
    );
    let v = parse_json(&ns.wiset(&["list", "-n", "-o", "json", "b"]));
    assert_eq!(v, serde_json::json!([{"name": "b"}]));

    let v = parse_json(&ns.wiset(&["-t", "list", "-o", "json"]));
    let sets = v.as_array().expect("array");
    assert_eq!(sets.len(), 3);
    for s in sets {
        assert_eq!(keys(s), ["name", "type", "revision", "header"], "{s}");
        assert!(s["header"]["numentries"].is_u64(), "{s}");
    }
    assert_eq!(sets[0]["header"]["numentries"], 1);

    // An empty set has an empty members array.
    let v = parse_json(&ns.wiset(&["list", "-o", "json", "b"]));
    assert_eq!(v.as_array().expect("array").len(), 1);
    assert_eq!(v[0]["members"], serde_json::json!([]));
    assert_eq!(v[0]["header"]["numentries"], 0);

    // Several sets, full.
    let v = parse_json(&ns.wiset(&["list", "-o", "json"]));
    let names: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(v[0]["members"], serde_json::json!([{"elem": "10.0.0.1"}]));
}

#[test]
fn json_for_a_missing_set_is_not_half_a_document() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "a", "hash:ip"]);
    // A missing set: an error, exit 1, nothing on stdout that would be half a document.
    let o = ns.wiset(&["list", "-o", "json", "nope"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stdout.is_empty() || serde_json::from_str::<Value>(&o.stdout).is_ok(),
        "half a JSON document on stdout: {:?}",
        o.stdout
    );
}

#[test]
fn json_comments_with_special_characters() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip", "comment"]);
    let comments = [
        "<script>&amp;</script>",
        "back\\slash \\n \\u0041",
        "ünïcødé — 日本語 🚀",
        "tab\there",
        "single 'quotes' and {braces} [brackets], commas: ok",
    ];
    for (i, c) in comments.iter().enumerate() {
        ns.ok(&["add", "s", &format!("10.0.0.{}", i + 1), "comment", c]);
    }
    let v = parse_json(&ns.wiset(&["list", "-o", "json", "s"]));
    let members = v[0]["members"].as_array().expect("members");
    assert_eq!(members.len(), comments.len());
    for (i, c) in comments.iter().enumerate() {
        let e = format!("10.0.0.{}", i + 1);
        let m = members
            .iter()
            .find(|m| m["elem"] == e.as_str())
            .unwrap_or_else(|| panic!("no {e}"));
        assert_eq!(m["comment"], *c, "comment of {e}");
    }
    // The table shows them as they are, too.
    let t = ns.ok(&["list", "-o", "table", "s"]);
    assert!(t.contains("ünïcødé — 日本語 🚀"), "{t}");
    assert!(t.contains("<script>&amp;</script>"), "{t}");
}

// ---------------------------------------------------------------- default output

fn some_sets(ns: &Netns) {
    ns.ok(&["create", "a", "hash:ip", "counters"]);
    ns.ok(&["create", "b", "hash:net", "comment"]);
    ns.ok(&["create", "l", "list:set"]);
    ns.ok(&["add", "a", "10.0.0.1"]);
    ns.ok(&["add", "a", "10.0.0.2"]);
    ns.ok(&["add", "b", "10.20.30.0/24", "comment", "hello world"]);
    ns.ok(&["add", "l", "a"]);
}

#[test]
fn default_output_in_a_pipe_is_ipsets_plain() {
    let Some(ns) = netns() else { return };
    some_sets(&ns);
    let theirs = ns.ipset_ok(&["list"]);
    assert_eq!(ns.ok(&["list"]), theirs);
    assert_eq!(ns.ok(&["list", "-o", "plain"]), theirs);
    assert_eq!(ns.ok(&["list", "b"]), ns.ipset_ok(&["list", "b"]));
    assert_eq!(ns.ok(&["-t", "list"]), ns.ipset_ok(&["-t", "list"]));
    assert_eq!(ns.ok(&["-n", "list"]), ns.ipset_ok(&["-n", "list"]));
    // -o always wins.
    assert!(ns.ok(&["list", "-o", "table"]).contains('┌'));
}

#[test]
fn default_output_on_a_terminal_is_a_table() {
    let Some(ns) = netns() else { return };
    some_sets(&ns);
    let Some(o) = on_pty(&ns, &format!("stty cols 200; {WISET} list")) else {
        return;
    };
    assert_eq!(o.code, 0, "{o:?}");
    let t = &o.stdout;
    assert!(t.contains('┌') && t.contains("Entry"), "not a table:\n{t}");
    assert!(!t.contains("Members:"), "{t}");
    assert!(
        t.contains("10.20.30.0/24") && t.contains("hello world"),
        "{t}"
    );
    // -o wins on a terminal too.
    let o = on_pty(&ns, &format!("stty cols 200; {WISET} list -o plain")).expect("script");
    assert!(o.stdout.contains("Members:"), "{}", o.stdout);
    assert!(!o.stdout.contains('┌'), "{}", o.stdout);
    // save stays save.
    let o = on_pty(&ns, &format!("stty cols 200; {WISET} save")).expect("script");
    assert!(o.stdout.starts_with("create "), "{}", o.stdout);
}

#[test]
fn table_on_a_terminal_of_unknown_size_is_readable() {
    let Some(ns) = netns() else { return };
    some_sets(&ns);
    // Under script(1) with no terminal on stdin the pty reports 0 columns
    // (as serial consoles and some CI ptys do).
    let Some(o) = on_pty(&ns, &format!("stty size; {WISET} list")) else {
        return;
    };
    assert_eq!(o.code, 0, "{o:?}");
    let t = &o.stdout;
    for word in [
        "Entry",
        "10.20.30.0/24",
        "10.0.0.1",
        "hello world",
        "hash:net",
    ] {
        assert!(t.contains(word), "{word:?} is broken up:\n{t}");
    }
}

#[test]
fn table_on_an_80_column_terminal_keeps_entries_whole() {
    let Some(ns) = netns() else { return };
    ns.ok(&[
        "create", "s", "hash:net", "family", "inet6", "counters", "comment", "timeout", "600",
        "skbinfo",
    ]);
    ns.ok(&[
        "add",
        "s",
        "2001:db8:1234:5678::/64",
        "comment",
        "blocked after repeated SSH brute force attempts from this net",
        "skbmark",
        "0x10",
    ]);
    let Some(o) = on_pty(&ns, &format!("stty cols 80; {WISET} list s")) else {
        return;
    };
    assert_eq!(o.code, 0, "{o:?}");
    // Comments may wrap; the entry itself must stay on one line so that
    // people can read and copy it.
    assert!(
        o.stdout.contains("2001:db8:1234:5678::/64"),
        "the entry is wrapped on an 80-column terminal:\n{}",
        o.stdout
    );
}

// ---------------------------------------------------------------- test --from

#[test]
fn test_from_prints_the_hits_in_input_order() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:net"]);
    ns.ok(&["add", "s", "10.0.0.0/8"]);
    ns.ok(&["add", "s", "192.168.1.1"]);
    let input =
        "192.168.1.1\n8.8.8.8\n10.1.2.3\n\n# a comment\n  10.9.9.9  \r\n1.1.1.1\n192.168.1.1\n";
    let file = TempFile::new("from", input);
    let o = ns.wiset(&["test", "s", "--from", file.path()]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.stdout, "192.168.1.1\n10.1.2.3\n10.9.9.9\n192.168.1.1\n");
    assert_eq!(o.stderr, "");
    // stdin, with `-`
    let o = ns.wiset_in(&["test", "s", "--from", "-"], "1.1.1.1\n10.0.0.1\n");
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.stdout, "10.0.0.1\n");
    // none matched: exit 1, nothing printed
    let o = ns.wiset_in(&["test", "s", "--from", "-"], "1.1.1.1\n2.2.2.2\n");
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(o.stdout, "");
    assert_eq!(o.stderr, "", "a miss is not an error");
    // empty input: nothing matched
    let o = ns.wiset_in(&["test", "s", "--from", "-"], "");
    assert_eq!(o.code, 1, "{o:?}");
    // the set is unchanged by testing
    assert_eq!(member_names(&ns, "s"), ["10.0.0.0/8", "192.168.1.1"]);
}

#[test]
fn test_from_bad_line_and_missing_set() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip"]);
    ns.ok(&["add", "s", "10.0.0.1"]);
    let o = ns.wiset_in(
        &["test", "s", "--from", "-"],
        "10.0.0.1\n10.0.0.2\n10.0.0.3/40\n",
    );
    assert_eq!(o.code, 2, "an error is not a miss: {o:?}");
    assert!(
        o.stderr.starts_with("wiset: Error in line 3: "),
        "{}",
        o.stderr
    );
    let o = ns.wiset_in(&["test", "nope", "--from", "-"], "10.0.0.1\n");
    assert_eq!(o.code, 2, "an error is not a miss: {o:?}");
    assert!(
        o.stderr.starts_with("wiset: ") && o.stderr.contains("does not exist"),
        "{}",
        o.stderr
    );
    let o = ns.wiset(&["test", "s", "--from", "/nonexistent/file"]);
    assert_eq!(o.code, 2, "an error is not a miss: {o:?}");
    assert!(
        o.stderr.starts_with("wiset: ") && o.stderr.contains("/nonexistent/file"),
        "{}",
        o.stderr
    );
}

#[test]
fn test_from_10k_entries() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip"]);
    // Every third address is in the set.
    let all = addrs(0, 10_000);
    ipset_fill(&ns, "s", all.iter().step_by(3).cloned());
    // Input in a scrambled but fixed order (7919 is prime to 10000).
    let order: Vec<&String> = (0..10_000usize).map(|i| &all[i * 7919 % 10_000]).collect();
    let mut input = String::new();
    let mut want = String::new();
    for a in &order {
        input.push_str(a);
        input.push('\n');
        let idx = all.iter().position(|x| x == *a).expect("in all");
        if idx % 3 == 0 {
            want.push_str(a);
            want.push('\n');
        }
    }
    let started = Instant::now();
    let o = ns.wiset_in(&["test", "s", "--from", "-"], &input);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(o.stdout.lines().count(), 3334);
    assert!(o.stdout == want, "hits differ from the expected, in order");
}

// ---------------------------------------------------------------- closed pipes

#[test]
fn closed_stdout_is_not_an_error() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip", "comment"]);
    ipset_fill(&ns, "s", addrs(0, 20_000));
    let hits = addrs(0, 20_000).join("\n");
    let runs: &[&[&str]] = &[
        &["list"],
        &["list", "s"],
        &["save"],
        &["list", "-o", "json"],
        &["list", "-o", "xml"],
        &["list", "-o", "table"],
        &["test", "s", "--from", "-"],
    ];
    for args in runs {
        let mut child = ns
            .command(WISET)
            .args(*args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn wiset");
        let mut stdin = child.stdin.take().expect("stdin");
        let data = hits.clone();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(data.as_bytes());
        });
        let mut first = String::new();
        {
            let mut r = BufReader::new(child.stdout.take().expect("stdout"));
            r.read_line(&mut first).expect("read a line");
        } // the read end is closed here, like `| head -1`
        assert!(!first.is_empty(), "{args:?}: no output");
        let out = child.wait_with_output().expect("wait");
        let _ = writer.join();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(0),
            "wiset {args:?} | head -1: exit {:?}, stderr {stderr}",
            out.status
        );
        assert_eq!(stderr, "", "wiset {args:?} | head -1");
    }
}

// ---------------------------------------------------------------- exit codes and messages

#[test]
fn exit_codes_and_the_wiset_prefix() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip"]);

    // Kernel/set errors: exit 1, one line with the prefix.
    let o = ns.wiset(&["add", "nope", "10.0.0.1"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stderr,
        "wiset: The set with the given name does not exist\n"
    );
    assert_eq!(o.stdout, "");
    // Usage errors: exit 2, with the help hint.
    let o = ns.wiset(&["add", "s"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.starts_with("wiset: "), "{}", o.stderr);
    assert!(
        o.stderr
            .ends_with("Try `wiset help' for more information.\n"),
        "{}",
        o.stderr
    );
    let o = ns.wiset(&["frobnicate"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.starts_with("wiset: "), "{}", o.stderr);
    // A test miss: exit 1, a notice, no error prefix needed.
    let o = ns.wiset(&["test", "s", "10.9.9.9"]);
    assert_eq!(o.code, 1);
    assert_eq!(o.stderr, "10.9.9.9 is NOT in set s.\n");
    // Success: exit 0, silent.
    let o = ns.wiset(&["add", "s", "10.9.9.9"]);
    assert_eq!((o.code, o.stdout.as_str(), o.stderr.as_str()), (0, "", ""));
    let o = ns.wiset(&["add", "s", "10.9.9.9"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.starts_with("wiset: "), "{}", o.stderr);
    assert_eq!(ns.wiset(&["-exist", "add", "s", "10.9.9.9"]).code, 0);
    // Unknown output mode.
    let o = ns.wiset(&["list", "-o", "yaml"]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.starts_with("wiset: "), "{}", o.stderr);
    assert_eq!(o.stdout, "");
}

#[test]
fn quiet_suppresses_messages_but_keeps_exit_codes() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip"]);
    let cases: &[(&[&str], &str, i32)] = &[
        (&["-q", "add", "nope", "10.0.0.1"], "", 1),
        (&["add", "-q", "nope", "10.0.0.1"], "", 1),
        (&["-quiet", "add", "s"], "", 2),
        (&["-q", "frobnicate"], "", 2),
        (&["-q", "test", "s", "10.9.9.9"], "", 1),
        (&["-q", "destroy", "nope"], "", 1),
        (&["-q", "list", "nope"], "", 1),
    ];
    for (args, stdin, code) in cases {
        let o = ns.wiset_in(args, stdin);
        assert_eq!(o.code, *code, "wiset {args:?}: {o:?}");
        assert_eq!(o.stderr, "", "wiset {args:?} printed a message");
    }
    // wiset's own commands keep their errors: cron mails stderr, and a
    // failed replace must not pass unseen.
    let own: &[(&[&str], &str, i32, &str)] = &[
        (
            &["-q", "replace", "s"],
            "10.0.0.1\n10.0.0.2/40\n",
            1,
            "wiset: Error in line 2: ",
        ),
        (
            &["-q", "replace", "nope"],
            "10.0.0.1\n",
            1,
            "wiset: The set with the given name does not exist",
        ),
        (
            &["-q", "test", "s", "--from", "-"],
            "10.0.0.1/40\n",
            2,
            "wiset: Error in line 1: ",
        ),
    ];
    for (args, stdin, code, said) in own {
        let o = ns.wiset_in(args, stdin);
        assert_eq!(o.code, *code, "wiset {args:?}: {o:?}");
        assert!(o.stderr.starts_with(said), "wiset {args:?}: {o:?}");
    }
    assert!(member_names(&ns, "s").is_empty());
    assert_eq!(set_names(&ns), ["s"]);
}

// ---------------------------------------------------------------- --netns

/// Deletes the named network namespace when dropped, whatever happened.
#[test]
fn netns_option_works_in_the_named_namespace() {
    let Some(ns) = netns() else { return };
    let Some(guard) = NamedNetns::add("test") else {
        return;
    };
    let name = guard.0.clone();

    let o = ns.wiset(&["--netns", &name, "create", "s", "hash:ip"]);
    assert_eq!(o.code, 0, "{o:?}");
    let o = ns.wiset(&["add", "s", "10.0.0.1", "--netns", &name]);
    assert_eq!(o.code, 0, "{o:?}");
    let o = ns.wiset_in(&["--netns", &name, "replace", "s"], "10.0.0.2\n10.0.0.3\n");
    assert_eq!(o.code, 0, "{o:?}");

    // Not in the test's own namespace...
    assert!(set_names(&ns).is_empty(), "{:?}", set_names(&ns));
    // ...but in the named one.
    let there = Command::new("ip")
        .args(["netns", "exec", &name, "ipset", "list", "-n"])
        .output()
        .expect("ip netns exec");
    assert!(there.status.success(), "{there:?}");
    assert_eq!(String::from_utf8_lossy(&there.stdout), "s\n");
    let save = Command::new("ip")
        .args(["netns", "exec", &name, "ipset", "save", "s"])
        .output()
        .expect("ip netns exec");
    let save = String::from_utf8_lossy(&save.stdout);
    assert!(
        save.contains("add s 10.0.0.2\n") && save.contains("add s 10.0.0.3\n"),
        "{save}"
    );
    assert!(!save.contains("add s 10.0.0.1\n"), "{save}");
    // wiset sees it there too.
    assert_eq!(ns.ok(&["--netns", &name, "list", "-n"]), "s\n");

    // A namespace that does not exist: exit 1, named in the message.
    let o = ns.wiset(&["--netns", "wiset-no-such-ns", "list"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.starts_with("wiset: ") && o.stderr.contains("wiset-no-such-ns"),
        "{}",
        o.stderr
    );
    drop(guard);
    assert!(
        !std::path::Path::new(&format!("/run/netns/{name}")).exists(),
        "named namespace not deleted"
    );
}

// ---------------------------------------------------------------- version

#[test]
fn version_names_wiset_and_the_protocol() {
    let Some(ns) = netns() else { return };
    let o = ns.wiset(&["version"]);
    assert_eq!(o.code, 0, "{o:?}");
    let want = format!(
        "wiset v{}, protocol version: 7\n",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(o.stdout, want);
    assert_eq!(ns.ok(&["-v"]), want);
    assert_eq!(o.stderr, "");
}

#[test]
fn interactive_mode_runs_each_line_and_survives_errors() {
    let Some(ns) = netns() else { return };
    let out = ns.wiset_in(
        &["-"],
        "create a hash:ip\nadd a 1.1.1.1\nadd a 1.1.1.1\nfoo\ntest a 1.1.1.1\nquit\nadd a 2.2.2.2\n",
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.starts_with("wiset> "), "{out:?}");
    assert!(
        out.stderr
            .contains("wiset: Element cannot be added to the set: it's already added"),
        "{out:?}"
    );
    assert!(out.stderr.contains("unknown argument foo"), "{out:?}");
    assert!(
        out.stderr.contains("Warning: 1.1.1.1 is in set a."),
        "{out:?}"
    );
    // `quit` ended the session: the line after it never ran.
    let listed = ns.ipset_ok(&["list", "a"]);
    assert!(
        listed.contains("1.1.1.1") && !listed.contains("2.2.2.2"),
        "{listed}"
    );
}

/// A set larger than one chunk is tabled as it is listed, in one frame:
/// every member once, every row as wide as the first chunk made the
/// columns (a wider cell widens only its own row, never cut).
#[test]
fn table_of_a_large_set_streams_every_member_in_one_frame() {
    let Some(ns) = netns() else { return };
    let mut script = String::from("create big hash:ip counters comment maxelem 100000\n");
    for i in 0..10_000u32 {
        let comment = if i == 7_777 {
            "x".repeat(200)
        } else {
            format!("c{}", i % 97)
        };
        script.push_str(&format!(
            "add big 10.0.{}.{} packets {} bytes {} comment \"{comment}\"\n",
            i >> 8,
            i & 255,
            i * 3,
            u64::from(i) * 4096
        ));
    }
    support::ipset_script(&ns, &script);
    let t = ns.ok(&["list", "-o", "table", "big"]);
    let rows: Vec<&str> = t
        .lines()
        .skip_while(|l| !l.starts_with("│ Entry"))
        .skip(2)
        .take_while(|l| l.starts_with('│'))
        .collect();
    assert_eq!(rows.len(), 10_000, "{}", &t[..t.len().min(2000)]);
    // Which members come in the first chunk is the kernel's hash order (a
    // random initval): the columns are as wide as that chunk's widest cells,
    // and a row is wider only where one of its cells is wider than that.
    let cells = |r: &str| -> Vec<usize> {
        (r.trim_matches('│').split('┆'))
            .map(|c| c.trim().chars().count())
            .collect()
    };
    let width = rows[0].chars().count();
    let columns: Vec<usize> = (rows[0].trim_matches('│').split('┆'))
        .map(|c| c.chars().count() - 2)
        .collect();
    for r in &rows {
        let n = r.chars().count();
        assert!(n >= width, "a row narrower than the first: {r}");
        let overflows = cells(r).iter().zip(&columns).any(|(c, w)| c > w);
        assert_eq!(n > width, overflows, "widths {columns:?}: {r}");
    }
    for r in &rows {
        let c: Vec<&str> = r.trim_matches('│').split('┆').map(str::trim).collect();
        let i = match c[0].split('.').collect::<Vec<_>>()[..] {
            [_, _, a, b] => a.parse::<u32>().unwrap() * 256 + b.parse::<u32>().unwrap(),
            _ => panic!("not an address: {r}"),
        };
        let comment = if i == 7_777 {
            "x".repeat(200)
        } else {
            format!("c{}", i % 97)
        };
        assert_eq!(c[3], comment, "every cell whole: {r}");
    }
    let mut seen: Vec<String> = rows
        .iter()
        .map(|r| {
            r.trim_start_matches("│ ")
                .split(' ')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    seen.sort();
    let mut want = member_names(&ns, "big");
    want.sort();
    assert_eq!(seen, want);
    assert!(t.ends_with("┘\n"), "the frame is closed");
    assert!(
        t.contains("x".repeat(200).as_str()),
        "the long comment is whole"
    );
}

/// The bash completion, driven as bash drives it (COMP_LINE, COMP_POINT,
/// COMP_WORDS, COMP_CWORD), knows the kernel: set names where a set is
/// named, the types after `create SET` (colons and all), a type's options
/// after it, `-o` formats; and clap's completion for the rest.
#[test]
fn bash_completion_knows_the_kernel() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "blocklist", "hash:ip"]);
    ns.ok(&["create", "allow", "hash:net"]);
    let bin = std::path::Path::new(WISET)
        .parent()
        .unwrap()
        .display()
        .to_string();
    let files = support::TempPath::dir("completion");
    std::fs::write(format!("{}/feed.txt", files.path()), "").unwrap();
    let script = format!(
        "export PATH={bin}:$PATH\n\
         source {}/completions/wiset.bash\n\
         c() {{ COMP_LINE=\"$1\"; COMP_POINT=${{#COMP_LINE}}; read -r -a COMP_WORDS <<< \"$COMP_LINE\"; \
         [[ \"$COMP_LINE\" == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); COMPREPLY=(); \
         _wiset_kernel wiset \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; echo \"${{COMPREPLY[*]}}\"; }}\n\
         c 'wiset list '\nc 'wiset del b'\nc 'wiset create new '\nc 'wiset create new hash:i'\n\
         c 'wiset create new bitmap:port '\nc 'wiset -o '\nc 'wiset swap blocklist '\nc 'wiset li'\n\
         c 'wiset replace blocklist --min-entries 5 {dir}/fe'\nc 'wiset -f {dir}/fe'\n\
         c 'wiset translate --table t blocklist '\n",
        env!("CARGO_MANIFEST_DIR"),
        dir = files.path()
    );
    let o = ns.run("bash", &["-c", &script], "");
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{o:?}");
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines[0], "blocklist allow");
    assert_eq!(lines[1], "blocklist");
    assert!(
        lines[2].starts_with("bitmap:ip bitmap:ip,mac bitmap:port hash:ip "),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3], "ip ip,mac ip,mark ip,port ip,port,ip ip,port,net");
    assert_eq!(
        lines[4].split(' ').collect::<Vec<_>>(),
        ["range", "timeout", "counters", "comment", "skbinfo"]
    );
    assert_eq!(lines[5], "plain save xml json table");
    assert_eq!(lines[6], "blocklist allow");
    assert_eq!(lines[7], "list");
    // Where a file is taken, files.
    let feed = format!("{}/feed.txt", files.path());
    assert_eq!(
        (lines[8], lines[9]),
        (feed.as_str(), feed.as_str()),
        "{lines:?}"
    );
    assert_eq!(lines[10], "blocklist allow");
}

/// Tables are coloured on a terminal (titles bold, nomatch red, timeouts
/// about to run out yellow), never in a pipe or with NO_COLOR unless
/// `--color always`; plain output never. Colour does not move a column.
#[test]
fn tables_colour_only_where_asked() {
    let Some(ns) = netns() else { return };
    let mut script = String::from(
        "create s hash:net timeout 600\nadd s 10.1.0.0/16 nomatch\nadd s 10.0.0.0/8 timeout 30\n",
    );
    for i in 0..5000u32 {
        script.push_str(&format!("add s 11.{}.{}.0/24\n", i >> 8, i & 255));
    }
    support::ipset_script(&ns, &script);
    let esc = "\x1b[";
    let strip = |t: &str| {
        let mut out = String::new();
        let mut it = t.chars().peekable();
        while let Some(c) = it.next() {
            if c == '\x1b' {
                for d in it.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    // The big set streams; a small one is laid out whole: both coloured.
    ns.ipset_ok(&["create", "small", "hash:net"]);
    ns.ipset_ok(&["add", "small", "10.2.0.0/16", "nomatch"]);
    for set in ["s", "small"] {
        let always = ns.ok(&["list", "-o", "table", "--color", "always", set]);
        assert!(always.contains(esc), "{set}: no colour with --color always");
        let plain_table = ns.ok(&["list", "-o", "table", set]);
        assert!(!plain_table.contains(esc), "{set}: colour in a pipe");
        assert_eq!(strip(&always), plain_table, "{set}: colour moved something");
        let never = ns.ok(&["--color=never", "list", "-o", "table", set]);
        assert_eq!(never, plain_table);
        let mut c = ns.command(support::WISET);
        c.args(["list", "-o", "table", "--color", "auto", set])
            .env("NO_COLOR", "1");
        let out = c.output().unwrap();
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains(esc),
            "{set}: NO_COLOR"
        );
    }
    let t = ns.ok(&["list", "-o", "table", "--color", "always", "small"]);
    assert!(t.contains("nomatch") && t.contains("\x1b[38;5;9m"), "{t:?}");
    assert!(
        !ns.ok(&["list", "--color", "always", "s"]).contains(esc),
        "plain output coloured"
    );
    let o = ns.wiset(&["--color", "bogus", "list", "s"]);
    assert_eq!(o.code, 2, "{o:?}");
}

/// On a narrow terminal (a pty of 60 columns) the tables fit it without
/// splitting a word: the summary turns to a field per line, and only the
/// options and comments wrap, at their blanks.
#[test]
fn narrow_terminals_split_no_word() {
    let Some(ns) = netns() else { return };
    ns.ipset_ok(&["create", "blocklist", "hash:net", "counters", "comment"]);
    let comment = "a fairly long comment that has to wrap somewhere";
    ns.ipset_ok(&[
        "add",
        "blocklist",
        "10.0.0.0/8",
        "packets",
        "123456",
        "bytes",
        "99999999",
        "comment",
        comment,
    ]);
    let cmd = format!(
        "stty cols 60; {} --color never list blocklist",
        support::WISET
    );
    let o = ns.run("script", &["-qec", &cmd, "/dev/null"], "");
    assert_eq!(o.code, 0, "{o:?}");
    let t = o.stdout.replace('\r', "");
    for line in t.lines() {
        assert!(
            line.chars().count() <= 60,
            "wider than the terminal: {line}\n{t}"
        );
    }
    let cells: Vec<String> = t
        .lines()
        .flat_map(|l| l.split(['│', '┆']).map(|c| c.trim().to_string()))
        .filter(|c| !c.is_empty())
        .collect();
    for word in [
        "References",
        "blocklist",
        "hash:net (rev 7)",
        "10.0.0.0/8",
        "123.5 k",
        "95.4 MiB",
    ] {
        assert!(
            cells.iter().any(|c| c == word),
            "{word} split or missing:\n{t}"
        );
    }
    // The wrapped texts lose no word.
    let text: Vec<&str> = cells.iter().flat_map(|c| c.split(' ')).collect();
    for word in comment.split(' ').chain(["bucketsize", "maxelem", "65536"]) {
        assert!(text.contains(&word), "{word} lost:\n{t}");
    }
}

/// `-sorted` orders JSON members as it orders ipset's plain listing (and
/// leaves the members of other sets in the kernel's order).
#[test]
fn json_is_sorted_as_the_plain_listing() {
    let Some(ns) = netns() else { return };
    // A fixed initval fixes the kernel's order, which must not be sorted
    // already (with a random one it sometimes is).
    ns.ok(&[
        "create",
        "h",
        "hash:net",
        "comment",
        "initval",
        "0x12345678",
    ]);
    for net in [
        "10.0.0.0/8",
        "9.0.0.0/16",
        "10.0.0.0/16",
        "192.0.2.7",
        "10.20.0.0/16",
    ] {
        ns.ok(&["add", "h", net, "comment", &format!("c {net}")]);
    }
    let plain = ns.ipset_ok(&["list", "-s", "h"]);
    let ipset_order: Vec<&str> = plain
        .split("Members:\n")
        .nth(1)
        .expect("members")
        .lines()
        .map(|l| l.split(' ').next().unwrap_or_default())
        .collect();
    let v = parse_json(&ns.wiset(&["-s", "-o", "json", "list", "h"]));
    let json_order: Vec<&str> = v[0]["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["elem"].as_str().expect("elem"))
        .collect();
    assert_eq!(json_order, ipset_order);
    let unsorted = parse_json(&ns.wiset(&["-o", "json", "list", "h"]));
    assert_ne!(
        unsorted[0]["members"], v[0]["members"],
        "the kernel's order is already sorted"
    );
}

/// A sorted listing of a set larger than the exact-replay limit (the fast
/// numeric key) is ipset's own, byte for byte: hosts, networks, nested
/// prefixes, in plain and save form.
#[test]
fn large_sorted_listings_are_ipsets() {
    let Some(ns) = netns() else { return };
    let mut script = String::from("create big hash:net maxelem 100000\n");
    for i in 0..3000u32 {
        let (a, b) = (i % 7 * 37, i / 7);
        script.push_str(&format!(
            "add big {a}.{}.{}.0/{}\n",
            b % 256,
            i % 256,
            16 + i % 17
        ));
        script.push_str(&format!("add big 10.{}.{}.{}\n", i % 256, b % 256, i % 199));
    }
    support::ipset_script(&ns, &script);
    for args in [&["-s", "list", "big"][..], &["-s", "save", "big"]] {
        let theirs = ns.ipset_ok(args);
        let o = ns.wiset(&[&["-o", "plain"][..], args].concat());
        assert_eq!(o.code, 0, "{}", o.stderr);
        let mine = if args[1] == "save" {
            ns.ok(args)
        } else {
            o.stdout
        };
        assert!(theirs.lines().count() > 4000, "{theirs}");
        assert!(
            mine == theirs,
            "wiset {args:?} differs from ipset's sorted order"
        );
    }
}
