//! No panic on any input (SPEC §5): deterministic, bounded fuzzing of the real
//! binary's command line and input files (restore, replace, `test --from`).
//!
//! Each test owns one private network namespace with a fixture of sets of
//! every type, runs a few hundred generated inputs against it (the fixture is
//! rebuilt every few runs, since inputs destroy, rename and swap sets) and
//! checks each run ended as ipset's exit codes allow: 0, 1 or 2, never 101
//! (panic), never a signal, never a hang, no panic text on stderr.
//!
//! The generator is a xorshift PRNG with a fixed seed per test, so a failure
//! is reproducible: it prints the seed, the run, the input as generated and a
//! minimised input with the same panic location. `WISET_FUZZ_SEED` and
//! `WISET_FUZZ_RUNS` override the seed and the number of inputs for a longer
//! hunt. Minimised reproducers of panics found this way are kept as the
//! `regression_*` tests at the end.
//!
//! Fixture sets whose type this kernel cannot create (ip_set modules may be
//! missing) are left out, with a message.
//!
//! Children run with the scratch directory as their working directory and
//! every `-file`/`-netns` value forced to something harmless, so a generated
//! `save -f X` cannot write outside it and nothing can enter another
//! namespace.

mod support;

use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use support::{Netns, WISET, netns};

// ------------------------------------------------------------------ PRNG

/// xorshift64: small, deterministic, good enough to pick words. It also
/// carries how malformed the generated input should be.
struct Rng {
    state: u64,
    /// Percent: how often generators pick a malformed variant. Mostly-valid
    /// inputs get further into restore and replace before the first error.
    bad: u64,
}

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 of the seed: neighbouring seeds give unrelated streams,
        // and the state is never 0.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng {
            state: (z ^ (z >> 31)) | 1,
            bad: 30,
        }
    }

    fn next(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        x
    }

    /// Pick a badness for the next input: clean, slightly or very malformed.
    fn pick_bad(&mut self) {
        self.bad = [0, 3, 10, 30, 30][self.below(5)];
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

// ------------------------------------------------------------ vocabulary

/// The sets every test starts from: one per type, with options that make
/// the interesting entry options valid.
const FIXTURE: &[(&str, &str)] = &[
    ("fz_ip", "hash:ip timeout 0 counters comment"),
    ("fz_ip6", "hash:ip family inet6 counters"),
    ("fz_net", "hash:net comment skbinfo"),
    ("fz_net6", "hash:net family inet6 timeout 600"),
    ("fz_ipport", "hash:ip,port"),
    ("fz_ipportip", "hash:ip,port,ip counters"),
    ("fz_ipportnet", "hash:ip,port,net family inet6"),
    ("fz_netnet", "hash:net,net"),
    ("fz_netport", "hash:net,port comment"),
    ("fz_netportnet", "hash:net,port,net"),
    ("fz_netiface", "hash:net,iface"),
    ("fz_mac", "hash:mac"),
    ("fz_ipmac", "hash:ip,mac"),
    ("fz_ipmark", "hash:ip,mark markmask 0xff00"),
    ("fz_bip", "bitmap:ip range 10.0.0.0/24 timeout 0"),
    ("fz_bipmac", "bitmap:ip,mac range 10.0.0.0-10.0.0.255"),
    ("fz_bport", "bitmap:port range 0-1024 counters"),
    ("fz_list", "list:set size 8"),
];

const FIXTURE_ADDS: &[&str] = &[
    "fz_ip 10.0.0.1",
    "fz_ip 10.0.0.2 comment \"two words\" packets 5 bytes 500",
    "fz_ip6 2001:db8::1",
    "fz_net 10.0.0.0/8 comment x skbmark 0x1/0xff",
    "fz_net6 2001:db8::/32 timeout 100",
    "fz_ipport 10.0.0.1,tcp:80",
    "fz_ipportip 10.0.0.1,udp:53,10.0.0.2",
    "fz_ipportnet 2001:db8::1,80,2001:db8::/64",
    "fz_netnet 10.0.0.0/8,192.168.0.0/16",
    "fz_netport 10.0.0.0/24,icmp:echo-request comment c",
    "fz_netportnet 10.0.0.0/24,1-3,10.1.0.0/16",
    "fz_netiface 10.0.0.0/8,eth0",
    "fz_mac 00:11:22:33:44:55",
    "fz_ipmac 10.0.0.1,00:11:22:33:44:55",
    "fz_ipmark 10.0.0.1,0x100",
    "fz_bip 10.0.0.7",
    "fz_bipmac 10.0.0.7,00:11:22:33:44:55",
    "fz_bport 22",
    "fz_list fz_ip",
    "fz_list fz_net",
];

const COMMANDS: &[&str] = &[
    "create",
    "n",
    "new",
    "-N",
    "add",
    "-A",
    "del",
    "-D",
    "test",
    "-T",
    "destroy",
    "x",
    "-X",
    "list",
    "-L",
    "save",
    "-S",
    "restore",
    "-R",
    "flush",
    "-F",
    "rename",
    "e",
    "-E",
    "swap",
    "w",
    "-W",
    "help",
    "-h",
    "-H",
    "version",
    "-v",
    "-V",
    "replace",
    "completions",
    "man",
    "c",
    "a",
    "d",
    "de",
    "t",
    "te",
    "l",
    "s",
    "sa",
    "r",
    "re",
    "ren",
    "f",
    "fl",
    "sw",
    "h",
    "v",
    "rep",
    "--add",
    "--a",
    "--list",
    "--create",
    "-a",
    "--help",
    "--version",
    "--",
    "-",
    "",
    "ADD",
    "adds",
    "x-",
];

/// Global options; the ones taking a value get one from `global_value`.
const GLOBALS: &[&str] = &[
    "-exist", "-!", "--exist", "-o", "-output", "--output", "--o", "-q", "-quiet", "--quiet", "-r",
    "-resolve", "-s", "-sorted", "--sorted", "-n", "-name", "-t", "-terse", "-f", "-file",
    "--file", "-netns", "--netns",
];

const OUTPUT_MODES: &[&str] = &[
    "plain", "save", "xml", "json", "table", "", "PLAIN", "sav", "bogus",
];

const TYPES: &[&str] = &[
    "bitmap:ip",
    "bitmap:ip,mac",
    "bitmap:port",
    "hash:ip",
    "hash:mac",
    "hash:ip,mac",
    "hash:ip,mark",
    "hash:ip,port",
    "hash:ip,port,ip",
    "hash:ip,port,net",
    "hash:net",
    "hash:net,net",
    "hash:net,port",
    "hash:net,port,net",
    "hash:net,iface",
    "list:set",
    "ipmap",
    "macipmap",
    "portmap",
    "iphash",
    "machash",
    "ipmachash",
    "ipmarkhash",
    "ipporthash",
    "ipportiphash",
    "ipportnethash",
    "nethash",
    "netnethash",
    "netporthash",
    "netportnethash",
    "netifacehash",
    "setlist",
    "hash:",
    "hash",
    "hash:ip,",
    "hash:,ip",
    "hash:ip,ip,ip,ip",
    "bitmap:foo",
    "list:set,x",
    "HASH:IP",
    ":",
    "hash:net,port,net,port",
];

const CREATE_KEYWORDS: &[&str] = &[
    "timeout",
    "counters",
    "comment",
    "hashsize",
    "maxelem",
    "family",
    "netmask",
    "bucketsize",
    "initval",
    "forceadd",
    "skbinfo",
    "range",
    "size",
    "markmask",
    "bitmask",
    "from",
    "to",
    "network",
    "probes",
    "resize",
    "gc",
    "-4",
    "-6",
    "revision",
];

const ENTRY_KEYWORDS: &[&str] = &[
    "timeout", "packets", "bytes", "comment", "skbmark", "skbprio", "skbqueue", "nomatch",
    "wildcard", "before", "after", "counters", "name",
];

const FAMILIES: &[&str] = &[
    "inet", "inet6", "ipv4", "ipv6", "any", "unspec", "inet4", "INET", "",
];

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "+1",
    "7",
    "8",
    "12",
    "24",
    "32",
    "33",
    "64",
    "128",
    "129",
    "255",
    "256",
    "1024",
    "65535",
    "65536",
    "2147483",
    "2147484",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999999",
    "-99999999999999999999999999999",
    "0x0",
    "0x10",
    "0xffffffff",
    "0x100000000",
    "0xFFFFFFFFFFFFFFFF",
    "0x10000000000000000",
    "0x",
    "0xg",
    "0X1f",
    "010",
    "08",
    "0777",
    "-0",
    "1e3",
    "1.5",
    " 5",
    "5 ",
    "0b101",
    "١٢",
    "",
];

