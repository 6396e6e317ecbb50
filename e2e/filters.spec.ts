/**
 * The filter chips change what the Kubernetes view tells, not only the kernel view: each chip
 * turned off changes the step list of pod-to-service (it crosses every kind of device), and with
 * ARP off no step speaks of ARP.
 */
import { test, expect } from './fixtures'
import type { Page } from '@playwright/test'
import type { Playback } from './fixtures/Playback'

const CHIPS = ['arp', 'bridge', 'routing', 'netfilter', 'nat', 'conntrack', 'vxlan', 'sockets'] as const

/** Every step of the current view as the person reads it: the title and the events it lists. */
async function storyOf(page: Page, playback: Playback): Promise<string[]> {
  const [at, total] = await playback.position()
  if (at > 0) await playback.toStart()
  const steps: string[] = []
  for (let i = 1; i <= total; i++) {
    await playback.next()
    await playback.expectAt(i)
    const title = await page.getByTestId('step.summary').textContent()
    const events = await page.getByTestId('step.event').allTextContents()
    steps.push([title, ...events].join(' | '))
  }
  return steps
}

test('each chip turned off changes the Kubernetes-view steps; ARP off leaves no ARP', async ({ page, openJourney, playback }) => {
  test.setTimeout(120_000)
  await openJourney('scenario=pod-to-service&lang=en&level=kubernetes')
  const all = await storyOf(page, playback)
  expect(all.length).toBeGreaterThan(3)
  for (const chip of CHIPS) {
    await page.getByTestId(`filter.${chip}`).click()
    await expect(page.getByTestId(`filter.${chip}`)).toHaveAttribute('aria-pressed', 'false')
    const without = await storyOf(page, playback)
    expect(without, `${chip} off`).not.toEqual(all)
    if (chip === 'arp') for (const s of without) expect(s).not.toMatch(/\bARP\b/)
    await page.getByTestId(`filter.${chip}`).click()
  }
  expect(await storyOf(page, playback)).toEqual(all)
})
