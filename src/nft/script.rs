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
use crate::text::{format_element, push_ip};

use super::partition::{Piece, Prefix, Unsayable, partition};
use super::types::{has_networks, needs_interval, nft_type, push_mac, push_proto, rule_match};

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
/// from [`Script::set`] (a set with its content) or a [`SetTranslation`]
/// fed entry by entry (a listing streamed from the kernel).
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
        let mut tr = self.begin(set);
        for e in set.content.as_deref().unwrap_or_default() {
            tr.push(e);
        }
        tr.finish()
    }

    /// The translation of `set` (its header; its entries follow by
    /// [`SetTranslation::push`]).
    pub fn begin(&self, set: &WiSet) -> SetTranslation<'_> {
        // The header alone: a set given with its content keeps it.
        let mut header = WiSet {
            name: set.name.clone(),
            type_name: set.type_name.clone(),
            family: set.family,
            revision: set.revision,
            options: set.options.clone(),
            index: set.index,
            references: set.references,
            memsize: set.memsize,
            entries: set.entries,
            content: None,
        };
        let t = header.set_type();
        let mut refusal = self.header_refusal(&header, t);
        // A bitmask keeps the bits it has: a prefix of ones is a netmask,
        // any other mask no rule can apply before its set lookup.
        if let Some(mask) = header.options.bitmask {
            let bits = match mask {
                IpAddr::V4(a) => u128::from(u32::from(a)) << 96,
                IpAddr::V6(a) => u128::from(a),
            };
            let len = bits.leading_ones();
            let host = u32::from(header.family.host_cidr());
            if bits.checked_shl(len).unwrap_or(0) == 0 && len <= host {
                header.options.netmask = Some(len as u8);
            } else if refusal.is_none() {
                refusal = Some(Refusal {
                    set: header.name.clone(),
                    reason: format!(
                        "its bitmask {mask} is not a prefix: the kernel masks each address with it, which a rule cannot do before the set lookup"
                    ),
                });
            }
        }
        let t = t.unwrap_or(SetType::HashIp);
        SetTranslation {
            script: self,
            first_net: t
                .parts()
                .iter()
                .position(|p| matches!(p, Part::Net | Part::Net2)),
            t,
            set: header,
            refusal,
            arena: String::new(),
            recs: Vec::new(),
            nets: Vec::new(),
            groups: HashMap::new(),
            group_keys: Vec::new(),
            members: Vec::new(),
        }
    }

    fn header_refusal(&self, set: &WiSet, t: Option<SetType>) -> Option<Refusal> {
        let reason = if t.is_none() {
            format!("wiset does not know the set type {}", set.type_name)
        } else if !is_nft_name(&set.name) {
            "nft cannot name a set so (a letter or _ first, then letters, digits and _-./; no nft keyword): rename it first".into()
        } else {
            match (self.opts.family, set.family) {
                (TableFamily::Ip, Family::Inet6) => "an IPv6 set in an ip table: no rule of the table could match it (use --family inet)".into(),
                (TableFamily::Ip6, Family::Inet) => "an IPv4 set in an ip6 table: no rule of the table could match it (use --family inet)".into(),
                _ => return None,
            }
        };
        Some(Refusal {
            set: set.name.clone(),
            reason,
        })
    }
}

/// A set being translated, its entries taken one at a time and kept
/// compact (an element's text, its counters, timeout and comment; for
/// networks their ranges): a listing of a million entries is never held as
/// entries.
pub struct SetTranslation<'s> {
    script: &'s Script,
    set: WiSet,
    t: SetType,
    /// Network types: where the (first) network stands among the parts.
    first_net: Option<usize>,
    /// The first reason found not to translate the set.
    refusal: Option<Refusal>,
    /// Element texts (for networks: the other parts, per group) and comments.
    arena: String,
    recs: Vec<Rec>,
    /// Network types: each entry's network (and the second one of
    /// two-network types), as ranges.
    nets: Vec<[(u128, u128); 2]>,
    /// Network types: the groups of entries with the same other parts.
    groups: HashMap<Box<str>, u32>,
    group_keys: Vec<Box<str>>,
    /// list:set: the member sets.
    members: Vec<String>,
}

