//! Whole-content operations: atomic `replace` through a temp set and swap, and
//! `update_content`, which applies only the difference in place.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::netlink::IpsetCommand;

use super::error::{Error, Result};
use std::net::IpAddr;

use netlink_packet_core::NlasIterator;

use crate::netlink::{AdtBatch, AttrWriter, EntryAttr};

use super::session::{AdtWriter, BatchStats};
use super::{
    Element, Entry, EntryOptions, Family, ListDetail, ListSink, Part, Session, SetType, WiSet,
};

/// What a replace or an update did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplaceStats {
    /// Entries sent to the kernel.
    pub entries: u64,
    /// Netlink messages used for them.
    pub messages: u64,
}

/// What `update_content` changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateStats {
    pub added: u64,
    pub removed: u64,
    /// Entries whose options changed and were re-added.
    pub updated: u64,
    pub unchanged: u64,
    /// Input entries that repeated an earlier one (the later line wins).
    pub duplicates: u64,
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
        let shape = live.set_type().map(|t| Shape {
            t,
            family: live.family,
            netmask: live.options.netmask,
        });
        let filled = if let Some(shape) = shape.filter(|s| workers > 1 && s.t.is_hash()) {
            fill_parallel(&temp.name, entries, workers, shape)
        } else {
            self.insert_list(IpsetCommand::Add, &temp.name, entries, true)
        };
        let swapped = filled.and_then(|stats| self.swap(&temp.name, &live.name).map(|()| stats));
        match swapped {
            Ok(stats) => {
                self.destroy(Some(&temp.name), false)?;
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
        for set in self.load_all_ipsets(false, Some(&prefix))? {
            let Ok(pid) = set.name[prefix.len()..].parse::<u32>() else {
                continue;
            };
            if pid != std::process::id() && !process_alive(pid) {
                self.destroy(Some(&set.name), true)?;
                removed.push(set.name);
            }
        }
        Ok(removed)
    }

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
    /// keeps each wanted entry encoded (a few dozen bytes each).
    pub fn diff_plan(
        &mut self,
        set: &str,
        wanted: impl IntoIterator<Item = Result<(u32, Entry)>>,
    ) -> Result<DiffPlan> {
        let head = self.load_ipset(set, false)?.ok_or_else(no_such_set)?;
        let t = head.set_type().ok_or_else(|| {
            Error::invalid(format!(
                "set {set} has type {}, which wiset cannot compare",
                head.type_name
            ))
        })?;
        let shape = Shape {
            t,
            family: head.family,
            netmask: head.options.netmask,
        };
        let mut index: HashMap<Box<[u8]>, usize> = HashMap::new();
        let mut planned: Vec<Planned> = Vec::new();
        let mut duplicates = 0;
        for item in wanted {
            let (line, entry) = item?;
            entry.check().map_err(|e| e.at_line(line))?;
            let key = shape.key(&entry).ok_or_else(|| {
                Error::invalid(
                    "--diff compares single entries, and the kernel expands ranges and address blocks: use a full replace",
                )
                .at_line(line)
            })?;
            let p = Planned {
                line,
                encoded: encode(&entry),
                fingerprint: Fingerprint::wanted(&entry.opts),
                state: State::Missing,
            };
            match index.get(&key) {
                // A repeated entry: the later line wins, as with restore.
                Some(&i) => {
                    planned[i] = p;
                    duplicates += 1;
                }
                None => {
                    index.insert(key, planned.len());
                    planned.push(p);
                }
            }
        }
        let mut sink = DiffSink {
            shape,
            index: &index,
            planned: &mut planned,
            delete: Vec::new(),
            current: 0,
        };
        self.list(Some(set), ListDetail::Full, false, &mut sink)?;
        let (delete, current) = (sink.delete, sink.current);
        Ok(DiffPlan {
            head,
            planned,
            delete,
            current,
            duplicates,
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
        let changes: Vec<&Planned> = plan
            .planned
            .iter()
            .filter(|p| p.state != State::Unchanged)
            .collect();
        if !changes.is_empty() {
            self.try_in_scratch_set(&plan.head, &changes)?;
        }
        let deletes_first = maxelem.is_some_and(|m| plan.current + missing > m);
        if deletes_first {
            self.delete_encoded(set, &plan.delete)?;
        }
        let mut adds = AdtWriter::new(IpsetCommand::Add, set, true);
        for p in &changes {
            adds.push_encoded(self, p.line, &p.encoded)?;
        }
        adds.finish(self)?;
        if !deletes_first {
            self.delete_encoded(set, &plan.delete)?;
        }
        Ok(())
    }

    fn delete_encoded(&mut self, set: &str, entries: &[Box<[u8]>]) -> Result<()> {
        let mut dels = AdtWriter::new(IpsetCommand::Del, set, true);
        for d in entries {
            dels.push_encoded(self, 0, d)?;
        }
        dels.finish(self)?;
        Ok(())
    }

    /// Add `changes` to a scratch copy of `head` (same type, family and
    /// options, empty), to learn whether the kernel takes them all.
    fn try_in_scratch_set(&mut self, head: &WiSet, changes: &[&Planned]) -> Result<()> {
        self.remove_stale_temp_sets(&head.name)?;
        let mut scratch = head.clone();
        scratch.name = temp_name(&head.name);
        scratch.options.initval = None;
        scratch.content = None;
        if let Some(h) = scratch.options.hashsize {
            scratch.options.hashsize = Some(h.min(hashsize_for(changes.len() as u64)));
        }
        self.create(&scratch, false)?;
        let mut w = AdtWriter::new(IpsetCommand::Add, &scratch.name, true);
        let tried = changes
            .iter()
            .try_for_each(|p| w.push_encoded(self, p.line, &p.encoded))
            .and_then(|()| w.finish(self).map(drop));
        let removed = self.destroy(Some(&scratch.name), true);
        tried?;
        removed
    }
}

fn no_such_set() -> Error {
    Error::Kernel {
        errno: libc::ENOENT,
        command: IpsetCommand::List,
        line: None,
        message: "The set with the given name does not exist".into(),
    }
}

fn encode(entry: &Entry) -> Box<[u8]> {
    let mut buf = Vec::with_capacity(48);
    entry.encode(&mut AttrWriter::new(&mut buf));
    buf.into_boxed_slice()
}

/// What a set's type and header say about how the kernel stores an element.
#[derive(Debug, Clone, Copy)]
struct Shape {
    t: SetType,
    family: Family,
    netmask: Option<u8>,
}

impl Shape {
    /// The element as the kernel stores and lists it, encoded: host prefixes
    /// made explicit, addresses masked to their prefix (or the set's netmask).
    /// None for ranges, which the kernel expands into several entries.
    fn key(&self, entry: &Entry) -> Option<Box<[u8]>> {
        self.canonical(entry).map(|e| encode(&Entry::new(e)))
    }

    /// The element as the kernel stores it (see [`Shape::key`]).
    fn canonical(&self, entry: &Entry) -> Option<Element> {
        let mut e = entry.elem.clone();
        if e.ip_to.is_some() || e.port_to.is_some() || e.ip2_to.is_some() {
            return None;
        }
        e.reference = None;
        let host = self.family.host_cidr();
        let parts = self.t.parts();
        if parts.first() == Some(&Part::Net) {
            let c = e.cidr.unwrap_or(host);
            e.cidr = Some(c);
            e.ip = e.ip.map(|ip| mask(ip, c));
        } else if e.cidr.is_some() {
            // IP/CIDR on an address part is a range of addresses.
            return None;
        } else if let Some(n) = self.netmask {
            e.ip = e.ip.map(|ip| mask(ip, n));
        }
        if parts.contains(&Part::Net2) {
            let c = e.cidr2.unwrap_or(host);
            e.cidr2 = Some(c);
            e.ip2 = e.ip2.map(|ip| mask(ip, c));
        }
        Some(e)
    }
}

fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(a) => {
            let m = u32::MAX
                .checked_shl(32 - u32::from(prefix.min(32)))
                .unwrap_or(0);
            IpAddr::V4((u32::from(a) & m).into())
        }
        IpAddr::V6(a) => {
            let m = u128::MAX
                .checked_shl(128 - u32::from(prefix.min(128)))
                .unwrap_or(0);
            IpAddr::V6((u128::from(a) & m).into())
        }
    }
}

