/**
 * The pcapng export read by the real tool: tshark must decode every frame of built-in journeys
 * with good IPv4/TCP/UDP checksums, no malformed packets or expert errors, named interfaces and
 * the VXLAN inner frame. Skipped (with a reason) where tshark is missing, except on CI.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runLab } from '../engine'
import { traceToPcapng } from '../engine/trace/pcapng'
import { loadScenarioSource } from '../scenario'

const root = join(import.meta.dirname, '../..')
const hasTshark = spawnSync('tshark', ['--version']).status === 0
if (!hasTshark) {
  if (process.env.CI === 'true') throw new Error('tshark is required on CI (apt-get install tshark)')
  console.warn('pcap.tshark.test: tshark not installed, skipping the Wireshark checks')
}
const CHECKS = ['-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-d', 'udp.port==8472,vxlan']

function exportScenario(id: string): string {
  const loaded = loadScenarioSource(readFileSync(join(root, 'scenarios', `${id}.yaml`), 'utf8'), `${id}.yaml`)
  const { trace } = runLab(loaded.spec!)
  const file = join(mkdtempSync(join(tmpdir(), 'pj-pcap-')), `${id}.pcapng`)
  writeFileSync(file, traceToPcapng(trace!))
  return file
}
const tshark = (args: string[]) => spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 1 << 28 })

describe.skipIf(!hasTshark)('pcapng export read by tshark', { timeout: 60_000 }, () => {
  it.each(['pod-to-service', 'pod-to-pod-cross-node-vxlan', 'ingress'])('%s decodes with good checksums and no malformed packets', (id) => {
    const file = exportScenario(id)
    const bad = tshark(['-r', file, ...CHECKS, '-Y', '_ws.malformed || _ws.expert.severity >= error || ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0'])
    expect(bad.status).toBe(0)
    expect(bad.stdout.trim()).toBe('')
    const good = tshark(['-r', file, ...CHECKS, '-T', 'fields', '-e', 'frame.interface_name', '-e', 'frame.comment', '-e', 'tcp.checksum.status'])
    const rows = good.stdout.trim().split('\n')
    expect(rows.length).toBeGreaterThan(10)
    for (const r of rows) expect(r.split('\t')[0]).toMatch(/^[\w./-]+\/[\w.-]+$/)
    expect(good.stdout).toMatch(/link\.xmit/)
  })

  it('decodes VXLAN on 8472 with the inner frame', () => {
    const file = exportScenario('pod-to-pod-cross-node-vxlan')
    const r = tshark(['-r', file, ...CHECKS, '-Y', 'vxlan', '-T', 'fields', '-e', 'vxlan.vni', '-e', 'ip.src', '-e', 'tcp.srcport'])
    const rows = r.stdout.trim().split('\n')
    expect(rows.length).toBeGreaterThan(0)
    // Outer and inner addresses both listed: 192.168.0.2,10.244.1.2 and the inner TCP port.
    expect(rows[0]).toMatch(/^1\t192\.168\.0\.\d,10\.244\.\d\.\d\t\d+/)
  })
})
