/**
 * A hand-written trace for UI development until the engine lands: two pods on one flannel node
 * (bridge CNI, cni0 10.244.1.1/24), `client` (10.244.1.2) opens TCP to `web` (10.244.1.3:8080)
 * with a cold ARP cache. Bridged IPv4 walks iptables via br_netfilter (bridge-nf-call-iptables=1)
 * and is tracked by the root namespace's conntrack. Names follow shared/reference: veth + 8 hex,
 * cni0, flanneld's FLANNEL-FWD, kube-proxy's KUBE-SERVICES / KUBE-POSTROUTING / KUBE-FORWARD.
 * Not a golden: the engine's own trace replaces it.
 */
import type { Frame } from '../../engine/wire/frame'
import type { FlowTuple, HopEvent, Trace } from '../../engine/trace/events'
import type { ConntrackRow, NetnsTables } from '../../engine/tables/types'
import type { Topology } from '../../engine/trace/topology'
import type { ScenarioMeta } from '../../worker/protocol'

const NODE = 'node-1'
const CLIENT = 'node-1/client'
const WEB = 'node-1/web'
const MAC = {
  client: '0a:58:0a:f4:01:02',
  web: '0a:58:0a:f4:01:03',
  cni0: '0a:58:0a:f4:01:01',
  vethA: 'b6:1e:4f:0d:92:a1',
  vethB: '7e:c3:21:8a:55:0f',
  eth0: '52:54:00:12:34:11',
}
const VETH_A = 'veth3f9a2c1d'
const VETH_B = 'veth8b04e7f2'
const BCAST = 'ff:ff:ff:ff:ff:ff'

export const fixtureMeta: ScenarioMeta = {
  id: 'fixture',
  title: { en: 'Pod to pod on one node (fixture)', zh: '同一节点上的 Pod 互访（样例）' },
  summary: {
    en: 'client opens a TCP connection to web on the same node: ARP through cni0, then the handshake.',
    zh: 'client 向同一节点上的 web 发起 TCP 连接：先经 cni0 完成 ARP，再进行三次握手。',
  },
  goals: {
    en: ['See why the first packet waits for ARP', 'Watch cni0 learn MAC addresses'],
    zh: ['理解第一个包为什么要等 ARP', '观察 cni0 如何学习 MAC 地址'],
  },
}

export const fixtureTopology: Topology = {
  hosts: [{ name: NODE, kind: 'node', role: 'worker', netns: [NODE, CLIENT, WEB] }],
  netns: [
    {
      name: NODE,
      host: NODE,
      kind: 'root',
      devices: [
        { id: `${NODE}:lo`, netns: NODE, name: 'lo', type: 'loopback', addrs: ['127.0.0.1/8'], mac: '00:00:00:00:00:00' },
        { id: `${NODE}:eth0`, netns: NODE, name: 'eth0', type: 'ether', addrs: ['192.168.0.11/24'], mac: MAC.eth0 },
        { id: `${NODE}:cni0`, netns: NODE, name: 'cni0', type: 'bridge', addrs: ['10.244.1.1/24'], mac: MAC.cni0 },
        { id: `${NODE}:${VETH_A}`, netns: NODE, name: VETH_A, type: 'veth', addrs: [], mac: MAC.vethA, master: 'cni0' },
        { id: `${NODE}:${VETH_B}`, netns: NODE, name: VETH_B, type: 'veth', addrs: [], mac: MAC.vethB, master: 'cni0' },
      ],
    },
    {
      name: CLIENT,
      host: NODE,
      kind: 'pod',
      pod: { namespace: 'default', name: 'client', containers: ['curl'] },
      devices: [
        { id: `${CLIENT}:lo`, netns: CLIENT, name: 'lo', type: 'loopback', addrs: ['127.0.0.1/8'], mac: '00:00:00:00:00:00' },
        { id: `${CLIENT}:eth0`, netns: CLIENT, name: 'eth0', type: 'veth', addrs: ['10.244.1.2/24'], mac: MAC.client },
      ],
    },
    {
      name: WEB,
      host: NODE,
      kind: 'pod',
      pod: { namespace: 'default', name: 'web', containers: ['nginx'] },
      devices: [
        { id: `${WEB}:lo`, netns: WEB, name: 'lo', type: 'loopback', addrs: ['127.0.0.1/8'], mac: '00:00:00:00:00:00' },
        { id: `${WEB}:eth0`, netns: WEB, name: 'eth0', type: 'veth', addrs: ['10.244.1.3/24'], mac: MAC.web },
      ],
    },
  ],
  segments: ['underlay'],
  edges: [
    { id: 'veth:client', kind: 'veth', a: `${CLIENT}:eth0`, b: `${NODE}:${VETH_A}` },
    { id: 'veth:web', kind: 'veth', a: `${WEB}:eth0`, b: `${NODE}:${VETH_B}` },
    { id: 'port:a', kind: 'bridge-port', a: `${NODE}:${VETH_A}`, b: `${NODE}:cni0` },
    { id: 'port:b', kind: 'bridge-port', a: `${NODE}:${VETH_B}`, b: `${NODE}:cni0` },
    { id: 'seg:node-1', kind: 'segment', a: `${NODE}:eth0`, b: 'segment:underlay' },
  ],
}

