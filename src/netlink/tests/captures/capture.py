#!/usr/bin/env python3
"""Convert strace hex dumps of ipset(8) netlink traffic into capture fixtures.

Usage:
  capture.py convert TRACE --cmd CMD [--setup SETUP] [-o OUT]
      TRACE is the output of
        strace -f -xx -s 65535 -e trace=sendto,sendmsg,recvfrom,recvmsg \
               -e read=all -e write=all -o TRACE ipset ...
      (-e read=all/-e write=all make strace print a full hex dump of every
      buffer sent/received; the decoded netlink text is ignored).
      Writes the fixture format:
        # cmd: <CMD>
        # setup: <SETUP>
        > <hex of one netlink message sent by ipset, nlmsghdr included>
        < <hex of one netlink message received from the kernel>
      A datagram holding several netlink messages is split on nlmsg_len
      (next message starts at NLMSG_ALIGN(nlmsg_len)).
  capture.py check FILE...     verify fixture files are well formed
  capture.py decode FILE...    human readable dump of fixture files

Normally driven by captures.sh (same directory), which regenerates all
fixtures inside private network namespaces (unshare -n).
"""
import argparse
import re
import struct
import sys

SYSCALL_RE = re.compile(
    r'^(?:\[pid\s+\d+\]\s+|\d+\s+)?(sendto|sendmsg|recvfrom|recvmsg)\(.*\)\s+=\s+(-?\d+)')
UNFINISHED_RE = re.compile(
    r'^(?:\[pid\s+\d+\]\s+|\d+\s+)?(sendto|sendmsg|recvfrom|recvmsg)\(.*<unfinished \.\.\.>')
RESUMED_RE = re.compile(
    r'^(?:\[pid\s+\d+\]\s+|\d+\s+)?<\.\.\. (sendto|sendmsg|recvfrom|recvmsg) resumed>.*\)\s+=\s+(-?\d+)')
DUMP_RE = re.compile(r'^(?:\[pid\s+\d+\]\s+|\d+\s+)?\s*\| ([0-9a-f]{5,})  (.*)$')
BUFHDR_RE = re.compile(r'^(?:\[pid\s+\d+\]\s+|\d+\s+)?\s*\* (\d+) bytes in buffer (\d+)')

SEND = {'sendto', 'sendmsg'}


def parse_trace(text):
    """Return a list of (direction, bytes) datagrams, in order."""
    datagrams = []
    cur = None  # [direction, bytearray, expected_len]
    for line in text.splitlines():
        m = SYSCALL_RE.match(line) or RESUMED_RE.match(line)
        if m:
            if cur is not None and cur[1]:
                datagrams.append(cur)
            ret = int(m.group(2))
            cur = [('>' if m.group(1) in SEND else '<'), bytearray(), ret]
            if ret <= 0:
                cur = None
            continue
        if UNFINISHED_RE.match(line):
            raise SystemExit('capture.py: interleaved syscalls not supported: ' + line)
        if BUFHDR_RE.match(line):
            continue
        m = DUMP_RE.match(line)
        if m and cur is not None:
            off = int(m.group(1), 16)
            hexpart = m.group(2)[:49]  # 16 bytes: "xx " * 8 + " " + "xx " * 8
            data = bytes.fromhex(''.join(re.findall(r'[0-9a-f]{2}', hexpart)))
            if off != len(cur[1]) % (16 ** len(m.group(1))):
                raise SystemExit('capture.py: unexpected dump offset %x' % off)
            cur[1] += data
            continue
    if cur is not None and cur[1]:
        datagrams.append(cur)
    out = []
    for direction, data, ret in datagrams:
        if len(data) != ret:
            raise SystemExit('capture.py: dump has %d bytes, syscall returned %d'
                             % (len(data), ret))
        out.append((direction, bytes(data)))
    return out


def split_nlmsgs(data):
    msgs = []
    off = 0
    while off < len(data):
        if len(data) - off < 16:
            raise SystemExit('capture.py: trailing %d bytes' % (len(data) - off))
        (nlen,) = struct.unpack_from('<I', data, off)
        if nlen < 16 or off + nlen > len(data):
            raise SystemExit('capture.py: bad nlmsg_len %d at %d' % (nlen, off))
        msgs.append(data[off:off + nlen])
        off += (nlen + 3) & ~3
    return msgs


