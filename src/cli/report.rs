//! How a run ends: its [`Outcome`], ipset's exit codes, and messages
//! printed as ipset prints them.

use wiset::set;

use super::compat::Globals;
use super::signals;
use crate::cli::error::Error;

/// How the run ended, as ipset's exit codes.
pub enum Outcome {
    Success,
    /// `test` miss and similar: exit 1 without an error message.
    Miss,
    /// Another exit code, the message (if any) printed already.
    Exit(u8),
}

/// The name wiset was started as (argv\[0\]'s file name).
pub fn invoked_as() -> String {
    std::env::args()
        .next()
        .and_then(|a| {
            std::path::Path::new(&a)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
        })
        .unwrap_or_default()
}

/// Program name for messages: `wiset`, or `ipset` when installed as ipset
/// or as ipset-translate (which prints ipset's messages).
pub fn program() -> String {
    match invoked_as().as_str() {
        "ipset" | "ipset-translate" => "ipset".into(),
        _ => "wiset".into(),
    }
}

/// The exit status of a run a signal stopped: 128 + its number.
pub fn signal_exit(sig: i32) -> u8 {
    u8::try_from(128 + sig).unwrap_or(255)
}

/// Print the error once, as ipset would (with wiset's prefix), and pick the exit status.
pub fn report(err: &anyhow::Error, g: &Globals) -> u8 {
    // `wiset list | head`: a closed pipe is not an error worth a message.
    for cause in err.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return 0;
        }
        if let Some(set::Error::Io(io)) = cause.downcast_ref::<Error>().and_then(Error::as_set)
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return 0;
        }
    }
    let wiset_err = err.downcast_ref::<Error>();
    // `-quiet` silences ipset's commands, as ipset does; wiset's own keep
    // their errors (cron mails what they print).
    let speak = !g.quiet || g.own_command;
    let stopped = match wiset_err.and_then(Error::as_set) {
        Some(set::Error::Interrupted { signal }) => Some(*signal),
        // Undoing failed: something was changed, and the error says what.
        Some(set::Error::RollbackFailed { .. } | set::Error::PartlyCommitted { .. }) => {
            if speak {
                print_message(&wiset_err.map(Error::to_string).unwrap_or_default(), false);
            }
            return signals::stopped_by().map_or(1, signal_exit);
        }
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
        // wiset's explanation, on a line of its own after ipset's text.
        if program() == "wiset"
            && let Some(hint) = wiset_err.and_then(super::hints::for_error)
        {
            eprintln!("Hint: {hint}");
        }
    }
    if usage { 2 } else { g.error_exit.unwrap_or(1) }
}

/// Say that a set's old content stayed in temp set `temp` (the kernel kept
/// it busy past the wait), where the next change of the set removes it.
pub fn warn_leftover(temp: &str) {
    eprintln!(
        "{}: Warning: a set's old content stays in {temp} (the kernel kept it busy); the next change of the set removes it",
        program()
    );
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
