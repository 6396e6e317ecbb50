/**
 * TLS 1.3 as it shows on the wire between curl (OpenSSL) and a terminating proxy (ingress-nginx):
 * the client's Client Hello with SNI; the server's flight (Server Hello, the middlebox-
 * compatibility Change Cipher Spec, then Encrypted Extensions, Certificate, Certificate Verify
 * and Finished inside one encrypted record); the client's Change Cipher Spec and Finished;
 * then application data both ways. Only the endpoints see the plaintext.
 *
 * Sizes: records carry a 5-byte header; an encrypted record adds 1 byte of inner content type
 * and a 16-byte AEAD tag to its plaintext. OpenSSL pads a Client Hello to 512 bytes. A Server
 * Hello with an X25519 key share and an echoed 32-byte session id is 122 bytes. The encrypted
 * handshake's size depends on the certificate chain: it is computed here for one 800-byte
 * certificate with an ECDSA P-256 signature, so treat that one number as nominal. Not modelled:
 * the session tickets OpenSSL sends after the handshake, alerts, HelloRetryRequest.
 */
import { utf8Length, type AppPayload, type TlsRecord } from '../wire/frame'

const HEADER = 5
const AEAD = 1 + 16
const NOMINAL_CERT = 800
const FINISHED = 4 + 32

const encrypted = (plaintext: number) => HEADER + plaintext + AEAD

export function clientHello(sni: string): AppPayload {
  return { kind: 'tls', records: [{ type: 'handshake', message: 'Client Hello', length: HEADER + 512, sni }] }
}

export function serverFlight(certificateFor: string): AppPayload {
  const handshake = 6 + (4 + 1 + 3 + 3 + NOMINAL_CERT + 2) + (4 + 2 + 2 + 72) + FINISHED
  return {
    kind: 'tls',
    records: [
      { type: 'handshake', message: 'Server Hello', length: HEADER + 122 },
      { type: 'change_cipher_spec', message: 'Change Cipher Spec', length: HEADER + 1 },
      { type: 'application_data', message: `Encrypted: Encrypted Extensions, Certificate (CN=${certificateFor}), Certificate Verify, Finished`, length: encrypted(handshake) },
    ],
  }
}

export function clientFinished(): AppPayload {
  return {
    kind: 'tls',
    records: [
      { type: 'change_cipher_spec', message: 'Change Cipher Spec', length: HEADER + 1 },
      { type: 'application_data', message: 'Encrypted: Finished', length: encrypted(FINISHED) },
    ],
  }
}

export function applicationData(plaintext: string): AppPayload {
  return { kind: 'tls', records: [{ type: 'application_data', message: 'Encrypted: HTTP', length: encrypted(utf8Length(plaintext)), plaintext }] }
}

export function tlsLength(p: AppPayload): number {
  return p.kind === 'tls' ? p.records.reduce((n, r) => n + r.length, 0) : 0
}

/** What a TLS payload is, in a few words, for hop notes. */
export function tlsNote(p: AppPayload): string {
  return p.kind === 'tls' ? `TLS ${p.records.map((r) => r.message + (r.sni ? ` (SNI ${r.sni})` : '')).join(' + ')}` : ''
}

export const isClientHello = (p: AppPayload | undefined): p is Extract<AppPayload, { kind: 'tls' }> & { records: [TlsRecord & { sni: string }] } => p?.kind === 'tls' && p.records[0]?.message === 'Client Hello'
export const isServerFlight = (p: AppPayload | undefined) => p?.kind === 'tls' && p.records[0]?.message === 'Server Hello'
export const isClientFinished = (p: AppPayload | undefined) => p?.kind === 'tls' && p.records.some((r) => r.message === 'Encrypted: Finished')

/** The decrypted application data, when the payload carries any. */
export function tlsPlaintext(p: AppPayload | undefined): string | undefined {
  if (p?.kind !== 'tls') return undefined
  const parts = p.records.flatMap((r) => (r.plaintext !== undefined ? [r.plaintext] : []))
  return parts.length ? parts.join('') : undefined
}
