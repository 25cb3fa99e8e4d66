//! ipset-translate: ipset 7.17's own `ipset-translate` against wiset
//! installed under that name (a symlink) and against `wiset
//! ipset-translate`, on restore files for every set type and option, and on
//! its command lines. stdout must be identical byte for byte; stderr after
//! `normalize_stderr`; the exit code the same.

use super::support::{Netns, Out, TempPath, WISET, normalize_stderr};

/// One run of ipset-translate.
pub struct TCase {
    pub name: String,
    pub argv: Vec<String>,
    pub stdin: String,
    /// Where wiset deliberately does otherwise (the case must still differ).
    pub differs: Option<&'static str>,
}

fn restore(name: &str, lines: &[&str]) -> TCase {
    let mut stdin = lines.join("\n");
    stdin.push('\n');
    TCase {
        name: name.to_string(),
        argv: vec!["restore".into()],
        stdin,
        differs: None,
    }
}

fn argv(line: &str) -> TCase {
    TCase {
        name: format!("argv: {line}"),
        argv: super::cases::words(line),
        stdin: String::new(),
        differs: None,
    }
}

/// The creates of each set type: plain, each option alone, and all of
/// them, with `range` for bitmaps.
fn creates() -> Vec<(String, String)> {
    let types: &[(&str, &str, &[&str])] = &[
        (
            "hash:ip",
            "",
            &[
                "family inet6",
                "netmask 24",
                "netmask 32",
                "family inet6 netmask 64",
                "family inet6 netmask 128",
                "maxelem 7 hashsize 1024",
                "bucketsize 4",
                "initval 0x1234",
                "forceadd",
                "-4",
                "-6",
            ],
        ),
        ("hash:net", "", &["family inet6", "maxelem 1", "forceadd"]),
        ("hash:ip,port", "", &["family inet6", "maxelem 65536"]),
        ("hash:net,port", "", &["family inet6", "maxelem 2"]),
        ("hash:ip,port,ip", "", &["family inet6"]),
        ("hash:ip,port,net", "", &["family inet6"]),
        ("hash:net,iface", "", &["family inet6", "maxelem 3"]),
        (
            "bitmap:ip",
            "range 10.0.0.0/24",
            &[
                "netmask 28",
                "netmask 32",
                "range 10.0.0.0-10.0.1.255 netmask 24",
            ],
        ),
        ("bitmap:ip,mac", "range 10.0.0.0/24", &[]),
        ("bitmap:port", "range 0-1000", &["range 1-1"]),
        ("list:set", "", &["size 4"]),
        ("hash:ip,mark", "", &[]),
        ("hash:mac", "", &[]),
        ("hash:ip,mac", "", &[]),
        ("hash:net,net", "", &[]),
        ("hash:net,port,net", "", &[]),
    ];
    let common = [
        "",
        "timeout 5",
        "timeout 0",
        "timeout 2147483",
        "counters",
        "comment",
        "skbinfo",
        "counters comment",
        "timeout 5 counters",
        "timeout 5 comment skbinfo",
        "timeout 600 counters comment",
    ];
    let mut out = Vec::new();
    for (t, range, extra) in types {
        for opt in common.iter().chain(extra.iter()) {
            let line = format!("create s {t} {range} {opt}");
            out.push((
                t.to_string(),
                line.split_whitespace().collect::<Vec<_>>().join(" "),
            ));
        }
    }
    out
}

