import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import {
  acceptInvitation,
  completePasswordReset,
  invitationFor,
  requestPasswordReset,
  resetFor,
} from './account-links.service.ts'
import { accountOf, changePassword, organisationOf, type AccountsDeps } from './accounts.service.ts'
import { passwordProblem } from './password.ts'
import type { SessionStore } from './sessions.ts'
import { ChangePasswordPage, ForgotPasswordPage, MessagePage, SetPasswordPage } from './views/password.tsx'

const TokenQuery = z.object({ token: z.string().max(200).optional() })
const NewPassword = z.object({
  token: z.string().min(1).max(200),
  name: z.string().trim().max(200, { error: 'accounts.errors.nameRequired' }).optional(),
  password: z.string().max(1000, { error: 'accounts.errors.passwordLong' }),
  confirm: z.string().max(1000),
})
const ChangeForm = z.object({
  current: z
    .string()
    .min(1, { error: 'accounts.errors.passwordRequired' })
    .max(1000, { error: 'accounts.errors.passwordRequired' }),
  password: z.string().max(1000, { error: 'accounts.errors.passwordLong' }),
  confirm: z.string().max(1000),
})
const ForgotForm = z.object({
  email: z.email({ error: 'accounts.errors.emailInvalid' }).max(254, { error: 'accounts.errors.emailInvalid' }),
})

const LINK_LIMIT = { max: 20, timeWindow: 15 * 60 * 1000 }

/** Checks the new password the way people expect: both copies the same, strong enough, and says which. */
async function newPasswordErrors(data: z.infer<typeof NewPassword>, personal: string[], needName: boolean): Promise<FieldErrors> {
  const errors: FieldErrors = {}
  if (needName && !data.name) errors.name = 'accounts.errors.nameRequired'
  const problem = await passwordProblem(data.password, personal)
  if (problem) errors.password = problem
  else if (data.password !== data.confirm) errors.confirm = 'accounts.errors.passwordMismatch'
  return errors
}