const podTables = (netns: string, ip: string, mac: string, peerIndex: number): NetnsTables => ({
  netns,
  links: [
    { index: 1, name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, addrs: ['127.0.0.1/8'] },
    { index: 2, name: 'eth0', type: 'veth', mac, mtu: 1450, up: true, addrs: [`${ip}/24`], peer: { netns: NODE, name: peerIndex === 5 ? VETH_A : VETH_B, index: peerIndex } },
  ],
  routes: [
    { table: 'main', type: 'unicast', dst: 'default', via: '10.244.1.1', dev: 'eth0', scope: 'global' },
    { table: 'main', type: 'unicast', dst: '10.244.0.0/16', via: '10.244.1.1', dev: 'eth0', scope: 'global' },
    { table: 'main', type: 'unicast', dst: '10.244.1.0/24', dev: 'eth0', scope: 'link', proto: 'kernel', src: ip },
  ],
  neigh: [],
  fdb: [],
  iptables: [],
  conntrack: [],
})

const rule = (text: string) => ({ text, packets: 0, bytes: 0 })
const nodeTables: NetnsTables = {
  netns: NODE,
  links: [
    { index: 1, name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, addrs: ['127.0.0.1/8'] },
    { index: 2, name: 'eth0', type: 'ether', mac: MAC.eth0, mtu: 1500, up: true, addrs: ['192.168.0.11/24'], segment: 'underlay' },
    { index: 4, name: 'cni0', type: 'bridge', mac: MAC.cni0, mtu: 1450, up: true, addrs: ['10.244.1.1/24'] },
    { index: 5, name: VETH_A, type: 'veth', mac: MAC.vethA, mtu: 1450, up: true, addrs: [], master: 'cni0', hairpin: true, peer: { netns: CLIENT, name: 'eth0', index: 2 } },
    { index: 6, name: VETH_B, type: 'veth', mac: MAC.vethB, mtu: 1450, up: true, addrs: [], master: 'cni0', hairpin: true, peer: { netns: WEB, name: 'eth0', index: 2 } },
  ],
  routes: [
    { table: 'main', type: 'unicast', dst: 'default', via: '192.168.0.1', dev: 'eth0', scope: 'global', proto: 'static' },
    { table: 'main', type: 'unicast', dst: '10.244.1.0/24', dev: 'cni0', scope: 'link', proto: 'kernel', src: '10.244.1.1' },
    { table: 'main', type: 'unicast', dst: '192.168.0.0/24', dev: 'eth0', scope: 'link', proto: 'kernel', src: '192.168.0.11' },
  ],
  neigh: [{ ip: '192.168.0.1', dev: 'eth0', lladdr: '52:54:00:00:00:01', state: 'REACHABLE' }],
  fdb: [
    { mac: MAC.cni0, dev: 'cni0', master: 'cni0', permanent: true },
    { mac: MAC.vethA, dev: VETH_A, master: 'cni0', permanent: true },
    { mac: MAC.vethB, dev: VETH_B, master: 'cni0', permanent: true },
  ],
  iptables: [
    {
      name: 'nat',
      chains: [
        { name: 'PREROUTING', policy: 'ACCEPT', packets: 0, bytes: 0, rules: [rule('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES')] },
        { name: 'INPUT', policy: 'ACCEPT', packets: 0, bytes: 0, rules: [] },
        { name: 'OUTPUT', policy: 'ACCEPT', packets: 0, bytes: 0, rules: [rule('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES')] },
        { name: 'POSTROUTING', policy: 'ACCEPT', packets: 0, bytes: 0, rules: [rule('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING')] },
        { name: 'KUBE-MARK-MASQ', policy: '-', packets: 0, bytes: 0, rules: [rule('-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000')] },
        {
          name: 'KUBE-POSTROUTING',
          policy: '-',
          packets: 0,
          bytes: 0,
          rules: [
            rule('-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN'),
            rule('-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000'),
            rule('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully'),
          ],
        },
        { name: 'KUBE-SERVICES', policy: '-', packets: 0, bytes: 0, rules: [] },
      ],
    },
    {
      name: 'filter',
      chains: [
        { name: 'INPUT', policy: 'ACCEPT', packets: 0, bytes: 0, rules: [] },
        {
          name: 'FORWARD',
          policy: 'ACCEPT',
          packets: 0,
          bytes: 0,
          rules: [
            rule('-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD'),
            rule('-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD'),
          ],
        },
        { name: 'OUTPUT', policy: 'ACCEPT', packets: 0, bytes: 0, rules: [] },
        {
          name: 'FLANNEL-FWD',
          policy: '-',
          packets: 0,
          bytes: 0,
          rules: [
            rule('-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT'),
            rule('-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT'),
          ],
        },
        {
          name: 'KUBE-FORWARD',
          policy: '-',
          packets: 0,
          bytes: 0,
          rules: [
            rule('-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP'),
            rule('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT'),
            rule('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'),
          ],
        },
      ],
    },
  ],
  conntrack: [],
}

