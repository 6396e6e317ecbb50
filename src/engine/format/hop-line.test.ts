import { describe, expect, it } from 'vitest'
import type { HopEvent } from '../trace/events'
import type { Frame } from '../wire/frame'
import { formatFrameSummary, formatHopLine, formatVirtualTime, hopSummary } from './hop-line'

const syn: Frame = {
  eth: { src: '0a:58:0a:f4:01:02', dst: '0a:58:0a:f4:01:01', type: 'IPv4' },
  ip: { src: '10.244.1.2', dst: '10.96.0.10', ttl: 64, protocol: 'tcp', id: 1, df: true, totalLength: 60, tos: 0 },
  tcp: { sport: 41234, dport: 80, seq: 1000, ack: 0, flags: ['SYN'], window: 64240 },
  payloadLength: 0,
}
const base = { seq: 12, time: 420, host: 'node-1', netns: 'node-1', dev: 'cni0', packet: 1, deltas: [] }

describe('formatFrameSummary', () => {
  it('prints a TCP SYN like tcpdump -e -nn -S', () => {
    expect(formatFrameSummary(syn)).toBe(
      '0a:58:0a:f4:01:02 > 0a:58:0a:f4:01:01, ethertype IPv4 (0x0800), length 74: ' +
        '10.244.1.2.41234 > 10.96.0.10.80: Flags [S], seq 1000, win 64240, length 0',
    )
  })

  it('prints ACK as a dot after the other flags and adds the ack number', () => {
    const fin: Frame = { ...syn, tcp: { ...syn.tcp!, flags: ['ACK', 'FIN'], ack: 7 } }
    expect(formatFrameSummary(fin)).toContain('Flags [F.], seq 1000, ack 7, win 64240')
  })

  it('prints an ARP request', () => {
    const arp: Frame = {
      eth: { src: '0a:58:0a:f4:01:02', dst: 'ff:ff:ff:ff:ff:ff', type: 'ARP' },
      arp: { op: 'request', senderMac: '0a:58:0a:f4:01:02', senderIp: '10.244.1.2', targetMac: '00:00:00:00:00:00', targetIp: '10.244.1.3' },
      payloadLength: 0,
    }
    expect(formatFrameSummary(arp)).toBe(
      '0a:58:0a:f4:01:02 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.244.1.3 tell 10.244.1.2, length 28',
    )
  })

  it('prints flannel VXLAN on 8472 the way tcpdump decodes it (OTV) followed by the inner frame', () => {
    const outer: Frame = {
      eth: { src: '52:54:00:00:00:02', dst: '52:54:00:00:00:03', type: 'IPv4' },
      ip: { src: '192.168.0.2', dst: '192.168.0.3', ttl: 64, protocol: 'udp', id: 2, df: false, totalLength: 110, tos: 0 },
      udp: { sport: 51234, dport: 8472, length: 90 },
      vxlan: { flags: 0x08, vni: 1 },
      inner: syn,
      payloadLength: 0,
    }
    expect(formatFrameSummary(outer)).toBe(
      '52:54:00:00:00:02 > 52:54:00:00:00:03, ethertype IPv4 (0x0800), length 124: ' +
        '192.168.0.2.51234 > 192.168.0.3.8472: OTV, flags [I] (0x08), overlay 0, instance 1 | ' +
        formatFrameSummary(syn),
    )
  })
})

describe('formatHopLine', () => {
  it('prints time in milliseconds with microseconds', () => {
    expect(formatVirtualTime(420)).toBe('0.420ms')
    expect(formatVirtualTime(1_234_567)).toBe('1234.567ms')
  })

  it('lines up seq, time, place and kind in fixed columns and appends the key headers', () => {
    const ev: HopEvent = { ...base, kind: 'fdb.lookup', mac: '0a:58:0a:f4:01:03', bridge: 'cni0', result: 'port', port: 'veth1a2b3c4d', frame: syn }
    expect(formatHopLine(ev)).toBe(
      '  12     0.420ms  node-1 cni0                     fdb.lookup       0a:58:0a:f4:01:03 → port veth1a2b3c4d (cni0)' +
        '  [10.244.1.2:41234 > 10.96.0.10:80 TCP [S]]',
    )
  })

  it('summarises ARP, NAT, rules and drops in kernel vocabulary', () => {
    expect(hopSummary({ ...base, kind: 'arp.request', targetIp: '10.244.1.3', senderIp: '10.244.1.2' })).toBe('who-has 10.244.1.3 tell 10.244.1.2')
    const before = { protocol: 'tcp' as const, src: '10.244.1.2', dst: '10.96.0.10', sport: 41234, dport: 80 }
    const after = { ...before, dst: '10.244.2.3', dport: 8080 }
    expect(hopSummary({ ...base, kind: 'nat.dnat', hook: 'PREROUTING', before, after, rule: 'KUBE-SEP-ABC' })).toBe(
      '10.244.1.2:41234 > 10.96.0.10:80 TCP → 10.244.1.2:41234 > 10.244.2.3:8080 TCP (KUBE-SEP-ABC)',
    )
    expect(
      hopSummary({ ...base, kind: 'nf.rule', hook: 'PREROUTING', table: 'nat', chain: 'PREROUTING', rule: 1, text: '-A PREROUTING -j KUBE-SERVICES', target: 'KUBE-SERVICES' }),
    ).toBe('nat PREROUTING #1: -A PREROUTING -j KUBE-SERVICES')
    expect(hopSummary({ ...base, kind: 'drop', code: 'no-route', reason: 'no route to 10.1.1.1', why: { code: 'no-route', dst: '10.1.1.1' } })).toBe('no-route: no route to 10.1.1.1')
  })
})
