/**
 * The journeys with a second protocol on top of TCP/UDP, at the steps that matter: the ingress
 * scenario's TLS Client Hello with SNI, the plain-HTTP request nginx sends on its own connection
 * with X-Forwarded-For, and the DNS scenario's search-list NXDOMAIN before the answer.
 */
import { test, expect } from './fixtures'
import { journeyHops, seqOf } from './fixtures/journey'

const ingress = journeyHops('ingress')
const dns = journeyHops('dns-then-service')

test.describe('ingress', () => {
  test('the Client Hello names website2.com, and only its length is visible on the way', async ({ page, openJourney, inspector }) => {
    await openJourney(`scenario=ingress&hop=${seqOf(ingress, (h) => h.kind === 'app.recv' && h.app === 'controller')}`)
    await page.getByTestId('header.level.kernel').click()
    await inspector.open()
    await expect(inspector.layer('payload')).toContainText('Client Hello')
    await expect(inspector.layer('payload')).toContainText('SNI website2.com')
  })

  test('the backend reads a plain-HTTP request from the controller pod, with X-Forwarded-For', async ({ page, openJourney, inspector }) => {
    await openJourney(`scenario=ingress&hop=${seqOf(ingress, (h) => h.kind === 'app.recv' && h.app === 'web')}`)
    await page.getByTestId('header.level.kernel').click()
    await expect(page.getByTestId('step.narration')).toContainText('X-Forwarded-For')
    await inspector.open()
    await expect(inspector.layer('payload')).toContainText('X-Forwarded-For: 10.244.1.0')
    await expect(inspector.layer('payload')).toContainText('Host: website2.com')
    await expect(inspector.layer('tcp')).toContainText(/dport\s*80seq/)
  })
})

test.describe('DNS, then the Service', () => {
  test('the first name tried is the search-list expansion, and CoreDNS answers NXDOMAIN with its SOA', async ({ page, openJourney, inspector }) => {
    await openJourney(`scenario=dns-then-service&hop=${seqOf(dns, (h) => h.kind === 'app.recv' && h.app === 'web' && h.frame?.payload?.kind === 'dns')}`)
    await page.getByTestId('header.level.kernel').click()
    await inspector.open()
    const payload = inspector.layer('payload')
    await expect(payload).toContainText('A? website2fe.default.svc.cluster.local.default.svc.cluster.local → NXDOMAIN')
    await expect(payload).toContainText('authority: cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local.')
  })
})

const classic = journeyHops('flannel-classic-vxlan')

test.describe('classic flannel', () => {
  test('flanneld answers the L3 miss: the neighbour row appears, and docker masqueraded the ping', async ({ page, openJourney, tables }) => {
    await openJourney(`scenario=flannel-classic-vxlan&hop=${seqOf(classic, (h) => h.kind === 'neigh.update' && h.by === 'flanneld')}`)
    await page.getByTestId('header.level.kernel').click()
    await expect(page.getByTestId('step.summary')).toContainText('172.16.57.15')
    await tables.open()
    await tables.selectNetns('master')
    const row = tables.changedRows('neigh')
    await expect(row).toHaveCount(1)
    await expect(row.first()).toContainText('d6:51:2e:80:5c:69')
    await expect(page.getByTestId('tables.vxlanLink')).toContainText('vxlan id 1 local 10.46.181.145 dev eth0')
    await expect(page.getByTestId('tables.iptables')).toContainText('-A POSTROUTING -s 172.16.99.0/24 ! -o docker0 -j MASQUERADE')
  })
})
