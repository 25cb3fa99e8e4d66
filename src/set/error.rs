//! The WiSet layer's typed errors: about sets and the kernel. Their `Display`
//! is ipset's text where ipset has one; how a program reports them (exit
//! codes, line prefixes, the flags that change an outcome) is its own affair.

use std::time::Duration;

use crate::netlink::{IpsetCommand, SocketError};
use crate::set::guard::Refusal;

/// Result of the WiSet layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, typed, with ipset's wording.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The kernel refused a request.
    #[error("{message}")]
    #[non_exhaustive]
    Kernel {
        /// Positive errno: a system errno or an ipset code (4096+).
        errno: i32,
        /// The command the kernel refused.
        command: IpsetCommand,
        /// What kind of refusal it is (the errno read for the command and
        /// the set's type).
        kind: ErrorKind,
        /// The set the request named, if it named one.
        set: Option<String>,
        /// The position of the failing entry in a bulk call's input (its
        /// line, for callers that number entries by line).
        line: Option<u32>,
        /// ipset's text for this error.
        message: String,
    },
    /// A request the layer refuses before the kernel sees it: an entry the
    /// kernel could not take (a NUL in a name, a comment too long), a
    /// namespace name that is a path.
    #[error("{message}")]
    #[non_exhaustive]
    Invalid {
        /// What is wrong, in ipset's words where ipset has them.
        message: String,
        /// The entry's position in a bulk call's input.
        line: Option<u32>,
    },
    /// The caller's own error, from its [`EntrySource`](super::EntrySource)
    /// or [`ListSink`](super::ListSink): the call stopped (undoing what it
    /// had changed, as after any failure) and hands it back untouched.
    #[error("{error}")]
    #[non_exhaustive]
    Caller {
        /// The input position it belongs to, if any.
        line: Option<u32>,
        /// The caller's error (`downcast` it back).
        error: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The kernel lacks something the request needs (a set type revision
    /// this library can speak).
    #[error("{0}")]
    Unsupported(String),
    /// The kernel's ip_set is missing, or we may not talk to it.
    #[error("{0}")]
    Unavailable(String),
    /// The netlink conversation itself failed.
    #[error(transparent)]
    Socket(SocketError),
    /// Writing output or reading input failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A [`Cancel`](super::Cancel) token (a signal) stopped the operation;
    /// what it had changed was undone.
    #[error("Interrupted by {}", signal_name(*signal))]
    Interrupted {
        /// The token's code: the signal number when a signal stopped it.
        signal: i32,
    },
    /// Another writer held the set's lock for longer than the wait allowed.
    #[error(
        "set {set} is being changed by another wiset run{}: waited {} s for it",
        holder.map(|p| format!(" (pid {p})")).unwrap_or_default(),
        waited.as_secs_f64()
    )]
    Locked {
        /// The set.
        set: String,
        /// The pid of the lock's holder, when it can be seen.
        holder: Option<u32>,
        /// How long the lock was waited for.
        waited: Duration,
    },
    /// The kernel kept answering that the set is busy: it is being listed
    /// (`ipset list`, a `wiset list` whose reader stopped) or is used by a
    /// kernel component.
    #[error(
        "set {set} is busy (being listed, or used by a kernel component): {action} retried for {} s",
        waited.as_secs_f64()
    )]
    Busy {
        /// The set the kernel called busy.
        set: String,
        /// What was retried: `swap` or `destroy`.
        action: &'static str,
        /// How long it was retried.
        waited: Duration,
    },
    /// A guard (or the set's size) refused the new content before the set changed.
    #[error("set {set}: {refusal}")]
    Refused {
        /// The set that would have changed.
        set: String,
        /// Which guard refused, with the counts.
        refusal: Refusal,
    },
    /// [`Session::update_content`](super::Session::update_content) cannot
    /// compare this set or entry with the set's content; a replace can
    /// change it.
    #[error("{reason}")]
    #[non_exhaustive]
    Incomparable {
        /// What cannot be compared.
        reason: Incomparable,
        /// The input entry's position, when an entry is the reason.
        line: Option<u32>,
    },
    /// An in-place update failed, and so did undoing it: the set holds some
    /// of the new entries.
    #[error(
        "{error}; undoing what was changed failed too ({undo}): set {set} holds some of the new entries"
    )]
    RollbackFailed {
        /// The set.
        set: String,
        /// Why the update stopped.
        error: Box<Error>,
        /// Why undoing it failed.
        undo: Box<Error>,
    },
    /// A transaction's commit failed, and so did undoing it: `committed`
    /// sets hold their new content, the old contents of those replaced are
    /// kept in the `kept` temp sets.
    #[error(
        "{error}; undoing the commit failed too ({undo}): {} hold their new content{}",
        committed.join(", "),
        if kept.is_empty() { String::new() } else { format!(", their old contents are in {}", kept.join(", ")) }
    )]
    PartlyCommitted {
        /// Sets that hold their new content.
        committed: Vec<String>,
        /// Temp sets holding old contents.
        kept: Vec<String>,
        /// Why the commit stopped.
        error: Box<Error>,
        /// Why undoing it failed.
        undo: Box<Error>,
    },
    /// A worker thread of the layer died (a bug); what it was doing was
    /// stopped as after any failure.
    #[error("{0}")]
    Internal(&'static str),
}

