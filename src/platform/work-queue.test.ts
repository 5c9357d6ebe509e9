import assert from 'node:assert/strict'
import { and, eq, isNull } from 'drizzle-orm'
import { after, before, describe, test } from 'node:test'
import { accountsDeps } from '../modules/accounts/accounts.service.ts'
import { completeReview, openDueAccessReviews } from '../modules/accounts/admin.service.ts'
import { sessionCookie, testOrganisation, testUser } from '../test-support/accounts.ts'
import { manualClock, testApp, type TestApp } from '../test-support/app.ts'
import { createAuditLog } from './audit-log.ts'
import type { UserActor } from './rbac.ts'
import { closeWorkItem, openWorkItem, pakistanToday, workQueueOf } from './work-queue.ts'
import { workItems } from './work-queue.tables.ts'

let t: TestApp
// 20:00 UTC on 1 May is already 2 May in Pakistan.
const clock = manualClock('2026-05-01T20:00:00Z')
before(async () => (t = await testApp({ clock })))
after(() => t.close())

const db = () => t.database.engine.db
const item = (id: string, extra: Partial<Parameters<typeof openWorkItem>[2]> = {}) => ({
  kind: 'access_review.due',
  subject: { type: 'test', id },
  title: { key: 'work.items.accessReviewAll' },
  link: '/admin/access-review',
  assignee: { role: 'reviewer' as const },
  urgency: 2 as const,
  ...extra,
})

describe('the work queue', () => {
  test('dates are Pakistan dates', () => {
    assert.equal(pakistanToday(clock), '2026-05-02')
    assert.equal(pakistanToday(clock, 30), '2026-06-01')
  })

  test("each person sees their own items and their roles' items in their organisation, overdue first, then by urgency", async () => {
    const ours = await testOrganisation(t, 'queue-ours')
    const theirs = await testOrganisation(t, 'queue-theirs')
    const me = await testUser(t, { roles: ['org_admin'], organisationId: ours.id })
    const actor: UserActor = { kind: 'user', id: me.id, organisationId: ours.id, roles: ['org_admin'] }
    await openWorkItem(
      db(),
      clock,
      item('later', { assignee: { role: 'org_admin', organisationId: ours.id }, dueOn: '2026-06-30', urgency: 3 }),
    )
    await openWorkItem(db(), clock, item('overdue', { assignee: { userId: me.id }, dueOn: '2026-04-30', urgency: 1 }))
    await openWorkItem(db(), clock, item('critical', { assignee: { role: 'org_admin', organisationId: ours.id }, urgency: 4 }))
    await openWorkItem(db(), clock, item('elsewhere', { assignee: { role: 'org_admin', organisationId: theirs.id }, urgency: 4 }))
    await openWorkItem(db(), clock, item('not-my-role', { assignee: { role: 'reviewer' }, urgency: 4 }))

    const queue = await workQueueOf(db(), clock, actor)
    assert.deepEqual(
      queue.map((i) => i.subjectId),
      ['overdue', 'critical', 'later'],
    )
    assert.deepEqual(
      queue.map((i) => i.overdue),
      [true, false, false],
    )
    assert.deepEqual(
      (await workQueueOf(db(), clock, actor, { overdueOnly: true })).map((i) => i.subjectId),
      ['overdue'],
    )

    await closeWorkItem(db(), clock, 'access_review.due', { type: 'test', id: 'critical' })
    assert.deepEqual(
      (await workQueueOf(db(), clock, actor)).map((i) => i.subjectId),
      ['overdue', 'later'],
    )

    const page = await t.app.inject({ url: '/ur/work', headers: { cookie: await sessionCookie(t, me.id, clock.now()) } })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<tr class="overdue">/)
    assert.match(page.body, /href="\/ur\/admin\/access-review">پورے میزان میں رسائی رکھنے والوں کا جائزہ لیں<\/a>/)
    await openWorkItem(
      db(),
      clock,
      item('named', {
        assignee: { userId: me.id },
        title: {
          key: 'work.items.accessReviewOrganisation',
          vars: { organisationEn: 'Test Org', organisationUr: 'آزمائشی ادارہ' },
        },
      }),
    )
    const named = await t.app.inject({ url: '/ur/work', headers: { cookie: await sessionCookie(t, me.id, clock.now()) } })
    assert.match(named.body, />\u2068آزمائشی ادارہ\u2069 تک رسائی رکھنے والوں کا جائزہ لیں</)
  })

  test('quarterly access reviews are put in the queue once, and leave it when the review is completed', async () => {
    const org = await testOrganisation(t, 'queue-review')
    const admin = await testUser(t, { roles: ['org_admin'], organisationId: org.id })
    const deps = accountsDeps(db(), t.config.secrets, clock, createAuditLog({ clock, auditKey: t.config.secrets.auditKey }))
    await openDueAccessReviews(deps)
    clock.advance(24 * 60 * 60 * 1000)
    await openDueAccessReviews(deps)
    const open = () =>
      db()
        .select()
        .from(workItems)
        .where(and(eq(workItems.subjectType, 'organisation'), eq(workItems.subjectId, org.id), isNull(workItems.closedAt)))
    const [first, ...rest] = await open()
    assert.equal(rest.length, 0)
    assert.equal(first?.dueOn, '2026-06-01', 'the due date does not slide when the job runs again')
    assert.equal(first?.assigneeRole, 'org_admin')

    await completeReview(deps, { kind: 'user', id: admin.id, organisationId: org.id, roles: ['org_admin'] })
    assert.deepEqual(await open(), [])
    await openDueAccessReviews(deps)
    assert.deepEqual(await open(), [], 'not due again until a quarter has passed')
    clock.advance(91 * 24 * 60 * 60 * 1000)
    await openDueAccessReviews(deps)
    assert.equal((await open()).length, 1)
  })
})
