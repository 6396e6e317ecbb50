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
