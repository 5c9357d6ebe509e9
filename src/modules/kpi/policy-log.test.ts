import assert from 'node:assert/strict'
import { appendOnlyRefusal } from '../../test-support/database.ts'
import { after, before, describe, test } from 'node:test'
import { sessionCookie, testActor } from '../../test-support/accounts.ts'
import { manualClock, submitForm, testApp, type TestApp } from '../../test-support/app.ts'
import { policyLog } from './kpi.tables.ts'

let t: TestApp
const clock = manualClock('2026-05-10T07:00:00.000Z')
before(async () => (t = await testApp({ clock })))
after(() => t.close())

const log = '/progress/log'
const add = (cookie: string, fields: Record<string, string>, prefix = '') =>
  submitForm(t.app, { cookie, formPage: `${prefix}${log}`, url: `${prefix}${log}`, fields })

describe('the issues, risks and decisions log', () => {
  test('the Cell raises an issue and decides it; the decision settles it and names the operative target of a contradiction', async () => {
    const analyst = await sessionCookie(t, (await testActor(t, ['pic_analyst'])).id, clock.now())
    assert.match((await t.app.inject({ url: log })).body, /No issue or risk is open\./)

    const incomplete = await add(
      analyst,
      { kind: 'risk', item: 'action:23', title: 'Cohort slips', detail: 'Test plans late.' },
      '/ur',
    )
    assert.equal(incomplete.statusCode, 400)
    assert.match(incomplete.body, /شدت منتخب کریں۔/)
    assert.match(incomplete.body, /ذمہ دار منتخب کریں۔/)
    assert.match(incomplete.body, /value="Cohort slips"/, 'what was typed is kept')
    const undated = await add(analyst, { kind: 'decision', title: 'Target', detail: 'Fifty.' })
    assert.match(undated.body, /Give the date of the decision\./)
    assert.match(undated.body, /Give the reference of the decision/)
    const overreach = await add(analyst, {
      kind: 'issue',
      title: 'x',
      detail: 'y',
      severity: 'low',
      owner: 'secp',
      operativeTarget: 't-5.5-sandbox',
    })
    assert.match(overreach.body, /Only a decision settles an entry or names an operative target\./)

    const issue = await add(analyst, {
      kind: 'issue',
      item: 'target:t-3.8-sandbox',
      title: 'Which sandbox target is operative?',
      detail: 'Section 3.8 says 20 enterprises by 2027; 5.5 and row 23 say 50.',
      severity: 'high',
      owner: 'secp',
      escalated: 'yes',
    })
    assert.equal(issue.statusCode, 303)
    let page = (await t.app.inject({ url: log })).body
    assert.match(
      page,
      /<caption>Open issues and risks<\/caption>.*Which sandbox target is operative\?.*Escalated to the AI Council\./s,
    )
    const issueId = (await t.database.engine.db.select().from(policyLog))[0]!.id

    const decided = await add(analyst, {
      kind: 'decision',
      item: 'target:t-3.8-sandbox',
      title: 'Fifty enterprises by 2027',
      detail: 'The Council adopts the higher figure of 5.5 and row 23.',
      resolves: issueId,
      operativeTarget: 't-5.5-sandbox',
      decidedOn: '2026-05-08',
      reference: 'AI Council, second meeting, minute 4',
    })
    assert.equal(decided.statusCode, 303)
    page = (await t.app.inject({ url: log })).body
    assert.match(page, /No issue or risk is open\./, 'the decision settled the issue')
    assert.match(page, /Decided on 8 May 2026 \(AI Council, second meeting, minute 4\)\. Operative target: 5\.5\./)
    assert.match(
      (await t.app.inject({ url: '/progress' })).body,
      /Operative: 5\.5, decided on 8 May 2026 \(AI Council, second meeting, minute 4\)/,
    )
    assert.match((await t.app.inject({ url: '/progress/items/target%3At-3.8-sandbox' })).body, /Fifty enterprises by 2027/)
    const again = await add(analyst, {
      kind: 'decision',
      title: 'Settled twice',
      detail: 'x',
      resolves: issueId,
      decidedOn: '2026-05-09',
      reference: 'x',
    })
    assert.match(again.body, /Choose an open issue or risk\./, 'an entry is settled once')
  })

  test('only the Cell writes in the log, and the database keeps every entry', async () => {
    const member = await sessionCookie(t, (await testActor(t, ['org_admin'])).id, clock.now())
    const forged = await submitForm(t.app, {
      cookie: member,
      formPage: '/contact',
      url: log,
      fields: { kind: 'risk', title: 'x', detail: 'y', severity: 'low', owner: 'secp' },
    })
    assert.equal(forged.statusCode, 403)
    await assert.rejects(t.database.owner.delete(policyLog), appendOnlyRefusal)
  })
})
