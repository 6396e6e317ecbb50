import { describe, expect, it } from 'vitest'
import {
  cidrProblem,
  ifnameProblem,
  ipv4Problem,
  macProblem,
  nthSubnet,
  parseListen,
  portNameProblem,
} from './net-syntax'
import { closest, editDistance } from './suggest'

describe('address syntax', () => {
  it('rejects leading zeros and out-of-range octets as inet_pton does', () => {
    expect(ipv4Problem('10.244.1.2')).toBeNull()
    expect(ipv4Problem('010.244.1.2')).not.toBeNull()
    expect(ipv4Problem('10.244.1.256')).not.toBeNull()
  })

  it('demands a network address only where ip route does', () => {
    expect(cidrProblem('10.244.1.1/24')).toBeNull()
    expect(cidrProblem('10.244.1.1/24', { network: true })).toBe(
      "'10.244.1.1/24' has host bits set; the network is 10.244.1.0/24",
    )
    expect(cidrProblem('10.244.0.0/33')).not.toBeNull()
  })

  it('refuses multicast and zero link MACs but accepts them as plain MACs', () => {
    expect(macProblem('01:00:5e:00:00:01', { link: true })).toMatch(/multicast/)
    expect(macProblem('00:00:00:00:00:00', { link: true })).toMatch(/zeros/)
    expect(macProblem('01:00:5e:00:00:01')).toBeNull()
  })

  it('validates port names as IANA_SVC_NAME', () => {
    expect(portNameProblem('http')).toBeNull()
    expect(portNameProblem('http ')).not.toBeNull()
    expect(portNameProblem('8080')).toBe('must contain at least one letter')
    expect(portNameProblem('a--b')).not.toBeNull()
  })

  it('limits interface names to IFNAMSIZ - 1', () => {
    expect(ifnameProblem('veth1a2b3c4d')).toBeNull()
    expect(ifnameProblem('flannel.1')).toBeNull()
    expect(ifnameProblem('abcdefghijklmnop')).toMatch(/at most 15/)
  })

  it('reads listen addresses and subnets', () => {
    expect(parseListen('0.0.0.0:8080')).toEqual({ ip: '0.0.0.0', port: 8080 })
    expect(parseListen('0.0.0.0:0')).toBeNull()
    expect(nthSubnet('10.244.0.0/16', 24, 2)).toBe('10.244.2.0/24')
  })
})

describe('suggestions', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('tagretPort', 'targetPort')).toBe(1)
  })

  it('suggests only plausible candidates', () => {
    expect(closest('mater', ['master', 'mtu'])).toBe('master')
    expect(closest('xyz', ['master', 'mtu'])).toBeUndefined()
  })
})
