//! ipset's commands, stated once: each command's spellings as ipset matches
//! them, where wiset takes it (the command line, restore lines, interactive
//! mode), the positional arguments ipset checks, and its entry in `help`.
//! The command line (`parse_argv`), restore and interactive mode, and the
//! help text all read this table; clap knows each command by the table's
//! name (a test holds the two together).

use crate::cli::error::Error;

/// A command. [`COMMANDS`] holds one row for each, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    Create,
    Add,
    Del,
    Test,
    Destroy,
    List,
    Save,
    Restore,
    Flush,
    Rename,
    Swap,
    Help,
    Version,
    Quit,
    Replace,
    Info,
    Find,
    Alter,
    Metrics,
    Translate,
    IpsetTranslate,
    Completions,
    Man,
}

/// Where wiset takes a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// On the command line, and as a line of restore input or of interactive mode.
    Everywhere,
    /// On the command line; a restore (or interactive) line naming it is refused.
    CommandLine,
    /// On the command line, and in interactive mode as a line holding
    /// exactly its name; restore refuses it, any spelling.
    CommandLineAndBareLine,
    /// Only in interactive mode, as a line holding exactly its name. (ipset
    /// matches `quit` like any command, on the command line and in restore
    /// input too; wiset does not.)
    BareLine,
}

/// The positional arguments, as ipset checks them before anything else
/// (exit 2). What is left to check, clap checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Args {
    /// `SETNAME WORD [MORE...]`: create, add, del.
    TwoOrMore,
    /// `SETNAME ENTRY [OPTIONS]`, or wiset's `SETNAME --from FILE`: test.
    TwoOrFrom,
    /// Exactly two set names: rename, swap.
    TwoSetnames,
    /// An optional set name and nothing more: destroy, list, save, flush.
    OptionalSetname,
    /// Not checked here.
    Unchecked,
}

/// One row of the table.
#[derive(Debug)]
pub struct Spec {
    pub cmd: Cmd,
    /// The name: messages use it, and clap knows the command by it.
    pub name: &'static str,
    /// Its other spellings. ipset takes any prefix of the name or of an
    /// alias (the first row that matches wins); a one-dash spelling (`-N`)
    /// only whole.
    pub aliases: &'static [&'static str],
    pub scope: Scope,
    pub args: Args,
    /// Its entry in `help`: the arguments and the description (ipset's
    /// text). wiset's own commands have none (clap's `--help` has them).
    pub help: Option<(&'static str, &'static str)>,
}

