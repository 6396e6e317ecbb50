/**
 * The scratch lab the fidelity test builds in real network namespaces, and the same state as
 * table rows. MACs are set explicitly and namespaces are fresh, so the ifindexes are fixed too.
 * Test data only (imported by fidelity.test.ts).
 */
import type { ConntrackRow, FdbRow, LinkRow, NeighRow, RouteRow } from '../../tables/types'

/** Commands, with `$N` (node), `$P` (pod) and `$U` (underlay peer) namespace names. */
export const BUILD: string[] = [
  'ip netns add $N',
  'ip netns add $P',
  'ip netns add $U',
  ...['$N', '$P', '$U'].map(
    (n) => `ip netns exec ${n} sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1`,
  ),
  'ip -n $N link set lo up',
  'ip -n $P link set lo up',
  'ip -n $N link add cni0 type bridge',
  'ip -n $N link set cni0 address 0a:58:0a:f4:01:01 up',
  'ip -n $N addr add 10.244.1.1/24 brd + dev cni0',
  'ip -n $N link add vethaaaa1111 address 2e:aa:aa:aa:11:11 type veth peer name eth0 address 0a:58:0a:f4:01:02 netns $P',
  'ip -n $N link set vethaaaa1111 master cni0 up',
  'ip -n $P link set eth0 up',
  'ip -n $P addr add 10.244.1.2/24 brd + dev eth0',
  'ip -n $P route add default via 10.244.1.1 dev eth0',
  'ip -n $N link add vethbbbb2222 address 2e:bb:bb:bb:22:22 type veth peer name eth1 address 0a:58:0a:f4:01:03 netns $P',
  'ip -n $N link set vethbbbb2222 master cni0 up',
  'ip -n $N link add eth0 address 52:54:00:00:00:02 type veth peer name eth0 address 52:54:00:00:00:03 netns $U',
  'ip -n $N link set eth0 up',
  'ip -n $U link set eth0 up',
  'ip -n $N addr add 192.168.0.2/24 brd + dev eth0',
  'ip -n $U addr add 192.168.0.3/24 brd + dev eth0',
  'ip -n $N link add flannel.1 address 8e:00:00:00:00:01 type vxlan id 1 local 192.168.0.2 dev eth0 dstport 8472 nolearning',
  'ip -n $N link set flannel.1 mtu 1450 up',
  'ip -n $N addr add 10.244.1.0/32 dev flannel.1',
  'ip -n $N link add br-empty address 0a:00:00:00:00:07 type bridge',
  'ip -n $N link set br-empty up',
  'ip -n $N route add default via 192.168.0.1 dev eth0',
  'ip -n $N route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink',
  'ip -n $N route add blackhole 10.99.0.0/16',
  'ip -n $N route add unreachable 10.98.0.0/16',
  'ip -n $N route add 10.96.0.0/12 via 192.168.0.3 dev eth0 metric 100',
  'ip -n $N route add 10.50.0.0/16 dev cni0 proto static',
  'ip -n $N route add 10.50.0.0/24 dev cni0 metric 5',
  'ip -n $N route add 10.60.0.0/16 via 192.168.0.9 dev eth0 metric 7 onlink',
  'ip -n $N neigh add 10.244.2.0 dev flannel.1 lladdr 8e:00:00:00:00:02 nud permanent',
  'ip -n $N neigh add 10.244.1.2 dev cni0 lladdr 0a:58:0a:f4:01:02 nud reachable',
  'ip -n $N neigh add 10.244.1.7 dev cni0 lladdr 0a:58:0a:f4:01:07 nud stale',
  'ip -n $N neigh add 10.244.1.8 dev cni0 nud incomplete',
  'ip -n $N neigh add 10.244.1.9 dev cni0 nud failed',
  'bridge -n $N fdb append 8e:00:00:00:00:02 dev flannel.1 dst 192.168.0.3 self permanent',
  'bridge -n $N fdb append 8e:00:00:00:00:03 dev flannel.1 dst 192.168.0.4 self permanent',
  'ip netns exec $N conntrack -I -p tcp -s 10.244.1.2 -d 10.96.0.10 --sport 41234 --dport 80 -r 10.244.2.3 -q 10.244.1.2 --reply-port-src 8080 --reply-port-dst 41234 --state ESTABLISHED -t 431999 -u ASSURED,SEEN_REPLY',
  'ip netns exec $N conntrack -I -p udp -s 10.244.1.2 -d 10.96.0.10 --sport 5353 --dport 53 -r 10.96.0.10 -q 10.244.1.2 --reply-port-src 53 --reply-port-dst 5353 -t 29',
  'ip netns exec $N conntrack -I -p tcp -s 10.244.1.2 -d 10.96.0.11 --sport 41235 --dport 443 -r 10.96.0.11 -q 10.244.1.2 --reply-port-src 443 --reply-port-dst 41235 --state SYN_SENT -t 120 -m 16384',
  'ip netns exec $N iptables -A INPUT -m conntrack --ctstate NEW -j ACCEPT',
]

