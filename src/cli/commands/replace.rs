//! replace SETNAME [FILE|-]: make a set's content equal to a file, atomically
//! (`Session::replace`: temp set, batched fill, swap, destroy). A bad line or a
//! kernel error leaves the live set untouched and names the line.

use std::cell::Cell;
use std::io::{BufRead, IsTerminal, Write};
use std::time::Instant;

use wiset::output::OutputMode;
use wiset::output::fields::{element, member_line};
use wiset::set::element_text::{ElemCmd, ElemError};
use wiset::set::replace::temp_name;
use wiset::set::{DiffPlan, Entry, EntrySource, Error, ReplaceOptions, Session, SetRef, WiSet};

use super::adt::EntryParser;
use super::{Ctx, check_setname, create};
use crate::cli::Outcome;
use crate::cli::args::ReplaceArgs;
use crate::cli::input::{LineReader, count_content_lines};

pub fn run(ctx: &mut Ctx, args: &ReplaceArgs) -> Result<Outcome, Error> {
    let started = Instant::now();
    let name = args.setname.as_str();
    check_setname(name)?;
    guard_signals(temp_name(name));
    // The input as a file when it is one (or --grow spooled stdin into
    // one): a file is counted first (one fast pass), so maxelem is checked
    // before anything changes and the temp set is sized to the input.
    let file: Option<std::fs::File> = match args.file.as_deref() {
        None | Some("-") if args.grow => Some(spool_stdin()?),
        None | Some("-") => None,
        Some(p) => Some(std::fs::File::open(p).map_err(|e| {
            Error::invalid(format!(
                "Cannot open {p} for reading: {}",
                wiset::netlink::strerror(e.raw_os_error().unwrap_or(0))
            ))
        })?),
    };
    // (--diff needs no count: it reads the whole input before it changes
    // anything, and checks maxelem then.)
    let counted = match &file {
        Some(f) if !args.diff && f.metadata().is_ok_and(|m| m.is_file()) => Some(count_entries(f)?),
        _ => None,
    };
    let create_spec = match &args.create {
        Some(spec) => Some(create::parse(name, &spec[0], &spec[1..])?.0),
        None => None,
    };
    let quiet = ctx.g.quiet;
    let output = ctx.g.output;
    let json = output == Some(OutputMode::Json);
    let s = ctx.session()?;
    let mut created = false;
    let live = match (s.load_ipset(name, false)?, create_spec) {
        (Some(live), _) => live,
        (None, Some(set)) => {
            s.create(&set, false)?;
            created = true;
            s.load_ipset(name, false)?.ok_or_else(Error::no_such_set)?
        }
        (None, None) => {
            return Err(Error::invalid(format!(
                "The set with the given name does not exist (create it first, e.g. `wiset create {name} hash:ip`, or pass `--create TYPE [OPTIONS]`)"
            )));
        }
    };
    let mut opts = ReplaceOptions {
        expected: counted,
        ..Default::default()
    };
    if let (Some(n), Some(max)) = (counted, live.options.maxelem)
        && n > u64::from(max)
    {
        if !args.grow {
            let fix = if args.diff {
                "--diff cannot raise maxelem: use a full replace with --grow."
            } else {
                "Use --grow to raise maxelem."
            };
            return Err(Error::invalid(format!(
                "The input has {n} entries, more than the {max} that set {name} may hold (maxelem): nothing was changed. {fix}"
            )));
        }
        opts.maxelem = Some(u32::try_from(n).unwrap_or(u32::MAX));
    }
    let input: Box<dyn BufRead> = match file {
        Some(f) => Box::new(std::io::BufReader::with_capacity(256 * 1024, f)),
        None => super::restore::open_input(None)?,
    };
    let h = set_ref(&live);
    let skipped = Cell::new(0u64);
    let lines = Cell::new(0u64);
    let progress = Progress::new(!quiet && std::io::stderr().is_terminal(), counted);
    let skip = |e: &Error| {
        if !args.skip_invalid || matches!(e, Error::Io(_)) {
            return false;
        }
        skipped.set(skipped.get() + 1);
        if !quiet {
            progress.clear();
            eprintln!(
                "wiset: Warning: line {} skipped: {e}",
                e.line().unwrap_or(0)
            );
        }
        true
    };
    let tick = || {
        lines.set(lines.get() + 1);
        progress.tick(lines.get());
    };
    let entries = input_entries(input, &h, skip, tick)?;
    let mut summary = Summary {
        set: name.to_string(),
        ..Default::default()
    };
    // Ok(true): a dry run, done.
    let done: Result<bool, Error> = if args.diff {
        let plan = s.diff_plan_for(live.clone(), entries);
        progress.clear();
        plan.and_then(|plan| {
            let st = plan.stats();
            summary.mode = "diff";
            summary.added = Some(st.added);
            summary.updated = Some(st.updated);
            summary.removed = Some(st.removed);
            summary.unchanged = Some(st.unchanged);
            summary.duplicates = st.duplicates;
            if args.dry_run {
                print_plan(&plan, &h, output).map(|()| true)
            } else {
                s.apply_plan(name, &plan).map(|()| false)
            }
        })
    } else {
        let stats = s.replace_from(&live, entries, opts);
        progress.clear();
        summary.mode = "replace";
        stats.map(|_| false)
    };
    match done {
        Ok(true) => return Ok(Outcome::Success),
        Ok(false) => {}
        Err(e) => {
            // A set this run created for the input goes with it.
            if created {
                let _ = s.destroy(Some(name), true);
            }
            return Err(e);
        }
    }
    let now = s
        .load_ipset(name, false)?
        .and_then(|l| l.entries)
        .unwrap_or(0);
    summary.entries = u64::from(now);
    summary.lines = lines.get();
    if summary.mode == "replace" {
        summary.duplicates = lines.get().saturating_sub(summary.entries);
    }
    summary.skipped = skipped.get();
    summary.seconds = started.elapsed().as_secs_f64();
    if json {
        println!("{}", summary.json());
    } else if !quiet && std::io::stderr().is_terminal() {
        eprintln!("wiset: {}", summary.line());
    }
    Ok(Outcome::Success)
}

