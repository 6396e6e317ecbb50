/**
 * What a learner reads in the built-in scenarios cites the source articles by title, never by
 * the "seed" numbers they had in our research notes (issue 11). YAML comments are for authors
 * and may keep them; every text the page shows may not.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { loadScenarioSource } from '.'

const dir = join(import.meta.dirname, '../../scenarios')
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'))
const SEED = /seed\s*\d/i

/** Every string under an `en` or `zh` key, or under a key that names prose, with its path. */
function texts(x: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(x)) x.forEach((v, i) => texts(v, `${path}[${i}]`, out))
  else if (x && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) {
      if (typeof v === 'string' && /^(en|zh|description|caption|note|notes|summary|title)$/.test(k))
        out.push([`${path}.${k}`, v])
      else texts(v, `${path}.${k}`, out)
    }
  return out
}

describe('learner-visible scenario text', () => {
  it.each(files)('%s never says "seed N"', (file) => {
    const source = readFileSync(join(dir, file), 'utf8')
    const { meta } = loadScenarioSource(source, file)
    const shown = [meta.title, meta.summary, meta.era, meta.sinceThen, ...meta.goals, ...meta.narration]
      .flatMap((l) => (l ? [l.en, l.zh ?? ''] : []))
    expect(shown.filter((t) => SEED.test(t))).toEqual([])
    expect(texts(parse(source), '$').filter(([, t]) => SEED.test(t))).toEqual([])
  })

  it('finds the prose it checks', () => {
    const source = readFileSync(join(dir, 'userspace-proxy-legacy.yaml'), 'utf8')
    const paths = texts(parse(source), '$').map(([p]) => p)
    expect(paths).toContain('$.meta.sinceThen.zh')
    expect(paths).toContain('$.meta.era.en')
    expect(paths.some((p) => p.startsWith('$.narration['))).toBe(true)
    expect(SEED.test('as seed 003 shows')).toBe(true)
  })
})
