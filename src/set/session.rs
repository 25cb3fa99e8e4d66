//! `Session`: one netlink socket shared by every operation of a run, and the
//! operations of pyroute2's WiSet on top of it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use netlink_packet_core::NLM_F_EXCL;

use crate::netlink::{
    AdtBatch, DumpMessage, EntryAttr, IpsetAttr, IpsetCommand, IpsetSocket, KernelError,
    SocketError, TypeFamily, ipset_errno, kernel_error_message, list_flags,
};

use super::cancel::{Cancel, pause};
use super::entry::Numbered;
use super::error::{Error, Result};
use super::{Content, Element, Entry, EntrySource, Family, SetType, WiSet};

/// How much of each set a listing asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListDetail {
    /// Header and members.
    #[default]
    Full,
    /// Header only (`-terse`).
    Header,
    /// Names only (`-name`).
    Names,
}

/// Receives a listing as it streams from the kernel: memory stays flat
/// whatever the set sizes.
pub trait ListSink {
    /// A new set begins (header filled in, `content` None).
    fn set_begin(&mut self, set: &WiSet) -> Result<()>;
    /// Some members of the current set, in kernel order. The sink may take
    /// them (`append`, `drain`); whatever it leaves is cleared afterwards, and
    /// the vector's allocation is reused for the next chunk.
    fn entries(&mut self, set: &WiSet, entries: &mut Vec<Entry>) -> Result<()>;
    /// The current set is complete.
    fn set_end(&mut self, set: &WiSet) -> Result<()>;
}

/// Takes a listing's members as the kernel's attributes, one at a time:
/// cheaper than [`Entry`] values for a sink that needs only a few fields of
/// each (`--diff` keys). Internal: the public interface is [`ListSink`].
pub(crate) trait AttrSink {
    /// One member of the listed set.
    fn entry_attrs(&mut self, set: &WiSet, attrs: &[EntryAttr]) -> Result<()>;
}

/// Where a listing goes: entries to a [`ListSink`], or attributes to an [`AttrSink`].
pub(crate) enum Target<'a> {
    Entries(&'a mut dyn ListSink),
    Attrs(&'a mut dyn AttrSink),
}

impl Target<'_> {
    fn set_begin(&mut self, set: &WiSet) -> Result<()> {
        match self {
            Target::Entries(s) => s.set_begin(set),
            Target::Attrs(_) => Ok(()),
        }
    }
    fn set_end(&mut self, set: &WiSet) -> Result<()> {
        match self {
            Target::Entries(s) => s.set_end(set),
            Target::Attrs(_) => Ok(()),
        }
    }
}

/// What a request does when the kernel finds its work already done: the set
/// or entry exists (create, add) or does not (destroy, delete). ipset's
/// `-exist`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Exist {
    /// Fail with the kernel's error (ipset's default).
    #[default]
    Fail,
    /// Succeed anyway (`-exist`): re-adding an entry refreshes its options
    /// and timeout; an identical set is fine.
    Ignore,
}

impl Exist {
    fn ignore(self) -> bool {
        self == Exist::Ignore
    }
}

/// How much of a set [`Session::load_ipset`] and [`Session::load_all_ipsets`] read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// The header: type, options, counts.
    Header,
    /// The header and every entry with its stats ([`WiSet::content`]).
    Content,
}

/// Which dump command a listing sends: the replies are the same, but the
/// kernel (and `ipset monitor`) sees which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dump {
    /// `IPSET_CMD_LIST`, as `ipset list`.
    #[default]
    List,
    /// `IPSET_CMD_SAVE`, as `ipset save`.
    Save,
}

/// The type, family and revision of an existing set (a HEADER reply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetRef {
    /// Set name.
    pub name: String,
    /// The kernel's type name.
    pub type_name: String,
    /// Address family of the set.
    pub family: Family,
    /// Revision of the set's type.
    pub revision: u8,
}

impl SetRef {
    /// The set type, if wiset knows it.
    pub fn set_type(&self) -> Option<SetType> {
        SetType::from_name(&self.type_name)
    }
}

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

