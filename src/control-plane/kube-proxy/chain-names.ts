/**
 * kube-proxy's chain names (pkg/proxy/iptables/proxier.go, ../shared/reference §1.1): the
 * first 16 characters of base32(sha256(servicePortName + protocol [+ endpoint])), with protocol
 * lower-case and endpoint "IP:port". SVC, SVL, EXT and FW of one service port share the hash.
 */
import { base32, sha256 } from '../hash/sha256'

/**
 * Why a cache: every node's rules name the same chains, so a 100-node cluster with 5,000 Services
 * would hash each name a hundred times.
 */
const cache = new Map<string, string>()

export function portProtoHash(servicePortName: string, protocol: string, endpoint = ''): string {
  const input = servicePortName + protocol + endpoint
  let h = cache.get(input)
  if (h === undefined) {
    h = base32(sha256(input)).slice(0, 16)
    cache.set(input, h)
  }
  return h
}

export type ServiceChainPrefix = 'KUBE-SVC-' | 'KUBE-SVL-' | 'KUBE-EXT-' | 'KUBE-FW-'

export function serviceChain(prefix: ServiceChainPrefix, servicePortName: string, protocol: string): string {
  return prefix + portProtoHash(servicePortName, protocol)
}

export function endpointChain(servicePortName: string, protocol: string, endpoint: string): string {
  return 'KUBE-SEP-' + portProtoHash(servicePortName, protocol, endpoint)
}

/**
 * The nftables proxier's name base (pkg/proxy/nftables/proxier.go hashAndTruncate): the first 8
 * characters of base32(sha256(name)), a dash, then the name itself, `ns/svc/proto/port` or
 * `ns/svc/proto/port__IP/port`, cut to 240 characters with "..." (never reached for IPv4).
 */
export function nftNameBase(name: string): string {
  const s = `${base32(sha256(name)).slice(0, 8)}-${name}`
  return s.length > 240 ? s.slice(0, 237) + '...' : s
}
