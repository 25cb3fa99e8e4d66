//! Which sets hold an address (`wiset find`): every entry whose address
//! part covers it, found by streaming each set's listing (nothing but the
//! covering entries is kept), and what the kernel would decide from them.

use std::collections::HashMap;
use std::net::IpAddr;

use super::error::Result;
use super::{Dump, Entry, Family, ListDetail, ListSink, Part, Session, SetType, WiSet};

/// What the kernel decides for a packet with the address, from a set's
/// covering entries.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verdict {
    /// The set matches the address (hash:ip, bitmap:ip, hash:net: the most
    /// specific covering prefix is not `nomatch`).
    Matches,
    /// hash:net: the most specific covering prefix is a `nomatch` entry, so
    /// the set does not match.
    Excluded,
    /// A type with more parts (a port, an interface, a second address):
    /// entries cover the address, and the packet's other parts decide.
    Depends,
    /// list:set: it matches through these members (in the list's order; the
    /// kernel stops at the first).
    Through(Vec<String>),
}

/// One set that holds the address.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Finding {
    /// The set's header (no content).
    pub set: WiSet,
    /// Its entries that cover the address, in the kernel's order: for
    /// hash:net the one that decides (the most specific), for a list:set
    /// the members through which it matches.
    pub entries: Vec<Entry>,
    /// What the kernel decides.
    pub verdict: Verdict,
}

impl Finding {
    /// Whether the set matches the address (or may, by its other parts).
    pub fn matches(&self) -> bool {
        !matches!(self.verdict, Verdict::Excluded)
    }
}

impl Session {
    /// The sets (all, or those named) with an entry that covers `addr`, in
    /// the kernel's order. Sets without an address part (bitmap:port,
    /// hash:mac) and sets of the other family are passed over. A named
    /// set that does not exist is the kernel's error.
    pub fn find(&mut self, addr: IpAddr, sets: &[&str]) -> Result<Vec<Finding>> {
        let mut sink = FindSink::new(addr);
        if sets.is_empty() {
            self.list(None, ListDetail::Full, Dump::List, &mut sink)?;
            return Ok(sink.finish(Vec::new()));
        }
        let mut named: Vec<&str> = Vec::with_capacity(sets.len());
        for &name in sets {
            if !named.contains(&name) {
                named.push(name);
                self.list(Some(name), ListDetail::Full, Dump::List, &mut sink)?;
            }
        }
        // A named list:set matches through its members: list those not
        // named too, to decide it.
        let mut members: Vec<String> = sink
            .lists
            .iter()
            .flat_map(|(_, m)| m.iter().cloned())
            .filter(|m| !sets.contains(&m.as_str()))
            .collect();
        members.sort();
        members.dedup();
        let mut helpers = FindSink::new(addr);
        for m in &members {
            self.list(Some(m), ListDetail::Full, Dump::List, &mut helpers)?;
        }
        Ok(sink.finish(helpers.found))
    }
}

struct FindSink {
    addr: IpAddr,
    /// The set being listed and its covering entries.
    current: Option<Finding>,
    found: Vec<Finding>,
    /// list:sets and their members.
    lists: Vec<(WiSet, Vec<String>)>,
}

impl FindSink {
    fn new(addr: IpAddr) -> Self {
        FindSink {
            addr,
            current: None,
            found: Vec::new(),
            lists: Vec::new(),
        }
    }

    /// The findings, and the list:sets that match through them (or through
    /// `helpers`: findings of members listed only to decide a list:set).
    fn finish(self, helpers: Vec<Finding>) -> Vec<Finding> {
        let matching: HashMap<&str, bool> = self
            .found
            .iter()
            .chain(&helpers)
            .map(|f| (f.set.name.as_str(), f.matches()))
            .collect();
        let mut through_lists = Vec::new();
        for (set, members) in &self.lists {
            let through: Vec<String> = members
                .iter()
                .filter(|m| matching.get(m.as_str()).copied().unwrap_or(false))
                .cloned()
                .collect();
            if through.is_empty() {
                continue;
            }
            let entries = through
                .iter()
                .map(|m| Entry::new(super::Element::set_name(m)))
                .collect();
            through_lists.push(Finding {
                set: set.clone(),
                entries,
                verdict: Verdict::Through(through),
            });
        }
        let mut out = self.found;
        out.extend(through_lists);
        out
    }
}

