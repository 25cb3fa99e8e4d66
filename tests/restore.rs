//! `restore` of large files, against ipset(8) 7.17 on the same files.
//!
//! wiset sends a restore's full batches from a thread of its own while it
//! reads the next lines, and parses lines that continue a run of adds
//! (`add SET ELEM`) on a shorter path. Neither may change what a restore
//! does: each case here runs one generated file through ipset(8) and wiset,
//! each in a fresh namespace, and wants the same exit code, the same
//! messages (naming the same line), the same output and the same sets
//! afterwards: also when the kernel refuses a line in the middle of a
//! batch many batches in, when two sets take turns, and when a bad line
//! comes right after a refused one.

mod support;

use support::{Netns, Out, have_ipset, netns, normalize_listing, normalize_stderr};

/// Sets are made with a fixed initval: where a hash grows, and so where
/// one that is full refuses, depends on it.
const INIT: &str = "initval 0x5eed1e55";

fn ip(i: u32) -> String {
    std::net::Ipv4Addr::from(0x0a00_0000 + i).to_string()
}

/// `add SET ELEM` lines for addresses `from..to`.
fn adds(set: &str, from: u32, to: u32) -> String {
    (from..to)
        .map(|i| format!("add {set} {}\n", ip(i)))
        .collect()
}

struct Run {
    out: Out,
    state: String,
}

/// The sets' names and members afterwards. (Not their headers: a hash
/// grows at moments that depend on its random initval.)
fn run(ns: &Netns, program: &str, input: &str) -> Run {
    let out = ns.run(program, &["restore"], input);
    let mut state: Vec<String> = (ns.ipset_ok(&["save"]).lines())
        .map(|l| match l.strip_prefix("create ") {
            Some(rest) => format!("create {}", rest.split(' ').next().unwrap_or("")),
            None => l.to_string(),
        })
        .collect();
    state.sort_unstable();
    Run {
        out,
        state: state.join("\n"),
    }
}

/// Run `input` through ipset(8) and wiset, each in a fresh namespace.
fn both(input: &str) -> Option<(Run, Run)> {
    if !have_ipset() {
        eprintln!("SKIPPED: ipset(8) is not installed");
        return None;
    }
    let (Some(a), Some(b)) = (netns(), netns()) else {
        return None;
    };
    Some((run(&a, "ipset", input), run(&b, support::WISET, input)))
}

/// The same exit code and the same messages.
fn same_messages(name: &str, ipset: &Run, wiset: &Run) {
    assert_eq!(
        (ipset.out.code, normalize_stderr(&ipset.out.stderr)),
        (wiset.out.code, normalize_stderr(&wiset.out.stderr)),
        "{name}: exit code and messages (ipset, wiset)"
    );
}

/// Entries of set `s` afterwards.
fn held(r: &Run) -> usize {
    r.state.lines().filter(|l| l.starts_with("add s ")).count()
}

/// Run `input` through both programs; they must agree in every way.
fn same(name: &str, input: &str) -> Option<Out> {
    let (ipset, wiset) = both(input)?;
    same_messages(name, &ipset, &wiset);
    assert_eq!(
        normalize_listing(&ipset.out.stdout),
        normalize_listing(&wiset.out.stdout),
        "{name}: output"
    );
    assert!(
        ipset.state == wiset.state,
        "{name}: the sets differ afterwards ({} and {} lines)",
        ipset.state.lines().count(),
        wiset.state.lines().count()
    );
    Some(wiset.out)
}

#[test]
fn a_large_restore_with_lines_that_read_what_it_added() {
    let mut input = format!("create s hash:ip maxelem 400000 {INIT}\n");
    input += &adds("s", 0, 150_000);
    input += &format!("create t hash:ip {INIT}\n");
    input += &adds("t", 0, 3);
    input += "list t\n";
    input += &adds("s", 150_000, 200_000);
    input += &(0..1_000)
        .map(|i| format!("del s {}\n", ip(i * 7)))
        .collect::<String>();
    input += &adds("t", 3, 5);
    input += "list t\n";
    // The last address added. (A test that succeeds ends ipset's restore,
    // so it comes last.)
    input += &format!("test s {}\n", ip(199_999));
    if let Some(out) = same("adds, list, dels, test", &input) {
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stderr.contains("is in set s"), "{}", out.stderr);
    }
}

#[test]
fn a_line_the_kernel_refuses_many_batches_in_stops_there() {
    let mut input = format!("create s hash:ip maxelem 400000 {INIT}\n");
    input += &adds("s", 0, 120_000);
    // Already added: the kernel refuses it, in the middle of a batch.
    input += &format!("add s {}\n", ip(77));
    input += &adds("s", 120_000, 160_000);
    if let Some(out) = same("refused after 120,000 adds", &input) {
        assert!(out.stderr.contains("line 120002"), "{}", out.stderr);
    }
}