/// Entries of each type (for a set `s` created plain, `t` with timeout,
/// counters and comment).
fn entries(t: &str) -> &'static [&'static str] {
    match t {
        "hash:ip" => &[
            "1.2.3.4",
            "001.2.3.4",
            "localhost",
            "10.0.0.1/32",
            "10.0.0.1/31",
            "10.0.0.0/30",
            "10.0.0.1-10.0.0.7",
            "0.0.0.0",
        ],
        "hash:net" => &[
            "10.0.0.1",
            "10.0.0.1/32",
            "10.0.0.1/8",
            "10.0.0.0/0",
            "10.0.0.1-10.0.0.7",
            "10.0.0.0/8 nomatch",
        ],
        "hash:ip,port" => &[
            "1.2.3.4,tcp:80",
            "1.2.3.4,udp:53",
            "1.2.3.4,80",
            "1.2.3.4,ftp",
            "1.2.3.4,tcp:http",
            "1.2.3.4,icmp:ping",
            "1.2.3.4,icmp:3/1",
            "1.2.3.4,icmp:255/255",
            "1.2.3.4,sctp:5",
            "1.2.3.4,udplite:5",
            "1.2.3.4,47:0",
            "1.2.3.4,255:0",
            "1.2.3.4,esp:0",
            "1.2.3.4,tcp:80-82",
            "1.2.3.4,udp:0",
            "1.2.3.1-1.2.3.4,80",
            "1.2.3.0/30,80",
        ],
        "hash:net,port" => &[
            "1.0.0.0/8,tcp:22",
            "1.0.0.1,udp:53",
            "1.0.0.0/8,icmp:echo-request",
            "1.0.0.0-1.0.0.9,80-81",
            "1.0.0.0/8,22 nomatch",
        ],
        "hash:ip,port,ip" => &[
            "1.1.1.1,80,2.2.2.2",
            "1.1.1.1,udp:53,2.2.2.2",
            "1.1.1.0/31,80,2.2.2.2",
        ],
        "hash:ip,port,net" => &[
            "1.1.1.1,tcp:80,10.0.0.1/8",
            "1.1.1.1,80,10.0.0.1",
            "1.1.1.0/30,80-81,10.0.0.1-10.0.0.2",
            "1.1.1.1,80,10.0.0.0/8 nomatch",
        ],
        "hash:net,iface" => &[
            "10.0.0.0/8,eth0",
            "10.0.0.0/8,eth+",
            "10.0.0.0/8,eth0 wildcard",
            "10.0.0.1,physdev:veth1",
            "10.0.0.0/8,eth0 nomatch",
            "10.0.0.0-10.0.0.3,lo",
        ],
        "bitmap:ip" => &["10.0.0.1", "10.0.0.0/28", "10.0.0.0-10.0.0.40"],
        "bitmap:ip,mac" => &[
            "10.0.0.1,AA:BB:CC:DD:EE:FF",
            "10.0.0.2",
            "10.0.0.3,00:00:00:00:00:01",
        ],
        "bitmap:port" => &["80", "tcp:80", "10-20", "http", "0"],
        "list:set" => &["a", "a before b", "a after b"],
        _ => &[],
    }
}

fn v6_entries(t: &str) -> &'static [&'static str] {
    match t {
        "hash:ip" => &["::1", "2001:0db8:0::1", "::ffff:1.2.3.4", "2001:db8::/126"],
        "hash:net" => &["2001:db8::1/32", "2001:db8::/64", "::/0"],
        "hash:ip,port" => &[
            "::1,tcp:80",
            "::1,icmpv6:ping",
            "::1,icmpv6:1/2",
            "::1,ipv6-icmp:1",
        ],
        "hash:ip,port,ip" => &["::1,tcp:80,::2", "::1,icmpv6:ping,::2"],
        "hash:ip,port,net" => &["::1,80,2001:db8::/64"],
        "hash:net,port" => &["2001:db8::/64,udp:53"],
        "hash:net,iface" => &["2001:db8::/64,eth0"],
        _ => &[],
    }
}

