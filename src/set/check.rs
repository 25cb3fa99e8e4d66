//! A dry run (`restore --check`): a [`Checker`] answers each command as the
//! kernel would — with the kernel's own errors — from the kernel's set types
//! (TYPE queries) and a model of the sets: those in the kernel, as the
//! commands checked so far change them. Nothing is changed; only queries
//! are sent.
//!
//! The model knows each set's definition and, for list:sets, their members;
//! it does not know the entries of the other sets, so a duplicate add or a
//! missing del is the kernel's to find.

use std::collections::HashMap;
use std::net::IpAddr;

use crate::netlink::{IpsetCommand, ipset_errno as E};

use super::error::{Error, Result};
use super::kernel_error::{TypeFamily, refusal};
use super::listing::Load;
use super::session::Exist;
use super::{CreateOptions, Entry, Part, Position, Range, Session, SetHeader, SetType, WiSet};

/// What the kernel would answer, without asking it to change anything.
/// Made by [`Session::checker`].
pub struct Checker<'s> {
    session: &'s mut Session,
    /// Sets looked up or defined so far; `None`: there is none of that name.
    sets: HashMap<String, Option<Modeled>>,
    /// `destroy` of every set was checked: the kernel's sets are gone.
    all_destroyed: bool,
    /// Answer as a [`Transaction`](super::Transaction) would.
    transactional: bool,
}

#[derive(Clone)]
struct Modeled {
    set: WiSet,
    /// A list:set's members, in order.
    members: Vec<String>,
    /// References the kernel counts that no list:set explains (iptables
    /// rules): such a set cannot be destroyed or renamed.
    held_elsewhere: bool,
}

impl Session {
    /// Start a dry run on this session's kernel.
    pub fn checker(&mut self) -> Checker<'_> {
        Checker {
            session: self,
            sets: HashMap::new(),
            all_destroyed: false,
            transactional: false,
        }
    }
}

