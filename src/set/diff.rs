//! `update_content` and `replace --diff`: change only what differs, in
//! place, so entries that stay keep their counters and timeouts.
//!
//! Applying a plan is undone when it cannot finish: a kernel error or a
//! cancelled session (a signal) rolls back what was sent — entries added are
//! deleted, entries deleted are added back with the options they were
//! listed with, changed entries get their old options back. Entries in both
//! the old and the new content are never deleted, not even for a moment, so
//! a run killed outright (SIGKILL) leaves a set that holds all of them, plus
//! some of the entries being added and some of those being deleted.

use crate::netlink::{AttrWriter, EntryAttr, cadt_flags};

use super::bulk::{AdtOp, AdtWriter};
use super::canonical::{Key, Shape, decode};
use super::entry::Numbered;
use super::error::{Error, Incomparable, Result};
use super::guard::{Guards, Refusal};
use super::listing::{AttrSink, Load, Target};
use super::lock::SetLock;
use super::replace::{ReplaceOptions, hashsize_for};
use super::session::Exist;
use super::temp::temp_name;
use super::{Entry, EntryOptions, EntrySource, ListDetail, Session, SetType, WiSet};

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
    pub fn update_content(&mut self, set: &str, wanted: impl EntrySource) -> Result<UpdateStats> {
        let _lock = SetLock::acquire(set, self.waits().lock, self.cancel_token(), self.netns())?;
        let head = self
            .load_ipset(set, Load::Header)?
            .ok_or_else(|| Error::no_such_set(set))?;
        let plan = self.diff_plan(head, wanted)?;
        self.apply_plan(set, &plan)?;
        Ok(plan.stats())
    }

    /// Compare the content of the set `head` describes (its header, from
    /// [`Session::load_ipset`]) with `wanted` (any [`EntrySource`], as for
    /// [`Session::replace`]) and say what [`Session::apply_plan`] would
    /// change. Nothing is changed. Hold the set's [`SetLock`] from here until
    /// the plan is applied, so that no other writer changes the set meanwhile.
    /// Both sides are held as keys, not entries: the packed fields (32
    /// bytes, no allocation) of all but list:set, hash:net,iface and
    /// two-address IPv6 elements; a wanted entry with options also keeps its
    /// encoding. About 150 bytes per entry of the set in all.
    pub fn diff_plan(&mut self, head: WiSet, wanted: impl EntrySource) -> Result<DiffPlan> {
        let shape = Shape::of(&head).ok_or_else(|| Error::Incomparable {
            reason: Incomparable::SetType {
                set: head.name.clone(),
                type_name: head.type_name.clone(),
            },
            line: None,
        })?;
        let expected = head.entries.unwrap_or(0) as usize;
        // The set's content is listed and keyed on a socket and thread of
        // its own while this thread reads the input.
        let set = head.name.as_str();
        let mut s = self.open_like()?;
        let (wanted, listed) = std::thread::scope(|scope| {
            let lister = scope.spawn(move || -> Result<CurrentSink> {
                let mut sink = CurrentSink {
                    shape,
                    current: Vec::with_capacity(expected),
                    spread: Spread::default(),
                    scratch: Vec::with_capacity(64),
                };
                s.list_into(Some(set), ListDetail::Full, false, Target::Attrs(&mut sink))?;
                Ok(sink)
            });
            let wanted = read_wanted(shape, wanted, expected);
            let listed = lister
                .join()
                .unwrap_or_else(|_| Err(Error::Internal("listing the set failed")));
            (wanted, listed)
        });
        let Wanted {
            mut planned,
            encodings,
            spread,
        } = wanted?;
        let CurrentSink {
            current,
            spread: listed_spread,
            ..
        } = listed?;
        let (p, c) = order(&planned, &current, spread.with(&listed_spread));
        let (stats, delete, olds) = compare(&mut planned, &encodings, &current, &p, &c);
        if stats.duplicates > 0 {
            planned.retain(|p| p.state != State::Superseded);
        }
        Ok(DiffPlan {
            head,
            planned,
            encodings,
            delete,
            olds,
            current: current.len() as u64,
            stats,
        })
    }

    /// Apply a plan, all or nothing: the result must fit maxelem, the
    /// entries to add are first tried in a scratch set of the same type and
    /// options (a line the kernel refuses stops the update before the set is
    /// touched), and what was sent is rolled back on a later error or when
    /// the session is cancelled (then [`Error::Interrupted`]). Adds go first
    /// and deletes after, so the set is never empty on the way — unless the
    /// adds would overflow maxelem before the deletes make room.
    ///
    /// A list:set is replaced whole instead (through a temp set, as
    /// [`Session::replace`]): its order is what it means, and adds and
    /// deletes in place would keep the old members' order.
    pub fn apply_plan(&mut self, set: &str, plan: &DiffPlan) -> Result<()> {
        let _lock = SetLock::acquire(set, self.waits().lock, self.cancel_token(), self.netns())?;
        let wanted = plan.planned.len() as u64;
        let missing = plan.stats().added;
        let maxelem = plan.head.options.maxelem;
        if let Some(maxelem) = maxelem.filter(|&m| wanted > u64::from(m)) {
            return Err(Error::Refused {
                set: set.to_string(),
                refusal: Refusal::Maxelem {
                    entries: wanted,
                    maxelem,
                },
            });
        }
        if plan.head.set_type() == Some(SetType::ListSet) {
            let mut head = plan.head.clone();
            head.name = set.to_string();
            let entries = plan.planned.iter().map(|p| (p.line, plan.entry(p)));
            return self
                .replace(&head, entries, ReplaceOptions::default())
                .map(drop);
        }
        let changes = plan.changes();
        if !changes.is_empty() {
            self.try_in_scratch_set(plan, &changes)?;
        }
        self.check_cancel()?;
        let deletes_first = maxelem.is_some_and(|m| plan.current + missing > u64::from(m));
        let mut sent = Sent::default();
        let applied = self.apply_steps(set, plan, &changes, deletes_first, &mut sent);
        let Err(e) = applied else {
            return Ok(());
        };
        let e = self.or_interrupted(e);
        match self.roll_back(set, plan, &changes, &sent) {
            Ok(()) => Err(e),
            Err(undo) => Err(Error::RollbackFailed {
                set: set.to_string(),
                error: Box::new(e),
                undo: Box::new(undo),
            }),
        }
    }

    fn apply_steps(
        &mut self,
        set: &str,
        plan: &DiffPlan,
        changes: &[usize],
        deletes_first: bool,
        sent: &mut Sent,
    ) -> Result<()> {
        if deletes_first {
            self.delete_current(set, &plan.delete, &mut sent.deletes)?;
        }
        self.add_changes(set, plan, changes, &mut sent.changes)?;
        if !deletes_first {
            self.delete_current(set, &plan.delete, &mut sent.deletes)?;
        }
        Ok(())
    }

    /// Undo what `sent` says was (or may have been) applied: delete what was
    /// added (first, to make room), add back what was deleted, restore the
    /// old options of what was changed. Not cancellable: it is what a stop does.
    fn roll_back(
        &mut self,
        set: &str,
        plan: &DiffPlan,
        changes: &[usize],
        sent: &Sent,
    ) -> Result<()> {
        let cancel = self.cancel_token().cloned();
        self.set_cancel(None);
        let undone = (|| {
            let sent_changes = &changes[..sent.changes.min(changes.len())];
            let mut scratch = Vec::with_capacity(64);
            let mut dels = AdtWriter::new(AdtOp::Del, set, Exist::Ignore);
            for p in sent_changes.iter().map(|&i| &plan.planned[i]) {
                if p.state == State::Missing {
                    dels.push_encoded(self, p.line, p.key.encode(&mut scratch))?;
                }
            }
            dels.finish(self)?;
            let mut adds = AdtWriter::new(AdtOp::Add, set, Exist::Ignore);
            for c in &plan.delete[..sent.deletes.min(plan.delete.len())] {
                adds.push_encoded(self, 0, c.encode_as_listed(&mut scratch, true))?;
            }
            for p in sent_changes.iter().map(|&i| &plan.planned[i]) {
                if let Some(old) = plan.olds.get(p.old as usize) {
                    // The counters of a changed entry were kept by the kernel.
                    adds.push_encoded(self, p.line, old.encode_as_listed(&mut scratch, false))?;
                }
            }
            adds.finish(self).map(drop)
        })();
        self.set_cancel(cancel);
        undone
    }

    /// Add the planned entries `changes` (indices, in input order) to `set`;
    /// `sent` counts those the kernel got (or may have got).
    fn add_changes(
        &mut self,
        set: &str,
        plan: &DiffPlan,
        changes: &[usize],
        sent: &mut usize,
    ) -> Result<()> {
        let mut adds = AdtWriter::new(AdtOp::Add, set, Exist::Ignore);
        let mut scratch = Vec::with_capacity(64);
        for &i in changes {
            let p = &plan.planned[i];
            let r = adds.push_encoded(self, p.line, plan.encoded(p, &mut scratch));
            *sent = adds.sent() as usize;
            r?;
        }
        let r = adds.flush(self);
        *sent = adds.sent() as usize;
        r
    }

    /// Delete the set's entries `delete`; `sent` counts those the kernel got.
    fn delete_current(&mut self, set: &str, delete: &[Current], sent: &mut usize) -> Result<()> {
        let mut dels = AdtWriter::new(AdtOp::Del, set, Exist::Ignore);
        let mut scratch = Vec::with_capacity(64);
        for c in delete {
            let r = dels.push_encoded(self, 0, c.key.encode(&mut scratch));
            *sent = dels.sent() as usize;
            r?;
        }
        let r = dels.flush(self);
        *sent = dels.sent() as usize;
        r
    }

    /// Add `changes` to a scratch copy of the plan's set (same type, family
    /// and options, empty), to learn whether the kernel takes them all.
    fn try_in_scratch_set(&mut self, plan: &DiffPlan, changes: &[usize]) -> Result<()> {
        let head = &plan.head;
        self.remove_stale_temp_sets(&head.name)?;
        let mut scratch = head.clone();
        scratch.name = temp_name(&head.name);
        scratch.options.initval = None;
        scratch.content = None;
        if let Some(h) = scratch.options.hashsize {
            scratch.options.hashsize = Some(h.min(hashsize_for(changes.len() as u64)));
        }
        self.create(&scratch, Exist::Fail)?;
        let tried = self.add_changes(&scratch.name, plan, changes, &mut 0);
        let removed = self.destroy_patiently(&scratch.name);
        tried?;
        removed
    }
}

