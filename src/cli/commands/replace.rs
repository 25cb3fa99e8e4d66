//! replace SETNAME [FILE|-]: make a set's content equal to a file, atomically:
//! fill a private temp set of the same type and options, swap it in, destroy
//! the old content. A bad line or kernel error leaves the live set untouched.

use std::io::BufRead;
use std::time::Instant;

use wiset::netlink::IpsetCommand;
use wiset::set::element_text::ElemCmd;
use wiset::set::{AdtWriter, Error, Session, SetRef, WiSet};

use super::{Ctx, adt, check_setname, create, stdout_is_terminal};
use crate::cli::Outcome;
use crate::cli::args::ReplaceArgs;
use crate::cli::input::{content, split_words};

/// A temp set name that is ours alone and fits ipset's 31 bytes:
/// `wiset-` + a hash of the target name + the process id.
pub fn temp_name(target: &str) -> String {
    // FNV-1a: stable across runs, so a later run can find a dead run's temp sets.
    let mut h: u32 = 0x811c_9dc5;
    for b in target.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("wiset-{h:08x}-{}", std::process::id())
}

#[derive(Debug, Default)]
struct Counts {
    lines: u64,
    skipped: u64,
}

pub fn run(ctx: &mut Ctx, args: &ReplaceArgs) -> Result<Outcome, Error> {
    let started = Instant::now();
    let name = args.setname.as_str();
    check_setname(name)?;
    let input = super::restore::open_input(args.file.as_deref())?;
    let create_spec = match &args.create {
        Some(spec) => Some(create::parse(name, &spec[0], &spec[1..])?.0),
        None => None,
    };
    let quiet = ctx.g.quiet;
    let s = ctx.session()?;
    let live = match s.load_ipset(name, false)? {
        Some(live) => live,
        None => match create_spec {
            Some(set) => {
                s.create(&set, false)?;
                s.load_ipset(name, false)?
                    .ok_or_else(|| Error::invalid("The set with the given name does not exist"))?
            }
            None => {
                return Err(Error::invalid(format!(
                    "The set with the given name does not exist (create it first, e.g. `wiset create {name} hash:ip`, or pass `--create TYPE [OPTIONS]`)"
                )));
            }
        },
    };
    let temp = temp_set(&live);
    s.create(&temp, false)?;
    let filled = fill(s, &live, &temp.name, input, args.skip_invalid, quiet);
    let counts = match filled {
        Ok(c) => c,
        Err(e) => {
            // The live set was never touched; remove what we built.
            let _ = s.destroy(Some(&temp.name), true);
            return Err(e);
        }
    };
    if let Err(e) = s.swap(&temp.name, name) {
        let _ = s.destroy(Some(&temp.name), true);
        return Err(e);
    }
    s.destroy(Some(&temp.name), false)?;
    if !quiet && stdout_is_terminal() {
        eprintln!(
            "wiset: replaced {name}: {} entries{} in {:.2}s",
            counts.lines - counts.skipped,
            if counts.skipped > 0 {
                format!(", {} invalid lines skipped", counts.skipped)
            } else {
                String::new()
            },
            started.elapsed().as_secs_f64()
        );
    }
    Ok(Outcome::Success)
}

/// The temp set: the live set's type, family, revision and options, with a
/// fresh initval.
fn temp_set(live: &WiSet) -> WiSet {
    let mut t = WiSet::new(
        temp_name(&live.name),
        live.set_type().unwrap_or(wiset::set::SetType::HashIp),
    );
    t.type_name = live.type_name.clone();
    t.family = live.family;
    t.revision = live.revision;
    t.options = live.options.clone();
    t.options.initval = None;
    t
}

fn fill(
    s: &mut Session,
    live: &WiSet,
    temp: &str,
    input: Box<dyn BufRead>,
    skip_invalid: bool,
    quiet: bool,
) -> Result<Counts, Error> {
    let h = SetRef {
        name: live.name.clone(),
        type_name: live.type_name.clone(),
        family: live.family,
        revision: live.revision.unwrap_or(0),
    };
    adt::known_type(&h)?;
    let mut w = AdtWriter::new(IpsetCommand::Add, temp, true);
    let mut counts = Counts::default();
    for (i, line) in input.lines().enumerate() {
        let n = i as u32 + 1;
        let line = line?;
        let Some(text) = content(&line) else { continue };
        counts.lines += 1;
        let parsed = split_words(text).and_then(|words| match words.split_first() {
            Some((elem, opts)) => adt::parse_entry(&h, ElemCmd::Add, elem, opts),
            None => Err(Error::invalid("empty line")),
        });
        match parsed {
            Ok(entry) => w.push(s, n, &entry)?,
            Err(e) if skip_invalid => {
                counts.skipped += 1;
                if !quiet {
                    eprintln!("wiset: Warning: line {n} skipped: {e}");
                }
            }
            Err(e) => return Err(e.at_line(n)),
        }
    }
    w.finish(s)?;
    Ok(counts)
}
