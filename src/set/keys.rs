//! Many keys held compactly, in the order they came, and sorted by the
//! bits that tell them apart: what `replace --diff` keeps of its input and
//! of the set's listing, and how it matches the two.
//!
//! A [`Keys`] stores packed keys by column: of the four words of a packed
//! key, only those in which the keys differ are stored, one `u64` per key
//! each; a word every key shares is stored once. A million IPv4 addresses
//! cost 8 MB, a million IPv4 networks or address,port pairs 16 MB (not 32 or
//! 40). Keys that are not packed (hash:net,iface, two-address IPv6 types,
//! list:set) are kept whole.
//!
//! A [`Packer`] squeezes keys that share all but a few bits into the bits
//! they differ in; with a key's position beside them that makes a
//! [`Proxy`]: one integer of 8 bytes (32 bits of key) or 16 (96), which
//! sorts as fast as integers do. (Sorting both sides and walking them
//! together beats a hash table here: a million lookups are a million cache
//! misses, and cost several times a sort; an LSD radix sort was no faster
//! than the standard library's sort of 8-byte integers.)

use super::canonical::{Key, Packed};

/// Keys in the order they were pushed, position `0..len()`.
#[derive(Debug, Clone)]
pub(crate) struct Keys {
    len: usize,
    /// Room to reserve for a column made late (the expected count).
    expected: usize,
    repr: Repr,
}

#[derive(Debug, Clone)]
enum Repr {
    /// Packed keys: the first key's words; per word, the bits in which
    /// some key differs from the first, and the column of every key's word
    /// once some key's differs (before that, every key has the first's).
    Columns {
        first: [u64; 4],
        varies: [u64; 4],
        columns: [Option<Vec<u64>>; 4],
    },
    /// Some key is not packed: every key as it is.
    Whole(Vec<Key>),
}

impl Keys {
    /// Empty, expecting about `expected` keys.
    pub fn new(expected: usize) -> Keys {
        Keys {
            len: 0,
            expected,
            repr: Repr::Columns {
                first: [0; 4],
                varies: [0; 4],
                columns: [None, None, None, None],
            },
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn push(&mut self, key: Key) {
        let n = self.len;
        self.len += 1;
        match (&mut self.repr, key) {
            (
                Repr::Columns {
                    first,
                    varies,
                    columns,
                },
                Key::Packed(p),
            ) => {
                let words = p.words();
                if n == 0 {
                    *first = words;
                    return;
                }
                for w in 0..4 {
                    let (word, shared) = (words[w], first[w]);
                    varies[w] |= word ^ shared;
                    match &mut columns[w] {
                        Some(c) => c.push(word),
                        None if word == shared => {}
                        column @ None => {
                            let mut c = Vec::with_capacity(self.expected.max(n + 1));
                            c.resize(n, shared);
                            c.push(word);
                            *column = Some(c);
                        }
                    }
                }
            }
            (Repr::Whole(all), key) => all.push(key),
            (Repr::Columns { .. }, key) => {
                let mut all = Vec::with_capacity(self.expected.max(n + 1));
                all.extend((0..n).map(|i| self.get(i)));
                all.push(key);
                self.repr = Repr::Whole(all);
            }
        }
    }

    /// The key at position `i` (< `len()`).
    pub fn get(&self, i: usize) -> Key {
        match &self.repr {
            Repr::Columns { first, columns, .. } => {
                let mut w = *first;
                for (word, column) in w.iter_mut().zip(columns) {
                    if let Some(c) = column {
                        *word = c[i];
                    }
                }
                Key::Packed(Packed::from_words(w))
            }
            Repr::Whole(all) => all[i].clone(),
        }
    }

    /// How to squeeze these keys into the bits they differ in; None when
    /// some key is not packed.
    pub fn packer(&self) -> Option<Packer> {
        match &self.repr {
            Repr::Columns { first, varies, .. } => Some(Packer::new(*first, *varies)),
            Repr::Whole(_) => None,
        }
    }

    /// Each key's packed bits, in order: `f(position, packer.pack(key))`,
    /// read straight from the columns.
    pub fn pack_each(&self, packer: &Packer, mut f: impl FnMut(usize, Option<u128>)) {
        let Repr::Columns { first, columns, .. } = &self.repr else {
            (0..self.len).for_each(|i| f(i, packer.pack(&self.get(i))));
            return;
        };
        // The words no key differs in, packed once; the others per key.
        let mut shared = Some(0u128);
        let mut varying: Vec<(&[u64], u64, u64, u32, u32)> = Vec::new();
        let mut offset = packer.bits;
        for w in 0..4 {
            let (low, width) = packer.fields[w];
            offset -= width;
            let outside = !field_mask(low, width);
            match &columns[w] {
                Some(c) => varying.push((c, outside, packer.base[w], low, offset)),
                None => {
                    let word = first[w];
                    if word & outside != packer.base[w] {
                        shared = None;
                    }
                    shared = shared.map(|v| v | u128::from((word >> low) & ones(width)) << offset);
                }
            }
        }
        let Some(shared) = shared else {
            (0..self.len).for_each(|i| f(i, None));
            return;
        };
        for i in 0..self.len {
            let mut v = shared;
            let mut inside = true;
            for &(c, outside, base, low, offset) in &varying {
                let word = c[i];
                inside &= word & outside == base;
                v |= u128::from((word & !outside) >> low) << offset;
            }
            f(i, inside.then_some(v));
        }
    }

    /// The bytes held for the keys (not counting spare capacity).
    #[cfg(test)]
    pub fn held(&self) -> usize {
        match &self.repr {
            Repr::Columns { columns, .. } => columns.iter().flatten().map(|c| c.len() * 8).sum(),
            Repr::Whole(all) => all.len() * std::mem::size_of::<Key>(),
        }
    }
}

/// Squeezes packed keys that agree outside a few bit fields into those
/// fields: per word, the span from its lowest to its highest bit in which
/// the keys differ. Two keys of its domain are equal when their packed bits
/// are; a key outside the domain is none of the keys it was made for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Packer {
    /// Per word: the bits every key of the domain has outside its field.
    base: [u64; 4],
    /// Per word: the field's lowest bit and width (0: the word is all base).
    fields: [(u32, u32); 4],
    /// The packed width.
    pub bits: u32,
}

impl Packer {
    fn new(first: [u64; 4], varies: [u64; 4]) -> Packer {
        let mut base = [0; 4];
        let mut fields = [(0, 0); 4];
        for w in 0..4 {
            let v = varies[w];
            let (low, width) = match v {
                0 => (0, 0),
                _ => (
                    v.trailing_zeros(),
                    64 - v.leading_zeros() - v.trailing_zeros(),
                ),
            };
            fields[w] = (low, width);
            base[w] = first[w] & !field_mask(low, width);
        }
        let bits = fields.iter().map(|f| f.1).sum();
        Packer { base, fields, bits }
    }

