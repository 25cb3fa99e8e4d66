//! Command-level attributes. DATA's meaning depends on the command: create
//! options for CREATE/LIST/SAVE/HEADER/TYPE, an entry for ADD/DEL/TEST; so
//! parsing takes the command as parameter.

use netlink_packet_core::{
    DecodeError, Emitable, NLA_F_NESTED, NLA_HEADER_SIZE, Nla, NlaBuffer, ParseableParametrized,
};

use super::create::ctx;
use super::nla::{get_string, get_u8, get_u16, get_u32, parse_nested, raw};
use super::value::Value;
use super::{CreateAttr, EntryAttr, IpsetCommand, RawNla};

pub const IPSET_ATTR_PROTOCOL: u16 = 1;
pub const IPSET_ATTR_SETNAME: u16 = 2;
pub const IPSET_ATTR_TYPENAME: u16 = 3;
pub const IPSET_ATTR_REVISION: u16 = 4;
pub const IPSET_ATTR_FAMILY: u16 = 5;
pub const IPSET_ATTR_FLAGS: u16 = 6;
pub const IPSET_ATTR_DATA: u16 = 7;
pub const IPSET_ATTR_ADT: u16 = 8;
pub const IPSET_ATTR_LINENO: u16 = 9;
pub const IPSET_ATTR_PROTOCOL_MIN: u16 = 10;
pub const IPSET_ATTR_INDEX: u16 = 11;

/// One command-level attribute of an ipset message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IpsetAttr {
    /// Protocol version (IPSET_ATTR_PROTOCOL), first in every request; in a PROTOCOL reply the kernel's newest.
    Protocol(u8),
    /// Set name (IPSET_ATTR_SETNAME), at most 31 bytes plus the NUL.
    SetName(String),
    /// TYPENAME on create/list; the same number is SETNAME2 on rename/swap.
    TypeName(String),
    /// Revision of the set type (IPSET_ATTR_REVISION); in a TYPE reply the kernel's highest.
    Revision(u8),
    /// Address family of the set (IPSET_ATTR_FAMILY), see [`super::family`].
    Family(u8),
    /// `IPSET_ATTR_FLAGS`, see [`super::list_flags`].
    Flags(u32),
    /// DATA holding create options or a set header.
    CreateData(Vec<CreateAttr>),
    /// DATA holding one entry.
    EntryData(Vec<EntryAttr>),
    /// DATA whose attributes are already encoded (one entry, written by the
    /// same encoder as a batch's entries); never produced by parsing.
    DataEncoded(Vec<u8>),
    /// ADT: many entries, each a nested DATA.
    Adt(Vec<Vec<EntryAttr>>),
    /// ADT whose DATA elements are already encoded (see `AdtBatch`); never
    /// produced by parsing.
    AdtEncoded(Vec<u8>),
    /// Command-level line number (IPSET_ATTR_LINENO): a batch's first line, which the kernel overwrites with the failing entry's line in an echoed error.
    LineNo(u32),
    /// PROTOCOL_MIN in PROTOCOL replies; the same number is REVISION_MIN in TYPE replies.
    ProtocolMin(u8),
    /// The set's kernel index (IPSET_ATTR_INDEX), reported in protocol 7 dumps.
    Index(u16),
    /// An attribute this codec does not know, kept verbatim.
    Unknown(RawNla),
}

/// Encoded length of one nested DATA element holding `attrs`.
pub(crate) fn data_len(attrs: &[EntryAttr]) -> usize {
    NLA_HEADER_SIZE + attrs.buffer_len()
}

impl IpsetAttr {
    fn scalar(&self) -> Option<(u16, Value<'_>)> {
        use IpsetAttr::*;
        Some(match self {
            Protocol(v) => (IPSET_ATTR_PROTOCOL, Value::U8(*v)),
            SetName(s) => (IPSET_ATTR_SETNAME, Value::Str(s)),
            TypeName(s) => (IPSET_ATTR_TYPENAME, Value::Str(s)),
            Revision(v) => (IPSET_ATTR_REVISION, Value::U8(*v)),
            Family(v) => (IPSET_ATTR_FAMILY, Value::U8(*v)),
            Flags(v) => (IPSET_ATTR_FLAGS, Value::U32(*v)),
            LineNo(v) => (IPSET_ATTR_LINENO, Value::U32(*v)),
            ProtocolMin(v) => (IPSET_ATTR_PROTOCOL_MIN, Value::U8(*v)),
            Index(v) => (IPSET_ATTR_INDEX, Value::U16(*v)),
            Unknown(r) => (r.kind, Value::Raw(r)),
            CreateData(_) | EntryData(_) | DataEncoded(_) | Adt(_) | AdtEncoded(_) => return None,
        })
    }
}

impl Nla for IpsetAttr {
    fn value_len(&self) -> usize {
        match self {
            IpsetAttr::CreateData(a) => a.as_slice().buffer_len(),
            IpsetAttr::EntryData(a) => a.as_slice().buffer_len(),
            IpsetAttr::Adt(entries) => entries.iter().map(|e| data_len(e)).sum(),
            IpsetAttr::AdtEncoded(data) | IpsetAttr::DataEncoded(data) => data.len(),
            other => other.scalar().expect("scalar").1.wire_len(),
        }
    }

