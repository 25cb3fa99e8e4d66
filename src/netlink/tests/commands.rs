//! One test per ipset command: the captured bytes parse to a hand-built value,
//! and emitting that value gives the captured bytes back.

use super::fixture::{
    Dir, assert_bytes, assert_codec, emit, errors, ip, message, messages, request,
};
use crate::netlink::{
    CreateAttr as C, EntryAttr as E, IpsetAttr as A, IpsetCommand as Cmd, IpsetMessage,
};

fn name(s: &str) -> A {
    A::SetName(s.into())
}

fn typename(s: &str) -> A {
    A::TypeName(s.into())
}

/// `ipset version`: PROTOCOL [PROTOCOL=7] -> [PROTOCOL=7][PROTOCOL_MIN=6].
#[test]
fn protocol() {
    assert_codec(
        &message("version", Dir::Sent, Cmd::Protocol),
        &request(Cmd::Protocol, vec![]),
    );
    assert_codec(
        &message("version", Dir::Received, Cmd::Protocol),
        &request(Cmd::Protocol, vec![A::ProtocolMin(6)]),
    );
}

/// `ipset create foo hash:ip`: TYPE query and its reply (REVISION 6, REVISION_MIN 0).
#[test]
fn type_query() {
    assert_codec(
        &message("create_hash_ip", Dir::Sent, Cmd::Type),
        &request(Cmd::Type, vec![typename("hash:ip"), A::Family(2)]),
    );
    assert_codec(
        &message("create_hash_ip", Dir::Received, Cmd::Type),
        &request(
            Cmd::Type,
            vec![
                typename("hash:ip"),
                A::Family(2),
                A::Revision(6),
                A::ProtocolMin(0),
            ],
        ),
    );
}

/// `ipset create foo hash:ip`: DATA is sent even when empty (nla_len 4).
#[test]
fn create() {
    assert_codec(
        &message("create_hash_ip", Dir::Sent, Cmd::Create),
        &request(
            Cmd::Create,
            vec![
                name("foo"),
                typename("hash:ip"),
                A::Revision(6),
                A::Family(2),
                A::CreateData(vec![]),
            ],
        ),
    );
}

/// `ipset destroy foo` and `ipset destroy` (no SETNAME).
#[test]
fn destroy() {
    assert_codec(
        &message("destroy_name", Dir::Sent, Cmd::Destroy),
        &request(Cmd::Destroy, vec![name("foo")]),
    );
    assert_codec(
        &message("destroy_all", Dir::Sent, Cmd::Destroy),
        &request(Cmd::Destroy, vec![]),
    );
}

/// `ipset flush foo` and `ipset flush`.
#[test]
fn flush() {
    assert_codec(
        &message("flush_name", Dir::Sent, Cmd::Flush),
        &request(Cmd::Flush, vec![name("foo")]),
    );
    assert_codec(
        &message("flush_all", Dir::Sent, Cmd::Flush),
        &request(Cmd::Flush, vec![]),
    );
}

/// `ipset rename a b`: the new name travels as attribute 3 (SETNAME2 = TYPENAME).
#[test]
fn rename() {
    assert_codec(
        &message("rename", Dir::Sent, Cmd::Rename),
        &request(Cmd::Rename, vec![name("a"), typename("b")]),
    );
}

/// `ipset swap a b`.
#[test]
fn swap() {
    assert_codec(
        &message("swap", Dir::Sent, Cmd::Swap),
        &request(Cmd::Swap, vec![name("a"), typename("b")]),
    );
}

/// The header DATA every `list foo` / `save foo` of a fresh `hash:ip` reports.
fn hash_ip_header(initval: u32) -> A {
    A::CreateData(vec![
        C::HashSize(1024),
        C::MaxElem(65536),
        C::BucketSize(12),
        C::InitVal(initval),
        C::References(0),
        C::MemSize(256),
        C::Elements(1),
    ])
}