/// Read the wanted entries, keyed, in input order.
fn read_wanted(shape: Shape, wanted: impl EntrySource, expected: usize) -> Result<Wanted> {
    let mut wanted = Numbered::new(wanted);
    let mut planned: Vec<Planned> = Vec::with_capacity(expected);
    let mut encodings: Vec<Box<[u8]>> = Vec::new();
    let mut spread = Spread::default();
    let mut scratch = Vec::with_capacity(64);
    let mut encoding = Vec::with_capacity(64);
    let no_options = EntryOptions::default();
    let mut entry = Entry::default();
    while let Some(line) = wanted.next_into(&mut entry) {
        let line = line?;
        entry.check().map_err(|e| e.at_line(line))?;
        let key = shape.key(&entry, &mut scratch).ok_or(Error::Incomparable {
            reason: Incomparable::Expands,
            line: Some(line),
        })?;
        // A bare entry is added as its key says. An entry with options, or
        // one with more than the key's element (a list:set position), keeps
        // its own encoding.
        let bare = entry.opts == no_options;
        let encoded = if bare && matches!(key, Key::Packed(_)) {
            NO_ENCODING
        } else {
            encoding.clear();
            entry.encode(&mut AttrWriter::new(&mut encoding));
            match &key {
                Key::Encoded(k) if bare && encoding[..] == k[..] => NO_ENCODING,
                _ => {
                    encodings.push(encoding[..].into());
                    u32::try_from(encodings.len() - 1).map_err(|_| Error::Incomparable {
                        reason: Incomparable::TooMany,
                        line: Some(line),
                    })?
                }
            }
        };
        spread.add(&key);
        planned.push(Planned {
            key,
            line,
            encoded,
            asked: Asked::of(&entry.opts),
            state: State::Unchanged,
            old: NO_OLD,
        });
    }
    Ok(Wanted {
        planned,
        encodings,
        spread,
    })
}

