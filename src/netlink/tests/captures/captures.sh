#!/bin/bash
# Regenerate every ipset(8) netlink capture fixture in this directory.
#
# Usage (as root, needs ipset, strace, unshare, python3):
#   ./captures.sh            # regenerate all fixtures
#   ./captures.sh ID...      # regenerate only the named fixtures
#
# Every capture runs in its own fresh network namespace (unshare -n), so the
# host's sets are never touched.  "setup" commands run with the real ipset and
# are not captured; in "cmd" the word `ipset` is a shell function that runs
# ipset under strace, so cmd may use pipes/redirections (e.g. restore).
# ipset's stdout/stderr of each capture go to $LOGDIR/<id>.log (not a fixture).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
IPSET=${IPSET:-/usr/sbin/ipset}
LOGDIR=${LOGDIR:-/tmp/wiset-captures}
mkdir -p "$LOGDIR"
ONLY=" $* "
FAIL=0

cap() { # cap ID SETUP CMD
	local id=$1 setup=$2 cmd=$3
	if [ "$ONLY" != "  " ] && [[ "$ONLY" != *" $id "* ]]; then return; fi
	local trace="$LOGDIR/$id.strace"
	rm -f "$trace"
	unshare -n env IPSET="$IPSET" SETUP="$setup" CMD="$cmd" TRACE="$trace" bash -c '
		if [ -n "$SETUP" ]; then
			bash -ec "$SETUP" || { echo "setup failed: $SETUP" >&2; exit 99; }
		fi
		ipset() {
			strace -f -xx -s 65535 -e trace=sendto,sendmsg,recvfrom,recvmsg \
				-e read=all -e write=all -A -o "$TRACE" "$IPSET" "$@"
		}
		eval "$CMD"
		echo "exit status: $?"
	' >"$LOGDIR/$id.log" 2>&1
	if grep -q "^setup failed" "$LOGDIR/$id.log"; then
		echo "FAILED setup: $id" >&2; FAIL=1; return
	fi
	python3 "$HERE/capture.py" convert "$trace" --cmd "$cmd" --setup "$setup" \
		-o "$HERE/$id.txt" || { echo "FAILED convert: $id" >&2; FAIL=1; }
}

# restore input for the 2000-entry dump: 10.0.0.0 .. 10.0.7.207
BIG_RESTORE='for i in $(seq 0 1999); do echo "add big 10.0.$((i/256)).$((i%256))"; done | ipset restore'
# (in SETUP, ipset is the real binary)

############################################################ 1. commands
cap version '' 'ipset version'
cap create_hash_ip '' 'ipset create foo hash:ip'
cap destroy_name 'ipset create foo hash:ip' 'ipset destroy foo'
cap destroy_all 'ipset create foo hash:ip; ipset create bar hash:net' 'ipset destroy'
cap flush_name 'ipset create foo hash:ip; ipset add foo 1.2.3.4' 'ipset flush foo'
cap flush_all 'ipset create foo hash:ip; ipset add foo 1.2.3.4; ipset create bar hash:net' 'ipset flush'
cap rename 'ipset create a hash:ip' 'ipset rename a b'
cap swap 'ipset create a hash:ip; ipset create b hash:ip; ipset add b 1.1.1.1' 'ipset swap a b'
cap list_name 'ipset create foo hash:ip; ipset add foo 1.2.3.4' 'ipset list foo'
cap list_all 'ipset create foo hash:ip; ipset add foo 1.2.3.4; ipset create lst list:set; ipset add lst foo' 'ipset list'
cap list_terse_name 'ipset create foo hash:ip; ipset add foo 1.2.3.4' 'ipset list -t foo'
cap list_names 'ipset create foo hash:ip; ipset add foo 1.2.3.4; ipset create lst list:set; ipset add lst foo' 'ipset list -n'
cap save_name 'ipset create foo hash:ip; ipset add foo 1.2.3.4' 'ipset save foo'
cap add 'ipset create foo hash:ip' 'ipset add foo 1.2.3.4'
cap del 'ipset create foo hash:ip; ipset add foo 1.2.3.4' 'ipset del foo 1.2.3.4'
cap test_hit 'ipset create foo hash:ip; ipset add foo 1.2.3.4' 'ipset test foo 1.2.3.4'
cap test_miss 'ipset create foo hash:ip; ipset add foo 1.2.3.4' 'ipset test foo 5.6.7.8'
cap add_exist 'ipset create foo hash:ip; ipset add foo 1.2.3.4' 'ipset -exist add foo 1.2.3.4'
cap create_exist 'ipset create foo hash:ip' 'ipset -exist create foo hash:ip'
cap restore_add3 'ipset create foo hash:ip' \
	"printf 'add foo 1.1.1.1\nadd foo 1.1.1.2\nadd foo 1.1.1.3\n' | ipset restore"
