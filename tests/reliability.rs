//! Unattended safety: what a cron job running `wiset replace` must survive.
//! One test (or a few) per situation: empty feeds, closed or terminal
//! stdin, truncated feeds, concurrent listings, concurrent writers, signals
//! during `--diff`, PID namespaces, endless lines, wrong exit codes,
//! `--create` left behind, maxelem counted by lines, list:set order, `-q`,
//! small receive buffers, byte order marks, I/O errors. Each runs in its own
//! network namespace against the real kernel; the state is read with ipset(8).
//! The long version of the signal and concurrency trials is
//! `bench/stress.py`.

mod support;

use std::io::Write;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::{
    Background, Netns, Out, TempPath, WISET, addrs, entry_count, header_opt, ipset_fill,
    ipset_script, lines, member_names, members, netns, opt_num, set_names, sorted, spawn_fed,
    start_held_replace, temp_prefix, temp_sets,
};

// ---------------------------------------------------------------- helpers

/// A set `live` of `n` addresses from 10.0.0.0, made by ipset(8).
fn live_set(ns: &Netns, n: u32) {
    ns.ipset_ok(&[
        "create", "live", "hash:ip", "counters", "maxelem", "1000000",
    ]);
    ipset_fill(ns, "live", &addrs(0, n));
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: kill on a child we have not reaped.
    unsafe { libc::kill(child.id() as i32, sig) };
}

/// What a process did, with its peak RSS and its wall time.
struct Measured {
    out: Out,
    max_rss_kib: u64,
    took: Duration,
}

/// Run `wiset ARGS` (stdin from `stdin`, if given) under GNU time, which
/// reads the peak resident memory of wiset alone. (The test binary's own
/// rusage of a child would not do: the kernel carries the forked parent's
/// peak over an exec.)
fn measured(ns: &Netns, args: &[&str], stdin: Option<&str>) -> Measured {
    let report = TempPath::file("rss", "");
    let mut cmd = ns.command("/usr/bin/time");
    cmd.args(["-f", "%M", "-o", report.path(), WISET])
        .args(args);
    if let Some(f) = stdin {
        cmd.stdin(std::fs::File::open(f).expect("stdin file"));
    }
    let started = Instant::now();
    let out: Out = cmd.output().expect("GNU time (package `time`)").into();
    let took = started.elapsed();
    let text = std::fs::read_to_string(&report.0).unwrap_or_default();
    let max_rss_kib = text
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak RSS from GNU time: {text:?} {out:?}"));
    Measured {
        out,
        max_rss_kib,
        took,
    }
}

/// A pseudo-terminal: (controller, the terminal's end for a child's stdin).
fn pty() -> (OwnedFd, OwnedFd) {
    // SAFETY: posix_openpt/grantpt/unlockpt/ptsname_r on a fd we own; the
    // name buffer is local and its length passed.
    unsafe {
        let m = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(m >= 0, "posix_openpt");
        assert_eq!(libc::grantpt(m), 0);
        assert_eq!(libc::unlockpt(m), 0);
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(libc::ptsname_r(m, name.as_mut_ptr(), name.len()), 0);
        let s = libc::open(name.as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
        assert!(s >= 0, "open the pty's terminal");
        (OwnedFd::from_raw_fd(m), OwnedFd::from_raw_fd(s))
    }
}

/// `wiset ARGS` with its stdin closed outright (not /dev/null).
fn with_stdin_closed(ns: &Netns, args: &[&str]) -> Out {
    let mut cmd = ns.command(WISET);
    cmd.args(args);
    // SAFETY: close is async-signal-safe; it runs in the child before exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::close(0);
            Ok(())
        });
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.output().expect("run").into()
}

/// The `add` lines of `ipset save` (entries with their options, counters
/// included), sorted: a set's content without its header, whose hashsize
/// the kernel may have grown meanwhile.
fn content(ns: &Netns) -> Vec<String> {
    sorted(
        ns.ipset_ok(&["save"])
            .lines()
            .filter(|l| l.starts_with("add "))
            .map(str::to_string)
            .collect(),
    )
}

/// Fail with the first few differences, not two whole listings.
fn assert_same_content(have: &[String], want: &[String], what: &str) {
    if have == want {
        return;
    }
    let missing: Vec<&String> = want
        .iter()
        .filter(|l| have.binary_search(l).is_err())
        .take(5)
        .collect();
    let extra: Vec<&String> = have
        .iter()
        .filter(|l| want.binary_search(l).is_err())
        .take(5)
        .collect();
    panic!(
        "{what}: {} entries instead of {}; missing e.g. {missing:?}; extra e.g. {extra:?}",
        have.len(),
        want.len()
    );
}

fn assert_refused(o: &Out, what: &str) {
    assert_eq!(o.code, 1, "{what}: {o:?}");
    assert!(o.stderr.contains("nothing was changed"), "{what}: {o:?}");
}

// ------------------------------------------ 1. empty input, stdin guards

