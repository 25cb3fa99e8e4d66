//! `restore --atomic`: a whole save file applied all or nothing, against the
//! real kernel, each test in its own network namespace. The state is read
//! with ipset(8); "nothing changed" is the whole `ipset save` before and
//! after, and no temp set left.

mod support;

use std::time::{Duration, Instant};

use support::{
    Netns, TempPath, addrs, entry_count, has_iptables_rule, ipset_script, iptables_rule,
    member_names, members, netns, opt_num, set_names, spawn_fed, temp_prefix, temp_sets,
};

fn atomic(ns: &Netns, extra: &[&str], input: &str) -> support::Out {
    let mut args = vec!["restore", "--atomic"];
    args.extend(extra);
    ns.wiset_in(&args, input)
}

fn references(ns: &Netns, set: &str) -> u64 {
    let out = ns.ipset_ok(&["list", "-t", set]);
    out.lines()
        .find_map(|l| l.strip_prefix("References: "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no references in {out}"))
}

/// The running firewall of most tests: a set iptables uses, one the file
/// adds to, one it never names.
fn firewall(ns: &Netns) -> bool {
    ipset_script(
        ns,
        "create a hash:ip counters\n\
         add a 1.1.1.1 packets 5 bytes 50\n\
         add a 1.1.1.2\n\
         create keep hash:net\n\
         add keep 10.0.0.0/8\n\
         create other bitmap:port range 0-1000\n\
         add other 80\n",
    );
    iptables_rule(ns, "a")
}

const FILE: &str = "\
create a hash:ip family inet hashsize 1024 maxelem 65536 counters
add a 2.2.2.2 packets 1 bytes 2
add a 2.2.2.3
create b hash:net
add b 192.0.2.0/24
create l list:set
add l a
add l b
add keep 11.0.0.0/8
del keep 10.0.0.0/8
";

#[test]
fn replaces_creates_and_adds_keeping_references() {
    let Some(ns) = netns() else { return };
    let rule = firewall(&ns);
    let untouched = ns.ipset_ok(&["save", "other"]);
    let o = atomic(&ns, &["-exist"], FILE);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!((o.stdout.as_str(), o.stderr.as_str()), ("", ""));

    // The file's sets: replaced, new, and one the file only adds to.
    let a = members(&ns, "a");
    assert_eq!(a.keys().collect::<Vec<_>>(), ["2.2.2.2", "2.2.2.3"]);
    assert_eq!(opt_num(&a["2.2.2.2"], "packets"), Some(1), "{a:?}");
    assert_eq!(opt_num(&a["2.2.2.2"], "bytes"), Some(2), "{a:?}");
    assert_eq!(member_names(&ns, "b"), ["192.0.2.0/24"]);
    assert_eq!(member_names(&ns, "keep"), ["11.0.0.0/8"]);
    // list:set members in the file's order, naming the sets by their names.
    let l = ns.ipset_ok(&["list", "l"]);
    assert!(l.ends_with("Members:\na\nb\n"), "{l}");
    assert_eq!(ns.ipset_ok(&["save", "other"]), untouched);
    assert_eq!(set_names(&ns), ["a", "keep", "other", "b", "l"]);
    assert!(temp_sets(&ns).is_empty(), "{:?}", set_names(&ns));

    // The live set kept its place: the list:set and the rule refer to it.
    assert_eq!(references(&ns, "a"), if rule { 2 } else { 1 });
    if rule {
        assert!(has_iptables_rule(&ns, "a"), "the rule is gone");
        assert_ne!(ns.ipset(&["destroy", "a"]).code, 0, "a is referenced");
    }
    // (b is held by the list:set: the reference is real.)
    assert_ne!(ns.ipset(&["destroy", "b"]).code, 0);
}

#[test]
fn a_saved_state_restores_onto_a_running_firewall_again_and_again() {
    let Some(ns) = netns() else { return };
    firewall(&ns);
    assert_eq!(atomic(&ns, &["-exist"], FILE).code, 0);
    let saved = ns.ok(&["save"]);
    let state = ns.state();
    // The firewall drifts: entries come and go, a set is emptied.
    ipset_script(
        &ns,
        "add a 9.9.9.9\ndel a 2.2.2.3\nflush keep\nadd b 198.51.100.0/24\n",
    );
    assert_ne!(ns.state(), state);
    for round in 0..2 {
        let o = atomic(&ns, &["-exist"], &saved);
        assert_eq!(o.code, 0, "round {round}: {o:?}");
        assert_eq!(ns.state(), state, "round {round}");
        assert!(temp_sets(&ns).is_empty());
    }
    // And from -file, as ipset takes it.
    let f = TempPath::file("atomic-save", &saved);
    ns.ipset_ok(&["add", "a", "9.9.9.9"]);
    let o = ns.wiset(&["restore", "--atomic", "-exist", "-file", f.path()]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(ns.state(), state);
}

/// Every way a line can fail: the line is named, nothing changed, no
/// temp set and no new set left.
#[test]
fn a_bad_line_anywhere_changes_nothing() {
    let Some(ns) = netns() else { return };
    firewall(&ns);
    ipset_script(
        &ns,
        "create t hash:ip timeout 100\nadd t 5.5.5.5 timeout 0\n",
    );
    let before = ns.state();
    let names = set_names(&ns);
    let big: String = addrs(0, 30_000)
        .iter()
        .map(|a| format!("add b {a}\n"))
        .collect();
    let cases: Vec<(String, u32, &str)> = vec![
        // A syntax error after a big fill of a new set.
        (
            format!("create b hash:ip maxelem 100000\n{big}add b nope\n"),
            30_002,
            "Syntax error: cannot parse nope: resolving to IPv4 address failed",
        ),
        // A kernel refusal: a timeout on a set without timeout support.
        (
            format!("{FILE}add a 3.3.3.3 timeout 5\n"),
            11,
            "Timeout cannot be used: set was created without timeout support",
        ),
        // A new set that a list:set already holds, then a bad line.
        (
            format!("{FILE}add b 10.0.0.0/33\n"),
            11,
            "Syntax error: '33' is out of range 0-32",
        ),
        // A set that exists, without -exist.
        (
            "create z hash:ip\ncreate a hash:ip counters\n".into(),
            2,
            "Set cannot be created: set with the same name already exists",
        ),
        // A set that does not exist.
        (
            "add ghost 1.2.3.4\n".into(),
            1,
            "The set with the given name does not exist",
        ),
        // A member that does not exist.
        (
            "create l list:set\nadd l ghost\n".into(),
            2,
            "Set to be added/deleted/tested as element does not exist.",
        ),
        // Commands a transaction does not run.
        (
            "add keep 12.0.0.0/8\ndestroy other\n".into(),
            2,
            "destroy cannot be part of an atomic restore",
        ),
        ("swap a keep\n".into(), 1, "swap cannot be part"),
        ("rename a c\n".into(), 1, "rename cannot be part"),
        (
            "add keep 12.0.0.0/8\nflush\n".into(),
            2,
            "flush of every set cannot be part",
        ),
        ("test a 1.1.1.1\n".into(), 1, "test cannot be part"),
        // Misshapen lines are bad lines too (exit 1, line named).
        (
            "add keep 12.0.0.0/8\nfrobnicate\n".into(),
            2,
            "No command specified: unknown argument frobnicate",
        ),
        (
            "create c hash:ip bogus 1\n".into(),
            1,
            "Unknown argument: `bogus'",
        ),
    ];
    for (input, line, message) in &cases {
        let exist = if input.starts_with("create z") {
            &[][..]
        } else {
            &["-exist"][..]
        };
        let o = atomic(&ns, exist, input);
        let want = format!("wiset: Error in line {line}: {message}");
        assert_eq!(o.code, 1, "{message}: {o:?}");
        assert!(
            o.stderr.starts_with(&want),
            "want {want}\n got {}",
            o.stderr
        );
        assert_eq!(ns.state(), before, "{message}: the kernel changed");
        assert_eq!(set_names(&ns), names, "{message}: sets left behind");
    }
    // A type change cannot be swapped in: refused, naming both.
    let o = atomic(&ns, &["-exist"], "create keep hash:ip\n");
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.contains("set keep exists as hash:net") && o.stderr.contains("not hash:ip"),
        "{}",
        o.stderr
    );
    assert_eq!(ns.state(), before);
}

#[test]
fn sets_it_does_not_create_keep_their_entries_with_their_stats() {
    let Some(ns) = netns() else { return };
    ipset_script(
        &ns,
        "create s hash:ip timeout 600 counters comment\n\
         add s 1.1.1.1 timeout 300 packets 7 bytes 700 comment \"first\"\n\
         add s 1.1.1.2\n\
         add s 1.1.1.3\n",
    );
    let o = atomic(
        &ns,
        &[],
        "add s 1.1.1.4 comment \"new\"\ndel s 1.1.1.3\nadd s 1.1.1.2 timeout 0\n",
    );
    // ipset's answer to re-adding without -exist.
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr
            .contains("Error in line 3: Element cannot be added to the set: it's already added"),
        "{}",
        o.stderr
    );
    assert_eq!(member_names(&ns, "s"), ["1.1.1.1", "1.1.1.2", "1.1.1.3"]);

    let o = atomic(
        &ns,
        &["-exist"],
        "add s 1.1.1.4 comment \"new\"\ndel s 1.1.1.3\nadd s 1.1.1.2 timeout 0\n",
    );
    assert_eq!(o.code, 0, "{o:?}");
    let m = members(&ns, "s");
    assert_eq!(
        m.keys().collect::<Vec<_>>(),
        ["1.1.1.1", "1.1.1.2", "1.1.1.4"]
    );
    let first = &m["1.1.1.1"];
    let left = opt_num(first, "timeout").expect("timeout kept");
    assert!((290..=300).contains(&left), "remaining timeout: {first}");
    assert_eq!(opt_num(first, "packets"), Some(7), "{first}");
    assert_eq!(opt_num(first, "bytes"), Some(700), "{first}");
    assert!(first.contains("comment \"first\""), "{first}");
    assert_eq!(opt_num(&m["1.1.1.2"], "timeout"), Some(0), "{m:?}");
    assert!(m["1.1.1.4"].contains("comment \"new\""), "{m:?}");

    // flush empties the new version; later adds fill it.
    assert_eq!(atomic(&ns, &[], "flush s\nadd s 8.8.8.8\n").code, 0);
    assert_eq!(member_names(&ns, "s"), ["8.8.8.8"]);
    assert!(temp_sets(&ns).is_empty());
}

/// For sets that do not exist yet, the result is what ipset(8)'s own
/// restore makes of the file.
#[test]
fn new_sets_come_out_as_ipset_restore_makes_them() {
    let Some(ours) = netns() else { return };
    let Some(theirs) = netns() else { return };
    let file = "create n hash:net,port family inet6 counters comment\n\
                add n 2001:db8::/32,tcp:80 comment \"web\"\n\
                add n 2001:db8:1::/48,udp:53 packets 3 bytes 30\n\
                create p bitmap:port range 1-100\n\
                add p 1-5\n\
                del p 3\n\
                create ips hash:ip netmask 24\n\
                add ips 10.1.1.1\n\
                add ips 10.1.2.0-10.1.3.255\n\
                create m list:set size 4\n\
                add m n\n\
                add m p before n\n";
    assert_eq!(atomic(&ours, &[], file).code, 0);
    ipset_script(&theirs, file);
    assert_eq!(ours.state(), theirs.state());
}

#[test]
fn a_stopping_signal_before_the_commit_changes_nothing() {
    let Some(ns) = netns() else { return };
    firewall(&ns);
    let before = ns.state();
    let names = set_names(&ns);
    let input: String =
        std::iter::once("create a hash:ip counters\ncreate b hash:ip\n".to_string())
            .chain(
                addrs(0, 20_000)
                    .iter()
                    .map(|a| format!("add a {a}\nadd b {a}\n")),
            )
            .collect();
    for (sig, name) in [
        (libc::SIGINT, "INT"),
        (libc::SIGTERM, "TERM"),
        (libc::SIGHUP, "HUP"),
    ] {
        // The input stays open: the restore is reading when the signal comes.
        let (child, stdin) = spawn_fed(&ns, &["restore", "--atomic", "-exist"], &input);
        let temp = format!("{}{}", temp_prefix("b"), child.id());
        let deadline = Instant::now() + Duration::from_secs(10);
        while !(set_names(&ns).contains(&temp) && entry_count(&ns, &temp) >= 19_000) {
            assert!(
                Instant::now() < deadline,
                "{name}: the restore never filled {temp}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        // SAFETY: kill(2) on our own child.
        unsafe { libc::kill(child.id() as i32, sig) };
        let out = child.wait_with_output().expect("wait");
        drop(stdin);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(128 + sig), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("Interrupted by SIG{name}")),
            "{stderr}"
        );
        assert_eq!(ns.state(), before, "{name}: the kernel changed");
        assert_eq!(set_names(&ns), names, "{name}: sets left behind");
    }
}

/// A commit step that fails undoes the steps before it: here a set the
/// file creates appears (made by someone else) while the restore reads, so
/// renaming it into place fails after the first set was swapped.
#[test]
fn a_failing_commit_undoes_the_swaps_before_it() {
    let Some(ns) = netns() else { return };
    firewall(&ns);
    let before = ns.state();
    let input = "create a hash:ip counters\nadd a 7.7.7.7\ncreate n hash:ip\nadd n 8.8.8.8\n";
    let (child, stdin) = spawn_fed(&ns, &["restore", "--atomic", "-exist"], input);
    let temp = format!("{}{}", temp_prefix("n"), child.id());
    let deadline = Instant::now() + Duration::from_secs(10);
    // (Its entry waits in the batch until the input ends.)
    while !set_names(&ns).contains(&temp) {
        assert!(Instant::now() < deadline, "the restore never made {temp}");
        std::thread::sleep(Duration::from_millis(5));
    }
    ns.ipset_ok(&["create", "n", "hash:net"]);
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("Set cannot be renamed: a set with the new name already exists"),
        "{stderr}"
    );
    assert_eq!(member_names(&ns, "a"), ["1.1.1.1", "1.1.1.2"]);
    assert!(temp_sets(&ns).is_empty(), "{:?}", set_names(&ns));
    // Theirs stays, empty; the rest is as it was.
    assert_eq!(member_names(&ns, "n"), Vec::<String>::new());
    ns.ipset_ok(&["destroy", "n"]);
    assert_eq!(ns.state(), before, "the swap of a was not undone");
}

