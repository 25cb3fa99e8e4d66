//! The man page, `man/wiset.8`: clap's title, synopsis, description and
//! options, then every command with its own arguments and options, then
//! the sections clap cannot write (entry syntax of each set type, the
//! replace input, JSON, exit status, environment, files, examples, see
//! also). `man -l man/wiset.8` renders it; a test checks it is current and
//! that groff finds nothing to warn about.

use std::io::{self, Write};

use clap::{Arg, Command, CommandFactory};
use clap_mangen::Man;
use wiset::set::SetType;

use super::args::Cli;
use super::help_text;

pub fn render(out: &mut impl Write) -> io::Result<()> {
    let cli = Cli::command();
    let man = Man::new(cli.clone()).section("8");
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    writeln!(
        out,
        "Every ipset(8) command and its short forms; each takes the options above."
    )?;
    for sub in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
        command(out, sub)?;
    }
    entries(out)?;
    out.write_all(WRITTEN.as_bytes())?;
    man.render_version_section(out)?;
    Ok(())
}

/// One command: its name and arguments, what it does, its own options.
fn command(out: &mut impl Write, c: &Command) -> io::Result<()> {
    let own: Vec<&Arg> = c
        .get_arguments()
        .filter(|a| !a.is_global_set() && !a.is_hide_set() && a.get_id() != "help")
        .collect();
    let positionals: Vec<String> = own
        .iter()
        .filter(|a| a.is_positional())
        .map(|a| {
            let name = a.get_id().as_str().to_uppercase();
            if a.is_required_set() {
                name
            } else {
                format!("[{name}]")
            }
        })
        .collect();
    writeln!(
        out,
        ".SS \"{} {}\"",
        c.get_name(),
        roff(&positionals.join(" "))
    )?;
    if let Some(about) = c.get_about() {
        writeln!(out, "{}", roff(&about.to_string()))?;
    }
    for a in own {
        // (A positional without help is named in the heading already.)
        let Some(help) = a.get_help().map(|h| h.to_string()) else {
            continue;
        };
        let name = match (a.get_long(), a.get_short()) {
            (Some(l), _) => format!("\\fB\\-\\-{}\\fR", roff(l)),
            (None, Some(s)) => format!("\\fB\\-{s}\\fR"),
            (None, None) => format!("\\fI{}\\fR", a.get_id().as_str().to_uppercase()),
        };
        let value = if a.is_positional() || !a.get_action().takes_values() {
            String::new()
        } else {
            let v = a
                .get_value_names()
                .and_then(|v| v.first().map(|s| s.to_string()))
                .unwrap_or_else(|| "VALUE".into());
            format!(" \\fI{}\\fR", roff(&v))
        };
        writeln!(out, ".TP\n{name}{value}\n{}", roff(&help))?;
    }
    Ok(())
}

/// ENTRIES: what an entry of each set type is, as its help prints it.
fn entries(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, ".SH ENTRIES")?;
    writeln!(
        out,
        "An entry is an element of the set's type, then its options (\\fBtimeout\\fR \\fIS\\fR, \\fBpackets\\fR \\fIN\\fR \\fBbytes\\fR \\fIN\\fR, \\fBcomment\\fR \\fITEXT\\fR, \\fBskbmark\\fR, \\fBskbprio\\fR, \\fBskbqueue\\fR, \\fBnomatch\\fR) where the set has them. \\fBwiset help\\fR \\fITYPE\\fR prints each type's options."
    )?;
    for t in SetType::ALL {
        let (create, element) = help_text::syntax(t);
        writeln!(
            out,
            ".TP\n\\fB{}\\fR {}\n{}",
            roff(t.name()),
            roff(create),
            roff(element)
        )?;
    }
    Ok(())
}

