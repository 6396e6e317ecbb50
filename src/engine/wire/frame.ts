/**
 * The packet as the engine carries it: one Ethernet frame with its headers as plain data
 * (smoltcp's "Repr" idea). A VXLAN frame carries the whole inner frame in `inner`, so the
 * header stack at any hop is `frame`, then `frame.inner`, and so on.
 *
 * Plain data only (no classes): frames are copied into every trace event, cross postMessage and
 * JSON unchanged. Field names follow tcpdump/Wireshark vocabulary.
 */

/** `aa:bb:cc:dd:ee:ff`, lower-case. */
export type MacAddr = string
/** Dotted quad, `10.244.1.2`. */
export type Ipv4Addr = string

export const ETH_BROADCAST: MacAddr = 'ff:ff:ff:ff:ff:ff'
export const ETH_ZERO: MacAddr = '00:00:00:00:00:00'

/** Ethertype names as tcpdump prints them. ETH_P_IP = 0x0800, ETH_P_ARP = 0x0806. */
export type EtherType = 'IPv4' | 'ARP'

export interface EthernetHeader {
  src: MacAddr
  dst: MacAddr
  type: EtherType
}

export interface ArpHeader {
  op: 'request' | 'reply'
  senderMac: MacAddr
  senderIp: Ipv4Addr
  targetMac: MacAddr
  targetIp: Ipv4Addr
}

export type IpProtocol = 'tcp' | 'udp' | 'icmp'

export interface Ipv4Header {
  src: Ipv4Addr
  dst: Ipv4Addr
  ttl: number
  protocol: IpProtocol
  /** IP identification field. */
  id: number
  /** Don't-fragment flag; Linux sets it on TCP and on most UDP (PMTU discovery). */
  df: boolean
  /** Total length of the IP datagram in bytes (header + payload). */
  totalLength: number
  tos: number
}

export type TcpFlag = 'SYN' | 'ACK' | 'PSH' | 'FIN' | 'RST'

/** TCP options as tcpdump names them: `mss 1410`, `sackOK`, `TS val … ecr …`, `nop`, `wscale 7`. */
export type TcpOption =
  | { kind: 'mss'; value: number }
  | { kind: 'sackOK' }
  | { kind: 'TS'; val: number; ecr: number }
  | { kind: 'nop' }
  | { kind: 'wscale'; value: number }

export interface TcpHeader {
  sport: number
  dport: number
  seq: number
  ack: number
  flags: TcpFlag[]
  window: number
  /** Linux sends mss, sackOK, TS, nop, wscale on SYNs and nop, nop, TS on every later segment. */
  options?: TcpOption[]
}

const TCP_OPTION_LEN: Record<TcpOption['kind'], number> = { mss: 4, sackOK: 2, TS: 10, nop: 1, wscale: 3 }

/** TCP header length: 20 bytes plus options, padded to a multiple of 4. */
export function tcpHeaderLength(t: TcpHeader): number {
  const opts = (t.options ?? []).reduce((n, o) => n + TCP_OPTION_LEN[o.kind], 0)
  return 20 + Math.ceil(opts / 4) * 4
}

export interface UdpHeader {
  sport: number
  dport: number
  /** UDP length: 8-byte header + payload. */
  length: number
}

export interface IcmpHeader {
  /** 0 echo reply, 3 destination unreachable, 8 echo request, 11 time exceeded. */
  type: number
  code: number
  /** Echo identifier and sequence (types 0 and 8). */
  id?: number
  seq?: number
  /** Next-hop MTU (type 3 code 4, "fragmentation needed"). */
  mtu?: number
  /** ICMP errors quote the offending datagram's IP header and first 8 bytes. */
  quoted?: { ip: Ipv4Header; sport?: number; dport?: number; icmpId?: number }
}

export interface VxlanHeader {
  /** Flags byte: 0x08 means "VNI present" (RFC 7348). */
  flags: number
  vni: number
}

/** Application data carried by TCP or UDP, kept readable (HTTP text, DNS messages). */
export type AppPayload =
  | { kind: 'text'; text: string }
  | { kind: 'dns'; dns: DnsMessage }
  | { kind: 'tls'; records: TlsRecord[] }

/** One TLS 1.3 record as it crosses the wire: its content type, what it carries, its size with the 5-byte header. */
export interface TlsRecord {
  type: 'handshake' | 'change_cipher_spec' | 'application_data'
  /** What is inside, as Wireshark would name it ("Client Hello", "Encrypted: Certificate, …", "HTTP request"). */
  message: string
  length: number
  /** Encrypted application data: the plaintext only the endpoints can read. */
  plaintext?: string
  /** Server Name Indication in a Client Hello. */
  sni?: string
}

export interface DnsMessage {
  id: number
  qr: 'query' | 'response'
  question: { name: string; type: 'A' | 'AAAA' | 'SRV' | 'PTR' }
  answers: { name: string; type: 'A'; ttl: number; data: Ipv4Addr }[]
  /** Authority section: the zone's SOA on NXDOMAIN and NODATA answers (negative caching). */
  authority?: { name: string; type: 'SOA'; ttl: number; data: string }[]
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL'
  /** Whether names in the message are compressed (RFC 1035 §4.1.4); CoreDNS does not compress small answers. Default true. */
  compressed?: boolean
}

export interface Frame {
  eth: EthernetHeader
  arp?: ArpHeader
  ip?: Ipv4Header
  tcp?: TcpHeader
  udp?: UdpHeader
  icmp?: IcmpHeader
  vxlan?: VxlanHeader
  /** The encapsulated frame (VXLAN payload). */
  inner?: Frame
  payload?: AppPayload
  /** Application payload length in bytes (0 for pure ACKs, ARP, ICMP without data). */
  payloadLength: number
}

/** Header sizes in bytes, for lengths, MTU checks and VXLAN overhead. */
export const ETH_HLEN = 14
/** Bytes a string takes in UTF-8 (what write() sends for it). */
export function utf8Length(s: string): number {
  let n = 0
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4
  }
  return n
}

export const IPV4_HLEN = 20
export const TCP_HLEN = 20
export const UDP_HLEN = 8
export const ICMP_HLEN = 8
export const VXLAN_HLEN = 8
export const ARP_LEN = 28
/** VXLAN over IPv4 adds outer Ethernet + IPv4 + UDP + VXLAN = 50 bytes (flannel's MTU - 50). */
export const VXLAN_OVERHEAD = ETH_HLEN + IPV4_HLEN + UDP_HLEN + VXLAN_HLEN
