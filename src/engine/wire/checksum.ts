/**
 * The Internet checksum (RFC 1071): the 16-bit ones' complement of the ones' complement sum of
 * the data taken as big-endian 16-bit words, an odd last byte padded with zero. IPv4, ICMP, UDP
 * and TCP use it; UDP and TCP also sum the IPv4 pseudo-header (RFC 768, RFC 9293 §3.1).
 */

/** The ones' complement sum of `data` added to `initial`, not yet folded or complemented. */
export function onesSum(data: Uint8Array, initial = 0): number {
  let sum = initial
  for (let i = 0; i + 1 < data.length; i += 2) sum += (data[i]! << 8) | data[i + 1]!
  if (data.length % 2 === 1) sum += data[data.length - 1]! << 8
  return sum
}

/** Folds the carries and complements: the value that goes into the checksum field. */
export function finishChecksum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000)
  return ~sum & 0xffff
}

export function internetChecksum(data: Uint8Array): number {
  return finishChecksum(onesSum(data))
}

/** The IPv4 pseudo-header's sum: source, destination, zero, protocol, L4 length. */
export function pseudoHeaderSum(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): number {
  return onesSum(src) + onesSum(dst) + protocol + length
}