#[test]
fn empty_input_is_refused_and_changes_nothing() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 300);
    let before = ns.state();
    let empty = TempPath::file("empty", "");
    let comments = TempPath::file("comments", "# feed: nothing today\n\n   \n");
    for (args, stdin) in [
        (vec!["replace", "live"], ""),
        (vec!["replace", "live", "-"], "# only a comment\n"),
        (vec!["replace", "live", empty.path()], ""),
        (vec!["replace", "live", comments.path()], ""),
        (vec!["replace", "live", "--diff"], "\n"),
        (vec!["replace", "live", "--diff", comments.path()], ""),
        (vec!["replace", "live", "--grow"], ""),
    ] {
        let o = ns.wiset_in(&args, stdin);
        assert_refused(&o, &format!("{args:?}"));
        assert!(
            o.stderr
                .contains("the input has no entries, and the set holds 300")
                && o.stderr.contains("--allow-empty"),
            "{args:?}: {o:?}"
        );
        assert_eq!(ns.state(), before, "{args:?} changed the set");
    }
    // Asked for, an empty input empties the set.
    let o = ns.wiset(&["replace", "live", comments.path(), "--allow-empty"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(entry_count(&ns, "live"), 0);
    assert!(temp_sets(&ns).is_empty());
}

#[test]
fn closed_or_null_stdin_is_not_an_empty_list() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 50);
    let before = ns.state();
    for args in [
        &["replace", "live"][..],
        &["replace", "live", "-"],
        &["replace", "live", "--allow-empty"],
        &["replace", "live", "--diff"],
    ] {
        let o = with_stdin_closed(&ns, args);
        assert_eq!(o.code, 1, "closed stdin, {args:?}: {o:?}");
        assert!(o.stderr.contains("standard input is closed"), "{o:?}");
        let o: Out = ns
            .command(WISET)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run")
            .into();
        assert_eq!(o.code, 1, "/dev/null stdin, {args:?}: {o:?}");
        assert!(o.stderr.contains("standard input is closed"), "{o:?}");
        assert_eq!(ns.state(), before, "{args:?}");
    }
}

#[test]
fn a_terminal_on_stdin_is_not_waited_for() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 10);
    let before = ns.state();
    let (_controller, terminal) = pty();
    let mut child = ns
        .command(WISET)
        .args(["replace", "live"])
        .stdin(Stdio::from(terminal))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("wiset replace waited for a terminal");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let o: Out = child.wait_with_output().expect("output").into();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        o.stderr.contains("standard input is a terminal") && o.stderr.contains("FILE"),
        "{o:?}"
    );
    assert_eq!(ns.state(), before);
}

#[test]
fn truncated_feeds_are_refused_by_min_entries_and_max_shrink() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 100);
    let before = ns.state();
    // 60 lines holding 40 distinct entries: the kernel's count decides.
    let mut feed = addrs(0, 40);
    feed.extend(addrs(0, 20));
    let feed = lines(&feed);
    for (args, said) in [
        (
            vec!["replace", "live", "--max-shrink", "50"],
            "would shrink from 100 to 40 entries (60%), more than 50%",
        ),
        (
            vec!["replace", "live", "--max-shrink", "59%", "--diff"],
            "would shrink from 100 to 40 entries (60%), more than 59%",
        ),
        (
            vec!["replace", "live", "--min-entries", "41"],
            "the input has 40 entries, fewer than the minimum of 41",
        ),
    ] {
        let o = ns.wiset_in(&args, &feed);
        assert_refused(&o, &format!("{args:?}"));
        assert!(o.stderr.contains(said), "{args:?}: {o:?}");
        assert_eq!(ns.state(), before, "{args:?}");
        assert!(temp_sets(&ns).is_empty(), "{args:?}");
    }
    let o = ns.wiset_in(&["replace", "live", "--max-shrink", "60"], &feed);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(entry_count(&ns, "live"), 40);
    let o = ns.wiset_in(&["replace", "live", "--max-shrink", "abc"], &feed);
    assert_eq!(o.code, 2, "{o:?}");
}

// ------------------------------------------ 2. a listing in progress

#[test]
fn replace_waits_out_a_listing_loop() {
    let Some(ns) = netns() else { return };
    // Large enough that each listing pins the set for a while (~0.1 s),
    // with only short gaps between listings.
    live_set(&ns, 100_000);
    let lister = Background::sh(&ns, "while :; do ipset list live >/dev/null; done");
    let feeds: Vec<Vec<String>> = (0..6).map(|k| addrs(100_000 * (k + 1), 5_000)).collect();
    for (k, feed) in feeds.iter().enumerate() {
        // A second of waiting holds some ten gaps between listings: enough,
        // if every gap is tried.
        let o = ns.wiset_in(&["replace", "live", "--wait-busy", "1"], &lines(feed));
        assert_eq!(o.code, 0, "replace {k} against a listing loop: {o:?}");
        assert_eq!(
            member_names(&ns, "live"),
            sorted(feed.clone()),
            "replace {k}"
        );
    }
    drop(lister);
    assert_eq!(set_names(&ns), ["live"]);
}

