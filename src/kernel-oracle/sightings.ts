/**
 * Both sides reduced to the same thing: per interface and direction, the ordered list of frames
 * seen there, each as one normalised line — MACs, addresses, the protocol's key fields, and
 * ports — with what the kernel randomises (ephemeral ports chosen by MASQUERADE --random-fully,
 * the VXLAN source port hash, TCP sequence numbers, IP ids, timestamps) compared by rule:
 * such ports print as `*`, sequence numbers are not printed at all.
 */
import type { LabSpec } from '../engine/lab/spec'
import type { Trace } from '../engine/trace/events'
import type { Frame } from '../engine/wire/frame'
import type { RawCapture } from './capture'

export interface Sighting {
  netns: string
  dev: string
  dir: 'in' | 'out'
  text: string
}

export type PortRule = (port: number) => string

/** Ports the lab fixes (journey, listeners, VXLAN) print as numbers; any other port ≥ 1024 as `*`. */
export function portRule(fixed: number[]): PortRule {
  const keep = new Set(fixed)
  return (p) => (p < 1024 || keep.has(p) ? String(p) : '*')
}

/** The ports a lab fixes: the journey's, the listeners', the VXLAN devices'. */
export function labPortRule(spec: LabSpec): PortRule {
  const fixed = [spec.journey?.sport, spec.journey?.dport, ...spec.apps.map((a) => Number(a.listen.split(':')[1])), ...spec.netns.flatMap((n) => n.links.map((l) => l.vxlan?.port ?? 8472))]
  return portRule(fixed.filter((p): p is number => p !== undefined))
}

const FLAG_ORDER: [string, string][] = [['FIN', 'F'], ['SYN', 'S'], ['RST', 'R'], ['PSH', 'P']]

function engineL3(f: Frame, port: PortRule): string {
  if (f.arp) return f.arp.op === 'request' ? `ARP who-has ${f.arp.targetIp} tell ${f.arp.senderIp}` : `ARP ${f.arp.senderIp} is-at ${f.arp.senderMac}`
  const ip = f.ip!
  if (f.tcp) {
    const flags = FLAG_ORDER.filter(([k]) => f.tcp!.flags.includes(k as never)).map(([, c]) => c).join('') + (f.tcp.flags.includes('ACK') ? '.' : '')
    const mss = f.tcp.options?.find((o) => o.kind === 'mss')
    const ws = f.tcp.options?.find((o) => o.kind === 'wscale')
    const syn = f.tcp.flags.includes('SYN') && mss?.kind === 'mss' ? ` win ${f.tcp.window} mss ${mss.value}${ws?.kind === 'wscale' ? ` wscale ${ws.value}` : ''}` : ''
    return `${ip.src}.${port(f.tcp.sport)} > ${ip.dst}.${port(f.tcp.dport)} tcp [${flags}]${syn} len ${f.payloadLength}`
  }
  if (f.udp && f.vxlan && f.inner) return `${ip.src}.${port(f.udp.sport)} > ${ip.dst}.${port(f.udp.dport)} vxlan vni ${f.vxlan.vni} | ${engineFrame(f.inner, port)}`
  if (f.udp) return `${ip.src}.${port(f.udp.sport)} > ${ip.dst}.${port(f.udp.dport)} udp len ${f.payloadLength}`
  if (f.icmp) return `${ip.src} > ${ip.dst} icmp ${icmpName(f.icmp.type)}`
  return `${ip.src} > ${ip.dst} ${ip.protocol}`
}

function icmpName(type: number): string {
  return type === 8 ? 'echo-request' : type === 0 ? 'echo-reply' : type === 3 ? 'unreachable' : type === 11 ? 'time-exceeded' : `type-${type}`
}

function engineFrame(f: Frame, port: PortRule): string {
  return `${f.eth.src} > ${f.eth.dst} ${engineL3(f, port)}`
}

export function sightingsFromTrace(trace: Trace, port: PortRule): Sighting[] {
  const out: Sighting[] = []
  for (const h of trace.hops) {
    if ((h.kind !== 'link.xmit' && h.kind !== 'link.recv') || !h.dev || !h.frame) continue
    // lo is captured only for localhost journeys; elsewhere it carries nothing of the journey.
    if (h.dev === 'lo' && (h.kind === 'link.recv' || !h.frame.ip?.dst.startsWith('127.'))) continue
    out.push({ netns: h.netns, dev: h.dev, dir: h.kind === 'link.xmit' ? 'out' : 'in', text: engineFrame(h.frame, port) })
  }
  return out
}

const ETH_RE = /^\d+\.\d+ ([0-9a-f:]{17}) > ([0-9a-f:]{17}), ethertype (\w+) \(0x[0-9a-f]+\), length (\d+): (.*)$/
const INNER_RE = /^([0-9a-f:]{17}) > ([0-9a-f:]{17}), ethertype (\w+) \(0x[0-9a-f]+\), length (\d+): (.*)$/

/**
 * `frameLen` is tcpdump's Ethernet `length`: it gives a UDP payload's size when tcpdump decodes
 * the payload as an application protocol (port 53 as DNS, 5353 as mDNS) and prints no
 * `UDP, length N` (our packets carry no IP options: 14 + 20 + 8 bytes of headers).
 */
