/**
 * Loading a LabSpec into a World, the way `ip link`/`ip addr`/`ip route`/`ip neigh`/
 * `bridge fdb`/`iptables-restore` would build it, with the kernel's own derived state: `lo`,
 * connected routes and the local table from addresses, the bridge's permanent FDB entries.
 * Input errors come back as diagnostics that name the path in the spec and how to fix it.
 */
import type { Diagnostic } from '../diagnostics'
import type { LabSpec, LinkSpec, NetnsSpec } from '../lab/spec'
import type { FdbRow, RouteRow } from '../tables/types'
import { isIpv4, parseCidr, parseIfAddr } from '../net/addr'
import { kernelRoutes, validateRoute } from '../net/route'
import { parseIptablesSave } from '../net/netfilter/iptables'
import { createIpvs } from '../net/ipvs'
import { createPrng } from './prng'
import { deriveMac } from './mac'
import { fdbKey, neighKey, type Link, type Netns, type World } from './world'

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/

export function loadWorld(spec: LabSpec): { world: World | null; diagnostics: Diagnostic[] } {
  const diags: Diagnostic[] = []
  const err = (path: string, message: string, hint?: string) =>
    diags.push({ severity: 'error', message, path, hint })
  const seed = spec.seed ?? 1
  const world: World = {
    spec,
    hosts: new Map(spec.hosts.map((h) => [h.name, h])),
    netns: new Map(),
    segments: new Map(),
    segmentFdb: new Map(),
    prng: createPrng(seed),
    nextSocketId: 1,
  }

  spec.netns.forEach((ns, i) => {
    if (world.netns.has(ns.name))
      err(`netns[${i}].name`, `namespace '${ns.name}' is declared twice`, 'give each namespace a unique name')
    if (!world.hosts.has(ns.host))
      err(`netns[${i}].host`, `namespace '${ns.name}' is on host '${ns.host}', which is not declared`, `add { name: ${ns.host}, kind: node } to hosts`)
    world.netns.set(ns.name, createNetns(ns))
  })

  // Links first (both ends of every veth), then everything that refers to links.
  spec.netns.forEach((nsSpec, i) => {
    const ns = world.netns.get(nsSpec.name)!
    nsSpec.links.forEach((l, j) => addLink(world, ns, l, `netns[${i}].links[${j}]`, seed, err))
  })
  spec.netns.forEach((nsSpec, i) => {
    const ns = world.netns.get(nsSpec.name)!
    nsSpec.links.forEach((l, j) => {
      const path = `netns[${i}].links[${j}]`
      if (l.master) {
        const br = ns.links.get(l.master)
        if (!br) err(`${path}.master`, `link '${l.name}' names master '${l.master}', which is not a link in namespace '${ns.name}'`, `declare a link { name: ${l.master}, type: bridge } in '${ns.name}'`)
        else if (br.type !== 'bridge') err(`${path}.master`, `master '${l.master}' of '${l.name}' is a ${br.type}, not a bridge`, 'only bridges take ports')
      }
      if (l.type === 'vxlan' && l.vxlan?.dev && !ns.links.has(l.vxlan.dev))
        err(`${path}.vxlan.dev`, `VXLAN device '${l.name}' names underlay dev '${l.vxlan.dev}', which does not exist in '${ns.name}'`)
    })
    addBridgeOwnFdb(ns)
    ns.routes = kernelRoutes(ns)
    ;(nsSpec.routes ?? []).forEach((r, j) => {
      const res = validateRoute(ns, r)
      if (typeof res === 'string') err(`netns[${i}].routes[${j}]`, res, 'check the route against `ip route` syntax and the links in this namespace')
      else ns.routes.push(res)
    })
    ;(nsSpec.neigh ?? []).forEach((n, j) => {
      if (!ns.links.has(n.dev)) return err(`netns[${i}].neigh[${j}].dev`, `neighbour ${n.ip} is on dev '${n.dev}', which does not exist in '${ns.name}'`)
      if (!isIpv4(n.ip)) return err(`netns[${i}].neigh[${j}].ip`, `'${n.ip}' is not an IPv4 address`)
      ns.neigh.set(neighKey(n.dev, n.ip), { ...n, queue: [], probes: 0 })
    })
    ;(nsSpec.fdb ?? []).forEach((f, j) => {
      const dev = ns.links.get(f.dev)
      if (!dev) return err(`netns[${i}].fdb[${j}].dev`, `FDB entry ${f.mac} is on dev '${f.dev}', which does not exist in '${ns.name}'`)
      const self = f.self ?? dev.type === 'vxlan'
      const row: FdbRow = { mac: f.mac, dev: f.dev, permanent: f.permanent ?? true, self, ...(f.dst ? { dst: f.dst } : {}), ...(self ? {} : { master: dev.master }) }
      ns.fdb.set(fdbKey(row), row)
    })
    if (nsSpec.iptables) {
      const { ruleset, diagnostics } = parseIptablesSave(nsSpec.iptables, nsSpec.origin?.iptables)
      // A loop, not push(...): 150,000 bad lines are 150,000 arguments, past the call-stack limit.
      for (const d of diagnostics) diags.push({ ...d, path: d.path ?? `netns[${i}].iptables` })
      ns.ruleset = ruleset
      // `-m set` matches read the members of the sets `ipset` created in this namespace.
      for (const set of nsSpec.ipsets ?? []) if (ruleset) ruleset.sets[set.name] = [...set.members]
    }
    if (nsSpec.ipvs?.conntrack === false)
      err(`netns[${i}].ipvs.conntrack`, 'IPVS without net.ipv4.vs.conntrack=1 (untracked packets) is not modelled', 'leave conntrack out or set it true, as kube-proxy does')
    else if (nsSpec.ipvs) ns.ipvs = createIpvs(nsSpec.ipvs)
  })

  spec.apps.forEach((a, i) => {
    if (!world.netns.has(a.netns)) err(`apps[${i}].netns`, `app listens in namespace '${a.netns}', which is not declared`)
  })
  if (spec.journey && !world.netns.has(spec.journey.from))
    err('journey.from', `the journey starts in namespace '${spec.journey.from}', which is not declared`, `use one of: ${[...world.netns.keys()].join(', ')}`)

  return diags.some((d) => d.severity === 'error') ? { world: null, diagnostics: diags } : { world, diagnostics: diags }
}

