//! The text of `wiset help` and `wiset help TYPE`: ipset 7.17's help,
//! byte for byte (its typos and trailing spaces included), with only the
//! program name in the first two lines replaced. The commands' lines are
//! `command_table`'s.

use wiset::set::{FamilyKind, SetType};
use wiset::text::icmp_codenames;

use super::command_table::COMMANDS;

/// The version of ipset whose behaviour (and help) wiset copies.
const IPSET_VERSION: &str = "7.17";

/// The global options: flag, argument, description lines (indented as ipset
/// indents them, which is not always the same).
const OPTIONS: &[(&str, &str, &[&str])] = &[
    (
        "-o",
        "plain|save|xml",
        &[
            "       Specify output mode for listing sets.",
            "       Default value for \"list\" command is mode \"plain\"",
            "       and for \"save\" command is mode \"save\".",
        ],
    ),
    (
        "-s",
        "",
        &["        Print elements sorted (if supported by the set type)."],
    ),
    (
        "-q",
        "",
        &["        Suppress any notice or warning message."],
    ),
    (
        "-r",
        "",
        &["        Try to resolve IP addresses in the output (slow!)"],
    ),
    (
        "-!",
        "",
        &[
            "        Ignore errors when creating or adding sets or",
            "        elements that do exist or when deleting elements",
            "        that don't exist.",
        ],
    ),
    (
        "-n",
        "",
        &[
            "        When listing, just list setnames from the kernel.",
            "",
        ],
    ),
    (
        "-t",
        "",
        &[
            "        When listing, list setnames and set headers",
            "        from kernel only.",
        ],
    ),
    (
        "-f",
        "",
        &[
            "        Read from the given file instead of standard",
            "        input (restore) or write to given file instead",
            "        of standard output (list/save).",
        ],
    ),
];

