/**
 * kube-proxy's chain names (pkg/proxy/iptables/proxier.go, ../shared/reference §1.1): the
 * first 16 characters of base32(sha256(servicePortName + protocol [+ endpoint])), with protocol
 * lower-case and endpoint "IP:port". SVC, SVL, EXT and FW of one service port share the hash.
 */
import { base32, sha256 } from '../hash/sha256'

export function portProtoHash(servicePortName: string, protocol: string, endpoint = ''): string {
  return base32(sha256(servicePortName + protocol + endpoint)).slice(0, 16)
}

export type ServiceChainPrefix = 'KUBE-SVC-' | 'KUBE-SVL-' | 'KUBE-EXT-' | 'KUBE-FW-'

export function serviceChain(prefix: ServiceChainPrefix, servicePortName: string, protocol: string): string {
  return prefix + portProtoHash(servicePortName, protocol)
}

export function endpointChain(servicePortName: string, protocol: string, endpoint: string): string {
  return 'KUBE-SEP-' + portProtoHash(servicePortName, protocol, endpoint)
}
