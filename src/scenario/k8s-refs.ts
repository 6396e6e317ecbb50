/**
 * Checks between objects and against the cluster, the ones the API server or kube-proxy would
 * make: Service ports (multiple ports need names, nodePort only on NodePort/LoadBalancer and in
 * 30000-32767, clusterIP inside the service CIDR), Deployment selectors matching their template,
 * Pods on nodes that exist, Ingress backends naming a Service and one of its ports, duplicates.
 */
import type { ClusterSpec, Deployment, Ingress, Pod, Service } from '../control-plane/types'
import type { ReadObject } from './k8s-objects'
import { cidrContainsIp, cidrProblem } from './net-syntax'
import { didYouMean } from './suggest'
import { dig, report } from './yaml-reader'

const NODE_PORT_RANGE = [30000, 32767] as const

export function checkObjects(objects: ReadObject[], cluster: ClusterSpec): void {
  const seen = new Map<string, ReadObject>()
  const services = new Map<string, Service>()
  for (const o of objects) {
    const key = `${o.obj.kind}/${o.obj.metadata.namespace}/${o.obj.metadata.name}`
    if (seen.has(key))
      report(
        o.ctx,
        dig(o.val, ['metadata', 'name']),
        `duplicate ${o.obj.kind} '${o.obj.metadata.namespace}/${o.obj.metadata.name}'`,
        'names are unique per kind and namespace; rename or remove one',
      )
    seen.set(key, o)
    if (o.obj.kind === 'Service')
      services.set(`${o.obj.metadata.namespace}/${o.obj.metadata.name}`, o.obj)
  }
  const nodes = cluster.nodes.map((n) => n.name)
  for (const o of objects) {
    switch (o.obj.kind) {
      case 'Service':
        checkService(o, o.obj, cluster)
        break
      case 'Pod':
        checkPod(o, o.obj, cluster, nodes)
        break
      case 'Deployment':
        checkDeployment(o, o.obj, nodes)
        break
      case 'Ingress':
        checkIngress(o, o.obj, services)
        break
      case 'Endpoints':
        if (!services.has(`${o.obj.metadata.namespace}/${o.obj.metadata.name}`))
          report(
            o.ctx,
            dig(o.val, ['metadata', 'name']),
            `Endpoints '${o.obj.metadata.name}' has no Service of the same name`,
            'kube-proxy only uses Endpoints named after a Service',
            'warning',
          )
        break
      case 'EndpointSlice': {
        const svc = o.obj.metadata.labels?.['kubernetes.io/service-name']
        if (svc === undefined)
          report(
            o.ctx,
            dig(o.val, ['metadata']),
            `EndpointSlice '${o.obj.metadata.name}' has no kubernetes.io/service-name label`,
            'kube-proxy ignores slices without it; add `labels: { kubernetes.io/service-name: <service> }`',
          )
        else if (!services.has(`${o.obj.metadata.namespace}/${svc}`))
          report(
            o.ctx,
            dig(o.val, ['metadata', 'labels', 'kubernetes.io/service-name']),
            `EndpointSlice names Service '${svc}', which is not defined`,
            didYouMean(
              svc,
              [...services.values()].map((s) => s.metadata.name),
            ) || 'add the Service or fix the label',
            'warning',
          )
        if (svc !== undefined && !o.obj.ports?.length)
          report(
            o.ctx,
            dig(o.val, o.obj.ports ? ['ports'] : ['metadata', 'name']),
            `EndpointSlice '${o.obj.metadata.name}' lists no ports, so kube-proxy takes none of its endpoints`,
            'add `ports: [{ name: <the Service port name, or "" if unnamed>, port: <targetPort>, protocol: TCP }]`',
            'warning',
          )
        break
      }
    }
  }
}

function checkService(o: ReadObject, svc: Service, cluster: ClusterSpec): void {
  const type = svc.spec?.type ?? 'ClusterIP'
  const ports = svc.spec?.ports ?? []
  const names = new Set<string>()
  ports.forEach((p, i) => {
    const at = (k: string) => dig(o.val, ['spec', 'ports', i, k])
    if (ports.length > 1 && p.name === undefined)
      report(
        o.ctx,
        dig(o.val, ['spec', 'ports', i]),
        'a Service with more than one port must name each port',
        'add `name: <port-name>` (the API server rejects unnamed ports here)',
      )
    // kube-proxy writes `-m sctp -p sctp` for these, but neither the engine's iptables nor its
    // transport layer models SCTP: refuse here, at the user's line, not later in the lab.
    if (p.protocol === 'SCTP')
      report(
        o.ctx,
        at('protocol'),
        'SCTP is not modelled: the simulator has no SCTP transport and no `-m sctp` match, so kube-proxy’s rules for this port cannot run',
        'use `protocol: TCP` or `protocol: UDP` for this port',
      )
    if (p.name !== undefined) {
      if (names.has(p.name))
        report(
          o.ctx,
          at('name'),
          `duplicate port name '${p.name}'`,
          'port names must be unique within a Service',
        )
      names.add(p.name)
    }
    if (p.nodePort !== undefined) {
      if (type !== 'NodePort' && type !== 'LoadBalancer')
        report(
          o.ctx,
          at('nodePort'),
          `nodePort may not be used when type is '${type}'`,
          'set `type: NodePort` (or LoadBalancer), or remove nodePort',
        )
      else if (p.nodePort < NODE_PORT_RANGE[0] || p.nodePort > NODE_PORT_RANGE[1])
        report(
          o.ctx,
          at('nodePort'),
          `nodePort ${p.nodePort} is outside the node port range ${NODE_PORT_RANGE.join('-')}`,
          'kube-apiserver --service-node-port-range defaults to 30000-32767',
        )
    }
  })
  ;(svc.spec?.loadBalancerSourceRanges ?? []).forEach((r, i) => {
    // kube-apiserver rejects a range that is not a CIDR; kube-proxy would skip it.
    const problem = cidrProblem(r.trim())
    if (problem)
      report(o.ctx, dig(o.val, ['spec', 'loadBalancerSourceRanges', i]), `loadBalancerSourceRanges: ${problem}`, 'write an IPv4 CIDR such as 203.0.113.0/25')
  })
  if (svc.spec?.loadBalancerSourceRanges?.length && type !== 'LoadBalancer')
    report(
      o.ctx,
      dig(o.val, ['spec', 'loadBalancerSourceRanges']),
      `loadBalancerSourceRanges has no effect on a Service of type ${type}`,
      'kube-proxy applies them only to LoadBalancer ingress IPs; set `type: LoadBalancer` or remove them',
      'warning',
    )
  const ip = svc.spec?.clusterIP
  if (ip !== undefined && ip !== 'None' && ip !== '') {
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip))
      report(
        o.ctx,
        dig(o.val, ['spec', 'clusterIP']),
        `clusterIP '${ip}' is not an IPv4 address or None`,
        'omit it to have one allocated, or use None for a headless Service',
      )
    else if (!cidrContainsIp(cluster.serviceCIDR, ip))
      report(
        o.ctx,
        dig(o.val, ['spec', 'clusterIP']),
        `clusterIP ${ip} is not in the service CIDR ${cluster.serviceCIDR}`,
        'the API server only allocates from --service-cluster-ip-range',
      )
  }
}

