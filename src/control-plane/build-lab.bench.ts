/** Building a 100-node cluster with 5,000 Services (issue #3's scale target). Numbers only. */
import { bench, describe } from 'vitest'
import { buildLab } from './build-lab'
import type { ClusterSpec, K8sObject } from './types'

const nodes = Array.from({ length: 100 }, (_, i) => ({ name: `node${i}`, ip: `192.168.0.${10 + i}`, podCIDR: `10.244.${i}.0/24` }))
const cluster: ClusterSpec = { clusterCIDR: '10.244.0.0/16', serviceCIDR: '10.96.0.0/12', cni: 'flannel-vxlan', bridge: 'cni0', proxyMode: 'iptables', nodeNetwork: { cidr: '192.168.0.0/24' }, nodes }
const objects: K8sObject[] = Array.from({ length: 200 }, (_, i) => ({
  kind: 'Pod' as const,
  metadata: { name: `web-${i}`, namespace: 'default', labels: { app: `web${i % 50}` } },
  spec: { nodeName: `node${i % 100}`, containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] },
}))
for (let i = 0; i < 5000; i++)
  objects.push({ kind: 'Service', metadata: { name: `svc${i}`, namespace: 'default' }, spec: { type: i % 10 === 0 ? 'NodePort' : 'ClusterIP', selector: { app: `web${i % 50}` }, ports: [{ port: 80, targetPort: 8080 }] } })

describe('buildLab at scale', () => {
  bench('100 nodes, 200 pods, 5,000 Services', () => {
    buildLab(cluster, objects, { from: { pod: 'web-0', namespace: 'default' }, to: { pod: 'web-1', namespace: 'default' }, protocol: 'tcp', seed: 1 }, { seed: 1 })
  }, { iterations: 2, time: 0 })
})
