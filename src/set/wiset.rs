//! pyroute2's calling style: operations on a `WiSet` value that use a given
//! session, or open one for the call when none is given (`sock=None`).
//!
//! ```no_run
//! use wiset::set::{Element, Entry, SetType, WiSet};
//!
//! let set = WiSet::new("blocklist", SetType::HashIp);
//! set.create(None, true)?; // a socket opened for this call
//! let e = Entry::new(Element { ip: Some("192.0.2.1".parse()?), ..Default::default() });
//! set.add(None, &e)?;
//! assert!(set.test(None, &e)?);
//! let loaded = WiSet::load(None, "blocklist")?.expect("exists");
//! assert_eq!(loaded.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::WiSet;
use super::error::Result;
use super::{AdtOp, Element, Entry, ReplaceStats, Session, UpdateStats};

/// Run `f` on `session`, or on a session opened for this call.
pub fn with_session<T>(
    session: Option<&mut Session>,
    f: impl FnOnce(&mut Session) -> Result<T>,
) -> Result<T> {
    match session {
        Some(s) => f(s),
        None => f(&mut Session::open()?),
    }
}

impl WiSet {
    /// Load a set with its content; `None` if it does not exist.
    pub fn load(session: Option<&mut Session>, name: &str) -> Result<Option<WiSet>> {
        with_session(session, |s| s.load_ipset(name, true))
    }

    /// Create this set (`exist`: an identical existing set is fine).
    pub fn create(&self, session: Option<&mut Session>, exist: bool) -> Result<()> {
        with_session(session, |s| s.create(self, exist))
    }

    /// Destroy this set.
    pub fn destroy(&self, session: Option<&mut Session>) -> Result<()> {
        with_session(session, |s| s.destroy(Some(&self.name), false))
    }

    /// Remove all members.
    pub fn flush(&self, session: Option<&mut Session>) -> Result<()> {
        with_session(session, |s| s.flush(Some(&self.name)))
    }

    /// Add an entry.
    pub fn add(&self, session: Option<&mut Session>, entry: &Entry) -> Result<()> {
        with_session(session, |s| s.add(&self.name, entry, false))
    }

    /// Delete an entry.
    pub fn delete(&self, session: Option<&mut Session>, entry: &Entry) -> Result<()> {
        with_session(session, |s| s.delete(&self.name, entry, false))
    }

    /// Whether the set matches an entry.
    pub fn test(&self, session: Option<&mut Session>, entry: &Entry) -> Result<bool> {
        with_session(session, |s| s.test(&self.name, entry))
    }

    /// Test many elements at once; one result per element, in order.
    pub fn test_list(&self, session: Option<&mut Session>, elems: &[Element]) -> Result<Vec<bool>> {
        with_session(session, |s| s.test_list(&self.name, elems))
    }

    /// Add many entries in large batches (existing ones are refreshed).
    pub fn insert_list(
        &self,
        session: Option<&mut Session>,
        entries: impl IntoIterator<Item = Entry>,
    ) -> Result<()> {
        with_session(session, |s| {
            let items = entries.into_iter().zip(1..).map(|(e, line)| Ok((line, e)));
            s.insert_list(AdtOp::Add, &self.name, items, true).map(drop)
        })
    }

    /// Make the content exactly `entries`, in place (entries that stay keep
    /// their counters and timeouts).
    pub fn update_content(
        &self,
        session: Option<&mut Session>,
        entries: impl IntoIterator<Item = Entry>,
    ) -> Result<UpdateStats> {
        with_session(session, |s| s.update_content(&self.name, entries))
    }

    /// Make the content exactly `entries`, atomically, through a temp set.
    pub fn replace(
        &self,
        session: Option<&mut Session>,
        entries: impl IntoIterator<Item = Entry>,
    ) -> Result<ReplaceStats> {
        with_session(session, |s| {
            let live = s
                .load_ipset(&self.name, false)?
                .ok_or_else(super::Error::no_such_set)?;
            s.replace(
                &live,
                entries.into_iter().zip(1..).map(|(e, line)| Ok((line, e))),
            )
        })
    }
}
