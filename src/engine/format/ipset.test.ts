import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatIpsetList } from './ipset'

describe('formatIpsetList', () => {
  it('prints what ipset 7.17 printed on Linux 6.18 for the same sets', () => {
    // Captured with `ipset list` after `ipset create … initval …` and `ipset add` in a network namespace.
    const real = readFileSync(join(import.meta.dirname, '__fixtures__/ipset-list.node.txt'), 'utf8')
    const out = formatIpsetList([
      { name: 'KUBE-CLUSTER-IP', type: 'hash:ip,port', header: 'family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0xd894cfec', members: ['10.96.0.2,udp:53', '10.96.0.10,tcp:80', '10.96.0.1,tcp:443'], references: 0 },
      { name: 'KUBE-NODE-PORT-TCP', type: 'bitmap:port', header: 'range 0-65535', members: ['30080'], references: 0 },
      { name: 'KUBE-LOOP-BACK', type: 'hash:ip,port,ip', header: 'family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x60d3d2e7', members: ['10.244.1.3,tcp:8080,10.244.1.3', '10.244.1.4,tcp:8080,10.244.1.4'], references: 0 },
    ])
    expect(out).toBe(real)
  })

  it('lists bitmap:port members in port order and counts references', () => {
    const out = formatIpsetList([{ name: 'KUBE-NODE-PORT-TCP', type: 'bitmap:port', header: 'range 0-65535', members: ['30080', '30007'], references: 2 }])
    expect(out).toContain('References: 2\nNumber of entries: 2\nMembers:\n30007\n30080\n')
  })
})