/// wiset's commands and options beyond ipset's, for `wiset help`.
const OWN: &str = "\
wiset's own commands (`wiset help COMMAND` shows each, with its options):
  replace SETNAME [FILE]       Make a set hold exactly FILE's entries, atomically
                               (guards for empty and truncated feeds, --diff in place)
  restore --atomic             Apply a save file all or nothing
  restore --check [--atomic]   Answer every line as the kernel would; change nothing
  find ADDRESS [SETNAME...]    Which sets hold an address, and the entries that cover it
  alter SETNAME OPTION...      Change a live set's create options, keeping its entries
  info                         The kernel's protocol and set types beside wiset's
  metrics [SETNAME...]         The sets in Prometheus text exposition
  translate [SETNAME...]       The sets (or -f FILE's) as one script nft -f loads
  ipset-translate restore      ipset 7.17's ipset-translate, line for line

wiset's own options:
  -o table|json                Tables (on a terminal, the default) or JSON for list
  --netns NAME                 Work inside the network namespace /run/netns/NAME
  --wait SECONDS               destroy, rename, swap: retry while a set is in use

ipset's commands and options, which wiset takes as ipset does:

";

/// "Supported set types:": each type with the descriptions of all its
/// revisions ([`SetType::revisions`]), newest first, in ipset's order.
const REVISIONS: &[(SetType, &[&str])] = &[
    (
        SetType::ListSet,
        &[
            "skbinfo support",
            "comment support",
            "counters support",
            "Initial revision",
        ],
    ),
    (
        SetType::HashMac,
        &["bucketsize, initval support", "Initial revision"],
    ),
    (
        SetType::HashIpMac,
        &["bucketsize, initval support", "Initial revision"],
    ),
    (
        SetType::HashNetIface,
        &[
            "bucketsize, initval support",
            "skbinfo and wildcard support",
            "skbinfo support",
            "forceadd support",
            "comment support",
            "counters support",
            "/0 network support",
            "nomatch flag support",
            "Initial revision",
        ],
    ),
    (
        SetType::HashNetPort,
        &[
            "bucketsize, initval support",
            "skbinfo support",
            "forceadd support",
            "comment support",
            "counters support",
            "nomatch flag support",
            "Add/del range support",
            "SCTP and UDPLITE support",
        ],
    ),
    (
        SetType::HashNetPortNet,
        &[
            "bucketsize, initval support",
            "skbinfo support",
            "forceadd support",
            "initial revision",
        ],
    ),
    (
        SetType::HashNetNet,
        &[
            "netmask and bitmask support",
            "bucketsize, initval support",
            "skbinfo support",
            "forceadd support",
            "initial revision",
        ],
    ),
    (
        SetType::HashNet,
        &[
            "bucketsize, initval support",
            "skbinfo support",
            "forceadd support",
            "comment support",
            "counters support",
            "nomatch flag support",
            "Add/del range support",
            "Initial revision",
        ],
    ),
    (
        SetType::HashIpPortNet,
        &[
            "bucketsize, initval support",
            "skbinfo support",
            "forceadd support",
            "comment support",
            "counters support",
            "nomatch flag support",
            "Add/del range support",
            "SCTP and UDPLITE support",
        ],
    ),
    (
        SetType::HashIpPortIp,
        &[
            "bucketsize, initval support",
            "skbinfo support",
            "forceadd support",
            "comment support",
            "counters support",
            "SCTP and UDPLITE support",
        ],
    ),
    (
        SetType::HashIpMark,
        &[
            "bucketsize, initval support",
            "skbinfo support",
            "forceadd support",
            "initial revision",
        ],
    ),
    (
        SetType::HashIpPort,
        &[
            "netmask and bitmask support",
            "bucketsize, initval support",
            "skbinfo support",
            "forceadd support",
            "comment support",
            "counters support",
            "SCTP and UDPLITE support",
        ],
    ),
    (
        SetType::HashIp,
        &[
            "bitmask support",
            "bucketsize, initval support",
            "skbinfo support",
            "forceadd support",
            "comment support",
            "counters support",
            "Initial revision",
        ],
    ),
    (
        SetType::BitmapPort,
        &[
            "skbinfo support",
            "comment support",
            "counters support",
            "Initial revision",
        ],
    ),
    (
        SetType::BitmapIpMac,
        &[
            "skbinfo support",
            "comment support",
            "counters support",
            "Initial revision",
        ],
    ),
    (
        SetType::BitmapIp,
        &[
            "skbinfo support",
            "comment support",
            "counters support",
            "Initial revision",
        ],
    ),
];

// Building blocks of the type specific option lists.
const FAMILY: &[&str] = &["[family inet|inet6]|[-4|-6]"];
const HASH_SIZE: &[&str] = &["[hashsize VALUE]", "[maxelem VALUE]"];
const HASH_EXT: &[&str] = &[
    "[timeout VALUE]",
    "[counters]",
    "[comment]",
    "[forceadd]",
    "[skbinfo]",
    "[bucketsize VALUE]",
    "[initval VALUE]",
];
const BITMAP_EXT: &[&str] = &["[timeout VALUE]", "[counters]", "[comment]", "[skbinfo]"];
const TIMEOUT: &[&str] = &["[timeout VALUE]"];
const NOMATCH: &[&str] = &["[nomatch]"];
const ADD_EXT: &[&str] = &[
    "[packets VALUE]",
    "[bytes VALUE]",
    "[comment \"string\"]",
    "[skbmark VALUE]",
    "[skbprio VALUE]",
    "[skbqueue VALUE]",
];

/// The help block of one set type.
struct TypeHelp {
    /// After `create SETNAME TYPE ` (ipset prints the space even when empty).
    create_args: &'static str,
    create: &'static [&'static [&'static str]],
    add_elem: &'static str,
    add: &'static [&'static [&'static str]],
    del_elem: &'static str,
    del: &'static [&'static str],
    test_elem: &'static str,
    test: &'static [&'static str],
    usage: &'static [&'static str],
    /// Whether the usage goes on with the `[PROTO:]PORT` patterns.
    ports: bool,
}

const PORT_PATTERNS: &[&str] = &[
    "      [PROTO:]PORT is a valid pattern of the following:",
    "           PORTNAME         TCP port name from /etc/services",
    "           PORTNUMBER       TCP port number identifier",
    "           tcp|sctp|udp|udplite:PORTNAME|PORTNUMBER",
    "           icmp:CODENAME    supported ICMP codename",
    "           icmp:TYPE/CODE   ICMP type/code value",
    "           icmpv6:CODENAME  supported ICMPv6 codename",
    "           icmpv6:TYPE/CODE ICMPv6 type/code value",
    "           PROTO:0          all other protocols",
    "",
];

const BITMAP_IPV4_USAGE: &[&str] = &[
    "where IP, FROM and TO are IPv4 addresses (or hostnames),",
    "      CIDR is a valid IPv4 CIDR prefix.",
];

