//! `Session`: one netlink socket shared by every operation of a run, and the
//! single-request operations (create, destroy, flush, rename, swap, add,
//! delete, test). Batches are in `bulk`, listings and loads in `listing`,
//! whole-set rebuilds in `replace` and `diff`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use netlink_packet_core::NLM_F_EXCL;

use crate::netlink::{IpsetAttr, IpsetCommand, IpsetSocket, KernelError, SocketError, ipset_errno};

use super::cancel::{Cancel, pause};
use super::error::{Error, Result};
use super::kernel_error::{TypeFamily, kernel_err, sock_err};

use super::{Entry, Family, Netns, SetType, WiSet};

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
    pub(super) fn ignore(self) -> bool {
        self == Exist::Ignore
    }
}

/// The type, family and revision of an existing set (a HEADER reply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetHeader {
    /// Set name.
    pub name: String,
    /// The kernel's type name.
    pub type_name: String,
    /// Address family of the set.
    pub family: Family,
    /// Revision of the set's type.
    pub revision: u8,
}

impl SetHeader {
    /// The set type, if wiset knows it.
    pub fn set_type(&self) -> Option<SetType> {
        SetType::from_name(&self.type_name)
    }
}

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

/// TEST requests sent in one datagram at first; their replies must fit the
/// socket's receive queue (see `socket::SO_RCVBUF_WANTED`). Where the queue
/// is smaller (the system refused to enlarge it) and replies were lost, the
/// window halves and the requests are sent again.
const TEST_PIPELINE: usize = 256;

/// One netlink socket and what the run has learnt about sets.
pub struct Session {
    pub(super) sock: IpsetSocket,
    pub(super) headers: HashMap<String, SetHeader>,
    cancel: Option<Cancel>,
    waits: Waits,
    pub(super) test_window: usize,
    netns: Option<Netns>,
}

