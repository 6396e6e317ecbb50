/**
 * The sequence diagram as a person uses it: labelled arrows, lanes under their node with names
 * that are not cut, scrolling and resizing by keyboard, the current step kept in view, and a
 * click on a mark going to its step.
 */
import { test, expect } from './fixtures'

test('labelled marks, readable lanes, keyboard scroll and resize, the current step in view', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.goto('./?scenario=pod-to-service&level=kernel&step=1')
  await expect(page.getByTestId('playback.counter')).toHaveText(/^Step 1 \//)
  const diagram = page.getByTestId('timeline.sequence')
  const box = (await diagram.boundingBox())!
  // A labelled SYN arrow and a DNAT point exist, and the first labels are inside the visible box.
  await expect(diagram.locator('g.arrow text.tag', { hasText: /^SYN$/ }).first()).toBeAttached()
  await expect(diagram.locator('g.event text.tag', { hasText: /^DNAT → / }).first()).toBeAttached()
  const first = (await diagram.locator('text.tag').first().boundingBox())!
  expect(first.x).toBeGreaterThanOrEqual(box.x)
  expect(first.x + first.width).toBeLessThanOrEqual(box.x + box.width)
  // Node headings group the lanes; lane names fit their column.
  await expect(diagram.locator('text.group-name')).toHaveText(['node1', 'node2'])
  const column = await diagram.locator('svg.pj-seqdiag-lanes').evaluate((s) => s.getBoundingClientRect().width)
  expect(column).toBeLessThanOrEqual(151)
  for (const w of await diagram.locator('text.lane-name').evaluateAll((ts) => ts.map((x) => (x as SVGTextElement).getBBox().x)))
    expect(w).toBeGreaterThanOrEqual(0)
  // The svg is named; the box scrolls by keyboard.
  await expect(diagram.locator('svg[role="img"]')).toHaveAttribute('aria-label', /Sequence diagram of the journey: \d+ marks/)
  await diagram.focus()
  const before = await diagram.evaluate((el) => el.scrollLeft)
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect.poll(() => diagram.evaluate((el) => el.scrollLeft)).toBeGreaterThan(before)
  // Focused, the arrow keys scroll the diagram and do not step the journey.
  await expect(page.getByTestId('playback.counter')).toHaveText(/^Step 1 \//)
  // The handle resizes by keyboard.
  const handle = page.getByTestId('timeline.sequence.resize')
  const h0 = Number(await handle.getAttribute('aria-valuenow'))
  await handle.focus()
  await page.keyboard.press('ArrowUp')
  await expect(handle).toHaveAttribute('aria-valuenow', String(h0 + 20))
  await expect.poll(async () => (await diagram.boundingBox())!.height).toBeGreaterThan(box.height + 15)
  // A late step: its mark is highlighted and scrolled into the visible part of the box.
  await page.getByTestId('playback.end').click()
  const cur = diagram.locator('g.mark.is-current').first()
  await expect(cur).toBeAttached()
  await expect
    .poll(async () => {
      const r = (await cur.boundingBox())!
      const b = (await diagram.boundingBox())!
      return r.x >= b.x && r.x <= b.x + b.width && r.y >= b.y - 1 && r.y <= b.y + b.height
    })
    .toBe(true)
})

test('a click on a mark goes to its step', async ({ page }) => {
  await page.goto('./?scenario=pod-to-service&step=1')
  await expect(page.getByTestId('playback.counter')).toHaveText(/^Step 1 \/ (\d+)/)
  const dnat = page.getByTestId('timeline.sequence').locator('g.event', { hasText: /^DNAT/ }).first()
  await dnat.locator('rect.dot').click()
  await expect(page.getByTestId('playback.counter')).not.toHaveText(/^Step 1 \//)
  await expect(page.getByTestId('step.summary')).toContainText('rewrites the destination')
})
