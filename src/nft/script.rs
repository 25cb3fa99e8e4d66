//! Sets (with their entries) as one nft script that `nft -f` loads in one
//! transaction, and that matches what the sets match.
//!
//! Each set is declared, emptied and declared again with its elements, so
//! that loading the script again leaves the nft sets holding exactly the
//! ipsets' entries. (The elements go inside the declaration: nft 1.0.6
//! drops the counter values of elements added to an interval set by an
//! `add element` command of the transaction that creates the set.)
//!
//! What nft cannot say the same way is refused per set, with the reason
//! ([`Refusal`]); nothing of a refused set is written but a comment.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::set::{Entry, Family, Part, SetType, WiSet};
use crate::text::{format_element, protocol_name, push_ip};

use super::partition::{Piece, Prefix, Unsayable, partition};
use super::types::{has_networks, nft_type, rule_match};

/// The family of the nft table the sets go into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableFamily {
    /// `inet`: IPv4 and IPv6 (ipset-translate's choice).
    #[default]
    Inet,
    /// `ip`: IPv4 only.
    Ip,
    /// `ip6`: IPv6 only.
    Ip6,
}

impl TableFamily {
    /// nft's name of the family.
    pub fn name(self) -> &'static str {
        match self {
            TableFamily::Inet => "inet",
            TableFamily::Ip => "ip",
            TableFamily::Ip6 => "ip6",
        }
    }

    /// The family named `s` (`inet`, `ip`, `ip6`).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "inet" => TableFamily::Inet,
            "ip" => TableFamily::Ip,
            "ip6" => TableFamily::Ip6,
            _ => return None,
        })
    }
}

/// Where the sets go.
#[derive(Debug, Clone)]
pub struct ScriptOptions {
    /// The table's name (`global`, as ipset-translate).
    pub table: String,
    /// The table's family (`inet`).
    pub family: TableFamily,
}

impl Default for ScriptOptions {
    fn default() -> Self {
        ScriptOptions {
            table: "global".into(),
            family: TableFamily::Inet,
        }
    }
}

/// A set the script cannot hold as ipset matches it, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The set's name.
    pub set: String,
    /// Why, in a sentence that follows the entry or set it names.
    pub reason: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "set {}: {}", self.set, self.reason)
    }
}

/// nft's longest comment, in bytes.
const MAX_COMMENT: usize = 128;

/// Words nft 1.0.6 reads as keywords where a set name stands (found by
/// loading a set of each name): such a name cannot be written.
const NFT_KEYWORDS: &[&str] = &[
    "accept",
    "add",
    "ah",
    "all",
    "and",
    "arp",
    "auto-merge",
    "bridge",
    "cgroup",
    "chain",
    "chains",
    "comment",
    "comp",
    "constant",
    "continue",
    "counter",
    "counters",
    "cpu",
    "create",
    "ct",
    "day",
    "dccp",
    "define",
    "delete",
    "describe",
    "device",
    "devices",
    "dnat",
    "drop",
    "dst",
    "dup",
    "dynamic",
    "ecn",
    "element",
    "elements",
    "esp",
    "ether",
    "exists",
    "expires",
    "exthdr",
    "fib",
    "flags",
    "flow",
    "flowtable",
    "flowtables",
    "flush",
    "frag",
    "fwd",
    "gc-interval",
    "get",
    "goto",
    "handle",
    "hbh",
    "hook",
    "hooks",
    "hour",
    "ibrname",
    "icmp",
    "icmpv6",
    "igmp",
    "iif",
    "iifgroup",
    "iifname",
    "iiftype",
    "include",
    "index",
    "inet",
    "insert",
    "interval",
    "ip",
    "ip6",
    "ipsec",
    "jhash",
    "jump",
    "limit",
    "limits",
    "list",
    "log",
    "lt",
    "map",
    "maps",
    "mark",
    "masquerade",
    "meta",
    "meters",
    "mh",
    "missing",
    "monitor",
    "ne",
    "netdev",
    "nftrace",
    "not",
    "notrack",
    "numgen",
    "obrname",
    "offload",
    "oif",
    "oifgroup",
    "oifname",
    "oiftype",
    "or",
    "osf",
    "pkttype",
    "policy",
    "position",
    "priority",
    "queue",
    "quota",
    "quotas",
    "random",
    "redefine",
    "redirect",
    "reject",
    "rename",
    "replace",
    "reset",
    "return",
    "rt",
    "rtclassid",
    "rule",
    "ruleset",
    "sctp",
    "secmark",
    "secmarks",
    "set",
    "sets",
    "size",
    "skgid",
    "skuid",
    "snat",
    "socket",
    "srh",
    "symhash",
    "synproxy",
    "synproxys",
    "table",
    "tables",
    "tcp",
    "th",
    "time",
    "timeout",
    "tproxy",
    "type",
    "typeof",
    "udp",
    "udplite",
    "undefine",
    "update",
    "vlan",
    "vmap",
    "xt",
];

