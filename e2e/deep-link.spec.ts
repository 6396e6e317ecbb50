/**
 * Deep links carry the whole view (scenario, visible step, level, language, theme, side-panel
 * tab, selected namespace); the page keeps the URL in step, Back returns to the previous
 * journey, bad values are named in the chosen language, and "Copy link" reproduces the view.
 * Step counts come from the page's own counter, never written down: the step lists change.
 */
import { test, expect } from './fixtures'
import type { Page } from '@playwright/test'

const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name)

async function expectParam(page: Page, name: string, value: string | null) {
  await expect.poll(() => param(page, name)).toBe(value)
}

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

test('step is the number the counter shows, in either level', async ({ page, openJourney, playback }) => {
  await openJourney('scenario=pod-to-service&level=kubernetes&step=3')
  await playback.expectAt(3)
  await expectParam(page, 'step', '3')
  await expectParam(page, 'hop', null)
  const [, total] = await playback.position()
  await playback.toEnd()
  await expectParam(page, 'step', String(total))
  await playback.toStart()
  await expectParam(page, 'step', null)
  await playback.next()
  await playback.next()
  await expectParam(page, 'step', '2')
  // The kernel view has more, smaller steps: the same place is another number there.
  await page.getByTestId('header.level.kernel').click()
  await expectParam(page, 'level', 'kernel')
  const [n] = await playback.position()
  expect(n).toBeGreaterThan(2)
  await expectParam(page, 'step', String(n))
  await page.reload()
  await playback.expectAt(n)
})

test('every parameter opens the view it names, and changing the view rewrites it', async ({ page, openJourney, playback }) => {
  await openJourney('scenario=pod-to-service&step=2&level=kernel&lang=zh&theme=dark&tab=packet&device=node1')
  await playback.expectAt(2)
  await expect(page.getByTestId('header.level.kernel')).toHaveAttribute('aria-checked', 'true')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByTestId('panel.tab.packet')).toHaveAttribute('aria-selected', 'true')
  await page.getByTestId('panel.tab.tables').click()
  await expect(page.getByTestId('tables.netns')).toHaveValue('node1')
  await expect(page.getByTestId('link.issues')).toHaveCount(0)

  await expectParam(page, 'tab', 'tables')
  await page.getByTestId('header.level.kubernetes').click()
  await expectParam(page, 'level', 'kubernetes')
  await page.getByTestId('header.language').click()
  await expectParam(page, 'lang', 'en')
  await page.getByTestId('header.theme').click()
  await expectParam(page, 'theme', 'light')
  await page.getByTestId('tables.netns').selectOption('node2')
  await expectParam(page, 'device', 'node2')
  await page.getByTestId('tables.netns').selectOption('')
  await expectParam(page, 'device', null)
  await page.getByTestId('panel.tab.step').click()
  await expectParam(page, 'tab', 'step')
  await playback.next()
  const [n] = await playback.position()
  await expectParam(page, 'step', String(n))
  await expectParam(page, 'scenario', 'pod-to-service')
})

test('Back after choosing another scenario returns to the first journey', async ({ page, openJourney, playback }) => {
  await openJourney('scenario=pod-to-pod-same-node')
  await playback.next()
  await playback.next()
  await expectParam(page, 'step', '2')
  const summary = await page.getByTestId('step.summary').textContent()
  await page.getByTestId('header.scenario').selectOption('nodeport')
  await expectParam(page, 'scenario', 'nodeport')
  await expect(page.getByTestId('playback.counter')).toHaveText(/\/\s*[1-9]/)
  await playback.next()
  await expectParam(page, 'step', '1')
  await page.goBack()
  await expectParam(page, 'scenario', 'pod-to-pod-same-node')
  await expect(page.getByTestId('header.scenario')).toHaveValue('pod-to-pod-same-node')
  await playback.expectAt(2)
  await expect(page.getByTestId('step.summary')).toHaveText(summary!)
  await page.goForward()
  await expect(page.getByTestId('header.scenario')).toHaveValue('nodeport')
  await playback.expectAt(1)
})

const messages = {
  en: {
    scenario: /There is no scenario “nope”\. Built-in scenarios: .*nodeport.*pod-to-pod-same-node/,
    step: /There is no step “99999” in pod-to-pod-same-node: the Kubernetes view has steps 1–(\d+)/,
    level: /The link’s level “x” is not valid\. Valid values: kubernetes, kernel\./,
  },
  zh: {
    scenario: /没有名为“nope”的场景。内置场景有：.*nodeport.*pod-to-pod-same-node/,
    step: /pod-to-pod-same-node 没有第“99999”步：在Kubernetes 视角下只有第 1–(\d+) 步/,
    level: /链接里的 level“x”无效。可用的值：kubernetes, kernel。/,
  },
}

