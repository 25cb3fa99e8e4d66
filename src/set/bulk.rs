//! Many entries at once: ADD/DEL batched into as few messages as the
//! protocol allows, and TEST pipelined.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use crate::netlink::{AdtBatch, AttrWriter, IpsetAttr, IpsetCommand, SocketError, ipset_errno};

use super::entry::Numbered;
use super::error::{Error, Result};
use super::session::{Exist, Session, flags_for};
use super::{Element, Entry, EntrySource};

/// What a batch does to its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdtOp {
    /// Add entries (IPSET_CMD_ADD).
    Add,
    /// Delete entries (IPSET_CMD_DEL).
    Del,
}

impl AdtOp {
    fn command(self) -> IpsetCommand {
        match self {
            AdtOp::Add => IpsetCommand::Add,
            AdtOp::Del => IpsetCommand::Del,
        }
    }
}

/// Counts of a batched insert/delete.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// Entries sent.
    pub entries: u64,
    /// Messages sent.
    pub messages: u64,
}

/// Streams ADD or DEL entries for one set into batched messages.
/// Not tied to a borrow of the session, so callers can interleave other
/// requests (restore does) between pushes.
#[derive(Debug)]
pub struct AdtWriter {
    op: AdtOp,
    set: String,
    exist: bool,
    batch: AdtBatch,
    stats: BatchStats,
}

impl AdtWriter {
    /// A writer for `op` on `set`; `exist` is ipset's `-exist` (re-adding
    /// refreshes, deleting a missing entry is not an error).
    pub fn new(op: AdtOp, set: &str, exist: Exist) -> Self {
        AdtWriter {
            op,
            set: set.into(),
            exist: exist.ignore(),
            batch: AdtBatch::default(),
            stats: BatchStats::default(),
        }
    }

    /// The command and set this writer batches for.
    pub fn target(&self) -> (AdtOp, &str) {
        (self.op, &self.set)
    }

    /// Queue one entry; sends the batch first when the entry does not fit.
    pub fn push(&mut self, s: &mut Session, line: u32, entry: &Entry) -> Result<()> {
        entry.check().map_err(|e| e.at_line(line))?;
        self.queue(line, |w| entry.encode(w), |me| me.flush(s))
    }

    /// Queue an entry that is already encoded (by [`Entry::encode`]).
    pub fn push_encoded(&mut self, s: &mut Session, line: u32, encoded: &[u8]) -> Result<()> {
        self.queue(line, |w| w.extend(encoded), |me| me.flush(s))
    }

