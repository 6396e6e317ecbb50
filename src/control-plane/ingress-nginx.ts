/**
 * ingress-nginx's controller pods (../shared/reference §5): nginx listens on 443, terminates TLS
 * with the certificate of the Ingress whose tls hosts name the SNI (else the controller's
 * "Kubernetes Ingress Controller Fake Certificate"), picks the rule by Host and longest path
 * prefix, and proxies to the backend Service's *endpoints* (pod IP:targetPort, round robin) on a
 * new connection — kube-proxy's rules are not involved in that second leg. The proxied request
 * carries the headers nginx.tmpl sets by default, Host first: X-Forwarded-For replaced by $remote_addr (not
 * appended), X-Real-IP, X-Forwarded-Host/Port/Proto/Scheme, X-Scheme, and a random X-Request-ID.
 * Requests no rule takes get the default backend's 404.
 */
import type { TcpProxyAppSpec } from '../engine/lab/spec'
import type { Prng } from '../engine/sim/prng'
import type { Ingress, Pod, ServicePortInfo } from './types'

export const FAKE_CERTIFICATE = 'Kubernetes Ingress Controller Fake Certificate'

/** The controller's pods carry the chart's and the static manifests' label. */
export function isIngressController(pod: Pod): boolean {
  return pod.metadata.labels?.['app.kubernetes.io/name'] === 'ingress-nginx'
}

/** The endpoints an Ingress backend resolves to: the Service port named or numbered, its ready endpoints. */
function backendEndpoints(ing: Ingress, svc: string, port: { number?: number; name?: string }, ports: ServicePortInfo[]): string[] {
  const ns = ing.metadata.namespace ?? 'default'
  const sp = ports.find((p) => p.service.metadata.name === svc && (p.service.metadata.namespace ?? 'default') === ns && (port.name !== undefined ? p.port.name === port.name : p.port.port === port.number))
  return (sp?.endpoints ?? []).filter((e) => e.ready).map((e) => `${e.ip}:${e.port}`)
}

export function ingressNginxApp(pod: Pod, netns: string, ingresses: Ingress[], ports: ServicePortInfo[], prng: Prng): TcpProxyAppSpec {
  const routes = ingresses.flatMap((ing) =>
    ing.spec.rules.flatMap((r) => r.http.paths.map((p) => ({ ...(r.host ? { host: r.host } : {}), path: p.path || '/', upstreams: backendEndpoints(ing, p.backend.service.name, p.backend.service.port, ports) }))),
  )
  const requestId = Array.from({ length: 32 }, () => '0123456789abcdef'[prng.int(0, 15)]).join('')
  return {
    kind: 'tcp-proxy',
    name: pod.spec.containers[0]?.name ?? 'controller',
    netns,
    listen: '0.0.0.0:443',
    upstreams: [],
    routes,
    policy: 'round-robin',
    tls: { hosts: ingresses.flatMap((i) => (i.spec.tls ?? []).flatMap((t) => t.hosts ?? [])), defaultCertificate: FAKE_CERTIFICATE },
    addHeaders: {
      Host: '$host',
      'X-Request-ID': requestId,
      'X-Real-IP': '$remote_addr',
      'X-Forwarded-For': '$remote_addr',
      'X-Forwarded-Host': '$host',
      'X-Forwarded-Port': '443',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Scheme': 'https',
      'X-Scheme': 'https',
    },
    noUpstreamResponse: 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>\r\n',
  }
}
