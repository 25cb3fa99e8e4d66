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

use std::cmp::Ordering::{self, Equal, Less};
use std::sync::mpsc;

use crate::netlink::{AttrWriter, EntryAttr, cadt_flags};

use super::bulk::{AdtOp, AdtWriter};
use super::canonical::{Key, Shape, decode};
use super::entry::Numbered;
use super::error::{Error, Incomparable, Result};
use super::guard::{Guards, Refusal};
use super::keys::{Keys, Packer, Proxy};
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
    ///
    /// The set is listed on a socket and thread of its own while this
    /// thread reads `wanted` and sorts it; the listing comes back in
    /// chunks, each matched against the sorted input as it comes, so what
    /// is left when the listing ends is its last chunk. The input is held
    /// as keys in columns (only the words in which keys differ) and sorted
    /// as proxies (the bits in which they differ, and a position): a million
    /// IPv4 addresses take about 21 MB, options, where entries have them,
    /// besides. Of the set, only chunks not yet matched and the entries to
    /// delete or change are held.
    pub fn diff_plan(&mut self, head: WiSet, wanted: impl EntrySource) -> Result<DiffPlan> {
        let shape = Shape::of(&head).ok_or_else(|| Error::Incomparable {
            reason: Incomparable::SetType {
                set: head.name.clone(),
                type_name: head.type_name.clone(),
            },
            line: None,
        })?;
        let expected = head.entries.unwrap_or(0) as usize;
        let set = head.name.as_str();
        let mut s = self.open_like()?;
        let (to_match, chunks) = mpsc::channel();
        let (matched, listed) = std::thread::scope(|scope| {
            let lister = scope.spawn(move || -> Result<()> {
                let mut sink = ListedSink {
                    shape,
                    chunk: Listed::new(),
                    to_match,
                    scratch: Vec::with_capacity(64),
                };
                s.list_into(Some(set), ListDetail::Full, false, Target::Attrs(&mut sink))?;
                sink.send()
            });
            let matched = match read_wanted(shape, wanted, expected) {
                Ok(wanted) => {
                    let mut m = Matcher::new(wanted);
                    chunks.iter().for_each(|chunk| m.take(&chunk));
                    Ok(m)
                }
                Err(e) => {
                    // That stops the listing: its next chunk has nowhere
                    // to go.
                    drop(chunks);
                    Err(e)
                }
            };
            let listed = lister
                .join()
                .unwrap_or_else(|_| Err(Error::Internal("listing the set failed")));
            (matched, listed)
        });
        let matched = matched?;
        listed?;
        Ok(matched.into_plan(head))
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
        let wanted = plan.wanted_entries();
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
            let entries = plan
                .kept()
                .map(|at| (plan.wanted.lines[at], plan.entry(at)));
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
            for &at in sent_changes {
                if plan.state[at] == State::Missing {
                    plan.wanted.keys.get(at).encode_into(&mut scratch);
                    dels.push_encoded(self, plan.wanted.lines[at], &scratch)?;
                }
            }
            dels.finish(self)?;
            let mut adds = AdtWriter::new(AdtOp::Add, set, Exist::Ignore);
            for c in &plan.delete[..sent.deletes.min(plan.delete.len())] {
                adds.push_encoded(self, 0, c.encode_as_listed(&mut scratch, true))?;
            }
            for &at in sent_changes {
                if let Some(old) = plan.old(at) {
                    // The counters of a changed entry were kept by the kernel.
                    let line = plan.wanted.lines[at];
                    adds.push_encoded(self, line, old.encode_as_listed(&mut scratch, false))?;
                }
            }
            adds.finish(self).map(drop)
        })();
        self.set_cancel(cancel);
        undone
    }

    /// Add the wanted entries `changes` (positions, in input order) to `set`;
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
        for &at in changes {
            let line = plan.wanted.lines[at];
            let r = adds.push_encoded(self, line, plan.encoded(at, &mut scratch));
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
    let mut w = Wanted {
        keys: Keys::new(expected),
        lines: Vec::with_capacity(expected),
        extras: Vec::new(),
    };
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
        let at = u32::try_from(w.keys.len())
            .ok()
            .filter(|&at| at < MAX_ENTRIES)
            .ok_or(Error::Incomparable {
                reason: Incomparable::TooMany,
                line: Some(line),
            })?;
        // A bare entry is added as its key says. An entry with options, or
        // one with more than the key's element (a list:set position), keeps
        // its own encoding.
        let bare = entry.opts == no_options;
        if !(bare && matches!(key, Key::Packed(_))) {
            encoding.clear();
            entry.encode(&mut AttrWriter::new(&mut encoding));
            if !matches!(&key, Key::Encoded(k) if bare && encoding[..] == k[..]) {
                w.extras.push(Extra {
                    at,
                    asked: Asked::of(&entry.opts),
                    encoding: encoding[..].into(),
                });
            }
        }
        w.keys.push(key);
        w.lines.push(line);
    }
    Ok(w)
}

