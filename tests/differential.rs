//! Differential suite: the same operations through ipset(8) and through
//! wiset, each in its own private network namespace (emptied of sets before
//! every case), must print the same
//! stdout (listings after `normalize_listing`), the same stderr (after
//! `normalize_stderr`), end with the same exit code, and leave the same
//! kernel state after every step.
//!
//! A case is a list of steps (tables in `tests/differential/`). Setup steps
//! run ipset(8) in both namespaces; compared steps run ipset(8) in namespace
//! A and wiset in namespace B. Every difference of every step is collected and
//! printed with both outputs; a case whose ipset(8) side does not behave as the
//! table says (a step marked `ok` that fails, or `fails` that succeeds) is a
//! bug in the table and reported as such.

mod support;

#[path = "differential/cases.rs"]
mod cases;
#[path = "differential/invalid.rs"]
mod invalid;
#[path = "differential/restore.rs"]
mod restore;
#[path = "differential/syntax.rs"]
mod syntax;
#[path = "differential/translate.rs"]
mod translate;
#[path = "differential/types.rs"]
mod types;

use cases::{Case, Expect, Step};
use support::{
    Netns, Out, WISET, have_ipset, mask_list_set_memsize, netns, normalize_listing,
    normalize_program, normalize_stderr,
};

/// The kernel state as `ipset save` prints it (initval masked, members
/// sorted), or a marker when ipset(8) cannot even save it.
fn state_of(ns: &Netns) -> String {
    let o = ns.ipset(&["save"]);
    if o.code == 0 {
        normalize_listing(&o.stdout)
    } else {
        format!(
            "<ipset save failed, exit {}: {}>",
            o.code,
            o.stderr.trim_end()
        )
    }
}

/// Whether a step runs list, save or restore (any spelling: prefixes,
/// `-L`, `--save`), whose output lists members in the kernel's hash order
/// and so is compared after `normalize_listing`.
fn is_listing(argv: &[String]) -> bool {
    argv.iter().any(|w| {
        let w = w.trim_start_matches('-').to_ascii_lowercase();
        !w.is_empty()
            && ["list", "save", "restore"]
                .iter()
                .any(|c| c.starts_with(&w))
    })
}

/// A command line in restore syntax: words with blanks double quoted.
fn restore_line(argv: &[String]) -> String {
    let words: Vec<String> = argv
        .iter()
        .map(|w| {
            if w.is_empty() || w.contains(char::is_whitespace) {
                format!("\"{w}\"")
            } else {
                w.clone()
            }
        })
        .collect();
    words.join(" ") + "\n"
}

/// Whether a step is a command that cannot change the kernel state (list,
/// save, test, in any spelling).
fn is_read_only(argv: &[String]) -> bool {
    let mut words = argv.iter();
    while let Some(w) = words.next() {
        let w = w.as_str();
        match w {
            "-o" | "-output" | "--output" | "-f" | "-file" | "--file" => {
                words.next();
            }
            "-L" | "-S" | "-T" => return true,
            _ if w.starts_with('-') => {}
            _ => {
                return ["list", "save", "test"]
                    .iter()
                    .any(|c| (c.starts_with(w) && w.len() >= 2) || *c == w);
            }
        }
    }
    false
}