function createNetns(spec: NetnsSpec): Netns {
  const ns: Netns = {
    spec,
    name: spec.name,
    host: spec.host,
    links: new Map(),
    routes: [],
    neigh: new Map(),
    fdb: new Map(),
    ruleset: null,
    conntrack: [],
    ipvs: null,
    nextConntrackId: 1,
    sysctl: {
      ipForward: spec.sysctl?.ipForward ?? false,
      bridgeNfCallIptables: spec.sysctl?.bridgeNfCallIptables ?? true,
    },
    sockets: [],
    nextIpId: 0,
  }
  ns.links.set('lo', { index: 1, name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, addrs: [{ ip: '127.0.0.1', len: 8 }], hairpin: false })
  return ns
}

function addLink(world: World, ns: Netns, l: LinkSpec, path: string, seed: number, err: (p: string, m: string, h?: string) => void): void {
  if (ns.links.has(l.name))
    return err(`${path}.name`, `link '${l.name}' already exists in namespace '${ns.name}'`, 'link names are unique per namespace')
  if (l.name.length > 15) return err(`${path}.name`, `link name '${l.name}' is longer than 15 characters (IFNAMSIZ)`, 'the kernel refuses longer interface names')
  const addrs = []
  for (const [k, a] of (l.addrs ?? []).entries()) {
    const parsed = parseIfAddr(a)
    if (!parsed) err(`${path}.addrs[${k}]`, `'${a}' is not an IPv4 address with prefix length`, 'write it as 10.244.1.2/24')
    else addrs.push(parsed)
  }
  if (l.mac !== undefined && !MAC_RE.test(l.mac)) err(`${path}.mac`, `'${l.mac}' is not a MAC address`, 'write six lower-case hex pairs, 0a:58:0a:f4:01:02')
  const link: Link = {
    index: ns.links.size + 1,
    name: l.name,
    type: l.type,
    mac: l.mac ?? deriveMac(seed, `${ns.name}/${l.name}`),
    mtu: l.mtu ?? 1500,
    up: l.up ?? true,
    ...(l.txqlen !== undefined && l.txqlen !== 1000 ? { txqlen: l.txqlen } : {}),
    addrs,
    hairpin: l.hairpin ?? false,
    ...(l.appSolicit ? { appSolicit: l.appSolicit } : {}),
    ...(l.master ? { master: l.master } : {}),
    ...(l.segment ? { segment: l.segment } : {}),
  }
  if (l.type === 'vxlan') {
    if (!l.vxlan) return err(`${path}.vxlan`, `VXLAN link '${l.name}' needs a vxlan: { vni } block`)
    link.vxlan = { vni: l.vxlan.vni, port: l.vxlan.port ?? 8472, learning: l.vxlan.learning ?? true, l2miss: l.vxlan.l2miss ?? false, l3miss: l.vxlan.l3miss ?? false, ...(l.vxlan.local ? { local: l.vxlan.local } : {}), ...(l.vxlan.dev ? { dev: l.vxlan.dev } : {}) }
  }
  if (l.type === 'ether') {
    if (!l.segment) return err(`${path}.segment`, `ether link '${l.name}' is not plugged into a segment`, 'add segment: underlay (any name; NICs with the same segment share an L2 switch)')
    const seg = world.segments.get(l.segment) ?? []
    seg.push({ netns: ns.name, dev: l.name })
    world.segments.set(l.segment, seg)
  }
  ns.links.set(l.name, link)
  if (l.type === 'veth') {
    if (!l.peer) return err(`${path}.peer`, `veth '${l.name}' has no peer`, 'add peer: { netns: <namespace>, name: eth0 }')
    const peerNs = world.netns.get(l.peer.netns)
    if (!peerNs) return err(`${path}.peer.netns`, `veth peer namespace '${l.peer.netns}' is not declared`)
    if (peerNs.links.has(l.peer.name)) return err(`${path}.peer.name`, `link '${l.peer.name}' already exists in namespace '${peerNs.name}'`)
    const peerAddrs = (l.peer.addrs ?? []).map(parseIfAddr).filter((a) => a !== null)
    peerNs.links.set(l.peer.name, {
      index: peerNs.links.size + 1,
      name: l.peer.name,
      type: 'veth',
      mac: l.peer.mac ?? deriveMac(seed, `${peerNs.name}/${l.peer.name}`),
      mtu: l.peer.mtu ?? l.mtu ?? 1500,
      up: true,
      addrs: peerAddrs,
      hairpin: false,
      peer: { netns: ns.name, name: l.name },
    })
    link.peer = { netns: peerNs.name, name: l.peer.name }
  }
}

