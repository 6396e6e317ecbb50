import { describe, expect, it } from 'vitest'
import { formatIpvsadm, formatIpvsadmConns } from './ipvsadm'
import type { IpvsConnRow, IpvsServiceRow } from '../tables/types'

const real = (addr: string) => ({ addr, port: 8080, weight: 1, forward: 'Masq' as const })
const web: IpvsServiceRow = { protocol: 'tcp', addr: '10.96.0.10', port: 80, scheduler: 'rr', reals: [real('10.244.2.2'), real('10.244.1.3')] }
const conn = (state: string, realAddr: string, id = 1): IpvsConnRow => ({ id, protocol: 'tcp', state, timeout: 899, client: { addr: '10.244.1.2', port: 41000 }, virtual: { addr: '10.96.0.10', port: 80 }, real: { addr: realAddr, port: 8080 } })

describe('formatIpvsadm', () => {
  it('prints the header and printf-padded real server lines, trailing spaces included', () => {
    expect(formatIpvsadm([web], [conn('ESTABLISHED', '10.244.2.2')])).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\n' +
        'Prot LocalAddress:Port Scheduler Flags\n' +
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n' +
        'TCP  10.96.0.10:80 rr\n' +
        '  -> 10.244.1.3:8080              Masq    1      0          0         \n' +
        '  -> 10.244.2.2:8080              Masq    1      1          0         \n',
    )
  })

  it('sorts services and real servers by number, not by text', () => {
    const svc = (addr: string, protocol: 'tcp' | 'udp'): IpvsServiceRow => ({ protocol, addr, port: 53, scheduler: 'rr', reals: [real('10.244.1.10'), real('10.244.1.9')] })
    const out = formatIpvsadm([svc('10.96.0.10', 'udp'), svc('10.96.0.10', 'tcp'), svc('10.96.0.9', 'tcp')])
    expect(out.split('\n').filter((l) => /^(TCP|UDP)/.test(l))).toEqual(['TCP  10.96.0.9:53 rr', 'TCP  10.96.0.10:53 rr', 'UDP  10.96.0.10:53 rr'])
    expect(out.split('\n')[4]).toMatch(/^ {2}-> 10\.244\.1\.9:8080 /)
  })

  it('counts only ESTABLISHED connections as active', () => {
    const lines = formatIpvsadm([web], [conn('SYN_RECV', '10.244.1.3', 1), conn('TIME_WAIT', '10.244.1.3', 2), conn('ESTABLISHED', '10.244.1.3', 3)]).split('\n')
    expect(lines[4]).toBe('  -> 10.244.1.3:8080              Masq    1      1          2         ')
  })

  it('prints persistence (sessionAffinity ClientIP)', () => {
    expect(formatIpvsadm([{ ...web, persistent: 10800 }])).toContain('TCP  10.96.0.10:80 rr persistent 10800\n')
  })
})

describe('formatIpvsadmConns', () => {
  it('prints the connection table as ipvsadm -Lnc does, expiry as mm:ss', () => {
    expect(formatIpvsadmConns([conn('ESTABLISHED', '10.244.2.2'), { ...conn('SYN_RECV', '10.244.1.3', 2), timeout: 59 }])).toBe(
      'IPVS connection entries\n' +
        'pro expire state       source             virtual            destination\n' +
        'TCP 14:59  ESTABLISHED 10.244.1.2:41000   10.96.0.10:80      10.244.2.2:8080\n' +
        'TCP 00:59  SYN_RECV    10.244.1.2:41000   10.96.0.10:80      10.244.1.3:8080\n',
    )
  })
})
