import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import { decrypt, encrypt, keyIdOf, parseKeyRing } from './crypto.ts'

const key = () => randomBytes(32).toString('base64')

describe('encryption at rest', () => {
  test('a value decrypts to what was encrypted, and the ciphertext differs each time', () => {
    const ring = parseKeyRing(`k1:${key()}`)
    const a = encrypt(ring, 'ایمان علی <iman@example.pk>')
    const b = encrypt(ring, 'ایمان علی <iman@example.pk>')
    assert.notEqual(a, b)
    assert.equal(decrypt(ring, a), 'ایمان علی <iman@example.pk>')
    // '@' is outside the ciphertext's alphabet, so this cannot match by chance, as a bare word one time in millions can.
    assert.ok(!a.includes('iman@example'))
    assert.ok(!Buffer.from(a.split('.').at(-1)!, 'base64url').includes(Buffer.from('iman@example')))
  })

  test('each value names its key, so old values stay readable after rotation', () => {
    const old = `k1:${key()}`
    const before = parseKeyRing(old)
    const sealed = encrypt(before, 'secret')
    const rotated = parseKeyRing(`k2:${key()},${old}`)
    assert.equal(keyIdOf(sealed), 'k1')
    assert.equal(keyIdOf(encrypt(rotated, 'x')), 'k2')
    assert.equal(decrypt(rotated, sealed), 'secret')
  })

  test('a value under a key no longer configured is refused with its key named', () => {
    const sealed = encrypt(parseKeyRing(`gone:${key()}`), 'x')
    assert.throws(() => decrypt(parseKeyRing(`k2:${key()}`), sealed), /"gone" is not configured/)
  })

  test('tampering is detected, including relabelling the key id', () => {
    const k = key()
    const ring = parseKeyRing(`k1:${k},k2:${k}`)
    const sealed = encrypt(ring, 'amount: 1000')
    const parts = sealed.split('.')
    const body = Buffer.from(parts[4]!, 'base64url')
    body[0]! ^= 1
    assert.throws(() => decrypt(ring, [...parts.slice(0, 4), body.toString('base64url')].join('.')))
    assert.throws(() => decrypt(ring, sealed.replace('.k1.', '.k2.')))
  })

  test('malformed key rings are refused with a reason', () => {
    assert.throws(() => parseKeyRing(''), /at least one key/)
    assert.throws(() => parseKeyRing('k1:c2hvcnQ='), /32 bytes/)
    assert.throws(() => parseKeyRing(`bad id:${key()}`), /id:base64key/)
    assert.throws(() => parseKeyRing(`k1:${key()},k1:${key()}`), /twice/)
  })
})
