/**
 * ingress-nginx through the control plane and engine: TLS ends at the controller, the Host
 * header picks the backend, the second connection goes to a pod IP, and the proxied request
 * carries nginx's headers with X-Forwarded-For = the address nginx saw.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runLab } from '../engine'
import type { HopEvent } from '../engine'
import { loadScenarioSource } from '../scenario'
import { FAKE_CERTIFICATE } from './ingress-nginx'

const source = readFileSync(join(import.meta.dirname, '../../scenarios/ingress.yaml'), 'utf8')

function run(url: string) {
  const { spec, diagnostics } = loadScenarioSource(source.replace('url: "https://website2.com/"', `url: "${url}"`), 'ingress.yaml')
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return runLab(spec!).trace!
}

const payloads = (hops: HopEvent[], kind: string) => hops.filter((h) => h.kind === 'app.recv' && h.frame?.payload?.kind === kind).map((h) => h.frame!.payload!)

describe('ingress-nginx', () => {
  it('terminates TLS with the Ingress host certificate and proxies by Host to a pod IP, with X-Forwarded-For', () => {
    const trace = run('https://website2.com/')
    expect(trace.outcome.kind).toBe('completed')
    expect(trace.outcome.summary).toMatch(/served by website2fe-/)
    const flight = payloads(trace.hops, 'tls').find((p) => p.kind === 'tls' && p.records[0]!.message === 'Server Hello')
    expect(flight?.kind === 'tls' && flight.records[2]!.message).toContain('CN=website2.com')
    const proxied = trace.hops.find((h) => h.kind === 'app.recv' && h.netns.includes('website2fe') && h.frame?.payload?.kind === 'text')
    const text = proxied?.frame?.payload?.kind === 'text' ? proxied.frame.payload.text : ''
    // The backend sees a plain-HTTP request from the controller pod, not from the browser.
    expect(proxied?.kind === 'app.recv' && proxied.flow.src).toMatch(/^10\.244\./)
    expect(text.split('\r\n').slice(0, 2)).toEqual(['GET / HTTP/1.1', 'Host: website2.com'])
    // Masqueraded by the node the load balancer picked: nginx's $remote_addr is that node's flannel.1 address.
    expect(text).toContain('X-Forwarded-For: 10.244.1.0\r\n')
    expect(text).toContain('X-Forwarded-Proto: https\r\n')
    // Two connections: the browser's to 1.2.3.4:443 and the controller's own to the pod's port 80.
    const syns = trace.hops.filter((h) => h.kind === 'app.send' && /^connect\(\)/.test(h.note))
    expect(syns.map((h) => (h.kind === 'app.send' ? `${h.flow.dst}:${h.flow.dport}` : ''))).toEqual(['1.2.3.4:443', expect.stringMatching(/^10\.244\.\d+\.\d+:80$/)])
  })

  it('answers a host no Ingress serves with the fake certificate and the default backend 404', () => {
    const trace = run('https://1.2.3.4/')
    const flight = payloads(trace.hops, 'tls').find((p) => p.kind === 'tls' && p.records[0]!.message === 'Server Hello')
    expect(flight?.kind === 'tls' && flight.records[2]!.message).toContain(`CN=${FAKE_CERTIFICATE}`)
    expect(trace.outcome).toMatchObject({ kind: 'completed', summary: expect.stringMatching(/404 Not Found/) })
  })
})
