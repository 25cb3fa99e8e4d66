//! Test support: every test that touches ipsets gets its own private network
//! namespace (so tests run in parallel and never see the host's sets), and runs
//! wiset and ipset(8) inside it.
//!
//! As root the namespace is made with `unshare(CLONE_NEWNET)`; otherwise with a
//! user + network namespace (`unshare -Urn`). A holder process keeps the
//! namespace alive; commands enter it with `setns` before they exec.
//! Without a namespace or ip_set a test is skipped with a message, except with
//! `CI=true`, where it fails.

#![allow(dead_code)]

use std::fs::File;
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Path of the wiset binary under test.
pub const WISET: &str = env!("CARGO_BIN_EXE_wiset");

/// A private network namespace, alive while this value lives.
pub struct Netns {
    holder: Child,
    net: File,
    user: Option<File>,
}

/// What a command printed and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Out {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl From<Output> for Out {
    fn from(o: Output) -> Self {
        Out {
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            code: o.status.code().unwrap_or(-1),
        }
    }
}

/// Whether this is a CI run (`CI=true`), where a test that cannot run fails.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The INPUT rule the tests add for `set`, with iptables' `op` (`-A`, `-C`).
fn iptables_args<'a>(op: &'a str, set: &'a str) -> [&'a str; 9] {
    [
        op,
        "INPUT",
        "-m",
        "set",
        "--match-set",
        set,
        "src",
        "-j",
        "DROP",
    ]
}

/// Add an iptables rule in `ns` that matches `set`. False when iptables
/// cannot run here (not installed, no netfilter tables in this namespace);
/// in CI (`CI=true`) that fails the test instead.
pub fn iptables_rule(ns: &Netns, set: &str) -> bool {
    let o = ns.run("iptables", &iptables_args("-A", set), "");
    if o.code != 0 {
        assert!(!in_ci(), "iptables is not usable in CI: {}", o.stderr);
        eprintln!("iptables part skipped: {}", o.stderr.trim());
    }
    o.code == 0
}

/// Whether the rule [`iptables_rule`] added for `set` is still there.
pub fn has_iptables_rule(ns: &Netns, set: &str) -> bool {
    ns.run("iptables", &iptables_args("-C", set), "").code == 0
}

/// Whether the tests run as root.
pub fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    })
}

/// A named network namespace (`ip netns add`), deleted when dropped.
pub struct NamedNetns(pub String);

impl NamedNetns {
    /// A fresh `/run/netns/wiset-TAG-PID`, or None (skip, with a message)
    /// where it cannot be made: not root, or no ip(8). With `CI=true` that
    /// fails instead.
    pub fn add(tag: &str) -> Option<NamedNetns> {
        if !is_root() {
            assert!(
                !in_ci(),
                "CI=true but not root: cannot make a named namespace"
            );
            eprintln!("SKIPPED (not in CI): a named namespace needs root");
            return None;
        }
        let name = format!("wiset-{tag}-{}", std::process::id());
        let added = match Command::new("ip").args(["netns", "add", &name]).output() {
            Ok(o) => o,
            Err(e) => {
                assert!(!in_ci(), "CI=true but ip(8) cannot run: {e}");
                eprintln!("SKIPPED (not in CI): ip(8): {e}");
                return None;
            }
        };
        let guard = NamedNetns(name);
        assert!(
            added.status.success(),
            "ip netns add: {}",
            String::from_utf8_lossy(&added.stderr)
        );
        Some(guard)
    }
}

impl Drop for NamedNetns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "delete", &self.0])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// A fresh namespace with ip_set usable, or None (with a message) when this
/// machine cannot give one. In CI that is a failure, never a silent pass.
pub fn netns() -> Option<Netns> {
    match Netns::new() {
        Ok(ns) => Some(ns),
        Err(why) if in_ci() => {
            panic!("CI=true but no private network namespace with ip_set: {why}")
        }
        Err(why) => {
            eprintln!("SKIPPED (not in CI): no private network namespace with ip_set: {why}");
            None
        }
    }
}

/// Whether ipset(8) is installed (the differential tests need it).
pub fn have_ipset() -> bool {
    let ok = Command::new("ipset")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !ok && in_ci() {
        panic!("CI=true but ipset(8) is not installed");
    }
    ok
}