const flow: FlowTuple = { protocol: 'tcp', src: '10.244.1.2', dst: '10.244.1.3', sport: 41234, dport: 8080 }
const replyFlow: FlowTuple = { protocol: 'tcp', src: '10.244.1.3', dst: '10.244.1.2', sport: 8080, dport: 41234 }

const arpRequest: Frame = {
  eth: { src: MAC.client, dst: BCAST, type: 'ARP' },
  arp: { op: 'request', senderMac: MAC.client, senderIp: '10.244.1.2', targetMac: '00:00:00:00:00:00', targetIp: '10.244.1.3' },
  payloadLength: 0,
}
const arpReply: Frame = {
  eth: { src: MAC.web, dst: MAC.client, type: 'ARP' },
  arp: { op: 'reply', senderMac: MAC.web, senderIp: '10.244.1.3', targetMac: MAC.client, targetIp: '10.244.1.2' },
  payloadLength: 0,
}
const syn = (ttl: number): Frame => ({
  eth: { src: MAC.client, dst: MAC.web, type: 'IPv4' },
  ip: { src: flow.src, dst: flow.dst, ttl, protocol: 'tcp', id: 0x5d3e, df: true, totalLength: 60, tos: 0 },
  tcp: { sport: 41234, dport: 8080, seq: 1804289383, ack: 0, flags: ['SYN'], window: 64860 },
  payloadLength: 0,
})
const synAck: Frame = {
  eth: { src: MAC.web, dst: MAC.client, type: 'IPv4' },
  ip: { src: replyFlow.src, dst: replyFlow.dst, ttl: 64, protocol: 'tcp', id: 0, df: true, totalLength: 60, tos: 0 },
  tcp: { sport: 8080, dport: 41234, seq: 846930886, ack: 1804289384, flags: ['SYN', 'ACK'], window: 64308 },
  payloadLength: 0,
}

const ct1: ConntrackRow = {
  id: 1,
  protocol: 'tcp',
  tcpState: 'SYN_SENT',
  timeout: 120,
  original: { src: flow.src, dst: flow.dst, sport: 41234, dport: 8080 },
  reply: { src: flow.dst, dst: flow.src, sport: 8080, dport: 41234 },
  status: { seenReply: false, assured: false, confirmed: false },
  mark: 0,
}
const ct1Confirmed: ConntrackRow = { ...ct1, status: { ...ct1.status, confirmed: true } }
const ct1Reply: ConntrackRow = { ...ct1Confirmed, tcpState: 'SYN_RECV', timeout: 60, status: { seenReply: true, assured: false, confirmed: true } }

