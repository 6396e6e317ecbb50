import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { LabSpec } from '../engine/lab/spec'
import { parseLabFile } from './lab-file'
import { formatLabFile } from './lab-format'

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8')

function parseOk(source: string, file = 'test.lab.yaml'): LabSpec {
  const { spec, diagnostics } = parseLabFile(source, file)
  expect(diagnostics).toEqual([])
  expect(spec).not.toBeNull()
  return spec as LabSpec
}

function withoutOrigin(spec: LabSpec): LabSpec {
  return { ...spec, netns: spec.netns.map(({ origin: _origin, ...n }) => n) }
}

describe('parseLabFile', () => {
  it('reads the two-pods fixture into namespaces, links, routes and apps', () => {
    const spec = parseOk(fixture('two-pods-one-node.lab.yaml'), 'two-pods-one-node.lab.yaml')
    expect(spec.name).toBe('two-pods-one-node')
    expect(spec.netns.map((n) => [n.name, n.host, n.kind])).toEqual([
      ['node1', 'node1', 'root'],
      ['node1/pod-a', 'node1', 'pod'],
      ['node1/pod-b', 'node1', 'pod'],
    ])
    const veth = spec.netns[0]?.links[2]
    expect(veth).toEqual({
      name: 'veth1a2b3c4d',
      type: 'veth',
      mtu: 1450,
      master: 'cni0',
      hairpin: true,
      peer: {
        netns: 'node1/pod-a',
        name: 'eth0',
        mac: '0a:58:0a:f4:01:02',
        mtu: 1450,
        addrs: ['10.244.1.2/24'],
      },
    })
    expect(spec.netns[1]?.routes).toEqual([
      { dst: 'default', via: '10.244.1.1', dev: 'eth0' },
      { dst: '10.244.0.0/16', via: '10.244.1.1', dev: 'eth0' },
    ])
    expect(spec.apps).toEqual([
      {
        kind: 'tcp-server',
        netns: 'node1/pod-b',
        listen: '0.0.0.0:8080',
        response: 'HTTP/1.1 200 OK',
      },
    ])
    expect(spec.journey).toEqual({
      from: 'node1/pod-a',
      protocol: 'tcp',
      dst: '10.244.1.3',
      dport: 8080,
      request: 'GET / HTTP/1.1',
    })
    expect(spec.seed).toBe(1)
  })

  it('points the iptables origin at the first line of a | block', () => {
    const spec = parseOk(fixture('two-pods-one-node.lab.yaml'), 'two-pods-one-node.lab.yaml')
    expect(spec.netns[0]?.iptables?.split('\n')[0]).toBe('*filter')
    expect(spec.netns[0]?.origin?.iptables).toEqual({
      file: 'two-pods-one-node.lab.yaml',
      line: 26,
      column: 7,
    })
  })

  it('skips leading blank lines of a |- block when placing the origin', () => {
    const src = [
      'lab: x',
      'netns:',
      '  - name: n1',
      '    iptables: |-',
      '',
      '        *nat',
      '        COMMIT',
      '',
    ].join('\n')
    const spec = parseOk(src)
    expect(spec.netns[0]?.iptables).toBe('*nat\nCOMMIT')
    expect(spec.netns[0]?.origin?.iptables).toEqual({ file: 'test.lab.yaml', line: 6, column: 9 })
  })

  it('places an inline iptables string at the string itself', () => {
    const spec = parseOk('lab: x\nnetns:\n  - { name: n1, iptables: "*filter\\nCOMMIT\\n" }\n')
    expect(spec.netns[0]?.origin?.iptables).toEqual({ file: 'test.lab.yaml', line: 3, column: 27 })
  })

  it('reads pasted ip route, ip neigh and bridge fdb text like the equivalent YAML lists', () => {
    const spec = parseOk(fixture('cross-node-vxlan.lab.yaml'))
    const [node1, , node2] = spec.netns
    expect(node1?.routes).toEqual([
      { dst: 'default', via: '192.168.0.1', dev: 'eth0' },
      { dst: '10.244.2.0/24', via: '10.244.2.0', dev: 'flannel.1', onlink: true },
    ])
    expect(node1?.neigh).toEqual([
      { ip: '10.244.2.0', dev: 'flannel.1', lladdr: '2a:1b:3c:4d:5e:02', state: 'PERMANENT' },
    ])
    expect(node1?.fdb).toEqual([
      {
        mac: '2a:1b:3c:4d:5e:02',
        dev: 'flannel.1',
        dst: '192.168.0.12',
        self: true,
        permanent: true,
      },
    ])
    expect(node2?.fdb).toEqual([
      {
        mac: '2a:1b:3c:4d:5e:01',
        dev: 'flannel.1',
        dst: '192.168.0.11',
        self: true,
        permanent: true,
      },
    ])
    expect(node2?.neigh?.[0]).toEqual({
      ip: '10.244.1.0',
      dev: 'flannel.1',
      lladdr: '2a:1b:3c:4d:5e:01',
      state: 'PERMANENT',
    })
    expect(node1?.links[1]?.vxlan).toEqual({
      vni: 1,
      port: 8472,
      local: '192.168.0.11',
      dev: 'eth0',
      learning: false,
    })
  })

  it('derives hosts from the namespaces when hosts: is absent', () => {
    const spec = parseOk('lab: x\nnetns:\n  - name: a\n  - name: a/p1\n  - name: b\n')
    expect(spec.hosts).toEqual([
      { name: 'a', kind: 'node' },
      { name: 'b', kind: 'node' },
    ])
  })

  it('positions an ip route parse error inside the pasted block', () => {
    const src =
      'lab: x\nnetns:\n  - name: n1\n    links: [{ name: eth0, type: dummy }]\n    routes: |\n      default via 10.0.0.300 dev eth0\n'
    const { spec, diagnostics } = parseLabFile(src, 'r.lab.yaml')
    expect(spec).toBeNull()
    expect(diagnostics[0]).toMatchObject({ file: 'r.lab.yaml', line: 6, severity: 'error' })
    expect(diagnostics[0]?.column).toBeGreaterThanOrEqual(7)
  })

  it('suggests the closest key for a misspelt one', () => {
    const { diagnostics } = parseLabFile(
      'lab: x\nnetns:\n  - name: n1\n    sysclt: { ipForward: true }\n',
      't.lab.yaml',
    )
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 4,
        column: 5,
        message: "unknown key 'sysclt' in a netns",
        hint: "did you mean 'sysctl'?",
      }),
    ])
  })

  it('refuses a multicast MAC on a link as the kernel does', () => {
    const { diagnostics } = parseLabFile(
      'lab: x\nnetns:\n  - name: n1\n    links: [{ name: d0, type: dummy, mac: "01:00:5e:00:00:01" }]\n',
      't',
    )
    expect(diagnostics[0]?.message).toMatch(/multicast/)
  })

  it('reports a link that collides with a veth peer placed in the same namespace', () => {
    const src = [
      'lab: x',
      'netns:',
      '  - name: n1',
      '    links:',
      '      - { name: v1, type: veth, peer: { netns: n1/p, name: eth0 } }',
      '  - name: n1/p',
      '    links: [{ name: eth0, type: dummy }]',
      '',
    ].join('\n')
    const { diagnostics } = parseLabFile(src, 't')
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [5, "duplicate link name 'eth0' in netns 'n1/p' (peer of 'v1' in 'n1')"],
    ])
  })

  it('requires a route destination to be a network address', () => {
    const src =
      'lab: x\nnetns:\n  - name: n1\n    links: [{ name: eth0, type: dummy }]\n    routes: [{ dst: 10.244.1.5/24, dev: eth0 }]\n'
    const { diagnostics } = parseLabFile(src, 't')
    expect(diagnostics[0]?.message).toBe(
      "'10.244.1.5/24' has host bits set; the network is 10.244.1.0/24",
    )
  })

  it('reports every problem in one pass rather than stopping at the first', () => {
    const src =
      'lab: x\nnetns:\n  - name: n1\n    links:\n      - { name: a, type: bridg }\n      - { name: b, type: veth }\napps: [{ kind: tcp-server, netns: nowhere, listen: "x", response: r }]\n'
    const { diagnostics } = parseLabFile(src, 't')
    expect(diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['5:26', '6:9', '7:52', '7:35'])
  })
})

describe('formatLabFile', () => {
  for (const name of ['two-pods-one-node.lab.yaml', 'cross-node-vxlan.lab.yaml'])
    it(`round-trips ${name} through YAML to an equal LabSpec`, () => {
      const spec = parseOk(fixture(name))
      const again = parseOk(formatLabFile(spec))
      expect(withoutOrigin(again)).toEqual(withoutOrigin(spec))
      expect(again.netns[0]?.iptables).toBe(spec.netns[0]?.iptables)
    })
})
