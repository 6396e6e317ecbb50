/**
 * The canvas as a person reads it on a laptop and a projector, for every built-in journey at its
 * first step and at its NAT or tunnel step: device names and addresses measured on screen (zoom
 * included) at ≥ 12 px at 1280×720 and ≥ 16 px at 1920×1080, no label cut, the badge, the packet
 * and the labels never on top of each other, and the packet and the acting device in view.
 */
import { readdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'

const SCENARIOS = readdirSync(new URL('../scenarios/', import.meta.url))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))

const SIZES = [
  { width: 1280, height: 720, px: 12 },
  { width: 1920, height: 1080, px: 16 },
]

interface Measured {
  small: { text: string; px: number }[]
  cut: string[]
  overlaps: string[]
  outside: string[]
}

/** Everything the checks need, measured in one pass over the rendered canvas. */
function measure(page: Page, minPx: number): Promise<Measured> {
  return page.evaluate((minPx) => {
    const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect()
    const visible = (r: DOMRect) => r.width > 0 && r.right > canvas.left && r.left < canvas.right && r.bottom > canvas.top && r.top < canvas.bottom
    const inside = (r: DOMRect) => r.left >= canvas.left - 1 && r.right <= canvas.right + 1 && r.top >= canvas.top - 1 && r.bottom <= canvas.bottom + 1
    const labels = [...document.querySelectorAll<HTMLElement>('.pj-device-name, .pj-device-addr, .pj-pod-head, .pj-host-head')]
    // The map's zoom, from the transform React Flow puts on its viewport.
    const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a
    const small: Measured['small'] = []
    const cut: string[] = []
    for (const el of labels) {
      const r = el.getBoundingClientRect()
      if (!visible(r) || !el.textContent?.trim()) continue
      for (const part of [el, ...el.querySelectorAll<HTMLElement>('*')]) {
        if (!part.textContent?.trim()) continue
        const px = parseFloat(getComputedStyle(part).fontSize) * zoom
        if (px < minPx - 0.05) small.push({ text: part.textContent, px: Math.round(px * 10) / 10 })
      }
      if (el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent)
    }
    const boxes = [
      ...[...document.querySelectorAll<HTMLElement>('[data-testid="canvas.badge"]')].map((el) => ({ what: `badge "${el.textContent}"`, r: el.getBoundingClientRect() })),
      ...[...document.querySelectorAll<HTMLElement>('[data-testid="canvas.packet.glyph"]')].map((el) => ({ what: `packet "${el.textContent}"`, r: el.getBoundingClientRect() })),
      ...labels.map((el) => ({ what: `label "${el.textContent}"`, r: el.getBoundingClientRect() })).filter((b) => b.r.width > 0),
    ]
    const overlaps: string[] = []
    const hit = (a: DOMRect, b: DOMRect) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1
    boxes.forEach((a, i) => {
      // Labels are laid out in separate boxes; what can collide with them is the card.
      if (a.what.startsWith('label')) return
      boxes.forEach((b, j) => {
        if (j !== i && !(b.what.startsWith('badge') && j < i) && !(b.what.startsWith('packet') && j < i) && hit(a.r, b.r)) overlaps.push(`${a.what} × ${b.what}`)
      })
    })
    const outside: string[] = []
    const acting = document.querySelector('.pj-device.is-active, .pj-pod.is-active, .pj-host.is-active')
    if (acting && !inside(acting.getBoundingClientRect())) outside.push(`acting ${acting.textContent}`)
    for (const g of document.querySelectorAll('[data-testid="canvas.packet.glyph"]'))
      if (!inside(g.getBoundingClientRect())) outside.push(`packet ${g.textContent}`)
    for (const g of document.querySelectorAll('[data-testid="canvas.badge"]'))
      if (!inside(g.getBoundingClientRect())) outside.push(`badge ${g.textContent}`)
    return { small, cut, overlaps, outside }
  }, minPx)
}

async function expectReadable(page: Page, where: string, minPx: number) {
  const m = await measure(page, minPx)
  expect(m.small, `${where}: text under ${minPx} px`).toEqual([])
  expect(m.cut, `${where}: labels cut`).toEqual([])
  expect(m.overlaps, `${where}: overlapping`).toEqual([])
  expect(m.outside, `${where}: outside the canvas`).toEqual([])
}

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } })

    for (const id of SCENARIOS) {
      test(`${id}: readable at the first step and at its NAT or tunnel step`, async ({ page }) => {
        await page.emulateMedia({ reducedMotion: 'reduce' })
        await page.goto(`./?scenario=${id}&step=1`)
        await expect(page.getByTestId('playback.counter')).toHaveText(/^Step 1 \/ \d+/)
        await expect(page.getByTestId('app.loading')).toHaveCount(0)
        await expect(page.locator('.pj-device-name').first()).toBeVisible()
        await expectReadable(page, `${id} step 1`, size.px)
        const total = Number((await page.getByTestId('playback.counter').textContent())!.match(/\/\s*(\d+)/)![1])
        for (let k = 2; k <= total; k++) {
          await page.getByTestId('playback.next').click()
          await expect(page.getByTestId('playback.counter')).toHaveText(new RegExp(`^Step ${k} /`))
          const cat = await page.getByTestId('canvas.badge').first().getAttribute('data-category', { timeout: 200 }).catch(() => null)
          if (cat === 'nat' || cat === 'vxlan') {
            await expectReadable(page, `${id} step ${k} (${cat})`, size.px)
            return
          }
        }
      })
    }
  })
}