    fn kind(&self) -> u16 {
        match self {
            IpsetAttr::CreateData(_) | IpsetAttr::EntryData(_) | IpsetAttr::DataEncoded(_) => {
                IPSET_ATTR_DATA
            }
            IpsetAttr::Adt(_) | IpsetAttr::AdtEncoded(_) => IPSET_ATTR_ADT,
            other => other.scalar().expect("scalar").0,
        }
    }

    fn emit_value(&self, buffer: &mut [u8]) {
        match self {
            IpsetAttr::CreateData(a) => a.as_slice().emit(buffer),
            IpsetAttr::EntryData(a) => a.as_slice().emit(buffer),
            IpsetAttr::AdtEncoded(data) | IpsetAttr::DataEncoded(data) => {
                buffer.copy_from_slice(data)
            }
            IpsetAttr::Adt(entries) => {
                let mut off = 0;
                for e in entries {
                    let len = data_len(e);
                    emit_data(e, &mut buffer[off..off + len]);
                    off += len;
                }
            }
            other => other.scalar().expect("scalar").1.emit(buffer),
        }
    }

    fn is_nested(&self) -> bool {
        match self {
            IpsetAttr::CreateData(_)
            | IpsetAttr::EntryData(_)
            | IpsetAttr::DataEncoded(_)
            | IpsetAttr::Adt(_)
            | IpsetAttr::AdtEncoded(_) => true,
            other => other.scalar().expect("scalar").1.nested(),
        }
    }

    fn is_network_byteorder(&self) -> bool {
        match self {
            IpsetAttr::CreateData(_)
            | IpsetAttr::EntryData(_)
            | IpsetAttr::DataEncoded(_)
            | IpsetAttr::Adt(_)
            | IpsetAttr::AdtEncoded(_) => false,
            other => other.scalar().expect("scalar").1.net_byteorder(),
        }
    }
}

/// Write one `DATA | NLA_F_NESTED` element (header included) into `buf`.
fn emit_data(attrs: &[EntryAttr], buf: &mut [u8]) {
    let len = data_len(attrs);
    // The element itself is small (one entry); nla_len is checked by the batch builder
    // for the enclosing ADT, which is what can approach the u16 limit.
    buf[0..2].copy_from_slice(&(len as u16).to_ne_bytes());
    buf[2..4].copy_from_slice(&(IPSET_ATTR_DATA | NLA_F_NESTED).to_ne_bytes());
    attrs.emit(&mut buf[NLA_HEADER_SIZE..len]);
}

impl<T: AsRef<[u8]> + ?Sized> ParseableParametrized<NlaBuffer<&T>, IpsetCommand> for IpsetAttr {
    fn parse_with_param(b: &NlaBuffer<&T>, cmd: IpsetCommand) -> Result<Self, DecodeError> {
        use IpsetAttr::*;
        Ok(match b.kind() {
            IPSET_ATTR_PROTOCOL => Protocol(get_u8(b, "IPSET_ATTR_PROTOCOL")?),
            IPSET_ATTR_SETNAME => SetName(get_string(b, "IPSET_ATTR_SETNAME")?),
            IPSET_ATTR_TYPENAME => TypeName(get_string(b, "IPSET_ATTR_TYPENAME")?),
            IPSET_ATTR_REVISION => Revision(get_u8(b, "IPSET_ATTR_REVISION")?),
            IPSET_ATTR_FAMILY => Family(get_u8(b, "IPSET_ATTR_FAMILY")?),
            IPSET_ATTR_FLAGS => Flags(get_u32(b, "IPSET_ATTR_FLAGS")?),
            IPSET_ATTR_DATA if cmd.data_is_entry() => EntryData(
                parse_nested(b.value(), |a| EntryAttr::parse(a))
                    .map_err(|e| ctx(e, "IPSET_ATTR_DATA"))?,
            ),
            IPSET_ATTR_DATA => CreateData(
                parse_nested(b.value(), CreateAttr::parse)
                    .map_err(|e| ctx(e, "IPSET_ATTR_DATA"))?,
            ),
            IPSET_ATTR_ADT => Adt(parse_nested(b.value(), |n| {
                if n.kind() != IPSET_ATTR_DATA {
                    return Err(DecodeError::from(format!(
                        "unexpected attribute {} in ADT",
                        n.kind()
                    )));
                }
                parse_nested(n.value(), |a| EntryAttr::parse(a))
            })
            .map_err(|e| ctx(e, "IPSET_ATTR_ADT"))?),
            IPSET_ATTR_LINENO => LineNo(get_u32(b, "IPSET_ATTR_LINENO")?),
            IPSET_ATTR_PROTOCOL_MIN => ProtocolMin(get_u8(b, "IPSET_ATTR_PROTOCOL_MIN")?),
            IPSET_ATTR_INDEX => Index(get_u16(b, "IPSET_ATTR_INDEX")?),
            _ => Unknown(raw(b)),
        })
    }
}
