//! The kernel's answers in ipset(8)'s words (libipset's `lib/errcode.c`
//! wording, looked up the way `ipset_errcode` does: by errno, command and
//! the set type's family), and what kind of failure each one is.

use crate::netlink::{IpsetCommand, KernelError, SocketError, ipset_errno};

use super::error::{Error, ErrorKind};

/// Which per-type error table applies (by the set type's name prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum TypeFamily {
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
    pub(crate) fn of_type_name(name: &str) -> Self {
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
pub(crate) fn kernel_error_message(errno: i32, cmd: IpsetCommand, family: TypeFamily) -> String {
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
        None if errno < E::PRIVATE => {
            format!("Kernel error received: {}", crate::sys::strerror(errno))
        }
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

/// What kind of failure a kernel error `errno` answered to `cmd` is.
pub(crate) fn kind_of(errno: i32, cmd: IpsetCommand, family: TypeFamily) -> ErrorKind {
    use IpsetCommand as C;
    use ipset_errno as E;
    if errno >= E::TYPE_SPECIFIC {
        return match (family, errno - E::TYPE_SPECIFIC) {
            (TypeFamily::Hash, 0) | (TypeFamily::List, 4) => ErrorKind::Full,
            (TypeFamily::List, 0 | 3) => ErrorKind::NoSuchSet,
            (TypeFamily::List, 5) => ErrorKind::ElementMissing,
            _ => ErrorKind::Invalid,
        };
    }
    match (errno, cmd) {
        (libc::ENOENT, _) | (E::EXIST_SETNAME2, C::Swap) => ErrorKind::NoSuchSet,
        (libc::EEXIST, C::Create) | (E::EXIST_SETNAME2, _) => ErrorKind::SetExists,
        (E::EXIST, C::Add) => ErrorKind::ElementExists,
        (E::EXIST, _) => ErrorKind::ElementMissing,
        (libc::EBUSY | E::BUSY | E::REFERENCED, _) => ErrorKind::Busy,
        (E::TYPE_MISMATCH, _) => ErrorKind::TypeMismatch,
        (E::MAX_SETS, _) => ErrorKind::Full,
        (libc::EEXIST, C::Type) | (E::PROTOCOL | E::FIND_TYPE | E::INVALID_FAMILY, _) => {
            ErrorKind::Unsupported
        }
        (libc::EPERM | libc::EACCES, _) => ErrorKind::Permission,
        (e, _) if e >= E::PRIVATE => ErrorKind::Invalid,
        (libc::EINVAL | libc::ERANGE | libc::EMSGSIZE | libc::EEXIST, _) => ErrorKind::Invalid,
        _ => ErrorKind::Other,
    }
}

/// The kernel's refusal `k` as the layer's error, worded as ipset words it.
/// `set` is the set the request named.
pub(crate) fn kernel_err(k: KernelError, family: TypeFamily, set: Option<&str>) -> Error {
    let mut message = kernel_error_message(k.errno, k.command, family);
    // Where ipset has no text of its own, the kernel's extended ack says more
    // ("Attribute failed policy validation") than strerror does.
    let generic = format!("Kernel error received: {}", crate::sys::strerror(k.errno));
    if let Some(ext) = k.ext_ack.filter(|_| message == generic) {
        message.push_str(&format!(" ({ext})"));
    }
    Error::Kernel {
        errno: k.errno,
        command: k.command,
        kind: kind_of(k.errno, k.command, family),
        set: set.map(String::from),
        line: k.lineno.filter(|&l| l != 0),
        message,
    }
}

/// The error the kernel gives for `errno` to `cmd` on `set`, for when the
/// layer knows the answer without asking (a set it found missing or present).
pub(crate) fn refusal(errno: i32, cmd: IpsetCommand, family: TypeFamily, set: &str) -> Error {
    Error::Kernel {
        errno,
        command: cmd,
        kind: kind_of(errno, cmd, family),
        set: Some(set.to_string()),
        line: None,
        message: kernel_error_message(errno, cmd, family),
    }
}

/// A socket error as the layer's error, kernel refusals worded as ipset.
pub(crate) fn sock_err(e: SocketError, family: TypeFamily, set: Option<&str>) -> Error {
    match e {
        SocketError::Kernel(k) => kernel_err(k, family, set),
        other => Error::Socket(other),
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

    #[test]
    fn kinds_depend_on_command_and_type_family() {
        use IpsetCommand as C;
        use TypeFamily as F;
        let cases = [
            (libc::ENOENT, C::List, F::Unknown, ErrorKind::NoSuchSet),
            (libc::EEXIST, C::Create, F::Hash, ErrorKind::SetExists),
            (libc::EEXIST, C::Type, F::Unknown, ErrorKind::Unsupported),
            (4101, C::Rename, F::Unknown, ErrorKind::SetExists),
            (4101, C::Swap, F::Unknown, ErrorKind::NoSuchSet),
            (4102, C::Swap, F::Unknown, ErrorKind::TypeMismatch),
            (4103, C::Add, F::Hash, ErrorKind::ElementExists),
            (4103, C::Del, F::Hash, ErrorKind::ElementMissing),
            (4103, C::Test, F::Bitmap, ErrorKind::ElementMissing),
            (4100, C::Destroy, F::Unknown, ErrorKind::Busy),
            (libc::EBUSY, C::Swap, F::Unknown, ErrorKind::Busy),
            (4108, C::Rename, F::Unknown, ErrorKind::Busy),
            (4098, C::Create, F::Unknown, ErrorKind::Unsupported),
            (4352, C::Add, F::Hash, ErrorKind::Full),
            (4352, C::Add, F::Bitmap, ErrorKind::Invalid),
            (4356, C::Add, F::List, ErrorKind::Full),
            (4352, C::Add, F::List, ErrorKind::NoSuchSet),
            (4107, C::Add, F::Hash, ErrorKind::Invalid),
            (libc::EPERM, C::List, F::Unknown, ErrorKind::Permission),
            (libc::ENOMEM, C::Add, F::Hash, ErrorKind::Other),
        ];
        for (errno, cmd, fam, kind) in cases {
            assert_eq!(kind_of(errno, cmd, fam), kind, "{errno} {cmd:?} {fam:?}");
        }
    }
}
