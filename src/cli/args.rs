//! The command tree as clap sees it. `compat` has already taken out the global
//! options and `command_table` has matched the command name, so clap gets
//! `wiset COMMAND ARGS` (a test there holds clap's names to the table's);
//! the global options are declared here too so that `--help`, completions and
//! the man page describe them.

use clap::{Args, Parser, Subcommand};

use super::command_table::Cmd;

#[derive(Parser, Debug)]
#[command(
    name = "wiset",
    version,
    about = "Manage Linux kernel ipsets: an ipset(8)-compatible command line",
    long_about = "wiset manages Linux kernel ipsets. Every ipset(8) command line works unchanged \
(`-exist`, `-o save`, `n`/`x`/`-N` forms, keyword options such as `timeout 600 counters`), \
and wiset adds readable tables, JSON, atomic `replace` from a file and `test --from`.",
    disable_help_subcommand = true,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub globals: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// ipset's global options; also accepted with one dash (`-exist`) anywhere
/// on the line. Each command's help lists those that apply to it; `-q` and
/// `--netns` apply to all.
#[derive(Args, Debug, Default)]
pub struct GlobalArgs {
    #[command(flatten)]
    pub exist: ExistArg,
    #[command(flatten)]
    pub listing: ListingArgs,
    /// Suppress messages (exit codes are kept)
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Operate inside the network namespace /run/netns/NAME (as `ip -n`)
    #[arg(long, global = true, value_name = "NAME")]
    pub netns: Option<String>,
}

/// `-exist`, for the commands whose errors it ignores.
#[derive(Args, Debug, Default, Clone)]
pub struct ExistArg {
    /// Ignore errors when the set or entry already exists / does not exist (`-!`)
    #[arg(long)]
    pub exist: bool,
}

/// The options of list and save.
#[derive(Args, Debug, Default, Clone)]
pub struct ListingArgs {
    #[command(flatten)]
    pub output: OutputArg,
    /// List addresses by host name
    #[arg(short, long)]
    pub resolve: bool,
    /// List the members of hash sets sorted
    #[arg(short, long)]
    pub sorted: bool,
    /// List set names only
    #[arg(short, long)]
    pub name: bool,
    /// List set headers only
    #[arg(short, long)]
    pub terse: bool,
    /// Write the output to FILE
    #[arg(short, long, value_name = "FILE")]
    pub file: Option<String>,
    /// Colour in tables: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, value_name = "WHEN")]
    pub color: Option<String>,
}

/// `-o`, for the commands that print in more than one format.
#[derive(Args, Debug, Default, Clone)]
pub struct OutputArg {
    /// Output format: plain, save, xml, json or table
    #[arg(short, long, value_name = "FORMAT")]
    pub output: Option<String>,
}

/// `-f`, for restore.
#[derive(Args, Debug, Default, Clone)]
pub struct FileArg {
    /// Read the input from FILE instead of standard input
    #[arg(short, long, value_name = "FILE")]
    pub file: Option<String>,
}

