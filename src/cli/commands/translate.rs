//! translate: the live sets (or a save file's) as one nft script; and
//! `ipset-translate` (wiset installed under that name, or `wiset
//! ipset-translate ARGS`): ipset 7.17's translator of restore files into
//! nft commands, line for line as it prints them.

use std::io::Write;

use wiset::nft::{IpsetTranslate, Script, ScriptOptions, SetTranslation, TableFamily, is_nft_name};
use wiset::set::{Dump, Entry, ListDetail, ListSink, WiSet};

use super::ctx::{Ctx, check_setname};
use super::restore::{c_string, parse_line};
use super::{adt, create};
use crate::cli::args::Command;
use crate::cli::command_table::{Cmd, match_command};
use crate::cli::compat::{Globals, split_globals};
use crate::cli::error::Error;
use crate::cli::input::{LineReader, open_input};
use crate::cli::report::Outcome;

/// `translate [SET...]`: the script on stdout, refusals and notes on
/// stderr; exit 1 when a set was refused (the script holds the others).
/// Nothing is printed before every named set is found.
pub fn run(ctx: &mut Ctx, sets: &[String], table: &str, family: &str) -> Result<Outcome, Error> {
    ctx.g.own_command = true;
    if !is_nft_name(table) {
        return Err(Error::invalid(format!(
            "nft cannot name a table {table:?}: a letter or _ first, then letters, digits and _-./, and no nft keyword"
        )));
    }
    let family = TableFamily::parse(family).expect("clap checked the family");
    if ctx.g.file.is_some() {
        // The save file's sets, as the kernel holds them: restored into a
        // namespace of this thread's own, which nothing else sees.
        wiset::sys::unshare_net().map_err(|e| {
            Error::invalid(format!(
                "translate -f needs a private network namespace to read the file into: {e}"
            ))
        })?;
        super::restore::run(ctx, &Default::default())?;
    }
    let quiet = ctx.g.quiet;
    let s = ctx.session()?;
    for name in sets {
        check_setname(name)?;
        s.header(name)?;
    }
    let script = Script::new(ScriptOptions {
        table: table.to_string(),
        family,
    });
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    out.write_all(script.header().as_bytes())?;
    // The sets stream from the kernel's listing, one entry at a time into
    // each set's compact translation.
    let mut sink = Sink {
        script: &script,
        out: &mut out,
        current: None,
        refused: 0,
        quiet,
    };
    if sets.is_empty() {
        s.list(None, ListDetail::Full, Dump::List, &mut sink)?;
    } else {
        for name in sets {
            s.list(Some(name), ListDetail::Full, Dump::List, &mut sink)?;
        }
    }
    let refused = sink.refused;
    out.flush()?;
    if refused > 0 {
        return Ok(Outcome::Exit(1));
    }
    Ok(Outcome::Success)
}

/// Each listed set into the script as its entries arrive.
struct Sink<'a, W: Write> {
    script: &'a Script,
    out: &'a mut W,
    current: Option<SetTranslation<'a>>,
    refused: usize,
    quiet: bool,
}

impl<W: Write> ListSink for Sink<'_, W> {
    fn set_begin(&mut self, set: &WiSet) -> wiset::set::Result<()> {
        self.current = Some(self.script.begin(set));
        Ok(())
    }

    fn entries(&mut self, _set: &WiSet, entries: &mut Vec<Entry>) -> wiset::set::Result<()> {
        if let Some(tr) = &mut self.current {
            for e in entries.iter() {
                tr.push(e);
            }
        }
        Ok(())
    }

    fn set_end(&mut self, _set: &WiSet) -> wiset::set::Result<()> {
        let Some(tr) = self.current.take() else {
            return Ok(());
        };
        match tr.write_to(self.out)? {
            Ok(notes) => {
                if !self.quiet {
                    for n in &notes {
                        eprintln!("{}: note: {n}", crate::cli::report::program());
                    }
                }
            }
            Err(r) => {
                self.out.write_all(self.script.refused(&r).as_bytes())?;
                crate::cli::report::print_message(
                    &format!("set {} not translated: {}", r.set, r.reason),
                    false,
                );
                self.refused += 1;
            }
        }
        Ok(())
    }
}

/// What ipset-translate says of every command but restore, and its exit code.
const NOT_SUPPORTED: &str = "This command is not supported, use `ipset-translate restore < file'";
const NOT_SUPPORTED_EXIT: u8 = 255;

