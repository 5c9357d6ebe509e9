import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** The first key encrypts; every key decrypts, so old values stay readable after a rotation. */
export type KeyRing = { current: string; keys: ReadonlyMap<string, Buffer> }

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/

/** Parses `id:base64key[,id:base64key...]`, newest first. */
export function parseKeyRing(spec: string): KeyRing {
  const keys = new Map<string, Buffer>()
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const sep = part.indexOf(':')
    const id = part.slice(0, sep)
    const key = Buffer.from(part.slice(sep + 1), 'base64')
    if (sep < 1 || !KEY_ID.test(id)) throw new Error(`"${part.slice(0, 8)}…" must look like id:base64key`)
    if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes (44 base64 characters)`)
    if (keys.has(id)) throw new Error(`key id "${id}" appears twice`)
    keys.set(id, key)
  }
  const current = keys.keys().next().value
  if (current === undefined) throw new Error('at least one key is required')
  return { current, keys }
}

const VERSION = 'v1'

/** AES-256-GCM; the output names the key that encrypted it, so keys can rotate. */
export function encrypt(ring: KeyRing, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', ring.keys.get(ring.current)!, iv)
  cipher.setAAD(Buffer.from(`${VERSION}.${ring.current}`))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [
    VERSION,
    ring.current,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.')
}

export function decrypt(ring: KeyRing, sealed: string): string {
  const [version, keyId, iv, tag, body] = sealed.split('.')
  if (version !== VERSION || !keyId || iv === undefined || tag === undefined || body === undefined) {
    throw new Error('not an encrypted value')
  }
  const key = ring.keys.get(keyId)
  if (!key) throw new Error(`encryption key "${keyId}" is not configured`)
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(`${version}.${keyId}`))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}

/** Which key sealed a value: lets a re-encryption job find values still under a retired key. */
export const keyIdOf = (sealed: string): string | undefined => sealed.split('.')[1]
