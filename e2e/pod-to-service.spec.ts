/**
 * Pod to a ClusterIP Service (scenarios/pod-to-service.yaml), at the steps that matter: the DNAT
 * to the chosen endpoint in the inspector with the KUBE-SEP rule highlighted, the new conntrack
 * row, the outer UDP 8472 / VNI 1 header at the VXLAN hop, and the reply's un-DNAT.
 */
import { test, expect } from './fixtures'
import { journeyHops, seqOf } from './fixtures/journey'

const hops = journeyHops('pod-to-service')
const open = (step: number) => `scenario=pod-to-service&hop=${step}`

test.describe('pod to Service', () => {
  test('the DNAT rewrites the destination to the chosen endpoint', async ({ page, openJourney, inspector }) => {
    await openJourney(open(seqOf(hops, (h) => h.kind === 'nat.dnat')))
    await page.getByTestId('header.level.kernel').click()
    await inspector.open()
    await expect(inspector.layer('ipv4')).toContainText('10.244.2.2')
    await expect(inspector.diffs.first()).toContainText('10.96.0.10')
  })

  test('the KUBE-SEP DNAT rule is highlighted in the nat table', async ({ page, openJourney, tables }) => {
    await openJourney(open(seqOf(hops, (h) => h.kind === 'nf.rule' && h.chain.startsWith('KUBE-SEP-'))))
    await page.getByTestId('header.level.kernel').click()
    await tables.open()
    await tables.selectNetns('node1')
    await expect(tables.matchedRules.filter({ hasText: 'KUBE-SEP-4EX2N4PG4ASNZOBF' })).toHaveCount(1)
    await expect(tables.matchedRules.filter({ hasText: 'DNAT --to-destination 10.244.2.2:8080' })).toHaveCount(1)
  })

  test('conntrack gets a new row with the DNATed reply tuple', async ({ page, openJourney, tables }) => {
    await openJourney(open(seqOf(hops, (h) => h.kind === 'ct.confirm' && h.netns === 'node1')))
    await page.getByTestId('header.level.kernel').click()
    await tables.open()
    await tables.selectNetns('node1')
    const row = tables.changedRows('conntrack')
    await expect(row).toHaveCount(1)
    await expect(row.first()).toContainText('10.96.0.10')
    await expect(row.first()).toContainText('10.244.2.2')
  })

  test('the VXLAN hop shows the outer UDP 8472 header with VNI 1 around the inner packet', async ({ page, openJourney, inspector }) => {
    await openJourney(open(seqOf(hops, (h) => h.kind === 'link.xmit' && h.netns === 'node1' && h.dev === 'eth0' && !!h.frame?.vxlan)))
    await page.getByTestId('header.level.kernel').click()
    await inspector.open()
    await expect(inspector.layer('udp')).toContainText(/dport\s*8472/)
    await expect(inspector.layer('vxlan')).toContainText(/vni\s*1\b/)
    await expect(inspector.layer('inner.ipv4')).toContainText('10.244.2.2')
  })

  test('the reply is un-DNATed back to the ClusterIP', async ({ page, openJourney, inspector }) => {
    await openJourney(open(seqOf(hops, (h) => h.kind === 'nat.reverse' && h.netns === 'node1')))
    await page.getByTestId('header.level.kernel').click()
    await inspector.open()
    await expect(inspector.layer('ipv4')).toContainText('10.96.0.10')
  })
})

test('“Another endpoint” re-runs the journey with the next seed until kube-proxy picks the other pod', async ({ page, openJourney, playback }) => {
  await openJourney('scenario=pod-to-service&step=2')
  const title = page.getByTestId('step.summary')
  await expect(title).toContainText('kube-proxy')
  const first = /→ (10\.244\.\d+\.\d+:8080)$/.exec((await title.textContent()) ?? '')![1]
  await expect(page.getByTestId('step.anotherEndpoint')).toHaveText('Another endpoint')
  // The choice is random (-m statistic); a few more seeds reach the other endpoint.
  let other = first
  for (let i = 0; i < 8 && other === first; i++) {
    const before = await page.getByTestId('step.anotherEndpoint').locator('xpath=following-sibling::span').textContent()
    await page.getByTestId('step.anotherEndpoint').click()
    await expect(page.getByTestId('step.anotherEndpoint').locator('xpath=following-sibling::span')).not.toHaveText(before!)
    await playback.toStart()
    await playback.next()
    await playback.next()
    await expect(title).toContainText('kube-proxy')
    other = /→ (10\.244\.\d+\.\d+:8080)$/.exec((await title.textContent()) ?? '')![1]
  }
  expect(other).not.toBe(first)
})
