//! `update_content` and `replace --diff`: change only what differs, in
//! place, so entries that stay keep their counters and timeouts.

use std::hash::{Hash, Hasher};

use netlink_packet_core::NlasIterator;

use crate::netlink::{AttrWriter, EntryAttr};

use super::canonical::{Bytes, FxHasher, Shape};
use super::error::{Error, Result};
use super::replace::{hashsize_for, temp_name};
use super::session::{AdtOp, AdtWriter};
use super::{Entry, EntryOptions, ListDetail, ListSink, Session, SetType, WiSet};

/// What `update_content` changed (or a plan would change).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateStats {
    /// Entries added.
    pub added: u64,
    /// Entries deleted.
    pub removed: u64,
    /// Entries whose options changed and were re-added.
    pub updated: u64,
    /// Entries that were already in the set with the same options.
    pub unchanged: u64,
    /// Input entries that repeated an earlier one (the later line wins).
    pub duplicates: u64,
}

impl Session {
    /// Make `set`'s content equal to `wanted` in place: delete what is gone,
    /// add what is missing, re-add entries whose options changed. Entries that
    /// stay keep their counters and timeouts, and the set is never empty.
    pub fn update_content(
        &mut self,
        set: &str,
        wanted: impl IntoIterator<Item = Entry>,
    ) -> Result<UpdateStats> {
        let plan = self.diff_plan(
            set,
            wanted
                .into_iter()
                .enumerate()
                .map(|(i, e)| Ok((i as u32 + 1, e))),
        )?;
        self.apply_plan(set, &plan)?;
        Ok(plan.stats())
    }

    /// Compare `set`'s content with `wanted` (`(line, entry)` items, as for
    /// [`Session::replace`]) and say what [`Session::apply_plan`] would change.
    /// Nothing is changed. The set is streamed, not loaded whole; the plan
    /// keeps each wanted entry as its encoded key (inline, no allocation for
    /// most elements) and, if it has options, its encoding.
    pub fn diff_plan(
        &mut self,
        set: &str,
        wanted: impl IntoIterator<Item = Result<(u32, Entry)>>,
    ) -> Result<DiffPlan> {
        let head = self
            .load_ipset(set, false)?
            .ok_or_else(Error::no_such_set)?;
        let shape = Shape::of(&head).ok_or_else(|| {
            Error::invalid(format!(
                "set {set} has type {}, which wiset cannot compare",
                head.type_name
            ))
        })?;
        // The set's content is listed, keyed and sorted on a socket and thread
        // of its own while this thread reads the input.
        let (planned, current) = std::thread::scope(|scope| {
            let lister = scope.spawn(move || -> Result<Vec<Current>> {
                let mut s = Session::open()?;
                let mut sink = CurrentSink {
                    shape,
                    current: Vec::new(),
                    scratch: Vec::with_capacity(64),
                };
                s.list(Some(set), ListDetail::Full, false, &mut sink)?;
                let mut current = sink.current;
                current.sort_unstable_by(|a, b| a.key.cmp(&b.key));
                Ok(current)
            });
            let planned = read_wanted(shape, wanted, head.entries.unwrap_or(0) as usize);
            let current = lister
                .join()
                .unwrap_or_else(|_| Err(Error::invalid("listing the set failed")));
            (planned, current)
        });
        let (planned, duplicates) = planned?;
        let mut planned = planned;
        let current = current?;
        let count = current.len() as u64;
        let no_options = EntryOptions::default();
        let mut delete = Vec::new();
        let mut c = current.into_iter().peekable();
        for p in planned.iter_mut() {
            while let Some(have) = c.next_if(|have| have.key < p.key) {
                delete.push(have.key);
            }
            if let Some(have) = c.next_if(|have| have.key == p.key) {
                let opts = have.opts.as_deref().unwrap_or(&no_options);
                p.state = if Fingerprint::of(p.fingerprint.named, opts) == p.fingerprint {
                    State::Unchanged
                } else {
                    State::Changed
                };
            }
        }
        delete.extend(c.map(|have| have.key));
        let tally = |s: State| planned.iter().filter(|p| p.state == s).count() as u64;
        let stats = UpdateStats {
            added: tally(State::Missing),
            updated: tally(State::Changed),
            unchanged: tally(State::Unchanged),
            removed: delete.len() as u64,
            duplicates,
        };
        Ok(DiffPlan {
            head,
            planned,
            delete,
            current: count,
            stats,
        })
    }

