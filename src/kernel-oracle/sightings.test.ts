import { describe, expect, it } from 'vitest'
import { diffSightings, portRule, sightingsFromCapture, type Sighting } from './sightings'
import { movedCounters, normaliseConntrack } from './tables'

const port = portRule([41000, 8080, 8472])

describe('sightingsFromCapture', () => {
  it('reads tcpdump -e lines for ARP and TCP, with randomised ports as *', () => {
    const { sightings, unparsed } = sightingsFromCapture(
      [
        {
          netns: 'node1/pod-a',
          dev: 'eth0',
          dir: 'out',
          lines: [
            '1795547012.327772 0a:58:0a:f4:01:02 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.244.1.3 tell 10.244.1.2, length 28',
            '1795547012.327826 0a:58:0a:f4:01:02 > 0a:58:0a:f4:01:03, ethertype IPv4 (0x0800), length 74: 10.244.1.2.41000 > 10.244.1.3.8080: Flags [S], seq 728038855, win 64860, options [mss 1410,sackOK,TS val 1073239599 ecr 0,nop,wscale 7], length 0',
            '1795547012.327900 0a:58:0a:f4:01:02 > 0a:58:0a:f4:01:03, ethertype IPv4 (0x0800), length 66: 192.168.0.2.61234 > 10.244.1.3.8080: Flags [P.], seq 1:30, ack 1, win 64, length 29',
            '1795547011.521811 0a:58:0a:f4:01:01 > 01:00:5e:00:00:16, ethertype IPv4 (0x0800), length 54: 10.244.1.1 > 224.0.0.22: igmp v3 report, 1 group record(s)',
          ],
        },
      ],
      port,
    )
    expect(unparsed).toEqual([])
    expect(sightings.map((s) => s.text)).toEqual([
      '0a:58:0a:f4:01:02 > ff:ff:ff:ff:ff:ff ARP who-has 10.244.1.3 tell 10.244.1.2',
      '0a:58:0a:f4:01:02 > 0a:58:0a:f4:01:03 10.244.1.2.41000 > 10.244.1.3.8080 tcp [S] win 64860 mss 1410 wscale 7 len 0',
      '0a:58:0a:f4:01:02 > 0a:58:0a:f4:01:03 192.168.0.2.* > 10.244.1.3.8080 tcp [P.] len 29',
    ])
  })

  it('joins a VXLAN frame (tcpdump calls UDP 8472 OTV) with its inner frame on the next line', () => {
    const { sightings } = sightingsFromCapture(
      [
        {
          netns: 'node1',
          dev: 'eth0',
          dir: 'out',
          lines: [
            '1.000 52:54:00:00:00:02 > 52:54:00:00:00:03, ethertype IPv4 (0x0800), length 124: 192.168.0.2.56836 > 192.168.0.3.8472: OTV, flags [I] (0x08), overlay 0, instance 1',
            '5e:2a:7c:11:00:01 > 5e:2a:7c:11:00:02, ethertype IPv4 (0x0800), length 74: 10.244.1.2.41000 > 10.244.2.2.8080: Flags [S], seq 1, win 64860, length 0',
          ],
        },
      ],
      port,
    )
    expect(sightings).toHaveLength(1)
    expect(sightings[0]!.text).toBe('52:54:00:00:00:02 > 52:54:00:00:00:03 192.168.0.2.* > 192.168.0.3.8472 vxlan vni 1 | 5e:2a:7c:11:00:01 > 5e:2a:7c:11:00:02 10.244.1.2.41000 > 10.244.2.2.8080 tcp [S] len 0')
  })
})

describe('diffSightings', () => {
  const s = (text: string, dev = 'eth0'): Sighting => ({ netns: 'n', dev, dir: 'in', text })

  it('finds nothing when each interface saw the same frames in the same order', () => {
    expect(diffSightings([s('a'), s('b', 'cni0')], [s('b', 'cni0'), s('a')])).toEqual([])
  })

  it('names the interface and the first frame that differs, with both sides', () => {
    const [p] = diffSightings([s('a'), s('b'), s('c')], [s('a'), s('x'), s('c')])
    expect(p).toMatch(/^n eth0 in: frame #2 differs/)
    expect(p).toMatch(/engine:[\s\S]*> b[\s\S]*kernel:[\s\S]*> x/)
  })

  it('reports frames one side never saw', () => {
    expect(diffSightings([s('a')], [])[0]).toMatch(/kernel:\n\s+\(nothing\)/)
  })
})

describe('table normalisation', () => {
  it('drops timeouts, marks and use counts from conntrack lines and hides random ports', () => {
    expect(normaliseConntrack('tcp      6 431999 ESTABLISHED src=10.244.1.2 dst=10.96.0.10 sport=41000 dport=80 src=10.244.2.2 dst=192.168.0.2 sport=8080 dport=61234 [ASSURED] mark=0 use=1', port)).toBe(
      'tcp ESTABLISHED src=10.244.1.2 dst=10.96.0.10 sport=41000 dport=80 src=10.244.2.2 dst=192.168.0.2 sport=8080 dport=* [ASSURED]',
    )
    expect(normaliseConntrack('unknown  2 597 src=10.244.1.1 dst=224.0.0.22 [UNREPLIED]', port)).toBeNull()
  })

  it('lists only rules and policies whose counters moved', () => {
    const text = '*nat\n:PREROUTING ACCEPT [2:120]\n:KUBE-SVC-X - [0:0]\n[1:60] -A PREROUTING -j KUBE-SERVICES\n[0:0] -A OUTPUT -j KUBE-SERVICES\nCOMMIT\n'
    expect(movedCounters(text)).toEqual(['nat [2:120] policy PREROUTING ACCEPT', 'nat [1:60] -A PREROUTING -j KUBE-SERVICES'])
  })
})