cap restore_dup 'ipset create foo hash:ip' \
	"printf 'add foo 1.1.1.1\nadd foo 1.1.1.2\nadd foo 1.1.1.1\n' | ipset restore"
cap err_create_eexist 'ipset create foo hash:ip' 'ipset create foo hash:ip'
cap err_add_enoent '' 'ipset add nosuch 1.2.3.4'
cap err_create_hash_mac '' 'ipset create foo hash:mac'

############################################################ 2. set types
# bitmap:ip
BIP='ipset create b bitmap:ip range 10.0.0.0/24 timeout 0 counters comment skbinfo'
BIP_ADD='ipset add b 10.0.0.5 timeout 30 packets 1 bytes 2 comment "x" skbmark 0x10/0xff skbprio 1:2 skbqueue 3'
cap create_bitmap_ip '' "$BIP"
cap add_bitmap_ip "$BIP" "$BIP_ADD"
cap list_bitmap_ip "$BIP; $BIP_ADD" 'ipset list b'
BIPN='ipset create b bitmap:ip range 10.0.0.0/24 netmask 28'
cap create_bitmap_ip_netmask '' "$BIPN"
cap add_bitmap_ip_netmask "$BIPN" 'ipset add b 10.0.0.17'
cap list_bitmap_ip_netmask "$BIPN; ipset add b 10.0.0.17" 'ipset list b'

# bitmap:ip,mac
BIM='ipset create b bitmap:ip,mac range 10.0.0.0/24 timeout 0 counters'
BIM_ADD='ipset add b 10.0.0.1,aa:bb:cc:dd:ee:ff timeout 40 packets 7 bytes 8'
cap create_bitmap_ip_mac '' "$BIM"
cap add_bitmap_ip_mac "$BIM" "$BIM_ADD"
cap list_bitmap_ip_mac "$BIM; $BIM_ADD" 'ipset list b'

# bitmap:port
BP='ipset create b bitmap:port range 1-1024 timeout 0 comment'
BP_ADD1='ipset add b tcp:80 timeout 50 comment "http"'
BP_ADD2='ipset add b 100-110'
cap create_bitmap_port '' "$BP"
cap add_bitmap_port "$BP" "$BP_ADD1"
cap add_bitmap_port_range "$BP" "$BP_ADD2"
cap list_bitmap_port "$BP; $BP_ADD1; $BP_ADD2" 'ipset list b'

