//! The text layer against ipset(8) 7.17's parsing and printing.

use super::addr::*;
use super::grammar::*;
use super::number::*;
use super::print::*;
use super::service::*;
use super::sort::*;
use super::*;
use crate::set::Position;
use crate::set::{Element, Family, SetType};
use std::cmp::Ordering;
use std::net::{IpAddr, Ipv4Addr};

fn ty(s: &str) -> SetType {
    SetType::from_name(s).expect("type")
}

fn fam(s: &str) -> Family {
    match s {
        "inet6" => Family::Inet6,
        "inet" => Family::Inet,
        _ => Family::Unspec,
    }
}

fn cmd(s: &str) -> ElemCmd {
    match s {
        "add" => ElemCmd::Add,
        "del" => ElemCmd::Del,
        _ => ElemCmd::Test,
    }
}

/// Tab-separated: type, family, element, its `ipset list` member line (ipset 7.17).
const LISTED: &str = r##"
hash:ip	inet	10.0.0.1	10.0.0.1
hash:ip	inet	1.2.3	1.2.0.3
hash:ip	inet	10	0.0.0.10
hash:ip	inet	010.0.0.1	8.0.0.1
hash:ip	inet	localhost	127.0.0.1
hash:ip	inet	[localhost]	127.0.0.1
hash:ip	inet	4294967295	255.255.255.255
hash:ip	inet6	2001:DB8::1	2001:db8::1
hash:ip	inet6	::ffff:1.2.3.4	::ffff:1.2.3.4
hash:ip	inet6	::1.2.3.4	::1.2.3.4
hash:ip	inet6	1:0:0:2:0:0:0:3	1:0:0:2::3
hash:ip	inet6	0:0:1::	0:0:1::
hash:ip	inet6	::1/128	::1
hash:net	inet	10.0.0.0/8	10.0.0.0/8
hash:net	inet	10.1.1.1	10.1.1.1
hash:net	inet	10.1.1.1/32	10.1.1.1
hash:net	inet	[10.0.0.0]/24	10.0.0.0/24
hash:net	inet	10.0.0.0/ 8	10.0.0.0/8
hash:net	inet	10.0.0.0/0x10	10.0.0.0/16
hash:net	inet6	2001:db8::/32	2001:db8::/32
hash:net	inet6	2001:db8::1/128	2001:db8::1
hash:net	inet6	2001:db8:0:0:1::/80	2001:db8:0:0:1::/80
bitmap:ip	inet	10.0.0.1	10.0.0.1
bitmap:ip	inet	10.0.0.1/32	10.0.0.1
bitmap:port	inet	80	80
bitmap:port	inet	tcp:80	80
bitmap:port	inet	udp:53	53
bitmap:port	inet	http	80
bitmap:port	inet	0x50	80
bitmap:port	inet	[http]	80
bitmap:ip,mac	inet	10.0.0.1,aa:bb:cc:dd:ee:ff	10.0.0.1,AA:BB:CC:DD:EE:FF
bitmap:ip,mac	inet	10.0.0.2	10.0.0.2
bitmap:ip,mac	inet	10.0.0.1,a:b:c:d:e:f	10.0.0.1,0A:0B:0C:0D:0E:0F
bitmap:ip,mac	inet	10.0.0.1,:2:3:4:5:6	10.0.0.1,00:02:03:04:05:06
bitmap:ip,mac	inet	10.0.0.1,1:2:3:4:5:	10.0.0.1,01:02:03:04:05:00
hash:ip,port	inet	1.1.1.1,80	1.1.1.1,tcp:80
hash:ip,port	inet	1.1.1.1,tcp:80	1.1.1.1,tcp:80
hash:ip,port	inet	1.1.1.1,udp:53	1.1.1.1,udp:53
hash:ip,port	inet	1.1.1.1,sctp:5	1.1.1.1,sctp:5
hash:ip,port	inet	1.1.1.1,udplite:6	1.1.1.1,udplite:6
hash:ip,port	inet	1.1.1.1,icmp:echo-request	1.1.1.1,icmp:echo-request
hash:ip,port	inet	1.1.1.1,icmp:ping	1.1.1.1,icmp:echo-request
hash:ip,port	inet	1.1.1.1,icmp:0/0	1.1.1.1,icmp:echo-reply
hash:ip,port	inet	1.1.1.1,icmp:3/99	1.1.1.1,icmp:3/99
hash:ip,port	inet	1.1.1.1,icmp:tos	1.1.1.1,icmp:TOS-network-unreachable
hash:ip,port	inet	1.1.1.1,ICMP:p	1.1.1.1,icmp:echo-reply
hash:ip,port	inet	1.1.1.1,icmp:255/255	1.1.1.1,icmp:255/255
hash:ip,port	inet	1.1.1.1,gre:0	1.1.1.1,gre:0
hash:ip,port	inet	1.1.1.1,esp:0	1.1.1.1,esp:0
hash:ip,port	inet	1.1.1.1,47:0	1.1.1.1,gre:0
hash:ip,port	inet	1.1.1.1,253:0	1.1.1.1,253:0
hash:ip,port	inet	1.1.1.1,010:0	1.1.1.1,egp:0
hash:ip,port	inet	1.1.1.1,6:http	1.1.1.1,tcp:80
hash:ip,port	inet	1.1.1.1,mptcp:80	1.1.1.1,tcp:80
hash:ip,port	inet	1.1.1.1,http	1.1.1.1,tcp:80
hash:ip,port	inet	1.1.1.1,udp:domain	1.1.1.1,udp:53
hash:ip,port	inet	1.1.1.1,050	1.1.1.1,tcp:40
hash:ip,port	inet	1.1.1.1,-0	1.1.1.1,tcp:0
hash:ip,port	inet	1.1.1.1,-18446744073709551615	1.1.1.1,tcp:1
hash:ip,port	inet	1.1.1.1,icmp: 8/ 1	1.1.1.1,icmp:8/1
hash:ip,port	inet6	2001:db8::1,udp:53	2001:db8::1,udp:53
hash:ip,port	inet6	2001:db8::1,ipv6-icmp:echo-request	2001:db8::1,ipv6-icmp:echo-request
hash:ip,port	inet6	::1,icmpv6:ping	::1,ipv6-icmp:echo-request
hash:ip,port	inet6	::1,ICMPv6:neigbour-advertisement	::1,ipv6-icmp:neighbour-advertisement
hash:ip,port	inet6	::1,58:1/0	::1,ipv6-icmp:no-route
hash:ip,port	inet6	::1,icmpv6:1/2	::1,ipv6-icmp:1/2
hash:ip,port	inet6	::1,icmpv6:re	::1,ipv6-icmp:redirect
hash:ip,port	inet6	::1,gre:0	::1,gre:0
hash:ip,port,ip	inet	1.1.1.1,tcp:80,2.2.2.2	1.1.1.1,tcp:80,2.2.2.2
hash:ip,port,ip	inet	1.1.1.1,80,[2.2.2.2]	1.1.1.1,tcp:80,2.2.2.2
hash:ip,port,ip	inet	1.1.1.1,udp:53,localhost	1.1.1.1,udp:53,127.0.0.1
hash:ip,port,ip	inet6	::1,80,::2	::1,tcp:80,::2
hash:ip,port,net	inet	1.1.1.1,tcp:80,2.2.0.0/16	1.1.1.1,tcp:80,2.2.0.0/16
hash:ip,port,net	inet	1.1.1.1,80,2.2.2.2	1.1.1.1,tcp:80,2.2.2.2
hash:ip,port,net	inet	1.1.1.1,80,2.2.2.2/32	1.1.1.1,tcp:80,2.2.2.2
hash:ip,port,net	inet6	::1,80,2001:db8::/32	::1,tcp:80,2001:db8::/32
hash:net,port	inet	10.0.0.0/24,udp:53	10.0.0.0/24,udp:53
hash:net,port	inet	10.0.0.1,80	10.0.0.1,tcp:80
hash:net,port	inet	10.0.0.0/24,icmp:ping	10.0.0.0/24,icmp:echo-request
hash:net,port	inet6	2001:db8::/64,sctp:9	2001:db8::/64,sctp:9
hash:net,iface	inet	10.0.0.0/8,eth0	10.0.0.0/8,eth0
hash:net,iface	inet	10.0.0.0/8,physdev:eth1	10.0.0.0/8,physdev:eth1
hash:net,iface	inet	0.0.0.0/0,eth2	0.0.0.0/0,eth2
hash:net,iface	inet	10.1.1.1,eth0	10.1.1.1,eth0
hash:net,iface	inet	10.0.0.0/8,abcdefghijklmno	10.0.0.0/8,abcdefghijklmno
hash:net,iface	inet	10.0.0.0/8,physdev:	10.0.0.0/8,physdev:
hash:net,iface	inet	10.0.0.0/8,PHYSDEV:eth0	10.0.0.0/8,PHYSDEV:eth0
hash:net,iface	inet	10.0.0.0/8,eth 0	10.0.0.0/8,eth 0
hash:net,iface	inet	10.0.0.0/8,physdev:physdev:x	10.0.0.0/8,physdev:physdev:x
hash:net,iface	inet6	2001:db8::/32,physdev:eth1	2001:db8::/32,physdev:eth1
list:set	inet	a	a
list:set	inet	a,before,b	a
list:set	inet	a,after,b	a
"##;