def convert(args):
    with open(args.trace) as f:
        datagrams = parse_trace(f.read())
    lines = ['# cmd: ' + args.cmd,
             ('# setup: ' + args.setup) if args.setup else '# setup:']
    for direction, data in datagrams:
        for msg in split_nlmsgs(data):
            lines.append(direction + ' ' + msg.hex())
    text = '\n'.join(lines) + '\n'
    if args.o:
        with open(args.o, 'w') as f:
            f.write(text)
    else:
        sys.stdout.write(text)


def read_fixture(path):
    cmd = setup = None
    msgs = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if line.startswith('# cmd: '):
                cmd = line[7:]
            elif line.startswith('# setup:'):
                setup = line[9:]
            elif line[:2] in ('> ', '< '):
                if not re.fullmatch(r'(?:[0-9a-f]{2})+', line[2:]):
                    raise SystemExit('%s:%d: bad hex' % (path, n))
                msgs.append((line[0], bytes.fromhex(line[2:])))
            else:
                raise SystemExit('%s:%d: unexpected line' % (path, n))
    return cmd, setup, msgs


def check(args):
    ok = True
    for path in args.files:
        cmd, setup, msgs = read_fixture(path)
        if cmd is None or setup is None or not msgs:
            print('%s: missing header or messages' % path)
            ok = False
        for i, (_, m) in enumerate(msgs):
            if struct.unpack_from('<I', m)[0] != len(m):
                print('%s: message %d nlmsg_len mismatch' % (path, i))
                ok = False
    sys.exit(0 if ok else 1)


# ---- decoder (debug aid only) ------------------------------------------
CMDS = {0: 'NONE', 1: 'PROTOCOL', 2: 'CREATE', 3: 'DESTROY', 4: 'FLUSH',
        5: 'RENAME', 6: 'SWAP', 7: 'LIST', 8: 'SAVE', 9: 'ADD', 10: 'DEL',
        11: 'TEST', 12: 'HEADER', 13: 'TYPE', 14: 'GET_BYNAME', 15: 'GET_BYINDEX'}
CMD_ATTRS = {1: 'PROTOCOL', 2: 'SETNAME', 3: 'TYPENAME/SETNAME2', 4: 'REVISION',
             5: 'FAMILY', 6: 'FLAGS', 7: 'DATA', 8: 'ADT', 9: 'LINENO',
             10: 'PROTOCOL_MIN', 11: 'INDEX'}
CADT_ATTRS = {1: 'IP', 2: 'IP_TO', 3: 'CIDR', 4: 'PORT', 5: 'PORT_TO',
              6: 'TIMEOUT', 7: 'PROTO', 8: 'CADT_FLAGS', 9: 'CADT_LINENO',
              10: 'MARK', 11: 'MARKMASK', 12: 'BITMASK'}
CREATE_ATTRS = {**CADT_ATTRS, **{
    17: 'INITVAL', 18: 'HASHSIZE', 19: 'MAXELEM', 20: 'NETMASK',
    21: 'BUCKETSIZE', 22: 'RESIZE', 23: 'SIZE', 24: 'ELEMENTS',
    25: 'REFERENCES', 26: 'MEMSIZE'}}
ADT_ATTRS = {**CADT_ATTRS, **{
    17: 'ETHER', 18: 'NAME', 19: 'NAMEREF', 20: 'IP2', 21: 'CIDR2',
    22: 'IP2_TO', 23: 'IFACE', 24: 'BYTES', 25: 'PACKETS', 26: 'COMMENT',
    27: 'SKBMARK', 28: 'SKBPRIO', 29: 'SKBQUEUE', 30: 'PAD'}}
IP_ATTRS = {1: 'IPADDR_IPV4', 2: 'IPADDR_IPV6'}
NLMSG = {1: 'NOOP', 2: 'ERROR', 3: 'DONE', 4: 'OVERRUN'}