    /// Queue what `write` writes; when it does not fit, `full` takes the
    /// batch away first (sends or hands it on).
    fn queue(
        &mut self,
        line: u32,
        write: impl Fn(&mut AttrWriter<'_>),
        full: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<()> {
        if !self.batch.push(line, &write) {
            full(self)?;
            let fits = self.batch.push(line, &write);
            debug_assert!(fits, "an entry always fits an empty batch");
        }
        Ok(())
    }

    /// Send what is queued.
    pub fn flush(&mut self, s: &mut Session) -> Result<()> {
        s.send_batch(
            self.op,
            &self.set,
            &mut self.batch,
            self.exist,
            &mut self.stats,
        )
    }

    /// Entries sent so far, the batch that failed included (its entries
    /// before the failing one are in the set).
    pub fn sent(&self) -> u64 {
        self.stats.entries
    }

    /// Send what is queued and report the counts.
    pub fn finish(mut self, s: &mut Session) -> Result<BatchStats> {
        self.flush(s)?;
        Ok(self.stats)
    }

    /// [`AdtWriter::push`], a full batch handed to `pipe` to send.
    pub fn push_piped(&mut self, pipe: &mut AdtPipe, line: u32, entry: &Entry) -> Result<()> {
        entry.check().map_err(|e| e.at_line(line))?;
        if !self.batch.push(line, |w| entry.encode(w)) {
            pipe.send(
                self.op,
                &self.set,
                self.exist,
                std::mem::take(&mut self.batch),
            )?;
            let fits = self.batch.push(line, |w| entry.encode(w));
            debug_assert!(fits, "an entry always fits an empty batch");
        }
        Ok(())
    }

    /// Hand what is queued to `pipe` (without waiting for it to be sent:
    /// see [`AdtPipe::sync`]).
    pub fn finish_piped(mut self, pipe: &mut AdtPipe) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        pipe.send(
            self.op,
            &self.set,
            self.exist,
            std::mem::take(&mut self.batch),
        )
    }
}

/// ADD/DEL batches sent in order by a thread and socket of their own, so
/// that reading and encoding the next entries overlaps the kernel's work on
/// the last ones (`restore` of a large file). What the kernel ends up with
/// is what sending the same batches one after another on one socket gives:
/// the first entry it refuses stops that batch and every batch after it,
/// and that error is what [`AdtPipe::send`] (soon after) and
/// [`AdtPipe::sync`] return.
pub struct AdtPipe {
    jobs: Option<mpsc::SyncSender<Job>>,
    results: mpsc::Receiver<Result<BatchStats>>,
    /// Set by the thread when a batch is refused, until the next sync.
    failed: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

enum Job {
    Batch {
        op: AdtOp,
        set: String,
        exist: bool,
        batch: AdtBatch,
    },
    /// Report (and reset) the counts, or the first error, since the last one.
    Sync,
}

impl AdtPipe {
    /// Batches queued beyond the one being sent: enough to keep the kernel
    /// busy, few enough to hold little memory (a batch is some 64 KiB).
    const QUEUE: usize = 4;

    /// A pipe on a new socket like `like`'s (its namespace, cancel token
    /// and waits).
    pub fn open(like: &Session) -> Result<AdtPipe> {
        let mut s = like.open_like()?;
        let (jobs, queued) = mpsc::sync_channel::<Job>(Self::QUEUE);
        let (report, results) = mpsc::channel();
        let failed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&failed);
        let thread = std::thread::Builder::new()
            .name("wiset-adt".into())
            .spawn(move || {
                let mut stats = BatchStats::default();
                let mut error = None;
                for job in queued {
                    match job {
                        Job::Batch {
                            op,
                            set,
                            exist,
                            mut batch,
                        } if error.is_none() => {
                            if let Err(e) = s.send_batch(op, &set, &mut batch, exist, &mut stats) {
                                error = Some(e);
                                flag.store(true, Ordering::Release);
                            }
                        }
                        // After a refusal, nothing more is sent until the
                        // caller has heard of it.
                        Job::Batch { .. } => {}
                        Job::Sync => {
                            let r = error.take().map_or(Ok(stats), Err);
                            stats = BatchStats::default();
                            flag.store(false, Ordering::Release);
                            if report.send(r).is_err() {
                                break;
                            }
                        }
                    }
                }
            })
            .map_err(Error::Io)?;
        Ok(AdtPipe {
            jobs: Some(jobs),
            results,
            failed,
            thread: Some(thread),
        })
    }

    /// Queue a batch, to be sent after those queued before it. When an
    /// earlier batch was refused, nothing is queued and that error is
    /// returned (as from [`AdtPipe::sync`]).
    pub fn send(&mut self, op: AdtOp, set: &str, exist: bool, batch: AdtBatch) -> Result<()> {
        if self.failed.load(Ordering::Acquire) {
            return self.sync().map(drop);
        }
        let job = Job::Batch {
            op,
            set: set.into(),
            exist,
            batch,
        };
        self.queue(job)
    }

    /// Wait until everything queued has been sent: the counts since the
    /// last sync, or the first error (after which nothing was sent).
    pub fn sync(&mut self) -> Result<BatchStats> {
        self.queue(Job::Sync)?;
        (self.results.recv()).unwrap_or(Err(Error::Internal("the sending thread stopped")))
    }