/// Which words of the packed keys differ among a collection of keys, and
/// whether any key is not packed.
#[derive(Debug, Clone, Copy, Default)]
struct Spread {
    first: Option<[u64; 4]>,
    /// Per word: the bits in which some key differs from `first`.
    varies: [u64; 4],
    encoded: bool,
}

impl Spread {
    fn add(&mut self, key: &Key) {
        match key {
            Key::Packed(p) => {
                let w = p.words();
                match self.first {
                    None => self.first = Some(w),
                    Some(f) => (0..4).for_each(|i| self.varies[i] |= w[i] ^ f[i]),
                }
            }
            Key::Encoded(_) => self.encoded = true,
        }
    }

    fn with(&self, other: &Spread) -> Spread {
        let mut s = *self;
        s.encoded |= other.encoded;
        (0..4).for_each(|i| s.varies[i] |= other.varies[i]);
        match (self.first, other.first) {
            (Some(a), Some(b)) => (0..4).for_each(|i| s.varies[i] |= a[i] ^ b[i]),
            (None, b) => s.first = b,
            _ => {}
        }
        s
    }

    /// The two words in which the keys differ, when they differ in no more
    /// than two (the other two are the same in every key): hash:ip,
    /// hash:net, hash:ip,port... of inet, hash:ip and hash:net of inet6.
    fn telling_words(&self) -> Option<[usize; 2]> {
        if self.encoded {
            return None;
        }
        let mut words = (0..4).filter(|&i| self.varies[i] != 0);
        let (a, b) = (words.next(), words.next());
        if words.next().is_some() {
            return None;
        }
        let a = a.unwrap_or(0);
        Some([a, b.unwrap_or(if a == 0 { 1 } else { 0 })])
    }
}