/// `restore --check --atomic` answers every input as `restore --atomic`
/// would take it, and changes nothing: so a reload can be checked first.
#[test]
fn check_atomic_answers_as_atomic_does() {
    let Some(checked) = netns() else { return };
    firewall(&checked);
    let before = checked.state();
    let inputs = [
        FILE.to_string(),
        format!("{FILE}add a 3.3.3.3 timeout 5\n"),
        format!("{FILE}add b 10.0.0.0/33\n"),
        "create a hash:ip timeout 60\nadd a 1.2.3.4\n".into(),
        "create a hash:net\n".into(),
        "add ghost 1.2.3.4\n".into(),
        "create l list:set\nadd l ghost\n".into(),
        "add keep 12.0.0.0/8\ndestroy other\n".into(),
        "swap a keep\n".into(),
        "add keep 12.0.0.0/8\nflush\n".into(),
        "flush keep\nadd keep 1.2.3.0/24\n".into(),
        "test a 1.1.1.1\n".into(),
        "frobnicate\n".into(),
        "create c hash:ip bogus 1\n".into(),
        "add p 1.1.1.1,nope\n".into(),
        "create p hash:ip,port\nadd p 1.1.1.1,nope\n".into(),
    ];
    for input in &inputs {
        for exist in [&["-exist"][..], &[]] {
            let Some(applied) = netns() else { return };
            firewall(&applied);
            let mut args = vec!["restore", "--check", "--atomic"];
            args.extend(exist);
            let check = checked.wiset_in(&args, input);
            let run = atomic(&applied, exist, input);
            assert_eq!(
                (check.code, &check.stderr),
                (run.code, &run.stderr),
                "{input:?} {exist:?}"
            );
            assert_eq!(
                checked.state(),
                before,
                "{input:?}: --check changed the kernel"
            );
        }
    }
}

