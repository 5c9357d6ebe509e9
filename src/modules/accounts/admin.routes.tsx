import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Deps } from '../../platform/deps.ts'
import { parseForm } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import { organisationRoles, roles, scopeOf, type Role } from '../../platform/rbac.ts'
import { invite } from './account-links.service.ts'
import type { AccountsDeps } from './accounts.service.ts'
import {
  accountsInScope,
  allOrganisations,
  completedReviews,
  completeReview,
  deactivate,
  decide,
  resetAuthenticator,
  reviewInProgress,
  setRoles,
} from './admin.service.ts'
import { AccessReviewPage, InvitePage, UsersPage } from './views/admin.tsx'

const UsersQuery = z.object({ invited: z.literal('1').optional() })
const UserAction = z.object({ userId: z.uuid() })
const RolesForm = z.object({
  userId: z.uuid(),
  roles: z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(z.enum(roles))),
})
const Decision = z.object({ userId: z.uuid(), decision: z.enum(['confirmed', 'revoked']) })
const InviteForm = z.object({
  name: z.string().trim().min(1, { error: 'accounts.errors.nameRequired' }).max(200, { error: 'accounts.errors.nameRequired' }),
  email: z.email({ error: 'accounts.errors.emailInvalid' }).max(254, { error: 'accounts.errors.emailInvalid' }),
  organisationId: z.uuid({ error: 'admin.errors.organisation' }),
  roles: z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(z.enum(roles)).min(1, { error: 'admin.errors.roles' })),
})

/** Managing accounts: the list, invitations, leavers, lost authenticators and the periodic access review (policy 3.5). */
export async function adminRoutes(app: FastifyInstance, deps: Deps, accounts: AccountsDeps) {
  const page = (req: FastifyRequest) => pageContext(req)
  const grantable = (req: FastifyRequest): readonly Role[] =>
    scopeOf(req.actor, 'users.manage') === 'all' ? roles : organisationRoles
  const organisationOptions = async (req: FastifyRequest) => {
    const all = await allOrganisations(deps.db)
    const mine = scopeOf(req.actor, 'users.manage') === 'all' ? all : all.filter((o) => o.id === req.actor!.organisationId)
    return mine.map((o) => ({ value: o.id, label: req.locale === 'ur' ? o.nameUr : o.nameEn }))
  }

  app.get('/admin/users', { config: { access: 'users.manage' }, schema: { querystring: UsersQuery } }, async (req, reply) => {
    const view = (
      <UsersPage
        ctx={page(req)}
        csrf={reply.generateCsrf()}
        accounts={await accountsInScope(deps.db, req.actor!, 'users.manage')}
        canResetMfa={scopeOf(req.actor, 'users.reset_mfa') !== null}
        grantable={grantable(req)}
        selfId={req.actor!.id}
        notice={(req.query as z.infer<typeof UsersQuery>).invited ? req.t('admin.invite.sent') : undefined}
      />
    )
    return sendPage(reply.header('cache-control', 'no-store'), view)
  })

  app.get('/admin/users/invite', { config: { access: 'users.manage' } }, async (req, reply) =>
    sendPage(
      reply,
      <InvitePage
        ctx={page(req)}
        csrf={reply.generateCsrf()}
        organisations={await organisationOptions(req)}
        grantable={grantable(req)}
        values={{ organisationId: req.actor!.organisationId }}
        errors={{}}
      />,
    ),
  )

  app.post('/admin/users/invite', { config: { access: 'users.manage' } }, async (req, reply) => {
    const parsed = parseForm(InviteForm, req.body)
    if (!parsed.ok) {
      const values = (req.body ?? {}) as Record<string, unknown>
      return sendPage(
        reply,
        <InvitePage
          ctx={page(req)}
          csrf={reply.generateCsrf()}
          organisations={await organisationOptions(req)}
          grantable={grantable(req)}
          values={values}
          errors={parsed.errors}
        />,
        400,
      )
    }
    await invite(accounts, req.actor!, parsed.data, { publicUrl: deps.config.publicUrl, locale: req.locale })
    return reply.redirect(`${page(req).href('/admin/users')}?invited=1`, 303)
  })

  app.post(
    '/admin/users/deactivate',
    { config: { access: 'users.manage' }, schema: { body: UserAction } },
    async (req, reply) => {
      await deactivate(accounts, req.actor!, (req.body as z.infer<typeof UserAction>).userId)
      return reply.redirect(page(req).href('/admin/users'), 303)
    },
  )

  app.post('/admin/users/roles', { config: { access: 'users.manage' }, schema: { body: RolesForm } }, async (req, reply) => {
    const { userId, roles: wanted } = req.body as z.infer<typeof RolesForm>
    await setRoles(accounts, req.actor!, userId, wanted)
    return reply.redirect(page(req).href('/admin/users'), 303)
  })

  app.post(
    '/admin/users/reset-mfa',
    { config: { access: 'users.reset_mfa' }, schema: { body: UserAction } },
    async (req, reply) => {
      await resetAuthenticator(accounts, req.actor!, (req.body as z.infer<typeof UserAction>).userId)
      return reply.redirect(page(req).href('/admin/users'), 303)
    },
  )

  app.get('/admin/access-review', { config: { access: 'access_review.perform' } }, async (req, reply) => {
    const { review, decisions, toReview, pending } = await reviewInProgress(accounts, req.actor!)
    const history = (await completedReviews(deps.db, review.organisationId)).map((h) => ({
      startedAt: h.review.startedAt,
      completedAt: h.review.completedAt,
      reviewer: h.reviewer,
    }))
    const view = (
      <AccessReviewPage
        ctx={page(req)}
        csrf={reply.generateCsrf()}
        accounts={toReview}
        decisions={decisions}
        pending={pending}
        startedAt={review.startedAt}
        history={history}
      />
    )
    return sendPage(reply.header('cache-control', 'no-store'), view)
  })

  app.post(
    '/admin/access-review/decide',
    { config: { access: 'access_review.perform' }, schema: { body: Decision } },
    async (req, reply) => {
      const { userId, decision } = req.body as z.infer<typeof Decision>
      await decide(accounts, req.actor!, userId, decision)
      return reply.redirect(page(req).href('/admin/access-review'), 303)
    },
  )

  app.post('/admin/access-review/complete', { config: { access: 'access_review.perform' } }, async (req, reply) => {
    await completeReview(accounts, req.actor!)
    return reply.redirect(page(req).href('/admin/access-review'), 303)
  })
}