const IP4: &[&str] = &[
    "1.2.3.4",
    "10.0.0.1",
    "10.0.0.255",
    "0.0.0.0",
    "255.255.255.255",
    "256.1.1.1",
    "1.2.3",
    "1",
    "1.2.3.4.5",
    "01.02.03.04",
    "0x1.2.3.4",
    "1.2.3.-4",
    "1..2.3",
    "localhost",
    "nonexistent.invalid",
    "a.b",
    "127.0.0.1",
    "1.2.3.4 ",
    "١.٢.٣.٤",
];

const IP6: &[&str] = &[
    "::1",
    "::",
    "2001:db8::1",
    "fe80::1%lo",
    "2001:db8::1::2",
    "::ffff:1.2.3.4",
    "[::1]",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:db8:::1",
    "1:2:3:4:5:6:7:8:9",
    "ip6-localhost",
    "::g",
    "2001:db8::",
];

const CIDRS: &[&str] = &[
    "/0",
    "/1",
    "/8",
    "/24",
    "/31",
    "/32",
    "/33",
    "/64",
    "/127",
    "/128",
    "/129",
    "/-1",
    "/",
    "/08",
    "/0x10",
    "/4294967296",
    "/24/8",
    "/é",
];

const PORTS: &[&str] = &[
    "0",
    "1",
    "80",
    "65535",
    "65536",
    "-1",
    "http",
    "ssh",
    "nosuchservice",
    "80-90",
    "90-80",
    "0-65535",
    "tcp:80",
    "udp:53",
    "sctp:9",
    "udplite:1",
    "tcp:http",
    "tcp:80-90",
    "icmp:echo-request",
    "icmp:8/0",
    "icmp:255/255",
    "icmp:256/0",
    "icmp:8/",
    "icmp:/0",
    "icmp:0-255",
    "icmpv6:echo-request",
    "icmpv6:128/0",
    "ipv6-icmp:1/1",
    "icmp:foo",
    "tcp:",
    "foo:80",
    ":80",
    "tcp:80:90",
    "gre:0",
    "0x50",
    "080",
    "6:80",
    "17:53",
    "tcp:-",
    "icmp:echo-reques",
    "icmp:e",
];

const MACS: &[&str] = &[
    "00:11:22:33:44:55",
    "ff:ff:ff:ff:ff:ff",
    "00:00:00:00:00:00",
    "0:1:2:3:4:5",
    "00:11:22:33:44",
    "00:11:22:33:44:55:66",
    "zz:11:22:33:44:55",
    "00-11-22-33-44-55",
    "001122334455",
    "00:11:22:33:44:5g",
    "000:11:22:33:44:55",
    ":::::",
    "é:11:22:33:44:55",
];

const IFACES: &[&str] = &[
    "eth0",
    "lo",
    "physdev:eth0",
    "physdev:",
    "veryveryverylongifname0",
    "eth0.100",
    "a b",
    "*",
    "eth+",
    "ä",
    "0123456789abcdef",
    "0123456789abcde",
];

const MARKS: &[&str] = &[
    "0",
    "0x1",
    "0xff00",
    "0xffffffff",
    "0x100000000",
    "-1",
    "0x",
    "0xg",
    "4294967295",
    "4294967296",
    "1/2",
];

const SKBPRIOS: &[&str] = &[
    "1:2",
    "ffff:ffff",
    "10000:1",
    "1:",
    ":2",
    "a:b",
    "1",
    "0x1:0x2",
    "1:2:3",
    "",
    "é:1",
];

const SKBMARKS: &[&str] = &[
    "0x1",
    "0x1/0xff",
    "0xffffffff/0xffffffff",
    "1/",
    "/1",
    "0x1/0x100000000",
    "0x100000000",
    "x",
    "1/2/3",
];

/// Tokens that stress splitting and UTF-8 handling.
const WEIRD: &[&str] = &[
    "",
    " ",
    "\"",
    "\"\"",
    "--",
    "-",
    "-!",
    "\t",
    "a\nb",
    "é",
    "日本語",
    "🦀",
    "\u{200b}",
    "\\",
    "'",
    "$",
    "%s%n",
    ",",
    ",,",
    ":",
    "=",
    "*",
    "\u{fffd}",
    "a,b,c,d",
    "--=",
    "-o=json",
    "--from",
    "--from=-",
    "--from=",
    "--diff",
    "--skip-invalid",
    "--grow",
    "--dry-run",
    "--create",
    "--timeout",
    "--comment",
    "--help",
    "before",
    "after",
    "/dev/null",
];

const SHELLS: &[&str] = &["bash", "zsh", "fish", "elvish", "powershell", "nosuch", ""];

/// Values `-file` may take: nothing outside the scratch directory.
const SAFE_FILES: &[&str] = &["/dev/null", "fz-out", "-", "", "no-such-dir/x", "fz-in"];

