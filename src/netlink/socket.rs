//! The netlink socket: one per run, requests matched to replies by sequence
//! number and port, dumps walked message by message, kernel errors decoded
//! with the failing line the kernel echoes back.

use std::io;
use std::os::fd::AsFd;

use netlink_packet_core::{
    DecodeError, NLM_F_ACK, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_DUMP_INTR, NLM_F_REQUEST,
    NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN, NetlinkBuffer, NetlinkHeader,
    NetlinkMessage, NetlinkPayload, NlasIterator,
};
use netlink_sys::{Socket, SocketAddr, protocols::NETLINK_NETFILTER};

use super::attribute::IPSET_ATTR_LINENO;
use super::{IPSET_PROTOCOL, IPSET_PROTOCOL_MIN, IpsetAttr, IpsetCommand, IpsetMessage};

/// User-space receive buffer. It must hold the largest error reply: the echo of
/// our largest request (a batch, see `MAX_REQUEST`) plus headers and ext-ack TLVs.
const RX_BUF: usize = 160 * 1024;
/// Largest request wiset sends; the ADT attribute's u16 length caps a batch anyway.
pub const MAX_REQUEST: usize = 65536 + 1024;
/// Kernel-side receive queue: room for many queued ACKs of pipelined requests.
const SO_RCVBUF_WANTED: libc::c_int = 4 * 1024 * 1024;

const NLMSGERR_ATTR_MSG: u16 = 1;

/// An error the kernel answered, with what is needed to word it as ipset does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelError {
    /// Positive errno: a system errno or an ipset code (4096+).
    pub errno: i32,
    /// The command that failed.
    pub command: IpsetCommand,
    /// The LINENO the kernel wrote into the echoed request: the failing entry's line.
    pub lineno: Option<u32>,
    /// The kernel's extended-ack text, if any ("Attribute failed policy validation").
    pub ext_ack: Option<String>,
}

/// Failures of the socket layer.
#[derive(Debug, thiserror::Error)]
pub enum SocketError {
    /// Creating or binding the NETLINK_NETFILTER socket failed.
    #[error("cannot open a netlink socket: {0}")]
    Open(#[source] io::Error),
    /// Sending to or receiving from the socket failed.
    #[error("netlink I/O failed: {0}")]
    Io(#[from] io::Error),
    /// The kernel answered a request with an error.
    #[error("kernel error {}", .0.errno)]
    Kernel(KernelError),
    /// A reply could not be decoded.
    #[error("malformed message from the kernel: {0}")]
    Decode(#[from] DecodeError),
    /// A datagram was larger than the receive buffer.
    #[error("kernel reply truncated: {len} bytes do not fit the {cap}-byte buffer")]
    Truncated {
        /// Size of the datagram in bytes.
        len: usize,
        /// Size of the receive buffer in bytes.
        cap: usize,
    },
    /// The socket's receive queue overflowed (ENOBUFS or NLMSG_OVERRUN) and replies were lost.
    #[error("the kernel's receive queue overflowed and replies were lost")]
    Overrun,
    /// A dump message had NLM_F_DUMP_INTR: the sets changed while being dumped.
    #[error("the dump was interrupted by a concurrent change")]
    DumpInterrupted,
    /// A reply that does not fit the conversation, e.g. a dump without NLMSG_DONE.
    #[error("unexpected reply from the kernel: {0}")]
    Unexpected(String),
    /// The kernel's protocol versions do not overlap wiset's (6–7).
    #[error(
        "Cannot communicate with kernel: Kernel support protocol versions {min}-{max} while userspace supports protocol versions {IPSET_PROTOCOL_MIN}-{IPSET_PROTOCOL}"
    )]
    ProtocolMismatch {
        /// The kernel's oldest protocol version.
        min: u8,
        /// The kernel's newest protocol version.
        max: u8,
    },
    /// A request (of this many bytes) exceeds the largest request wiset sends, 64 KiB + 1 KiB.
    #[error("request of {0} bytes is larger than a netlink request may be")]
    RequestTooLarge(usize),
}

/// What one received netlink message turned out to be.
enum Reply<'a> {
    /// A data message: its type and payload (after the netlink header).
    Data(u16, &'a [u8]),
    Ack,
    Error(KernelError),
    Done,
}

/// A netlink socket speaking the ipset protocol.
///
/// Not `Clone`: the wrapped `netlink_sys::Socket` derives `Clone` by copying the
/// fd, which would close it twice.
pub struct IpsetSocket {
    socket: Socket,
    port: u32,
    seq: u32,
    protocol: u8,
    kernel_protocol: (u8, u8),
    rx: Vec<u8>,
    tx: Vec<u8>,
}

impl IpsetSocket {
    /// Open a socket in the caller's network namespace and negotiate the protocol.
    pub fn open() -> Result<Self, SocketError> {
        let mut socket = Socket::new(NETLINK_NETFILTER).map_err(SocketError::Open)?;
        let addr = socket.bind_auto().map_err(SocketError::Open)?;
        // Extended acks add the kernel's own text to policy errors; kernels
        // before 4.12 do not have them, which is no reason to fail.
        let _ = socket.set_ext_ack(true);
        enlarge_rcvbuf(&socket);
        let seq = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as u32)
            .unwrap_or(1);
        let mut s = IpsetSocket {
            socket,
            port: addr.port_number(),
            seq,
            protocol: IPSET_PROTOCOL,
            kernel_protocol: (IPSET_PROTOCOL, IPSET_PROTOCOL),
            rx: vec![0; RX_BUF],
            tx: Vec::with_capacity(MAX_REQUEST),
        };
        s.negotiate()?;
        Ok(s)
    }

