/**
 * Builds a LabSpec in real network namespaces: the same links, MACs, MTUs, addresses, routes,
 * neighbours, FDB entries, sysctls and iptables rules the engine loads. Every NIC on a segment
 * is plugged into a bridge in a separate switch namespace (the engine's ideal underlay switch);
 * that namespace is not compared. Everything is named with the run's prefix and removed by
 * teardown(), which also sweeps leftovers of crashed runs.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { DEFAULT_TCP_RMEM_MAX } from '../engine/datapath/local-delivery'
import type { LabSpec, LinkSpec, RouteSpec } from '../engine/lab/spec'
import { inNetns, run } from './sh'

export interface Realized {
  /** Spec namespace name → real namespace name. */
  ns: Map<string, string>
  switchNs: string
  teardown(): void
}

export const PREFIX = 'pjo'

export function sweepLeftovers(): void {
  const list = run('ip', ['netns', 'list'])
  for (const line of list.split('\n')) {
    const name = line.split(' ')[0]
    if (name && name.startsWith(`${PREFIX}-`)) run('ip', ['netns', 'del', name])
  }
  // A crashed DNS case can leave its per-namespace resolv.conf behind (drive.ts writes it).
  if (existsSync('/etc/netns')) for (const d of readdirSync('/etc/netns')) if (d.startsWith(`${PREFIX}-`)) rmSync(`/etc/netns/${d}`, { recursive: true, force: true })
}

function routeCmd(r: RouteSpec): string {
  const parts = ['route add']
  if (r.type && r.type !== 'unicast') parts.push(r.type)
  parts.push(r.dst)
  if (r.via) parts.push(`via ${r.via}`)
  if (r.dev) parts.push(`dev ${r.dev}`)
  if (r.src) parts.push(`src ${r.src}`)
  if (r.scope) parts.push(`scope ${r.scope}`)
  if (r.metric !== undefined) parts.push(`metric ${r.metric}`)
  if (r.onlink) parts.push('onlink')
  return parts.join(' ')
}

function linkAttrs(l: { mac?: string; mtu?: number; txqlen?: number }): string {
  return `${l.mac ? ` address ${l.mac}` : ''}${l.mtu ? ` mtu ${l.mtu}` : ''}${l.txqlen !== undefined ? ` txqueuelen ${l.txqlen}` : ''}`
}