/// ipset's command table, in its matching (and help) order, then wiset's own commands.
pub const COMMANDS: &[Spec] = &[
    Spec {
        cmd: Cmd::Create,
        name: "create",
        aliases: &["new", "-N"],
        scope: Scope::Everywhere,
        args: Args::TwoOrMore,
        help: Some((
            "SETNAME TYPENAME [type-specific-options]",
            "Create a new set",
        )),
    },
    Spec {
        cmd: Cmd::Add,
        name: "add",
        aliases: &["-A"],
        scope: Scope::Everywhere,
        args: Args::TwoOrMore,
        help: Some(("SETNAME ENTRY", "Add entry to the named set")),
    },
    Spec {
        cmd: Cmd::Del,
        name: "del",
        aliases: &["-D"],
        scope: Scope::Everywhere,
        args: Args::TwoOrMore,
        help: Some(("SETNAME ENTRY", "Delete entry from the named set")),
    },
    Spec {
        cmd: Cmd::Test,
        name: "test",
        aliases: &["-T"],
        scope: Scope::Everywhere,
        args: Args::TwoOrFrom,
        help: Some(("SETNAME ENTRY", "Test entry in the named set")),
    },
    Spec {
        cmd: Cmd::Destroy,
        name: "destroy",
        aliases: &["x", "-X"],
        scope: Scope::Everywhere,
        args: Args::OptionalSetname,
        help: Some(("[SETNAME]", "Destroy a named set or all sets")),
    },
    Spec {
        cmd: Cmd::List,
        name: "list",
        aliases: &["-L"],
        scope: Scope::Everywhere,
        args: Args::OptionalSetname,
        help: Some(("[SETNAME]", "List the entries of a named set or all sets")),
    },
    Spec {
        cmd: Cmd::Save,
        name: "save",
        aliases: &["-S"],
        scope: Scope::Everywhere,
        args: Args::OptionalSetname,
        help: Some(("[SETNAME]", "Save the named set or all sets to stdout")),
    },
    Spec {
        cmd: Cmd::Restore,
        name: "restore",
        aliases: &["-R"],
        scope: Scope::CommandLine,
        args: Args::Unchecked,
        help: Some(("", "Restore a saved state")),
    },
    Spec {
        cmd: Cmd::Flush,
        name: "flush",
        aliases: &["-F"],
        scope: Scope::Everywhere,
        args: Args::OptionalSetname,
        help: Some(("[SETNAME]", "Flush a named set or all sets")),
    },
    Spec {
        cmd: Cmd::Rename,
        name: "rename",
        aliases: &["e", "-E"],
        scope: Scope::Everywhere,
        args: Args::TwoSetnames,
        help: Some(("FROM-SETNAME TO-SETNAME", "Rename two sets")),
    },
    Spec {
        cmd: Cmd::Swap,
        name: "swap",
        aliases: &["w", "-W"],
        scope: Scope::Everywhere,
        args: Args::TwoSetnames,
        help: Some((
            "FROM-SETNAME TO-SETNAME",
            "Swap the contect of two existing sets",
        )),
    },
    Spec {
        cmd: Cmd::Help,
        name: "help",
        aliases: &["-h", "-H"],
        scope: Scope::CommandLine,
        args: Args::Unchecked,
        help: Some(("[TYPENAME]", "Print help, and settype specific help")),
    },
    Spec {
        cmd: Cmd::Version,
        name: "version",
        aliases: &["-v", "-V"],
        scope: Scope::CommandLineAndBareLine,
        args: Args::Unchecked,
        help: Some(("", "Print version information")),
    },
    Spec {
        cmd: Cmd::Quit,
        name: "quit",
        aliases: &[],
        scope: Scope::BareLine,
        args: Args::Unchecked,
        help: Some(("", "Quit interactive mode")),
    },
    Spec {
        cmd: Cmd::Replace,
        name: "replace",
        aliases: &[],
        scope: Scope::CommandLine,
        args: Args::Unchecked,
        help: None,
    },
    Spec {
        cmd: Cmd::Info,
        name: "info",
        aliases: &[],
        scope: Scope::CommandLine,
        args: Args::Unchecked,
        help: None,
    },
    Spec {
        cmd: Cmd::Find,
        name: "find",
        aliases: &[],
        scope: Scope::CommandLine,
        args: Args::Unchecked,
        help: None,
    },
    Spec {
        cmd: Cmd::Alter,
        name: "alter",
        aliases: &[],
        scope: Scope::CommandLine,
        args: Args::Unchecked,
        help: None,
    },
    Spec {
        cmd: Cmd::Metrics,
        name: "metrics",
        aliases: &[],
        scope: Scope::CommandLine,
        args: Args::Unchecked,
        help: None,
    },
    Spec {
        cmd: Cmd::Translate,
        name: "translate",
        aliases: &[],
        scope: Scope::CommandLine,
        args: Args::Unchecked,
        help: None,
    },
    Spec {
        cmd: Cmd::IpsetTranslate,
        name: "ipset-translate",
        aliases: &[],
        scope: Scope::CommandLine,
        args: Args::Unchecked,
        help: None,
    },
    Spec {
        cmd: Cmd::Completions,
        name: "completions",
        aliases: &[],
        scope: Scope::CommandLine,
        args: Args::Unchecked,
        help: None,
    },
    Spec {
        cmd: Cmd::Man,
        name: "man",
        aliases: &[],
        scope: Scope::CommandLine,
        args: Args::Unchecked,
        help: None,
    },
];

