import assert from 'node:assert/strict'
import Fastify from 'fastify'
import { after, before, describe, test } from 'node:test'
import { sessionCookie, testOrganisation, testUser } from '../test-support/accounts.ts'
import { openForm, testApp, type TestApp } from '../test-support/app.ts'
import { registerAccessControl, UndeclaredAccessError } from './access.ts'
import { permissions, roles, scopeOf, type Role, type UserActor } from './rbac.ts'

let t: TestApp
const people = new Map<Role, string>()
let csrf: { cookie: string; csrf: string }
before(async () => {
  t = await testApp()
  const org = await testOrganisation(t)
  for (const role of roles) {
    const user = await testUser(t, { roles: [role], organisationId: org.id })
    people.set(role, user.id)
  }
  csrf = await openForm(t.app, '/contact')
})
after(() => t.close())

describe('the authorisation matrix', () => {
  test('every route declares its access; a route that does not stops the app from starting', async () => {
    const app = Fastify()
    registerAccessControl(app, async () => null)
    assert.throws(() => app.get('/forgot', async () => 'x'), UndeclaredAccessError)
    assert.throws(() => app.get('/typo', { config: { access: 'users.mange' as never } }, async () => 'x'), UndeclaredAccessError)
    assert.ok(t.app.accessTable.size >= 15)
  })

  test('each route answers each role as the permission table says', async () => {
    const checked: string[] = []
    for (const [route, access] of t.app.accessTable) {
      const [method, url] = route.split(' ') as ['GET' | 'POST', string]
      if (url.includes(':') || url.includes('*') || !['GET', 'POST'].includes(method)) continue
      for (const who of ['anonymous', ...roles] as const) {
        // A fresh session each time: walking POST /sign-out must not sign the next request out.
        const session = who === 'anonymous' ? '' : await sessionCookie(t, people.get(who)!)
        const res = await t.app.inject({
          method,
          url,
          remoteAddress: '198.51.100.7',
          headers: {
            cookie: [csrf.cookie, session].filter(Boolean).join('; '),
            ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          ...(method === 'POST' ? { payload: `_csrf=${encodeURIComponent(csrf.csrf)}` } : {}),
        })
        const toSignIn =
          res.statusCode === 401 || (res.statusCode === 303 && /\/sign-in\?next=/.test(String(res.headers.location)))
        if (access === 'operator') continue // the loopback-or-token rule has its own tests in operations.test.ts
        const allowed =
          access === 'public' ||
          (who !== 'anonymous' && scopeOf({ kind: 'user', id: 'x', organisationId: null, roles: [who] }, access) !== null)
        if (allowed) assert.ok(!toSignIn && res.statusCode !== 403, `${route} as ${who}: expected access, got ${res.statusCode}`)
        else if (who === 'anonymous') assert.ok(toSignIn, `${route} anonymous: expected sign-in, got ${res.statusCode}`)
        else assert.equal(res.statusCode, 403, `${route} as ${who}`)
        checked.push(`${route} ${who}`)
      }
    }
    assert.ok(checked.length >= 100)
  })
})

describe('scopes', () => {
  const actor = (r: Role[], organisationId: string | null = 'org-a'): UserActor => ({
    kind: 'user',
    id: 'u',
    organisationId,
    roles: r,
  })

  test('the widest scope of any role wins', () => {
    assert.equal(scopeOf(actor(['org_admin']), 'users.manage'), 'own_org')
    assert.equal(scopeOf(actor(['org_admin', 'sysadmin']), 'users.manage'), 'all')
    assert.equal(scopeOf(actor(['org_member']), 'users.manage'), null)
    assert.equal(scopeOf(null, 'account.self'), null)
  })

  test('every permission is held by at least one role, and only the system administrator holds the audit check', () => {
    for (const [name, grants] of Object.entries(permissions)) assert.ok(Object.keys(grants).length > 0, name)
    assert.deepEqual(Object.keys(permissions['audit.verify']), ['sysadmin'])
  })
})
