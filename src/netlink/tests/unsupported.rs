//! The five set types this kernel lacks (hash:mac, hash:ip,mac, hash:ip,mark,
//! hash:net,net, hash:net,port,net). ipset got no further than the TYPE query
//! (captured, answered with -IPSET_ERR_FIND_TYPE), so their CREATE and ADD
//! bytes below are written by hand from the encoding rules libipset follows:
//! attributes in ascending number (CADT LINENO last), u16/u32/u64 big-endian
//! with NLA_F_NET_BYTEORDER (0x4000), u8 without flag, strings NUL-terminated
//! and zero-padded to 4, nests with NLA_F_NESTED (0x8000), addresses as
//! IP{IPADDR_IPV4|0x4000}. nlattr headers are host order (little-endian here).
//! REVISION is libipset's highest revision of the type.

use super::fixture::{Dir, assert_bytes, assert_codec, emit, errors, ip, message, request, unhex};
use crate::netlink::{
    CreateAttr as C, EntryAttr as E, IpsetAttr as A, IpsetCommand as Cmd, IpsetMessage,
};

const MAC: [u8; 6] = [0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff];

/// The value emits exactly `hex`, and `hex` parses to the value.
fn assert_hand_built(command: Cmd, hex: &str, value: &IpsetMessage) {
    let bytes = unhex(hex);
    assert_bytes(&emit(value), &bytes, &format!("hand-built {command:?}"));
    let message_type = 6 << 8 | u16::from(u8::from(command));
    assert_eq!(
        &IpsetMessage::parse(message_type, &bytes).expect("parse"),
        value
    );
}

fn create(set: &str, typ: &str, revision: u8, family: u8, data: Vec<C>) -> IpsetMessage {
    request(
        Cmd::Create,
        vec![
            A::SetName(set.into()),
            A::TypeName(typ.into()),
            A::Revision(revision),
            A::Family(family),
            A::CreateData(data),
        ],
    )
}

fn add(set: &str, data: Vec<E>) -> IpsetMessage {
    request(Cmd::Add, vec![A::SetName(set.into()), A::EntryData(data)])
}

/// The captured TYPE query and its -IPSET_ERR_FIND_TYPE (echo included).
fn assert_type_not_found(capture: &'static str, typ: &str, family: u8) {
    let query = request(Cmd::Type, vec![A::TypeName(typ.into()), A::Family(family)]);
    assert_codec(&message(capture, Dir::Sent, Cmd::Type), &query);
    let errs = errors(capture);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, -4098);
    assert_codec(errs[0].1.as_ref().expect("full echo"), &query);
}

/// `ipset create m hash:mac hashsize 64 timeout 0` (FAMILY 0: hash:mac is family-less)
/// `ipset add m aa:bb:cc:dd:ee:ff`
#[test]
fn hash_mac() {
    assert_type_not_found("unsupported_create_hash_mac", "hash:mac", 0);
    assert_hand_built(
        Cmd::Create,
        "02000000
         0500 0100 07000000
         0600 0200 6d000000
         0d00 0300 686173683a6d6163 00000000
         0500 0400 01000000
         0500 0500 00000000
         1400 0780
            0800 0640 00000000
            0800 1240 00000040",
        &create("m", "hash:mac", 1, 0, vec![C::Timeout(0), C::HashSize(64)]),
    );
    assert_hand_built(
        Cmd::Add,
        "02000000
         0500 0100 07000000
         0600 0200 6d000000
         1800 0780
            0a00 1100 aabbccddeeff 0000
            0800 0940 00000000",
        &add("m", vec![E::Ether(MAC), E::LineNo(0)]),
    );
}

/// `ipset create im hash:ip,mac maxelem 100 counters`
/// `ipset add im 1.1.1.1,aa:bb:cc:dd:ee:ff`
#[test]
fn hash_ip_mac() {
    assert_type_not_found("unsupported_create_hash_ip_mac", "hash:ip,mac", 2);
    assert_hand_built(
        Cmd::Create,
        "02000000
         0500 0100 07000000
         0700 0200 696d0000
         1000 0300 686173683a69702c6d616300
         0500 0400 01000000
         0500 0500 02000000
         1400 0780
            0800 0840 00000008
            0800 1340 00000064",
        &create(
            "im",
            "hash:ip,mac",
            1,
            2,
            vec![C::CadtFlags(0x8), C::MaxElem(100)],
        ),
    );
    assert_hand_built(
        Cmd::Add,
        "02000000
         0500 0100 07000000
         0700 0200 696d0000
         2400 0780
            0c00 0180 0800 0140 01010101
            0a00 1100 aabbccddeeff 0000
            0800 0940 00000000",
        &add(
            "im",
            vec![E::Ip(ip("1.1.1.1")), E::Ether(MAC), E::LineNo(0)],
        ),
    );
}

