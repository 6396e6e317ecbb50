/**
 * MACs for links a lab leaves unspecified: deterministic per seed and link, locally administered
 * and unicast (first octet xxxxxx10), like the random addresses the kernel gives veth/bridge/vxlan.
 */
export function deriveMac(seed: number, key: string): string {
  let h = (0x811c9dc5 ^ seed) >>> 0
  const bytes: number[] = []
  for (let round = 0; bytes.length < 6; round++) {
    for (const ch of `${key}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0
    bytes.push(h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff)
  }
  bytes[0] = ((bytes[0]! & 0xfe) | 0x02) & 0xff
  return bytes.slice(0, 6).map((b) => b.toString(16).padStart(2, '0')).join(':')
}
