//! Atomic `replace`: a temp set of the same type and options, filled by
//! parallel inserters, swapped in; and the cleanup of temp sets left behind.
//!
//! A replace holds the set's writer lock ([`SetLock`]) from start to end, so
//! two replaces of one set never interleave and every temp set of the set
//! that exists while it holds the lock is a dead run's. The new content is
//! checked against the set's size and the caller's [`Guards`] in the temp
//! set, with the kernel's own count, before the live set changes.

use std::hash::{Hash, Hasher};
use std::net::IpAddr;

use crate::netlink::AdtBatch;

use super::bulk::{AdtOp, AdtWriter, BatchStats};
use super::canonical::{FxHasher, Shape};
use super::entry::Numbered;
use super::error::{Error, Result};
use super::guard::{Guards, Refusal};
use super::listing::{Dump, Load};
use super::lock::SetLock;
use super::session::Exist;
use super::temp::{is_temp_of, second_temp_name};
pub use super::temp::{temp_name, temp_prefix};
use super::{Entry, EntrySource, ListDetail, ListSink, Session, WiSet};

/// What a replace did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplaceStats {
    /// Entries sent to the kernel.
    pub entries: u64,
    /// Netlink messages used for them.
    pub messages: u64,
    /// Entries the set holds now, as the kernel counts them (duplicates of
    /// the input counted once).
    pub stored: u64,
    /// The temp set holding the old content, when the kernel kept calling it
    /// busy and it could not be destroyed; the next replace of the set removes it.
    pub leftover: Option<String>,
}

impl Session {
    /// Make `live`'s content exactly `entries`, atomically: a temp set with the
    /// same type, family, revision and options (fresh initval) is filled in
    /// batches, swapped in, and the old content destroyed. Iptables rules keep
    /// referring to `live.name`. On any failure — an `Err` item from
    /// `entries`, a kernel error, a guard in `opts` — the temp set is
    /// destroyed and the live set was never touched.
    ///
    /// `entries` is any [`EntrySource`]: an iterator of entries (with or
    /// without lines, see [`Session::apply`]) or a reader that parses each
    /// line straight into the entry.
    ///
    /// The set's writer lock is taken first (waiting up to
    /// [`Waits::lock`](super::Waits)); the swap and the destroy are retried
    /// while the kernel calls a set busy (it is being listed), up to
    /// [`Waits::busy`](super::Waits). A cancelled session stops at the next
    /// batch with [`Error::Interrupted`], its temp set destroyed. The input
    /// may hold more lines than the set's maxelem as long as the kernel
    /// stores no more entries than that (duplicates); beyond it the kernel
    /// refuses the line that does not fit, unless [`ReplaceOptions::grow`].
    pub fn replace(
        &mut self,
        live: &WiSet,
        entries: impl EntrySource,
        opts: ReplaceOptions,
    ) -> Result<ReplaceStats> {
        let mut entries = Numbered::new(entries);
        let _lock = SetLock::acquire(
            &live.name,
            self.waits().lock,
            self.cancel_token(),
            self.netns(),
        )?;
        self.check_cancel()?;
        let held = u64::from(live.entries.unwrap_or(0));
        // A file known to be empty is refused before anything is made.
        if opts.expected == Some(0)
            && let Some(refusal) = opts.guards.check(held, 0)
        {
            return Err(Error::Refused {
                set: live.name.clone(),
                refusal,
            });
        }
        self.remove_stale_temp_sets(&live.name)?;
        let mut temp = temp_like(live, temp_name(&live.name), opts.expected);
        if opts.grow
            && let Some(m) = live.options.maxelem
        {
            // Room for every line; refitted to what the kernel stored.
            let lines = opts.expected.map_or(u32::MAX, clamp_u32);
            temp.options.maxelem = Some(m.max(lines));
        }
        self.create(&temp, Exist::Fail)?;
        match self.fill_and_swap(live, &mut temp, &mut entries, opts, held) {
            Ok(stats) => Ok(stats),
            Err(e) => {
                let _ = self.destroy_patiently(&temp.name);
                Err(self.or_interrupted(e))
            }
        }
    }

