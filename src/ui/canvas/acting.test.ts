import { describe, expect, it } from 'vitest'
import { createAppStore } from '../../store'
import { builtInScenario } from '../../worker/testing/built-in-scenario'
import { translate } from '../i18n/useT'
import { dropLabel } from '../shared/describe-hop'
import { selectActingId, selectCurrentDevice, selectDrop } from './acting'

function storeAt(id: string, level: 'kernel' | 'kubernetes') {
  const { trace } = builtInScenario(id)
  const store = createAppStore()
  store.setState({ topology: trace.topology, hops: trace.hops, initial: trace.initial, traceStatus: 'done', level })
  return { store, hops: trace.hops }
}

describe('the drop marker', () => {
  it('sits on the device whose FORWARD walk REJECTed the SYN, with the chain that decided', () => {
    const { store, hops } = storeAt('service-without-endpoints', 'kernel')
    const drop = hops.find((h) => h.kind === 'drop' && h.code === 'nf-reject')!
    store.getState().setStep(drop.seq - 1)
    expect(selectDrop(store.getState())).toBeNull()
    store.getState().setStep(drop.seq)
    const s = store.getState()
    expect(selectDrop(s)?.seq).toBe(drop.seq)
    // The engine names no device on the drop itself; the rule walk before it ran at eth0.
    expect(drop.dev).toBeUndefined()
    expect(selectActingId(s)).toBe('node1:eth0')
    expect(selectCurrentDevice(s)).toBe('eth0')
    const d = selectDrop(s)!
    expect(dropLabel(d, hops, (k, p) => translate('en', k, p))).toBe('REJECT in KUBE-SERVICES')
    expect(dropLabel(d, hops, (k, p) => translate('zh', k, p))).toBe('KUBE-SERVICES 链 REJECT')
  })

  it('marks the drop in the Kubernetes view too, where the walk is folded into one step', () => {
    const { store } = storeAt('service-without-endpoints', 'kubernetes')
    let found = false
    for (let i = 0; i < 200 && !found; i++) {
      store.getState().stepBy(1)
      found = selectDrop(store.getState())?.code === 'nf-reject'
    }
    expect(found).toBe(true)
    expect(selectActingId(store.getState())).toBe('node1:eth0')
  })

  it('shows no drop marker on an ordinary step', () => {
    const { store, hops } = storeAt('pod-to-pod-same-node', 'kernel')
    store.getState().setStep(hops.find((h) => h.kind === 'arp.request')!.seq)
    expect(selectDrop(store.getState())).toBeNull()
    expect(selectActingId(store.getState())).toBe('node1/pod-a:eth0')
  })
})
