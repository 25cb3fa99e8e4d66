//! The kernel's ipset error numbers (`IPSET_ERR_*` of `ip_set.h`). What
//! they mean to a user, in ipset(8)'s words, is the set layer's business
//! (`set::kernel_error`).

/// ipset's private error numbers (`IPSET_ERR_*`), positive.
pub mod ipset_errno {
    /// Base of ipset's private error numbers (IPSET_ERR_PRIVATE).
    pub const PRIVATE: i32 = 4096;
    /// The request's protocol version is missing or not supported.
    pub const PROTOCOL: i32 = 4097;
    /// The kernel does not know the set type (for that family or revision).
    pub const FIND_TYPE: i32 = 4098;
    /// The kernel's maximal number of sets is reached.
    pub const MAX_SETS: i32 = 4099;
    /// destroy: the set is in use by a kernel component (iptables rule, list:set).
    pub const BUSY: i32 = 4100;
    /// rename: a set with the new name exists; swap: the second set does not exist.
    pub const EXIST_SETNAME2: i32 = 4101;
    /// swap: the two sets differ in type or family.
    pub const TYPE_MISMATCH: i32 = 4102;
    /// add: the element is already in the set; del and test: it is not.
    pub const EXIST: i32 = 4103;
    /// The CIDR of an address is invalid.
    pub const INVALID_CIDR: i32 = 4104;
    /// The `netmask` value is invalid.
    pub const INVALID_NETMASK: i32 = 4105;
    /// The set type does not support the protocol family.
    pub const INVALID_FAMILY: i32 = 4106;
    /// A timeout was given to a set created without timeout support.
    pub const TIMEOUT: i32 = 4107;
    /// rename: the set is in use and cannot be renamed.
    pub const REFERENCED: i32 = 4108;
    /// An IPv4 address was expected but not received.
    pub const IPADDR_IPV4: i32 = 4109;
    /// An IPv6 address was expected but not received.
    pub const IPADDR_IPV6: i32 = 4110;
    /// Counters were given to a set created without counter support.
    pub const COUNTER: i32 = 4111;
    /// A comment was given to a set created without comment support.
    pub const COMMENT: i32 = 4112;
    /// The `markmask` value is invalid.
    pub const INVALID_MARKMASK: i32 = 4113;
    /// skbinfo values were given to a set created without skbinfo support.
    pub const SKBINFO: i32 = 4114;
    /// Both `netmask` and `bitmask` were given; they are mutually exclusive.
    pub const BITMASK_NETMASK_EXCL: i32 = 4115;
    /// The first type-specific code; its meaning depends on the set type family.
    pub const TYPE_SPECIFIC: i32 = 4352;
}
