//! Several sets changed all-or-nothing (`restore --atomic`): every set a
//! [`Transaction`] touches gets a new version built as a private temp set,
//! and nothing live changes until [`Transaction::commit`] swaps them in.
//!
//! - `create NAME` defines the set's new version, empty; a set of that name
//!   that exists is replaced by it at the commit (with `-exist`; without it
//!   the kernel's "already exists" is the answer, as for a plain create).
//! - `add`, `del` and `flush` act on the set's new version. A set the
//!   transaction did not create starts as a copy of its live content (every
//!   entry with its counters, remaining timeout, comment and skbinfo), so
//!   `add` lines add to what it holds, as in a plain restore.
//! - The commit swaps each new version with its live set (iptables rules
//!   and list:set members keep referring to the live name), renames the
//!   versions of sets that did not exist into place, and destroys the old
//!   contents. A failing swap undoes the swaps before it.
//! - The kernel refuses to rename a set that a list:set holds, and a
//!   list:set names its members: a set the transaction creates is renamed
//!   into place when a list:set entry first names it (holding what the
//!   input gave it so far) rather than at the commit, and destroyed again
//!   if the transaction fails.
//!
//! Until the commit, an error (or a drop) destroys every temp set: no live
//! set changed. Each set's writer lock ([`SetLock`]) is held from its first
//! line to the end, so no other wiset writer changes it meanwhile; changes
//! by other tools (`ipset add`, iptables' SET target) between the copy and
//! the commit are lost with the old content.

use std::collections::HashMap;

use crate::netlink::IpsetCommand;

use super::bulk::{AdtOp, AdtWriter};
use super::error::{Error, Result};
use super::kernel_error::{TypeFamily, refusal};
use super::listing::Load;
use super::lock::SetLock;
use super::replace::temp_like;
use super::session::Exist;
use super::temp::temp_name;
use super::{Entry, Session, SetHeader, SetType, WiSet};

/// A change of several sets, applied all-or-nothing by
/// [`Transaction::commit`]; dropped uncommitted, it leaves every live set
/// as it was. Made by [`Session::transaction`].
pub struct Transaction<'s> {
    session: &'s mut Session,
    staged: Vec<Staged>,
    by_name: HashMap<String, usize>,
    /// The batch being filled, and the `exist` it was opened with.
    pending: Option<(AdtWriter, Exist)>,
    committed: bool,
    /// Entries sent so far, copies of live content included.
    sent: u64,
    /// Writer locks of every staged set, released after the cleanup.
    _locks: Vec<SetLock>,
}

/// One set's new version.
struct Staged {
    /// The set's name, as it is (or will be) known.
    name: String,
    /// The temp set that holds its new version (the set's own name once
    /// it is published).
    temp: String,
    /// A set of this name exists: the commit swaps (else renames).
    replaces: bool,
    /// A new set already renamed into place (a list:set names it).
    published: bool,
    /// Swapped or renamed into place by the commit (and not undone).
    placed: bool,
    /// Its type is list:set (destroyed first: it may hold other temps).
    is_list: bool,
}

/// What a commit did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommitStats {
    /// Sets whose content was replaced (swapped), in the order they were
    /// first named.
    pub replaced: Vec<String>,
    /// Sets that did not exist and were renamed into place.
    pub created: Vec<String>,
    /// Entries sent to the kernel, copies of live content included.
    pub entries: u64,
    /// Temp sets holding old content the kernel kept calling busy, left
    /// for the next run on those sets to remove.
    pub leftovers: Vec<String>,
}

impl Session {
    /// Start a [`Transaction`] on this session.
    pub fn transaction(&mut self) -> Transaction<'_> {
        Transaction {
            session: self,
            staged: Vec::new(),
            by_name: HashMap::new(),
            pending: None,
            committed: false,
            sent: 0,
            _locks: Vec::new(),
        }
    }
}

