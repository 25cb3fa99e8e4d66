//! replace SETNAME [FILE|-]: make a set's content equal to a file, atomically
//! (`Session::replace_from`: temp set, batched fill, swap, destroy), or in
//! place with `--diff`. Made for cron: an empty or shrunken feed is refused,
//! one writer per set at a time, a listing in progress is waited out, a
//! signal undoes what was changed. A bad line or a kernel error leaves the
//! live set untouched and names the line.

use std::cell::Cell;
use std::io::{BufRead, IsTerminal, Write};
use std::time::Instant;

use wiset::output::OutputMode;
use wiset::output::fields::{element, member_line};
use wiset::set::{
    self, Cancel, DiffPlan, Entry, EntrySource, Exist, Guards, Incomparable, Load, Refusal,
    ReplaceOptions, ReplaceStats, Session, SetHeader, SetLock, Waits, WiSet,
};
use wiset::text::ElemCmd;

use super::adt::EntryParser;
use super::create;
use super::ctx::{Ctx, check_setname};
use crate::cli::args::ReplaceArgs;
use crate::cli::error::Error;
use crate::cli::input::{
    INPUT_BUFFER, LineReader, copy_lines, count_content_lines, file_reader, open_input,
};
use crate::cli::report::Outcome;
use crate::cli::signals;

pub fn run(ctx: &mut Ctx, args: &ReplaceArgs) -> Result<Outcome, Error> {
    let started = Instant::now();
    ctx.g.own_command = true;
    let name = args.setname.as_str();
    check_setname(name)?;
    let from_stdin = matches!(args.file.as_deref(), None | Some("-"));
    if from_stdin {
        check_stdin(name, args.file.is_none())?;
    }
    let create_spec = match &args.create {
        Some(spec) => Some(create::parse(name, &spec[0], &spec[1..])?.0),
        None => None,
    };
    let cancel = signals::install();
    let ReplaceInput {
        reader: input,
        name: input_name,
        counted,
    } = open_replace_input(args, &cancel)?;
    let quiet = ctx.g.quiet;
    let output = ctx.g.output;
    let s = ctx.session()?;
    s.set_cancel(Some(cancel.clone()));
    s.set_waits(Waits {
        lock: args.wait_lock,
        busy: args.wait_busy,
    });
    let job = Job {
        args,
        name,
        guards: Guards {
            refuse_empty: !args.allow_empty,
            min_entries: args.min_entries,
            max_shrink: args.max_shrink,
        },
        counted,
        quiet,
    };
    let _lock = SetLock::acquire(name, args.wait_lock, Some(&cancel), s.netns())
        .map_err(|e| job.explain(e.into()))?;
    let done = signals::busy(|| job.locked(s, create_spec, input, &input_name))
        .unwrap_or_else(|| Err(interrupted(&cancel)))
        .map_err(|e| job.explain(e))?;
    let mut summary = Summary {
        set: name.to_string(),
        ..Default::default()
    };
    match done {
        Done::DryRun { plan, head } => {
            print_plan(&plan, &head, output)?;
            return Ok(Outcome::Success);
        }
        Done::Replaced {
            stats,
            lines,
            skipped,
        } => {
            if let Some(temp) = &stats.leftover
                && !quiet
            {
                eprintln!(
                    "wiset: Warning: the old content of set {name} stays in set {temp}, which the kernel kept calling busy; the next replace of {name} removes it"
                );
            }
            summary.mode = "replace";
            summary.entries = stats.stored;
            summary.lines = lines;
            summary.duplicates = lines.saturating_sub(stats.stored);
            summary.skipped = skipped;
        }
        Done::Updated {
            plan,
            lines,
            skipped,
        } => {
            let st = plan.stats();
            summary.mode = "diff";
            summary.entries = st.added + st.updated + st.unchanged;
            summary.lines = lines;
            summary.added = Some(st.added);
            summary.updated = Some(st.updated);
            summary.removed = Some(st.removed);
            summary.unchanged = Some(st.unchanged);
            summary.duplicates = st.duplicates;
            summary.skipped = skipped;
        }
    }
    summary.seconds = started.elapsed().as_secs_f64();
    if output == Some(OutputMode::Json) {
        println!("{}", summary.json());
    } else if !quiet && std::io::stderr().is_terminal() {
        eprintln!("wiset: {}", summary.line());
    }
    Ok(Outcome::Success)
}

