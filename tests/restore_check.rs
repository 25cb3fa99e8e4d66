//! `restore --check`: each input answered as the kernel would, nothing
//! changed. The oracle is ipset(8) itself: for every input, the first bad
//! line and its message are those `ipset restore` stops at, in a namespace
//! set up the same way. (`test` lines are checked for their set and entry,
//! not run: whether an entry is in a set the check does not know.)

mod support;

use support::{Netns, ipset_script, iptables_rule, netns, normalize_stderr};

const SETUP: &str = "\
create s hash:ip
create t hash:ip timeout 10 counters
create n hash:net comment
create l list:set size 2
add l s
create bm bitmap:ip range 10.0.0.0/24
create bmk hash:ip bitmask 255.255.255.0
";

fn setup() -> Option<Netns> {
    let ns = netns()?;
    ipset_script(&ns, SETUP);
    // A rule holds t (where iptables can run here; in CI it must).
    iptables_rule(&ns, "t");
    Some(ns)
}

#[test]
fn check_answers_as_ipset_restore_and_changes_nothing() {
    let Some(ours) = setup() else { return };
    // Each input, with and without -exist; ipset restore runs it for real
    // in a fresh namespace each time.
    let inputs = [
        // Good inputs.
        "create u hash:ip\nadd u 1.1.1.1\nadd s 2.2.2.2\ndel s 2.2.2.2\n",
        "add t 1.2.3.4 timeout 5 packets 1 bytes 2\nadd n 10.0.0.0/8 comment \"x\"\n",
        "create u hash:ip\nrename u v\nswap v s\ndestroy v\n",
        "flush l\ndestroy s\ncreate s hash:net\n",
        "add l t\ndel l s\nadd l n before t\n",
        "destroy\ncreate s hash:mac\n",
        "create s hash:ip\n",
        "save s\nlist\n",
        "flush l\ndestroy t\n",
        "flush l\nrename t t2\n",
        "create u hash:ip timeout 10 counters\nswap u t\ndestroy u\ndestroy t\n",
        // Extensions the set lacks.
        "add s 1.2.3.4 timeout 5\n",
        "add s 1.2.3.4 packets 1 bytes 1\n",
        "add s 1.2.3.4 comment x\n",
        "add t 1.2.3.4 comment x\n",
        "add s 1.2.3.4 skbmark 1/1\n",
        // Missing sets, types the kernel lacks, families.
        "add ghost 1.2.3.4\n",
        "flush ghost\n",
        "destroy ghost\n",
        "swap s ghost\n",
        "create m hash:mac\n",
        "create m hash:net,net\n",
        "create six hash:ip family inet6\nadd six 1.2.3.4\n",
        // Definitions that clash.
        "create t hash:ip timeout 20 counters\n",
        "create t hash:ip timeout 10 counters\n",
        "create t hash:net\n",
        "create u hash:ip\ncreate u hash:ip\n",
        "rename s t\n",
        "swap s n\n",
        // list:set members.
        "add l ghost\n",
        "add l s\n",
        "add l l\n",
        "add l t before ghost\n",
        "add l t before n\n",
        "add l t after s\nadd l n\n",
        "del l t\n",
        "destroy s\n",
        "rename s s2\n",
        "flush l\nrename s s2\ndestroy s2\n",
        // list:sets hold more than their size; del by position needs the
        // neighbour; a list:set is never a member, for any command.
        "add l t\nadd l n\ncreate s2 hash:ip\nadd l s2\ncreate s3 hash:ip\nadd l s3\nadd l bm\n",
        "add l t\nadd l n\ndel l s before n\n",
        "add l t\nadd l n\ndel l s before t\n",
        "add l t\ndel l t after s\n",
        "add l t\ndel l s after t\n",
        "del l s after ghost\n",
        "del l s before t\n",
        "create l2 list:set\ndel l l2\n",
        // Swaps go by what elements hold, not by type names.
        "swap s bm\n",
        "swap s bmk\n",
        "create c hash:ip,port\nswap s c\n",
        // -exist create compares ranges, bitmasks and list sizes as stored.
        "create bm bitmap:ip range 10.0.0.0/25\n",
        "create bm bitmap:ip range 10.0.0.0-10.0.0.255\n",
        "create bmk hash:ip bitmask 255.255.0.0\n",
        "create bmk hash:ip bitmask 255.255.255.0\n",
        "create l list:set size 2\n",
        "create l list:set size 4\n",
        "create l list:set size 8\n",
        // Bitmaps hold at most 65536 elements.
        "create big bitmap:ip range 10.0.0.0/8\n",
        "create big bitmap:ip range 10.0.0.0/8 netmask 24\n",
        "create big bitmap:port range 0-65535\n",
        // Syntax, on any line.
        "create u hash:ip\nadd u nope\n",
        "add s 1.2.3.4/33\n",
        "frobnicate\n",
        "create u hash:ip bogus 1\n",
    ];
    let before = ours.state();
    let mut differ = Vec::new();
    for input in inputs {
        for exist in [false, true] {
            let Some(theirs) = setup() else { return };
            let mut args = vec!["restore", "--check"];
            let mut ipset_args = vec!["restore"];
            if exist {
                args.push("-exist");
                ipset_args.push("-exist");
            }
            let o = ours.wiset_in(&args, input);
            let want = theirs.ipset_in(&ipset_args, input);
            let (got, expected) = (
                (o.code, normalize_stderr(&o.stderr)),
                (want.code, normalize_stderr(&want.stderr)),
            );
            if got != expected {
                differ.push(format!(
                    "{input:?} exist={exist}:\n  wiset {got:?}\n  ipset {expected:?}"
                ));
            }
            assert_eq!(o.stdout, "", "{input:?}");
            assert_eq!(
                ours.state(),
                before,
                "{input:?}: --check changed the kernel"
            );
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn all_errors_names_every_bad_line() {
    let Some(ns) = setup() else { return };
    let before = ns.state();
    let input = "add s 1.1.1.1\nadd s 1.2.3.4 timeout 5\ncreate u hash:ip\nadd u nope\nadd u 2.2.2.2\nadd ghost 1.1.1.1\n";
    let o = ns.wiset_in(&["restore", "--check", "--all-errors"], input);
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(
        o.stderr,
        "wiset: Error in line 2: Timeout cannot be used: set was created without timeout support\n\
         wiset: Error in line 4: Syntax error: cannot parse nope: resolving to IPv4 address failed\n\
         wiset: Error in line 6: The set with the given name does not exist\n\
         wiset: 3 bad lines in standard input\n"
    );
    assert_eq!(ns.state(), before);
    // Without it, the first bad line alone.
    let o = ns.wiset_in(&["restore", "--check"], input);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stderr,
        "wiset: Error in line 2: Timeout cannot be used: set was created without timeout support\n"
    );
    // --all-errors belongs to --check.
    assert_eq!(ns.wiset_in(&["restore", "--all-errors"], "").code, 2);
    assert_eq!(ns.state(), before);
}