    /// The bits of `key` in the fields, or None when it is not of the
    /// domain (not packed, or other bits outside the fields).
    pub fn pack(&self, key: &Key) -> Option<u128> {
        let Key::Packed(p) = key else { return None };
        let words = p.words();
        let mut v = 0u128;
        for ((word, (low, width)), base) in words.into_iter().zip(self.fields).zip(self.base) {
            if word & !field_mask(low, width) != base {
                return None;
            }
            if width > 0 {
                v = (v << width) | u128::from((word >> low) & ones(width));
            }
        }
        Some(v)
    }
}

fn ones(width: u32) -> u64 {
    u64::MAX.checked_shr(64 - width).unwrap_or(0)
}

fn field_mask(low: u32, width: u32) -> u64 {
    ones(width) << low
}

/// A packed key and a tag (a position, a flag) in one integer that sorts
/// by key, then tag.
pub(crate) trait Proxy: Copy + Ord {
    /// The widest packed key a proxy holds.
    const KEY_BITS: u32;
    fn new(key: u128, tag: u32) -> Self;
    fn key(&self) -> u128;
    fn tag(&self) -> u32;
}

impl Proxy for u64 {
    const KEY_BITS: u32 = 32;
    fn new(key: u128, tag: u32) -> Self {
        debug_assert!(key >> Self::KEY_BITS == 0);
        ((key as u64) << 32) | u64::from(tag)
    }
    fn key(&self) -> u128 {
        u128::from(*self >> 32)
    }
    fn tag(&self) -> u32 {
        *self as u32
    }
}

impl Proxy for u128 {
    const KEY_BITS: u32 = 96;
    fn new(key: u128, tag: u32) -> Self {
        debug_assert!(key >> Self::KEY_BITS == 0);
        (key << 32) | u128::from(tag)
    }
    fn key(&self) -> u128 {
        *self >> 32
    }
    fn tag(&self) -> u32 {
        *self as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::set::canonical::Shape;
    use crate::set::{Entry, Family, SetType, WiSet};
    use crate::text::{ElemCmd, parse_element};

    fn keys_of(t: SetType, family: Family, elems: &[String]) -> Vec<Key> {
        let set = WiSet {
            type_name: t.name().into(),
            family,
            ..WiSet::default()
        };
        let shape = Shape::of(&set).expect("known type");
        elems
            .iter()
            .map(|e| {
                let entry = Entry::new(parse_element(e, t, family, ElemCmd::Add).expect(e));
                shape.key(&entry, &mut Vec::new()).expect(e)
            })
            .collect()
    }

    /// Every key comes back as it went in; the packer tells them apart, and
    /// tells keys not pushed from them.
    fn round_trip(t: SetType, family: Family, elems: &[String], absent: &[String]) -> Keys {
        let all = keys_of(t, family, elems);
        let mut keys = Keys::new(all.len());
        all.iter().for_each(|k| keys.push(k.clone()));
        assert_eq!(keys.len(), all.len());
        for (i, k) in all.iter().enumerate() {
            assert_eq!(&keys.get(i), k);
        }
        if let Some(packer) = keys.packer() {
            let packed: Vec<u128> = all
                .iter()
                .map(|k| packer.pack(k).expect("of the domain"))
                .collect();
            let mut distinct = packed.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), packed.len(), "packed keys are distinct");
            assert!(packed.iter().all(|&v| v >> packer.bits == 0));
            keys.pack_each(&packer, |i, v| assert_eq!(v, Some(packed[i])));
            let others = keys_of(t, family, absent);
            for k in &others {
                assert!(
                    packer.pack(k).is_none_or(|v| !packed.contains(&v)),
                    "{k:?} was not pushed"
                );
            }
            // Read from other keys' columns, the same as one by one.
            let mut mixed = Keys::new(0);
            others
                .iter()
                .chain(&all)
                .for_each(|k| mixed.push(k.clone()));
            let one_by_one: Vec<Option<u128>> =
                others.iter().chain(&all).map(|k| packer.pack(k)).collect();
            mixed.pack_each(&packer, |i, v| assert_eq!(v, one_by_one[i], "key {i}"));
        }
        keys
    }