    /// Set the kernel-side receive queue to `bytes` with plain SO_RCVBUF
    /// (the kernel doubles it, and caps it at `net.core.rmem_max`).
    pub fn set_receive_buffer(&mut self, bytes: usize) -> Result<(), SocketError> {
        let size = libc::c_int::try_from(bytes).unwrap_or(libc::c_int::MAX);
        crate::sys::set_socket_option_int(self.socket.as_fd(), libc::SO_RCVBUF, size)
            .map_err(SocketError::Io)
    }

    /// The protocol version in use (min of the kernel's and ours).
    pub fn protocol(&self) -> u8 {
        self.protocol
    }

    /// Speak protocol `version` from now on, as to a kernel whose newest
    /// is that one (6: kernels before ipset 7). Refused unless both the
    /// kernel and wiset speak it.
    pub fn speak(&mut self, version: u8) -> Result<(), SocketError> {
        let (min, max) = self.kernel_protocol;
        if !(min.max(IPSET_PROTOCOL_MIN)..=max.min(IPSET_PROTOCOL)).contains(&version) {
            return Err(SocketError::ProtocolMismatch { min, max });
        }
        self.protocol = version;
        Ok(())
    }

    /// The kernel's (min, max) protocol versions.
    pub fn kernel_protocol(&self) -> (u8, u8) {
        self.kernel_protocol
    }

    fn negotiate(&mut self) -> Result<(), SocketError> {
        let reply = self.query(IpsetMessage::new(
            IpsetCommand::Protocol,
            vec![IpsetAttr::Protocol(IPSET_PROTOCOL)],
        ))?;
        let mut max = None;
        let mut min = None;
        for a in &reply.attrs {
            match a {
                IpsetAttr::Protocol(v) => max = Some(*v),
                IpsetAttr::ProtocolMin(v) => min = Some(*v),
                _ => {}
            }
        }
        let max =
            max.ok_or_else(|| SocketError::Unexpected("PROTOCOL reply without version".into()))?;
        let min = min.unwrap_or(max);
        self.kernel_protocol = (min, max);
        if min > IPSET_PROTOCOL || max < IPSET_PROTOCOL_MIN {
            return Err(SocketError::ProtocolMismatch { min, max });
        }
        self.protocol = max.min(IPSET_PROTOCOL);
        Ok(())
    }

    /// Build a request: PROTOCOL first, as the kernel requires, then `attrs`.
    pub fn message(&self, command: IpsetCommand, attrs: Vec<IpsetAttr>) -> IpsetMessage {
        let mut all = Vec::with_capacity(attrs.len() + 1);
        all.push(IpsetAttr::Protocol(self.protocol));
        all.extend(attrs);
        IpsetMessage::new(command, all)
    }

    fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    /// Append one serialized request to the transmit buffer; returns its sequence number.
    fn queue(&mut self, msg: IpsetMessage, flags: u16) -> Result<u32, SocketError> {
        let seq = self.next_seq();
        let mut header = NetlinkHeader::default();
        header.flags = flags;
        header.sequence_number = seq;
        let mut nl = NetlinkMessage::new(header, NetlinkPayload::InnerMessage(msg));
        nl.finalize();
        let len = nl.buffer_len();
        if len > MAX_REQUEST {
            return Err(SocketError::RequestTooLarge(len));
        }
        let start = self.tx.len();
        self.tx.resize(start + len, 0);
        nl.serialize(&mut self.tx[start..]);
        Ok(seq)
    }

    fn flush_tx(&mut self) -> Result<(), SocketError> {
        let kernel = SocketAddr::new(0, 0);
        let result = self.socket.send_to(&self.tx, &kernel, 0);
        self.tx.clear();
        result?;
        Ok(())
    }

    /// Receive one datagram into `rx`; returns its length.
    fn recv_datagram(&mut self) -> Result<usize, SocketError> {
        recv_into(&self.socket, &mut self.rx)
    }

    /// Throw away every datagram queued for us now (stale replies).
    fn drain(&mut self) {
        loop {
            let mut slice: &mut [u8] = &mut self.rx[..];
            match self
                .socket
                .recv(&mut slice, libc::MSG_DONTWAIT | libc::MSG_TRUNC)
            {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => {}
                Err(_) => return,
            }
        }
    }

    /// Walk the messages of the datagram in `rx[..n]` that answer `seq`.
    fn for_each_reply(
        &self,
        n: usize,
        seq: u32,
        f: impl FnMut(Reply, u16) -> Result<(), SocketError>,
    ) -> Result<(), SocketError> {
        let mut f = f;
        walk_replies(
            &self.rx[..n],
            |s| s == seq,
            self.port,
            |_, r, flags| f(r, flags),
        )
    }

    /// Send a query (PROTOCOL, TYPE, HEADER) and return its one data reply.
    pub fn query(&mut self, msg: IpsetMessage) -> Result<IpsetMessage, SocketError> {
        let flags = msg.command.request_flags();
        let seq = self.queue(msg, flags)?;
        self.flush_tx()?;
        loop {
            let n = self.recv_datagram()?;
            let mut out: Option<Result<IpsetMessage, SocketError>> = None;
            self.for_each_reply(n, seq, |r, _| {
                if out.is_none() {
                    out = match r {
                        Reply::Data(t, p) => {
                            Some(IpsetMessage::parse(t, p).map_err(SocketError::from))
                        }
                        Reply::Error(e) => Some(Err(SocketError::Kernel(e))),
                        Reply::Ack | Reply::Done => None,
                    };
                }
                Ok(())
            })?;
            if let Some(r) = out {
                return r;
            }
        }
    }

    /// Send a request that is answered by an ACK (or an error).
    pub fn request(&mut self, msg: IpsetMessage, flags: u16) -> Result<(), SocketError> {
        // Without NLM_F_ACK a success would never be answered.
        let seq = self.queue(msg, flags | NLM_F_REQUEST | NLM_F_ACK)?;
        self.flush_tx()?;
        self.wait_ack(seq)
    }

    fn wait_ack(&mut self, seq: u32) -> Result<(), SocketError> {
        loop {
            let n = self.recv_datagram()?;
            let mut out: Option<Result<(), SocketError>> = None;
            self.for_each_reply(n, seq, |r, _| {
                if out.is_none() {
                    out = match r {
                        Reply::Ack => Some(Ok(())),
                        Reply::Error(e) => Some(Err(SocketError::Kernel(e))),
                        Reply::Data(..) | Reply::Done => None,
                    };
                }
                Ok(())
            })?;
            if let Some(r) = out {
                return r;
            }
        }
    }

