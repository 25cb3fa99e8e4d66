//! Guards for unattended replaces: checks on the new content, made after the
//! temp set is filled (or the plan is made) and before the live set changes,
//! so that a truncated or empty feed is refused with nothing changed.

/// What a replace or `--diff` must not do. The default guards nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Guards {
    /// Refuse a new content with no entries.
    pub refuse_empty: bool,
    /// Refuse a new content with fewer entries than this.
    pub min_entries: Option<u64>,
    /// Refuse a new content that is smaller than the set's present one by
    /// more than this many percent (0–100).
    pub max_shrink: Option<u8>,
}

/// Why a guard (or the set's size limit) refused a change. The counts are
/// entries as the kernel stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The new content has no entries; the set has `live`.
    Empty {
        /// Entries the set holds now.
        live: u64,
    },
    /// The new content has fewer entries than the minimum.
    TooFew {
        /// Entries of the new content.
        entries: u64,
        /// The minimum asked for.
        min: u64,
    },
    /// The new content is smaller than the present one by more than allowed.
    Shrink {
        /// Entries of the new content.
        entries: u64,
        /// Entries the set holds now.
        live: u64,
        /// The most it may shrink, in percent.
        limit: u8,
    },
    /// The new content has more entries than the set may hold.
    Maxelem {
        /// Entries of the new content.
        entries: u64,
        /// The set's maxelem.
        maxelem: u32,
    },
    /// A `forceadd` set filled to its maxelem: the kernel may have evicted
    /// entries of the input to make room for later ones.
    Evicted {
        /// The set's maxelem.
        maxelem: u32,
    },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Refusal::Empty { live } => write!(
                f,
                "the input has no entries, and the set holds {live}: it would be emptied"
            ),
            Refusal::TooFew { entries, min } => write!(
                f,
                "the input has {entries} entries, fewer than the minimum of {min}"
            ),
            Refusal::Shrink {
                entries,
                live,
                limit,
            } => write!(
                f,
                "the set would shrink from {live} to {entries} entries ({}%), more than {limit}%",
                shrink_percent(live, entries)
            ),
            Refusal::Maxelem { entries, maxelem } => write!(
                f,
                "the input has {entries} entries, more than the {maxelem} the set may hold (maxelem)"
            ),
            Refusal::Evicted { maxelem } => write!(
                f,
                "the set has forceadd and the input filled it to its maxelem of {maxelem}, so the kernel may have evicted entries of the input"
            ),
        }
    }
}

/// By how many percent (rounded up) `live` entries shrink to `entries`.
fn shrink_percent(live: u64, entries: u64) -> u64 {
    if live == 0 || entries >= live {
        return 0;
    }
    let lost = u128::from(live - entries) * 100;
    lost.div_ceil(u128::from(live)) as u64
}

impl Guards {
    /// The first guard that refuses a set of `live` entries becoming one of
    /// `entries`.
    pub fn check(&self, live: u64, entries: u64) -> Option<Refusal> {
        if self.refuse_empty && entries == 0 {
            return Some(Refusal::Empty { live });
        }
        if let Some(min) = self.min_entries
            && entries < min
        {
            return Some(Refusal::TooFew { entries, min });
        }
        if let Some(limit) = self.max_shrink
            && entries < live
            && u128::from(live - entries) * 100 > u128::from(limit) * u128::from(live)
        {
            return Some(Refusal::Shrink {
                entries,
                live,
                limit,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guards_refuse_exactly_past_their_limits() {
        let none = Guards::default();
        assert_eq!(none.check(1000, 0), None);
        let g = Guards {
            refuse_empty: true,
            min_entries: Some(10),
            max_shrink: Some(50),
        };
        assert_eq!(g.check(7, 0), Some(Refusal::Empty { live: 7 }));
        assert_eq!(
            g.check(0, 9),
            Some(Refusal::TooFew {
                entries: 9,
                min: 10
            })
        );
        assert_eq!(g.check(0, 10), None);
        assert_eq!(g.check(1000, 500), None, "exactly 50% is allowed");
        assert_eq!(
            g.check(1000, 499),
            Some(Refusal::Shrink {
                entries: 499,
                live: 1000,
                limit: 50
            })
        );
        assert_eq!(g.check(1000, 5000), None, "growing is never refused");
        let zero = Guards {
            max_shrink: Some(0),
            ..Guards::default()
        };
        assert!(zero.check(3, 2).is_some());
        assert_eq!(zero.check(3, 3), None);
        assert_eq!(
            Refusal::Shrink {
                entries: 499,
                live: 1000,
                limit: 50
            }
            .to_string(),
            "the set would shrink from 1000 to 499 entries (51%), more than 50%"
        );
        assert_eq!(shrink_percent(u64::MAX, 0), 100);
    }
}
