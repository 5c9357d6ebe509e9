import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { parseForm } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import {
  accountOf,
  beginEnrolment,
  checkPassword,
  checkSecondFactor,
  confirmEnrolment,
  type AccountsDeps,
} from './accounts.service.ts'
import type { Session, SessionStore } from './sessions.ts'
import type { DeviceCookie } from './known-devices.ts'
import { networkOf } from '../../platform/network.ts'
import { inboxOf, markRead } from '../../platform/outbox.ts'
import { AccountPage } from './views/account.tsx'
import { InboxPage } from './views/inbox.tsx'
import { EnrolPage, RecoveryCodesPage } from './views/enrol.tsx'
import { SecondFactorPage, SignInPage } from './views/sign-in.tsx'

declare module 'fastify' {
  interface FastifyRequest {
    authSession: Session | null
  }
}

/** Only a path on this site: never `//elsewhere` or a full URL, so sign-in cannot become an open redirect. */
export const safeNext = (next: unknown, fallback: string): string =>
  typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && next.length < 500 ? next : fallback

const SignInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, { error: 'accounts.errors.emailRequired' })
    .max(254, { error: 'accounts.errors.emailRequired' }),
  password: z
    .string()
    .min(1, { error: 'accounts.errors.passwordRequired' })
    .max(1000, { error: 'accounts.errors.passwordRequired' }),
  next: z.string().optional(),
})
const CodeForm = z.object({
  code: z.string().trim().min(1, { error: 'accounts.errors.codeRequired' }).max(40, { error: 'accounts.errors.codeRequired' }),
  next: z.string().optional(),
})
const NextQuery = z.object({ next: z.string().max(500).optional() })

/** Per network address, on top of the per-account delays in the service. */
const SIGN_IN_LIMIT = { max: 30, timeWindow: 15 * 60 * 1000 }

