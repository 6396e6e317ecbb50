/**
 * kube-proxy v1.3 in iptables mode (pkg/proxy/iptables/proxier.go of the v1.3 branch), the
 * kube-proxy of the classic flannel cluster (cluster.cni: flannel-vxlan-classic). What differs
 * from today's rules (iptables.ts):
 *  - chain hashes and comments use ServicePortName.String() of that time, `ns/name:port`, which
 *    keeps the colon for an unnamed port: `default/rbd-rest-api:` → KUBE-SVC-AU252PRZZQGOERSG
 *    and the comment "default/rbd-rest-api: cluster IP" (the source article's own output);
 *  - four jumps only (nat PREROUTING, OUTPUT, POSTROUTING and filter OUTPUT), no conntrack state
 *    matches, no KUBE-FORWARD / KUBE-FIREWALL / KUBE-EXTERNAL-SERVICES chains;
 *  - KUBE-MARK-MASQ sets the mark with --set-xmark, and KUBE-POSTROUTING masquerades on it
 *    directly (no RETURN, no --xor-mark, no --random-fully);
 *  - the probability is printed with "%0.5f", and the cluster IP is matched as IP/32;
 *  - no `! -s clusterCIDR` masquerade rule: kube-up ran this kube-proxy without --cluster-cidr
 *    (the article's KUBE-SERVICES listing has none).
 * Services of other types than ClusterIP and NodePort, session affinity and the traffic
 * policies are not modelled for this version; cluster.ts refuses them with a diagnostic.
 */
import type { IptablesFragment, ServicePortInfo } from '../types'
import { endpointChain, serviceChain } from './chain-names'

const MASQ = '0x4000/0x4000'
const q = (s: string) => `"${s}"`

/** ServicePortName.String() in v1.3: the port name after a colon, the colon kept when it is empty. */
export function v13PortName(sp: ServicePortInfo): string {
  const m = sp.service.metadata
  return `${m.namespace ?? 'default'}/${m.name}:${sp.port.name ?? ''}`
}

export function kubeProxyIptablesV13(ports: ServicePortInfo[]): IptablesFragment {
  const filter = { chains: ['KUBE-SERVICES'], prepend: [`-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`], rules: [] as string[] }
  const nat = {
    chains: ['KUBE-MARK-MASQ', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-SERVICES'],
    prepend: [
      `-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
      `-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
      `-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING`,
    ],
    rules: [
      `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark ${MASQ} -j MASQUERADE`,
      `-A KUBE-MARK-MASQ -j MARK --set-xmark ${MASQ}`,
    ],
  }
  const named = ports.map((sp) => ({ sp, name: v13PortName(sp) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const { sp, name } of named) {
    const p = sp.protocol
    const svcChain = serviceChain('KUBE-SVC-', name, p)
    const eps = sp.endpoints
    // Every service port has its chain, with or without endpoints.
    nat.chains.push(svcChain)
    if (sp.clusterIP) {
      const head = `-A KUBE-SERVICES -m comment --comment ${q(`${name} cluster IP`)} -m ${p} -p ${p} -d ${sp.clusterIP}/32 --dport ${sp.port.port}`
      if (eps.length) nat.rules.push(`${head} -j ${svcChain}`)
      else filter.rules.push(`-A KUBE-SERVICES -m comment --comment ${q(`${name} has no endpoints`)} -m ${p} -p ${p} -d ${sp.clusterIP}/32 --dport ${sp.port.port} -j REJECT`)
    }
    const nodePort = sp.service.spec.type === 'NodePort' ? sp.port.nodePort : undefined
    if (nodePort !== undefined && eps.length)
      nat.rules.push(
        `-A KUBE-NODEPORTS -m comment --comment ${q(name)} -m ${p} -p ${p} --dport ${nodePort} -j KUBE-MARK-MASQ`,
        `-A KUBE-NODEPORTS -m comment --comment ${q(name)} -m ${p} -p ${p} --dport ${nodePort} -j ${svcChain}`,
      )
    eps.forEach((ep, i) => {
      const endpoint = `${ep.ip}:${ep.port}`
      const sep = endpointChain(name, p, endpoint)
      nat.chains.push(sep)
      const left = eps.length - i
      nat.rules.push(
        left > 1
          ? `-A ${svcChain} -m comment --comment ${q(name)} -m statistic --mode random --probability ${(1 / left).toFixed(5)} -j ${sep}`
          : `-A ${svcChain} -m comment --comment ${q(name)} -j ${sep}`,
      )
    })
    for (const ep of eps) {
      const sep = endpointChain(name, p, `${ep.ip}:${ep.port}`)
      nat.rules.push(
        `-A ${sep} -m comment --comment ${q(name)} -s ${ep.ip}/32 -j KUBE-MARK-MASQ`,
        `-A ${sep} -m comment --comment ${q(name)} -m ${p} -p ${p} -j DNAT --to-destination ${ep.ip}:${ep.port}`,
      )
    }
  }
  nat.rules.push(`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`)
  return { source: 'kube-proxy', tables: { filter, nat } }
}