/// `ipset list foo`: one multipart LIST reply with header DATA and ADT.
#[test]
fn list() {
    assert_codec(
        &message("list_name", Dir::Sent, Cmd::List),
        &request(Cmd::List, vec![name("foo")]),
    );
    assert_codec(
        &message("list_name", Dir::Received, Cmd::List),
        &request(
            Cmd::List,
            vec![
                name("foo"),
                typename("hash:ip"),
                A::Family(2),
                A::Revision(6),
                A::Index(0),
                hash_ip_header(0xdc7e_dd08),
                A::Adt(vec![vec![E::Ip(ip("1.2.3.4"))]]),
            ],
        ),
    );
}

/// `ipset list -t foo`: FLAGS = LIST_HEADER; the reply has no ADT.
#[test]
fn list_terse() {
    assert_codec(
        &message("list_terse_name", Dir::Sent, Cmd::List),
        &request(
            Cmd::List,
            vec![
                name("foo"),
                A::Flags(crate::netlink::list_flags::LIST_HEADER),
            ],
        ),
    );
    assert_codec(
        &message("list_terse_name", Dir::Received, Cmd::List),
        &request(
            Cmd::List,
            vec![
                name("foo"),
                typename("hash:ip"),
                A::Family(2),
                A::Revision(6),
                A::Index(0),
                hash_ip_header(0xd466_772c),
            ],
        ),
    );
}

/// `ipset list -n`: FLAGS = LIST_SETNAME; one reply per set with only its name.
#[test]
fn list_names() {
    assert_codec(
        &message("list_names", Dir::Sent, Cmd::List),
        &request(
            Cmd::List,
            vec![A::Flags(crate::netlink::list_flags::LIST_SETNAME)],
        ),
    );
    let replies = messages("list_names", Dir::Received, Cmd::List);
    assert_eq!(replies.len(), 2);
    assert_codec(&replies[0], &request(Cmd::List, vec![name("foo")]));
    assert_codec(&replies[1], &request(Cmd::List, vec![name("lst")]));
}

/// `ipset save foo`: a SAVE request, answered by messages typed LIST.
#[test]
fn save() {
    assert_codec(
        &message("save_name", Dir::Sent, Cmd::Save),
        &request(Cmd::Save, vec![name("foo")]),
    );
    assert!(messages("save_name", Dir::Received, Cmd::Save).is_empty());
    assert_codec(
        &message("save_name", Dir::Received, Cmd::List),
        &request(
            Cmd::List,
            vec![
                name("foo"),
                typename("hash:ip"),
                A::Family(2),
                A::Revision(6),
                A::Index(0),
                hash_ip_header(0x0d50_2de7),
                A::Adt(vec![vec![E::Ip(ip("1.2.3.4"))]]),
            ],
        ),
    );
}

/// `ipset add foo 1.2.3.4`: HEADER query and reply (FAMILY before REVISION).
#[test]
fn header() {
    assert_codec(
        &message("add", Dir::Sent, Cmd::Header),
        &request(Cmd::Header, vec![name("foo")]),
    );
    assert_codec(
        &message("add", Dir::Received, Cmd::Header),
        &request(
            Cmd::Header,
            vec![
                name("foo"),
                typename("hash:ip"),
                A::Family(2),
                A::Revision(6),
            ],
        ),
    );
}

/// `ipset add foo 1.2.3.4`: DATA ends with LINENO 0.
#[test]
fn add() {
    assert_codec(
        &message("add", Dir::Sent, Cmd::Add),
        &request(
            Cmd::Add,
            vec![
                name("foo"),
                A::EntryData(vec![E::Ip(ip("1.2.3.4")), E::LineNo(0)]),
            ],
        ),
    );
    // Success: NLMSG_ERROR 0, capped (no echo).
    let errs = errors("add");
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, 0);
    assert!(errs[0].1.is_none());
}

/// `ipset del foo 1.2.3.4`.
#[test]
fn del() {
    assert_codec(
        &message("del", Dir::Sent, Cmd::Del),
        &request(
            Cmd::Del,
            vec![
                name("foo"),
                A::EntryData(vec![E::Ip(ip("1.2.3.4")), E::LineNo(0)]),
            ],
        ),
    );
}

