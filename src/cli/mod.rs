//! The command line: knows people. ipset's argv forms become a clap command
//! (`compat`), keyword options become typed options (`keywords`), and each
//! command lives in `commands/`.

mod args;
pub mod commands;
mod compat;
mod error;
#[cfg(any(fuzzing, test))]
pub(crate) mod fuzz;
mod help_text;
mod input;
mod signals;

use std::process::ExitCode;

use clap::Parser;
use wiset::set::Error;

pub use args::Cli;
pub use compat::Globals;

/// How the run ended, as ipset's exit codes.
pub enum Outcome {
    Success,
    /// `test` miss and similar: exit 1 without an error message.
    Miss,
}

/// Program name for messages: `wiset`, or `ipset` when installed under that name.
pub fn program() -> String {
    std::env::args()
        .next()
        .and_then(|a| {
            std::path::Path::new(&a)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
        })
        .filter(|n| n == "ipset")
        .unwrap_or_else(|| "wiset".into())
}

pub fn main() -> ExitCode {
    let mut globals = Globals::default();
    let result = run(&mut globals);
    match (result, signals::stopped_by()) {
        // A run a signal stopped ends with 128 + its number, whatever the
        // threads were doing meanwhile.
        (Ok(_), Some(sig)) => signal_exit(sig),
        (Ok(Outcome::Success), None) => ExitCode::SUCCESS,
        (Ok(Outcome::Miss), None) => ExitCode::from(1),
        (Err(e), _) => report(&e, &globals),
    }
}

fn signal_exit(sig: i32) -> ExitCode {
    ExitCode::from(u8::try_from(128 + sig).unwrap_or(255))
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
    if first == "--help" || first == "--version" {
        return match Cli::try_parse_from(["wiset", first.as_str()]) {
            Err(shown) => Ok(Request::Show(shown)),
            Ok(cli) => Ok(Request::Run(cli.command)),
        };
    }
    let Some(command) = compat::match_command(first) else {
        return Err(Error::usage(format!(
            "No command specified: unknown argument {first}"
        )));
    };
    let positional = &rest[1..];
    if !positional.iter().any(|a| a == "--help") {
        commands::check_arity(command, positional)?;
    }
    if let Some(cmd) = args::plain_adt(command, positional) {
        return Ok(Request::Run(cmd));
    }
    let mut clap_argv = vec!["wiset".to_string(), command.to_string()];
    clap_argv.extend(positional.iter().cloned());
    match Cli::try_parse_from(&clap_argv) {
        Ok(cli) => Ok(Request::Run(cli.command)),
        Err(e) if e.use_stderr() => Err(Error::usage(
            e.to_string()
                .trim_end()
                .trim_start_matches("error: ")
                .to_string(),
        )),
        Err(shown) => Ok(Request::Show(shown)),
    }
}

/// Print the error once, as ipset would (with wiset's prefix), and pick the exit code.
fn report(err: &anyhow::Error, g: &Globals) -> ExitCode {
    // `wiset list | head`: a closed pipe is not an error worth a message.
    for cause in err.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return ExitCode::SUCCESS;
        }
        if let Some(Error::Io(io)) = cause.downcast_ref::<Error>()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return ExitCode::SUCCESS;
        }
    }
    let wiset_err = err.downcast_ref::<Error>();
    // `-quiet` silences ipset's commands, as ipset does; wiset's own keep
    // their errors (cron mails what they print).
    let speak = !g.quiet || g.own_command;
    let stopped = match wiset_err {
        Some(Error::Interrupted { signal }) => Some(*signal),
        _ => signals::stopped_by(),
    };
    if let Some(sig) = stopped {
        if speak {
            print_message(
                &format!(
                    "Interrupted by {}: nothing was changed.",
                    wiset::set::signal_name(sig)
                ),
                false,
            );
        }
        return signal_exit(sig);
    }
    let usage = wiset_err.is_some_and(Error::is_usage);
    if speak {
        let msg = match wiset_err {
            Some(e) => e.report_lines().join("\n"),
            None => format!("{err:#}"),
        };
        print_message(&msg, usage);
    }
    ExitCode::from(if usage { 2 } else { g.error_exit.unwrap_or(1) })
}

/// Print an error message as ipset does: the program prefix, and the help
/// hint for command-line problems.
pub fn print_message(msg: &str, usage: bool) {
    let prog = program();
    eprintln!("{prog}: {msg}");
    if usage {
        eprintln!("Try `{prog} help' for more information.");
    }
}