/// `add|del|test SETNAME ENTRY [OPTIONS]` with no word that starts with `-`:
/// what clap would make of it, without building clap's command tree — half
/// the work of a `wiset add` process, which scripts run by the thousand.
/// Anything else (flags, `--from`, missing words, help) goes to clap; a test
/// holds the two to the same result.
pub fn plain_adt(command: Cmd, positional: &[String]) -> Option<Command> {
    let [setname, entry, options @ ..] = positional else {
        return None;
    };
    if positional.iter().any(|w| w.starts_with('-')) {
        return None;
    }
    let (setname, entry, options) = (setname.clone(), entry.clone(), options.to_vec());
    match command {
        Cmd::Add => Some(Command::Add {
            exist: ExistArg::default(),
            setname,
            entry,
            options,
        }),
        Cmd::Del => Some(Command::Del {
            exist: ExistArg::default(),
            setname,
            entry,
            options,
        }),
        Cmd::Test => Some(Command::Test {
            setname,
            entry: Some(entry),
            from: None,
            options,
        }),
        _ => None,
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a set: create SETNAME TYPENAME [CREATE-OPTIONS]  (aliases: n, new, -N)
    #[command(
        after_help = "Examples:\n  wiset create blocklist hash:net counters comment timeout 0\n  wiset -exist create allow hash:ip family inet6"
    )]
    Create {
        #[command(flatten)]
        exist: ExistArg,
        setname: String,
        typename: String,
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "OPTIONS"
        )]
        options: Vec<String>,
    },
    /// Add an entry: add SETNAME ENTRY [ADD-OPTIONS]  (-A)
    #[command(
        after_help = "Examples:\n  wiset add blocklist 192.0.2.0/24 comment \"TEST-NET-1\" timeout 3600\n  wiset -exist add blocklist 198.51.100.7"
    )]
    Add {
        #[command(flatten)]
        exist: ExistArg,
        setname: String,
        entry: String,
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "OPTIONS"
        )]
        options: Vec<String>,
    },
    /// Delete an entry: del SETNAME ENTRY  (-D)
    #[command(after_help = "Examples:\n  wiset del blocklist 192.0.2.0/24")]
    Del {
        #[command(flatten)]
        exist: ExistArg,
        setname: String,
        entry: String,
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "OPTIONS"
        )]
        options: Vec<String>,
    },
    /// Test an entry (exit 0 if in the set, 1 if not), or many with --from  (-T)
    #[command(
        after_help = "Examples:\n  wiset test blocklist 192.0.2.7 && echo blocked\n  wiset test blocklist --from suspects.txt"
    )]
    Test {
        setname: String,
        #[arg(required_unless_present = "from")]
        entry: Option<String>,
        /// Test every entry of FILE ('-' for stdin), print those in the set
        #[arg(long, value_name = "FILE", conflicts_with = "entry")]
        from: Option<String>,
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "OPTIONS"
        )]
        options: Vec<String>,
    },
    /// Destroy a set, or all sets  (x, -X)
    #[command(after_help = "Examples:\n  wiset destroy blocklist --wait 5")]
    Destroy {
        #[command(flatten)]
        exist: ExistArg,
        setname: Option<String>,
        /// Retry for up to SECONDS while the kernel says the set is in use
        /// (it frees a rule's reference a moment after the rule goes)
        #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
        wait: Option<std::time::Duration>,
    },
    /// List a set, or all sets  (-L)
    #[command(
        after_help = "Examples:\n  wiset list blocklist\n  wiset -o json list blocklist | jq '.[0].members | length'\n  wiset list -t"
    )]
    List {
        setname: Option<String>,
        #[command(flatten)]
        listing: ListingArgs,
    },
    /// Save a set, or all sets, as restore input  (-S)
    #[command(after_help = "Examples:\n  wiset save > /etc/ipset.conf")]
    Save {
        setname: Option<String>,
        #[command(flatten)]
        listing: ListingArgs,
    },
    /// Restore sets from `ipset save` output on stdin (or --file)  (-R)
    #[command(
        after_help = "Examples:\n  wiset restore < rules.save\n  wiset restore --check --atomic -exist < /etc/ipset.conf\n  wiset restore --atomic -exist -f /etc/ipset.conf"
    )]
    Restore(RestoreArgs),
    /// Remove all entries of a set, or of all sets  (-F)
    #[command(after_help = "Examples:\n  wiset flush blocklist")]
    Flush { setname: Option<String> },
    /// Rename a set  (e, -E)
    #[command(after_help = "Examples:\n  wiset rename blocklist blocklist-old")]
    Rename {
        from: String,
        to: String,
        /// Retry for up to SECONDS while the kernel says the set is in use
        #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
        wait: Option<std::time::Duration>,
    },
    /// Swap the contents of two sets  (w, -W)
    #[command(after_help = "Examples:\n  wiset swap blocklist blocklist-new")]
    Swap {
        from: String,
        to: String,
        /// Retry for up to SECONDS while the kernel says a set is busy
        #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
        wait: Option<std::time::Duration>,
    },
    /// Show help, or the options of a set type  (-h, -H)
    Help {
        typename: Option<String>,
        /// ipset ignores anything after the type name.
        #[arg(hide = true, trailing_var_arg = true, allow_hyphen_values = true)]
        ignored: Vec<String>,
    },
    /// Show the program and kernel protocol version  (-v, -V)
    #[command(after_help = "Examples:\n  wiset version")]
    Version {
        /// ipset ignores anything after `version`.
        #[arg(hide = true, trailing_var_arg = true, allow_hyphen_values = true)]
        ignored: Vec<String>,
    },
    /// Atomically replace a set's content with the entries of FILE (or stdin)
    #[command(
        after_help = "Examples:\n  wiset replace blocklist /etc/wiset/blocklist.list\n  curl -fsS https://example.net/drop.txt | wiset replace blocklist --min-entries 1000\n  wiset replace blocklist new.txt --diff --dry-run\n  wiset replace blocklist feed.txt --create hash:net comment"
    )]
    Replace(ReplaceArgs),
    /// What the kernel's ip_set speaks: its protocol, and every set type
    /// with the revisions the kernel and wiset know
    #[command(after_help = "Examples:\n  wiset info\n  wiset info -o json")]
    Info {
        #[command(flatten)]
        output: OutputArg,
    },
    /// Change a live set's create options (maxelem, hashsize, timeout,
    /// counters, comment, skbinfo, forceadd, ...; nocounters, nocomment,
    /// noskbinfo, noforceadd, notimeout drop one), keeping every entry
    /// with its counters, timeout and comment
    #[command(
        after_help = "Examples:\n  wiset alter blocklist maxelem 2000000\n  wiset alter blocklist timeout 3600 nocounters"
    )]
    Alter {
        setname: String,
        #[arg(
            required = true,
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "OPTIONS"
        )]
        options: Vec<String>,
    },
    /// The sets (all, or those named) with their entries as one nft script
    /// that `nft -f` loads in one transaction and that matches what the
    /// sets match; with -f FILE, the sets of a save file instead (read
    /// through a private scratch kernel namespace, as the kernel holds them)
    #[command(
        after_help = "What nft cannot say as ipset matches it (a list:set, skbinfo values, physdev:, ICMP in\nport sets, a nomatch entry that expires inside a lasting one) is refused per set, with\nthe reason, and the exit code is 1; the script holds the other sets.\n\nExamples:\n  wiset translate > /etc/nftables.d/sets.nft && nft -f /etc/nftables.d/sets.nft\n  wiset translate blocklist --table filter --family ip\n  wiset translate -f /etc/ipset.conf | nft -c -f -"
    )]
    Translate {
        /// Only these sets
        sets: Vec<String>,
        /// The nft table the sets go into (made if missing)
        #[arg(long, value_name = "NAME", default_value = "global")]
        table: String,
        /// The table's family
        #[arg(long, value_name = "FAMILY", default_value = "inet", value_parser = ["inet", "ip", "ip6"])]
        family: String,
    },
    /// ipset 7.17's ipset-translate: each line of a restore file as the nft
    /// command ipset-translate prints for it (as wiset installed under the
    /// name ipset-translate does)
    #[command(
        name = "ipset-translate",
        after_help = "Examples:\n  wiset ipset-translate restore < /etc/ipset.conf\n  ln -s /usr/bin/wiset /usr/local/sbin/ipset-translate"
    )]
    IpsetTranslate {
        /// ipset-translate's command line (`restore`, `-file FILE restore`)
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },
    /// Prometheus text exposition of the sets (all, or those named): per set
    /// its entries, maxelem, memory and references, and per entry its
    /// packet and byte counters where the set has counters
    #[command(
        after_help = "Examples:\n  wiset metrics --write /var/lib/prometheus/node-exporter/ipset.prom"
    )]
    Metrics {
        /// Only these sets
        sets: Vec<String>,
        /// Export the counters of each entry only for sets of at most N entries
        #[arg(long, value_name = "N", default_value = "1000")]
        max_entries: usize,
        /// Write FILE (through a temp file renamed into place, so that a
        /// collector never reads half of it) instead of standard output
        #[arg(long, value_name = "FILE")]
        write: Option<String>,
    },
    /// Which sets hold ADDRESS (all sets, or those named), and the entries
    /// that cover it; exit 0 if a set matches it (or may: where a port or
    /// an interface decides), 1 if none does
    #[command(
        after_help = "Examples:\n  wiset find 192.0.2.7\n  wiset find 2001:db8::1 allow6 -o json"
    )]
    Find {
        #[command(flatten)]
        output: OutputArg,
        /// An IPv4 or IPv6 address
        address: String,
        /// Look only in these sets
        sets: Vec<String>,
    },
    /// Print a shell completion script
    #[command(hide = true)]
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff)
    #[command(hide = true)]
    Man,
}