/// The wanted entries, in input order, and what those that carry more than
/// their key carry.
#[derive(Debug, Clone)]
struct Wanted {
    keys: Keys,
    lines: Vec<u32>,
    /// By position, ascending.
    extras: Vec<Extra>,
}

impl Wanted {
    fn extra(&self, at: usize) -> Option<&Extra> {
        (self.extras.binary_search_by_key(&at, |e| e.at as usize))
            .ok()
            .map(|i| &self.extras[i])
    }
}

/// A wanted entry's own encoding (options, a list:set position) and which
/// options it names.
#[derive(Debug, Clone)]
struct Extra {
    at: u32,
    asked: Asked,
    encoding: Box<[u8]>,
}

/// Entries listed from the set, a chunk of them: their keys, and the
/// options of those that have any an input line can ask for (counters
/// alone are not kept).
struct Listed {
    keys: Keys,
    /// (position in `keys`, options), ascending.
    opts: Vec<(u32, Box<EntryOptions>)>,
}

impl Listed {
    /// Entries per chunk: many enough that sending and sorting a chunk
    /// costs little per entry, few enough that the last one, matched after
    /// the listing ends, is quickly done.
    const SIZE: usize = 32 * 1024;

    fn new() -> Listed {
        Listed {
            keys: Keys::new(Self::SIZE),
            opts: Vec::new(),
        }
    }

    /// Where the options of the entry at `at` are in `opts`.
    fn opts_of(&self, at: usize) -> Option<usize> {
        (self.opts.binary_search_by_key(&at, |(a, _)| *a as usize)).ok()
    }

    fn has_opts(&self, at: usize) -> bool {
        self.opts_of(at).is_some()
    }

    /// The entry at `at` of the chunk, with its options when `has_opts`.
    fn current(&self, at: usize, has_opts: bool) -> Current {
        let opts = (has_opts.then(|| self.opts_of(at)).flatten()).map(|i| self.opts[i].1.clone());
        Current {
            key: self.keys.get(at),
            opts,
        }
    }
}

/// Keys the set's listing and sends it on, a chunk at a time, to be matched.
struct ListedSink {
    shape: Shape,
    chunk: Listed,
    to_match: mpsc::Sender<Listed>,
    scratch: Vec<u8>,
}

impl ListedSink {
    fn send(&mut self) -> Result<()> {
        let chunk = std::mem::replace(&mut self.chunk, Listed::new());
        (self.to_match.send(chunk)).map_err(|_| Error::Internal("the input was refused"))
    }
}

impl AttrSink for ListedSink {
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
        if asked {
            let opts = Entry::from_attrs(attrs.iter().cloned()).opts;
            (self.chunk.opts).push((self.chunk.keys.len() as u32, Box::new(opts)));
        }
        self.chunk.keys.push(key);
        if self.chunk.keys.len() == Listed::SIZE {
            self.send()?;
        }
        Ok(())
    }
}