impl Checker<'_> {
    /// Answer as a [`Transaction`](super::Transaction) takes the commands
    /// (`restore --check --atomic`): an `exist` create of an existing set
    /// of the same type and family replaces it.
    pub fn transactional(mut self) -> Self {
        self.transactional = true;
        self
    }

    /// The header `set` has at this point of the run, or the kernel's
    /// "does not exist".
    pub fn header(&mut self, set: &str) -> Result<SetHeader> {
        let m = self.existing(set, IpsetCommand::Header)?;
        Ok(SetHeader {
            name: set.to_string(),
            type_name: m.set.type_name.clone(),
            family: m.set.family,
            revision: m.set.revision.unwrap_or(0),
        })
    }

    /// `create`: the kernel must have the type (at a revision this library
    /// speaks), and a set of that name must not exist — or, with `exist`,
    /// be the same set (type, family and the options the kernel compares).
    pub fn create(&mut self, set: &WiSet, exist: Exist) -> Result<()> {
        let t = set.set_type().ok_or_else(|| {
            Error::invalid(format!(
                "Syntax error: typename '{}' is unknown",
                set.type_name
            ))
        })?;
        let revision = self.session.choose_revision(t)?;
        if t.is_bitmap() && bitmap_elements(&set.options).is_some_and(|n| n > 65536) {
            return Err(refusal(
                E::TYPE_SPECIFIC + 1,
                IpsetCommand::Create,
                TypeFamily::Bitmap,
                &set.name,
            ));
        }
        if let Some(live) = self.lookup(&set.name)? {
            if exist == Exist::Fail {
                return Err(self.refused(libc::EEXIST, IpsetCommand::Create, &set.name));
            }
            if !self.transactional {
                if same_set(&live.set, set) {
                    return Ok(());
                }
                return Err(self.refused(libc::EEXIST, IpsetCommand::Create, &set.name));
            }
            super::transaction::same_kind(&live.set, set)?;
        }
        let mut defined = set.clone();
        defined.revision = Some(revision);
        defined.content = None;
        self.sets.insert(
            set.name.clone(),
            Some(Modeled {
                set: defined,
                members: Vec::new(),
                held_elsewhere: false,
            }),
        );
        Ok(())
    }

    /// `add`: the set exists and takes the entry's extensions; a list:set
    /// member (and the member it is placed before or after) exists, is not
    /// a list:set, and is not there yet (unless `exist`).
    pub fn add(&mut self, set: &str, entry: &Entry, exist: Exist) -> Result<()> {
        let m = self.existing(set, IpsetCommand::Add)?;
        m.set.check_add(entry)?;
        let Some(member) = self.member_of(&m, entry, IpsetCommand::Add)? else {
            return Ok(());
        };
        let at = self.position(&m, entry, IpsetCommand::Add)?;
        if m.members.contains(&member) {
            return match exist {
                Exist::Ignore => Ok(()),
                Exist::Fail => Err(self.refused(E::EXIST, IpsetCommand::Add, set)),
            };
        }
        // (The kernel no longer holds a list:set to its `size`.)
        let members = &mut self.modeled(set).members;
        members.insert(at.unwrap_or(members.len()), member);
        Ok(())
    }

    /// `del`: the set exists; a list:set member is in it (unless `exist`),
    /// right before (or after) the member a `before` (`after`) names.
    pub fn delete(&mut self, set: &str, entry: &Entry, exist: Exist) -> Result<()> {
        let m = self.existing(set, IpsetCommand::Del)?;
        let Some(member) = self.member_of(&m, entry, IpsetCommand::Del)? else {
            return Ok(());
        };
        let next_to = self.position(&m, entry, IpsetCommand::Del)?;
        let at = m.members.iter().position(|n| *n == member);
        // `before R`: the member is the one R follows; `after R`: R's next.
        let neighbours = match (at, next_to, &entry.elem.reference) {
            (Some(i), Some(r), Some((Position::Before, _))) => r == i + 1,
            (Some(i), Some(r), Some((Position::After, _))) => r == i,
            _ => true,
        };
        if at.is_some() && !neighbours {
            return Err(self.refused(E::TYPE_SPECIFIC + 5, IpsetCommand::Del, set));
        }
        match at {
            Some(i) => {
                self.modeled(set).members.remove(i);
                Ok(())
            }
            None if exist == Exist::Ignore => Ok(()),
            None => Err(self.refused(E::EXIST, IpsetCommand::Del, set)),
        }
    }

    /// `test`: the set exists (and a list:set member does).
    pub fn test(&mut self, set: &str, entry: &Entry) -> Result<()> {
        let m = self.existing(set, IpsetCommand::Test)?;
        self.member_of(&m, entry, IpsetCommand::Test).map(drop)
    }

    /// `flush` of one set (it exists), or of every set.
    pub fn flush(&mut self, set: Option<&str>) -> Result<()> {
        match set {
            Some(name) => {
                self.existing(name, IpsetCommand::Flush)?;
                self.modeled(name).members.clear();
            }
            None => {
                for m in self.sets.values_mut().flatten() {
                    m.members.clear();
                }
            }
        }
        Ok(())
    }

    /// `destroy` of one set (it exists, unless `exist`, and no list:set
    /// holds it), or of every set.
    pub fn destroy(&mut self, set: Option<&str>, exist: Exist) -> Result<()> {
        let Some(name) = set else {
            // The kernel destroys every set or, if one is in use, none.
            for n in self.names()? {
                if self.held(&n)? {
                    return Err(self.refused(E::BUSY, IpsetCommand::Destroy, &n));
                }
            }
            self.sets.clear();
            self.all_destroyed = true;
            return Ok(());
        };
        if exist == Exist::Ignore && self.lookup(name)?.is_none() {
            return Ok(());
        }
        self.existing(name, IpsetCommand::Destroy)?;
        if self.held(name)? {
            return Err(self.refused(E::BUSY, IpsetCommand::Destroy, name));
        }
        self.sets.insert(name.to_string(), None);
        Ok(())
    }

    /// `rename`: `from` exists and is held by no list:set, and `to` is free.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<()> {
        let m = self.existing(from, IpsetCommand::Rename)?;
        if self.held(from)? {
            return Err(self.refused(E::REFERENCED, IpsetCommand::Rename, from));
        }
        if self.lookup(to)?.is_some() {
            return Err(self.refused(E::EXIST_SETNAME2, IpsetCommand::Rename, from));
        }
        let mut m = m;
        m.set.name = to.to_string();
        self.sets.insert(from.to_string(), None);
        self.sets.insert(to.to_string(), Some(m));
        Ok(())
    }

    /// `swap`: both exist and have the same type and family.
    pub fn swap(&mut self, a: &str, b: &str) -> Result<()> {
        let ma = self.existing(a, IpsetCommand::Swap)?;
        let Some(mb) = self.lookup(b)? else {
            return Err(self.refused(E::EXIST_SETNAME2, IpsetCommand::Swap, a));
        };
        // The kernel compares the types' features (what an element holds),
        // not their names: hash:ip and bitmap:ip swap.
        if (features(&ma.set), ma.set.family) != (features(&mb.set), mb.set.family) {
            return Err(self.refused(E::TYPE_MISMATCH, IpsetCommand::Swap, a));
        }
        let (mut ma, mut mb) = (ma, mb);
        (ma.set.name, mb.set.name) = (b.to_string(), a.to_string());
        // The kernel's references stay with the names.
        std::mem::swap(&mut ma.held_elsewhere, &mut mb.held_elsewhere);
        self.sets.insert(a.to_string(), Some(mb));
        self.sets.insert(b.to_string(), Some(ma));
        Ok(())
    }

    /// `list` or `save` of one set (it exists), or of all.
    pub fn list(&mut self, set: Option<&str>) -> Result<()> {
        match set {
            Some(name) => self.existing(name, IpsetCommand::List).map(drop),
            None => Ok(()),
        }
    }

    /// The set `name` as modeled: the kernel's, looked up on first use.
    fn lookup(&mut self, name: &str) -> Result<Option<Modeled>> {
        if let Some(m) = self.sets.get(name) {
            return Ok(m.clone());
        }
        let found = if self.all_destroyed {
            None
        } else {
            self.load(name)?
        };
        self.sets.insert(name.to_string(), found.clone());
        Ok(found)
    }

    fn load(&mut self, name: &str) -> Result<Option<Modeled>> {
        let Some(head) = self.session.load_ipset(name, Load::Header)? else {
            return Ok(None);
        };
        let references = head.references.unwrap_or(0);
        let mut m = Modeled {
            set: head,
            members: Vec::new(),
            held_elsewhere: false,
        };
        if m.set.set_type() == Some(SetType::ListSet) {
            let Some(mut set) = self.session.load_ipset(name, Load::Content)? else {
                return Ok(None);
            };
            m.members = set
                .content
                .take()
                .map(|c| c.iter().filter_map(|e| e.elem.name.clone()).collect())
                .unwrap_or_default();
            m.set = set;
        }
        if references > 0 {
            // Count the kernel's list:sets that hold it; the rest are rules.
            let mut lists = 0;
            for n in self.session.set_names()? {
                if n == name {
                    continue;
                }
                let Some(l) = self.session.load_ipset(&n, Load::Header)? else {
                    continue;
                };
                if l.set_type() == Some(SetType::ListSet) {
                    let c = self.session.load_ipset(&n, Load::Content)?;
                    let holds = c
                        .and_then(|c| c.content)
                        .is_some_and(|c| c.iter().any(|e| e.elem.name.as_deref() == Some(name)));
                    lists += u32::from(holds);
                }
            }
            m.held_elsewhere = references > lists;
        }
        Ok(Some(m))
    }

    /// The set `name`, or the kernel's answer to `cmd` on a missing set.
    fn existing(&mut self, name: &str, cmd: IpsetCommand) -> Result<Modeled> {
        self.lookup(name)?
            .ok_or_else(|| self.refused(libc::ENOENT, cmd, name))
    }

    fn modeled(&mut self, name: &str) -> &mut Modeled {
        self.sets
            .get_mut(name)
            .and_then(Option::as_mut)
            .expect("looked up before")
    }

    /// A list:set entry's member (which must exist and not be a list:set);
    /// None for the entries of other types.
    fn member_of(
        &mut self,
        m: &Modeled,
        entry: &Entry,
        cmd: IpsetCommand,
    ) -> Result<Option<String>> {
        if m.set.set_type() != Some(SetType::ListSet) {
            return Ok(None);
        }
        let Some(member) = entry.elem.name.clone() else {
            return Ok(None);
        };
        let Some(found) = self.lookup(&member)? else {
            return Err(self.refused(E::TYPE_SPECIFIC, cmd, &m.set.name));
        };
        if cmd != IpsetCommand::Test && found.set.set_type() == Some(SetType::ListSet) {
            return Err(self.refused(E::TYPE_SPECIFIC + 1, cmd, &m.set.name));
        }
        Ok(Some(member))
    }

    /// Where a list:set entry goes: before or after a member of the list,
    /// which must exist and be in it.
    fn position(&mut self, m: &Modeled, entry: &Entry, cmd: IpsetCommand) -> Result<Option<usize>> {
        let Some((pos, reference)) = &entry.elem.reference else {
            return Ok(None);
        };
        if self.lookup(reference)?.is_none() {
            return Err(self.refused(E::TYPE_SPECIFIC + 3, cmd, &m.set.name));
        }
        let Some(i) = m.members.iter().position(|n| n == reference) else {
            return Err(self.refused(E::TYPE_SPECIFIC + 5, cmd, &m.set.name));
        };
        Ok(Some(match pos {
            Position::Before => i,
            Position::After => i + 1,
        }))
    }

    /// Whether a list:set (as modeled) or a kernel component holds `name`.
    fn held(&mut self, name: &str) -> Result<bool> {
        if self.lookup(name)?.is_some_and(|m| m.held_elsewhere) {
            return Ok(true);
        }
        // Every list:set the kernel has could hold it: look them all up.
        for n in self.names()? {
            self.lookup(&n)?;
        }
        Ok(self
            .sets
            .values()
            .flatten()
            .any(|m| m.members.iter().any(|n| n == name)))
    }

    /// The names of every set at this point of the run.
    fn names(&mut self) -> Result<Vec<String>> {
        let mut names = if self.all_destroyed {
            Vec::new()
        } else {
            self.session.set_names()?
        };
        for (n, m) in &self.sets {
            if m.is_some() && !names.contains(n) {
                names.push(n.clone());
            }
        }
        let mut present = Vec::with_capacity(names.len());
        for n in names {
            if self.lookup(&n)?.is_some() {
                present.push(n);
            }
        }
        Ok(present)
    }

    fn refused(&self, errno: i32, cmd: IpsetCommand, set: &str) -> Error {
        let family = self
            .sets
            .get(set)
            .and_then(Option::as_ref)
            .map(|m| TypeFamily::of_type_name(&m.set.type_name))
            .unwrap_or_default();
        refusal(errno, cmd, family, set)
    }
}

