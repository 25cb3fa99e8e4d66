#!/usr/bin/env python3
"""Stress wiset's unattended replace against the real kernel, in a private
network namespace, and print a table of what it left behind.

Usage (as root):  python3 bench/stress.py [--trials 50] [--rounds 10]
                  [--entries 100000] [--wiset PATH]

What it runs (the long version of tests/reliability.rs):
  * signal trials: for each mode (replace from a file, from stdin, --diff)
    --trials runs, each stopped at a random instant of a run's span by
    SIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGKILL in turn; after each the set
    must be exactly the old or the new content (--diff after SIGKILL: every
    entry in both is there, none that is in neither), the exit code 128+N
    (or death by the signal before wiset took it), no temp set left but a
    SIGKILLed run's, and that one gone after the next run;
  * 8 concurrent replaces and 8 concurrent --diffs, --rounds times: every
    run exits 0 and the set equals one input exactly;
  * a replace against a listing held open (fails clearly, changes nothing)
    and against a listing loop (goes through);
  * replaces from other PID namespaces (unshare -p -f), two at a time;
  * /dev/zero as input to replace, --diff, --grow, restore and test --from:
    exit code, time and peak RSS.
Build first: `cargo build --release`; needs ipset(8), util-linux and GNU time.
"""
import argparse
import collections
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGKILL]


def ip4(i):
    return "10.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)


def write(path, items):
    with open(path, "w") as f:
        f.write("".join(x + "\n" for x in items))
    return path