/// Run ipset-translate's command line `argv` (without the program name;
/// global options already in `g`).
pub fn ipset_translate(argv: Vec<String>, g: &mut Globals) -> anyhow::Result<Outcome> {
    let argv = split_globals(argv, g)?;
    if let Some(first) = argv.first()
        && first != "-"
        && match_command(first).is_none_or(|c| !c.is_ipsets())
    {
        return Err(Error::usage(format!("No command specified: unknown argument {first}")).into());
    }
    if let Some(mode) = g.output.filter(|m| !m.is_ipsets()) {
        return Err(Error::invalid(format!(
            "Syntax error: unknown output mode '{}'",
            mode.name()
        ))
        .into());
    }
    let request = crate::cli::parse_argv(argv, g)?;
    let cmd = match request {
        crate::cli::Request::Interactive => return Ok(prompts()?),
        crate::cli::Request::Show(shown) => {
            let _ = shown.print();
            return Ok(Outcome::Success);
        }
        crate::cli::Request::Run(cmd) => cmd,
    };
    let mut ctx = Ctx::new(g);
    match cmd {
        Command::Restore(_) => Ok(restore(&mut ctx)?),
        Command::Version { .. } | Command::Help { .. } => super::run(cmd, ctx.g),
        // Parsed, then nothing: ipset-translate knows no set on its command line.
        Command::Add { .. } | Command::Del { .. } | Command::Test { .. } => Ok(Outcome::Success),
        Command::Create {
            setname,
            typename,
            options,
            ..
        } => {
            let (set, _) = create::parse(&setname, &typename, &options)?;
            if let Some(t) = set.set_type() {
                ctx.session()?.choose_revision(t)?;
            }
            not_supported()
        }
        _ => not_supported(),
    }
}

fn not_supported() -> anyhow::Result<Outcome> {
    eprintln!("{NOT_SUPPORTED}");
    Ok(Outcome::Exit(NOT_SUPPORTED_EXIT))
}

/// `ipset-translate -`: its interactive mode prompts for each line and
/// translates nothing; `quit` ends it.
fn prompts() -> Result<Outcome, Error> {
    let prompt = "ipset> ";
    let mut out = std::io::stdout().lock();
    let mut line = String::new();
    loop {
        out.write_all(prompt.as_bytes())?;
        out.flush()?;
        line.clear();
        if std::io::stdin().read_line(&mut line)? == 0 || line.trim() == "quit" {
            return Ok(Outcome::Success);
        }
    }
}

/// `ipset-translate restore`: the table, then each line of the input as an
/// nft command. An error stops it, what was printed before it stays.
fn restore(ctx: &mut Ctx) -> Result<Outcome, Error> {
    let file = ctx.g.file.clone();
    let (input, name) = open_input(file.as_deref(), None)?;
    let mut lines = LineReader::new(input, &name);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut xl = IpsetTranslate::new();
    writeln!(out, "{}", IpsetTranslate::TABLE)?;
    let result = (|| {
        while let Some(line) = lines.next_line() {
            let (n, text, ended) = line?;
            let ended = ended && !text.contains('\0');
            let Some(text) = c_string(text) else {
                continue;
            };
            let said = translate_line(ctx, &mut xl, text, ended)
                .map_err(|e| if e.is_usage() { e } else { e.at_line(n) })?;
            match said {
                Said::Line(s) => writeln!(out, "{s}")?,
                Said::Nothing => {}
                Said::End => break,
                Said::Stop(s) => {
                    writeln!(out, "{s}")?;
                    return Ok(Outcome::Exit(NOT_SUPPORTED_EXIT));
                }
            }
        }
        Ok(Outcome::Success)
    })();
    out.flush()?;
    result
}

/// What one restore line translates to.
enum Said {
    Line(String),
    Nothing,
    /// The end of the translation, a success: ipset-translate stops at the
    /// first entry of a set the file did not create.
    End,
    /// A command nft has no counterpart for, as a comment: the end.
    Stop(String),
}

fn translate_line(
    ctx: &mut Ctx,
    xl: &mut IpsetTranslate,
    text: &str,
    ended: bool,
) -> Result<Said, Error> {
    if text.trim_end() == "COMMIT" {
        return Ok(Said::Nothing);
    }
    let (cmd, args) = parse_line(ctx.g, text, ended)?;
    let arg = |i: usize| args.get(i).map(String::as_str);
    if let Some(ecmd) = cmd.elem_cmd() {
        check_setname(&args[0])?;
        let Some(h) = xl.header(&args[0]) else {
            return Ok(Said::End);
        };
        let entry = adt::parse_entry(h, ecmd, &args[1], &args[2..])?;
        // nft elements have no skbinfo: such an entry becomes a comment.
        let o = &entry.opts;
        if o.skbmark.is_some() || o.skbprio.is_some() || o.skbqueue.is_some() {
            return Ok(Said::Line(format!("# {text}")));
        }
        return Ok(xl
            .element(ecmd, &args[0], &entry)
            .map_or(Said::Nothing, Said::Line));
    }
    for name in args.iter().take(cmd.spec().args.setnames()) {
        check_setname(name)?;
    }
    Ok(match cmd {
        Cmd::Create => {
            let mut set = create::from_line(ctx.g, &args)?;
            if let Some(t) = set.set_type() {
                set.revision = Some(ctx.session()?.choose_revision(t)?);
            }
            Said::Line(xl.create(&set, text))
        }
        Cmd::Flush => Said::Line(xl.flush(arg(0))),
        Cmd::Destroy => Said::Line(xl.destroy(arg(0))),
        Cmd::List => Said::Line(xl.list(arg(0))),
        _ => Said::Stop(format!("# {text}")),
    })
}
