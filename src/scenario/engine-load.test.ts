/**
 * Lab files are the engine's input: the example labs must load into a world and run their
 * journey, and iptables errors must come back positioned inside the lab file.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../engine/diagnostics'
import { loadWorld } from '../engine/sim/load'
import { simulate } from '../engine/sim/simulate'
import { parseLabFile } from './lab-file'

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8')

describe('lab files in the engine', () => {
  for (const name of ['two-pods-one-node.lab.yaml', 'cross-node-vxlan.lab.yaml'])
    it(`loads ${name} and completes its journey`, () => {
      const { spec } = parseLabFile(fixture(name), name)
      expect(spec).not.toBeNull()
      if (!spec) return
      expect(loadWorld(spec).diagnostics).toEqual([])
      expect(simulate(spec, { seed: 1 }).trace?.outcome.kind).toBe('completed')
    })

  it('reports an iptables error at its line and column in the lab file', () => {
    const src = fixture('two-pods-one-node.lab.yaml').replace(
      '      :OUTPUT ACCEPT [0:0]\n',
      '      :OUTPUT ACCEPT [0:0]\n      -A FORWARD -p tcp --dportt 80 -j ACCEPT\n',
    )
    const { spec } = parseLabFile(src, 'bad.lab.yaml')
    const { world, diagnostics } = loadWorld(spec as NonNullable<typeof spec>)
    expect(world).toBeNull()
    expect(formatDiagnostic(diagnostics[0] as (typeof diagnostics)[number]).split('\n')[0]).toBe(
      "bad.lab.yaml:30:25: error: unknown match option '--dportt' for -m tcp (at netns[0].iptables)",
    )
  })
})