/// What a replace did, for the terminal line and `-o json`.
#[derive(Debug, Default)]
struct Summary {
    set: String,
    mode: &'static str,
    entries: u64,
    lines: u64,
    added: Option<u64>,
    updated: Option<u64>,
    removed: Option<u64>,
    unchanged: Option<u64>,
    duplicates: u64,
    skipped: u64,
    seconds: f64,
}

impl Summary {
    fn line(&self) -> String {
        let mut l = format!(
            "{} {}: {} entries",
            if self.mode == "diff" {
                "updated"
            } else {
                "replaced"
            },
            self.set,
            self.entries
        );
        if let (Some(a), Some(r), Some(u), Some(k)) =
            (self.added, self.removed, self.updated, self.unchanged)
        {
            l.push_str(&format!(
                ", {a} added, {r} removed, {u} changed, {k} unchanged"
            ));
        }
        if self.duplicates > 0 {
            l.push_str(&format!(", {} duplicates", self.duplicates));
        }
        if self.skipped > 0 {
            l.push_str(&format!(", {} invalid lines skipped", self.skipped));
        }
        l.push_str(&format!(" in {:.2}s", self.seconds));
        l
    }

    fn json(&self) -> String {
        let mut m = serde_json::Map::new();
        m.insert("set".into(), self.set.clone().into());
        m.insert("mode".into(), self.mode.into());
        m.insert("entries".into(), self.entries.into());
        m.insert("lines".into(), self.lines.into());
        for (k, v) in [
            ("added", self.added),
            ("removed", self.removed),
            ("changed", self.updated),
            ("unchanged", self.unchanged),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), v.into());
            }
        }
        m.insert("duplicates".into(), self.duplicates.into());
        m.insert("skipped".into(), self.skipped.into());
        m.insert(
            "seconds".into(),
            serde_json::json!((self.seconds * 1000.0).round() / 1000.0),
        );
        serde_json::Value::Object(m).to_string()
    }
}