def ipset(*args, stdin=None, check=True):
    p = subprocess.run(["ipset", *args], input=stdin, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise SystemExit("ipset %s: %s" % (" ".join(args), p.stderr))
    return p.stdout


def members(name="live"):
    prefix = "add %s " % name
    return {
        l[len(prefix):].split(" ")[0]
        for l in ipset("save", name).splitlines()
        if l.startswith(prefix)
    }


def temp_sets():
    return [n for n in ipset("list", "-n").splitlines() if n.startswith("wiset-")]


class Stress:
    def __init__(self, wiset, entries, tmp):
        self.wiset = wiset
        self.tmp = tmp
        n = entries
        # Old and new overlap by 80%: a mix is visible either way.
        self.old = [ip4(i) for i in range(n)]
        self.new = [ip4(i) for i in range(n // 5, n + n // 5)]
        self.old_set, self.new_set = set(self.old), set(self.new)
        self.kept = self.old_set & self.new_set
        self.union = self.old_set | self.new_set
        self.new_file = write(os.path.join(tmp, "new.txt"), self.new)
        self.old_script = os.path.join(tmp, "old.restore")
        with open(self.old_script, "w") as f:
            f.write("create live hash:ip counters maxelem %d\n" % (4 * n))
            f.write("".join("add live %s\n" % a for a in self.old))
        self.table = []

    def reset(self):
        """The live set with the old content (temp sets are left alone: the
        next wiset run must remove a killed run's)."""
        ipset("destroy", "live", check=False)
        with open(self.old_script) as f:
            subprocess.run(["ipset", "restore"], stdin=f, check=True)

    def classify(self, have, diff):
        if have == self.old_set:
            return "old"
        if have == self.new_set:
            return "new"
        if diff and self.kept <= have <= self.union:
            return "superset"
        return "other"

    def start(self, mode):
        args = [self.wiset, "replace", "live"]
        if mode == "stdin":
            p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
            data = open(self.new_file, "rb").read()

            def feed():
                try:
                    p.stdin.write(data)
                    p.stdin.close()
                except (BrokenPipeError, OSError):
                    pass
            threading.Thread(target=feed, daemon=True).start()
            return p
        args.append(self.new_file)
        if mode == "diff":
            args.append("--diff")
        return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)

    def span(self, mode):
        self.reset()
        t0 = time.perf_counter()
        p = self.start(mode)
        err = p.stderr.read()
        p.wait()
        if p.returncode != 0:
            raise SystemExit("an unstopped %s run failed: %s" % (mode, err.decode()))
        return time.perf_counter() - t0

    def signal_trials(self, trials, rng):
        for mode in ["file", "stdin", "diff"]:
            span = self.span(mode)
            outcomes = collections.Counter()
            codes = collections.Counter()
            left = stale_after_next = 0
            for k in range(trials):
                sig = SIGNALS[k % len(SIGNALS)]
                self.reset()
                p = self.start(mode)
                time.sleep(rng.uniform(0, 1.2 * span))
                try:
                    p.send_signal(sig)
                except ProcessLookupError:
                    pass
                p.stderr.read()
                code = p.wait()
                outcome = self.classify(members(), mode == "diff")
                if sig == signal.SIGKILL and mode == "diff" and outcome == "superset":
                    outcome = "superset (kill)"
                ok_code = code in (0, 128 + sig, -sig)
                if outcome == "other" or not ok_code:
                    outcome += " !!"
                outcomes[outcome] += 1
                codes[code] += 1
                temps = temp_sets()
                if temps and sig != signal.SIGKILL:
                    left += len(temps)
                if temps:
                    # The next run must remove what this one left.
                    self.reset()
                    q = subprocess.run([self.wiset, "replace", "live", self.new_file],
                                       capture_output=True)
                    if q.returncode != 0 or temp_sets():
                        stale_after_next += 1
            self.table.append((
                "signals: %s, %d trials, span %.2f s" % (mode, trials, span),
                ", ".join("%s %d" % kv for kv in sorted(outcomes.items())),
                "left %d, after next run %d" % (left, stale_after_next),
                " ".join("%s:%d" % (c, n) for c, n in sorted(codes.items())),
            ))

    def concurrent(self, rounds, diff):
        inputs = []
        n = len(self.old)
        for k in range(8):
            items = [ip4(i) for i in range(k * n // 8, k * n // 8 + n)]
            inputs.append((write(os.path.join(self.tmp, "c%d.txt" % k), items), set(items)))
        outcomes = collections.Counter()
        codes = collections.Counter()
        left = 0
        peaks = []
        self.reset()
        for _ in range(rounds):
            procs = []
            for path, _ in inputs:
                rss = os.path.join(self.tmp, "rss-%d" % len(procs))
                args = ["/usr/bin/time", "-f", "%M", "-o", rss, self.wiset, "replace", "live", path]
                if diff:
                    args.append("--diff")
                procs.append((subprocess.Popen(args, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL), rss))
            for p, rss in procs:
                p.wait()
                codes[p.returncode] += 1
                peaks.append(int(open(rss).read().split()[-1]))
            have = members()
            outcomes["one input" if any(have == s for _, s in inputs) else "other !!"] += 1
            left += len(temp_sets())
        self.table.append((
            "8 concurrent %s x %d rounds" % ("--diffs" if diff else "replaces", rounds),
            ", ".join("%s %d" % kv for kv in sorted(outcomes.items())),
            "left %d" % left,
            " ".join("%s:%d" % (c, n) for c, n in sorted(codes.items()))
            + "; peak RSS %d-%d KiB (first round %d, last %d)"
            % (min(peaks), max(peaks), max(peaks[:8]), max(peaks[-8:])),
        ))

    def listings(self):
        self.reset()
        holder = subprocess.Popen("ipset list live | sleep 30", shell=True,
                                  start_new_session=True)
        time.sleep(0.5)
        t0 = time.perf_counter()
        p = subprocess.run([self.wiset, "replace", "live", self.new_file, "--wait-busy", "2"],
                           capture_output=True, text=True)
        took = time.perf_counter() - t0
        os.killpg(holder.pid, signal.SIGKILL)
        holder.wait()
        time.sleep(0.2)
        outcome = self.classify(members(), False)
        busy = "busy (being listed" in p.stderr
        self.table.append((
            "replace against a listing held open (--wait-busy 2)",
            "%s%s" % (outcome, "" if outcome == "old" and busy else " !!"),
            "left %d" % len(temp_sets()),
            "%d after %.1f s%s" % (p.returncode, took,
                                    ", saying the set is busy" if busy else ": " + p.stderr.strip()),
        ))
        self.reset()
        loop = subprocess.Popen("while :; do ipset list live >/dev/null; done", shell=True,
                                start_new_session=True)
        codes = collections.Counter()
        outcomes = collections.Counter()
        for _ in range(10):
            q = subprocess.run([self.wiset, "replace", "live", self.new_file],
                               capture_output=True)
            codes[q.returncode] += 1
            outcomes[self.classify(members(), False)] += 1
        os.killpg(loop.pid, signal.SIGKILL)
        loop.wait()
        if codes[0] != 10:
            outcomes["failed !!"] += 10 - codes[0]
        self.table.append((
            "10 replaces against a listing loop",
            ", ".join("%s %d" % kv for kv in sorted(outcomes.items())),
            "left %d" % len(temp_sets()),
            " ".join("%s:%d" % (c, n) for c, n in sorted(codes.items())),
        ))

    def pid_namespaces(self, rounds):
        a = [ip4(i) for i in range(1000, 6000)]
        b = [ip4(i) for i in range(9000, 14000)]
        fa = write(os.path.join(self.tmp, "pa.txt"), a)
        fb = write(os.path.join(self.tmp, "pb.txt"), b)
        outcomes = collections.Counter()
        codes = collections.Counter()
        left = 0
        self.reset()
        for r in range(rounds):
            # Two PID-1 runs, or one here and one in a child PID namespace.
            first = ["unshare", "-p", "-f", self.wiset] if r % 2 == 0 else [self.wiset]
            ps = [subprocess.Popen(first + ["replace", "live", fa], stderr=subprocess.DEVNULL),
                  subprocess.Popen(["unshare", "-p", "-f", self.wiset, "replace", "live", fb],
                                   stderr=subprocess.DEVNULL)]
            for p in ps:
                p.wait()
                codes[p.returncode] += 1
            have = members()
            outcomes["one input" if have in (set(a), set(b)) else "other !!"] += 1
            left += len(temp_sets())
        self.table.append((
            "2 replaces across PID namespaces x %d rounds" % rounds,
            ", ".join("%s %d" % kv for kv in sorted(outcomes.items())),
            "left %d" % left,
            " ".join("%s:%d" % (c, n) for c, n in sorted(codes.items())),
        ))

    def dev_zero(self):
        self.reset()
        ipset("create", "t", "hash:ip", check=False)
        for label, args, stdin in [
            ("replace FILE", ["replace", "live", "/dev/zero"], None),
            ("replace --diff FILE", ["replace", "live", "/dev/zero", "--diff"], None),
            ("replace --grow < stdin", ["replace", "live", "--grow"], "/dev/zero"),
            ("replace < stdin", ["replace", "live"], "/dev/zero"),
            ("restore -f", ["restore", "-f", "/dev/zero"], None),
            ("test --from", ["test", "t", "--from", "/dev/zero"], None),
        ]:
            rss = os.path.join(self.tmp, "rss-zero")
            fin = open(stdin) if stdin else subprocess.DEVNULL
            t0 = time.perf_counter()
            p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss, self.wiset, *args],
                               stdin=fin, capture_output=True, text=True)
            took = time.perf_counter() - t0
            peak = int(open(rss).read().split()[-1])
            outcome = self.classify(members(), False)
            bad = outcome != "old" or peak > 16 * 1024 or took > 2 or p.returncode == 0
            self.table.append((
                "/dev/zero: " + label,
                outcome + (" !!" if bad else ""),
                "left %d" % len(temp_sets()),
                "%d in %.2f s, peak RSS %d KiB" % (p.returncode, took, peak),
            ))

    def print_table(self):
        heads = ("run", "the set after it", "temp sets", "exit codes / notes")
        rows = [heads] + self.table
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for r in rows:
            print("| " + " | ".join(r[i].ljust(widths[i]) if i < 3 else r[i]
                                    for i in range(4)) + " |")
            if r is heads:
                print("|" + "|".join("-" * (w + 2) for w in widths) + "|---|")
        bad = sum("!!" in " ".join(r) for r in self.table)
        print("\n%s" % ("every run ended old, new or (--diff after SIGKILL) the documented "
                        "superset, and no temp set outlived the next run" if bad == 0
                        else "%d rows marked !! are failures" % bad))
        return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=50, help="signal trials per mode")
    ap.add_argument("--rounds", type=int, default=10, help="rounds of concurrent runs")
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wiset", default=os.path.join(ROOT, "target/release/wiset"))
    ap.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if not a.inside:
        unshare = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-Urn"]
        os.execvp("unshare", unshare + [sys.executable] + sys.argv + ["--inside"])
    a.wiset = os.path.abspath(a.wiset)
    with tempfile.TemporaryDirectory(prefix="wiset-stress-") as tmp:
        s = Stress(a.wiset, a.entries, tmp)
        rng = random.Random(a.seed)
        t0 = time.perf_counter()
        s.signal_trials(a.trials, rng)
        s.concurrent(a.rounds, diff=False)
        s.concurrent(a.rounds, diff=True)
        s.listings()
        s.pid_namespaces(a.rounds)
        s.dev_zero()
        print("wiset stress: %d entries, %d signal trials per mode, %d rounds, %.0f s, %d CPUs\n"
              % (a.entries, a.trials, a.rounds, time.perf_counter() - t0, os.cpu_count()))
        sys.exit(1 if s.print_table() else 0)


if __name__ == "__main__":
    main()