/// Whether nft reads `name` as the name of a set: an identifier that is
/// not one of its keywords.
pub fn is_nft_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c))
        && !NFT_KEYWORDS.contains(&name)
}

/// An nft script in the making: [`Script::header`], then each set's text
/// from [`Script::set`].
#[derive(Debug, Clone, Default)]
pub struct Script {
    opts: ScriptOptions,
}

/// One set translated: its text, and notes for the user (a comment made
/// shorter, a default timeout nft cannot keep).
#[derive(Debug, Clone, Default)]
pub struct Translated {
    /// The set's part of the script.
    pub text: String,
    /// What the user should know: each a sentence naming the set.
    pub notes: Vec<String>,
}

impl Script {
    /// A script for sets going into the table `opts` names.
    pub fn new(opts: ScriptOptions) -> Self {
        Script { opts }
    }

    /// The script's first lines: the table (made if missing).
    pub fn header(&self) -> String {
        format!(
            "#!/usr/sbin/nft -f\n# ipsets as nft sets, written by wiset translate. Load with `nft -f FILE`:\n# one transaction, which empties and refills each set, so loading it again\n# leaves the sets holding exactly these elements.\ntable {} {} {{\n}}\n",
            self.opts.family.name(),
            self.opts.table
        )
    }

    /// A refused set, as the script says it (a comment).
    pub fn refused(&self, r: &Refusal) -> String {
        format!("\n# ipset {} is not translated: {}\n", r.set, r.reason)
    }

