//! restore: a real `ipset save` of a populated namespace, restore files with
//! an error in a known line, and the restore syntax (comments, blank lines,
//! COMMIT, quotes, -exist, commands inside restore).

use super::cases::{Case, Expect, case};
use super::support::netns;

/// How the populated namespace is made (ipset(8) in a scratch namespace).
const POPULATE: &[&str] = &[
    "create r-ip hash:ip family inet hashsize 64 maxelem 1000 timeout 0 counters comment skbinfo",
    "add r-ip 1.2.3.4 timeout 0 packets 5 bytes 500 comment \"hello world\" skbmark 0x10/0xff skbprio 1:2 skbqueue 3",
    "add r-ip 10.0.0.0/29 timeout 0",
    "create r-ip6 hash:ip family inet6 netmask 64",
    "add r-ip6 2001:db8::1",
    "add r-ip6 2001:db8:0:1::1",
    "create r-ipp hash:ip,port counters",
    "add r-ipp 1.1.1.1,tcp:80 packets 1 bytes 2",
    "add r-ipp 1.1.1.1,udp:53",
    "add r-ipp 1.1.1.2,icmp:ping",
    "create r-ipp6 hash:ip,port family inet6",
    "add r-ipp6 2001:db8::1,icmpv6:echo-reply",
    "create r-ippi hash:ip,port,ip",
    "add r-ippi 1.1.1.1,tcp:80,2.2.2.2",
    "create r-ippn hash:ip,port,net",
    "add r-ippn 1.1.1.1,tcp:80,10.0.0.0/8",
    "add r-ippn 1.1.1.1,tcp:80,10.1.0.0/16 nomatch",
    "create r-net hash:net comment",
    "add r-net 10.0.0.0/8 comment \"a b\"",
    "add r-net 10.1.0.0/16 nomatch",
    "add r-net 192.168.0.0/22",
    "create r-net6 hash:net family inet6 skbinfo",
    "add r-net6 2001:db8::/32 skbprio 1:1",
    "create r-np hash:net,port",
    "add r-np 10.0.0.0/24,udp:53",
    "create r-ni hash:net,iface",
    "add r-ni 10.0.0.0/8,eth wildcard",
    "add r-ni 0.0.0.0/0,physdev:eth1",
    "create r-bi bitmap:ip range 192.168.0.0/24 timeout 0",
    "add r-bi 192.168.0.1 timeout 0",
    "add r-bi 192.168.0.10-192.168.0.20 timeout 0",
    "create r-bm bitmap:ip,mac range 10.9.0.0/24",
    "add r-bm 10.9.0.1,aa:bb:cc:dd:ee:ff",
    "add r-bm 10.9.0.2",
    "create r-bp bitmap:port range 0-1023 counters",
    "add r-bp 22",
    "add r-bp 80-90",
    "create r-ls list:set size 8 comment",
    "add r-ls r-ip",
    "add r-ls r-net before r-ip comment first",
    "add r-ls r-bp after r-ip",
];

/// `ipset save` of a namespace populated with `POPULATE`, or None.
fn populated_save() -> Option<String> {
    let ns = netns()?;
    for line in POPULATE {
        let argv = super::cases::words(line);
        let args: Vec<&str> = argv.iter().map(String::as_str).collect();
        ns.ipset_ok(&args);
    }
    Some(ns.ipset_ok(&["save"]))
}

/// A restore file with a set, two adds, and then `line` as line 3.
fn line3(name: &str, line: &str) -> Case {
    case(format!("restore error in line 3: {name}"))
        .restore(
            "",
            &format!(
                "create r3 hash:ip,port counters\nadd r3 1.1.1.1,80\n{line}\nadd r3 4.4.4.4,80\n"
            ),
            Expect::Any,
        )
        .ok("list -o plain")
}

pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    if let Some(save) = populated_save() {
        cases.push(
            case("restore of a populated namespace's save")
                .restore("", &save, Expect::Ok)
                .ok("list -o plain")
                .exact("list r-ls -o plain")
                .ok("save")
                .ok("list -n"),
        );
        cases.push(
            case("restore of a populated save, twice")
                .restore("", &save, Expect::Ok)
                .restore("", &save, Expect::Fails)
                .restore("-exist", &save, Expect::Ok)
                .restore("-!", &save, Expect::Ok)
                .ok("save"),
        );
        // The same without the bitmap:ip,mac set (and the list:set
        // membership that needs nothing of it), so that one type's problem
        // does not hide the others'.
        let without_bm: String = save
            .lines()
            .filter(|l| !l.contains(" r-bm "))
            .map(|l| format!("{l}\n"))
            .collect();
        cases.push(
            case("restore of a populated save without bitmap:ip,mac")
                .restore("", &without_bm, Expect::Ok)
                .ok("list -o plain")
                .exact("list r-ls -o plain")
                .ok("save"),
        );
        let mut big = String::from("create big hash:net initval 0x1\n");
        for i in 0..1500u32 {
            big.push_str(&format!("add big 10.{}.{}.0/24\n", i / 256, i % 256));
        }
        let mut big_parse = big.clone();
        big.push_str("add big 10.5.0.0/24\nadd big 11.0.0.0/8\n");
        cases.push(
            case("restore error deep in a batch (line 1502)")
                .restore("", &big, Expect::Any)
                .ok("list -t -o plain"),
        );
        big_parse.push_str("add big 10.300.0.0/24\nadd big 11.0.0.0/8\n");
        cases.push(
            case("restore syntax error deep in a batch (line 1502)")
                .restore("", &big_parse, Expect::Any)
                .ok("list -t -o plain")
                .differs(
                    "deliberate: a restore stopped by a bad line leaves the lines of its unsent batch \
                     unapplied; ipset has sent them in 4 KiB pieces, wiset batches up to 60 KiB",
                ),
        );
        // the populated save with an error in its third line
        let mut lines: Vec<&str> = save.lines().collect();
        lines.insert(2, "add r-ip 300.1.1.1");
        cases.push(
            case("restore of a populated save with a bad line 3")
                .restore("", &(lines.join("\n") + "\n"), Expect::Any)
                .ok("save"),
        );
    }
    cases.extend([
        line3("element already added", "add r3 1.1.1.1,tcp:80"),
        line3("bad address", "add r3 1.1.1.300,80"),
        line3("bad port", "add r3 1.1.1.3,tcp:99999"),
        line3("missing set", "add nosuch 1.1.1.3,80"),
        line3("unknown command", "frobnicate r3"),
        line3("missing element", "add r3"),
        line3("unknown keyword", "add r3 1.1.1.3,80 frob"),
        line3("option without support", "add r3 1.1.1.3,80 timeout 5"),
        line3("existing set", "create r3 hash:ip"),
        line3("missing close quote", "add r3 1.1.1.3,80 comment \"open"),
        line3("restore inside restore", "restore"),
        line3("version inside restore", "version"),
        line3("destroy of a missing set", "destroy nosuch"),
        case("restore error in line 3 of a bitmap batch")
            .restore(
                "",
                "create rb bitmap:ip range 10.0.0.0/24\nadd rb 10.0.0.1\nadd rb 10.0.1.1\nadd rb 10.0.0.3\n",
                Expect::Any,
            )
            .ok("save"),
        case("restore syntax: comments, blank lines, COMMIT, quotes")
            .restore(
                "",
                "# a comment\ncreate rs hash:ip comment\n\nadd rs 1.1.1.1 comment \"with space\"\n  add rs 2.2.2.2   comment   'single'\nCOMMIT\nadd rs 3.3.3.3\n# the end\n",
                Expect::Ok,
            )
            .ok("save"),
        case("restore with -exist on a line")
            .setup("create re hash:ip")
            .setup("add re 1.1.1.1")
            .restore(
                "",
                "-exist add re 1.1.1.1\nadd re 2.2.2.2\n-exist create re hash:ip\nadd re 1.1.1.1\n",
                Expect::Any,
            )
            .ok("save"),
        case("restore with list, save, flush, rename, swap, destroy inside")
            .restore(
                "",
                "create ra hash:ip\ncreate rb hash:ip\nadd ra 1.1.1.1\nadd rb 2.2.2.2\nlist ra -o plain\nsave rb\nswap ra rb\nrename ra rc\nflush rb\ndestroy rb\n",
                Expect::Ok,
            )
            .ok("save"),
        case("restore -f of a file")
            .restore(
                &format!("-f {}", restore_file()),
                "ignored stdin\n",
                Expect::Ok,
            )
            .ok("save"),
        case("restore of an empty input").restore("", "", Expect::Ok),
        case("restore -q with an error in line 2")
            .restore(
                "-q",
                "create rq hash:ip\nadd rq 1.1.1.1.1\n",
                Expect::Any,
            )
            .ok("save"),
    ]);
    cases
}

/// A restore file both programs read (written once).
fn restore_file() -> String {
    let path = std::env::temp_dir().join(format!(
        "wiset-differential-restore-{}.txt",
        std::process::id()
    ));
    std::fs::write(
        &path,
        "create rf hash:net,port counters\nadd rf 10.0.0.0/8,tcp:22 packets 1 bytes 2\nadd rf 10.0.0.0/16,udp:53\n",
    )
    .expect("write the restore file");
    path.display().to_string()
}
