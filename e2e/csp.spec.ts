/**
 * The built page runs under its Content-Security-Policy without a single violation, and asks
 * nothing of any origin but its own: loading, playing, switching journeys, exporting, embedding.
 */
import { test, expect } from './fixtures'
import type { Page } from '@playwright/test'

function watch(page: Page) {
  const foreign: string[] = []
  page.on('request', (r) => {
    const u = new URL(r.url())
    if (!['blob:', 'data:'].includes(u.protocol) && u.origin !== new URL(page.url() === 'about:blank' ? r.url() : page.url()).origin) foreign.push(r.url())
  })
  return foreign
}

async function violations(page: Page) {
  return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] }
    w.cspViolations = []
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
})

test('the full page: a policy that allows only its own origin, and no violation while used', async ({ page, openJourney, playback }) => {
  const foreign = watch(page)
  await openJourney('scenario=pod-to-service')
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  expect(policy).toContain("script-src 'self'")
  expect(policy).toContain("connect-src 'self'")
  expect(policy).not.toContain('unsafe-inline')
  expect(policy).not.toContain('unsafe-eval')
  for (let i = 0; i < 4; i++) await playback.next()
  await page.getByTestId('panel.tab.tables').click()
  await page.getByTestId('header.scenario').selectOption('ingress')
  await expect(page.getByTestId('playback.counter')).toHaveText(/\/\s*[1-9]/)
  for (const kind of ['png', 'svg']) {
    await page.getByTestId('header.export').click()
    await Promise.all([page.waitForEvent('download'), page.getByTestId(`export.${kind}`).click()])
  }
  await page.getByTestId('header.theme').click()
  expect(await violations(page)).toEqual([])
  expect(foreign).toEqual([])
})

test('the embed player: no violation, no foreign request', async ({ page }) => {
  const foreign = watch(page)
  await page.goto('./?embed&scenario=nodeport&step=3')
  await expect(page.getByTestId('playback.counter')).toHaveText(/^\D*3\s*\//)
  await page.getByTestId('embed.details').click()
  expect(await violations(page)).toEqual([])
  expect(foreign).toEqual([])
})
