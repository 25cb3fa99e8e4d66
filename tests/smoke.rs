mod support;

use support::netns;

#[test]
fn create_list_destroy_in_a_private_namespace() {
    let Some(ns) = netns() else { return };
    ns.ok(&["create", "s", "hash:ip", "timeout", "0", "counters"]);
    let out = ns.ok(&["list", "s"]);
    assert!(
        out.starts_with("Name: s\nType: hash:ip\nRevision: 6\n"),
        "{out}"
    );
    assert!(out.contains("Header: family inet hashsize 1024 maxelem 65536 timeout 0 counters bucketsize 12 initval 0x"), "{out}");
    ns.ok(&["destroy", "s"]);
    assert_eq!(ns.ok(&["list"]), "");
}