/// The options a wanted entry names, and their values, hashed: a present
/// entry is "changed" only in what the input asks for (counters and
/// remaining timeouts are the kernel's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    named: u8,
    hash: u64,
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
        let mut h = FxHasher(0);
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
            hash: h.finish(),
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
    line: u32,
    encoded: Box<[u8]>,
    fingerprint: Fingerprint,
    state: State,
}

/// What `update_content` / `replace --diff` will change, from
/// [`Session::diff_plan`].
#[derive(Debug, Clone)]
pub struct DiffPlan {
    /// The set's header as it was when the plan was made.
    head: WiSet,
    planned: Vec<Planned>,
    delete: Vec<Box<[u8]>>,
    /// Entries the set had.
    current: u64,
    duplicates: u64,
}

impl DiffPlan {
    pub fn stats(&self) -> UpdateStats {
        let count = |s: State| self.planned.iter().filter(|p| p.state == s).count() as u64;
        UpdateStats {
            added: count(State::Missing),
            updated: count(State::Changed),
            unchanged: count(State::Unchanged),
            removed: self.delete.len() as u64,
            duplicates: self.duplicates,
        }
    }

    /// The set the plan is for.
    pub fn set(&self) -> &str {
        &self.head.name
    }

    /// Entries to add (missing), with their input lines.
    pub fn to_add(&self) -> impl Iterator<Item = (u32, Entry)> + '_ {
        self.planned
            .iter()
            .filter(|p| p.state == State::Missing)
            .map(|p| (p.line, decode(&p.encoded)))
    }

    /// Entries to re-add (present with other options), with their input lines.
    pub fn to_update(&self) -> impl Iterator<Item = (u32, Entry)> + '_ {
        self.planned
            .iter()
            .filter(|p| p.state == State::Changed)
            .map(|p| (p.line, decode(&p.encoded)))
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