/**
 * Entries the kernel creates by itself: a bridge's own MAC and each port's MAC
 * (br_fdb_add_local), and the multicast addresses devices join — all-hosts 224.0.0.1 and
 * ff02::1, plus 224.0.0.106/ff02::6a (multicast router discovery) on bridges — which
 * `bridge fdb show` lists as `self permanent` (captured on Linux 6.18 with IPv6 disabled).
 */
const MCAST_SELF: Record<string, string[]> = {
  bridge: ['33:33:00:00:00:01', '01:00:5e:00:00:6a', '33:33:00:00:00:6a', '01:00:5e:00:00:01'],
  veth: ['33:33:00:00:00:01', '01:00:5e:00:00:01'],
  ether: ['33:33:00:00:00:01', '01:00:5e:00:00:01'],
}

function addBridgeOwnFdb(ns: Netns): void {
  for (const link of ns.links.values()) {
    if (link.up) for (const mac of MCAST_SELF[link.type] ?? []) {
      const row: FdbRow = { mac, dev: link.name, self: true, permanent: true }
      ns.fdb.set(fdbKey(row), row)
    }
    if (link.type === 'bridge') {
      const row: FdbRow = { mac: link.mac, dev: link.name, master: link.name, permanent: true }
      ns.fdb.set(fdbKey(row), row)
    }
    if (link.master && ns.links.get(link.master)?.type === 'bridge') {
      const row: FdbRow = { mac: link.mac, dev: link.name, master: link.master, permanent: true }
      ns.fdb.set(fdbKey(row), row)
    }
  }
}

export function cidrOk(s: string): boolean {
  return s === 'default' || parseCidr(s) !== null
}