/// What kind of failure an [`Error`] is, for callers that act on it (retry,
/// create the set, report) without reading errnos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The set (or a set an entry or position names) does not exist.
    NoSuchSet,
    /// A set with that name exists already.
    SetExists,
    /// add: the entry is in the set already.
    ElementExists,
    /// del, test: the entry is not in the set.
    ElementMissing,
    /// The set is in use (listed, referenced by a rule or a list:set) or
    /// kept busy past the wait.
    Busy,
    /// The two sets of a swap differ in type or family.
    TypeMismatch,
    /// The set (or the kernel's table of sets) is full.
    Full,
    /// The kernel does not have the type, family, revision or feature.
    Unsupported,
    /// The request, an entry or an option is invalid.
    Invalid,
    /// Not permitted (CAP_NET_ADMIN is missing in the namespace).
    Permission,
    /// ip_set is not available.
    Unavailable,
    /// Another writer holds the set's lock.
    Locked,
    /// A guard refused the new content.
    Refused,
    /// A [`Cancel`](super::Cancel) token stopped the operation.
    Interrupted,
    /// The caller's own error ([`Error::Caller`]).
    Caller,
    /// Reading or writing failed.
    Io,
    /// The netlink conversation failed (a reply that makes no sense).
    Protocol,
    /// Something else.
    Other,
}

/// `SIGTERM` for 15, and so on; `signal N` for a number without a name.
pub fn signal_name(n: i32) -> String {
    let name = match n {
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGUSR1 => "SIGUSR1",
        libc::SIGUSR2 => "SIGUSR2",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGALRM => "SIGALRM",
        libc::SIGTERM => "SIGTERM",
        libc::SIGXCPU => "SIGXCPU",
        libc::SIGXFSZ => "SIGXFSZ",
        libc::SIGVTALRM => "SIGVTALRM",
        libc::SIGPROF => "SIGPROF",
        libc::SIGPWR => "SIGPWR",
        _ => return format!("signal {n}"),
    };
    name.to_string()
}

impl Error {
    /// A request the layer refuses itself.
    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid {
            message: msg.into(),
            line: None,
        }
    }

    /// The caller's own error, for an [`EntrySource`](super::EntrySource)
    /// or a [`ListSink`](super::ListSink) to stop a call with: it comes back
    /// as [`Error::Caller`]. Any error type, or a message, will do.
    pub fn caller(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::Caller {
            line: None,
            error: error.into(),
        }
    }

    /// Attach the input position this error belongs to (unless the kernel
    /// named one). Only errors about a request, an entry or the caller's
    /// input take one.
    pub fn at_line(mut self, n: u32) -> Self {
        match &mut self {
            Error::Kernel { line, .. }
            | Error::Invalid { line, .. }
            | Error::Caller { line, .. }
            | Error::Incomparable { line, .. } => {
                line.get_or_insert(n);
            }
            _ => {}
        }
        self
    }

    /// The kernel's answer for a set that does not exist (ENOENT), as the
    /// layer reports it when it finds that out itself (an empty listing).
    pub fn no_such_set(set: &str) -> Self {
        use super::kernel_error::{TypeFamily, refusal};
        refusal(libc::ENOENT, IpsetCommand::List, TypeFamily::Unknown, set)
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Kernel { kind, .. } => *kind,
            Error::Invalid { .. } => ErrorKind::Invalid,
            Error::Caller { .. } => ErrorKind::Caller,
            Error::Unsupported(_) | Error::Incomparable { .. } => ErrorKind::Unsupported,
            Error::Unavailable(_) => ErrorKind::Unavailable,
            Error::Socket(_) => ErrorKind::Protocol,
            Error::Io(_) => ErrorKind::Io,
            Error::Interrupted { .. } => ErrorKind::Interrupted,
            Error::Locked { .. } => ErrorKind::Locked,
            Error::Busy { .. } => ErrorKind::Busy,
            Error::Refused { .. } => ErrorKind::Refused,
            Error::RollbackFailed { error, .. } | Error::PartlyCommitted { error, .. } => {
                error.kind()
            }
            Error::Internal(_) => ErrorKind::Other,
        }
    }

    /// The input position this error belongs to.
    pub fn line(&self) -> Option<u32> {
        match self {
            Error::Kernel { line, .. }
            | Error::Invalid { line, .. }
            | Error::Caller { line, .. }
            | Error::Incomparable { line, .. } => *line,
            _ => None,
        }
    }

    /// The kernel's errno, for kernel errors.
    pub fn errno(&self) -> Option<i32> {
        match self {
            Error::Kernel { errno, .. } => Some(*errno),
            _ => None,
        }
    }

    /// The set the error is about, where it names one.
    pub fn set(&self) -> Option<&str> {
        match self {
            Error::Kernel { set, .. } => set.as_deref(),
            Error::Locked { set, .. }
            | Error::Busy { set, .. }
            | Error::Refused { set, .. }
            | Error::RollbackFailed { set, .. } => Some(set),
            Error::Incomparable {
                reason: Incomparable::SetType { set, .. },
                ..
            } => Some(set),
            Error::PartlyCommitted { committed, .. } => committed.first().map(String::as_str),
            _ => None,
        }
    }
}

/// Why [`Session::update_content`](super::Session::update_content) cannot
/// compare.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Incomparable {
    /// Sets of this type are not compared entry by entry.
    #[error("set {set} has type {type_name}, which wiset cannot compare")]
    SetType {
        /// The set.
        set: String,
        /// Its type.
        type_name: String,
    },
    /// An input entry is a range or an address block, which the kernel
    /// expands into many entries.
    #[error(
        "update_content compares single entries, and the kernel expands ranges and address blocks: use a full replace"
    )]
    Expands,
    /// The set lists an entry of a shape the comparison does not know.
    #[error("the set lists an entry wiset cannot compare: use a full replace")]
    Listed,
    /// More entries on one side than the comparison can index (2^31).
    #[error("too many entries to compare")]
    TooMany,
}