#[test]
fn a_listing_held_open_fails_the_swap_clearly_after_the_wait() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 60_000);
    let before = ns.state();
    // A reader that stops reading: the kernel keeps the set pinned.
    let holder = Background::sh(&ns, "ipset list live | sleep 30");
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let o = ns.wiset_in(&["replace", "live", "--wait-busy", "1"], "192.0.2.1\n");
    let took = started.elapsed();
    drop(holder);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.contains("set live is busy (being listed")
            && o.stderr.contains("swap retried for 1 s")
            && o.stderr.contains("--wait-busy"),
        "{o:?}"
    );
    assert!(took >= Duration::from_secs(1), "gave up after {took:?}");
    assert!(took < Duration::from_secs(8), "took {took:?}");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(ns.state(), before, "the live set changed");
    assert!(temp_sets(&ns).is_empty(), "{:?}", set_names(&ns));
    // Once the reader is gone, it goes through.
    let o = ns.wiset_in(&["replace", "live"], "192.0.2.1\n");
    assert_eq!(o.code, 0, "{o:?}");
}

// ------------------------------------------ 3. concurrent writers

#[test]
fn concurrent_diffs_and_replaces_end_equal_to_one_input() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "live", "hash:ip", "maxelem", "20000"]);
    ipset_fill(&ns, "live", &addrs(0, 4000));
    // Inputs that overlap: a merge of two would be seen.
    let inputs: Vec<Vec<String>> = (0..8u32).map(|k| addrs(k * 1500, 6000)).collect();
    let files: Vec<TempPath> = inputs
        .iter()
        .enumerate()
        .map(|(k, v)| TempPath::file(&format!("conc{k}"), &lines(v)))
        .collect();
    let wanted: Vec<Vec<String>> = inputs.into_iter().map(sorted).collect();
    for (n, diff) in [(2, true), (8, true), (8, false)] {
        for round in 0..2 {
            let children: Vec<Child> = files[..n]
                .iter()
                .map(|f| {
                    let mut args = vec!["replace", "live", f.path()];
                    if diff {
                        args.push("--diff");
                    }
                    ns.command(WISET)
                        .args(&args)
                        .stdout(Stdio::null())
                        .stderr(Stdio::piped())
                        .spawn()
                        .expect("spawn")
                })
                .collect();
            for c in children {
                let o = c.wait_with_output().expect("wait");
                assert!(
                    o.status.success(),
                    "{n} at once, diff {diff}, round {round}: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
            }
            let have = member_names(&ns, "live");
            assert!(
                wanted[..n].contains(&have),
                "{n} at once, diff {diff}, round {round}: {} entries, equal to no input",
                have.len()
            );
            assert_eq!(set_names(&ns), ["live"]);
        }
    }
}

