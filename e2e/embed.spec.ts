/**
 * The embed player as a documentation page shows it: readable at small frame sizes (labels
 * measured on screen, zoom included), following the packet, and driven by its postMessage API.
 */
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'

async function openEmbed(page: Page, query: string) {
  await page.goto(`./?embed&${query}`)
  await expect(page.getByTestId('embed')).toBeVisible()
  await expect(page.getByTestId('playback.counter')).toHaveText(/\/\s*[1-9]/)
  await expect(page.getByTestId('app.loading')).toHaveCount(0)
}

/** Every node label inside the visible canvas, with its on-screen font size in CSS px. */
function labelsInView(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect()
    const sel = '.pj-device-name, .pj-device-addr, .pj-device-type, .pj-pod-head, .pj-pod-sub, .pj-host-head, .pj-kind'
    return [...document.querySelectorAll<HTMLElement>(sel)]
      .map((el) => {
        const r = el.getBoundingClientRect()
        // The rendered height over the layout height is the canvas zoom at this element.
        const scale = el.offsetHeight ? r.height / el.offsetHeight : 1
        return { text: el.textContent ?? '', px: parseFloat(getComputedStyle(el).fontSize) * scale, r }
      })
      .filter(({ r, text }) => text.trim() && r.width > 0 && r.right > canvas.left && r.left < canvas.right && r.bottom > canvas.top && r.top < canvas.bottom)
      .map(({ text, px }) => ({ text, px }))
  })
}

/** Whether the acting device (glowing) lies wholly inside the visible canvas. */
function actingInView(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect()
    const el = document.querySelector('.pj-device.is-active, .pj-pod.is-active, .pj-host.is-active')
    if (!el) return 'none'
    const r = el.getBoundingClientRect()
    return r.left >= canvas.left - 1 && r.right <= canvas.right + 1 && r.top >= canvas.top - 1 && r.bottom <= canvas.bottom + 1 ? 'in' : `out ${JSON.stringify(r)}`
  })
}

for (const [w, h] of [
  [480, 320],
  [640, 400],
  [900, 600],
]) {
  test(`embed ${w}×${h}: labels stay ≥ 11 px and the acting device is in view at every step`, async ({ page }) => {
    await page.setViewportSize({ width: w!, height: h! })
    await page.emulateMedia({ reducedMotion: 'reduce' })
    await openEmbed(page, 'scenario=pod-to-service')
    const canvas = await page.getByTestId('canvas').boundingBox()
    // The map takes most of the frame.
    expect(canvas!.height).toBeGreaterThan(h! * 0.55)
    expect(canvas!.width).toBe(w)
    const total = Number((await page.getByTestId('playback.counter').textContent())!.match(/\/\s*(\d+)/)![1])
    for (let i = 1; i <= total; i++) {
      await page.getByTestId('playback.next').click()
      await expect(page.getByTestId('playback.counter')).toHaveText(new RegExp(`${i}\\s*/`))
      // The view moves instantly under reduced motion; one frame for React Flow to apply it.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
      expect(await actingInView(page), `step ${i}`).toBe('in')
      const labels = await labelsInView(page)
      expect(labels.length, `step ${i}: some labels in view`).toBeGreaterThan(0)
      const small = labels.filter((l) => l.px < 11 - 0.01)
      expect(small, `step ${i}`).toEqual([])
      if (i === 6) await page.screenshot({ path: `test-results/embed-${w}x${h}.png` })
    }
  })
}

test('embed shows only the player: narration, controls, details on demand, a link to the full view', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 400 })
  await openEmbed(page, 'scenario=pod-to-service&step=3&lang=zh')
  await expect(page.locator('.pj-header')).toHaveCount(0)
  await expect(page.getByTestId('playback.counter')).toHaveText(/3\s*\/\s*\d+/)
  await expect(page.getByTestId('embed.narration')).not.toBeEmpty()
  const full = page.getByTestId('embed.fullView')
  const href = await full.getAttribute('href')
  expect(href).toContain('scenario=pod-to-service')
  expect(href).toContain('step=3')
  expect(href).toContain('lang=zh')
  expect(href).not.toContain('embed')
  await page.getByTestId('embed.details').click()
  await expect(page.getByTestId('embed.sheet')).toBeVisible()
  await page.getByTestId('embed.sheet.tables').click()
  await expect(page.getByTestId('embed.sheet')).toContainText('iptables')
  await page.screenshot({ path: 'test-results/embed-sheet-zh.png' })
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('embed.sheet')).toHaveCount(0)
})

test('a chapter (from/to) plays only its steps and controls=0 hides the buttons', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 400 })
  await openEmbed(page, 'scenario=pod-to-service&from=2&to=4')
  await expect(page.getByTestId('playback.counter')).toHaveText(/^\D*2\s*\//)
  await expect(page.getByTestId('playback.prev')).toBeDisabled()
  await page.getByTestId('playback.next').click()
  await page.getByTestId('playback.next').click()
  await expect(page.getByTestId('playback.counter')).toHaveText(/^\D*4\s*\//)
  await expect(page.getByTestId('playback.next')).toBeDisabled()
  await page.goto('./?embed&scenario=pod-to-service&step=2&controls=0')
  await expect(page.getByTestId('embed.narration')).not.toHaveText(/Press ▶/)
  await expect(page.getByTestId('playback.next')).toHaveCount(0)
  await expect(page.getByTestId('playback.counter')).toHaveCount(0)
})

test('a bad embed parameter is named, not ignored', async ({ page }) => {
  await page.goto('./?embed&scenario=pod-to-service&from=x&origins=javascript:alert(1)')
  await expect(page.getByTestId('link.issue.from')).toContainText('x')
  await expect(page.getByTestId('link.issue.origins')).toContainText('javascript:alert(1)')
})