impl Scope {
    /// Whether [`match_command`] finds it: on the command line, and so in
    /// restore input, which refuses what it may not run by name.
    pub fn matched(self) -> bool {
        self != Scope::BareLine
    }

    /// Whether a restore line (or an interactive one) may run it.
    pub fn in_restore(self) -> bool {
        self == Scope::Everywhere
    }

    /// Whether, in interactive mode, a line holding exactly its name runs it.
    pub fn bare_line(self) -> bool {
        matches!(self, Scope::CommandLineAndBareLine | Scope::BareLine)
    }
}

impl Args {
    /// How many of the arguments are set names (ipset checks their length).
    pub fn setnames(self) -> usize {
        if self == Args::TwoSetnames { 2 } else { 1 }
    }
}

impl Cmd {
    /// Whether ipset(8) has this command (wiset's own come after `quit`).
    pub fn is_ipsets(self) -> bool {
        (self as usize) <= (Cmd::Quit as usize)
    }

    /// The command's row.
    pub fn spec(self) -> &'static Spec {
        &COMMANDS[self as usize]
    }

    /// The grammar an entry of this command is parsed with (add, del, test).
    pub fn elem_cmd(self) -> Option<wiset::text::ElemCmd> {
        use wiset::text::ElemCmd;
        match self {
            Cmd::Add => Some(ElemCmd::Add),
            Cmd::Del => Some(ElemCmd::Del),
            Cmd::Test => Some(ElemCmd::Test),
            _ => None,
        }
    }

    /// The command's name, as messages and clap spell it.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The options wiset adds to this ipset command, each with a value
    /// (`--wait SECONDS`): on the command line, not positional arguments
    /// for ipset's checks. (Restore lines have no such options.)
    fn own_options(self) -> &'static [&'static str] {
        match self {
            Cmd::Destroy | Cmd::Rename | Cmd::Swap => &["--wait"],
            _ => &[],
        }
    }

    /// A command line's arguments without wiset's own options and their
    /// values: what ipset's checks ([`Cmd::check_args`]) see.
    pub fn without_own_options(self, args: &[String]) -> Vec<String> {
        let own = self.own_options();
        let mut rest = Vec::with_capacity(args.len());
        let mut words = args.iter();
        while let Some(a) = words.next() {
            let with_value = |o: &&str| a.strip_prefix(o).is_some_and(|v| v.starts_with('='));
            if own.contains(&a.as_str()) {
                words.next();
            } else if !own.iter().any(with_value) {
                rest.push(a.clone());
            }
        }
        rest
    }

    /// ipset's checks of the positional arguments, with its messages (exit 2).
    pub fn check_args(self, args: &[String]) -> Result<(), Error> {
        let cmd = self.name();
        let positional = |n: usize| args.iter().take(n).filter(|a| !a.starts_with("--")).count();
        let missing = |which: usize| {
            Error::usage(if which == 0 {
                format!("Missing mandatory argument to command {cmd}")
            } else {
                format!("Missing second mandatory argument to command {cmd}")
            })
        };
        match self.spec().args {
            Args::TwoOrMore | Args::TwoSetnames => {
                let n = positional(2);
                if n < 2 {
                    return Err(missing(n));
                }
                if self.spec().args == Args::TwoSetnames && args.len() > 2 {
                    return Err(Error::usage(format!("Unknown argument {}", args[2])));
                }
            }
            Args::TwoOrFrom => {
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
            Args::OptionalSetname if args.len() > 1 => {
                return Err(Error::usage(format!("Unknown argument {}", args[1])));
            }
            Args::OptionalSetname | Args::Unchecked => {}
        }
        Ok(())
    }
}

