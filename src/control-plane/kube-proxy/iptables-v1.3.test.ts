import { describe, expect, it } from 'vitest'
import type { ServicePortInfo } from '../types'
import { kubeProxyIptablesV13, v13PortName } from './iptables-v1.3'

/** The source article's rbd-rest-api Service (seed 003): an unnamed TCP port, two endpoints. */
const rbd: ServicePortInfo = {
  servicePortName: 'default/rbd-rest-api',
  service: { kind: 'Service', metadata: { name: 'rbd-rest-api', namespace: 'default' }, spec: { clusterIP: '192.168.3.22', ports: [{ port: 8080 }] } },
  port: { port: 8080 },
  protocol: 'tcp',
  clusterIP: '192.168.3.22',
  endpoints: [
    { ip: '172.16.99.6', port: 8080, nodeName: 'master', ready: true },
    { ip: '172.16.99.7', port: 8080, nodeName: 'master', ready: true },
  ],
}

describe('kube-proxy v1.3 rules', () => {
  it('keep the colon of an unnamed port in hashes and comments, as the article lists them', () => {
    expect(v13PortName(rbd)).toBe('default/rbd-rest-api:')
    const nat = kubeProxyIptablesV13([rbd]).tables.nat!
    expect(nat.rules).toEqual([
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x4000/0x4000 -j MASQUERADE',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      '-A KUBE-SERVICES -m comment --comment "default/rbd-rest-api: cluster IP" -m tcp -p tcp -d 192.168.3.22/32 --dport 8080 -j KUBE-SVC-AU252PRZZQGOERSG',
      '-A KUBE-SVC-AU252PRZZQGOERSG -m comment --comment "default/rbd-rest-api:" -m statistic --mode random --probability 0.50000 -j KUBE-SEP-I6L4LR53UYF7FORX',
      '-A KUBE-SVC-AU252PRZZQGOERSG -m comment --comment "default/rbd-rest-api:" -j KUBE-SEP-LBWOKUH4CUTN7XKH',
      '-A KUBE-SEP-I6L4LR53UYF7FORX -m comment --comment "default/rbd-rest-api:" -s 172.16.99.6/32 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-I6L4LR53UYF7FORX -m comment --comment "default/rbd-rest-api:" -m tcp -p tcp -j DNAT --to-destination 172.16.99.6:8080',
      '-A KUBE-SEP-LBWOKUH4CUTN7XKH -m comment --comment "default/rbd-rest-api:" -s 172.16.99.7/32 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-LBWOKUH4CUTN7XKH -m comment --comment "default/rbd-rest-api:" -m tcp -p tcp -j DNAT --to-destination 172.16.99.7:8080',
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    ])
    expect(nat.prepend).toHaveLength(3)
  })

  it('name kube-dns ports as the article does, and REJECT a Service without endpoints in filter', () => {
    const dns = (name: string, protocol: 'udp' | 'tcp'): ServicePortInfo => ({
      servicePortName: `kube-system/kube-dns:${name}`,
      service: { kind: 'Service', metadata: { name: 'kube-dns', namespace: 'kube-system' }, spec: { clusterIP: '192.168.3.10', ports: [] } },
      port: { name, port: 53 },
      protocol,
      clusterIP: '192.168.3.10',
      endpoints: [],
    })
    const f = kubeProxyIptablesV13([dns('dns', 'udp'), dns('dns-tcp', 'tcp')])
    expect(f.tables.nat!.chains).toEqual(expect.arrayContaining(['KUBE-SVC-TCOU7JCQXEZGVUNU', 'KUBE-SVC-ERIFXISQEP7F7OF4']))
    expect(f.tables.filter!.rules).toEqual([
      '-A KUBE-SERVICES -m comment --comment "kube-system/kube-dns:dns has no endpoints" -m udp -p udp -d 192.168.3.10/32 --dport 53 -j REJECT',
      '-A KUBE-SERVICES -m comment --comment "kube-system/kube-dns:dns-tcp has no endpoints" -m tcp -p tcp -d 192.168.3.10/32 --dport 53 -j REJECT',
    ])
  })
})