/// Streams the set's content against the plan's index.
struct DiffSink<'a> {
    shape: Shape,
    index: &'a HashMap<Box<[u8]>, usize>,
    planned: &'a mut Vec<Planned>,
    delete: Vec<Box<[u8]>>,
    current: u64,
}

impl ListSink for DiffSink<'_> {
    fn set_begin(&mut self, _set: &WiSet) -> Result<()> {
        Ok(())
    }
    fn entries(&mut self, _set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        for e in entries.iter() {
            self.current += 1;
            let Some(key) = self.shape.key(e) else {
                continue;
            };
            match self.index.get(&key) {
                Some(&i) => {
                    let p = &mut self.planned[i];
                    p.state = if Fingerprint::of(p.fingerprint.named, &e.opts) == p.fingerprint {
                        State::Unchanged
                    } else {
                        State::Changed
                    };
                }
                None => self.delete.push(key),
            }
        }
        Ok(())
    }
    fn set_end(&mut self, _set: &WiSet) -> Result<()> {
        Ok(())
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
    let mut h = FxHasher(0);
    match shape.canonical(entry) {
        Some(elem) => elem.hash(&mut h),
        // Ranges expand in the kernel; spread them by their own text.
        None => entry.elem.hash(&mut h),
    }
    (h.finish() % workers as u64) as usize
}

/// A small multiply-rotate hasher: spreading entries over inserters needs no
/// DoS resistance, and SipHash was a tenth of replace's CPU time.
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Fill `temp` from `entries` with `workers` inserter threads. The calling
/// thread reads and encodes; each worker sends its batches on its own socket.
/// The first error (an input line or a kernel error) stops everything; when
/// several happen, the one with the lowest line is reported.
fn fill_parallel(
    temp: &str,
    entries: impl IntoIterator<Item = Result<(u32, Entry)>>,
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
                    s.send_batch(IpsetCommand::Add, temp, &mut batch, true, &mut stats)?;
                }
                Ok(stats)
            }));
        }
        let mut batches: Vec<AdtBatch> = (0..workers).map(|_| AdtBatch::default()).collect();
        let mut input_error = None;
        'read: for item in entries {
            let (line, entry) = match item
                .and_then(|(l, e)| e.check().map(|()| (l, e)).map_err(|err| err.at_line(l)))
            {
                Ok(x) => x,
                Err(e) => {
                    input_error = Some(e);
                    break;
                }
            };
            let k = worker_of(&shape, &entry, workers);
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
            match h.join().expect("inserter thread panicked") {
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
fn hashsize_for(n: u64) -> u32 {
    (n / 2).clamp(64, 1 << 30).next_power_of_two() as u32
}

/// Inserter threads to use: one per CPU, at most 4.
fn default_workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
}