    /// Apply a plan, all or nothing as far as the kernel's checks go: the
    /// result must fit maxelem, and the entries to add are first tried in a
    /// scratch set of the same type and options (a line the kernel refuses
    /// stops the update before the set is touched). Then adds go first and
    /// deletes after, so the set is never empty on the way — unless the adds
    /// would overflow maxelem before the deletes make room.
    pub fn apply_plan(&mut self, set: &str, plan: &DiffPlan) -> Result<()> {
        let wanted = plan.planned.len() as u64;
        let missing = plan.stats().added;
        let maxelem = plan.head.options.maxelem.map(u64::from);
        if let Some(max) = maxelem.filter(|&m| wanted > m) {
            return Err(Error::invalid(format!(
                "The input has {wanted} entries, more than the {max} that set {set} may hold (maxelem): nothing was changed. --diff cannot raise maxelem: use a full replace with --grow."
            )));
        }
        let changes = plan.changes();
        // (Not for list:set: its entries name other sets, and `before`/`after`
        // refer to members an empty scratch list does not have.)
        if !changes.is_empty() && plan.head.set_type() != Some(SetType::ListSet) {
            self.try_in_scratch_set(&plan.head, &changes)?;
        }
        let deletes_first = maxelem.is_some_and(|m| plan.current + missing > m);
        if deletes_first {
            self.delete_encoded(set, &plan.delete)?;
        }
        let mut adds = AdtWriter::new(AdtOp::Add, set, true);
        for (line, bytes) in &changes {
            adds.push_encoded(self, *line, bytes)?;
        }
        adds.finish(self)?;
        if !deletes_first {
            self.delete_encoded(set, &plan.delete)?;
        }
        Ok(())
    }

    fn delete_encoded(&mut self, set: &str, entries: &[Bytes]) -> Result<()> {
        let mut dels = AdtWriter::new(AdtOp::Del, set, true);
        for d in entries {
            dels.push_encoded(self, 0, d)?;
        }
        dels.finish(self)?;
        Ok(())
    }

    /// Add `changes` to a scratch copy of `head` (same type, family and
    /// options, empty), to learn whether the kernel takes them all.
    fn try_in_scratch_set(&mut self, head: &WiSet, changes: &[(u32, &[u8])]) -> Result<()> {
        self.remove_stale_temp_sets(&head.name)?;
        let mut scratch = head.clone();
        scratch.name = temp_name(&head.name);
        scratch.options.initval = None;
        scratch.content = None;
        if let Some(h) = scratch.options.hashsize {
            scratch.options.hashsize = Some(h.min(hashsize_for(changes.len() as u64)));
        }
        self.create(&scratch, false)?;
        let mut w = AdtWriter::new(AdtOp::Add, &scratch.name, true);
        let tried = changes
            .iter()
            .try_for_each(|(line, bytes)| w.push_encoded(self, *line, bytes))
            .and_then(|()| w.finish(self).map(drop));
        let removed = self.destroy(Some(&scratch.name), true);
        tried?;
        removed
    }
}

/// Read the wanted entries, keyed and sorted by key, one per key (a
/// repeated entry's later line wins, as with restore); and the number of
/// repeats.
fn read_wanted(
    shape: Shape,
    wanted: impl IntoIterator<Item = Result<(u32, Entry)>>,
    expected: usize,
) -> Result<(Vec<Planned>, u64)> {
    let mut planned: Vec<Planned> = Vec::with_capacity(expected);
    let mut scratch = Vec::with_capacity(64);
    for item in wanted {
        let (line, entry) = item?;
        entry.check().map_err(|e| e.at_line(line))?;
        let canonical = shape.canonical(&entry).ok_or_else(|| {
            Error::invalid(
                "--diff compares single entries, and the kernel expands ranges and address blocks: use a full replace",
            )
            .at_line(line)
        })?;
        // A bare entry written as the kernel lists it is its own key.
        let plain = entry.opts == EntryOptions::default() && entry.elem == canonical;
        let key = shape.encode_key(canonical, &mut scratch);
        let encoded = (!plain).then(|| {
            scratch.clear();
            entry.encode(&mut AttrWriter::new(&mut scratch));
            Box::<[u8]>::from(&scratch[..])
        });
        planned.push(Planned {
            key,
            line,
            encoded,
            fingerprint: Fingerprint::wanted(&entry.opts),
            state: State::Missing,
        });
    }
    planned.sort_unstable_by(|a, b| a.key.cmp(&b.key).then(a.line.cmp(&b.line)));
    let before = planned.len();
    planned.dedup_by(|later, earlier| {
        let same = later.key == earlier.key;
        if same {
            std::mem::swap(later, earlier);
        }
        same
    });
    let duplicates = (before - planned.len()) as u64;
    Ok((planned, duplicates))
}

/// The options a wanted entry names, and their values, hashed: a present
/// entry is "changed" only in what the input asks for (counters and
/// remaining timeouts are the kernel's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    named: u8,
    hash: u32,
}

impl Fingerprint {
    const COMMENT: u8 = 1;
    const TIMEOUT: u8 = 2;
    const SKBMARK: u8 = 4;
    const SKBPRIO: u8 = 8;
    const SKBQUEUE: u8 = 16;

