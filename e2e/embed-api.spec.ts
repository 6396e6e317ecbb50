/**
 * The embed player driven by a host page: public/embed-demo.html moves it as the reader scrolls,
 * and the postMessage API ignores what it must ignore.
 */
import { test, expect } from './fixtures'

test('embed-demo.html: each paragraph scrolled to drives the player to its step', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto('./embed-demo.html')
  const frame = page.frameLocator('#player')
  await expect(frame.getByTestId('playback.counter')).toHaveText(/\/\s*[1-9]/)
  await expect(page.locator('#log li[data-type="ready"]')).toHaveCount(1)
  for (const step of [1, 2, 3, 8]) {
    await page.locator(`article p[data-step="${step}"]`).scrollIntoViewIfNeeded()
    await page.evaluate((s) => document.querySelector(`article p[data-step="${s}"]`)!.scrollIntoView({ block: 'center' }), step)
    await expect(page.locator('#log li').first()).toHaveAttribute('data-step', String(step))
    await expect(frame.getByTestId('playback.counter')).toHaveText(new RegExp(`^\\D*${step}\\s*/`))
  }
})

test('postMessage: foreign origins and malformed messages change nothing; a bad file reports line:col', async ({ page }) => {
  await page.goto('./?embed&scenario=pod-to-service&step=2')
  await expect(page.getByTestId('playback.counter')).toHaveText(/^\D*2\s*\//)
  const counter = () => page.getByTestId('playback.counter').textContent()
  // Dispatched as if posted by another page: a foreign origin, then malformed ones from our own.
  await page.evaluate(() => {
    const send = (data: unknown, origin: string) => window.dispatchEvent(new MessageEvent('message', { data, origin }))
    send({ source: 'packet-journeys', type: 'goto', step: 5 }, 'https://evil.example')
    send({ type: 'goto', step: 5 }, location.origin)
    send({ source: 'packet-journeys', type: 'goto', step: '5' }, location.origin)
    send('goto 5', location.origin)
  })
  await page.waitForTimeout(300)
  expect(await counter()).toMatch(/^\D*2\s*\//)
  // The same command, well-formed and from our origin, is obeyed.
  await page.evaluate(() => window.dispatchEvent(new MessageEvent('message', { data: { source: 'packet-journeys', type: 'goto', step: 5 }, origin: location.origin })))
  await expect(page.getByTestId('playback.counter')).toHaveText(/^\D*5\s*\//)
})

test('load {yaml} with a bad file answers error with file:line:col', async ({ page }) => {
  await page.goto('./embed-demo.html')
  const frame = page.frameLocator('#player')
  await expect(frame.getByTestId('playback.counter')).toHaveText(/\/\s*[1-9]/)
  await page.evaluate(() =>
    (document.getElementById('player') as HTMLIFrameElement).contentWindow!.postMessage(
      { source: 'packet-journeys', type: 'load', yaml: 'meta:\n  id: x\n  title: [unclosed\n', fileName: 'mine.yaml' },
      location.origin,
    ),
  )
  await expect(page.locator('#log li[data-type="error"]').first()).toContainText(/mine\.yaml:\d+:\d+/)
})

/** A host page on the player's origin (the default allowed one) that records what it is sent. */
async function hostPage(page: import('@playwright/test').Page, query: string) {
  await page.goto('./embed-demo.html')
  await page.evaluate((q) => {
    const w = window as unknown as { events: { type: string; step?: number; total?: number; title?: string }[] }
    w.events = []
    window.addEventListener('message', (e) => {
      if (e.data?.source === 'packet-journeys') w.events.push(e.data)
    })
    document.body.innerHTML = `<iframe id="p" src="./?embed&${q}" width="640" height="400"></iframe>`
  }, query)
  return {
    events: () => page.evaluate(() => (window as unknown as { events: { type: string; step?: number; total?: number; title?: string }[] }).events),
    send: (data: object) =>
      page.evaluate((d) => (document.getElementById('p') as HTMLIFrameElement).contentWindow!.postMessage({ source: 'packet-journeys', ...d }, location.origin), data),
  }
}

test('a chapter with autoplay plays from its first to its last step, then reports finished once', async ({ page }) => {
  const host = await hostPage(page, 'scenario=pod-to-service&from=2&to=4&autoplay')
  await expect.poll(async () => (await host.events()).some((e) => e.type === 'finished'), { timeout: 15_000 }).toBe(true)
  const events = await host.events()
  expect(events[0]!.type).toBe('ready')
  const steps = events.filter((e) => e.type === 'step').map((e) => e.step)
  // Opened at the chapter's first step, then one event per beat up to its last, no further.
  expect(steps).toEqual([2, 3, 4])
  expect(events.filter((e) => e.type === 'finished')).toHaveLength(1)
  expect(events.at(-1)!.type).toBe('finished')
  for (const e of events.filter((x) => x.type === 'step')) expect(e.title!.length).toBeGreaterThan(10)
  // It stays on the chapter's last step rather than running on into the next chapter.
  await page.waitForTimeout(2000)
  expect((await host.events()).filter((e) => e.type === 'step').at(-1)!.step).toBe(4)
  await expect(page.frameLocator('#p').getByTestId('playback.counter')).toHaveText(/^\D*4\s*\//)
})

test('host commands: set changes language and level, goto/next/prev move, each answered by step', async ({ page }) => {
  const host = await hostPage(page, 'scenario=pod-to-service&controls=0')
  const frame = page.frameLocator('#p')
  await expect.poll(async () => (await host.events()).some((e) => e.type === 'ready')).toBe(true)
  // controls=0: the host drives it; no buttons in the frame.
  await expect(frame.getByTestId('playback.counter')).toHaveCount(0)
  await host.send({ type: 'goto', step: 3 })
  await expect.poll(async () => (await host.events()).filter((e) => e.type === 'step').at(-1)?.step).toBe(3)
  const enTitle = (await host.events()).filter((e) => e.type === 'step').at(-1)!.title!
  await host.send({ type: 'set', lang: 'zh' })
  await expect.poll(async () => (await host.events()).filter((e) => e.type === 'step').at(-1)?.title).not.toBe(enTitle)
  expect((await host.events()).filter((e) => e.type === 'step').at(-1)!.title).toMatch(/[\u4e00-\u9fff]/)
  await expect(frame.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await host.send({ type: 'next' })
  await expect.poll(async () => (await host.events()).filter((e) => e.type === 'step').at(-1)?.step).toBe(4)
  await host.send({ type: 'prev' })
  await host.send({ type: 'prev' })
  await expect.poll(async () => (await host.events()).filter((e) => e.type === 'step').at(-1)?.step).toBe(2)
  await host.send({ type: 'set', level: 'kernel' })
  await expect.poll(async () => (await host.events()).filter((e) => e.type === 'step').at(-1)?.total).toBeGreaterThan(30)
})
