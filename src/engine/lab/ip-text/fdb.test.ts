import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatBridgeFdb } from '../../format/bridge-fdb'
import { NODE_FDB, NODE_LINKS } from '../../format/__fixtures__/lab'
import { parseBridgeFdb } from './fdb'

const fixture = (n: string) => readFileSync(join(__dirname, '../../format/__fixtures__', n), 'utf8')

describe('parseBridgeFdb', () => {
  it('reads back every entry the formatter prints (round trip)', () => {
    const { value, diagnostics } = parseBridgeFdb(formatBridgeFdb(NODE_FDB, NODE_LINKS))
    expect(diagnostics).toEqual([])
    const key = (f: { mac: string; dev: string; dst?: string; self?: boolean; permanent?: boolean }) =>
      `${f.mac} ${f.dev} ${f.dst ?? '-'} ${!!f.self} ${!!f.permanent}`
    expect(value.map(key).sort()).toEqual(NODE_FDB.map(key).sort())
  })

  it('reads the real captured dump, bridge and VXLAN entries alike', () => {
    const { value, diagnostics } = parseBridgeFdb(fixture('bridge-fdb.node.txt'))
    expect(diagnostics).toEqual([])
    expect(value).toContainEqual({ mac: '8e:00:00:00:00:02', dev: 'flannel.1', dst: '192.168.0.3', self: true, permanent: true })
    expect(value).toContainEqual({ mac: '0a:58:0a:f4:01:02', dev: 'vethaaaa1111' })
  })

  it('accepts vlan and extern_learn, and warns that static entries load as learned', () => {
    const { value, diagnostics } = parseBridgeFdb('0a:58:0a:f4:01:09 dev veth1 vlan 1 master cni0 static\n0a:58:0a:f4:01:0a dev veth1 master cni0 extern_learn\n')
    expect(value).toEqual([{ mac: '0a:58:0a:f4:01:09', dev: 'veth1' }, { mac: '0a:58:0a:f4:01:0a', dev: 'veth1' }])
    expect(diagnostics.map((d) => [d.severity, d.line, d.column])).toEqual([['warning', 1, 48]])
  })

  it('points at a bad remote and a misspelt keyword', () => {
    const { diagnostics } = parseBridgeFdb('aa:bb:cc:dd:ee:ff dev flannel.1 dst 192.168.0 self permanent\naa:bb:cc:dd:ee:ff dev flannel.1 dts 192.168.0.3 self\n')
    expect(diagnostics.map((d) => [d.line, d.column, d.hint])).toEqual([[1, 37, undefined], [2, 33, "did you mean 'dst'?"]])
  })

  it('rejects a line that does not start with a MAC', () => {
    const { diagnostics } = parseBridgeFdb('dev cni0 master cni0\n')
    expect(diagnostics[0]!.message).toBe("bridge fdb line 1 col 1: 'dev' is not a MAC address")
  })
})