    /// A set with its content (the kernel's listing, as `load_ipset` gives
    /// it), or why nft cannot hold it.
    pub fn set(&self, set: &WiSet) -> Result<Translated, Refusal> {
        let refuse = |reason: String| Refusal {
            set: set.name.clone(),
            reason,
        };
        let t = set.set_type().ok_or_else(|| {
            refuse(format!(
                "wiset does not know the set type {}",
                set.type_name
            ))
        })?;
        if !is_nft_name(&set.name) {
            return Err(refuse(
                "nft cannot name a set so (a letter or _ first, then letters, digits and _-./; no nft keyword): rename it first"
                    .into(),
            ));
        }
        let other_family = match (self.opts.family, set.family) {
            (TableFamily::Ip, Family::Inet6) => Some("an IPv6 set in an ip table"),
            (TableFamily::Ip6, Family::Inet) => Some("an IPv4 set in an ip6 table"),
            _ => None,
        };
        if let Some(what) = other_family {
            return Err(refuse(format!(
                "{what}: no rule of the table could match it (use --family inet)"
            )));
        }
        let entries: &[Entry] = set.content.as_deref().unwrap_or_default();
        if t == SetType::ListSet {
            let members: Vec<String> = entries.iter().filter_map(|e| e.elem.name.clone()).collect();
            return Err(refuse(format!(
                "a list:set matches through its member sets, and nft has no set of sets: translate the members ({}) and match each in a rule of its own",
                if members.is_empty() {
                    "none now".to_string()
                } else {
                    members.join(", ")
                }
            )));
        }
        let nft = nft_type(t, set.family).expect("not a list:set");
        let mut notes = Vec::new();
        let mut shown = String::new();
        for e in entries {
            let why = if e.opts.skbmark.is_some()
                || e.opts.skbprio.is_some()
                || e.opts.skbqueue.is_some()
            {
                Some(
                    "holds skbinfo values (skbmark, skbprio, skbqueue), which nft sets cannot carry",
                )
            } else if e.elem.physdev {
                Some("matches a bridge port (physdev:), which an nft set of interface names cannot")
            } else if t == SetType::BitmapIpMac && e.elem.mac.is_none() {
                Some(
                    "holds an address whose MAC is not learnt yet, which an nft set cannot (it learns nothing)",
                )
            } else if has_port(t) && is_icmp(e.elem.proto.unwrap_or(6)) {
                Some(
                    "matches an ICMP type and code, which ipset keeps as a port but a rule's th dport does not read (they are the header's first bytes)",
                )
            } else if has_port(t) && !has_ports(e.elem.proto.unwrap_or(6)) {
                Some(
                    "matches a protocol without ports (ipset's port 0), which a rule's th dport cannot",
                )
            } else if e.opts.nomatch && !has_networks(t) {
                Some("holds a nomatch entry")
            } else {
                None
            };
            if let Some(why) = why {
                shown.clear();
                format_element(&e.elem, t, set.family, &mut shown);
                return Err(refuse(format!("entry {shown} {why}")));
            }
        }
        let o = &set.options;
        let interval = has_networks(t) || o.netmask.is_some_and(|m| m < set.family.host_cidr());
        // Elements: the entries, or for networks the pieces the kernel's
        // most-specific-first matching gives.
        let mut lines = Vec::with_capacity(entries.len());
        if has_networks(t) {
            self.network_elements(set, t, entries, &mut lines)
                .map_err(|why| {
                    let shown = |i: usize| {
                        let mut s = String::new();
                        format_element(&entries[i].elem, t, set.family, &mut s);
                        s
                    };
                    refuse(match why {
                        Unsaid::Reappears(inner, outer) => format!(
                            "the nomatch entry {} expires inside {}, which ipset then matches again; nft cannot add it back later",
                            shown(inner),
                            shown(outer)
                        ),
                        Unsaid::Overlap(a, b) => format!(
                            "the entries {} and {} overlap in every part, which the elements of an nft interval set cannot",
                            shown(a),
                            shown(b)
                        ),
                        Unsaid::NomatchPair(a) => format!(
                            "entry {} is a nomatch exception in a set of two networks, which nft cannot cut out",
                            shown(a)
                        ),
                    })
                })?;
        } else {
            for (i, e) in entries.iter().enumerate() {
                let mut s = String::new();
                self.plain_element(set, t, e, &mut s);
                lines.push(Line {
                    text: s,
                    entry: i,
                    timeout: e.opts.timeout.filter(|&t| t > 0),
                    first: true,
                });
            }
        }
        // A permanent entry in a set with a default timeout: nft gives an
        // element without a timeout the set's default, so the default goes.
        let permanent = lines.iter().any(|l| l.timeout.is_none());
        let mut decl = String::new();
        let _ = writeln!(decl, "\t\ttype {nft}");
        let mut flags = Vec::new();
        if interval {
            flags.push("interval");
        }
        if o.timeout.is_some() {
            flags.push("timeout");
        }
        if !flags.is_empty() {
            let _ = writeln!(decl, "\t\tflags {}", flags.join(","));
        }
        if o.counters {
            decl.push_str("\t\tcounter\n");
        }
        match o.timeout {
            Some(t) if t > 0 && !permanent => {
                let _ = writeln!(decl, "\t\ttimeout {t}s");
            }
            Some(t) if t > 0 => notes.push(format!(
                "set {}: its default timeout {t}s is not declared, because it holds permanent entries (nft would give them the default); rules that add elements should say `timeout {t}s`",
                set.name
            )),
            _ => {}
        }
        let maxelem = o.maxelem.unwrap_or(0);
        if maxelem > 0 || lines.len() > 65536 {
            let size = (maxelem as usize).max(lines.len());
            let _ = writeln!(decl, "\t\tsize {size}");
        }
        // Comments nft cannot hold as they are.
        let mut text = String::new();
        let _ = writeln!(
            text,
            "\n# ipset {}: {} family {}",
            set.name,
            t.name(),
            set.family.name()
        );
        if let Some(m) = rule_match(t, set.family) {
            let m = match (t, o.markmask) {
                (SetType::HashIpMark, Some(mask)) if mask != u32::MAX => {
                    m.replace("meta mark", &format!("meta mark and 0x{mask:08x}"))
                }
                _ => m,
            };
            let _ = writeln!(text, "# match in a rule: {m} @{}", set.name);
        }
        if o.forceadd {
            let _ = writeln!(
                text,
                "# (forceadd: nft has no eviction; a full set refuses new elements)"
            );
        }
        let (fam, table) = (self.opts.family.name(), &self.opts.table);
        let name = &set.name;
        let _ = writeln!(
            text,
            "table {fam} {table} {{\n\tset {name} {{\n{decl}\t}}\n}}"
        );
        let _ = writeln!(text, "flush set {fam} {table} {name}");
        let _ = write!(text, "table {fam} {table} {{\n\tset {name} {{\n{decl}");
        if !lines.is_empty() {
            text.push_str("\t\telements = {\n");
            let mut comment = String::new();
            for (k, l) in lines.iter().enumerate() {
                let e = &entries[l.entry];
                text.push_str("\t\t\t");
                text.push_str(&l.text);
                if o.counters {
                    let (p, b) = if l.first {
                        (e.opts.packets.unwrap_or(0), e.opts.bytes.unwrap_or(0))
                    } else {
                        (0, 0)
                    };
                    let _ = write!(text, " counter packets {p} bytes {b}");
                }
                if let Some(t) = l.timeout {
                    let _ = write!(text, " timeout {t}s");
                }
                if let Some(c) = &e.opts.comment {
                    comment.clear();
                    if nft_comment(c, &mut comment) && l.first {
                        notes.push(format!(
                            "set {name}: the comment of {} was cut to nft's {MAX_COMMENT} bytes (and any \" made ')",
                            l.text
                        ));
                    }
                    let _ = write!(text, " comment \"{comment}\"");
                }
                text.push_str(if k + 1 < lines.len() { ",\n" } else { "\n" });
            }
            text.push_str("\t\t}\n");
        }
        text.push_str("\t}\n}\n");
        Ok(Translated { text, notes })
    }