    fn wanted(o: &EntryOptions) -> Self {
        let mut named = 0;
        for (bit, on) in [
            (Self::COMMENT, o.comment.is_some()),
            (Self::TIMEOUT, o.timeout.is_some()),
            (Self::SKBMARK, o.skbmark.is_some()),
            (Self::SKBPRIO, o.skbprio.is_some()),
            (Self::SKBQUEUE, o.skbqueue.is_some()),
        ] {
            if on {
                named |= bit;
            }
        }
        Self::of(named, o)
    }

    /// The same options of an entry the set has.
    fn of(named: u8, o: &EntryOptions) -> Self {
        let mut h = FxHasher::default();
        if named & Self::COMMENT != 0 {
            o.comment.hash(&mut h);
        }
        if named & Self::TIMEOUT != 0 {
            // Permanent (0) or expiring: the remaining seconds are the kernel's.
            o.timeout.map(|t| t == 0).hash(&mut h);
        }
        if named & Self::SKBMARK != 0 {
            o.skbmark.hash(&mut h);
        }
        if named & Self::SKBPRIO != 0 {
            o.skbprio.hash(&mut h);
        }
        if named & Self::SKBQUEUE != 0 {
            o.skbqueue.hash(&mut h);
        }
        o.nomatch.hash(&mut h);
        Fingerprint {
            named,
            hash: (h.finish() >> 32) as u32,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Not in the set: to add.
    Missing,
    /// In the set with other options: to re-add.
    Changed,
    Unchanged,
}

/// One wanted entry of a plan.
#[derive(Debug, Clone)]
struct Planned {
    /// The element as the kernel stores it, encoded.
    key: Bytes,
    line: u32,
    /// The entry's encoding when it differs from its key (options, or a
    /// spelling the kernel normalises); most entries have none.
    encoded: Option<Box<[u8]>>,
    fingerprint: Fingerprint,
    state: State,
}

/// What `update_content` / `replace --diff` will change, from
/// [`Session::diff_plan`].
#[derive(Debug, Clone)]
pub struct DiffPlan {
    /// The set's header as it was when the plan was made.
    head: WiSet,
    /// Sorted by key, one per key.
    planned: Vec<Planned>,
    delete: Vec<Bytes>,
    /// Entries the set had.
    current: u64,
    stats: UpdateStats,
}

impl DiffPlan {
    /// What applying the plan changes.
    pub fn stats(&self) -> UpdateStats {
        self.stats
    }

    /// The set the plan is for.
    pub fn set(&self) -> &str {
        &self.head.name
    }

    /// Entries to add or re-add, encoded, in input order.
    fn changes(&self) -> Vec<(u32, &[u8])> {
        let mut v: Vec<(u32, &[u8])> = self
            .planned
            .iter()
            .filter(|p| p.state != State::Unchanged)
            .map(|p| (p.line, p.encoded.as_deref().unwrap_or(&p.key)))
            .collect();
        v.sort_unstable_by_key(|(line, _)| *line);
        v
    }

    fn with_state(&self, s: State) -> Vec<(u32, Entry)> {
        let mut v: Vec<(u32, Entry)> = self
            .planned
            .iter()
            .filter(|p| p.state == s)
            .map(|p| (p.line, decode(p.encoded.as_deref().unwrap_or(&p.key))))
            .collect();
        v.sort_by_key(|(line, _)| *line);
        v
    }

    /// Entries to add (missing), with their input lines.
    pub fn to_add(&self) -> Vec<(u32, Entry)> {
        self.with_state(State::Missing)
    }

    /// Entries to re-add (present with other options), with their input lines.
    pub fn to_update(&self) -> Vec<(u32, Entry)> {
        self.with_state(State::Changed)
    }

    /// Entries to delete (in the set, not in the input).
    pub fn to_delete(&self) -> impl Iterator<Item = Entry> + '_ {
        self.delete.iter().map(|d| decode(d))
    }
}

fn decode(encoded: &[u8]) -> Entry {
    Entry::from_attrs(
        NlasIterator::new(encoded)
            .filter_map(|n| n.ok().and_then(|n| EntryAttr::parse_nla(&n).ok())),
    )
}

/// An entry the set has: its key, and its options when it has any.
struct Current {
    key: Bytes,
    opts: Option<Box<EntryOptions>>,
}

/// Collects the set's content as keys.
struct CurrentSink {
    shape: Shape,
    current: Vec<Current>,
    scratch: Vec<u8>,
}

impl ListSink for CurrentSink {
    fn set_begin(&mut self, _set: &WiSet) -> Result<()> {
        Ok(())
    }
    fn entries(&mut self, _set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        for e in entries.drain(..) {
            let Some(key) = self.shape.key(&e, &mut self.scratch) else {
                continue;
            };
            let opts = (e.opts != EntryOptions::default()).then(|| Box::new(e.opts));
            self.current.push(Current { key, opts });
        }
        Ok(())
    }
    fn set_end(&mut self, _set: &WiSet) -> Result<()> {
        Ok(())
    }
}