fn type_help(t: SetType) -> TypeHelp {
    use SetType::*;
    const ADD: &[&[&str]] = &[TIMEOUT, ADD_EXT];
    const ADD_NOMATCH: &[&[&str]] = &[TIMEOUT, NOMATCH, ADD_EXT];
    const HASH_CREATE: &[&[&str]] = &[FAMILY, HASH_SIZE, HASH_EXT];
    let hash = |elem: &'static str, usage: &'static [&'static str]| TypeHelp {
        create_args: "",
        create: HASH_CREATE,
        add_elem: elem,
        add: ADD,
        del_elem: elem,
        del: &[],
        test_elem: elem,
        test: &[],
        usage,
        ports: false,
    };
    match t {
        BitmapIp => TypeHelp {
            create_args: "range IP/CIDR|FROM-TO",
            create: &[&["[netmask CIDR]"], BITMAP_EXT],
            add_elem: "IP|IP/CIDR|FROM-TO",
            add: ADD,
            del_elem: "IP|IP/CIDR|FROM-TO",
            del: &[],
            test_elem: "IP",
            test: &[],
            usage: BITMAP_IPV4_USAGE,
            ports: false,
        },
        BitmapIpMac => TypeHelp {
            create_args: "range IP/CIDR|FROM-TO",
            create: &[BITMAP_EXT],
            add_elem: "IP[,MAC]",
            add: ADD,
            del_elem: "IP[,MAC]",
            del: &[],
            test_elem: "IP[,MAC]",
            test: &[],
            usage: &[
                "where IP, FROM and TO are IPv4 addresses (or hostnames),",
                "      CIDR is a valid IPv4 CIDR prefix.",
                "      MAC is a valid MAC address.",
            ],
            ports: false,
        },
        BitmapPort => TypeHelp {
            create_args: "range [PROTO:]FROM-TO",
            create: &[BITMAP_EXT],
            add_elem: "[PROTO:]PORT|FROM-TO",
            add: ADD,
            del_elem: "[PROTO:]PORT|FROM-TO",
            del: &[],
            test_elem: "[PROTO:]PORT",
            test: &[],
            usage: &[
                "where PORT, FROM and TO are port numbers or port names from /etc/services.",
                "      PROTO is only needed if a service name is used and it does not exist",
                "      as a TCP service; just the resolved service numer is stored in the set.",
            ],
            ports: false,
        },
        HashIp => TypeHelp {
            create: &[
                FAMILY,
                HASH_SIZE,
                &["[netmask CIDR]", "[bitmask bitmask]"],
                HASH_EXT,
            ],
            ..hash(
                "IP",
                &[
                    "where depending on the INET family",
                    "      IP is a valid IPv4 or IPv6 address (or hostname),",
                    "      CIDR is a valid IPv4 or IPv6 CIDR prefix.",
                    "      Adding/deleting multiple elements in IP/CIDR or FROM-TO form",
                    "      is supported for IPv4.",
                ],
            )
        },
        HashMac => TypeHelp {
            create: &[HASH_SIZE, HASH_EXT],
            ..hash("MAC", &[""])
        },
        HashIpMac => hash(
            "IP,MAC",
            &[
                "where depending on the INET family",
                "      IP is a valid IPv4 or IPv6 address (or hostname),",
                "      MAC is a MAC address.",
            ],
        ),
        HashIpMark => TypeHelp {
            create: &[FAMILY, &["markmask VALUE"], HASH_SIZE, HASH_EXT],
            ..hash(
                "IP,MARK",
                &[
                    "where depending on the INET family",
                    "      IP is a valid IPv4 or IPv6 address (or hostname).",
                    "      Adding/deleting multiple elements in IP/CIDR or FROM-TO form",
                    "      is supported for IPv4.",
                    "      Adding/deleting single mark element",
                    "      is supported both for IPv4 and IPv6.",
                ],
            )
        },
        HashIpPort => TypeHelp {
            create: &[
                FAMILY,
                HASH_SIZE,
                HASH_EXT,
                &["[netmask CIDR]", "[bitmask bitmask]"],
            ],
            ports: true,
            ..hash(
                "IP,[PROTO:]PORT",
                &[
                    "where depending on the INET family",
                    "      IP is a valid IPv4 or IPv6 address (or hostname).",
                    "      Adding/deleting multiple elements in IP/CIDR or FROM-TO form",
                    "      is supported for IPv4.",
                    "      Adding/deleting multiple elements with TCP/SCTP/UDP/UDPLITE",
                    "      port range is supported both for IPv4 and IPv6.",
                ],
            )
        },
        HashIpPortIp => TypeHelp {
            ports: true,
            ..hash(
                "IP,[PROTO:]PORT,IP",
                &[
                    "where depending on the INET family",
                    "      IP is a valid IPv4 or IPv6 address (or hostname).",
                    "      Adding/deleting multiple elements in IP/CIDR or FROM-TO form",
                    "      in the first IP component is supported for IPv4.",
                    "      Adding/deleting multiple elements with TCP/SCTP/UDP/UDPLITE",
                    "      port range is supported both for IPv4 and IPv6.",
                ],
            )
        },
        HashIpPortNet => TypeHelp {
            add: ADD_NOMATCH,
            test: NOMATCH,
            ports: true,
            ..hash(
                "IP,[PROTO:]PORT,IP[/CIDR]",
                &[
                    "where depending on the INET family",
                    "      IP are valid IPv4 or IPv6 addresses (or hostnames),",
                    "      CIDR is a valid IPv4 or IPv6 CIDR prefix.",
                    "      Adding/deleting multiple elements in IP/CIDR or FROM-TO form",
                    "      in the first IP component is supported for IPv4.",
                    "      Adding/deleting multiple elements with TCP/SCTP/UDP/UDPLITE",
                    "      port range is supported both for IPv4 and IPv6.",
                ],
            )
        },
        HashNet => TypeHelp {
            add: ADD_NOMATCH,
            test: NOMATCH,
            ..hash(
                "IP[/CIDR]",
                &[
                    "where depending on the INET family",
                    "      IP is an IPv4 or IPv6 address (or hostname),",
                    "      CIDR is a valid IPv4 or IPv6 CIDR prefix.",
                ],
            )
        },
        HashNetNet => TypeHelp {
            create: &[
                FAMILY,
                HASH_SIZE,
                HASH_EXT,
                &["[bitmask bitmask]", "[netmask CIDR]"],
            ],
            add: ADD_NOMATCH,
            test_elem: "IP[/CIDR],IP[/CIDR]",
            test: NOMATCH,
            ..hash(
                "IP[/CIDR]|FROM-TO,IP[/CIDR]|FROM-TO",
                &[
                    "where depending on the INET family",
                    "      IP is an IPv4 or IPv6 address (or hostname),",
                    "      CIDR is a valid IPv4 or IPv6 CIDR prefix.",
                    "      IP range is not supported with IPv6.",
                ],
            )
        },
        HashNetPort => TypeHelp {
            add: ADD_NOMATCH,
            test_elem: "IP[/CIDR],[PROTO:]PORT",
            test: NOMATCH,
            ports: true,
            ..hash(
                "IP[/CIDR]|FROM-TO,[PROTO:]PORT",
                &[
                    "where depending on the INET family",
                    "      IP is a valid IPv4 or IPv6 address (or hostname),",
                    "      CIDR is a valid IPv4 or IPv6 CIDR prefix.",
                    "      Adding/deleting multiple elements with TCP/SCTP/UDP/UDPLITE",
                    "      port range is supported both for IPv4 and IPv6.",
                ],
            )
        },
        HashNetPortNet => TypeHelp {
            add: ADD_NOMATCH,
            test: NOMATCH,
            ports: true,
            ..hash(
                "IP[/CIDR],[PROTO:]PORT,IP[/CIDR]",
                &[
                    "where depending on the INET family",
                    "      IP are valid IPv4 or IPv6 addresses (or hostnames),",
                    "      CIDR is a valid IPv4 or IPv6 CIDR prefix.",
                    "      Adding/deleting multiple elements in IP/CIDR or FROM-TO form",
                    "      in both IP components are supported for IPv4.",
                    "      Adding/deleting multiple elements with TCP/SCTP/UDP/UDPLITE",
                    "      port range is supported both for IPv4 and IPv6.",
                ],
            )
        },
        HashNetIface => TypeHelp {
            add: &[TIMEOUT, NOMATCH, &["[wildcard]"], ADD_EXT],
            test_elem: "IP[/CIDR],[physdev:]IFACE",
            test: NOMATCH,
            ..hash(
                "IP[/CIDR]|FROM-TO,[physdev:]IFACE",
                &[
                    "where depending on the INET family",
                    "      IP is a valid IPv4 or IPv6 address (or hostname),",
                    "      CIDR is a valid IPv4 or IPv6 CIDR prefix.",
                    "      Adding/deleting multiple elements with IPv4 is supported.",
                ],
            )
        },
        ListSet => TypeHelp {
            create_args: "",
            create: &[&["[size VALUE]"], BITMAP_EXT],
            add_elem: "NAME [before|after NAME]",
            add: &[TIMEOUT, &["[before|after NAME]"], ADD_EXT],
            del_elem: "NAME [before|after NAME]",
            del: &["[before|after NAME]"],
            test_elem: "NAME [before|after NAME]",
            test: &["[before|after NAME]"],
            usage: &["where NAME are existing set names."],
            ports: false,
        },
    }
}

