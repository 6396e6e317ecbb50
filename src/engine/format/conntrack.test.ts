import { describe, expect, it } from 'vitest'
import type { ConntrackRow } from '../tables/types'
import { formatConntrack, formatConntrackSummary } from './conntrack'

const base: ConntrackRow = {
  id: 1, protocol: 'tcp', tcpState: 'ESTABLISHED', timeout: 431999,
  original: { src: '10.244.1.2', dst: '10.96.0.10', sport: 41234, dport: 80 },
  reply: { src: '10.244.2.3', dst: '10.244.1.2', sport: 8080, dport: 41234 },
  status: { seenReply: true, assured: true, confirmed: true }, mark: 0,
}

describe('formatConntrack', () => {
  it('prints an assured TCP entry with the flag after the reply tuple', () => {
    expect(formatConntrack([base])).toBe(
      'tcp      6 431999 ESTABLISHED src=10.244.1.2 dst=10.96.0.10 sport=41234 dport=80 src=10.244.2.3 dst=10.244.1.2 sport=8080 dport=41234 [ASSURED] mark=0 use=1\n',
    )
  })

  it('puts [UNREPLIED] between the tuples and pads udp to eight columns', () => {
    const udp: ConntrackRow = { ...base, protocol: 'udp', tcpState: undefined, timeout: 29, status: { seenReply: false, assured: false, confirmed: true } }
    expect(formatConntrack([udp])).toBe(
      'udp      17 29 src=10.244.1.2 dst=10.96.0.10 sport=41234 dport=80 [UNREPLIED] src=10.244.2.3 dst=10.244.1.2 sport=8080 dport=41234 mark=0 use=1\n',
    )
  })

  it('prints ICMP type, code and id, and the mark in decimal', () => {
    const icmp: ConntrackRow = {
      ...base, protocol: 'icmp', tcpState: undefined, timeout: 29, mark: 0x4000,
      original: { src: '10.244.1.2', dst: '10.244.1.1', icmp: { type: 8, code: 0, id: 77 } },
      reply: { src: '10.244.1.1', dst: '10.244.1.2', icmp: { type: 0, code: 0, id: 77 } },
      status: { seenReply: true, assured: false, confirmed: true },
    }
    expect(formatConntrack([icmp])).toBe(
      'icmp     1 29 src=10.244.1.2 dst=10.244.1.1 type=8 code=0 id=77 src=10.244.1.1 dst=10.244.1.2 type=0 code=0 id=77 mark=16384 use=1\n',
    )
  })

  it('prints the stderr summary of conntrack-tools 1.4.7', () => {
    expect(formatConntrackSummary(4)).toBe('conntrack v1.4.7 (conntrack-tools): 4 flow entries have been shown.\n')
  })
})