/// One entry, compact: its element text (network types: none, see
/// `group`) and then its comment, at `at` in the arena.
struct Rec {
    at: usize,
    text_len: u16,
    /// 0: no comment (ipset has no empty ones).
    comment_len: u16,
    /// 0: none (or permanent).
    timeout: u32,
    group: u32,
    counters: (u64, u64),
    nomatch: bool,
}

impl Rec {
    fn timeout(&self) -> Option<u32> {
        (self.timeout > 0).then_some(self.timeout)
    }
}

impl SetTranslation<'_> {
    /// Take one entry of the set.
    pub fn push(&mut self, e: &Entry) {
        if self.refusal.is_some() {
            return;
        }
        let t = self.t;
        if t == SetType::ListSet {
            if let Some(n) = &e.elem.name {
                self.members.push(n.clone());
            }
            return;
        }
        let why = if e.opts.skbmark.is_some()
            || e.opts.skbprio.is_some()
            || e.opts.skbqueue.is_some()
        {
            Some("holds skbinfo values (skbmark, skbprio, skbqueue), which nft sets cannot carry")
        } else if e.elem.physdev {
            Some("matches a bridge port (physdev:), which an nft set of interface names cannot")
        } else if e
            .elem
            .iface
            .as_deref()
            .is_some_and(|n| n.contains(['"', '*', '\\']) || n.chars().any(char::is_control))
        {
            Some(
                "has an interface name nft cannot write as one (a quote, a backslash, a control character, or a * that nft would take for a wildcard)",
            )
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
            let mut shown = String::new();
            format_element(&e.elem, t, self.set.family, &mut shown);
            self.refusal = Some(Refusal {
                set: self.set.name.clone(),
                reason: format!("entry {shown} {why}"),
            });
            return;
        }
        let start = self.arena.len();
        let mut group = 0;
        if let Some(first_net) = self.first_net {
            let host = self.set.family.host_cidr();
            let parts = t.parts();
            let mut key = String::new();
            for (k, part) in parts.iter().enumerate() {
                if k > 0 {
                    key.push('\u{1}');
                }
                match part {
                    _ if k == first_net => {}
                    // A second network (hash:net,net, hash:net,port,net).
                    Part::Net2 => {}
                    Part::Ip => push_net(e.elem.ip, None, host, &mut key),
                    Part::Ip2 => push_net(e.elem.ip2, None, host, &mut key),
                    _ => push_other(part, &e.elem, &mut key),
                }
            }
            group = match self.groups.get(key.as_str()) {
                Some(&g) => g,
                None => {
                    let g = self.group_keys.len() as u32;
                    self.groups.insert(key.as_str().into(), g);
                    self.group_keys.push(key.into());
                    g
                }
            };
            let (ip, cidr) = if parts[first_net] == Part::Net {
                (e.elem.ip, e.elem.cidr)
            } else {
                (e.elem.ip2, e.elem.cidr2)
            };
            let second = prefix_range(e.elem.ip2, e.elem.cidr2.unwrap_or(host), host);
            self.nets
                .push([prefix_range(ip, cidr.unwrap_or(host), host), second]);
        } else {
            plain_element(&self.set, t, e, &mut self.arena);
        }
        // An element's text and a comment (at most 255 bytes) are far
        // under 64 KiB.
        let text_len = (self.arena.len() - start) as u16;
        let comment = e.opts.comment.as_deref().unwrap_or_default();
        self.arena.push_str(comment);
        self.recs.push(Rec {
            at: start,
            text_len,
            comment_len: comment.len() as u16,
            timeout: e.opts.timeout.unwrap_or(0),
            group,
            counters: (e.opts.packets.unwrap_or(0), e.opts.bytes.unwrap_or(0)),
            nomatch: e.opts.nomatch,
        });
    }

    /// An entry as messages show it (its element in nft's words).
    fn shown(&self, i: usize) -> String {
        let mut s = String::new();
        self.element_text(i, None, &mut s);
        s
    }

    /// Entry `i`'s element in nft's syntax; for networks, `range` in place
    /// of its own network.
    fn element_text(&self, i: usize, range: Option<(u128, u128)>, out: &mut String) {
        let r = &self.recs[i];
        let Some(first_net) = self.first_net else {
            out.push_str(&self.arena[r.at..r.at + r.text_len as usize]);
            return;
        };
        let parts = self.t.parts();
        let key = &self.group_keys[r.group as usize];
        for (k, (part, other)) in parts.iter().zip(key.split('\u{1}')).enumerate() {
            if k > 0 {
                out.push_str(" . ");
            }
            if k == first_net {
                let (a, b) = range.unwrap_or(self.nets[i][0]);
                push_range(a, b, self.set.family, out);
            } else if *part == Part::Net2 {
                let (a, b) = self.nets[i][1];
                push_range(a, b, self.set.family, out);
            } else {
                out.push_str(other);
            }
        }
    }

    /// The set's text, or why nft cannot hold it.
    pub fn finish(self) -> Result<Translated, Refusal> {
        let mut text = Vec::new();
        let notes = self.write_to(&mut text).expect("a Vec takes every write")?;
        let text = String::from_utf8(text).expect("the script is text");
        Ok(Translated { text, notes })
    }

    /// Write the set's text to `out` as it is made (nothing when the set is
    /// refused: every reason is found before the first byte); the notes,
    /// or why nft cannot hold the set.
    pub fn write_to(
        mut self,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<Result<Vec<String>, Refusal>> {
        if let Some(r) = self.refusal.take() {
            return Ok(Err(r));
        }
        let refuse = |reason: String| Refusal {
            set: self.set.name.clone(),
            reason,
        };
        let (t, set) = (self.t, &self.set);
        if t == SetType::ListSet {
            return Ok(Err(refuse(format!(
                "a list:set matches through its member sets, and nft has no set of sets: translate the members ({}) and match each in a rule of its own",
                if self.members.is_empty() {
                    "none now".to_string()
                } else {
                    self.members.join(", ")
                }
            ))));
        }
        let nft = nft_type(t, set.family).expect("not a list:set");
        let mut notes = Vec::new();
        let o = &set.options;
        let interval = needs_interval(t, set.family, o.netmask);
        // Elements: the entries, or for networks the pieces the kernel's
        // most-specific-first matching gives.
        let lines: Option<Vec<Line>> = if has_networks(t) {
            let cut = self.network_lines().map_err(|why| {
                refuse(match why {
                    Unsaid::Reappears(inner, outer) => format!(
                        "the nomatch entry {} expires inside {}, which ipset then matches again; nft cannot add it back later",
                        self.shown(inner),
                        self.shown(outer)
                    ),
                    Unsaid::Overlap(a, b) => format!(
                        "the entries {} and {} overlap in every part, which the elements of an nft interval set cannot",
                        self.shown(a),
                        self.shown(b)
                    ),
                    Unsaid::NomatchPair(a) => format!(
                        "entry {} is a nomatch exception in a set of two networks, which nft cannot cut out",
                        self.shown(a)
                    ),
                    Unsaid::NoFallback(a, b) => format!(
                        "the kernel looks interfaces up in the most specific network with any entry, so {} matches nothing inside {}'s network for interfaces that network has no entry of; nft would match them",
                        self.shown(a),
                        self.shown(b)
                    ),
                })
            });
            match cut {
                Ok(lines) => Some(lines),
                Err(r) => return Ok(Err(r)),
            }
        } else {
            // One element per entry, in the listing's order.
            None
        };
        let count = lines.as_ref().map_or(self.recs.len(), Vec::len);
        let line = |k: usize| -> Line {
            match &lines {
                Some(l) => l[k],
                None => Line {
                    entry: k,
                    range: None,
                    timeout: self.recs[k].timeout(),
                    first: true,
                },
            }
        };
        // A permanent entry in a set with a default timeout: nft gives an
        // element without a timeout the set's default, so the default goes.
        let permanent = (0..count).any(|k| line(k).timeout.is_none());
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
        if maxelem > 0 || count > 65536 {
            let size = (maxelem as usize).max(count);
            let _ = writeln!(decl, "\t\tsize {size}");
        }
        let mut text = String::with_capacity(1 << 16);
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
        let (fam, table) = (self.script.opts.family.name(), &self.script.opts.table);
        let name = &set.name;
        let _ = writeln!(
            text,
            "table {fam} {table} {{\n\tset {name} {{\n{decl}\t}}\n}}"
        );
        let _ = writeln!(text, "flush set {fam} {table} {name}");
        let _ = write!(text, "table {fam} {table} {{\n\tset {name} {{\n{decl}");
        if count > 0 {
            text.push_str("\t\telements = {\n");
            let mut comment = String::new();
            for k in 0..count {
                let l = line(k);
                let r = &self.recs[l.entry];
                text.push_str("\t\t\t");
                let at = text.len();
                self.element_text(l.entry, l.range, &mut text);
                if o.counters {
                    let (p, b) = if l.first { r.counters } else { (0, 0) };
                    let _ = write!(text, " counter packets {p} bytes {b}");
                }
                if let Some(t) = l.timeout {
                    let _ = write!(text, " timeout {t}s");
                }
                if r.comment_len > 0 {
                    let c = r.at + r.text_len as usize;
                    comment.clear();
                    if nft_comment(&self.arena[c..c + r.comment_len as usize], &mut comment)
                        && l.first
                    {
                        let shown = text[at..].split(' ').next().unwrap_or_default().to_string();
                        notes.push(format!(
                            "set {name}: the comment of {shown} was cut to nft's {MAX_COMMENT} bytes (and any \" made ')"
                        ));
                    }
                    let _ = write!(text, " comment \"{comment}\"");
                }
                text.push_str(if k + 1 < count { ",\n" } else { "\n" });
                if text.len() >= 1 << 16 {
                    out.write_all(text.as_bytes())?;
                    text.clear();
                }
            }
            text.push_str("\t\t}\n");
        }
        text.push_str("\t}\n}\n");
        out.write_all(text.as_bytes())?;
        Ok(Ok(notes))
    }

    /// The element lines of a type with networks: each group's networks
    /// cut into disjoint pieces.
    fn network_lines(&self) -> Result<Vec<Line>, Unsaid> {
        let parts = self.t.parts();
        let two_nets = parts
            .iter()
            .filter(|p| matches!(p, Part::Net | Part::Net2))
            .count()
            > 1;
        let n = self.recs.len();
        if two_nets {
            // Two networks (hash:net,net, hash:net,port,net): written as
            // they are, which nft matches the same where no two entries
            // overlap in both (and their other parts are the same).
            if let Some(e) = self.recs.iter().position(|r| r.nomatch) {
                return Err(Unsaid::NomatchPair(e));
            }
            let mut spans: Vec<Span> = (0..n)
                .map(|i| Span {
                    start: self.nets[i][0].0,
                    end: self.nets[i][0].1,
                    entry: i,
                })
                .collect();
            if let Some((a, b)) = first_overlap(&mut spans, |a, b| {
                let (ra, rb) = (self.nets[a][1], self.nets[b][1]);
                self.recs[a].group == self.recs[b].group && ra.0 <= rb.1 && rb.0 <= ra.1
            }) {
                return Err(Unsaid::Overlap(a, b));
            }
            return Ok((0..n)
                .map(|i| Line {
                    entry: i,
                    range: None,
                    timeout: self.recs[i].timeout(),
                    first: true,
                })
                .collect());
        }
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.group_keys.len()];
        for (i, r) in self.recs.iter().enumerate() {
            members[r.group as usize].push(i);
        }
        let mut lines = Vec::with_capacity(n);
        // Pieces of different interface groups whose names overlap (a
        // wildcard and a name it matches) must not overlap in the network.
        let iface = parts.contains(&Part::Iface);
        let mut spans: Vec<Span> = Vec::new();
        for group in &members {
            let prefixes: Vec<Prefix> = group
                .iter()
                .map(|&i| Prefix {
                    start: self.nets[i][0].0,
                    end: self.nets[i][0].1,
                    nomatch: self.recs[i].nomatch,
                    timeout: self.recs[i].timeout(),
                })
                .collect();
            let pieces = partition(&prefixes).map_err(|Unsayable { inner, outer }| {
                Unsaid::Reappears(group[inner], group[outer])
            })?;
            let mut seen = vec![false; group.len()];
            for Piece {
                start,
                end,
                owner,
                timeout,
            } in pieces
            {
                if iface {
                    spans.push(Span {
                        start,
                        end,
                        entry: group[owner],
                    });
                }
                lines.push(Line {
                    entry: group[owner],
                    range: Some((start, end)),
                    timeout,
                    first: !std::mem::replace(&mut seen[owner], true),
                });
            }
        }
        if iface && let Some((a, b)) = self.iface_fallback() {
            return Err(Unsaid::NoFallback(a, b));
        }
        if iface {
            let iface_at = parts.iter().position(|p| *p == Part::Iface).expect("iface");
            let pattern = |i: usize| -> (&str, bool) {
                let key = &self.group_keys[self.recs[i].group as usize];
                let name = key.split('\u{1}').nth(iface_at).unwrap_or_default();
                let name = name.trim_matches('"');
                match name.strip_suffix('*') {
                    Some(prefix) => (prefix, true),
                    None => (name, false),
                }
            };
            if spans.iter().any(|s| pattern(s.entry).1)
                && let Some((a, b)) = first_overlap(&mut spans, |a, b| {
                    self.recs[a].group != self.recs[b].group
                        && names_overlap(pattern(a), pattern(b))
                })
            {
                return Err(Unsaid::Overlap(a, b));
            }
        }
        Ok(lines)
    }
}

