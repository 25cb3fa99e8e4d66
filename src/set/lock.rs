//! One writer per set: the lock that replace, `--diff` and every other
//! rebuild of a set hold while they work.
//!
//! The lock is a Unix socket bound to an abstract name (`@wiset-lock-` + the
//! hash that also names the set's temp sets). Abstract names belong to the
//! network namespace — the same scope as the sets themselves, whatever PID
//! namespaces the writers are in — and the kernel drops the name when its
//! owner dies, SIGKILL included: there is no lock file to go stale. While a
//! process holds the lock, no other wiset run can be using the set's temp
//! sets, so any it finds were left by a run that died.
//!
//! A process that already holds a set's lock gets it again at once (the
//! command line takes it before `--create`, the replace inside takes it
//! too); the lock is the process's, not a thread's.

use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use super::cancel::{Cancel, pause};
use super::error::{Error, Result};
use super::temp::temp_prefix;

/// A held writer lock; released when the last clone is dropped (or the
/// process ends).
#[derive(Debug, Clone)]
pub struct SetLock {
    _held: Arc<Held>,
}

#[derive(Debug)]
struct Held {
    name: String,
    _socket: UnixListener,
}

/// The locks this process holds, by abstract name.
static HELD: Mutex<Vec<Weak<Held>>> = Mutex::new(Vec::new());

impl SetLock {
    /// Take the writer lock of set `target`, waiting up to `wait` for another
    /// writer to finish (`Duration::ZERO`: do not wait). A cancelled `cancel`
    /// ends the wait with [`Error::Interrupted`]; a wait that runs out is
    /// [`Error::Locked`], naming the holder's pid when it can be seen.
    pub fn acquire(target: &str, wait: Duration, cancel: Option<&Cancel>) -> Result<SetLock> {
        let name = lock_name(target);
        let deadline = Instant::now() + wait;
        let mut backoff = Duration::from_millis(1);
        loop {
            if let Some(held) = already_held(&name) {
                return Ok(SetLock { _held: held });
            }
            let addr = SocketAddr::from_abstract_name(name.as_bytes())?;
            match UnixListener::bind_addr(&addr) {
                Ok(socket) => {
                    let held = Arc::new(Held {
                        name: name.clone(),
                        _socket: socket,
                    });
                    let mut all = HELD.lock().unwrap_or_else(|p| p.into_inner());
                    all.retain(|w| w.strong_count() > 0);
                    all.push(Arc::downgrade(&held));
                    return Ok(SetLock { _held: held });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {}
                Err(e) => return Err(Error::Io(e)),
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(Error::Locked {
                    set: target.to_string(),
                    holder: holder_pid(&name),
                    waited: wait,
                });
            }
            pause(cancel, backoff.min(deadline - now))?;
            backoff = (backoff * 2).min(Duration::from_millis(50));
        }
    }

    /// Whether this process holds the writer lock of set `target`.
    pub fn is_held(target: &str) -> bool {
        already_held(&lock_name(target)).is_some()
    }
}

fn already_held(name: &str) -> Option<Arc<Held>> {
    let all = HELD.lock().unwrap_or_else(|p| p.into_inner());
    all.iter()
        .filter_map(Weak::upgrade)
        .find(|h| h.name == name)
}

/// The abstract socket name of a set's lock: the temp-set prefix, so sets
/// whose names hash alike (and so share a temp-set prefix) share a lock too.
fn lock_name(target: &str) -> String {
    format!("{}lock", temp_prefix(target))
}

/// The pid of the process holding the lock `name`, as seen from this PID
/// namespace (None when it cannot be told). Asked once, when a wait has
/// run out: a connection to the holder's socket carries its credentials.
/// The socket is non-blocking, so a holder whose queue is full (it never
/// accepts) cannot make this wait.
fn holder_pid(name: &str) -> Option<u32> {
    let path = name.as_bytes();
    // SAFETY: plain system calls on a socket this function owns and closes;
    // `addr` is a zeroed sockaddr_un whose path is filled within its bounds
    // (abstract: a leading NUL, then the name), and `cred` is a ucred the
    // kernel writes at most `len` bytes of.
    unsafe {
        let fd = libc::socket(
            libc::AF_UNIX,
            libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
            0,
        );
        if fd < 0 {
            return None;
        }
        let mut addr: libc::sockaddr_un = std::mem::zeroed();
        addr.sun_family = libc::AF_UNIX as libc::sa_family_t;
        if path.len() + 1 > addr.sun_path.len() {
            libc::close(fd);
            return None;
        }
        for (i, b) in path.iter().enumerate() {
            addr.sun_path[i + 1] = *b as libc::c_char;
        }
        let len = (std::mem::size_of::<libc::sa_family_t>() + 1 + path.len()) as libc::socklen_t;
        let mut pid = None;
        if libc::connect(fd, &addr as *const _ as *const libc::sockaddr, len) == 0 {
            let mut cred: libc::ucred = std::mem::zeroed();
            let mut clen = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
            if libc::getsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_PEERCRED,
                &mut cred as *mut _ as *mut libc::c_void,
                &mut clen,
            ) == 0
                && cred.pid > 0
            {
                pid = Some(cred.pid as u32);
            }
        }
        libc::close(fd);
        pid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Needs no ip_set: abstract sockets are in every network namespace.
    #[test]
    fn a_held_lock_is_reentrant_here_and_released_on_drop() {
        let set = format!("lock-test-{}", std::process::id());
        let a = SetLock::acquire(&set, Duration::ZERO, None).expect("free");
        assert!(SetLock::is_held(&set));
        let b = SetLock::acquire(&set, Duration::ZERO, None).expect("reentrant");
        drop(a);
        assert!(SetLock::is_held(&set), "a clone still holds it");
        // Another socket cannot take the name while it is held.
        let addr = SocketAddr::from_abstract_name(lock_name(&set).as_bytes()).unwrap();
        assert!(UnixListener::bind_addr(&addr).is_err());
        assert_eq!(holder_pid(&lock_name(&set)), Some(std::process::id()));
        drop(b);
        assert!(!SetLock::is_held(&set));
        let again = UnixListener::bind_addr(&addr).expect("released");
        // Held by "someone else" now: a wait runs out and names the holder.
        let started = Instant::now();
        match SetLock::acquire(&set, Duration::from_millis(50), None) {
            Err(Error::Locked { holder, .. }) => assert_eq!(holder, Some(std::process::id())),
            other => panic!("{other:?}"),
        }
        assert!(started.elapsed() >= Duration::from_millis(50));
        let cancel = Cancel::new();
        cancel.cancel(2);
        assert!(matches!(
            SetLock::acquire(&set, Duration::from_secs(30), Some(&cancel)),
            Err(Error::Interrupted { signal: 2 })
        ));
        drop(again);
    }
}