/** A real ICMP echo from the pod to cni0's address, so the kernel creates an icmp entry. */
export const PING_PY = `
import socket,struct
s=socket.socket(socket.AF_INET,socket.SOCK_RAW,socket.IPPROTO_ICMP)
h=struct.pack('!BBHHH',8,0,0,77,1)+b'abcd'
t=sum(struct.unpack('!6H',h)); t=(t>>16)+(t&0xffff); t+=t>>16
h=h[:2]+struct.pack('!H',~t&0xffff)+h[4:]
s.settimeout(2); s.sendto(h,('10.244.1.1',0)); s.recvfrom(100)
`

const veth = (index: number, name: string, mac: string, peer: LinkRow['peer'], extra: Partial<LinkRow> = {}): LinkRow => ({
  index, name, type: 'veth', mac, mtu: 1500, up: true, addrs: [], peer, ...extra,
})

export const NODE_LINKS: LinkRow[] = [
  { index: 1, name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, addrs: ['127.0.0.1/8'] },
  { index: 2, name: 'cni0', type: 'bridge', mac: '0a:58:0a:f4:01:01', mtu: 1500, up: true, addrs: ['10.244.1.1/24'] },
  veth(3, 'vethaaaa1111', '2e:aa:aa:aa:11:11', { netns: 'pod', name: 'eth0', index: 2 }, { master: 'cni0' }),
  veth(4, 'vethbbbb2222', '2e:bb:bb:bb:22:22', { netns: 'pod', name: 'eth1', index: 3 }, { master: 'cni0' }),
  veth(5, 'eth0', '52:54:00:00:00:02', { netns: 'underlay', name: 'eth0', index: 2 }, { addrs: ['192.168.0.2/24'] }),
  {
    index: 6, name: 'flannel.1', type: 'vxlan', mac: '8e:00:00:00:00:01', mtu: 1450, up: true, addrs: ['10.244.1.0/32'],
    vxlan: { vni: 1, port: 8472, local: '192.168.0.2', dev: 'eth0', learning: false, l2miss: false, l3miss: false },
  },
  { index: 7, name: 'br-empty', type: 'bridge', mac: '0a:00:00:00:00:07', mtu: 1500, up: true, addrs: [] },
]

export const POD_LINKS: LinkRow[] = [
  { index: 1, name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, addrs: ['127.0.0.1/8'] },
  veth(2, 'eth0', '0a:58:0a:f4:01:02', { netns: 'node', name: 'vethaaaa1111', index: 3 }, { addrs: ['10.244.1.2/24'] }),
  veth(3, 'eth1', '0a:58:0a:f4:01:03', { netns: 'node', name: 'vethbbbb2222', index: 4 }, { up: false }),
]

const r = (dst: string, rest: Partial<RouteRow>): RouteRow => ({
  table: 'main', type: 'unicast', dst, dev: 'eth0', scope: 'global', proto: 'boot', ...rest,
})
const kernel = (table: 'main' | 'local', type: RouteRow['type'], dst: string, dev: string, src: string): RouteRow =>
  r(dst, { table, type, dev, src, proto: 'kernel', scope: type === 'local' ? 'host' : 'link' })

export const NODE_ROUTES: RouteRow[] = [
  r('default', { via: '192.168.0.1' }),
  r('10.244.2.0/24', { via: '10.244.2.0', dev: 'flannel.1', onlink: true }),
  r('10.99.0.0/16', { type: 'blackhole', dev: 'lo' }),
  r('10.98.0.0/16', { type: 'unreachable', dev: 'lo' }),
  r('10.96.0.0/12', { via: '192.168.0.3', metric: 100 }),
  r('10.50.0.0/16', { dev: 'cni0', proto: 'static', scope: 'link' }),
  r('10.50.0.0/24', { dev: 'cni0', scope: 'link', metric: 5 }),
  r('10.60.0.0/16', { via: '192.168.0.9', metric: 7, onlink: true }),
  kernel('main', 'unicast', '10.244.1.0/24', 'cni0', '10.244.1.1'),
  kernel('main', 'unicast', '192.168.0.0/24', 'eth0', '192.168.0.2'),
  kernel('local', 'local', '127.0.0.0/8', 'lo', '127.0.0.1'),
  kernel('local', 'local', '127.0.0.1', 'lo', '127.0.0.1'),
  kernel('local', 'broadcast', '127.255.255.255', 'lo', '127.0.0.1'),
  kernel('local', 'local', '10.244.1.1', 'cni0', '10.244.1.1'),
  kernel('local', 'broadcast', '10.244.1.255', 'cni0', '10.244.1.1'),
  kernel('local', 'local', '192.168.0.2', 'eth0', '192.168.0.2'),
  kernel('local', 'broadcast', '192.168.0.255', 'eth0', '192.168.0.2'),
  kernel('local', 'local', '10.244.1.0', 'flannel.1', '10.244.1.0'),
]