/// TEST requests sent in one datagram at first; their replies must fit the
/// socket's receive queue (see `socket::SO_RCVBUF_WANTED`). Where the queue
/// is smaller (the system refused to enlarge it) and replies were lost, the
/// window halves and the requests are sent again.
const TEST_PIPELINE: usize = 256;

/// How long the operations that rebuild a set wait for others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waits {
    /// For the set's writer lock, held by another replace of the same set.
    pub lock: Duration,
    /// For a set the kernel calls busy (it is being listed) before a swap or
    /// destroy gives up.
    pub busy: Duration,
}

impl Default for Waits {
    fn default() -> Self {
        Waits {
            lock: Duration::from_secs(60),
            busy: Duration::from_secs(10),
        }
    }
}

/// One netlink socket and what the run has learnt about sets.
pub struct Session {
    sock: IpsetSocket,
    headers: HashMap<String, SetRef>,
    cancel: Option<Cancel>,
    waits: Waits,
    test_window: usize,
}

fn flags_for(cmd: IpsetCommand, exist: bool) -> u16 {
    let f = cmd.request_flags();
    if exist { f & !NLM_F_EXCL } else { f }
}

impl Session {
    /// Open a socket in the current network namespace.
    pub fn open() -> Result<Session> {
        let sock = IpsetSocket::open().map_err(|e| match e {
            SocketError::Open(io) if io.raw_os_error() == Some(libc::EPROTONOSUPPORT) => {
                Error::Unavailable("Kernel error received: ip_set is not available in this kernel (netfilter netlink is missing)".into())
            }
            SocketError::Kernel(k) => kernel_err(k, TypeFamily::Unknown),
            other => Error::Socket(other),
        })?;
        Ok(Session {
            sock,
            headers: HashMap::new(),
            cancel: None,
            waits: Waits::default(),
            test_window: TEST_PIPELINE,
        })
    }

    /// Another session (socket) with this one's cancel token and waits: for
    /// the threads of one operation.
    pub(crate) fn open_like(&self) -> Result<Session> {
        let mut s = Session::open()?;
        s.cancel = self.cancel.clone();
        s.waits = self.waits;
        Ok(s)
    }

    /// Let `cancel` stop this session's long operations (replace, `--diff`,
    /// waits for a lock or a busy set): they undo what they changed and
    /// return [`Error::Interrupted`].
    pub fn set_cancel(&mut self, cancel: Option<Cancel>) {
        self.cancel = cancel;
    }

    /// The token set by [`Session::set_cancel`].
    pub fn cancel_token(&self) -> Option<&Cancel> {
        self.cancel.as_ref()
    }

    /// How long operations wait for another writer's lock and for a busy set.
    pub fn set_waits(&mut self, waits: Waits) {
        self.waits = waits;
    }

    /// The waits set by [`Session::set_waits`] (60 s for a lock, 10 s for a busy set by default).
    pub fn waits(&self) -> Waits {
        self.waits
    }

    /// Ask for a kernel-side receive queue of `bytes` (the kernel doubles
    /// it): for systems that cap it, and for testing how wiset copes.
    pub fn set_receive_buffer(&mut self, bytes: usize) -> Result<()> {
        self.sock.set_receive_buffer(bytes).map_err(Error::Socket)
    }

    /// `Err(Interrupted)` once the session's cancel token is cancelled.
    pub(crate) fn check_cancel(&self) -> Result<()> {
        match &self.cancel {
            Some(c) => c.check(),
            None => Ok(()),
        }
    }

    /// `e`, or `Interrupted` when the session was cancelled (whatever failed
    /// then failed because of the stop).
    pub(crate) fn or_interrupted(&self, e: Error) -> Error {
        match self.check_cancel() {
            Err(stop) => stop,
            Ok(()) => e,
        }
    }

