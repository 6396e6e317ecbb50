import { test, expect } from './fixtures'

test('the URL reflects the scenario and step, and opening it restores them', async ({ page, openJourney, playback }) => {
  await openJourney()
  await page.getByTestId('header.level.kernel').click()
  for (let i = 0; i < 7; i++) await playback.next()
  await expect(page).toHaveURL(/[?&]step=7\b/)
  await expect(page).toHaveURL(/[?&]scenario=[\w-]+/)
  const url = page.url()
  const summary = await page.getByTestId('step.summary').textContent()
  await page.goto('about:blank')
  await page.goto(url)
  await playback.expectAt(7)
  await expect(page.getByTestId('step.summary')).toHaveText(summary!)
})