/// A key stood in for by two words (or a rank), with the entry's index and
/// whether its options need a closer look. Sorting a million of these is
/// several times cheaper than sorting the entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Proxy {
    hi: u64,
    lo: u64,
    /// Index into `planned` (input order, so equal keys sort by line) or `current`.
    index: u32,
    options: bool,
}

impl Proxy {
    fn key(&self) -> (u64, u64) {
        (self.hi, self.lo)
    }
}

/// Both sides as proxies sorted by key. When two words tell all the keys
/// apart (the usual case) they are the proxies, sorted on two threads;
/// otherwise both sides are sorted by their full keys and each key's rank
/// in the union is its proxy.
fn order(planned: &[Planned], current: &[Current], spread: Spread) -> (Vec<Proxy>, Vec<Proxy>) {
    let wanted_options = |p: &Planned| p.asked.any();
    if let Some([a, b]) = spread.telling_words() {
        let proxy = |k: &Key, index: usize, options: bool| {
            let Key::Packed(p) = k else {
                unreachable!("telling_words() is None when a key is not packed")
            };
            let w = p.words();
            Proxy {
                hi: w[a],
                lo: w[b],
                index: index as u32,
                options,
            }
        };
        return std::thread::scope(|scope| {
            let c = scope.spawn(|| {
                let mut c: Vec<Proxy> = (current.iter().enumerate())
                    .map(|(i, h)| proxy(&h.key, i, h.opts.is_some()))
                    .collect();
                c.sort_unstable();
                c
            });
            let mut p: Vec<Proxy> = (planned.iter().enumerate())
                .map(|(i, w)| proxy(&w.key, i, wanted_options(w)))
                .collect();
            p.sort_unstable();
            (p, c.join().expect("sorting does not panic"))
        });
    }
    let mut pi: Vec<u32> = (0..planned.len() as u32).collect();
    pi.sort_unstable_by(|&x, &y| {
        let (x, y) = (&planned[x as usize], &planned[y as usize]);
        x.key.cmp(&y.key).then(x.line.cmp(&y.line))
    });
    let mut ci: Vec<u32> = (0..current.len() as u32).collect();
    ci.sort_unstable_by(|&x, &y| current[x as usize].key.cmp(&current[y as usize].key));
    let (mut p, mut c) = (Vec::with_capacity(pi.len()), Vec::with_capacity(ci.len()));
    let (mut i, mut j, mut rank) = (0, 0, 0u64);
    while i < pi.len() || j < ci.len() {
        let pk = pi.get(i).map(|&x| &planned[x as usize].key);
        let ck = ci.get(j).map(|&x| &current[x as usize].key);
        let take_p = ck.is_none_or(|ck| pk.is_some_and(|pk| pk <= ck));
        let take_c = pk.is_none_or(|pk| ck.is_some_and(|ck| ck <= pk));
        let key = if take_p { pk } else { ck };
        while take_p
            && pi
                .get(i)
                .is_some_and(|&x| Some(&planned[x as usize].key) == key)
        {
            let x = pi[i] as usize;
            let options = wanted_options(&planned[x]);
            p.push(Proxy {
                hi: rank,
                lo: 0,
                index: x as u32,
                options,
            });
            i += 1;
        }
        if take_c {
            let x = ci[j] as usize;
            let options = current[x].opts.is_some();
            c.push(Proxy {
                hi: rank,
                lo: 0,
                index: x as u32,
                options,
            });
            j += 1;
        }
        rank += 1;
    }
    (p, c)
}

