import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { manualClock } from '../test-support/app.ts'
import { freshDatabase, type TestDatabase } from '../test-support/database.ts'
import { createJobRunner, nextDue, type Job } from './jobs.ts'
import { jobSchedule } from './platform.tables.ts'

let d: TestDatabase
before(async () => (d = await freshDatabase()))
after(() => d?.dispose())

const MIN = 60_000

describe('schedules', () => {
  test('an interval is counted from the time it last fell due', () => {
    assert.equal(nextDue({ everyMinutes: 15 }, new Date('2026-03-01T10:00:00Z')).toISOString(), '2026-03-01T10:15:00.000Z')
  })

  test('a daily time is Pakistan time, and always in the future', () => {
    // 06:00 in Karachi is 01:00 UTC.
    assert.equal(nextDue({ dailyAt: '06:00' }, new Date('2026-03-01T00:30:00Z')).toISOString(), '2026-03-01T01:00:00.000Z')
    assert.equal(nextDue({ dailyAt: '06:00' }, new Date('2026-03-01T01:00:00Z')).toISOString(), '2026-03-02T01:00:00.000Z')
    // 23:30 UTC on 1 March is already 04:30 on 2 March in Karachi.
    assert.equal(nextDue({ dailyAt: '06:00' }, new Date('2026-03-01T23:30:00Z')).toISOString(), '2026-03-02T01:00:00.000Z')
    assert.equal(nextDue({ dailyAt: '00:00' }, new Date('2026-12-31T18:59:00Z')).toISOString(), '2026-12-31T19:00:00.000Z')
  })
})

describe('the job runner', () => {
  test('due work runs when the clock passes its time, once, even with two runners', async () => {
    const clock = manualClock('2026-05-01T00:00:00Z')
    const ran: string[] = []
    const job: Job = {
      name: 'test.count',
      schedule: { everyMinutes: 30 },
      async run(_db, now) {
        ran.push(now.toISOString())
      },
    }
    const a = createJobRunner({ db: d.engine.db, clock, jobs: [job] })
    const b = createJobRunner({ db: d.engine.db, clock, jobs: [job] })
    await a.register()
    await b.register()

    assert.deepEqual(await a.runDue(), [])
    clock.advance(29 * MIN)
    assert.deepEqual(await Promise.all([a.runDue(), b.runDue()]), [[], []])
    clock.advance(1 * MIN)
    const outcomes = (await Promise.all([a.runDue(), b.runDue(), a.runDue()])).flat()
    assert.deepEqual(outcomes, [{ name: 'test.count', outcome: 'ok' }])
    assert.deepEqual(ran, ['2026-05-01T00:30:00.000Z'])
    clock.advance(30 * MIN)
    await b.runDue()
    assert.deepEqual(ran, ['2026-05-01T00:30:00.000Z', '2026-05-01T01:00:00.000Z'])
  })

  test('a failing job is recorded and does not stop the others', async () => {
    const clock = manualClock('2026-06-01T00:00:00Z')
    const ran: string[] = []
    const failures: string[] = []
    const runner = createJobRunner({
      db: d.engine.db,
      clock,
      jobs: [
        {
          name: 'test.fails',
          schedule: { everyMinutes: 5 },
          run: async () => {
            throw new Error('disk full')
          },
        },
        { name: 'test.works', schedule: { everyMinutes: 5 }, run: async () => void ran.push('works') },
      ],
      onError: (job) => failures.push(job),
    })
    await runner.register()
    clock.advance(5 * MIN)
    assert.deepEqual(await runner.runDue(), [
      { name: 'test.fails', outcome: 'failed', error: 'disk full' },
      { name: 'test.works', outcome: 'ok' },
    ])
    assert.deepEqual(ran, ['works'])
    assert.deepEqual(failures, ['test.fails'])
    const rows = await d.engine.db.select().from(jobSchedule)
    const failed = rows.find((r) => r.name === 'test.fails')!
    assert.equal(failed.lastOutcome, 'failed')
    assert.equal(failed.lastError, 'disk full')
    assert.equal(failed.leaseUntil, null)
  })

  test('a job held by a runner that died is taken over once its lease expires', async () => {
    const clock = manualClock('2026-07-01T00:00:00Z')
    const ran: string[] = []
    const job: Job = {
      name: 'test.lease',
      schedule: { everyMinutes: 1 },
      run: async (_db, now) => void ran.push(now.toISOString()),
    }
    const runner = createJobRunner({ db: d.engine.db, clock, jobs: [job] })
    await runner.register()
    // A runner claimed it and vanished: the lease is held, and the job is due again.
    await d.engine.db.update(jobSchedule).set({ leaseUntil: new Date('2026-07-01T00:10:00Z') })
    clock.advance(2 * MIN)
    assert.deepEqual(await runner.runDue(), [])
    clock.advance(9 * MIN)
    assert.equal((await runner.runDue()).length, 1)
  })
})