pub fn cases() -> Vec<TCase> {
    let mut out = Vec::new();
    // Every create alone, each in a file of its own.
    for (_, line) in creates() {
        out.push(restore(&format!("create: {line}"), &[&line]));
    }
    // Every entry of every type, for a plain set and for one with timeout,
    // counters and comment, with each of add, del and test.
    for (t, range) in [
        ("hash:ip", ""),
        ("hash:net", ""),
        ("hash:ip,port", ""),
        ("hash:net,port", ""),
        ("hash:ip,port,ip", ""),
        ("hash:ip,port,net", ""),
        ("hash:net,iface", ""),
        ("bitmap:ip", "range 10.0.0.0/24"),
        ("bitmap:ip,mac", "range 10.0.0.0/24"),
        ("bitmap:port", "range 0-1000"),
        ("list:set", ""),
    ] {
        for (fam, list) in [("", entries(t)), ("family inet6", v6_entries(t))] {
            if list.is_empty() {
                continue;
            }
            let mut lines = vec![
                format!("create s {t} {range} {fam}"),
                format!("create t {t} {range} {fam} timeout 600 counters comment"),
            ];
            for e in list {
                for cmd in ["add", "del", "test"] {
                    if cmd == "test" && (e.contains('-') || e.contains('/')) && t != "hash:net" {
                        continue;
                    }
                    lines.push(format!("{cmd} s {e}"));
                }
                lines.push(format!("add t {e}"));
                if !e.contains(' ') {
                    lines.push(format!(
                        "add t {e} timeout 30 packets 5 bytes 600 comment \"a b\""
                    ));
                }
            }
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            out.push(restore(&format!("entries of {t} {fam}"), &lines));
        }
    }
    let more: &[(&str, &[&str])] = &[
        (
            "netmask on entries",
            &[
                "create s hash:ip netmask 24",
                "add s 1.2.3.4",
                "add s 10.0.0.1/30",
                "add s 10.0.0.1-10.0.0.3",
                "create t hash:ip family inet6 netmask 64",
                "add t ::1",
                "create u bitmap:ip range 10.0.0.0/24 netmask 28",
                "add u 10.0.0.1",
                "add u 10.0.0.0/28",
                "add u 10.0.0.0-10.0.0.40",
            ],
        ),
        (
            "counters need both",
            &[
                "create s hash:ip counters",
                "add s 1.2.3.4 packets 5",
                "add s 1.2.3.4 bytes 5",
                "add s 1.2.3.4 packets 0 bytes 0",
                "add s 1.2.3.4 bytes 1 packets 2",
            ],
        ),
        (
            "options on a plain set",
            &[
                "create s hash:ip",
                "add s 1.2.3.4 packets 5 bytes 6",
                "add s 1.2.3.4 timeout 5",
                "add s 1.2.3.4 comment x",
                "add s 1.2.3.4 comment 'x'",
            ],
        ),
        (
            "timeouts",
            &[
                "create s hash:ip timeout 10",
                "add s 1.2.3.4 timeout 0x10",
                "add s 1.2.3.4 timeout 0",
                "add s 1.2.3.4 timeout 2147483",
            ],
        ),
        (
            "skbinfo sets are comments",
            &[
                "create s hash:ip skbinfo",
                "add s 1.2.3.4 skbmark 0x1/0xff skbprio 1:2 skbqueue 3",
                "  create t hash:ip skbinfo  ",
                "create\tu   hash:net\tskbinfo",
                "create -! v hash:ip skbinfo",
                "add v 1.2.3.4",
            ],
        ),
        (
            "skbinfo options on a plain set",
            &[
                "create s hash:ip",
                "add s 1.2.3.4 skbmark 0x1/0xff skbprio 1:2 skbqueue 3",
            ],
        ),
        (
            "list:set options",
            &[
                "create g list:set timeout 5 comment counters",
                "add g a timeout 3 comment \"x\" packets 1 bytes 2",
                "add g a",
                "del g a",
                "test g a",
            ],
        ),
        (
            "sets not created in the file",
            &[
                "add zz 1.2.3.4",
                "add zz foo",
                "del zz 1.2.3.4",
                "test zz 1.2.3.4",
            ],
        ),
        (
            "an entry of an unknown set ends it",
            &[
                "create a hash:ip",
                "add zz 1.2.3.4",
                "create t hash:ip",
                "add a 1.1.1.1",
                "save",
            ],
        ),
        (
            "a del of an unknown set ends it",
            &["create a hash:ip", "del zz 1.2.3.4", "create t hash:ip"],
        ),
        (
            "a test of an unknown set ends it",
            &["test zz 1.2.3.4", "create t hash:ip"],
        ),
        (
            "skbinfo entries are comments",
            &[
                "create t hash:ip",
                "add t 1.2.3.4 skbprio 1:2",
                "add t 1.2.3.5 skbqueue 1",
                "add t 1.2.3.6 skbmark 0x1/0xff",
                "add t 1.2.3.7",
                "add t 1.2.3.6 skbmark 1",
            ],
        ),
        (
            "skbinfo on del",
            &["create t hash:ip", "del t 1.2.3.4 skbprio 1:2"],
        ),
        (
            "skbinfo set flushed, listed, destroyed",
            &["create t hash:ip skbinfo", "flush t", "list", "destroy t"],
        ),
        (
            "created twice",
            &[
                "create a hash:ip",
                "create a hash:ip",
                "create -exist a hash:ip",
                "add a 1.2.3.4",
                "add a 1.2.3.4",
            ],
        ),
        (
            "flush, destroy and list",
            &[
                "create s hash:ip",
                "flush s",
                "flush zz",
                "flush",
                "list s",
                "list zz",
                "list",
                "list -t",
                "list s -t",
                "destroy s",
                "destroy zz",
                "destroy",
                "add s 9.9.9.9",
            ],
        ),
        (
            "legacy spellings",
            &[
                "-N a iphash",
                "-A a 1.2.3.4",
                "-D a 1.2.3.4",
                "-T a 1.2.3.4",
                "-F a",
                "-X a",
                "-N b nethash",
                "-A b 10.0.0.0/8",
                "new c ipporthash",
                "-A c 1.2.3.4,80",
            ],
        ),
        (
            "comments, blanks and COMMIT",
            &[
                "# a comment",
                "",
                "   ",
                "create s hash:ip",
                "COMMIT",
                "add s 1.2.3.4",
                "COMMIT",
            ],
        ),
        (
            "quotes",
            &[
                "create \"s\" hash:ip comment",
                "add s 1.2.3.4 comment \"a  b\"",
                "add \"s\" 1.2.3.5",
            ],
        ),
        (
            "-exist everywhere",
            &[
                "create -exist s hash:ip",
                "add -exist s 1.2.3.4",
                "del -exist s 1.2.3.4",
                "-! add s 1.2.3.5",
            ],
        ),
        ("save stops", &["create s hash:ip", "save", "add s 9.9.9.9"]),
        (
            "save of a set stops",
            &["create s hash:ip", "save s", "add s 9.9.9.9"],
        ),
        (
            "rename stops",
            &["create s hash:ip", "rename s t", "add s 1.2.3.4"],
        ),
        (
            "swap stops",
            &["create s hash:ip", "swap s t", "add s 1.2.3.4"],
        ),
        ("empty", &[]),
        (
            "bad element stops",
            &[
                "create a hash:ip",
                "add a 1.2.3.4",
                "add a foo",
                "add a 1.2.3.5",
            ],
        ),
        (
            "bad v6 range",
            &["create s hash:ip family inet6", "add s ::1-::5"],
        ),
        (
            "timeout out of range",
            &[
                "create s hash:ip timeout 10",
                "add s 1.2.3.4 timeout 99999999",
            ],
        ),
        ("unknown command", &["create s hash:ip", "bogus"]),
        ("unknown create option", &["create s hash:ip markmask 0xff"]),
        (
            "create option twice",
            &["create s hash:ip timeout 5 timeout 6"],
        ),
        ("unknown type", &["create s hash:nope"]),
        (
            "bitmap family",
            &["create s bitmap:ip range 10.0.0.0/24 family inet6"],
        ),
        (
            "bitmap maxelem",
            &["create s bitmap:port range 0-1000 maxelem 7"],
        ),
        ("missing arguments", &["create s hash:ip", "add s"]),
        ("missing create type", &["create s"]),
        (
            "extra element",
            &["create s hash:ip", "add s 1.2.3.4 1.2.3.5"],
        ),
        ("trailing comment word", &["create s hash:ip skbinfo # x"]),
        (
            "empty comment",
            &["create s hash:ip comment", "add s 1.2.3.4 comment \"\""],
        ),
        (
            "unclosed quote",
            &["create s hash:ip comment", "add s 1.2.3.4 comment \"x"],
        ),
        (
            "help in restore",
            &["create s hash:ip", "help", "add s 1.2.3.4"],
        ),
        ("version in restore", &["create s hash:ip", "version"]),
        ("restore in restore", &["create s hash:ip", "restore"]),
        (
            "long set name",
            &["create aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa hash:ip"],
        ),
        (
            "long name of an unknown set",
            &["add aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1.2.3.4"],
        ),
        (
            "unsupported type stops",
            &["create a hash:ip", "create m hash:mac", "add a 1.2.3.4"],
        ),
        (
            "many sets",
            &[
                "create a hash:ip",
                "create b hash:net family inet6 timeout 30 counters comment maxelem 1000 hashsize 64",
                "add b 2001:db8::/64 timeout 10 packets 5 bytes 6 comment \"hi there\"",
                "add b 2001:db9::1 nomatch",
                "create c hash:ip,port",
                "add c 1.2.3.4,udp:53",
                "add a 10.0.0.0/30",
                "destroy a",
                "add a 1.1.1.1",
            ],
        ),
    ];
    for (name, lines) in more {
        out.push(restore(name, lines));
    }
    // ICMPv6 in an IPv4 set: ipset-translate crashes (SIGSEGV, its stdout
    // lost); wiset gives ipset's error for the line.
    for e in ["1.2.3.4,icmpv6:1", "1.2.3.4,ipv6-icmp:1"] {
        let mut c = restore(
            &format!("icmpv6 in an IPv4 set: {e}"),
            &["create c hash:ip,port", &format!("add c {e}")],
        );
        c.differs =
            Some("ipset-translate crashes (SIGSEGV) on this line; wiset gives ipset's error");
        out.push(c);
    }
    for line in [
        "",
        "-v",
        "version",
        "create s hash:ip",
        "create s hash:ip foo",
        "create s hash:nope",
        "create s hash:ip,mark",
        "create s hash:ip timeout 5 timeout 6",
        "create",
        "create s",
        "-exist create s hash:ip skbinfo",
        "add s 1.2.3.4",
        "add s foo",
        "add s",
        "add s 1.2.3.4 foo",
        "test s 1.2.3.4 timeout 5",
        "del s 1.2.3.4 timeout 5",
        "list",
        "list -t -o save",
        "-n list",
        "-o json list",
        "-o table list",
        "save",
        "flush",
        "flush s",
        "destroy",
        "swap a b",
        "rename a b",
        "rename s",
        "restore x",
        "foo",
        "replace s",
        "translate",
        "-q create s hash:ip foo",
        "-file /dev/null restore",
        "restore -file /dev/null",
        "restore -exist",
        "-q restore",
    ] {
        out.push(argv(line));
    }
    let mut c = argv("-");
    c.stdin = "create t hash:ip\nadd t 1.2.3.4\n".into();
    c.name = "interactive".into();
    out.push(c);
    for (name, line) in [
        ("interactive quit", "-"),
        ("interactive quit, quiet", "-q -"),
    ] {
        let mut c = argv(line);
        c.stdin = "quit\ncreate t hash:ip\n".into();
        c.name = name.into();
        out.push(c);
    }
    out
}

