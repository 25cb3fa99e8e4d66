//! The ipset 7.17 captures, embedded at compile time.

macro_rules! captures {
    ($($name:ident),* $(,)?) => {
        /// Every capture file: (name without `.txt`, contents).
        pub(super) const CAPTURES: &[(&str, &str)] = &[
            $((stringify!($name), include_str!(concat!("captures/", stringify!($name), ".txt"))),)*
        ];

        /// One byte round-trip test per capture file: every ipset message, both
        /// directions, and every request echoed in an NLMSG_ERROR.
        mod roundtrip {
            $(
                #[test]
                fn $name() {
                    super::super::fixture::assert_roundtrip(stringify!($name));
                }
            )*
        }

        /// One robustness test per capture file: truncations and mutations of
        /// every ipset payload never make the parser panic.
        mod robustness {
            $(
                #[test]
                fn $name() {
                    super::super::robust::assert_robust(stringify!($name));
                }
            )*
        }
    };
}

captures!(
    add,
    add_bitmap_ip,
    add_bitmap_ip_mac,
    add_bitmap_ip_netmask,
    add_bitmap_port,
    add_bitmap_port_range,
    add_exist,
    add_hash_ip,
    add_hash_ip_bitmask,
    add_hash_ip_cidr,
    add_hash_ip_port,
    add_hash_ip_port_icmp,
    add_hash_ip_port_ip,
    add_hash_ip_port_net,
    add_hash_ip_port_range,
    add_hash_ip_port_udp,
    add_hash_ip_port_v6,
    add_hash_ip_port_v6_icmp,
    add_hash_ip_range,
    add_hash_ip_v6,
    add_hash_net,
    add_hash_net_iface_any,
    add_hash_net_iface_physdev,
    add_hash_net_iface_wildcard,
    add_hash_net_nomatch,
    add_hash_net_port,
    add_hash_net_range,
    add_hash_net_v6,
    add_list_set,
    add_list_set_after,
    add_list_set_before,
    create_bitmap_ip,
    create_bitmap_ip_mac,
    create_bitmap_ip_netmask,
    create_bitmap_port,
    create_exist,
    create_hash_ip,
    create_hash_ip_bitmask,
    create_hash_ip_opts,
    create_hash_ip_port,
    create_hash_ip_port_ip,
    create_hash_ip_port_net,
    create_hash_ip_port_v6,
    create_hash_ip_v6,
    create_hash_net,
    create_hash_net_iface,
    create_hash_net_port,
    create_hash_net_v6,
    create_list_set,
    del,
    destroy_all,
    destroy_name,
    err_add_enoent,
    err_create_eexist,
    err_create_hash_mac,
    flush_all,
    flush_name,
    list_all,
    list_bitmap_ip,
    list_bitmap_ip_mac,
    list_bitmap_ip_netmask,
    list_bitmap_port,
    list_hash_ip,
    list_hash_ip_bitmask,
    list_hash_ip_dump,
    list_hash_ip_port,
    list_hash_ip_port_ip,
    list_hash_ip_port_net,
    list_hash_ip_port_v6,
    list_hash_ip_v6,
    list_hash_net,
    list_hash_net_iface,
    list_hash_net_port,
    list_hash_net_v6,
    list_list_set,
    list_name,
    list_names,
    list_terse_name,
    rename,
    restore_add3,
    restore_dup,
    save_name,
    swap,
    test_hit,
    test_miss,
    unsupported_create_hash_ip_mac,
    unsupported_create_hash_ip_mark,
    unsupported_create_hash_mac,
    unsupported_create_hash_net_net,
    unsupported_create_hash_net_port_net,
    version,
);
