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
    await expect(page.getByTestId('tables.raw.route')).toBeVisible()
  })

  test('shows the VXLAN FDB and flannel’s subnet.env and lease beside the kernel tables, in both languages', async ({ page, openJourney, tables }) => {
    await openJourney('scenario=service-without-endpoints&hop=1')
    await tables.open()
    await tables.selectNetns('node1')
    const vxlan = tables.section('vxlanFdb')
    await expect(vxlan).toContainText('bridge fdb show dev flannel.1')
    await expect(vxlan.locator('tbody tr')).toHaveCount(1)
    await expect(vxlan.locator('tbody tr')).toContainText('192.168.0.11')
    const info = page.getByTestId('tables.info')
    await expect(info.filter({ hasText: 'flannel subnet (subnet.env)' })).toContainText('FLANNEL_SUBNET=10.244.0.1/24')
    await expect(info.filter({ hasText: 'flannel lease (Node annotations)' })).toContainText('flannel.alpha.coreos.com/public-ip: 192.168.0.10')
    await tables.toggleRaw()
    // With a dev filter, `bridge fdb show` leaves the dev column out.
    await expect(page.getByTestId('tables.raw.vxlanFdb')).toHaveText(/^\S+ dst 192\.168\.0\.11 self permanent\s*$/)
    await expect(page.getByTestId('tables.raw.iptables')).toContainText('-j REJECT --reject-with icmp-port-unreachable')
    await page.getByTestId('header.language').click()
    await expect(tables.section('vxlanFdb')).toContainText('flannel.1 的 VXLAN FDB')
    await expect(info.filter({ hasText: 'flannel 子网配置（subnet.env）' })).toHaveCount(1)
    await expect(info.filter({ hasText: 'flannel 租约（Node 注解）' })).toHaveCount(1)
  })
})