    /// The element text of an entry of a type without networks.
    fn plain_element(&self, set: &WiSet, t: SetType, e: &Entry, out: &mut String) {
        let netmask = set.options.netmask.filter(|&m| m < set.family.host_cidr());
        let mut first = true;
        for part in t.parts() {
            if !first {
                out.push_str(" . ");
            }
            first = false;
            match part {
                Part::Ip => {
                    if let Some(ip) = e.elem.ip {
                        push_ip(ip, out);
                        if let Some(m) =
                            netmask.or(e.elem.cidr.filter(|&c| c < set.family.host_cidr()))
                        {
                            let _ = write!(out, "/{m}");
                        }
                    }
                }
                Part::Ip2 => {
                    if let Some(ip) = e.elem.ip2 {
                        push_ip(ip, out);
                    }
                }
                _ => push_other(part, &e.elem, out),
            }
        }
    }

    /// The elements of a type with networks: the entries grouped by their
    /// other parts, each group's networks cut into disjoint pieces.
    fn network_elements(
        &self,
        set: &WiSet,
        t: SetType,
        entries: &[Entry],
        lines: &mut Vec<Line>,
    ) -> Result<(), Unsaid> {
        let parts = t.parts();
        let nets: Vec<usize> = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p, Part::Net | Part::Net2))
            .map(|(k, _)| k)
            .collect();
        let host = set.family.host_cidr();
        if nets.len() > 1 {
            // Two networks (hash:net,net, hash:net,port,net): written as
            // they are, which nft matches the same where no two entries
            // overlap in both (and their other parts are the same).
            if let Some(e) = entries.iter().position(|e| e.opts.nomatch) {
                return Err(Unsaid::NomatchPair(e));
            }
            let mut items: Vec<Span> = entries
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let (start, end) = prefix_range(e.elem.ip, e.elem.cidr.unwrap_or(host), host);
                    Span {
                        start,
                        end,
                        entry: i,
                    }
                })
                .collect();
            let other = |e: &Entry| (e.elem.proto, e.elem.port);
            if let Some((a, b)) = first_overlap(&mut items, |a, b| {
                let (ea, eb) = (&entries[a], &entries[b]);
                let ra = prefix_range(ea.elem.ip2, ea.elem.cidr2.unwrap_or(host), host);
                let rb = prefix_range(eb.elem.ip2, eb.elem.cidr2.unwrap_or(host), host);
                other(ea) == other(eb) && ra.0 <= rb.1 && rb.0 <= ra.1
            }) {
                return Err(Unsaid::Overlap(a, b));
            }
            for (i, e) in entries.iter().enumerate() {
                let mut s = String::new();
                for (k, part) in parts.iter().enumerate() {
                    if k > 0 {
                        s.push_str(" . ");
                    }
                    match part {
                        Part::Net => push_net(e.elem.ip, e.elem.cidr, host, &mut s),
                        Part::Net2 => push_net(e.elem.ip2, e.elem.cidr2, host, &mut s),
                        _ => push_other(part, &e.elem, &mut s),
                    }
                }
                lines.push(Line {
                    text: s,
                    entry: i,
                    timeout: e.opts.timeout.filter(|&t| t > 0),
                    first: true,
                });
            }
            return Ok(());
        }
        let net_at = nets[0];
        // Group by the other parts (their text, the network's place empty).
        let mut groups: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
        let mut order = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let key: Vec<String> = parts
                .iter()
                .enumerate()
                .map(|(k, part)| {
                    let mut s = String::new();
                    match part {
                        _ if k == net_at => {}
                        Part::Ip => push_net(e.elem.ip, None, host, &mut s),
                        Part::Ip2 => push_net(e.elem.ip2, None, host, &mut s),
                        _ => push_other(part, &e.elem, &mut s),
                    }
                    s
                })
                .collect();
            groups
                .entry(key)
                .or_insert_with_key(|k| {
                    order.push(k.clone());
                    Vec::new()
                })
                .push(i);
        }
        // Pieces of different interface groups whose names overlap (a
        // wildcard and a name it matches) must not overlap in the network.
        let iface_at = parts.iter().position(|p| *p == Part::Iface);
        let mut spans: Vec<Span> = Vec::new();
        let mut group_of: Vec<usize> = Vec::new();
        for (g, key) in order.iter().enumerate() {
            let members = &groups[key];
            let prefixes: Vec<Prefix> = members
                .iter()
                .map(|&i| {
                    let e = &entries[i];
                    let (ip, cidr) = if parts[net_at] == Part::Net {
                        (e.elem.ip, e.elem.cidr)
                    } else {
                        (e.elem.ip2, e.elem.cidr2)
                    };
                    let (start, end) = prefix_range(ip, cidr.unwrap_or(host), host);
                    Prefix {
                        start,
                        end,
                        nomatch: e.opts.nomatch,
                        timeout: e.opts.timeout.filter(|&t| t > 0),
                    }
                })
                .collect();
            let pieces = partition(&prefixes).map_err(|Unsayable { inner, outer }| {
                Unsaid::Reappears(members[inner], members[outer])
            })?;
            let mut seen = vec![false; members.len()];
            for Piece {
                start,
                end,
                owner,
                timeout,
            } in pieces
            {
                let mut s = String::new();
                for (k, other) in key.iter().enumerate() {
                    if k > 0 {
                        s.push_str(" . ");
                    }
                    if k == net_at {
                        push_range(start, end, set.family, &mut s);
                    } else {
                        s.push_str(other);
                    }
                }
                if iface_at.is_some() {
                    spans.push(Span {
                        start,
                        end,
                        entry: members[owner],
                    });
                    group_of.push(g);
                }
                lines.push(Line {
                    text: s,
                    entry: members[owner],
                    timeout,
                    first: !std::mem::replace(&mut seen[owner], true),
                });
            }
        }
        if iface_at.is_some() && entries.iter().any(|e| e.elem.wildcard) {
            let group: HashMap<usize, usize> = spans
                .iter()
                .zip(&group_of)
                .map(|(s, &g)| (s.entry, g))
                .collect();
            let pattern = |i: usize| {
                let e = &entries[i].elem;
                (e.iface.as_deref().unwrap_or_default(), e.wildcard)
            };
            if let Some((a, b)) = first_overlap(&mut spans, |a, b| {
                group[&a] != group[&b] && names_overlap(pattern(a), pattern(b))
            }) {
                return Err(Unsaid::Overlap(a, b));
            }
        }
        Ok(())
    }
}