#[derive(Args, Debug, Default)]
pub struct RestoreArgs {
    #[command(flatten)]
    pub exist: ExistArg,
    #[command(flatten)]
    pub file: FileArg,
    /// All or nothing: build every set the input creates or changes as a
    /// temp set, and swap them in only once every line was accepted
    #[arg(long)]
    pub atomic: bool,
    /// Check every line against the kernel's set types and the sets'
    /// definitions, and change nothing: exit 0, or 1 naming the bad line
    /// (with --atomic: as an atomic restore would take the input)
    #[arg(long)]
    pub check: bool,
    /// With --check: name every bad line, not only the first
    #[arg(long, requires = "check")]
    pub all_errors: bool,
}

#[derive(Args, Debug)]
pub struct ReplaceArgs {
    #[command(flatten)]
    pub output: OutputArg,
    /// The set to replace
    pub setname: String,
    /// Input: one entry per line with optional add options; '-' or absent for stdin
    pub file: Option<String>,
    /// Create the set if it does not exist: --create TYPE [CREATE-OPTIONS...]
    #[arg(long, num_args = 1.., allow_hyphen_values = true, value_name = "TYPE [OPTIONS]")]
    pub create: Option<Vec<String>>,
    /// Skip invalid lines with a warning instead of stopping
    #[arg(long)]
    pub skip_invalid: bool,
    /// Raise maxelem when the input holds more entries than the set may
    #[arg(long)]
    pub grow: bool,
    /// Change only what differs, in place: entries that stay keep their counters and timeouts
    #[arg(long)]
    pub diff: bool,
    /// With --diff: print the plan and change nothing
    #[arg(long, requires = "diff")]
    pub dry_run: bool,
    /// Accept an input with no entries (which empties the set); refused otherwise
    #[arg(long)]
    pub allow_empty: bool,
    /// Refuse an input with fewer than N entries (as the kernel stores them)
    #[arg(long, value_name = "N")]
    pub min_entries: Option<u64>,
    /// Refuse an input that would shrink the set by more than PERCENT (0-100)
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub max_shrink: Option<u8>,
    /// Wait up to SECONDS for another replace of the set to finish (0: do not wait)
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_seconds)]
    pub wait_lock: std::time::Duration,
    /// Retry up to SECONDS while the kernel calls the set busy (being listed)
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_seconds)]
    pub wait_busy: std::time::Duration,
}

