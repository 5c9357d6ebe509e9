import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { Db } from '../../db/engine.ts'
import { roles } from '../../platform/rbac.ts'
import * as repo from './accounts.repository.ts'
import { organisationTypes, provinces } from './accounts.vocabulary.ts'
import { createAccount, type AccountsDeps } from './accounts.service.ts'

const Organisation = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  nameEn: z.string().min(1),
  nameUr: z.string().min(1),
  type: z.enum(organisationTypes),
  province: z.enum(provinces),
  parent: z.string().optional(),
})
const File = z.object({
  source: z.string(),
  organisations: z.array(Organisation),
  demo: z.object({
    organisations: z.array(Organisation),
    password: z.string().min(12),
    accounts: z.array(
      z.object({ email: z.email(), name: z.string(), organisation: z.string(), roles: z.array(z.enum(roles)).min(1) }),
    ),
  }),
})

const data = () => File.parse(JSON.parse(readFileSync(new URL('./data/organisations.json', import.meta.url), 'utf8')))

async function upsertOrganisations(db: Db, list: z.infer<typeof Organisation>[]) {
  for (const o of list) {
    const parentId = o.parent ? (await repo.findOrganisationBySlug(db, o.parent))?.id : null
    await repo.upsertOrganisation(db, {
      slug: o.slug,
      nameEn: o.nameEn,
      nameUr: o.nameUr,
      type: o.type,
      province: o.province,
      parentId,
    })
  }
  return list.length
}

/** How many demo accounts there are: one per role. */
export const demoAccountCount = () => data().demo.accounts.length

/** The policy's institutions; parents come first in the file. */
export const seedOrganisations = (db: Db) => upsertOrganisations(db, data().organisations)

/**
 * One account per role, for trying Mizan. Never on a production server: the caller decides, and the
 * accounts must still enrol an authenticator at first sign-in.
 */
export async function seedDemoAccounts(deps: AccountsDeps): Promise<number> {
  const demo = data().demo
  await upsertOrganisations(deps.db, demo.organisations)
  for (const a of demo.accounts) {
    if (await repo.findUserByEmail(deps.db, a.email)) continue
    const org = await repo.findOrganisationBySlug(deps.db, a.organisation)
    await createAccount(
      deps,
      { kind: 'system', name: 'seed' },
      { email: a.email, name: a.name, organisationId: org?.id ?? null, roles: a.roles, password: demo.password, demo: true },
    )
  }
  return demo.accounts.length
}
