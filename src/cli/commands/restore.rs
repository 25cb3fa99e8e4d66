//! restore: ipset's save format (and any command lines) from stdin or -file,
//! with consecutive add/del lines of one set batched into large messages.

use wiset::set::{AdtOp, AdtWriter};
use wiset::text::ElemCmd;

use super::ctx::{Ctx, check_setname};
use super::{admin, adt, create, list};
use crate::cli::command_table::{Cmd, bare_line_command, match_command};
use crate::cli::compat::{Globals, split_globals};
use crate::cli::error::Error;
use crate::cli::input::{LineReader, open_input, split_words};
use crate::cli::report::{Outcome, print_message, program};

pub fn run(ctx: &mut Ctx) -> Result<Outcome, Error> {
    let file = ctx.g.file.clone();
    let (input, name) = open_input(file.as_deref(), None)?;
    let mut pending: Option<AdtWriter> = None;
    let mut lines = LineReader::new(input, &name);
    while let Some(line) = lines.next_line() {
        let (n, text, ended) = line?;
        let ended = ended && !text.contains('\0');
        let Some(text) = c_string(text) else {
            continue;
        };
        let r = restore_line(ctx, text, ended, n, &mut pending);
        if let Err(e) = r {
            return Err(if e.is_usage() { e } else { e.at_line(n) });
        }
    }
    if let Some(w) = pending.take() {
        w.finish(ctx.session()?)?;
    }
    Ok(Outcome::Success)
}

/// A line as ipset reads it: a C string, which ends at its first NUL byte
/// (None when nothing but blanks or a comment comes before it).
fn c_string(line: &str) -> Option<&str> {
    match line.split_once('\0') {
        None => Some(line),
        Some((head, _)) => crate::cli::input::content(head),
    }
}

fn flush(ctx: &mut Ctx, pending: &mut Option<AdtWriter>) -> Result<(), Error> {
    if let Some(w) = pending.take() {
        w.finish(ctx.session()?)?;
    }
    Ok(())
}

fn restore_line(
    ctx: &mut Ctx,
    text: &str,
    ended: bool,
    n: u32,
    pending: &mut Option<AdtWriter>,
) -> Result<(), Error> {
    if text.trim_end() == "COMMIT" {
        return flush(ctx, pending);
    }
    let words = split_words(text, ended)?;
    // Global options on a line stay set for the rest of the input, as in ipset.
    let words = split_globals(words, ctx.g)?;
    // (Blank lines never get here: a line of quotes alone does.)
    let Some((first, args)) = words.split_first() else {
        return Err(Error::usage("No command specified."));
    };
    let cmd = match_command(first)
        .ok_or_else(|| Error::usage(format!("No command specified: unknown argument {first}")))?;
    let spec = cmd.spec();
    if !spec.scope.in_restore() {
        return Err(invalid_in_restore(cmd));
    }
    cmd.check_args(args)?;
    // `test --from` is for the command line; a restore line tests one entry.
    if cmd == Cmd::Test && args.len() < 2 {
        return Err(Error::usage(
            "Missing second mandatory argument to command test",
        ));
    }
    // A line is parsed (and, for add/del, its set looked up) before the batch
    // pending from earlier lines is sent: as in ipset, a bad line means the
    // last, partly filled batch is never applied (full batches went already).
    if let Cmd::Add | Cmd::Del = cmd {
        let (set, elem, opts) = (&args[0], &args[1], &args[2..]);
        check_setname(set)?;
        let (ipcmd, ecmd) = if cmd == Cmd::Add {
            (AdtOp::Add, ElemCmd::Add)
        } else {
            (AdtOp::Del, ElemCmd::Del)
        };
        let exist = ctx.g.exist;
        let h = ctx.session()?.header(set)?;
        let entry = adt::parse_entry(&h, ecmd, elem, opts)?;
        let same = pending
            .as_ref()
            .is_some_and(|w| w.target() == (ipcmd, set.as_str()));
        if !same {
            flush(ctx, pending)?;
        }
        let s = ctx.session()?;
        let w = pending.get_or_insert_with(|| AdtWriter::new(ipcmd, set, super::ctx::exist(exist)));
        return Ok(w.push(s, n, &entry)?);
    }
    for name in args.iter().take(spec.args.setnames()) {
        check_setname(name)?;
    }
    if cmd == Cmd::Create {
        let (set, warnings) = create::parse(&args[0], &args[1], &args[2..])?;
        flush(ctx, pending)?;
        for w in &warnings {
            ctx.notice(w);
        }
        let exist = ctx.g.exist;
        return Ok(ctx.session()?.create(&set, super::ctx::exist(exist))?);
    }
    flush(ctx, pending)?;
    let arg = |i: usize| args.get(i).map(String::as_str);
    match cmd {
        Cmd::Test => adt::test(ctx, &args[0], &args[1], &args[2..]).map(drop),
        Cmd::Destroy => admin::destroy(ctx, arg(0)).map(drop),
        Cmd::Flush => admin::flush(ctx, arg(0)).map(drop),
        Cmd::Rename => admin::rename(ctx, &args[0], &args[1]).map(drop),
        Cmd::Swap => admin::swap(ctx, &args[0], &args[1]).map(drop),
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
        | Cmd::Completions
        | Cmd::Man => Err(invalid_in_restore(cmd)),
    }
}

/// ipset's refusal of a command restore does not run.
fn invalid_in_restore(cmd: Cmd) -> Error {
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
        let mut pending = None;
        let ended = line.ends_with('\n') && !line.contains('\0');
        let r = restore_line(&mut ctx, text, ended, n, &mut pending)
            .and_then(|()| flush(&mut ctx, &mut pending));
        if let Err(e) = r {
            if !ctx.g.quiet {
                print_message(&e.to_string(), e.is_usage());
            }
        }
    }
}