// ------------------------------------------------------------ generators

/// The fixture sets this kernel can make (set by the first `Fuzz::new`).
static SUPPORTED: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();

fn fixture() -> &'static [(&'static str, &'static str)] {
    SUPPORTED.get().map_or(FIXTURE, Vec::as_slice)
}

/// A set name: mostly a fixture set, else a random name of 0–40 bytes
/// (boundaries around ipset's 31-byte limit, with multi-byte characters
/// straddling them).
fn set_name(r: &mut Rng) -> String {
    if r.chance(65) {
        return fixture()[r.below(fixture().len())].0.to_string();
    }
    match r.below(6) {
        0 => format!("fzr_{}", r.below(8)),
        1 => "a".repeat(r.below(4) + 30),
        2 => format!("{}é", "a".repeat(r.below(3) + 29)),
        3 => "日".repeat(r.below(4) + 9),
        4 => r.pick(WEIRD).to_string(),
        _ => {
            const CHARS: &[&str] = &[
                "a", "z", "0", "9", "_", "-", ".", ":", ",", " ", "\"", "é", "日", "\t", "🦀", "#",
                "\\",
            ];
            let mut s = String::new();
            let len = r.below(41);
            while s.len() < len {
                s.push_str(r.pick(CHARS));
            }
            s
        }
    }
}

fn ip4(r: &mut Rng) -> String {
    if !r.chance(r.bad) {
        format!("10.0.{}.{}", r.below(4), r.below(256))
    } else {
        r.pick(IP4).to_string()
    }
}

fn ip6(r: &mut Rng) -> String {
    if !r.chance(r.bad) {
        format!("2001:db8::{:x}", r.below(0x10000))
    } else {
        r.pick(IP6).to_string()
    }
}

/// An address of the family (`v6`), sometimes with a CIDR or as a range.
fn address(r: &mut Rng, v6: bool, net: bool) -> String {
    let v6 = if r.chance(r.bad / 3) { !v6 } else { v6 };
    let a = if v6 { ip6(r) } else { ip4(r) };
    match r.below(10) {
        0..=4 if net => {
            let c = if !r.chance(r.bad) {
                format!("/{}", r.below(if v6 { 130 } else { 34 }))
            } else {
                r.pick(CIDRS).to_string()
            };
            format!("{a}{c}")
        }
        0 | 5 => {
            let b = if v6 { ip6(r) } else { ip4(r) };
            format!("{a}-{b}")
        }
        1 if r.chance(r.bad * 3) => format!("{a}{}", r.pick(CIDRS)),
        _ => a,
    }
}

fn port(r: &mut Rng) -> String {
    if !r.chance(r.bad * 2) {
        let p = r.below(1100);
        match r.below(4) {
            0 => format!("tcp:{p}"),
            1 => format!("udp:{p}-{}", p + r.below(4)),
            _ => p.to_string(),
        }
    } else {
        r.pick(PORTS).to_string()
    }
}

fn mac(r: &mut Rng) -> String {
    if !r.chance(r.bad * 5 / 3) {
        format!("00:11:22:33:44:{:02x}", r.below(256))
    } else {
        r.pick(MACS).to_string()
    }
}

#[derive(Clone, Copy)]
enum Part {
    Ip,
    Net,
    Port,
    Mac,
    Iface,
    Mark,
    Set,
}

/// The element shape of a type name.
fn shape(typ: &str) -> &'static [Part] {
    use Part::*;
    match typ.split_whitespace().next().unwrap_or("") {
        "hash:ip" | "bitmap:ip" => &[Ip],
        "hash:net" => &[Net],
        "hash:ip,port" => &[Ip, Port],
        "hash:ip,port,ip" => &[Ip, Port, Ip],
        "hash:ip,port,net" => &[Ip, Port, Net],
        "hash:net,net" => &[Net, Net],
        "hash:net,port" => &[Net, Port],
        "hash:net,port,net" => &[Net, Port, Net],
        "hash:net,iface" => &[Net, Iface],
        "hash:mac" => &[Mac],
        "hash:ip,mac" | "bitmap:ip,mac" => &[Ip, Mac],
        "hash:ip,mark" => &[Ip, Mark],
        "bitmap:port" => &[Port],
        _ => &[Set],
    }
}

fn part(r: &mut Rng, p: Part, v6: bool) -> String {
    match p {
        Part::Ip => address(r, v6, false),
        Part::Net => address(r, v6, true),
        Part::Port => port(r),
        Part::Mac => mac(r),
        Part::Iface => r.pick(IFACES).to_string(),
        Part::Mark => r.pick(MARKS).to_string(),
        Part::Set => set_name(r),
    }
}

/// An entry for a set of type `typ` (the create line's words), now and then
/// with a part missing, doubled or of the wrong kind.
fn entry_for(r: &mut Rng, typ: &str) -> String {
    let v6 = typ.contains("inet6");
    let mut parts: Vec<Part> = shape(typ).to_vec();
    let odd = r.bad / 3;
    if r.chance(odd) && !parts.is_empty() {
        parts.remove(r.below(parts.len()));
    }
    if r.chance(odd) {
        parts.push(part_kind(r));
    }
    if r.chance(odd) && !parts.is_empty() {
        let i = r.below(parts.len());
        parts[i] = part_kind(r);
    }
    let texts: Vec<String> = parts.iter().map(|&p| part(r, p, v6)).collect();
    let sep = if !r.chance(odd / 2) {
        ","
    } else {
        r.pick(&[" ", ",,", ";", ""])
    };
    texts.join(sep)
}

fn part_kind(r: &mut Rng) -> Part {
    use Part::*;
    [Ip, Net, Port, Mac, Iface, Mark, Set][r.below(7)]
}

/// An entry for a random type, or a raw token.
fn any_entry(r: &mut Rng) -> String {
    if r.chance(75) {
        let t = fixture()[r.below(fixture().len())].1;
        entry_for(r, t)
    } else {
        word(r)
    }
}

fn comment_text(r: &mut Rng) -> String {
    match r.below(6) {
        0 => "x".repeat(r.below(300)),
        1 => "é".repeat(r.below(200)),
        2 => "\"quoted words\"".to_string(),
        3 => r.pick(WEIRD).to_string(),
        _ => "c".to_string(),
    }
}

