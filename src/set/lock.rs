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
use super::netns::{Netns, identity, within};
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
    ///
    /// The lock is the set's in `netns` (a session's [`Session::netns`]),
    /// or in the calling thread's namespace.
    ///
    /// [`Session::netns`]: super::Session::netns
    pub fn acquire(
        target: &str,
        wait: Duration,
        cancel: Option<&Cancel>,
        netns: Option<&Netns>,
    ) -> Result<SetLock> {
        let name = lock_name(target);
        let key = held_key(netns, &name);
        let deadline = Instant::now() + wait;
        let mut backoff = Duration::from_millis(1);
        loop {
            if let Some(held) = already_held(&key) {
                return Ok(SetLock { _held: held });
            }
            let addr = SocketAddr::from_abstract_name(name.as_bytes())?;
            match within(netns, || UnixListener::bind_addr(&addr))? {
                Ok(socket) => {
                    let held = Arc::new(Held {
                        name: key.clone(),
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
                    holder: holder_pid(netns, &name),
                    waited: wait,
                });
            }
            pause(cancel, backoff.min(deadline - now))?;
            backoff = (backoff * 2).min(Duration::from_millis(50));
        }
    }

    /// Whether this process holds the writer lock of set `target` (in
    /// `netns`, or in the calling thread's namespace).
    pub fn is_held(target: &str, netns: Option<&Netns>) -> bool {
        already_held(&held_key(netns, &lock_name(target))).is_some()
    }
}

/// A lock's name in this process's registry: its namespace and its name, so
/// sessions in two namespaces do not take each other's locks for their own.
fn held_key(netns: Option<&Netns>, name: &str) -> String {
    let (dev, ino) = identity(netns);
    format!("{dev}:{ino}:{name}")
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
fn holder_pid(netns: Option<&Netns>, name: &str) -> Option<u32> {
    within(netns, || {
        crate::sys::abstract_socket_peer_pid(name.as_bytes())
    })
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Needs no ip_set: abstract sockets are in every network namespace.
    #[test]
    fn a_held_lock_is_reentrant_here_and_released_on_drop() {
        let set = format!("lock-test-{}", std::process::id());
        let a = SetLock::acquire(&set, Duration::ZERO, None, None).expect("free");
        assert!(SetLock::is_held(&set, None));
        let b = SetLock::acquire(&set, Duration::ZERO, None, None).expect("reentrant");
        drop(a);
        assert!(SetLock::is_held(&set, None), "a clone still holds it");
        // Another socket cannot take the name while it is held.
        let addr = SocketAddr::from_abstract_name(lock_name(&set).as_bytes()).unwrap();
        assert!(UnixListener::bind_addr(&addr).is_err());
        assert_eq!(holder_pid(None, &lock_name(&set)), Some(std::process::id()));
        drop(b);
        assert!(!SetLock::is_held(&set, None));
        let again = UnixListener::bind_addr(&addr).expect("released");
        // Held by "someone else" now: a wait runs out and names the holder.
        let started = Instant::now();
        match SetLock::acquire(&set, Duration::from_millis(50), None, None) {
            Err(Error::Locked { holder, .. }) => assert_eq!(holder, Some(std::process::id())),
            other => panic!("{other:?}"),
        }
        assert!(started.elapsed() >= Duration::from_millis(50));
        let cancel = Cancel::new();
        cancel.cancel(2);
        assert!(matches!(
            SetLock::acquire(&set, Duration::from_secs(30), Some(&cancel), None),
            Err(Error::Interrupted { signal: 2 })
        ));
        drop(again);
    }
}
