/**
 * Drops are first-class: in scenarios/service-without-endpoints.yaml kube-proxy's filter rule
 * REJECTs the SYN to a Service with no endpoints, and the map shows where and why it died.
 */
import { test, expect } from './fixtures'
import { journeyHops, seqOf } from './fixtures/journey'

const hops = journeyHops('service-without-endpoints')
const reject = seqOf(hops, (h) => h.kind === 'drop' && h.code === 'nf-reject')

test.describe('drops', () => {
  test('the REJECT leaves a drop marker on the device, with the chain that decided', async ({ page, openJourney, canvas }) => {
    await openJourney(`scenario=service-without-endpoints&hop=${reject}`)
    await page.getByTestId('header.level.kernel').click()
    const marker = canvas.node('node1:eth0').getByTestId('canvas.drop')
    await expect(marker).toBeVisible()
    await expect(marker).toHaveText(/Dropped · REJECT in KUBE-SERVICES/)
    await expect(page.getByTestId('canvas.drop')).toHaveCount(1)
    await expect(page.getByTestId('canvas.packet.glyph')).toHaveClass(/is-dropped/)
    // The scenario's own warning (no endpoints, on purpose) is one folded line, not a wall of text.
    await expect(page.getByTestId('scenario.diagnostics')).toContainText('selects no pods')
    await page.getByTestId('header.language').click()
    await expect(marker).toHaveText(/丢弃 · KUBE-SERVICES 链 REJECT/)
  })

  test('the marker is gone one step before the drop and after it', async ({ page, openJourney, playback }) => {
    await openJourney(`scenario=service-without-endpoints&hop=${reject - 1}`)
    await page.getByTestId('header.level.kernel').click()
    await expect(page.getByTestId('canvas.drop')).toHaveCount(0)
    await playback.next()
    await expect(page.getByTestId('canvas.drop')).toHaveCount(1)
    await playback.next()
    await expect(page.getByTestId('canvas.drop')).toHaveCount(0)
  })

  test('the Kubernetes view stops on the same drop', async ({ page, openJourney, playback }) => {
    await openJourney('scenario=service-without-endpoints')
    await playback.stepUntil(
      (summary) => summary.includes('KUBE-SERVICES'),
      async () => (await page.getByTestId('step.summary').allTextContents()).join(''),
    )
    await expect(page.getByTestId('canvas.drop')).toContainText('REJECT in KUBE-SERVICES')
  })
})
