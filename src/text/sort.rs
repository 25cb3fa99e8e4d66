//! ipset's `-sorted` order: its `bystrcmp` comparator over printed member
//! texts, and the insertion sort it degenerates into, replayed.

use std::cmp::Ordering;

use super::number::strtol16;

/// ipset's `-sorted` order (`bystrcmp`): compare two printed member texts piecewise, numbers
/// parsed as hexadecimal `strtol`, text pieces up to `:`/`,` by length then bytes, and after
/// equal numbers followed by `/` the next numbers in reverse (longer prefix first).
///
/// ipset compares the whole buffered member line: the element, its options, and the final
/// newline (in save mode without the `add SET ` prefix). Passing just the element text gives
/// the same order except in rare cases where one element's text runs out where another's
/// continues inside a text piece (e.g. interface names `eth` and `eth0` with different
/// options). A missing final `\n` is treated as present. O(len) per comparison.
pub fn compare_printed(a: &str, b: &str) -> Ordering {
    bystrcmp(a.as_bytes(), b.as_bytes()).cmp(&0)
}

/// Sort member texts in ipset's `-sorted` order, stably. `text` gives the text compared
/// (see [`compare_printed`]).
///
/// ipset's comparator is not a total order for every input (e.g. interface names that start
/// with hex digits next to ones that do not, or ICMP names next to `TYPE/CODE` forms), so
/// `slice::sort_by` must not be used with it (Rust's sort may panic on inconsistent orders).
/// ipset's `list_sort` degenerates into an insertion sort (each element goes before the first
/// already-sorted one that compares greater); up to [`EXACT_SORT_MAX`] elements that is
/// replayed exactly, above it a stable merge sort with the same comparator is used, which
/// gives the same order whenever the comparator is consistent on the data (always for
/// addresses, networks and ports).
pub fn sort_printed<T>(items: &mut Vec<T>, text: impl Fn(&T) -> &str) {
    let n = items.len();
    if n < 2 {
        return;
    }
    let order = sorted_order(n, |i| text(&items[i]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The order [`sort_printed`] puts `n` member texts in (`text(i)` is the
/// i-th), as indices. Large sets of plain IPv4 addresses and networks (the
/// usual big set) are sorted by a packed numeric key that orders exactly as
/// ipset's comparator does, in O(n log n) on 16 bytes per member; anything
/// else by the comparator itself.
pub fn sorted_order<'a>(n: usize, text: impl Fn(usize) -> &'a str) -> Vec<usize> {
    if n <= EXACT_SORT_MAX {
        let mut list: Vec<usize> = Vec::with_capacity(n);
        for x in 0..n {
            let tx = text(x);
            let pos = list
                .iter()
                .position(|&a| compare_printed(text(a), tx) == Ordering::Greater)
                .unwrap_or(list.len());
            list.insert(pos, x);
        }
        return list;
    }
    let keys: Option<Vec<(u64, u32)>> = u32::try_from(n).ok().and_then(|_| {
        (0..n)
            .map(|i| numeric_key(text(i).as_bytes()).map(|k| (k, i as u32)))
            .collect()
    });
    match keys {
        Some(mut keys) => {
            // The index breaks ties: the stable order.
            keys.sort_unstable();
            keys.into_iter().map(|(_, i)| i as usize).collect()
        }
        None => merge_sort_indices(n, |a, b| compare_printed(text(a), text(b))),
    }
}

/// Bits of one number of a [`numeric_key`].
const KEY_FIELD: u32 = 12;
/// Numbers a [`numeric_key`] holds.
const KEY_FIELDS: u32 = 5;

/// A key that orders as [`compare_printed`] does, for member texts that are
/// up to five numbers of one to three decimal digits separated by `.` or
/// `/` and ended by the newline: IPv4 addresses and networks without
/// options. None for any other text.
///
/// ipset's comparator reads each number as hexadecimal; at equal numbers a
/// `/` after one of them makes it the greater, and after a `/` in both the
/// numbers that follow compare in reverse (a longer prefix first); a text
/// with more numbers is the greater. Each number becomes a field of 12
/// bits, 0 for a number the text does not have: the value (reversed after
/// a `/`) times two, plus one if a `/` follows it, plus one.
pub(super) fn numeric_key(s: &[u8]) -> Option<u64> {
    let mut key: u64 = 0;
    let mut fields = 0;
    let mut reversed = false;
    let mut i = 0;
    loop {
        let start = i;
        let mut v: u64 = 0;
        while i < s.len() && s[i].is_ascii_digit() {
            v = v * 16 + u64::from(s[i] - b'0');
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || digits > 3 || v >= 1024 || fields == KEY_FIELDS {
            return None;
        }
        let sep = s.get(i).copied().unwrap_or(b'\n');
        let slash = sep == b'/';
        let value = if reversed { 1023 - v } else { v };
        let field = value * 2 + u64::from(slash) + 1;
        fields += 1;
        key |= field << (KEY_FIELD * (KEY_FIELDS - fields));
        match sep {
            b'\n' => {
                return (i + 1 >= s.len()).then_some(key);
            }
            b'.' => {}
            b'/' => reversed = true,
            _ => return None,
        }
        i += 1;
    }
}

/// Largest input that [`sort_printed`] sorts with ipset's exact (quadratic) algorithm.
pub const EXACT_SORT_MAX: usize = 2048;

/// Stable bottom-up merge sort of `0..n` that never panics, whatever `cmp` returns; on ties
/// the left run wins, as in ipset's merge.
pub(super) fn merge_sort_indices(n: usize, cmp: impl Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b: Vec<usize> = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                if cmp(a[i], a[j]) != Ordering::Greater {
                    b[k] = a[i];
                    i += 1;
                } else {
                    b[k] = a[j];
                    j += 1;
                }
                k += 1;
            }
            b[k..k + (mid - i)].copy_from_slice(&a[i..mid]);
            k += mid - i;
            b[k..k + (end - j)].copy_from_slice(&a[j..end]);
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Byte at `i` of a member text that ends with `\n` and then NUL (and NUL beyond).
fn byte_at(s: &[u8], i: usize) -> u8 {
    if i < s.len() {
        s[i]
    } else if i == s.len() && s.last() != Some(&b'\n') {
        b'\n'
    } else {
        0
    }
}

/// glibc `strtol(x, &end, 16)` on a member text: (value, end); end == start if no digits.
fn strtol16_text(s: &[u8], start: usize) -> (i64, usize) {
    strtol16(|i| byte_at(s, i), start)
}

/// `strcspn(x, ":,")`.
fn cspn(s: &[u8], start: usize) -> usize {
    let mut i = start;
    loop {
        match byte_at(s, i) {
            0 | b':' | b',' => return i - start,
            _ => i += 1,
        }
    }
}

fn cmp_bytes(a: u8, b: u8) -> i32 {
    a as i32 - b as i32
}

/// ipset's `bystrcmp` (lib/session.c) on two member texts; the sign is the result.
fn bystrcmp(a: &[u8], b: &[u8]) -> i32 {
    let (mut x1, mut x2) = (0usize, 0usize);
    let mut neg: i64 = 1;
    while byte_at(a, x1) != 0 && byte_at(b, x2) != 0 {
        let (n1, sep1) = strtol16_text(a, x1);
        let (n2, sep2) = strtol16_text(b, x2);
        if sep1 == x1 || sep2 == x2 {
            // No leading numbers: proto:port, iface, setname.
            let l1 = cspn(a, x1);
            let l2 = cspn(b, x2);
            if l1 != 0 || l2 != 0 {
                if l1 == l2 {
                    for k in 0..l1 {
                        let d = cmp_bytes(byte_at(a, x1 + k), byte_at(b, x2 + k));
                        if d != 0 {
                            return d;
                        }
                    }
                    x1 += l1 + 1;
                    x2 += l1 + 1;
                    neg = 1;
                    continue;
                }
                return if l1 < l2 { -1 } else { 1 };
            }
            // strcmp of the rest.
            let mut k = 0;
            loop {
                let (c1, c2) = (byte_at(a, x1 + k), byte_at(b, x2 + k));
                if c1 != c2 || c1 == 0 {
                    return cmp_bytes(c1, c2);
                }
                k += 1;
            }
        }
        if n1 != n2 {
            // `neg * (n1 - n2)` in C long arithmetic, returned as int.
            return neg.wrapping_mul(n1.wrapping_sub(n2)) as i32;
        }
        let (s1, s2) = (byte_at(a, sep1), byte_at(b, sep2));
        if s1 == b'/' || s2 == b'/' {
            if s1 == s2 {
                neg = -1;
            } else if s1 == b'/' {
                return 1;
            } else {
                return -1;
            }
        }
        x1 = sep1 + 1;
        x2 = sep2 + 1;
        // IPv6 "::".
        let (c1, c2) = (byte_at(a, x1), byte_at(b, x2));
        if c1 == b':' || c2 == b':' {
            if c1 == c2 {
                x1 += 1;
                x2 += 1;
            } else if c1 == b':' {
                return -1;
            } else {
                return 1;
            }
        }
    }
    if byte_at(a, x1) != 0 {
        1
    } else if byte_at(b, x2) != 0 {
        -1
    } else {
        0
    }
}