/// Tab-separated: type, family, command, element, ipset's message lines joined by `|` (ipset 7.17).
const REJECTED: &str = r##"
hash:ip	inet	add	1.1.1.256	Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:ip	inet	add	10.0.0.0/33	Syntax error: '33' is out of range 0-32
hash:ip	inet	add	10.0.0.0/x	Syntax error: 'x' is invalid as number
hash:ip	inet	add	[10.0.0.1	Syntax error: cannot find closing escape character ']' in [10.0.0.1
hash:ip	inet	add	[10.0.0.1]x	Syntax error: range separator expected after '[10.0.0.1]'
hash:ip	inet6	add	2001:db8::/32	Syntax error: plain IP address must be supplied: 2001:db8::/32
hash:ip	inet6	add	[::1	Syntax error: cannot find closing escape character ']' in [::1
hash:ip	inet6	add	1.2.3.4	Syntax error: cannot parse 1.2.3.4: resolving to IPv6 address failed
hash:net	inet	add	1.1.1.256	Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:net	inet	add	10.0.0.0/33	Syntax error: '33' is out of range 0-32
hash:net	inet	add	10.0.0.0/x	Syntax error: 'x' is invalid as number
hash:net	inet	test	10.0.0.1-10.0.0.3	FROM-TO IP range is not allowed in command test with set type hash:net and family inet
hash:net	inet	add	[10.0.0.1	Syntax error: cannot find closing escape character ']' in [10.0.0.1
hash:net	inet	add	[10.0.0.1]x	Syntax error: range separator expected after '[10.0.0.1]'
hash:net	inet6	add	2001:db8::/129	Syntax error: '129' is out of range 0-128
hash:net	inet6	add	::1-::2	Syntax error: IP address or IP/cidr must be specified: ::1-::2
hash:net	inet6	add	[::1	Syntax error: cannot find closing escape character ']' in [::1
hash:net	inet6	add	1.2.3.4	Syntax error: cannot parse 1.2.3.4: resolving to IPv6 address failed
bitmap:ip	inet	add	1.1.1.256	Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
bitmap:ip	inet	test	10.0.0.0/24	IP/CIDR range is not allowed in command test with set type bitmap:ip and family inet
bitmap:ip	inet	add	10.0.0.0/33	Syntax error: '33' is out of range 0-32
bitmap:ip	inet	add	10.0.0.0/x	Syntax error: 'x' is invalid as number
bitmap:ip	inet	test	10.0.0.1-10.0.0.3	FROM-TO IP range is not allowed in command test with set type bitmap:ip and family inet
bitmap:ip	inet	add	[10.0.0.1	Syntax error: cannot find closing escape character ']' in [10.0.0.1
bitmap:ip	inet	add	[10.0.0.1]x	Syntax error: range separator expected after '[10.0.0.1]'
bitmap:port	inet	add	sctp:5	Syntax error: Only protocols TCP and UDP are valid
bitmap:port	inet	add	gre:1	Syntax error: Protocol gre can be used with pseudo port value 0 only.
bitmap:port	inet	add	0:80	Syntax error: Protocol 0 can be used with pseudo port value 0 only.
bitmap:port	inet	add	ip:0	Syntax error: Unsupported protocol 'ip'
bitmap:port	inet	add	foo:1	Syntax error: cannot parse 'foo' as a protocol
bitmap:port	inet	add	tcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'nope' as a tcp port
bitmap:port	inet	add	99999	Syntax error: '99999' is out of range 0-65535|Syntax error: 'tcp' is invalid as number|cannot parse '99999' as a tcp port
bitmap:port	inet	test	80-82	FROM-TO port range is not allowed in command test with set type bitmap:port and family unspec
bitmap:port	inet	add	[ht]tp	Syntax error: range separator expected after '[ht]'
bitmap:port	inet	add	tcp:[a]-[b	Syntax error: cannot find closing escape character ']' in [b|cannot parse '[b' as a tcp port
bitmap:port	inet	add	mptcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'mptcp' is invalid as number|cannot parse 'nope' as a mptcp port
bitmap:port	inet	add	TCP:http	Syntax error: 'http' is invalid as number|Syntax error: 'TCP' is invalid as number|cannot parse 'http' as a TCP port
bitmap:port	inet	add	6:nope	Syntax error: 'nope' is invalid as number|cannot parse 'nope' as a 6 port
hash:ip,port	inet	add	1.1.1.1,icmp:3	Cannot parse 3 as an ICMP type/code.
hash:ip,port	inet	add	1.1.1.1,icmp:x/1	Syntax error: 'x' is invalid as number
hash:ip,port	inet	add	1.1.1.1,icmp:256/0	Syntax error: '256' is out of range 0-255
hash:ip,port	inet	add	1.1.1.1,gre:1	Syntax error: Protocol gre can be used with pseudo port value 0 only.
hash:ip,port	inet	add	1.1.1.1,0:80	Syntax error: Protocol 0 can be used with pseudo port value 0 only.
hash:ip,port	inet	add	1.1.1.1,ip:0	Syntax error: Unsupported protocol 'ip'
hash:ip,port	inet	add	1.1.1.1,foo:1	Syntax error: cannot parse 'foo' as a protocol
hash:ip,port	inet	add	1.1.1.1,tcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'nope' as a tcp port
hash:ip,port	inet	add	1.1.1.1,99999	Syntax error: '99999' is out of range 0-65535|Syntax error: 'tcp' is invalid as number|cannot parse '99999' as a tcp port
hash:ip,port	inet	test	1.1.1.1,80-82	FROM-TO port range is not allowed in command test with set type hash:ip,port and family inet
hash:ip,port	inet	add	1.1.1.1,[ht]tp	Syntax error: range separator expected after '[ht]'
hash:ip,port	inet	add	1.1.1.1,tcp:[a]-[b	Syntax error: cannot find closing escape character ']' in [b|cannot parse '[b' as a tcp port
hash:ip,port	inet	add	1.1.1.1,mptcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'mptcp' is invalid as number|cannot parse 'nope' as a mptcp port
hash:ip,port	inet	add	1.1.1.1,TCP:http	Syntax error: 'http' is invalid as number|Syntax error: 'TCP' is invalid as number|cannot parse 'http' as a TCP port
hash:ip,port	inet	add	1.1.1.1,6:nope	Syntax error: 'nope' is invalid as number|cannot parse 'nope' as a 6 port
hash:ip,port	inet	add	1.1.1.1,icmpv6:ping	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Invalid add command: missing setname
hash:ip,port	inet	del	1.1.1.1,icmpv6:ping	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port	inet	test	1.1.1.1,icmpv6:ping	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port	inet	add	1.1.1.1,	Syntax error: Second element is missing from 1.1.1.1,.
hash:ip,port	inet	test	1.1.1.0/30,80	IP/CIDR range is not allowed in command test with set type hash:ip,port and family inet
hash:ip,port	inet	test	1.1.1.1-1.1.1.2,80	FROM-TO IP range is not allowed in command test with set type hash:ip,port and family inet
hash:ip,port	inet6	add	::1,icmp:echo-request	Syntax error: Protocol ICMP can be used with family inet only|Invalid add command: missing setname
hash:ip,port	inet6	del	::1,icmp:echo-request	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port	inet6	test	::1,icmp:echo-request	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port	inet6	add	::1,gre:1	Syntax error: Protocol gre can be used with pseudo port value 0 only.
hash:ip,port	inet6	add	::1,0:80	Syntax error: Protocol 0 can be used with pseudo port value 0 only.
hash:ip,port	inet6	add	::1,ip:0	Syntax error: Unsupported protocol 'ip'
hash:ip,port	inet6	add	::1,foo:1	Syntax error: cannot parse 'foo' as a protocol
hash:ip,port	inet6	add	::1,tcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'nope' as a tcp port
hash:ip,port	inet6	add	::1,99999	Syntax error: '99999' is out of range 0-65535|Syntax error: 'tcp' is invalid as number|cannot parse '99999' as a tcp port
hash:ip,port	inet6	test	::1,80-82	FROM-TO port range is not allowed in command test with set type hash:ip,port and family inet6
hash:ip,port	inet6	add	::1,[ht]tp	Syntax error: range separator expected after '[ht]'
hash:ip,port	inet6	add	::1,tcp:[a]-[b	Syntax error: cannot find closing escape character ']' in [b|cannot parse '[b' as a tcp port
hash:ip,port	inet6	add	::1,mptcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'mptcp' is invalid as number|cannot parse 'nope' as a mptcp port
hash:ip,port	inet6	add	::1,TCP:http	Syntax error: 'http' is invalid as number|Syntax error: 'TCP' is invalid as number|cannot parse 'http' as a TCP port
hash:ip,port	inet6	add	::1,6:nope	Syntax error: 'nope' is invalid as number|cannot parse 'nope' as a 6 port
hash:ip,port	inet6	add	::1,icmpv6:x	Cannot parse x as an ICMPv6 type/code.
hash:ip,port	inet6	add	::1,	Syntax error: Second element is missing from ::1,.
hash:ip,port	inet6	test	::1/128,80	IP/CIDR range is not allowed in command test with set type hash:ip,port and family inet6
hash:ip,port	inet6	add	::1-::2,80	Syntax error: plain IP address must be supplied: ::1-::2
hash:net,port	inet	add	10.0.0.0/24,icmp:3	Cannot parse 3 as an ICMP type/code.
hash:net,port	inet	add	10.0.0.0/24,icmp:x/1	Syntax error: 'x' is invalid as number
hash:net,port	inet	add	10.0.0.0/24,icmp:256/0	Syntax error: '256' is out of range 0-255
hash:net,port	inet	add	10.0.0.0/24,gre:1	Syntax error: Protocol gre can be used with pseudo port value 0 only.
hash:net,port	inet	add	10.0.0.0/24,0:80	Syntax error: Protocol 0 can be used with pseudo port value 0 only.
hash:net,port	inet	add	10.0.0.0/24,ip:0	Syntax error: Unsupported protocol 'ip'
hash:net,port	inet	add	10.0.0.0/24,foo:1	Syntax error: cannot parse 'foo' as a protocol
hash:net,port	inet	add	10.0.0.0/24,tcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'nope' as a tcp port
hash:net,port	inet	add	10.0.0.0/24,99999	Syntax error: '99999' is out of range 0-65535|Syntax error: 'tcp' is invalid as number|cannot parse '99999' as a tcp port
hash:net,port	inet	test	10.0.0.0/24,80-82	FROM-TO port range is not allowed in command test with set type hash:net,port and family inet
hash:net,port	inet	add	10.0.0.0/24,[ht]tp	Syntax error: range separator expected after '[ht]'
hash:net,port	inet	add	10.0.0.0/24,tcp:[a]-[b	Syntax error: cannot find closing escape character ']' in [b|cannot parse '[b' as a tcp port
hash:net,port	inet	test	10.0.0.1-10.0.0.2,80	FROM-TO IP range is not allowed in command test with set type hash:net,port and family inet
hash:net,port	inet6	add	2001:db8::/64,icmp:echo-request	Syntax error: Protocol ICMP can be used with family inet only|Invalid add command: missing setname
hash:net,port	inet6	del	2001:db8::/64,icmp:echo-request	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:net,port	inet6	test	2001:db8::/64,icmp:echo-request	Syntax error: Protocol ICMP can be used with family inet only|Invalid test command: missing setname
hash:net,port	inet6	add	2001:db8::/64,gre:1	Syntax error: Protocol gre can be used with pseudo port value 0 only.
hash:net,port	inet6	add	2001:db8::/64,0:80	Syntax error: Protocol 0 can be used with pseudo port value 0 only.
hash:net,port	inet6	add	2001:db8::/64,ip:0	Syntax error: Unsupported protocol 'ip'
hash:net,port	inet6	add	2001:db8::/64,foo:1	Syntax error: cannot parse 'foo' as a protocol
hash:net,port	inet6	add	2001:db8::/64,tcp:nope	Syntax error: 'nope' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'nope' as a tcp port
hash:net,port	inet6	add	2001:db8::/64,99999	Syntax error: '99999' is out of range 0-65535|Syntax error: 'tcp' is invalid as number|cannot parse '99999' as a tcp port
hash:net,port	inet6	test	2001:db8::/64,80-82	FROM-TO port range is not allowed in command test with set type hash:net,port and family inet6
hash:net,port	inet6	add	2001:db8::/64,[ht]tp	Syntax error: range separator expected after '[ht]'
hash:net,port	inet6	add	2001:db8::/64,tcp:[a]-[b	Syntax error: cannot find closing escape character ']' in [b|cannot parse '[b' as a tcp port
hash:ip,port,ip	inet	add	1.1.1.1,80,1.1.1.256	Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:ip,port,ip	inet	add	1.1.1.1,80,	Syntax error: Second element is missing from 1.1.1.1,80,.
hash:ip,port,ip	inet	add	1.1.1.1,80,10.0.0.0/24	Syntax error: plain IP address must be supplied: 10.0.0.0/24
hash:ip,port,ip	inet	add	1.1.1.1,80,10.0.0.1/32	There are not allowed options (28) but can't resolve them. It's a bug, please report the problem.
hash:ip,port,ip	inet	del	1.1.1.1,80,10.0.0.1/32	There are not allowed options (28) but option list is empty. It's a bug, please report the problem.
hash:ip,port,ip	inet	test	1.1.1.1,80,10.0.0.1/32	There are not allowed options (28) but option list is empty. It's a bug, please report the problem.
hash:ip,port,ip	inet	add	1.1.1.1,icmpv6:1/0,10.0.0.1	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Invalid add command: missing setname
hash:ip,port,ip	inet	del	1.1.1.1,icmpv6:1/0,10.0.0.1	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,ip	inet	test	1.1.1.1,icmpv6:1/0,10.0.0.1	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,ip	inet	add	1.1.1.1,icmpv6:1/0,1.1.1.256	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:ip,port,ip	inet	add	1.1.1.1,icmpv6:1/0,10.0.0.0/24	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Syntax error: plain IP address must be supplied: 10.0.0.0/24
hash:ip,port,ip	inet	test	1.1.1.1,tcp:80-81,10.0.0.1	FROM-TO port range is not allowed in command test with set type hash:ip,port,ip and family inet
hash:ip,port,ip	inet6	add	::1,80,2001:db8::/32	Syntax error: plain IP address must be supplied: 2001:db8::/32
hash:ip,port,ip	inet6	add	::1,80,2001:db8::1/128	There are not allowed options (28) but can't resolve them. It's a bug, please report the problem.
hash:ip,port,ip	inet6	del	::1,80,2001:db8::1/128	There are not allowed options (28) but option list is empty. It's a bug, please report the problem.
hash:ip,port,ip	inet6	test	::1,80,2001:db8::1/128	There are not allowed options (28) but option list is empty. It's a bug, please report the problem.
hash:ip,port,ip	inet6	add	::1,80,[::1	Syntax error: cannot find closing escape character ']' in [::1
hash:ip,port,ip	inet6	add	::1,80,1.2.3.4	Syntax error: cannot parse 1.2.3.4: resolving to IPv6 address failed
hash:ip,port,ip	inet6	add	::1,80,	Syntax error: Second element is missing from ::1,80,.
hash:ip,port,ip	inet6	add	::1,icmp:ping,::1	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: cannot parse ::1: resolving to IPv4 address failed
hash:ip,port,ip	inet6	add	::1,icmp:ping,2001:db8::1/128	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: plain IP address must be supplied: 2001:db8::1/128
hash:ip,port,ip	inet6	add	::1,icmp:ping,[::1	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: cannot find closing escape character ']' in [::1
hash:ip,port,ip	inet6	add	::1,icmp:ping,1.2.3.4	Syntax error: Protocol ICMP can be used with family inet only|Invalid add command: missing setname
hash:ip,port,ip	inet6	del	::1,icmp:ping,1.2.3.4	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,ip	inet6	test	::1,icmp:ping,1.2.3.4	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,net	inet	add	1.1.1.1,80,1.1.1.256	Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:ip,port,net	inet	add	1.1.1.1,80,	Syntax error: Second element is missing from 1.1.1.1,80,.
hash:ip,port,net	inet	add	1.1.1.1,80,10.0.0.0/33	Syntax error: '33' is out of range 0-32
hash:ip,port,net	inet	add	1.1.1.1,80,10.0.0.0/x	Syntax error: 'x' is invalid as number
hash:ip,port,net	inet	add	1.1.1.1,icmpv6:1/0,10.0.0.1	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Invalid add command: missing setname
hash:ip,port,net	inet	del	1.1.1.1,icmpv6:1/0,10.0.0.1	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,net	inet	test	1.1.1.1,icmpv6:1/0,10.0.0.1	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Invalid test command: missing setname
hash:ip,port,net	inet	add	1.1.1.1,icmpv6:1/0,1.1.1.256	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Syntax error: cannot parse 1.1.1.256: resolving to IPv4 address failed
hash:ip,port,net	inet	add	1.1.1.1,icmpv6:1/0,10.0.0.0/33	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Syntax error: '33' is out of range 0-32
hash:ip,port,net	inet	add	1.1.1.1,icmpv6:1/0,10.0.0.0/x	Syntax error: Protocol ICMPv6 can be used with family inet6 only|Syntax error: 'x' is invalid as number
hash:ip,port,net	inet6	add	::1,80,2001:db8::/129	Syntax error: '129' is out of range 0-128
hash:ip,port,net	inet6	add	::1,80,::1-::2	Syntax error: IP address or IP/cidr must be specified: ::1-::2
hash:ip,port,net	inet6	add	::1,80,[::1	Syntax error: cannot find closing escape character ']' in [::1
hash:ip,port,net	inet6	add	::1,80,1.2.3.4	Syntax error: cannot parse 1.2.3.4: resolving to IPv6 address failed
hash:ip,port,net	inet6	add	::1,80,	Syntax error: Second element is missing from ::1,80,.
hash:ip,port,net	inet6	add	::1,icmp:ping,::1	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: cannot parse ::1: resolving to IPv4 address failed
hash:ip,port,net	inet6	add	::1,icmp:ping,2001:db8::1/128	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: '128' is out of range 0-32
hash:ip,port,net	inet6	add	::1,icmp:ping,[::1	Syntax error: Protocol ICMP can be used with family inet only|Syntax error: cannot find closing escape character ']' in [::1
hash:ip,port,net	inet6	add	::1,icmp:ping,1.2.3.4	Syntax error: Protocol ICMP can be used with family inet only|Invalid add command: missing setname
hash:ip,port,net	inet6	del	::1,icmp:ping,1.2.3.4	There are missing mandatory flags but can't check them. It's a bug, please report the problem.
hash:ip,port,net	inet6	test	::1,icmp:ping,1.2.3.4	Syntax error: Protocol ICMP can be used with family inet only|Invalid test command: missing setname
bitmap:ip,mac	inet	add	10.0.0.1,aa:bb:cc:dd:ee	Syntax error: cannot parse 'aa:bb:cc:dd:ee' as ethernet address
bitmap:ip,mac	inet	add	10.0.0.1/32,aa:bb:cc:dd:ee:ff	IP/CIDR range is not allowed in command add with set type bitmap:ip,mac and family inet
bitmap:ip,mac	inet	del	10.0.0.1/32,aa:bb:cc:dd:ee:ff	IP/CIDR range is not allowed in command del with set type bitmap:ip,mac and family inet
bitmap:ip,mac	inet	test	10.0.0.1/32,aa:bb:cc:dd:ee:ff	IP/CIDR range is not allowed in command test with set type bitmap:ip,mac and family inet
bitmap:ip,mac	inet	add	10.0.0.1-10.0.0.2	Syntax error: plain IP address must be supplied: 10.0.0.1-10.0.0.2
bitmap:ip,mac	inet	add	10.0.0.1,1:2:3:4:5:6,x	Syntax error: Two elem separators in 10.0.0.1,1:2:3:4:5:6,x, but settype bitmap:ip,mac supports one.
hash:net,iface	inet	add	10.0.0.0/8,abcdefghijklmnop	Syntax error: interface name 'abcdefghijklmnop' is longer than 15 characters
hash:net,iface	inet	test	10.0.0.1-10.0.0.2,eth0	FROM-TO IP range is not allowed in command test with set type hash:net,iface and family inet
hash:net,iface	inet	add	10.0.0.0/8	Syntax error: Second element is missing from 10.0.0.0/8.
hash:net,iface	inet6	add	2001:db8::/32,abcdefghijklmnop	Syntax error: interface name 'abcdefghijklmnop' is longer than 15 characters
list:set	inet	add	a,before	you must specify elements as setname,[before|after],setname
list:set	inet	add	abcdefghijklmnopqrstuvwxyz123456	Syntax error: setname 'abcdefghijklmnopqrstuvwxyz123456' is longer than 31 characters
hash:ip	inet	add	1.1.1.1,80,2.2.2.2,3	Syntax error: Elem separator in 1.1.1.1,80,2.2.2.2,3, but settype hash:ip supports none.
hash:ip,port	inet	add	1.1.1.1,80,2.2.2.2,3	Syntax error: Two elem separators in 1.1.1.1,80,2.2.2.2,3, but settype hash:ip,port supports one.
hash:ip,port,ip	inet	add	1.1.1.1,80,2.2.2.2,3	Syntax error: Three elem separators in 1.1.1.1,80,2.2.2.2,3, but settype hash:ip,port,ip supports two.
hash:ip,port,ip	inet	add	1.1.1.1,,80	Syntax error: Third element is missing from 1.1.1.1,,80.
hash:net,iface	inet	add	1.1.1.1,80,2.2.2.2,3	Syntax error: Two elem separators in 1.1.1.1,80,2.2.2.2,3, but settype hash:net,iface supports one.
hash:net,port	inet	test	10.0.0.0/8imp:8/	Syntax error: Second element is missing from 10.0.0.0/8imp:8/.
hash:net,port	inet	test	10..0.0.0/8,icmpd8/0	Syntax error: cannot parse 10..0.0.0: resolving to IPv4 address failed
hash:ip,port	inet6	add	:1,udp53	Syntax error: cannot parse :1: resolving to IPv6 address failed
hash:ip,port	inet6	test	::01,udp:5x3	Syntax error: '5x3' is invalid as number|Syntax error: 'udp' is invalid as number|cannot parse '5x3' as a udp port
hash:net,port	inet	add	10.0.,0.0/8,icmp:8/0	Syntax error: Two elem separators in 10.0.,0.0/8,icmp:8/0, but settype hash:net,port supports one.
hash:ip,port	inet	add	1..1.1.1,tcp:80	Syntax error: cannot parse 1..1.1.1: resolving to IPv4 address failed
hash:net	inet	test	1,.0.0.0/24	Syntax error: Elem separator in 1,.0.0.0/24, but settype hash:net supports none.
hash:ip,port	inet6	add	::1,ddp:3	Syntax error: Protocol ddp can be used with pseudo port value 0 only.
bitmap:port	inet	add	tcp,:0-82	Syntax error: Elem separator in tcp,:0-82, but settype bitmap:port supports none.
hash:ip,port	inet6	add	:,:1,udp:	Syntax error: Two elem separators in :,:1,udp:, but settype hash:ip,port supports one.
hash:net	inet6	add	c/f01:db8::/48	Syntax error: 'f01:db8::/48' is invalid as number
hash:ip,port,ip	inet	del	1.1.1.1,udp:,2.2.2.2	Syntax error: 'udp:' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'udp:' as a tcp port
hash:ip,port	inet6	del	::1,icmpv6:1/	Cannot parse 1/ as an ICMPv6 type/code.
bitmap:ip,mac	inet	test	10.0.081,aa:bb:c:dd:ee:ff	Syntax error: cannot parse 10.0.081: resolving to IPv4 address failed
hash:ip,port,net	inet	add	1.1c.1.18,800/16	Syntax error: Third element is missing from 1.1c.1.18,800/16.
hash:ip,port,net	inet6	add	:p1/8,2001:db8::/32	Syntax error: Third element is missing from :p1/8,2001:db8::/32.
hash:ip,port,ip	inet	test	1.1.1.1,udp:5d,2.2.2.2	Syntax error: '5d' is invalid as number|Syntax error: 'udp' is invalid as number|cannot parse '5d' as a udp port
hash:ip,port,net	inet	test	1.1.1.1,c0,2.2.0.0/1t	Syntax error: 'c0' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse 'c0' as a tcp port
hash:net	inet6	test	2001:d,b8::/pp8	Syntax error: Elem separator in 2001:d,b8::/pp8, but settype hash:net supports none.
bitmap:ip	inet	del	10.0..1,-.!0.0.0.3	Syntax error: Elem separator in 10.0..1,-.!0.0.0.3, but settype bitmap:ip supports none.
hash:net,iface	inet	add	10.0..0/8,physdev:eth0	Syntax error: cannot parse 10.0..0: resolving to IPv4 address failed
hash:ip,port,net	inet6	test	::1,:80,200a1:2	Syntax error: ':80' is invalid as number|Syntax error: 'tcp' is invalid as number|cannot parse ':80' as a tcp port
hash:ip,port,net	inet6	del	::1,80,2001:/3u	Syntax error: '3u' is invalid as number
hash:ip,port,ip	inet	test	1.1.1.1,u3dp:53,2.2.2.9	Syntax error: cannot parse 'u3dp' as a protocol
hash:ip	inet6	test	2001:db8::,1	Syntax error: Elem separator in 2001:db8::,1, but settype hash:ip supports none.
hash:ip,port	inet6	add	::1,icmpv6:1/0d	Syntax error: '0d' is invalid as number
hash:net,iface	inet	del	!10.0.0./8],physdh0	Syntax error: '8]' is invalid as number
hash:ip,port,net	inet6	del	:/1,80,2001:db8::/32	Syntax error: plain IP address must be supplied: :/1
hash:net,port	inet	add	[0.0.0.0/8,idmp:8/0	Syntax error: cannot find closing escape character ']' in [0.0.0.0
hash:net,iface	inet	add	[0.0.30.0/8,physdev:eth0	Syntax error: cannot find closing escape character ']' in [0.0.30.0
hash:ip,port,net	inet	add	1.1.1.1,8:up,2.2.0.0/11	Syntax error: Protocol 8 can be used with pseudo port value 0 only.
hash:ip,port,net	inet	add	1.1.1.1,8,2.2.,.0/16	Syntax error: Three elem separators in 1.1.1.1,8,2.2.,.0/16, but settype hash:ip,port,net supports two.
hash:ip,port	inet6	add	::1,udp:-5	Syntax error: '-5' is out of range 0-65535|Syntax error: 'udp' is invalid as number|cannot parse '-5' as a udp port
"##;

/// Tab-separated: type, family, element, the element in `ipset test`'s message (ipset 7.17).
const TESTED: &str = r##"
bitmap:ip,mac	inet	10.0.0.1,aa:bb:cc:dd:ee:ff	10.0.0.1,AA:BB:CC:DD:EE:FF
hash:ip	inet6	2001:d3b8::1	2001:d3b8::1
list:set	inet	nonexist	nonexist
hash:ip,port	inet6	::1,-0	::1,tcp:0
hash:ip	inet	1.0.0	1.0.0.0
hash:ip	inet6	db8::1	db8::1
hash:ip,port	inet6	2::1,udp:5	2::1,udp:5
hash:ip,port	inet6	::1,3	::1,tcp:3
hash:net	inet	10.4.0.0/24	10.4.0.0/24
hash:ip,port,net	inet6	::1,80,::1	::1,tcp:80,::1
hash:net	inet6	2001:db8::/0	2001:db8::/0
hash:net	inet6	1:2:3:4:5:6:7:8	1:2:3:4:5:6:7:8
hash:net,iface	inet	10.00.0/8,pysdev:eth0	10.0.0.0/8,pysdev:eth0
hash:net	inet	10.0.0.2	10.0.0.2
hash:ip,port,net	inet	1.1.1.1,80,10.0.0.0/ 8	1.1.1.1,tcp:80,10.0.0.0/8
hash:ip,port	inet6	::1,60	::1,tcp:60
hash:net,port	inet	10.0.0.0/24,sctp:5	10.0.0.0/24,sctp:5
hash:ip,port	inet	1.11.1,tcp:80	1.11.0.1,tcp:80
bitmap:ip,mac	inet	10.0.0.1,a:bb:c:dd:ee:ff	10.0.0.1,0A:BB:0C:DD:EE:FF
hash:net,iface	inet	10,phpsdev:th/	0.0.0.10,phpsdev:th/
hash:net	inet	1/24	0.0.0.1/24
hash:ip,port	inet6	::1,050	::1,tcp:40
hash:ip,port,net	inet6	::1,80,2001:db::/32	::1,tcp:80,2001:db::/32
hash:ip	inet6	2001:db80::	2001:db80::
hash:net,port	inet6	2001:db8::/64,udp:53	2001:db8::/64,udp:53
hash:net,iface	inet	0.0.0.0/0,eth0:1	0.0.0.0/0,eth0:1
list:set	inet	a,before,b	a after b
hash:ip	inet	1.2.3.04	1.2.3.4
hash:ip	inet	10.0.0.8	10.0.0.8
hash:net,iface	inet	10.0.0.0/8,ünï	10.0.0.0/8,ünï
hash:net,iface	inet6	2001:db8::/32,eth0:1	2001:db8::/32,eth0:1
hash:ip,port,net	inet	1.1.1.1,80,010.0.0.1	1.1.1.1,tcp:80,8.0.0.1
hash:ip,port,net	inet	1.1.1.1,80,2.2.0.0/16	1.1.1.1,tcp:80,2.2.0.0/16
hash:net	inet6	2001:9b87::/48	2001:9b87::/48
hash:ip	inet	10.0.0	10.0.0.0
bitmap:port	inet	80	80
hash:net	inet	0.0.0.0/24	0.0.0.0/24
hash:net	inet	10.0.0.024	10.0.0.20
hash:net,iface	inet	10.0.0.0/8,abcdefghijklmno	10.0.0.0/8,abcdefghijklmno
hash:net	inet	010.0.0.1	8.0.0.1
hash:net,iface	inet6	2001:db8::/32,abcdefghijklmno	2001:db8::/32,abcdefghijklmno
hash:ip,port,net	inet6	::1,80,2001:db85::/3	::1,tcp:80,2001:db85::/3
hash:net,port	inet	10.0.0.0/24,esp:0	10.0.0.0/24,esp:0
hash:net	inet	0.0.0.0	0.0.0.0
hash:ip,port	inet	1.1.1.1,253:0	1.1.1.1,253:0
hash:ip,port,net	inet	1.1.1.1,80,localhost	1.1.1.1,tcp:80,127.0.0.1
hash:ip,port,net	inet6	::1,80,0:0:1::	::1,tcp:80,0:0:1::
hash:net,port	inet6	2001:db8::/64,sctp:5	2001:db8::/64,sctp:5
hash:ip,port,net	inet6	b::,80,2001:db8::/32	b::,tcp:80,2001:db8::/32
hash:ip,port	inet	1.1.1.1,icmp:tos	1.1.1.1,icmp:TOS-network-unreachable
list:set	inet	acb	acb
hash:net	inet	1.2.3	1.2.0.3
hash:ip,port	inet6	::1,udp:58	::1,udp:58
hash:ip,port,ip	inet6	::1,80,::1.2.3.4	::1,tcp:80,::1.2.3.4
hash:ip	inet	110.50.1	110.50.0.1
list:set	inet	a,beforge,	a,beforge,
hash:ip	inet6	::	::
hash:net	inet6	::1	::1
hash:ip,port	inet6	::1,010:0	::1,egp:0
bitmap:port	inet	5	5
"##;

fn rows(table: &str, n: usize) -> impl Iterator<Item = Vec<&str>> {
    table.lines().filter(|l| !l.is_empty()).map(move |l| {
        let v: Vec<&str> = l.split('\t').collect();
        assert_eq!(v.len(), n, "{l}");
        v
    })
}

fn fam_for(t: SetType, f: &str) -> Family {
    if t == SetType::BitmapPort || t == SetType::ListSet {
        Family::Unspec
    } else {
        fam(f)
    }
}

#[test]
fn listed_forms() {
    for r in rows(LISTED, 4) {
        let (t, f, elem, want) = (r[0], r[1], r[2], r[3]);
        let t = ty(t);
        let f = fam_for(t, f);
        let e = parse_element(elem, t, f, ElemCmd::Add).unwrap_or_else(|e| panic!("{elem}: {e}"));
        let mut s = String::new();
        format_element(&e, t, f, &mut s);
        assert_eq!(s, want, "{elem} ({t})");
    }
}

#[test]
fn rejected_forms() {
    for r in rows(REJECTED, 5) {
        let (t, f, c, elem, want) = (r[0], r[1], r[2], r[3], r[4]);
        let t = ty(t);
        let f = fam_for(t, f);
        match parse_element(elem, t, f, cmd(c)) {
            Ok(e) => panic!("{t} {c} {elem:?} accepted: {e:?}, ipset says {want}"),
            Err(e) => assert_eq!(e.lines.join("|"), want, "{t} {c} {elem:?}"),
        }
    }
}

#[test]
fn test_messages() {
    for r in rows(TESTED, 4) {
        let (t, f, elem, want) = (r[0], r[1], r[2], r[3]);
        let t = ty(t);
        let f = fam_for(t, f);
        let e = parse_element(elem, t, f, ElemCmd::Test).unwrap_or_else(|e| panic!("{elem}: {e}"));
        let mut s = String::new();
        format_element_for_message(&e, t, f, &mut s);
        assert_eq!(s, want, "{elem} ({t})");
    }
    // list:set prints "after" even for "before"; physdev is not shown in messages.
    let e = parse_element(
        "a,before,b",
        SetType::ListSet,
        Family::Unspec,
        ElemCmd::Test,
    )
    .unwrap();
    let mut s = String::new();
    format_element_for_message(&e, SetType::ListSet, Family::Unspec, &mut s);
    assert_eq!(s, "a after b");
    let e = parse_element(
        "10.0.0.0/8,physdev:eth1",
        SetType::HashNetIface,
        Family::Inet,
        ElemCmd::Test,
    )
    .unwrap();
    let mut s = String::new();
    format_element_for_message(&e, SetType::HashNetIface, Family::Inet, &mut s);
    assert_eq!(s, "10.0.0.0/8,eth1");
    s.clear();
    format_element(&e, SetType::HashNetIface, Family::Inet, &mut s);
    assert_eq!(s, "10.0.0.0/8,physdev:eth1");
}

#[test]
fn elements_as_in_captures() {
    let v4 = |s: &str| Some(IpAddr::V4(s.parse().unwrap()));
    let e = parse_element(
        "1.1.1.1,80",
        SetType::HashIpPort,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap();
    assert_eq!(
        (e.ip, e.port, e.proto, e.port_to),
        (v4("1.1.1.1"), Some(80), Some(6), None)
    );
    let e = parse_element(
        "1.1.1.1,icmp:echo-request",
        SetType::HashIpPort,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap();
    assert_eq!((e.port, e.proto), (Some(0x0800), Some(1)));
    let e = parse_element(
        "2001:db8::1,ipv6-icmp:echo-request",
        SetType::HashIpPort,
        Family::Inet6,
        ElemCmd::Add,
    )
    .unwrap();
    assert_eq!((e.port, e.proto), (Some(0x8000), Some(58)));
    let e = parse_element(
        "1.1.1.1,tcp:80-82",
        SetType::HashIpPort,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap();
    assert_eq!((e.port, e.port_to), (Some(80), Some(82)));
    let e = parse_element("10.0.0.0/8", SetType::HashNet, Family::Inet, ElemCmd::Add).unwrap();
    assert_eq!((e.ip, e.cidr, e.ip_to), (v4("10.0.0.0"), Some(8), None));
    let e = parse_element(
        "10.1.1.1-10.1.1.20",
        SetType::HashNet,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap();
    assert_eq!(
        (e.ip, e.cidr, e.ip_to),
        (v4("10.1.1.1"), None, v4("10.1.1.20"))
    );
    let e = parse_element("tcp:80", SetType::BitmapPort, Family::Unspec, ElemCmd::Add).unwrap();
    assert_eq!((e.port, e.proto), (Some(80), None));
    let e = parse_element("100-110", SetType::BitmapPort, Family::Unspec, ElemCmd::Add).unwrap();
    assert_eq!((e.port, e.port_to), (Some(100), Some(110)));
    let e = parse_element(
        "10.0.0.0/8,physdev:eth1",
        SetType::HashNetIface,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap();
    assert!(e.physdev);
    assert_eq!(e.iface.as_deref(), Some("eth1"));
    let e = parse_element("a", SetType::ListSet, Family::Unspec, ElemCmd::Add).unwrap();
    assert_eq!((e.name.as_deref(), e.reference), (Some("a"), None));
    let e = parse_element("a,before,b", SetType::ListSet, Family::Unspec, ElemCmd::Add).unwrap();
    assert_eq!(e.reference, Some((Position::Before, "b".to_string())));
    let e = parse_element("a,after,b", SetType::ListSet, Family::Unspec, ElemCmd::Add).unwrap();
    assert_eq!(e.reference, Some((Position::After, "b".to_string())));
    let e = parse_element(
        "1.1.1.1,tcp:80,2.2.0.0/16",
        SetType::HashIpPortNet,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap();
    assert_eq!((e.ip2, e.cidr2), (v4("2.2.0.0"), Some(16)));
    let e = parse_element(
        "10.0.0.1,aa:bb:cc:dd:ee:ff",
        SetType::BitmapIpMac,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap();
    assert_eq!(e.mac, Some([0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]));
    // hash:net keeps a host /32 as given (the kernel is sent CIDR 32).
    let e = parse_element("10.1.1.1/32", SetType::HashNet, Family::Inet, ElemCmd::Add).unwrap();
    assert_eq!(e.cidr, Some(32));
    // gre: pseudo port 0 is sent.
    let e = parse_element(
        "1.1.1.1,gre:0",
        SetType::HashIpPort,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap();
    assert_eq!((e.port, e.proto), (Some(0), Some(47)));
}

#[test]
fn types_without_kernel_support() {
    // hash:ip,mark, hash:mac, hash:ip,mac, hash:net,net, hash:net,port,net (userspace rules).
    let e = parse_element(
        "1.1.1.1,10",
        SetType::HashIpMark,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap();
    let mut s = String::new();
    format_element(&e, SetType::HashIpMark, Family::Inet, &mut s);
    assert_eq!(s, "1.1.1.1,0x0000000a");
    let err = parse_element(
        "1.1.1.1,4294967296",
        SetType::HashIpMark,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap_err();
    assert_eq!(
        err.lines,
        ["Syntax error: '4294967296' is out of range 0-4294967295"]
    );
    let e = parse_element(
        "aa:bb:cc:dd:ee:ff",
        SetType::HashMac,
        Family::Unspec,
        ElemCmd::Add,
    )
    .unwrap();
    let mut s = String::new();
    format_element(&e, SetType::HashMac, Family::Unspec, &mut s);
    assert_eq!(s, "AA:BB:CC:DD:EE:FF");
    let err = parse_element(
        "1.1.1.1-1.1.1.2,aa:bb:cc:dd:ee:ff",
        SetType::HashIpMac,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap_err();
    assert_eq!(
        err.lines,
        [
            "FROM-TO IP range is not allowed in command add with set type hash:ip,mac and family inet"
        ]
    );
    let e = parse_element(
        "10.0.0.0/8,192.168.0.0/16",
        SetType::HashNetNet,
        Family::Inet,
        ElemCmd::Test,
    )
    .unwrap();
    let mut s = String::new();
    format_element(&e, SetType::HashNetNet, Family::Inet, &mut s);
    assert_eq!(s, "10.0.0.0/8,192.168.0.0/16");
    let e = parse_element(
        "10.0.0.0/8,udp:53,192.168.0.1",
        SetType::HashNetPortNet,
        Family::Inet,
        ElemCmd::Add,
    )
    .unwrap();
    let mut s = String::new();
    format_element(&e, SetType::HashNetPortNet, Family::Inet, &mut s);
    assert_eq!(s, "10.0.0.0/8,udp:53,192.168.0.1");
    let err = parse_element(
        "10.0.0.0/8,80-81,1.1.1.1",
        SetType::HashNetPortNet,
        Family::Inet,
        ElemCmd::Test,
    )
    .unwrap_err();
    assert_eq!(
        err.lines,
        [
            "FROM-TO port range is not allowed in command test with set type hash:net,port,net and family inet"
        ]
    );
}

#[test]
fn no_panics_on_odd_input() {
    let odd = [
        "",
        ",",
        "-",
        "/",
        ":",
        "[",
        "]",
        "[]",
        "[-]",
        "-[",
        ",,",
        ",,,",
        "::",
        ":::",
        "/0",
        "/-1",
        "1/",
        "-/",
        "99999999999999999999999999999",
        "0x",
        "0x-",
        "+",
        "+-1",
        " ",
        "\t",
        "\u{e9}\u{fc}",
        "\u{1F600},\u{1F600}",
        "1.1.1.1,\u{1F600}:80",
        "[\u{1F600}]-[\u{1F600}]",
        "a\0b",
        "icmp:",
        "1.1.1.1,icmp:/",
        "1.1.1.1,icmp:0/",
        "1.1.1.1,tcp:-",
        "1.1.1.1,tcp:[",
        "1.1.1.1,tcp:[]-[]",
        "1.1.1.1,tcp:[a]-",
        "physdev:",
        ",physdev:",
        "1,before,",
        ",before,x",
        "a,after,b,c,d",
        "\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}",
    ];
    for t in SetType::ALL {
        let fams: &[Family] = match t.family_kind() {
            crate::set::FamilyKind::InetOnly => &[Family::Inet],
            crate::set::FamilyKind::Both => &[Family::Inet, Family::Inet6],
            crate::set::FamilyKind::Neutral => &[Family::Unspec],
        };
        for &f in fams {
            for c in [ElemCmd::Add, ElemCmd::Test] {
                for s in odd {
                    if let Ok(e) = parse_element(s, t, f, c) {
                        let mut out = String::new();
                        format_element(&e, t, f, &mut out);
                        format_element_for_message(&e, t, f, &mut out);
                    }
                }
            }
        }
    }
    // Formatting an empty element of every type must not panic either.
    for t in SetType::ALL {
        let mut out = String::new();
        format_element(&Element::default(), t, Family::Inet, &mut out);
    }
    for a in odd {
        for b in odd {
            let _ = compare_printed(a, b);
        }
    }
}

#[test]
fn numbers_as_strtoull() {
    assert_eq!(parse_number(" +0x10", 0, 255), Ok(16));
    assert_eq!(
        parse_number("08", 0, 255).unwrap_err().lines,
        ["Syntax error: '08' is invalid as number"]
    );
}

#[test]
fn ipv6_text_as_glibc() {
    let cases = [
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("::1.2.3.4", "::1.2.3.4"),
        ("::ffff:0:0", "::ffff:0.0.0.0"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("1:0:0:0:2:0:0:3", "1::2:0:0:3"),
        ("1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0"),
        ("2001:db8:0:0:1::", "2001:db8:0:0:1::"),
        ("fe80::1:2", "fe80::1:2"),
    ];
    for (i, want) in cases {
        let mut s = String::new();
        push_ipv6(i.parse().unwrap(), &mut s);
        assert_eq!(s, want, "{i}");
    }
}

#[test]
fn libc_like_numbers() {
    assert_eq!(inet_aton_digits(b"1.2.3"), Some(Ipv4Addr::new(1, 2, 0, 3)));
    assert_eq!(inet_aton_digits(b"10"), Some(Ipv4Addr::new(0, 0, 0, 10)));
    assert_eq!(
        inet_aton_digits(b"010.0.0.1"),
        Some(Ipv4Addr::new(8, 0, 0, 1))
    );
    assert_eq!(
        inet_aton_digits(b"1.65535"),
        Some(Ipv4Addr::new(1, 0, 255, 255))
    );
    assert_eq!(
        inet_aton_digits(b"4294967295"),
        Some(Ipv4Addr::new(255, 255, 255, 255))
    );
    assert_eq!(inet_aton_digits(b"4294967296"), None);
    assert_eq!(inet_aton_digits(b"08.1.1.1"), None);
    assert_eq!(inet_aton_digits(b"1..2"), None);
    assert_eq!(inet_aton_digits(b"1.2.3.4.5"), None);
    assert_eq!(inet_aton_digits(b"256.1"), None);
    assert_eq!(strtoull0(b"0x"), (0, 1, false));
    assert_eq!(strtoull0(b" -1"), (u64::MAX, 3, false));
    assert_eq!(strtoull0(b"99999999999999999999"), (u64::MAX, 20, true));
    assert_eq!(strtoull0(b"x"), (0, 0, false));
}

#[test]
fn icmp_tables() {
    assert_eq!(icmp_name(0x0800), Some("echo-request"));
    assert_eq!(icmp_name(0x0000), Some("echo-reply"));
    assert_eq!(icmp_name(0x0308), None);
    assert_eq!(icmpv6_name(0x8700), Some("neighbour-solicitation"));
    assert_eq!(icmp_by_name(ICMP_NAMES, "pi"), Some(0x0800));
    assert_eq!(icmp_by_name(ICMP_NAMES, "TOS"), Some(0x030b));
    assert_eq!(icmp_by_name(ICMPV6_NAMES, "neigb"), Some(0x8700));
    assert_eq!(icmp_by_name(ICMPV6_NAMES, "echo-requestx"), None);
}

fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    sort_printed(&mut v, |s| s);
    v
}

#[test]
fn sorting_like_ipset() {
    assert_eq!(
        sorted(&[
            "127.0.0.1",
            "10.0.0.0/8",
            "10.0.0.0/16",
            "9.0.0.0/8",
            "10.0.0.0/24"
        ]),
        [
            "9.0.0.0/8",
            "10.0.0.0/24",
            "10.0.0.0/16",
            "10.0.0.0/8",
            "127.0.0.1"
        ]
    );
    assert_eq!(
        sorted(&[
            "1.1.1.1,udp:53",
            "1.1.1.1,tcp:80",
            "1.1.1.1,tcp:8",
            "1.1.1.0,udp:1"
        ]),
        [
            "1.1.1.0,udp:1",
            "1.1.1.1,tcp:8",
            "1.1.1.1,tcp:80",
            "1.1.1.1,udp:53"
        ]
    );
    assert_eq!(
        sorted(&["2001:db8::2", "::1", "2001:db8::1", "2001::"]),
        ["::1", "2001::", "2001:db8::1", "2001:db8::2"]
    );
    assert_eq!(compare_printed("10.0.0.1", "10.0.0.1\n"), Ordering::Equal);
    // Big sets take the merge path and keep ties stable.
    let mut v: Vec<String> = (0..5000)
        .rev()
        .map(|i| format!("10.0.{}.{}", i / 256, i % 256))
        .collect();
    v.push("10.0.0.7".to_string());
    sort_printed(&mut v, |s| s);
    assert_eq!(v[0], "10.0.0.0");
    assert_eq!(v[7], "10.0.0.7");
    assert_eq!(v[8], "10.0.0.7");
    assert_eq!(v[5000], "10.0.19.135");
}

/// Differential check against expectations produced by the real ipset
/// (`WISET_ELEM_DIFF=/path/expected.tsv cargo test -- --ignored elem_diff`).
#[test]
#[ignore]
fn elem_diff() {
    let Ok(path) = std::env::var("WISET_ELEM_DIFF") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let mut bad = 0;
    for line in text.lines() {
        let f: Vec<&str> = line.splitn(5, '\t').collect();
        let (t, fa, c, elem, want) = (ty(f[0]), fam(f[1]), cmd(f[2]), f[3], f[4]);
        // bitmap:port takes no family.
        let fa = if t == SetType::BitmapPort || t == SetType::ListSet {
            Family::Unspec
        } else {
            fa
        };
        if want == "ERR:" {
            continue; // ipset crashed
        }
        let got = match parse_element(elem, t, fa, c) {
            Ok(e) => {
                if let Some(p) = want.strip_prefix("OK:") {
                    let mut s = String::new();
                    format_element_for_message(&e, t, fa, &mut s);
                    if s == p {
                        want.to_string()
                    } else {
                        format!("OK:{s}")
                    }
                } else {
                    "OK".to_string()
                }
            }
            Err(e) => format!("ERR:{}", e.lines.join("|")),
        };
        let got = if want.starts_with("OK") && got.starts_with("OK") && !want.starts_with("OK:") {
            "OK".to_string()
        } else {
            got
        };
        if got != want {
            bad += 1;
            eprintln!(
                "MISMATCH {} {} {} [{elem}]\n   want {want}\n   got  {got}",
                f[0], f[1], f[2]
            );
        }
    }
    assert_eq!(bad, 0);
}
/// Sorting check against `ipset -s list` output
/// (`WISET_SORT_DIFF=/dir cargo test -- --ignored sort_diff`, files NAME.unsorted/NAME.sorted).
#[test]
#[ignore]
fn sort_diff() {
    let Ok(dir) = std::env::var("WISET_SORT_DIFF") else {
        return;
    };
    let mut bad = 0;
    for ent in std::fs::read_dir(&dir).unwrap() {
        let path = ent.unwrap().path();
        let name = path.to_string_lossy().to_string();
        let Some(base) = name.strip_suffix(".unsorted") else {
            continue;
        };
        let unsorted = std::fs::read_to_string(&path).unwrap();
        let want = std::fs::read_to_string(format!("{base}.sorted")).unwrap();
        let mut lines: Vec<&str> = unsorted.lines().collect();
        let input = lines.clone();
        sort_printed(&mut lines, |s| s);
        if !base.contains("iface") {
            // The comparator is consistent here: the fast path must agree.
            let order = merge_sort_indices(input.len(), |a, b| compare_printed(input[a], input[b]));
            let fast: Vec<&str> = order.iter().map(|&i| input[i]).collect();
            assert_eq!(fast, lines, "{base}");
        }
        let want: Vec<&str> = want.lines().collect();
        if lines != want {
            bad += 1;
            eprintln!("SORT MISMATCH {base}");
            for (i, (a, b)) in lines.iter().zip(want.iter()).enumerate() {
                if a != b {
                    eprintln!("  at {i}: got {a:?} want {b:?}");
                    break;
                }
            }
        }
    }
    assert_eq!(bad, 0);
}

#[test]
fn fast_path_agrees() {
    let mut inputs: Vec<String> = Vec::new();
    for a in [
        "0", "1", "9", "10", "99", "100", "199", "255", "256", "01", "00", "1000", "", "x",
    ] {
        inputs.push(format!("{a}.2.3.4"));
        inputs.push(format!("10.{a}.0.1"));
        inputs.push(format!("10.0.0.{a}"));
        inputs.push(format!("10.0.0.0/{a}"));
    }
    inputs.extend(
        [
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.4/",
            "/8",
            "1.2.3.4/33",
            "1.2.3.4/8/8",
            "1..2.3",
            "1.2.3.4.",
            ".1.2.3.4",
            "1.2.3.4a",
            "1.2.3.04",
            "1.2.3.4/08",
            "1.2.3.4/0",
            "0.0.0.0",
            "255.255.255.255",
            "255.255.255.255/32",
            "1.2.3.4/32",
        ]
        .map(String::from),
    );
    let mut fast_ones = 0;
    for t in [SetType::HashIp, SetType::HashNet] {
        for cmd in [ElemCmd::Add, ElemCmd::Del, ElemCmd::Test] {
            for s in &inputs {
                if let Some(fast) = parse_plain_ipv4(s, t, Family::Inet) {
                    fast_ones += 1;
                    let slow = parse_element_unchecked(s, t, Family::Inet, cmd, &mut Vec::new())
                        .and_then(|e| check_allowed(&e, t, Family::Inet, cmd).map(|()| e));
                    assert_eq!(Ok(fast), slow, "{s} for {t} {cmd:?}");
                }
            }
        }
    }
    assert!(fast_ones > 50, "the fast path took only {fast_ones} inputs");
}

/// The packed numeric key orders IPv4 addresses and networks exactly as
/// ipset's comparator does (and declines every other text).
#[test]
fn numeric_sort_key_orders_as_the_comparator() {
    use super::sort::numeric_key;
    let mut seed: u64 = 0x5eed;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let mut texts = Vec::new();
    for _ in 0..4000 {
        // Few distinct octets, so that ties and shared prefixes are common.
        let o = |r: &mut dyn FnMut(u64) -> u64| {
            [0, 1, 9, 10, 15, 16, 99, 100, 159, 160, 199, 200, 255][r(13) as usize]
        };
        let mut t = format!(
            "{}.{}.{}.{}",
            o(&mut next),
            o(&mut next),
            o(&mut next),
            o(&mut next)
        );
        if next(2) == 0 {
            t.push_str(&format!("/{}", next(33)));
        }
        t.push('\n');
        texts.push(t);
    }
    let by_cmp =
        super::sort::merge_sort_indices(texts.len(), |a, b| compare_printed(&texts[a], &texts[b]));
    let mut by_key: Vec<(u64, usize)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (numeric_key(t.as_bytes()).expect(t), i))
        .collect();
    by_key.sort();
    let by_key: Vec<usize> = by_key.into_iter().map(|(_, i)| i).collect();
    assert_eq!(by_key, by_cmp);
    // sorted_order takes the same path for such sets.
    assert_eq!(
        super::sorted_order(texts.len(), |i| texts[i].as_str()),
        by_cmp
    );
    for other in [
        "10.0.0.1 timeout 5\n",
        "::1\n",
        "10.0.0.1,tcp:80\n",
        "1000.0.0.1\n",
        "1.2.3.4.5.6\n",
        "10.0.0.1\nx",
        "eth0\n",
    ] {
        assert_eq!(numeric_key(other.as_bytes()), None, "{other:?}");
    }
}

/// Lines parsed one after another into one reused entry (as replace and
/// restore read them) give what each line gives parsed on its own, whatever
/// the line before left in the entry (a line that fails leaves it as it
/// was: `--skip-invalid` goes on with it).
#[test]
fn parsing_into_a_reused_entry_is_parsing_afresh() {
    let lines = [
        "10.0.0.1",
        "10.0.0.2",
        "10.1.0.0/16",
        "10.0.0.3 comment \"c\"",
        "10.0.0.4",
        "010.0.0.5",
        "10.0.0.6 timeout 5",
        "10.0.0.7/32",
        "192.168.0.0/24 nomatch",
        "192.168.1.0/24",
        "1.2.3.4-1.2.3.9",
        "1.2.3.10",
        "10.0.0.256",
        "10.0.0.8",
    ];
    for (t, family) in [
        (SetType::HashIp, Family::Inet),
        (SetType::HashNet, Family::Inet),
        (SetType::HashIp, Family::Inet6),
    ] {
        let p = EntryParser::new(t, family, ElemCmd::Add);
        let mut entry = crate::set::Entry::default();
        for line in lines {
            let alone = p.parse_line(line);
            let into = p.parse_line_into(line, &mut entry).map(|()| entry.clone());
            assert_eq!(into, alone, "{t:?} {family:?}: {line}");
        }
    }
}
