//! Reading the capture files and comparing the codec against them.

use netlink_packet_core::{
    Emitable, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLM_F_CAPPED, NLMSG_DONE, NLMSG_ERROR,
};

use super::capture_list::CAPTURES;
use crate::netlink::{IpsetCommand, IpsetMessage, NFNL_SUBSYS_IPSET};

const NLMSGHDR_LEN: usize = 16;
const NFGENMSG_LEN: usize = 4;

/// Who sent a captured message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    /// `>`: sent by ipset(8).
    Sent,
    /// `<`: received from the kernel.
    Received,
}

/// One captured netlink message, nlmsghdr included.
#[derive(Debug, Clone)]
pub(super) struct NlLine {
    pub file: &'static str,
    /// 1-based line number in the capture file.
    pub line: usize,
    pub dir: Dir,
    pub bytes: Vec<u8>,
}

impl NlLine {
    fn u16_at(&self, off: usize) -> u16 {
        u16::from_ne_bytes([self.bytes[off], self.bytes[off + 1]])
    }

    pub fn message_type(&self) -> u16 {
        self.u16_at(4)
    }

    pub fn flags(&self) -> u16 {
        self.u16_at(6)
    }

    pub fn payload(&self) -> &[u8] {
        &self.bytes[NLMSGHDR_LEN..]
    }
}

/// An ipset message found in a capture: a message of its own, or the request
/// a kernel NLMSG_ERROR echoes.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub file: &'static str,
    pub line: usize,
    pub dir: Dir,
    /// Found inside an NLMSG_ERROR (the kernel's echo of an ipset request).
    pub echoed: bool,
    pub message_type: u16,
    /// Everything after the nlmsghdr: nfgenmsg and attributes.
    pub payload: Vec<u8>,
}

impl Found {
    pub fn command(&self) -> IpsetCommand {
        IpsetCommand::from((self.message_type & 0xff) as u8)
    }

    pub fn parse(&self) -> IpsetMessage {
        IpsetMessage::parse(self.message_type, &self.payload).unwrap_or_else(|e| {
            panic!(
                "{}: parse failed: {e}\n{}",
                self.whence(),
                hex(&self.payload)
            )
        })
    }

    /// The bytes our encoder must reproduce: the payload itself, except that
    /// address leaves in kernel-built messages get the NET_BYTEORDER flag the
    /// kernel leaves off (see [`with_ip_leaf_byteorder`]). Requests ipset built
    /// (sent, or echoed back by the kernel) are compared strictly.
    pub fn expected_emit(&self) -> Vec<u8> {
        if self.dir == Dir::Received && !self.echoed {
            with_ip_leaf_byteorder(&self.payload).0
        } else {
            self.payload.clone()
        }
    }

    pub fn whence(&self) -> String {
        format!(
            "{}.txt line {} ({}{})",
            self.file,
            self.line,
            if self.dir == Dir::Sent {
                "sent"
            } else {
                "received"
            },
            if self.echoed {
                ", echoed in NLMSG_ERROR"
            } else {
                ""
            }
        )
    }
}

pub(super) fn capture_text(name: &str) -> &'static str {
    CAPTURES
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no capture {name}.txt"))
        .1
}

pub(super) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Lowercase hex, whitespace ignored.
pub(super) fn unhex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    assert!(digits.len() % 2 == 0, "odd number of hex digits");
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).expect("hex digit"))
        .collect()
}

/// The netlink messages of a capture, checked for well-formedness.
pub(super) fn lines(name: &'static str) -> Vec<NlLine> {
    let text = capture_text(name);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let dir = match raw.as_bytes().first() {
            Some(b'>') => Dir::Sent,
            Some(b'<') => Dir::Received,
            Some(b'#') | None => continue,
            _ => panic!("{name}.txt line {}: unexpected line", i + 1),
        };
        let bytes = unhex(raw[1..].trim());
        assert!(
            bytes.len() >= NLMSGHDR_LEN,
            "{name}.txt line {}: shorter than nlmsghdr",
            i + 1
        );
        let len = u32::from_ne_bytes(bytes[0..4].try_into().unwrap()) as usize;
        assert_eq!(len, bytes.len(), "{name}.txt line {}: nlmsg_len", i + 1);
        out.push(NlLine {
            file: name,
            line: i + 1,
            dir,
            bytes,
        });
    }
    assert!(!out.is_empty(), "{name}.txt holds no messages");
    out
}

fn is_ipset(message_type: u16) -> bool {
    (message_type >> 8) as u8 == NFNL_SUBSYS_IPSET
}