    /// Run `f` until the kernel stops calling `set` busy (EBUSY while it is
    /// being dumped), trying again every millisecond for up to [`Waits::busy`]. A stop request
    /// ends the wait when `stoppable` (a swap: nothing is lost); a cleanup
    /// waits it out, since that is what a stop asks for.
    pub(crate) fn patiently(
        &mut self,
        set: &str,
        action: &'static str,
        stoppable: bool,
        mut f: impl FnMut(&mut Session) -> Result<()>,
    ) -> Result<()> {
        let wait = self.waits.busy;
        let deadline = Instant::now() + wait;
        // Short, even steps: a loop of listings pins the set for most of
        // each listing and frees it for a millisecond or two between them,
        // and only an attempt in such a gap goes through. An attempt is one
        // netlink round trip, some 20 µs.
        let step = Duration::from_millis(1);
        loop {
            match f(self) {
                Err(Error::Kernel { errno, .. })
                    if errno == libc::EBUSY || errno == ipset_errno::BUSY =>
                {
                    let now = Instant::now();
                    if now >= deadline {
                        return Err(Error::Busy {
                            set: set.to_string(),
                            action,
                            waited: wait,
                        });
                    }
                    let cancel = self.cancel.as_ref().filter(|_| stoppable);
                    pause(cancel, step.min(deadline - now))?;
                }
                other => return other,
            }
        }
    }

    /// [`Session::swap`], retried while the kernel calls a set busy.
    pub(crate) fn swap_patiently(&mut self, a: &str, b: &str) -> Result<()> {
        self.patiently(b, "swap", true, |s| s.swap(a, b))
    }

    /// Destroy a set of this run's own (a temp set), retried while the
    /// kernel calls it busy, a stop request or not; a missing set is fine.
    pub(crate) fn destroy_patiently(&mut self, name: &str) -> Result<()> {
        self.patiently(name, "destroy", false, |s| {
            s.destroy(Some(name), Exist::Ignore)
        })
    }

    /// The kernel's (min, max) protocol versions.
    pub fn kernel_protocol(&self) -> (u8, u8) {
        self.sock.kernel_protocol()
    }

    /// Direct access to the codec socket, for requests this layer does not model.
    pub fn socket(&mut self) -> &mut IpsetSocket {
        &mut self.sock
    }

    fn type_family_of(&self, set: Option<&str>) -> TypeFamily {
        set.and_then(|s| self.headers.get(s))
            .map(|h| TypeFamily::of_type_name(&h.type_name))
            .unwrap_or_default()
    }

    fn ack(
        &mut self,
        cmd: IpsetCommand,
        attrs: Vec<IpsetAttr>,
        exist: bool,
        set: Option<&str>,
    ) -> Result<()> {
        let msg = self.sock.message(cmd, attrs);
        match self.sock.request(msg, flags_for(cmd, exist)) {
            Ok(()) => Ok(()),
            Err(SocketError::Kernel(k)) => Err(self.word(k, set)),
            Err(e) => Err(Error::Socket(e)),
        }
    }

    /// Word a kernel error as ipset does. Codes from 4352 mean different things
    /// per type family, so learn the set's type (one HEADER query) if this run
    /// does not know it yet.
    fn word(&mut self, k: KernelError, set: Option<&str>) -> Error {
        let mut fam = self.type_family_of(set);
        if k.errno >= ipset_errno::TYPE_SPECIFIC
            && fam == TypeFamily::Unknown
            && let Some(name) = set
            && let Ok(h) = self.header(name)
        {
            fam = TypeFamily::of_type_name(&h.type_name);
        }
        kernel_err(k, fam)
    }

    /// The kernel's (min, max) revision of a type for a family (TYPE query).
    pub fn type_revisions(&mut self, set_type: &str, family: Family) -> Result<(u8, u8)> {
        let msg = self.sock.message(
            IpsetCommand::Type,
            vec![
                IpsetAttr::TypeName(set_type.into()),
                IpsetAttr::Family(family.to_wire()),
            ],
        );
        let reply = self
            .sock
            .query(msg)
            .map_err(|e| sock_err(e, TypeFamily::Unknown))?;
        let mut max = None;
        let mut min = None;
        for a in reply.attrs {
            match a {
                IpsetAttr::Revision(r) => max = Some(r),
                IpsetAttr::ProtocolMin(r) => min = Some(r),
                _ => {}
            }
        }
        let max = max.ok_or_else(|| {
            Error::Socket(SocketError::Unexpected(
                "TYPE reply without revision".into(),
            ))
        })?;
        Ok((min.unwrap_or(0), max))
    }