    /// Send many ACKed requests in one datagram (the kernel processes them in
    /// order and answers each), and collect one result per request, in order.
    /// Callers keep a pipeline short enough for the queued replies to fit the
    /// socket's receive queue.
    pub fn request_pipelined(
        &mut self,
        msgs: impl IntoIterator<Item = IpsetMessage>,
        flags: u16,
    ) -> Result<Vec<Result<(), KernelError>>, SocketError> {
        let mut seqs = Vec::new();
        for m in msgs {
            match self.queue(m, flags | NLM_F_REQUEST | NLM_F_ACK) {
                Ok(seq) => seqs.push(seq),
                Err(e) => {
                    // Nothing of this pipeline may go out with a later request.
                    self.tx.clear();
                    return Err(e);
                }
            }
        }
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        self.flush_tx()?;
        let first = seqs[0];
        let count = seqs.len();
        let mut results: Vec<Option<Result<(), KernelError>>> = vec![None; count];
        let mut pending = count;
        let ours = |seq: u32| (seq.wrapping_sub(first) as usize) < count;
        while pending > 0 {
            let n = match self.recv_datagram() {
                Ok(n) => n,
                Err(SocketError::Overrun) => {
                    // Replies were dropped. The kernel reports no further
                    // drops until the queue has been emptied once (its
                    // "congested" state): empty it, so that a retry's
                    // losses are seen too, rather than waited for.
                    self.drain();
                    return Err(SocketError::Overrun);
                }
                Err(e) => return Err(e),
            };
            walk_replies(&self.rx[..n], ours, self.port, |seq, r, _| {
                let slot = &mut results[seq.wrapping_sub(first) as usize];
                if slot.is_none() {
                    match r {
                        Reply::Ack => *slot = Some(Ok(())),
                        Reply::Error(e) => *slot = Some(Err(e)),
                        Reply::Data(..) | Reply::Done => return Ok(()),
                    }
                    pending -= 1;
                }
                Ok(())
            })?;
        }
        Ok(results
            .into_iter()
            .map(|r| r.expect("all answered"))
            .collect())
    }

