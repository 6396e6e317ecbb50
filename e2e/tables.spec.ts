import { test, expect } from './fixtures'

test.describe('tables', () => {
  test('stepping back restores exactly the earlier tables', async ({ page, openJourney, playback, tables }) => {
    await openJourney()
    await page.getByTestId('header.level.kernel').click()
    await tables.open()
    const [, total] = await playback.position()
    const mid = Math.max(1, Math.floor(total / 3))
    // Pin one namespace so every snapshot shows the same tables.
    const first = await page.getByTestId('tables.netns').locator('option').nth(1).getAttribute('value')
    await tables.selectNetns(first!)
    for (let i = 0; i < mid; i++) await playback.next()
    const earlier = await tables.snapshot()
    await playback.toEnd()
    const later = await tables.snapshot()
    expect(later).not.toEqual(earlier)
    await playback.toStart()
    for (let i = 0; i < mid; i++) await playback.next()
    expect(await tables.snapshot()).toEqual(earlier)
  })

  test('marks the table rows that change at a step and shows the command text on demand', async ({ page, openJourney, playback, tables }) => {
    await openJourney()
    await page.getByTestId('header.level.kernel').click()
    await tables.open()
    let found = false
    const [, total] = await playback.position()
    for (let i = 0; i < total && !found; i++) {
      await playback.next()
      found = (await page.locator('tbody tr[data-changed]').count()) > 0
    }
    expect(found).toBe(true)
    await tables.toggleRaw()
    await expect(page.getByTestId('tables.raw.routes')).toBeVisible()
  })
})
