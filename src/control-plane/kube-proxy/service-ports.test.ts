import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../types'
import { resolveServicePorts } from './service-ports'

const svc: K8sObject = { kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } } as K8sObject

describe('resolveServicePorts', () => {
  it('takes no endpoints from an EndpointSlice without ports', () => {
    const slice = { kind: 'EndpointSlice', metadata: { name: 'web-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4', endpoints: [{ addresses: ['10.244.1.5'] }] } as K8sObject
    const { ports } = resolveServicePorts([svc, slice])
    expect(ports.map((p) => p.endpoints)).toEqual([[]])
  })

  it('ignores an EndpointSlice without labels', () => {
    const slice = { kind: 'EndpointSlice', metadata: { name: 'web-1', namespace: 'default' }, addressType: 'IPv4', endpoints: [] } as unknown as K8sObject
    expect(() => resolveServicePorts([svc, slice])).not.toThrow()
  })
})