    /// The inside of [`Session::replace`] once `temp` exists: fill it,
    /// check it, swap it in, destroy the old content. On `Err` the caller
    /// destroys `temp` (which names the temp set that exists then).
    fn fill_and_swap(
        &mut self,
        live: &WiSet,
        temp: &mut WiSet,
        entries: &mut Numbered<impl EntrySource>,
        opts: ReplaceOptions,
        held: u64,
    ) -> Result<ReplaceStats> {
        let workers = if opts.workers == 0 {
            default_workers()
        } else {
            opts.workers
        };
        let shape = Shape::of(live);
        let filled = if let Some(shape) = shape.filter(|s| workers > 1 && s.t.is_hash()) {
            fill_parallel(self, &temp.name, entries, workers, shape)?
        } else {
            self.apply_numbered(AdtOp::Add, &temp.name, entries, Exist::Ignore)?
        };
        self.check_cancel()?;
        let stored = self.count_entries(&temp.name)?;
        let refuse = |refusal| Error::Refused {
            set: live.name.clone(),
            refusal,
        };
        // A forceadd set that is full took every add, evicting entries of
        // the input for later ones.
        if let Some(maxelem) = live.options.maxelem
            && live.options.forceadd
            && !opts.grow
            && stored >= u64::from(maxelem)
            && filled.entries > stored
        {
            return Err(refuse(Refusal::Evicted { maxelem }));
        }
        if let Some(refusal) = opts.guards.check(held, stored) {
            return Err(refuse(refusal));
        }
        if opts.grow
            && let (Some(live_max), Some(temp_max)) = (live.options.maxelem, temp.options.maxelem)
        {
            let needed = live_max.max(clamp_u32(stored));
            if temp_max > needed {
                self.refit(live, temp, needed, stored)?;
            }
        }
        self.check_cancel()?;
        self.swap_patiently(&temp.name, &live.name)?;
        // The live set is replaced; the temp set now holds the old content.
        // Should it not go now, the next replace of this set removes it.
        let leftover = self
            .destroy_patiently(&temp.name)
            .err()
            .map(|_| temp.name.clone());
        Ok(ReplaceStats {
            entries: filled.entries,
            messages: filled.messages,
            stored,
            leftover,
        })
    }

    /// `grow` gave the temp set room for every input line, and the kernel
    /// stored fewer (duplicates): copy it into a second temp set whose
    /// maxelem is what is needed, which `temp` then names.
    fn refit(&mut self, live: &WiSet, temp: &mut WiSet, maxelem: u32, stored: u64) -> Result<()> {
        let mut second = temp_like(live, second_temp_name(&live.name), Some(stored));
        second.options.maxelem = Some(maxelem);
        self.create(&second, Exist::Fail)?;
        if let Err(e) = self.copy_entries(&temp.name, &second.name, |_| {}) {
            let _ = self.destroy_patiently(&second.name);
            return Err(e);
        }
        let first = std::mem::replace(temp, second);
        self.destroy_patiently(&first.name)
    }

