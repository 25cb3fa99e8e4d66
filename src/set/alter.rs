//! Change the create options of a live set (`wiset alter`): the kernel
//! cannot change them in place, so a temp set with the new options gets
//! every entry, with its stats, and is swapped in.
//!
//! What happens to each entry's stats:
//! - counters, comment, skbinfo and the remaining timeout are kept where
//!   the new set has them;
//! - an extension the new set drops is dropped from every entry;
//! - counters a set gains start at 0;
//! - a default timeout a set gains does not apply to the entries it holds:
//!   they stay permanent (`timeout 0`), and new entries get the default.
//!
//! Packets counted between an entry's copy and the swap are lost: the copy
//! is one listing streamed into batched adds, and the swap follows at once.

use super::error::{Error, Result};
use super::listing::Load;
use super::lock::SetLock;
use super::session::Exist;
use super::temp::temp_name;
use super::{CreateOptions, Entry, Session};

/// What an alter did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AlterStats {
    /// Entries copied into the new set.
    pub entries: u64,
    /// The temp set holding the old content, when the kernel kept calling
    /// it busy and it could not be destroyed; the next change of the set
    /// removes it.
    pub leftover: Option<String>,
}

impl Session {
    /// Give the live set `set` the create options `change` makes of its
    /// present ones (its type and family stay), keeping every entry as the
    /// module's notes say. `change` runs under the set's writer lock, on
    /// the options the set has then.
    /// Rules and list:sets keep referring to the set. On any failure —
    /// an entry the new options cannot hold (a maxelem below the entry
    /// count, a netmask that merges entries, a range that leaves some out)
    /// — the temp set is destroyed and the live set was never touched.
    pub fn alter(
        &mut self,
        set: &str,
        change: impl FnOnce(&mut CreateOptions),
    ) -> Result<AlterStats> {
        let _lock = SetLock::acquire(set, self.waits().lock, self.cancel_token(), self.netns())?;
        self.check_cancel()?;
        let live = self
            .load_ipset(set, Load::Header)?
            .ok_or_else(|| Error::no_such_set(set))?;
        let mut options = live.options.clone();
        change(&mut options);
        let held = u64::from(live.entries.unwrap_or(0));
        if let Some(m) = options.maxelem
            && held > u64::from(m)
        {
            return Err(Error::invalid(format!(
                "set {set} holds {held} entries, more than a maxelem of {m}"
            )));
        }
        self.remove_stale_temp_sets(set)?;
        let mut temp = live.clone();
        temp.name = temp_name(set);
        temp.options = options;
        temp.options.initval = None;
        temp.revision = None;
        temp.content = None;
        self.create(&temp, Exist::Fail)?;
        let (from, to) = (live.options.clone(), temp.options.clone());
        let copied = self
            .copy_entries(set, &temp.name, |e| adapt(e, &from, &to))
            .and_then(|stats| {
                self.check_cancel()?;
                self.swap_patiently(&temp.name, set)?;
                Ok(stats)
            });
        let stats = match copied {
            Ok(stats) => stats,
            Err(e) if e.kind() == super::ErrorKind::ElementExists => {
                let _ = self.destroy_patiently(&temp.name);
                return Err(Error::invalid(format!(
                    "set {set} holds entries that the new options make one (a wider netmask or bitmask merges them), so they cannot all be kept"
                )));
            }
            Err(e) => {
                let _ = self.destroy_patiently(&temp.name);
                return Err(self.or_interrupted(e));
            }
        };
        let leftover = self
            .destroy_patiently(&temp.name)
            .err()
            .map(|_| temp.name.clone());
        Ok(AlterStats {
            entries: stats.entries,
            leftover,
        })
    }
}

/// An entry of a set with options `from`, as a set with options `to` takes it.
fn adapt(e: &mut Entry, from: &CreateOptions, to: &CreateOptions) {
    let o = &mut e.opts;
    if !to.counters {
        (o.packets, o.bytes) = (None, None);
    }
    if !to.comment {
        o.comment = None;
    }
    if !to.skbinfo {
        (o.skbmark, o.skbprio, o.skbqueue) = (None, None, None);
    }
    match (from.timeout, to.timeout) {
        (_, None) => o.timeout = None,
        // Permanent entries stay permanent under a new default.
        (None, Some(_)) => o.timeout = Some(0),
        (Some(_), Some(_)) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keep_what_the_new_set_has_and_stay_permanent() {
        let mut e = Entry::default();
        e.opts.packets = Some(5);
        e.opts.bytes = Some(50);
        e.opts.comment = Some("x".into());
        e.opts.skbmark = Some((1, 1));
        let bare = CreateOptions::default();
        let all = CreateOptions {
            counters: true,
            comment: true,
            skbinfo: true,
            timeout: Some(600),
            ..Default::default()
        };
        let mut kept = e.clone();
        adapt(&mut kept, &bare, &all);
        assert_eq!((kept.opts.packets, kept.opts.timeout), (Some(5), Some(0)));
        assert_eq!(kept.opts.comment.as_deref(), Some("x"));
        let mut dropped = kept.clone();
        dropped.opts.timeout = Some(42);
        adapt(&mut dropped, &all, &bare);
        assert_eq!(dropped.opts, Default::default());
        let mut remaining = e.clone();
        remaining.opts.timeout = Some(42);
        adapt(&mut remaining, &all, &all);
        assert_eq!(remaining.opts.timeout, Some(42));
    }
}