/// Entries of the input at most: a position and a flag share a proxy's tag.
const MAX_ENTRIES: u32 = 1 << 31;

/// A proxy's tag: the entry's position (in the input, or in a chunk of
/// the listing), and whether its options need a closer look than its key.
fn tag(at: usize, options: bool) -> u32 {
    ((at as u32) << 1) | u32::from(options)
}

fn untag(tag: u32) -> (usize, bool) {
    ((tag >> 1) as usize, tag & 1 != 0)
}

/// The wanted entries sorted by key, one per key (the last line with it),
/// as their keys allow: proxies of 8 or 16 bytes when the keys differ in
/// few enough bits (with the packer that made them), else whole keys.
enum Order {
    Narrow(Packer, Vec<u64>),
    Wide(Packer, Vec<u128>),
    Whole(Vec<(Key, u32)>),
}

/// Matches the set's entries, a chunk at a time, against the wanted ones:
/// each wanted entry ends missing, changed or unchanged (or superseded by
/// a later line with its key); a listed entry no wanted one has is to
/// delete. Only entries with options are looked at beyond their keys.
struct Matcher {
    wanted: Wanted,
    order: Order,
    outcome: Outcome,
}

/// What matching has found so far.
struct Outcome {
    /// Per wanted entry; `Missing` until a listed entry has its key.
    state: Vec<State>,
    delete: Vec<Current>,
    olds: Vec<(u32, Current)>,
    listed: u64,
    stats: UpdateStats,
}

impl Matcher {
    fn new(wanted: Wanted) -> Matcher {
        let n = wanted.keys.len();
        let mut extras = wanted.extras.iter().peekable();
        let mut options =
            |at: usize| (extras.next_if(|e| e.at as usize == at)).is_some_and(|e| e.asked.any());
        let mut outcome = Outcome {
            state: vec![State::Missing; n],
            delete: Vec::new(),
            olds: Vec::new(),
            listed: 0,
            stats: UpdateStats::default(),
        };
        let order = match wanted.keys.packer() {
            Some(p) if p.bits <= u64::KEY_BITS => {
                Order::Narrow(p, outcome.sorted_proxies(&wanted.keys, &p, &mut options))
            }
            Some(p) if p.bits <= u128::KEY_BITS => {
                Order::Wide(p, outcome.sorted_proxies(&wanted.keys, &p, &mut options))
            }
            _ => {
                let mut v: Vec<(Key, u32)> = (0..n)
                    .map(|at| (wanted.keys.get(at), tag(at, options(at))))
                    .collect();
                v.sort_unstable();
                Order::Whole(outcome.one_per_key(v, |a, b| a.0 == b.0, |p| p.1))
            }
        };
        Matcher {
            wanted,
            order,
            outcome,
        }
    }

    /// Match a chunk of the listing.
    fn take(&mut self, chunk: &Listed) {
        let o = &mut self.outcome;
        o.listed += chunk.keys.len() as u64;
        let mut options = |at: usize| chunk.has_opts(at);
        match &self.order {
            Order::Narrow(p, w) => o.walk_proxies(&self.wanted, chunk, p, w, &mut options),
            Order::Wide(p, w) => o.walk_proxies(&self.wanted, chunk, p, w, &mut options),
            Order::Whole(w) => {
                let mut c: Vec<(Key, u32)> = (0..chunk.keys.len())
                    .map(|at| (chunk.keys.get(at), tag(at, options(at))))
                    .collect();
                c.sort_unstable();
                o.walk(&self.wanted, chunk, w, &c, |a, b| a.0.cmp(&b.0), |p| p.1);
            }
        }
    }

