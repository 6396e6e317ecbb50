/**
 * Address syntax as iproute2 and the Kubernetes API accept it. Each check returns null when the
 * text is valid, else the reason, so callers can word the diagnostic with the field it came from.
 * IPv4 follows glibc inet_pton (four decimal octets, no leading zeros); link MACs follow the
 * kernel's is_valid_ether_addr (not multicast, not all zeros).
 */

export function ipv4ToInt(s: string): number | null {
  const parts = s.split('.')
  if (parts.length !== 4) return null
  let n = 0
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null
    const v = Number(p)
    if (v > 255) return null
    n = n * 256 + v
  }
  return n
}

export function ipv4Problem(s: string): string | null {
  return ipv4ToInt(s) === null
    ? `'${s}' is not an IPv4 address (four decimal octets, like 10.244.1.2)`
    : null
}

export interface CidrParts {
  ip: number
  len: number
}

export function parseCidrText(s: string): CidrParts | null {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s)
  if (!m) return null
  const ip = ipv4ToInt(m[1] as string)
  const len = Number(m[2])
  if (ip === null || len > 32) return null
  return { ip, len }
}

function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0
}

export function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

/**
 * `network: true` demands a network address, as `ip route add` does ("Invalid prefix for given
 * prefix length") and as a pod or service CIDR is written; interface addresses keep host bits.
 */
export function cidrProblem(s: string, opts: { network?: boolean } = {}): string | null {
  const c = parseCidrText(s)
  if (!c) return `'${s}' is not an IPv4 CIDR (address/prefix-length, like 10.244.1.0/24)`
  if (opts.network && (c.ip & ~maskOf(c.len)) >>> 0 !== 0)
    return `'${s}' has host bits set; the network is ${intToIpv4((c.ip & maskOf(c.len)) >>> 0)}/${c.len}`
  return null
}

export function cidrContainsIp(cidr: string, ip: string): boolean {
  const c = parseCidrText(cidr)
  const n = ipv4ToInt(ip)
  if (!c || n === null) return false
  return (n & maskOf(c.len)) >>> 0 === (c.ip & maskOf(c.len)) >>> 0
}

/** The n-th address (0 = network address) of a CIDR. */
export function nthAddress(cidr: string, n: number): string | null {
  const c = parseCidrText(cidr)
  if (!c) return null
  return intToIpv4((((c.ip & maskOf(c.len)) >>> 0) + n) >>> 0)
}

/** The n-th subnet of length `len` inside `cidr` (10.244.0.0/16, 24, 1 → 10.244.1.0/24). */
export function nthSubnet(cidr: string, len: number, n: number): string | null {
  const c = parseCidrText(cidr)
  if (!c || len < c.len || len > 32) return null
  const base = (c.ip & maskOf(c.len)) >>> 0
  return `${intToIpv4((base + n * 2 ** (32 - len)) >>> 0)}/${len}`
}

/** Lower-cases a valid MAC; returns null for anything `ip link` would reject. */
export function normalizeMac(s: string): string | null {
  return /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(s) ? s.toLowerCase() : null
}

export function macProblem(s: string, opts: { link?: boolean } = {}): string | null {
  const mac = normalizeMac(s)
  if (mac === null) return `'${s}' is not a MAC address (six hex pairs, like 0a:58:0a:f4:01:02)`
  if (opts.link && mac === '00:00:00:00:00:00')
    return `'${s}' is all zeros, which the kernel refuses as a link address`
  if (opts.link && parseInt(mac.slice(0, 2), 16) & 1)
    return `'${s}' is a multicast address (low bit of the first octet set), which the kernel refuses as a link address`
  return null
}

/** IANA_SVC_NAME, as Kubernetes validates a port name: ≤ 15 chars, [a-z0-9-], a letter, no '--'. */
export function portNameProblem(s: string): string | null {
  if (s.length === 0 || s.length > 15) return 'must be 1 to 15 characters'
  if (!/^[a-z0-9-]+$/.test(s)) return 'may contain only lower-case letters, digits and -'
  if (!/[a-z]/.test(s)) return 'must contain at least one letter'
  if (s.startsWith('-') || s.endsWith('-') || s.includes('--'))
    return 'may not start or end with - or contain --'
  return null
}

/** `0.0.0.0:8080`, `10.244.1.2:53`. */
export function parseListen(s: string): { ip: string; port: number } | null {
  const m = /^([0-9.]+):(\d{1,5})$/.exec(s)
  if (!m) return null
  const port = Number(m[2])
  if (ipv4ToInt(m[1] as string) === null || port < 1 || port > 65535) return null
  return { ip: m[1] as string, port }
}

/** Linux interface names: 1–15 bytes (IFNAMSIZ - 1), no '/', ':' or whitespace (dev_valid_name). */
export function ifnameProblem(s: string): string | null {
  if (s.length === 0) return 'an interface name may not be empty'
  if (s.length > 15)
    return `'${s}' is ${s.length} characters; Linux interface names are at most 15 (IFNAMSIZ - 1)`
  if (s === '.' || s === '..' || /[/:\s]/.test(s))
    return `'${s}' is not a valid Linux interface name (no '/', ':' or whitespace)`
  return null
}