/// Mask the random initval of sets the table did not give one.
fn mask_initvals(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("initval 0x") {
        let end = (i + "initval 0x".len() + 8).min(rest.len());
        out.push_str(&rest[..i]);
        out.push_str("initval 0x########");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn render(prog: &str, step: &Step) -> String {
    let mut s = String::from(prog);
    for a in &step.argv {
        s.push(' ');
        if a.is_empty() || a.contains([' ', '"', '\'', '\t']) {
            if a.contains('\'') {
                s.push('"');
                s.push_str(a);
                s.push('"');
            } else {
                s.push('\'');
                s.push_str(a);
                s.push('\'');
            }
        } else {
            s.push_str(a);
        }
    }
    if let Some(input) = &step.stdin {
        s.push_str(" <<EOF\n");
        let lines: Vec<&str> = input.lines().collect();
        if lines.len() > 12 {
            for l in &lines[..6] {
                s.push_str(&format!("{l}\n"));
            }
            s.push_str(&format!("... ({} more lines)\n", lines.len() - 9));
            for l in &lines[lines.len() - 3..] {
                s.push_str(&format!("{l}\n"));
            }
        } else {
            for l in &lines {
                s.push_str(&format!("{l}\n"));
            }
        }
        s.push_str("EOF");
    }
    s
}

/// A line diff (longest common subsequence), `-` for ipset's lines, `+` for
/// wiset's, two spaces for common ones.
fn diff(a: &str, b: &str) -> String {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // (kind, line): ' ' common, '-' ipset only, '+' wiset only
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(('+', b[j]));
            j += 1;
        } else {
            ops.push(('-', a[i]));
            i += 1;
        }
    }
    // Show changed lines with two lines of context around them.
    const CONTEXT: usize = 2;
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let near = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= CONTEXT);
    const MAX_SHOWN: usize = 60;
    let mut out = String::new();
    let mut skipped = 0;
    let mut shown = 0;
    for (k, (kind, line)) in ops.iter().enumerate() {
        if shown == MAX_SHOWN {
            let left = changed.iter().filter(|&&c| c >= k).count();
            out.push_str(&format!(
                "    ... (diff cut here; {left} more differing lines)\n"
            ));
            return out;
        }
        if near(k) {
            shown += 1;
            if skipped > 0 {
                out.push_str(&format!("    ... ({skipped} same lines)\n"));
                skipped = 0;
            }
            out.push_str(&format!("    {kind} {line}\n"));
        } else {
            skipped += 1;
        }
    }
    if skipped > 0 {
        out.push_str(&format!("    ... ({skipped} same lines)\n"));
    }
    out
}

fn show(s: &str) -> String {
    const MAX_LINES: usize = 12;
    if s.is_empty() {
        return "    (empty)\n".to_string();
    }
    let lines: Vec<&str> = s.lines().collect();
    let mut out: String = lines
        .iter()
        .take(MAX_LINES)
        .map(|l| format!("    | {l}\n"))
        .collect();
    if lines.len() > MAX_LINES {
        out.push_str(&format!(
            "    ... ({} more lines)\n",
            lines.len() - MAX_LINES
        ));
    }
    out
}

/// What went wrong in one case.
#[derive(Default)]
struct Report {
    /// ipset(8) did not behave as the table says: the table is wrong.
    table_bugs: Vec<String>,
    /// wiset differs from ipset(8).
    diffs: Vec<String>,
}

/// Empty a namespace's ipsets (flush first, so list:set references go).
fn reset(ns: &Netns) -> bool {
    ns.ipset(&["flush"]);
    ns.ipset(&["destroy"]);
    ns.ipset(&["save"])
        == Out {
            stdout: String::new(),
            stderr: String::new(),
            code: 0,
        }
}

/// Two namespaces with no sets: the worker's pair emptied, or new ones.
/// (Reusing namespaces keeps the suite fast: creating and tearing down
/// hundreds of network namespaces is slow on some kernels.)
fn fresh_pair(pair: &mut Option<(Netns, Netns)>) -> Option<&(Netns, Netns)> {
    if pair.as_ref().is_some_and(|(a, b)| !(reset(a) && reset(b))) {
        *pair = None;
    }
    if pair.is_none() {
        *pair = Some((netns()?, netns()?));
    }
    pair.as_ref()
}