    #[test]
    fn addresses_are_held_in_the_one_word_that_varies() {
        let elems: Vec<String> = (0..1000u32)
            .map(|i| std::net::Ipv4Addr::from(0x0a00_0000 + i * 7).to_string())
            .collect();
        let keys = round_trip(
            SetType::HashIp,
            Family::Inet,
            &elems,
            &["10.0.0.1".into(), "192.168.0.0".into()],
        );
        assert_eq!(keys.held(), 1000 * 8);
        // 0 to 6993: 13 bits.
        assert_eq!(keys.packer().map(|p| p.bits), Some(13));
    }

    #[test]
    fn networks_and_ports_are_held_in_two_words() {
        let nets: Vec<String> = (0..500u32)
            .map(|i| format!("10.{}.{}.0/{}", i / 256, i % 256, 24 + i % 8))
            .collect();
        let keys = round_trip(
            SetType::HashNet,
            Family::Inet,
            &nets,
            &["10.0.0.0/23".into()],
        );
        assert_eq!(keys.held(), 500 * 16);
        let ports: Vec<String> = (0..500u32)
            .map(|i| format!("10.0.0.{},{}:{i}", i % 3, ["tcp", "udp"][i as usize % 2]))
            .collect();
        let keys = round_trip(
            SetType::HashIpPort,
            Family::Inet,
            &ports,
            &["10.0.0.1,sctp:1".into(), "10.0.0.3,tcp:1".into()],
        );
        assert_eq!(keys.held(), 500 * 16);
    }

    #[test]
    fn a_word_that_starts_to_vary_late_is_filled_in() {
        let mut v6: Vec<String> = (0..300u32).map(|i| format!("2001:db8::{i:x}")).collect();
        v6.push("2001:db9::1".into());
        v6.push("::1".into());
        round_trip(
            SetType::HashIp,
            Family::Inet6,
            &v6,
            &["2001:db8::1:0".into()],
        );
    }

    #[test]
    fn keys_that_are_not_packed_are_kept_whole() {
        let mut elems: Vec<String> = (0..100u32).map(|i| format!("10.0.{i}.0/24,eth0")).collect();
        elems.push("10.0.0.0/24,eth1".into());
        elems.push("10.0.0.0/24,physdev:eth0".into());
        let keys = round_trip(
            SetType::HashNetIface,
            Family::Inet,
            &elems,
            &["10.0.0.0/24,eth2".into()],
        );
        assert!(keys.packer().is_none());
        assert_eq!(keys.held(), 102 * std::mem::size_of::<Key>());
    }

    /// Keys that agree inside the packer's fields but not outside them are
    /// not of its domain.
    #[test]
    fn a_key_outside_the_fields_is_not_packed() {
        let all = keys_of(
            SetType::HashIpPort,
            Family::Inet,
            &["10.0.0.1,tcp:80", "10.0.0.2,tcp:80"].map(String::from),
        );
        let mut keys = Keys::new(2);
        all.into_iter().for_each(|k| keys.push(k));
        let packer = keys.packer().expect("packed");
        assert_eq!(packer.bits, 2);
        for other in [
            "10.0.0.1,tcp:81",
            "10.0.0.1,udp:80",
            "10.0.1.1,tcp:80",
            "10.0.0.3,tcp:80",
        ] {
            let k = &keys_of(SetType::HashIpPort, Family::Inet, &[other.into()])[0];
            let packed = packer.pack(k);
            assert!(packed.is_none() || packed == Some(3), "{other}: {packed:?}");
        }
    }
}