pub(super) fn flags_for(cmd: IpsetCommand, exist: bool) -> u16 {
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
            SocketError::Kernel(k) => kernel_err(k, TypeFamily::Unknown, None),
            other => Error::Socket(other),
        })?;
        Ok(Session {
            sock,
            headers: HashMap::new(),
            cancel: None,
            waits: Waits::default(),
            test_window: TEST_PIPELINE,
            netns: None,
        })
    }

    /// Open a socket in the named network namespace `/run/netns/NAME` (what
    /// `ip -n NAME` and `wiset --netns NAME` use), without moving the
    /// calling thread: every operation of the session, and the locks and
    /// helper sockets it makes, are in that namespace.
    pub fn open_in(name: &str) -> Result<Session> {
        Session::open_in_netns(Netns::open(name)?)
    }

    /// [`Session::open_in`] for a namespace already open.
    pub fn open_in_netns(netns: Netns) -> Result<Session> {
        let mut s = netns.run(Session::open)??;
        s.netns = Some(netns);
        Ok(s)
    }

    /// The named namespace this session is in, if it was opened in one.
    pub fn netns(&self) -> Option<&Netns> {
        self.netns.as_ref()
    }

    /// Another session (socket) with this one's cancel token and waits: for
    /// the threads of one operation.
    pub(crate) fn open_like(&self) -> Result<Session> {
        let mut s = match &self.netns {
            Some(n) => Session::open_in_netns(n.clone())?,
            None => Session::open()?,
        };
        s.cancel = self.cancel.clone();
        s.waits = self.waits;
        s.sock.speak(self.sock.protocol())?;
        Ok(s)
    }

    /// Speak ipset protocol `version` (6 or 7) on this session and the
    /// sockets its operations open, as to a kernel whose newest is that
    /// one: every command wiset sends exists in protocol 6. Refused when
    /// the kernel does not speak it.
    pub fn speak_protocol(&mut self, version: u8) -> Result<()> {
        Ok(self.sock.speak(version)?)
    }

    /// The protocol version this session speaks.
    pub fn protocol(&self) -> u8 {
        self.sock.protocol()
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

    /// Run `f` (a [`destroy`](Session::destroy), [`rename`](Session::rename)
    /// or [`swap`](Session::swap)) again while the kernel answers that a set
    /// is in use ([`ErrorKind::Busy`](super::ErrorKind): referenced by a rule
    /// or a list:set, or being listed), for up to `wait`; then its answer
    /// stands. The kernel drops a removed rule's reference a moment after
    /// the rule goes. A cancelled session stops waiting.
    pub fn while_in_use<T>(
        &mut self,
        wait: Duration,
        mut f: impl FnMut(&mut Session) -> Result<T>,
    ) -> Result<T> {
        let deadline = Instant::now() + wait;
        let mut step = Duration::from_millis(1);
        loop {
            match f(self) {
                Err(e @ Error::Kernel { .. }) if e.kind() == super::ErrorKind::Busy => {
                    let now = Instant::now();
                    if now >= deadline {
                        return Err(e);
                    }
                    pause(self.cancel.as_ref(), step.min(deadline - now))?;
                    step = (step * 2).min(Duration::from_millis(20));
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

    pub(super) fn type_family_of(&self, set: Option<&str>) -> TypeFamily {
        set.and_then(|s| self.headers.get(s))
            .map(|h| TypeFamily::of_type_name(&h.type_name))
            .unwrap_or_default()
    }

    pub(super) fn ack(
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
    pub(super) fn word(&mut self, k: KernelError, set: Option<&str>) -> Error {
        let mut fam = self.type_family_of(set);
        if k.errno >= ipset_errno::TYPE_SPECIFIC
            && fam == TypeFamily::Unknown
            && let Some(name) = set
            && let Ok(h) = self.header(name)
        {
            fam = TypeFamily::of_type_name(&h.type_name);
        }
        kernel_err(k, fam, set)
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
            .map_err(|e| sock_err(e, TypeFamily::Unknown, None))?;
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

    /// The kernel's (min, max) revision of set type `t`, asked as ipset
    /// asks (with the type's default family); None when the kernel does not
    /// have the type (its module is not built or not loaded).
    pub fn kernel_revisions(&mut self, t: SetType) -> Result<Option<(u8, u8)>> {
        match self.type_revisions(t.name(), query_family(t)) {
            Ok(r) => Ok(Some(r)),
            Err(Error::Kernel {
                errno: ipset_errno::FIND_TYPE,
                ..
            }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Pick the revision to create a set of `t` with: the highest that both
    /// the kernel and wiset know.
    pub fn choose_revision(&mut self, t: SetType) -> Result<u8> {
        let query_family = query_family(t);
        let (kmin, kmax) = self.type_revisions(t.name(), query_family)?;
        let ours = t.revisions();
        let (umin, umax) = (*ours.start(), *ours.end());
        if kmin > umax {
            return Err(Error::Unsupported(format!(
                "Kernel supports {} type, family {} with minimal revision {kmin} while ipset program with maximal revision {umax}.\nYou need to upgrade your ipset program.",
                t.name(),
                query_family.name()
            )));
        }
        if kmax < umin {
            return Err(Error::Unsupported(format!(
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
            .map_err(|e| sock_err(e, fam, Some(&set.name)))?;
        self.headers.insert(
            set.name.clone(),
            SetHeader {
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
    pub fn header(&mut self, name: &str) -> Result<SetHeader> {
        if let Some(h) = self.headers.get(name) {
            return Ok(h.clone());
        }
        let msg = self
            .sock
            .message(IpsetCommand::Header, vec![IpsetAttr::SetName(name.into())]);
        let reply = self
            .sock
            .query(msg)
            .map_err(|e| sock_err(e, TypeFamily::Unknown, Some(name)))?;
        let mut h = SetHeader {
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
}

/// The family ipset asks the kernel about a type with: inet for the
/// inet/inet6 types.
fn query_family(t: SetType) -> Family {
    match t.family_kind() {
        super::FamilyKind::Neutral => Family::Unspec,
        _ => Family::Inet,
    }
}

impl From<SocketError> for Error {
    fn from(e: SocketError) -> Self {
        sock_err(e, TypeFamily::Unknown, None)
    }
}