/// Walk both sorted sides: mark each wanted entry missing, changed or (as it
/// starts) unchanged, and superseded when a later line has its key; collect
/// the entries to delete. Only entries with options are looked at beyond
/// their proxies.
fn compare(
    planned: &mut [Planned],
    encodings: &[Box<[u8]>],
    current: &[Current],
    p: &[Proxy],
    c: &[Proxy],
) -> (UpdateStats, Vec<Current>, Vec<Current>) {
    let no_options = EntryOptions::default();
    let mut stats = UpdateStats::default();
    let mut delete = Vec::new();
    let mut olds = Vec::new();
    let mut j = 0;
    for (i, w) in p.iter().enumerate() {
        if p.get(i + 1).is_some_and(|next| next.key() == w.key()) {
            planned[w.index as usize].state = State::Superseded;
            stats.duplicates += 1;
            continue;
        }
        while let Some(h) = c.get(j).filter(|h| h.key() < w.key()) {
            delete.push(current[h.index as usize].clone());
            j += 1;
        }
        let entry = &mut planned[w.index as usize];
        match c.get(j).filter(|h| h.key() == w.key()) {
            Some(h) => {
                j += 1;
                let same = !(w.options || h.options) || {
                    let have = current[h.index as usize].opts.as_deref();
                    // An entry that asks for options has its encoding.
                    let wanted = encodings
                        .get(entry.encoded as usize)
                        .map(|e| decode(e).opts);
                    entry.asked.satisfied(
                        wanted.as_ref().unwrap_or(&no_options),
                        have.unwrap_or(&no_options),
                    )
                };
                if same {
                    stats.unchanged += 1;
                } else {
                    entry.state = State::Changed;
                    entry.old = olds.len() as u32;
                    olds.push(current[h.index as usize].clone());
                    stats.updated += 1;
                }
            }
            None => {
                entry.state = State::Missing;
                stats.added += 1;
            }
        }
    }
    delete.extend(c[j..].iter().map(|h| current[h.index as usize].clone()));
    stats.removed = delete.len() as u64;
    (stats, delete, olds)
}

/// Which options a wanted entry names: a present entry is "changed" only
/// in what the input asks for (counters and remaining timeouts are the
/// kernel's). The values are compared exactly, from the entry's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Asked {
    named: u8,
    nomatch: bool,
}

impl Asked {
    const COMMENT: u8 = 1;
    const TIMEOUT: u8 = 2;
    const SKBMARK: u8 = 4;
    const SKBPRIO: u8 = 8;
    const SKBQUEUE: u8 = 16;

    fn of(o: &EntryOptions) -> Self {
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
        Asked {
            named,
            nomatch: o.nomatch,
        }
    }

    /// Whether the entry asks for anything (nomatch included): then it is
    /// compared with the set's entry beyond its key.
    fn any(&self) -> bool {
        self.named != 0 || self.nomatch
    }