impl Transaction<'_> {
    /// The header `set` has in this transaction: its new definition once
    /// the transaction defines it, else the live set's.
    pub fn header(&mut self, set: &str) -> Result<SetHeader> {
        match self.by_name.get(set) {
            Some(&i) => {
                let temp = self.staged[i].temp.clone();
                let mut h = self.session.header(&temp)?;
                h.name = set.to_string();
                Ok(h)
            }
            None => self.session.header(set),
        }
    }

    /// Define `set`'s new version, empty. An existing set of that name is
    /// replaced at the commit if `exist` is [`Exist::Ignore`] (and has the
    /// same type and family: a swap cannot change those); without it the
    /// answer is the kernel's "already exists". A set defined twice is
    /// answered as the kernel answers a second create of it.
    pub fn create(&mut self, set: &WiSet, exist: Exist) -> Result<()> {
        self.session.check_cancel()?;
        self.send_pending()?;
        if let Some(&i) = self.by_name.get(&set.name) {
            let mut again = set.clone();
            again.name = self.staged[i].temp.clone();
            let r = self.session.create(&again, exist);
            return r.map_err(|e| self.unmasked(e));
        }
        let live = self.session.load_ipset(&set.name, Load::Header)?;
        if let Some(live) = &live {
            if exist == Exist::Fail {
                return Err(refusal(
                    libc::EEXIST,
                    IpsetCommand::Create,
                    TypeFamily::of_type_name(&live.type_name),
                    &set.name,
                ));
            }
            same_kind(live, set)?;
        }
        let mut spec = set.clone();
        spec.content = None;
        self.stage(spec, live.is_some(), false)
    }

    /// Add `entry` to `set`'s new version (`line`: its input position, for
    /// errors). Consecutive adds to one set go in shared batches.
    pub fn add(&mut self, set: &str, line: u32, entry: &Entry, exist: Exist) -> Result<()> {
        self.adt(AdtOp::Add, set, line, entry, exist)
    }

    /// Delete `entry` from `set`'s new version.
    pub fn delete(&mut self, set: &str, line: u32, entry: &Entry, exist: Exist) -> Result<()> {
        self.adt(AdtOp::Del, set, line, entry, exist)
    }

    /// Empty `set`'s new version.
    pub fn flush(&mut self, set: &str) -> Result<()> {
        self.send_pending()?;
        let i = match self.by_name.get(set) {
            Some(&i) => i,
            // Its new version starts empty: nothing to copy.
            None => return self.stage_live(set, false).map(drop),
        };
        let temp = self.staged[i].temp.clone();
        let r = self.session.flush(Some(&temp));
        r.map_err(|e| self.unmasked(e))
    }

    /// Swap every new version in (and rename those of new sets into
    /// place), then destroy the old contents. On `Err` no live set is
    /// changed (the swaps made are undone) and every temp set is removed,
    /// unless undoing failed too ([`Error::PartlyCommitted`]).
    pub fn commit(mut self) -> Result<CommitStats> {
        self.send_pending()
            .map_err(|e| self.session.or_interrupted(e))?;
        self.session.check_cancel()?;
        let mut stats = CommitStats {
            entries: self.sent,
            ..Default::default()
        };
        for i in 0..self.staged.len() {
            if let Err(e) = self.put_in_place(i) {
                let e = self.session.or_interrupted(e);
                return Err(self.undo(i, e));
            }
            self.staged[i].placed = true;
        }
        self.committed = true;
        for i in self.cleanup_order() {
            let st = &self.staged[i];
            if st.replaces {
                stats.replaced.push(st.name.clone());
                let temp = st.temp.clone();
                if self.session.destroy_patiently(&temp).is_err() {
                    stats.leftovers.push(temp);
                }
            } else {
                stats.created.push(st.name.clone());
            }
        }
        stats.replaced.sort_by_key(|n| self.by_name[n]);
        stats.created.sort_by_key(|n| self.by_name[n]);
        Ok(stats)
    }

    fn put_in_place(&mut self, i: usize) -> Result<()> {
        let st = &self.staged[i];
        let (name, temp) = (st.name.clone(), st.temp.clone());
        if st.replaces {
            self.session.swap_patiently(&temp, &name)
        } else if st.published {
            Ok(())
        } else {
            self.session.rename(&temp, &name)
        }
    }

    /// Undo the first `done` sets' commit steps after `e` stopped the next.
    fn undo(&mut self, done: usize, e: Error) -> Error {
        for j in (0..done).rev() {
            let st = &self.staged[j];
            let (name, temp) = (st.name.clone(), st.temp.clone());
            let undone = if st.replaces {
                self.session
                    .patiently(&name, "swap", false, |s| s.swap(&temp, &name))
            } else if st.published {
                Ok(())
            } else {
                self.session.rename(&name, &temp)
            };
            if let Err(undo) = undone {
                // What is in place stays, and the temp sets of the swapped
                // ones hold their old contents (kept for a person to look
                // at; the next change of a set removes them). The drop
                // removes the temp sets of the rest.
                let committed = self.staged[..=j].iter().map(|st| st.name.clone()).collect();
                let kept = self.staged[..=j]
                    .iter()
                    .filter(|st| st.replaces)
                    .map(|st| st.temp.clone())
                    .collect();
                return Error::PartlyCommitted {
                    committed,
                    kept,
                    error: Box::new(e),
                    undo: Box::new(undo),
                };
            }
            self.staged[j].placed = false;
        }
        e
    }

    /// list:sets first: they may hold temp sets (and live sets) as members.
    fn cleanup_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.staged.len()).collect();
        order.sort_by_key(|&i| !self.staged[i].is_list);
        order
    }

    fn adt(&mut self, op: AdtOp, set: &str, line: u32, entry: &Entry, exist: Exist) -> Result<()> {
        let i = match self.by_name.get(set) {
            Some(&i) => i,
            None => self.stage_live(set, true)?,
        };
        self.publish_members(entry)?;
        let same = self
            .pending
            .as_ref()
            .is_some_and(|(w, x)| w.target() == (op, self.staged[i].temp.as_str()) && *x == exist);
        if !same {
            self.send_pending()?;
            self.session.check_cancel()?;
            let writer = AdtWriter::new(op, &self.staged[i].temp, exist);
            self.pending = Some((writer, exist));
        }
        let (writer, _) = self.pending.as_mut().expect("opened above");
        let r = writer.push(self.session, line, entry);
        r.map_err(|e| self.unmasked(e))
    }

    /// Send the batch being filled.
    fn send_pending(&mut self) -> Result<()> {
        let Some((writer, _)) = self.pending.take() else {
            return Ok(());
        };
        let stats = writer.finish(self.session).map_err(|e| self.unmasked(e))?;
        self.sent += stats.entries;
        Ok(())
    }

    /// Rename the new sets a list:set entry names into place (see the
    /// module's notes): the kernel keeps a list:set's members by index and
    /// refuses to rename a set a list:set holds.
    fn publish_members(&mut self, entry: &Entry) -> Result<()> {
        let names = [
            entry.elem.name.as_deref(),
            entry.elem.reference.as_ref().map(|r| r.1.as_str()),
        ];
        for name in names.into_iter().flatten() {
            let Some(&i) = self.by_name.get(name) else {
                continue;
            };
            if self.staged[i].replaces || self.staged[i].published {
                continue;
            }
            self.send_pending()?;
            let temp = self.staged[i].temp.clone();
            self.session.rename(&temp, name)?;
            let st = &mut self.staged[i];
            st.temp = name.to_string();
            st.published = true;
        }
        Ok(())
    }

    /// Stage an existing set: its new version like it, holding a copy of
    /// its content when `copy`.
    fn stage_live(&mut self, set: &str, copy: bool) -> Result<usize> {
        self.session.check_cancel()?;
        let live = self
            .session
            .load_ipset(set, Load::Header)?
            .ok_or_else(|| Error::no_such_set(set))?;
        let spec = temp_like(&live, set.to_string(), None);
        self.stage(spec, true, copy)?;
        Ok(self.staged.len() - 1)
    }

    /// Lock `spec.name`, clear what dead runs left, create its temp set.
    fn stage(&mut self, mut spec: WiSet, replaces: bool, copy: bool) -> Result<()> {
        let name = spec.name.clone();
        let s = &mut *self.session;
        self._locks.push(SetLock::acquire(
            &name,
            s.waits().lock,
            s.cancel_token(),
            s.netns(),
        )?);
        s.remove_stale_temp_sets(&name)?;
        let temp = temp_name(&name);
        spec.name = temp.clone();
        s.create(&spec, Exist::Fail)?;
        self.by_name.insert(name.clone(), self.staged.len());
        self.staged.push(Staged {
            name: name.clone(),
            temp: temp.clone(),
            replaces,
            published: false,
            placed: false,
            is_list: spec.set_type() == Some(SetType::ListSet),
        });
        if copy {
            self.sent += self.session.copy_entries(&name, &temp, |_| {})?.entries;
        }
        Ok(())
    }

    /// A kernel error about a temp set, told about the set it stands for.
    fn unmasked(&self, mut e: Error) -> Error {
        if let Error::Kernel { set: Some(s), .. } = &mut e
            && let Some(st) = self.staged.iter().find(|st| st.temp == *s)
        {
            *s = st.name.clone();
        }
        e
    }
}

/// A transaction replaces a set by a swap, which keeps type and family.
pub(crate) fn same_kind(live: &WiSet, new: &WiSet) -> Result<()> {
    if (live.type_name.as_str(), live.family) == (new.type_name.as_str(), new.family) {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "set {} exists as {} (family {}), and a transaction replaces a set only by one of the same type and family, not {} (family {})",
        new.name,
        live.type_name,
        live.family.name(),
        new.type_name,
        new.family.name()
    )))
}

impl Drop for Transaction<'_> {
    /// Uncommitted: remove every temp set holding a new version (no live
    /// set was changed, unless undoing a commit failed).
    fn drop(&mut self) {
        self.pending = None;
        if self.committed {
            return;
        }
        for i in self.cleanup_order() {
            let st = &self.staged[i];
            if st.placed {
                continue;
            }
            let temp = st.temp.clone();
            let _ = self.session.destroy_patiently(&temp);
        }
    }
}
