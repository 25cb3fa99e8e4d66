//! restore: ipset's save format (and any command lines) from stdin or -file,
//! with consecutive add/del lines of one set batched into large messages;
//! with `--atomic`, all or nothing (a [`Transaction`]).

use wiset::set::{AdtOp, AdtPipe, AdtWriter, Entry, Transaction};

use super::ctx::{Ctx, check_setname};
use super::{admin, adt, create, list};
use crate::cli::args::RestoreArgs;
use crate::cli::command_table::{Cmd, bare_line_command, match_command};
use crate::cli::compat::{Globals, split_globals};
use crate::cli::error::Error;
use crate::cli::input::{LineReader, open_input, split_words};
use crate::cli::report::{Outcome, print_message, program};
use crate::cli::signals;

pub fn run(ctx: &mut Ctx, args: &RestoreArgs) -> Result<Outcome, Error> {
    if args.check {
        return super::check::run(ctx, args.all_errors, args.atomic);
    }
    if args.atomic {
        return atomic(ctx);
    }
    let file = ctx.g.file.clone();
    let (input, name) = open_input(file.as_deref(), None)?;
    let mut batching = Batching {
        piped: true,
        ..Batching::default()
    };
    let mut lines = LineReader::new(input, &name);
    while let Some(line) = lines.next_line() {
        let done = line.and_then(|(n, text, ended)| {
            let ended = ended && !text.contains('\0');
            match c_string(text) {
                None => Ok(()),
                Some(text) => restore_line(ctx, text, ended, n, &mut batching)
                    .map_err(|e| if e.is_usage() { e } else { e.at_line(n) }),
            }
        });
        if let Err(e) = done {
            // A batch sent earlier may have been refused meanwhile: that
            // line came first.
            batching.run = None;
            if let Some(pipe) = &mut batching.pipe {
                pipe.sync()?;
            }
            return Err(e);
        }
    }
    batching.settle(ctx)?;
    Ok(Outcome::Success)
}

/// Where restore's add and del lines go: consecutive lines for one set and
/// command are batched into large messages. With `piped`, full batches are
/// sent by a thread of their own ([`AdtPipe`]) while the next lines are
/// read, in the same order and with the same outcome as one by one; a line
/// that is not an add or del first waits for them.
#[derive(Default)]
struct Batching {
    run: Option<Run>,
    piped: bool,
    pipe: Option<AdtPipe>,
}

/// A run of add or del lines for one set.
struct Run {
    writer: AdtWriter,
    parser: adt::EntryParser,
    /// The entry of the line, parsed in place.
    entry: Entry,
}

impl Batching {
    /// Queue the run's last batch; with a pipe, it is not waited for.
    fn end_run(&mut self, ctx: &mut Ctx) -> Result<(), Error> {
        let Some(run) = self.run.take() else {
            return Ok(());
        };
        match &mut self.pipe {
            Some(pipe) => run.writer.finish_piped(pipe)?,
            None => drop(run.writer.finish(ctx.session()?)?),
        }
        Ok(())
    }

    /// End the run and wait until every batch is in the kernel.
    fn settle(&mut self, ctx: &mut Ctx) -> Result<(), Error> {
        self.end_run(ctx)?;
        if let Some(pipe) = &mut self.pipe {
            pipe.sync()?;
        }
        Ok(())
    }

    fn start_run(
        &mut self,
        ctx: &mut Ctx,
        writer: AdtWriter,
        parser: adt::EntryParser,
    ) -> Result<(), Error> {
        self.end_run(ctx)?;
        if self.piped && self.pipe.is_none() {
            self.pipe = Some(AdtPipe::open(ctx.session()?)?);
        }
        self.run = Some(Run {
            writer,
            parser,
            entry: Entry::default(),
        });
        Ok(())
    }

    /// Push the run's entry (parsed into `run.entry`) of line `n`.
    fn push(&mut self, ctx: &mut Ctx, n: u32) -> Result<(), Error> {
        let run = self.run.as_mut().expect("a run is started first");
        match &mut self.pipe {
            Some(pipe) => run.writer.push_piped(pipe, n, &run.entry)?,
            None => run.writer.push(ctx.session()?, n, &run.entry)?,
        }
        Ok(())
    }

    /// The element of a line that continues the run as `OP SET ELEM` with
    /// nothing else: no options, no quotes, no global flags. Such a line
    /// is parsed with the run's parser, as the general path would parse it.
    fn continues_run<'a>(&self, text: &'a str) -> Option<&'a str> {
        let run = self.run.as_ref()?;
        if text.contains('"') {
            return None;
        }
        let mut words = text.split_ascii_whitespace();
        let (op, set) = run.writer.target();
        let literal = match op {
            AdtOp::Add => "add",
            AdtOp::Del => "del",
        };
        if words.next()? != literal || words.next()? != set {
            return None;
        }
        let elem = words.next()?;
        (words.next().is_none() && !elem.starts_with('-')).then_some(elem)
    }
}

