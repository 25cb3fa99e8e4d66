//! Writing attributes: the shape of each value and how it goes on the wire
//! ([`Value`]), the `Nla` impl the attribute enums get from it, and
//! [`AttrWriter`], the batch path's encoder. Addresses go through `ip`.

use super::ip;
use super::nla::RawNla;

/// Length of a NUL-terminated string value.
pub(crate) fn string_len(s: &str) -> usize {
    s.len() + 1
}

pub(crate) fn put_string(buf: &mut [u8], s: &str) {
    buf[..s.len()].copy_from_slice(s.as_bytes());
    buf[s.len()] = 0;
}

/// The value of one attribute, as the attribute enums describe themselves.
/// One place knows how each value shape goes on the wire.
pub enum Value<'a> {
    /// One byte, padded; no flag.
    U8(u8),
    /// Big-endian with NLA_F_NET_BYTEORDER, as the kernel requires on input.
    U16(u16),
    /// Big-endian with NLA_F_NET_BYTEORDER, like `U16`.
    U32(u32),
    /// Big-endian with NLA_F_NET_BYTEORDER, like `U16`.
    U64(u64),
    /// NUL-terminated string.
    Str(&'a str),
    /// Raw bytes (MAC addresses).
    Bytes(&'a [u8]),
    /// Nested address attribute (NLA_F_NESTED).
    Ip(&'a std::net::IpAddr),
    /// An attribute kept verbatim.
    Raw(&'a RawNla),
}

impl Value<'_> {
    /// Length of the encoded value, without header and padding.
    pub fn wire_len(&self) -> usize {
        match self {
            Value::U8(_) => 1,
            Value::U16(_) => 2,
            Value::U32(_) => 4,
            Value::U64(_) => 8,
            Value::Str(s) => string_len(s),
            Value::Bytes(b) => b.len(),
            Value::Ip(ip) => ip::value_len(ip),
            Value::Raw(r) => r.value.len(),
        }
    }

    /// Write the encoded value into `buf`, which is [`wire_len`](Self::wire_len) bytes long.
    pub fn emit(&self, buf: &mut [u8]) {
        match self {
            Value::U8(v) => buf[0] = *v,
            Value::U16(v) => buf.copy_from_slice(&v.to_be_bytes()),
            Value::U32(v) => buf.copy_from_slice(&v.to_be_bytes()),
            Value::U64(v) => buf.copy_from_slice(&v.to_be_bytes()),
            Value::Str(s) => put_string(buf, s),
            Value::Bytes(b) => buf.copy_from_slice(b),
            Value::Ip(ip) => ip::emit_value(ip, buf),
            Value::Raw(r) => buf.copy_from_slice(&r.value),
        }
    }

    /// Whether the attribute gets NLA_F_NESTED: addresses, and raw attributes that had it.
    pub fn nested(&self) -> bool {
        match self {
            Value::Ip(_) => true,
            Value::Raw(r) => r.nested,
            _ => false,
        }
    }

    /// Whether the attribute gets NLA_F_NET_BYTEORDER: u16/u32/u64, and raw attributes that had it.
    pub fn net_byteorder(&self) -> bool {
        match self {
            Value::U16(_) | Value::U32(_) | Value::U64(_) => true,
            Value::Raw(r) => r.net_byteorder,
            _ => false,
        }
    }
}

/// Implements `Nla` for an attribute enum that has `fn describe(&self) -> (u16, Value<'_>)`.
macro_rules! nla_via_describe {
    ($ty:ty) => {
        impl netlink_packet_core::Nla for $ty {
            fn value_len(&self) -> usize {
                self.describe().1.wire_len()
            }
            fn kind(&self) -> u16 {
                self.describe().0
            }
            fn emit_value(&self, buffer: &mut [u8]) {
                self.describe().1.emit(buffer)
            }
            fn is_nested(&self) -> bool {
                self.describe().1.nested()
            }
            fn is_network_byteorder(&self) -> bool {
                self.describe().1.net_byteorder()
            }
        }
    };
}
pub(crate) use nla_via_describe;

/// Writes attributes straight into a byte buffer: the batch path, which
/// encodes each entry once without building attribute values first.
pub struct AttrWriter<'a> {
    buf: &'a mut Vec<u8>,
}

impl<'a> AttrWriter<'a> {
    /// A writer appending to `buf`.
    pub fn new(buf: &'a mut Vec<u8>) -> Self {
        AttrWriter { buf }
    }

    /// Append one attribute: header, value, zero padding to 4 bytes.
    pub fn put(&mut self, kind: u16, value: Value<'_>) {
        use netlink_packet_core::{NLA_F_NESTED, NLA_F_NET_BYTEORDER};
        // The shapes of nearly every entry, as whole words: no zero-filling,
        // no second pass over the bytes.
        match value {
            Value::U8(v) => return self.word(kind, 1, [v, 0, 0, 0]),
            Value::U16(v) => {
                let [a, b] = v.to_be_bytes();
                return self.word(kind | NLA_F_NET_BYTEORDER, 2, [a, b, 0, 0]);
            }
            Value::U32(v) => return self.word(kind | NLA_F_NET_BYTEORDER, 4, v.to_be_bytes()),
            Value::Ip(std::net::IpAddr::V4(a)) => {
                let mut b = [0u8; 12];
                b[..2].copy_from_slice(&12u16.to_ne_bytes());
                b[2..4].copy_from_slice(&(kind | NLA_F_NESTED).to_ne_bytes());
                b[4..6].copy_from_slice(&8u16.to_ne_bytes());
                let leaf = ip::IPSET_ATTR_IPADDR_IPV4 | NLA_F_NET_BYTEORDER;
                b[6..8].copy_from_slice(&leaf.to_ne_bytes());
                b[8..].copy_from_slice(&a.octets());
                self.buf.extend_from_slice(&b);
                return;
            }
            _ => {}
        }
        let len = value.wire_len();
        let start = self.buf.len();
        self.buf.resize(start + 4 + ((len + 3) & !3), 0);
        let mut k = kind;
        if value.nested() {
            k |= netlink_packet_core::NLA_F_NESTED;
        }
        if value.net_byteorder() {
            k |= netlink_packet_core::NLA_F_NET_BYTEORDER;
        }
        // Values come from checked entries (names, comments, interfaces are
        // bounded by Entry::check), far below nla_len's u16.
        debug_assert!(len + 4 <= usize::from(u16::MAX), "attribute of {len} bytes");
        self.buf[start..start + 2].copy_from_slice(&((len + 4) as u16).to_ne_bytes());
        self.buf[start + 2..start + 4].copy_from_slice(&k.to_ne_bytes());
        value.emit(&mut self.buf[start + 4..start + 4 + len]);
    }

    /// An attribute whose value (`len` bytes, padded) fits one word.
    fn word(&mut self, kind: u16, len: u16, padded: [u8; 4]) {
        let mut b = [0u8; 8];
        b[..2].copy_from_slice(&(4 + len).to_ne_bytes());
        b[2..4].copy_from_slice(&kind.to_ne_bytes());
        b[4..].copy_from_slice(&padded);
        self.buf.extend_from_slice(&b);
    }

    /// Append attributes that are already encoded.
    pub fn extend(&mut self, encoded: &[u8]) {
        self.buf.extend_from_slice(encoded);
    }

    /// Start a nested attribute; returns its offset for [`AttrWriter::end_nested`].
    pub fn begin_nested(&mut self, kind: u16) -> usize {
        let start = self.buf.len();
        self.buf.extend_from_slice(&[0, 0]);
        self.buf
            .extend_from_slice(&(kind | netlink_packet_core::NLA_F_NESTED).to_ne_bytes());
        start
    }

    /// Close the nested attribute started at `start` (sets its length).
    pub fn end_nested(&mut self, start: usize) {
        let len = (self.buf.len() - start) as u16;
        self.buf[start..start + 2].copy_from_slice(&len.to_ne_bytes());
    }
}
