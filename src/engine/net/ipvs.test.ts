import { describe, expect, it } from 'vitest'
import { connIn, connOut, createIpvs, findService, newConn, scheduleRr, stateTransition } from './ipvs'

const spec = (weights: number[]) =>
  createIpvs({ conntrack: true, services: [{ protocol: 'tcp', addr: '10.96.0.10', port: 80, scheduler: 'rr', reals: weights.map((weight, i) => ({ addr: `10.244.${i + 1}.2`, port: 8080, weight, forward: 'masq' as const })) }] })

describe('scheduleRr', () => {
  it('starts at the head of the real-server list and walks it round robin', () => {
    const svc = spec([1, 1, 1]).services[0]!
    expect([1, 2, 3, 4].map(() => scheduleRr(svc)!.addr)).toEqual(['10.244.1.2', '10.244.2.2', '10.244.3.2', '10.244.1.2'])
  })

  it('skips a real server of weight 0, and finds none when all are 0', () => {
    const svc = spec([0, 1]).services[0]!
    expect([scheduleRr(svc)!.addr, scheduleRr(svc)!.addr]).toEqual(['10.244.2.2', '10.244.2.2'])
    expect(scheduleRr(spec([0, 0]).services[0]!)).toBeUndefined()
  })
})

describe('findService', () => {
  it('matches protocol, address and port', () => {
    const st = spec([1])
    expect(findService(st, 'tcp', '10.96.0.10', 80)).toBeDefined()
    expect(findService(st, 'udp', '10.96.0.10', 80)).toBeUndefined()
    expect(findService(st, 'tcp', '10.96.0.10', 81)).toBeUndefined()
  })
})

describe('the connection table', () => {
  const client = { addr: '10.244.1.2', port: 41000 }
  const virtual = { addr: '10.96.0.10', port: 80 }
  const real = { addr: '10.244.2.2', port: 8080 }

  it('finds a connection from the client side and from the real server side', () => {
    const st = spec([1])
    const c = newConn(st, 'tcp', client, virtual, real)
    expect(connIn(st, 'tcp', client, virtual)).toBe(c)
    expect(connOut(st, 'tcp', real, client)).toBe(c)
    expect(connOut(st, 'tcp', virtual, client)).toBeUndefined()
  })

  it('follows the handshake: SYN in → SYN_RECV, SYN-ACK out stays SYN_RECV, ACK in → ESTABLISHED (900 s)', () => {
    const st = spec([1])
    const c = newConn(st, 'tcp', client, virtual, real)
    const created = stateTransition('node1', c, 'input', ['SYN'], true)!
    expect(created).toMatchObject({ table: 'ipvs', key: '1', after: { state: 'SYN_RECV', timeout: 59 } })
    expect('before' in created).toBe(false)
    expect(stateTransition('node1', c, 'output', ['SYN', 'ACK'], false)).toBeNull()
    expect(stateTransition('node1', c, 'input', ['ACK'], false)).toMatchObject({ before: { state: 'SYN_RECV' }, after: { state: 'ESTABLISHED', timeout: 899 } })
    expect(stateTransition('node1', c, 'input', ['RST'], false)).toMatchObject({ after: { state: 'CLOSE', timeout: 9 } })
  })

  it('gives a UDP connection the UDP state and 5 minutes', () => {
    const st = spec([1])
    const c = newConn(st, 'udp', client, virtual, real)
    expect(stateTransition('node1', c, 'input', undefined, true)).toMatchObject({ after: { state: 'UDP', timeout: 299 } })
  })
})
