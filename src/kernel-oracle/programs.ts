/**
 * The programs the oracle runs inside the namespaces, as Python sources (python3 is on every
 * machine this project runs on; no ping or DNS tools are needed). Each prints `ready` once
 * bound (servers) or `done` once answered (clients), and stops by itself within seconds.
 */
export const TCP_SERVER = `
import socket, sys, time
ip, port, resp = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((ip, port)); s.listen(8)
print("ready", flush=True)
s.settimeout(8)
conns = []
try:
    while True:
        c, _ = s.accept(); c.settimeout(4); conns.append(c)
        if c.recv(65536): c.sendall(resp)
except Exception:
    pass
`
/**
 * A userspace TCP proxy (kube-proxy userspace mode): for each accepted connection, read the
 * request, connect to the next upstream in the order given (the engine's pick), write the
 * request and copy the answer back. Every socket stays open, so no FIN is recorded.
 */
export const TCP_PROXY = `
import json, socket, sys
ip, port, ups = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((ip, port)); s.listen(8)
print("ready", flush=True)
s.settimeout(8)
conns, n = [], 0
try:
    while True:
        c, _ = s.accept(); c.settimeout(4); conns.append(c)
        req = c.recv(65536)
        if not req: continue
        host, p = ups[n % len(ups)].rsplit(":", 1); n += 1
        u = socket.create_connection((host, int(p)), timeout=4); conns.append(u)
        u.sendall(req); c.sendall(u.recv(65536))
except Exception:
    pass
`
export const UDP_SERVER = `
import socket, sys
ip, port, resp = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((ip, port)); print("ready", flush=True); s.settimeout(8)
try:
    while True:
        d, a = s.recvfrom(65536); s.sendto(resp, a)
except Exception:
    pass
`
export const CLIENT = `
import os, socket, struct, sys, time
proto, dst, dport, sport, req, ttl, query, host, wait = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].encode(), int(sys.argv[6]), sys.argv[7], sys.argv[8], float(sys.argv[9])
if host:
    # getaddrinfo() as curl calls it: glibc reads the namespace's /etc/resolv.conf (search, ndots).
    dst = [ai[4][0] for ai in socket.getaddrinfo(host, dport, 0, socket.SOCK_STREAM) if ai[0] == socket.AF_INET][0]
if query:
    qname = b"".join(bytes([len(l)]) + l.encode() for l in query.rstrip(".").split(".")) + b"\\0"
    req = struct.pack("!HHHHHH", int.from_bytes(os.urandom(2), "big"), 0x0100, 1, 0, 0, 0) + qname + struct.pack("!HH", 1, 1)
try:
    if proto == "tcp":
        s = socket.socket(); s.settimeout(wait); s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
        if sport: s.bind(("0.0.0.0", sport))
        s.connect((dst, dport)); s.settimeout(4); s.sendall(req); print(s.recv(65536).decode(errors="replace"), flush=True)
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(4); s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
        if sport: s.bind(("0.0.0.0", sport))
        s.sendto(req, (dst, dport)); print(s.recvfrom(65536)[0].decode(errors="replace"), flush=True)
except (ConnectionRefusedError, ConnectionResetError, OSError) as e:
    # A refused connection is an answer too (a REJECT rule, a closed port): say so and finish.
    # A timed-out connect is closed at once, so the kernel sends no retransmission after it.
    if isinstance(e, TimeoutError): s.close()
    print("error", type(e).__name__, flush=True)
print("done", flush=True)
time.sleep(3)
`

// ping as iputils sends it (56 data bytes), from a raw socket so no ping binary is needed;
// the id is the pid, as iputils' raw-socket ping uses. Stops at the first error reply.
export const PING = `
import os, socket, struct, sys, time
dst, count, ttl = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); s.settimeout(2)
s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
ident = os.getpid() & 0xffff
for seq in range(1, count + 1):
    body = bytes(range(56))
    hdr = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    s.sendto(struct.pack("!BBHHH", 8, 0, csum(hdr + body), ident, seq) + body, (dst, 0))
    try:
        while True:
            pkt, _ = s.recvfrom(2048); t = pkt[(pkt[0] & 15) * 4]
            if t == 0 and struct.unpack("!H", pkt[(pkt[0] & 15) * 4 + 4:][:2])[0] == ident: print("reply", seq, flush=True); break
            if t in (3, 11): print("error", t, flush=True); break
    except socket.timeout:
        print("timeout", seq, flush=True)
print("done", flush=True)
time.sleep(1)
`

// A DNS server as the engine models CoreDNS's answers (datapath/dns.ts): the A record; NODATA for
// another type of a known name; NXDOMAIN for an unknown one; the zone's SOA on negative answers
// inside the zone; names compressed or spelled out as configured.
export const DNS_SERVER = `
import json, socket, struct, sys, time
ip, port, cfg = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
records, ttl, zone, compress = cfg["records"], cfg.get("ttl", 5), cfg.get("zone"), cfg.get("compress", True)
def wire(name):
    return b"".join(bytes([len(l)]) + l.encode() for l in name.rstrip(".").split(".") if l) + b"\\0"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((ip, port)); print("ready", flush=True); s.settimeout(8)
try:
    while True:
        q, a = s.recvfrom(512)
        qid, flags = struct.unpack("!HH", q[:4])
        i, labels = 12, []
        while q[i]:
            labels.append(q[i + 1:i + 1 + q[i]].decode()); i += 1 + q[i]
        name = ".".join(labels)
        qtype = struct.unpack("!H", q[i + 1:i + 3])[0]
        addr = records.get(name) or records.get(name + ".")
        found = addr is not None and qtype == 1
        ans = (struct.pack("!H", 0xC00C) if compress else wire(name)) + struct.pack("!HHIH", 1, 1, ttl, 4) + socket.inet_aton(addr) if found else b""
        auth = b""
        if not found and zone and (name == zone or name.endswith("." + zone)):
            off = 12 + len(wire(name)) - len(wire(zone))
            zname = struct.pack("!H", 0xC000 | off) if compress else wire(zone)
            mname = (b"\\x02ns\\x03dns" + zname) if compress else wire("ns.dns." + zone)
            rname = (b"\\x0ahostmaster" + zname) if compress else wire("hostmaster." + zone)
            rdata = mname + rname + struct.pack("!IIIII", 1764460800, 7200, 1800, 86400, ttl)
            auth = zname + struct.pack("!HHIH", 6, 1, ttl, len(rdata)) + rdata
        # Answer 20 ms later, as a server on another node would: on one machine the kernel may run
        # this server between the A and AAAA datagrams of the client's sendmmsg (cond_resched), so
        # the A answer would pass conntrack before the AAAA query — which no real cluster sees.
        time.sleep(0.02)
        rcode = 0 if addr is not None else 3
        hdr = struct.pack("!HHHHHH", qid, 0x8480 | (flags & 0x0100) | rcode, 1, 1 if found else 0, 1 if auth else 0, 0)
        s.sendto(hdr + q[12:i + 5] + ans + auth, a)
except Exception:
    pass
`