    /// Run a dump (LIST/SAVE) and pass every data message to `f` as its
    /// message type and payload, in order, until NLMSG_DONE; `f` parses what
    /// it needs (see `IpsetMessage::parse` and `message::DumpMessage`).
    ///
    /// A reader thread receives the datagrams while this thread runs `f`: the
    /// kernel fills the next chunk (its dump work happens in our `recvmsg`)
    /// while the last one is parsed and printed. The reader always reads to
    /// the end — the kernel refuses a new dump on this socket (EBUSY) while
    /// one is open — also when `f` fails.
    pub fn dump<E: From<SocketError>>(
        &mut self,
        msg: IpsetMessage,
        mut f: impl FnMut(u16, &[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        use std::sync::mpsc;
        let flags = msg.command.request_flags();
        let seq = self.queue(msg, flags)?;
        self.flush_tx()?;
        let (socket, port) = (&self.socket, self.port);
        std::thread::scope(|scope| {
            let (full_tx, full_rx) = mpsc::sync_channel::<(Vec<u8>, usize)>(DUMP_BUFFERS);
            let (empty_tx, empty_rx) = mpsc::channel::<Vec<u8>>();
            for _ in 0..DUMP_BUFFERS {
                let _ = empty_tx.send(vec![0; RX_BUF]);
            }
            let reader = scope.spawn(move || -> Result<(), SocketError> {
                loop {
                    let mut buf = empty_rx.recv().unwrap_or_else(|_| vec![0; RX_BUF]);
                    let n = recv_into(socket, &mut buf)?;
                    let last = ends_dump(&buf[..n], seq, port);
                    let _ = full_tx.send((buf, n));
                    if last {
                        return Ok(());
                    }
                }
            });
            let mut outcome: Option<Result<(), E>> = None;
            for (buf, n) in full_rx {
                if outcome.is_none() {
                    let mut user_err = None;
                    let walked = walk_replies(
                        &buf[..n],
                        |s| s == seq,
                        port,
                        |_, r, _| {
                            if outcome.is_some() || user_err.is_some() {
                                return Ok(());
                            }
                            match r {
                                Reply::Data(t, p) => {
                                    if let Err(e) = f(t, p) {
                                        user_err = Some(e);
                                    }
                                }
                                Reply::Done | Reply::Ack => outcome = Some(Ok(())),
                                Reply::Error(e) => return Err(SocketError::Kernel(e)),
                            }
                            Ok(())
                        },
                    );
                    if let Err(e) = walked {
                        outcome = Some(Err(e.into()));
                    } else if let Some(e) = user_err {
                        outcome = Some(Err(e));
                    }
                }
                let _ = empty_tx.send(buf);
            }
            let read = reader.join().expect("dump reader panicked");
            match (outcome, read) {
                (Some(Err(e)), _) => Err(e),
                (_, Err(e)) => Err(e.into()),
                (Some(Ok(())), Ok(())) => Ok(()),
                (None, Ok(())) => {
                    Err(SocketError::Unexpected("dump ended without NLMSG_DONE".into()).into())
                }
            }
        })
    }
}

/// Datagrams in flight between a dump's reader thread and its consumer.
const DUMP_BUFFERS: usize = 4;

/// Receive one datagram into `buf`; returns its length. A datagram larger
/// than the buffer is an error, never silently cut.
fn recv_into(socket: &Socket, buf: &mut [u8]) -> Result<usize, SocketError> {
    loop {
        let cap = buf.len();
        let mut slice: &mut [u8] = &mut buf[..];
        match socket.recv(&mut slice, libc::MSG_TRUNC) {
            Ok(n) if n > cap => return Err(SocketError::Truncated { len: n, cap }),
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => return Err(SocketError::Overrun),
            Err(e) => return Err(e.into()),
        }
    }
}

/// Whether a datagram holds the end of dump `seq` (NLMSG_DONE or an error),
/// or cannot be walked at all. Only the headers are read: a message that
/// fails to decode must not hide the DONE after it (the reader would wait
/// for a datagram that never comes).
fn ends_dump(buf: &[u8], seq: u32, port: u32) -> bool {
    let mut off = 0;
    while off + 16 <= buf.len() {
        let Ok(nl) = NetlinkBuffer::new_checked(&buf[off..]) else {
            return true;
        };
        let len = nl.length() as usize;
        if len < 16 {
            return true;
        }
        let ours =
            nl.sequence_number() == seq && (nl.port_number() == port || nl.port_number() == 0);
        if ours && matches!(nl.message_type(), NLMSG_DONE | NLMSG_ERROR | NLMSG_OVERRUN) {
            return true;
        }
        off += (len + 3) & !3;
    }
    false
}

/// Walk every message of a datagram as a reply would be walked (any
/// sequence number, port 0), handing out its data messages and decoding its
/// errors: what the fuzzers feed arbitrary bytes to.
#[cfg(any(fuzzing, test))]
pub(crate) fn walk_datagram(
    buf: &[u8],
    mut data: impl FnMut(u16, &[u8]),
    mut error: impl FnMut(&KernelError),
) -> Result<(), SocketError> {
    let _ = ends_dump(buf, 0, 0);
    walk_replies(
        buf,
        |_| true,
        0,
        |_, reply, _| {
            match reply {
                Reply::Data(t, p) => data(t, p),
                Reply::Error(e) => error(&e),
                Reply::Ack | Reply::Done => {}
            }
            Ok(())
        },
    )
}

/// Walk the netlink messages of a datagram that answer our requests (`ours`
/// says which sequence numbers; from the kernel to our `port`), passing each
/// decoded reply to `f` with its sequence number and flags. Replies to other
/// requests (stale ones) are dropped.
fn walk_replies(
    buf: &[u8],
    ours: impl Fn(u32) -> bool,
    port: u32,
    mut f: impl FnMut(u32, Reply, u16) -> Result<(), SocketError>,
) -> Result<(), SocketError> {
    let n = buf.len();
    let mut off = 0;
    while off + 16 <= n {
        let nl = NetlinkBuffer::new_checked(&buf[off..n])?;
        let len = nl.length() as usize;
        if len < 16 {
            return Err(DecodeError::from("netlink message shorter than its header").into());
        }
        let next = off + ((len + 3) & !3);
        let (mtype, flags, mseq, mport) = (
            nl.message_type(),
            nl.flags(),
            nl.sequence_number(),
            nl.port_number(),
        );
        if ours(mseq) && (mport == port || mport == 0) {
            let payload = nl.payload();
            let reply = match mtype {
                NLMSG_NOOP => None,
                NLMSG_OVERRUN => return Err(SocketError::Overrun),
                NLMSG_DONE => {
                    let code = payload
                        .get(0..4)
                        .map(|b| i32::from_ne_bytes(b.try_into().expect("4 bytes")));
                    match code {
                        Some(c) if c < 0 => Some(Reply::Error(KernelError {
                            errno: errno_of(c),
                            command: IpsetCommand::List,
                            lineno: None,
                            ext_ack: None,
                        })),
                        _ => Some(Reply::Done),
                    }
                }
                NLMSG_ERROR => Some(decode_error(payload, flags)?),
                _ => {
                    if flags & NLM_F_DUMP_INTR != 0 {
                        return Err(SocketError::DumpInterrupted);
                    }
                    Some(Reply::Data(mtype, payload))
                }
            };
            if let Some(r) = reply {
                f(mseq, r, flags)?;
            }
        }
        off = next;
    }
    Ok(())
}

/// The errno of a kernel error code, made positive (the kernel sends it
/// negative). `i32::MIN` has no positive counterpart and becomes
/// `i32::MAX`: no errno either way, and no panic.
fn errno_of(code: i32) -> i32 {
    code.checked_neg().unwrap_or(i32::MAX).abs()
}

/// Decode the payload of an NLMSG_ERROR: 0 is an ACK; otherwise the echoed
/// request gives the command and the rewritten LINENO, and the ext-ack TLVs
/// (after the echo) may give a text.
fn decode_error(payload: &[u8], flags: u16) -> Result<Reply<'_>, SocketError> {
    let code = payload
        .get(0..4)
        .map(|b| i32::from_ne_bytes(b.try_into().expect("4 bytes")))
        .ok_or_else(|| DecodeError::from("NLMSG_ERROR too short"))?;
    if code == 0 {
        return Ok(Reply::Ack);
    }
    let echo = &payload[4..];
    let mut command = IpsetCommand::Other(0);
    let mut lineno = None;
    let mut tlv_start = echo.len();
    if echo.len() >= 16 {
        let hdr = NetlinkBuffer::new(echo);
        let elen = hdr.length() as usize;
        command = IpsetCommand::from((hdr.message_type() & 0xff) as u8);
        let capped = flags & NLM_F_CAPPED != 0;
        let echoed = if capped { 16 } else { elen.min(echo.len()) };
        tlv_start = if capped {
            16
        } else {
            ((elen + 3) & !3).min(echo.len())
        };
        // Command-level attributes start after nlmsghdr (16) and nfgenmsg (4).
        if echoed > 20 {
            for nla in NlasIterator::new(&echo[20..echoed]).flatten() {
                if nla.kind() == IPSET_ATTR_LINENO && nla.value().len() == 4 {
                    let v: [u8; 4] = nla.value().try_into().expect("4 bytes");
                    lineno = Some(if nla.network_byte_order_flag() {
                        u32::from_be_bytes(v)
                    } else {
                        u32::from_ne_bytes(v)
                    });
                }
            }
        }
    }
    let mut ext_ack = None;
    if flags & NLM_F_ACK_TLVS != 0 && tlv_start < echo.len() {
        for nla in NlasIterator::new(&echo[tlv_start..]).flatten() {
            if nla.kind() == NLMSGERR_ATTR_MSG {
                let v = nla.value();
                let end = v.iter().position(|&c| c == 0).unwrap_or(v.len());
                ext_ack = Some(String::from_utf8_lossy(&v[..end]).into_owned());
            }
        }
    }
    Ok(Reply::Error(KernelError {
        errno: errno_of(code),
        command,
        lineno,
        ext_ack,
    }))
}

/// Ask for a large kernel-side receive queue: SO_RCVBUFFORCE where permitted
/// (we hold CAP_NET_ADMIN whenever we can change sets), else SO_RCVBUF.
fn enlarge_rcvbuf(socket: &Socket) {
    let fd = socket.as_fd();
    if crate::sys::set_socket_option_int(fd, libc::SO_RCVBUFFORCE, SO_RCVBUF_WANTED).is_err() {
        let _ = crate::sys::set_socket_option_int(fd, libc::SO_RCVBUF, SO_RCVBUF_WANTED);
    }
}
