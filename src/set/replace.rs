//! Atomic `replace`: a temp set of the same type and options, filled by
//! parallel inserters, swapped in; and the cleanup of temp sets left behind.

use std::hash::{Hash, Hasher};
use std::net::IpAddr;

use crate::netlink::AdtBatch;

use super::canonical::{FxHasher, Shape};
use super::error::{Error, Result};
use super::session::{AdtOp, BatchStats};
use super::{Entry, EntrySource, Session, WiSet};

/// What a replace or an update did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplaceStats {
    /// Entries sent to the kernel.
    pub entries: u64,
    /// Netlink messages used for them.
    pub messages: u64,
}

/// A temp set name that is ours alone and fits ipset's 31 bytes:
/// `wiset-` + a hash of the target's name + the process id. The hash is stable
/// across runs, so a later run can find the temp sets a dead run left behind.
pub fn temp_name(target: &str) -> String {
    temp_prefix(target) + &std::process::id().to_string()
}

/// The part of [`temp_name`] shared by every run replacing `target`.
pub fn temp_prefix(target: &str) -> String {
    // FNV-1a, 32 bits.
    let mut h: u32 = 0x811c_9dc5;
    for b in target.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("wiset-{h:08x}-")
}

impl Session {
    /// Make `live`'s content exactly `entries`, atomically: a temp set with the
    /// same type, family, revision and options (fresh initval) is filled in
    /// batches, swapped in, and the old content destroyed. Iptables rules keep
    /// referring to `live.name`. On any failure — an `Err` item from
    /// `entries`, a kernel error — the temp set is destroyed and the live set
    /// was never touched.
    pub fn replace(
        &mut self,
        live: &WiSet,
        entries: impl IntoIterator<Item = Result<(u32, Entry)>>,
    ) -> Result<ReplaceStats> {
        self.replace_with(live, entries, ReplaceOptions::default())
    }

    /// [`Session::replace`] with control over inserters and sizing.
    pub fn replace_with(
        &mut self,
        live: &WiSet,
        entries: impl IntoIterator<Item = Result<(u32, Entry)>>,
        opts: ReplaceOptions,
    ) -> Result<ReplaceStats> {
        self.replace_from(live, entries.into_iter(), opts)
    }

    /// [`Session::replace_with`] from an [`EntrySource`], which fills one
    /// entry in place per line.
    pub fn replace_from(
        &mut self,
        live: &WiSet,
        mut entries: impl EntrySource,
        opts: ReplaceOptions,
    ) -> Result<ReplaceStats> {
        self.remove_stale_temp_sets(&live.name)?;
        let mut temp = live.clone();
        temp.name = temp_name(&live.name);
        temp.options.initval = None;
        temp.content = None;
        if let Some(m) = opts.maxelem {
            temp.options.maxelem = Some(m);
        }
        let expected = opts.expected.or(live.entries.map(u64::from));
        if let (Some(n), Some(h)) = (expected, temp.options.hashsize) {
            temp.options.hashsize = Some(h.max(hashsize_for(n)));
        }
        self.create(&temp, false)?;
        let workers = if opts.workers == 0 {
            default_workers()
        } else {
            opts.workers
        };
        let shape = Shape::of(live);
        let filled = if let Some(shape) = shape.filter(|s| workers > 1 && s.t.is_hash()) {
            fill_parallel(&temp.name, &mut entries, workers, shape)
        } else {
            self.insert_from(AdtOp::Add, &temp.name, &mut entries, true)
        };
        let swapped = filled.and_then(|stats| self.swap(&temp.name, &live.name).map(|()| stats));
        match swapped {
            Ok(stats) => {
                // The live set is replaced; the temp set now holds the old
                // content. Should it not go now, the next replace of this set
                // removes it (remove_stale_temp_sets).
                let _ = self.destroy(Some(&temp.name), true);
                Ok(ReplaceStats {
                    entries: stats.entries,
                    messages: stats.messages,
                })
            }
            Err(e) => {
                let _ = self.destroy(Some(&temp.name), true);
                Err(e)
            }
        }
    }

    /// Destroy the temp sets that replaces of `target` by processes that no
    /// longer exist left behind (after SIGKILL or power loss). Returns their names.
    pub fn remove_stale_temp_sets(&mut self, target: &str) -> Result<Vec<String>> {
        let prefix = temp_prefix(target);
        let mut removed = Vec::new();
        for name in self.set_names()? {
            let Some(Ok(pid)) = name.strip_prefix(&prefix).map(str::parse::<u32>) else {
                continue;
            };
            if pid != std::process::id() && !process_alive(pid) {
                self.destroy(Some(&name), true)?;
                removed.push(name);
            }
        }
        Ok(removed)
    }
}

/// Whether a process with this pid exists (in our pid namespace).
fn process_alive(pid: u32) -> bool {
    // kill(pid, 0): 0 or EPERM mean it exists, ESRCH that it does not.
    let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// How a replace builds its temp set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplaceOptions {
    /// Inserter threads, each with its own socket: the kernel's hash types
    /// take inserts from several CPUs at once. 0: one per CPU (at most 4).
    pub workers: usize,
    /// Expected number of entries: sizes the temp set's hash table so that
    /// filling it causes no resize.
    pub expected: Option<u64>,
    /// maxelem of the new set, when it must grow beyond the live set's.
    pub maxelem: Option<u32>,
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
    temp: &str,
    entries: &mut impl EntrySource,
    workers: usize,
    shape: Shape,
) -> Result<BatchStats> {
    use std::sync::mpsc;
    std::thread::scope(|scope| {
        let mut senders = Vec::with_capacity(workers);
        let mut handles = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (tx, rx) = mpsc::sync_channel::<AdtBatch>(2);
            senders.push(tx);
            handles.push(scope.spawn(move || -> Result<BatchStats> {
                let mut s = Session::open()?;
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
                .unwrap_or_else(|_| Err(Error::invalid("an inserter thread failed")))
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
