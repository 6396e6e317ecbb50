import { describe, expect, it } from 'vitest'
import type { LabSpec } from '../lab/spec'
import { loadWorld } from './load'

describe('loadWorld', () => {
  it('reports 150,000 bad iptables lines without overflowing the call stack', () => {
    const bad = Array.from({ length: 150_000 }, () => 'bogus line').join('\n')
    const spec = {
      name: 'x',
      hosts: [{ name: 'n', kind: 'node' }],
      netns: [{ name: 'n', host: 'n', kind: 'root', links: [], iptables: `*filter\n${bad}\nCOMMIT\n` }],
      apps: [],
    } as unknown as LabSpec
    const { world, diagnostics } = loadWorld(spec)
    expect(world).toBeNull()
    expect(diagnostics).toHaveLength(150_000)
    expect(diagnostics[0]).toMatchObject({ line: 2, column: 1, path: 'netns[0].iptables' })
  })
})