type Draft = HopEvent extends infer E ? (E extends HopEvent ? Omit<E, 'seq' | 'time'> : never) : never
const x = (host: string, netns: string, dev: string, packet: number, frame: Frame, to: { netns: string; dev: string }, via: 'veth' | 'bridge-port' = 'veth'): Draft[] => [
  { kind: 'link.xmit', host, netns, dev, packet, frame, deltas: [], to: [{ host: NODE, ...to }], via },
  { kind: 'link.recv', host: NODE, netns: to.netns, dev: to.dev, packet, frame, deltas: [], from: { netns, dev } },
]
const counter = (key: string, bytes: number) => ({ table: 'counter' as const, netns: NODE, key, packets: 1, bytes })

const drafts: Draft[] = [
  { kind: 'app.send', host: NODE, netns: CLIENT, packet: 1, deltas: [], app: 'curl', flow, note: 'connect(10.244.1.3:8080)' },
  { kind: 'route.lookup', host: NODE, netns: CLIENT, packet: 1, frame: syn(64), deltas: [], table: 'main', dst: '10.244.1.3', route: '10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.2', result: 'unicast', oif: 'eth0', src: '10.244.1.2' },
  { kind: 'neigh.lookup', host: NODE, netns: CLIENT, dev: 'eth0', packet: 1, frame: syn(64), ip: '10.244.1.3', result: 'incomplete', state: 'INCOMPLETE', deltas: [{ table: 'neigh', netns: CLIENT, key: 'eth0|10.244.1.3', after: { ip: '10.244.1.3', dev: 'eth0', state: 'INCOMPLETE' } }] },
  { kind: 'arp.request', host: NODE, netns: CLIENT, dev: 'eth0', packet: 2, frame: arpRequest, deltas: [], targetIp: '10.244.1.3', senderIp: '10.244.1.2' },
  ...x(NODE, CLIENT, 'eth0', 2, arpRequest, { netns: NODE, dev: VETH_A }),
  { kind: 'fdb.learn', host: NODE, netns: NODE, dev: 'cni0', packet: 2, frame: arpRequest, mac: MAC.client, port: VETH_A, bridge: 'cni0', deltas: [{ table: 'fdb', netns: NODE, key: `cni0|${MAC.client}`, after: { mac: MAC.client, dev: VETH_A, master: 'cni0', permanent: false, learnedAt: 41 } }] },
  { kind: 'fdb.lookup', host: NODE, netns: NODE, dev: 'cni0', packet: 2, frame: arpRequest, deltas: [], mac: BCAST, bridge: 'cni0', result: 'flood' },
  { kind: 'bridge.flood', host: NODE, netns: NODE, dev: 'cni0', packet: 2, frame: arpRequest, deltas: [], bridge: 'cni0', ports: [VETH_B] },
  ...x(NODE, NODE, VETH_B, 2, arpRequest, { netns: WEB, dev: 'eth0' }),
  { kind: 'neigh.update', host: NODE, netns: WEB, dev: 'eth0', packet: 2, frame: arpRequest, ip: '10.244.1.2', lladdr: MAC.client, state: 'STALE', by: 'arp', deltas: [{ table: 'neigh', netns: WEB, key: 'eth0|10.244.1.2', after: { ip: '10.244.1.2', dev: 'eth0', lladdr: MAC.client, state: 'STALE' } }] },
  { kind: 'arp.reply', host: NODE, netns: WEB, dev: 'eth0', packet: 3, frame: arpReply, deltas: [], targetIp: '10.244.1.2', senderIp: '10.244.1.3', senderMac: MAC.web },
  ...x(NODE, WEB, 'eth0', 3, arpReply, { netns: NODE, dev: VETH_B }),
  { kind: 'fdb.learn', host: NODE, netns: NODE, dev: 'cni0', packet: 3, frame: arpReply, mac: MAC.web, port: VETH_B, bridge: 'cni0', deltas: [{ table: 'fdb', netns: NODE, key: `cni0|${MAC.web}`, after: { mac: MAC.web, dev: VETH_B, master: 'cni0', permanent: false, learnedAt: 88 } }] },
  { kind: 'fdb.lookup', host: NODE, netns: NODE, dev: 'cni0', packet: 3, frame: arpReply, deltas: [], mac: MAC.client, bridge: 'cni0', result: 'port', port: VETH_A },
  { kind: 'bridge.forward', host: NODE, netns: NODE, dev: 'cni0', packet: 3, frame: arpReply, deltas: [], bridge: 'cni0', port: VETH_A },
  ...x(NODE, NODE, VETH_A, 3, arpReply, { netns: CLIENT, dev: 'eth0' }),
  { kind: 'neigh.update', host: NODE, netns: CLIENT, dev: 'eth0', packet: 3, frame: arpReply, ip: '10.244.1.3', lladdr: MAC.web, state: 'REACHABLE', by: 'arp', deltas: [{ table: 'neigh', netns: CLIENT, key: 'eth0|10.244.1.3', before: { ip: '10.244.1.3', dev: 'eth0', state: 'INCOMPLETE' }, after: { ip: '10.244.1.3', dev: 'eth0', lladdr: MAC.web, state: 'REACHABLE' } }] },
  ...x(NODE, CLIENT, 'eth0', 1, syn(64), { netns: NODE, dev: VETH_A }),
  { kind: 'fdb.lookup', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), deltas: [], mac: MAC.web, bridge: 'cni0', result: 'port', port: VETH_B },
  { kind: 'nf.hook', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), deltas: [], hook: 'PREROUTING', via: 'br_netfilter', in: VETH_A, tables: ['raw', 'mangle', 'nat'] },
  { kind: 'ct.new', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), conntrack: 1, original: flow, reply: replyFlow, deltas: [{ table: 'conntrack', netns: NODE, key: '1', after: ct1 }] },
  { kind: 'nf.rule', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), hook: 'PREROUTING', table: 'nat', chain: 'PREROUTING', rule: 1, text: '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES', target: 'KUBE-SERVICES', deltas: [counter('nat/PREROUTING/1', 60)] },
  { kind: 'nf.policy', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), hook: 'PREROUTING', table: 'nat', chain: 'PREROUTING', policy: 'ACCEPT', deltas: [counter('nat/PREROUTING/policy', 60)] },
  { kind: 'nf.hook', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), deltas: [], hook: 'FORWARD', via: 'br_netfilter', in: VETH_A, out: VETH_B, tables: ['mangle', 'filter'] },
  { kind: 'nf.rule', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), hook: 'FORWARD', table: 'filter', chain: 'FORWARD', rule: 1, text: '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD', target: 'KUBE-FORWARD', deltas: [counter('filter/FORWARD/1', 60)] },
  { kind: 'nf.rule', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), hook: 'FORWARD', table: 'filter', chain: 'FORWARD', rule: 2, text: '-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD', target: 'FLANNEL-FWD', deltas: [counter('filter/FORWARD/2', 60)] },
  { kind: 'nf.rule', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), hook: 'FORWARD', table: 'filter', chain: 'FLANNEL-FWD', rule: 1, text: '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT', target: 'ACCEPT', deltas: [counter('filter/FLANNEL-FWD/1', 60)] },
  { kind: 'nf.hook', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), deltas: [], hook: 'POSTROUTING', via: 'br_netfilter', out: VETH_B, tables: ['mangle', 'nat'] },
  { kind: 'nf.rule', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), hook: 'POSTROUTING', table: 'nat', chain: 'POSTROUTING', rule: 1, text: '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING', target: 'KUBE-POSTROUTING', deltas: [counter('nat/POSTROUTING/1', 60)] },
  { kind: 'nf.rule', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), hook: 'POSTROUTING', table: 'nat', chain: 'KUBE-POSTROUTING', rule: 1, text: '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN', target: 'RETURN', deltas: [counter('nat/KUBE-POSTROUTING/1', 60)] },
  { kind: 'ct.confirm', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), conntrack: 1, original: flow, reply: replyFlow, deltas: [{ table: 'conntrack', netns: NODE, key: '1', before: ct1, after: ct1Confirmed }] },
  { kind: 'bridge.forward', host: NODE, netns: NODE, dev: 'cni0', packet: 1, frame: syn(64), deltas: [], bridge: 'cni0', port: VETH_B },
  ...x(NODE, NODE, VETH_B, 1, syn(64), { netns: WEB, dev: 'eth0' }),
  { kind: 'ip.local-deliver', host: NODE, netns: WEB, dev: 'eth0', packet: 1, frame: syn(64), deltas: [], dst: '10.244.1.3' },
  { kind: 'app.recv', host: NODE, netns: WEB, packet: 1, frame: syn(64), deltas: [], app: 'nginx', flow, note: 'SYN reaches the socket listening on 0.0.0.0:8080' },
  { kind: 'route.lookup', host: NODE, netns: WEB, packet: 4, frame: synAck, deltas: [], table: 'main', dst: '10.244.1.2', route: '10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.3', result: 'unicast', oif: 'eth0', src: '10.244.1.3' },
  { kind: 'neigh.lookup', host: NODE, netns: WEB, dev: 'eth0', packet: 4, frame: synAck, deltas: [], ip: '10.244.1.2', result: 'found', lladdr: MAC.client, state: 'STALE' },
  ...x(NODE, WEB, 'eth0', 4, synAck, { netns: NODE, dev: VETH_B }),
  { kind: 'fdb.lookup', host: NODE, netns: NODE, dev: 'cni0', packet: 4, frame: synAck, deltas: [], mac: MAC.client, bridge: 'cni0', result: 'port', port: VETH_A },
  { kind: 'nf.hook', host: NODE, netns: NODE, dev: 'cni0', packet: 4, frame: synAck, deltas: [], hook: 'PREROUTING', via: 'br_netfilter', in: VETH_B, tables: ['raw', 'mangle'] },
  { kind: 'ct.reply', host: NODE, netns: NODE, dev: 'cni0', packet: 4, frame: synAck, conntrack: 1, original: flow, reply: replyFlow, deltas: [{ table: 'conntrack', netns: NODE, key: '1', before: ct1Confirmed, after: ct1Reply }] },
  { kind: 'nf.hook', host: NODE, netns: NODE, dev: 'cni0', packet: 4, frame: synAck, deltas: [], hook: 'FORWARD', via: 'br_netfilter', in: VETH_B, out: VETH_A, tables: ['mangle', 'filter'] },
  { kind: 'nf.rule', host: NODE, netns: NODE, dev: 'cni0', packet: 4, frame: synAck, hook: 'FORWARD', table: 'filter', chain: 'FORWARD', rule: 1, text: '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD', target: 'KUBE-FORWARD', deltas: [counter('filter/FORWARD/1', 60)] },
  { kind: 'nf.rule', host: NODE, netns: NODE, dev: 'cni0', packet: 4, frame: synAck, hook: 'FORWARD', table: 'filter', chain: 'KUBE-FORWARD', rule: 3, text: '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', target: 'ACCEPT', deltas: [counter('filter/KUBE-FORWARD/3', 60)] },
  { kind: 'bridge.forward', host: NODE, netns: NODE, dev: 'cni0', packet: 4, frame: synAck, deltas: [], bridge: 'cni0', port: VETH_A },
  ...x(NODE, NODE, VETH_A, 4, synAck, { netns: CLIENT, dev: 'eth0' }),
  { kind: 'ip.local-deliver', host: NODE, netns: CLIENT, dev: 'eth0', packet: 4, frame: synAck, deltas: [], dst: '10.244.1.2' },
  { kind: 'app.recv', host: NODE, netns: CLIENT, packet: 4, frame: synAck, deltas: [], app: 'curl', flow: replyFlow, note: 'SYN-ACK completes connect()' },
]

export const fixtureTrace: Trace = {
  version: 1,
  lab: 'fixture',
  seed: 1,
  topology: fixtureTopology,
  initial: [nodeTables, podTables(CLIENT, '10.244.1.2', MAC.client, 5), podTables(WEB, '10.244.1.3', MAC.web, 6)],
  hops: drafts.map((d, i) => ({ ...d, seq: i + 1, time: i * 7 }) as HopEvent),
  outcome: { kind: 'completed', summary: 'client connected to 10.244.1.3:8080' },
}
