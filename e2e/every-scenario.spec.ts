/**
 * Every built-in scenario opens, plays to its end with the answer shown, and steps back to the
 * start — in the Kubernetes view a learner starts in, and in the kernel view.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { test, expect } from './fixtures'

const ids = readdirSync(join(import.meta.dirname, '../scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))

for (const id of ids) {
  test(`${id}: plays to the answer and back to the start`, async ({ page, openJourney, playback }) => {
    await openJourney(`scenario=${id}`)
    for (const level of ['kubernetes', 'kernel'] as const) {
      await page.getByTestId(`header.level.${level}`).click()
      await playback.toEnd()
      const [, total] = await playback.position()
      await playback.expectAt(total)
      // Every journey ends in an outcome the learner can read: the answer (a ping's echo replies),
      // or the error the client got.
      await expect(page.getByTestId('step.outcome')).toContainText(/answer|echo repl|ICMP error|refused/)
      await playback.toStart()
      await playback.expectAt(0)
    }
  })
}