#[test]
fn a_second_writer_waits_for_the_lock_or_says_who_holds_it() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 10);
    let (holder, stdin) =
        start_held_replace(&ns, "live", &["replace", "live"], &lines(&addrs(500, 10)));
    let o = ns.wiset_in(&["replace", "live", "--wait-lock", "0.3"], "192.0.2.9\n");
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.contains(&format!(
            "set live is being changed by another wiset run (pid {})",
            holder.id()
        )) && o.stderr.contains("--wait-lock"),
        "{o:?}"
    );
    // A writer that waits gets it when the first is done, and goes after it.
    let waiter = ns
        .command(WISET)
        .args(["replace", "live", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut w_in = waiter.stdin.as_ref().expect("stdin");
    w_in.write_all(b"192.0.2.10\n").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(stdin);
    let first = holder.wait_with_output().expect("first");
    assert!(first.status.success(), "{first:?}");
    let mut waiter = waiter;
    drop(waiter.stdin.take());
    let second = waiter.wait_with_output().expect("second");
    assert!(second.status.success(), "{second:?}");
    assert_eq!(member_names(&ns, "live"), ["192.0.2.10"]);
    assert_eq!(set_names(&ns), ["live"]);
}

// ------------------------------------------ 4. and 11. signals

/// Delays spread over a run that takes `span`.
fn delays(span: Duration, n: u32) -> impl Iterator<Item = Duration> {
    (0..n).map(move |i| span.mul_f64(1.2 * f64::from(i) / f64::from(n)))
}

#[test]
fn diff_interrupted_rolls_back_and_a_kill_loses_nothing_kept() {
    let Some(ns) = netns() else { return };
    // Old: 30k entries, some with counters; new: 25k of them and 40k more.
    let old = addrs(0, 30_000);
    let mut new: Vec<String> = addrs(5_000, 25_000);
    new.extend(addrs(200_000, 40_000));
    let feed = TempPath::file("diff-new", &lines(&new));
    let setup = |ns: &Netns| {
        let _ = ns.ipset(&["destroy", "live"]);
        ns.ipset_ok(&["create", "live", "hash:ip", "counters", "maxelem", "200000"]);
        ipset_fill(ns, "live", &old);
        ipset_script(ns, "add -exist live 10.0.100.1 packets 7 bytes 700\n");
    };
    setup(&ns);
    let before = content(&ns);
    // How long a whole --diff takes here.
    let started = Instant::now();
    let o = ns.wiset(&["replace", "live", feed.path(), "--diff"]);
    assert_eq!(o.code, 0, "{o:?}");
    let span = started.elapsed();
    let (old_sorted, new_sorted) = (sorted(old.clone()), sorted(new.clone()));
    let kept: Vec<&String> = old_sorted
        .iter()
        .filter(|a| new_sorted.binary_search(a).is_ok())
        .collect();
    // (early deaths, finished, rolled back). The delays adapt to this
    // machine's pace: a run that finished first makes the next delay
    // shorter, one that died before taking the signals makes it longer, so
    // a loaded machine still stops runs mid-way; each signal gets at least
    // two stopped runs (and at most 12 tries).
    let mut tally = (0, 0, 0);
    for (sig, code) in [
        (libc::SIGINT, 130),
        (libc::SIGTERM, 143),
        (libc::SIGHUP, 129),
        (libc::SIGQUIT, 131),
    ] {
        let (mut fraction, mut stopped) = (0.3_f64, 0);
        for _ in 0..12 {
            if stopped >= 2 {
                break;
            }
            let delay = span.mul_f64(fraction);
            setup(&ns);
            let child = ns
                .command(WISET)
                .args(["replace", "live", feed.path(), "--diff"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn");
            std::thread::sleep(delay);
            signal(&child, sig);
            let out = child.wait_with_output().expect("wait");
            let what = format!("signal {sig} after {delay:?}");
            // A signal after the last batch finds the change done: the run
            // ends at once with 128 + N, and says nothing was changed only
            // when it rolled back.
            let late = out.status.code() == Some(code)
                && !String::from_utf8_lossy(&out.stderr).contains("nothing was changed");
            if out.status.signal() == Some(sig) {
                // Before wiset took the signals (just after exec): it
                // died as any process does, having changed nothing.
                assert_same_content(&content(&ns), &before, &what);
                tally.0 += 1;
                fraction = (fraction * 1.5).min(1.0);
            } else if out.status.code() == Some(0) || late {
                // It finished first: the set is the new content.
                assert_eq!(member_names(&ns, "live"), new_sorted, "{what}");
                tally.1 += 1;
                fraction *= 0.6;
            } else {
                tally.2 += 1;
                stopped += 1;
                assert_eq!(out.status.code(), Some(code), "{what}: {out:?}");
                assert_same_content(&content(&ns), &before, &format!("{what}: rolled back"));
                let m = members(&ns, "live");
                assert_eq!(opt_num(&m["10.0.100.1"], "packets"), Some(7), "{what}");
                // Somewhere else in the run next time.
                fraction = if fraction > 0.5 {
                    fraction * 0.55
                } else {
                    fraction * 1.7
                };
            }
            assert_eq!(set_names(&ns), ["live"], "{what}");
        }
    }
    eprintln!("signal trials: {tally:?} (died at once, finished, rolled back)");
    assert!(tally.2 >= 8, "too few trials stopped mid-run: {tally:?}");
    // SIGKILL: whatever instant, every entry in both old and new is there,
    // and nothing that is in neither.
    for delay in delays(span, 6) {
        setup(&ns);
        let mut child = ns
            .command(WISET)
            .args(["replace", "live", feed.path(), "--diff"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let have = member_names(&ns, "live");
        for k in &kept {
            assert!(
                have.binary_search(k).is_ok(),
                "SIGKILL after {delay:?}: {k} lost"
            );
        }
        for h in &have {
            assert!(
                old_sorted.binary_search(h).is_ok() || new_sorted.binary_search(h).is_ok(),
                "SIGKILL after {delay:?}: {h} is in neither"
            );
        }
    }
}

#[test]
fn every_stopping_signal_cleans_up_with_128_plus_its_number() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 200);
    let before = ns.state();
    for sig in [
        libc::SIGQUIT,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGALRM,
        libc::SIGTERM,
    ] {
        for args in [&["replace", "live"][..], &["replace", "live", "--diff"]] {
            let (child, stdin) = start_held(&ns, args, &lines(&addrs(10_000, 3000)));
            signal(&child, sig);
            let out = child.wait_with_output().expect("wait");
            drop(stdin);
            assert_eq!(
                out.status.code(),
                Some(128 + sig),
                "{sig} {args:?}: {out:?}"
            );
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("nothing was changed"),
                "{sig} {args:?}: {out:?}"
            );
            assert_eq!(ns.state(), before, "{sig} {args:?}");
            assert_eq!(set_names(&ns), ["live"], "{sig} {args:?}: temp set left");
        }
    }
}

#[test]
fn a_stop_while_the_temp_set_is_being_listed_still_removes_it() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 10);
    let before = ns.state();
    // A replace with 100,000 entries in its temp set, its stdin still open.
    let (child, stdin) = start_held_replace(
        &ns,
        "live",
        &["replace", "live"],
        &lines(&addrs(100_000, 100_000)),
    );
    let temp = format!("{}{}", temp_prefix("live"), child.id());
    let deadline = Instant::now() + Duration::from_secs(10);
    while entry_count(&ns, &temp) < 90_000 {
        assert!(Instant::now() < deadline, "the temp set does not fill");
        std::thread::sleep(Duration::from_millis(20));
    }
    // A reader that stops reading pins the temp set: destroy is refused.
    let holder = Background::sh(&ns, &format!("ipset list {temp} | sleep 30"));
    std::thread::sleep(Duration::from_millis(500));
    signal(&child, libc::SIGTERM);
    std::thread::sleep(Duration::from_millis(1000));
    drop(holder);
    let out = child.wait_with_output().expect("wait");
    drop(stdin);
    assert_eq!(out.status.code(), Some(143), "{out:?}");
    assert_eq!(ns.state(), before);
    assert_eq!(set_names(&ns), ["live"], "the temp set was left");
}