/// Run every case through ipset-translate, wiset as ipset-translate, and
/// `wiset ipset-translate`; the differences of all cases, or empty.
pub fn run(ns: &Netns, cases: &[TCase]) -> Vec<String> {
    let dir = TempPath::dir("ipset-translate");
    let as_translate = format!("{}/ipset-translate", dir.path());
    std::os::unix::fs::symlink(WISET, &as_translate).expect("symlink");
    let mut failures = Vec::new();
    for c in cases {
        let args: Vec<&str> = c.argv.iter().map(String::as_str).collect();
        let theirs = ns.run("ipset-translate", &args, &c.stdin);
        let mut spelled = vec!["ipset-translate"];
        spelled.extend(&args);
        let mine = [
            ("as ipset-translate", ns.run(&as_translate, &args, &c.stdin)),
            ("wiset ipset-translate", ns.run(WISET, &spelled, &c.stdin)),
        ];
        let mut diffs = Vec::new();
        for (how, o) in &mine {
            if let Some(d) = compare(&theirs, o) {
                diffs.push(format!("  {how}:\n{d}"));
            }
        }
        match (c.differs, diffs.is_empty()) {
            (None, true) => {}
            (Some(why), false) => eprintln!("KNOWN DIFFERENCE ({why}): {}", c.name),
            (Some(why), true) => failures.push(format!(
                "NOW MATCHES: `{}` is marked as a difference ({why}): remove the mark",
                c.name
            )),
            (None, false) => failures.push(format!(
                "DIFFERENCE: `{}`: ipset-translate {}\n{}{}",
                c.name,
                c.argv.join(" "),
                indent(&c.stdin),
                diffs.join("")
            )),
        }
    }
    failures
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    < {l}\n")).collect()
}

