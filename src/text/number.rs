//! Numbers as libipset reads them: glibc `strtoull` with base prefixes,
//! leading blanks and sign (`string_to_number_ll`), CIDR prefixes, and the
//! hexadecimal `strtol` the MAC parser and the sort comparator use.

use super::{PResult, SyntaxError};

fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// glibc `strtoull(s, &end, 0)`: (value, end index, ERANGE).
pub(super) fn strtoull0(s: &[u8]) -> (u64, usize, bool) {
    let mut i = 0;
    while i < s.len() && is_c_space(s[i]) {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        neg = s[i] == b'-';
        i += 1;
    }
    let base: u64;
    let mut skipped_x = false;
    if i < s.len() && s[i] == b'0' {
        if i + 1 < s.len() && (s[i + 1] | 0x20) == b'x' {
            base = 16;
            i += 2;
            skipped_x = true;
        } else {
            base = 8;
        }
    } else {
        base = 10;
    }
    let start = i;
    let mut v: u64 = 0;
    let mut overflow = false;
    while i < s.len() {
        let d = match s[i] {
            c @ b'0'..=b'9' => (c - b'0') as u64,
            c @ b'a'..=b'z' => (c - b'a') as u64 + 10,
            c @ b'A'..=b'Z' => (c - b'A') as u64 + 10,
            _ => break,
        };
        if d >= base {
            break;
        }
        match v.checked_mul(base).and_then(|x| x.checked_add(d)) {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        // No digits: "0x" alone parses as "0" ending at the 'x'.
        return if skipped_x {
            (0, start - 1, false)
        } else {
            (0, 0, false)
        };
    }
    if overflow {
        return (u64::MAX, i, true);
    }
    (if neg { v.wrapping_neg() } else { v }, i, false)
}

/// `string_to_number_ll` with ipset's messages.
pub(super) fn string_to_number(s: &str, min: u64, max: u64) -> PResult<u64> {
    let b = s.as_bytes();
    let (v, end, mut erange) = strtoull0(b);
    if end == b.len() && end != 0 && !erange {
        if min <= v && v <= max {
            return Ok(v);
        }
        erange = true;
    }
    if erange {
        Err(SyntaxError::syntax(format_args!(
            "'{s}' is out of range {min}-{max}"
        )))
    } else {
        Err(SyntaxError::syntax(format_args!(
            "'{s}' is invalid as number"
        )))
    }
}

pub(super) fn string_to_u8(s: &str) -> PResult<u8> {
    string_to_number(s, 0, 255).map(|v| v as u8)
}

pub(super) fn string_to_cidr(s: &str, max: u8) -> PResult<u8> {
    let v = string_to_u8(s)?;
    if v > max {
        return Err(SyntaxError::syntax(format_args!(
            "'{s}' is out of range 0-{max}"
        )));
    }
    Ok(v)
}

/// glibc `strtol(s, &end, 16)` for the MAC parser: (value, end index), saturating.
pub(super) fn strtol16_at(s: &[u8], start: usize) -> (i64, usize) {
    strtol16(|i| s.get(i).copied().unwrap_or(0), start)
}

/// glibc `strtol(x, &end, 16)` over bytes given by `at` (0 past the end):
/// (value, end index), saturating; end == start if there are no digits.
pub(super) fn strtol16(at: impl Fn(usize) -> u8, start: usize) -> (i64, usize) {
    let mut i = start;
    while is_c_space(at(i)) {
        i += 1;
    }
    let mut neg = false;
    if at(i) == b'+' || at(i) == b'-' {
        neg = at(i) == b'-';
        i += 1;
    }
    let mut skipped_x = false;
    if at(i) == b'0' && (at(i + 1) | 0x20) == b'x' {
        i += 2;
        skipped_x = true;
    }
    let digits = i;
    let mut v: u64 = 0;
    let mut overflow = false;
    while let Some(d) = (at(i) as char).to_digit(16) {
        match v.checked_mul(16).and_then(|x| x.checked_add(d as u64)) {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if i == digits {
        return if skipped_x {
            (0, digits - 1)
        } else {
            (0, start)
        };
    }
    let val = if neg {
        if overflow || v > i64::MAX as u64 + 1 {
            i64::MIN
        } else {
            (v as i64).wrapping_neg()
        }
    } else if overflow || v > i64::MAX as u64 {
        i64::MAX
    } else {
        v as i64
    };
    (val, i)
}