/// The command an argument names, as ipset matches it: two leading dashes
/// are ignored, then any prefix of any spelling (first hit in table order);
/// one-dash forms must match exactly.
pub fn match_command(arg: &str) -> Option<Cmd> {
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
    COMMANDS
        .iter()
        .filter(|s| s.scope.matched())
        .find(|s| {
            std::iter::once(&s.name).chain(s.aliases).any(|a| {
                if dashed || a.starts_with('-') {
                    *a == word
                } else {
                    a.starts_with(word)
                }
            })
        })
        .map(|s| s.cmd)
}

/// The command an interactive line holding exactly its name runs ahead of
/// restore's rules (`quit`, `version`).
pub fn bare_line_command(line: &str) -> Option<Cmd> {
    COMMANDS
        .iter()
        .find(|s| s.scope.bare_line() && s.name == line)
        .map(|s| s.cmd)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::args::Cli;

    #[test]
    fn rows_are_in_cmd_order() {
        for (i, spec) in COMMANDS.iter().enumerate() {
            assert_eq!(spec.cmd as usize, i, "{}", spec.name);
        }
        assert_eq!(COMMANDS.len(), Cmd::Man as usize + 1);
    }

    #[test]
    fn commands_match_like_ipset() {
        for (arg, want) in [
            ("a", Cmd::Add),
            ("d", Cmd::Del),
            ("t", Cmd::Test),
            ("l", Cmd::List),
            ("s", Cmd::Save),
            ("r", Cmd::Restore),
            ("re", Cmd::Restore),
            ("ren", Cmd::Rename),
            ("f", Cmd::Flush),
            ("sw", Cmd::Swap),
            ("h", Cmd::Help),
            ("v", Cmd::Version),
            ("n", Cmd::Create),
            ("new", Cmd::Create),
            ("c", Cmd::Create),
            ("e", Cmd::Rename),
            ("x", Cmd::Destroy),
            ("w", Cmd::Swap),
            ("--add", Cmd::Add),
            ("--a", Cmd::Add),
            ("-N", Cmd::Create),
            ("-A", Cmd::Add),
            ("-X", Cmd::Destroy),
            ("rep", Cmd::Replace),
        ] {
            assert_eq!(match_command(arg), Some(want), "{arg}");
        }
        assert_eq!(match_command("-a"), None);
        assert_eq!(match_command("foo"), None);
        assert_eq!(match_command("-"), None);
        assert_eq!(match_command("quit"), None);
        assert_eq!(match_command("q"), None);
        assert_eq!(bare_line_command("quit"), Some(Cmd::Quit));
        assert_eq!(bare_line_command("version"), Some(Cmd::Version));
        assert_eq!(bare_line_command("v"), None);
    }

    /// clap's subcommands are exactly the table's commands of the command
    /// line, by name, and the spellings their descriptions mention, as
    /// `(aliases: n, new, -N)` or `(-A)`, name the same command.
    #[test]
    fn clap_knows_the_table() {
        let cli = Cli::command();
        let mut clap_names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
        let mut table_names: Vec<&str> = COMMANDS
            .iter()
            .filter(|s| s.scope.matched())
            .map(|s| s.name)
            .collect();
        clap_names.sort_unstable();
        table_names.sort_unstable();
        assert_eq!(clap_names, table_names);
        let mut mentioned = 0;
        for sub in cli.get_subcommands() {
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            let Some((_, tail)) = about.rsplit_once("  (") else {
                continue;
            };
            let list = tail.trim_end_matches(')').trim_start_matches("aliases: ");
            for word in list.split(", ") {
                let cmd = match_command(word).map(Cmd::name);
                assert_eq!(cmd, Some(sub.get_name()), "{word} in: {about}");
                mentioned += 1;
            }
        }
        assert!(mentioned >= 13, "{mentioned}");
    }
}
