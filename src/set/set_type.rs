//! The 16 set types ipset 7.17 knows: names, aliases, families, the parts of
//! their entries, revisions, and the options of create and add in the order
//! ipset prints them.

use std::fmt;

/// A set type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SetType {
    /// bitmap:ip — IPv4 addresses or networks from a fixed range.
    BitmapIp,
    /// bitmap:ip,mac — IPv4 addresses from a fixed range, each with an optional MAC address.
    BitmapIpMac,
    /// bitmap:port — ports from a fixed range.
    BitmapPort,
    /// hash:ip — IP addresses (or networks of one `netmask` size).
    HashIp,
    /// hash:mac — MAC addresses.
    HashMac,
    /// hash:ip,mac — pairs of IP and MAC address.
    HashIpMac,
    /// hash:ip,mark — pairs of IP address and packet mark.
    HashIpMark,
    /// hash:ip,port — IP address, protocol and port.
    HashIpPort,
    /// hash:ip,port,ip — IP address, protocol and port, and a second IP address.
    HashIpPortIp,
    /// hash:ip,port,net — IP address, protocol and port, and a network.
    HashIpPortNet,
    /// hash:net — networks of different prefix lengths.
    HashNet,
    /// hash:net,net — pairs of networks.
    HashNetNet,
    /// hash:net,port — network, protocol and port.
    HashNetPort,
    /// hash:net,port,net — network, protocol and port, and a second network.
    HashNetPortNet,
    /// hash:net,iface — network and interface name.
    HashNetIface,
    /// list:set — names of other sets, matched in order.
    ListSet,
}

/// Which address families a type takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyKind {
    /// IPv4 only; `family` is not an option.
    InetOnly,
    /// inet (default) or inet6.
    Both,
    /// No address family (bitmap:port, hash:mac, list:set).
    Neutral,
}

/// One comma-separated part of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// An address (hash:ip, bitmap:ip, first part of ip,* types).
    Ip,
    /// An address with an optional /cidr (hash:net*).
    Net,
    /// `[PROTO:]PORT` (hash types).
    Port,
    /// A port without protocol in output (bitmap:port).
    BarePort,
    /// The second address of hash:ip,port,ip.
    Ip2,
    /// The second network of hash:ip,port,net, hash:net,net, hash:net,port,net.
    Net2,
    /// A MAC address; optional in bitmap:ip,mac.
    Mac,
    /// `[physdev:]IFACE`.
    Iface,
    /// A 32-bit mark.
    Mark,
    /// A set name (list:set).
    SetName,
}

/// A create (header) option, in the vocabulary of ipset's keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateOption {
    /// `family inet|inet6`.
    Family,
    /// `range`: the fixed range of a bitmap type.
    Range,
    /// `hashsize`: initial number of hash buckets.
    HashSize,
    /// `maxelem`: the most entries a hash set may hold.
    MaxElem,
    /// `netmask`: prefix length stored addresses are masked to.
    Netmask,
    /// `bitmask`: address mask applied to stored addresses.
    Bitmask,
    /// `markmask`: mask applied to marks (hash:ip,mark).
    MarkMask,
    /// `size`: capacity of a list:set.
    Size,
    /// `timeout`: default entry timeout; enables timeout support.
    Timeout,
    /// `counters`: packet and byte counters per entry.
    Counters,
    /// `comment`: a comment per entry.
    Comment,
    /// `forceadd`: a full set evicts a random entry to make room.
    ForceAdd,
    /// `skbinfo`: skbmark, skbprio and skbqueue per entry.
    SkbInfo,
    /// `bucketsize`: entries per hash bucket before the set grows.
    BucketSize,
    /// `initval`: seed of the hash function.
    InitVal,
}

impl CreateOption {
    /// ipset's keyword for the option.
    pub fn keyword(self) -> &'static str {
        use CreateOption::*;
        match self {
            Family => "family",
            Range => "range",
            HashSize => "hashsize",
            MaxElem => "maxelem",
            Netmask => "netmask",
            Bitmask => "bitmask",
            MarkMask => "markmask",
            Size => "size",
            Timeout => "timeout",
            Counters => "counters",
            Comment => "comment",
            ForceAdd => "forceadd",
            SkbInfo => "skbinfo",
            BucketSize => "bucketsize",
            InitVal => "initval",
        }
    }
}

/// An add option (entry extension), in ipset's keyword vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryOption {
    /// `timeout`: seconds until the entry expires (0: never).
    Timeout,
    /// `nomatch`: an exception entry (hash:net* types).
    NoMatch,
    /// `packets`: initial packet counter.
    Packets,
    /// `bytes`: initial byte counter.
    Bytes,
    /// `comment`: a text of at most 255 bytes.
    Comment,
    /// `skbmark`: `0xMARK[/0xMASK]` for the SET target to apply.
    SkbMark,
    /// `skbprio`: traffic control class `MAJOR:MINOR` for the SET target to apply.
    SkbPrio,
    /// `skbqueue`: transmit queue for the SET target to apply.
    SkbQueue,
    /// `wildcard`: the interface name matches as a prefix (hash:net,iface).
    Wildcard,
}

