//! One module per command; `run` dispatches. Commands talk to the kernel
//! through one lazily opened `Session` and print through `output`.

mod admin;
pub(crate) mod adt;
mod assets;
pub(crate) mod create;
mod list;
pub(crate) mod replace;
pub mod restore;

use std::io::IsTerminal;

use wiset::netlink::IPSET_MAXNAMELEN;
use wiset::set::{Error, Session};
use wiset::set::{Exist, Netns};

use super::args::Command;
use super::{Globals, Outcome};

/// What a command needs: the global options and the session.
pub struct Ctx<'g> {
    pub g: &'g mut Globals,
    session: Option<Session>,
}

impl Ctx<'_> {
    /// The run's one netlink session, opened on first use (in `--netns` if given).
    pub fn session(&mut self) -> Result<&mut Session, Error> {
        if self.session.is_none() {
            let s = Session::open().map_err(explain_open_error)?;
            self.session = Some(s);
        }
        Ok(self.session.as_mut().expect("opened"))
    }

    /// Print a warning or notice unless `-quiet`.
    pub fn notice(&self, msg: &str) {
        if !self.g.quiet {
            eprintln!("{msg}");
        }
    }
}

/// ipset's checks of positional arguments, with its messages (exit 2).
pub fn check_arity(cmd: &str, args: &[String]) -> Result<(), Error> {
    let positional = |n: usize| args.iter().take(n).filter(|a| !a.starts_with("--")).count();
    let missing = |which: usize| {
        Error::usage(if which == 0 {
            format!("Missing mandatory argument to command {cmd}")
        } else {
            format!("Missing second mandatory argument to command {cmd}")
        })
    };
    match cmd {
        "create" | "add" | "del" | "rename" | "swap" => {
            let n = positional(2);
            if n < 2 {
                return Err(missing(n));
            }
            if matches!(cmd, "rename" | "swap") && args.len() > 2 {
                return Err(Error::usage(format!("Unknown argument {}", args[2])));
            }
        }
        "test" => {
            if args
                .iter()
                .any(|a| a == "--from" || a.starts_with("--from="))
            {
                return Ok(());
            }
            let n = positional(2);
            if n < 2 {
                return Err(missing(n));
            }
        }
        "destroy" | "list" | "save" | "flush" if args.len() > 1 => {
            return Err(Error::usage(format!("Unknown argument {}", args[1])));
        }
        _ => {}
    }
    Ok(())
}

/// ipset's `-exist` flag as the library takes it.
pub fn exist(flag: bool) -> Exist {
    if flag { Exist::Ignore } else { Exist::Fail }
}

/// ipset's set name check (exit 1).
pub fn check_setname(name: &str) -> Result<(), Error> {
    if name.len() > IPSET_MAXNAMELEN {
        return Err(Error::invalid(format!(
            "Syntax error: setname '{name}' is longer than {IPSET_MAXNAMELEN} characters"
        )));
    }
    Ok(())
}

impl<'g> Ctx<'g> {
    pub fn new(g: &'g mut Globals) -> Self {
        Ctx { g, session: None }
    }
}

pub fn run(cmd: Command, g: &mut Globals) -> anyhow::Result<Outcome> {
    // Enter the namespace before anything else: threads started later (the
    // replace signal guard, inserters, dump readers) inherit it.
    if let Some(ns) = g.netns.clone() {
        enter_netns(&ns)?;
    }
    let mut ctx = Ctx::new(g);
    let out = match cmd {
        Command::Create {
            setname,
            typename,
            options,
        } => create::run(&mut ctx, &setname, &typename, &options),
        Command::Add {
            setname,
            entry,
            options,
        } => adt::add_del(&mut ctx, adt::Op::Add, &setname, &entry, &options),
        Command::Del {
            setname,
            entry,
            options,
        } => adt::add_del(&mut ctx, adt::Op::Del, &setname, &entry, &options),
        Command::Test {
            setname,
            entry: Some(entry),
            from: None,
            options,
        } => adt::test(&mut ctx, &setname, &entry, &options),
        Command::Test { setname, from, .. } => {
            adt::test_from(&mut ctx, &setname, from.as_deref().unwrap_or("-"))
        }
        Command::Destroy { setname } => admin::destroy(&mut ctx, setname.as_deref()),
        Command::Flush { setname } => admin::flush(&mut ctx, setname.as_deref()),
        Command::Rename { from, to } => admin::rename(&mut ctx, &from, &to),
        Command::Swap { from, to } => admin::swap(&mut ctx, &from, &to),
        Command::List { setname } => list::run(&mut ctx, setname.as_deref(), false),
        Command::Save { setname } => list::run(&mut ctx, setname.as_deref(), true),
        Command::Restore => restore::run(&mut ctx),
        Command::Version => admin::version(&mut ctx),
        Command::Help { typename, .. } => assets::help(typename.as_deref()),
        Command::Replace(args) => replace::run(&mut ctx, &args),
        Command::Completions { shell } => assets::completions(shell),
        Command::Man => assets::man(),
    }?;
    Ok(out)
}

/// Whether standard output is a terminal (tables for people, ipset's format for pipes).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Move this thread into the network namespace `/run/netns/NAME`, as `ip -n`
/// does. It runs before any other thread of ours exists.
fn enter_netns(name: &str) -> Result<(), Error> {
    Netns::open(name)?.enter()
}

/// Turn "cannot even open a session" into one line a person can act on.
fn explain_open_error(e: Error) -> Error {
    match e {
        Error::Kernel { errno: libc::EPERM, .. } => Error::Unavailable(
            "Kernel error received: Operation not permitted (managing ipsets needs CAP_NET_ADMIN: run as root)".into(),
        ),
        other => other,
    }
}
