//! `wiset help [TYPE]` prints ipset's help text byte for byte, with only the
//! program name and version in the first two lines changed. Help needs no kernel, so
//! this runs ipset(8) directly, without a network namespace.

use std::process::{Command, Output};

const WISET: &str = env!("CARGO_BIN_EXE_wiset");

const TYPES: [&str; 16] = [
    "bitmap:ip",
    "bitmap:ip,mac",
    "bitmap:port",
    "hash:ip",
    "hash:mac",
    "hash:ip,mac",
    "hash:ip,mark",
    "hash:ip,port",
    "hash:ip,port,ip",
    "hash:ip,port,net",
    "hash:net",
    "hash:net,net",
    "hash:net,port",
    "hash:net,port,net",
    "hash:net,iface",
    "list:set",
];

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// ipset(8) with these arguments, or `None` (skip) when it is not installed.
fn ipset(args: &[&str]) -> Option<Output> {
    match Command::new("ipset").args(args).output() {
        Ok(out) => Some(out),
        Err(e) => {
            assert!(!in_ci(), "CI=true but ipset(8) cannot be run: {e}");
            eprintln!("SKIPPED (not in CI): ipset(8) cannot be run: {e}");
            None
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// ipset's stdout as wiset prints it: wiset's name and version in the title
/// line, its name in the usage line.
fn expected_stdout(ipset_stdout: &str) -> String {
    ipset_stdout
        .replacen(
            "ipset v7.17\n",
            &format!("wiset v{}\n", env!("CARGO_PKG_VERSION")),
            1,
        )
        .replacen(
            "Usage: ipset [options] COMMAND\n",
            "Usage: wiset [options] COMMAND\n",
            1,
        )
}

/// ipset's stderr as wiset prints it.
fn expected_stderr(ipset_stderr: &str) -> String {
    ipset_stderr
        .replace("ipset v7.17: ", "wiset: ")
        .replace("`ipset help'", "`wiset help'")
}

/// Runs both and compares stdout, stderr and exit code; false if skipped.
fn compare(args: &[&str]) -> bool {
    let Some(theirs) = ipset(args) else {
        return false;
    };
    let ours = Command::new(WISET).args(args).output().expect("run wiset");
    let (their_out, our_out) = (text(&theirs.stdout), text(&ours.stdout));
    let want = expected_stdout(&their_out);
    if want != our_out {
        let line = want
            .lines()
            .zip(our_out.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "one is a prefix of the other".to_string(),
                |i| {
                    format!(
                        "first difference at line {}:\n  ipset: {:?}\n  wiset: {:?}",
                        i + 1,
                        want.lines().nth(i).unwrap_or_default(),
                        our_out.lines().nth(i).unwrap_or_default()
                    )
                },
            );
        panic!("`{}`: stdout differs, {line}", args.join(" "));
    }
    assert_eq!(
        expected_stderr(&text(&theirs.stderr)),
        text(&ours.stderr),
        "`{}`: stderr differs",
        args.join(" ")
    );
    assert_eq!(
        theirs.status.code(),
        ours.status.code(),
        "`{}`: exit code differs",
        args.join(" ")
    );
    true
}

/// Installed as `ipset`, the general help is ipset's, byte for byte (scripts
/// parse it); as wiset, wiset's own commands and options come first, then
/// ipset's text.
#[test]
fn general_help_matches_ipset() {
    let dir = std::env::temp_dir().join(format!("wiset-general-help-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let as_ipset = dir.join("ipset");
    let _ = std::fs::remove_file(&as_ipset);
    std::os::unix::fs::symlink(WISET, &as_ipset).unwrap();
    for args in [&["help"][..], &["-h"], &["-H"], &["h"], &["--help"]] {
        let Some(theirs) = ipset(args) else {
            return;
        };
        let ours = Command::new(&as_ipset).args(args).output().unwrap();
        assert_eq!(text(&ours.stdout), text(&theirs.stdout), "ipset {args:?}");
        assert_eq!(ours.status.code(), theirs.status.code(), "ipset {args:?}");
        let wiset = Command::new(WISET).args(args).output().unwrap();
        let out = text(&wiset.stdout);
        let ipset_text = expected_stdout(&text(&theirs.stdout));
        let (title, rest) = ipset_text.split_once("\n\n").unwrap();
        assert!(
            out.starts_with(&format!("{title}\n\nwiset's own commands")),
            "{out}"
        );
        assert!(out.contains("  find ADDRESS [SETNAME...]"), "{out}");
        assert!(
            out.ends_with(rest),
            "wiset {args:?}: ipset's text does not follow:\n{out}"
        );
        assert_eq!(wiset.status.code(), theirs.status.code(), "wiset {args:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn type_help_matches_ipset_for_every_type() {
    for t in TYPES {
        if !compare(&["help", t]) {
            return;
        }
    }
}

#[test]
fn type_help_by_alias_matches_ipset() {
    for alias in ["ipmap", "iphash", "nethash", "setlist", "netportnethash"] {
        if !compare(&["help", alias]) {
            return;
        }
    }
    compare(&["-H", "hash:net,iface"]);
}

#[test]
fn help_of_an_unknown_type_matches_ipset() {
    // The usage on stdout, the error on stderr, exit 2. Type names are
    // case-sensitive and cannot be abbreviated.
    for t in ["hash:foo", "HASH:IP", "hash:i", "ipmac"] {
        if !compare(&["help", t]) {
            return;
        }
    }
}

/// `wiset help COMMAND` shows the command's own help, for every command;
/// installed as `ipset`, `help` names set types only, as ipset's does.
#[test]
fn help_of_a_command_is_its_own_help_only_as_wiset() {
    let commands = [
        "create", "add", "del", "test", "destroy", "list", "save", "restore", "flush", "rename",
        "swap", "version", "replace", "info", "find", "alter", "metrics",
    ];
    let dir = std::env::temp_dir().join(format!("wiset-help-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let as_ipset = dir.join("ipset");
    let _ = std::fs::remove_file(&as_ipset);
    std::os::unix::fs::symlink(WISET, &as_ipset).unwrap();
    for c in commands {
        let o = Command::new(WISET).args(["help", c]).output().unwrap();
        let out = text(&o.stdout);
        assert!(o.status.success(), "help {c}: {}", text(&o.stderr));
        assert!(
            out.contains(&format!("Usage: wiset {c}")),
            "help {c}:\n{out}"
        );
        assert_eq!(
            out,
            text(
                &Command::new(WISET)
                    .args([c, "--help"])
                    .output()
                    .unwrap()
                    .stdout
            ),
            "help {c} is not {c} --help"
        );
        let o = Command::new(&as_ipset).args(["help", c]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "ipset help {c}");
        assert!(
            text(&o.stderr).starts_with(&format!("ipset: Unknown settype: `{c}'")),
            "{}",
            text(&o.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every command's `--help` has examples, and lists the options that apply
/// to it only (the listing options for list and save, not for replace).
#[test]
fn each_command_help_has_examples_and_its_own_options() {
    let commands = [
        "create", "add", "del", "test", "destroy", "list", "save", "restore", "flush", "rename",
        "swap", "version", "replace", "info", "find", "alter", "metrics",
    ];
    let help = |c: &str| {
        text(
            &Command::new(WISET)
                .args([c, "--help"])
                .output()
                .unwrap()
                .stdout,
        )
    };
    for c in commands {
        let h = help(c);
        assert!(
            h.contains("\nExamples:\n  wiset "),
            "{c} --help has no examples:\n{h}"
        );
        assert!(
            h.contains("--netns <NAME>") && h.contains("-q, --quiet"),
            "{c}:\n{h}"
        );
    }
    for c in ["list", "save"] {
        let h = help(c);
        for o in [
            "-s, --sorted",
            "-n, --name",
            "-t, --terse",
            "-r, --resolve",
            "-o, --output",
        ] {
            assert!(h.contains(o), "{c} --help lacks {o}:\n{h}");
        }
    }
    for c in ["replace", "add", "find", "alter", "metrics"] {
        let h = help(c);
        for o in ["--sorted", "--terse", "--resolve", "--name "] {
            assert!(
                !h.contains(o),
                "{c} --help lists {o}, which does not apply:\n{h}"
            );
        }
    }
    assert!(help("add").contains("--exist") && !help("list").contains("--exist"));
}