/** Links that arrive by e-mail: accepting an invitation, resetting a forgotten password. */
export async function accountLinksRoutes(app: FastifyInstance, deps: Deps, sessions: SessionStore, accounts: AccountsDeps) {
  const page = (req: FastifyRequest) => pageContext(req)
  // Pages reached with a token in their URL: never cached, never sent on as a referrer (set globally).
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store')
  const expired = (req: FastifyRequest, reply: FastifyReply, kind: 'invitation' | 'reset') =>
    sendPage(
      noStore(reply),
      <MessagePage
        ctx={page(req)}
        title={req.t(`accounts.${kind}.expiredTitle`)}
        body={req.t(`accounts.${kind}.expiredBody`)}
        link={kind === 'reset' ? { href: page(req).href('/password/forgot'), text: req.t('accounts.forgot.title') } : undefined}
      />,
      410,
    )
  const invitationContext = async (req: FastifyRequest, organisationId: string | null) => {
    const org = organisationId ? await organisationOf(deps.db, organisationId) : undefined
    return org ? req.t('accounts.invitation.lead', { organisation: req.locale === 'ur' ? org.nameUr : org.nameEn }) : undefined
  }

  app.get('/invitation', { config: { access: 'public' }, schema: { querystring: TokenQuery } }, async (req, reply) => {
    const token = (req.query as z.infer<typeof TokenQuery>).token ?? ''
    const invitation = await invitationFor(deps.db, token, deps.clock.now())
    if (!invitation) return expired(req, reply, 'invitation')
    const context = await invitationContext(req, invitation.organisationId)
    return sendPage(
      noStore(reply),
      <SetPasswordPage
        ctx={page(req)}
        csrf={reply.generateCsrf()}
        kind="invitation"
        token={token}
        values={{ name: invitation.name }}
        errors={{}}
        context={context}
      />,
    )
  })

  app.post('/invitation', { config: { access: 'public', rateLimit: LINK_LIMIT } }, async (req, reply) => {
    const parsed = parseForm(NewPassword, req.body)
    if (!parsed.ok) return expired(req, reply, 'invitation')
    const invitation = await invitationFor(deps.db, parsed.data.token, deps.clock.now())
    if (!invitation) return expired(req, reply, 'invitation')
    const errors = await newPasswordErrors(parsed.data, [invitation.email, parsed.data.name ?? ''], true)
    if (Object.keys(errors).length > 0) {
      const context = await invitationContext(req, invitation.organisationId)
      const form = (
        <SetPasswordPage
          ctx={page(req)}
          csrf={reply.generateCsrf()}
          kind="invitation"
          token={parsed.data.token}
          values={{ name: parsed.data.name }}
          errors={errors}
          context={context}
        />
      )
      return sendPage(noStore(reply), form, 400)
    }
    const userId = await acceptInvitation(accounts, parsed.data.token, parsed.data.name!, parsed.data.password)
    if (!userId) return expired(req, reply, 'invitation')
    await sessions.begin(req, reply, userId, 'enrol')
    return reply.redirect(page(req).href('/account/mfa/enrol'), 303)
  })

  app.get('/account/password', { config: { access: 'account.self' } }, async (req, reply) =>
    sendPage(reply, <ChangePasswordPage ctx={page(req)} csrf={reply.generateCsrf()} errors={{}} />),
  )

  app.post('/account/password', { config: { access: 'account.self', rateLimit: LINK_LIMIT } }, async (req, reply) => {
    const parsed = parseForm(ChangeForm, req.body)
    const again = (errors: FieldErrors, status: number, notice?: string) =>
      sendPage(reply, <ChangePasswordPage ctx={page(req)} csrf={reply.generateCsrf()} errors={errors} notice={notice} />, status)
    if (!parsed.ok) return again(parsed.errors, 400)
    const { user } = (await accountOf(deps.db, req.actor!.id))!
    const errors = await newPasswordErrors({ ...parsed.data, token: '' }, [user.email, user.name], false)
    if (Object.keys(errors).length > 0) return again(errors, 400)
    const result = await changePassword(accounts, user.id, parsed.data.current, parsed.data.password)
    if (result.outcome === 'wait') return again({}, 429, req.t('accounts.errors.wait', { seconds: result.seconds }))
    if (result.outcome === 'refused') return again({ current: 'accounts.errors.currentWrong' }, 400)
    // Every session ended; this browser gets a fresh one, so only the other devices are signed out.
    await sessions.begin(req, reply, user.id, 'full')
    return sendPage(
      reply,
      <MessagePage
        ctx={page(req)}
        title={req.t('accounts.change.doneTitle')}
        body={req.t('accounts.change.doneBody')}
        link={{ href: page(req).href('/account'), text: req.t('accounts.account.title') }}
      />,
    )
  })

  app.get('/password/forgot', { config: { access: 'public' } }, async (req, reply) =>
    sendPage(reply, <ForgotPasswordPage ctx={page(req)} csrf={reply.generateCsrf()} values={{}} errors={{}} />),
  )

  app.post('/password/forgot', { config: { access: 'public', rateLimit: LINK_LIMIT } }, async (req, reply) => {
    const parsed = parseForm(ForgotForm, req.body)
    if (!parsed.ok) {
      const values = (req.body ?? {}) as Record<string, unknown>
      return sendPage(
        reply,
        <ForgotPasswordPage ctx={page(req)} csrf={reply.generateCsrf()} values={values} errors={parsed.errors} />,
        400,
      )
    }
    await requestPasswordReset(accounts, parsed.data.email, { publicUrl: deps.config.publicUrl, locale: req.locale })
    return sendPage(
      reply,
      <MessagePage ctx={page(req)} title={req.t('accounts.forgot.sentTitle')} body={req.t('accounts.forgot.sentBody')} />,
    )
  })

  app.get('/password/reset', { config: { access: 'public' }, schema: { querystring: TokenQuery } }, async (req, reply) => {
    const token = (req.query as z.infer<typeof TokenQuery>).token ?? ''
    if (!(await resetFor(deps.db, token, deps.clock.now()))) return expired(req, reply, 'reset')
    return sendPage(
      noStore(reply),
      <SetPasswordPage ctx={page(req)} csrf={reply.generateCsrf()} kind="reset" token={token} values={{}} errors={{}} />,
    )
  })

  app.post('/password/reset', { config: { access: 'public', rateLimit: LINK_LIMIT } }, async (req, reply) => {
    const parsed = parseForm(NewPassword, req.body)
    if (!parsed.ok) return expired(req, reply, 'reset')
    const reset = await resetFor(deps.db, parsed.data.token, deps.clock.now())
    if (!reset) return expired(req, reply, 'reset')
    const errors = await newPasswordErrors(parsed.data, [reset.email], false)
    if (Object.keys(errors).length > 0) {
      return sendPage(
        noStore(reply),
        <SetPasswordPage
          ctx={page(req)}
          csrf={reply.generateCsrf()}
          kind="reset"
          token={parsed.data.token}
          values={{}}
          errors={errors}
        />,
        400,
      )
    }
    if (!(await completePasswordReset(accounts, parsed.data.token, parsed.data.password))) return expired(req, reply, 'reset')
    await sessions.end(req, reply)
    return sendPage(
      reply,
      <MessagePage
        ctx={page(req)}
        title={req.t('accounts.reset.doneTitle')}
        body={req.t('accounts.reset.doneBody')}
        link={{ href: page(req).href('/sign-in'), text: req.t('accounts.signIn.title') }}
      />,
    )
  })
}