/// Text as roff wants it: backslashes and hyphens escaped, and a line
/// that would start with a control character guarded.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    escaped
        .lines()
        .map(|l| {
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The sections clap cannot write.
const WRITTEN: &str = r#".SH REPLACE INPUT
\fBwiset replace\fR reads one entry per line, as after \fBadd\fR \fISETNAME\fR: an element and its options (\fB192.0.2.0/24 comment "TEST\-NET\-1" timeout 0\fR). Blank lines and lines starting with \fB#\fR are skipped; a line longer than 64 KiB is an error. An input with no entries is refused unless \fB\-\-allow\-empty\fR; \fB\-\-min\-entries\fR and \fB\-\-max\-shrink\fR refuse a truncated feed. A bad line names its number, and the live set is not changed.
.SH JSON
\fB\-o json\fR prints one JSON array with an object per set: \fBname\fR, \fBtype\fR, \fBrevision\fR, \fBheader\fR (\fBfamily\fR, its create options, and \fBmemsize\fR, \fBreferences\fR, \fBnumentries\fR), and \fBmembers\fR, each with \fBelem\fR (the element as ipset prints it) and the options it has (\fBtimeout\fR, \fBpackets\fR, \fBbytes\fR, \fBcomment\fR, ...). \fBfind\fR, \fBinfo\fR and \fBreplace \-\-dry\-run\fR print JSON of their own with \fB\-o json\fR.
.SH NFTABLES
\fBwiset translate\fR writes the live sets (or, with \fB\-f\fR \fIFILE\fR, a save file's) as one script for \fBnft \-f\fR: each set declared, emptied and filled in one transaction, with its rule expression in a comment. Nested networks and \fBnomatch\fR exceptions are cut into disjoint intervals as the kernel matches them. What nft cannot say as ipset matches it (list:set, skbinfo values, \fBphysdev:\fR, ICMP in port sets, an exception that expires inside a lasting entry, hash:net,iface networks nested across interfaces, a bitmask that is not a prefix, names nft reads as keywords) is refused per set with the reason, and the exit code is 1. Installed as \fBipset\-translate\fR (or as \fBwiset ipset\-translate\fR), wiset prints what ipset 7.17's ipset\-translate prints.
.SH EXIT STATUS
0 on success; 1 when a command fails (the kernel's error, a bad line, a refused guard), and for \fBtest\fR when the entry is not in the set and \fBfind\fR when no set matches; 2 for a misshapen command line (with the help hint), and for \fBtest \-\-from\fR and \fBfind\fR on an error; 128+N when signal N stopped a change (what it had changed undone, or the change done).
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
Set and not empty: tables are not coloured (unless \fB\-\-color always\fR).
.TP
\fBCI\fR
Read by the test suite only.
.TP
\fBTMPDIR\fR
Where \fBreplace \-\-grow\fR keeps standard input (an unnamed file) while it counts it.
.SH FILES
.TP
\fB/run/netns/\fR\fINAME\fR
The network namespaces \fB\-\-netns\fR enters, as \fBip \-n\fR does.
.TP
\fB/etc/wiset/\fR\fISET\fR\fB.list\fR
The input of the shipped \fBwiset\-replace@\fR\fISET\fR\fB.service\fR.
.SH EXAMPLES
.TP
Replace a set from a feed, from cron:
\fB*/15 * * * * wiset replace blocklist /etc/wiset/blocklist.list\fR
.TP
Run the same from systemd every 15 minutes:
\fBsystemctl enable \-\-now wiset\-replace@blocklist.timer\fR
.TP
Check a saved state, then load it all or nothing onto a running firewall:
\fBwiset restore \-\-check \-\-atomic \-exist < /etc/ipset.conf && wiset restore \-\-atomic \-exist < /etc/ipset.conf\fR
.TP
Raise the limit of a full set that iptables uses, keeping its entries:
\fBwiset alter blocklist maxelem 2000000\fR
.TP
Which sets hold an address:
\fBwiset find 192.0.2.7\fR
.TP
Carry the sets into nftables, check the script, load it:
\fBwiset translate > sets.nft && nft \-c \-f sets.nft && nft \-f sets.nft\fR
.TP
Migrate from ipset: install wiset as \fBipset\fR; every script keeps working:
\fBln \-s /usr/local/sbin/wiset /usr/local/sbin/ipset\fR
.SH SEE ALSO
\fBipset\fR(8), \fBiptables\fR(8), \fBnft\fR(8), \fBip\-netns\fR(8)
"#;
