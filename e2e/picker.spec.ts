/**
 * The scenario picker teaches in order: sections from inside a pod to history, each scenario
 * in its place, a historical scenario with its era, and what has changed since the articles.
 */
import { test, expect } from './fixtures'
import type { Page } from '@playwright/test'

/** What the select shows: each section's label with the option texts under it. */
const sections = (page: Page) =>
  page
    .getByTestId('header.scenario')
    .evaluate((s) => [...s.querySelectorAll('optgroup')].map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.textContent)]))

test('the picker lists the scenarios in sections, in teaching order', async ({ page, openJourney }) => {
  await openJourney()
  await expect
    .poll(() => sections(page))
    .toEqual([
      ['Inside a pod', ['Container to container in one pod']],
      ['On one node', ['Pod to pod on the same node']],
      ['Across nodes', ['Pod to pod across nodes (flannel VXLAN)', 'Pod to pod across nodes, routed by the VPC']],
      ['Services', ['Pod to Service (ClusterIP)', 'DNS lookup, then the Service', 'Pod to Service (ClusterIP, kube-proxy IPVS mode)', 'A Service without endpoints']],
      [
        'To and from outside the cluster',
        ['NodePort from outside the cluster', 'LoadBalancer Service from the internet', 'LoadBalancer with externalTrafficPolicy Local', 'Ingress — HTTPS through the load balancer to ingress-nginx', 'Pod to the internet'],
      ],
      ['History', ['kube-proxy userspace mode (historical)', 'Classic flannel VXLAN (2016, flannel 0.5.5) — L3 misses answered by flanneld']],
    ])
  await page.getByTestId('header.language').click()
  await expect.poll(async () => (await sections(page)).map(([label]) => label)).toEqual(['Pod 内部', '同一节点', '跨节点', 'Service', '进出集群', '历史'])
  await expect.poll(async () => (await sections(page))[3]![1]).toEqual(['Pod 访问 Service（ClusterIP）', '先查 DNS，再访问 Service', 'Pod 访问 Service（ClusterIP，kube-proxy IPVS 模式）', '没有后端的 Service'])
})

test('a historical scenario shows its era; a current one does not', async ({ page, openJourney }) => {
  await openJourney('scenario=flannel-classic-vxlan')
  await expect(page.getByTestId('header.era')).toHaveText('Historical')
  await expect(page.getByTestId('header.era')).toHaveAttribute('title', 'Historical set-up: Kubernetes v1.3.7 · flannel 0.5.5 · docker (2016)')
  await expect(page.getByTestId('intro.era')).toHaveText('Historical Kubernetes v1.3.7 · flannel 0.5.5 · docker (2016)')
  await page.getByTestId('header.goalsToggle').click()
  await expect(page.getByTestId('header.summaryEra')).toHaveText('Historical Kubernetes v1.3.7 · flannel 0.5.5 · docker (2016)')
  await page.getByTestId('header.scenario').selectOption('pod-to-service')
  await expect(page.getByTestId('header.summary')).toContainText('Pod to Service (ClusterIP)')
  await expect(page.getByTestId('header.era')).toHaveCount(0)
  await expect(page.getByTestId('intro.era')).toHaveCount(0)
})

test('the since-then note says what changed, in English and in 中文', async ({ page, openJourney }) => {
  await openJourney('scenario=userspace-proxy-legacy')
  const note = page.getByTestId('intro.sinceThen')
  await expect(note).toContainText('Since then')
  await expect(note).toContainText('userspace mode was removed in Kubernetes v1.26')
  await expect(page.getByTestId('intro.era')).toContainText('Early Kubernetes · kube-proxy userspace mode')
  await page.getByTestId('header.language').click()
  await expect(note).toContainText('此后的变化')
  await expect(note).toContainText('userspace 模式已在 Kubernetes v1.26 中移除')
  await expect(page.getByTestId('intro.era')).toHaveText('历史 早期 Kubernetes · kube-proxy userspace 模式')
  await page.getByTestId('header.goalsToggle').click()
  await expect(page.getByTestId('header.sinceThen')).toContainText('nftables 模式自 v1.33 起 GA')
  await expect(page.getByTestId('header.sinceThen')).toBeVisible()
})
