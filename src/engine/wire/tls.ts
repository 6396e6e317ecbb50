/**
 * TLS records (RFC 8446 §5.1): content type (20 change_cipher_spec, 22 handshake, 23
 * application_data), legacy version (0x0301 on a Client Hello record, else 0x0303), length,
 * then the fragment. The engine models each record's size and what it carries, not its bytes,
 * so: a Client Hello is a well-formed hello (TLS 1.3 suites, the SNI, supported_versions) padded
 * to its size with the padding extension (RFC 7685), as OpenSSL pads it; a Server Hello picks
 * TLS_AES_128_GCM_SHA256 with an X25519 key share; Change Cipher Spec is its one byte 0x01;
 * encrypted records and every random or key field are zeros.
 */
import { ByteWriter, utf8Bytes } from './bytes'
import type { TlsRecord } from './frame'

const CONTENT_TYPE: Record<TlsRecord['type'], number> = { change_cipher_spec: 20, handshake: 22, application_data: 23 }

function handshake(type: number, body: Uint8Array): Uint8Array {
  return new ByteWriter().u8(type).u24(body.length).bytes(body).finish()
}

function clientHello(sni: string | undefined, size: number): Uint8Array {
  const ext = new ByteWriter()
  if (sni !== undefined) {
    const name = utf8Bytes(sni)
    ext.u16(0x0000).u16(name.length + 5).u16(name.length + 3).u8(0).u16(name.length).bytes(name)
  }
  ext.u16(0x002b).u16(3).u8(2).u16(0x0304) // supported_versions: TLS 1.3
  const fixed = 2 + 32 + 1 + 32 + 2 + 6 + 2 + 2 // version, random, session id, suites, compression, extensions length
  const pad = size - 4 - fixed - ext.length - 4
  if (pad >= 0) ext.u16(0x0015).u16(pad).zeros(pad)
  const exts = ext.finish()
  const body = new ByteWriter().u16(0x0303).zeros(32).u8(32).zeros(32).u16(6).u16(0x1301).u16(0x1302).u16(0x1303).u8(1).u8(0).u16(exts.length).bytes(exts)
  return handshake(1, body.finish())
}

function serverHello(): Uint8Array {
  const exts = new ByteWriter().u16(0x002b).u16(2).u16(0x0304).u16(0x0033).u16(36).u16(0x001d).u16(32).zeros(32).finish()
  return handshake(2, new ByteWriter().u16(0x0303).zeros(32).u8(32).zeros(32).u16(0x1301).u8(0).u16(exts.length).bytes(exts).finish())
}

function fragment(r: TlsRecord, size: number): Uint8Array {
  if (r.type === 'change_cipher_spec') return Uint8Array.of(1)
  if (r.type === 'handshake' && r.message === 'Client Hello') return clientHello(r.sni, size)
  if (r.type === 'handshake' && r.message === 'Server Hello') return serverHello()
  return new Uint8Array(size)
}

export function encodeTlsRecords(records: TlsRecord[]): Uint8Array {
  const w = new ByteWriter()
  for (const r of records) {
    const size = r.length - 5
    const body = new Uint8Array(size)
    body.set(fragment(r, size).subarray(0, size))
    w.u8(CONTENT_TYPE[r.type]).u16(r.message === 'Client Hello' ? 0x0301 : 0x0303).u16(size).bytes(body)
  }
  return w.finish()
}