# hash:ip inet
HIP='ipset create h hash:ip family inet hashsize 64 maxelem 1000 netmask 24 timeout 600 counters comment forceadd skbinfo bucketsize 8 initval 0x12345678'
HIP_ADD1='ipset add h 10.0.0.1 timeout 60 packets 5 bytes 10 comment "c" skbmark 0x1 skbprio 1:1 skbqueue 2'
HIP_ADD2='ipset add h 10.1.0.0/30'
HIP_ADD3='ipset add h 10.2.0.1-10.2.0.3'
cap create_hash_ip_opts '' "$HIP"
cap add_hash_ip "$HIP" "$HIP_ADD1"
cap add_hash_ip_cidr "$HIP" "$HIP_ADD2"
cap add_hash_ip_range "$HIP" "$HIP_ADD3"
cap list_hash_ip "$HIP; $HIP_ADD1; $HIP_ADD2; $HIP_ADD3" 'ipset list h'
# hash:ip inet6
HIP6='ipset create h6 hash:ip family inet6 hashsize 128 maxelem 500 netmask 64 timeout 0 counters'
HIP6_ADD='ipset add h6 2001:db8::1 timeout 20 packets 3 bytes 4'
cap create_hash_ip_v6 '' "$HIP6"
cap add_hash_ip_v6 "$HIP6" "$HIP6_ADD"
cap list_hash_ip_v6 "$HIP6; $HIP6_ADD" 'ipset list h6'
# hash:ip bitmask
HIPB='ipset create h hash:ip bitmask 255.255.0.255 maxelem 100'
cap create_hash_ip_bitmask '' "$HIPB"
cap add_hash_ip_bitmask "$HIPB" 'ipset add h 1.2.3.4'
cap list_hash_ip_bitmask "$HIPB; ipset add h 1.2.3.4" 'ipset list h'

# hash:ip,port
HIPP='ipset create hp hash:ip,port hashsize 256 maxelem 2000 timeout 0 counters comment'
HIPP_ADD1='ipset add hp 1.1.1.1,tcp:80 timeout 100 packets 1 bytes 1 comment "web"'
HIPP_ADD2='ipset add hp 1.1.1.1,udp:53'
HIPP_ADD3='ipset add hp 1.1.1.1,icmp:echo-request'
HIPP_ADD4='ipset add hp 1.1.1.1,tcp:80-82'
cap create_hash_ip_port '' "$HIPP"
cap add_hash_ip_port "$HIPP" "$HIPP_ADD1"
cap add_hash_ip_port_udp "$HIPP" "$HIPP_ADD2"
cap add_hash_ip_port_icmp "$HIPP" "$HIPP_ADD3"
cap add_hash_ip_port_range "$HIPP" "$HIPP_ADD4"
cap list_hash_ip_port "$HIPP; $HIPP_ADD1; $HIPP_ADD2; $HIPP_ADD3; ipset -exist add hp 1.1.1.1,tcp:80-82" 'ipset list hp'
HIPP6='ipset create hp6 hash:ip,port family inet6 hashsize 64 timeout 0'
HIPP6_ADD1='ipset add hp6 2001:db8::1,udp:53 timeout 10'
HIPP6_ADD2='ipset add hp6 2001:db8::1,ipv6-icmp:echo-request'
cap create_hash_ip_port_v6 '' "$HIPP6"
cap add_hash_ip_port_v6 "$HIPP6" "$HIPP6_ADD1"
cap add_hash_ip_port_v6_icmp "$HIPP6" "$HIPP6_ADD2"
cap list_hash_ip_port_v6 "$HIPP6; $HIPP6_ADD1; $HIPP6_ADD2" 'ipset list hp6'

# hash:ip,port,ip
HIPI='ipset create hpi hash:ip,port,ip hashsize 64 maxelem 100 timeout 0 comment'
HIPI_ADD='ipset add hpi 1.1.1.1,tcp:80,2.2.2.2 timeout 70 comment "ppi"'
cap create_hash_ip_port_ip '' "$HIPI"
cap add_hash_ip_port_ip "$HIPI" "$HIPI_ADD"
cap list_hash_ip_port_ip "$HIPI; $HIPI_ADD" 'ipset list hpi'

# hash:ip,port,net
HIPN='ipset create hpn hash:ip,port,net hashsize 64 maxelem 100 counters skbinfo'
HIPN_ADD='ipset add hpn 1.1.1.1,tcp:80,2.2.0.0/16 nomatch packets 9 bytes 99 skbmark 0x5'
cap create_hash_ip_port_net '' "$HIPN"
cap add_hash_ip_port_net "$HIPN" "$HIPN_ADD"
cap list_hash_ip_port_net "$HIPN; $HIPN_ADD" 'ipset list hpn'

