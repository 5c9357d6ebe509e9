import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'

const dir = () => mkdtempSync(join(tmpdir(), 'mizan-config-'))

describe('configuration', () => {
  test('nothing is needed to start on the embedded engine', () => {
    const c = loadConfig({ MIZAN_DATA_DIR: dir() })
    assert.equal(c.port, 3000)
    assert.equal(c.databaseUrl, undefined)
    assert.equal(c.publicUrl.href, 'http://localhost:3000/')
    assert.equal(c.trustProxy, false)
  })

  test('the embedded engine generates its secrets once and keeps them private in the data directory', () => {
    const d = dir()
    const first = loadConfig({ MIZAN_DATA_DIR: d })
    const second = loadConfig({ MIZAN_DATA_DIR: d })
    assert.equal(first.secrets.cookieSecret, second.secrets.cookieSecret)
    assert.equal(first.secrets.encryptionKeys.current, second.secrets.encryptionKeys.current)
    assert.equal(statSync(join(d, 'secrets.json')).mode & 0o777, 0o600)
    assert.ok(JSON.parse(readFileSync(join(d, 'secrets.json'), 'utf8')).cookieSecret.length >= 32)
  })

  test('a secrets file from an older version gains the new secrets and keeps its own', () => {
    const d = dir()
    const file = join(d, 'secrets.json')
    const old = { cookieSecret: 'c'.repeat(43), encryptionKeys: `k1:${Buffer.alloc(32, 2).toString('base64')}` }
    writeFileSync(file, JSON.stringify(old))
    const c = loadConfig({ MIZAN_DATA_DIR: d })
    assert.equal(c.secrets.cookieSecret, old.cookieSecret)
    assert.equal(c.secrets.encryptionKeys.current, 'k1')
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).auditKey, c.secrets.auditKey)
    assert.equal(loadConfig({ MIZAN_DATA_DIR: d }).secrets.auditKey, c.secrets.auditKey)
  })

  test('the audit anchors go beside the embedded database, or where MIZAN_AUDIT_ANCHORS says if its folder exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mizan-config-'))
    assert.equal(loadConfig({ MIZAN_DATA_DIR: dir }).auditAnchorFile, join(dir, 'audit-anchors.jsonl'))
    assert.equal(
      loadConfig({ MIZAN_DATA_DIR: dir, MIZAN_AUDIT_ANCHORS: join(dir, 'a.jsonl') }).auditAnchorFile,
      join(dir, 'a.jsonl'),
    )
    assert.throws(
      () => loadConfig({ MIZAN_DATA_DIR: dir, MIZAN_AUDIT_ANCHORS: join(dir, 'missing', 'a.jsonl') }),
      (e: Error) => e instanceof ConfigError && /the folder .*missing does not exist/.test(e.message),
    )
  })

  test('with DATABASE_URL, missing secrets stop startup and say which', () => {
    assert.throws(
      () => loadConfig({ MIZAN_DATA_DIR: dir(), DATABASE_URL: 'postgres://db/mizan' }),
      (e: Error) => e instanceof ConfigError && /MIZAN_COOKIE_SECRET, MIZAN_ENCRYPTION_KEYS, MIZAN_AUDIT_KEY/.test(e.message),
    )
  })

  test('with DATABASE_URL and secrets, nothing is written to disk', () => {
    const d = join(dir(), 'absent')
    const c = loadConfig({
      MIZAN_DATA_DIR: d,
      DATABASE_URL: 'postgresql://db/mizan',
      MIZAN_COOKIE_SECRET: 'x'.repeat(32),
      MIZAN_ENCRYPTION_KEYS: `prod1:${Buffer.alloc(32, 1).toString('base64')}`,
      MIZAN_AUDIT_KEY: 'a'.repeat(32),
    })
    assert.equal(c.secrets.encryptionKeys.current, 'prod1')
    assert.throws(() => statSync(d))
  })

  test('a replica to read from is a replica of a server: without DATABASE_URL it stops startup and says so', () => {
    assert.throws(
      () => loadConfig({ MIZAN_DATA_DIR: dir(), DATABASE_READ_URL: 'postgres://replica/mizan' }),
      (e: Error) => e instanceof ConfigError && /DATABASE_READ_URL .* set DATABASE_URL/.test(e.message),
    )
  })

  test('invalid values are named with the rule they break', () => {
    assert.throws(() => loadConfig({ MIZAN_DATA_DIR: dir(), PORT: 'eighty' }), /PORT/)
    assert.throws(
      () => loadConfig({ MIZAN_DATA_DIR: dir(), DATABASE_URL: 'mysql://x' }),
      /DATABASE_URL: must start with postgres/,
    )
    assert.throws(
      () => loadConfig({ MIZAN_DATA_DIR: dir(), MIZAN_COOKIE_SECRET: 'x'.repeat(32), MIZAN_ENCRYPTION_KEYS: 'k1:short' }),
      /MIZAN_ENCRYPTION_KEYS: key "k1" must be 32 bytes/,
    )
  })

  test('trusted proxies: none, all, a hop count or a list of addresses', () => {
    const tp = (v: string) => loadConfig({ MIZAN_DATA_DIR: dir(), MIZAN_TRUST_PROXY: v }).trustProxy
    assert.equal(tp('false'), false)
    assert.equal(tp('true'), true)
    assert.deepEqual(tp('10.0.0.1, 10.0.0.0/8'), ['10.0.0.1', '10.0.0.0/8'])
    const hops = tp('1') as (a: string, hop: number) => boolean
    assert.equal(hops('10.0.0.1', 0), true)
    assert.equal(hops('10.0.0.1', 1), false)
  })
})
