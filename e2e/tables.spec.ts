import { test, expect } from './fixtures'

test.describe('tables', () => {
  test('stepping back restores exactly the earlier tables', async ({ page, openJourney, playback, tables }) => {
    await openJourney()
    await page.getByTestId('header.level.kernel').click()
    await tables.open()
    // Pin the client's namespace: three hops in, its neighbour entry for pod-b is still
    // INCOMPLETE; by the end it is REACHABLE, so the two moments differ.
    await tables.selectNetns('node1/pod-a')
    const mid = 3
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