/// The option lines under a command line of a type block.
fn push_options(out: &mut String, lines: &[&str]) {
    for line in lines {
        out.push_str("               ");
        out.push_str(line);
        out.push('\n');
    }
}

/// The commands and options, as printed before the set types (and alone,
/// before the error, for an unknown type).
pub fn usage(prog: &str) -> String {
    // Installed as `ipset`, the text is ipset's own; as wiset, it names wiset.
    let version = if prog == "ipset" {
        IPSET_VERSION
    } else {
        env!("CARGO_PKG_VERSION")
    };
    let mut out = format!("{prog} v{version}\n\nUsage: {prog} [options] COMMAND\n\nCommands:\n");
    for spec in COMMANDS {
        if let Some((args, help)) = spec.help {
            out.push_str(&format!("{} {args}\n        {help}\n", spec.name));
        }
    }
    out.push_str("\nOptions:\n");
    for (flag, arg, lines) in OPTIONS {
        out.push_str(&format!("{flag} {arg}\n"));
        for line in *lines {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `help`: the usage and every supported set type with all its revisions.
pub fn general(prog: &str) -> String {
    let mut out = usage(prog);
    // As wiset, its own commands and options come first, after the title.
    if prog != "ipset"
        && let Some(end) = out.find("\n\n")
    {
        out.insert_str(end + 2, OWN);
    }
    out.push_str("\nSupported set types:\n");
    for (t, descriptions) in REVISIONS {
        let (name, top) = (t.name(), *t.revisions().end());
        // ipset's "%s\t%s%u\t%s": an extra tab for names shorter than 12.
        let pad = if name.len() < 12 { "\t" } else { "" };
        for (i, description) in descriptions.iter().enumerate() {
            let revision = usize::from(top) - i;
            out.push_str(&format!("    {name}\t{pad}{revision}\t{description}\n"));
        }
    }
    out
}

/// The create arguments and the add element syntax of `t`, as its help
/// prints them (`range IP/CIDR|FROM-TO`, `IP|IP/CIDR|FROM-TO`).
pub fn syntax(t: SetType) -> (&'static str, &'static str) {
    let h = type_help(t);
    (h.create_args, h.add_elem)
}

/// What each revision of `t` adds, newest first (ipset's descriptions).
pub fn revision_notes(t: SetType) -> &'static [&'static str] {
    REVISIONS
        .iter()
        .find(|(r, _)| *r == t)
        .map_or(&[], |(_, notes)| *notes)
}

/// `help TYPE`: the usage and the type's options, element syntax and family.
pub fn for_type(prog: &str, t: SetType) -> String {
    let h = type_help(t);
    let name = t.name();
    let mut out = usage(prog);
    out.push_str(&format!("\n{name} type specific options:\n\n"));
    out.push_str(&format!("create SETNAME {name} {}\n", h.create_args));
    push_options(&mut out, &h.create.concat());
    out.push_str(&format!("add    SETNAME {name} {}\n", h.add_elem));
    push_options(&mut out, &h.add.concat());
    out.push_str(&format!("del    SETNAME {name} {}\n", h.del_elem));
    push_options(&mut out, h.del);
    out.push_str(&format!("test   SETNAME {name} {}\n", h.test_elem));
    push_options(&mut out, h.test);
    out.push('\n');
    for line in h.usage {
        out.push_str(line);
        out.push('\n');
    }
    if h.ports {
        for line in PORT_PATTERNS {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("           Supported ICMP codenames:\n");
        for code in icmp_codenames(false) {
            out.push_str(&format!("               {code}\n"));
        }
        out.push_str("           Supported ICMPv6 codenames:\n");
        for code in icmp_codenames(true) {
            out.push_str(&format!("               {code}\n"));
        }
    }
    out.push('\n');
    out.push_str(&match t.family_kind() {
        FamilyKind::Both => format!("Type {name} supports inet and inet6.\n"),
        FamilyKind::Neutral => format!("Type {name} is family neutral.\n"),
        FamilyKind::InetOnly => format!("Type {name} supports family inet only.\n"),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_one_description_per_revision() {
        for t in SetType::ALL {
            let rows: Vec<_> = REVISIONS.iter().filter(|(r, _)| *r == t).collect();
            assert_eq!(rows.len(), 1, "{}", t.name());
            let revisions = t.revisions();
            let count = usize::from(revisions.end() - revisions.start()) + 1;
            assert_eq!(rows[0].1.len(), count, "{}", t.name());
        }
    }
}