impl SetTranslation<'_> {
    /// hash:net,iface: the kernel finds the most specific network that has
    /// an entry for any interface, and looks for the packet's interface
    /// there only. Per interface, nft would fall back to a wider network of
    /// that interface. The first (wider entry, inner entry) pair where that
    /// would match differently: the wider one matches, for an interface the
    /// inner network has no entry of.
    fn iface_fallback(&self) -> Option<(usize, usize)> {
        // Distinct networks, outer ones first, each with its entries.
        let mut by_net: HashMap<(u128, u128), Vec<usize>> = HashMap::new();
        for (i, n) in self.nets.iter().enumerate() {
            by_net.entry(n[0]).or_default().push(i);
        }
        let mut nets: Vec<(u128, u128)> = by_net.keys().copied().collect();
        nets.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut chain: Vec<(u128, u128)> = Vec::new();
        for net in nets {
            while chain.last().is_some_and(|outer| outer.1 < net.0) {
                chain.pop();
            }
            let inner = &by_net[&net];
            for outer in &chain {
                for &o in &by_net[outer] {
                    let r = &self.recs[o];
                    if !r.nomatch && !inner.iter().any(|&i| self.recs[i].group == r.group) {
                        return Some((o, inner[0]));
                    }
                }
            }
            chain.push(net);
        }
        None
    }
}