/// Why a set's networks cannot be written as ipset matches them.
enum Unsaid {
    /// The exception (first) expires inside the match (second).
    Reappears(usize, usize),
    /// Two entries whose elements would overlap in nft.
    Overlap(usize, usize),
    /// An exception in a two-network set.
    NomatchPair(usize),
}

/// An inclusive range of the address space and the entry it comes from.
struct Span {
    start: u128,
    end: u128,
    entry: usize,
}

/// The first two spans that overlap and `conflict` (their other parts
/// overlap too), by a sweep over the starts.
fn first_overlap(
    spans: &mut [Span],
    conflict: impl Fn(usize, usize) -> bool,
) -> Option<(usize, usize)> {
    spans.sort_unstable_by_key(|s| s.start);
    let mut open: Vec<(u128, usize)> = Vec::new();
    for s in spans.iter() {
        open.retain(|&(end, _)| end >= s.start);
        if let Some(&(_, other)) = open.iter().find(|&&(_, o)| conflict(o, s.entry)) {
            return Some((other, s.entry));
        }
        open.push((s.end, s.entry));
    }
    None
}

/// Whether two interface names (each maybe a wildcard, matching the names
/// it starts) match a name in common.
fn names_overlap((a, wa): (&str, bool), (b, wb): (&str, bool)) -> bool {
    a == b || (wa && b.starts_with(a)) || (wb && a.starts_with(b))
}

