import { describe, expect, it } from 'vitest'
import type { LabSpec, TcpProxyAppSpec } from '../lab/spec'
import type { HopEvent } from '../trace/events'
import { runLab } from '../sim/simulate'
import { twoNodeLab } from '../testing/labs'
import type { Socket } from '../sim/world'
import { requestTarget, rewriteRequest } from './proxy-app'

const GET = 'GET / HTTP/1.1\r\nHost: web\r\n\r\n'
const NAT_REDIRECT = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 40000
COMMIT
`

/** pod-a → 10.96.0.10:80, REDIRECTed on node1 to a proxy whose upstreams are pod-b and pod-c. */
function proxyLab(proxy: Partial<TcpProxyAppSpec> = {}, seed = 1): LabSpec {
  const lab = twoNodeLab({ name: 'proxy', pods: ['pod-a', 'pod-b', 'pod-c'], iptables: { 1: NAT_REDIRECT }, seed, journey: { from: 'node1/pod-a', protocol: 'tcp', dst: '10.96.0.10', dport: 80, sport: 41000, request: GET } })
  lab.apps.push({ kind: 'tcp-proxy', name: 'kube-proxy', netns: 'node1', listen: '0.0.0.0:40000', upstreams: ['10.244.2.2:8080', '10.244.1.3:8080'], ...proxy })
  return lab
}

const syns = (hops: HopEvent[]) =>
  hops.filter((h) => h.kind === 'app.send' || (h.kind === 'link.xmit' && h.frame?.tcp?.flags.join() === 'SYN')).filter((h) => h.kind === 'link.xmit')

describe('tcp-proxy', () => {
  it('answers the client through a second connection the proxy opens itself', () => {
    const { trace, diagnostics } = runLab(proxyLab())
    expect(diagnostics).toEqual([])
    expect(trace!.outcome.kind).toBe('completed')
    expect(trace!.outcome.summary).toContain('served by pod-c')
    // Two handshakes: the client's to the VIP, and the proxy's from node1 to the upstream.
    const firstSyns = new Map<string, HopEvent>()
    for (const h of syns(trace!.hops)) firstSyns.set(`${h.frame!.ip!.src}:${h.frame!.tcp!.sport}`, firstSyns.get(`${h.frame!.ip!.src}:${h.frame!.tcp!.sport}`) ?? h)
    const opened = [...firstSyns.values()]
    expect(opened.map((h) => h.netns)).toEqual(['node1/pod-a', 'node1'])
    const upstreamSyn = opened[1]!.frame!
    expect(upstreamSyn.ip).toMatchObject({ dst: '10.244.2.2' })
    expect(upstreamSyn.tcp!.dport).toBe(8080)
    expect(upstreamSyn.tcp!.sport).toBeGreaterThanOrEqual(32768)
    expect(upstreamSyn.tcp!.sport).toBeLessThanOrEqual(60999)
    expect(upstreamSyn.tcp!.seq).not.toBe(opened[0]!.frame!.tcp!.seq)
  })

  it('relays the upstream answer on the client connection, from the address the client dialled', () => {
    const { trace } = runLab(proxyLab())
    const hops = trace!.hops
    const serverRecv = hops.findIndex((h) => h.kind === 'app.recv' && h.netns === 'node2/pod-c')
    const proxyRead = hops.findIndex((h) => h.kind === 'app.recv' && h.netns === 'node1' && h.note.includes('200 OK'))
    const clientRead = hops.findIndex((h) => h.kind === 'app.recv' && h.netns === 'node1/pod-a')
    expect(serverRecv).toBeGreaterThan(0)
    expect(proxyRead).toBeGreaterThan(serverRecv)
    expect(clientRead).toBeGreaterThan(proxyRead)
    const answer = hops[clientRead]!
    expect(answer.frame!.ip).toMatchObject({ src: '10.96.0.10', dst: '10.244.1.2' })
    expect(answer.frame!.tcp).toMatchObject({ sport: 80, dport: 41000 })
    expect(answer.frame!.payload).toEqual({ kind: 'text', text: 'HTTP/1.1 200 OK\r\n\r\nserved by pod-c' })
  })

  it('ends the journey when the original client reads its answer, not when the proxy does', () => {
    const { trace } = runLab(proxyLab())
    const proxyRead = trace!.hops.find((h) => h.kind === 'app.recv' && h.netns === 'node1' && h.note.includes('200 OK'))
    expect(proxyRead).toBeDefined()
    expect(trace!.outcome.summary).toMatch(/^The client received the answer/)
    const clientRecv = trace!.hops.filter((h) => h.kind === 'app.recv' && h.netns === 'node1/pod-a')
    expect(clientRecv).toHaveLength(1)
  })

  it('takes upstreams in order with round-robin, and in a seeded shuffled order with shuffled-round-robin', () => {
    const pick = (lab: LabSpec) => runLab(lab).trace!.hops.find((h): h is Extract<HopEvent, { kind: 'app.send' }> => h.kind === 'app.send' && h.netns === 'node1' && h.note.startsWith('connect()'))
    expect(pick(proxyLab({ upstreams: ['10.244.1.3:8080', '10.244.2.2:8080'] }))?.flow.dst).toBe('10.244.1.3')
    const picked = new Set<string>()
    for (let seed = 1; seed <= 16; seed++) picked.add(pick(proxyLab({ policy: 'shuffled-round-robin' }, seed))!.flow.dst)
    expect([...picked].sort()).toEqual(['10.244.1.3', '10.244.2.2'])
  })

  it('fails the journey when the upstream refuses the proxy', () => {
    const { trace } = runLab(proxyLab({ upstreams: ['10.244.2.2:9999'] }))
    expect(trace!.outcome.kind).toBe('failed')
    expect(trace!.outcome.summary).toContain("proxy's connection to 10.244.2.2:9999 was refused")
  })

  it('closes without an answer when it has no upstream', () => {
    const { trace } = runLab(proxyLab({ upstreams: [] }))
    expect(trace!.outcome.kind).toBe('failed')
    expect(trace!.hops.some((h) => h.kind === 'link.xmit' && h.netns === 'node1' && h.frame?.ip?.dst.startsWith('10.244.2'))).toBe(false)
  })

  it('routes by Host and path and adds the configured headers on the way up', () => {
    const { trace } = runLab(
      proxyLab({
        upstreams: [],
        routes: [
          { host: 'web', path: '/', upstreams: ['10.244.1.3:8080'] },
          { host: 'other', upstreams: ['10.244.2.2:8080'] },
        ],
        addHeaders: { 'X-Real-IP': '$remote_addr', 'X-Forwarded-For': '$proxy_add_x_forwarded_for' },
      }),
    )
    expect(trace!.outcome.summary).toContain('served by pod-b')
    const up = trace!.hops.find((h) => h.kind === 'app.recv' && h.netns === 'node1/pod-b')!
    expect(up.frame!.payload).toEqual({ kind: 'text', text: 'GET / HTTP/1.1\r\nX-Real-IP: 10.244.1.2\r\nX-Forwarded-For: 10.244.1.2\r\nHost: web\r\n\r\n' })
  })
})

describe('rewriteRequest', () => {
  const sock = { localIp: '10.244.1.1', localPort: 40000, remoteIp: '10.244.1.2', remotePort: 41000 } as Socket

  it('appends the client to an existing X-Forwarded-For and replaces same-named headers', () => {
    const req = 'GET /a HTTP/1.1\r\nHost: web:8080\r\nX-Forwarded-For: 1.2.3.4\r\nX-Real-IP: spoofed\r\n\r\nbody'
    expect(rewriteRequest(req, { 'X-Real-IP': '$remote_addr', 'X-Forwarded-For': '$proxy_add_x_forwarded_for', 'X-Forwarded-Host': '$host' }, sock)).toBe(
      'GET /a HTTP/1.1\r\nX-Real-IP: 10.244.1.2\r\nX-Forwarded-For: 1.2.3.4, 10.244.1.2\r\nX-Forwarded-Host: web\r\nHost: web:8080\r\n\r\nbody',
    )
  })

  it('leaves the request alone when no header is configured', () => {
    expect(rewriteRequest(GET, {}, sock)).toBe(GET)
  })
})

describe('requestTarget', () => {
  it('reads the Host without its port and the path', () => {
    expect(requestTarget('GET /api/v1 HTTP/1.1\r\nHost: shop.example:443\r\n\r\n')).toEqual({ host: 'shop.example', path: '/api/v1' })
  })
})
