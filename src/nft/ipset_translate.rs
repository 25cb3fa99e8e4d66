//! ipset 7.17's `ipset-translate`: each line of a restore file as one nft
//! command, printed exactly as ipset-translate prints it — its choices
//! included (always `inet global`; a list:set as `type unknown`; counters
//! only when both were given; what it cannot say as a `#` comment). The
//! scripts it writes do not always load (`type ipv4_addr` for a hash:ip that
//! holds networks); [`Script`](super::Script) writes ones that do.

use std::collections::HashMap;
use std::fmt::Write;

use crate::set::{Element, Entry, Family, Part, SetHeader, SetType, WiSet};
use crate::text::{ElemCmd, push_ip};

use super::types::{needs_interval, nft_type, push_mac, push_proto};

/// The sets a translation has seen created, to translate their entries.
#[derive(Debug, Default)]
pub struct IpsetTranslate {
    sets: HashMap<String, Known>,
}

#[derive(Debug, Clone)]
struct Known {
    header: SetHeader,
    /// `netmask` given on create: every address is printed with it.
    netmask: Option<u8>,
}

impl IpsetTranslate {
    /// The first line of every translation.
    pub const TABLE: &'static str = "add table inet global";

    /// A translation that has seen no set yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A `create`, whose restore line is `line`: the `add set` command, or
    /// for a set with `skbinfo` (which nft sets cannot hold) the line as a
    /// comment — and its entries are then not translated.
    pub fn create(&mut self, set: &WiSet, line: &str) -> String {
        let Some(t) = set.set_type() else {
            return format!("# {line}");
        };
        if set.options.skbinfo {
            return format!("# {line}");
        }
        let o = &set.options;
        let mut s = format!("add set inet global {} {{ type ", set.name);
        s.push_str(nft_type(t, set.family).as_deref().unwrap_or("unknown"));
        s.push_str("; ");
        if o.counters {
            s.push_str("counter; ");
        }
        if let Some(t) = o.timeout {
            let _ = write!(s, "timeout {t}s; ");
        }
        if let Some(m) = o.maxelem {
            let _ = write!(s, "size {m}; ");
        }
        if needs_interval(t, set.family, o.netmask) {
            s.push_str("flags interval; ");
        }
        s.push('}');
        self.sets.insert(
            set.name.clone(),
            Known {
                header: SetHeader {
                    name: set.name.clone(),
                    type_name: set.type_name.clone(),
                    family: set.family,
                    revision: set.revision.unwrap_or(0),
                },
                netmask: o.netmask,
            },
        );
        s
    }

    /// The header of a set created earlier in the translation, to parse its
    /// entries; None for any other set (whose lines are not translated).
    pub fn header(&self, set: &str) -> Option<&SetHeader> {
        self.sets.get(set).map(|k| &k.header)
    }

    /// add, del or test of an entry of a set created earlier (None for any
    /// other set).
    pub fn element(&self, cmd: ElemCmd, set: &str, e: &Entry) -> Option<String> {
        let k = self.sets.get(set)?;
        let t = k.header.set_type()?;
        let verb = match cmd {
            ElemCmd::Add => "add",
            ElemCmd::Del => "delete",
            ElemCmd::Test => "get",
        };
        // Each item ends with a blank: a list:set member (no element text)
        // is `{ }`.
        let mut s = format!("{verb} element inet global {set} {{ ");
        let at = s.len();
        element_text(&e.elem, t, k.header.family, k.netmask, &mut s);
        if s.len() > at {
            s.push(' ');
        }
        let o = &e.opts;
        if let (Some(p), Some(b)) = (o.packets, o.bytes) {
            let _ = write!(s, "counter packets {p} bytes {b} ");
        }
        if let Some(t) = o.timeout {
            let _ = write!(s, "timeout {t}s ");
        }
        if let Some(c) = &o.comment {
            let _ = write!(s, "comment \"{c}\" ");
        }
        s.push('}');
        Some(s)
    }

    /// `flush [SET]`: of one set (known or not); of every set, a comment.
    pub fn flush(&self, set: Option<&str>) -> String {
        match set {
            Some(s) => format!("flush set inet global {s}"),
            None => "# flush".to_string(),
        }
    }

    /// `destroy [SET]` (every set: what ipset-translate's C prints for a
    /// missing name).
    pub fn destroy(&self, set: Option<&str>) -> String {
        format!("del set inet global {}", set.unwrap_or("(null)"))
    }

    /// `list [SET]`.
    pub fn list(&self, set: Option<&str>) -> String {
        match set {
            Some(s) => format!("list set inet global {s}"),
            None => "list sets inet global".to_string(),
        }
    }
}

/// An element as ipset-translate prints it: the parts as given (an address
/// with its `/cidr` unless that is the host's, the start of a range with its
/// end, the protocol by name), joined by ` . `; a part not given (the MAC of
/// a bitmap:ip,mac entry, a list:set member) is left out.
fn element_text(e: &Element, t: SetType, f: Family, netmask: Option<u8>, out: &mut String) {
    let host = f.host_cidr();
    let mut first = true;
    for part in t.parts() {
        let mut s = String::new();
        match part {
            Part::Ip | Part::Net => {
                if let Some(ip) = e.ip {
                    push_ip(ip, &mut s);
                }
                if let Some(c) = e.cidr.filter(|&c| c != host) {
                    let _ = write!(s, "/{c}");
                }
                if let Some(to) = e.ip_to {
                    s.push('-');
                    push_ip(to, &mut s);
                }
                if let Some(m) = netmask {
                    let _ = write!(s, "/{m}");
                }
            }
            Part::Ip2 | Part::Net2 => {
                if let Some(ip) = e.ip2 {
                    push_ip(ip, &mut s);
                }
                if let Some(c) = e.cidr2.filter(|&c| c != host) {
                    let _ = write!(s, "/{c}");
                }
            }
            Part::Port => {
                push_proto(e.proto.unwrap_or(libc::IPPROTO_TCP as u8), &mut s);
                s.push_str(" . ");
                push_ports(e, &mut s);
            }
            Part::BarePort => push_ports(e, &mut s),
            Part::Mac => {
                if let Some(m) = e.mac {
                    push_mac(m, &mut s);
                }
            }
            Part::Iface => s.push_str(e.iface.as_deref().unwrap_or_default()),
            Part::Mark => {
                if let Some(m) = e.mark {
                    let _ = write!(s, "0x{m:08x}");
                }
            }
            Part::SetName => {}
        }
        if s.is_empty() {
            continue;
        }
        if !first {
            out.push_str(" . ");
        }
        first = false;
        out.push_str(&s);
    }
}

fn push_ports(e: &Element, out: &mut String) {
    let _ = write!(out, "{}", e.port.unwrap_or(0));
    if let Some(to) = e.port_to {
        let _ = write!(out, "-{to}");
    }
}
