//! Robustness: damaged payloads may be rejected, never panic the parser; and
//! whatever parses re-emits to bytes that parse to the same value.

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::fixture::{emit, hex, ipset_messages};
use crate::netlink::{CreateAttr, EntryAttr, IpsetAttr, IpsetMessage, RawNla};

/// Mutated copies of each payload.
const MUTATIONS: usize = 2000;

/// xorshift64: deterministic, no crate needed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Parse `bytes`; a panic fails the test with the input that caused it. If it
/// parses, emitting the value must not panic either, and must parse back to it.
fn parse_must_not_panic(message_type: u16, bytes: &[u8], what: &dyn Fn() -> String) {
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        IpsetMessage::parse(message_type, bytes)
    }))
    .unwrap_or_else(|_| panic!("{}: parse panicked on {}", what(), hex(bytes)));
    let Ok(m) = parsed else { return };
    let emitted = catch_unwind(AssertUnwindSafe(|| emit(&m))).unwrap_or_else(|_| {
        panic!(
            "{}: emit panicked on {m:?} (parsed from {})",
            what(),
            hex(bytes)
        )
    });
    let again = IpsetMessage::parse(message_type, &emitted)
        .unwrap_or_else(|e| panic!("{}: re-parse failed: {e}\n{m:?}\n{}", what(), hex(&emitted)));
    assert_eq!(
        again,
        both_flags_lost(m),
        "{}: re-parse of {}",
        what(),
        hex(bytes)
    );
}

/// netlink-packet-core 0.9's `Nla::emit` sets NET_BYTEORDER and then NESTED via
/// `set_nested_flag`, which rewrites the type from the masked `kind()` and so
/// drops NET_BYTEORDER again: an attribute with both flags comes out nested
/// only. Only unknown attributes can carry both (ipset never sends such a
/// thing), so the round trip of a mutated payload may lose that flag there.
fn both_flags_lost(mut m: IpsetMessage) -> IpsetMessage {
    fn raw(r: &mut RawNla) {
        if r.nested {
            r.net_byteorder = false;
        }
    }
    fn entry(attrs: &mut [EntryAttr]) {
        for a in attrs {
            if let EntryAttr::Unknown(r) = a {
                raw(r);
            }
        }
    }
    for a in &mut m.attrs {
        match a {
            IpsetAttr::Unknown(r) => raw(r),
            IpsetAttr::CreateData(attrs) => {
                for c in attrs {
                    if let CreateAttr::Unknown(r) = c {
                        raw(r);
                    }
                }
            }
            IpsetAttr::EntryData(attrs) => entry(attrs),
            IpsetAttr::Adt(entries) => entries.iter_mut().for_each(|e| entry(e)),
            _ => {}
        }
    }
    m
}

/// Apply one to four random edits, biased towards the netlink attribute
/// headers (every attribute starts 4-byte aligned in an ipset payload).
fn mutate(rng: &mut XorShift, bytes: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        if bytes.is_empty() {
            return;
        }
        let at = rng.below(bytes.len());
        let aligned = at & !3;
        match rng.below(8) {
            // A random byte anywhere.
            0 | 1 => bytes[at] = rng.next() as u8,
            // One flipped bit.
            2 => bytes[at] ^= 1 << rng.below(8),
            // An nla_len near its true value, or wild.
            3 | 4 if aligned + 2 <= bytes.len() => {
                let old = u16::from_ne_bytes([bytes[aligned], bytes[aligned + 1]]);
                let new = match rng.below(3) {
                    0 => old.wrapping_add(rng.below(9) as u16).wrapping_sub(4),
                    1 => rng.below(8) as u16,
                    _ => rng.next() as u16,
                };
                bytes[aligned..aligned + 2].copy_from_slice(&new.to_ne_bytes());
            }
            // An nla_type: other kinds, flags toggled.
            5 if aligned + 4 <= bytes.len() => {
                let old = u16::from_ne_bytes([bytes[aligned + 2], bytes[aligned + 3]]);
                let new = match rng.below(3) {
                    0 => old ^ 0x8000,
                    1 => old ^ 0x4000,
                    _ => (old & 0xc000) | rng.below(32) as u16,
                };
                bytes[aligned + 2..aligned + 4].copy_from_slice(&new.to_ne_bytes());
            }
            // Truncate.
            6 => bytes.truncate(at),
            // Drop a few bytes from the middle.
            _ => {
                let n = (1 + rng.below(8)).min(bytes.len() - at);
                bytes.drain(at..at + n);
            }
        }
    }
}

/// `nla::walk` must read any bytes as netlink-packet-core's `NlasIterator`
/// does: the same attributes (type with flags, value), errors at the same
/// places; and so for the attributes nested in them.
fn walk_agrees(bytes: &[u8], depth: usize, what: &dyn Fn() -> String) {
    use netlink_packet_core::{DecodeError, NlasIterator};

    use crate::netlink::nla::{AttrView, walk};
    /// An attribute as (type with flags, value), an error as ().
    fn seen<A: AttrView>(a: Result<A, DecodeError>) -> Result<(u16, Vec<u8>), ()> {
        let a = a.map_err(drop)?;
        let flags =
            (u16::from(a.nested_flag()) << 15) | (u16::from(a.network_byte_order_flag()) << 14);
        Ok((a.kind() | flags, a.value().to_vec()))
    }
    let ours: Vec<_> = walk(bytes).map(seen).collect();
    let theirs: Vec<_> = NlasIterator::new(bytes).map(seen).collect();
    assert_eq!(ours, theirs, "{}: walk of {}", what(), hex(bytes));
    if depth > 0 {
        for (_, value) in theirs.into_iter().flatten() {
            walk_agrees(&value, depth - 1, what);
        }
    }
}

pub(super) fn assert_robust(name: &'static str) {
    for (i, f) in ipset_messages(name).iter().enumerate() {
        let p = &f.payload;
        for cut in 0..p.len() {
            parse_must_not_panic(f.message_type, &p[..cut], &|| {
                format!("{}: first {cut} bytes", f.whence())
            });
        }
        // Seeded by file and message, so every run (and every failure) repeats.
        let seed = name.bytes().fold(0x9e37_79b9_7f4a_7c15_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        let mut rng = XorShift(seed ^ ((i as u64 + 1) << 32) | 1);
        for n in 0..MUTATIONS {
            let mut bytes = p.clone();
            mutate(&mut rng, &mut bytes);
            parse_must_not_panic(f.message_type, &bytes, &|| {
                format!("{}: mutation {n}", f.whence())
            });
            if let Some(attrs) = bytes.get(4..) {
                walk_agrees(attrs, 3, &|| format!("{}: mutation {n}", f.whence()));
            }
        }
        // The other commands' readings of the same bytes (DATA as entry or
        // create options) must not panic either.
        for cmd in 0..=16u16 {
            let t = (f.message_type & 0xff00) | cmd;
            parse_must_not_panic(t, p, &|| format!("{}: as command {cmd}", f.whence()));
        }
    }
}