/// A value fitting `keyword` (or, now and then, any word).
fn keyword_value(r: &mut Rng, keyword: &str) -> Option<String> {
    if r.chance(r.bad / 4) {
        return Some(word(r));
    }
    let kw = keyword.trim_start_matches('-');
    Some(match kw {
        "counters" | "forceadd" | "skbinfo" | "nomatch" | "wildcard" | "4" | "6" => {
            return None;
        }
        "comment" => comment_text(r),
        "family" => r.pick(FAMILIES).to_string(),
        "netmask" | "bitmask" => match r.below(3) {
            0 => ip4(r),
            1 => ip6(r),
            _ => r.pick(NUMBERS).to_string(),
        },
        "range" | "from" | "to" | "network" => match r.below(3) {
            0 => address(r, false, true),
            1 => port(r),
            _ => ip4(r),
        },
        "skbmark" => r.pick(SKBMARKS).to_string(),
        "skbprio" => r.pick(SKBPRIOS).to_string(),
        "before" | "after" | "name" => set_name(r),
        "markmask" | "initval" => r.pick(MARKS).to_string(),
        _ => r.pick(NUMBERS).to_string(),
    })
}

/// Keyword options: `n` keywords with values, some with a `--` prefix.
fn options(r: &mut Rng, keywords: &[&str], n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..n {
        let kw = r.pick(keywords);
        let kw = if r.chance(15) {
            format!("--{kw}")
        } else {
            kw.to_string()
        };
        let v = keyword_value(r, &kw);
        out.push(kw);
        if let Some(v) = v {
            out.push(v);
        }
    }
    out
}

/// Any word of the vocabulary.
fn word(r: &mut Rng) -> String {
    match r.below(16) {
        0 => r.pick(COMMANDS).to_string(),
        1 => r.pick(GLOBALS).to_string(),
        2 => r.pick(TYPES).to_string(),
        3 => r.pick(CREATE_KEYWORDS).to_string(),
        4 => r.pick(ENTRY_KEYWORDS).to_string(),
        5 => r.pick(NUMBERS).to_string(),
        6 => {
            let v6 = r.chance(30);
            address(r, v6, true)
        }
        7 => port(r),
        8 => mac(r),
        9 => set_name(r),
        10 => r.pick(FAMILIES).to_string(),
        11 => r.pick(OUTPUT_MODES).to_string(),
        12 => r.pick(SKBPRIOS).to_string(),
        13 => comment_text(r),
        14 if r.chance(10) => {
            // Long, but within the kernel's 128 KiB limit on one argument.
            let t = r.pick(&["a", "1", "é", "1.2.3.4,"]);
            t.repeat(r.below(100_000 / t.len()))
        }
        _ => r.pick(WEIRD).to_string(),
    }
}

fn global_value(r: &mut Rng, g: &str) -> Option<String> {
    match g.trim_start_matches('-') {
        "o" | "output" => Some(r.pick(OUTPUT_MODES).to_string()),
        "f" | "file" => Some(r.pick(SAFE_FILES).to_string()),
        "netns" => Some("wiset-fuzz-no-such-netns".to_string()),
        _ => None,
    }
}

/// Insert 0–2 global options (with their values) at random places.
fn sprinkle_globals(r: &mut Rng, words: &mut Vec<String>) {
    for _ in 0..r.below(3) {
        let g = r.pick(GLOBALS);
        let at = r.below(words.len() + 1);
        if let Some(v) = global_value(r, g).filter(|_| r.chance(90)) {
            words.insert(at, v);
        }
        words.insert(at, g.to_string());
    }
}

/// A command line (without the program name) and what goes to stdin.
fn command_line(r: &mut Rng) -> (Vec<OsString>, Vec<u8>) {
    let mut w: Vec<String> = Vec::new();
    let mut stdin = Vec::new();
    if r.chance(12) {
        for _ in 0..r.below(12) {
            w.push(word(r));
        }
    } else {
        let cmd = r.pick(COMMANDS);
        w.push(cmd.to_string());
        let canon = cmd.trim_start_matches('-');
        match canon {
            "create" | "n" | "new" | "N" | "c" => {
                w.push(set_name(r));
                w.push(r.pick(TYPES).to_string());
                let n = r.below(6);
                w.extend(options(r, CREATE_KEYWORDS, n));
            }
            "add" | "A" | "del" | "D" | "test" | "T" | "a" | "d" | "de" | "t" | "te" => {
                let (name, typ) = fixture()[r.below(fixture().len())];
                w.push(if r.chance(85) {
                    name.to_string()
                } else {
                    set_name(r)
                });
                w.push(if r.chance(85) {
                    entry_for(r, typ)
                } else {
                    any_entry(r)
                });
                let n = r.below(4);
                w.extend(options(r, ENTRY_KEYWORDS, n));
                if canon.starts_with('t') && r.chance(15) {
                    w.truncate(2);
                    w.push(r.pick(&["--from", "--from=-", "--from=fz-in"]).to_string());
                    if r.chance(50) {
                        w.push(r.pick(&["-", "fz-in", "", "no-such-file"]).to_string());
                    }
                    stdin = entry_lines(r, typ, 6);
                }
            }
            "replace" | "rep" => {
                let (name, typ) = fixture()[r.below(fixture().len())];
                w.push(if r.chance(85) {
                    name.to_string()
                } else {
                    set_name(r)
                });
                if r.chance(50) {
                    w.push(r.pick(&["-", "fz-in", "", "no-such-file"]).to_string());
                }
                for f in ["--diff", "--skip-invalid", "--grow", "--dry-run"] {
                    if r.chance(25) {
                        w.push(f.to_string());
                    }
                }
                if r.chance(15) {
                    w.push("--create".to_string());
                    w.push(r.pick(TYPES).to_string());
                    let n = r.below(4);
                    w.extend(options(r, CREATE_KEYWORDS, n));
                }
                stdin = entry_lines(r, typ, 8);
            }
            "restore" | "R" | "r" | "re" => stdin = restore_file(r, 10),
            "help" | "h" | "H" => {
                for _ in 0..r.below(3) {
                    w.push(r.pick(TYPES).to_string());
                }
            }
            "completions" => {
                for _ in 0..r.below(2) {
                    w.push(r.pick(SHELLS).to_string());
                }
            }
            _ => {
                for _ in 0..r.below(4) {
                    w.push(set_name(r));
                }
            }
        }
        // Perturb: drop, duplicate or insert a word.
        if r.chance(15) && !w.is_empty() {
            w.remove(r.below(w.len()));
        }
        if r.chance(10) && !w.is_empty() {
            let i = r.below(w.len());
            w.insert(i, w[i].clone());
        }
        if r.chance(15) {
            let i = r.below(w.len() + 1);
            w.insert(i, word(r));
        }
    }
    sprinkle_globals(r, &mut w);
    if r.chance(20) && stdin.is_empty() {
        let typ = fixture()[r.below(fixture().len())].1;
        stdin = entry_lines(r, typ, 5);
    }
    let mut args: Vec<OsString> = w.into_iter().map(OsString::from).collect();
    if r.chance(3) {
        let i = r.below(args.len() + 1);
        args.insert(i, OsString::from_vec(vec![b'a', 0xff, 0xfe, b'z']));
    }
    sanitize_args(&mut args);
    (args, stdin)
}

