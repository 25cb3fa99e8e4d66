//! replace SETNAME [FILE|-]: make a set's content equal to a file, atomically
//! (`Session::replace`: temp set, batched fill, swap, destroy). A bad line or a
//! kernel error leaves the live set untouched and names the line.

use std::cell::Cell;
use std::io::BufRead;
use std::time::Instant;

use wiset::set::element_text::{ElemCmd, ElemError};
use wiset::set::replace::temp_name;
use wiset::set::{Entry, Error, Session, SetRef, WiSet};

use super::adt::EntryParser;
use super::{Ctx, check_setname, create, stdout_is_terminal};
use crate::cli::Outcome;
use crate::cli::args::ReplaceArgs;
use crate::cli::input::LineReader;

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
    let live = match (s.load_ipset(name, false)?, create_spec) {
        (Some(live), _) => live,
        (None, Some(set)) => {
            s.create(&set, false)?;
            s.load_ipset(name, false)?
                .ok_or_else(|| Error::invalid("The set with the given name does not exist"))?
        }
        (None, None) => {
            return Err(Error::invalid(format!(
                "The set with the given name does not exist (create it first, e.g. `wiset create {name} hash:ip`, or pass `--create TYPE [OPTIONS]`)"
            )));
        }
    };
    let h = set_ref(&live);
    let skipped = Cell::new(0u64);
    let entries = input_entries(input, &h)?.filter(|item| match item {
        Err(e) if args.skip_invalid && !matches!(e, Error::Io(_)) => {
            skipped.set(skipped.get() + 1);
            if !quiet {
                eprintln!(
                    "wiset: Warning: line {} skipped: {e}",
                    e.line().unwrap_or(0)
                );
            }
            false
        }
        _ => true,
    });
    guard_signals(temp_name(&live.name));
    let stats = s.replace(&live, entries)?;
    if !quiet && stdout_is_terminal() {
        let skipped = skipped.get();
        eprintln!(
            "wiset: replaced {name}: {} entries{} in {:.2}s",
            stats.entries,
            if skipped > 0 {
                format!(", {skipped} invalid lines skipped")
            } else {
                String::new()
            },
            started.elapsed().as_secs_f64()
        );
    }
    Ok(Outcome::Success)
}

fn set_ref(live: &WiSet) -> SetRef {
    SetRef {
        name: live.name.clone(),
        type_name: live.type_name.clone(),
        family: live.family,
        revision: live.revision.unwrap_or(0),
    }
}

/// The entries of an input, one per non-blank, non-comment line, each with its
/// line number; a bad line is an error naming it.
pub fn input_entries<'a>(
    input: Box<dyn BufRead + 'a>,
    h: &SetRef,
) -> Result<impl Iterator<Item = Result<(u32, Entry), Error>> + 'a, Error> {
    let parser = EntryParser::new(h, ElemCmd::Add)?;
    let mut lines = LineReader::new(input);
    Ok(std::iter::from_fn(move || {
        let (n, text) = match lines.next_content()? {
            Ok(l) => l,
            Err(e) => return Some(Err(e)),
        };
        // In an input file every problem is a bad line (exit 1, line named),
        // including those ipset calls command-line problems.
        Some(
            parser
                .parse_line(text)
                .map(|e| (n, e))
                .map_err(|e| match e {
                    Error::Invalid { lines, .. }
                    | Error::Element {
                        error: ElemError { lines },
                        ..
                    } => Error::Invalid {
                        lines,
                        line: Some(n),
                        usage: false,
                    },
                    other => other.at_line(n),
                }),
        )
    }))
}

/// From here on, SIGINT, SIGTERM and SIGHUP destroy the temp set and end the
/// process with 128 + the signal number: the live set stays as it was (or,
/// if the swap already happened, whole with the new content). The signals are
/// taken by a thread of their own (`sigwait`), so no async-signal-safety
/// limits apply to the cleanup.
fn guard_signals(temp: String) {
    // SAFETY: plain libc calls on a local sigset; the mask is set before the
    // watcher thread starts, so it inherits it too.
    let set = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaddset(&mut set, sig);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        set
    };
    std::thread::spawn(move || {
        let mut sig: libc::c_int = 0;
        // SAFETY: `set` is a valid sigset; sig is written by sigwait.
        if unsafe { libc::sigwait(&set, &mut sig) } != 0 {
            return;
        }
        if let Ok(mut s) = Session::open() {
            let _ = s.destroy(Some(&temp), true);
        }
        std::process::exit(128 + sig);
    });
}