/// `ipset test foo 1.2.3.4`: no LINENO in DATA.
#[test]
fn test() {
    assert_codec(
        &message("test_hit", Dir::Sent, Cmd::Test),
        &request(
            Cmd::Test,
            vec![name("foo"), A::EntryData(vec![E::Ip(ip("1.2.3.4"))])],
        ),
    );
}

/// `ipset test foo 5.6.7.8` (miss): -IPSET_ERR_EXIST with the request echoed verbatim.
#[test]
fn error_echo_of_test_miss() {
    let sent = message("test_miss", Dir::Sent, Cmd::Test);
    let expected = request(
        Cmd::Test,
        vec![name("foo"), A::EntryData(vec![E::Ip(ip("5.6.7.8"))])],
    );
    assert_codec(&sent, &expected);
    let errs = errors("test_miss");
    assert_eq!(errs.len(), 1);
    let (code, echo) = &errs[0];
    assert_eq!(*code, -4103);
    let echo = echo.as_ref().expect("full echo");
    assert_eq!(echo.message_type, sent.message_type);
    assert_eq!(echo.payload, sent.payload);
    assert_codec(echo, &expected);
}

/// `ipset create foo hash:ip` twice: -EEXIST, CREATE echoed.
#[test]
fn error_echo_of_create() {
    let errs = errors("err_create_eexist");
    let (code, echo) = &errs[errs.len() - 1];
    assert_eq!(*code, -17);
    assert_codec(
        echo.as_ref().expect("full echo"),
        &request(
            Cmd::Create,
            vec![
                name("foo"),
                typename("hash:ip"),
                A::Revision(6),
                A::Family(2),
                A::CreateData(vec![]),
            ],
        ),
    );
}

/// `ipset add nosuch 1.2.3.4`: fails at HEADER with -ENOENT.
#[test]
fn error_echo_of_header() {
    let errs = errors("err_add_enoent");
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, -2);
    assert_codec(
        errs[0].1.as_ref().expect("full echo"),
        &request(Cmd::Header, vec![name("nosuch")]),
    );
}

/// `ipset create foo hash:mac`: TYPE query with FAMILY 0 -> -IPSET_ERR_FIND_TYPE.
#[test]
fn error_echo_of_type() {
    let errs = errors("err_create_hash_mac");
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, -4098);
    assert_codec(
        errs[0].1.as_ref().expect("full echo"),
        &request(Cmd::Type, vec![typename("hash:mac"), A::Family(0)]),
    );
}

/// The restore batch of `restore_add3`, lines 1..=n, built with AdtBatch.
fn restore_batch(n: u32) -> IpsetMessage {
    let mut batch = crate::netlink::AdtBatch::default();
    for line in 1..=n {
        let addr = ip(&format!("1.1.1.{line}"));
        assert!(batch.push(line, |w| w.put(1, crate::netlink::Value::Ip(&addr))));
    }
    assert_eq!(batch.len(), n as usize);
    let mut attrs = vec![name("foo")];
    // 24 bytes per hash:ip entry: DATA 4 + IP nest 4 + IPV4 8 + LINENO 8.
    assert_eq!(batch.bytes(), 24 * n as usize);
    attrs.extend(batch.take_attrs());
    assert!(batch.is_empty());
    request(Cmd::Add, attrs)
}

/// `printf 'add foo 1.1.1.1\nadd foo 1.1.1.2\nadd foo 1.1.1.3\n' | ipset restore`:
/// one ADD with top-level LINENO 1 and ADT{3 x DATA{IP, LINENO}}, built with AdtBatch.
#[test]
fn add_batch() {
    let sent = message("restore_add3", Dir::Sent, Cmd::Add);
    let expected = request(
        Cmd::Add,
        vec![
            name("foo"),
            A::LineNo(1),
            A::Adt(vec![
                vec![E::Ip(ip("1.1.1.1")), E::LineNo(1)],
                vec![E::Ip(ip("1.1.1.2")), E::LineNo(2)],
                vec![E::Ip(ip("1.1.1.3")), E::LineNo(3)],
            ]),
        ],
    );
    assert_codec(&sent, &expected);
    assert_bytes(&emit(&restore_batch(3)), &sent.payload, "AdtBatch of 3");
}