/// Whether `-exist create` of `new` finds `live` the same set, as the kernel
/// compares them: type, family and the options it keeps (maxelem, default
/// timeout, netmask, markmask, size, extensions) — not the hash size,
/// which grows.
fn same_set(live: &WiSet, new: &WiSet) -> bool {
    let (a, b) = (&live.options, &new.options);
    let hash = live.type_name.starts_with("hash:");
    let maxelem = |o: &CreateOptions| o.maxelem.filter(|_| hash).unwrap_or(65536);
    // The kernel keeps at least 4 places in a list:set.
    let size = |o: &CreateOptions| o.size.unwrap_or(8).max(4);
    let markmask = |o: &CreateOptions| o.markmask.unwrap_or(u32::MAX);
    live.type_name == new.type_name
        && live.family == new.family
        && maxelem(a) == maxelem(b)
        && a.timeout == b.timeout
        && a.netmask == b.netmask
        && a.bitmask == b.bitmask
        && markmask(a) == markmask(b)
        && size(a) == size(b)
        && span(a) == span(b)
        && (a.counters, a.comment, a.skbinfo) == (b.counters, b.comment, b.skbinfo)
}

/// A bitmap's range as (first, last), however it was given.
fn span(o: &CreateOptions) -> Option<(u128, u128)> {
    let n = |ip: IpAddr| match ip {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    };
    Some(match o.range? {
        Range::Ip { from, to } => (n(from), n(to)),
        Range::Cidr { ip, cidr } => {
            let host = u32::from(cidr.min(32));
            let size = 1u128 << (32 - host);
            let first = n(ip) & !(size - 1);
            (first, first + size - 1)
        }
        Range::Port { from, to } => (u128::from(from), u128::from(to)),
    })
}

/// How many elements a bitmap of these options holds (its netmask's
/// blocks for bitmap:ip).
fn bitmap_elements(o: &CreateOptions) -> Option<u128> {
    let (first, last) = span(o)?;
    let block = 1u128 << (32 - u32::from(o.netmask.unwrap_or(32).min(32)));
    Some((last.saturating_sub(first)) / block + 1)
}

/// What an element of the set's type holds, as the kernel's feature bits:
/// address, port, MAC, second address, interface, mark, set name, and
/// whether entries can be exceptions (a net part).
fn features(set: &WiSet) -> Option<u8> {
    let t = set.set_type()?;
    let groups: [&[Part]; 8] = [
        &[Part::Ip, Part::Net],
        &[Part::Port, Part::BarePort],
        &[Part::Mac],
        &[Part::Ip2, Part::Net2],
        &[Part::Iface],
        &[Part::Mark],
        &[Part::SetName],
        &[Part::Net, Part::Net2],
    ];
    let mut bits = 0;
    for (i, group) in groups.iter().enumerate() {
        if t.parts().iter().any(|p| group.contains(p)) {
            bits |= 1 << i;
        }
    }
    Some(bits)
}