    /// Copy every entry of set `from` into set `to` with its options as
    /// listed: remaining timeout, counters, comment, skbinfo, nomatch —
    /// each first passed to `adapt` (for a `to` with other options). The
    /// listing streams on this session while a second one adds.
    pub(crate) fn copy_entries(
        &mut self,
        from: &str,
        to: &str,
        adapt: impl FnMut(&mut Entry),
    ) -> Result<BatchStats> {
        struct Copier<F> {
            session: Session,
            writer: AdtWriter,
            adapt: F,
        }
        impl<F: FnMut(&mut Entry)> ListSink for Copier<F> {
            fn set_begin(&mut self, _set: &WiSet) -> Result<()> {
                Ok(())
            }
            fn entries(&mut self, _set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
                for e in entries.iter_mut() {
                    (self.adapt)(e);
                    self.writer.push(&mut self.session, 0, e)?;
                }
                Ok(())
            }
            fn set_end(&mut self, _set: &WiSet) -> Result<()> {
                Ok(())
            }
        }
        let mut copier = Copier {
            session: self.open_like()?,
            writer: AdtWriter::new(AdtOp::Add, to, Exist::Fail),
            adapt,
        };
        self.list(Some(from), ListDetail::Full, Dump::List, &mut copier)?;
        let Copier {
            mut session,
            writer,
            ..
        } = copier;
        writer.finish(&mut session)
    }

    /// How many entries a set holds, as the kernel counts them.
    pub(crate) fn count_entries(&mut self, set: &str) -> Result<u64> {
        let head = self
            .load_ipset(set, Load::Header)?
            .ok_or_else(|| Error::no_such_set(set))?;
        Ok(u64::from(head.entries.unwrap_or(0)))
    }

    /// Destroy the temp sets that replaces of `target` by runs that ended
    /// left behind (after SIGKILL or power loss). Returns their names.
    ///
    /// Takes the set's writer lock (this process may hold it already):
    /// while it is held no other run can be using them.
    pub fn remove_stale_temp_sets(&mut self, target: &str) -> Result<Vec<String>> {
        let _lock = SetLock::acquire(target, self.waits().lock, self.cancel_token(), self.netns())?;
        let prefix = temp_prefix(target);
        let ours = [temp_name(target), second_temp_name(target)];
        let mut removed = Vec::new();
        for name in self.set_names()? {
            if !is_temp_of(&name, &prefix) {
                continue;
            }
            match self.destroy_patiently(&name) {
                Ok(()) => removed.push(name),
                // One still being listed may stay for the next run, unless
                // it has a name this run is about to use.
                Err(e) if ours.contains(&name) => return Err(e),
                Err(_) => {}
            }
        }
        Ok(removed)
    }
}

/// A temp set like `live` (type, family, revision, options; a fresh initval),
/// named `name`, its hash sized for `expected` entries (else the live count).
pub(super) fn temp_like(live: &WiSet, name: String, expected: Option<u64>) -> WiSet {
    let mut temp = live.clone();
    temp.name = name;
    temp.options.initval = None;
    temp.content = None;
    let expected = expected.or(live.entries.map(u64::from));
    if let (Some(n), Some(h)) = (expected, temp.options.hashsize) {
        temp.options.hashsize = Some(h.max(hashsize_for(n)));
    }
    temp
}

fn clamp_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How a replace builds its temp set, and what it must not do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplaceOptions {
    /// Inserter threads, each with its own socket: the kernel's hash types
    /// take inserts from several CPUs at once. 0: one per CPU (at most 4).
    pub workers: usize,
    /// Expected number of entries (input lines): sizes the temp set's hash
    /// table so that filling it causes no resize, and bounds `grow`.
    pub expected: Option<u64>,
    /// Let the new content exceed the set's maxelem: the temp set gets room
    /// for every input line (`expected`, else any number), and then the
    /// maxelem the stored entries need (the live set's, or their count if
    /// that is larger).
    pub grow: bool,
    /// Checks of the new content before it goes live.
    pub guards: Guards,
}

/// Which inserter an element goes to: equal elements always to the same one,
/// so when an entry appears twice the later line still wins.
/// The element is taken as the kernel stores it (`Shape::key`), so two
/// spellings of one entry (`10.0.0.1` and `10.0.0.1/32` in hash:net) meet too.
fn worker_of(shape: &Shape, entry: &Entry, workers: usize) -> usize {
    let mut h = FxHasher::default();
    // Equal stored elements have equal stored first addresses: hashing just
    // that address is enough, and cheaper than the whole element.
    if let Some(ip) = shape.canonical_ip(entry) {
        match ip {
            IpAddr::V4(a) => h.write_u32(a.into()),
            IpAddr::V6(a) => h.write_u128(a.into()),
        }
    } else {
        match shape.canonical(entry) {
            Some(elem) => elem.hash(&mut h),
            // Ranges expand in the kernel; spread them by their own text.
            None => entry.elem.hash(&mut h),
        }
    }
    (h.finish() % workers as u64) as usize
}