    fn queue(&mut self, job: Job) -> Result<()> {
        let jobs = self.jobs.as_ref().expect("open until dropped");
        jobs.send(job)
            .map_err(|_| Error::Internal("the sending thread stopped"))
    }
}

impl Drop for AdtPipe {
    /// Batches still queued are sent before the thread ends.
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Session {
    /// Test many elements, pipelining the requests (many per system call).
    /// Returns one bool per element, in order.
    pub fn test_list<'a>(
        &mut self,
        set: &str,
        elems: impl IntoIterator<Item = &'a Element>,
    ) -> Result<Vec<bool>> {
        let mut out = Vec::new();
        let mut chunk: Vec<&Element> = Vec::with_capacity(self.test_window);
        let mut elems = elems.into_iter().peekable();
        while elems.peek().is_some() {
            chunk.clear();
            chunk.extend(elems.by_ref().take(self.test_window));
            let mut done = 0;
            while done < chunk.len() {
                let end = chunk.len().min(done + self.test_window);
                match self.test_window_of(set, &chunk[done..end]) {
                    Ok(hits) => {
                        out.extend(hits);
                        done = end;
                    }
                    // Replies were lost: the receive queue is smaller than
                    // the window needs. TEST changes nothing, so the same
                    // requests go again, fewer at a time.
                    Err(Error::Socket(SocketError::Overrun)) if self.test_window > 1 => {
                        self.test_window /= 2;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(out)
    }

    /// One pipelined run of TEST requests.
    fn test_window_of(&mut self, set: &str, elems: &[&Element]) -> Result<Vec<bool>> {
        let mut msgs = Vec::with_capacity(elems.len());
        for e in elems {
            let entry = Entry::new((*e).clone());
            let attrs = vec![IpsetAttr::SetName(set.into()), entry.to_data(None)?];
            msgs.push(self.sock.message(IpsetCommand::Test, attrs));
        }
        let results = self
            .sock
            .request_pipelined(msgs, flags_for(IpsetCommand::Test, false))
            .map_err(Error::Socket)?;
        let mut out = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(()) => out.push(true),
                Err(k) if k.errno == ipset_errno::EXIST => out.push(false),
                Err(k) => return Err(self.word(k, Some(set))),
            }
        }
        Ok(out)
    }

    /// Add or delete many entries (`op`), as many per netlink message as the
    /// protocol allows: the common path for lists of any size.
    ///
    /// `entries` is any iterator of [`Entry`], `&Entry`, [`Element`],
    /// `(line, Entry)` or `Result`s of those (an `Err` item stops the run
    /// with that error), or another [`EntrySource`]. The first error (a bad
    /// item, or an entry the kernel refuses) stops it and names the item by
    /// its line when the caller gave one, else by its position from 1.
    /// Batches are not transactional: entries before the failing one stay.
    pub fn apply(
        &mut self,
        op: AdtOp,
        set: &str,
        entries: impl EntrySource,
        exist: Exist,
    ) -> Result<BatchStats> {
        self.apply_numbered(op, set, &mut Numbered::new(entries), exist)
    }

    /// [`Session::apply`] on a source already numbered.
    pub(crate) fn apply_numbered(
        &mut self,
        op: AdtOp,
        set: &str,
        entries: &mut Numbered<impl EntrySource>,
        exist: Exist,
    ) -> Result<BatchStats> {
        let mut w = AdtWriter::new(op, set, exist);
        let mut entry = Entry::default();
        while let Some(line) = entries.next_into(&mut entry) {
            w.push(self, line?, &entry)?;
        }
        w.finish(self)
    }

    /// Send a batch as one ADD/DEL message (nothing if it is empty), counting it.
    pub(crate) fn send_batch(
        &mut self,
        op: AdtOp,
        set: &str,
        batch: &mut AdtBatch,
        exist: bool,
        stats: &mut BatchStats,
    ) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        self.check_cancel()?;
        stats.entries += batch.len() as u64;
        stats.messages += 1;
        let mut attrs = vec![IpsetAttr::SetName(set.into())];
        attrs.extend(batch.take_attrs());
        self.ack(op.command(), attrs, exist, Some(set))
    }
}
