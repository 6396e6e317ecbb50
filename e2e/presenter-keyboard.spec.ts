/**
 * A trainer's and a keyboard user's ways in: presenter mode (P or the header button) hides the
 * side panel, puts the narration large under the map and makes the map's type bigger; Tab
 * reaches a device on the map and Enter opens its tables.
 */
import { test, expect } from './fixtures'

test('Tab reaches a device on the map, and Enter opens its tables', async ({ page }) => {
  await page.goto('./?scenario=pod-to-service&step=2')
  await expect(page.getByTestId('playback.counter')).toHaveText(/^Step 2 \//)
  await page.locator('body').click({ position: { x: 5, y: 300 } })
  let name = ''
  for (let i = 0; i < 120 && !name; i++) {
    await page.keyboard.press('Tab')
    name = await page.evaluate(() => {
      const el = document.activeElement
      return el?.classList.contains('react-flow__node-device') ? (el.getAttribute('aria-label') ?? '?') : ''
    })
  }
  expect(name, 'a device node takes focus').toMatch(/press Enter for its tables/)
  const id = await page.evaluate(() => document.activeElement!.getAttribute('data-id')!)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('panel.tab.tables')).toHaveAttribute('aria-selected', 'true')
  // The namespace picker now names the device's namespace (the id is `<netns>:<dev>`).
  await expect(page.getByTestId('tables.netns')).toHaveValue(id.slice(0, id.lastIndexOf(':')))
})

test('presenter mode: no side panel, the narration large under the map, bigger map type; Esc leaves', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.goto('./?scenario=pod-to-service&step=2')
  await expect(page.getByTestId('playback.counter')).toHaveText(/^Step 2 \//)
  const title = (await page.getByTestId('step.summary').textContent())!.trim()
  await page.keyboard.press('p')
  await expect(page.getByTestId('panel.tab.step')).toHaveCount(0)
  const text = page.getByTestId('presenter.narration')
  await expect(text.locator('h2')).toHaveText(title)
  const px = await text.locator('p').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(px).toBeGreaterThanOrEqual(20)
  // The map's zoom puts its smallest text at ≥ 15 px on this 1280×720 screen (12 px outside presenter mode).
  await expect
    .poll(() => page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a * 12))
    .toBeGreaterThanOrEqual(15 - 0.01)
  const canvas = await page.getByTestId('canvas').boundingBox()
  expect(canvas!.width).toBeGreaterThan(1200)
  await page.getByTestId('playback.next').click()
  await expect(text.locator('h2')).not.toHaveText(title)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('panel.tab.step')).toBeVisible()
  await expect(page.getByTestId('header.presenter')).toHaveAttribute('aria-pressed', 'false')
  await page.getByTestId('header.presenter').click()
  await expect(page.getByTestId('presenter.narration')).toBeVisible()
})