export async function accountsRoutes(
  app: FastifyInstance,
  deps: Deps,
  sessions: SessionStore,
  accounts: AccountsDeps,
  devices: DeviceCookie,
) {
  const stageOf = (req: FastifyRequest) => req.authSession?.stage
  // Staff land on what waits for them: every account holds a role, and every role has a queue.
  const home = (req: FastifyRequest) => pageContext(req).href('/work')
  const page = (req: FastifyRequest) => pageContext(req)
  const afterPassword = (req: FastifyRequest, next: string, stage: 'password' | 'enrol') =>
    `${page(req).href(stage === 'password' ? '/sign-in/verify' : '/account/mfa/enrol')}?next=${encodeURIComponent(next)}`

  app.get('/sign-in', { config: { access: 'public' }, schema: { querystring: NextQuery } }, async (req, reply) => {
    const next = safeNext((req.query as z.infer<typeof NextQuery>).next, home(req))
    if (req.actor) return reply.redirect(next, 303)
    return sendPage(reply, <SignInPage ctx={page(req)} csrf={reply.generateCsrf()} next={next} values={{}} errors={{}} />)
  })

  app.post('/sign-in', { config: { access: 'public', rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>
    const next = safeNext(body.next, home(req))
    const again = (status: number, errors: Record<string, string>, notice?: string) =>
      sendPage(
        reply,
        <SignInPage
          ctx={page(req)}
          csrf={reply.generateCsrf()}
          next={next}
          values={{ email: body.email }}
          errors={errors}
          notice={notice}
        />,
        status,
      )
    const parsed = parseForm(SignInForm, body)
    if (!parsed.ok) return again(400, parsed.errors)
    const result = await checkPassword(accounts, parsed.data.email, parsed.data.password, {
      network: networkOf(req.ip),
      deviceToken: devices.read(req),
    })
    if (result.outcome === 'wait') return again(429, {}, req.t('accounts.errors.wait', { seconds: result.seconds }))
    if (result.outcome === 'refused') return again(400, {}, req.t('accounts.errors.refused'))
    const stage = result.next === 'second_factor' ? 'password' : 'enrol'
    await sessions.begin(req, reply, result.userId, stage)
    return reply.redirect(afterPassword(req, next, stage), 303)
  })

  app.get('/sign-in/verify', { config: { access: 'public' }, schema: { querystring: NextQuery } }, async (req, reply) => {
    if (stageOf(req) !== 'password') return reply.redirect(page(req).href('/sign-in'), 303)
    const next = safeNext((req.query as z.infer<typeof NextQuery>).next, home(req))
    return sendPage(reply, <SecondFactorPage ctx={page(req)} csrf={reply.generateCsrf()} next={next} values={{}} errors={{}} />)
  })

  app.post('/sign-in/verify', { config: { access: 'public', rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    const session = req.authSession
    if (!session || session.stage !== 'password') return reply.redirect(page(req).href('/sign-in'), 303)
    const body = (req.body ?? {}) as Record<string, unknown>
    const next = safeNext(body.next, home(req))
    const again = (status: number, errors: Record<string, string>, notice?: string) =>
      sendPage(
        reply,
        <SecondFactorPage ctx={page(req)} csrf={reply.generateCsrf()} next={next} values={{}} errors={errors} notice={notice} />,
        status,
      )
    const parsed = parseForm(CodeForm, body)
    if (!parsed.ok) return again(400, parsed.errors)
    const result = await checkSecondFactor(accounts, session.userId, parsed.data.code)
    if (result.outcome === 'wait') return again(429, {}, req.t('accounts.errors.wait', { seconds: result.seconds }))
    if (result.outcome === 'refused') return again(400, { code: 'accounts.errors.codeRefused' })
    await sessions.begin(req, reply, session.userId, 'full')
    await devices.remember(req, reply, session.userId)
    return reply.redirect(next, 303)
  })

  const enrolPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    next: string,
    errors: Record<string, string>,
    status = 200,
  ) =>
    sendPage(
      reply,
      <EnrolPage
        ctx={page(req)}
        csrf={reply.generateCsrf()}
        next={next}
        enrolment={await beginEnrolment(accounts, userId)}
        values={{}}
        errors={errors}
      />,
      status,
    )

  app.get('/account/mfa/enrol', { config: { access: 'public' }, schema: { querystring: NextQuery } }, async (req, reply) => {
    const session = req.authSession
    if (!session || session.stage !== 'enrol') return reply.redirect(page(req).href('/sign-in'), 303)
    return enrolPage(req, reply, session.userId, safeNext((req.query as z.infer<typeof NextQuery>).next, home(req)), {})
  })

  app.post('/account/mfa/enrol', { config: { access: 'public', rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    const session = req.authSession
    if (!session || session.stage !== 'enrol') return reply.redirect(page(req).href('/sign-in'), 303)
    const body = (req.body ?? {}) as Record<string, unknown>
    const next = safeNext(body.next, home(req))
    const parsed = parseForm(CodeForm, body)
    if (!parsed.ok) return enrolPage(req, reply, session.userId, next, parsed.errors, 400)
    const codes = await confirmEnrolment(accounts, session.userId, parsed.data.code)
    if (!codes) return enrolPage(req, reply, session.userId, next, { code: 'accounts.errors.codeRefused' }, 400)
    await sessions.begin(req, reply, session.userId, 'full')
    await devices.remember(req, reply, session.userId)
    reply.header('cache-control', 'no-store')
    return sendPage(reply, <RecoveryCodesPage ctx={page(req)} codes={codes} next={next} />)
  })

  app.post('/sign-out', { config: { access: 'public' } }, async (req, reply) => {
    if (req.actor)
      await deps.audit.record(deps.db, req.actor, { action: 'accounts.signed_out', subject: { type: 'user', id: req.actor.id } })
    await sessions.end(req, reply)
    return reply.redirect(page(req).href('/'), 303)
  })

  app.get('/account/inbox', { config: { access: 'account.self' } }, async (req, reply) => {
    const items = await inboxOf(deps.db, req.actor!.id)
    // Shown as they were before this visit; opening the inbox reads them.
    await markRead(deps.db, req.actor!.id, deps.clock.now())
    return sendPage(reply.header('cache-control', 'no-store'), <InboxPage ctx={page(req)} items={items} />)
  })

  app.get('/account', { config: { access: 'account.self' } }, async (req, reply) => {
    const { user, organisation: org } = (await accountOf(deps.db, req.actor!.id))!
    const orgName = org ? (req.locale === 'ur' ? org.nameUr : org.nameEn) : null
    reply.header('cache-control', 'no-store')
    return sendPage(
      reply,
      <AccountPage
        ctx={page(req)}
        csrf={reply.generateCsrf()}
        user={user}
        roles={[...req.actor!.roles]}
        organisation={orgName}
      />,
    )
  })
}
