//! What every command runs with: the global options and the run's one
//! netlink session ([`Ctx`]), and ipset's checks of arguments and set names.

use std::io::IsTerminal;

use wiset::netlink::IPSET_MAXNAMELEN;
use wiset::set::{Error, Session};

use crate::cli::compat::Globals;

/// What a command needs: the global options and the session.
pub struct Ctx<'g> {
    pub g: &'g mut Globals,
    session: Option<Session>,
}

impl<'g> Ctx<'g> {
    pub fn new(g: &'g mut Globals) -> Self {
        Ctx { g, session: None }
    }

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

/// ipset's set name check (exit 1).
pub fn check_setname(name: &str) -> Result<(), Error> {
    if name.len() > IPSET_MAXNAMELEN {
        return Err(Error::invalid(format!(
            "Syntax error: setname '{name}' is longer than {IPSET_MAXNAMELEN} characters"
        )));
    }
    Ok(())
}

/// Whether standard output is a terminal (tables for people, ipset's format for pipes).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
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
