//! The WiSet layer's typed errors. Their `Display` is ipset's text; the CLI adds
//! the program prefix and, for restore/replace input, `Error in line N: `.

use std::time::Duration;

use crate::netlink::{IpsetCommand, SocketError};
use crate::set::guard::Refusal;
use crate::text::SyntaxError;

/// Result of the WiSet layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, typed, with ipset's wording.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The kernel refused a request.
    #[error("{message}")]
    Kernel {
        /// Positive errno: a system errno or an ipset code (4096+).
        errno: i32,
        /// The command the kernel refused.
        command: IpsetCommand,
        /// The input line of the failing entry, when it came from a batch.
        line: Option<u32>,
        /// ipset's text for this error.
        message: String,
    },
    /// Input ipset(8) would reject: one or more lines of ipset's text.
    #[error("{}", lines.join("\n"))]
    Invalid {
        /// ipset's message lines.
        lines: Vec<String>,
        /// The input line, for restore/replace input.
        line: Option<u32>,
        /// A command-line structure problem (ipset's exit code 2).
        usage: bool,
    },
    /// An element ipset(8) would reject, with its message lines. In restore
    /// input ipset prefixes only some of them with the line
    /// ([`SyntaxError::restore_lines`]).
    #[error("{}", error.lines.join("\n"))]
    Element {
        /// The element parser's failure.
        error: SyntaxError,
        /// The input line, for restore/replace input.
        line: Option<u32>,
    },
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
    /// An input error with ipset's text.
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid {
            lines: vec![msg.into()],
            line: None,
            usage: false,
        }
    }

    /// A command-line structure error (exit code 2).
    pub fn usage(msg: impl Into<String>) -> Self {
        Error::Invalid {
            lines: vec![msg.into()],
            line: None,
            usage: true,
        }
    }

    /// Attach the input line this error belongs to (unless the kernel named one).
    pub fn at_line(mut self, n: u32) -> Self {
        match &mut self {
            Error::Kernel { line, .. }
            | Error::Invalid { line, .. }
            | Error::Element { line, .. } => {
                line.get_or_insert(n);
            }
            _ => {}
        }
        self
    }

    /// The kernel's answer for a set that does not exist (ENOENT), as the
    /// library reports it when it finds that out itself (an empty listing).
    pub fn no_such_set() -> Self {
        Error::Kernel {
            errno: libc::ENOENT,
            command: IpsetCommand::List,
            line: None,
            message: crate::netlink::kernel_error_message(
                libc::ENOENT,
                IpsetCommand::List,
                Default::default(),
            ),
        }
    }

    /// The input line this error belongs to.
    pub fn line(&self) -> Option<u32> {
        match self {
            Error::Kernel { line, .. }
            | Error::Invalid { line, .. }
            | Error::Element { line, .. } => *line,
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

    /// The message lines as ipset prints them, with `Error in line N: ` where
    /// ipset puts it.
    pub fn report_lines(&self) -> Vec<String> {
        match (self, self.line()) {
            (Error::Element { error, .. }, Some(n)) => error.restore_lines(n),
            (e, Some(n)) if !e.is_usage() => {
                let mut lines: Vec<String> = e.to_string().lines().map(String::from).collect();
                if let Some(first) = lines.first_mut() {
                    first.insert_str(0, &format!("Error in line {n}: "));
                }
                lines
            }
            (e, _) => e.to_string().lines().map(String::from).collect(),
        }
    }

    /// Whether this is ipset's "command-line structure" class (exit 2).
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Invalid { usage: true, .. })
    }
}