/// `ipset create mk hash:ip,mark markmask 0xffff0000`
/// `ipset add mk 1.1.1.1,0x10`
#[test]
fn hash_ip_mark() {
    assert_type_not_found("unsupported_create_hash_ip_mark", "hash:ip,mark", 2);
    assert_hand_built(
        Cmd::Create,
        "02000000
         0500 0100 07000000
         0700 0200 6d6b0000
         1100 0300 686173683a69702c6d61726b 00000000
         0500 0400 03000000
         0500 0500 02000000
         0c00 0780
            0800 0b40 ffff0000",
        &create("mk", "hash:ip,mark", 3, 2, vec![C::MarkMask(0xffff_0000)]),
    );
    assert_hand_built(
        Cmd::Add,
        "02000000
         0500 0100 07000000
         0700 0200 6d6b0000
         2000 0780
            0c00 0180 0800 0140 01010101
            0800 0a40 00000010
            0800 0940 00000000",
        &add(
            "mk",
            vec![E::Ip(ip("1.1.1.1")), E::Mark(0x10), E::LineNo(0)],
        ),
    );
}

/// `ipset create nn hash:net,net timeout 0`
/// `ipset add nn 1.0.0.0/8,2.0.0.0/16`
#[test]
fn hash_net_net() {
    assert_type_not_found("unsupported_create_hash_net_net", "hash:net,net", 2);
    assert_hand_built(
        Cmd::Create,
        "02000000
         0500 0100 07000000
         0700 0200 6e6e0000
         1100 0300 686173683a6e65742c6e6574 00000000
         0500 0400 04000000
         0500 0500 02000000
         0c00 0780
            0800 0640 00000000",
        &create("nn", "hash:net,net", 4, 2, vec![C::Timeout(0)]),
    );
    assert_hand_built(
        Cmd::Add,
        "02000000
         0500 0100 07000000
         0700 0200 6e6e0000
         3400 0780
            0c00 0180 0800 0140 01000000
            0500 0300 08000000
            0c00 1480 0800 0140 02000000
            0500 1500 10000000
            0800 0940 00000000",
        &add(
            "nn",
            vec![
                E::Ip(ip("1.0.0.0")),
                E::Cidr(8),
                E::Ip2(ip("2.0.0.0")),
                E::Cidr2(16),
                E::LineNo(0),
            ],
        ),
    );
}

/// `ipset create npn hash:net,port,net hashsize 128`
/// `ipset add npn 1.0.0.0/8,tcp:80,2.0.0.0/16`
#[test]
fn hash_net_port_net() {
    assert_type_not_found(
        "unsupported_create_hash_net_port_net",
        "hash:net,port,net",
        2,
    );
    assert_hand_built(
        Cmd::Create,
        "02000000
         0500 0100 07000000
         0800 0200 6e706e00
         1600 0300 686173683a6e65742c706f72742c6e6574 000000
         0500 0400 03000000
         0500 0500 02000000
         0c00 0780
            0800 1240 00000080",
        &create("npn", "hash:net,port,net", 3, 2, vec![C::HashSize(128)]),
    );
    assert_hand_built(
        Cmd::Add,
        "02000000
         0500 0100 07000000
         0800 0200 6e706e00
         4400 0780
            0c00 0180 0800 0140 01000000
            0500 0300 08000000
            0600 0440 0050 0000
            0500 0700 06000000
            0c00 1480 0800 0140 02000000
            0500 1500 10000000
            0800 0940 00000000",
        &add(
            "npn",
            vec![
                E::Ip(ip("1.0.0.0")),
                E::Cidr(8),
                E::Port(80),
                E::Proto(6),
                E::Ip2(ip("2.0.0.0")),
                E::Cidr2(16),
                E::LineNo(0),
            ],
        ),
    );
}

/// The kernel reports a hash:ip,mark set's MARKMASK with `nla_put_u32`: host
/// order, no NET_BYTEORDER flag (`ip_set_hash_gen.h`). It parses to the right
/// value; re-emitted it comes out flagged and big-endian, as ipset sends it.
#[test]
fn hash_ip_mark_header_markmask_in_host_order() {
    let kernel = unhex("0c00 0780 0800 0b00 0000ffff");
    let mut payload = unhex("02000000");
    payload.extend(&kernel);
    let m = IpsetMessage::parse(6 << 8 | 7, &payload).expect("parse");
    assert_eq!(
        m,
        IpsetMessage::new(
            Cmd::List,
            vec![A::CreateData(vec![C::MarkMask(0xffff_0000)])]
        )
    );
    assert_bytes(
        &emit(&m)[4..],
        &unhex("0c00 0780 0800 0b40 ffff0000"),
        "re-emitted MARKMASK",
    );
}