impl Netns {
    pub fn new() -> Result<Netns, String> {
        let root = unsafe { libc::geteuid() } == 0;
        let mut holder = if root {
            let mut c = Command::new("sleep");
            c.arg("3600").stdin(Stdio::null());
            // SAFETY: unshare is async-signal-safe and runs in the child before exec.
            unsafe {
                c.pre_exec(|| {
                    if libc::unshare(libc::CLONE_NEWNET) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
            c.spawn()
                .map_err(|e| format!("unshare(CLONE_NEWNET): {e}"))?
        } else {
            Command::new("unshare")
                .args(["-Urn", "sleep", "3600"])
                .stdin(Stdio::null())
                .spawn()
                .map_err(|e| format!("unshare -Urn: {e}"))?
        };
        let pid = holder.id();
        // Wait until the holder is inside its new namespace.
        let mine = std::fs::read_link("/proc/self/ns/net").map_err(|e| e.to_string())?;
        let mut ready = false;
        for _ in 0..500 {
            if let Ok(Some(st)) = holder.try_wait() {
                return Err(format!("namespace holder exited: {st}"));
            }
            match std::fs::read_link(format!("/proc/{pid}/ns/net")) {
                Ok(l) if l != mine && is_sleeping(pid) => {
                    ready = true;
                    break;
                }
                _ => std::thread::sleep(std::time::Duration::from_millis(2)),
            }
        }
        if !ready {
            let _ = holder.kill();
            return Err("namespace holder did not start".into());
        }
        let net = File::open(format!("/proc/{pid}/ns/net")).map_err(|e| e.to_string())?;
        let user = if root {
            None
        } else {
            Some(File::open(format!("/proc/{pid}/ns/user")).map_err(|e| e.to_string())?)
        };
        let ns = Netns { holder, net, user };
        // ip_set must answer in there.
        let v = ns.wiset(&["version"]);
        if v.code != 0 {
            return Err(format!("ip_set does not answer: {}", v.stderr.trim()));
        }
        Ok(ns)
    }

    /// A command that will run inside this namespace.
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        let net = self.net.as_raw_fd();
        let user = self.user.as_ref().map(|f| f.as_raw_fd());
        // SAFETY: setns is async-signal-safe; the fds stay open in the parent.
        unsafe {
            c.pre_exec(move || {
                if let Some(u) = user
                    && libc::setns(u, libc::CLONE_NEWUSER) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::setns(net, libc::CLONE_NEWNET) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        c
    }

    /// Run `program args` with `stdin` inside the namespace.
    pub fn run(&self, program: &str, args: &[&str], stdin: &str) -> Out {
        let mut child = self
            .command(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
        let mut input = child.stdin.take().expect("stdin");
        let data = stdin.as_bytes().to_vec();
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(&data);
        });
        let out = child.wait_with_output().expect("wait");
        let _ = writer.join();
        out.into()
    }

    pub fn wiset(&self, args: &[&str]) -> Out {
        self.run(WISET, args, "")
    }

    pub fn wiset_in(&self, args: &[&str], stdin: &str) -> Out {
        self.run(WISET, args, stdin)
    }

    pub fn ipset(&self, args: &[&str]) -> Out {
        self.run("ipset", args, "")
    }

    pub fn ipset_in(&self, args: &[&str], stdin: &str) -> Out {
        self.run("ipset", args, stdin)
    }

    /// Run a wiset command and fail the test unless it succeeds.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.wiset(args);
        assert_eq!(o.code, 0, "wiset {args:?} failed: {}", o.stderr);
        o.stdout
    }

    /// Run an ipset command and fail the test unless it succeeds.
    pub fn ipset_ok(&self, args: &[&str]) -> String {
        let o = self.ipset(args);
        assert_eq!(o.code, 0, "ipset {args:?} failed: {}", o.stderr);
        o.stdout
    }

    /// The kernel's state as `ipset save` prints it, comparable across runs:
    /// initval masked and members sorted within each set.
    pub fn state(&self) -> String {
        normalize_listing(&self.ipset_ok(&["save"]))
    }

    /// Move the calling thread into this namespace (root only), for
    /// in-process library tests. The thread stays there.
    pub fn enter_thread(&self) {
        assert!(self.user.is_none(), "in-process tests need root");
        // SAFETY: setns on a valid namespace fd; affects only this thread.
        let r = unsafe { libc::setns(self.net.as_raw_fd(), libc::CLONE_NEWNET) };
        assert_eq!(r, 0, "setns: {}", std::io::Error::last_os_error());
    }
}

fn is_sleeping(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "sleep")
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = self.holder.kill();
        let _ = self.holder.wait();
    }
}

/// Mask a list:set's size in memory, in plain and xml listings. A list:set
/// frees a deleted member's extensions (its comment) after an RCU grace
/// period, so its size in memory right after a `del` depends on the kernel's
/// timing, for ipset and wiset alike.
pub fn mask_list_set_memsize(s: &str) -> String {
    let mut list_set = false;
    let mut out = String::with_capacity(s.len());
    for l in s.split_inclusive('\n') {
        let t = l.trim();
        if let Some(ty) = t.strip_prefix("Type: ") {
            list_set = ty == "list:set";
        } else if let Some(ty) = t.strip_prefix("<type>") {
            list_set = ty.strip_suffix("</type>") == Some("list:set");
        }
        if list_set && t.starts_with("Size in memory: ") {
            out.push_str("Size in memory: (list:set: depends on RCU timing)");
            out.push_str(if l.ends_with('\n') { "\n" } else { "" });
        } else if list_set && t.starts_with("<memsize>") {
            let indent = &l[..l.len() - l.trim_start().len()];
            out.push_str(indent);
            out.push_str("<memsize>(list:set: depends on RCU timing)</memsize>");
            out.push_str(if l.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(l);
        }
    }
    out
}

/// Mask what differs between two runs of the same operations: initval values,
/// and the kernel's hash order of members (member lines are sorted within each
/// set block; headers keep their place).
pub fn normalize_listing(s: &str) -> String {
    let masked: Vec<String> = mask_list_set_memsize(s).lines().map(mask_initval).collect();
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let is_member = |l: &str| {
        !(l.is_empty()
            || l.starts_with("create ")
            || l.starts_with("Name: ")
            || l.starts_with("Type: ")
            || l.starts_with("Revision: ")
            || l.starts_with("Header: ")
            || l.starts_with("Size in memory: ")
            || l.starts_with("References: ")
            || l.starts_with("Number of entries: ")
            || l.starts_with("Members:")
            || l.starts_with('<'))
    };
    for l in masked {
        if is_member(&l) {
            run.push(l);
        } else {
            run.sort();
            out.append(&mut run);
            out.push(l);
        }
    }
    run.sort();
    out.append(&mut run);
    let mut joined = out.join("\n");
    if s.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

fn mask_initval(l: &str) -> String {
    match l.find("initval 0x") {
        Some(i) => {
            let end = i + "initval 0x".len() + 8;
            format!(
                "{}initval 0x########{}",
                &l[..i],
                l.get(end..).unwrap_or("")
            )
        }
        None => l.to_string(),
    }
}

/// Put both programs' message prefixes in one form: `ipset v7.17: ` and
/// `wiset: ` become `PROG: `, and the help hint names `PROG`.
pub fn normalize_stderr(s: &str) -> String {
    // wiset's hints follow ipset's text on lines of their own, and only when
    // it runs as wiset (tests/operations.rs holds them to that).
    let s: String = s
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("Hint: "))
        .collect();
    s.replace("ipset v7.17: ", "PROG: ")
        .replace("wiset: ", "PROG: ")
        .replace("Try `ipset help'", "Try `PROG help'")
        .replace("Try `wiset help'", "Try `PROG help'")
}

/// Put both programs' names in help-like stdout in one form: the
/// `ipset v7.17` / `wiset vX.Y.Z` title and `Usage: ipset|wiset` become `PROG`.
pub fn normalize_program(s: &str) -> String {
    s.lines()
        .map(|l| {
            if (l.starts_with("ipset v") || l.starts_with("wiset v")) && l.split(' ').count() == 2 {
                "PROG vX".to_string()
            } else if let Some(rest) = l
                .strip_prefix("Usage: ipset ")
                .or_else(|| l.strip_prefix("Usage: wiset "))
            {
                format!("Usage: PROG {rest}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Set names in the namespace, as `ipset list -n` prints them.
pub fn set_names(ns: &Netns) -> Vec<String> {
    ns.ipset_ok(&["list", "-n"])
        .lines()
        .map(str::to_string)
        .collect()
}

/// The members of a set as `ipset save` prints them: element → options.
pub fn members(ns: &Netns, set: &str) -> std::collections::BTreeMap<String, String> {
    let prefix = format!("add {set} ");
    ns.ipset_ok(&["save", set])
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(|l| match l.split_once(' ') {
            Some((e, o)) => (e.to_string(), o.to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// The elements of a set, as `ipset save` prints them.
pub fn member_names(ns: &Netns, set: &str) -> Vec<String> {
    members(ns, set).into_keys().collect()
}

/// The value after `key` in an option string (`timeout 300 packets 5`).
pub fn opt<'a>(opts: &'a str, key: &str) -> Option<&'a str> {
    let mut it = opts.split(' ');
    while let Some(w) = it.next() {
        if w == key {
            return it.next();
        }
    }
    None
}

/// A numeric option of an option string.
pub fn opt_num(opts: &str, key: &str) -> Option<u64> {
    opt(opts, key).map(|v| v.parse().expect("number"))
}

/// The prefix of the temp sets of replaces of `target`, computed here as the
/// SPEC says (FNV-1a of the set name), not taken from wiset: stale temp sets
/// of dead processes are found by the next replace of that set.
pub fn temp_prefix(target: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in target.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("wiset-{h:08x}-")
}

// ------------------------------------------------ shared by the replace suites

/// A file (or directory) in the temp directory, removed when dropped.
pub struct TempPath(pub PathBuf);

impl TempPath {
    pub fn unique(tag: &str) -> PathBuf {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        std::env::temp_dir().join(format!("wiset-replace-{}-{n}-{tag}", std::process::id()))
    }

    pub fn file(tag: &str, content: &str) -> TempPath {
        let path = Self::unique(tag);
        std::fs::write(&path, content).expect("write temp file");
        TempPath(path)
    }

    pub fn dir(tag: &str) -> TempPath {
        let path = Self::unique(tag);
        std::fs::create_dir(&path).expect("create temp dir");
        TempPath(path)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 temp path")
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        if self.0.is_dir() {
            let _ = std::fs::remove_dir_all(&self.0);
        } else {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

pub fn temp_sets(ns: &Netns) -> Vec<String> {
    set_names(ns)
        .into_iter()
        .filter(|n| n.starts_with("wiset-"))
        .collect()
}

/// A word of the `Header:` line of `ipset list -t SET` (`maxelem` → value).
pub fn header_opt(ns: &Netns, set: &str, key: &str) -> Option<String> {
    let out = ns.ipset_ok(&["list", "-t", set]);
    let header = out.lines().find_map(|l| l.strip_prefix("Header: "))?;
    opt(header, key).map(str::to_string)
}

pub fn entry_count(ns: &Netns, set: &str) -> u64 {
    let out = ns.ipset_ok(&["list", "-t", set]);
    out.lines()
        .find_map(|l| l.strip_prefix("Number of entries: "))
        .unwrap_or_else(|| panic!("no entry count in {out}"))
        .trim()
        .parse()
        .expect("number")
}

/// Run an ipset(8) restore script (setup that does not depend on wiset).
pub fn ipset_script(ns: &Netns, script: &str) {
    let o = ns.ipset_in(&["restore"], script);
    assert_eq!(o.code, 0, "ipset restore: {}\n{script}", o.stderr);
}

pub fn ipset_fill(ns: &Netns, set: &str, entries: &[String]) {
    let mut script = String::new();
    for e in entries {
        script.push_str(&format!("add {set} {e}\n"));
    }
    ipset_script(ns, &script);
}

/// `n` distinct IPv4 addresses in 10.0.0.0/8, starting from `from`.
pub fn addrs(from: u32, n: u32) -> Vec<String> {
    (from..from + n).map(addr).collect()
}

pub fn addr(i: u32) -> String {
    format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255)
}

pub fn lines(entries: &[String]) -> String {
    let mut s = entries.join("\n");
    s.push('\n');
    s
}

pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Start `wiset ARGS` (a replace of `set`) reading a stdin that stays open
/// after `input`, and wait until the run's own temp set exists: the replace
/// is in progress.
/// Start `wiset ARGS` with `input` on a stdin that stays open (until the
/// returned end is dropped).
pub fn spawn_fed(ns: &Netns, args: &[&str], input: &str) -> (Child, ChildStdin) {
    let mut child = ns
        .command(WISET)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn wiset");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("write");
    stdin.flush().expect("flush");
    (child, stdin)
}

pub fn start_held_replace(
    ns: &Netns,
    set: &str,
    args: &[&str],
    input: &str,
) -> (Child, ChildStdin) {
    let (mut child, stdin) = spawn_fed(ns, args, input);
    let temp = format!("{}{}", temp_prefix(set), child.id());
    let deadline = Instant::now() + Duration::from_secs(5);
    while !set_names(ns).contains(&temp) {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("no temp set {temp} appeared during `wiset {args:?}`");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (child, stdin)
}

/// A helper process (a listing loop, a stalled reader) in a process group
/// of its own, killed with its group when dropped — also when a test
/// fails, so that nothing outlives it holding the test's output open.
pub struct Background(Child);

impl Background {
    /// Run `sh -c SCRIPT` in `ns`, its output discarded.
    pub fn sh(ns: &Netns, script: &str) -> Background {
        use std::os::unix::process::CommandExt;
        let child = ns
            .command("sh")
            .args(["-c", script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("spawn sh");
        Background(child)
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        // SAFETY: kill on the process group this value made.
        unsafe { libc::kill(-(self.0.id() as i32), libc::SIGKILL) };
        let _ = self.0.wait();
    }
}
