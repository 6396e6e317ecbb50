import { describe, expect, it } from 'vitest'
import { parseCommand } from './messages'

const m = (o: object) => ({ source: 'packet-journeys', ...o })

describe('postMessage commands', () => {
  it('reads every command', () => {
    expect(parseCommand(m({ type: 'load', scenario: 'nodeport' }))).toEqual(m({ type: 'load', scenario: 'nodeport' }))
    expect(parseCommand(m({ type: 'load', yaml: 'a: 1', fileName: 'mine.yaml' }))).toEqual(m({ type: 'load', yaml: 'a: 1', fileName: 'mine.yaml' }))
    expect(parseCommand(m({ type: 'goto', step: 3 }))).toEqual(m({ type: 'goto', step: 3 }))
    for (const type of ['next', 'prev', 'play', 'pause']) expect(parseCommand(m({ type }))).toEqual(m({ type }))
    expect(parseCommand(m({ type: 'set', level: 'kernel', lang: 'zh', theme: 'dark' }))).toEqual(m({ type: 'set', level: 'kernel', lang: 'zh', theme: 'dark' }))
  })

  it('copies only the known fields', () => {
    expect(parseCommand(m({ type: 'next', html: '<img onerror=alert(1)>' }))).toEqual(m({ type: 'next' }))
    expect(parseCommand(m({ type: 'set', lang: 'en', __proto__: { level: 'kernel' } }))).toEqual(m({ type: 'set', lang: 'en' }))
  })

  it('ignores anything malformed', () => {
    const bad: unknown[] = [
      null,
      'next',
      [],
      { type: 'next' },
      { source: 'other', type: 'next' },
      m({ type: 'explode' }),
      m({ type: 'goto', step: -1 }),
      m({ type: 'goto', step: 1.5 }),
      m({ type: 'goto', step: '3' }),
      m({ type: 'load' }),
      m({ type: 'load', scenario: 'a', yaml: 'b' }),
      m({ type: 'load', scenario: 7 }),
      m({ type: 'load', yaml: 'x', fileName: '../../etc/passwd' }),
      m({ type: 'load', yaml: 'x'.repeat(600 * 1024) }),
      m({ type: 'set', level: 'ebpf' }),
      m({ type: 'set', lang: 'fr' }),
    ]
    for (const d of bad) expect(parseCommand(d), JSON.stringify(d)?.slice(0, 80)).toBeNull()
  })
})
