/**
 * Big-endian (network order) reads and writes over Uint8Array, and the address and text
 * conversions every layer needs. No Node Buffer and no TextEncoder: the engine compiles with
 * the ES library only.
 */
import type { Ipv4Addr, MacAddr } from './frame'

export function macBytes(mac: MacAddr): Uint8Array {
  const parts = mac.split(':')
  if (parts.length !== 6) throw new Error(`not a MAC address: '${mac}'`)
  return Uint8Array.from(parts, (p) => parseInt(p, 16))
}

export function macText(b: Uint8Array, at = 0): MacAddr {
  return Array.from(b.subarray(at, at + 6), (x) => x.toString(16).padStart(2, '0')).join(':')
}

export function ipv4Bytes(ip: Ipv4Addr): Uint8Array {
  const parts = ip.split('.')
  if (parts.length !== 4) throw new Error(`not an IPv4 address: '${ip}'`)
  return Uint8Array.from(parts, (p) => Number(p))
}

export function ipv4Text(b: Uint8Array, at = 0): Ipv4Addr {
  return Array.from(b.subarray(at, at + 4)).join('.')
}

/** UTF-8 bytes of a string (what write() sends for it). */
export function utf8Bytes(s: string): Uint8Array {
  const out: number[] = []
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** A growable big-endian writer. */
export class ByteWriter {
  private buf = new Uint8Array(64)
  length = 0
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n))
    next.set(this.buf.subarray(0, this.length))
    this.buf = next
  }
  u8(v: number): this {
    this.room(1)
    this.buf[this.length++] = v & 0xff
    return this
  }
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v)
  }
  u24(v: number): this {
    return this.u8(v >>> 16).u16(v & 0xffff)
  }
  u32(v: number): this {
    return this.u16(Math.floor(v / 0x10000) & 0xffff).u16(v & 0xffff)
  }
  bytes(b: Uint8Array): this {
    this.room(b.length)
    this.buf.set(b, this.length)
    this.length += b.length
    return this
  }
  zeros(n: number): this {
    this.room(n)
    this.buf.fill(0, this.length, this.length + n)
    this.length += n
    return this
  }
  /** Overwrites a 16-bit value already written (checksums). */
  set16(at: number, v: number): void {
    this.buf[at] = (v >>> 8) & 0xff
    this.buf[at + 1] = v & 0xff
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.length)
  }
}

export const get16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!
export const get32 = (b: Uint8Array, at: number): number => get16(b, at) * 0x10000 + get16(b, at + 2)
