//! IpsetMessage: the nfgenmsg header, the command and its attributes.

use netlink_packet_core::{
    DecodeError, Emitable, NetlinkDeserializable, NetlinkHeader, NetlinkPayload,
    NetlinkSerializable, NlasIterator, ParseableParametrized,
};

use super::nla::{AttrView, Walk, walk};
use super::{EntryAttr, IpsetAttr, IpsetCommand, family};

/// The nfnetlink subsystem number of ipset: the high byte of the message type.
pub const NFNL_SUBSYS_IPSET: u8 = 6;

/// Bits of the command-level `IPSET_ATTR_FLAGS`.
pub mod list_flags {
    /// `-exist` (the kernel derives it from the absence of NLM_F_EXCL instead).
    pub const EXIST: u32 = 1 << 0;
    /// `list -name`: set names only.
    pub const LIST_SETNAME: u32 = 1 << 1;
    /// `list -terse`: headers only.
    pub const LIST_HEADER: u32 = 1 << 2;
}

const NFGENMSG_LEN: usize = 4;

/// One ipset request or reply, without the netlink header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpsetMessage {
    /// The command: the low byte of the netlink message type.
    pub command: IpsetCommand,
    /// `nfgen_family`. libipset sends AF_INET and the kernel ignores it; the set's
    /// family travels in `IPSET_ATTR_FAMILY`.
    pub nfgen_family: u8,
    /// Command-level attributes, in wire order.
    pub attrs: Vec<IpsetAttr>,
}

impl IpsetMessage {
    /// A message with `nfgen_family` AF_INET, as libipset sends it.
    pub fn new(command: IpsetCommand, attrs: Vec<IpsetAttr>) -> Self {
        IpsetMessage {
            command,
            nfgen_family: family::INET,
            attrs,
        }
    }

    /// The netlink message type: subsystem << 8 | command.
    pub fn message_type(&self) -> u16 {
        (u16::from(NFNL_SUBSYS_IPSET) << 8) | u16::from(u8::from(self.command))
    }

    /// The SETNAME attribute, if present.
    pub fn set_name(&self) -> Option<&str> {
        self.attrs.iter().find_map(|a| match a {
            IpsetAttr::SetName(s) => Some(s.as_str()),
            _ => None,
        })
    }

    /// The command-level LINENO, which the kernel rewrites in an echoed error.
    pub fn lineno(&self) -> Option<u32> {
        self.attrs.iter().find_map(|a| match a {
            IpsetAttr::LineNo(n) => Some(*n),
            _ => None,
        })
    }

    /// Parse the payload after the netlink header.
    pub fn parse(message_type: u16, payload: &[u8]) -> Result<Self, DecodeError> {
        if (message_type >> 8) as u8 != NFNL_SUBSYS_IPSET {
            return Err(DecodeError::from(format!(
                "not an ipset message: type {message_type:#06x}"
            )));
        }
        if payload.len() < NFGENMSG_LEN {
            return Err(DecodeError::from("ipset message shorter than nfgenmsg"));
        }
        let command = IpsetCommand::from((message_type & 0xff) as u8);
        let mut attrs = Vec::new();
        for nla in NlasIterator::new(&payload[NFGENMSG_LEN..]) {
            attrs.push(IpsetAttr::parse_with_param(&nla?, command)?);
        }
        Ok(IpsetMessage {
            command,
            nfgen_family: payload[0],
            attrs,
        })
    }
}

impl Emitable for IpsetMessage {
    fn buffer_len(&self) -> usize {
        NFGENMSG_LEN + self.attrs.as_slice().buffer_len()
    }

    fn emit(&self, buffer: &mut [u8]) {
        buffer[0] = self.nfgen_family;
        buffer[1] = 0; // NFNETLINK_V0
        buffer[2..4].copy_from_slice(&0u16.to_be_bytes()); // res_id
        self.attrs.as_slice().emit(&mut buffer[NFGENMSG_LEN..]);
    }
}

impl NetlinkSerializable for IpsetMessage {
    fn message_type(&self) -> u16 {
        IpsetMessage::message_type(self)
    }
    fn buffer_len(&self) -> usize {
        <Self as Emitable>::buffer_len(self)
    }
    fn serialize(&self, buffer: &mut [u8]) {
        self.emit(buffer)
    }
}

impl NetlinkDeserializable for IpsetMessage {
    type Error = DecodeError;
    fn deserialize(header: &NetlinkHeader, payload: &[u8]) -> Result<Self, DecodeError> {
        IpsetMessage::parse(header.message_type, payload)
    }
}

impl From<IpsetMessage> for NetlinkPayload<IpsetMessage> {
    fn from(m: IpsetMessage) -> Self {
        NetlinkPayload::InnerMessage(m)
    }
}

/// A LIST/SAVE reply read lazily: the command-level attributes are parsed,
/// the entries inside ADT are walked on demand, without building a
/// `Vec<Vec<EntryAttr>>` for each dump chunk.
#[derive(Debug)]
pub struct DumpMessage<'a> {
    /// Every command-level attribute except ADT.
    pub attrs: Vec<IpsetAttr>,
    adt: Option<&'a [u8]>,
}

impl<'a> DumpMessage<'a> {
    /// Parse a LIST/SAVE reply's payload after the netlink header, keeping ADT unparsed.
    pub fn parse(message_type: u16, payload: &'a [u8]) -> Result<Self, DecodeError> {
        if (message_type >> 8) as u8 != NFNL_SUBSYS_IPSET || payload.len() < NFGENMSG_LEN {
            return Err(DecodeError::from(format!(
                "not an ipset dump message: type {message_type:#06x}"
            )));
        }
        let command = IpsetCommand::from((message_type & 0xff) as u8);
        let mut attrs = Vec::new();
        let mut adt = None;
        for nla in NlasIterator::new(&payload[NFGENMSG_LEN..]) {
            let nla = nla?;
            if nla.kind() == super::attribute::IPSET_ATTR_ADT {
                adt = Some(value_of(nla));
            } else {
                attrs.push(IpsetAttr::parse_with_param(&nla, command)?);
            }
        }
        Ok(DumpMessage { attrs, adt })
    }

    /// The entries of the ADT attribute, each an iterator over its attributes.
    pub fn entries(&self) -> impl Iterator<Item = Result<EntryAttrs<'a>, DecodeError>> + 'a {
        walk(self.adt.unwrap_or(&[])).map(|nla| {
            let nla = nla?;
            if nla.kind() != super::attribute::IPSET_ATTR_DATA {
                return Err(DecodeError::from(format!(
                    "unexpected attribute {} in ADT",
                    nla.kind()
                )));
            }
            Ok(EntryAttrs(walk(nla.bytes())))
        })
    }
}

/// An attribute's value with the lifetime of the buffer it lives in
/// (`NlaBuffer::value` ties it to the NlaBuffer itself).
fn value_of(nla: netlink_packet_core::NlaBuffer<&[u8]>) -> &[u8] {
    let len = usize::from(nla.length());
    let inner = nla.into_inner();
    &inner[netlink_packet_core::NLA_HEADER_SIZE..len.min(inner.len())]
}

/// The attributes of one entry of a dump, parsed as they are read.
pub struct EntryAttrs<'a>(Walk<'a>);

impl Iterator for EntryAttrs<'_> {
    type Item = Result<EntryAttr, DecodeError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|nla| EntryAttr::parse(&nla?))
    }
}
