import { describe, expect, it } from 'vitest'
import { endpointChain, nftNameBase, portProtoHash, serviceChain } from './chain-names'

// Every hash in ../shared/reference/kubernetes-networking.md §1.1 (seen in real clusters and in
// kube-proxy's own tests).
const SERVICE_HASHES: [string, string][] = [
  ['default/kubernetes:httpstcp', 'NPX46M4PTMTKRN6Y'],
  ['kube-system/kube-dns:dnsudp', 'TCOU7JCQXEZGVUNU'],
  ['kube-system/kube-dns:dns-tcptcp', 'ERIFXISQEP7F7OF4'],
  ['kube-system/kube-dns:metricstcp', 'JD5MR3NA4I4DYORP'],
  ['ns1/svc1:p80tcp', 'XPGD46QRK7WJZT7O'],
  ['ns2/svc2:p80tcp', 'GNZBNJ2PO5MGZ6GT'],
  ['ns3/svc3:p80tcp', 'X27LE4BHSL4DOUIK'],
  ['ns4/svc4:p80tcp', '4SW47YFZTEDKD3PK'],
  ['ns5/svc5:p80tcp', 'NUKIZ6OKUXPJNT4C'],
  ['ns1/svc1tcp', 'AQI2S6QIMU7PVVRP'],
  ['default/nginxtcp', '2CMXP7HKUVJN7L6M'],
  ['default/memory-service:tcp', 'RCFZYSCVQORLOLVD'],
]
const ENDPOINT_HASHES: [string, string, string, string][] = [
  ['ns1/svc1:p80', 'tcp', '10.180.0.1:80', 'SXIVWICOYRO3J4NJ'],
  ['ns1/svc1:p80', 'tcp', '10.180.2.1:80', 'ZX7GRIZKSNUQ3LAJ'],
  ['ns4/svc4:p80', 'tcp', '10.180.0.4:80', 'UKSFD7AGPMPPLUHC'],
  ['ns4/svc4:p80', 'tcp', '10.180.0.5:80', 'C6EBXVWJJZMIWKLZ'],
  ['ns5/svc5:p80', 'tcp', '10.180.0.3:80', 'I77PXRDZVX7PMWMN'],
  ['ns1/svc1', 'tcp', '10.0.1.1:80', '3JOIVZTXZZRGORX4'],
  ['ns1/svc1', 'tcp', '10.0.1.2:80', 'IO5XOSKPAXIFQXAJ'],
  ['ns1/svc1', 'tcp', '10.0.1.3:80', 'XGJFVO3L2O5SRFNT'],
  ['ns1/svc1:p80', 'tcp', '[ff06::c1]:80', 'LIGRYQQLSZN4UWQ5'],
  ['kube-system/kube-dns:dns', 'udp', '10.244.0.10:53', 'R7EMXN5TTQQVP4UW'],
  ['default/kubernetes:https', 'tcp', '172.18.0.2:6443', 'V2PECCYPB6X2GSCW'],
  ['default/nginx', 'tcp', '10.244.0.20:80', 'BRZDTZFF2SFWJV4H'],
]

describe('kube-proxy chain names', () => {
  it.each(SERVICE_HASHES)('hashes %s as kube-proxy does', (input, hash) => {
    expect(portProtoHash(input, '')).toBe(hash)
  })

  it.each(ENDPOINT_HASHES)('names the endpoint chain of %s %s %s', (svc, proto, ep, hash) => {
    expect(endpointChain(svc, proto, ep)).toBe(`KUBE-SEP-${hash}`)
  })

  it('gives SVC, EXT and FW chains of one port the same hash', () => {
    expect(serviceChain('KUBE-SVC-', 'default/nginx', 'tcp')).toBe('KUBE-SVC-2CMXP7HKUVJN7L6M')
    expect(serviceChain('KUBE-EXT-', 'default/nginx', 'tcp')).toBe('KUBE-EXT-2CMXP7HKUVJN7L6M')
    expect(serviceChain('KUBE-FW-', 'default/nginx', 'tcp')).toBe('KUBE-FW-2CMXP7HKUVJN7L6M')
  })

  it('depends on the protocol being lower-case, as kube-proxy writes it', () => {
    expect(portProtoHash('default/kubernetes:https', 'TCP')).toBe('K3MJT43CHHU6KRST')
    expect(portProtoHash('default/kubernetes:https', 'tcp')).not.toBe('K3MJT43CHHU6KRST')
  })
})

describe('nftables chain names', () => {
  it('hash and keep the name as the nftables proxier does (its own test expectations)', () => {
    expect(nftNameBase('ns1/svc1/tcp/p80')).toBe('ULMVA6XW-ns1/svc1/tcp/p80')
    expect(nftNameBase('ns1/svc1/tcp/p80__10.180.0.1/80')).toBe('5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80')
  })
})
