#!/usr/bin/env python3
"""wiset vs ipset(8), side by side in one run, inside a private network namespace.

Usage (as root):  python3 bench/bench.py [--quick] [--runs N] [--wiset PATH] [--static PATH]

Generates deterministic data under a temp dir, then for each job runs the
ipset way and the wiset way alternately N times, and reports the median wall
time, user and system CPU, peak RSS, and the ratio wiset/ipset. The whole
script re-executes itself under `unshare -n`, so the host's sets are never
touched, and removes its temp folder when it ends. Build first: `cargo build --release`; needs ipset(8) and GNU time
(`apt-get install ipset time`).
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def ip4(i, base=10):
    return "%d.%d.%d.%d" % (base + (i >> 24), (i >> 16) & 255, (i >> 8) & 255, i & 255)


def net4(i):
    # distinct /24 networks
    return "%d.%d.%d.0/24" % (20 + (i >> 16), (i >> 8) & 255, i & 255)


def write(path, lines):
    with open(path, "w") as f:
        for l in lines:
            f.write(l)
            f.write("\n")
    return path


def run(cmd, stdin=None):
    """Run a shell command; return (wall, user, sys, maxrss_kib).

    The command runs under /usr/bin/time, started fresh by exec: a child
    forked from this Python process would report Python's own RSS as its peak.
    """
    fd, rss_file = tempfile.mkstemp(prefix="wiset-rss-")
    os.close(fd)
    wrapped = ["/usr/bin/time", "-f", "%M", "-o", rss_file, "sh", "-c", cmd]
    t0 = time.perf_counter()
    fin = open(stdin) if stdin else subprocess.DEVNULL
    p = subprocess.Popen(wrapped, stdin=fin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode()
    if stdin:
        fin.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("benchmark command failed: %s\n%s" % (cmd, err))
    with open(rss_file) as f:
        rss = int(f.read().strip().splitlines()[-1])
    os.unlink(rss_file)
    return wall, ru.ru_utime, ru.ru_stime, rss


def sh(cmd):
    subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL)


class Job:
    def __init__(self, name, setup, ipset_cmd, wiset_cmd, stdin_ipset=None, stdin_wiset=None, target=None, cpu_target=None, floor=False):
        self.name, self.setup = name, setup
        self.ipset_cmd, self.wiset_cmd = ipset_cmd, wiset_cmd
        self.stdin_ipset, self.stdin_wiset = stdin_ipset, stdin_wiset
        self.target = target
        # wiset's user CPU as a share of its system (kernel) CPU, at most.
        self.cpu_target = cpu_target
        # A bulk job: print the kernel's share of wiset's run (its system
        # CPU over the CPUs it kept busy) and wiset's wall time over it.
        self.floor = floor


def measure(job, runs):
    res = {"ipset": [], "wiset": []}
    for _ in range(runs):
        for who, cmd, stdin in (("ipset", job.ipset_cmd, job.stdin_ipset), ("wiset", job.wiset_cmd, job.stdin_wiset)):
            sh("ipset -q destroy; true")
            if job.setup:
                sh(job.setup)
            res[who].append(run(cmd, stdin))
    sh("ipset -q destroy; true")
    return {k: [statistics.median(x[i] for x in v) for i in range(4)] for k, v in res.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="100k instead of 1M entries")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--wiset", default=os.path.join(ROOT, "target/release/wiset"))
    ap.add_argument("--static", default=os.path.join(ROOT, "target/x86_64-unknown-linux-gnu/release/wiset"),
                    help="a statically linked build, for the single-adds row")
    ap.add_argument("--only", default="", help="run only the jobs whose name contains this text")
    ap.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if not a.inside:
        os.execvp("unshare", ["unshare", "-n", sys.executable] + sys.argv + ["--inside"])
    W = a.wiset
    if not os.access(W, os.X_OK):
        raise SystemExit("build first: cargo build --release (%s missing)" % W)
    big = 100_000 if a.quick else 1_000_000
    d = tempfile.mkdtemp(prefix="wiset-bench-")
    try:
        bench(a, W, big, d)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def bench(a, W, big, d):
    ips = write(d + "/ips.txt", (ip4(i) for i in range(big)))
    ips_small = write(d + "/ips10k.txt", (ip4(i) for i in range(10_000)))
    ips_100k = write(d + "/ips100k.txt", (ip4(i) for i in range(100_000)))
    nets = write(d + "/nets.txt", (net4(i) for i in range(big)))
    changed = write(d + "/ips-1pct.txt", (ip4(i) if i % 100 else ip4(i, 120) for i in range(big)))
    # ipset's way to replace: create temp + restore + swap + destroy
    def ipset_replace(src, typ, out):
        write(out, ["create tmp %s maxelem %d" % (typ, 2 * big)] + ["add tmp " + l.strip() for l in open(src)])
        return "ipset restore < %s && ipset swap tmp live && ipset destroy tmp" % out
    save_create = write(d + "/save-create.txt", ["create s hash:ip maxelem %d" % (2 * big)] + ["add s " + ip4(i) for i in range(big)])
    save_adds = write(d + "/save-adds.txt", ["add s " + ip4(i) for i in range(big)])
    # A saved state of the set `live` (for reloading a running firewall).
    save_live = write(d + "/save-live.txt", ["create live hash:ip maxelem %d" % (2 * big)] + ["add live " + ip4(i, 130) for i in range(big)])
    # ipset's way to reload it atomically: a temp set restored, swapped, destroyed.
    ips_130 = write(d + "/ips-130.txt", (ip4(i, 130) for i in range(big)))
    ipset_reload = ipset_replace(ips_130, "hash:ip", d + "/r4.txt")
    tests10k = write(d + "/test10k.sh", ["ipset -q test live " + ip4(i * 7) + " || true" for i in range(10_000)])
    ips_10k_spread = write(d + "/test10k.txt", (ip4(i * 7) for i in range(10_000)))
    adds10k_i = write(d + "/add10k-ipset.sh", ["ipset add live " + ip4(i) for i in range(10_000)])
    adds10k_w = write(d + "/add10k-wiset.sh", ["%s add live %s" % (W, ip4(i)) for i in range(10_000)])
    # The statically linked build, when there is one (see the README).
    S = a.static
    adds10k_s = write(d + "/add10k-static.sh", ["%s add live %s" % (S, ip4(i)) for i in range(10_000)])
    # The same 10,000 process starts doing nothing: what the shell's fork and
    # exec cost here, whatever the program.
    true10k = write(d + "/true10k.sh", ["/bin/true add live %s" % ip4(i) for i in range(10_000)])
    write(d + "/fill.txt", ["add live " + ip4(i) for i in range(big)])
    fill = "ipset create live hash:ip maxelem %d && ipset restore < %s/fill.txt" % (2 * big, d)
    n = "%dk" % (big // 1000) if big < 1_000_000 else "1M"
    jobs = [
        Job("replace %s hash:ip, full" % n, fill, ipset_replace(ips, "hash:ip", d + "/r1.txt"), "%s replace live %s" % (W, ips), target=0.4, cpu_target=0.15, floor=True),
        Job("replace 100k hash:ip, empty", "ipset create live hash:ip maxelem %d" % (2 * big), ipset_replace(ips_100k, "hash:ip", d + "/r3.txt"), "%s replace live %s" % (W, ips_100k), target=0.4),
        Job("replace %s hash:net" % n, "ipset create live hash:net maxelem %d" % (2 * big), ipset_replace(nets, "hash:net", d + "/r2.txt"), "%s replace live %s" % (W, nets), target=0.4, floor=True),
        Job("--diff 1%% vs full, %s" % n, fill, "%s replace live %s" % (W, changed), "%s replace --diff live %s" % (W, changed), target=0.45, floor=True),
        Job("restore %s create+adds" % n, None, "ipset restore", "%s restore" % W, save_create, save_create, target=0.25, floor=True),
        Job("restore %s bare adds" % n, "ipset create s hash:ip maxelem %d" % (2 * big), "ipset restore", "%s restore" % W, save_adds, save_adds, target=0.2, floor=True),
        Job("restore --atomic %s new" % n, None, "ipset restore", "%s restore --atomic" % W, save_create, save_create, floor=True),
        Job("restore --atomic %s reload" % n, fill, ipset_reload, "%s restore --atomic -exist" % W, None, save_live, floor=True),
        Job("list %s" % n, fill, "ipset list live", "%s -o plain list live" % W, target=0.4, floor=True),
        Job("table of %s (vs list)" % n, fill, "ipset list live", "%s -o table list live" % W),
        Job("find in %s (vs save)" % n, fill, "ipset save live", "%s find 10.3.4.5 live > /dev/null" % W, floor=True),
        Job("save %s" % n, fill, "ipset save live", "%s save live" % W, target=0.4, floor=True),
        # ipset's own -sorted takes hours at this size (its insertion sort):
        # measured against wiset's unsorted listing of the same set.
        Job("list -sorted %s (vs wiset's unsorted list)" % n, fill, "%s -o plain list live" % W, "%s -sorted -o plain list live" % W, target=2.0),
        Job("translate %s (ipset: save | ipset-translate)" % n, fill, "ipset save live | ipset-translate restore", "%s translate live" % W, floor=True),
        Job("list -sorted 100k", "ipset create live hash:ip maxelem 200000 && ipset restore < %s" % write(d + "/f100k.txt", ["add live " + ip4(i) for i in range(100_000)]),
            "ipset -sorted list live", "%s -sorted -o plain list live" % W, target=0.01),
        Job("10,000 single adds", "ipset create live hash:ip", "sh %s" % adds10k_i, "sh %s" % adds10k_w, target=0.75),
        Job("10,000 single adds, static", "ipset create live hash:ip", "sh %s" % adds10k_i, "sh %s" % adds10k_s, target=0.75) if os.access(S, os.X_OK) else None,
        Job("  floor: 10,000 /bin/true", "ipset create live hash:ip", "sh %s" % adds10k_i, "sh %s" % true10k),
        Job("test 10,000 entries", "ipset create live hash:ip maxelem %d && ipset restore < %s/fill.txt" % (2 * big, d), "sh %s" % tests10k, "%s test live --from %s > /dev/null || true" % (W, ips_10k_spread), target=0.05),
    ]
    print("%-26s %9s %9s %7s %7s | %9s %9s %7s %7s | %6s %6s %s" % ("job", "ipset s", "user", "sys", "MiB", "wiset s", "user", "sys", "MiB", "ratio", "target", ""))
    print("%-26s %s" % ("", "(wiset column of the floor row: /bin/true; user/sys: wiset's user CPU over its kernel CPU)"))
    for j in jobs:
        if j is None or (a.only and a.only not in j.name):
            continue
        if j.name == "list -sorted 100k" and a.runs > 1:
            runs = 1  # ipset takes minutes here
        else:
            runs = a.runs
        r = measure(j, runs)
        i, w = r["ipset"], r["wiset"]
        ratio = w[0] / i[0] if i[0] else float("nan")
        ok = "ok" if j.target is None or ratio <= j.target else "MISSED"
        if j.target is None:
            ok = ""
        if j.cpu_target is not None:
            share = w[1] / w[2] if w[2] else float("nan")
            ok += "; user/sys %.3f (target %s) %s" % (share, j.cpu_target, "ok" if share <= j.cpu_target else "MISSED")
        print("%-26s %9.3f %9.3f %7.3f %7.1f | %9.3f %9.3f %7.3f %7.1f | %6.3f %6s %s" % (
            j.name, i[0], i[1], i[2], i[3] / 1024, w[0], w[1], w[2], w[3] / 1024, ratio, j.target or "", ok), flush=True)
        if j.floor and w[0] > 0:
            # The kernel's work cannot take less than its system CPU spread
            # over the CPUs wiset kept busy: that is the floor.
            cpus = max(1.0, (w[1] + w[2]) / w[0])
            floor = w[2] / cpus
            print("%-26s kernel floor %.3f s (sys %.3f s over %.2f CPUs): wiset at %.2fx the floor" % (
                "", floor, w[2], cpus, w[0] / floor if floor else float("nan")), flush=True)


if __name__ == "__main__":
    main()
