//! Entry points for the fuzzers in `fuzz/` that reach the command line's
//! parsers (the argv layer, restore lines, replace input), and for the tests
//! that replay what they found. Nothing here talks to the kernel: where a
//! command would look a set up, a set of a type the input picks stands in.
//! Built only for `cargo fuzz` (`--cfg fuzzing`) and for tests.

use wiset::set::{Entry, EntrySource, Family, SetHeader, SetType};
use wiset::text::ElemCmd;

use super::args::Command;
use super::command_table::match_command;
use super::commands::adt::EntryParser;
use super::commands::create;
use super::commands::replace::input_entries;
use super::compat::{Globals, split_globals};
use super::input::{LineReader, split_words};
use super::{Request, parse_argv};
use crate::cli::error::Error;

/// The set a fuzz input's byte picks: a type, a family, a name.
fn stand_in(pick: u8) -> SetHeader {
    SetHeader {
        name: "s".into(),
        type_name: SetType::ALL[usize::from(pick) % SetType::ALL.len()]
            .name()
            .into(),
        family: [Family::Inet, Family::Inet6, Family::Unspec][usize::from(pick >> 4) % 3],
        revision: 0,
    }
}

/// What the commands parse once the kernel has named the set's type:
/// create options, or an entry with its options.
fn parse_command(cmd: Command, pick: u8) {
    let parse_entry = |ecmd: ElemCmd, entry: &str, options: &[String]| {
        if let Ok(p) = EntryParser::new(&stand_in(pick), ecmd) {
            let _ = p.parse(entry, options);
        }
    };
    match cmd {
        Command::Create {
            setname,
            typename,
            options,
            ..
        } => {
            let _ = create::parse(&setname, &typename, &options);
        }
        Command::Add { entry, options, .. } => parse_entry(ElemCmd::Add, &entry, &options),
        Command::Del { entry, options, .. } => parse_entry(ElemCmd::Del, &entry, &options),
        Command::Test {
            entry: Some(entry),
            options,
            ..
        } => parse_entry(ElemCmd::Test, &entry, &options),
        _ => {}
    }
}

/// The argv layer: the first byte picks the stand-in set's type, the rest
/// is the command line, words separated by NUL bytes.
pub fn argv(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(words) = rest
        .split(|&b| b == 0)
        .map(|w| String::from_utf8(w.to_vec()))
        .collect::<Result<Vec<String>, _>>()
    else {
        return;
    };
    let mut g = Globals::default();
    if let Ok(Request::Run(cmd)) = parse_argv(words, &mut g) {
        parse_command(cmd, pick);
    }
}

/// Restore input, line by line as restore reads it (the first byte picks
/// the stand-in type of the sets its add/del/test lines name).
pub fn restore_lines(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let mut lines = LineReader::new(rest, "fuzz input");
    let mut g = Globals::default();
    while let Some(line) = lines.next_line() {
        let Ok((_, text, ended)) = line else {
            return;
        };
        if text.trim_end() == "COMMIT" {
            continue;
        }
        let Ok(words) = split_words(text, ended) else {
            continue;
        };
        let Ok(words) = split_globals(words, &mut g) else {
            continue;
        };
        let Some((first, args)) = words.split_first() else {
            continue;
        };
        let Some(cmd) = match_command(first) else {
            continue;
        };
        if cmd.check_args(args).is_err() {
            continue;
        }
        let mut clap_argv = vec!["wiset".to_string(), cmd.name().to_string()];
        clap_argv.extend(args.iter().cloned());
        let command = super::args::plain_adt(cmd, args).or_else(|| {
            <super::args::Cli as clap::Parser>::try_parse_from(&clap_argv)
                .ok()
                .map(|c| c.command)
        });
        if let Some(command) = command {
            parse_command(command, pick);
        }
    }
}

/// Replace input, through the reader replace uses (the first byte picks
/// the set's type and family).
pub fn replace_lines(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let h = stand_in(pick);
    // As with --skip-invalid: bad lines are passed over, read errors end it.
    let skip = |e: &Error| !matches!(e.as_set(), Some(wiset::set::Error::Io(_)));
    let Ok(mut entries) = input_entries(Box::new(rest), "fuzz input", &h, skip, || {}) else {
        return;
    };
    let mut entry = Entry::default();
    while let Some(item) = entries.next_into(&mut entry) {
        if item.is_ok() {
            let _ = entry.check();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replay the fuzzers' seeds and every input that once crashed them
    /// (`fuzz/regressions/TARGET/`) through the same entry points.
    #[test]
    fn fuzz_regressions_and_seeds_do_not_panic() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        let mut replayed = 0;
        for (target, run) in [
            ("argv", argv as fn(&[u8])),
            ("restore_lines", restore_lines),
            ("replace_lines", replace_lines),
        ] {
            for dir in ["regressions", "seeds"] {
                let Ok(files) = std::fs::read_dir(root.join(dir).join(target)) else {
                    continue;
                };
                for f in files.flatten() {
                    run(&std::fs::read(f.path()).expect("read"));
                    replayed += 1;
                }
            }
        }
        assert!(replayed > 0, "no fuzz seeds found under {}", root.display());
    }
}