/// One element line: its text, the entry whose counters and comment it
/// carries (the counters on the entry's first piece only), its timeout.
struct Line {
    text: String,
    entry: usize,
    timeout: Option<u32>,
    first: bool,
}

/// Protocols whose packets carry ports where nft's `th dport` reads them.
fn has_ports(proto: u8) -> bool {
    matches!(
        proto as i32,
        libc::IPPROTO_TCP | libc::IPPROTO_UDP | libc::IPPROTO_SCTP | libc::IPPROTO_UDPLITE
    )
}

fn is_icmp(proto: u8) -> bool {
    matches!(proto as i32, libc::IPPROTO_ICMP | libc::IPPROTO_ICMPV6)
}

fn has_port(t: SetType) -> bool {
    t.parts().contains(&Part::Port)
}

/// Parts other than addresses, in nft's syntax.
fn push_other(part: &Part, e: &crate::set::Element, out: &mut String) {
    match part {
        Part::Port => {
            let proto = e.proto.unwrap_or(6);
            match protocol_name(proto) {
                Some(n) => out.push_str(n),
                None => {
                    let _ = write!(out, "{proto}");
                }
            }
            let _ = write!(out, " . {}", e.port.unwrap_or(0));
        }
        Part::BarePort => {
            let _ = write!(out, "{}", e.port.unwrap_or(0));
        }
        Part::Mac => {
            if let Some(m) = e.mac {
                let _ = write!(
                    out,
                    "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                    m[0], m[1], m[2], m[3], m[4], m[5]
                );
            }
        }
        Part::Iface => {
            let name = e.iface.as_deref().unwrap_or_default();
            let star = if e.wildcard { "*" } else { "" };
            let _ = write!(out, "\"{name}{star}\"");
        }
        Part::Mark => {
            let _ = write!(out, "0x{:08x}", e.mark.unwrap_or(0));
        }
        Part::Ip | Part::Ip2 | Part::Net | Part::Net2 | Part::SetName => {}
    }
}