    /// Pick the revision to create a set of `t` with: the highest that both
    /// the kernel and wiset know.
    pub fn choose_revision(&mut self, t: SetType) -> Result<u8> {
        // ipset asks with the type's default family (inet for inet/inet6 types).
        let query_family = match t.family_kind() {
            super::FamilyKind::Neutral => Family::Unspec,
            _ => Family::Inet,
        };
        let (kmin, kmax) = self.type_revisions(t.name(), query_family)?;
        let ours = t.revisions();
        let (umin, umax) = (*ours.start(), *ours.end());
        if kmin > umax {
            return Err(Error::invalid(format!(
                "Kernel supports {} type, family {} with minimal revision {kmin} while ipset program with maximal revision {umax}.\nYou need to upgrade your ipset program.",
                t.name(),
                query_family.name()
            )));
        }
        if kmax < umin {
            return Err(Error::invalid(format!(
                "Kernel supports {} type, family {} with maximal revision {kmax} while ipset program with minimal revision {umin}.\nYou need to upgrade your kernel.",
                t.name(),
                query_family.name()
            )));
        }
        Ok(kmax.min(umax))
    }

    /// Create a set. `exist`: succeed if an identical set exists (ipset's `-exist`).
    /// A `revision` of None picks one with [`Session::choose_revision`].
    pub fn create(&mut self, set: &WiSet, exist: Exist) -> Result<()> {
        let exist = exist.ignore();
        let revision = match (set.revision, set.set_type()) {
            (Some(r), _) => r,
            (None, Some(t)) => self.choose_revision(t)?,
            (None, None) => self.type_revisions(&set.type_name, set.family)?.1,
        };
        let attrs = vec![
            IpsetAttr::SetName(set.name.clone()),
            IpsetAttr::TypeName(set.type_name.clone()),
            IpsetAttr::Revision(revision),
            IpsetAttr::Family(set.family.to_wire()),
            IpsetAttr::CreateData(set.options.to_attrs()),
        ];
        let fam = TypeFamily::of_type_name(&set.type_name);
        let msg = self.sock.message(IpsetCommand::Create, attrs);
        self.sock
            .request(msg, flags_for(IpsetCommand::Create, exist))
            .map_err(|e| sock_err(e, fam))?;
        self.headers.insert(
            set.name.clone(),
            SetRef {
                name: set.name.clone(),
                type_name: set.type_name.clone(),
                family: set.family,
                revision,
            },
        );
        Ok(())
    }

    /// Destroy one set, or all sets (`None`). `exist`: a missing set is not an error.
    pub fn destroy(&mut self, name: Option<&str>, exist: Exist) -> Result<()> {
        let exist = exist.ignore();
        let attrs = name
            .map(|n| IpsetAttr::SetName(n.into()))
            .into_iter()
            .collect();
        self.ack(IpsetCommand::Destroy, attrs, exist, name)?;
        match name {
            Some(n) => {
                self.headers.remove(n);
            }
            None => self.headers.clear(),
        }
        Ok(())
    }

    /// Remove every member of one set, or of all sets (`None`).
    pub fn flush(&mut self, name: Option<&str>) -> Result<()> {
        let attrs = name
            .map(|n| IpsetAttr::SetName(n.into()))
            .into_iter()
            .collect();
        self.ack(IpsetCommand::Flush, attrs, false, name)
    }

