//! `restore --check`: every line of a restore input answered as the kernel
//! would answer it (a [`Checker`]), nothing changed — as `nft -c`.

use wiset::set::Checker;

use super::ctx::{Ctx, check_setname, exist};
use super::restore::{c_string, invalid_in_restore, not_in_transaction, parse_line};
use super::{adt, create};
use crate::cli::command_table::Cmd;
use crate::cli::compat::Globals;
use crate::cli::error::Error;
use crate::cli::input::{LineReader, open_input};
use crate::cli::report::{Outcome, print_message};

/// `atomic`: answer as `restore --atomic` takes the input.
pub fn run(ctx: &mut Ctx, all_errors: bool, atomic: bool) -> Result<Outcome, Error> {
    ctx.g.own_command = true;
    let file = ctx.g.file.clone();
    let (input, name) = open_input(file.as_deref(), None)?;
    let mut lines = LineReader::new(input, &name);
    let (g, s) = ctx.parts()?;
    let mut checker = if atomic {
        s.checker().transactional()
    } else {
        s.checker()
    };
    let mut bad = 0u64;
    while let Some(line) = lines.next_line() {
        let (n, text, ended) = line?;
        let ended = ended && !text.contains('\0');
        let Some(text) = c_string(text) else {
            continue;
        };
        let Err(e) = check_line(&mut checker, g, text, ended, atomic) else {
            continue;
        };
        // As the restore would report it: ipset's (structure errors without
        // the line), or the atomic one's (every problem a bad line).
        let e = if atomic {
            e.bad_restore_line(n)
        } else if e.is_usage() {
            e
        } else {
            e.at_line(n)
        };
        if !all_errors {
            return Err(e);
        }
        print_message(&e.report_lines().join("\n"), e.is_usage());
        bad += 1;
    }
    if bad > 0 {
        let lines = if bad == 1 { "line" } else { "lines" };
        return Err(Error::invalid(format!("{bad} bad {lines} in {name}")));
    }
    Ok(Outcome::Success)
}

/// One line, checked as the kernel would take it after the lines before.
fn check_line(
    c: &mut Checker,
    g: &mut Globals,
    text: &str,
    ended: bool,
    atomic: bool,
) -> Result<(), Error> {
    if text.trim_end() == "COMMIT" {
        return Ok(());
    }
    let (cmd, args) = parse_line(g, text, ended)?;
    let in_transaction =
        matches!(cmd, Cmd::Create | Cmd::Add | Cmd::Del) || (cmd == Cmd::Flush && args.len() == 1);
    if atomic && !in_transaction {
        return Err(not_in_transaction(cmd));
    }
    let x = exist(g.exist);
    let arg = |i: usize| args.get(i).map(String::as_str);
    if let Some(ecmd) = cmd.elem_cmd() {
        let (set, entry) = adt::line_entry(ecmd, &args, |set| Ok(c.header(set)?))?;
        let checked = match cmd {
            Cmd::Add => c.add(set, &entry, x),
            Cmd::Del => c.delete(set, &entry, x),
            _ => c.test(set, &entry),
        };
        return Ok(checked?);
    }
    for name in args.iter().take(cmd.spec().args.setnames()) {
        check_setname(name)?;
    }
    match cmd {
        Cmd::Create => Ok(c.create(&create::from_line(g, &args)?, x)?),
        Cmd::Flush => Ok(c.flush(arg(0))?),
        Cmd::Destroy => Ok(c.destroy(arg(0), x)?),
        Cmd::Rename => Ok(c.rename(&args[0], &args[1])?),
        Cmd::Swap => Ok(c.swap(&args[0], &args[1])?),
        Cmd::List | Cmd::Save => Ok(c.list(arg(0))?),
        // (Refused by parse_line.)
        _ => Err(invalid_in_restore(cmd)),
    }
}