/// What a run did, once the lock is let go.
enum Done {
    DryRun {
        plan: DiffPlan,
        head: SetHeader,
    },
    Replaced {
        stats: ReplaceStats,
        lines: u64,
        skipped: u64,
    },
    Updated {
        plan: DiffPlan,
        lines: u64,
        skipped: u64,
    },
}

/// One replace: what it was asked, and how it words its errors.
struct Job<'a> {
    args: &'a ReplaceArgs,
    name: &'a str,
    guards: Guards,
    counted: Option<u64>,
    quiet: bool,
}

impl Job<'_> {
    /// Everything done under the set's lock (and as a change under way, for
    /// signals): create the set if asked, read, replace or update. A set this
    /// run created is destroyed again on any failure, and after a dry run.
    fn locked(
        &self,
        s: &mut Session,
        create_spec: Option<WiSet>,
        input: Box<dyn BufRead>,
        input_name: &str,
    ) -> Result<Done, Error> {
        let name = self.name;
        let (live, created) = match (s.load_ipset(name, Load::Header)?, create_spec) {
            (Some(live), Some(asked))
                if (asked.type_name.as_str(), asked.family)
                    != (live.type_name.as_str(), live.family) =>
            {
                return Err(Error::invalid(format!(
                    "set {name} exists as {} (family {}), not as the {} (family {}) that --create asks for: nothing was changed",
                    live.type_name,
                    live.family.name(),
                    asked.type_name,
                    asked.family.name()
                )));
            }
            (Some(live), _) => (live, false),
            (None, Some(set)) => {
                s.create(&set, Exist::Fail)?;
                let live = s
                    .load_ipset(name, Load::Header)?
                    .ok_or_else(|| set::Error::no_such_set(name));
                match live {
                    Ok(live) => (live, true),
                    Err(e) => {
                        let _ = s.destroy(Some(name), Exist::Ignore);
                        return Err(e.into());
                    }
                }
            }
            (None, None) => {
                return Err(Error::invalid(format!(
                    "The set with the given name does not exist (create it first, e.g. `wiset create {name} hash:ip`, or pass `--create TYPE [OPTIONS]`)"
                )));
            }
        };
        let done = self.change(s, &live, input, input_name);
        if created && !matches!(done, Ok(Done::Replaced { .. } | Done::Updated { .. })) {
            // (Its own writer lock is held: nothing else uses it.)
            let _ = s.destroy(Some(name), Exist::Ignore);
        }
        done
    }

    fn change(
        &self,
        s: &mut Session,
        live: &WiSet,
        input: Box<dyn BufRead>,
        input_name: &str,
    ) -> Result<Done, Error> {
        let args = self.args;
        let h = set_ref(live);
        let skipped = Cell::new(0u64);
        let lines = Cell::new(0u64);
        let progress = Progress::new(!self.quiet && std::io::stderr().is_terminal(), self.counted);
        let skip = |e: &Error| {
            if !args.skip_invalid || matches!(e.as_set(), Some(set::Error::Io(_))) {
                return false;
            }
            skipped.set(skipped.get() + 1);
            if !self.quiet {
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
        let entries = input_entries(input, input_name, &h, skip, tick)?;
        if args.diff {
            let plan = s.diff_plan(live.clone(), entries);
            progress.clear();
            let plan = plan?;
            plan.check(&self.guards)?;
            if args.dry_run {
                return Ok(Done::DryRun { plan, head: h });
            }
            s.apply_plan(self.name, &plan)?;
            return Ok(Done::Updated {
                plan,
                lines: lines.get(),
                skipped: skipped.get(),
            });
        }
        let opts = ReplaceOptions {
            expected: self.counted,
            grow: args.grow,
            guards: self.guards,
            ..Default::default()
        };
        let stats = s.replace(live, entries, opts);
        progress.clear();
        Ok(Done::Replaced {
            stats: stats?,
            lines: lines.get(),
            skipped: skipped.get(),
        })
    }

    /// The library's refusals and waits, worded with the flags that change
    /// them. Everything here left the live set as it was.
    fn explain(&self, e: Error) -> Error {
        let name = self.name;
        let unchanged = "nothing was changed";
        let Some(set_error) = e.as_set() else {
            return e;
        };
        let text = match set_error {
            set::Error::Refused { refusal, .. } => {
                let hint = match refusal {
                    Refusal::Empty { .. } => format!(
                        "--allow-empty accepts an empty input (`wiset flush {name}` empties the set)"
                    ),
                    Refusal::TooFew { .. } => "--min-entries sets the minimum".to_string(),
                    Refusal::Shrink { .. } => "--max-shrink sets the limit".to_string(),
                    Refusal::Maxelem { .. } => {
                        "--diff cannot raise maxelem: a full replace with --grow can".to_string()
                    }
                    Refusal::Evicted { .. } => "--grow raises maxelem".to_string(),
                    _ => String::new(),
                };
                format!("Refused to change set {name}: {refusal}; {unchanged}. {hint}.")
            }
            set::Error::Locked { .. } => {
                format!("{e}; {unchanged} (--wait-lock SECONDS waits longer).")
            }
            set::Error::Busy { .. } => {
                format!("{e}; {unchanged} (--wait-busy SECONDS waits longer).")
            }
            set::Error::Kernel {
                kind: set::ErrorKind::Full,
                errno: wiset::netlink::ipset_errno::TYPE_SPECIFIC,
                message,
                line,
                ..
            } if message.starts_with("Hash is full") => {
                let hint = if self.args.diff {
                    "--diff cannot raise maxelem: a full replace with --grow can"
                } else {
                    "--grow raises maxelem"
                };
                let error = Error::invalid(format!(
                    "{message}: the input holds more entries than set {name} may (its maxelem); {unchanged}. {hint}."
                ));
                return match line {
                    Some(n) => error.at_line(*n),
                    None => error,
                };
            }
            set::Error::Incomparable {
                reason: reason @ (Incomparable::Expands | Incomparable::TooMany),
                line,
                ..
            } => {
                let error = Error::invalid(if *reason == Incomparable::Expands {
                    "--diff compares single entries, and the kernel expands ranges and address blocks: use a full replace"
                } else {
                    "too many entries for --diff (2^31 on a side): use a full replace"
                });
                return match line {
                    Some(n) => error.at_line(*n),
                    None => error,
                };
            }
            _ => return e,
        };
        Error::invalid(text)
    }
}

/// The error of a run that a signal stopped before it began its work.
pub(crate) fn interrupted(cancel: &Cancel) -> Error {
    cancel
        .check()
        .err()
        .unwrap_or(set::Error::Interrupted { signal: 0 })
        .into()
}

/// Refuse standard input that cannot hold the entries: a terminal, when no
/// FILE was named (a cron job or a typo must not wait for a person), and a
/// closed standard input, which the process finds reopened as /dev/null.
fn check_stdin(name: &str, implicit: bool) -> Result<(), Error> {
    let stdin = std::io::stdin();
    if implicit && stdin.is_terminal() {
        return Err(Error::usage(format!(
            "replace reads the entries of set {name} from FILE or standard input, and standard input is a terminal: name a FILE (`wiset replace {name} ips.txt`), pipe them in (`... | wiset replace {name}`), or give `-` to type them"
        )));
    }
    if is_dev_null(&stdin) {
        return Err(Error::invalid(format!(
            "standard input is closed (or /dev/null), so it cannot hold the entries of set {name}: pipe them in or name a FILE; `wiset flush {name}` empties the set"
        )));
    }
    Ok(())
}

fn is_dev_null(stdin: &std::io::Stdin) -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let Ok(fd) = stdin.as_fd().try_clone_to_owned() else {
        return false;
    };
    let (Ok(ours), Ok(null)) = (
        std::fs::File::from(fd).metadata(),
        std::fs::metadata("/dev/null"),
    ) else {
        return false;
    };
    ours.file_type().is_char_device() && ours.rdev() == null.rdev()
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
fn print_plan(plan: &DiffPlan, h: &SetHeader, mode: Option<OutputMode>) -> Result<(), Error> {
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

/// The input of a replace, its name, and its count of entries when it was
/// counted: a FILE is counted first (one fast pass) to size the temp set
/// and, for --grow, to give maxelem room for every line; --grow keeps
/// standard input in an unnamed file to count it. (--diff reads all of its
/// input before it changes anything, and needs no count.)
fn open_replace_input(args: &ReplaceArgs, cancel: &Cancel) -> Result<ReplaceInput, Error> {
    let path = match args.file.as_deref() {
        None | Some("-") if args.grow => {
            let f = spool_stdin(cancel)?;
            return counted(f, "standard input");
        }
        None | Some("-") => {
            let (reader, name) = open_input(None, Some(cancel))?;
            return Ok(ReplaceInput {
                reader,
                name,
                counted: None,
            });
        }
        Some(p) => p,
    };
    let f = std::fs::File::open(path).map_err(|e| {
        Error::invalid(format!(
            "Cannot open {path} for reading: {}",
            wiset::sys::strerror(e.raw_os_error().unwrap_or(0))
        ))
    })?;
    // (A FIFO or a device is read as it comes, once.)
    if args.diff || !f.metadata().is_ok_and(|m| m.is_file()) {
        return Ok(ReplaceInput {
            reader: file_reader(f, Some(cancel)),
            name: path.to_string(),
            counted: None,
        });
    }
    counted(f, path)
}

/// A replace's input, its name for messages, and its count of entries
/// when it was counted.
struct ReplaceInput {
    reader: Box<dyn BufRead>,
    name: String,
    counted: Option<u64>,
}

/// A regular file, counted and rewound, as a reader.
fn counted(f: std::fs::File, name: &str) -> Result<ReplaceInput, Error> {
    let n = count_file(&f, name)?;
    Ok(ReplaceInput {
        reader: Box::new(std::io::BufReader::with_capacity(INPUT_BUFFER, f)),
        name: name.to_string(),
        counted: Some(n),
    })
}

/// Count the entries of an input file (lines that are not blank or
/// comments), leaving it at its start for the real read.
fn count_file(f: &std::fs::File, name: &str) -> Result<u64, Error> {
    use std::io::Seek;
    let n = count_content_lines(std::io::BufReader::with_capacity(INPUT_BUFFER, f), name)?;
    let mut f = f;
    f.rewind()?;
    Ok(n)
}

/// `--grow` on standard input: standard input kept in an unnamed file
/// (O_TMPFILE, mode 0600: nothing to find, follow or clean up), so it can be
/// counted first and then streamed without being held in memory. Lines are
/// held to the same limit as when read, so `/dev/zero` fills no disk.
fn spool_stdin(cancel: &Cancel) -> Result<std::fs::File, Error> {
    use std::io::Seek;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_TMPFILE)
        .open(std::env::temp_dir())?;
    let (stdin, name) = open_input(None, Some(cancel))?;
    copy_lines(stdin, &mut f, &name)?;
    f.rewind()?;
    Ok(f)
}

fn set_ref(live: &WiSet) -> SetHeader {
    SetHeader {
        name: live.name.clone(),
        type_name: live.type_name.clone(),
        family: live.family,
        revision: live.revision.unwrap_or(0),
    }
}

/// The entries of an input, one per non-blank, non-comment line, each with its
/// line number. A bad line is an error naming it, unless `skip` takes it (and
/// says so); `tick` is called for each good one. (Both are here rather than
/// in adapters around a stream: each would copy every ~300-byte entry once
/// more.)
pub fn input_entries<'a, S: FnMut(&Error) -> bool, T: FnMut()>(
    input: Box<dyn BufRead + 'a>,
    name: &str,
    h: &SetHeader,
    skip: S,
    tick: T,
) -> Result<InputEntries<'a, S, T>, Error> {
    Ok(InputEntries {
        lines: LineReader::new(input, name),
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
    fn next_into(&mut self, entry: &mut Entry) -> Option<set::Result<Option<u32>>> {
        loop {
            let e = match self.lines.next_content()? {
                Ok((n, text)) => match self.parser.parse_line_into(text, entry) {
                    Ok(()) => {
                        (self.tick)();
                        return Some(Ok(Some(n)));
                    }
                    // (A message would echo the NUL, which no terminal shows.)
                    Err(_) if text.contains('\0') => {
                        Error::invalid("Syntax error: the line holds a NUL byte").at_line(n)
                    }
                    Err(e) => e.bad_line(n),
                },
                Err(e) => e,
            };
            if !(self.skip)(&e) {
                return Some(Err(e.into()));
            }
        }
    }
}
