//! The command line: knows people. ipset's argv forms become a clap command
//! (global options taken out by `compat`, the command named as ipset names
//! it by `command_table`, which restore reads too), keyword options become
//! typed options (`keywords`), and each command lives in `commands/`.

mod args;
mod command_table;
pub mod commands;
mod compat;
mod completion;
mod error;
#[cfg(any(fuzzing, test))]
pub(crate) mod fuzz;
mod help_text;
mod hints;
mod input;
mod manpage;
mod report;
mod signals;

use clap::Parser;

use crate::cli::error::Error;
use args::Cli;
use compat::Globals;
use report::{Outcome, report, signal_exit};

/// Run the command line and return the process's exit status.
pub fn main() -> u8 {
    let mut globals = Globals::default();
    let result = run(&mut globals);
    match (result, signals::stopped_by()) {
        // A run a signal stopped ends with 128 + its number, whatever the
        // threads were doing meanwhile. A change that was done when the
        // stop came stands, and says so (cron mails it).
        (Ok(_), Some(sig)) => {
            if signals::installed() && !globals.quiet {
                report::print_message(
                    &format!(
                        "Interrupted by {} after the work was done: the change stands.",
                        wiset::set::signal_name(sig)
                    ),
                    false,
                );
            }
            signal_exit(sig)
        }
        (Ok(Outcome::Success), None) => 0,
        (Ok(Outcome::Miss), None) => 1,
        (Ok(Outcome::Exit(code)), None) => code,
        (Err(e), _) => report(&e, &globals),
    }
}

fn run(globals: &mut Globals) -> anyhow::Result<Outcome> {
    let mut argv = Vec::new();
    for a in std::env::args_os().skip(1) {
        match a.into_string() {
            Ok(s) => argv.push(s),
            Err(bad) => {
                return Err(
                    Error::usage(format!("Unknown argument {}", bad.to_string_lossy())).into(),
                );
            }
        }
    }
    if report::invoked_as() == "ipset-translate" {
        return commands::ipset_translate(argv, globals);
    }
    match parse_argv(argv, globals)? {
        Request::Interactive => Ok(commands::restore::interactive(globals)?),
        Request::Run(cmd) => commands::run(cmd, globals),
        Request::Show(shown) => {
            let _ = shown.print();
            Ok(Outcome::Success)
        }
    }
}

/// What a command line asks for, once parsed (nothing has run yet).
pub(crate) enum Request {
    /// `wiset -`: commands read interactively.
    Interactive,
    /// A command.
    Run(args::Command),
    /// Help or version text to print (clap's), then exit 0.
    Show(clap::Error),
}

/// Parse a command line (without the program name) as ipset would, with
/// wiset's own commands on clap's tree. Global options go to `globals`.
pub(crate) fn parse_argv(argv: Vec<String>, globals: &mut Globals) -> Result<Request, Error> {
    // ipset parses at most 32 words (MAX_ARGS, the program name included).
    if argv.len() >= input::MAX_ARGS {
        return Err(Error::usage("Line is too long to parse."));
    }
    let rest = compat::split_globals(argv, globals)?;
    let Some(first) = rest.first() else {
        return Err(Error::usage("No command specified."));
    };
    if first == "-" && rest.len() == 1 {
        return Ok(Request::Interactive);
    }
    // `--help` is ipset's `-h`: the general help (wiset's own commands first).
    if first == "--help" && rest.len() == 1 {
        return Ok(Request::Run(args::Command::Help {
            typename: None,
            ignored: Vec::new(),
        }));
    }
    if first == "--help" || first == "--version" {
        return match Cli::try_parse_from(["wiset", first.as_str()]) {
            Err(shown) => Ok(Request::Show(shown)),
            Ok(cli) => Ok(Request::Run(cli.command)),
        };
    }
    let Some(command) = command_table::match_command(first) else {
        return Err(Error::usage(format!(
            "No command specified: unknown argument {first}"
        )));
    };
    let positional = &rest[1..];
    if !positional.iter().any(|a| a == "--help") {
        command.check_args(&command.without_own_options(positional))?;
    }
    if let Some(cmd) = args::plain_adt(command, positional) {
        return Ok(Request::Run(cmd));
    }
    let mut clap_argv = vec!["wiset".to_string(), command.name().to_string()];
    clap_argv.extend(positional.iter().cloned());
    match Cli::try_parse_from(&clap_argv) {
        Ok(cli) => Ok(Request::Run(cli.command)),
        // ipset's words for an argument restore does not take.
        Err(e)
            if e.kind() == clap::error::ErrorKind::UnknownArgument
                && command == command_table::Cmd::Restore =>
        {
            let arg = match e.get(clap::error::ContextKind::InvalidArg) {
                Some(clap::error::ContextValue::String(a)) => a.clone(),
                _ => String::new(),
            };
            Err(Error::usage(format!("Unknown argument {arg}")))
        }
        Err(e) if e.use_stderr() => Err(Error::usage(
            e.to_string()
                .trim_end()
                .trim_start_matches("error: ")
                .to_string(),
        )),
        Err(shown) => Ok(Request::Show(shown)),
    }
}
