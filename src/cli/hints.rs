//! wiset's explanations of the kernel's answers, printed on a line of
//! their own after ipset's text (so that scripts matching ipset's text
//! still match), and only when the program runs as wiset: installed as
//! `ipset`, every message stays byte for byte ipset's.

use wiset::set::{self, ErrorKind, SetType, WiSet};

use crate::cli::error::Error;

/// The hint for `e`: the one the command gave it, else one from the
/// library's error (a full set, a set name that does not exist).
pub fn for_error(e: &Error) -> Option<String> {
    if let Some(h) = e.hint() {
        return Some(h.to_string());
    }
    let se = e.as_set()?;
    let set = se.set()?;
    let hash_full = Some(wiset::netlink::ipset_errno::TYPE_SPECIFIC);
    match se.kind() {
        // (A list:set that is full says so with another code.)
        ErrorKind::Full if se.errno() == hash_full => Some(format!(
            "set {set} is full: `wiset alter {set} maxelem N` raises its maxelem, keeping every entry"
        )),
        // The set the request named is missing (not a member or a swap's
        // second set, which the error does not name).
        ErrorKind::NoSuchSet if se.errno() == Some(libc::ENOENT) => {
            nearest_name(set).map(|n| format!("did you mean {n}?"))
        }
        _ => None,
    }
}

/// A create the kernel refused, explained from what it was asked.
pub fn for_create(s: &mut set::Session, spec: &WiSet, e: set::Error) -> Error {
    let hint = match e.errno() {
        Some(wiset::netlink::ipset_errno::FIND_TYPE) => {
            let have: Vec<&str> = SetType::ALL
                .into_iter()
                .filter(|&t| s.kernel_revisions(t).ok().flatten().is_some())
                .map(SetType::name)
                .collect();
            Some(format!(
                "this kernel has no {} module (it is not built, or cannot be loaded here); the types it has: {}",
                spec.type_name,
                have.join(", ")
            ))
        }
        Some(libc::ENOMEM) if spec.options.hashsize.is_some() => Some(format!(
            "hashsize {} asks for a table the kernel cannot allocate; hashsize is only where the table starts (a power of two; it grows as entries are added): leave it out, or give one such as 65536",
            spec.options.hashsize.unwrap_or_default()
        )),
        _ if spec.type_name.starts_with("bitmap:")
            && e.to_string().starts_with("The range you specified exceeds") =>
        {
            Some(
                "a bitmap set holds at most 65536 elements (a /16 for bitmap:ip): hash:ip or hash:net hold larger ranges"
                    .to_string(),
            )
        }
        _ => None,
    };
    let e = Error::from(e);
    match hint {
        Some(h) => e.with_hint(h),
        None => e,
    }
}

/// The existing set whose name is nearest `name` (a typo away), if any.
fn nearest_name(name: &str) -> Option<String> {
    let mut s = set::Session::open().ok()?;
    let names = s.set_names().ok()?;
    let limit = (name.chars().count() / 3).max(1);
    names
        .into_iter()
        .filter(|n| n != name)
        .map(|n| (distance(&n.to_lowercase(), &name.to_lowercase()), n))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, n)| n)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::distance;

    #[test]
    fn edit_distance() {
        assert_eq!(distance("blocklist", "blocklist"), 0);
        assert_eq!(distance("blocklst", "blocklist"), 1);
        assert_eq!(distance("blokclist", "blocklist"), 2);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("allow", "deny"), 5);
    }
}
