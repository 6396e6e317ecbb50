/**
 * `journey:` of a scenario — who sends (a pod or one of its containers, a node, an outside
 * client) to what (a pod, a Service by name and port, a DNS name, a URL, a node:nodePort or a
 * plain IP), over which protocol, with which request and seed. References are checked against
 * the resources and the cluster so a typo is reported where it was written.
 */
import type { ClusterSpec, K8sObject } from '../control-plane/types'
import type { JourneyFrom, JourneyTo, ScenarioJourney } from './schema'
import { readIpv4 } from './lab-netns'
import { didYouMean } from './suggest'
import {
  dig,
  readEnum,
  readInt,
  readMap,
  readStr,
  report,
  type Ctx,
  type MapReader,
  type Val,
} from './yaml-reader'

const FROM_FORMS = ['pod', 'node', 'client']
const TO_FORMS = ['pod', 'service', 'dns', 'url', 'nodePort', 'ip']

export interface JourneyRead {
  journey: ScenarioJourney
  from: MapReader
  to: MapReader
}

function which(ctx: Ctx, m: MapReader, forms: string[], what: string): string | undefined {
  const present = forms.filter((f) => m.get(f))
  if (present.length === 1) return present[0]
  report(
    ctx,
    m.self,
    present.length
      ? `${what} names both '${present[0]}' and '${present[1]}'`
      : `${what} names no target`,
    `give exactly one of: ${forms.join(', ')}`,
  )
  return undefined
}

function readFrom(ctx: Ctx, m: MapReader): JourneyFrom | undefined {
  const form = which(ctx, m, FROM_FORMS, 'journey.from')
  m.check(form === 'pod' ? ['pod', 'namespace', 'container'] : FROM_FORMS, [], 'journey.from')
  const name = form && readStr(ctx, m.get(form) as Val, `a ${form} name`)
  if (name === undefined) return undefined
  if (form === 'pod') {
    const from: JourneyFrom = {
      pod: name,
      namespace: (m.get('namespace') && readStr(ctx, m.get('namespace') as Val)) || 'default',
    }
    if (m.get('container'))
      from.container = readStr(ctx, m.get('container') as Val, 'a container name')
    return from
  }
  return form === 'node' ? { node: name } : { client: name }
}

function port(ctx: Ctx, m: MapReader): number | undefined {
  return m.get('port')
    ? readInt(ctx, m.get('port') as Val, { min: 1, max: 65535, what: 'a port number' })
    : undefined
}

function readUrl(ctx: Ctx, v: Val): JourneyTo | undefined {
  const url = readStr(ctx, v, 'a URL')
  if (url === undefined) return undefined
  const u = /^(https?):\/\/([a-z0-9.-]+)(?::(\d{1,5}))?(\/[^\s]*)?$/i.exec(url)
  const p = u?.[3] !== undefined ? Number(u[3]) : undefined
  if (!u || (p !== undefined && (p < 1 || p > 65535)))
    return void report(
      ctx,
      v,
      `'${url}' is not an http(s) URL`,
      'write it like https://website1.example.com/ or http://10.96.0.20:8080/path',
    )
  const scheme = (u[1] as string).toLowerCase() as 'http' | 'https'
  return {
    url,
    scheme,
    host: u[2] as string,
    port: p ?? (scheme === 'https' ? 443 : 80),
    path: u[4] ?? '/',
  }
}

function readTo(ctx: Ctx, m: MapReader): JourneyTo | undefined {
  const form = which(ctx, m, TO_FORMS, 'journey.to')
  const keys: Record<string, string[]> = {
    pod: ['pod', 'namespace', 'port'],
    service: ['service', 'namespace', 'port'],
    dns: ['dns', 'port'],
    url: ['url'],
    nodePort: ['node', 'nodePort'],
    ip: ['ip', 'port'],
  }
  m.check(
    form ? (keys[form] as string[]) : [...TO_FORMS, 'namespace', 'port', 'node'],
    form === 'nodePort' ? ['node'] : [],
    'journey.to',
  )
  const v = form && (m.get(form) as Val)
  if (!form || !v) return undefined
  const ns = () => (m.get('namespace') && readStr(ctx, m.get('namespace') as Val)) || 'default'
  switch (form) {
    case 'pod': {
      const pod = readStr(ctx, v, 'a pod name')
      return pod === undefined ? undefined : { pod, namespace: ns(), port: port(ctx, m) }
    }
    case 'service': {
      const service = readStr(ctx, v, 'a Service name')
      const pv = m.get('port')
      const p =
        pv &&
        (typeof (pv.node as { value?: unknown } | null)?.value === 'string'
          ? readStr(ctx, pv)
          : port(ctx, m))
      return service === undefined
        ? undefined
        : { service, namespace: ns(), ...(p !== undefined ? { port: p } : {}) }
    }
    case 'dns': {
      const dns = readStr(ctx, v, 'a DNS name')
      return dns === undefined ? undefined : { dns, port: port(ctx, m) }
    }
    case 'url':
      return readUrl(ctx, v)
    case 'nodePort': {
      const node = m.get('node') && readStr(ctx, m.get('node') as Val, 'a node name')
      const nodePort = readInt(ctx, v, { min: 1, max: 65535, what: 'a node port' })
      return node === undefined || nodePort === undefined ? undefined : { node, nodePort }
    }
    default: {
      const ip = readIpv4(ctx, v)
      return ip === undefined ? undefined : { ip, port: port(ctx, m) }
    }
  }
}