    fn into_plan(self, head: WiSet) -> DiffPlan {
        let mut o = self.outcome;
        o.stats.added = o.state.iter().filter(|&&s| s == State::Missing).count() as u64;
        o.stats.removed = o.delete.len() as u64;
        o.olds.sort_unstable_by_key(|(at, _)| *at);
        DiffPlan {
            head,
            wanted: self.wanted,
            state: o.state,
            delete: o.delete,
            olds: o.olds,
            current: o.listed,
            stats: o.stats,
        }
    }
}

impl Outcome {
    /// The wanted keys' proxies, sorted, one per key.
    fn sorted_proxies<P: Proxy>(
        &mut self,
        keys: &Keys,
        packer: &Packer,
        options: &mut impl FnMut(usize) -> bool,
    ) -> Vec<P> {
        let v = proxies(keys, packer, options);
        self.one_per_key(v, |a, b| a.key() == b.key(), Proxy::tag)
    }

    /// Match a chunk against wanted proxies `w`, the chunk packed by the
    /// packer that made them.
    fn walk_proxies<P: Proxy>(
        &mut self,
        wanted: &Wanted,
        chunk: &Listed,
        packer: &Packer,
        w: &[P],
        options: &mut impl FnMut(usize) -> bool,
    ) {
        let c: Vec<P> = chunk_proxies(chunk, packer, options, self);
        self.walk(
            wanted,
            chunk,
            w,
            &c,
            |a, b| a.key().cmp(&b.key()),
            Proxy::tag,
        );
    }

    /// Of sorted wanted entries, keep the last of each run with one key
    /// (the input's last line with it); mark the others superseded.
    fn one_per_key<T>(
        &mut self,
        mut v: Vec<T>,
        same: impl Fn(&T, &T) -> bool,
        tag: impl Fn(&T) -> u32,
    ) -> Vec<T> {
        for pair in v.windows(2) {
            if same(&pair[0], &pair[1]) {
                self.state[untag(tag(&pair[0])).0] = State::Superseded;
                self.stats.duplicates += 1;
            }
        }
        if self.stats.duplicates > 0 {
            v.retain(|x| self.state[untag(tag(x)).0] != State::Superseded);
        }
        v
    }

    /// Match a sorted chunk `c` of the listing against the sorted wanted
    /// entries `w` (one per key): galloping through `w` from key to key.
    fn walk<T>(
        &mut self,
        wanted: &Wanted,
        chunk: &Listed,
        w: &[T],
        c: &[T],
        cmp: impl Fn(&T, &T) -> Ordering,
        tag: impl Fn(&T) -> u32,
    ) {
        let no_options = EntryOptions::default();
        let mut j = 0;
        for h in c {
            j = gallop(w, j, |x| cmp(x, h) == Less);
            let (cat, has) = untag(tag(h));
            let found = w
                .get(j)
                .filter(|x| cmp(x, h) == Equal)
                .map(|x| untag(tag(x)));
            let Some((at, asks)) = found.filter(|&(at, _)| self.state[at] == State::Missing) else {
                self.delete.push(chunk.current(cat, has));
                continue;
            };
            let current = (asks || has).then(|| chunk.current(cat, has));
            let same = current.as_ref().is_none_or(|current| {
                let extra = wanted.extra(at);
                // An entry that asks for options has its encoding.
                let want = extra.map(|e| decode(&e.encoding).opts);
                extra.map_or(Asked::NOTHING, |e| e.asked).satisfied(
                    want.as_ref().unwrap_or(&no_options),
                    current.opts.as_deref().unwrap_or(&no_options),
                )
            });
            if same {
                self.state[at] = State::Unchanged;
                self.stats.unchanged += 1;
            } else {
                self.state[at] = State::Changed;
                let old = current.expect("options differ only when looked at");
                self.olds.push((at as u32, old));
                self.stats.updated += 1;
            }
        }
    }
}