impl EntryOption {
    /// ipset's keyword for the option.
    pub fn keyword(self) -> &'static str {
        use EntryOption::*;
        match self {
            Timeout => "timeout",
            NoMatch => "nomatch",
            Packets => "packets",
            Bytes => "bytes",
            Comment => "comment",
            SkbMark => "skbmark",
            SkbPrio => "skbprio",
            SkbQueue => "skbqueue",
            Wildcard => "wildcard",
        }
    }
}

use CreateOption as C;
use EntryOption as A;

const HASH_IP_CREATE: &[CreateOption] = &[
    C::Family,
    C::HashSize,
    C::MaxElem,
    C::Netmask,
    C::Bitmask,
    C::Timeout,
    C::Counters,
    C::Comment,
    C::ForceAdd,
    C::SkbInfo,
    C::BucketSize,
    C::InitVal,
];
/// hash:ip,port and hash:net,net gained netmask/bitmask in later revisions;
/// ipset lists them last.
const HASH_IP_PORT_CREATE: &[CreateOption] = &[
    C::Family,
    C::HashSize,
    C::MaxElem,
    C::Timeout,
    C::Counters,
    C::Comment,
    C::ForceAdd,
    C::SkbInfo,
    C::BucketSize,
    C::InitVal,
    C::Netmask,
    C::Bitmask,
];
const HASH_CREATE: &[CreateOption] = &[
    C::Family,
    C::HashSize,
    C::MaxElem,
    C::Timeout,
    C::Counters,
    C::Comment,
    C::ForceAdd,
    C::SkbInfo,
    C::BucketSize,
    C::InitVal,
];
const HASH_MAC_CREATE: &[CreateOption] = &[
    C::HashSize,
    C::MaxElem,
    C::Timeout,
    C::Counters,
    C::Comment,
    C::ForceAdd,
    C::SkbInfo,
    C::BucketSize,
    C::InitVal,
];
const HASH_IP_MARK_CREATE: &[CreateOption] = &[
    C::Family,
    C::MarkMask,
    C::HashSize,
    C::MaxElem,
    C::Timeout,
    C::Counters,
    C::Comment,
    C::ForceAdd,
    C::SkbInfo,
    C::BucketSize,
    C::InitVal,
];
const BITMAP_IP_CREATE: &[CreateOption] = &[
    C::Range,
    C::Netmask,
    C::Timeout,
    C::Counters,
    C::Comment,
    C::SkbInfo,
];
const BITMAP_CREATE: &[CreateOption] = &[C::Range, C::Timeout, C::Counters, C::Comment, C::SkbInfo];
const LIST_CREATE: &[CreateOption] = &[C::Size, C::Timeout, C::Counters, C::Comment, C::SkbInfo];

const ADD_PLAIN: &[EntryOption] = &[
    A::Timeout,
    A::Packets,
    A::Bytes,
    A::Comment,
    A::SkbMark,
    A::SkbPrio,
    A::SkbQueue,
];
const ADD_NOMATCH: &[EntryOption] = &[
    A::Timeout,
    A::NoMatch,
    A::Packets,
    A::Bytes,
    A::Comment,
    A::SkbMark,
    A::SkbPrio,
    A::SkbQueue,
];
const ADD_IFACE: &[EntryOption] = &[
    A::Timeout,
    A::NoMatch,
    A::Wildcard,
    A::Packets,
    A::Bytes,
    A::Comment,
    A::SkbMark,
    A::SkbPrio,
    A::SkbQueue,
];

impl SetType {
    /// Every set type, in declaration order.
    pub const ALL: [SetType; 16] = [
        SetType::BitmapIp,
        SetType::BitmapIpMac,
        SetType::BitmapPort,
        SetType::HashIp,
        SetType::HashMac,
        SetType::HashIpMac,
        SetType::HashIpMark,
        SetType::HashIpPort,
        SetType::HashIpPortIp,
        SetType::HashIpPortNet,
        SetType::HashNet,
        SetType::HashNetNet,
        SetType::HashNetPort,
        SetType::HashNetPortNet,
        SetType::HashNetIface,
        SetType::ListSet,
    ];