/// Start a replace (or `--diff`) of `live` reading a stdin that stays open,
/// and wait until it has the set's lock (it is reading).
fn start_held(ns: &Netns, args: &[&str], input: &str) -> (Child, std::process::ChildStdin) {
    if !args.contains(&"--diff") {
        return start_held_replace(ns, "live", args, input);
    }
    let held = spawn_fed(ns, args, input);
    // (A --diff makes no temp set before its input ends: give it time to
    // take the lock and read.)
    std::thread::sleep(Duration::from_millis(300));
    held
}

#[test]
fn a_signal_while_stdin_is_read_exits_128_plus_n_never_1() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 100);
    let before = ns.state();
    let chunk = lines(&addrs(50_000, 20_000));
    for trial in 0..24u64 {
        let mut child = ns
            .command(WISET)
            .args(["replace", "live"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        let data = chunk.clone();
        // Keep the inserters busy: stdin never ends until the run does.
        let feeder = std::thread::spawn(move || while stdin.write_all(data.as_bytes()).is_ok() {});
        std::thread::sleep(Duration::from_millis(40 + (trial * 37) % 260));
        signal(&child, libc::SIGTERM);
        let out = child.wait_with_output().expect("wait");
        let _ = feeder.join();
        assert_eq!(out.status.code(), Some(143), "trial {trial}: {out:?}");
        assert_eq!(ns.state(), before, "trial {trial}");
        assert_eq!(set_names(&ns), ["live"], "trial {trial}");
    }
}

// ------------------------------------------ 5. PID namespaces

#[test]
fn replaces_in_other_pid_namespaces_neither_collide_nor_destroy_each_other() {
    let Some(ns) = netns() else { return };
    if Command::new("unshare").arg("--help").output().is_err() {
        panic!("util-linux unshare is needed");
    }
    live_set(&ns, 10);
    // A replace in progress here; one in a child PID namespace waits for
    // it instead of removing its temp set.
    let (holder, stdin) =
        start_held_replace(&ns, "live", &["replace", "live"], &lines(&addrs(500, 50)));
    let temp = format!("{}{}", temp_prefix("live"), holder.id());
    let child_ns = TempPath::file("pidns", "192.0.2.77\n");
    let other = ns
        .command("unshare")
        .args(["-p", "-f", WISET, "replace", "live", child_ns.path()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("unshare -p -f");
    std::thread::sleep(Duration::from_millis(400));
    assert!(
        set_names(&ns).contains(&temp),
        "the first run's temp set went"
    );
    drop(stdin);
    let first = holder.wait_with_output().expect("first");
    assert!(first.status.success(), "{first:?}");
    let second = other.wait_with_output().expect("second");
    assert!(second.status.success(), "{second:?}");
    assert_eq!(member_names(&ns, "live"), ["192.0.2.77"]);
    assert_eq!(set_names(&ns), ["live"]);

    // Two replaces that are both PID 1 of their namespaces.
    let a = TempPath::file("pid1-a", &lines(&addrs(1000, 4000)));
    let b = TempPath::file("pid1-b", &lines(&addrs(9000, 4000)));
    for round in 0..3 {
        let spawn = |f: &TempPath| {
            ns.command("unshare")
                .args(["-p", "-f", WISET, "replace", "live", f.path()])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let (ca, cb) = (spawn(&a), spawn(&b));
        let (ra, rb) = (
            ca.wait_with_output().unwrap(),
            cb.wait_with_output().unwrap(),
        );
        assert!(
            ra.status.success() && rb.status.success(),
            "round {round}: {ra:?} {rb:?}"
        );
        let have = member_names(&ns, "live");
        assert!(
            have == sorted(addrs(1000, 4000)) || have == sorted(addrs(9000, 4000)),
            "round {round}"
        );
        assert_eq!(set_names(&ns), ["live"], "round {round}");
    }

    // A run killed as PID 1 of its namespace leaves `prefix1`; PID 1 of
    // this namespace is alive, yet the next replace here removes it.
    let mut killed = ns
        .command("unshare")
        .args(["-p", "-f", "--kill-child", WISET, "replace", "live"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Held until the end: `wait` would close it, and a wiset that sees the
    // end of its input before the kill arrives finishes the replace.
    let mut feed = killed.stdin.take().unwrap();
    feed.write_all(lines(&addrs(0, 100)).as_bytes()).unwrap();
    let left = format!("{}1", temp_prefix("live"));
    let deadline = Instant::now() + Duration::from_secs(5);
    while !set_names(&ns).contains(&left) {
        assert!(Instant::now() < deadline, "no temp set {left}");
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = killed.kill(); // unshare dies, --kill-child SIGKILLs wiset
    let _ = killed.wait();
    std::thread::sleep(Duration::from_millis(200));
    assert!(set_names(&ns).contains(&left));
    drop(feed);
    let o = ns.wiset_in(&["replace", "live"], "192.0.2.5\n");
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(set_names(&ns), ["live"]);
}

// ------------------------------------------ 6. bounded memory

#[test]
fn endless_lines_end_quickly_in_bounded_memory() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 20);
    ns.ok(&["create", "t", "hash:ip"]);
    let before = ns.state();
    // A 1 GB file without a newline (sparse: no disk is used).
    let big = TempPath::file("one-line", "");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&big.0)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let third = TempPath::file(
        "third-line",
        &format!("10.0.0.1\n10.0.0.2\n{}\n10.0.0.3\n", "9".repeat(70_000)),
    );
    let cases: Vec<(Vec<&str>, Option<&str>, &str)> = vec![
        (
            vec!["replace", "live", "/dev/zero"],
            None,
            "/dev/zero: line 1 ",
        ),
        (
            vec!["replace", "live", "/dev/zero", "--diff"],
            None,
            "/dev/zero: line 1 ",
        ),
        (
            vec!["replace", "live", "/dev/zero", "--grow"],
            None,
            "/dev/zero: line 1 ",
        ),
        (vec!["replace", "live", big.path()], None, "line 1 "),
        (vec!["replace", "live", third.path()], None, "line 3 "),
        (
            vec!["replace", "live"],
            Some("/dev/zero"),
            "standard input: line 1 ",
        ),
        (
            vec!["replace", "live", "--grow"],
            Some("/dev/zero"),
            "standard input: line 1 ",
        ),
        (
            vec!["replace", "live", "--diff", "--skip-invalid"],
            Some("/dev/zero"),
            "line 1 ",
        ),
        (
            vec!["restore", "-f", "/dev/zero"],
            None,
            "/dev/zero: line 1 ",
        ),
        (
            vec!["restore"],
            Some("/dev/zero"),
            "standard input: line 1 ",
        ),
        (
            vec!["test", "t", "--from", "/dev/zero"],
            None,
            "/dev/zero: line 1 ",
        ),
        (vec!["test", "t", "--from", big.path()], None, "line 1 "),
    ];
    for (args, stdin, said) in cases {
        let m = measured(&ns, &args, stdin);
        let what = format!("{args:?} < {stdin:?}");
        assert!(m.out.code == 1 || m.out.code == 2, "{what}: {:?}", m.out);
        assert!(
            m.out.stderr.contains(said) && m.out.stderr.contains("is longer than 65536 bytes"),
            "{what}: {:?}",
            m.out
        );
        assert!(
            m.max_rss_kib <= 16 * 1024,
            "{what}: peak RSS {} KiB",
            m.max_rss_kib
        );
        assert!(m.took < Duration::from_secs(3), "{what}: took {:?}", m.took);
        assert_eq!(ns.state(), before, "{what}");
    }
}

// ------------------------------------------ 8. --create undone

#[test]
fn a_set_made_by_create_goes_on_every_later_failure() {
    let Some(ns) = netns() else { return };
    let two = TempPath::file("two", "10.0.0.1\n10.0.0.2\n");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "replace",
                "newset",
                two.path(),
                "--create",
                "hash:ip",
                "maxelem",
                "1",
            ],
            "",
        ),
        (
            vec!["replace", "newset", "-", "--create", "hash:ip"],
            "# nothing\n",
        ),
        (
            vec![
                "replace",
                "newset",
                "-",
                "--min-entries",
                "5",
                "--create",
                "hash:ip",
            ],
            "10.0.0.1\n",
        ),
        (
            vec!["replace", "newset", "-", "--diff", "--create", "hash:ip"],
            "10.0.0.1\nbogus\n",
        ),
        (
            vec![
                "replace", "newset", "-", "--diff", "--create", "hash:ip", "maxelem", "1",
            ],
            "10.0.0.1\n10.0.0.2\n",
        ),
    ];
    for (args, stdin) in cases {
        let o = ns.wiset_in(&args, stdin);
        assert_eq!(o.code, 1, "{args:?}: {o:?}");
        assert!(
            set_names(&ns).is_empty(),
            "{args:?} left {:?}",
            set_names(&ns)
        );
    }
    // A dry run changes nothing either.
    let o = ns.wiset_in(
        &[
            "replace",
            "newset",
            "-",
            "--diff",
            "--dry-run",
            "--create",
            "hash:ip",
        ],
        "10.0.0.1\n",
    );
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.stdout, "add -exist newset 10.0.0.1\n");
    assert!(set_names(&ns).is_empty(), "{:?}", set_names(&ns));
    // And a signal.
    let child = ns
        .command(WISET)
        .args(["replace", "newset", "--create", "hash:ip"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .as_ref()
        .unwrap()
        .write_all(b"10.0.0.1\n")
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !set_names(&ns).contains(&"newset".to_string()) {
        assert!(Instant::now() < deadline, "newset was never made");
        std::thread::sleep(Duration::from_millis(5));
    }
    signal(&child, libc::SIGTERM);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{out:?}");
    assert!(set_names(&ns).is_empty(), "{:?}", set_names(&ns));
}

// ------------------------------------------ 9. maxelem, as the kernel counts

#[test]
fn maxelem_counts_stored_entries_and_grow_raises_it_only_as_needed() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "live", "hash:ip"]); // maxelem 65536
    // 70,000 lines holding 60,000 distinct addresses fit.
    let mut dup = addrs(0, 60_000);
    dup.extend(addrs(0, 10_000));
    let dup_file = TempPath::file("dup", &lines(&dup));
    for args in [
        vec!["replace", "live", dup_file.path()],
        vec!["replace", "live", dup_file.path(), "--grow"],
        vec!["replace", "live", dup_file.path(), "--diff"],
    ] {
        let o = ns.wiset(&args);
        assert_eq!(o.code, 0, "{args:?}: {o:?}");
        assert_eq!(entry_count(&ns, "live"), 60_000, "{args:?}");
        assert_eq!(
            header_opt(&ns, "live", "maxelem").as_deref(),
            Some("65536"),
            "{args:?}"
        );
    }
    let o = ns.wiset_in(&["replace", "live", "--grow"], &lines(&dup));
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(header_opt(&ns, "live", "maxelem").as_deref(), Some("65536"));
    // 70,000 distinct: refused without --grow, nothing changed.
    let before = ns.state();
    let big = TempPath::file("big", &lines(&addrs(100_000, 70_000)));
    let o = ns.wiset(&["replace", "live", big.path()]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(
        o.stderr.contains("Hash is full") && o.stderr.contains("--grow"),
        "{o:?}"
    );
    assert_eq!(ns.state(), before);
    assert!(temp_sets(&ns).is_empty());
    // --grow raises maxelem to exactly what is stored.
    let o = ns.wiset(&["replace", "live", big.path(), "--grow"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(header_opt(&ns, "live", "maxelem").as_deref(), Some("70000"));
    let mut more = addrs(300_000, 68_000);
    more.extend(addrs(300_000, 4_000));
    let o = ns.wiset_in(&["replace", "live", "--grow"], &lines(&more));
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(entry_count(&ns, "live"), 68_000);
    assert_eq!(header_opt(&ns, "live", "maxelem").as_deref(), Some("70000"));
    let o = ns.wiset_in(
        &["replace", "live", "--grow"],
        &lines(&addrs(400_000, 71_000)),
    );
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(header_opt(&ns, "live", "maxelem").as_deref(), Some("71000"));
    assert!(temp_sets(&ns).is_empty());
}

#[test]
fn a_full_forceadd_set_is_not_filled_by_eviction() {
    let Some(ns) = netns() else { return };
    // The kernel evicts only where a bucket has an entry to evict, and says
    // the hash is full elsewhere: either way the feed does not go live.
    for hashsize in ["64", "1024"] {
        let _ = ns.ipset(&["destroy", "f"]);
        ns.ipset_ok(&[
            "create", "f", "hash:ip", "maxelem", "100", "forceadd", "hashsize", hashsize,
        ]);
        ipset_fill(&ns, "f", &addrs(0, 10));
        let before = ns.state();
        let o = ns.wiset_in(&["replace", "f"], &lines(&addrs(1000, 150)));
        assert_eq!(o.code, 1, "hashsize {hashsize}: {o:?}");
        assert!(
            (o.stderr.contains("forceadd") || o.stderr.contains("Hash is full"))
                && o.stderr.contains("--grow"),
            "{o:?}"
        );
        assert_eq!(ns.state(), before, "hashsize {hashsize}");
        assert!(temp_sets(&ns).is_empty());
    }
    let o = ns.wiset_in(&["replace", "f"], &lines(&addrs(1000, 100)));
    assert_eq!(o.code, 0, "exactly maxelem fits: {o:?}");
    assert_eq!(entry_count(&ns, "f"), 100);
}

// ------------------------------------------ 10. list:set order

#[test]
fn diff_on_a_list_set_keeps_the_input_order() {
    let Some(ns) = netns() else { return };
    ipset_script(
        &ns,
        "create a hash:ip\ncreate b hash:ip\ncreate c hash:ip\n\
         create l list:set size 8\nadd l a\nadd l b\n",
    );
    let o = ns.wiset_in(&["replace", "l", "--diff"], "b\na\n");
    assert_eq!(o.code, 0, "{o:?}");
    let l = ns.ipset_ok(&["list", "l"]);
    assert!(l.ends_with("Members:\nb\na\n"), "{l}");
    let o = ns.wiset_in(&["replace", "l", "--diff"], "c\nb\na\n");
    assert_eq!(o.code, 0, "{o:?}");
    assert!(ns.ipset_ok(&["list", "l"]).ends_with("Members:\nc\nb\na\n"));
    assert!(temp_sets(&ns).is_empty());
}

// ------------------------------------------ 12. -q keeps wiset's errors

#[test]
fn quiet_hides_summaries_never_errors_of_wisets_own_commands() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 5);
    let bad = TempPath::file("bad", "10.0.0.1\n10.0.0.300\n");
    let o = ns.wiset(&["-q", "replace", "live", bad.path()]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(o.stderr.starts_with("wiset: Error in line 2: "), "{o:?}");
    let o = ns.wiset_in(&["-q", "replace", "live"], "");
    assert_refused(&o, "-q empty");
    let o = ns.wiset_in(&["-q", "-o", "json", "replace", "live"], "10.0.0.9\n");
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{o:?}");
    // ipset's own commands keep ipset's -q.
    let o = ns.wiset(&["-q", "add", "nosuch", "10.0.0.1"]);
    assert_eq!((o.code, o.stderr.as_str()), (1, ""), "{o:?}");
}

// ------------------------------------------ 13. receive buffers, BOM, I/O errors

#[test]
fn test_from_copes_with_a_small_receive_buffer() {
    let Some(ns) = netns() else { return };
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("SKIPPED: the in-process library test needs root");
        return;
    }
    ns.ok(&["create", "s", "hash:ip"]);
    ipset_fill(&ns, "s", &addrs(0, 5000));
    let result = std::thread::scope(|sc| {
        sc.spawn(|| {
            ns.enter_thread();
            let mut s = wiset::set::Session::open().expect("session");
            s.set_receive_buffer(4096).expect("SO_RCVBUF");
            let elems: Vec<wiset::set::Element> = (0..10_000u32)
                .map(|i| wiset::set::Element {
                    ip: Some(std::net::IpAddr::V4(std::net::Ipv4Addr::from(
                        0x0a00_0000 + i,
                    ))),
                    ..Default::default()
                })
                .collect();
            s.test_list("s", elems.iter())
        })
        .join()
        .expect("thread")
    });
    let hits = result.expect("test_list with a small receive buffer");
    assert_eq!(hits.len(), 10_000);
    assert!(hits[..5000].iter().all(|&h| h) && hits[5000..].iter().all(|&h| !h));
}