/// The element text of an entry of a type without networks.
fn plain_element(set: &WiSet, t: SetType, e: &Entry, out: &mut String) {
    let host = set.family.host_cidr();
    let netmask = set.options.netmask.filter(|&m| m < host);
    for (k, part) in t.parts().iter().enumerate() {
        if k > 0 {
            out.push_str(" . ");
        }
        match part {
            Part::Ip => {
                if let Some(ip) = e.elem.ip {
                    push_ip(ip, out);
                    if let Some(m) = netmask.or(e.elem.cidr.filter(|&c| c < host)) {
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

/// Why a set's networks cannot be written as ipset matches them.
enum Unsaid {
    /// The exception (first) expires inside the match (second).
    Reappears(usize, usize),
    /// Two entries whose elements would overlap in nft.
    Overlap(usize, usize),
    /// An exception in a two-network set.
    NomatchPair(usize),
    /// hash:net,iface: the wider entry (first) would match, in nft, where
    /// the kernel stops at the inner network (second).
    NoFallback(usize, usize),
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

/// One element line: the entry whose counters and comment it carries (the
/// counters on the entry's first piece only), the piece of its network it
/// holds, its timeout.
#[derive(Clone, Copy)]
struct Line {
    entry: usize,
    range: Option<(u128, u128)>,
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
            push_proto(e.proto.unwrap_or(6), out);
            let _ = write!(out, " . {}", e.port.unwrap_or(0));
        }
        Part::BarePort => {
            let _ = write!(out, "{}", e.port.unwrap_or(0));
        }
        Part::Mac => {
            if let Some(m) = e.mac {
                push_mac(m, out);
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
