//! What every command runs with: the global options and the run's one
//! netlink session ([`Ctx`]), and ipset's set name check.

use std::io::IsTerminal;

use wiset::output::OutputMode;
use wiset::set::{self, Exist, Session};

use crate::cli::compat::Globals;
use crate::cli::error::Error;

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

    /// The global options and the session at once (opened if need be), for
    /// a command that keeps using both.
    pub fn parts(&mut self) -> Result<(&mut Globals, &mut Session), Error> {
        self.session()?;
        let session = self.session.as_mut().expect("opened");
        Ok((&mut *self.g, session))
    }

    /// Print a warning or notice unless `-quiet`.
    pub fn notice(&self, msg: &str) {
        if !self.g.quiet {
            eprintln!("{msg}");
        }
    }
}

/// ipset's `-exist` flag as the library takes it.
pub fn exist(flag: bool) -> Exist {
    if flag { Exist::Ignore } else { Exist::Fail }
}

/// ipset's set name check (exit 1).
pub fn check_setname(name: &str) -> Result<(), Error> {
    wiset::text::check_setname(name).map_err(Error::options)
}

/// The output mode of a command that prints plain lines, a table or JSON
/// (`what` names it in the refusal of another `-o`): a table on a terminal,
/// plain lines in a pipe.
pub fn text_mode(g: &Globals, what: &str) -> Result<OutputMode, Error> {
    match g.output {
        Some(m @ (OutputMode::Plain | OutputMode::Json | OutputMode::Table)) => Ok(m),
        Some(_) => Err(Error::usage(format!(
            "{what} prints -o plain, -o table or -o json"
        ))),
        None if stdout_is_terminal() => Ok(OutputMode::Table),
        None => Ok(OutputMode::Plain),
    }
}

/// Whether standard output is a terminal (tables for people, ipset's format for pipes).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Turn "cannot even open a session" into one line a person can act on.
fn explain_open_error(e: set::Error) -> Error {
    match e.errno() {
        Some(libc::EPERM) => Error::invalid(
            "Kernel error received: Operation not permitted (managing ipsets needs CAP_NET_ADMIN: run as root)",
        ),
        _ => e.into(),
    }
}