/// Every ipset message of a capture, with the requests echoed in NLMSG_ERRORs.
pub(super) fn ipset_messages(name: &'static str) -> Vec<Found> {
    let mut out = Vec::new();
    for l in lines(name) {
        let mtype = l.message_type();
        let found = |message_type, payload: &[u8], echoed| Found {
            file: l.file,
            line: l.line,
            dir: l.dir,
            echoed,
            message_type,
            payload: payload.to_vec(),
        };
        if is_ipset(mtype) {
            out.push(found(mtype, l.payload(), false));
        } else if mtype == NLMSG_ERROR {
            let p = l.payload();
            assert!(
                p.len() >= 4 + NLMSGHDR_LEN,
                "{}.txt line {}: short NLMSG_ERROR",
                name,
                l.line
            );
            let echo = &p[4..];
            let echo_len = u32::from_ne_bytes(echo[0..4].try_into().unwrap()) as usize;
            let echo_type = u16::from_ne_bytes([echo[4], echo[5]]);
            assert!(
                is_ipset(echo_type),
                "{}.txt line {}: echo of a non-ipset message",
                name,
                l.line
            );
            if l.flags() & NLM_F_CAPPED != 0 {
                assert_eq!(
                    echo.len(),
                    NLMSGHDR_LEN,
                    "{}.txt line {}: capped echo",
                    name,
                    l.line
                );
            } else {
                assert_eq!(
                    echo.len(),
                    echo_len,
                    "{}.txt line {}: full echo",
                    name,
                    l.line
                );
                out.push(found(echo_type, &echo[NLMSGHDR_LEN..], true));
            }
        } else {
            assert_eq!(
                mtype, NLMSG_DONE,
                "{}.txt line {}: unexpected message type",
                name, l.line
            );
            assert_eq!(
                l.payload(),
                &[0, 0, 0, 0],
                "{}.txt line {}: DONE payload",
                name,
                l.line
            );
        }
    }
    out
}

/// The ipset messages of `name` sent in direction `dir` for `command` (echoes excluded).
pub(super) fn messages(name: &'static str, dir: Dir, command: IpsetCommand) -> Vec<Found> {
    ipset_messages(name)
        .into_iter()
        .filter(|f| f.dir == dir && !f.echoed && f.command() == command)
        .collect()
}

/// The one message of `name` sent in direction `dir` for `command`.
pub(super) fn message(name: &'static str, dir: Dir, command: IpsetCommand) -> Found {
    let mut all = messages(name, dir, command);
    assert_eq!(
        all.len(),
        1,
        "{name}.txt: expected one {dir:?} {command:?} message"
    );
    all.remove(0)
}

pub(super) fn emit(m: &IpsetMessage) -> Vec<u8> {
    let mut buf = vec![0xa5; m.buffer_len()];
    m.emit(&mut buf);
    buf
}

/// Assert that `found` parses to `expected` and that `expected` emits the captured bytes.
pub(super) fn assert_codec(found: &Found, expected: &IpsetMessage) {
    assert_eq!(&found.parse(), expected, "{}: parsed value", found.whence());
    assert_bytes(&emit(expected), &found.expected_emit(), &found.whence());
}

/// Byte comparison with a readable diff.
pub(super) fn assert_bytes(got: &[u8], want: &[u8], what: &str) {
    if got != want {
        let first = got
            .iter()
            .zip(want)
            .position(|(a, b)| a != b)
            .unwrap_or(got.len().min(want.len()));
        panic!(
            "{what}: emitted bytes differ (lengths {} vs {}, first difference at payload offset {first})\n  emitted:  {}\n  captured: {}",
            got.len(),
            want.len(),
            hex(got),
            hex(want)
        );
    }
}

/// Every ipset payload of the capture parses, and re-emitting the parsed value
/// gives the captured bytes back.
pub(super) fn assert_roundtrip(name: &'static str) {
    let found = ipset_messages(name);
    assert!(!found.is_empty(), "{name}.txt: no ipset message");
    for f in &found {
        let parsed = f.parse();
        assert_eq!(
            parsed.message_type(),
            f.message_type,
            "{}: message type",
            f.whence()
        );
        let emitted = emit(&parsed);
        assert_eq!(
            emitted.len(),
            parsed.buffer_len(),
            "{}: buffer_len",
            f.whence()
        );
        if f.dir == Dir::Sent || f.echoed {
            // ipset always flags address leaves; nothing to normalise.
            assert_eq!(
                with_ip_leaf_byteorder(&f.payload).1,
                0,
                "{}: unflagged leaf",
                f.whence()
            );
        }
        assert_bytes(&emitted, &f.expected_emit(), &f.whence());
        // And the emitted bytes parse to the same value again.
        let again = IpsetMessage::parse(f.message_type, &emitted).expect("re-parse");
        assert_eq!(again, parsed, "{}: re-parse of emitted bytes", f.whence());
    }
}

