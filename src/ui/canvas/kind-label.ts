import { DEVICE_TYPE_LABEL, KIND_TAG } from '../../store/graph'
import type { Translate } from '../i18n/useT'

/**
 * The tag before a box's name, in the page's language where the term has a standard Chinese
 * word (网桥, 网卡, 节点); veth, vxlan and lo stay as engineers write them. The layout sizes the
 * tags from the English words, which are the wider ones.
 */
const DEVICE_KEY = { bridge: 'canvas.type.bridge', ether: 'canvas.type.nic' } as const
const HOST_KEY = {
  node: 'canvas.kind.node',
  client: 'canvas.kind.client',
  router: 'canvas.kind.router',
  loadbalancer: 'canvas.kind.loadbalancer',
  server: 'canvas.kind.server',
} as const

export function deviceTypeLabel(type: string | undefined, t: Translate): string {
  const key = DEVICE_KEY[type as keyof typeof DEVICE_KEY]
  return key ? t(key) : (DEVICE_TYPE_LABEL[type ?? ''] ?? type ?? '')
}

export function hostKindLabel(kind: string, t: Translate): string {
  const key = HOST_KEY[kind as keyof typeof HOST_KEY]
  return key ? t(key) : (KIND_TAG[kind] ?? kind)
}
