//! Stopping a long operation from outside: a [`Cancel`] token, shared by the
//! code that wants the stop (a signal handler thread, a GUI button) and the
//! operations of a [`Session`](super::Session) that observe it.
//!
//! An operation that sees the token cancelled stops at its next batch, undoes
//! what it changed (a replace destroys its temp set; `--diff` rolls its
//! changes back) and returns [`Error::Interrupted`]. Waits (for a set's lock,
//! for a busy set) end at once.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::error::{Error, Result};

/// A request to stop, with a code (the signal number, when a signal asked).
/// Cloning shares the token.
#[derive(Clone, Default)]
pub struct Cancel(Arc<Inner>);

#[derive(Default)]
struct Inner {
    /// 0 until cancelled, then the code.
    code: AtomicI32,
    /// Callbacks that unblock readers waiting for input.
    wakers: Mutex<Vec<Box<dyn Fn() + Send>>>,
    sleepers: Condvar,
}

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Cancel").field(&self.code()).finish()
    }
}

impl Cancel {
    /// A token nobody has cancelled yet.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Ask every operation watching this token to stop; `code` (non-zero,
    /// e.g. a signal number) is what [`Error::Interrupted`] reports. Only the
    /// first request counts.
    pub fn cancel(&self, code: i32) {
        let code = if code == 0 { -1 } else { code };
        if self
            .0
            .code
            .compare_exchange(0, code, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            return;
        }
        let wakers = self.0.wakers.lock().unwrap_or_else(|p| p.into_inner());
        for wake in wakers.iter() {
            wake();
        }
        self.0.sleepers.notify_all();
    }

    /// The code of the stop request, if there was one.
    pub fn code(&self) -> Option<i32> {
        match self.0.code.load(Ordering::Relaxed) {
            0 => None,
            c => Some(c),
        }
    }

    /// `Err(Interrupted)` once cancelled.
    pub fn check(&self) -> Result<()> {
        match self.code() {
            None => Ok(()),
            Some(signal) => Err(Error::Interrupted { signal }),
        }
    }

    /// Sleep for `d`, or less if the token is cancelled meanwhile (then `Err`).
    pub fn sleep(&self, d: Duration) -> Result<()> {
        let deadline = Instant::now() + d;
        let mut guard = self.0.wakers.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            self.check()?;
            let now = Instant::now();
            if now >= deadline {
                return Ok(());
            }
            guard = match self.0.sleepers.wait_timeout(guard, deadline - now) {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            };
        }
    }

    /// Call `wake` when the token is cancelled (at once if it already is):
    /// for a reader blocked on input, which no flag can reach.
    pub fn on_cancel(&self, wake: impl Fn() + Send + 'static) {
        let mut wakers = self.0.wakers.lock().unwrap_or_else(|p| p.into_inner());
        if self.code().is_some() {
            wake();
        } else {
            wakers.push(Box::new(wake));
        }
    }
}

/// Sleep `d` on an optional token.
pub(crate) fn pause(cancel: Option<&Cancel>, d: Duration) -> Result<()> {
    match cancel {
        Some(c) => c.sleep(d),
        None => {
            std::thread::sleep(d);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_sleep_ends_at_once_and_wakers_run_once() {
        let c = Cancel::new();
        assert!(c.check().is_ok());
        let woken = Arc::new(AtomicI32::new(0));
        let w = woken.clone();
        c.on_cancel(move || {
            w.fetch_add(1, Ordering::SeqCst);
        });
        let c2 = c.clone();
        let t = std::thread::spawn(move || {
            let started = Instant::now();
            let r = c2.sleep(Duration::from_secs(30));
            (r, started.elapsed())
        });
        std::thread::sleep(Duration::from_millis(20));
        c.cancel(15);
        c.cancel(2);
        let (r, took) = t.join().unwrap();
        assert!(matches!(r, Err(Error::Interrupted { signal: 15 })), "{r:?}");
        assert!(took < Duration::from_secs(5), "{took:?}");
        assert_eq!(woken.load(Ordering::SeqCst), 1);
        // A waker registered late runs at once.
        let w = woken.clone();
        c.on_cancel(move || {
            w.fetch_add(1, Ordering::SeqCst);
        });
        assert_eq!(woken.load(Ordering::SeqCst), 2);
        assert_eq!(c.code(), Some(15));
    }
}