impl ListSink for FindSink {
    fn set_begin(&mut self, set: &WiSet) -> Result<()> {
        let t = set.set_type();
        if t == Some(SetType::ListSet) {
            self.lists.push((set.clone(), Vec::new()));
            return Ok(());
        }
        let family = match self.addr {
            IpAddr::V4(_) => Family::Inet,
            IpAddr::V6(_) => Family::Inet6,
        };
        let has_address = t.is_some_and(|t| {
            t.parts()
                .iter()
                .any(|p| matches!(p, Part::Ip | Part::Net | Part::Ip2 | Part::Net2))
        });
        if has_address && set.family == family {
            let mut header = set.clone();
            header.content = None;
            self.current = Some(Finding {
                set: header,
                entries: Vec::new(),
                verdict: Verdict::Depends,
            });
        }
        Ok(())
    }

    fn entries(&mut self, set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        if let Some((_, members)) = self.lists.last_mut().filter(|(l, _)| l.name == set.name) {
            members.extend(entries.iter().filter_map(|e| e.elem.name.clone()));
            return Ok(());
        }
        let Some(f) = self.current.as_mut() else {
            return Ok(());
        };
        let Some(t) = f.set.set_type() else {
            return Ok(());
        };
        for e in entries.drain(..) {
            if covers(&f.set, t, &e, self.addr) {
                f.entries.push(e);
            }
        }
        Ok(())
    }

    fn set_end(&mut self, _set: &WiSet) -> Result<()> {
        let Some(mut f) = self.current.take() else {
            return Ok(());
        };
        if f.entries.is_empty() {
            return Ok(());
        }
        f.verdict = match f.set.set_type() {
            Some(SetType::HashIp | SetType::BitmapIp) => Verdict::Matches,
            Some(SetType::HashNet) => {
                // The kernel tries the most specific prefix first, and that
                // entry decides: kept alone.
                let host = f.set.family.host_cidr();
                let most_specific = (0..f.entries.len())
                    .max_by_key(|&i| f.entries[i].elem.cidr.unwrap_or(host))
                    .unwrap_or(0);
                let decides = f.entries.swap_remove(most_specific);
                let verdict = if decides.opts.nomatch {
                    Verdict::Excluded
                } else {
                    Verdict::Matches
                };
                f.entries = vec![decides];
                verdict
            }
            _ => Verdict::Depends,
        };
        self.found.push(f);
        Ok(())
    }
}

/// Whether an address part of `e` covers `addr`: the first address with
/// its prefix (or the set's netmask or bitmask), or the second one.
fn covers(set: &WiSet, t: SetType, e: &Entry, addr: IpAddr) -> bool {
    let host = set.family.host_cidr();
    let parts = t.parts();
    let first = parts.iter().any(|p| matches!(p, Part::Ip | Part::Net));
    let second = parts.iter().any(|p| matches!(p, Part::Ip2 | Part::Net2));
    let el = &e.elem;
    let in_first = first
        && el.ip.is_some_and(|ip| {
            if let (Some(mask), None) = (set.options.bitmask, el.cidr) {
                return and(addr, mask) == Some(ip);
            }
            let prefix = el.cidr.or(set.options.netmask).unwrap_or(host);
            within(addr, ip, prefix)
        });
    let in_second = second
        && el
            .ip2
            .is_some_and(|ip| within(addr, ip, el.cidr2.unwrap_or(host)));
    in_first || in_second
}

/// Whether `addr` is in `net/prefix` (same family).
fn within(addr: IpAddr, net: IpAddr, prefix: u8) -> bool {
    match (addr, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX
                .checked_shl(32 - u32::from(prefix.min(32)))
                .unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX
                .checked_shl(128 - u32::from(prefix.min(128)))
                .unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

fn and(addr: IpAddr, mask: IpAddr) -> Option<IpAddr> {
    match (addr, mask) {
        (IpAddr::V4(a), IpAddr::V4(m)) => Some(IpAddr::V4((u32::from(a) & u32::from(m)).into())),
        (IpAddr::V6(a), IpAddr::V6(m)) => Some(IpAddr::V6((u128::from(a) & u128::from(m)).into())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_cover_as_masks_do() {
        let v4 = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(within(v4("10.1.2.3"), v4("10.0.0.0"), 8));
        assert!(!within(v4("11.1.2.3"), v4("10.0.0.0"), 8));
        assert!(within(v4("1.2.3.4"), v4("0.0.0.0"), 0));
        assert!(within(v4("1.2.3.4"), v4("1.2.3.4"), 32));
        assert!(!within(v4("1.2.3.5"), v4("1.2.3.4"), 32));
        assert!(within(v4("2001:db8::1"), v4("2001:db8::"), 32));
        assert!(!within(v4("2001:db9::1"), v4("2001:db8::"), 32));
        assert!(within(v4("::1"), v4("::"), 0));
        assert!(!within(v4("10.0.0.1"), v4("::"), 0));
    }
}