    /// Rename a set.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<()> {
        let attrs = vec![
            IpsetAttr::SetName(from.into()),
            IpsetAttr::TypeName(to.into()),
        ];
        self.ack(IpsetCommand::Rename, attrs, false, Some(from))?;
        if let Some(mut h) = self.headers.remove(from) {
            h.name = to.into();
            self.headers.insert(to.into(), h);
        }
        Ok(())
    }

    /// Swap the contents (names and references) of two sets of the same type.
    pub fn swap(&mut self, a: &str, b: &str) -> Result<()> {
        let attrs = vec![IpsetAttr::SetName(a.into()), IpsetAttr::TypeName(b.into())];
        self.ack(IpsetCommand::Swap, attrs, false, Some(a))?;
        let ha = self.headers.remove(a);
        let hb = self.headers.remove(b);
        if let Some(mut h) = ha {
            h.name = b.into();
            self.headers.insert(b.into(), h);
        }
        if let Some(mut h) = hb {
            h.name = a.into();
            self.headers.insert(a.into(), h);
        }
        Ok(())
    }

    /// The type, family and revision of a set (HEADER query, cached per run).
    pub fn header(&mut self, name: &str) -> Result<SetRef> {
        if let Some(h) = self.headers.get(name) {
            return Ok(h.clone());
        }
        let msg = self
            .sock
            .message(IpsetCommand::Header, vec![IpsetAttr::SetName(name.into())]);
        let reply = self
            .sock
            .query(msg)
            .map_err(|e| sock_err(e, TypeFamily::Unknown))?;
        let mut h = SetRef {
            name: name.into(),
            type_name: String::new(),
            family: Family::Unspec,
            revision: 0,
        };
        for a in reply.attrs {
            match a {
                IpsetAttr::TypeName(t) => h.type_name = t,
                IpsetAttr::Family(f) => h.family = Family::from_wire(f),
                IpsetAttr::Revision(r) => h.revision = r,
                _ => {}
            }
        }
        self.headers.insert(name.into(), h.clone());
        Ok(h)
    }

    fn adt_one(&mut self, cmd: IpsetCommand, set: &str, entry: &Entry, exist: bool) -> Result<()> {
        let lineno = (cmd != IpsetCommand::Test).then_some(0);
        let attrs = vec![IpsetAttr::SetName(set.into()), entry.to_data(lineno)?];
        self.ack(cmd, attrs, exist, Some(set))
    }

    /// Add one entry. `exist`: re-adding refreshes it instead of failing.
    pub fn add(&mut self, set: &str, entry: &Entry, exist: Exist) -> Result<()> {
        self.adt_one(IpsetCommand::Add, set, entry, exist.ignore())
    }

    /// Delete one entry. `exist`: a missing entry is not an error.
    pub fn delete(&mut self, set: &str, entry: &Entry, exist: Exist) -> Result<()> {
        self.adt_one(IpsetCommand::Del, set, entry, exist.ignore())
    }

    /// Whether the set matches an element (`nomatch` in `entry.opts` tests the
    /// exception entry itself).
    pub fn test(&mut self, set: &str, entry: &Entry) -> Result<bool> {
        match self.adt_one(IpsetCommand::Test, set, entry, false) {
            Ok(()) => Ok(true),
            Err(Error::Kernel {
                errno: ipset_errno::EXIST,
                ..
            }) => Ok(false),
            Err(e) => Err(e),
        }
    }

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

    /// Stream a listing of one set (or all) into `sink`.
    /// `save` sends IPSET_CMD_SAVE (whose replies are the same as LIST's).
    pub fn list(
        &mut self,
        name: Option<&str>,
        detail: ListDetail,
        dump: Dump,
        sink: &mut dyn ListSink,
    ) -> Result<()> {
        self.list_into(name, detail, dump == Dump::Save, Target::Entries(sink))
    }

    /// [`Session::list`] into either kind of sink.
    pub(crate) fn list_into(
        &mut self,
        name: Option<&str>,
        detail: ListDetail,
        save: bool,
        mut sink: Target<'_>,
    ) -> Result<()> {
        let mut attrs: Vec<IpsetAttr> = name
            .map(|n| IpsetAttr::SetName(n.into()))
            .into_iter()
            .collect();
        let flags = match detail {
            ListDetail::Full => 0,
            ListDetail::Header => list_flags::LIST_HEADER,
            ListDetail::Names => list_flags::LIST_SETNAME,
        };
        if flags != 0 && !save {
            attrs.push(IpsetAttr::Flags(flags));
        }
        let cmd = if save {
            IpsetCommand::Save
        } else {
            IpsetCommand::List
        };
        let msg = self.sock.message(cmd, attrs);
        let mut current: Option<WiSet> = None;
        let mut chunk: Vec<Entry> = Vec::new();
        let result = self
            .sock
            .dump(msg, |mtype: u16, payload: &[u8]| -> Result<()> {
                let m = DumpMessage::parse(mtype, payload).map_err(SocketError::from)?;
                absorb(m, &mut current, &mut chunk, &mut sink)
            });
        match result {
            Ok(()) => {
                if let Some(set) = current.take() {
                    sink.set_end(&set)?;
                }
                Ok(())
            }
            Err(Error::Socket(e)) => Err(sock_err(e, self.type_family_of(name))),
            Err(e) => Err(e),
        }
    }

    /// Load one set with its content (or only its header): `None` if it does not exist.
    pub fn load_ipset(&mut self, name: &str, load: Load) -> Result<Option<WiSet>> {
        let detail = if load == Load::Content {
            ListDetail::Full
        } else {
            ListDetail::Header
        };
        match self.load(Some(name), detail) {
            Ok(mut sets) => Ok(sets.pop()),
            Err(Error::Kernel {
                errno: libc::ENOENT,
                ..
            }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Load every set (with content, or headers only), optionally only those
    /// whose name starts with `prefix`.
    pub fn load_all_ipsets(&mut self, load: Load, prefix: Option<&str>) -> Result<Vec<WiSet>> {
        let detail = if load == Load::Content {
            ListDetail::Full
        } else {
            ListDetail::Header
        };
        let mut sets = self.load(None, detail)?;
        if let Some(p) = prefix {
            sets.retain(|s| s.name.starts_with(p));
        }
        Ok(sets)
    }

    /// The names of all sets. Cheaper than [`Session::load_all_ipsets`]
    /// without content: the kernel sends no headers, and computing a large
    /// hash set's header (its size in memory) walks all its entries.
    pub fn set_names(&mut self) -> Result<Vec<String>> {
        let mut c = Collect {
            sets: Vec::new(),
            content: false,
        };
        self.list(None, ListDetail::Names, Dump::List, &mut c)?;
        Ok(c.sets.into_iter().map(|s| s.name).collect())
    }

    fn load(&mut self, name: Option<&str>, detail: ListDetail) -> Result<Vec<WiSet>> {
        // A dump interrupted by a concurrent change is retried a few times.
        let mut attempt = 0;
        loop {
            let mut c = Collect {
                sets: Vec::new(),
                content: detail == ListDetail::Full,
            };
            match self.list(name, detail, Dump::List, &mut c) {
                Err(Error::Socket(SocketError::DumpInterrupted)) if attempt < 3 => attempt += 1,
                Err(e) => return Err(e),
                Ok(()) => {
                    for s in &c.sets {
                        if let Some(t) = s.revision {
                            self.headers.insert(
                                s.name.clone(),
                                SetRef {
                                    name: s.name.clone(),
                                    type_name: s.type_name.clone(),
                                    family: s.family,
                                    revision: t,
                                },
                            );
                        }
                    }
                    return Ok(c.sets);
                }
            }
        }
    }
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
        if !self.batch.push(line, |w| entry.encode(w)) {
            self.flush(s)?;
            let fits = self.batch.push(line, |w| entry.encode(w));
            debug_assert!(fits, "an entry always fits an empty batch");
        }
        Ok(())
    }

    /// Queue an entry that is already encoded (by [`Entry::encode`]).
    pub fn push_encoded(&mut self, s: &mut Session, line: u32, encoded: &[u8]) -> Result<()> {
        if !self.batch.push(line, |w| w.extend(encoded)) {
            self.flush(s)?;
            let fits = self.batch.push(line, |w| w.extend(encoded));
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
}

/// Merge one dump message into the set being listed: a message with a new
/// SETNAME starts a set (its first part carries the header), later parts of
/// the same set carry only members.
pub(crate) fn absorb(
    m: DumpMessage<'_>,
    current: &mut Option<WiSet>,
    chunk: &mut Vec<Entry>,
    sink: &mut Target<'_>,
) -> Result<()> {
    let mut name = None;
    let mut data = None;
    let mut set = WiSet::default();
    let mut has_header = false;
    for a in &m.attrs {
        match a {
            IpsetAttr::SetName(n) => name = Some(n.clone()),
            IpsetAttr::TypeName(t) => {
                set.type_name = t.clone();
                has_header = true;
            }
            IpsetAttr::Family(f) => set.family = Family::from_wire(*f),
            IpsetAttr::Revision(r) => set.revision = Some(*r),
            IpsetAttr::Index(i) => set.index = Some(*i),
            IpsetAttr::CreateData(d) => data = Some(d.clone()),
            _ => {}
        }
    }
    let name = name.ok_or_else(|| {
        Error::Socket(SocketError::Unexpected(
            "LIST message without set name".into(),
        ))
    })?;
    let same = current.as_ref().is_some_and(|c| c.name == name);
    if !same {
        if let Some(done) = current.take() {
            sink.set_end(&done)?;
        }
        set.name = name;
        if let Some(d) = data {
            set.apply_header(d);
        } else if has_header {
            return Err(Error::Socket(SocketError::Unexpected(
                "Broken LIST kernel message: missing DATA part!".into(),
            )));
        }
        sink.set_begin(&set)?;
        *current = Some(set);
    }
    chunk.clear();
    let cur = current.as_ref().expect("set begun");
    let mut one: Vec<EntryAttr> = Vec::with_capacity(4);
    for attrs in m.entries() {
        one.clear();
        for a in attrs.map_err(SocketError::from)? {
            one.push(a.map_err(SocketError::from)?);
        }
        match sink {
            Target::Attrs(s) => s.entry_attrs(cur, &one)?,
            Target::Entries(_) => chunk.push(Entry::from_attrs(one.drain(..))),
        }
    }
    if let Target::Entries(s) = sink
        && !chunk.is_empty()
    {
        s.entries(cur, chunk)?;
        chunk.clear();
    }
    Ok(())
}

/// A sink that keeps everything (for `load_*`).
struct Collect {
    sets: Vec<WiSet>,
    content: bool,
}

impl ListSink for Collect {
    fn set_begin(&mut self, set: &WiSet) -> Result<()> {
        let mut s = set.clone();
        if self.content {
            s.content = Some(Content::new(set, Vec::new()));
        }
        self.sets.push(s);
        Ok(())
    }
    fn entries(&mut self, _set: &WiSet, entries: &mut Vec<Entry>) -> Result<()> {
        if let Some(c) = self.sets.last_mut().and_then(|s| s.content.as_mut()) {
            c.append(entries);
        }
        Ok(())
    }
    fn set_end(&mut self, _set: &WiSet) -> Result<()> {
        Ok(())
    }
}

impl From<SocketError> for Error {
    fn from(e: SocketError) -> Self {
        sock_err(e, TypeFamily::Unknown)
    }
}

fn kernel_err(k: KernelError, fam: TypeFamily) -> Error {
    let mut message = kernel_error_message(k.errno, k.command, fam);
    // Where ipset has no text of its own, the kernel's extended ack says more
    // ("Attribute failed policy validation") than strerror does.
    let generic = format!(
        "Kernel error received: {}",
        crate::netlink::strerror(k.errno)
    );
    if let Some(ext) = k.ext_ack.filter(|_| message == generic) {
        message.push_str(&format!(" ({ext})"));
    }
    Error::Kernel {
        errno: k.errno,
        command: k.command,
        line: k.lineno.filter(|&l| l != 0),
        message,
    }
}

/// Turn a socket error into the layer's error, wording kernel errors as ipset.
pub(crate) fn sock_err(e: SocketError, fam: TypeFamily) -> Error {
    match e {
        SocketError::Kernel(k) => kernel_err(k, fam),
        other => Error::Socket(other),
    }
}