/// `--dry-run`: the plan in restore syntax (scripts can feed it to `wiset
/// restore`), as a table on a terminal, or as JSON.
fn print_plan(plan: &DiffPlan, h: &SetRef, mode: Option<OutputMode>) -> Result<(), Error> {
    let set = WiSet {
        name: h.name.clone(),
        type_name: h.type_name.clone(),
        family: h.family,
        ..Default::default()
    };
    let t = set.set_type();
    let text = |e: &Entry| {
        let mut s = String::new();
        member_line(&set, t, e, &mut s);
        s
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let st = plan.stats();
    match mode {
        Some(OutputMode::Json) => {
            let list = |v: Vec<String>| serde_json::Value::from(v);
            let doc = serde_json::json!({
                "set": plan.set(),
                "add": list(plan.to_add().into_iter().map(|(_, e)| text(&e)).collect()),
                "change": list(plan.to_update().into_iter().map(|(_, e)| text(&e)).collect()),
                "delete": list(plan.to_delete().map(|e| text(&e)).collect()),
                "added": st.added,
                "changed": st.updated,
                "removed": st.removed,
                "unchanged": st.unchanged,
                "duplicates": st.duplicates,
            });
            writeln!(out, "{doc}")?;
        }
        _ if std::io::stdout().is_terminal() => {
            let mut table = comfy_table::Table::new();
            table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
            table.set_header(vec!["Action", "Entry", "Line"]);
            for (n, e) in plan.to_add() {
                table.add_row(vec!["add".to_string(), text(&e), n.to_string()]);
            }
            for (n, e) in plan.to_update() {
                table.add_row(vec!["change".to_string(), text(&e), n.to_string()]);
            }
            for e in plan.to_delete() {
                table.add_row(vec!["delete".to_string(), text(&e), String::new()]);
            }
            writeln!(out, "{table}")?;
            writeln!(
                out,
                "{} to add, {} to change, {} to delete, {} unchanged",
                st.added, st.updated, st.removed, st.unchanged
            )?;
        }
        _ => {
            for (_, e) in plan.to_add().into_iter().chain(plan.to_update()) {
                writeln!(out, "add -exist {} {}", plan.set(), text(&e))?;
            }
            for e in plan.to_delete() {
                let mut el = String::new();
                element(&set, t, &e, &mut el);
                writeln!(out, "del -exist {} {el}", plan.set())?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// A progress line on a terminal for long inputs.
struct Progress {
    on: bool,
    total: Option<u64>,
    shown: Cell<bool>,
}

impl Progress {
    const EVERY: u64 = 1 << 16;

    fn new(on: bool, total: Option<u64>) -> Self {
        Progress {
            on,
            total,
            shown: Cell::new(false),
        }
    }

    fn tick(&self, n: u64) {
        if !self.on || n % Self::EVERY != 0 {
            return;
        }
        self.shown.set(true);
        match self.total {
            Some(t) if t > 0 => eprint!("\rwiset: {n}/{t} entries ({}%)", n * 100 / t),
            _ => eprint!("\rwiset: {n} entries"),
        }
    }

    fn clear(&self) {
        if self.shown.replace(false) {
            eprint!("\r\x1b[K");
        }
    }
}

/// Count the entries of an input file (lines that are not blank or
/// comments), leaving it at its start for the real read.
fn count_entries(f: &std::fs::File) -> Result<u64, Error> {
    use std::io::Seek;
    let n = count_content_lines(std::io::BufReader::with_capacity(256 * 1024, f))?;
    let mut f = f;
    f.rewind()?;
    Ok(n)
}

/// `--grow` on standard input: standard input kept in an unnamed file
/// (O_TMPFILE, mode 0600: nothing to find, follow or clean up), so it can be
/// counted first and then streamed without being held in memory.
fn spool_stdin() -> Result<std::fs::File, Error> {
    use std::io::Seek;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_TMPFILE)
        .open(std::env::temp_dir())?;
    std::io::copy(&mut std::io::stdin().lock(), &mut f)?;
    f.rewind()?;
    Ok(f)
}

fn set_ref(live: &WiSet) -> SetRef {
    SetRef {
        name: live.name.clone(),
        type_name: live.type_name.clone(),
        family: live.family,
        revision: live.revision.unwrap_or(0),
    }
}

/// In an input file every problem is a bad line (exit 1, line named),
/// including those ipset calls command-line problems.
fn bad_line(e: Error, n: u32) -> Error {
    match e {
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
    }
}

/// The entries of an input, one per non-blank, non-comment line, each with its
/// line number. A bad line is an error naming it, unless `skip` takes it (and
/// says so); `tick` is called for each good one. (Both are here rather than
/// in adapters around a stream: each would copy every ~300-byte entry once
/// more.)
pub fn input_entries<'a, S: FnMut(&Error) -> bool, T: FnMut()>(
    input: Box<dyn BufRead + 'a>,
    h: &SetRef,
    skip: S,
    tick: T,
) -> Result<InputEntries<'a, S, T>, Error> {
    Ok(InputEntries {
        lines: LineReader::new(input),
        parser: EntryParser::new(h, ElemCmd::Add)?,
        skip,
        tick,
    })
}

/// The entries of an input, parsed line by line into the consumer's entry
/// (see [`input_entries`]).
pub struct InputEntries<'a, S, T> {
    lines: LineReader<Box<dyn BufRead + 'a>>,
    parser: EntryParser,
    skip: S,
    tick: T,
}

impl<S: FnMut(&Error) -> bool, T: FnMut()> EntrySource for InputEntries<'_, S, T> {
    fn next_into(&mut self, entry: &mut Entry) -> Option<Result<u32, Error>> {
        loop {
            let e = match self.lines.next_content()? {
                Ok((n, text)) => match self.parser.parse_line_into(text, entry) {
                    Ok(()) => {
                        (self.tick)();
                        return Some(Ok(n));
                    }
                    Err(e) => bad_line(e, n),
                },
                Err(e) => e,
            };
            if !(self.skip)(&e) {
                return Some(Err(e));
            }
        }
    }
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