/// An AdtBatch of the first 2 restore lines: the captured 3-entry request
/// without its last DATA (24 bytes), ADT nla_len 76 -> 52.
#[test]
fn add_batch_of_two() {
    let sent = message("restore_add3", Dir::Sent, Cmd::Add);
    let mut want = sent.payload[..sent.payload.len() - 24].to_vec();
    // nfgenmsg 4, PROTOCOL 8, SETNAME 8, LINENO 8: ADT starts at offset 28.
    assert_eq!(&want[28..32], &[0x4c, 0x00, 0x08, 0x80]);
    want[28] = 0x34;
    assert_bytes(&emit(&restore_batch(2)), &want, "AdtBatch of 2");
    assert_eq!(
        IpsetMessage::parse(sent.message_type, &want).unwrap(),
        request(
            Cmd::Add,
            vec![
                name("foo"),
                A::LineNo(1),
                A::Adt(vec![
                    vec![E::Ip(ip("1.1.1.1")), E::LineNo(1)],
                    vec![E::Ip(ip("1.1.1.2")), E::LineNo(2)]
                ]),
            ],
        )
    );
}

/// restore with a duplicate on line 3: -IPSET_ERR_EXIST, the whole request
/// echoed with only the top-level LINENO rewritten to 3.
#[test]
fn error_echo_of_batch_rewrites_lineno() {
    let sent = message("restore_dup", Dir::Sent, Cmd::Add);
    let errs = errors("restore_dup");
    let (code, echo) = &errs[errs.len() - 1];
    assert_eq!(*code, -4103);
    let echo = echo.as_ref().expect("full echo");
    let mut sent_value = sent.parse();
    assert_eq!(sent_value.lineno(), Some(1));
    let echoed_value = echo.parse();
    assert_eq!(echoed_value.lineno(), Some(3));
    for a in &mut sent_value.attrs {
        if let A::LineNo(n) = a {
            *n = 3;
        }
    }
    assert_eq!(echoed_value, sent_value);
    assert_bytes(&emit(&sent_value), &echo.payload, "echo with LINENO 3");
    let diff: Vec<usize> = (0..sent.payload.len())
        .filter(|&i| sent.payload[i] != echo.payload[i])
        .collect();
    assert_eq!(
        diff,
        vec![27],
        "only the low byte of the top-level LINENO differs"
    );
}

/// `ipset list big` (2000 entries): 9 LIST parts, only the first with the
/// header; the continuation parts carry PROTOCOL, SETNAME, ADT.
#[test]
fn list_dump_parts() {
    let parts = messages("list_hash_ip_dump", Dir::Received, Cmd::List);
    assert_eq!(parts.len(), 9);
    let mut entries = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let m = p.parse();
        assert_eq!(m.set_name(), Some("big"));
        let adt = match m.attrs.last() {
            Some(A::Adt(adt)) => adt.clone(),
            other => panic!("part {i} ends with {other:?}"),
        };
        if i == 0 {
            assert_eq!(m.attrs.len(), 8);
            assert!(m.attrs.contains(&typename("hash:ip")));
        } else {
            assert_eq!(
                m.attrs,
                vec![A::Protocol(7), name("big"), A::Adt(adt.clone())]
            );
        }
        entries.extend(adt);
    }
    let mut got: Vec<std::net::IpAddr> = entries
        .into_iter()
        .map(|e| match e.as_slice() {
            [E::Ip(a)] => *a,
            other => panic!("unexpected entry {other:?}"),
        })
        .collect();
    got.sort();
    let want: Vec<std::net::IpAddr> = (0..2000)
        .map(|i| ip(&format!("10.0.{}.{}", i / 256, i % 256)))
        .collect();
    assert_eq!(got, want);
}
