/**
 * The default journey (scenarios/pod-to-pod-same-node.yaml), as a learner sees it: the ARP
 * request flooded by cni0, the narration for it, the headers in the inspector, the bridge
 * learning pod-a's MAC in its FDB, and the answer arriving.
 */
import { test, expect } from './fixtures'
import { journeyHops, seqOf } from './fixtures/journey'

const hops = journeyHops('pod-to-pod-same-node')

test.describe('pod to pod on one node', () => {
  test('shows the ARP request with its narration and headers', async ({ page, openJourney, inspector }) => {
    // Hop 4 is pod-a's ARP request (kernel-verified trace; see src/engine/__golden__).
    await openJourney('scenario=pod-to-pod-same-node&hop=4')
    await page.getByTestId('header.level.kernel').click()
    await expect(page.getByTestId('step.narration')).toContainText('who has 10.244.1.3')
    await inspector.open()
    await expect(inspector.layer('arp')).toContainText('10.244.1.3')
    await expect(inspector.layer('arp')).toContainText('10.244.1.2')
    await expect(inspector.layer('ethernet')).toContainText('ff:ff:ff:ff:ff:ff')
  })

  test('the bridge learns pod-a behind its veth port, and the row is marked as changed', async ({ page, openJourney, tables }) => {
    // Hop 7: cni0's fdb.learn for pod-a's MAC.
    await openJourney('scenario=pod-to-pod-same-node&hop=7')
    await page.getByTestId('header.level.kernel').click()
    await tables.open()
    await tables.selectNetns('node1')
    const learned = tables.changedRows('fdb')
    await expect(learned).toHaveCount(1)
    await expect(learned.first()).toContainText('0a:58:0a:f4:01:02')
    await expect(learned.first()).toContainText('veth1a2b3c4d')
  })

  test('a SYN pod-a’s kernel built has no Ethernet header until neighbour output writes one', async ({ page, openJourney, inspector }) => {
    const routed = seqOf(hops, (h) => h.kind === 'route.lookup' && h.netns === 'node1/pod-a' && !!h.frame?.tcp)
    const sent = seqOf(hops, (h) => h.kind === 'link.xmit' && h.netns === 'node1/pod-a' && !!h.frame?.tcp)
    await openJourney(`scenario=pod-to-pod-same-node&hop=${routed}`)
    await page.getByTestId('header.level.kernel').click()
    await inspector.open()
    await expect(inspector.layer('ethernet')).toContainText('Ethernet header not yet built')
    await expect(inspector.layer('ethernet')).not.toContainText('00:00:00:00:00:00')
    await expect(inspector.layer('ipv4')).toContainText('10.244.1.3')
    await page.goto(`./?scenario=pod-to-pod-same-node&hop=${sent}`)
    await inspector.open()
    await expect(inspector.layer('ethernet')).toContainText('built here by neighbour output')
    await expect(inspector.layer('ethernet')).toContainText('0a:58:0a:f4:01:03')
    await page.getByTestId('header.language').click()
    await page.goto(`./?scenario=pod-to-pod-same-node&hop=${routed}`)
    await inspector.open()
    await expect(inspector.layer('ethernet')).toContainText('以太网头还没有生成')
  })

  test('ends with the answer from pod-b', async ({ page, openJourney, playback }) => {
    await openJourney('scenario=pod-to-pod-same-node')
    await playback.toEnd()
    await expect(page.getByTestId('step.outcome')).toContainText('served by pod-b')
  })

  test('speaks Chinese in the narration when switched', async ({ page, openJourney }) => {
    await openJourney('scenario=pod-to-pod-same-node&hop=4')
    await page.getByTestId('header.level.kernel').click()
    await page.getByTestId('header.language').click()
    await expect(page.getByTestId('step.narration')).toContainText('谁是 10.244.1.3')
  })
})