/// Entry lines as replace and `test --from` read them.
fn entry_lines(r: &mut Rng, typ: &str, max: usize) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for _ in 0..r.below(max + 1) {
        let mut l = match r.below(12) {
            0 => b"# a comment".to_vec(),
            1 => Vec::new(),
            2 if r.chance(r.bad * 3) => word(r).into_bytes(),
            3 => {
                let mut s = entry_for(r, typ);
                let n = r.below(3) + 1;
                for o in options(r, ENTRY_KEYWORDS, n) {
                    s.push(' ');
                    s.push_str(&quote_maybe(r, &o));
                }
                s.into_bytes()
            }
            _ => entry_for(r, typ).into_bytes(),
        };
        if r.chance(r.bad * 2 / 3) {
            mangle(r, &mut l);
        }
        lines.push(l);
    }
    join_lines(r, lines)
}

fn quote_maybe(r: &mut Rng, w: &str) -> String {
    if w.is_empty() || w.contains(char::is_whitespace) || r.chance(5) {
        format!("\"{w}\"")
    } else {
        w.to_string()
    }
}

/// A restore file: mostly ipset save lines and commands, some mangled.
fn restore_file(r: &mut Rng, max: usize) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for _ in 0..r.below(max + 1) {
        let (name, typ) = fixture()[r.below(fixture().len())];
        let set = if r.chance(70) {
            name.to_string()
        } else {
            set_name(r)
        };
        let mut words: Vec<String> = match r.below(20) {
            0..=1 => {
                let n = r.below(5);
                let mut v = vec![
                    r.pick(&["create", "n", "-N", "create"]).to_string(),
                    if r.chance(50) {
                        format!("fzr_{}", r.below(8))
                    } else {
                        set_name(r)
                    },
                    r.pick(TYPES).to_string(),
                ];
                v.extend(options(r, CREATE_KEYWORDS, n));
                v
            }
            2..=9 => {
                let n = if r.chance(r.bad * 2) { r.below(3) } else { 0 };
                let mut v = vec![
                    r.pick(&["add", "add", "add", "del", "test", "-A", "a"])
                        .to_string(),
                    set,
                    entry_for(r, typ),
                ];
                v.extend(options(r, ENTRY_KEYWORDS, n));
                v
            }
            10 => vec![
                r.pick(&["flush", "destroy", "list", "save", "x"])
                    .to_string(),
                set,
            ],
            11 => vec![
                r.pick(&["rename", "swap", "e", "w"]).to_string(),
                set,
                set_name(r),
            ],
            12 => vec![
                r.pick(&["COMMIT", "COMMIT ", "# comment", "", "  ", "\r"])
                    .to_string(),
            ],
            13 if r.chance(r.bad * 3) => vec![
                r.pick(&[
                    "restore", "help", "version", "replace", "man", "-exist", "-!", "-q", "-o",
                    "-s", "-t", "-n", "--", "-",
                ])
                .to_string(),
            ],
            14 if r.chance(r.bad * 3) => vec![
                "test".to_string(),
                r.pick(&["--from", "--from=-", "--from=x"]).to_string(),
            ],
            15 if r.chance(r.bad * 3) => (0..r.below(40)).map(|_| word(r)).collect(),
            16..=19 if r.chance(r.bad * 3) => (0..r.below(8)).map(|_| word(r)).collect(),
            _ => vec!["add".to_string(), name.to_string(), entry_for(r, typ)],
        };
        if r.chance(r.bad / 3) {
            sprinkle_globals(r, &mut words);
        }
        let mut l = words
            .iter()
            .map(|w| quote_maybe(r, w))
            .collect::<Vec<_>>()
            .join(if r.chance(90) { " " } else { "\t " })
            .into_bytes();
        if r.chance(r.bad * 5 / 6) {
            mangle(r, &mut l);
        }
        lines.push(l);
    }
    if r.chance(r.bad / 6) {
        // One very long line.
        let tok = r.pick(&["add fz_ip ", "1", "\"", " ", "é"]);
        lines.push(tok.repeat(r.below(100_000) + 1).into_bytes());
    }
    join_lines(r, lines)
}

/// `save` output with words replaced and lines damaged, mostly after
/// lines that remove the sets it creates.
fn mutate_save(r: &mut Rng, saved: &[u8]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    if r.chance(70) {
        lines.push(b"flush".to_vec());
        lines.push(b"destroy".to_vec());
    }
    for line in saved.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let mut words: Vec<Vec<u8>> = line.split(|&b| b == b' ').map(<[u8]>::to_vec).collect();
        for _ in 0..3 {
            if r.chance(r.bad) {
                let i = r.below(words.len());
                words[i] = match r.below(3) {
                    0 => r.pick(NUMBERS).as_bytes().to_vec(),
                    1 => Vec::new(),
                    _ => word(r).into_bytes(),
                };
            }
        }
        let mut l = words.join(&b' ');
        if r.chance(r.bad / 2) {
            mangle(r, &mut l);
        }
        if !r.chance(r.bad / 3) {
            lines.push(l);
        }
    }
    join_lines(r, lines)
}

/// Join lines with LF or CRLF, sometimes without the final newline.
fn join_lines(r: &mut Rng, lines: Vec<Vec<u8>>) -> Vec<u8> {
    let crlf = r.chance(20);
    let mut out = Vec::new();
    for l in lines {
        out.extend_from_slice(&l);
        if crlf || r.chance(2) {
            out.push(b'\r');
        }
        out.push(b'\n');
    }
    if r.chance(15) && out.last() == Some(&b'\n') {
        out.pop();
    }
    out
}

/// Damage a line: insert bytes (NUL, invalid UTF-8, CR, quotes, a cut
/// multi-byte character), delete, duplicate or truncate.
fn mangle(r: &mut Rng, l: &mut Vec<u8>) {
    const BYTES: &[u8] = &[
        0x00, 0xff, 0x80, 0xc3, 0xe6, b'"', b'\r', b'\t', b' ', b',', b'-', b'/', b':', b'#', 0x0b,
        0x0c, b'\\', 0x7f,
    ];
    for _ in 0..r.below(3) + 1 {
        let at = r.below(l.len() + 1);
        match r.below(5) {
            0 | 1 => {
                for _ in 0..r.below(3) + 1 {
                    l.insert(at, BYTES[r.below(BYTES.len())]);
                }
            }
            2 if at < l.len() => {
                let end = (at + r.below(6) + 1).min(l.len());
                l.drain(at..end);
            }
            3 => {
                let seg: Vec<u8> = l[at..].iter().take(r.below(20)).copied().collect();
                l.splice(at..at, seg);
            }
            _ => l.truncate(at),
        }
    }
}