export function readJourney(ctx: Ctx, v: Val): JourneyRead | undefined {
  const m = readMap(ctx, v, 'the journey')?.check(
    ['from', 'to', 'protocol', 'request', 'count', 'seed'],
    ['from', 'to'],
    'the journey',
  )
  const fm =
    m?.get('from') &&
    readMap(ctx, m.get('from') as Val, 'where the journey starts, like { pod: client }')
  const tm =
    m?.get('to') &&
    readMap(ctx, m.get('to') as Val, 'where the journey goes, like { service: web, port: 80 }')
  if (!m || !fm || !tm) return undefined
  const from = readFrom(ctx, fm)
  const to = readTo(ctx, tm)
  const protocol = m.get('protocol')
    ? readEnum(ctx, m.get('protocol') as Val, ['tcp', 'udp', 'icmp'] as const, 'protocol')
    : 'tcp'
  const seed = m.get('seed')
    ? readInt(ctx, m.get('seed') as Val, { min: 0, max: 4294967295, what: 'a seed' })
    : 1
  if (!from || !to || protocol === undefined || seed === undefined) return undefined
  const journey: ScenarioJourney = { from, to, protocol, seed }
  if (m.get('request')) journey.request = readStr(ctx, m.get('request') as Val, 'the request text')
  if (m.get('count'))
    journey.count = readInt(ctx, m.get('count') as Val, { min: 1, max: 100, what: 'an echo count' })
  if (protocol === 'icmp' && tm.get('port'))
    report(ctx, tm.get('port') as Val, 'ICMP has no ports', 'remove port or use tcp/udp')
  return { journey, from: fm, to: tm }
}

/** Dangling references: the pod, node, client, Service or port the journey names must exist. */
export function checkJourney(
  ctx: Ctx,
  j: JourneyRead,
  objects: K8sObject[],
  cluster: ClusterSpec,
): void {
  const { from, to } = j.journey
  const named = (kind: string, ns: string) =>
    objects
      .filter((o) => o.kind === kind && (o.metadata.namespace ?? 'default') === ns)
      .map((o) => o.metadata.name)
  const missing = (v: Val, what: string, name: string, candidates: string[]) =>
    report(
      ctx,
      v,
      `journey ${what} '${name}' does not exist`,
      didYouMean(name, candidates) ||
        (candidates.length
          ? `known: ${candidates.join(', ')}`
          : `add it to ${what === 'node' ? 'cluster.nodes' : 'resources'}`),
    )
  const nodes = cluster.nodes.map((n) => n.name)
  if ('pod' in from) {
    const pods = [...named('Pod', from.namespace), ...named('Deployment', from.namespace)]
    if (!pods.includes(from.pod)) missing(dig(j.from.self, ['pod']), 'pod', from.pod, pods)
    else if (from.container !== undefined) {
      const pod = objects.find(
        (o) => (o.kind === 'Pod' || o.kind === 'Deployment') && o.metadata.name === from.pod,
      )
      const spec =
        pod?.kind === 'Pod'
          ? pod.spec
          : pod?.kind === 'Deployment'
            ? pod.spec.template.spec
            : undefined
      const cs = (spec?.containers ?? []).map((c) => c.name)
      if (!cs.includes(from.container))
        missing(dig(j.from.self, ['container']), 'container', from.container, cs)
    }
  } else if ('node' in from && !nodes.includes(from.node))
    missing(dig(j.from.self, ['node']), 'node', from.node, nodes)
  else if ('client' in from) {
    const clients = cluster.clients?.map((c) => c.name) ?? []
    if (!clients.includes(from.client))
      missing(dig(j.from.self, ['client']), 'client', from.client, clients)
  }
  if ('pod' in to) {
    const pods = [...named('Pod', to.namespace), ...named('Deployment', to.namespace)]
    if (!pods.includes(to.pod)) missing(dig(j.to.self, ['pod']), 'pod', to.pod, pods)
  } else if ('service' in to) {
    const svc = objects.find(
      (o) =>
        o.kind === 'Service' &&
        o.metadata.name === to.service &&
        (o.metadata.namespace ?? 'default') === to.namespace,
    )
    if (!svc || svc.kind !== 'Service')
      missing(dig(j.to.self, ['service']), 'Service', to.service, named('Service', to.namespace))
    else if (
      to.port !== undefined &&
      !(svc.spec?.ports ?? []).some((p) => p.port === to.port || p.name === to.port)
    )
      report(
        ctx,
        dig(j.to.self, ['port']),
        `Service '${to.service}' has no port ${typeof to.port === 'string' ? `named '${to.port}'` : to.port}`,
        svc.spec?.ports?.length
          ? `its ports: ${svc.spec.ports.map((p) => (p.name ? `${p.port} (${p.name})` : `${p.port}`)).join(', ')}`
          : 'the Service declares no ports; add this one under its spec.ports',
      )
  } else if ('nodePort' in to) {
    if (!nodes.includes(to.node)) missing(dig(j.to.self, ['node']), 'node', to.node, nodes)
    const used = objects.flatMap((o) =>
      o.kind === 'Service' ? (o.spec?.ports ?? []).flatMap((p) => p.nodePort ?? []) : [],
    )
    if (!used.includes(to.nodePort))
      report(
        ctx,
        dig(j.to.self, ['nodePort']),
        `no Service has nodePort ${to.nodePort}`,
        used.length
          ? `node ports in use: ${used.join(', ')}`
          : 'add a NodePort Service with this nodePort',
        'warning',
      )
  } else if ('dns' in to && !('port' in to && to.port !== undefined)) {
    report(
      ctx,
      dig(j.to.self, ['dns']),
      'a DNS journey needs the port to connect to after resolving',
      'add `port: <port>`',
    )
  }
}