def attrs(buf, names, indent, ctx, out, cmd=0):
    off = 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from('<HH', buf, off)
        t = atype & 0x3fff
        fl = ('N' if atype & 0x8000 else '') + ('B' if atype & 0x4000 else '')
        payload = buf[off + 4:off + alen]
        name = names.get(t, '?%d' % t)
        if ctx == 'ip':
            name = IP_ATTRS.get(t, name)
        line = '%s%s(%d)%s len=%d' % (' ' * indent, name, t,
                                      ('[' + fl + ']') if fl else '', alen)
        nested = atype & 0x8000 or (ctx == 'cmd' and t in (7, 8)) \
            or (ctx == 'adtdata' and t in (1, 2, 20, 22)) \
            or (ctx == 'createdata' and t in (1, 2))
        txt = ''
        if not nested and len(payload) > 1 and payload.endswith(b'\0') and \
                all(32 <= c < 127 for c in payload[:-1]):
            txt = ' %r' % payload[:-1].decode()
        out.append(line + ('' if nested else ' ' + payload.hex() + txt))
        if nested:
            if ctx == 'cmd' and t == 7 and cmd in (9, 10, 11):
                sub, sctx = ADT_ATTRS, 'adtdata'
            elif ctx == 'cmd' and t == 7:
                sub, sctx = CREATE_ATTRS, 'createdata'
            elif ctx == 'cmd' and t == 8:
                sub, sctx = {7: 'DATA'}, 'adt'
            elif ctx == 'adt':
                sub, sctx = ADT_ATTRS, 'adtdata'
            else:
                sub, sctx = IP_ATTRS, 'ip'
            attrs(payload, sub, indent + 2, sctx, out, cmd)
        off += (alen + 3) & ~3
        if alen < 4:
            break


def decode_msg(m, indent=0):
    out = []
    ln, typ, flags, seq, pid = struct.unpack_from('<IHHII', m)
    pad = ' ' * indent
    if typ < 16:
        out.append('%snlmsg %s len=%d flags=0x%x seq=%d pid=%d'
                   % (pad, NLMSG.get(typ, typ), ln, flags, seq, pid))
        if typ == 2:
            (err,) = struct.unpack_from('<i', m, 16)
            out.append('%s  error=%d%s' % (pad, err, ' (ACK)' if err == 0 else ''))
            inner = m[20:]
            (ilen,) = struct.unpack_from('<I', inner)
            if flags & 0x100:  # NLM_F_CAPPED: only the request's nlmsghdr
                ihdr = struct.unpack_from('<IHHII', inner)
                out.append('%s  capped request hdr: len=%d type=0x%x flags=0x%x seq=%d pid=%d'
                           % ((pad,) + ihdr))
                rest = inner[16:]
            else:
                out.append('%s  request echoed in full:' % pad)
                out += decode_msg(inner[:ilen], indent + 4)
                rest = inner[(ilen + 3) & ~3:]
            if rest:
                tl = []
                attrs(rest, {1: 'NLMSGERR_ATTR_MSG', 2: 'NLMSGERR_ATTR_OFFS',
                             3: 'NLMSGERR_ATTR_COOKIE', 4: 'NLMSGERR_ATTR_POLICY',
                             5: 'NLMSGERR_ATTR_MISS_TYPE', 6: 'NLMSGERR_ATTR_MISS_NEST'},
                      indent + 2, 'ext', tl)
                out += tl
        return out
    sub, cmd = typ >> 8, typ & 0xff
    fam, ver, res = struct.unpack_from('<BBH', m, 16)
    out.append('%snlmsg IPSET_CMD_%s(subsys %d) len=%d flags=0x%x seq=%d pid=%d'
               ' | family=%d version=%d res_id=%d'
               % (pad, CMDS.get(cmd, cmd), sub, ln, flags, seq, pid, fam, ver, res))
    attrs(m[20:ln], CMD_ATTRS, indent + 2, 'cmd', out, cmd)
    return out


def decode(args):
    for path in args.files:
        cmd, setup, msgs = read_fixture(path)
        print('=== %s\n# cmd: %s\n# setup: %s' % (path, cmd, setup))
        for d, m in msgs:
            lines = decode_msg(m)
            print(d, lines[0])
            for l in lines[1:]:
                print('  ' + l)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sp = ap.add_subparsers(dest='sub', required=True)
    c = sp.add_parser('convert')
    c.add_argument('trace')
    c.add_argument('--cmd', required=True)
    c.add_argument('--setup', default='')
    c.add_argument('-o')
    c.set_defaults(func=convert)
    k = sp.add_parser('check')
    k.add_argument('files', nargs='+')
    k.set_defaults(func=check)
    d = sp.add_parser('decode')
    d.add_argument('files', nargs='+')
    d.set_defaults(func=decode)
    args = ap.parse_args()
    args.func(args)


if __name__ == '__main__':
    main()
