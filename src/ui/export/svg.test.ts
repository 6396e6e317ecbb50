import { describe, expect, it } from 'vitest'
import { createAppStore } from '../../store'
import { selectActingId } from '../canvas/acting'
import { builtInScenario } from '../../worker/testing/built-in-scenario'
import { canvasSvg, escapeXml } from './svg'

/** A store that has loaded and traced a built-in scenario, as the worker bridge would fill it. */
function loadedStore(id: string) {
  const run = builtInScenario(id)
  const store = createAppStore()
  store.getState().setScenarios([{ id: run.id, fileName: run.fileName, source: run.source }])
  store.getState().selectScenario(run.id)
  store.setState({ loadId: 1, traceId: 2, level: 'kernel' })
  store.getState().receive({ type: 'loaded', id: 1, topology: run.trace.topology, diagnostics: [], meta: run.meta })
  const { trace } = run
  store.getState().receive({ type: 'hops', id: 2, hops: trace.hops, final: true, initial: trace.initial, seed: trace.seed, outcome: trace.outcome })
  return { store, trace }
}

/**
 * Well-formedness without a DOM: every tag closes in order, attributes are quoted, and no bare
 * `&` or `<` sits in text. Returns the first problem, or null. Enough for what canvasSvg writes.
 */
function xmlProblem(xml: string): string | null {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '')
  const stack: string[] = []
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y
  let i = 0
  while (i < body.length) {
    const lt = body.indexOf('<', i)
    const textPart = body.slice(i, lt < 0 ? undefined : lt)
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(textPart)) return `bare & in "${textPart}"`
    if (lt < 0) break
    tag.lastIndex = lt
    const m = tag.exec(body)
    if (!m) return `malformed tag at ${lt}: ${body.slice(lt, lt + 40)}`
    const [, close, name, , selfClose] = m
    if (close) {
      if (stack.pop() !== name) return `</${name}> closes the wrong element`
    } else if (!selfClose) stack.push(name!)
    i = tag.lastIndex
  }
  return stack.length ? `unclosed <${stack.join('>, <')}>` : null
}

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!)

describe('canvasSvg', () => {
  it('writes every device name and address of pod-to-service as text, in well-formed XML', () => {
    const { store, trace } = loadedStore('pod-to-service')
    store.getState().setStep(12)
    const svg = canvasSvg(store.getState())
    expect(xmlProblem(svg)).toBeNull()
    const shown = texts(svg)
    const devices = trace.topology.netns.flatMap((n) => n.devices).filter((d) => d.type !== 'loopback')
    expect(devices.length).toBeGreaterThan(5)
    for (const d of devices) {
      expect(shown).toContain(d.name)
      if (d.addrs[0]) expect(shown).toContain(d.addrs[0])
    }
    for (const h of trace.topology.hosts) expect(shown.some((t) => t.startsWith(h.name))).toBe(true)
  })

  it('titles the picture with the scenario and the step the counter shows', () => {
    const { store } = loadedStore('pod-to-service')
    store.getState().stepBy(1)
    store.getState().stepBy(1)
    const svg = canvasSvg(store.getState())
    const title = store.getState().meta!.title.en
    expect(svg).toContain(`<title>${escapeXml(title)} — Step 2 / `)
    expect(texts(svg)[0]).toBe(escapeXml(title))
  })

  it('highlights the acting device at the step, and only it', () => {
    const { store } = loadedStore('pod-to-service')
    store.getState().setStep(12)
    const acting = selectActingId(store.getState())!
    const svg = canvasSvg(store.getState())
    const highlighted = [...svg.matchAll(/<g data-id="([^"]+)"><rect[^>]*stroke="#e69f00"/g)].map((m) => m[1])
    expect(highlighted).toEqual([acting])
  })

  it('titles in Chinese when the page is in Chinese', () => {
    const { store } = loadedStore('pod-to-service')
    store.setState({ locale: 'zh' })
    store.getState().stepBy(1)
    expect(canvasSvg(store.getState())).toMatch(/<title>[^<]* — 第 1 \/ \d+ 步<\/title>/)
  })
})

describe('escapeXml', () => {
  it('escapes markup and drops characters XML forbids', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>\u0007`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;')
    expect(xmlProblem(`<t>${escapeXml('a < b && c')}</t>`)).toBeNull()
  })
})
