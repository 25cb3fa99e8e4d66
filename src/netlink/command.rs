//! `IPSET_CMD_*`: the low byte of the netlink message type.

/// An ipset command (protocol 7 numbering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IpsetCommand {
    /// Negotiate the protocol version.
    Protocol,
    /// Create a set.
    Create,
    /// Destroy a set, or every set when SETNAME is absent.
    Destroy,
    /// Remove all entries of a set, or of every set when SETNAME is absent.
    Flush,
    /// Rename SETNAME to SETNAME2.
    Rename,
    /// Swap the names of SETNAME and SETNAME2.
    Swap,
    /// Dump sets for `ipset list`; every dump reply carries this command, also for SAVE.
    List,
    /// Dump sets for `ipset save` (the replies carry LIST).
    Save,
    /// Add entries to a set.
    Add,
    /// Delete entries from a set.
    Del,
    /// Test whether an entry is in a set (IPSET_ERR_EXIST when it is not).
    Test,
    /// Ask for a set's type, family and revision.
    Header,
    /// Ask for the revisions the kernel supports of a type.
    Type,
    /// Look a set up by name (protocol 7).
    GetByName,
    /// Look a set up by index (protocol 7).
    GetByIndex,
    /// A command this codec does not know.
    Other(u8),
}

impl From<u8> for IpsetCommand {
    fn from(v: u8) -> Self {
        use IpsetCommand::*;
        match v {
            1 => Protocol,
            2 => Create,
            3 => Destroy,
            4 => Flush,
            5 => Rename,
            6 => Swap,
            7 => List,
            8 => Save,
            9 => Add,
            10 => Del,
            11 => Test,
            12 => Header,
            13 => Type,
            14 => GetByName,
            15 => GetByIndex,
            other => Other(other),
        }
    }
}

impl From<IpsetCommand> for u8 {
    fn from(c: IpsetCommand) -> u8 {
        use IpsetCommand::*;
        match c {
            Protocol => 1,
            Create => 2,
            Destroy => 3,
            Flush => 4,
            Rename => 5,
            Swap => 6,
            List => 7,
            Save => 8,
            Add => 9,
            Del => 10,
            Test => 11,
            Header => 12,
            Type => 13,
            GetByName => 14,
            GetByIndex => 15,
            Other(v) => v,
        }
    }
}

impl IpsetCommand {
    /// Whether the command-level DATA attribute holds an entry (ADT namespace)
    /// rather than create/header options.
    pub fn data_is_entry(self) -> bool {
        matches!(
            self,
            IpsetCommand::Add | IpsetCommand::Del | IpsetCommand::Test
        )
    }

    /// The netlink flags libipset 7.17 sends with this command (`cmdflags[]`),
    /// before `-exist` clears NLM_F_EXCL.
    pub fn request_flags(self) -> u16 {
        use IpsetCommand::*;
        use netlink_packet_core::{NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST};
        match self {
            Create => NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
            Destroy | Add | Del => NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL,
            Flush | Rename | Swap | Test => NLM_F_REQUEST | NLM_F_ACK,
            List | Save => NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
            Protocol | Header | Type | GetByName | GetByIndex | Other(_) => NLM_F_REQUEST,
        }
    }
}
