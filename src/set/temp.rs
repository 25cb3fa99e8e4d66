//! The names of the temp sets a replace fills (and of the writer lock that
//! guards them): derived from the target's name alone, so a later run finds
//! what a dead one left behind.

/// A temp set name that is ours alone and fits ipset's 31 bytes:
/// `wiset-` + a hash of the target's name + `-` + the process id. The hash
/// is stable across runs, so a later run can find the temp sets a dead run
/// left behind; the pid tells people whose it was (ownership is the set's
/// writer lock, which PID namespaces do not split).
pub fn temp_name(target: &str) -> String {
    temp_prefix(target) + &std::process::id().to_string()
}

/// The second temp set of one run (a replace whose maxelem is refitted).
pub(super) fn second_temp_name(target: &str) -> String {
    temp_name(target) + "-2"
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

/// Whether `name` is a temp set of a run replacing `target`: the prefix,
/// then a pid (and `-2` for a second temp set). Sets that only look alike
/// (`wiset-mine`, the prefix + `x1`) are not.
pub(super) fn is_temp_of(name: &str, prefix: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match name.strip_prefix(prefix) {
        Some(rest) => match rest.split_once('-') {
            None => digits(rest),
            Some((pid, n)) => digits(pid) && n == "2",
        },
        None => false,
    }
}