export const NODE_NEIGH: NeighRow[] = [
  { ip: '10.244.2.0', dev: 'flannel.1', lladdr: '8e:00:00:00:00:02', state: 'PERMANENT' },
  { ip: '10.244.1.2', dev: 'cni0', lladdr: '0a:58:0a:f4:01:02', state: 'REACHABLE' },
  { ip: '10.244.1.7', dev: 'cni0', lladdr: '0a:58:0a:f4:01:07', state: 'STALE' },
  { ip: '10.244.1.8', dev: 'cni0', state: 'INCOMPLETE' },
  { ip: '10.244.1.9', dev: 'cni0', state: 'FAILED' },
  { ip: '224.0.0.22', dev: 'cni0', lladdr: '01:00:5e:00:00:16', state: 'NOARP' },
  { ip: '224.0.0.22', dev: 'br-empty', lladdr: '01:00:5e:00:00:16', state: 'NOARP' },
]

const mc = (dev: string, macs: string[]): FdbRow[] => macs.map((mac) => ({ mac, dev, self: true, permanent: true }))
const BRIDGE_MC = ['33:33:00:00:00:01', '01:00:5e:00:00:6a', '33:33:00:00:00:6a', '01:00:5e:00:00:01']

/** Rows in creation order, as the engine keeps them. */
export const NODE_FDB: FdbRow[] = [
  ...mc('cni0', BRIDGE_MC),
  { mac: '0a:58:0a:f4:01:01', dev: 'cni0', master: 'cni0', permanent: true },
  { mac: '2e:aa:aa:aa:11:11', dev: 'vethaaaa1111', master: 'cni0', permanent: true },
  ...mc('vethaaaa1111', ['33:33:00:00:00:01', '01:00:5e:00:00:01']),
  { mac: '0a:58:0a:f4:01:02', dev: 'vethaaaa1111', master: 'cni0', permanent: false, learnedAt: 1 },
  { mac: '2e:bb:bb:bb:22:22', dev: 'vethbbbb2222', master: 'cni0', permanent: true },
  ...mc('vethbbbb2222', ['33:33:00:00:00:01', '01:00:5e:00:00:01']),
  ...mc('eth0', ['33:33:00:00:00:01', '01:00:5e:00:00:01']),
  ...mc('br-empty', BRIDGE_MC),
  { mac: '0a:00:00:00:00:07', dev: 'br-empty', master: 'br-empty', permanent: true },
  { mac: '8e:00:00:00:00:02', dev: 'flannel.1', dst: '192.168.0.3', self: true, permanent: true },
  { mac: '8e:00:00:00:00:03', dev: 'flannel.1', dst: '192.168.0.4', self: true, permanent: true },
]

const ct = (id: number, protocol: ConntrackRow['protocol'], o: ConntrackRow['original'], rp: ConntrackRow['reply'], rest: Partial<ConntrackRow>): ConntrackRow => ({
  id, protocol, timeout: 0, original: o, reply: rp, mark: 0,
  status: { seenReply: true, assured: false, confirmed: true }, ...rest,
})

export const NODE_CONNTRACK: ConntrackRow[] = [
  ct(1, 'tcp', { src: '10.244.1.2', dst: '10.96.0.10', sport: 41234, dport: 80 }, { src: '10.244.2.3', dst: '10.244.1.2', sport: 8080, dport: 41234 },
    { timeout: 431997, tcpState: 'ESTABLISHED', status: { seenReply: true, assured: true, confirmed: true }, nat: { dst: true } }),
  ct(2, 'udp', { src: '10.244.1.2', dst: '10.96.0.10', sport: 5353, dport: 53 }, { src: '10.96.0.10', dst: '10.244.1.2', sport: 53, dport: 5353 },
    { timeout: 27, status: { seenReply: false, assured: false, confirmed: true } }),
  ct(3, 'tcp', { src: '10.244.1.2', dst: '10.96.0.11', sport: 41235, dport: 443 }, { src: '10.96.0.11', dst: '10.244.1.2', sport: 443, dport: 41235 },
    { timeout: 118, tcpState: 'SYN_SENT', mark: 16384, status: { seenReply: false, assured: false, confirmed: true } }),
  ct(4, 'icmp', { src: '10.244.1.2', dst: '10.244.1.1', icmp: { type: 8, code: 0, id: 77 } }, { src: '10.244.1.1', dst: '10.244.1.2', icmp: { type: 0, code: 0, id: 77 } }, { timeout: 28 }),
]
