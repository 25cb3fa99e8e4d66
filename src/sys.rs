//! Every system call wiset makes outside the resolver, wrapped safe: the
//! one place (with the resolver) where wiset's code says `unsafe`.
//!
//! Public only for the wiset binary, which needs signals, the terminal's
//! width and network namespaces; this is not part of the library's API and
//! may change at any time.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use libc::c_int;

/// The C library's text for an errno, without Rust's " (os error N)" suffix.
pub fn strerror(errno: i32) -> String {
    let s = std::io::Error::from_raw_os_error(errno).to_string();
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Set the int-valued `SOL_SOCKET` option `option` of socket `fd` to `value`.
pub(crate) fn set_socket_option_int(
    fd: BorrowedFd<'_>,
    option: c_int,
    value: c_int,
) -> io::Result<()> {
    let len = std::mem::size_of::<c_int>() as libc::socklen_t;
    // SAFETY: `fd` is an open descriptor for as long as it is borrowed; the
    // option value points to a c_int that lives across the call, of `len`
    // bytes, which the kernel only reads.
    let r = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            option,
            (&value as *const c_int).cast(),
            len,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// The pid of the process that listens on the Unix stream socket bound to
/// the abstract name `name` (without its leading NUL), as seen from this
/// PID namespace; None when there is no such socket, the name is too long,
/// or the pid cannot be told. The connection is non-blocking, so a
/// listener whose queue is full (it never accepts) cannot make this wait;
/// it is closed before this returns.
pub(crate) fn abstract_socket_peer_pid(name: &[u8]) -> Option<u32> {
    let mut addr = libc::sockaddr_un {
        sun_family: libc::AF_UNIX as libc::sa_family_t,
        sun_path: [0; 108],
    };
    // Abstract: a leading NUL, then the name.
    let path = addr.sun_path.get_mut(1..1 + name.len())?;
    for (to, &b) in path.iter_mut().zip(name) {
        *to = b as libc::c_char;
    }
    let len = (std::mem::size_of::<libc::sa_family_t>() + 1 + name.len()) as libc::socklen_t;
    let socket = new_socket(
        libc::AF_UNIX,
        libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
    )?;
    // SAFETY: `socket` is an open socket this function owns; `addr` is a
    // sockaddr_un that lives across the call, and `len` is no more than
    // its size (the name fit in `sun_path` after the NUL).
    let r = unsafe {
        libc::connect(
            socket.as_raw_fd(),
            (&addr as *const libc::sockaddr_un).cast(),
            len,
        )
    };
    if r != 0 {
        return None;
    }
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut cred_len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: `socket` is open; `cred` is a ucred of `cred_len` bytes, of
    // which the kernel writes at most `cred_len` (and says how many).
    let r = unsafe {
        libc::getsockopt(
            socket.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut cred_len,
        )
    };
    (r == 0 && cred.pid > 0).then_some(cred.pid as u32)
}

/// A new socket of `domain` and `kind` (flags included), closed on drop.
fn new_socket(domain: c_int, kind: c_int) -> Option<OwnedFd> {
    // SAFETY: socket(2) takes no pointers.
    let fd = unsafe { libc::socket(domain, kind, 0) };
    if fd < 0 {
        return None;
    }
    // SAFETY: `fd` was just returned by socket(2): open, and owned by nothing else.
    Some(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Move the calling thread into the network namespace that `fd` (an open
/// `/run/netns/NAME`, or any other namespace file) refers to.
pub fn setns_net(fd: BorrowedFd<'_>) -> io::Result<()> {
    // SAFETY: setns(2) takes no pointers; `fd` is open while borrowed. It
    // changes only the calling thread's network namespace.
    if unsafe { libc::setns(fd.as_raw_fd(), libc::CLONE_NEWNET) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Move the calling thread into a new, empty network namespace of its own
/// (as `unshare -n` does); without CAP_NET_ADMIN, into a new user namespace
/// too, in which it has it (as `unshare -Urn`; only a single-threaded
/// process may do that). wiset's examples run in one, so they touch no
/// host set.
pub fn unshare_net() -> io::Result<()> {
    // SAFETY: unshare(2) takes no pointers; it changes only the calling
    // thread's namespaces (a new user namespace is refused, EINVAL, to a
    // process with more than one thread).
    if unsafe { libc::unshare(libc::CLONE_NEWNET) } == 0 {
        return Ok(());
    }
    let first = io::Error::last_os_error();
    if first.raw_os_error() != Some(libc::EPERM) {
        return Err(first);
    }
    // SAFETY: as above.
    if unsafe { libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNET) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// What Rust's runtime does before `main`, for the wiset binary, which
/// starts at the C `main` (`#![no_main]`): standard descriptors 0, 1 and 2
/// are open (a closed one is opened on /dev/null, so that no socket or file
/// opened later takes its number and gets the output), and SIGPIPE is
/// ignored (a closed pipe is a write error, EPIPE, as in any Rust program).
///
/// What it leaves out is the runtime's stack-overflow handler for the main
/// thread: setting it up reads and `sscanf`s /proc/self/maps at every start,
/// a quarter of a single `wiset add`'s instructions. An overflow of the main
/// thread's stack still ends the process at the guard page, by SIGSEGV,
/// without Rust's message.
pub fn start_process() {
    let mut fds = [0, 1, 2].map(|fd| libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    });
    // SAFETY: poll reads and writes the three pollfd of `fds`, which lives
    // across the call; a zero timeout makes it return at once.
    let polled = unsafe { libc::poll(fds.as_mut_ptr(), 3, 0) } != -1;
    for pfd in fds {
        let closed = if polled {
            pfd.revents & libc::POLLNVAL != 0
        } else {
            // SAFETY: F_GETFD only reads the descriptor's flags.
            let flags = unsafe { libc::fcntl(pfd.fd, libc::F_GETFD) };
            flags == -1 && io::Error::last_os_error().raw_os_error() == Some(libc::EBADF)
        };
        // SAFETY: the path is a NUL-terminated literal; open takes the
        // lowest free descriptor, which is this one, as 0, 1 and 2 are done
        // in order.
        if closed && unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) } != pfd.fd {
            // As Rust's runtime: a program that cannot have its standard
            // descriptors does not start.
            std::process::abort();
        }
    }
    // SAFETY: setting a signal's disposition to SIG_IGN installs no handler
    // code; SIGPIPE is a valid signal.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
}

/// The number of columns of the terminal `fd` is, if it is one and says
/// (a terminal that reports 0 columns does not say).
pub fn terminal_columns(fd: BorrowedFd<'_>) -> Option<u16> {
    let mut ws = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one winsize, and `ws` is one that lives
    // across the call; on a descriptor that is not a terminal it fails and
    // writes nothing.
    let r = unsafe { libc::ioctl(fd.as_raw_fd(), libc::TIOCGWINSZ, &mut ws) };
    (r == 0 && ws.ws_col > 0).then_some(ws.ws_col)
}

/// A set of signals blocked in the thread that made it, to be taken with
/// [`SignalSet::wait`] (by that thread or any other).
pub struct SignalSet {
    set: libc::sigset_t,
}

impl SignalSet {
    /// Block `signals` in the calling thread (threads it spawns later
    /// inherit the mask; threads that exist already keep theirs) and return
    /// them as a set to wait for. A number that is not a signal is left out.
    pub fn block(signals: &[c_int]) -> SignalSet {
        // SAFETY: a sigset_t is plain integers, for which all zeroes is a
        // valid value (sigemptyset then makes it the empty set).
        let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: each call gets a pointer to `set`, which lives across
        // it; sigaddset fails (EINVAL, and changes nothing) on a number
        // that is not a signal. pthread_sigmask reads `set` and writes no
        // old mask (null); it changes only the calling thread's mask.
        unsafe {
            libc::sigemptyset(&mut set);
            for &sig in signals {
                libc::sigaddset(&mut set, sig);
            }
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        }
        SignalSet { set }
    }

    /// Wait until one of the set's signals is pending, take it and return
    /// its number; None if the wait fails.
    pub fn wait(&self) -> Option<c_int> {
        let mut sig: c_int = 0;
        // SAFETY: `self.set` is a valid sigset_t (made by `block`) that
        // sigwait only reads; `sig` lives across the call, which writes it.
        if unsafe { libc::sigwait(&self.set, &mut sig) } == 0 {
            Some(sig)
        } else {
            None
        }
    }
}

/// Run `f` with the calling thread in the network namespace `ns`, then move
/// the thread back where it was. What `f` creates there (sockets) stays in
/// `ns`.
pub(crate) fn in_netns<T>(ns: BorrowedFd<'_>, f: impl FnOnce() -> T) -> io::Result<T> {
    let home = std::fs::File::open("/proc/thread-self/ns/net")?;
    setns_net(ns)?;
    let out = f();
    setns_net(std::os::fd::AsFd::as_fd(&home))?;
    Ok(out)
}