function checkPod(o: ReadObject, pod: Pod, cluster: ClusterSpec, nodes: string[]): void {
  const nodeName = pod.spec?.nodeName
  if (nodeName === undefined) return
  const node = cluster.nodes.find((n) => n.name === nodeName)
  if (!node) {
    report(
      o.ctx,
      dig(o.val, ['spec', 'nodeName']),
      `node '${nodeName}' is not in the cluster`,
      didYouMean(nodeName, nodes) || `nodes: ${nodes.join(', ')}`,
    )
    return
  }
  const ip = pod.status?.podIP
  if (ip && !pod.spec.hostNetwork && !cidrContainsIp(node.podCIDR, ip))
    report(
      o.ctx,
      dig(o.val, ['status', 'podIP']),
      `podIP ${ip} is outside ${nodeName}'s podCIDR ${node.podCIDR}`,
      'host-local IPAM only assigns from the node podCIDR; change the address or omit it',
    )
  if (ip && pod.spec.hostNetwork && ip !== node.ip)
    report(
      o.ctx,
      dig(o.val, ['status', 'podIP']),
      `a hostNetwork pod's IP is its node's (${node.ip}), not ${ip}`,
      'omit status.podIP for hostNetwork pods',
    )
}

function checkDeployment(o: ReadObject, d: Deployment, nodes: string[]): void {
  const selector = d.spec?.selector?.matchLabels ?? {}
  const labels = d.spec?.template?.metadata?.labels ?? {}
  for (const [k, v] of Object.entries(selector))
    if (labels[k] !== v)
      report(
        o.ctx,
        dig(o.val, ['spec', 'selector', 'matchLabels', k]),
        `selector ${k}=${v} does not match the template labels`,
        `add \`${k}: ${v}\` to spec.template.metadata.labels (the API server rejects this Deployment)`,
      )
  const nodeName = d.spec?.template?.spec?.nodeName
  if (nodeName !== undefined && !nodes.includes(nodeName))
    report(
      o.ctx,
      dig(o.val, ['spec', 'template', 'spec', 'nodeName']),
      `node '${nodeName}' is not in the cluster`,
      didYouMean(nodeName, nodes) || `nodes: ${nodes.join(', ')}`,
    )
}

function checkIngress(o: ReadObject, ing: Ingress, services: Map<string, Service>): void {
  const ns = ing.metadata.namespace ?? 'default'
  const names = [...services.values()]
    .filter((s) => s.metadata.namespace === ns)
    .map((s) => s.metadata.name)
  ;(ing.spec?.rules ?? []).forEach((rule, r) =>
    (rule.http?.paths ?? []).forEach((p, i) => {
      const backend = p.backend?.service
      if (!backend) return
      const at = (...k: string[]) =>
        dig(o.val, ['spec', 'rules', r, 'http', 'paths', i, 'backend', 'service', ...k])
      if (backend.name === undefined) return
      const svc = services.get(`${ns}/${backend.name}`)
      if (!svc)
        return void report(
          o.ctx,
          at('name'),
          `backend Service '${backend.name}' is not defined in namespace '${ns}'`,
          didYouMean(backend.name, names) || 'add the Service to resources',
        )
      const { number, name } = backend.port ?? {}
      if (number === undefined && name === undefined)
        report(
          o.ctx,
          at('port'),
          'a backend port needs `number` or `name`',
          'add `number: <service port>`',
        )
      else if (number !== undefined && !(svc.spec?.ports ?? []).some((sp) => sp.port === number))
        report(
          o.ctx,
          at('port', 'number'),
          `Service '${backend.name}' has no port ${number}`,
          svc.spec?.ports?.length
            ? `its ports: ${svc.spec.ports.map((sp) => sp.port).join(', ')}`
            : 'the Service declares no ports; add this one under its spec.ports',
        )
      else if (name !== undefined && !(svc.spec?.ports ?? []).some((sp) => sp.name === name))
        report(
          o.ctx,
          at('port', 'name'),
          `Service '${backend.name}' has no port named '${name}'`,
          didYouMean(
            name,
            (svc.spec?.ports ?? []).flatMap((sp) => sp.name ?? []),
          ) || 'name one of the Service ports',
        )
    }),
  )
}
