//! help, and the generated assets: shell completions and the man page.

use std::io::Write;

use clap::CommandFactory;
use wiset::set::SetType;

use crate::cli::args::Cli;
use crate::cli::error::Error;
use crate::cli::help_text;
use crate::cli::report::{Outcome, program};

/// `help [TYPE]`: ipset's own help text (see `help_text`), on stdout.
pub fn help(typename: Option<&str>) -> Result<Outcome, Error> {
    let prog = program();
    let text = match typename {
        None => help_text::general(&prog),
        Some(name) => match SetType::from_name(name) {
            Some(t) => help_text::for_type(&prog, t),
            // wiset's help for a command by its name (installed as ipset,
            // ipset's answer below: there it names set types only).
            None if prog == "wiset" && command_named(name) => {
                let shown = Cli::command().try_get_matches_from(["wiset", name, "--help"]);
                if let Err(help) = shown {
                    let _ = help.print();
                }
                return Ok(Outcome::Success);
            }
            None => {
                // As ipset: the usage on stdout, then the error.
                std::io::stdout().write_all(help_text::usage(&prog).as_bytes())?;
                return Err(Error::usage(format!("Unknown settype: `{name}'")));
            }
        },
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(Outcome::Success)
}

/// Whether `name` is a command's name as clap knows it (not an abbreviation).
fn command_named(name: &str) -> bool {
    Cli::command()
        .get_subcommands()
        .any(|c| c.get_name() == name && !c.is_hide_set())
}

/// Write the completion script for `shell` (the files in `completions/`).
pub fn completions(shell: clap_complete::Shell) -> Result<Outcome, Error> {
    let script = crate::cli::completion::script(shell);
    std::io::stdout().write_all(script.as_bytes())?;
    Ok(Outcome::Success)
}

/// Write the man page (the file `man/wiset.8`).
pub fn man() -> Result<Outcome, Error> {
    let mut out = Vec::new();
    crate::cli::manpage::render(&mut out)?;
    std::io::stdout().write_all(&out)?;
    Ok(Outcome::Success)
}