/// Fill `temp` from `entries` with `workers` inserter threads. The calling
/// thread reads and encodes; each worker sends its batches on its own socket.
/// The first error (an input line or a kernel error) stops everything; when
/// several happen, the one with the lowest line is reported.
fn fill_parallel(
    template: &Session,
    temp: &str,
    entries: &mut Numbered<impl EntrySource>,
    workers: usize,
    shape: Shape,
) -> Result<BatchStats> {
    use std::sync::mpsc;
    let sessions = (0..workers)
        .map(|_| template.open_like())
        .collect::<Result<Vec<Session>>>()?;
    std::thread::scope(|scope| {
        let mut senders = Vec::with_capacity(workers);
        let mut handles = Vec::with_capacity(workers);
        for mut s in sessions {
            let (tx, rx) = mpsc::sync_channel::<AdtBatch>(2);
            senders.push(tx);
            handles.push(scope.spawn(move || -> Result<BatchStats> {
                let mut stats = BatchStats::default();
                for mut batch in rx {
                    s.send_batch(AdtOp::Add, temp, &mut batch, true, &mut stats)?;
                }
                Ok(stats)
            }));
        }
        let mut batches: Vec<AdtBatch> = (0..workers).map(|_| AdtBatch::default()).collect();
        let mut input_error = None;
        // One entry, filled in place line after line: an Entry is some 300
        // bytes, and every move would copy it once more per line.
        let mut slot = Entry::default();
        'read: while let Some(item) = entries.next_into(&mut slot) {
            let line = match item {
                Ok(line) => line,
                Err(e) => {
                    input_error = Some(e);
                    break;
                }
            };
            let entry = &slot;
            if let Err(e) = entry.check() {
                input_error = Some(e.at_line(line));
                break;
            }
            let k = worker_of(&shape, entry, workers);
            if !batches[k].push(line, |w| entry.encode(w)) {
                if let Err(stop) = template.check_cancel() {
                    input_error = Some(stop);
                    break;
                }
                let full = std::mem::take(&mut batches[k]);
                if senders[k].send(full).is_err() {
                    break 'read; // the worker stopped on an error
                }
                let fits = batches[k].push(line, |w| entry.encode(w));
                debug_assert!(fits, "an entry always fits an empty batch");
            }
        }
        for (tx, batch) in senders.iter().zip(batches) {
            if input_error.is_none() && !batch.is_empty() {
                let _ = tx.send(batch);
            }
        }
        drop(senders);
        let mut total = BatchStats::default();
        let mut errors: Vec<Error> = input_error.into_iter().collect();
        for h in handles {
            match h
                .join()
                .unwrap_or_else(|_| Err(Error::Internal("an inserter thread failed")))
            {
                Ok(st) => {
                    total.entries += st.entries;
                    total.messages += st.messages;
                }
                Err(e) => errors.push(e),
            }
        }
        match errors
            .into_iter()
            .min_by_key(|e| e.line().unwrap_or(u32::MAX))
        {
            Some(e) => Err(e),
            None => Ok(total),
        }
    })
}

/// The hash size that holds `n` entries without resizing (the kernel grows a
/// table to about n/2 buckets).
pub(crate) fn hashsize_for(n: u64) -> u32 {
    (n / 2).clamp(64, 1 << 30).next_power_of_two() as u32
}

/// Inserter threads to use: one per CPU, at most 4.
fn default_workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
}
