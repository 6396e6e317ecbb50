import { test, expect } from './fixtures'
import { en } from '../src/ui/i18n/en'
import { zh } from '../src/ui/i18n/zh'

// Strings that read the same in both languages (names, protocol words) cannot show a switch.
const comparable = Object.entries(en)
  .filter(([k, v]) => zh[k as keyof typeof zh] !== v && !v.includes('{') && v.length > 3)
  .filter(([, v]) => !Object.values(zh).some((z) => z.includes(v)))
  // 'link' also appears as data (`scope link` in a route), not as a label.
  .map(([, v]) => v)
  .filter((v) => v !== 'link')

test('the language switch changes every label and is remembered', async ({ page, openJourney, playback }) => {
  await openJourney()
  await playback.next()
  const before = await page.locator('body').innerText()
  expect(comparable.some((s) => before.includes(s))).toBe(true)
  await page.getByTestId('header.language').click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  for (const tab of ['step', 'packet', 'tables']) {
    await page.getByTestId(`panel.tab.${tab}`).click()
    const text = await page.locator('body').innerText()
    const leftovers = comparable.filter((s) => text.includes(s))
    expect(leftovers, `English left on the ${tab} tab`).toEqual([])
  }
  await expect(page.getByTestId('playback.counter')).toContainText('第')
  await page.reload()
  await expect(page.getByTestId('header.language')).toHaveText('English')
})