    /// Whether the set's entry (`have`) already has what `wanted` asks for.
    fn satisfied(&self, wanted: &EntryOptions, have: &EntryOptions) -> bool {
        let asks = |bit: u8| self.named & bit != 0;
        (!asks(Self::COMMENT) || wanted.comment == have.comment)
            // Permanent (0) or expiring: the remaining seconds are the kernel's.
            && (!asks(Self::TIMEOUT)
                || wanted.timeout.map(|t| t == 0) == have.timeout.map(|t| t == 0))
            && (!asks(Self::SKBMARK) || wanted.skbmark == have.skbmark)
            && (!asks(Self::SKBPRIO) || wanted.skbprio == have.skbprio)
            && (!asks(Self::SKBQUEUE) || wanted.skbqueue == have.skbqueue)
            && wanted.nomatch == have.nomatch
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Not in the set: to add.
    Missing,
    /// In the set with other options: to re-add.
    Changed,
    Unchanged,
    /// A later line has the same key (and wins).
    Superseded,
}

/// The wanted entries, read, in input order; the encodings of those that
/// need one; how their keys differ.
struct Wanted {
    planned: Vec<Planned>,
    encodings: Vec<Box<[u8]>>,
    spread: Spread,
}

/// One wanted entry of a plan.
#[derive(Debug, Clone)]
struct Planned {
    /// The element as the kernel stores it.
    key: Key,
    line: u32,
    /// Index of the entry's own encoding in `DiffPlan::encodings` when it
    /// must be sent as written (options, a list:set position), else
    /// `NO_ENCODING`: the key says what to send.
    encoded: u32,
    asked: Asked,
    state: State,
    /// For a changed entry, its index in `DiffPlan::olds`: the set's entry
    /// as listed (to roll back to); else `NO_OLD`.
    old: u32,
}

const NO_ENCODING: u32 = u32::MAX;
const NO_OLD: u32 = u32::MAX;

/// How far applying a plan got: entries of each step the kernel got (or
/// may have got, for the batch that failed).
#[derive(Debug, Default)]
struct Sent {
    changes: usize,
    deletes: usize,
}

/// What `update_content` / `replace --diff` will change, from
/// [`Session::diff_plan`].
#[derive(Debug, Clone)]
pub struct DiffPlan {
    /// The set's header as it was when the plan was made.
    head: WiSet,
    /// In input order, one per key (the last line with it).
    planned: Vec<Planned>,
    /// Encodings of the planned entries that carry options.
    encodings: Vec<Box<[u8]>>,
    /// The set's entries to delete, as listed.
    delete: Vec<Current>,
    /// The set's entries that changed, as listed (see `Planned::old`).
    olds: Vec<Current>,
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

    /// The first of `guards` that refuses this plan's result (entries of
    /// the set after the plan against entries before it).
    pub fn check(&self, guards: &Guards) -> Result<()> {
        match guards.check(self.current, self.planned.len() as u64) {
            None => Ok(()),
            Some(refusal) => Err(Error::Refused {
                set: self.head.name.clone(),
                refusal,
            }),
        }
    }

    /// What to send to add `p`.
    fn encoded<'a>(&'a self, p: &'a Planned, scratch: &'a mut Vec<u8>) -> &'a [u8] {
        match self.encodings.get(p.encoded as usize) {
            Some(e) => e,
            None => p.key.encode(scratch),
        }
    }

    fn entry(&self, p: &Planned) -> Entry {
        match self.encodings.get(p.encoded as usize) {
            Some(e) => decode(e),
            None => p.key.entry(),
        }
    }

    /// The entries to add or re-add (indices into `planned`), in input order.
    fn changes(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.planned.len())
            .filter(|&i| self.planned[i].state != State::Unchanged)
            .collect();
        v.sort_unstable_by_key(|&i| self.planned[i].line);
        v
    }

    fn with_state(&self, s: State) -> Vec<(u32, Entry)> {
        let mut v: Vec<(u32, Entry)> = self
            .planned
            .iter()
            .filter(|p| p.state == s)
            .map(|p| (p.line, self.entry(p)))
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

    /// Entries to delete (in the set, not in the input), by address.
    pub fn to_delete(&self) -> impl Iterator<Item = Entry> + '_ {
        let mut order: Vec<&Key> = self.delete.iter().map(|c| &c.key).collect();
        order.sort_unstable_by(|a, b| a.cmp_for_people(b));
        order.into_iter().map(Key::entry)
    }
}

/// An entry the set has: its key, and its options when it has any that an
/// input line can ask for (counters alone are not kept).
#[derive(Debug, Clone)]
struct Current {
    key: Key,
    opts: Option<Box<EntryOptions>>,
}

