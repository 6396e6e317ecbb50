import { describe, expect, it } from 'vitest'
import { internetChecksum } from './checksum'
import { decodeFrame, encodeFrame } from './frame-bytes'
import type { Frame } from './frame'
import { encodeIpv4Header } from './ipv4'

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

describe('internetChecksum', () => {
  it('gives the RFC 1071 §3 example sum, complemented', () => {
    // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums (with carries folded) to 0xddf2.
    expect(internetChecksum(Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7))).toBe(~0xddf2 & 0xffff)
  })

  it('fills the IPv4 header checksum so the header sums to zero', () => {
    // The well-known example header 4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7.
    const h = encodeIpv4Header({ src: '192.168.0.1', dst: '192.168.0.199', ttl: 64, protocol: 'udp', id: 0, df: true, totalLength: 0x73, tos: 0 })
    expect(hex(h)).toBe('4500007300004000401 1b861c0a80001c0a800c7'.replace(/ /g, ''))
    expect(internetChecksum(h)).toBe(0)
  })
})

const syn: Frame = {
  eth: { src: '0a:58:0a:f4:01:02', dst: '0a:58:0a:f4:01:01', type: 'IPv4' },
  ip: { src: '10.244.1.2', dst: '10.244.2.2', ttl: 64, protocol: 'tcp', id: 0x1234, df: true, totalLength: 60, tos: 0 },
  tcp: {
    sport: 41000,
    dport: 8080,
    seq: 1,
    ack: 0,
    flags: ['SYN'],
    window: 64860,
    options: [{ kind: 'mss', value: 1410 }, { kind: 'sackOK' }, { kind: 'TS', val: 1, ecr: 0 }, { kind: 'nop' }, { kind: 'wscale', value: 7 }],
  },
  payloadLength: 0,
}

describe('encodeFrame', () => {
  it('writes a SYN with Linux option order and a good TCP checksum', () => {
    const b = encodeFrame(syn)
    expect(b.length).toBe(74)
    // Options: mss 1410, sackOK, TS val 1 ecr 0, nop, wscale 7 (tcpdump -xx shows the same bytes).
    expect(hex(b.subarray(54))).toBe('020405820402080a000000010000000001030307')
    // The TCP checksum verifies: pseudo-header + segment sums to 0xffff.
    const seg = b.subarray(34)
    const pseudo = Uint8Array.of(10, 244, 1, 2, 10, 244, 2, 2, 0, 6, 0, seg.length)
    const all = new Uint8Array(pseudo.length + seg.length)
    all.set(pseudo)
    all.set(seg, pseudo.length)
    expect(internetChecksum(all)).toBe(0)
  })

  it('round-trips through decodeFrame', () => {
    expect(decodeFrame(encodeFrame(syn))).toEqual(syn)
  })

  it('round-trips a VXLAN frame with its inner frame', () => {
    const inner = { ...syn, ip: { ...syn.ip!, ttl: 63 } }
    const outer: Frame = {
      eth: { src: '52:54:00:00:00:02', dst: '52:54:00:00:00:03', type: 'IPv4' },
      ip: { src: '192.168.0.2', dst: '192.168.0.3', ttl: 64, protocol: 'udp', id: 7, df: false, totalLength: 20 + 8 + 8 + 74, tos: 0 },
      udp: { sport: 56836, dport: 8472, length: 8 + 8 + 74 },
      vxlan: { flags: 0x08, vni: 1 },
      inner,
      payloadLength: 0,
    }
    expect(decodeFrame(encodeFrame(outer))).toEqual(outer)
  })
})
