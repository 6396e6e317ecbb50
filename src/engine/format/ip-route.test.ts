import { describe, expect, it } from 'vitest'
import type { RouteRow } from '../tables/types'
import { formatIpRoute } from './ip-route'

const r = (dst: string, rest: Partial<RouteRow> = {}): RouteRow => ({
  table: 'main', type: 'unicast', dst, dev: 'eth0', scope: 'global', ...rest,
})

describe('formatIpRoute', () => {
  it('orders by network address, then longer prefix, then metric', () => {
    const out = formatIpRoute([
      r('10.50.0.0/16'),
      r('192.168.0.0/24', { scope: 'link' }),
      r('10.50.0.0/24', { metric: 9 }),
      r('10.50.0.0/24', { metric: 1 }),
      r('default', { via: '192.168.0.1' }),
    ])
    expect(out.split('\n').slice(0, 5)).toEqual([
      'default via 192.168.0.1 dev eth0 ',
      '10.50.0.0/24 dev eth0 metric 1 ',
      '10.50.0.0/24 dev eth0 metric 9 ',
      '10.50.0.0/16 dev eth0 ',
      '192.168.0.0/24 dev eth0 scope link ',
    ])
  })

  it('hides proto boot and prints proto kernel, scope and src', () => {
    expect(formatIpRoute([r('10.244.1.0/24', { dev: 'cni0', proto: 'kernel', scope: 'link', src: '10.244.1.1' })])).toBe(
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n',
    )
    expect(formatIpRoute([r('10.96.0.0/12', { proto: 'boot', via: '192.168.0.3' })])).toBe('10.96.0.0/12 via 192.168.0.3 dev eth0 \n')
  })

  it('prints onlink after the metric', () => {
    expect(formatIpRoute([r('10.244.2.0/24', { via: '10.244.2.0', dev: 'flannel.1', onlink: true, metric: 7 })])).toBe(
      '10.244.2.0/24 via 10.244.2.0 dev flannel.1 metric 7 onlink \n',
    )
  })

  it('prints blackhole and unreachable routes without a device', () => {
    expect(formatIpRoute([r('10.99.0.0/16', { type: 'blackhole', dev: 'lo' })])).toBe('blackhole 10.99.0.0/16 \n')
  })

  it('shows only the requested table and labels local routes in table all', () => {
    const routes = [
      r('10.244.1.5', { table: 'local', type: 'local', scope: 'host', proto: 'kernel', src: '10.244.1.5' }),
      r('default', { via: '10.244.1.1' }),
    ]
    expect(formatIpRoute(routes)).toBe('default via 10.244.1.1 dev eth0 \n')
    expect(formatIpRoute(routes, { table: 'local' })).toBe('local 10.244.1.5 dev eth0 proto kernel scope host src 10.244.1.5 \n')
    expect(formatIpRoute(routes, { table: 'all' })).toBe(
      'default via 10.244.1.1 dev eth0 \nlocal 10.244.1.5 dev eth0 table local proto kernel scope host src 10.244.1.5 \n',
    )
  })

  it('prints /32 destinations as bare addresses', () => {
    expect(formatIpRoute([r('10.96.0.10/32', { dev: 'kube-ipvs0' })])).toBe('10.96.0.10 dev kube-ipvs0 \n')
  })
})
