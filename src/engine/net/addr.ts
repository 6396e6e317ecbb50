/**
 * IPv4 address arithmetic on 32-bit unsigned integers. Addresses stay strings everywhere else
 * (plain data in traces); these helpers convert at the edges of a computation.
 */
import type { Ipv4Addr } from '../wire/frame'

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  net: number
  len: number
}

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

export function isIpv4(s: string): boolean {
  const m = IPV4_RE.exec(s)
  return !!m && m.slice(1).every((o) => Number(o) <= 255)
}

export function ipToInt(ip: Ipv4Addr): number {
  const m = IPV4_RE.exec(ip)
  if (!m) return NaN
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0
}

export function intToIp(n: number): Ipv4Addr {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

export function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0
}

/** `10.244.1.0/24` or a bare address (treated as /32). Returns null when malformed. */
export function parseCidr(s: string): Cidr | null {
  const [addr, lenText] = s.split('/')
  if (!addr || !isIpv4(addr)) return null
  const len = lenText === undefined ? 32 : Number(lenText)
  if (!Number.isInteger(len) || len < 0 || len > 32 || (lenText !== undefined && !/^\d+$/.test(lenText)))
    return null
  return { net: (ipToInt(addr) & maskOf(len)) >>> 0, len }
}

/** An interface address `10.244.1.2/24`: the host part is kept. */
export function parseIfAddr(s: string): { ip: Ipv4Addr; len: number } | null {
  const [addr, lenText] = s.split('/')
  if (!addr || !isIpv4(addr)) return null
  const len = lenText === undefined ? 32 : Number(lenText)
  if (!Number.isInteger(len) || len < 0 || len > 32) return null
  return { ip: addr, len }
}

export function cidrContains(c: Cidr, ip: Ipv4Addr): boolean {
  return ((ipToInt(ip) & maskOf(c.len)) >>> 0) === c.net
}

export function formatCidr(c: Cidr): string {
  return `${intToIp(c.net)}/${c.len}`
}

export function networkOf(ip: Ipv4Addr, len: number): Ipv4Addr {
  return intToIp((ipToInt(ip) & maskOf(len)) >>> 0)
}

export function broadcastOf(ip: Ipv4Addr, len: number): Ipv4Addr {
  return intToIp(((ipToInt(ip) & maskOf(len)) | (~maskOf(len) >>> 0)) >>> 0)
}

export function isMulticast(ip: Ipv4Addr): boolean {
  return (ipToInt(ip) >>> 28) === 0xe
}

export function isLoopbackNet(ip: Ipv4Addr): boolean {
  return ipToInt(ip) >>> 24 === 127
}
