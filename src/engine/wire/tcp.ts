/**
 * The TCP header (RFC 9293 §3.1): ports, sequence and acknowledgment numbers, data offset,
 * flags, window, checksum over the IPv4 pseudo-header, header and data, urgent pointer 0, then
 * the options in the order the frame lists them (Linux's SYN order is mss, sackOK, TS, nop,
 * wscale: tcp_options_write). Option kinds: 1 NOP, 2 MSS (RFC 9293), 3 window scale, 4 SACK
 * permitted, 8 timestamps (RFC 7323, RFC 2018). `window` is the raw 16-bit field.
 */
import { ByteWriter, get16, get32, ipv4Bytes } from './bytes'
import { finishChecksum, onesSum, pseudoHeaderSum } from './checksum'
import { tcpHeaderLength, type Ipv4Addr, type TcpFlag, type TcpHeader, type TcpOption } from './frame'
import { IPPROTO_TCP } from './ipv4'

const FLAG_BITS: Record<TcpFlag, number> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 }
/** The order tcpdump prints flags in, which decode keeps: `[S.]`, `[P.]`, `[R.]`. */
const FLAG_ORDER: TcpFlag[] = ['SYN', 'FIN', 'PSH', 'RST', 'ACK']

function writeOption(w: ByteWriter, o: TcpOption): void {
  switch (o.kind) {
    case 'nop':
      w.u8(1)
      break
    case 'mss':
      w.u8(2).u8(4).u16(o.value)
      break
    case 'wscale':
      w.u8(3).u8(3).u8(o.value)
      break
    case 'sackOK':
      w.u8(4).u8(2)
      break
    case 'TS':
      w.u8(8).u8(10).u32(o.val).u32(o.ecr)
      break
    default: {
      const never: never = o
      throw new Error(`TCP option ${JSON.stringify(never)} is not modelled`)
    }
  }
}

export function encodeTcp(h: TcpHeader, src: Ipv4Addr, dst: Ipv4Addr, payload: Uint8Array): Uint8Array {
  const hlen = tcpHeaderLength(h)
  const flags = h.flags.reduce((n, f) => n | FLAG_BITS[f], 0)
  const w = new ByteWriter().u16(h.sport).u16(h.dport).u32(h.seq >>> 0).u32(h.ack >>> 0).u8((hlen / 4) << 4).u8(flags).u16(h.window).u16(0).u16(0)
  for (const o of h.options ?? []) writeOption(w, o)
  w.zeros(hlen - w.length) // end-of-option-list padding (Linux never needs it)
  w.bytes(payload)
  const bytes = w.finish()
  const sum = finishChecksum(onesSum(bytes, pseudoHeaderSum(ipv4Bytes(src), ipv4Bytes(dst), IPPROTO_TCP, bytes.length)))
  bytes[16] = sum >>> 8
  bytes[17] = sum & 0xff
  return bytes
}

export function decodeTcp(b: Uint8Array): { tcp: TcpHeader; payload: Uint8Array } {
  const hlen = (b[12]! >> 4) * 4
  if (b.length < 20 || hlen < 20 || b.length < hlen) throw new Error('truncated TCP header')
  const bits = b[13]!
  const options: TcpOption[] = []
  for (let i = 20; i < hlen; ) {
    const kind = b[i]!
    if (kind === 0) break
    if (kind === 1) {
      options.push({ kind: 'nop' })
      i += 1
      continue
    }
    const len = b[i + 1]!
    if (kind === 2) options.push({ kind: 'mss', value: get16(b, i + 2) })
    else if (kind === 3) options.push({ kind: 'wscale', value: b[i + 2]! })
    else if (kind === 4) options.push({ kind: 'sackOK' })
    else if (kind === 8) options.push({ kind: 'TS', val: get32(b, i + 2), ecr: get32(b, i + 6) })
    else throw new Error(`TCP option kind ${kind} is not modelled`)
    i += Math.max(len, 2)
  }
  const tcp: TcpHeader = {
    sport: get16(b, 0),
    dport: get16(b, 2),
    seq: get32(b, 4),
    ack: get32(b, 8),
    flags: FLAG_ORDER.filter((f) => bits & FLAG_BITS[f]),
    window: get16(b, 14),
    ...(options.length ? { options } : {}),
  }
  return { tcp, payload: b.subarray(hlen) }
}
