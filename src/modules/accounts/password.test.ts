import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { hashPassword, passwordMatches, passwordProblem } from './password.ts'

describe('passwords', () => {
  test("short, common, or made of the person's own details are refused, each with its reason", async () => {
    assert.equal(await passwordProblem('short-pw'), 'accounts.errors.passwordShort')
    assert.equal(await passwordProblem('x'.repeat(201)), 'accounts.errors.passwordLong')
    assert.equal(await passwordProblem('password1234'), 'accounts.errors.passwordCommon')
    assert.equal(await passwordProblem('qwertyuiop12'), 'accounts.errors.passwordCommon')
    assert.equal(
      await passwordProblem('ayeshakhan2026', ['ayeshakhan', 'ayesha.khan@example.pk']),
      'accounts.errors.passwordCommon',
    )
  })

  test('a long passphrase is accepted, in any script', async () => {
    assert.equal(await passwordProblem('river-lamp-kettle-orbit'), null)
    assert.equal(await passwordProblem('دریا کنارے چراغ جلتا ہے'), null)
  })

  test('hashes are argon2id and verify only the right password', async () => {
    const h = await hashPassword('river-lamp-kettle-orbit')
    assert.match(h, /^\$argon2id\$/)
    assert.equal(await passwordMatches(h, 'river-lamp-kettle-orbit'), true)
    assert.equal(await passwordMatches(h, 'river-lamp-kettle-orbiT'), false)
    assert.equal(await passwordMatches(null, 'anything'), false)
  })
})