function kernelL3(type: string, rest: string, port: PortRule, frameLen: number): string | null {
  if (type === 'ARP') {
    let m = /^Request who-has ([\d.]+) tell ([\d.]+)/.exec(rest)
    if (m) return `ARP who-has ${m[1]} tell ${m[2]}`
    m = /^Reply ([\d.]+) is-at ([0-9a-f:]{17})/.exec(rest)
    if (m) return `ARP ${m[1]} is-at ${m[2]}`
    return `ARP ${rest}`
  }
  if (type !== 'IPv4') return null
  const split = (hp: string) => {
    const i = hp.lastIndexOf('.')
    return `${hp.slice(0, i)}.${port(Number(hp.slice(i + 1)))}`
  }
  let m = /^([\d.]+) > ([\d.]+): Flags \[([^\]]*)\].*length (\d+)/.exec(rest)
  if (m) {
    // SYNs also show the window and MSS the kernel advertises (both derive from the route's MTU).
    const syn = m[3]!.includes('S') ? /win (\d+), options \[mss (\d+)[^\]]*?(?:wscale (\d+))?\]/.exec(rest) : null
    return `${split(m[1]!)} > ${split(m[2]!)} tcp [${m[3]}]${syn ? ` win ${syn[1]} mss ${syn[2]}${syn[3] ? ` wscale ${syn[3]}` : ''}` : ''} len ${m[4]}`
  }
  m = /^([\d.]+) > ([\d.]+): (?:OTV|VXLAN), flags \[I\] \(0x08\), (?:overlay \d+, instance|vni) (\d+)\s*(.*)$/.exec(rest)
  if (m) return `${split(m[1]!)} > ${split(m[2]!)} vxlan vni ${m[3]} | ${m[4]}`
  m = /^([\d.]+) > ([\d.]+): UDP, length (\d+)/.exec(rest)
  if (m) return `${split(m[1]!)} > ${split(m[2]!)} udp len ${m[3]}`
  m = /^([\d.]+) > ([\d.]+): ICMP (.*)/.exec(rest)
  if (m) {
    const t = m[3]!
    const name = /echo request/.test(t) ? 'echo-request' : /echo reply/.test(t) ? 'echo-reply' : /time exceeded/.test(t) ? 'time-exceeded' : /unreachable|need to frag/.test(t) ? 'unreachable' : t
    return `${m[1]} > ${m[2]} icmp ${name}`
  }
  m = /^(\d+\.\d+\.\d+\.\d+\.\d+) > (\d+\.\d+\.\d+\.\d+\.\d+): /.exec(rest)
  if (m) return `${split(m[1]!)} > ${split(m[2]!)} udp len ${frameLen - 42}`
  return rest
}

/** Multicast (IGMP reports and the like) is the kernel's own chatter, not part of any journey. */
function isNoise(rest: string, dstMac: string): boolean {
  return /> 2(2[4-9]|3\d)\.\d+\.\d+\.\d+[.:]/.test(rest) || /igmp/i.test(rest) || (dstMac.startsWith('01:00:5e') || dstMac.startsWith('33:33'))
}

export function sightingsFromCapture(caps: RawCapture[], port: PortRule): { sightings: Sighting[]; unparsed: string[] } {
  const sightings: Sighting[] = []
  const unparsed: string[] = []
  for (const c of caps) {
    const lines = c.lines.filter((l) => l.trim())
    for (let i = 0; i < lines.length; i++) {
      const m = ETH_RE.exec(lines[i]!)
      if (!m) {
        unparsed.push(`${c.netns} ${c.dev} ${c.dir}: ${lines[i]}`)
        continue
      }
      const [, src, dst, type, len, rest] = m
      if (isNoise(rest!, dst!)) continue
      let l3 = kernelL3(type!, rest!, port, Number(len))
      if (l3 === null) continue
      if (/ vxlan vni \d+ \| $/.test(l3 + ' ') || / vxlan vni \d+ \| *$/.test(l3)) {
        // tcpdump prints the encapsulated frame on the next line.
        const inner = INNER_RE.exec((lines[i + 1] ?? '').trim())
        if (inner) {
          i++
          l3 = `${l3.replace(/ \| *$/, ' |')} ${inner[1]} > ${inner[2]} ${kernelL3(inner[3]!, inner[5]!, port, Number(inner[4]))}`
        }
      }
      sightings.push({ netns: c.netns, dev: c.dev, dir: c.dir, text: `${src} > ${dst} ${l3}` })
    }
  }
  return { sightings, unparsed }
}

/** Per interface and direction, the first place the two lists part ways, with context. */
export function diffSightings(expected: Sighting[], seen: Sighting[]): string[] {
  const group = (s: Sighting[]) => {
    const m = new Map<string, string[]>()
    for (const x of s) {
      const k = `${x.netns} ${x.dev} ${x.dir}`
      m.set(k, [...(m.get(k) ?? []), x.text])
    }
    return m
  }
  const e = group(expected)
  const k = group(seen)
  const problems: string[] = []
  for (const key of [...new Set([...e.keys(), ...k.keys()])].sort()) {
    const a = e.get(key) ?? []
    const b = k.get(key) ?? []
    const n = Math.max(a.length, b.length)
    for (let i = 0; i < n; i++) {
      if (a[i] === b[i]) continue
      const ctx = (xs: string[]) => xs.slice(Math.max(0, i - 2), i + 3).map((t, j) => `      ${j + Math.max(0, i - 2) === i ? '>' : ' '} ${t}`).join('\n')
      problems.push(`${key}: frame #${i + 1} differs\n    engine:\n${ctx(a) || '      (nothing)'}\n    kernel:\n${ctx(b) || '      (nothing)'}`)
      break
    }
  }
  return problems
}