/// A copy of an ipset payload in which every IPADDR_IPV4/IPV6 leaf inside an
/// address nest (IP, IP_TO, BITMASK, IP2, IP2_TO within DATA or ADT/DATA)
/// carries NLA_F_NET_BYTEORDER, and the number of leaves that had to change.
///
/// ipset sets the flag on every leaf it sends and the kernel requires it; the
/// kernel's dumps put addresses with `nla_put_in_addr`, i.e. without it. The
/// codec models an address as an `IpAddr`, so it cannot remember the missing
/// flag and always emits it: this is the only transformation the round-trip
/// tests allow on kernel replies.
pub(super) fn with_ip_leaf_byteorder(payload: &[u8]) -> (Vec<u8>, usize) {
    let mut out = payload.to_vec();
    let mut changed = 0;
    for (off, kind, flags, len) in nlas(&out, NFGENMSG_LEN, out.len()) {
        let value = off + 4..off + len;
        match (kind, flags & NLA_F_NESTED != 0) {
            (7, true) => changed += fix_data(&mut out, value.start, value.end),
            (8, true) => {
                for (doff, dkind, dflags, dlen) in nlas(&out, value.start, value.end) {
                    if dkind == 7 && dflags & NLA_F_NESTED != 0 {
                        changed += fix_data(&mut out, doff + 4, doff + dlen);
                    }
                }
            }
            _ => {}
        }
    }
    (out, changed)
}

fn fix_data(buf: &mut [u8], start: usize, end: usize) -> usize {
    let mut changed = 0;
    for (off, kind, flags, len) in nlas(buf, start, end) {
        if matches!(kind, 1 | 2 | 12 | 20 | 22) && flags & NLA_F_NESTED != 0 {
            for (loff, lkind, lflags, _) in nlas(buf, off + 4, off + len) {
                if matches!(lkind, 1 | 2) && lflags & NLA_F_NET_BYTEORDER == 0 {
                    let t = lkind | lflags | NLA_F_NET_BYTEORDER;
                    buf[loff + 2..loff + 4].copy_from_slice(&t.to_ne_bytes());
                    changed += 1;
                }
            }
        }
    }
    changed
}

/// The attributes in `buf[start..end]`: (offset, kind, flags, nla_len).
fn nlas(buf: &[u8], start: usize, end: usize) -> Vec<(usize, u16, u16, usize)> {
    let mut out = Vec::new();
    let mut off = start;
    while off + 4 <= end {
        let len = u16::from_ne_bytes([buf[off], buf[off + 1]]) as usize;
        let t = u16::from_ne_bytes([buf[off + 2], buf[off + 3]]);
        if len < 4 || off + len > end {
            break;
        }
        out.push((
            off,
            t & !(NLA_F_NESTED | NLA_F_NET_BYTEORDER),
            t & (NLA_F_NESTED | NLA_F_NET_BYTEORDER),
            len,
        ));
        off += (len + 3) & !3;
    }
    out
}

/// The capture list in `capture_list.rs` names exactly the files on disk.
#[test]
fn capture_list_is_complete() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/netlink/tests/captures");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("captures directory")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|n| n.strip_suffix(".txt").map(str::to_owned))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CAPTURES.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(listed, on_disk, "update capture_list.rs");
}

/// Kernel replies differ from our encoding only in the address leaves' flag,
/// and requests never need that normalisation.
#[test]
fn only_kernel_replies_have_unflagged_address_leaves() {
    let mut kernel = 0;
    for (name, _) in CAPTURES {
        for f in ipset_messages(name) {
            let n = with_ip_leaf_byteorder(&f.payload).1;
            if f.dir == Dir::Sent || f.echoed {
                assert_eq!(n, 0, "{}", f.whence());
            } else {
                kernel += n;
            }
        }
    }
    assert!(
        kernel > 2000,
        "the dumps hold thousands of unflagged leaves, found {kernel}"
    );
}

/// The NLMSG_ERRORs of a capture: (error code, the echoed request unless capped).
pub(super) fn errors(name: &'static str) -> Vec<(i32, Option<Found>)> {
    let echoes: Vec<Found> = ipset_messages(name)
        .into_iter()
        .filter(|f| f.echoed)
        .collect();
    lines(name)
        .into_iter()
        .filter(|l| l.message_type() == NLMSG_ERROR)
        .map(|l| {
            let code = i32::from_ne_bytes(l.payload()[0..4].try_into().unwrap());
            (code, echoes.iter().find(|f| f.line == l.line).cloned())
        })
        .collect()
}

/// An address literal.
pub(super) fn ip(s: &str) -> std::net::IpAddr {
    s.parse().expect("address literal")
}

/// A request as ipset builds it: nfgenmsg family AF_INET, PROTOCOL=7 first.
pub(super) fn request(
    command: IpsetCommand,
    mut attrs: Vec<crate::netlink::IpsetAttr>,
) -> IpsetMessage {
    attrs.insert(0, crate::netlink::IpsetAttr::Protocol(7));
    IpsetMessage::new(command, attrs)
}
