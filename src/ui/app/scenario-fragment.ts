/**
 * A scenario that is not built in travels in the URL fragment: `#s=<base64url(deflate(yaml))>`.
 * The fragment never reaches a server, so a custom journey can be shared from a static host.
 *
 * Bounds, and why:
 * - MAX_FRAGMENT_CHARS: the largest built-in scenario compresses to about 6,100 characters; a
 *   link five times that still pastes whole into chat, markdown and issue trackers, which cut
 *   or refuse much longer ones. A larger scenario is shared as a file.
 * - MAX_SOURCE_BYTES: deflate expands up to ~1000×, so the inflated text is capped while it is
 *   inflated (a 32 KB link must not become gigabytes in the page).
 *
 * fflate is loaded on demand: only a page opened with `#s=`, or copying a custom journey's link,
 * pays for it.
 */
export const MAX_FRAGMENT_CHARS = 32_000
export const MAX_SOURCE_BYTES = 512 * 1024

export type FragmentError =
  | { code: 'too-long'; chars: number; max: number }
  | { code: 'not-base64url'; at: number; char: string }
  | { code: 'not-deflate' }
  | { code: 'too-large'; max: number }
  | { code: 'not-utf8' }

export type Decoded = { ok: true; source: string } | { ok: false; error: FragmentError }

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function toBase64url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6))
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63]
  }
  return out
}

function fromBase64url(text: string): Uint8Array | FragmentError {
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8))
  let acc = 0
  let bits = 0
  let j = 0
  for (let i = 0; i < text.length; i++) {
    const v = ALPHABET.indexOf(text[i]!)
    if (v < 0) return { code: 'not-base64url', at: i + 1, char: text[i]! }
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes[j++] = (acc >> bits) & 255
    }
  }
  return bytes.subarray(0, j)
}

/** The fragment text (after `#s=`) for a scenario's source. */
export async function encodeScenario(source: string): Promise<string> {
  const { deflateSync, strToU8 } = await import('fflate')
  return toBase64url(deflateSync(strToU8(source), { level: 9 }))
}

/** The scenario source a fragment carries, or what is wrong with it. */
export async function decodeScenario(text: string): Promise<Decoded> {
  if (text.length > MAX_FRAGMENT_CHARS) return { ok: false, error: { code: 'too-long', chars: text.length, max: MAX_FRAGMENT_CHARS } }
  const bytes = fromBase64url(text)
  if (!(bytes instanceof Uint8Array)) return { ok: false, error: bytes }
  const { Inflate } = await import('fflate')
  const chunks: Uint8Array[] = []
  let size = 0
  let tooLarge = false
  const inflate = new Inflate((chunk) => {
    size += chunk.length
    if (size > MAX_SOURCE_BYTES) tooLarge = true
    else chunks.push(chunk)
  })
  try {
    // Fed in slices so inflating stops soon after the cap instead of expanding all of it.
    for (let i = 0; i < bytes.length && !tooLarge; i += 1024) inflate.push(bytes.subarray(i, i + 1024), i + 1024 >= bytes.length)
  } catch {
    return { ok: false, error: { code: 'not-deflate' } }
  }
  if (tooLarge) return { ok: false, error: { code: 'too-large', max: MAX_SOURCE_BYTES } }
  const all = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    all.set(c, at)
    at += c.length
  }
  try {
    return { ok: true, source: new TextDecoder('utf-8', { fatal: true }).decode(all) }
  } catch {
    return { ok: false, error: { code: 'not-utf8' } }
  }
}

/** `#s=…` of a location hash, or null. */
export function scenarioFragment(hash: string): string | null {
  const m = /^#s=(.*)$/s.exec(hash)
  return m ? m[1]! : null
}
