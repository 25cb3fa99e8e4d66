//! Whole-content operations: atomic `replace` through a temp set and swap, and
//! `update_content`, which applies only the difference in place.

use std::collections::HashMap;

use crate::netlink::IpsetCommand;

use super::error::{Error, Result};
use super::session::{AdtWriter, BatchStats};
use super::{Element, Entry, EntryOptions, Session, WiSet};

/// What a replace or an update did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplaceStats {
    /// Entries sent to the kernel.
    pub entries: u64,
    /// Netlink messages used for them.
    pub messages: u64,
}

/// What `update_content` changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateStats {
    pub added: u64,
    pub removed: u64,
    /// Entries whose options changed and were re-added.
    pub updated: u64,
    pub unchanged: u64,
}

/// A temp set name that is ours alone and fits ipset's 31 bytes:
/// `wiset-` + a hash of the target's name + the process id. The hash is stable
/// across runs, so a later run can find the temp sets a dead run left behind.
pub fn temp_name(target: &str) -> String {
    temp_prefix(target) + &std::process::id().to_string()
}

/// The part of [`temp_name`] shared by every run replacing `target`.
pub fn temp_prefix(target: &str) -> String {
    // FNV-1a, 32 bits.
    let mut h: u32 = 0x811c_9dc5;
    for b in target.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("wiset-{h:08x}-")
}

impl Session {
    /// Make `live`'s content exactly `entries`, atomically: a temp set with the
    /// same type, family, revision and options (fresh initval) is filled in
    /// batches, swapped in, and the old content destroyed. Iptables rules keep
    /// referring to `live.name`. On any failure — an `Err` item from
    /// `entries`, a kernel error — the temp set is destroyed and the live set
    /// was never touched.
    pub fn replace(
        &mut self,
        live: &WiSet,
        entries: impl IntoIterator<Item = Result<(u32, Entry)>>,
    ) -> Result<ReplaceStats> {
        self.remove_stale_temp_sets(&live.name)?;
        let mut temp = live.clone();
        temp.name = temp_name(&live.name);
        temp.options.initval = None;
        temp.content = None;
        self.create(&temp, false)?;
        let filled = self.insert_list(IpsetCommand::Add, &temp.name, entries, true);
        let swapped = filled.and_then(|stats| self.swap(&temp.name, &live.name).map(|()| stats));
        match swapped {
            Ok(stats) => {
                self.destroy(Some(&temp.name), false)?;
                Ok(ReplaceStats {
                    entries: stats.entries,
                    messages: stats.messages,
                })
            }
            Err(e) => {
                let _ = self.destroy(Some(&temp.name), true);
                Err(e)
            }
        }
    }

    /// Destroy the temp sets that replaces of `target` by processes that no
    /// longer exist left behind (after SIGKILL or power loss). Returns their names.
    pub fn remove_stale_temp_sets(&mut self, target: &str) -> Result<Vec<String>> {
        let prefix = temp_prefix(target);
        let mut removed = Vec::new();
        for set in self.load_all_ipsets(false, Some(&prefix))? {
            let Ok(pid) = set.name[prefix.len()..].parse::<u32>() else {
                continue;
            };
            if pid != std::process::id() && !process_alive(pid) {
                self.destroy(Some(&set.name), true)?;
                removed.push(set.name);
            }
        }
        Ok(removed)
    }

    /// Make `set`'s content equal to `wanted` in place: delete what is gone,
    /// add what is missing, re-add entries whose options changed. Entries that
    /// stay keep their counters and timeouts, and the set is never empty.
    pub fn update_content(
        &mut self,
        set: &str,
        wanted: impl IntoIterator<Item = Entry>,
    ) -> Result<UpdateStats> {
        let current = self.load_ipset(set, true)?.ok_or_else(|| Error::Kernel {
            errno: libc::ENOENT,
            command: IpsetCommand::List,
            line: None,
            message: "The set with the given name does not exist".into(),
        })?;
        let mut have: HashMap<Element, EntryOptions> = current
            .content
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.elem, e.opts))
            .collect();
        let mut stats = UpdateStats::default();
        let mut adds = AdtWriter::new(IpsetCommand::Add, set, true);
        let mut line = 0;
        for e in wanted {
            line += 1;
            match have.remove(&e.elem) {
                Some(old) if !options_differ(&old, &e.opts) => stats.unchanged += 1,
                Some(_) => {
                    stats.updated += 1;
                    adds.push(self, line, &e)?;
                }
                None => {
                    stats.added += 1;
                    adds.push(self, line, &e)?;
                }
            }
        }
        // Add first, then delete, so the set is never empty on the way.
        adds.finish(self)?;
        let mut dels = AdtWriter::new(IpsetCommand::Del, set, true);
        for (elem, _) in have {
            stats.removed += 1;
            dels.push(self, 0, &Entry::new(elem))?;
        }
        let BatchStats { .. } = dels.finish(self)?;
        Ok(stats)
    }
}

/// Whether `wanted` asks for options the entry does not have. Counters and
/// remaining timeouts are the kernel's; only options the input names count.
fn options_differ(have: &EntryOptions, wanted: &EntryOptions) -> bool {
    (wanted.comment.is_some() && wanted.comment != have.comment)
        || (wanted.timeout.is_some() && have.timeout.is_none())
        || (wanted.skbmark.is_some() && wanted.skbmark != have.skbmark)
        || (wanted.skbprio.is_some() && wanted.skbprio != have.skbprio)
        || (wanted.skbqueue.is_some() && wanted.skbqueue != have.skbqueue)
        || wanted.nomatch != have.nomatch
}

/// Whether a process with this pid exists (in our pid namespace).
fn process_alive(pid: u32) -> bool {
    // kill(pid, 0): 0 or EPERM mean it exists, ESRCH that it does not.
    let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}
