/**
 * What kube-proxy's EndpointSliceCache hands the proxier: one entry per Service port with its
 * ready endpoints, from EndpointSlices (label kubernetes.io/service-name), else Endpoints, else
 * the Service's selector matched against Pods — sorted by the "IP:port" string, as kube-proxy
 * sorts them (so 10.244.1.10:80 comes before 10.244.1.9:80).
 */
import type { Diagnostic } from '../../engine/diagnostics'
import type { EndpointSlice, Endpoints, K8sObject, Pod, Service, ServicePort, ServicePortInfo } from '../types'

const nsOf = (o: { metadata: { namespace?: string } }) => o.metadata.namespace ?? 'default'

/** ServicePortName.String(): `ns/name`, plus `:port` when the port is named. */
export function servicePortName(svc: Service, port: ServicePort): string {
  return `${nsOf(svc)}/${svc.metadata.name}${port.name ? `:${port.name}` : ''}`
}

function selects(selector: Record<string, string>, pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {}
  return Object.entries(selector).every(([k, v]) => labels[k] === v)
}

export function resolveServicePorts(objects: K8sObject[]): { ports: ServicePortInfo[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const pods = objects.filter((o): o is Pod => o.kind === 'Pod')
  const slices = objects.filter((o): o is EndpointSlice => o.kind === 'EndpointSlice')
  const endpointsObjs = objects.filter((o): o is Endpoints => o.kind === 'Endpoints')
  const ports: ServicePortInfo[] = []
  for (const svc of objects.filter((o): o is Service => o.kind === 'Service')) {
    if (svc.spec.type === 'ExternalName' || svc.spec.clusterIP === 'None') continue
    const id = `${nsOf(svc)}/${svc.metadata.name}`
    const mySlices = slices.filter((s) => nsOf(s) === nsOf(svc) && s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name)
    const myEndpoints = endpointsObjs.find((e) => nsOf(e) === nsOf(svc) && e.metadata.name === svc.metadata.name)
    const selected = svc.spec.selector ? pods.filter((p) => nsOf(p) === nsOf(svc) && selects(svc.spec.selector!, p)) : []
    if (svc.spec.selector && !mySlices.length && !myEndpoints && selected.length === 0)
      diagnostics.push({ severity: 'warning', message: `Service ${id} selects no pods, so it has no endpoints (kube-proxy will REJECT connections to it)`, path: `Service ${id} spec.selector`, hint: 'check the selector against the pods’ labels' })
    svc.spec.ports.forEach((port, i) => {
      const protocol = (port.protocol ?? 'TCP').toLowerCase() as ServicePortInfo['protocol']
      const eps: ServicePortInfo['endpoints'] = []
      if (mySlices.length) {
        for (const s of mySlices) {
          // A slice without ports defines none (discovery/v1), so no Service port takes its endpoints.
          const sp = (s.ports ?? []).find((p) => (p.name ?? '') === (port.name ?? ''))
          if (!sp) continue
          for (const e of s.endpoints) for (const ip of e.addresses) eps.push({ ip, port: sp.port, ready: e.conditions?.ready !== false, ...(e.nodeName ? { nodeName: e.nodeName } : {}) })
        }
      } else if (myEndpoints) {
        for (const sub of myEndpoints.subsets) {
          const sp = (sub.ports ?? []).find((p) => (p.name ?? '') === (port.name ?? ''))
          if (!sp) continue
          for (const a of sub.addresses ?? []) eps.push({ ip: a.ip, port: sp.port, ready: true, ...(a.nodeName ? { nodeName: a.nodeName } : {}) })
        }
      } else {
        for (const pod of selected) {
          const ip = pod.status?.podIP
          if (!ip) continue
          const target = port.targetPort ?? port.port
          let num: number | undefined = typeof target === 'number' ? target : undefined
          if (typeof target === 'string') {
            num = pod.spec.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort
            if (num === undefined) {
              diagnostics.push({ severity: 'warning', message: `Service ${id} port ${port.name ?? port.port}: targetPort '${target}' names no container port of pod ${nsOf(pod)}/${pod.metadata.name}, so that pod is not an endpoint`, path: `Service ${id} spec.ports[${i}].targetPort`, hint: `name a containerPort '${target}' in the pod, or use the port number` })
              continue
            }
          }
          eps.push({ ip, port: num!, ready: true, nodeName: pod.spec.nodeName })
        }
      }
      const ready = eps.filter((e) => e.ready).sort((a, b) => (`${a.ip}:${a.port}` < `${b.ip}:${b.port}` ? -1 : `${a.ip}:${a.port}` > `${b.ip}:${b.port}` ? 1 : 0))
      ports.push({ servicePortName: servicePortName(svc, port), service: svc, port, protocol, ...(svc.spec.clusterIP ? { clusterIP: svc.spec.clusterIP } : {}), endpoints: ready })
    })
  }
  return { ports, diagnostics }
}
