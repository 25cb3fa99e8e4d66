//! Entry points for the fuzzers in `fuzz/`, and for the tests that replay
//! what they found: each takes arbitrary bytes and must not panic, whatever
//! they hold. Built only for `cargo fuzz` (`--cfg fuzzing`) and for tests.

use std::io::sink;

use crate::netlink::{AttrWriter, DumpMessage, IpsetCommand, IpsetMessage};
use crate::output::{OutputMode, Renderer};
use crate::set::canonical::{Shape, decode};
use crate::set::kernel_error::{TypeFamily, kernel_error_message, kind_of};
use crate::set::{Entry, Family, ListDetail, ListSink, SetType, WiSet};
use crate::text::{ElemCmd, format_element, format_element_for_message, parse_element};

/// Kernel replies. `data` is a run of datagrams, each after a two-byte
/// (little-endian) length. Each is walked as the socket walks replies:
/// errors and their echoes decoded and worded as ipset words them for every
/// type family; data messages parsed as requests/replies and as dump parts,
/// the dump parts merged into sets across messages (as a listing does) and
/// printed in every output format.
pub fn kernel_replies(data: &[u8]) {
    let mut rest = data;
    // One plain renderer sorts, as `-sorted` does, on small inputs only:
    // ipset's order is replayed exactly up to 2,048 members, at a quadratic
    // cost that would slow the fuzzer to a crawl.
    let sorted = data.len() < 8 * 1024;
    let mut renderers: Vec<Renderer<std::io::Sink>> = [
        (OutputMode::Plain, sorted),
        (OutputMode::Plain, false),
        (OutputMode::Save, false),
        (OutputMode::Xml, false),
        (OutputMode::Json, false),
        (OutputMode::Table, false),
    ]
    .into_iter()
    .map(|(m, sorted)| Renderer::new(sink(), m, ListDetail::Full, sorted))
    .collect();
    let mut current: Vec<Option<WiSet>> = vec![None; renderers.len()];
    let mut chunk = Vec::new();
    while rest.len() >= 2 {
        let len = usize::from(u16::from_le_bytes([rest[0], rest[1]]));
        let end = (2 + len).min(rest.len());
        let datagram = &rest[2..end];
        rest = &rest[end..];
        let _ = crate::netlink::walk_datagram(
            datagram,
            |t, payload| {
                if let Ok(m) = IpsetMessage::parse(t, payload) {
                    let _ = m.lineno();
                }
                for (r, cur) in renderers.iter_mut().zip(current.iter_mut()) {
                    if let Ok(m) = DumpMessage::parse(t, payload) {
                        let _ = crate::set::listing::absorb(
                            m,
                            cur,
                            &mut chunk,
                            &mut crate::set::listing::Target::Entries(r),
                        );
                    }
                }
            },
            |e| {
                for fam in [
                    TypeFamily::Bitmap,
                    TypeFamily::Hash,
                    TypeFamily::List,
                    TypeFamily::Unknown,
                ] {
                    let _ = kernel_error_message(e.errno, e.command, fam);
                    let _ = kernel_error_message(e.errno, IpsetCommand::Add, fam);
                    let _ = kind_of(e.errno, e.command, fam);
                }
            },
        );
    }
    for (mut r, cur) in renderers.into_iter().zip(current) {
        if let Some(set) = cur {
            let _ = r.set_end(&set);
        }
        let _ = r.finish();
    }
}

/// The element text of every set type. The first byte picks the type,
/// family and command; the rest, if UTF-8, is parsed as an element. What
/// parses is printed, keyed as the kernel stores it, encoded, decoded and
/// printed again.
pub fn entry_text(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let t = SetType::ALL[usize::from(pick) % SetType::ALL.len()];
    let family = [Family::Inet, Family::Inet6, Family::Unspec][usize::from(pick >> 4) % 3];
    let cmd = [ElemCmd::Add, ElemCmd::Del, ElemCmd::Test][usize::from(pick >> 6) % 3];
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(elem) = parse_element(text, t, family, cmd) else {
        return;
    };
    let mut printed = String::new();
    format_element(&elem, t, family, &mut printed);
    format_element_for_message(&elem, t, family, &mut printed);
    let entry = Entry::new(elem);
    if entry.check().is_err() {
        return;
    }
    let set = WiSet {
        type_name: t.name().into(),
        family,
        ..WiSet::default()
    };
    if let Some(shape) = Shape::of(&set) {
        let _ = shape.canonical(&entry);
        let _ = shape.key(&entry, &mut Vec::new());
    }
    let mut encoded = Vec::new();
    entry.encode(&mut AttrWriter::new(&mut encoded));
    let back = decode(&encoded);
    printed.clear();
    format_element(&back.elem, t, family, &mut printed);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replay what the fuzzers keep: their seeds and every input that once
    /// crashed them (`fuzz/regressions/TARGET/`), through the same entry points.
    #[test]
    fn fuzz_regressions_and_seeds_do_not_panic() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        let mut replayed = 0;
        for (target, run) in [
            ("kernel_replies", kernel_replies as fn(&[u8])),
            ("entry_text", entry_text),
        ] {
            for dir in ["regressions", "seeds"] {
                let Ok(files) = std::fs::read_dir(root.join(dir).join(target)) else {
                    continue;
                };
                for f in files.flatten() {
                    run(&std::fs::read(f.path()).expect("read"));
                    replayed += 1;
                }
            }
        }
        assert!(replayed > 0, "no fuzz seeds found under {}", root.display());
    }
}