# hash:net
HN='ipset create hn hash:net hashsize 64 maxelem 100 timeout 0 counters comment'
HN_ADD1='ipset add hn 10.0.0.0/8 timeout 90 comment "ten"'
HN_ADD2='ipset add hn 10.1.1.1-10.1.1.20'
HN_ADD3='ipset add hn 192.168.0.0/24 nomatch'
cap create_hash_net '' "$HN"
cap add_hash_net "$HN" "$HN_ADD1"
cap add_hash_net_range "$HN" "$HN_ADD2"
cap add_hash_net_nomatch "$HN" "$HN_ADD3"
cap list_hash_net "$HN; $HN_ADD1; $HN_ADD2; $HN_ADD3" 'ipset list hn'
HN6='ipset create hn6 hash:net family inet6 maxelem 10 comment'
HN6_ADD='ipset add hn6 2001:db8::/32 comment "doc"'
cap create_hash_net_v6 '' "$HN6"
cap add_hash_net_v6 "$HN6" "$HN6_ADD"
cap list_hash_net_v6 "$HN6; $HN6_ADD" 'ipset list hn6'

# hash:net,port
HNP='ipset create hnp hash:net,port hashsize 64 timeout 0 counters'
HNP_ADD='ipset add hnp 10.0.0.0/24,udp:53 timeout 15 packets 2 bytes 3'
cap create_hash_net_port '' "$HNP"
cap add_hash_net_port "$HNP" "$HNP_ADD"
cap list_hash_net_port "$HNP; $HNP_ADD" 'ipset list hnp'

# hash:net,iface
HNI='ipset create hni hash:net,iface hashsize 64 maxelem 100 timeout 0 comment'
HNI_ADD1='ipset add hni 10.0.0.0/8,physdev:eth1 timeout 25 comment "phys"'
HNI_ADD2='ipset add hni 0.0.0.0/0,eth2'
HNI_ADD3='ipset add hni 10.0.0.0/8,eth wildcard'
cap create_hash_net_iface '' "$HNI"
cap add_hash_net_iface_physdev "$HNI" "$HNI_ADD1"
cap add_hash_net_iface_any "$HNI" "$HNI_ADD2"
cap add_hash_net_iface_wildcard "$HNI" "$HNI_ADD3"
cap list_hash_net_iface "$HNI; $HNI_ADD1; $HNI_ADD2; $HNI_ADD3" 'ipset list hni'

# list:set
LS='ipset create m1 hash:ip; ipset create m2 hash:ip; ipset create m3 hash:ip'
LSC='ipset create l list:set size 8 timeout 0 counters comment'
LS_ADD1='ipset add l m1 timeout 30 comment "first"'
LS_ADD2='ipset add l m2 before m1'
LS_ADD3='ipset add l m3 after m1'
cap create_list_set "$LS" "$LSC"
cap add_list_set "$LS; $LSC" "$LS_ADD1"
cap add_list_set_before "$LS; $LSC; $LS_ADD1" "$LS_ADD2"
cap add_list_set_after "$LS; $LSC; $LS_ADD1; $LS_ADD2" "$LS_ADD3"
cap list_list_set "$LS; $LSC; $LS_ADD1; $LS_ADD2; $LS_ADD3" 'ipset list l'

############################################################ 3. unsupported types
cap unsupported_create_hash_mac '' 'ipset create x hash:mac'
cap unsupported_create_hash_ip_mac '' 'ipset create x hash:ip,mac'
cap unsupported_create_hash_ip_mark '' 'ipset create x hash:ip,mark'
cap unsupported_create_hash_net_net '' 'ipset create x hash:net,net'
cap unsupported_create_hash_net_port_net '' 'ipset create x hash:net,port,net'

############################################################ 4. big dump
cap list_hash_ip_dump 'ipset create big hash:ip maxelem 4096; '"$BIG_RESTORE" 'ipset list big'

python3 "$HERE/capture.py" check "$HERE"/*.txt || FAIL=1
exit $FAIL