for (const lang of ['en', 'zh'] as const) {
  test(`bad link values are named with what is valid (${lang})`, async ({ page, openJourney, playback }) => {
    await openJourney(`scenario=nope&lang=${lang}`)
    await expect(page.getByTestId('link.issue.scenario')).toHaveText(messages[lang].scenario)
    // The journey shown instead is the default one, and the URL now says so.
    await expect(page.getByTestId('header.scenario')).toHaveValue('pod-to-pod-same-node')
    await expectParam(page, 'scenario', 'pod-to-pod-same-node')

    await openJourney(`step=99999&lang=${lang}&level=kubernetes`)
    const issue = page.getByTestId('link.issue.step')
    await expect(issue).toHaveText(messages[lang].step)
    const [, total] = await playback.position()
    expect(messages[lang].step.exec((await issue.textContent())!)![1]).toBe(String(total))
    await playback.expectAt(0)

    await openJourney(`level=x&lang=${lang}`)
    await expect(page.getByTestId('link.issue.level')).toHaveText(messages[lang].level)
    await expect(page.getByTestId('link.issues')).toHaveAttribute('role', 'alert')
    await page.getByTestId('link.dismiss').click()
    await expect(page.getByTestId('link.issues')).toHaveCount(0)
  })
}

test('other bad values are named too: theme, tab, namespace, hidden categories', async ({ page, openJourney }) => {
  await openJourney('scenario=pod-to-service&theme=pink&tab=nope&device=node9&hide=arp,bogus')
  await expect(page.getByTestId('link.issue.theme')).toContainText('light, dark')
  await expect(page.getByTestId('link.issue.tab')).toContainText('step, packet, tables')
  await expect(page.getByTestId('link.issue.device')).toContainText('There is no namespace “node9” in pod-to-service')
  await expect(page.getByTestId('link.issue.device')).toContainText('node1')
  await expect(page.getByTestId('link.issue.hide')).toContainText('“bogus”')
  await expectParam(page, 'hide', 'arp')
})

test('the copied link opens the same view in a fresh page; the embed code embeds it', async ({ page, browser, openJourney, playback }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await openJourney('scenario=pod-to-service&lang=zh')
  await page.getByTestId('header.level.kernel').click()
  for (let i = 0; i < 5; i++) await playback.next()
  // Read the step's title while the step tab is still the one showing.
  const summary = await page.getByTestId('step.summary').textContent()
  await page.getByTestId('header.theme').click()
  await page.getByTestId('panel.tab.packet').click()
  await page.getByTestId('header.copyLink').click()
  await expect(page.getByTestId('share.status')).toHaveText('✓ 已复制')
  const link = await page.evaluate(() => navigator.clipboard.readText())
  expect(link).toBe(page.url())

  await page.getByTestId('header.copyEmbed').click()
  const embed = await page.evaluate(() => navigator.clipboard.readText())
  expect(embed).toMatch(
    /^<iframe src="http[^"]+\?embed=1&scenario=pod-to-service&step=5&level=kernel&lang=zh" width="800" height="450" title="Packet Journeys: [^"]+" loading="lazy" style="border:0"><\/iframe>$/,
  )

  // A fresh context: no preferences remembered, only the link.
  const fresh = await browser.newContext()
  const other = await fresh.newPage()
  await other.goto(link)
  await expect(other.getByTestId('playback.counter')).toHaveText(/第\s*5\s*\/\s*\d+/)
  await expect(other.getByTestId('header.level.kernel')).toHaveAttribute('aria-checked', 'true')
  await expect(other.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(other.getByTestId('panel.tab.packet')).toHaveAttribute('aria-selected', 'true')
  await other.getByTestId('panel.tab.step').click()
  await expect(other.getByTestId('step.summary')).toHaveText(summary!)

  // The embed link opens the same journey and position.
  await other.goto(/src="([^"]+)"/.exec(embed)![1]!)
  await expect(other.getByTestId('playback.counter')).toHaveText(/第\s*5\s*\/\s*\d+/)
  await fresh.close()
})

test('without the Clipboard API the text is offered selected in a popover', async ({ page, openJourney }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }))
  await openJourney('scenario=nodeport')
  await page.getByTestId('header.copyLink').click()
  const text = page.getByTestId('share.text')
  await expect(page.getByTestId('share.popover')).toBeVisible()
  await expect(text).toHaveValue(/\?scenario=nodeport&/)
  expect(await text.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd, el.value.length])).toEqual(
    await text.evaluate((el: HTMLTextAreaElement) => [0, el.value.length, el.value.length]),
  )
  await page.getByTestId('header.copyEmbed').click()
  await expect(text).toHaveValue(/^<iframe src=".*embed=1&scenario=nodeport/)
  await page.getByTestId('share.close').click()
  await expect(page.getByTestId('share.popover')).toHaveCount(0)
})