impl Current {
    /// The entry as it was listed, encoded to be added back; its counters
    /// too when `counters` and they were kept.
    fn encode_as_listed<'a>(&'a self, scratch: &'a mut Vec<u8>, counters: bool) -> &'a [u8] {
        let Some(opts) = &self.opts else {
            return self.key.encode(scratch);
        };
        let mut e = self.key.entry();
        e.opts = (**opts).clone();
        e.opts.unknown.clear();
        if !counters {
            e.opts.packets = None;
            e.opts.bytes = None;
        }
        scratch.clear();
        e.encode(&mut AttrWriter::new(scratch));
        scratch
    }
}

/// Collects the set's content as keys.
struct CurrentSink {
    shape: Shape,
    current: Vec<Current>,
    spread: Spread,
    scratch: Vec<u8>,
}

impl AttrSink for CurrentSink {
    fn entry_attrs(&mut self, _set: &WiSet, attrs: &[EntryAttr]) -> Result<()> {
        let Some(key) = self.shape.key_of_attrs(attrs, &mut self.scratch) else {
            return Err(Error::Incomparable {
                reason: Incomparable::Listed,
                line: None,
            });
        };
        let asked = attrs.iter().any(|a| match a {
            EntryAttr::Timeout(_)
            | EntryAttr::Comment(_)
            | EntryAttr::SkbMark(_)
            | EntryAttr::SkbPrio(_)
            | EntryAttr::SkbQueue(_) => true,
            EntryAttr::CadtFlags(f) => f & cadt_flags::NOMATCH != 0,
            _ => false,
        });
        let opts = asked.then(|| Box::new(Entry::from_attrs(attrs.iter().cloned()).opts));
        self.spread.add(&key);
        self.current.push(Current { key, opts });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::set::Family;
    use crate::text::{ElemCmd, parse_element};

    fn spread_of(t: SetType, family: Family, elems: &[&str]) -> Spread {
        let set = WiSet {
            type_name: t.name().into(),
            family,
            ..WiSet::default()
        };
        let shape = Shape::of(&set).expect("known type");
        let mut spread = Spread::default();
        for e in elems {
            let entry = Entry::new(parse_element(e, t, family, ElemCmd::Add).expect(e));
            spread.add(&shape.key(&entry, &mut Vec::new()).expect(e));
        }
        spread
    }

    /// Which words tell keys apart decides how --diff sorts: by two words
    /// of the packed keys, or by full keys.
    #[test]
    fn spread_picks_the_words_that_tell_keys_apart() {
        use Family::{Inet, Inet6};
        use SetType::*;
        let v4 = spread_of(HashIp, Inet, &["10.0.0.1", "10.0.0.2", "192.168.1.1"]);
        assert_eq!(v4.telling_words(), Some([0, 1]));
        let ports = spread_of(
            HashIpPort,
            Inet,
            &["10.0.0.1,80", "10.0.0.1,udp:53", "10.0.0.2,80"],
        );
        assert_eq!(ports.telling_words(), Some([0, 1]));
        let v6 = spread_of(HashIp, Inet6, &["2001:db8::1", "2001:db9::2", "::1"]);
        assert_eq!(v6.telling_words(), Some([0, 3]));
        let v6_high = spread_of(HashIp, Inet6, &["2001:db8::1", "2001:db9::1"]);
        assert_eq!(v6_high.telling_words(), Some([3, 0]));
        let v6_ports = spread_of(HashIpPort, Inet6, &["2001:db8::1,80", "2001:db9::2,81"]);
        assert_eq!(v6_ports.telling_words(), None);
        let names = spread_of(HashNetIface, Inet, &["10.0.0.0/8,eth0", "10.0.0.0/8,eth1"]);
        assert_eq!(names.telling_words(), None);
        // Two sides that each vary in one word, but not the same one.
        let a = spread_of(HashIp, Inet6, &["2001:db8::1", "2001:db8::2"]);
        let b = spread_of(HashIp, Inet6, &["2001:db9::1", "2001:dba::1"]);
        assert_eq!(a.telling_words(), Some([0, 1]));
        assert_eq!(b.telling_words(), Some([3, 0]));
        assert_eq!(a.with(&b).telling_words(), Some([0, 3]));
        // Each side constant, the two sides not the same.
        let one = spread_of(HashIp, Inet6, &["2001:db8::1"]);
        let other = spread_of(HashIp, Inet6, &["2001:db9::2"]);
        assert_eq!(one.telling_words(), Some([0, 1]));
        assert_eq!(one.with(&other).telling_words(), Some([0, 3]));
    }
}