/// Force every `-file` and `-netns` value (as ipset's option matching sees
/// them) to a harmless one, so no run writes outside the scratch directory
/// or enters another network namespace.
fn sanitize_args(args: &mut [OsString]) {
    for i in 0..args.len() {
        match dangerous_option(args[i].as_bytes()) {
            Some(Danger::File) if i + 1 < args.len() => {
                let v = args[i + 1].as_bytes();
                if v.starts_with(b"/") && v != b"/dev/null" {
                    args[i + 1] = "fz-out".into();
                }
            }
            Some(Danger::Netns) if i + 1 < args.len() => {
                args[i + 1] = "wiset-fuzz-no-such-netns".into();
            }
            _ => {}
        }
    }
}

enum Danger {
    File,
    Netns,
}

fn dangerous_option(w: &[u8]) -> Option<Danger> {
    let w = w.strip_prefix(b"-").unwrap_or(w);
    match w {
        b"-f" | b"-file" | b"f" | b"file" => Some(Danger::File),
        b"-netns" | b"netns" => Some(Danger::Netns),
        _ => None,
    }
}

/// The same for input files: a line whose words (split as ipset splits
/// them) would write outside the scratch directory or enter a namespace
/// becomes a comment.
fn sanitize_input(input: &mut Vec<u8>) {
    let mut out = Vec::with_capacity(input.len());
    for (i, line) in input.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        let words = split_words(&String::from_utf8_lossy(line));
        let bad = words
            .iter()
            .enumerate()
            .any(|(i, w)| match dangerous_option(w.as_bytes()) {
                Some(Danger::Netns) => true,
                Some(Danger::File) => words
                    .get(i + 1)
                    .is_some_and(|v| v.starts_with('/') && v != "/dev/null"),
                None => false,
            });
        if bad {
            out.extend_from_slice(b"# sanitized");
        } else {
            out.extend_from_slice(line);
        }
    }
    *input = out;
}