/// A line as ipset reads it: a C string, which ends at its first NUL byte
/// (None when nothing but blanks or a comment comes before it).
pub(super) fn c_string(line: &str) -> Option<&str> {
    match line.split_once('\0') {
        None => Some(line),
        Some((head, _)) => crate::cli::input::content(head),
    }
}

fn restore_line(
    ctx: &mut Ctx,
    text: &str,
    ended: bool,
    n: u32,
    batching: &mut Batching,
) -> Result<(), Error> {
    if let Some(elem) = batching.continues_run(text) {
        let run = batching.run.as_mut().expect("continues a run");
        run.parser.parse_line_into(elem, &mut run.entry)?;
        return batching.push(ctx, n);
    }
    if text.trim_end() == "COMMIT" {
        return batching.settle(ctx);
    }
    let (cmd, args) = parse_line(ctx.g, text, ended)?;
    let spec = cmd.spec();
    // A line is parsed (and, for add/del, its set looked up) before the batch
    // pending from earlier lines is sent: as in ipset, a bad line means the
    // last, partly filled batch is never applied (full batches went already).
    if let Cmd::Add | Cmd::Del = cmd {
        let ipcmd = if cmd == Cmd::Add {
            AdtOp::Add
        } else {
            AdtOp::Del
        };
        let exist = ctx.g.exist;
        let ecmd = ipcmd.into();
        let (set, entry) = adt::line_entry(ecmd, &args, |set| Ok(ctx.session()?.header(set)?))?;
        let same = (batching.run.as_ref()).is_some_and(|r| r.writer.target() == (ipcmd, set));
        if !same {
            let h = ctx.session()?.header(set)?;
            let parser = adt::EntryParser::new(&h, ecmd)?;
            let writer = AdtWriter::new(ipcmd, set, super::ctx::exist(exist));
            batching.start_run(ctx, writer, parser)?;
        }
        batching.run.as_mut().expect("started").entry = entry;
        return batching.push(ctx, n);
    }
    for name in args.iter().take(spec.args.setnames()) {
        check_setname(name)?;
    }
    if cmd == Cmd::Create {
        let set = create::from_line(ctx.g, &args)?;
        batching.settle(ctx)?;
        let exist = ctx.g.exist;
        let s = ctx.session()?;
        return s
            .create(&set, super::ctx::exist(exist))
            .map_err(|e| crate::cli::hints::for_create(s, &set, e));
    }
    batching.settle(ctx)?;
    let arg = |i: usize| args.get(i).map(String::as_str);
    match cmd {
        Cmd::Test => adt::test(ctx, &args[0], &args[1], &args[2..]).map(drop),
        Cmd::Destroy => admin::destroy(ctx, arg(0), None).map(drop),
        Cmd::Flush => admin::flush(ctx, arg(0)).map(drop),
        Cmd::Rename => admin::rename(ctx, &args[0], &args[1], None).map(drop),
        Cmd::Swap => admin::swap(ctx, &args[0], &args[1], None).map(drop),
        Cmd::List => list::run(ctx, arg(0), false).map(drop),
        Cmd::Save => list::run(ctx, arg(0), true).map(drop),
        // Run above, or refused above.
        Cmd::Create
        | Cmd::Add
        | Cmd::Del
        | Cmd::Restore
        | Cmd::Help
        | Cmd::Version
        | Cmd::Quit
        | Cmd::Replace
        | Cmd::Info
        | Cmd::Find
        | Cmd::Alter
        | Cmd::Metrics
        | Cmd::Translate
        | Cmd::IpsetTranslate
        | Cmd::Completions
        | Cmd::Man => Err(invalid_in_restore(cmd)),
    }
}

/// A restore line's command and its arguments, checked as ipset checks
/// them. Global options on the line are taken into `g` and stay set for
/// the rest of the input, as in ipset.
pub(super) fn parse_line(
    g: &mut Globals,
    text: &str,
    ended: bool,
) -> Result<(Cmd, Vec<String>), Error> {
    let words = split_words(text, ended)?;
    let mut words = split_globals(words, g)?;
    // (Blank lines never get here: a line of quotes alone does.)
    if words.is_empty() {
        return Err(Error::usage("No command specified."));
    }
    let first = words.remove(0);
    let cmd = match_command(&first)
        .ok_or_else(|| Error::usage(format!("No command specified: unknown argument {first}")))?;
    if !cmd.spec().scope.in_restore() {
        return Err(invalid_in_restore(cmd));
    }
    cmd.check_args(&words)?;
    // `test --from` is for the command line; a restore line tests one entry.
    if cmd == Cmd::Test && words.len() < 2 {
        return Err(Error::usage(
            "Missing second mandatory argument to command test",
        ));
    }
    Ok((cmd, words))
}