fn run_case(case: &Case, pair: &mut Option<(Netns, Netns)>) -> Report {
    let mut report = Report::default();
    let Some((a, b)) = fresh_pair(pair) else {
        return report;
    };
    // The states after the last compared step; None after setup steps.
    let mut state: Option<(String, String)> = None;
    // The step after which the two kernels first held different states
    // (later differences are likely consequences and are shown briefly).
    let mut diverged: Option<usize> = None;
    for (i, step) in case.steps.iter().enumerate() {
        let n = i + 1;
        let args: Vec<&str> = step.argv.iter().map(String::as_str).collect();
        let stdin = step.stdin.as_deref().unwrap_or("");
        if step.expect == Expect::Setup {
            // A run of setup lines goes to ipset(8) as one restore (fewer
            // processes); only the run's first step does the work.
            if i > 0 && case.steps[i - 1].expect == Expect::Setup {
                continue;
            }
            let run: Vec<&Step> = case.steps[i..]
                .iter()
                .take_while(|s| s.expect == Expect::Setup)
                .collect();
            let input: String = run.iter().map(|s| restore_line(&s.argv)).collect();
            for ns in [a, b] {
                let o = ns.ipset_in(&["restore"], &input);
                if o.code != 0 {
                    report.table_bugs.push(format!(
                        "case `{}` setup steps {n}..{} failed: ipset restore <<EOF\n{input}EOF\n  exit {}\n{}",
                        case.name,
                        n + run.len() - 1,
                        o.code,
                        show(&o.stderr)
                    ));
                    return report;
                }
            }
            state = None;
            continue;
        }
        let (before_a, before_b) = match state.take() {
            Some(s) => s,
            None if step.expect == Expect::Fails => (state_of(a), state_of(b)),
            None => Default::default(),
        };
        let oa: Out = a.run("ipset", &args, stdin);
        let ob: Out = b.run(WISET, &args, stdin);
        // A read-only command (not the last step) keeps the state as it was;
        // skipping the two saves keeps the suite fast.
        let (state_a, state_b) =
            if is_read_only(&step.argv) && n < case.steps.len() && !before_a.is_empty() {
                (before_a.clone(), before_b.clone())
            } else {
                (state_of(a), state_of(b))
            };

        let head = format!("case `{}` step {n}: {}", case.name, render("wiset", step));
        match step.expect {
            Expect::Ok if oa.code != 0 => report.table_bugs.push(format!(
                "{head}\n  expected ipset to succeed, it exited {}\n{}",
                oa.code,
                show(&oa.stderr)
            )),
            Expect::Fails if oa.code == 0 => report.table_bugs.push(format!(
                "{head}\n  expected ipset to fail, it exited 0\n{}",
                show(&oa.stderr)
            )),
            Expect::Fails if state_a != before_a => report.table_bugs.push(format!(
                "{head}\n  expected ipset to leave the state unchanged:\n{}",
                diff(&before_a, &state_a)
            )),
            _ => {}
        }

        let mut parts = Vec::new();
        if oa.code != ob.code {
            parts.push(format!("  exit code: ipset {}, wiset {}", oa.code, ob.code));
        }
        let (ea, eb) = (normalize_stderr(&oa.stderr), normalize_stderr(&ob.stderr));
        if ea != eb {
            parts.push(format!(
                "  stderr (normalized) differs:\n   ipset:\n{}   wiset:\n{}",
                show(&ea),
                show(&eb)
            ));
        }
        let (sa, sb) = if step.exact {
            (
                mask_initvals(&mask_list_set_memsize(&oa.stdout)),
                mask_initvals(&mask_list_set_memsize(&ob.stdout)),
            )
        } else if is_listing(&step.argv) {
            (normalize_listing(&oa.stdout), normalize_listing(&ob.stdout))
        } else {
            (normalize_program(&oa.stdout), normalize_program(&ob.stdout))
        };
        if sa != sb {
            parts.push(format!(
                "  stdout{} differs (- ipset, + wiset):\n{}",
                if step.exact { " (exact)" } else { "" },
                diff(&sa, &sb)
            ));
        }
        if state_a != state_b {
            parts.push(format!(
                "  kernel state after the step differs (- ipset, + wiset):\n{}",
                diff(&state_a, &state_b)
            ));
        }
        if step.expect == Expect::Fails && state_b != before_b {
            parts.push(format!(
                "  wiset changed the state although the command must fail:\n{}",
                diff(&before_b, &state_b)
            ));
        }
        if !parts.is_empty()
            && let Some(k) = diverged
        {
            let first = render("wiset", step);
            let first = first.lines().next().unwrap_or_default();
            let mut what = vec![format!("exit ipset {} wiset {}", oa.code, ob.code)];
            if ea != eb {
                what.push(format!(
                    "stderr ipset {:?} wiset {:?}",
                    ea.trim_end(),
                    eb.trim_end()
                ));
            }
            if sa != sb {
                what.push("stdout differs".into());
            }
            report.diffs.push(format!(
                "  ... step {n} (states differ since step {k}): {first}: {}",
                what.join("; ")
            ));
        } else if !parts.is_empty() {
            let parts: Vec<&str> = parts.iter().map(|p| p.trim_end()).collect();
            report.diffs.push(format!("{head}\n{}", parts.join("\n")));
        }
        diverged = match (diverged, state_a == state_b) {
            (_, true) => None,
            (None, false) => Some(n),
            (d, false) => d,
        };
        state = Some((state_a, state_b));
    }
    report
}

