//! The kernel's ipset error numbers and ipset(8)'s texts for them
//! (libipset `lib/errcode.c` wording, looked up the way `ipset_errcode` does).

use super::IpsetCommand;

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

/// Which per-type error table applies (by the set type's name prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TypeFamily {
    /// `bitmap:*` types.
    Bitmap,
    /// `hash:*` types.
    Hash,
    /// `list:set`.
    List,
    /// A type of unknown kind: type-specific codes stay undecoded.
    #[default]
    Unknown,
}

impl TypeFamily {
    /// The family of a type name, by its `bitmap:`, `hash:` or `list:` prefix.
    pub fn of_type_name(name: &str) -> Self {
        if name.starts_with("bitmap:") {
            TypeFamily::Bitmap
        } else if name.starts_with("hash:") {
            TypeFamily::Hash
        } else if name.starts_with("list:") {
            TypeFamily::List
        } else {
            TypeFamily::Unknown
        }
    }
}

/// ipset's message for a kernel error `errno` (positive) answered to `cmd`
/// on a set of the given type family.
pub fn kernel_error_message(errno: i32, cmd: IpsetCommand, family: TypeFamily) -> String {
    use IpsetCommand as C;
    use ipset_errno as E;
    let text: Option<&str> = if errno >= E::TYPE_SPECIFIC {
        type_specific(errno, family)
    } else {
        match (errno, cmd) {
            (libc::ENOENT, _) => Some("The set with the given name does not exist"),
            (libc::EMSGSIZE, _) => Some("Kernel error received: message could not be created"),
            (libc::ERANGE, _) => {
                Some("The specified range is too large, split it up into smaller ranges")
            }
            (libc::EEXIST, C::Create) => {
                Some("Set cannot be created: set with the same name already exists")
            }
            (libc::EEXIST, C::Type) => Some("Kernel error received: set type does not supported"),
            (E::PROTOCOL, _) => Some("Kernel error received: ipset protocol error"),
            (E::FIND_TYPE, _) => Some("Kernel error received: set type not supported"),
            (E::MAX_SETS, _) => {
                Some("Kernel error received: maximal number of sets reached, cannot create more.")
            }
            (E::BUSY, C::Destroy) => {
                Some("Set cannot be destroyed: it is in use by a kernel component")
            }
            (E::EXIST_SETNAME2, C::Rename) => {
                Some("Set cannot be renamed: a set with the new name already exists")
            }
            (E::EXIST_SETNAME2, C::Swap) => {
                Some("Sets cannot be swapped: the second set does not exist")
            }
            (E::TYPE_MISMATCH, C::Swap) => {
                Some("The sets cannot be swapped: their type does not match")
            }
            (E::EXIST, C::Add) => Some("Element cannot be added to the set: it's already added"),
            (E::EXIST, C::Del) => Some("Element cannot be deleted from the set: it's not added"),
            (E::INVALID_CIDR, _) => {
                Some("The value of the CIDR parameter of the IP address is invalid")
            }
            (E::INVALID_NETMASK, _) => Some("The value of the netmask parameter is invalid"),
            (E::INVALID_FAMILY, _) => Some("Protocol family not supported by the set type"),
            (E::TIMEOUT, _) => {
                Some("Timeout cannot be used: set was created without timeout support")
            }
            (E::REFERENCED, C::Rename) => {
                Some("Set cannot be renamed: it is in use by another system")
            }
            (E::IPADDR_IPV4, _) => Some("An IPv4 address is expected, but not received"),
            (E::IPADDR_IPV6, _) => Some("An IPv6 address is expected, but not received"),
            (E::COUNTER, _) => {
                Some("Packet/byte counters cannot be used: set was created without counter support")
            }
            (E::COMMENT, _) => {
                Some("Comment cannot be used: set was created without comment support")
            }
            (E::INVALID_MARKMASK, _) => Some("The value of the markmask parameter is invalid"),
            (E::SKBINFO, _) => {
                Some("Skbinfo mapping cannot be used: set was created without skbinfo support")
            }
            (E::BITMASK_NETMASK_EXCL, _) => {
                Some("netmask and bitmask options are mutually exclusive, provide only one")
            }
            _ => None,
        }
    };
    match text {
        Some(t) => t.to_string(),
        None if errno < E::PRIVATE => format!("Kernel error received: {}", strerror(errno)),
        None => format!("Undecoded error {errno} received from kernel"),
    }
}

fn type_specific(errno: i32, family: TypeFamily) -> Option<&'static str> {
    let i = errno - ipset_errno::TYPE_SPECIFIC;
    match (family, i) {
        (TypeFamily::Bitmap, 0) => Some("Element is out of the range of the set"),
        (TypeFamily::Bitmap, 1) => {
            Some("The range you specified exceeds the size limit of the set type")
        }
        (TypeFamily::Hash, 0) => Some("Hash is full, cannot add more elements"),
        (TypeFamily::Hash, 1) => {
            Some("Null-valued element, cannot be stored in a hash type of set")
        }
        (TypeFamily::Hash, 2) => Some("Invalid protocol specified"),
        (TypeFamily::Hash, 3) => Some("Protocol missing, but must be specified"),
        (TypeFamily::Hash, 4) => {
            Some("Range is not supported in the \"net\" component of the element")
        }
        (TypeFamily::Hash, 5) => Some("Invalid range, covers the whole address space"),
        (TypeFamily::List, 0) => Some("Set to be added/deleted/tested as element does not exist."),
        (TypeFamily::List, 1) => Some("Sets with list:set type cannot be added to the set."),
        (TypeFamily::List, 2) => Some("No reference set specified."),
        (TypeFamily::List, 3) => {
            Some("The set to which you referred with 'before' or 'after' does not exist.")
        }
        (TypeFamily::List, 4) => Some("The set is full, more elements cannot be added."),
        (TypeFamily::List, 5) => {
            Some("The set to which you referred with 'before' or 'after' is not added to the set.")
        }
        _ => None,
    }
}

/// The C library's text for an errno, without Rust's " (os error N)" suffix.
pub fn strerror(errno: i32) -> String {
    let s = std::io::Error::from_raw_os_error(errno).to_string();
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_depend_on_command_and_type_family() {
        assert_eq!(
            kernel_error_message(4103, IpsetCommand::Add, TypeFamily::Hash),
            "Element cannot be added to the set: it's already added"
        );
        assert_eq!(
            kernel_error_message(4352, IpsetCommand::Add, TypeFamily::Hash),
            "Hash is full, cannot add more elements"
        );
        assert_eq!(
            kernel_error_message(4352, IpsetCommand::Add, TypeFamily::Bitmap),
            "Element is out of the range of the set"
        );
        assert_eq!(
            kernel_error_message(libc::EEXIST, IpsetCommand::Create, TypeFamily::Hash),
            "Set cannot be created: set with the same name already exists"
        );
        assert_eq!(
            kernel_error_message(libc::EPERM, IpsetCommand::List, TypeFamily::Unknown),
            "Kernel error received: Operation not permitted"
        );
        assert_eq!(
            kernel_error_message(4200, IpsetCommand::List, TypeFamily::Unknown),
            "Undecoded error 4200 received from kernel"
        );
    }
}