/// `restore --atomic`: every line applied to a [`Transaction`], committed
/// at the end of the input. Any error, or a stopping signal, before the
/// commit leaves every live set as it was.
fn atomic(ctx: &mut Ctx) -> Result<Outcome, Error> {
    ctx.g.own_command = true;
    let cancel = signals::install();
    let file = ctx.g.file.clone();
    let (input, name) = open_input(file.as_deref(), Some(&cancel))?;
    let mut lines = LineReader::new(input, &name);
    let (g, s) = ctx.parts()?;
    s.set_cancel(Some(cancel.clone()));
    let run = || -> Result<(), Error> {
        let mut tx = s.transaction();
        while let Some(line) = lines.next_line() {
            let (n, text, ended) = line?;
            let ended = ended && !text.contains('\0');
            let Some(text) = c_string(text) else {
                continue;
            };
            atomic_line(&mut tx, g, text, ended, n).map_err(|e| e.bad_restore_line(n))?;
        }
        let stats = tx.commit()?;
        for temp in &stats.leftovers {
            crate::cli::report::warn_leftover(temp);
        }
        Ok(())
    };
    signals::busy(run).unwrap_or_else(|| Err(super::replace::interrupted(&cancel)))?;
    Ok(Outcome::Success)
}

/// One line of an atomic restore: create, add, del and flush of a named
/// set act on the set's new version; other commands are refused.
fn atomic_line(
    tx: &mut Transaction,
    g: &mut Globals,
    text: &str,
    ended: bool,
    n: u32,
) -> Result<(), Error> {
    if text.trim_end() == "COMMIT" {
        return Ok(());
    }
    let (cmd, args) = parse_line(g, text, ended)?;
    let exist = super::ctx::exist(g.exist);
    match cmd {
        Cmd::Create => Ok(tx.create(&create::from_line(g, &args)?, exist)?),
        Cmd::Add | Cmd::Del => {
            let ecmd = cmd.elem_cmd().expect("add or del");
            let (set, entry) = adt::line_entry(ecmd, &args, |set| Ok(tx.header(set)?))?;
            if cmd == Cmd::Add {
                Ok(tx.add(set, n, &entry, exist)?)
            } else {
                Ok(tx.delete(set, n, &entry, exist)?)
            }
        }
        Cmd::Flush if args.len() == 1 => {
            check_setname(&args[0])?;
            Ok(tx.flush(&args[0])?)
        }
        _ => Err(not_in_transaction(cmd)),
    }
}

/// A line `restore --atomic` does not run: a transaction applies create,
/// add, del and flush of named sets, and nothing else has a meaning there.
pub(super) fn not_in_transaction(cmd: Cmd) -> Error {
    let what = if cmd == Cmd::Flush {
        "flush of every set"
    } else {
        cmd.name()
    };
    Error::invalid(format!(
        "{what} cannot be part of an atomic restore, which applies create, add, del and flush of named sets all or nothing"
    ))
}

/// ipset's refusal of a command restore does not run.
pub(super) fn invalid_in_restore(cmd: Cmd) -> Error {
    Error::usage(format!(
        "Command `{}' is invalid in restore mode.",
        cmd.name()
    ))
}

/// `wiset -`: interactive mode. Each line read after the `PROG> ` prompt is
/// run as a command; an error is printed and the session goes on; `quit` or
/// the end of input ends it.
pub fn interactive(g: &mut Globals) -> Result<Outcome, Error> {
    use std::io::Write;
    let prog = program();
    let mut ctx = Ctx::new(g);
    let stdin = std::io::stdin();
    let mut line = String::new();
    let mut n = 0;
    loop {
        print!("{prog}> ");
        std::io::stdout().flush()?;
        line.clear();
        if stdin.read_line(&mut line)? == 0 {
            return Ok(Outcome::Success);
        }
        n += 1;
        let Some(text) = crate::cli::input::content(&line).and_then(c_string) else {
            continue;
        };
        match bare_line_command(text.trim_end()) {
            Some(Cmd::Quit) => return Ok(Outcome::Success),
            Some(Cmd::Version) => {
                if let Err(e) = admin::version(&mut ctx) {
                    print_message(&e.to_string(), e.is_usage());
                }
                continue;
            }
            _ => {}
        }
        let mut batching = Batching::default();
        let ended = line.ends_with('\n') && !line.contains('\0');
        let r = restore_line(&mut ctx, text, ended, n, &mut batching)
            .and_then(|()| batching.settle(&mut ctx));
        if let Err(e) = r {
            if !ctx.g.quiet {
                print_message(&e.to_string(), e.is_usage());
            }
        }
    }
}
