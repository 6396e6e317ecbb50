/**
 * Every built-in scenario (scenarios/*.yaml) loads without errors, runs to a completed journey,
 * is titled and summarised in both languages, and every narration caption attaches to a hop
 * that exists — an orphan caption (its event kind or place no longer in the trace) fails here.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runLab } from '../engine'
import { attachNarration, loadScenarioSource } from '.'

const dir = join(import.meta.dirname, '../../scenarios')
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'))
/** Each journey's expected outcome (default completed); some make their point with an error. */
const EXPECTED: Record<string, 'completed' | 'failed'> = { 'service-without-endpoints.yaml': 'failed', 'userspace-proxy-legacy.yaml': 'completed', 'pod-to-service-ipvs.yaml': 'completed' }

describe('built-in scenarios', () => {
  it('exist', () => {
    expect(files).toContain('pod-to-pod-same-node.yaml')
  })

  it.each(files)('%s loads, completes its journey, and every caption lands on a hop', (file) => {
    const loaded = loadScenarioSource(readFileSync(join(dir, file), 'utf8'), file)
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const { trace, diagnostics } = runLab(loaded.spec!)
    expect(diagnostics).toEqual([])
    expect(trace!.outcome.kind).toBe(EXPECTED[file] ?? 'completed')
    const { title, summary, goals, narration } = loaded.meta
    for (const text of [title, summary!, ...goals]) {
      expect(text.en.trim()).not.toBe('')
      expect(text.zh?.trim()).toBeTruthy()
    }
    expect(narration.length).toBeGreaterThanOrEqual(7)
    for (const n of narration) expect(n.zh?.trim()).toBeTruthy()
    const { captions, orphans } = attachNarration(narration, trace!.hops)
    expect(orphans).toEqual([])
    // Each caption has a hop of its own: two captions on one hop would hide one of them.
    const attached = [...captions.values()].reduce((n, c) => n + c.length, 0)
    expect(captions.size).toBe(attached)
  })
})
