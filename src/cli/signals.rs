//! Signals during commands that change sets (replace, `--diff`).
//!
//! Every signal whose default is to end the process is taken by a thread of
//! its own (`sigwait`), which turns it into a cancelled [`Cancel`] token:
//! the library stops at its next batch, undoes what it changed, and the run
//! ends with 128 + the signal number. While no change is under way (before
//! the lock is taken, after the work is done) the watcher ends the process
//! itself at once. The two never race: the watcher decides under the same
//! lock that marks the work under way.

use std::sync::{Mutex, OnceLock};

use wiset::set::Cancel;
use wiset::sys::SignalSet;

/// The signals that end a process by default (SIGPIPE aside: Rust ignores
/// it, and a closed pipe is a write error), each a stop request here.
const STOPPING: [libc::c_int; 12] = [
    libc::SIGHUP,
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
    libc::SIGTERM,
    libc::SIGXCPU,
    libc::SIGXFSZ,
    libc::SIGVTALRM,
    libc::SIGPROF,
    libc::SIGPWR,
];

struct Guard {
    cancel: Cancel,
    /// Whether a change is under way (the watcher must let it undo itself).
    busy: Mutex<bool>,
}

static GUARD: OnceLock<Guard> = OnceLock::new();

/// From here on, the stopping signals cancel the returned token instead of
/// ending the process. Call before any other thread starts: the mask is
/// inherited by every thread made later.
pub fn install() -> Cancel {
    let guard = GUARD.get_or_init(|| {
        // The mask is set in this thread before the watcher (or any other)
        // thread starts, so every thread made later inherits it.
        let set = SignalSet::block(&STOPPING);
        std::thread::spawn(move || watch(set));
        Guard {
            cancel: Cancel::new(),
            busy: Mutex::new(false),
        }
    });
    guard.cancel.clone()
}

fn watch(set: SignalSet) {
    let Some(sig) = set.wait() else { return };
    let Some(guard) = GUARD.get() else { return };
    let busy = guard.busy.lock().unwrap_or_else(|p| p.into_inner());
    guard.cancel.cancel(sig);
    if !*busy {
        // Nothing to undo: end here, holding the lock, so no change starts.
        std::process::exit(128 + sig);
    }
    // The main thread undoes what it changed and exits with 128 + sig.
}

/// Run `f` as a change under way: a signal meanwhile cancels the token
/// and waits for `f` to undo itself. A signal before it starts: `f` does
/// not run.
pub fn busy<T>(f: impl FnOnce() -> T) -> Option<T> {
    let Some(guard) = GUARD.get() else {
        return Some(f());
    };
    {
        let mut busy = guard.busy.lock().unwrap_or_else(|p| p.into_inner());
        if guard.cancel.code().is_some() {
            return None;
        }
        *busy = true;
    }
    let out = f();
    *guard.busy.lock().unwrap_or_else(|p| p.into_inner()) = false;
    Some(out)
}

/// Whether [`install`] ran: the run makes a change that a stop undoes.
pub fn installed() -> bool {
    GUARD.get().is_some()
}

/// The signal that stopped the run, if one did.
pub fn stopped_by() -> Option<i32> {
    GUARD.get().and_then(|g| g.cancel.code())
}
