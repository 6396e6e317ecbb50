import { describe, expect, it } from 'vitest'
import { formatIpNeigh } from './ip-neigh'

describe('formatIpNeigh', () => {
  it('prints lladdr and state with the trailing space iproute2 leaves', () => {
    expect(formatIpNeigh([{ ip: '10.244.1.3', dev: 'cni0', lladdr: '0a:58:0a:f4:01:03', state: 'REACHABLE' }])).toBe(
      '10.244.1.3 dev cni0 lladdr 0a:58:0a:f4:01:03 REACHABLE \n',
    )
  })

  it('drops the lladdr of entries the kernel does not consider valid', () => {
    expect(formatIpNeigh([{ ip: '10.244.1.9', dev: 'cni0', lladdr: '0a:58:0a:f4:01:09', state: 'FAILED' }])).toBe(
      '10.244.1.9 dev cni0 FAILED \n',
    )
    expect(formatIpNeigh([{ ip: '10.244.1.8', dev: 'cni0', state: 'INCOMPLETE' }])).toBe('10.244.1.8 dev cni0 INCOMPLETE \n')
  })

  it('hides NOARP entries unless nud all is asked for', () => {
    const rows = [{ ip: '224.0.0.22', dev: 'cni0', lladdr: '01:00:5e:00:00:16', state: 'NOARP' as const }]
    expect(formatIpNeigh(rows)).toBe('')
    expect(formatIpNeigh(rows, { nudAll: true })).toBe('224.0.0.22 dev cni0 lladdr 01:00:5e:00:00:16 NOARP \n')
  })
})