#[test]
fn two_sets_taking_turns_with_a_refusal_in_one() {
    let mut input =
        format!("create a hash:ip maxelem 400000 {INIT}\ncreate b hash:ip maxelem 400000 {INIT}\n");
    for k in 0..4 {
        input += &adds("a", k * 30_000, (k + 1) * 30_000);
        input += &adds("b", k * 30_000, (k + 1) * 30_000);
        if k == 2 {
            input += &format!("add b {}\n", ip(5));
        }
    }
    same("a and b in turns, b refuses", &input);
}

#[test]
fn a_full_set_refuses_the_line_that_does_not_fit() {
    let mut input = format!("create s hash:ip maxelem 100000 {INIT}\n");
    input += &adds("s", 0, 100_010);
    if let Some(out) = same("maxelem 100000", &input) {
        assert!(out.stderr.contains("Hash is full"), "{}", out.stderr);
    }
}

/// A refused line, and a bad line many batches later: the refused line is
/// reported (its batch was sent when it filled, and the kernel refused it
/// while the next lines were read), and nothing after it is in.
#[test]
fn a_refusal_comes_before_a_later_bad_line() {
    let mut input = format!("create s hash:ip maxelem 400000 {INIT}\n");
    input += &adds("s", 0, 90_000);
    input += &format!("add s {}\n", ip(3));
    // Far after it, and soon after it (while the refused batch is likely
    // still queued when the bad line is read).
    for (name, later) in [("far", 50_000), ("soon", 3_000)] {
        let mut input = input.clone();
        input += &adds("s", 90_000, 90_000 + later);
        input += "add s 10.0.0.300\n";
        if let Some(out) = same(&format!("refused, then a bad line {name} after"), &input) {
            assert!(out.stderr.contains("line 90002"), "{}", out.stderr);
        }
    }
}

/// A refused line and a bad line in the same batch: the batch is never
/// sent (the bad line is read first), and the bad line is reported. Which
/// lines before it are in depends on where each program's batches end.
#[test]
fn a_bad_line_in_the_batch_of_a_refused_one_is_reported() {
    let mut input = format!("create s hash:ip maxelem 400000 {INIT}\n");
    input += &adds("s", 0, 90_000);
    input += &format!("add s {}\n", ip(3));
    input += &adds("s", 90_000, 90_010);
    input += "add s 10.0.0.300\n";
    input += &adds("s", 90_010, 100_000);
    let Some((ipset, wiset)) = both(&input) else {
        return;
    };
    same_messages("a bad line in a refused line's batch", &ipset, &wiset);
    assert!(
        wiset.out.stderr.contains("line 90013"),
        "{}",
        wiset.out.stderr
    );
    for (who, r) in [("ipset", &ipset), ("wiset", &wiset)] {
        let n = held(r);
        assert!((85_000..90_000).contains(&n), "{who} holds {n}");
    }
}

/// A bad line after many full batches: the batches before it are in the
/// kernel (ipset sends them as they fill), the line is named; adds with
/// options take the general path between runs of bare adds.
#[test]
fn a_bad_line_late_in_a_long_run_is_named() {
    let mut input = format!("create s hash:ip maxelem 400000 timeout 0 {INIT}\n");
    input += &adds("s", 0, 50_000);
    input += &format!("add s {} timeout 100\n", ip(50_000));
    input += &format!("add\ts  {} timeout 7\n", ip(50_001));
    input += &adds("s", 50_002, 120_000);
    input += "add s 10.0.0.1/33\n";
    let bad = input.lines().count();
    let Some((ipset, wiset)) = both(&input) else {
        return;
    };
    same_messages("a bad line late in a long run", &ipset, &wiset);
    assert!(
        wiset.out.stderr.contains(&format!("line {bad}:")),
        "{}",
        wiset.out.stderr
    );
    // Which of the lines just before the bad one are in depends on where
    // each program's batches end; the lines of full batches are.
    for (who, r) in [("ipset", &ipset), ("wiset", &wiset)] {
        let n = held(r);
        assert!((115_000..120_001).contains(&n), "{who} holds {n}");
    }
}

/// A refused line, and then a line the reader refuses (longer than wiset
/// reads) while that batch may still be on its way: the refused line, which
/// came first, is reported. (ipset reads long lines otherwise: wiset alone.)
#[test]
fn a_refusal_comes_before_a_later_unreadable_line() {
    let Some(ns) = netns() else { return };
    let mut input = format!("create s hash:ip maxelem 400000 {INIT}\n");
    input += "add s 10.0.0.0\nadd s 10.0.0.0\n";
    input += &adds("s", 1, 5_000);
    input += &format!("add s {}\n", "1".repeat(70_000));
    let out = ns.run(support::WISET, &["restore"], &input);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("line 3: Element cannot be added to the set: it's already added"),
        "{}",
        out.stderr
    );
}
