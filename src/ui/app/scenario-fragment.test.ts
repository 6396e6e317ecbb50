import { readFileSync } from 'node:fs'
import { deflateSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { decodeScenario, encodeScenario, MAX_FRAGMENT_CHARS, MAX_SOURCE_BYTES, scenarioFragment } from './scenario-fragment'

describe('scenario in the URL fragment', () => {
  it('round-trips a built-in scenario, within the link bound', async () => {
    const source = readFileSync('scenarios/pod-to-service.yaml', 'utf8')
    const text = await encodeScenario(source)
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(text.length).toBeLessThan(MAX_FRAGMENT_CHARS / 4)
    expect(await decodeScenario(text)).toEqual({ ok: true, source })
  })

  it('round-trips text of every length modulo 3, with non-ASCII', async () => {
    for (const s of ['', 'a', 'ab', 'abc', '中文 meta: 标题\n']) expect(await decodeScenario(await encodeScenario(s))).toEqual({ ok: true, source: s })
  })

  it('says what is wrong with a bad fragment', async () => {
    expect(await decodeScenario('abc$def')).toEqual({ ok: false, error: { code: 'not-base64url', at: 4, char: '$' } })
    expect(await decodeScenario('AAAA')).toEqual({ ok: false, error: { code: 'not-deflate' } })
    expect(await decodeScenario('x'.repeat(MAX_FRAGMENT_CHARS + 1))).toMatchObject({ ok: false, error: { code: 'too-long' } })
  })

  it('stops inflating a bomb at the size cap', async () => {
    const bomb = deflateSync(new Uint8Array(20 * 1024 * 1024), { level: 9 })
    const text = Buffer.from(bomb).toString('base64url')
    expect(text.length).toBeLessThan(MAX_FRAGMENT_CHARS)
    expect(await decodeScenario(text)).toEqual({ ok: false, error: { code: 'too-large', max: MAX_SOURCE_BYTES } })
  })

  it('rejects bytes that are not UTF-8', async () => {
    const text = Buffer.from(deflateSync(new Uint8Array([0xff, 0xfe, 0x41]))).toString('base64url')
    expect(await decodeScenario(text)).toEqual({ ok: false, error: { code: 'not-utf8' } })
  })

  it('reads only #s= fragments', () => {
    expect(scenarioFragment('#s=abc')).toBe('abc')
    expect(scenarioFragment('#top')).toBeNull()
    expect(scenarioFragment('')).toBeNull()
  })
})