/// Run the cases (a few at a time) and fail with every difference found.
fn run_all(cases: Vec<Case>) {
    if !have_ipset() {
        eprintln!("SKIPPED: ipset(8) is not installed");
        return;
    }
    let total = cases.len();
    let cases_differs: Vec<Option<&str>> = cases.iter().map(|c| c.differs).collect();
    let started = std::time::Instant::now();
    let mut names = std::collections::HashSet::new();
    for c in &cases {
        assert!(
            names.insert(c.name.clone()),
            "duplicate case name {}",
            c.name
        );
    }
    let workers = 3;
    let queue = std::sync::Mutex::new(cases.into_iter().enumerate());
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                let mut pair = None;
                loop {
                    let next = queue.lock().unwrap().next();
                    let Some((i, case)) = next else { break };
                    let r = run_case(&case, &mut pair);
                    results.lock().unwrap().push((i, case.name.clone(), r));
                }
            });
        }
    });
    eprintln!("{total} cases in {:.1?}", started.elapsed());
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|r| r.0);
    let mut text = String::new();
    let mut failed = Vec::new();
    for (i, name, r) in &results {
        if let Some(why) = cases_differs[*i]
            && r.table_bugs.is_empty()
        {
            if r.diffs.is_empty() {
                text.push_str(&format!(
                    "NOW MATCHES: case `{name}` is marked as a known difference ({why}) but matches ipset: remove the mark\n\n"
                ));
                failed.push(name.as_str());
            } else {
                eprintln!(
                    "KNOWN DIFFERENCE ({why}): case `{name}`:\n{}\n",
                    r.diffs.join("\n")
                );
            }
            continue;
        }
        for t in &r.table_bugs {
            text.push_str(&format!("TABLE BUG: {t}\n\n"));
        }
        for d in &r.diffs {
            if d.starts_with("  ... ") {
                text.pop();
                text.push_str(&format!("{d}\n\n"));
            } else {
                text.push_str(&format!("DIFFERENCE: {d}\n\n"));
            }
        }
        if !r.table_bugs.is_empty() || !r.diffs.is_empty() {
            failed.push(name.as_str());
        }
    }
    if !failed.is_empty() {
        panic!(
            "\n{text}{} of {total} cases failed: {}\n",
            failed.len(),
            failed.join(", ")
        );
    }
    eprintln!("{total} cases passed");
}

#[test]
fn bitmap_types() {
    run_all(types::bitmap());
}

#[test]
fn hash_ip_types() {
    run_all(types::hash_ip());
}

#[test]
fn hash_net_types() {
    run_all(types::hash_net());
}

#[test]
fn list_set_and_unsupported_types() {
    let mut cases = types::list_set();
    cases.extend(types::unsupported());
    run_all(cases);
}

#[test]
fn invalid_addresses_and_elements() {
    run_all(invalid::elements());
}

#[test]
fn invalid_options() {
    run_all(invalid::options());
}

#[test]
fn invalid_commands_and_sets() {
    run_all(invalid::commands());
}

#[test]
fn syntax_leniencies() {
    run_all(syntax::cases());
}

#[test]
fn legacy_create_options() {
    run_all(syntax::legacy_options());
}

#[test]
fn printing() {
    run_all(syntax::printing());
}

#[test]
fn restore() {
    run_all(restore::cases());
}

#[test]
fn ipset_translate() {
    if !have_ipset() {
        eprintln!("SKIPPED: ipset(8) is not installed");
        return;
    }
    let Some(ns) = netns() else { return };
    let cases = translate::cases();
    let failures = translate::run(&ns, &cases);
    assert!(
        failures.is_empty(),
        "\n{}\n{} of {} ipset-translate cases differ",
        failures.join("\n"),
        failures.len(),
        cases.len()
    );
    eprintln!("{} ipset-translate cases passed", cases.len());
}
