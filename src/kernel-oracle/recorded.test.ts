/**
 * Real captures, saved from oracle runs on Linux 6.18 (`.kernel-oracle/<case>.tcpdump.txt`
 * and `.kernel.txt`, reviewed): the parser must read every line tcpdump printed, and the
 * engine must reproduce what the kernel was seen doing — checked here without root, so the
 * kernel's word holds on machines where the oracle itself is skipped.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runLab } from '../engine/sim/simulate'
import type { LabSpec } from '../engine/lab/spec'
import { ORACLE_CASES } from './cases'
import { parseRaw } from './raw'
import { diffSightings, labPortRule, portRule, sightingsFromCapture, sightingsFromTrace, type Sighting } from './sightings'

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8')

function readSightings(text: string): Sighting[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [where, text] = [l.slice(0, l.indexOf('  ')), l.slice(l.indexOf('  ') + 2)]
      const [netns, dev, dir] = where.split(' ')
      return { netns: netns!, dev: dev!, dir: dir as 'in' | 'out', text }
    })
}

const RECORDED = ['cross-node-vxlan', 'clusterip-endpoint-same-node', 'ping-ttl-expired']

/** The recordings were made before the oracle set tcp_rmem, with 6.18's own 32 MiB maximum (wscale 10). */
const AS_RECORDED = (spec: LabSpec): LabSpec => ({ ...spec, netns: spec.netns.map((n) => ({ ...n, sysctl: { ...n.sysctl, tcpRmemMax: 33554432 } })) })

describe.each(RECORDED)('the recorded kernel run of %s', (name) => {
  const spec = AS_RECORDED(ORACLE_CASES[name]!)
  const raw = parseRaw(fixture(`${name}.tcpdump.txt`))
  const recorded = readSightings(fixture(`${name}.sightings.txt`))

  it('parses every line tcpdump printed into the reviewed sightings', () => {
    const { sightings, unparsed } = sightingsFromCapture(raw, labPortRule(spec))
    expect(unparsed).toEqual([])
    expect(sightings).toEqual(recorded)
  })

  it('is what the engine does on every interface, in order', () => {
    const trace = runLab(spec).trace!
    expect(diffSightings(sightingsFromTrace(trace, labPortRule(spec)), recorded)).toEqual([])
  })
})

describe('sightingsFromCapture on real captures', () => {
  it('decodes VXLAN on port 8472 (tcpdump says OTV) with its inner frame', () => {
    const recorded = readSightings(fixture('cross-node-vxlan.sightings.txt'))
    const underlay = recorded.filter((s) => s.dev === 'eth0' && s.netns === 'node1' && s.text.includes('vxlan'))
    expect(underlay.length).toBeGreaterThan(0)
    for (const s of underlay) expect(s.text).toMatch(/^\S+ > \S+ 192\.168\.0\.\d\.\* > 192\.168\.0\.\d\.8472 vxlan vni 1 \| 5e:2a:7c:11:00:0\d > 5e:2a:7c:11:00:0\d 10\.244\./)
  })

  it('sizes a UDP payload that tcpdump decoded as an application protocol from the frame length', () => {
    const { sightings, unparsed } = sightingsFromCapture(parseRaw(fixture('udp-mdns-port.tcpdump.txt')), portRule([41000, 5353]))
    expect(unparsed).toEqual([])
    const udp = sightings.filter((s) => s.text.includes('udp'))
    expect(udp.map((s) => s.text)).toContain('0a:58:0a:f4:01:02 > 0a:58:0a:f4:01:03 10.244.1.2.41000 > 10.244.1.3.5353 udp len 4')
    expect(udp.every((s) => s.text.endsWith('udp len 4'))).toBe(true)
  })

  it('names ICMP time exceeded as the engine does', () => {
    const { sightings } = sightingsFromCapture(parseRaw(fixture('ping-ttl-expired.tcpdump.txt')), portRule([]))
    expect(sightings.filter((s) => s.netns === 'node1/pod-a' && s.dir === 'in').map((s) => s.text)).toContain('0a:58:0a:f4:01:01 > 0a:58:0a:f4:01:02 10.244.1.1 > 10.244.1.2 icmp time-exceeded')
  })
})
