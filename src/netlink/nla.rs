//! Reading attributes: the walk over a buffer's attributes, integer and
//! string values in the byte order the attribute's flag says, and a raw
//! attribute kept verbatim. Writing them is `value`'s job.

use netlink_packet_core::{DecodeError, Nla, NlaBuffer, NlasIterator};

/// An attribute wiset does not know, kept as it came so it can be shown and re-sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawNla {
    /// The attribute number without the NESTED/NET_BYTEORDER flags.
    pub kind: u16,
    /// Whether NLA_F_NESTED was set.
    pub nested: bool,
    /// Whether NLA_F_NET_BYTEORDER was set.
    pub net_byteorder: bool,
    /// The value bytes, without header and padding.
    pub value: Vec<u8>,
}

/// One attribute as the parsers see it: a netlink-packet-core `NlaBuffer`,
/// or an [`Attr`] from [`walk`].
pub(crate) trait AttrView {
    /// The attribute number without the NESTED/NET_BYTEORDER flags.
    fn kind(&self) -> u16;
    /// The value, without header and padding.
    fn value(&self) -> &[u8];
    fn nested_flag(&self) -> bool;
    fn network_byte_order_flag(&self) -> bool;
}

impl<T: AsRef<[u8]> + ?Sized> AttrView for NlaBuffer<&T> {
    fn kind(&self) -> u16 {
        NlaBuffer::kind(self)
    }
    fn value(&self) -> &[u8] {
        NlaBuffer::value(self)
    }
    fn nested_flag(&self) -> bool {
        NlaBuffer::nested_flag(self)
    }
    fn network_byte_order_flag(&self) -> bool {
        NlaBuffer::network_byte_order_flag(self)
    }
}

/// An attribute found by [`walk`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attr<'a> {
    /// The type field, flags included.
    kind: u16,
    value: &'a [u8],
}

impl<'a> Attr<'a> {
    /// The value with the lifetime of the walked buffer.
    pub fn bytes(&self) -> &'a [u8] {
        self.value
    }
}

impl AttrView for Attr<'_> {
    fn kind(&self) -> u16 {
        self.kind & netlink_packet_core::NLA_TYPE_MASK
    }
    fn value(&self) -> &[u8] {
        self.value
    }
    fn nested_flag(&self) -> bool {
        self.kind & netlink_packet_core::NLA_F_NESTED != 0
    }
    fn network_byte_order_flag(&self) -> bool {
        self.kind & netlink_packet_core::NLA_F_NET_BYTEORDER != 0
    }
}

/// The attributes of `buf`, one after the other: the same checks as
/// netlink-packet-core's `NlasIterator` (a header fits, its length is at
/// least the header and within the buffer; an error ends the walk), without
/// its per-attribute overhead. The inner loop of reading a dump.
pub(crate) fn walk(buf: &[u8]) -> Walk<'_> {
    Walk(buf)
}

/// Iterator of [`walk`].
pub(crate) struct Walk<'a>(&'a [u8]);

impl<'a> Iterator for Walk<'a> {
    type Item = Result<Attr<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.0;
        if b.is_empty() {
            return None;
        }
        let len = match b {
            [l0, l1, _, _, ..] => usize::from(u16::from_ne_bytes([*l0, *l1])),
            _ => 0,
        };
        if len < 4 || len > b.len() {
            self.0 = &[];
            return Some(Err(DecodeError::from(format!(
                "invalid attribute: length {len} in {} bytes",
                b.len()
            ))));
        }
        let kind = u16::from_ne_bytes([b[2], b[3]]);
        self.0 = b.get((len + 3) & !3..).unwrap_or(&[]);
        Some(Ok(Attr {
            kind,
            value: &b[4..len],
        }))
    }
}

impl RawNla {
    pub(crate) fn from_buffer<A: AttrView + ?Sized>(buf: &A) -> Self {
        RawNla {
            kind: buf.kind(),
            nested: buf.nested_flag(),
            net_byteorder: buf.network_byte_order_flag(),
            value: buf.value().to_vec(),
        }
    }
}

impl Nla for RawNla {
    fn value_len(&self) -> usize {
        self.value.len()
    }
    fn kind(&self) -> u16 {
        self.kind
    }
    fn emit_value(&self, buffer: &mut [u8]) {
        buffer.copy_from_slice(&self.value);
    }
    fn is_nested(&self) -> bool {
        self.nested
    }
    fn is_network_byteorder(&self) -> bool {
        self.net_byteorder
    }
}

fn exact<'a, const N: usize>(v: &'a [u8], what: &str) -> Result<&'a [u8; N], DecodeError> {
    v.try_into()
        .map_err(|_| DecodeError::from(format!("{what}: expected {N} bytes, got {}", v.len())))
}

/// Integers honour NLA_F_NET_BYTEORDER: big-endian with the flag, host order without
/// (the kernel sends MARKMASK in host order, everything else flagged).
pub(crate) fn get_u16<A: AttrView + ?Sized>(b: &A, what: &str) -> Result<u16, DecodeError> {
    let v = exact::<2>(b.value(), what)?;
    Ok(if b.network_byte_order_flag() {
        u16::from_be_bytes(*v)
    } else {
        u16::from_ne_bytes(*v)
    })
}

pub(crate) fn get_u32<A: AttrView + ?Sized>(b: &A, what: &str) -> Result<u32, DecodeError> {
    let v = exact::<4>(b.value(), what)?;
    Ok(if b.network_byte_order_flag() {
        u32::from_be_bytes(*v)
    } else {
        u32::from_ne_bytes(*v)
    })
}

pub(crate) fn get_u64<A: AttrView + ?Sized>(b: &A, what: &str) -> Result<u64, DecodeError> {
    let v = exact::<8>(b.value(), what)?;
    Ok(if b.network_byte_order_flag() {
        u64::from_be_bytes(*v)
    } else {
        u64::from_ne_bytes(*v)
    })
}

pub(crate) fn get_u8<A: AttrView + ?Sized>(b: &A, what: &str) -> Result<u8, DecodeError> {
    // u8 attributes travel as one byte padded to four; nla_len says 5.
    match b.value() {
        [v] => Ok(*v),
        other => Err(DecodeError::from(format!(
            "{what}: expected 1 byte, got {}",
            other.len()
        ))),
    }
}

/// NUL-terminated strings (NLA_NUL_STRING). A missing NUL is tolerated on input.
pub(crate) fn get_string<A: AttrView + ?Sized>(b: &A, what: &str) -> Result<String, DecodeError> {
    let v = b.value();
    let v = match v.iter().position(|&c| c == 0) {
        Some(end) => &v[..end],
        None => v,
    };
    String::from_utf8(v.to_vec()).map_err(|e| DecodeError::from(format!("{what}: {e}")))
}

/// Iterate over the attributes nested in `value`, parsing each with `parse`.
pub(crate) fn parse_nested<A>(
    value: &[u8],
    mut parse: impl FnMut(&NlaBuffer<&[u8]>) -> Result<A, DecodeError>,
) -> Result<Vec<A>, DecodeError> {
    let mut out = Vec::new();
    for nla in NlasIterator::new(value) {
        out.push(parse(&nla?)?);
    }
    Ok(out)
}

/// Parse a single raw attribute (used for unknown kinds).
pub(crate) fn raw<A: AttrView + ?Sized>(b: &A) -> RawNla {
    RawNla::from_buffer(b)
}