/// ipset's word splitting (whitespace separates, `"` toggles quoting).
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut in_word = false;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
            in_word = true;
        } else if c.is_whitespace() && !quoted {
            if in_word {
                words.push(std::mem::take(&mut cur));
                in_word = false;
            }
        } else {
            cur.push(c);
            in_word = true;
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

// ---------------------------------------------------------------- runner

/// How a run ended.
struct Ended {
    code: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
    stdout: Vec<u8>,
    stderr: String,
}

impl Ended {
    /// What is wrong with this run, as a signature that stays the same for
    /// the same bug (the panic location), or None.
    fn problem(&self) -> Option<String> {
        if let Some(i) = self.stderr.find("panicked at ") {
            let rest = &self.stderr[i + "panicked at ".len()..];
            let loc = rest.lines().next().unwrap_or("").trim_end_matches(':');
            return Some(format!("panic at {loc}"));
        }
        if self.stderr.contains("panicked") || self.stderr.contains("RUST_BACKTRACE") {
            return Some("panic text on stderr".into());
        }
        if self.timed_out {
            return Some("no exit within the time limit".into());
        }
        if let Some(s) = self.signal {
            return Some(format!("killed by signal {s}"));
        }
        match self.code {
            Some(0..=2) => None,
            Some(c) => Some(format!("exit code {c}")),
            None => Some("no exit code".into()),
        }
    }
}

const RUN_LIMIT: Duration = Duration::from_secs(20);

/// A failure seen while fuzzing: the first input of its kind, minimised.
struct Failure {
    signature: String,
    run: usize,
    via: Via,
    args: Vec<OsString>,
    stdin: Vec<u8>,
    min_args: Vec<OsString>,
    min_stdin: Vec<u8>,
    stderr: String,
    count: usize,
}

/// One namespace, its scratch directory and the failures seen in it.
struct Fuzz {
    ns: Netns,
    seed: u64,
    scratch: PathBuf,
    runs: usize,
    /// Runs that exited 0, 1, 2, otherwise.
    codes: [usize; 4],
    failures: Vec<Failure>,
    started: Instant,
}

/// Where a run's input goes: stdin, or a file in the scratch directory
/// that the arguments name (stdin gets the same bytes).
#[derive(Clone, Copy)]
enum Via {
    Stdin,
    File(&'static str),
}

impl Fuzz {
    fn new(name: &str, seed: u64) -> Option<Fuzz> {
        let ns = netns()?;
        let scratch =
            std::env::temp_dir().join(format!("wiset-no-panic-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&scratch).expect("scratch dir");
        let mut f = Fuzz {
            ns,
            seed,
            scratch,
            runs: 0,
            codes: [0; 4],
            failures: Vec::new(),
            started: Instant::now(),
        };
        f.probe_fixture();
        f.reset();
        f.runs = 0;
        Some(f)
    }

    /// Run wiset with `args` and `stdin` in the namespace and scratch directory.
    fn exec(&self, args: &[OsString], stdin: &[u8]) -> Ended {
        let mut child = self
            .ns
            .command(WISET)
            .args(args)
            .current_dir(&self.scratch)
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn wiset");
        let mut input = child.stdin.take().expect("stdin");
        let data = stdin.to_vec();
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(&data);
        });
        let mut out = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = out.read_to_end(&mut buf);
            buf
        });
        let mut err = child.stderr.take().expect("stderr");
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err.read_to_end(&mut buf);
            buf
        });
        let deadline = Instant::now() + RUN_LIMIT;
        let mut pause = Duration::from_micros(100);
        let (status, timed_out) = loop {
            if let Some(st) = child.try_wait().expect("wait") {
                break (st, false);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                break (child.wait().expect("wait"), true);
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(5));
        };
        let _ = writer.join();
        let stdout = reader.join().unwrap_or_default();
        let stderr = err_reader.join().unwrap_or_default();
        Ended {
            code: status.code(),
            signal: status.signal(),
            timed_out,
            stdout,
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }

    /// Find out which fixture sets this kernel can make (ip_set modules
    /// may be missing) and fuzz with those.
    fn probe_fixture(&mut self) {
        let supported: Vec<(&'static str, &'static str)> = FIXTURE
            .iter()
            .copied()
            .filter(|(name, typ)| {
                let line = format!("create {name} {typ}\n");
                self.exec(&os(&["restore"]), line.as_bytes()).code == Some(0)
            })
            .collect();
        let missing: Vec<&str> = FIXTURE
            .iter()
            .filter(|f| !supported.contains(f))
            .map(|f| f.1)
            .collect();
        if !missing.is_empty() {
            eprintln!("this kernel cannot create: {missing:?}; fuzzing without those fixture sets");
        }
        assert!(!supported.is_empty(), "no fixture set can be created");
        let _ = SUPPORTED.set(supported);
    }

    /// Back to the fixture: every set gone, then the fixture sets with a few
    /// entries each. Also writes `fz-in`, a file runs may read.
    fn reset(&self) {
        let mut text = String::from("flush\ndestroy\n");
        for (name, typ) in fixture() {
            text.push_str(&format!("create {name} {typ}\n"));
        }
        for add in FIXTURE_ADDS {
            let set = add.split(' ').next().unwrap_or("");
            if fixture().iter().any(|(name, _)| *name == set) {
                text.push_str(&format!("add {add}\n"));
            }
        }
        let e = self.exec(&["restore".into()], text.as_bytes());
        assert!(
            e.code == Some(0),
            "fixture restore failed: {:?}\n{}",
            e.code,
            e.stderr
        );
        let _ = std::fs::write(self.scratch.join("fz-in"), "10.0.0.1\n10.0.0.2\n# c\n");
    }

    /// Run one generated input; on a problem, record (and minimise) it.
    fn check(&mut self, args: Vec<OsString>, mut stdin: Vec<u8>, via: Via) {
        sanitize_input(&mut stdin);
        if self.runs % 10 == 0 && self.runs > 0 {
            self.reset();
        }
        let run = self.runs;
        self.runs += 1;
        let e = self.exec_via(&args, &stdin, via);
        self.codes[match e.code {
            Some(c @ 0..=2) => c as usize,
            _ => 3,
        }] += 1;
        let Some(sig) = e.problem() else { return };
        if let Some(f) = self.failures.iter_mut().find(|f| f.signature == sig) {
            f.count += 1;
            return;
        }
        eprintln!(
            "seed {:#x} run {run}: {sig}\n  args {args:?}\n  stdin {}",
            self.seed,
            show(&stdin)
        );
        let (min_args, min_stdin) = self.minimise(&sig, args.clone(), stdin.clone(), via);
        self.reset();
        self.failures.push(Failure {
            signature: sig,
            run,
            via,
            args,
            stdin,
            min_args,
            min_stdin,
            stderr: e.stderr,
            count: 1,
        });
    }

    /// Whether the input still fails with `sig` from a fresh fixture.
    fn still_fails(&self, sig: &str, args: &[OsString], stdin: &[u8], via: Via) -> bool {
        self.reset();
        self.exec_via(args, stdin, via).problem().as_deref() == Some(sig)
    }

    /// Run with the input on stdin, or written to a file in the scratch
    /// directory (the arguments name it) with the same bytes on stdin too.
    fn exec_via(&self, args: &[OsString], input: &[u8], via: Via) -> Ended {
        if let Via::File(name) = via {
            std::fs::write(self.scratch.join(name), input).expect("write input file");
        }
        self.exec(args, input)
    }

    /// Greedy minimisation within a budget of runs: drop stdin lines, then
    /// arguments, then words of lines, then halve long words.
    fn minimise(
        &self,
        sig: &str,
        mut args: Vec<OsString>,
        stdin: Vec<u8>,
        via: Via,
    ) -> (Vec<OsString>, Vec<u8>) {
        let mut budget = 150usize;
        let mut lines: Vec<Vec<u8>> = stdin.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        let join = |ls: &[Vec<u8>]| ls.join(&b'\n');
        let mut try_it = |a: &[OsString], ls: &[Vec<u8>]| -> bool {
            if budget == 0 {
                return false;
            }
            budget -= 1;
            self.still_fails(sig, a, &join(ls), via)
        };
        // Stdin lines, in chunks then one by one.
        let mut chunk = lines.len().div_ceil(2).max(1);
        loop {
            let mut i = 0;
            while i < lines.len() {
                let mut cand = lines.clone();
                cand.drain(i..(i + chunk).min(lines.len()));
                if try_it(&args, &cand) {
                    lines = cand;
                } else {
                    i += chunk;
                }
            }
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
        // Arguments.
        let mut i = 0;
        while i < args.len() {
            let mut cand = args.clone();
            cand.remove(i);
            if try_it(&cand, &lines) {
                args = cand;
            } else {
                i += 1;
            }
        }
        // Words of the remaining lines.
        for li in 0..lines.len() {
            let mut wi = 0;
            loop {
                let words: Vec<&[u8]> = lines[li].split(|&b| b == b' ').collect();
                if wi >= words.len() || words.len() < 2 {
                    break;
                }
                let mut cand_words = words.clone();
                cand_words.remove(wi);
                let mut cand = lines.clone();
                cand[li] = cand_words.join(&b' ');
                if try_it(&args, &cand) {
                    lines = cand;
                } else {
                    wi += 1;
                }
            }
        }
        // Long arguments and lines: halve while it still fails.
        for ai in 0..args.len() {
            while args[ai].len() > 8 {
                let mut cand = args.clone();
                let b = cand[ai].as_bytes();
                cand[ai] = OsString::from_vec(b[..b.len() / 2].to_vec());
                if try_it(&cand, &lines) {
                    args = cand;
                } else {
                    break;
                }
            }
        }
        for li in 0..lines.len() {
            while lines[li].len() > 16 {
                let mut cand = lines.clone();
                let n = cand[li].len() / 2;
                cand[li].truncate(n);
                if try_it(&args, &cand) {
                    lines = cand;
                } else {
                    break;
                }
            }
        }
        let stdin = join(&lines);
        (args, stdin)
    }

    /// Fail the test with every problem found, or report the runs made.
    fn finish(self, test: &str) {
        eprintln!(
            "{test}: {} runs in {:.1?} (exit 0/1/2/other: {:?}), seed {:#x}, {} distinct problems",
            self.runs,
            self.started.elapsed(),
            self.codes,
            self.seed,
            self.failures.len()
        );
        if self.failures.is_empty() {
            return;
        }
        let mut report = String::new();
        for f in &self.failures {
            report.push_str(&format!(
                "\n== {} ({} runs); first at seed {:#x} run {}\n   args  {:?}\n   {} {}\n   minimised: args {:?} input {}\n   stderr: {}\n",
                f.signature,
                f.count,
                self.seed,
                f.run,
                f.args,
                match f.via {
                    Via::Stdin => "stdin".to_string(),
                    Via::File(name) => format!("input (file {name} and stdin)"),
                },
                show_short(&f.stdin),
                f.min_args,
                show(&f.min_stdin),
                f.stderr.trim_end().replace('\n', "\n           "),
            ));
        }
        panic!("{test}: wiset failed on generated input:{report}");
    }
}

