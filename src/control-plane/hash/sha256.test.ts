import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { base32, sha256 } from './sha256'

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('')

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(hex(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(hex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(hex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1')
  })

  it('agrees with node:crypto on random inputs of every length around a block', () => {
    for (let n = 0; n < 200; n++) {
      const data = new Uint8Array(randomBytes(n))
      expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'))
    }
  })
})

describe('base32', () => {
  it('encodes as RFC 4648 does, with padding', () => {
    const enc = (s: string) => base32(new TextEncoder().encode(s))
    expect(enc('f')).toBe('MY======')
    expect(enc('foob')).toBe('MZXW6YQ=')
    expect(enc('foobar')).toBe('MZXW6YTBOI======')
  })
})
