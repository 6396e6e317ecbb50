/**
 * `nft list table ip NAME`, byte for byte as nftables v1.0.6 (Debian 12) prints it, read from
 * the tool's own output (nft-list.live.test.ts loads the same script into a network namespace
 * and compares): sets and maps first, then chains, each in creation order; a blank line between
 * objects; base chains with the standard priority names of nft(8) ("dstnat - 10"); elements
 * sorted as libnftables sorts them (a plain address by value; a concatenation by its register
 * bytes read as one little-endian number, so `tcp . 8080` comes before `tcp . 443`); a plain set
 * wraps after every second element, a map after every element.
 */
import type { NftChain, NftElement, NftRule, NftSet, NftStmt, NftTable, NftValue, NftVerdict } from '../net/netfilter/nftables/model'
import { NFT_PRIORITY_NAMES } from '../net/netfilter/nftables/parse'

const WRAP = ',\n\t\t\t     '

export function formatNftListTable(t: NftTable): string {
  const blocks = [...t.sets.map(formatSet), ...t.chains.map(formatChain)]
  const head = `table ${t.family} ${t.name} {\n${t.comment !== undefined ? `\tcomment "${t.comment}"\n` : ''}`
  return `${head}${blocks.join('\n')}}\n`
}

/** `priority` as nft prints it: a standard name when one is within 10, else the number. */
export function formatPriority(hook: string, prio: number): string {
  for (const p of NFT_PRIORITY_NAMES) {
    if (p.hooks && !p.hooks.includes(hook as never)) continue
    const off = prio - p.value
    if (off === 0) return p.name
    if (Math.abs(off) <= 10) return `${p.name} ${off < 0 ? '-' : '+'} ${Math.abs(off)}`
  }
  return String(prio)
}

/** nft's time format: `3h`, `1d2h`, `90s` → `1m30s`. */
export function formatNftTime(seconds: number): string {
  const parts: string[] = []
  let s = Math.floor(seconds)
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`)
      s %= size
    }
  }
  if (s || !parts.length) parts.push(`${s}s`)
  return parts.join('')
}

function formatSet(s: NftSet): string {
  const lines = [`\t${s.map ? 'map' : 'set'} ${s.name} {`, `\t\ttype ${s.type.join(' . ')}${s.map ? ' : verdict' : ''}`]
  // The kernel gives a dynamic set without an explicit size the default of 65535, and nft shows it.
  if (s.flags?.includes('dynamic')) lines.push('\t\tsize 65535')
  if (s.flags?.length) lines.push(`\t\tflags ${s.flags.join(',')}`)
  if (s.timeout !== undefined) lines.push(`\t\ttimeout ${formatNftTime(s.timeout)}`)
  if (s.comment !== undefined) lines.push(`\t\tcomment "${s.comment}"`)
  if (s.elements.length) {
    const els = sortElements(s).map((e) => formatElement(s, e))
    const oneLine = s.map || s.elements.some((e) => e.comment !== undefined) ? 1 : 2
    let body = ''
    els.forEach((e, i) => (body += (i === 0 ? '' : i % oneLine === 0 ? WRAP : ', ') + e))
    lines.push(`\t\telements = { ${body} }`)
  }
  return `${lines.join('\n')}\n\t}\n`
}

function formatElement(s: NftSet, e: NftElement): string {
  return `${e.key.join(' . ')}${e.comment !== undefined ? ` comment "${e.comment}"` : ''}${s.map && e.verdict ? ` : ${formatVerdict(e.verdict)}` : ''}`
}

const PROTO: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, sctp: 132 }

/** A key part's register bytes: ipv4_addr 4, inet_proto 1, inet_service 2 (network order), each padded to 4. */
function keyBytes(type: string, v: string): number[] {
  if (type === 'ipv4_addr') return v.split('.').map(Number)
  if (type === 'inet_proto') return [PROTO[v] ?? Number(v), 0, 0, 0]
  const n = Number(v)
  return [(n >> 8) & 0xff, n & 0xff, 0, 0]
}

function sortElements(s: NftSet): NftElement[] {
  const bytes = (e: NftElement) => e.key.flatMap((v, i) => keyBytes(s.type[i] ?? 'ipv4_addr', v))
  const concat = s.type.length > 1
  return [...s.elements].sort((a, b) => {
    const x = bytes(a)
    const y = bytes(b)
    const n = Math.max(x.length, y.length)
    for (let k = 0; k < n; k++) {
      const i = concat ? n - 1 - k : k
      const d = (x[i] ?? 0) - (y[i] ?? 0)
      if (d) return d
    }
    return 0
  })
}

function formatChain(ch: NftChain): string {
  const lines = [`\tchain ${ch.name} {`]
  if (ch.comment !== undefined) lines.push(`\t\tcomment "${ch.comment}"`)
  if (ch.base) lines.push(`\t\ttype ${ch.base.type} hook ${ch.base.hook} priority ${formatPriority(ch.base.hook, ch.base.priority)}; policy ${ch.base.policy};`)
  for (const r of ch.rules) lines.push(`\t\t${formatNftRule(r)}`)
  return `${lines.join('\n')}\n\t}\n`
}

export function formatVerdict(v: NftVerdict): string {
  return v.kind === 'jump' || v.kind === 'goto' ? `${v.kind} ${v.chain}` : v.kind
}

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`

function formatValue(v: NftValue): string {
  if (v.kind === 'ref') return `@${v.set}`
  if (v.kind === 'value') return v.text
  // A one-element anonymous set is folded into a plain comparison.
  return v.items.length === 1 ? v.items[0]! : `{ ${v.items.join(', ')} }`
}

export function formatNftStmt(s: NftStmt): string {
  switch (s.kind) {
    case 'match':
      if (s.mask !== undefined) return `${s.sel} & ${hex8(s.mask)} ${s.op} ${hex8(Number(s.value.kind === 'value' ? s.value.text : 0))}`
      return `${s.sel} ${s.op === '!=' ? '!= ' : ''}${formatValue(s.value)}`
    case 'vmap': {
      const key = Array.isArray(s.key) ? s.key.join(' . ') : `numgen random mod ${s.key.numgen}`
      const map = s.map.kind === 'ref' ? `@${s.map.set}` : `{ ${s.map.entries.map((e) => `${e.key} : ${formatVerdict(e.verdict)}`).join(', ')} }`
      return `${key} vmap ${map}`
    }
    case 'verdict':
      return formatVerdict(s.verdict)
    case 'reject':
      return 'reject'
    case 'mark-set':
      return `meta mark set meta mark ${s.op === 'or' ? '|' : '^'} ${hex8(s.value)}`
    case 'masquerade':
      return s.fullyRandom ? 'masquerade fully-random' : 'masquerade'
    case 'dnat':
      return `dnat to ${s.addr}${s.port !== undefined ? `:${s.port}` : ''}`
    case 'update':
      return `update @${s.set} { ${s.sel} }`
    case 'counter':
      return `counter packets ${s.packets} bytes ${s.bytes}`
  }
}

export function formatNftRule(r: NftRule): string {
  return `${r.stmts.map(formatNftStmt).join(' ')}${r.comment !== undefined ? ` comment "${r.comment}"` : ''}`
}
