import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { SMTPServer } from 'smtp-server'
import { manualClock } from '../test-support/app.ts'
import { freshDatabase, type TestDatabase } from '../test-support/database.ts'
import { announceUnsent, queueEmail, sendDue, smtpMailer } from './outbox.ts'
import { outboxMessages } from './platform.tables.ts'

let d: TestDatabase
let server: SMTPServer
let port = 0
const received: { to: string; data: string }[] = []
let refuseNext = 0

before(async () => {
  d = await freshDatabase()
  // A real SMTP server on loopback: what Mizan sends is what a mail server receives.
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      if (refuseNext > 0) {
        refuseNext--
        return cb(new Error('mailbox unavailable'))
      }
      cb()
    },
    onData(stream, session, cb) {
      let data = ''
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data })
        cb()
      })
    },
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  port = (server.server.address() as AddressInfo).port
})
after(async () => {
  await new Promise<void>((ok) => server.close(() => ok()))
  await d?.dispose()
})

describe('the outbox', () => {
  test('without SMTP, mail waits in the outbox; with it, each message is sent once', async () => {
    const clock = manualClock()
    await queueEmail(d.engine.db, clock, {
      kind: 'test',
      to: 'officer@example.gov.pk',
      subject: 'سلام · Hello',
      body: 'Line one\nدوسری سطر',
    })
    assert.deepEqual(await sendDue(d.engine.db, clock, undefined, 'Mizan <no-reply@mizan.test>'), { sent: 0, failed: 0 })
    const mailer = smtpMailer(`smtp://127.0.0.1:${port}?ignoreTLS=true`)
    assert.deepEqual(await sendDue(d.engine.db, clock, mailer, 'Mizan <no-reply@mizan.test>'), { sent: 1, failed: 0 })
    assert.deepEqual(await sendDue(d.engine.db, clock, mailer, 'Mizan <no-reply@mizan.test>'), { sent: 0, failed: 0 })
    assert.equal(received.length, 1)
    assert.equal(received[0]!.to, 'officer@example.gov.pk')
    assert.match(received[0]!.data, /Subject: =\?UTF-8\?/)
    const [row] = await d.engine.db.select().from(outboxMessages)
    assert.ok(row?.sentAt)
  })

  test('without a mail server, each waiting message is announced in the log once, without its address or body', async () => {
    const clock = manualClock('2026-09-01T00:00:00Z')
    await queueEmail(d.engine.db, clock, {
      kind: 'password_reset',
      to: 'private@example.gov.pk',
      subject: 'Reset',
      body: 'secret link',
    })
    const lines: string[] = []
    assert.equal(await announceUnsent(d.engine.db, clock, (m) => lines.push(JSON.stringify(m))), 1)
    assert.equal(await announceUnsent(d.engine.db, clock, (m) => lines.push(JSON.stringify(m))), 0)
    assert.match(lines[0]!, /"kind":"password_reset"/)
    assert.doesNotMatch(lines.join(), /private@|secret link/)
  })

  test('a refused message is retried later, with a growing wait', async () => {
    const clock = manualClock('2026-08-01T00:00:00Z')
    const mailer = smtpMailer(`smtp://127.0.0.1:${port}?ignoreTLS=true`)
    await queueEmail(d.engine.db, clock, { kind: 'test', to: 'retry@example.gov.pk', subject: 'Retry', body: 'x' })
    refuseNext = 1
    assert.deepEqual(await sendDue(d.engine.db, clock, mailer, 'mizan@mizan.test'), { sent: 0, failed: 1 })
    assert.deepEqual(
      await sendDue(d.engine.db, clock, mailer, 'mizan@mizan.test'),
      { sent: 0, failed: 0 },
      'not before its next attempt',
    )
    clock.advance(60_000)
    assert.deepEqual(await sendDue(d.engine.db, clock, mailer, 'mizan@mizan.test'), { sent: 1, failed: 0 })
    assert.ok(received.some((r) => r.to === 'retry@example.gov.pk'))
  })
})