fn compare(theirs: &Out, mine: &Out) -> Option<String> {
    let mut d = String::new();
    if theirs.code != mine.code {
        d.push_str(&format!(
            "    exit: ipset-translate {}, wiset {}\n",
            theirs.code, mine.code
        ));
    }
    // The version line names the program: wiset's own, not ipset v7.17.
    let same_out = theirs.stdout == mine.stdout
        || (theirs.stdout.starts_with("ipset v7.17, protocol version: ")
            && mine.stdout.starts_with("wiset v")
            && theirs.stdout.split_once(", ").map(|p| p.1)
                == mine.stdout.split_once(", ").map(|p| p.1));
    if !same_out {
        d.push_str(&format!(
            "    stdout:\n      ipset-translate: {:?}\n      wiset:           {:?}\n",
            theirs.stdout, mine.stdout
        ));
    }
    // wiset as ipset-translate says `ipset: `, ipset's own `ipset v7.17: `.
    let prog = |s: &str| -> String {
        s.split_inclusive('\n')
            .map(|l| match l.strip_prefix("ipset: ") {
                Some(rest) => format!("PROG: {rest}"),
                None => l.to_string(),
            })
            .collect()
    };
    let (ea, eb) = (
        normalize_stderr(&theirs.stderr),
        normalize_stderr(&prog(&mine.stderr)),
    );
    if ea != eb {
        d.push_str(&format!(
            "    stderr:\n      ipset-translate: {ea:?}\n      wiset:           {eb:?}\n"
        ));
    }
    (!d.is_empty()).then_some(d)
}