fn push_net(ip: Option<IpAddr>, cidr: Option<u8>, host: u8, out: &mut String) {
    if let Some(ip) = ip {
        push_ip(ip, out);
        if let Some(c) = cidr.filter(|&c| c < host) {
            let _ = write!(out, "/{c}");
        }
    }
}

/// `ip/cidr` as an inclusive range of the address space (IPv4 in the low
/// 32 bits).
fn prefix_range(ip: Option<IpAddr>, cidr: u8, host: u8) -> (u128, u128) {
    let v = match ip {
        Some(IpAddr::V4(a)) => u32::from(a) as u128,
        Some(IpAddr::V6(a)) => u128::from(a),
        None => 0,
    };
    let free = u32::from(host - cidr.min(host));
    let mask = if free >= 128 { 0 } else { !0u128 << free };
    let low = if host == 32 { mask & 0xffff_ffff } else { mask };
    let start = v & low;
    let top = if host == 32 {
        0xffff_ffffu128
    } else {
        u128::MAX
    };
    (start, start | (!mask & top))
}

/// An inclusive range as a prefix where it is one, else `from-to`.
fn push_range(start: u128, end: u128, family: Family, out: &mut String) {
    let host = family.host_cidr();
    let ip = |v: u128| -> IpAddr {
        if host == 32 {
            IpAddr::V4(Ipv4Addr::from(v as u32))
        } else {
            IpAddr::V6(Ipv6Addr::from(v))
        }
    };
    let span = start ^ end;
    let free = 128 - span.leading_zeros();
    let aligned = span.checked_add(1).is_none_or(|n| n.is_power_of_two()) && start & span == 0;
    push_ip(ip(start), out);
    if aligned {
        let len = u32::from(host) - free;
        if len < u32::from(host) {
            let _ = write!(out, "/{len}");
        }
    } else {
        out.push('-');
        push_ip(ip(end), out);
    }
}

/// A comment nft takes: no `"` (made `'`), at most 128 bytes. Whether it
/// had to change.
fn nft_comment(c: &str, out: &mut String) -> bool {
    let mut changed = false;
    for ch in c.chars() {
        if out.len() + ch.len_utf8() > MAX_COMMENT {
            return true;
        }
        if ch == '"' {
            out.push('\'');
            changed = true;
        } else {
            out.push(ch);
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_become_prefixes_where_they_are_one() {
        let v4 = |s: &str| u32::from(s.parse::<Ipv4Addr>().unwrap()) as u128;
        for (a, b, want) in [
            ("10.0.0.0", "10.255.255.255", "10.0.0.0/8"),
            ("10.0.0.1", "10.0.0.1", "10.0.0.1"),
            ("10.0.0.0", "10.0.0.2", "10.0.0.0-10.0.0.2"),
            ("10.0.0.1", "10.0.0.2", "10.0.0.1-10.0.0.2"),
            ("0.0.0.0", "255.255.255.255", "0.0.0.0/0"),
        ] {
            let mut s = String::new();
            push_range(v4(a), v4(b), Family::Inet, &mut s);
            assert_eq!(s, want);
        }
        let mut s = String::new();
        push_range(0, u128::MAX, Family::Inet6, &mut s);
        assert_eq!(s, "::/0");
        let (a, b) = prefix_range(Some("10.1.2.3".parse().unwrap()), 8, 32);
        assert_eq!((a, b), (v4("10.0.0.0"), v4("10.255.255.255")));
    }

    #[test]
    fn names_nft_reads() {
        for ok in ["blocklist", "a-b.c", "_x", "a/b", "http", "global"] {
            assert!(is_nft_name(ok), "{ok}");
        }
        for bad in ["1abc", "a:b", "my set", "counter", "ip", "type", ""] {
            assert!(!is_nft_name(bad), "{bad}");
        }
    }

    #[test]
    fn comments_nft_takes() {
        let mut s = String::new();
        assert!(!nft_comment("plain words", &mut s));
        s.clear();
        assert!(nft_comment("a\"b", &mut s));
        assert_eq!(s, "a'b");
        s.clear();
        assert!(nft_comment(&"é".repeat(100), &mut s));
        assert_eq!(s.len(), 128);
    }
}