impl Drop for Fuzz {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

fn show(b: &[u8]) -> String {
    format!("\"{}\"", b.escape_ascii())
}

fn show_short(b: &[u8]) -> String {
    if b.len() > 2000 {
        format!("{} ... ({} bytes)", show(&b[..2000]), b.len())
    } else {
        show(b)
    }
}

/// The seed: the test's constant, or `WISET_FUZZ_SEED` (decimal or 0x-hex)
/// for a longer hunt.
fn seed(default: u64) -> u64 {
    std::env::var("WISET_FUZZ_SEED")
        .ok()
        .and_then(|s| match s.strip_prefix("0x") {
            Some(h) => u64::from_str_radix(h, 16).ok(),
            None => s.parse().ok(),
        })
        .unwrap_or(default)
}

/// How many inputs: the test's constant, or `WISET_FUZZ_RUNS`.
fn runs(default: usize) -> usize {
    std::env::var("WISET_FUZZ_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

// ----------------------------------------------------------------- tests

#[test]
fn command_lines_never_panic() {
    let Some(mut f) = Fuzz::new("cli", seed(0x5eed_0c11)) else {
        return;
    };
    let mut r = Rng::new(f.seed);
    for _ in 0..runs(500) {
        r.pick_bad();
        let (args, stdin) = command_line(&mut r);
        f.check(args, stdin, Via::Stdin);
    }
    f.finish("command_lines_never_panic");
}

#[test]
fn restore_input_never_panics() {
    let Some(mut f) = Fuzz::new("restore", seed(0x5eed_2e57)) else {
        return;
    };
    let mut r = Rng::new(f.seed);
    // The fixture as `save` prints it: header lines with every option.
    let saved = f.exec(&os(&["save"]), b"").stdout;
    assert!(saved.starts_with(b"create "), "save printed no sets");
    for _ in 0..runs(300) {
        r.pick_bad();
        let mut args = match r.below(8) {
            0 => os(&["restore", "-exist"]),
            1 => os(&["-!", "-R"]),
            2 => os(&["-q", "restore"]),
            3 => os(&["restore", "-o", "save"]),
            4 => os(&["restore", "-f", "fz-restore"]),
            5 => os(&["res"]),
            _ => os(&["restore"]),
        };
        let input = if r.chance(30) {
            mutate_save(&mut r, &saved)
        } else {
            restore_file(&mut r, 30)
        };
        let via = if args.iter().any(|a| a == "fz-restore") {
            Via::File("fz-restore")
        } else {
            Via::Stdin
        };
        if r.chance(5) {
            args.push(word(&mut r).into());
        }
        f.check(args, input, via);
    }
    f.finish("restore_input_never_panics");
}

#[test]
fn replace_input_never_panics() {
    let Some(mut f) = Fuzz::new("replace", seed(0x5eed_4e91)) else {
        return;
    };
    let mut r = Rng::new(f.seed);
    for _ in 0..runs(300) {
        r.pick_bad();
        let (name, typ) = fixture()[r.below(fixture().len())];
        let mut args = os(&["replace"]);
        let missing = r.chance(8);
        args.push(if missing {
            format!("fzr_{}", r.below(4)).into()
        } else if r.chance(5) {
            set_name(&mut r).into()
        } else {
            name.into()
        });
        let from_file = r.chance(20);
        if from_file {
            args.push("fz-replace".into());
        } else if r.chance(50) {
            args.push("-".into());
        }
        for (flag, pct) in [
            ("--diff", 40),
            ("--skip-invalid", 35),
            ("--grow", 10),
            ("--dry-run", 10),
            ("-q", 20),
            ("-exist", 5),
        ] {
            if r.chance(pct) {
                args.push(flag.into());
            }
        }
        if r.chance(10) {
            args.push("-o".into());
            args.push(r.pick(OUTPUT_MODES).into());
        }
        if missing || r.chance(5) {
            args.push("--create".into());
            args.push(if r.chance(80) {
                typ.split_whitespace().next().unwrap_or(typ).into()
            } else {
                r.pick(TYPES).into()
            });
            let n = r.below(3);
            args.extend(
                options(&mut r, CREATE_KEYWORDS, n)
                    .into_iter()
                    .map(OsString::from),
            );
        }
        let mut input = entry_lines(&mut r, typ, 30);
        if r.chance(5) {
            input.extend(restore_file(&mut r, 5));
        }
        if r.chance(3) {
            let e = entry_for(&mut r, typ);
            input.extend(format!("{e}\n").repeat(r.below(3000)).into_bytes());
        }
        sanitize_args(&mut args);
        let via = if from_file {
            Via::File("fz-replace")
        } else {
            Via::Stdin
        };
        f.check(args, input, via);
    }
    f.finish("replace_input_never_panics");
}

#[test]
fn test_from_input_never_panics() {
    let Some(mut f) = Fuzz::new("test-from", seed(0x5eed_7e57)) else {
        return;
    };
    let mut r = Rng::new(f.seed);
    for _ in 0..runs(250) {
        r.pick_bad();
        let (name, typ) = fixture()[r.below(fixture().len())];
        let set: OsString = if r.chance(8) {
            set_name(&mut r).into()
        } else {
            name.into()
        };
        let from_file = r.chance(20);
        let mut args = match r.below(4) {
            _ if from_file => vec!["-T".into(), set, "--from".into(), "fz-test".into()],
            0 => vec!["test".into(), set, "--from=-".into()],
            1 => vec!["t".into(), "--from".into(), "-".into(), set],
            _ => vec!["test".into(), set, "--from".into(), "-".into()],
        };
        if r.chance(15) {
            args.insert(r.below(args.len() + 1), r.pick(GLOBALS).into());
        }
        if r.chance(5) {
            args.push(word(&mut r).into());
        }
        sanitize_args(&mut args);
        let mut input = entry_lines(&mut r, typ, 30);
        if r.chance(5) {
            let e = entry_for(&mut r, typ);
            input.extend(format!("{e}\n").repeat(r.below(5000)).into_bytes());
        }
        let via = if from_file {
            Via::File("fz-test")
        } else {
            Via::Stdin
        };
        f.check(args, input, via);
    }
    f.finish("test_from_input_never_panics");
}

// ---------------------------------------------------- minimised reproducers

/// Run inputs that once made wiset panic, against the fixture.
fn no_panic_on(name: &str, cases: &[(&[&str], &str)]) {
    let Some(mut f) = Fuzz::new(name, 0) else {
        return;
    };
    for (args, stdin) in cases {
        f.check(os(args), stdin.as_bytes().to_vec(), Via::Stdin);
    }
    f.finish(name);
}

/// `test` with only `--from` in restore input: check_arity lets `--from`
/// through (it is the command line's `test SET --from FILE`), and the restore
/// line then read a second argument that was not there — "index out of
/// bounds: the len is 1 but the index is 1" at src/cli/commands/restore.rs:128:45.
#[test]
fn regression_restore_test_line_with_only_from() {
    no_panic_on(
        "regression-restore-test-from",
        &[
            (&["restore"], "test --from\n"),
            (&["restore"], "test --from=-\r\n"),
            (&["restore"], "\"test\"\t --from"),
            (
                &["-q", "restore", "-exist"],
                "add fz_ip 10.0.0.9\ntest --from=x\n",
            ),
        ],
    );
}
