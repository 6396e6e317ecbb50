/** The control plane's public surface: cluster + Kubernetes objects + journey → LabSpec. */
export { buildLab, type BuildResult } from './build-lab'
export { resolveServicePorts } from './kube-proxy/service-ports'
export { kubeProxyIptables } from './kube-proxy/iptables'
export { composeNodeIptables } from './compose-iptables'