    /// The canonical name, as the kernel knows it.
    pub fn name(self) -> &'static str {
        use SetType::*;
        match self {
            BitmapIp => "bitmap:ip",
            BitmapIpMac => "bitmap:ip,mac",
            BitmapPort => "bitmap:port",
            HashIp => "hash:ip",
            HashMac => "hash:mac",
            HashIpMac => "hash:ip,mac",
            HashIpMark => "hash:ip,mark",
            HashIpPort => "hash:ip,port",
            HashIpPortIp => "hash:ip,port,ip",
            HashIpPortNet => "hash:ip,port,net",
            HashNet => "hash:net",
            HashNetNet => "hash:net,net",
            HashNetPort => "hash:net,port",
            HashNetPortNet => "hash:net,port,net",
            HashNetIface => "hash:net,iface",
            ListSet => "list:set",
        }
    }

    /// ipset's legacy alias (`iphash`, `nethash`, ...).
    pub fn alias(self) -> &'static str {
        use SetType::*;
        match self {
            BitmapIp => "ipmap",
            BitmapIpMac => "macipmap",
            BitmapPort => "portmap",
            HashIp => "iphash",
            HashMac => "machash",
            HashIpMac => "ipmachash",
            HashIpMark => "ipmarkhash",
            HashIpPort => "ipporthash",
            HashIpPortIp => "ipportiphash",
            HashIpPortNet => "ipportnethash",
            HashNet => "nethash",
            HashNetNet => "netnethash",
            HashNetPort => "netporthash",
            HashNetPortNet => "netportnethash",
            HashNetIface => "netifacehash",
            ListSet => "setlist",
        }
    }

    /// Look a type up by its name or alias.
    pub fn from_name(s: &str) -> Option<SetType> {
        SetType::ALL
            .into_iter()
            .find(|t| t.name() == s || t.alias() == s)
    }

    /// Which address families the type takes.
    pub fn family_kind(self) -> FamilyKind {
        use SetType::*;
        match self {
            BitmapIp | BitmapIpMac => FamilyKind::InetOnly,
            BitmapPort | HashMac | ListSet => FamilyKind::Neutral,
            _ => FamilyKind::Both,
        }
    }

    /// Whether this is a `hash:` type.
    pub fn is_hash(self) -> bool {
        self.name().starts_with("hash:")
    }

    /// Whether this is a `bitmap:` type.
    pub fn is_bitmap(self) -> bool {
        self.name().starts_with("bitmap:")
    }

    /// The parts of an entry, in order.
    pub fn parts(self) -> &'static [Part] {
        use Part::*;
        use SetType::*;
        match self {
            BitmapIp | HashIp => &[Ip],
            BitmapIpMac | HashIpMac => &[Ip, Mac],
            BitmapPort => &[BarePort],
            HashMac => &[Mac],
            HashIpMark => &[Ip, Mark],
            HashIpPort => &[Ip, Port],
            HashIpPortIp => &[Ip, Port, Ip2],
            HashIpPortNet => &[Ip, Port, Net2],
            HashNet => &[Net],
            HashNetNet => &[Net, Net2],
            HashNetPort => &[Net, Port],
            HashNetPortNet => &[Net, Port, Net2],
            HashNetIface => &[Net, Iface],
            ListSet => &[SetName],
        }
    }

    /// Revisions ipset 7.17 knows, lowest first.
    pub fn revisions(self) -> std::ops::RangeInclusive<u8> {
        use SetType::*;
        match self {
            BitmapIp | BitmapIpMac | BitmapPort | ListSet => 0..=3,
            HashIp => 0..=6,
            HashMac => 0..=1,
            HashIpMac => 0..=1,
            HashIpMark => 0..=3,
            HashIpPort => 1..=7,
            HashIpPortIp => 1..=6,
            HashIpPortNet => 1..=8,
            HashNet => 0..=7,
            HashNetNet => 0..=4,
            HashNetPort => 1..=8,
            HashNetPortNet => 0..=3,
            HashNetIface => 0..=8,
        }
    }

    /// Create options in ipset's print order (highest revision).
    pub fn create_options(self) -> &'static [CreateOption] {
        use SetType::*;
        match self {
            HashIp => HASH_IP_CREATE,
            HashIpPort | HashNetNet => HASH_IP_PORT_CREATE,
            HashMac => HASH_MAC_CREATE,
            HashIpMark => HASH_IP_MARK_CREATE,
            BitmapIp => BITMAP_IP_CREATE,
            BitmapIpMac | BitmapPort => BITMAP_CREATE,
            ListSet => LIST_CREATE,
            _ => HASH_CREATE,
        }
    }

    /// Add options in ipset's print order.
    pub fn entry_options(self) -> &'static [EntryOption] {
        use SetType::*;
        match self {
            HashNet | HashNetNet | HashNetPort | HashNetPortNet | HashIpPortNet => ADD_NOMATCH,
            HashNetIface => ADD_IFACE,
            _ => ADD_PLAIN,
        }
    }
}

impl fmt::Display for SetType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