#[test]
fn a_leading_byte_order_mark_is_skipped() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 3);
    let f = TempPath::file("bom", "\u{feff}10.0.0.7\n10.0.0.8\n");
    let o = ns.wiset(&["replace", "live", f.path()]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(member_names(&ns, "live"), ["10.0.0.7", "10.0.0.8"]);
    let o = ns.wiset_in(&["replace", "live", "--diff"], "\u{feff}10.0.0.9\n");
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(member_names(&ns, "live"), ["10.0.0.9"]);
    let o = ns.wiset(&["test", "live", "--from", f.path()]);
    assert_eq!(o.code, 1, "neither is in the set: {o:?}");
    let o = ns.wiset_in(&["restore"], "\u{feff}create r hash:ip\nadd r 10.0.0.1\n");
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(member_names(&ns, "r"), ["10.0.0.1"]);
    // Only at the start: elsewhere it is a bad line.
    let o = ns.wiset_in(&["replace", "live"], "10.0.0.1\n\u{feff}10.0.0.2\n");
    assert_eq!(o.code, 1, "{o:?}");
    assert!(o.stderr.contains("Error in line 2"), "{o:?}");
}

#[test]
fn input_errors_name_the_path() {
    let Some(ns) = netns() else { return };
    live_set(&ns, 3);
    ns.ok(&["create", "t", "hash:ip"]);
    let before = ns.state();
    let dir = TempPath::dir("a-dir");
    for args in [
        vec!["replace", "live", dir.path()],
        vec!["replace", "live", dir.path(), "--diff"],
        vec!["-f", dir.path(), "restore"],
        vec!["test", "t", "--from", dir.path()],
    ] {
        let o = ns.wiset(&args);
        assert_ne!(o.code, 0, "{args:?}: {o:?}");
        assert!(
            o.stderr
                .contains(&format!("Cannot read {}: Is a directory", dir.path())),
            "{args:?}: {o:?}"
        );
        assert_eq!(ns.state(), before, "{args:?}");
    }
}
