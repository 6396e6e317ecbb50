/**
 * Accessibility (issue #12): axe-core finds no serious or critical violation on the main screen,
 * on each side-panel tab, in the dark theme, in 中文 and in the embed player, in both views; and
 * the step's narration is announced to screen readers as the step changes.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { journeyHops, seqOf } from './fixtures/journey'

const hops = journeyHops('pod-to-service')
// The KUBE-SEP rule's hop: the tables show "matched at this step" rules and a changed row there.
const sepHop = seqOf(hops, (h) => h.kind === 'nf.rule' && h.chain.startsWith('KUBE-SEP-'))

// Nothing is excluded: the page has no third-party content of its own.
async function expectNoSeriousViolations(page: Page, what: string) {
  // One frame for the last render to settle (React Flow measures after mount).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))))
  const { violations } = await new AxeBuilder({ page }).analyze()
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes
        .map((n) => n.target.join(' ')),
      summary: v.nodes.slice(0, 3).map((n) => n.failureSummary?.split('\n').slice(0, 2).join(' ')),
    }))
    .filter((v) => v.targets.length)
  const report = serious.map((v) => `${v.id} (${v.impact}) ${v.help}\n  ${v.targets.join('\n  ')}\n  ${v.summary.join('\n  ')}`).join('\n')
  expect.soft(serious.map((v) => v.id), `serious/critical axe violations on ${what}:\n${report}`).toEqual([])
}

for (const level of ['kubernetes', 'kernel'] as const) {
  const query = `scenario=pod-to-service&level=${level}&hop=${sepHop}`

  test.describe(`a11y, ${level} view`, () => {
    test('main screen, each side-panel tab', async ({ page, openJourney }) => {
      await openJourney(query)
      for (const tab of ['step', 'packet', 'tables']) {
        await page.getByTestId(`panel.tab.${tab}`).click()
        await expect(page.getByTestId(`panel.tab.${tab}`)).toHaveAttribute('aria-selected', 'true')
        await expectNoSeriousViolations(page, `the ${tab} tab (${level})`)
      }
    })

    test('dark theme, each side-panel tab', async ({ page, openJourney }) => {
      await openJourney(`${query}&theme=dark`)
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
      for (const tab of ['step', 'packet', 'tables']) {
        await page.getByTestId(`panel.tab.${tab}`).click()
        await expectNoSeriousViolations(page, `the ${tab} tab, dark (${level})`)
      }
    })

    test('中文, each side-panel tab', async ({ page, openJourney }) => {
      await openJourney(`${query}&lang=zh`)
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
      for (const tab of ['step', 'packet', 'tables']) {
        await page.getByTestId(`panel.tab.${tab}`).click()
        await expectNoSeriousViolations(page, `the ${tab} tab, 中文 (${level})`)
      }
    })

    test('presenter mode, light and dark', async ({ page, openJourney }) => {
      for (const theme of ['light', 'dark']) {
        await openJourney(`${query}&theme=${theme}`)
        await page.getByTestId('header.presenter').click()
        await expect(page.getByTestId('presenter.narration')).toBeVisible()
        await expectNoSeriousViolations(page, `presenter mode (${level}, ${theme})`)
      }
    })

    test('embed player, light and dark, with its sheet', async ({ page }) => {
      for (const theme of ['light', 'dark']) {
        await page.goto(`./?embed&${query}&theme=${theme}`)
        await expect(page.getByTestId('embed')).toBeVisible()
        await expect(page.getByTestId('playback.counter')).toHaveText(/\/\s*[1-9]/)
        await expect(page.getByTestId('app.loading')).toHaveCount(0)
        await expectNoSeriousViolations(page, `the embed player (${level}, ${theme})`)
        await page.getByTestId('embed.details').click()
        for (const sheet of ['packet', 'tables']) {
          await page.getByTestId(`embed.sheet.${sheet}`).click()
          await expectNoSeriousViolations(page, `the embed ${sheet} sheet (${level}, ${theme})`)
        }
        await page.getByTestId('embed.sheet.close').click()
      }
    })
  })
}

test('the page has one h1', async ({ page, openJourney }) => {
  await openJourney('scenario=pod-to-service')
  await expect(page.locator('h1')).toHaveCount(1)
})

test('the step narration is announced: a polite live region holds the narration shown', async ({ page, openJourney, playback }) => {
  await openJourney('scenario=pod-to-service')
  const live = page.getByTestId('step.announce')
  await expect(live).toHaveAttribute('aria-live', 'polite')
  await playback.next()
  await playback.next()
  await playback.expectAt(2)
  const shown = (await page.getByTestId('step.narration').locator('p').allInnerTexts()).join(' ').trim()
  expect(shown.length).toBeGreaterThan(0)
  await expect(live).toHaveText(shown)
  // Visually hidden, yet in the accessibility tree.
  const box = await live.boundingBox()
  expect((box?.width ?? 0) * (box?.height ?? 0)).toBeLessThanOrEqual(1)
  // It follows every step.
  await playback.next()
  const next = (await page.getByTestId('step.narration').locator('p').allInnerTexts()).join(' ').trim()
  await expect(live).toHaveText(next)
})

test('keyboard focus is visible on the controls', async ({ page, openJourney }) => {
  await openJourney('scenario=pod-to-service')
  await page.getByTestId('panel.tab.step').focus()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Shift+Tab')
  const outline = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement
    const s = getComputedStyle(el)
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }
  })
  expect(outline.style).not.toBe('none')
  expect(outline.width).toBeGreaterThanOrEqual(2)
})