/// Orders of lines a save file does not have but a hand-written one may.
#[test]
fn lines_in_any_order_act_on_the_new_version() {
    let Some(ns) = netns() else { return };
    ipset_script(&ns, "create s hash:ip\nadd s 1.1.1.1\n");
    // add before create: the add goes to a copy of the live content; the
    // create -exist of the same set then keeps it (as ipset's -exist does).
    let o = atomic(
        &ns,
        &["-exist"],
        "add s 2.2.2.2\ncreate s hash:ip\nadd s 3.3.3.3\n",
    );
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(member_names(&ns, "s"), ["1.1.1.1", "2.2.2.2", "3.3.3.3"]);
    // The same new set created twice: -exist keeps the first, without it
    // the kernel's answer names the second line.
    let o = atomic(
        &ns,
        &["-exist"],
        "create n hash:ip\nadd n 4.4.4.4\ncreate n hash:ip\n",
    );
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(member_names(&ns, "n"), ["4.4.4.4"]);
    let before = ns.state();
    let o = atomic(&ns, &[], "create m hash:ip\ncreate m hash:ip\n");
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (
            1,
            "wiset: Error in line 2: Set cannot be created: set with the same name already exists\n"
        )
    );
    // flush, then adds: only the adds.
    assert_eq!(
        atomic(&ns, &[], "add s 5.5.5.5\nflush s\nadd s 6.6.6.6\n").code,
        0
    );
    assert_eq!(member_names(&ns, "s"), ["6.6.6.6"]);
    ipset_script(
        &ns,
        "flush s\nadd s 1.1.1.1\nadd s 2.2.2.2\nadd s 3.3.3.3\n",
    );
    assert_eq!(ns.state(), before);
    // wiset's --wait is for the command line, not for restore lines.
    let o = atomic(&ns, &[], "rename s --wait 1 t\n");
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(ns.state(), before);
    assert!(temp_sets(&ns).is_empty());
}
