import { test, expect } from './fixtures'
import { journeyOutcome } from './fixtures/journey'

test('the picker names every built-in scenario by its title, in both languages', async ({ page, openJourney }) => {
  await openJourney()
  const picker = page.getByTestId('header.scenario')
  await expect(picker.locator('option', { hasText: 'Pod to Service (ClusterIP)' })).toHaveCount(1)
  await expect(picker.locator('option', { hasText: 'NodePort from outside the cluster' })).toHaveCount(1)
  await page.getByTestId('header.language').click()
  await expect(picker.locator('option', { hasText: 'Pod 访问公网' })).toHaveCount(1)
})

test('choosing a scenario plays it', async ({ page, openJourney, playback }) => {
  await openJourney()
  await page.getByTestId('header.scenario').selectOption('nodeport')
  await expect(page).toHaveURL(/scenario=nodeport/)
  await playback.toEnd()
  // The answer names the pod that served it: the endpoint kube-proxy picked on this seed.
  const { summary } = journeyOutcome('nodeport')
  expect(summary).toMatch(/served by \S+/)
  await expect(page.getByTestId('step.outcome')).toContainText(summary)
})