export function realize(spec: LabSpec, runId: string): Realized {
  const ns = new Map(spec.netns.map((n, i) => [n.name, `${PREFIX}-${runId}-${i}`]))
  const switchNs = `${PREFIX}-${runId}-sw`
  const real = (name: string) => ns.get(name)!
  const teardown = () => {
    for (const n of [...ns.values(), switchNs]) {
      try {
        run('ip', ['netns', 'del', n])
      } catch {
        /* already gone */
      }
    }
  }
  try {
    const all = [...ns.values(), switchNs]
    for (const n of all) run('ip', ['netns', 'add', n])
    for (const n of all) {
      // No IPv6 anywhere (no router solicitations or DAD noise), rp_filter off, as the engine models.
      // IGMP reports repeat for about a second after a link comes up; make them go out at once
      // so they are over before the journey (the engine does not model IGMP).
      inNetns(n, 'sysctl', ['-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1', 'net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0', 'net.ipv4.conf.all.igmpv3_unsolicited_report_interval=1', 'net.ipv4.conf.default.igmpv3_unsolicited_report_interval=1', 'net.ipv4.conf.all.igmpv2_unsolicited_report_interval=1', 'net.ipv4.conf.default.igmpv2_unsolicited_report_interval=1'])
    }
    // `ip -batch` takes no per-line -n, so commands are grouped per namespace and phase.
    const phases = [new Map<string, string[]>(), new Map<string, string[]>(), new Map<string, string[]>(), new Map<string, string[]>()]
    const add = (phase: number, n: string, cmd: string) => {
      const m = phases[phase]!
      m.set(n, [...(m.get(n) ?? []), cmd])
    }
    add(0, switchNs, 'link set lo up')
    // One bridge per segment: separate segments are separate L2 networks.
    const segments = [...new Set(spec.netns.flatMap((n) => n.links.filter((l) => l.type === 'ether').map((l) => l.segment!)))]
    segments.forEach((_, i) => {
      add(0, switchNs, `link add sw${i} type bridge`)
      add(0, switchNs, `link set sw${i} up`)
    })
    let swPort = 0
    for (const n of spec.netns) {
      const r = real(n.name)
      add(1, r, 'link set lo up')
      for (const l of n.links) {
        if (l.type === 'ether') {
          // Created from the node's side, in the spec's link order, so ifindexes match the engine's.
          const port = `p${swPort++}`
          add(1, r, `link add ${l.name}${linkAttrs(l)} type veth peer name ${port} netns ${switchNs}`)
          add(2, switchNs, `link set ${port} master sw${segments.indexOf(l.segment!)} up`)
        } else if (l.type === 'veth') {
          const p = l.peer!
          add(1, r, `link add ${l.name}${linkAttrs(l)} type veth peer name ${p.name} netns ${real(p.netns)}${linkAttrs({ mac: p.mac, mtu: p.mtu ?? l.mtu })}`)
          for (const a of p.addrs ?? []) add(2, real(p.netns), `addr add ${a} dev ${p.name}`)
          add(2, real(p.netns), `link set ${p.name} up`)
        } else if (l.type === 'vxlan') {
          const v = l.vxlan!
          add(1, r, `link add ${l.name}${linkAttrs(l)} type vxlan id ${v.vni}${v.local ? ` local ${v.local}` : ''}${v.dev ? ` dev ${v.dev}` : ''} dstport ${v.port ?? 8472}${v.learning === false ? ' nolearning' : ''}${v.l2miss ? ' l2miss' : ''}${v.l3miss ? ' l3miss' : ''}`)
        } else {
          add(1, r, `link add ${l.name}${linkAttrs(l)} type ${l.type}`)
        }
      }
      for (const l of n.links) {
        if (l.master) add(2, r, `link set ${l.name} master ${l.master}`)
        for (const a of l.addrs ?? []) add(2, r, `addr add ${a} dev ${l.name}`)
        if (l.up !== false) add(2, r, `link set ${l.name} up`)
      }
      for (const l of n.links) if (l.hairpin) add(2, r, `link set dev ${l.name} type bridge_slave hairpin on`)
      for (const rt of n.routes ?? []) add(3, r, routeCmd(rt))
      for (const ne of n.neigh ?? []) add(3, r, `neigh replace ${ne.ip} dev ${ne.dev}${ne.lladdr ? ` lladdr ${ne.lladdr}` : ''} nud ${ne.state.toLowerCase()}`)
    }
    // Within a phase, the switch goes first.
    for (const m of phases) for (const [n, cmds] of [...m.entries()].sort(([a], [b]) => (a === switchNs ? -1 : b === switchNs ? 1 : 0))) run('ip', ['-n', n, '-batch', '-'], cmds.join('\n') + '\n')
    for (const n of spec.netns) {
      const r = real(n.name)
      // tcp_rmem is per namespace: give each the lab's maximum, so SYNs advertise the same window scale.
      const sys = ['-qw', `net.ipv4.ip_forward=${n.sysctl?.ipForward ? 1 : 0}`, `net.ipv4.tcp_rmem=4096 131072 ${n.sysctl?.tcpRmemMax ?? DEFAULT_TCP_RMEM_MAX}`]
      if (n.links.some((l) => l.type === 'bridge')) sys.push(`net.bridge.bridge-nf-call-iptables=${n.sysctl?.bridgeNfCallIptables === false ? 0 : 1}`)
      inNetns(r, 'sysctl', sys)
      for (const f of n.fdb ?? []) run('bridge', ['-n', r, 'fdb', 'append', f.mac, 'dev', f.dev, ...(f.dst ? ['dst', f.dst] : []), ...(f.self !== false ? ['self'] : ['master']), ...(f.permanent !== false ? ['permanent'] : [])])
      if (n.iptables) inNetns(r, 'iptables-restore', [], n.iptables)
    }
  } catch (e) {
    teardown()
    throw e
  }
  return { ns, switchNs, teardown }
}