/// The first position at or after `from` of sorted `v` where `less` no
/// longer holds: steps of 1, 2, 4, ... and then a binary search.
fn gallop<T>(v: &[T], from: usize, less: impl Fn(&T) -> bool) -> usize {
    let (mut lo, mut hi, mut step) = (from, from, 1);
    while hi < v.len() && less(&v[hi]) {
        lo = hi + 1;
        hi = from + step;
        step *= 2;
    }
    let hi = hi.min(v.len());
    lo + v[lo..hi].partition_point(less)
}

/// The wanted keys' proxies, sorted.
fn proxies<P: Proxy>(
    keys: &Keys,
    packer: &Packer,
    options: &mut impl FnMut(usize) -> bool,
) -> Vec<P> {
    let mut v: Vec<P> = Vec::with_capacity(keys.len());
    keys.pack_each(packer, |at, key| {
        let key = key.expect("the packer is the keys' own");
        v.push(P::new(key, tag(at, options(at))));
    });
    v.sort_unstable();
    v
}

/// A chunk's proxies, sorted; its keys outside the packer's domain, which
/// no wanted key has, are to delete.
fn chunk_proxies<P: Proxy>(
    chunk: &Listed,
    packer: &Packer,
    options: &mut impl FnMut(usize) -> bool,
    o: &mut Outcome,
) -> Vec<P> {
    let mut v: Vec<P> = Vec::with_capacity(chunk.keys.len());
    chunk.keys.pack_each(packer, |at, key| match key {
        Some(key) => v.push(P::new(key, tag(at, options(at)))),
        None => o.delete.push(chunk.current(at, options(at))),
    });
    v.sort_unstable();
    v
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
    const NOTHING: Asked = Asked {
        named: 0,
        nomatch: false,
    };

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
    /// The input's entries, in input order (superseded lines too).
    wanted: Wanted,
    /// Per wanted entry.
    state: Vec<State>,
    /// The set's entries to delete, as listed.
    delete: Vec<Current>,
    /// The set's entries that changed, as listed, by the position of the
    /// wanted entry that changes them (ascending).
    olds: Vec<(u32, Current)>,
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
        match guards.check(self.current, self.wanted_entries()) {
            None => Ok(()),
            Some(refusal) => Err(Error::Refused {
                set: self.head.name.clone(),
                refusal,
            }),
        }
    }

    /// Entries of the set once the plan is applied: one per key wanted.
    fn wanted_entries(&self) -> u64 {
        self.state.len() as u64 - self.stats.duplicates
    }

    /// The wanted entries' positions, in input order, without the lines a
    /// later line superseded.
    fn kept(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.state.len()).filter(|&at| self.state[at] != State::Superseded)
    }

    /// What to send to add the wanted entry at `at`.
    fn encoded<'a>(&'a self, at: usize, scratch: &'a mut Vec<u8>) -> &'a [u8] {
        match self.wanted.extra(at) {
            Some(e) => &e.encoding,
            None => {
                self.wanted.keys.get(at).encode_into(scratch);
                scratch
            }
        }
    }

    fn entry(&self, at: usize) -> Entry {
        match self.wanted.extra(at) {
            Some(e) => decode(&e.encoding),
            None => self.wanted.keys.get(at).entry(),
        }
    }

    /// The set's entry as it was before the plan changed it.
    fn old(&self, at: usize) -> Option<&Current> {
        (self.olds.binary_search_by_key(&at, |(a, _)| *a as usize))
            .ok()
            .map(|i| &self.olds[i].1)
    }

    /// The entries to add or re-add (positions), in input order.
    fn changes(&self) -> Vec<usize> {
        (0..self.state.len())
            .filter(|&at| matches!(self.state[at], State::Missing | State::Changed))
            .collect()
    }

    fn with_state(&self, s: State) -> Vec<(u32, Entry)> {
        (0..self.state.len())
            .filter(|&at| self.state[at] == s)
            .map(|at| (self.wanted.lines[at], self.entry(at)))
            .collect()
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
