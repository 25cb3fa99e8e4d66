//! ipset's command-line forms, turned into a plain `wiset COMMAND ARGS...`:
//! global options are taken out wherever they stand (`-exist`, `--exist`,
//! `-o save`), and command names are matched as ipset matches them (any prefix
//! of any alias, legacy `-N -A ...`).

use wiset::output::OutputMode;
use wiset::set::Error;

/// Options that apply to the whole run (ipset's "env options").
#[derive(Debug, Clone, Default)]
pub struct Globals {
    pub exist: bool,
    pub output: Option<OutputMode>,
    pub quiet: bool,
    pub resolve: bool,
    pub sorted: bool,
    pub names: bool,
    pub terse: bool,
    pub file: Option<String>,
    /// wiset's own: run inside `/run/netns/NAME`.
    pub netns: Option<String>,
    /// The command is one of wiset's own (replace, `test --from`): `-quiet`
    /// hides its summaries, never its errors (cron mails stderr).
    pub own_command: bool,
    /// The exit code of an error, where the command's success codes leave
    /// 1 to mean something else (`test --from`: 1 is "none in the set").
    pub error_exit: Option<u8>,
}

enum Global {
    Exist,
    Output,
    Quiet,
    Resolve,
    Sorted,
    Names,
    Terse,
    File,
    Netns,
}

fn match_global(arg: &str) -> Option<Global> {
    // ipset: exact `-x` or `-long`; a second leading dash is accepted.
    let a = arg.strip_prefix("--").map(|r| format!("-{r}"));
    let a = a.as_deref().unwrap_or(arg);
    Some(match a {
        "-exist" | "-!" => Global::Exist,
        "-output" | "-o" => Global::Output,
        "-quiet" | "-q" => Global::Quiet,
        "-resolve" | "-r" => Global::Resolve,
        "-sorted" | "-s" => Global::Sorted,
        "-name" | "-n" => Global::Names,
        "-terse" | "-t" => Global::Terse,
        "-file" | "-f" => Global::File,
        "-netns" => Global::Netns,
        _ => return None,
    })
}

/// Take the global options out of `args` (which excludes the program name).
pub fn split_globals(args: Vec<String>, g: &mut Globals) -> Result<Vec<String>, Error> {
    let mut rest = Vec::with_capacity(args.len());
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let Some(opt) = match_global(&arg) else {
            rest.push(arg);
            continue;
        };
        let mut value = || {
            it.next()
                .ok_or_else(|| Error::usage(format!("Missing mandatory argument to option {arg}")))
        };
        match opt {
            Global::Exist => g.exist = true,
            Global::Quiet => g.quiet = true,
            Global::Resolve => g.resolve = true,
            Global::Sorted => g.sorted = true,
            Global::Names => g.names = true,
            Global::Terse => g.terse = true,
            Global::File => g.file = Some(value()?),
            Global::Netns => g.netns = Some(value()?),
            Global::Output => {
                let v = value()?;
                g.output = Some(OutputMode::parse(&v).ok_or_else(|| {
                    Error::invalid(format!("Syntax error: unknown output mode '{v}'"))
                })?);
            }
        }
    }
    Ok(rest)
}

/// ipset's command table, in its matching order, then wiset's own commands.
const COMMANDS: &[(&str, &[&str])] = &[
    ("create", &["create", "new", "-N"]),
    ("add", &["add", "-A"]),
    ("del", &["del", "-D"]),
    ("test", &["test", "-T"]),
    ("destroy", &["destroy", "x", "-X"]),
    ("list", &["list", "-L"]),
    ("save", &["save", "-S"]),
    ("restore", &["restore", "-R"]),
    ("flush", &["flush", "-F"]),
    ("rename", &["rename", "e", "-E"]),
    ("swap", &["swap", "w", "-W"]),
    ("help", &["help", "-h", "-H"]),
    ("version", &["version", "-v", "-V"]),
    ("replace", &["replace"]),
    ("completions", &["completions"]),
    ("man", &["man"]),
];

/// The canonical command an argument names, as ipset matches it: two leading
/// dashes are ignored, then any prefix of any alias (first hit in table order);
/// one-dash forms must match exactly.
pub fn match_command(arg: &str) -> Option<&'static str> {
    if arg == "--help" || arg == "--version" {
        return None;
    }
    let (word, dashed) = match arg.strip_prefix("--") {
        Some(r) => (r, false),
        None => (arg, arg.starts_with('-')),
    };
    if word.is_empty() {
        return None;
    }
    COMMANDS.iter().find_map(|(canon, aliases)| {
        aliases
            .iter()
            .any(|a| {
                if dashed || a.starts_with('-') {
                    *a == word
                } else {
                    a.starts_with(word)
                }
            })
            .then_some(*canon)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_match_like_ipset() {
        for (arg, want) in [
            ("a", "add"),
            ("d", "del"),
            ("t", "test"),
            ("l", "list"),
            ("s", "save"),
            ("r", "restore"),
            ("re", "restore"),
            ("ren", "rename"),
            ("f", "flush"),
            ("sw", "swap"),
            ("h", "help"),
            ("v", "version"),
            ("n", "create"),
            ("new", "create"),
            ("c", "create"),
            ("e", "rename"),
            ("x", "destroy"),
            ("w", "swap"),
            ("--add", "add"),
            ("--a", "add"),
            ("-N", "create"),
            ("-A", "add"),
            ("-X", "destroy"),
            ("rep", "replace"),
        ] {
            assert_eq!(match_command(arg), Some(want), "{arg}");
        }
        assert_eq!(match_command("-a"), None);
        assert_eq!(match_command("foo"), None);
        assert_eq!(match_command("-"), None);
    }

    #[test]
    fn globals_anywhere() {
        let mut g = Globals::default();
        let rest = split_globals(
            ["add", "s", "1.2.3.4", "-exist", "--o", "save", "-!"]
                .map(String::from)
                .to_vec(),
            &mut g,
        )
        .unwrap();
        assert_eq!(rest, ["add", "s", "1.2.3.4"]);
        assert!(g.exist);
        assert_eq!(g.output, Some(OutputMode::Save));
    }
}