/// `50` or `50%`, at most 100.
fn parse_percent(s: &str) -> Result<u8, String> {
    let digits = s.strip_suffix('%').unwrap_or(s);
    match digits.parse::<u8>() {
        Ok(p) if p <= 100 => Ok(p),
        _ => Err(format!("'{s}' is not a percentage from 0 to 100")),
    }
}

/// Seconds, whole or not (`0.5`), at most a day.
fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=86_400.0).contains(&v) => Ok(std::time::Duration::from_secs_f64(v)),
        _ => Err(format!("'{s}' is not a number of seconds from 0 to 86400")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `plain_adt` must give exactly what clap gives, and leave alone what it
    /// does not take.
    #[test]
    fn plain_adt_agrees_with_clap() {
        let lines: &[&[&str]] = &[
            &["add", "s", "10.0.0.1"],
            &["add", "s", "10.0.0.1", "timeout", "5", "comment", "a b"],
            &["del", "s", "10.0.0.0/8,tcp:80", "nomatch"],
            &["test", "s", "10.0.0.1"],
            &["test", "s", "10.0.0.1", "", "x"],
            &["add", "s", "1.2.3.4", "--", "x"],
            &["add", "s", "-1"],
            &["test", "s", "--from", "f"],
            &["add", "s"],
            &["list", "s", "x"],
        ];
        let mut taken = 0;
        for line in lines {
            let (command, positional) = (line[0], &line[1..]);
            let positional: Vec<String> = positional.iter().map(|w| w.to_string()).collect();
            let cmd = crate::cli::command_table::match_command(command).expect("a command");
            let Some(direct) = plain_adt(cmd, &positional) else {
                continue;
            };
            taken += 1;
            let clap = Cli::try_parse_from(std::iter::once("wiset").chain(line.iter().copied()))
                .unwrap_or_else(|e| panic!("{line:?}: clap refuses what plain_adt took: {e}"));
            assert_eq!(
                format!("{direct:?}"),
                format!("{:?}", clap.command),
                "{line:?}"
            );
        }
        assert_eq!(taken, 5);
    }
}
