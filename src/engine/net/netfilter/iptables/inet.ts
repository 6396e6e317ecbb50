/**
 * Small parsers and printers shared by the iptables extensions: dotted quads, prefixes, ports
 * and numbers the way libxtables reads them (xtables_strtoui with base 0, xtables_ipparse_any).
 */

export function parseIpv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s)
  if (!m) return undefined
  let n = 0
  for (let i = 1; i <= 4; i++) {
    const b = Number(m[i])
    if (b > 255) return undefined
    n = n * 256 + b
  }
  return n >>> 0
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
}

/** `10.1.0.5/24` → network 10.1.0.0 and 24, as iptables masks the address on input. */
export function parseCidr(s: string): { addr: number; prefix: number } | string {
  const [ip = '', mask] = s.split('/', 2)
  const addr = parseIpv4(ip)
  if (addr === undefined) return `'${ip}' is not an IPv4 address`
  let prefix = 32
  if (mask !== undefined) {
    if (/^\d{1,2}$/.test(mask) && Number(mask) <= 32) prefix = Number(mask)
    else {
      const m = parseIpv4(mask)
      const len = m === undefined ? -1 : contiguousPrefix(m)
      if (len < 0) return `'${mask}' is not a valid prefix length or contiguous netmask`
      prefix = len
    }
  }
  return { addr: (addr & prefixMask(prefix)) >>> 0, prefix }
}

function contiguousPrefix(mask: number): number {
  for (let p = 0; p <= 32; p++) if (prefixMask(p) === mask) return p
  return -1
}

/** strtoul(…, 0) for u32: decimal, 0x hex or leading-0 octal. */
export function parseU32(s: string): number | undefined {
  let v: number
  if (/^0x[0-9a-f]+$/i.test(s)) v = parseInt(s.slice(2), 16)
  else if (/^0[0-7]*$/.test(s)) v = parseInt(s, 8)
  else if (/^[1-9]\d*$/.test(s)) v = Number(s)
  else return undefined
  return v <= 0xffffffff ? v : undefined
}

/** `v` or `v/m` → value and mask (mask defaults to all ones). */
export function parseValueMask(s: string): { value: number; mask?: number } | undefined {
  const [v = '', m] = s.split('/', 2)
  const value = parseU32(v)
  if (value === undefined) return undefined
  if (m === undefined) return { value }
  const mask = parseU32(m)
  return mask === undefined ? undefined : { value, mask }
}

export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`
}

export function parsePort(s: string): number | undefined {
  if (!/^\d{1,5}$/.test(s)) return undefined
  const n = Number(s)
  return n <= 65535 ? n : undefined
}

/** `a`, `a:b`, `a:` or `:b` (xtables_parse_interface-style port ranges of libxt_tcp). */
export function parsePortRange(s: string): { min: number; max: number } | undefined {
  if (!s.includes(':')) {
    const p = parsePort(s)
    return p === undefined ? undefined : { min: p, max: p }
  }
  const [a = '', b = ''] = s.split(':', 2)
  const min = a === '' ? 0 : parsePort(a)
  const max = b === '' ? 65535 : parsePort(b)
  if (min === undefined || max === undefined || min > max) return undefined
  return { min, max }
}

export function formatPortRange(r: { min: number; max: number }, sep = ':'): string {
  return r.min === r.max ? `${r.min}` : `${r.min}${sep}${r.max}`
}

/** xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted with `"`, `\`, `'` escaped. */
export function saveString(s: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(s)) return s
  return `"${s.replace(/["\\']/g, (c) => `\\${c}`)}"`
}

/** Edit distance with adjacent transpositions (optimal string alignment), for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  const at = (i: number, j: number) => d[i]?.[j] ?? 0
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1)
      d[i]![j] = v
    }
  }
  return at(a.length, b.length)
}

/** The candidate a typo most likely meant: within a third of the word's length, or extending it. */
export function closest(word: string, candidates: string[]): string | undefined {
  // The distance costs length × length: a 1 MB word would take seconds and a gigabyte. Names in
  // iptables are at most 28 characters, so nothing that long is a typo of one.
  if (word.length > 64) return undefined
  let best: string | undefined
  let bestD = Math.max(1, Math.floor(word.length / 3)) + 1
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) >= bestD) continue
    const dist = editDistance(word, c)
    if (dist < bestD) {
      best = c
      bestD = dist
    }
  }
  return best ?? (word.length >= 3 ? candidates.find((c) => c.startsWith(word)) : undefined)
}
